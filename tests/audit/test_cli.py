"""oss-assist audit verify | show | evidence: output and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from oss_assist.audit import Event, audit_logger
from oss_assist.cli import main
from oss_assist.evidence import case_folder, save_screenshot

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OSS_ASSIST_ARCHIVE_DIR", str(tmp_path / "arsip"))
    monkeypatch.setenv("OSS_ASSIST_AUDIT_LOG", str(tmp_path / "arsip" / "audit.jsonl"))
    monkeypatch.delenv("OSS_ASSIST_LANG", raising=False)


def write(path: Path, count: int) -> Path:
    log = audit_logger(path, case_id="RNY-0a1b2c3d4e", operator="Budi")
    for i in range(count):
        log.info(Event.FIELD_FILLED, field=f"kolom_{i}")
    return path


def test_verify_an_intact_log_from_the_setting(tmp_path, capsys):
    write(tmp_path / "arsip" / "audit.jsonl", 5)
    assert main(["audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "Log audit utuh" in out and "(5 baris)" in out
    assert "Kepala rantai: #5 " in out


def test_verify_a_tampered_log_lists_each_problem(tmp_path, capsys):
    path = write(tmp_path / "lain.jsonl", 10)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b"kolom_2", b"kolom_9")
    del lines[6]
    path.write_bytes(b"".join(lines))
    assert main(["audit", "verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Log audit TIDAK utuh" in out
    assert "  - baris 3 diubah\n" in out
    assert "  - baris dihapus antara 6 dan 7\n" in out


def test_verify_in_english(tmp_path, capsys):
    path = write(tmp_path / "lain.jsonl", 3)
    path.write_bytes(path.read_bytes()[:-10])
    assert main(["--lang", "en", "audit", "verify", str(path)]) == 1
    assert "line 3 was cut short" in capsys.readouterr().out


def test_verify_an_unreadable_log_exits_2(tmp_path, capsys):
    assert main(["audit", "verify", str(tmp_path / "tidak-ada.jsonl")]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err


def test_show_prints_the_timeline_of_one_case(tmp_path, capsys):
    path = tmp_path / "arsip" / "audit.jsonl"
    audit_logger(path, case_id="RNY-aaaaaaaaaa").info(Event.FLOW_STARTED, flow="registrasi")
    audit_logger(path, case_id="RNY-bbbbbbbbbb").info(Event.FLOW_STARTED, flow="masuk")
    assert main(["audit", "show", "--case", "RNY-bbbbbbbbbb"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Kasus RNY-bbbbbbbbbb"
    events = [line for line in out if "RNY-" in line and not line.startswith("Kasus")]
    assert len(events) == 1 and "flow=masuk" in events[0] and "alur dimulai" in events[0]


def test_show_says_when_there_is_nothing(tmp_path, capsys):
    write(tmp_path / "arsip" / "audit.jsonl", 1)
    assert main(["audit", "show", "--case", "RNY-ffffffffff"]) == 0
    assert capsys.readouterr().out == "(tidak ada peristiwa)\n"


def test_evidence_of_a_case_by_folder_or_by_id(tmp_path, capsys):
    folder = case_folder(tmp_path / "arsip", "RNY-0a1b2c3d4e")
    shot = save_screenshot(folder, 1, "isi data", PNG, "https://oss.go.id/")
    audit_logger(tmp_path / "arsip" / "audit.jsonl", case_id=folder.name).info(
        Event.SCREENSHOT_SAVED, **shot.log_fields()
    )
    assert main(["audit", "evidence", str(folder)]) == 0
    assert "Bukti kasus utuh" in capsys.readouterr().out
    assert main(["audit", "evidence", "RNY-0a1b2c3d4e"]) == 0
    assert "dibandingkan juga dengan log audit" in capsys.readouterr().out


def test_evidence_with_a_changed_file_exits_1(tmp_path, capsys):
    folder = case_folder(tmp_path / "arsip", "RNY-0a1b2c3d4e")
    shot = save_screenshot(folder, 1, "isi data", PNG, "https://oss.go.id/")
    (folder / shot.name).write_bytes(PNG + b"diubah")
    assert main(["--lang", "en", "audit", "evidence", str(folder), "--no-log"]) == 1
    out = capsys.readouterr().out
    assert "Case evidence NOT intact" in out
    assert f"  - {shot.name}: its content changed" in out


def test_evidence_of_a_missing_folder_exits_2(tmp_path, capsys):
    assert main(["audit", "evidence", str(tmp_path / "tidak-ada")]) == 2
    assert "Folder kasus tidak ditemukan" in capsys.readouterr().err


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    import subprocess
    import sys

    write(tmp_path / "arsip" / "audit.jsonl", 400)
    shell = subprocess.run(  # noqa: S602 - a fixed pipeline, as an operator would type it
        f"{sys.executable} -m oss_assist audit show | head -n 2",
        shell=True, capture_output=True, text=True, cwd=tmp_path, timeout=60, check=False,
    )
    assert len(shell.stdout.splitlines()) == 2
    assert "Traceback" not in shell.stderr and "BrokenPipe" not in shell.stderr


def test_verify_of_a_file_that_is_not_an_audit_log_says_so_with_exit_2(tmp_path, capsys):
    other = tmp_path / "catatan.txt"
    other.write_text("".join(f"baris {i}: bukan log\n" for i in range(64)))
    assert main(["audit", "verify", str(other)]) == 2
    err = capsys.readouterr().err
    assert "bukan log audit" in err and "TIDAK utuh" not in err
    assert main(["--lang", "en", "audit", "verify", str(tmp_path)]) == 2
    assert "This is a folder, not an audit log" in capsys.readouterr().err
    assert main(["audit", "show", str(other)]) == 2


def test_a_log_with_its_first_lines_edited_is_still_a_tampered_log(tmp_path, capsys):
    path = write(tmp_path / "lain.jsonl", 3)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[0] = b"diubah\n"
    path.write_bytes(b"".join(lines))
    assert main(["audit", "verify", str(path)]) == 1
    assert "TIDAK utuh" in capsys.readouterr().out


def test_evidence_of_what_is_not_a_case_folder_says_so_with_exit_2(tmp_path, capsys):
    plain = tmp_path / "folder-biasa"
    plain.mkdir()
    assert main(["audit", "evidence", str(plain)]) == 2
    assert "bukan folder kasus" in capsys.readouterr().err
    other = tmp_path / "berkas.txt"
    other.write_text("x")
    assert main(["--lang", "en", "audit", "evidence", str(other)]) == 2
    assert "This is a file, not a case folder" in capsys.readouterr().err


def test_evidence_by_case_id_finds_a_demo_archive_and_the_log_beside_it(tmp_path, capsys):
    demo = tmp_path / "arsip" / "demo-20261203-080000"
    folder = case_folder(demo, "RNY-2026-00001")
    shot = save_screenshot(folder, 1, "isi data", PNG, "http://127.0.0.1:8000/")
    audit_logger(demo / "audit.jsonl", case_id=folder.name).info(
        Event.SCREENSHOT_SAVED, **shot.log_fields()
    )
    assert main(["audit", "evidence", "RNY-2026-00001"]) == 0
    out = capsys.readouterr().out
    assert str(folder) in out and str(demo / "audit.jsonl") in out


def test_show_case_starts_with_a_header(tmp_path, capsys):
    path = tmp_path / "arsip" / "audit.jsonl"
    log = audit_logger(path, case_id="RNY-2026-00007", operator="Operator Latihan")
    log.info("case_received", profile="contoh.yaml", stage_from=None, stage_to="received")
    log.info(Event.CASE_OPENED, case_id="RNY-2026-00007", profile="contoh.yaml",
             nik="3508204204820001", portal="https://oss.go.id", sandbox=False)
    log.info(Event.NIB_ISSUED, nib="1234567890123", file="nib.txt", sha256="0" * 64)
    log.info("case_nib_recorded", nib="1234567890123", stage_from="in_progress",
             stage_to="nib_issued")
    assert main(["--lang", "en", "audit", "show", "--case", "RNY-2026-00007"]) == 0
    out = capsys.readouterr().out
    head = out.split("\n\n")[0]
    assert head.startswith("Case RNY-2026-00007")
    assert "3508204204820001" not in out and "350820" in head
    for expected in ("NIB       : 1234567890123", "Operator  : Operator Latihan",
                     "Portal    : the live OSS portal", "Outcome   : NIB issued", "Start",
                     "End"):
        assert expected in head, head
    assert "register: NIB recorded" in out and "case_nib_recorded" not in out


def test_every_event_the_tool_writes_has_a_name_in_words():
    from oss_assist.audit.events import LABELS
    from oss_assist.register.stages import EVENTS

    for event in Event:
        assert event in LABELS, event
    for name in EVENTS.values():
        assert name in LABELS, name
