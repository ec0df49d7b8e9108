"""A case through the ten steps, and every move the procedure refuses, on both databases."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from oss_assist.audit import read_events, verify
from oss_assist.errors import InputError
from oss_assist.evidence import case_folder, save_document, verify_case
from oss_assist.register import (
    NotAllowed,
    Register,
    Stage,
    StageError,
    archive,
    cancel,
    hand_over,
    receive,
    record_nib,
    return_file,
    start_work,
    validate,
)
from oss_assist.register.intake import Sku

from .conftest import COUNTER, HEAD, OPERATOR, SECRETARIAT, Clock

SITI = "siti-aminah-warung.yaml"
PDF = b"%PDF-1.4\n% sintetis\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _nib_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "nib-unduhan.pdf"
    path.write_bytes(PDF)
    return path


def _through_nib(register: Register, profiles: Path, clock: Clock, tmp_path: Path) -> str:
    case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    clock.advance(minutes=30)
    validate(register, case.case_no, by=HEAD, policy="sop")
    clock.advance(minutes=30)
    start_work(register, case.case_no, by=OPERATOR)
    clock.advance(hours=1)
    record_nib(register, case.case_no, "1234567890123", by=OPERATOR, pdf=_nib_pdf(tmp_path))
    return case.case_no


def test_a_complete_file_goes_through_every_step_on_time(
        register: Register, profiles: Path, clock: Clock, tmp_path: Path) -> None:
    case_no = _through_nib(register, profiles, clock, tmp_path)
    clock.advance(minutes=20)
    archive(register, case_no, by=SECRETARIAT)
    clock.advance(minutes=10)
    done = hand_over(register, case_no, by=COUNTER)

    assert done.stage is Stage.HANDED_OVER
    assert done.sla.state == "met"
    assert done.hours_to_hand_over == pytest.approx(2.5)
    assert done.nib == "1234567890123" and done.nib_by_hand
    steps = [t.action.value for t in register.history(case_no)]
    assert steps == ["receive", "validate", "start", "nib", "archive", "hand_over"]
    assert [t.by for t in register.history(case_no)] == [
        COUNTER, HEAD, OPERATOR, OPERATOR, SECRETARIAT, COUNTER]


def test_case_numbers_count_per_office_and_year(register: Register, profiles: Path) -> None:
    first, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    second, _ = receive(register, profiles / "suparmi-warung-makan.yaml", by=COUNTER,
                        policy="sop")
    assert (first.case_no, second.case_no) == ("RNY-2026-00001", "RNY-2026-00002")


def test_every_move_is_an_audit_line_the_register_points_at(
        register: Register, profiles: Path, clock: Clock, tmp_path: Path) -> None:
    case_no = _through_nib(register, profiles, clock, tmp_path)
    log = register.audit_log
    assert verify(log).intact
    lines = dict(read_events(log))
    by_seq = {event["seq"]: event for event in lines.values()}
    for move in register.history(case_no):
        event = by_seq[move.audit_seq]
        assert event["hash"] == move.audit_hash
        assert event["case_id"] == case_no
        assert event["operator"] == move.by
        assert event["stage_to"] == move.to_stage.value
    # no personal data in the log: the NIK of the example never appears whole
    assert "3508205204820001" not in log.read_text(encoding="utf-8")


def test_the_due_time_is_the_same_clock_time_the_next_working_day(
        register: Register, profiles: Path, clock: Clock) -> None:
    clock.now = datetime(2026, 12, 23, 3, 0, tzinfo=UTC)  # Wednesday 10:00 WIB
    case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    # 24 Dec cuti bersama, 25 Christmas, then the weekend
    assert case.due_at == datetime(2026, 12, 28, 3, 0, tzinfo=UTC)
    assert case.sla.state == "on_time"
    clock.now = datetime(2026, 12, 28, 1, 0, tzinfo=UTC)
    assert register.get(case.case_no).sla.state == "due_today"
    clock.now = datetime(2026, 12, 28, 5, 30, tzinfo=UTC)  # 12:30, due 10:00
    late = register.get(case.case_no)
    assert late.sla.state == "late" and late.sla.late_hours == pytest.approx(2.5)
    assert [c.case_no for c in register.cases(late=True)] == [case.case_no]


def test_a_file_missing_a_requirement_is_returned_naming_it(
        register: Register, profiles: Path) -> None:
    case, intake = receive(register, profiles / SITI, by=COUNTER, policy="sop",
                           missing={"sku", "ktp"})
    assert case.stage is Stage.RETURNED
    assert case.due_at is None and case.sla.state == "none"
    assert "Surat Keterangan Usaha" in (case.reason or "")
    assert "KTP" in (case.reason or "")
    assert not intake.requirements["sku"] and not intake.requirements["ktp"]
    # the applicant comes back with the complete file: a new case
    again, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    assert again.stage is Stage.RECEIVED and again.case_no != case.case_no


def test_the_sku_can_be_recorded_at_the_counter(register: Register, profiles: Path) -> None:
    path = profiles / SITI
    text = path.read_text(encoding="utf-8")
    start = text.index("  surat_keterangan_usaha:")
    end = text.index("persetujuan:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    returned, _ = receive(register, path, by=COUNTER, policy="sop")
    assert returned.stage is Stage.RETURNED
    case, _ = receive(register, path, by=COUNTER, policy="sop",
                      sku=Sku("470/12/2026", datetime(2026, 11, 1).date(), "Jenggrong"))
    assert case.stage is Stage.RECEIVED
    assert (case.sku_number, case.sku_desa) == ("470/12/2026", "Jenggrong")


def test_an_invalid_profile_can_only_be_returned(register: Register, profiles: Path) -> None:
    path = profiles / SITI
    path.write_text(path.read_text(encoding="utf-8").replace(
        'nik: "3508205204820001"', 'nik: "3508205204820000"'), encoding="utf-8")
    case, _ = receive(register, path, by=COUNTER, policy="sop")
    assert case.stage is Stage.RETURNED
    assert "profil tidak lolos pemeriksaan" in (case.reason or "")


def test_one_open_case_per_applicant(register: Register, profiles: Path) -> None:
    case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    with pytest.raises(StageError) as caught:
        receive(register, profiles / SITI, by=COUNTER, policy="sop")
    assert case.case_no in caught.value.render("en")


def test_who_received_the_file_may_not_validate_it(register: Register, profiles: Path) -> None:
    case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    with pytest.raises(NotAllowed) as caught:
        validate(register, case.case_no, by=COUNTER.lower(), policy="sop")
    assert "second check" in caught.value.render("en")
    assert register.get(case.case_no).stage is Stage.RECEIVED


@pytest.mark.parametrize(("steps", "attempt", "now_stage"), [
    (0, "hand_over", "received"),
    (0, "archive", "received"),
    (4, "archive_again", "archived"),
    (-1, "validate", "returned"),
])
def test_moves_out_of_order_are_refused_saying_the_stage_and_what_comes_next(
        register: Register, profiles: Path, clock: Clock, tmp_path: Path,
        steps: int, attempt: str, now_stage: str) -> None:
    if steps == -1:
        case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
        return_file(register, case.case_no, "SKU kedaluwarsa", by=HEAD)
        case_no = case.case_no
    elif steps == 0:
        case_no = receive(register, profiles / SITI, by=COUNTER, policy="sop")[0].case_no
    else:
        case_no = _through_nib(register, profiles, clock, tmp_path)
        archive(register, case_no, by=SECRETARIAT)
    before = len(register.history(case_no))
    with pytest.raises(StageError) as caught:
        if attempt == "hand_over":
            hand_over(register, case_no, by=COUNTER)
        elif attempt in ("archive", "archive_again"):
            archive(register, case_no, by=SECRETARIAT)
        else:
            validate(register, case_no, by=HEAD, policy="sop")
    text = caught.value.render("en")
    assert f"it is now '{Stage(now_stage).value.replace('_', ' ')}'" in text
    assert "next" in text or "ended" in text or "cancelled" in text
    assert len(register.history(case_no)) == before


def test_a_hand_recorded_nib_needs_13_digits_and_a_real_pdf(
        register: Register, profiles: Path, tmp_path: Path) -> None:
    case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    validate(register, case.case_no, by=HEAD, policy="sop")
    with pytest.raises(InputError, match="13 digits"):
        record_nib(register, case.case_no, "12345", by=OPERATOR, pdf=_nib_pdf(tmp_path))
    fake = tmp_path / "nib.pdf"
    fake.write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(InputError, match="not a PDF"):
        record_nib(register, case.case_no, "1234567890123", by=OPERATOR, pdf=fake)
    with pytest.raises(InputError, match="--pdf"):
        record_nib(register, case.case_no, "1234567890123", by=OPERATOR)
    assert register.get(case.case_no).stage is Stage.VALIDATED
    done = record_nib(register, case.case_no, "1234567890123", by=OPERATOR,
                      pdf=_nib_pdf(tmp_path))
    assert done.stage is Stage.NIB_ISSUED
    folder = register.archive_dir / case.case_no
    assert verify_case(folder, audit_log=register.audit_log).intact


def test_an_archived_case_is_sealed(register: Register, profiles: Path, clock: Clock,
                                    tmp_path: Path) -> None:
    case_no = _through_nib(register, profiles, clock, tmp_path)
    done = archive(register, case_no, by=SECRETARIAT)
    assert done.seal_sha256 and len(done.seal_sha256) == 64
    folder = case_folder(register.archive_dir, case_no)
    with pytest.raises(InputError, match="sealed"):
        save_document(folder, "tambahan.pdf", PDF, step_name="tambahan")
    # a manifest edited after sealing is caught
    manifest = folder / "manifest.json"
    data = json.loads(manifest.read_text())
    data["files"][0]["step_name"] = "diubah"
    manifest.write_text(json.dumps(data))
    assert not verify_case(folder).intact


def test_tampered_evidence_is_not_archived(register: Register, profiles: Path, clock: Clock,
                                           tmp_path: Path) -> None:
    case_no = _through_nib(register, profiles, clock, tmp_path)
    pdf = next((register.archive_dir / case_no).glob("*nib*.pdf"))
    pdf.write_bytes(PDF + b"% diubah\n")
    with pytest.raises(NotAllowed, match="not intact"):
        archive(register, case_no, by=SECRETARIAT)
    assert register.get(case_no).stage is Stage.NIB_ISSUED


def test_a_case_is_cancelled_with_a_reason_and_kept(register: Register, profiles: Path) -> None:
    case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    with pytest.raises(InputError, match="reason"):
        cancel(register, case.case_no, "  ", by=HEAD)
    done = cancel(register, case.case_no, "Pemohon membatalkan permohonan", by=HEAD)
    assert done.stage is Stage.CANCELLED and done.reason == "Pemohon membatalkan permohonan"
    assert register.get(case.case_no).stage is Stage.CANCELLED
    with pytest.raises(StageError):
        cancel(register, case.case_no, "lagi", by=HEAD)
    # the applicant may come back
    assert receive(register, profiles / SITI, by=COUNTER, policy="sop")[0].stage is Stage.RECEIVED


def test_a_record_entered_after_the_fact_keeps_both_times(
        register: Register, profiles: Path, clock: Clock) -> None:
    clock.now = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)  # Tuesday 15:00 WIB
    happened = datetime(2026, 11, 3, 9, 15)  # 09:15 WIB, written without a zone
    case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop", at=happened)
    assert case.received_at == datetime(2026, 11, 3, 2, 15, tzinfo=UTC)
    assert case.late_entry
    move = register.history(case.case_no)[0]
    assert move.late_entry and move.entered_at == clock.now
    event = dict(read_events(register.audit_log))
    assert any(e.get("entered_late") for e in event.values())
    with pytest.raises(InputError, match="future"):
        validate(register, case.case_no, by=HEAD, policy="sop",
                 at=datetime(2026, 11, 4, 9, 0))
    with pytest.raises(InputError, match="earlier"):
        validate(register, case.case_no, by=HEAD, policy="sop",
                 at=datetime(2026, 11, 3, 8, 0))


def test_an_unknown_case_is_a_clear_message(register: Register) -> None:
    from oss_assist.register import CaseNotFound

    with pytest.raises(CaseNotFound) as caught:
        register.get("RNY-2026-99999")
    assert "case list" in caught.value.render("en")
    assert caught.value.exit_code == 4


def test_every_register_event_has_a_name_in_the_timeline() -> None:
    from oss_assist.audit.events import LABELS
    from oss_assist.register.service import VOID_EVENT
    from oss_assist.register.stages import EVENTS

    for name in [*EVENTS.values(), VOID_EVENT]:
        assert name in LABELS, name


def test_run_refuses_an_applicant_without_a_validated_case(
        register: Register, profiles: Path, settings: object) -> None:
    """Refused before any browser opens or any audit line is written for the run."""
    from oss_assist.flows.loader import find_flows_dir
    from oss_assist.register.work import run_registered
    from oss_assist.settings import Settings

    assert isinstance(settings, Settings)

    class NoBrowser:
        name = OPERATOR

    def run() -> None:
        run_registered(register, profiles / SITI, settings=settings, operator=NoBrowser(),
                       flows_dir=find_flows_dir(), page=object())

    with pytest.raises(NotAllowed, match="case receive"):
        run()
    case, _ = receive(register, profiles / SITI, by=COUNTER, policy="sop")
    with pytest.raises(StageError) as caught:
        run()
    assert "section head's validation" in caught.value.render("en")
    assert [t.action.value for t in register.history(case.case_no)] == ["receive"]
