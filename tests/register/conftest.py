"""Fixtures for the register's tests: a register on SQLite and on PostgreSQL, on the clock
the test moves (``clock`` and ``profiles`` are the suite's, in ``tests/conftest.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from oss_assist.register import Register, open_register
from oss_assist.settings import Settings, load_settings
from tests.clocks import Clock

COUNTER = "Petugas Loket Satu"
HEAD = "Kasi Pelayanan"
OPERATOR = "Operator Dua"
SECRETARIAT = "Sekretariat Tiga"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    archive = tmp_path / "arsip"
    return load_settings(archive_dir=archive, audit_log=archive / "audit.jsonl",
                         database_url=database_url, operator_name=OPERATOR)


@pytest.fixture
def register(settings: Settings, clock: Clock) -> Register:
    return open_register(settings, clock=clock)

