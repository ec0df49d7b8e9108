"""What a second reading of the register found: each a test, so it stays fixed."""

from __future__ import annotations

import sqlite3
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from oss_assist.audit import read_events
from oss_assist.cases import open_case
from oss_assist.errors import InputError
from oss_assist.register import (
    NotAllowed,
    Register,
    Stage,
    StageError,
    receive,
    record_nib,
    return_file,
    start_work,
    validate,
)
from oss_assist.register.consistency import verify_register, void_orphans
from oss_assist.register.intake import Sku
from oss_assist.settings import Settings

from .conftest import COUNTER, HEAD, OPERATOR, Clock
from .test_moves import PDF, SITI

NIK = "3508205204820001"


def test_a_refused_hand_recorded_nib_leaves_no_file_and_no_log_line(
        register: Register, profiles: Path, tmp_path: Path) -> None:
    case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    validate(register, case.case_no, by=HEAD, policy="sop")
    pdf = tmp_path / "nib.pdf"
    pdf.write_bytes(PDF)
    lines = register.audit_log.read_text(encoding="utf-8")
    for when in (datetime(2099, 1, 1, 10, 0), datetime(2020, 1, 1, 10, 0)):
        with pytest.raises(InputError):
            record_nib(register, case.case_no, "1234567890123", by=OPERATOR, pdf=pdf,
                       at=when)
    assert register.audit_log.read_text(encoding="utf-8") == lines
    folder = register.archive_dir / case.case_no
    assert not folder.exists() or not list(folder.glob("*nib*"))


def test_personal_data_typed_in_a_reason_is_masked_everywhere(
        register: Register, profiles: Path) -> None:
    case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    done = return_file(register, case.case_no,
                       f"NIK {NIK} salah; hubungi 0812-3456-7890 atau siti@example.com",
                       by=HEAD)
    for text in (done.reason or "", str(register.history(case.case_no)[-1].detail),
                 register.audit_log.read_text(encoding="utf-8")):
        assert NIK not in text and "3456-7890" not in text and "siti@example.com" not in text


def test_the_current_month_counts_no_case_overdue_before_its_due_time(
        register: Register, profiles: Path, clock: Clock) -> None:
    from oss_assist.register.documents import letterhead
    from oss_assist.register.recap import build_recap, month_period
    from oss_assist.settings import load_settings

    clock.now = datetime(2026, 11, 16, 3, 0, tzinfo=UTC)  # Monday 10:00 WIB
    receive(register, profiles / SITI, by=COUNTER, policy="sop")
    clock.advance(hours=1)
    start, end = month_period("2026-11")
    recap = build_recap(register, start, end, letterhead=letterhead(load_settings()))
    assert recap.open_overdue == 0
    clock.advance(days=2)
    recap = build_recap(register, start, end, letterhead=letterhead(load_settings()))
    assert recap.open_overdue == 1


def test_what_the_operator_runs_is_what_the_section_head_validated(
        register: Register, profiles: Path, settings: Settings) -> None:
    from oss_assist.flows.loader import find_flows_dir
    from oss_assist.register.work import run_registered

    case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    validate(register, case.case_no, by=HEAD, policy="sop")
    with pytest.raises(StageError):  # nothing changed: nothing to validate again
        validate(register, case.case_no, by=HEAD, policy="sop")
    path = profiles / SITI
    path.write_text(path.read_text(encoding="utf-8").replace("Warung Bu Siti",
                                                             "Toko Bu Siti"), encoding="utf-8")

    class Operator:
        name = OPERATOR

    with pytest.raises(NotAllowed, match="validated again"):
        run_registered(register, path, settings=settings, operator=Operator(),
                       flows_dir=find_flows_dir(), page=object())
    again = validate(register, case.case_no, by=HEAD, policy="sop")
    assert again.business_name == "Toko Bu Siti"  # the register keeps what was validated
    moves = register.history(case.case_no)
    assert [m.action.value for m in moves] == ["receive", "validate", "validate"]
    assert moves[-1].detail["profile_changed"] is True


def test_a_new_case_carries_what_the_portal_already_has_of_the_applicant(
        tmp_path: Path, profiles: Path) -> None:
    archive = tmp_path / "arsip"
    with open_case(archive, NIK, profiles / SITI, case_id="RNY-2026-00001") as first:
        first.complete("registrasi", "daftar")
        first.set_fact("account_registered", True)
    with open_case(archive, NIK, profiles / SITI, case_id="RNY-2026-00002",
                   seed_from=["RNY-2026-00001"]) as second:
        assert second.facts["account_registered"] is True
        assert second.is_done("registrasi", "daftar")
    with open_case(archive, NIK, profiles / SITI, case_id="RNY-2026-00003",
                   seed_from=["../etc", "RNY-2026-09999"]) as third:
        assert not third.facts


def test_reading_the_register_does_not_wait_for_a_writer(
        register: Register, profiles: Path, settings: Settings) -> None:
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("SQLite's own lock")
    receive(register, profiles / SITI, by=COUNTER, policy="sop")
    holder = sqlite3.connect(settings.database_url.removeprefix("sqlite:///"))
    holder.execute("BEGIN IMMEDIATE")
    try:
        result: list[int] = []
        reader = threading.Thread(target=lambda: result.append(len(register.cases())))
        reader.start()
        reader.join(5)
        assert result == [1]
    finally:
        holder.rollback()
        holder.close()


@pytest.mark.skipif(sys.platform == "win32", reason="file modes")
def test_the_sqlite_register_is_readable_by_its_owner_only(
        register: Register, settings: Settings) -> None:
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("SQLite's file")
    path = Path(settings.database_url.removeprefix("sqlite:///"))
    assert path.stat().st_mode & 0o077 == 0


def test_a_move_lost_in_a_crash_is_marked_void_by_repair(
        register: Register, profiles: Path) -> None:
    from oss_assist.audit import audit_logger

    case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    # as if the process died between writing the audit line and the commit
    audit_logger(register.audit_log, case_id=case.case_no, operator=HEAD,
                 office=register.office.name).info("case_validated", stage_to="validated")
    check = verify_register(register)
    assert not check.consistent and len(check.orphans) == 1
    assert void_orphans(register, check, by=HEAD) == 1
    assert verify_register(register).consistent
    events = [e["event"] for _, e in read_events(register.audit_log)]
    assert events[-1] == "case_move_void"


def test_a_too_long_sku_number_is_a_clear_message(register: Register, profiles: Path) -> None:
    with pytest.raises(InputError, match="--sku-number"):
        receive(register, profiles / SITI, by=COUNTER, policy="sop",
                sku=Sku("X" * 150, None, None))


def test_start_records_a_profile_corrected_during_the_work(
        register: Register, profiles: Path) -> None:
    case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    validate(register, case.case_no, by=HEAD, policy="sop")
    start_work(register, case.case_no, by=OPERATOR)
    again = start_work(register, case.case_no, by=OPERATOR, profile_changed=True)
    assert again.stage is Stage.IN_PROGRESS
    assert register.history(case.case_no)[-1].detail == {"profile_changed": True}
