"""The register's commands as the counter, the section head and the secretariat type them;
the recap; ``case verify``; two people moving one case at once."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from oss_assist.cli import main
from oss_assist.register import open_register, record_nib, start_work
from oss_assist.register.recap import build_recap, month_period, recap_json
from oss_assist.settings import Settings, load_settings

from .conftest import COUNTER, HEAD, OPERATOR, SECRETARIAT
from .test_moves import PDF, SITI

EXIT_STAGE, EXIT_NOT_FOUND = 3, 4


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The commands read the same settings as the test's register."""
    monkeypatch.setenv("OSS_ASSIST_ARCHIVE_DIR", str(settings.archive_dir))
    monkeypatch.setenv("OSS_ASSIST_AUDIT_LOG", str(settings.audit_log))
    monkeypatch.setenv("OSS_ASSIST_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("OSS_ASSIST_OPERATOR_NAME", COUNTER)
    return settings


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own refusals
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_ten_steps_by_command(env: Settings, profiles: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "case", "receive", str(profiles / SITI))
    assert code == 0 and "RNY-2026-00001" in out and "Selesai paling lambat" in out
    receipt = env.archive_dir / "tanda-terima" / "RNY-2026-00001-tanda-terima-berkas.pdf"
    assert receipt.read_bytes().startswith(b"%PDF-")

    code, _, err = cli(capsys, "case", "validate", "RNY-2026-00001")
    assert code == EXIT_STAGE and "tidak boleh juga memvalidasinya" in err
    code, out, _ = cli(capsys, "case", "validate", "RNY-2026-00001", "--by", HEAD)
    assert code == 0 and "SAH DAN LENGKAP" in out and "divalidasi" in out

    code, _, err = cli(capsys, "--lang", "en", "case", "hand-over", "RNY-2026-00001")
    assert code == EXIT_STAGE
    assert "it is now 'validated'" in err and "next" in err and "Traceback" not in err

    pdf = tmp_path / "nib.pdf"
    pdf.write_bytes(PDF)
    code, _, err = cli(capsys, "case", "nib", "RNY-2026-00001", "12345", "--pdf", str(pdf))
    assert code == 2 and "13 angka" in err
    code, out, _ = cli(capsys, "case", "nib", "RNY-2026-00001", "1234567890123", "--pdf",
                       str(pdf), "--by", OPERATOR)
    assert code == 0 and "NIB terbit" in out
    code, out, _ = cli(capsys, "case", "archive", "RNY-2026-00001", "--by", SECRETARIAT)
    assert code == 0 and "disegel" in out
    code, out, _ = cli(capsys, "case", "hand-over", "RNY-2026-00001")
    assert code == 0 and "diserahkan" in out
    assert (env.archive_dir / "tanda-terima" / "RNY-2026-00001-tanda-terima-nib.pdf").exists()

    code, out, _ = cli(capsys, "case", "show", "RNY-2026-00001", "--json")
    shown = json.loads(out)
    assert shown["stage"] == "handed_over" and len(shown["moves"]) == 5
    assert shown["nik_masked"] == "350820******0001" and "profile_path" not in shown
    code, out, _ = cli(capsys, "case", "verify")
    assert code == 0 and "SAMA" in out


def test_bad_input_is_a_clear_message_with_its_exit_code(
        env: Settings, profiles: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "case", "show", "RNY-2026-04040")
    assert code == EXIT_NOT_FOUND and "tidak ada di register" in err
    code, _, err = cli(capsys, "recap", "--month", "2026-13")
    assert code == 2 and "TAHUN-BULAN" in err
    code, _, err = cli(capsys, "case", "receive", str(profiles / "tidak-ada.yaml"))
    assert code == 2 and "Traceback" not in err
    code, _, err = cli(capsys, "case", "receive", str(profiles / SITI), "--at", "kemarin")
    assert code == 2 and "--at" in err
    code, _, err = cli(capsys, "case", "receive", str(profiles / SITI), "--missing", "foto")
    assert code == 2 and "formulir" in err
    assert not (env.archive_dir / "audit.jsonl").exists()  # nothing half-written


def test_an_unreachable_database_is_a_clear_message(
        env: Settings, profiles: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("OSS_ASSIST_DATABASE_URL",
                       "postgresql+psycopg://kantor:rahasia@127.0.0.1:1/register")
    code, _, err = cli(capsys, "case", "list")
    assert code == 2 and "OSS_ASSIST_DATABASE_URL" in err
    assert "rahasia" not in err and "Traceback" not in err


def test_a_locked_sqlite_register_is_a_clear_message(
        env: Settings, profiles: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not env.database_url.startswith("sqlite"):
        pytest.skip("SQLite's own lock")
    open_register(env)  # make the file
    holder = sqlite3.connect(env.database_url.removeprefix("sqlite:///"), timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        import oss_assist.register.db as db

        saved, db.BUSY_TIMEOUT_S = db.BUSY_TIMEOUT_S, 0.2
        try:
            code, _, err = cli(capsys, "case", "receive", str(profiles / SITI))
        finally:
            db.BUSY_TIMEOUT_S = saved
    finally:
        holder.rollback()
        holder.close()
    assert code == 2 and "dikunci" in err


def test_case_verify_finds_a_register_and_log_that_disagree(
        env: Settings, profiles: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "case", "receive", str(profiles / SITI))
    cli(capsys, "case", "validate", "RNY-2026-00001", "--by", HEAD)
    log = env.audit_log
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[:-1]), encoding="utf-8")  # the validation's line cut off
    code, out, _ = cli(capsys, "--lang", "en", "case", "verify")
    assert code == 1 and "which the log does not have" in out and "INCONSISTENT" in out


def test_the_recap_counts_every_outcome_and_its_three_forms_agree(
        env: Settings, profiles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        clock: Any) -> None:
    reg = open_register(env, clock=clock)
    from oss_assist.register import archive, hand_over, receive, validate

    clock.now = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB
    a, _ = receive(reg, profiles / SITI, by=COUNTER, policy="sop")
    b, _ = receive(reg, profiles / "suparmi-warung-makan.yaml", by=COUNTER, policy="sop",
                   missing={"sku"})
    c, _ = receive(reg, profiles / "ahmad-fauzi-sapi.yaml", by=COUNTER, policy="sop")
    pdf = tmp_path / "nib.pdf"
    pdf.write_bytes(PDF)
    for case, hours in ((a, 1), (c, 30)):  # a on time; c handed over late
        validate(reg, case.case_no, by=HEAD, policy="sop")
        start_work(reg, case.case_no, by=OPERATOR)
        record_nib(reg, case.case_no, "1234567890123", by=OPERATOR, pdf=pdf)
        archive(reg, case.case_no, by=SECRETARIAT)
        clock.advance(hours=hours)
        hand_over(reg, case.case_no, by=COUNTER)
    start, end = month_period("2026-11")
    from oss_assist.register.documents import letterhead

    recap = build_recap(reg, start, end, letterhead=letterhead(env))
    assert (recap.received, recap.returned, recap.handed_over) == (2, 1, 2)
    assert (recap.on_time, recap.late) == (1, 1)
    assert recap.returned_reasons[0].reason.startswith("belum ada: Surat Keterangan Usaha")
    assert {b.label for b in recap.by_sex} == {"Perempuan", "Laki-laki"}
    assert sum(w.handed_over for w in recap.weeks) == 2
    # the audit log's lines carry the real time they were written (today), so November's
    # recap ends before them; the current month's recap ends at the log's last line
    assert recap.audit_head_seq is None
    today = datetime.now(UTC).date()
    current = build_recap(reg, today.replace(day=1), today, letterhead=letterhead(env))
    last = env.audit_log.read_text(encoding="utf-8").splitlines()[-1]
    assert current.audit_head_seq == json.loads(last)["seq"]
    data = recap_json(recap)
    code, out, _ = cli(capsys, "recap", "--month", "2026-11", "--json")
    assert code == 0
    printed = json.loads(out)
    for key in ("received", "returned", "on_time", "late", "median_hours", "by_desa"):
        assert printed[key] == data[key], key
    code, out, _ = cli(capsys, "recap", "--month", "2026-11")
    assert code == 0 and "rekap-RNY-20261101-20261130.pdf" in out
    from openpyxl import load_workbook

    book = load_workbook(env.archive_dir / "rekap" / "rekap-RNY-20261101-20261130.xlsx")
    rows = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)
            if row and row[0] is not None}
    summary = [v for v in rows.values() if isinstance(v, int | float)]
    for key in ("received", "returned", "validated", "nib_issued", "handed_over",
                "cancelled", "on_time", "late", "open_overdue", "entered_late"):
        assert data[key] in summary, key
    assert b.case_no not in out  # no list of people in the terminal summary


def test_validate_checks_the_profile_once(env: Settings, profiles: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The check the section head is shown is the one the move records (about 0.3 s each)."""
    import oss_assist.profiles as profiles_api
    from oss_assist.register import intake

    cli(capsys, "case", "receive", str(profiles / SITI))
    calls: list[Path] = []
    real = profiles_api.check_file

    def counted(path: Any, **kwargs: Any) -> Any:
        calls.append(Path(path))
        return real(path, **kwargs)

    monkeypatch.setattr(profiles_api, "check_file", counted)
    monkeypatch.setattr(intake, "check_file", counted)
    code, out, _ = cli(capsys, "case", "validate", "RNY-2026-00001", "--by", HEAD)
    assert code == 0 and "SAH DAN LENGKAP" in out
    assert [c.name for c in calls] == [SITI]


def _validate_in_another_process(settings_json: str, by: str, queue: Any,
                                 barrier: Any) -> None:
    from oss_assist.errors import OssAssistError
    from oss_assist.register import validate

    settings = Settings.model_validate_json(settings_json)
    register = open_register(settings)
    register.get("RNY-2026-00001")  # connected and warm: the race is in the move itself
    barrier.wait(60)
    try:
        validate(register, "RNY-2026-00001", by=by, policy="sop")
        queue.put(("ok", by))
    except OssAssistError as exc:
        queue.put((type(exc).__name__, exc.render("en")))


def test_two_people_moving_one_case_at_once(env: Settings, profiles: Path) -> None:
    from oss_assist.audit import verify
    from oss_assist.register import receive
    from oss_assist.register.consistency import verify_register

    reg = open_register(env)
    receive(reg, profiles / SITI, by=COUNTER, policy="sop")
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    barrier = context.Barrier(2)
    workers = [context.Process(target=_validate_in_another_process,
                               args=(env.model_dump_json(), name, queue, barrier))
               for name in ("Kasi Satu", "Kasi Dua")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    results = sorted(queue.get(timeout=5) for _ in workers)
    assert [r[0] for r in results].count("ok") == 1
    loser = next(r for r in results if r[0] != "ok")
    assert loser[0] in ("StageError", "Conflict")
    assert "RNY-2026-00001" in loser[1]
    assert len(reg.history("RNY-2026-00001")) == 2
    assert verify(env.audit_log).intact
    assert verify_register(reg).consistent


def test_settings_round_trip_for_the_worker() -> None:
    settings = load_settings(database_url="sqlite:///x.sqlite3")
    assert Settings.model_validate_json(settings.model_dump_json()).database_url == \
        "sqlite:///x.sqlite3"
