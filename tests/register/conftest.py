"""Fixtures for the register's tests: a register on SQLite and on PostgreSQL, with a clock
the test moves, and copies of the example profiles."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from oss_assist.register import Register, open_register
from oss_assist.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "profiles"
COUNTER = "Petugas Loket Satu"
HEAD = "Kasi Pelayanan"
OPERATOR = "Operator Dua"
SECRETARIAT = "Sekretariat Tiga"


class Clock:
    """A clock the test sets and moves; starts on a Monday, 09:00 WIB."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    """A writable copy of the example profiles and their documents."""
    target = tmp_path / "profiles"
    shutil.copytree(EXAMPLES, target)
    return target


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    archive = tmp_path / "arsip"
    return load_settings(archive_dir=archive, audit_log=archive / "audit.jsonl",
                         database_url=database_url, operator_name=OPERATOR)


@pytest.fixture
def register(settings: Settings, clock: Clock) -> Register:
    return open_register(settings, clock=clock)


MakeRegister = Callable[..., Register]
