"""Benchmark: ``flow probe`` of every page of the bundled flows on the sandbox, as an
operator runs it before the first applicant of the day: logged in with an account whose
application is under way, so the application's pages are reached too. Prints figures; it
is not a test. Headless Chromium; the default fault profile, then ``drift``.

    .venv/bin/python benchmarks/bench_probe.py [--runs N]
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oss_assist.browser import launch, require_browser  # noqa: E402
from oss_assist.sandbox import Sandbox  # noqa: E402


def probe_once(browser: Any, sandbox: Sandbox) -> Any:
    """The probe test's walk: logged in with a training account whose application is at
    the investment page (the test's own helper, so both probe the same pages)."""
    probe_as_operator = importlib.import_module("tests.runner.test_probe").probe_as_operator
    sandbox.reset()
    context = browser.new_context()
    try:
        return probe_as_operator(context.new_page(), sandbox)
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with Sandbox() as sandbox, sync_playwright() as p:
        browser = launch(p, require_browser(), headless=True)
        for faults in ("none", "drift"):
            sandbox.set_faults(faults, seed=11) if faults == "drift" else None
            walls: list[float] = []
            report = None
            for _ in range(args.runs):
                started = time.perf_counter()
                report = probe_once(browser, sandbox)
                walls.append(time.perf_counter() - started)
            assert report is not None
            counts = {s: sum(r.status == s for r in report.rows)
                      for s in sorted({r.status for r in report.rows})}
            print(f"{faults}: {len(report.pages)} pages, median {statistics.median(walls):.1f} s "
                  f"(all {[round(w, 1) for w in walls]}; target < 30 s), exit code "
                  f"{report.exit_code}, {counts}")
        browser.close()


if __name__ == "__main__":
    main()
