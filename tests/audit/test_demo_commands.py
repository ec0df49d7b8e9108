"""After the demo, the commands it prints to look at its evidence work as printed."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from oss_assist.audit import Event, audit_logger
from oss_assist.cli import main
from oss_assist.demo import DemoReport, format_report
from oss_assist.evidence import case_folder, save_screenshot
from oss_assist.runner.case_run import CaseResult

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_printed_commands_run_and_find_the_evidence(
        lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OSS_ASSIST_ARCHIVE_DIR", str(tmp_path / "arsip"))
    monkeypatch.setenv("OSS_ASSIST_AUDIT_LOG", str(tmp_path / "arsip" / "audit.jsonl"))
    demo = tmp_path / "arsip dengan spasi" / "demo-20261203-080000"
    log_path = demo / "audit.jsonl"
    results, cases = [], []
    for n in (1, 2):
        case_no = f"RNY-2026-0000{n}"
        folder = case_folder(demo, case_no)
        shot = save_screenshot(folder, 1, "isi data", PNG, "http://127.0.0.1:8000/")
        log = audit_logger(log_path, case_id=case_no, operator="operator skrip sandbox")
        log.info(Event.CASE_OPENED, case_id=case_no, profile=f"p{n}.yaml", sandbox=True)
        log.info(Event.SCREENSHOT_SAVED, **shot.log_fields())
        results.append(CaseResult(Path(f"p{n}.yaml"), case_no, "350820******0001 Warung",
                                  folder, nib="1234567890123"))
        cases.append((case_no, "tepat waktu"))
    report = DemoReport(results, demo, log_path, 4, True, 1.0, cases, True, [], "")
    text = format_report(report, lang)  # type: ignore[arg-type]
    commands = [line.strip() for line in text.splitlines()
                if line.strip().startswith("oss-assist audit")]
    assert len(commands) == 1 + 2 * 2
    for command in commands:
        argv = shlex.split(command)[1:]
        assert main(["--lang", lang, *argv]) == 0, command
        out = capsys.readouterr().out
        if "show" in argv:
            assert "SANDBOX" in out
