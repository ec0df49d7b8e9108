"""One writer at a time on POSIX and on Windows (the Windows branch with a stand-in for
``msvcrt`` that behaves as Windows does: a locked byte refuses a second lock)."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import pytest

from oss_assist.filelock import lock, unlock


class FakeMsvcrt(types.ModuleType):
    LK_UNLCK, LK_LOCK, LK_NBLCK = 0, 1, 2

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.held: dict[int, int] = {}  # locked offset -> descriptor
        self.calls: list[tuple[int, int, int, int]] = []
        self.busy_tries = 0

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        offset = os.lseek(fd, 0, os.SEEK_CUR)
        self.calls.append((fd, mode, nbytes, offset))
        if mode == self.LK_UNLCK:
            self.held.pop(offset, None)
            return
        if self.busy_tries:
            self.busy_tries -= 1
            raise OSError(36, "Resource deadlock avoided")
        if offset in self.held and self.held[offset] != fd:
            raise OSError(13, "Permission denied")
        self.held[offset] = fd


@pytest.fixture
def msvcrt(monkeypatch: pytest.MonkeyPatch) -> FakeMsvcrt:
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    return fake


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)


def test_windows_locks_the_first_byte_whatever_the_offset(msvcrt: FakeMsvcrt,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_bytes(b"x" * 100)
    a, b = _open(path), _open(path)
    try:
        os.lseek(a, 50, os.SEEK_SET)
        lock(a, platform="win32")
        assert msvcrt.calls[-1] == (a, FakeMsvcrt.LK_LOCK, 1, 0)
        with pytest.raises(BlockingIOError):
            lock(b, wait=False, platform="win32")
        unlock(a, platform="win32")
        lock(b, wait=False, platform="win32")
        assert msvcrt.held == {0: b}
    finally:
        os.close(a)
        os.close(b)


def test_windows_keeps_waiting_after_lk_lock_gives_up(msvcrt: FakeMsvcrt,
                                                      tmp_path: Path) -> None:
    fd = _open(tmp_path / "audit.jsonl")
    try:
        msvcrt.busy_tries = 2  # LK_LOCK gave up twice (ten seconds each on Windows)
        lock(fd, platform="win32")
        assert msvcrt.held == {0: fd} and len(msvcrt.calls) == 3
    finally:
        os.close(fd)


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")
def test_posix_refuses_a_second_holder(tmp_path: Path) -> None:
    path = tmp_path / "case.lock"
    a, b = _open(path), _open(path)
    try:
        lock(a)
        with pytest.raises(BlockingIOError):
            lock(b, wait=False)
        unlock(a)
        lock(b, wait=False)
    finally:
        os.close(a)
        os.close(b)
