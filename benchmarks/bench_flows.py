"""Benchmark: one applicant from registration to NIB, the engine beside a plain script.

Prints figures; it is not a test. Headless Chromium, the sandbox at the default fault
profile. The baseline is the fidelity test's plain Playwright walk (same portal, locators
taken straight from oss-portal.md, no engine) taking the same evidence at the same points
as the flows do: a full-page screenshot with the secret fields masked, hashed with SHA-256
and written to a 0600 file. Also counts the operator's actions by kind.

The machine is shared and its load changes within a minute, so the two are compared in
pairs run back to back (which runs first alternates): the ratio given is the median of the
pairs' ratios, beside the best run of each.

    .venv/bin/python benchmarks/bench_flows.py [--runs N]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oss_assist.audit import read_events  # noqa: E402
from oss_assist.browser import launch, require_browser  # noqa: E402
from oss_assist.evidence import read_manifest  # noqa: E402
from oss_assist.runner.case_run import run_case  # noqa: E402
from oss_assist.runner.operator import ScriptedOperator  # noqa: E402
from oss_assist.sandbox import Sandbox  # noqa: E402
from oss_assist.settings import load_settings  # noqa: E402

PROFILE = ROOT / "profiles" / "siti-aminah-warung.yaml"
#: The secret fields of flows/_portal.yaml, as the plain script masks them.
SECRET_CSS = ["input[type=password]", ".otp-input2", "input[name*=captcha i]"]


def plain_walk() -> Any:
    """The fidelity test's walk (imported as the test package's module it is)."""
    return importlib.import_module("tests.sandbox.test_fidelity").walk


def evidence_taker(folder: Path, secret: list[str]) -> tuple[Any, list[str]]:
    """What the plain script does for evidence at each point: screenshot, hash, file."""
    names: list[str] = []

    def shot(page: Any) -> None:
        page.evaluate("() => window.scrollTo(0, 0)")
        png = page.screenshot(full_page=True, animations="disabled",
                              mask=[page.locator(css) for css in secret])
        name = f"{len(names) + 1:03d}.png"
        digest = hashlib.sha256(png).hexdigest()
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(png)
        names.append(f"{name} {digest}")

    return shot, names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    walk = plain_walk()
    engine_s: list[float] = []
    plain_s: list[float] = []
    kinds: Counter[str] = Counter()
    shots = plain_shots = 0
    evidence_bytes = 0
    with Sandbox() as sandbox, sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = launch(p, require_browser(), headless=True)
        urls = {f"{r}_url": u for r, u in sandbox.urls.items() if r != "mail"}

        def engine_run(run: int) -> None:
            nonlocal shots, evidence_bytes, kinds
            sandbox.reset()
            archive = Path(tmp) / f"run{run}"
            settings = load_settings(**urls, archive_dir=archive,
                                     audit_log=archive / "audit.jsonl", headless=True)
            context = browser.new_context()
            operator = ScriptedOperator(sandbox.urls["mail"], sandbox.urls["login"])
            started = time.perf_counter()
            result = run_case(PROFILE, settings=settings, operator=operator,
                              flows_dir=ROOT / "flows", page=context.new_page())
            engine_s.append(time.perf_counter() - started)
            context.close()
            assert result.nib, "the engine did not reach an NIB"
            files = read_manifest(result.evidence_dir).files
            shots = sum(f.name.endswith(".png") for f in files)
            evidence_bytes = sum(f.size for f in files)
            if run == 0:
                kinds = Counter(
                    e["kind"] for _, e in read_events(settings.audit_log)
                    if e["event"] == "operator_decision"
                )

        def plain_run(run: int) -> None:
            """The baseline: the plain script, keeping the same evidence at the same points."""
            nonlocal plain_shots
            sandbox.reset()
            context = browser.new_context(accept_downloads=True)
            page = context.new_page()
            folder = Path(tmp) / f"plain{run + 1}"
            folder.mkdir(mode=0o700)
            shot, taken = evidence_taker(folder, SECRET_CSS)
            started = time.perf_counter()
            outcome = walk(page, sandbox.urls, shot=shot)
            (folder / "nib.pdf").write_bytes(outcome["pdf"])
            plain_s.append(time.perf_counter() - started)
            plain_shots = len(taken)
            context.close()
            assert outcome["nib"], "the plain script did not reach an NIB"

        plain_run(-1)  # warm-up (the first browser context and page cost more): not counted
        plain_s.clear()
        for run in range(args.runs):
            for arm in ((engine_run, plain_run) if run % 2 == 0 else (plain_run, engine_run)):
                arm(run)
        browser.close()
    engine, plain = statistics.median(engine_s), statistics.median(plain_s)
    ratios = [e / p for e, p in zip(engine_s, plain_s, strict=True)]
    print(f"runs: {args.runs} pairs (all: engine {[round(s, 1) for s in engine_s]}, "
          f"plain {[round(s, 1) for s in plain_s]})")
    print(f"engine, registration to NIB with evidence: median {engine:.1f} s, best "
          f"{min(engine_s):.1f} s (target < 20 s)")
    print(f"plain Playwright script, same screenshots:  median {plain:.1f} s, best "
          f"{min(plain_s):.1f} s")
    print(f"engine / plain: {statistics.median(ratios):.2f}x, median of the pairs "
          f"{[round(r, 2) for r in ratios]} (target <= 1.25x); best / best "
          f"{min(engine_s) / min(plain_s):.2f}x")
    print(f"evidence: {shots} screenshots + NIB PDF, {evidence_bytes / 1024:.0f} KiB "
          f"(the plain script: {plain_shots} screenshots at the same points)")
    total = sum(kinds.values())
    detail = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    print(f"operator actions per applicant: {total} ({detail})")


if __name__ == "__main__":
    main()
