"""The audit log as the desk reads it: an index of each case's lines, kept up to date as
the log grows (it is only ever appended to), and the chain's verification, redone when
the log has changed since."""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from oss_assist.audit import ChainReport, verify


@dataclass
class _Index:
    size: int = 0
    lines: int = 0
    #: case id -> (line number, byte offset, length) of each of its lines
    by_case: dict[str, list[tuple[int, int, int]]] = field(
        default_factory=lambda: defaultdict(list))
    first_bytes: bytes = b""


@dataclass(frozen=True)
class ChainState:
    """The chain's verification and when it was made."""

    report: ChainReport
    checked_at: datetime
    size: int  # the log's size when checked


class AuditLog:
    """One audit log file, read by many requests at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._index = _Index()
        self._chain: ChainState | None = None
        self._chain_lock = threading.Lock()

    def _refresh(self) -> _Index:
        """Read what was appended since the last look (everything, if the file was
        replaced or cut short)."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            self._index = _Index()
            return self._index
        index = self._index
        with self.path.open("rb") as f:
            head = f.read(256)
            if size < index.size or not head.startswith(index.first_bytes):
                index = _Index()
            if size == index.size:
                return index
            f.seek(index.size)
            offset, no = index.size, index.lines
            for raw in f:
                if not raw.endswith(b"\n"):
                    break  # being written; taken next time
                no += 1
                case = _case_of(raw)
                if case:
                    index.by_case[case].append((no, offset, len(raw)))
                offset += len(raw)
            index.size, index.lines = offset, no
            index.first_bytes = head[:64]
        self._index = index
        return index

    def case_events(self, case_id: str) -> list[tuple[int, dict[str, Any]]]:
        """The case's readable lines, oldest first, with their line numbers."""
        with self._lock:
            where = list(self._refresh().by_case.get(case_id, ()))
        out: list[tuple[int, dict[str, Any]]] = []
        if not where:
            return out
        with self.path.open("rb") as f:
            for no, offset, length in where:
                f.seek(offset)
                try:
                    record = json.loads(f.read(length))
                except ValueError:
                    continue
                if isinstance(record, dict):
                    out.append((no, record))
        return out

    def chain(self, now: datetime) -> ChainState:
        """The chain's last verification; verified again when the log has grown."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            size = -1
        with self._chain_lock:
            cached = self._chain
            if cached is None or cached.size != size:
                cached = ChainState(verify(self.path) if size >= 0 else _empty(self.path),
                                    now, size)
                self._chain = cached
            return cached


def _case_of(raw: bytes) -> str:
    try:
        record = json.loads(raw)
    except ValueError:
        return ""
    return str(record.get("case_id") or "") if isinstance(record, dict) else ""


def _empty(path: Path) -> ChainReport:
    return ChainReport(path=path, lines=0, problems=(), notes=(), head_seq=0, head_hash="")
