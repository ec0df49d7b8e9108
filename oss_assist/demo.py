"""The main job, end to end, against the bundled sandbox portal with a scripted operator."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from oss_assist.browser import case_page, open_browser
from oss_assist.i18n import Lang
from oss_assist.runner.case_run import CaseResult, run_case
from oss_assist.settings import Settings, load_settings


@dataclass
class DemoReport:
    results: list[CaseResult]
    archive_dir: Path
    audit_log: Path
    audit_lines: int
    audit_intact: bool
    seconds: float


def demo_archive(base: Path) -> Path:
    """A fresh folder for this demo run, so a second run starts clean."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder = base / f"demo-{stamp}"
    n = 1
    while folder.exists():
        n += 1
        folder = base / f"demo-{stamp}-{n}"
    return folder


def run_demo(
    profiles: list[Path],
    *,
    flows_dir: Path,
    faults: str = "none",
    seed: int = 0,
    headless: bool = True,
    archive_base: Path | None = None,
    progress: Callable[[str], None] = print,
    settings: Settings | None = None,
) -> DemoReport:
    """Start the sandbox and take every profile from registration to an issued NIB."""
    from oss_assist.audit import read_events, verify
    from oss_assist.runner.operator import ScriptedOperator
    from oss_assist.sandbox import Sandbox

    base = settings or load_settings()
    archive = demo_archive(archive_base or base.archive_dir)
    started = time.perf_counter()
    results: list[CaseResult] = []
    with Sandbox(faults=faults, seed=seed) as sandbox:
        urls = {f"{role}_url": url for role, url in sandbox.urls.items() if role != "mail"}
        settings = base.model_copy(update={
            **urls, "archive_dir": archive, "audit_log": archive / "audit.jsonl",
            "headless": headless,
        })
        operator = ScriptedOperator(sandbox.urls["mail"], sandbox.urls["login"])
        progress(f"sandbox: {sandbox.urls['portal']} (faults: {faults}, seed: {seed})")
        with open_browser(settings.browser_path, headless=headless,
                          slow_mo_ms=settings.slow_mo_ms) as browser:
            for path in profiles:
                page = case_page(browser, settings.step_timeout_s)
                try:
                    result = run_case(path, settings=settings, operator=operator,
                                      flows_dir=flows_dir, page=page)
                finally:
                    page.context.close()
                results.append(result)
                progress(f"  {path.name}: NIB {result.nib or '-'} ({result.seconds:.1f} s)")
    report = verify(settings.audit_log)
    lines = sum(1 for _ in read_events(settings.audit_log))
    return DemoReport(results, archive, settings.audit_log, lines, report.intact,
                      time.perf_counter() - started)


def format_report(report: DemoReport, lang: Lang) -> str:
    """The demo's table: applicant (masked), NIB, time, operator actions, evidence folder."""
    head = (("Pemohon", "NIB", "Waktu", "Aksi operator", "Folder bukti") if lang == "id"
            else ("Applicant", "NIB", "Time", "Operator actions", "Evidence folder"))
    rows = [(r.applicant, r.nib or "-", f"{r.seconds:.1f} s", str(r.operator_actions),
             str(r.evidence_dir)) for r in report.results]
    widths = [max(len(head[i]), *(len(row[i]) for row in rows)) for i in range(5)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*head), line.format(*("-" * w for w in widths))]
    out += [line.format(*row) for row in rows]
    state = ("utuh" if lang == "id" else "intact") if report.audit_intact else "RUSAK/TAMPERED"
    out.append("")
    out.append(("Log audit: {p} ({n} baris, {s}); total {t:.1f} s" if lang == "id" else
                "Audit log: {p} ({n} lines, {s}); total {t:.1f} s").format(
                    p=report.audit_log, n=report.audit_lines, s=state, t=report.seconds))
    return "\n".join(out)
