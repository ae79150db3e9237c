import ctypes
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from viewer import allocator

ROOT = Path(__file__).resolve().parent.parent

# In a fresh process: free a 4 MB block (glibc then raises its mmap threshold to 4 MB), and see
# whether a 1 MB block is served by mmap before and after fixing the thresholds. The first one
# is cut from the heap, and glibc serves from the heap's free top while it can: the next free
# after fixing gives that top back.
PROBE = """
import ctypes, sys
sys.path.insert(0, sys.argv[1])
class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = MallInfo2
def mapped_by(size):
    before = libc.mallinfo2().hblkhd
    block = bytearray(size)
    return libc.mallinfo2().hblkhd - before >= size
big = bytearray(4 << 20)
del big
from viewer import allocator
print(mapped_by(1 << 20), end=" ")
print(allocator.hold_malloc_thresholds(), end=" ")
small = bytearray(100 << 10)
del small
print(mapped_by(1 << 20))
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc" or not hasattr(ctypes.CDLL(None), "mallinfo2"),
                    reason="glibc's malloc only")
def test_large_blocks_are_mapped_again_once_the_threshold_is_fixed():
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True", "True"]


def test_elsewhere_it_does_nothing(monkeypatch):
    monkeypatch.setattr(allocator.sys, "platform", "win32")
    assert allocator.hold_malloc_thresholds() is False
