"""One writer at a time on a file: ``flock`` on POSIX, ``msvcrt.locking`` on Windows.

A lock is held on an open descriptor and released by ``unlock`` (or, on POSIX, by closing
it). ``wait=False`` raises ``BlockingIOError`` when someone else holds the lock.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys


def lock(fd: int, *, wait: bool = True, platform: str = sys.platform) -> None:
    """Take the file's exclusive lock, waiting for it unless ``wait`` is False."""
    if platform == "win32":
        msvcrt = importlib.import_module("msvcrt")
        mode = msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK
        while True:
            # Windows locks byte ranges from the current offset: always the first byte
            # (writes with O_APPEND still go to the end)
            os.lseek(fd, 0, os.SEEK_SET)
            try:
                msvcrt.locking(fd, mode, 1)
                return
            except OSError as exc:
                if not wait:
                    raise BlockingIOError(*exc.args) from exc
                # LK_LOCK gives up after ten tries a second apart: keep waiting
    else:
        fcntl = importlib.import_module("fcntl")
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))


def unlock(fd: int, *, platform: str = sys.platform) -> None:
    """Release the lock taken by ``lock`` (closing the file does it too on POSIX)."""
    with contextlib.suppress(OSError):
        if platform == "win32":
            msvcrt = importlib.import_module("msvcrt")
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            fcntl = importlib.import_module("fcntl")
            fcntl.flock(fd, fcntl.LOCK_UN)
