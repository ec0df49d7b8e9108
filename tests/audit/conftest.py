"""Fixtures for the audit-log tests: logs written through the real logger."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pytest

from oss_assist.audit import Event, audit_logger


class MakeLog(Protocol):
    def __call__(self, count: int, *, name: str = ..., case_id: str = ...) -> Path: ...


@pytest.fixture
def make_log(tmp_path: Path) -> MakeLog:
    """Write a log of ``count`` ordinary events through the real logger; return its path."""

    def make(count: int, *, name: str = "audit.jsonl", case_id: str = "RNY-0a1b2c3d4e") -> Path:
        path = tmp_path / "arsip" / name
        log = audit_logger(path, case_id=case_id, operator="Budi Santoso", office="Ranuyoso")
        for i in range(count):
            log.info(Event.FIELD_FILLED, flow="nib-umk", step=f"isi-{i}", field=f"kolom_{i}")
        return path

    return make
