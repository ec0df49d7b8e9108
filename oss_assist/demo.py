"""The main job, end to end, against the bundled sandbox portal: the ten steps of the
office's procedure for every example applicant, with a scripted counter officer, section
head, operator and secretariat (each named as such in the audit log), ending with the
month's recap."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from oss_assist.browser import case_page, open_browser
from oss_assist.i18n import Lang, Text
from oss_assist.runner.case_run import CaseResult
from oss_assist.settings import Settings, load_settings

#: The scripted people of the demo, as the register and the audit log name them.
DEMO_COUNTER = "Petugas Loket (skrip demo)"
DEMO_HEAD = "Kepala Seksi (skrip demo)"
DEMO_SECRETARIAT = "Sekretariat (skrip demo)"


@dataclass
class DemoReport:
    results: list[CaseResult]
    archive_dir: Path
    audit_log: Path
    audit_lines: int
    audit_intact: bool
    seconds: float
    #: per applicant: the case number and its SLA state after hand-over
    cases: list[tuple[str, str]]
    register_consistent: bool
    recap_files: list[Path]
    recap_summary: str


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
    from oss_assist.register import archive as archive_case
    from oss_assist.register import hand_over, open_register, receive, validate
    from oss_assist.register.consistency import verify_register
    from oss_assist.register.work import run_registered
    from oss_assist.runner.operator import ScriptedOperator
    from oss_assist.sandbox import Sandbox

    base = settings or load_settings()
    archive = demo_archive(archive_base or base.archive_dir)
    started = time.perf_counter()
    results: list[CaseResult] = []
    cases: list[tuple[str, str]] = []
    with Sandbox(faults=faults, seed=seed) as sandbox:
        urls = {f"{role}_url": url for role, url in sandbox.urls.items() if role != "mail"}
        settings = base.model_copy(update={
            **urls, "archive_dir": archive, "audit_log": archive / "audit.jsonl",
            "headless": headless,
        })
        settings = settings.model_copy(update={"database_url": ""})
        register = open_register(settings)
        operator = ScriptedOperator(sandbox.urls["mail"], sandbox.urls["login"])
        progress(Text("sandbox: {u} (gangguan: {f}, seed: {s})",
                      "sandbox: {u} (faults: {f}, seed: {s})")
                 .format(u=sandbox.urls["portal"], f=faults, s=seed).render(settings.lang))
        with open_browser(settings.browser_path, headless=headless,
                          slow_mo_ms=settings.slow_mo_ms) as browser:
            for path in profiles:
                policy = settings.scale_policy
                case, _ = receive(register, path, by=DEMO_COUNTER, policy=policy)  # 1-2
                validate(register, case.case_no, by=DEMO_HEAD, policy=policy)  # 3
                page = case_page(browser, settings.step_timeout_s)
                try:  # 4-7
                    case, result = run_registered(register, path, settings=settings,
                                                  operator=operator, flows_dir=flows_dir,
                                                  page=page)
                finally:
                    page.context.close()
                if result.nib:
                    archive_case(register, case.case_no, by=DEMO_SECRETARIAT)  # 8
                    case = hand_over(register, case.case_no, by=DEMO_COUNTER)  # 9
                    _receipts(settings, register, case.case_no)
                results.append(result)
                cases.append((case.case_no, case.sla.label().render(settings.lang)))
                progress(f"  {path.name}: {case.case_no} NIB {result.nib or '-'} "
                         f"({result.seconds:.1f} s)")
        _close_day(settings)
        files, summary = _recap(settings, register)  # 10
        consistent = verify_register(register).consistent
    report = verify(settings.audit_log)
    lines = sum(1 for _ in read_events(settings.audit_log))
    return DemoReport(results, archive, settings.audit_log, lines, report.intact,
                      time.perf_counter() - started, cases, consistent, files, summary)


def _close_day(settings: Settings) -> None:
    """The close of the working day: the log's head signed with the office's key."""
    from oss_assist.audit.checkpoint import write_checkpoint
    from oss_assist.audit.office_key import office_key

    write_checkpoint(settings.audit_log, office_key(settings.archive_dir),
                     office=settings.office, operator=DEMO_SECRETARIAT)


def _receipts(settings: Settings, register: object, case_no: str) -> None:
    """Both receipts of a case, as the counter prints them."""
    from oss_assist.register import Register
    from oss_assist.register.documents import write_receipt

    assert isinstance(register, Register)
    for kind in ("intake", "hand-over"):
        write_receipt(settings, register, case_no, kind)


def _recap(settings: Settings, register: object) -> tuple[list[Path], str]:
    """Step 10: this month's recap, as PDF and XLSX, and its summary."""
    from oss_assist.register import Register
    from oss_assist.register.documents import letterhead, write_recap
    from oss_assist.register.recap import build_recap, month_period, recap_text

    assert isinstance(register, Register)
    today = register.calendar.local(register.now())
    start, end = month_period(f"{today:%Y-%m}")
    recap = build_recap(register, start, end, letterhead=letterhead(settings),
                        signer=settings.recap_signer)
    return write_recap(settings, recap), recap_text(recap, settings.lang)


def format_report(report: DemoReport, lang: Lang) -> str:
    """The demo's table: applicant (masked), NIB, time, operator actions, evidence folder."""
    head = (("Kasus", "Pemohon", "NIB", "Waktu", "Aksi operator", "SLA", "Folder bukti")
            if lang == "id" else
            ("Case", "Applicant", "NIB", "Time", "Operator actions", "SLA", "Evidence folder"))
    rows = [(case_no, r.applicant, r.nib or "-", f"{r.seconds:.1f} s", str(r.operator_actions),
             sla, str(r.evidence_dir)) for r, (case_no, sla) in zip(report.results,
                                                                     report.cases, strict=True)]
    widths = [max(len(head[i]), *(len(row[i]) for row in rows)) for i in range(len(head))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*head), line.format(*("-" * w for w in widths))]
    out += [line.format(*row) for row in rows]
    state = (("utuh" if lang == "id" else "intact") if report.audit_intact
             else ("RUSAK" if lang == "id" else "TAMPERED"))
    out.append("")
    out.append(("Log audit: {p} ({n} baris, {s}); total {t:.1f} s" if lang == "id" else
                "Audit log: {p} ({n} lines, {s}); total {t:.1f} s").format(
                    p=report.audit_log, n=report.audit_lines, s=state, t=report.seconds))
    same = (("sama dengan log audit" if lang == "id" else "agrees with the audit log")
            if report.register_consistent
            else ("TIDAK SAMA" if lang == "id" else "INCONSISTENT"))
    out.append(f"Register: {same}")
    out.append("")
    out.append("Rekap bulan ini (langkah 10):" if lang == "id" else
               "This month's recap (step 10):")
    out.append(report.recap_summary)
    out += [("Disimpan: {p}" if lang == "id" else "Saved: {p}").format(p=p)
            for p in report.recap_files]
    out += ["", *evidence_commands(report, lang)]
    return "\n".join(out)


def _arg(path: Path | str) -> str:
    text = str(path)
    return f'"{text}"' if any(ch.isspace() for ch in text) else text


def evidence_commands(report: DemoReport, lang: Lang) -> list[str]:
    """The exact commands that show the demo's evidence, to copy into a terminal."""
    log = _arg(report.audit_log)
    out = ["Untuk memeriksa bukti demo ini:" if lang == "id" else
           "To look at this demo's evidence:",
           f"  oss-assist audit verify {log}"]
    for (case_no, _), result in zip(report.cases, report.results, strict=True):
        out.append(f"  oss-assist audit show --case {case_no} {log}")
        out.append(f"  oss-assist audit evidence {_arg(result.evidence_dir)} --log {log}")
    return out
