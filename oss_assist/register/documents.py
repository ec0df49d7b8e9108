"""The receipts the counter prints, built from the register, and where they are kept.

Receipts are kept in ``<archive>/tanda-terima/`` (0600), not in the case's evidence folder:
the hand-over receipt comes after the case was sealed. Each can be printed again at any
time (``oss-assist case receipt``): its verification code is the audit line of the move
it records, so a copy always says the same.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from oss_assist.errors import InputError
from oss_assist.i18n import Text
from oss_assist.register.reportdata import HandoverReceipt, IntakeReceipt, Letterhead, Recap
from oss_assist.register.service import Register
from oss_assist.register.stages import REQUIREMENTS, Action, Stage
from oss_assist.register.views import CaseView, TransitionView
from oss_assist.settings import Settings

RECEIPTS_DIR = "tanda-terima"
RECAPS_DIR = "rekap"
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember")


def letterhead(settings: Settings) -> Letterhead:
    return Letterhead(
        office=settings.office_name, parent=settings.office_parent,
        address=settings.office_address, phone=settings.office_phone,
        website=settings.office_website,
        complaints=tuple(c.strip() for c in settings.office_complaints.split(";") if c.strip()),
    )


def intake_receipt(register: Register, case_no: str, head: Letterhead) -> IntakeReceipt:
    """The tanda terima berkas of a case, as it was at the counter."""
    case = register.get(case_no)
    move = _move(register, case, Action.RECEIVE)
    local = register.calendar.local
    sku = ""
    if case.sku_number:
        when = f", {_day(case.sku_date)}" if case.sku_date else ""
        place = f", Desa {case.sku_desa}" if case.sku_desa else ""
        sku = f"No. {case.sku_number}{when}{place}"
    returned = move.to_stage is Stage.RETURNED
    return IntakeReceipt(
        letterhead=head, case_no=case.case_no, applicant_name=case.name,
        nik_masked=case.nik_masked, business_name=case.business_name, desa=case.desa,
        received_at=local(case.received_at),
        due_at=local(case.due_at) if case.due_at else None,
        requirements=tuple((REQUIREMENTS[k].id, bool(case.requirements.get(k)))
                           for k in REQUIREMENTS),
        sku=sku, officer=move.by, returned=returned,
        return_reasons=tuple((case.reason or "").split("; ")) if returned else (),
        verification_code=move.verification_code,
        late_entry_note=_late_note(register, move),
    )


def handover_receipt(register: Register, case_no: str, head: Letterhead) -> HandoverReceipt:
    """The tanda terima NIB of a case that was handed over."""
    case = register.get(case_no)
    if case.stage is not Stage.HANDED_OVER or case.nib is None:
        raise InputError(Text(
            f"Kasus {case.case_no} belum diserahkan, jadi belum ada tanda terima NIB.",
            f"Case {case.case_no} has not been handed over, so it has no NIB receipt yet."))
    move = _move(register, case, Action.HAND_OVER)
    return HandoverReceipt(
        letterhead=head, case_no=case.case_no, applicant_name=case.name,
        nik_masked=case.nik_masked, business_name=case.business_name, nib=case.nib,
        items=(
            f"Nomor Induk Berusaha (NIB) {case.nib}, dokumen tercetak",
            "Izin Usaha Mikro / Perizinan Berusaha Berbasis Risiko yang terbit bersama NIB",
            "Informasi akun OSS pemohon (e-mail terdaftar; kata sandi hanya diketahui "
            "pemohon)",
        ),
        handed_over_at=register.calendar.local(move.at), officer=move.by,
        verification_code=move.verification_code,
        late_entry_note=_late_note(register, move),
    )


def write_receipt(settings: Settings, register: Register, case_no: str, kind: str,
                  output: Path | None = None) -> Path:
    """Make a case's receipt (``intake`` or ``hand-over``) and keep it (0600) in
    ``<archive>/tanda-terima/`` or at ``output``; returns where."""
    from oss_assist.evidence import write_private_file
    from oss_assist.register.receipts import handover_receipt_pdf, intake_receipt_pdf

    head = letterhead(settings)
    if kind == "intake":
        data = intake_receipt_pdf(intake_receipt(register, case_no, head))
        name = f"{case_no}-tanda-terima-berkas.pdf"
    else:
        data = handover_receipt_pdf(handover_receipt(register, case_no, head))
        name = f"{case_no}-tanda-terima-nib.pdf"
    if output is None:
        return save_receipt(settings.archive_dir, name, data)
    write_private_file(output, data)
    return output


def write_recap(settings: Settings, recap: Recap, kinds: tuple[str, ...] = ("pdf", "xlsx"),
                output: Path | None = None) -> list[Path]:
    """Keep the recap's PDF and XLSX (0600) in ``<archive>/rekap/``, or one of them at
    ``output``; returns where."""
    from oss_assist.evidence import case_folder, write_private_file
    from oss_assist.register.recap_pdf import recap_pdf
    from oss_assist.register.recap_xlsx import recap_xlsx

    stem = (f"rekap-{settings.office_code}-{recap.period_start:%Y%m%d}-"
            f"{recap.period_end:%Y%m%d}")
    paths: list[Path] = []
    for kind in kinds:
        data = recap_pdf(recap) if kind == "pdf" else recap_xlsx(recap)
        path = output if output is not None and len(kinds) == 1 else (
            case_folder(settings.archive_dir, RECAPS_DIR) / f"{stem}.{kind}")
        write_private_file(path, data)
        paths.append(path)
    return paths


def save_receipt(archive_dir: Path, name: str, data: bytes) -> Path:
    """Keep a receipt PDF under ``<archive>/tanda-terima/`` (0600); returns its path."""
    from oss_assist.evidence import case_folder, write_private_file

    folder = case_folder(archive_dir, RECEIPTS_DIR)
    path = folder / name
    write_private_file(path, data)
    return path


def _move(register: Register, case: CaseView, action: Action) -> TransitionView:
    moves = [t for t in register.history(case.case_no) if t.action is action]
    if not moves:
        raise InputError(Text(f"Kasus {case.case_no} belum punya langkah itu.",
                              f"Case {case.case_no} has no such step yet."))
    return moves[-1]


def _late_note(register: Register, move: TransitionView) -> str:
    if not move.late_entry:
        return ""
    entered = register.calendar.local(move.entered_at)
    return f"Dicatat terlambat pada {_day(entered)} pukul {entered:%H.%M}."


def _day(value: object) -> str:
    if isinstance(value, datetime):
        value = value.date()
    day = getattr(value, "day", None)
    if day is None:
        return str(value)
    return f"{day} {_MONTHS[value.month - 1]} {value.year}"  # type: ignore[attr-defined]
