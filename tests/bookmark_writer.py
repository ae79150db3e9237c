"""A bookmark-writing process for tests/test_bookmarks.py (run as a script, never imported by
pytest's collection).

    bookmark_writer.py write FILE PREFIX COUNT   load, print "ready", wait for a line on stdin,
                                                 then add PREFIX00000.. after the ones already
                                                 there, printing "ack N" after each finished save
    bookmark_writer.py forker FILE PREFIX        for each "go" line on stdin, fork a child that
                                                 writes (as above) until it is killed; prints
                                                 "pid N" at once and "dead N" once it is reaped

The forker exists so that a test can kill writers many times without paying for a new Python
start each time: forking an idle, single-threaded process takes about a millisecond.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from viewer.bookmarks import BookmarkStore


def say(line: str) -> None:
    """One line in one write: print() writes the text and the newline apart when output is
    unbuffered (PYTHONUNBUFFERED), and a writer killed between the two would leave half a line."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def expected_note(number: int) -> str:
    """Long enough (and multi-line) that a write takes a while; different for every entry."""
    return f"note {number}\n" + "第二行 line two, 代金券 " * (number % 7) + f"\nend {number}"


def write(path: Path, prefix: str, count: int | None) -> None:
    store = BookmarkStore(path).load()
    if count is not None:  # start together with the other writers
        say("ready")
        sys.stdin.readline()
    number = len([b for b in store.bookmarks() if b.article.startswith(prefix)])
    stop = None if count is None else number + count
    while stop is None or number < stop:
        store.add(f"{prefix}{number:05d}", f"Title {number}", note=expected_note(number))
        say(f"ack {number}")
        number += 1


def forker(path: Path, prefix: str) -> None:
    for line in sys.stdin:
        if line.strip() != "go":
            continue
        started, start = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(start)
                os.read(started, 1)  # not before "pid N" is out: acks must come after it
                write(path, prefix, None)
            finally:
                os._exit(0)
        os.close(started)
        say(f"pid {pid}")
        try:
            os.write(start, b"!")
        except BrokenPipeError:
            pass  # killed already, before it got going
        os.close(start)
        os.waitpid(pid, 0)
        say(f"dead {pid}")


if __name__ == "__main__":
    mode, file, prefix = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    if mode == "write":
        write(file, prefix, int(sys.argv[4]))
    else:
        forker(file, prefix)
