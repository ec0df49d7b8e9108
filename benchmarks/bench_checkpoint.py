"""Benchmark of signed checkpoints on a year's audit log (200,000 lines).

Run it with the project's Python: ``.venv/bin/python benchmarks/bench_checkpoint.py``.
It prints its figures and the target: ``close_previous_day`` when there is nothing to do
(the register calls it before every transition) well under 10 ms. The whole-log reads
(``last_checkpoint`` for the recap, ``verify_against``) are shown for scale.
It is not a test: it asserts nothing, so a slow shared machine never fails a build.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from oss_assist.audit import (
    close_previous_day,
    last_checkpoint,
    office_key,
    verify,
    verify_against,
    write_checkpoint,
)
from oss_assist.audit.chain import GENESIS, seal

WIB = ZoneInfo("Asia/Jakarta")
OFFICE = "Kecamatan Ranuyoso, Kabupaten Lumajang"


def make_log(path: Path, count: int, last_at: datetime) -> None:
    """``count`` sealed lines of ordinary events, one a minute, ending at ``last_at``."""
    prev = GENESIS
    start = last_at - timedelta(minutes=count - 1)
    with path.open("wb") as f:
        for seq in range(1, count + 1):
            at = (start + timedelta(minutes=seq - 1)).astimezone(UTC)
            record = {
                "ts": at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "level": "info",
                "event": "field_filled",
                "case_id": f"RNY-{seq % 997:010x}",
                "operator": "Budi Santoso",
                "office": OFFICE,
                "flow": "nib-umk",
                "step": f"isi-{seq % 40}",
                "field": f"kolom_{seq % 40}",
            }
            line, prev = seal(record, seq, prev)
            f.write(line)


def timed(label: str, runs: int, call: Callable[[], Any], target: str = "") -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    best, median = min(times) * 1000, statistics.median(times) * 1000
    suffix = f"   [target: {target}]" if target else ""
    print(f"{label}: best {best:.3f} ms, median {median:.3f} ms over {runs} runs{suffix}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=1000, help="runs of each cheap call")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="oss-assist-bench-"))
    try:
        log = folder / "audit.jsonl"
        today = datetime(2026, 11, 30, 10, 0, tzinfo=WIB)
        start = time.perf_counter()
        make_log(log, args.lines, today)
        print(
            f"made a log of {args.lines:,} lines ({log.stat().st_size / 1e6:.1f} MB) in "
            f"{time.perf_counter() - start:.1f} s (not counted)"
        )
        key = office_key(folder)
        timed("office_key (existing key)", args.runs, lambda: office_key(folder))
        now = today + timedelta(hours=1)
        timed(
            "close_previous_day, nothing to do (last entry today)",
            args.runs,
            lambda: close_previous_day(log, key, office=OFFICE, tz=WIB, now=now),
            "well under 10 ms",
        )
        tomorrow = today + timedelta(days=1)
        start = time.perf_counter()
        closed = close_previous_day(log, key, office=OFFICE, tz=WIB, now=tomorrow)
        print(
            f"close_previous_day, closing a day (signs and appends one fsynced line; the "
            f"first fsync also flushes the log just made): "
            f"{(time.perf_counter() - start) * 1000:.3f} ms"
        )
        assert closed is not None
        timed(
            "close_previous_day, nothing to do (last line a checkpoint)",
            args.runs,
            lambda: close_previous_day(log, key, office=OFFICE, tz=WIB, now=tomorrow),
            "well under 10 ms",
        )
        timed("write_checkpoint", 5, lambda: write_checkpoint(log, key, office=OFFICE))
        timed("last_checkpoint (reads the whole log)", 3, lambda: last_checkpoint(log))
        timed("verify alone (the chain check, for comparison)", 3, lambda: verify(log))
        timed(
            "verify_against (signature, verify, one scan for the covered entry)",
            3,
            lambda: verify_against(log, closed, key.public_key()),
        )
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
