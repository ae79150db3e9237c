"""glibc malloc settings for a process that searches for hours.

Searching makes and frees many blocks of tens to hundreds of KB (decoded postings, score arrays,
answers as plain text). glibc serves blocks from 128 KB up with ``mmap``, each returned whole to
the system when freed, but it raises that threshold to the size of every such block freed (up
to 32 MB). After that, large blocks are cut from the heap, and the holes they leave between
longer-lived blocks kept the window's memory growing for the first few thousand searches
(bench/memory.py). Setting the threshold also stops glibc from moving it; the trim threshold
is held too, because glibc serves a large block from the free top of its heap before it
considers ``mmap``, and gives that top back only above the trim threshold.

Called when the search engine opens, on a worker thread: importing ``ctypes`` took 1.4 ms, and
the first paint does not wait for it there. Elsewhere than Linux with glibc this does nothing.
"""
from __future__ import annotations

import sys

# mallopt's parameter numbers (glibc's malloc.h) and glibc's own defaults, kept from now on
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
THRESHOLD = 128 * 1024


def hold_malloc_thresholds() -> bool:
    """True if glibc now serves blocks of ``THRESHOLD`` or more with ``mmap``, and gives back
    free space above that at the top of the heap (which it would use first)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's C library
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, THRESHOLD))
