"""Benchmark: ``flow probe`` of every page of the bundled flows on the sandbox, as an
operator runs it before the first applicant of the day: logged in with an account whose
application is under way, so the application's pages are reached too. Prints figures; it
is not a test. Headless Chromium; the default fault profile, then ``drift``.

    .venv/bin/python benchmarks/bench_probe.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oss_assist.browser import launch, require_browser  # noqa: E402
from oss_assist.flows.loader import load_flow  # noqa: E402
from oss_assist.runner.probe import Probe  # noqa: E402
from oss_assist.sandbox import Sandbox, practice  # noqa: E402
from oss_assist.sandbox.state import TrainingAccount  # noqa: E402

ACCOUNT = TrainingAccount(nik="3508205204820001", email="siti.aminah@example.com",
                          phone="81200000001", password="Rahasia#2026",  # noqa: S106 (the sandbox's training account)
                          address="Dusun Krajan", daerah_id="3508202001")
FLOWS = [load_flow(ROOT / "flows" / f"{n}.yaml") for n in ("registrasi", "masuk", "nib-umk")]


def probe_once(browser: Any, sandbox: Sandbox) -> Any:
    sandbox.reset()
    account = sandbox.state.add_account(ACCOUNT)
    project = practice.prepare(sandbox.state, account, "investasi")

    def login(p: Any) -> None:
        p.goto(sandbox.urls["login"] + "/login")
        p.get_by_placeholder("atau email").fill(ACCOUNT.email)
        p.get_by_placeholder("Masukkan kata sandi").fill(ACCOUNT.password)
        p.get_by_role("button", name="Masuk", exact=True).click()
        p.get_by_test_id("top-menus").wait_for()

    context = browser.new_context()
    try:
        facts = {"id_proyek": project.id_proyek, "id_proyek_lokasi": project.id_proyek_lokasi}
        return Probe(context.new_page(), sandbox.urls, facts=facts, login=login).run(FLOWS)
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
