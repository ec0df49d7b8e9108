"""The audit log as the desk reads it: an index of where every line and each case's lines
lie, kept up to date as the log grows (it is only ever appended to), and the chain's
verification, redone when the log has changed, in the background for the case pages."""

from __future__ import annotations

import json
import re
import threading
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from oss_assist.audit import ChainReport, verify
from oss_assist.errors import InputError

#: A log bigger than this is verified in a separate process.
VERIFY_APART_ABOVE = 1 << 20
_CASE_ID = re.compile(rb'"case_id"\s*:\s*"([^"\\]{1,80})"')


@dataclass
class _Index:
    size: int = 0
    #: byte offset of every whole line, in order (line n starts at offsets[n - 1])
    offsets: array[int] = field(default_factory=lambda: array("q"))
    #: case id -> its line numbers
    by_case: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
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
        self._state_lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._pool: Any = None

    def _size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return -1

    def _refresh(self) -> _Index:
        """Read what was appended since the last look (everything, if the file was
        replaced or cut short). Called with ``_lock`` held."""
        size = self._size()
        if size < 0:
            self._index = _Index()
            return self._index
        index = self._index
        with self.path.open("rb") as f:
            head = f.read(64)
            if size < index.size or not head.startswith(index.first_bytes):
                index = _Index()
            if size == index.size:
                return index
            f.seek(index.size)
            offset = index.size
            for raw in f:
                if not raw.endswith(b"\n"):
                    break  # being written; taken next time
                index.offsets.append(offset)
                found = _CASE_ID.search(raw)
                if found:
                    index.by_case[found.group(1).decode("utf-8", "replace")].append(
                        len(index.offsets))
                offset += len(raw)
            index.size, index.first_bytes = offset, head
        self._index = index
        return index

    def _read(self, numbers: list[int]) -> Iterator[tuple[int, dict[str, Any] | None]]:
        with self._lock:
            index = self._index
            where = [(n, index.offsets[n - 1],
                      (index.offsets[n] if n < len(index.offsets) else index.size)
                      - index.offsets[n - 1]) for n in numbers]
        with self.path.open("rb") as f:
            for no, offset, length in where:
                f.seek(offset)
                try:
                    record = json.loads(f.read(length))
                except ValueError:
                    record = None
                yield no, record if isinstance(record, dict) else None

    def case_events(self, case_id: str) -> list[tuple[int, dict[str, Any]]]:
        """The case's readable lines, oldest first, with their line numbers."""
        with self._lock:
            numbers = list(self._refresh().by_case.get(case_id, ()))
        return [(no, r) for no, r in self._read(numbers) if r is not None]

    def newest(self, keep: Callable[[dict[str, Any] | None], bool], limit: int
               ) -> list[tuple[int, dict[str, Any] | None]]:
        """The newest ``limit`` lines that ``keep`` accepts, newest first."""
        with self._lock:
            total = len(self._refresh().offsets)
        out: list[tuple[int, dict[str, Any] | None]] = []
        end = total
        while end > 0 and len(out) < limit:
            start = max(end - 500, 0)
            batch = list(self._read(list(range(start + 1, end + 1))))
            out += [(no, r) for no, r in reversed(batch) if keep(r)]
            end = start
        return out[:limit]

    def events(self) -> set[str]:
        """The event names of the newest lines (for the audit page's filter)."""
        return {str(r.get("event")) for _, r in self.newest(lambda r: r is not None, 2000)
                if r is not None}

    def chain(self, now: datetime) -> ChainState:
        """The chain verified now (again only if the log changed since the last time)."""
        size = self._size()
        with self._chain_lock:
            cached = self._chain
            if cached is None or cached.size != size:
                cached = ChainState(self._verify(), now, size)
                self._chain = cached
            return cached

    def chain_soon(self, now: datetime, wait: float = 0.0) -> ChainState | None:
        """The last verification; when the log has changed since, it is verified again in
        the background, waited for at most ``wait`` seconds (a case page never waits for
        a whole log: it shows the last verdict and the line it reached)."""
        cached = self._chain
        if cached is not None and cached.size == self._size():
            return cached
        with self._state_lock:
            worker = self._worker
            if worker is None or not worker.is_alive():
                worker = threading.Thread(target=self.chain, args=(now,), daemon=True,
                                          name="oss-audit-verify")
                worker.start()
                self._worker = worker
        worker.join(timeout=wait)
        return self._chain

    def warm(self, now: datetime) -> None:
        """Index the log and verify the chain in the background, at start-up."""
        def work() -> None:
            with self._lock:
                self._refresh()
            self.chain_soon(now)

        threading.Thread(target=work, daemon=True, name="oss-audit-index").start()

    def _verify(self) -> ChainReport:
        """``audit.verify``; a big log in a process of its own, where its pure-Python work
        cannot hold back the pages being served meanwhile (the GIL)."""
        if self._size() < VERIFY_APART_ABOVE:
            return _verified(self.path)
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=1,
                                             mp_context=multiprocessing.get_context("spawn"))
        report: ChainReport = self._pool.submit(_verified, self.path).result()
        return report


def _verified(path: Path) -> ChainReport:
    try:
        return verify(path)
    except (InputError, OSError):
        return ChainReport(path=path, lines=0, problems=(), notes=(), head_seq=0,
                           head_hash="")
