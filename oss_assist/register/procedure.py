"""The office's procedure, step by step, on the register: what each person does to a case
and what the register checks before it records it."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from oss_assist.errors import InputError, OssAssistError
from oss_assist.i18n import Text, os_reason
from oss_assist.masking import mask_text
from oss_assist.profiles import ScalePolicy
from oss_assist.profiles.check import FileCheck
from oss_assist.register.intake import Intake, Sku, check_intake
from oss_assist.register.service import Register
from oss_assist.register.stages import MOVES, REQUIREMENTS, Action, Stage, refusal
from oss_assist.register.views import CaseView

_NIB = re.compile(r"\d{13}\Z")
MAX_REASON = 500


class NotAllowed(OssAssistError):
    """The person may not make this move (exit 3)."""

    exit_code = 3


def receive(register: Register, profile_path: Path, *, by: str, policy: ScalePolicy,
            missing: set[str] | None = None, sku: Sku | None = None,
            at: datetime | None = None) -> tuple[CaseView, Intake]:
    """Steps 1–2: the counter receives a file. Complete and valid: ``received`` and the
    SLA clock starts; otherwise ``returned`` with what is missing named."""
    by = _person(by)
    intake = check_intake(profile_path, policy=policy, missing=missing or set(),
                          sku=sku or Sku())
    fields: dict[str, Any] = {
        **profile_fields(intake), "risk": None,
        "profile_path": str(profile_path.resolve()),
        "requirements": intake.requirements, "sku_number": intake.sku.number,
        "sku_date": intake.sku.date, "sku_desa": intake.sku.desa,
        "reason": "; ".join(_short(p) for p in intake.problems) or None,
    }
    detail: dict[str, Any] = {
        "profile": profile_path.name,
        "requirements": intake.requirements,
        "problems": [p.id for p in intake.problems],
        "scale_policy": policy,
    }
    key = register.applicant_key(intake.nik)
    view = register.create(fields, received=intake.complete, by=by, at=at, detail=detail,
                           applicant_key=key)
    return view, intake


def profile_fields(intake: Intake) -> dict[str, Any]:
    """What the register keeps of a profile (and refreshes when the file changed)."""
    return {
        "name": intake.name, "nik_masked": intake.nik_masked, "sex": intake.sex,
        "business_name": intake.business_name, "desa": intake.desa[:100],
        "kbli": ",".join(intake.kbli)[:200], "kbli_section": intake.kbli_section,
        "scale": intake.scale, "scale_policy": intake.scale_policy,
        "profile_sha256": intake.profile_sha256,
    }


def validate(register: Register, case_no: str, *, by: str, policy: ScalePolicy,
             at: datetime | None = None, checked: FileCheck | None = None) -> CaseView:
    """Step 3: the section head validates the file and passes it to the operator.
    ``checked``: the profile's check the section head was just shown (not run twice)."""
    by = _person(by)
    current = register.get(case_no)
    path = Path(current.profile_path)
    if current.stage not in MOVES[Action.VALIDATE][0]:
        raise _refused(current, Action.VALIDATE)
    _second_pair_of_eyes(current, by)
    intake = check_intake(path, policy=policy, missing=set(), checked=checked,
                          sku=Sku(current.sku_number, current.sku_date, current.sku_desa))
    if current.stage is Stage.VALIDATED and intake.profile_sha256 == current.profile_sha256:
        raise _refused(current, Action.VALIDATE)
    profile_errors = [p for p in intake.problems if not p.id.startswith("belum ada")]
    if profile_errors:
        raise NotAllowed(Text(
            "Profil kasus {c} sekarang tidak lolos pemeriksaan ({n} masalah); kembalikan "
            "berkasnya dengan alasan: `oss-assist case validate {c} --return ALASAN`.",
            "The profile of case {c} now fails its check ({n} problems); return the file "
            "with a reason: `oss-assist case validate {c} --return REASON`.",
        ).format(c=current.case_no, n=len(profile_errors)))
    changed = intake.profile_sha256 != current.profile_sha256

    def check(row: Any) -> None:
        _second_pair_of_eyes(row, by)
        if row.stage == Stage.VALIDATED and row.profile_sha256 == intake.profile_sha256:
            # validated meanwhile (by someone else at the same moment) with this same file
            raise _refused(register.get(row.case_no), Action.VALIDATE)

    def change(row: Any, when: datetime) -> None:
        row.validated_at = when
        for name, value in profile_fields(intake).items():  # what the section head saw
            setattr(row, name, value)

    return register.move(case_no, Action.VALIDATE, by=by, at=at, check=check, change=change,
                         detail={"scale_policy": policy, "profile_changed": changed,
                                 "scale": intake.scale})


def return_file(register: Register, case_no: str, reason: str, *, by: str,
                at: datetime | None = None) -> CaseView:
    """Step 3, the other way: the section head returns the file, saying why."""
    by, reason = _person(by), _reason(reason)

    def check(row: Any) -> None:
        _second_pair_of_eyes(row, by)

    def change(row: Any, when: datetime) -> None:
        row.reason, row.closed_at = reason, when

    return register.move(case_no, Action.RETURN, by=by, at=at, check=check, change=change,
                         detail={"reason": reason})


def start_work(register: Register, case_no: str, *, by: str, at: datetime | None = None,
               profile_changed: bool = False) -> CaseView:
    """Steps 4–7 begin (or resume): the operator's run on the portal. ``profile_changed``:
    the file was corrected with the applicant since the last start (step 7)."""
    by = _person(by)

    def change(row: Any, when: datetime) -> None:
        row.started_at = row.started_at or when

    detail = {"profile_changed": True} if profile_changed else {}
    return register.move(case_no, Action.START, by=by, at=at, change=change, detail=detail)


def record_nib(register: Register, case_no: str, nib: str, *, by: str,
               pdf: Path | None = None, risk: str | None = None, by_run: bool = False,
               at: datetime | None = None) -> CaseView:
    """Step 7 ends: the NIB is issued, by the run, or recorded by hand with its PDF when the
    operator had to finish on the portal without the tool."""
    from oss_assist.evidence import case_folder, save_document

    by, nib = _person(by), nib.strip()
    if not _NIB.match(nib):
        raise InputError(Text(f"NIB harus 13 angka; tertulis '{nib[:20]}'.",
                              f"An NIB is 13 digits; given '{nib[:20]}'."))
    current = register.get(case_no)
    if current.stage not in MOVES[Action.NIB][0]:
        raise _refused(current, Action.NIB)
    detail: dict[str, Any] = {"nib": nib, "by_hand": not by_run}
    if risk:
        detail["risk"] = risk
    data: bytes | None = None
    if not by_run:
        if pdf is None:
            raise InputError(Text("NIB yang dicatat tangan perlu berkas PDF-nya: --pdf BERKAS.",
                                  "An NIB recorded by hand needs its PDF: --pdf FILE."))
        data = _pdf_bytes(pdf)

    def keep_pdf(row: Any) -> None:
        """Runs once the move's checks have passed: a refused move leaves no file."""
        if data is None:
            return
        saved = save_document(case_folder(register.archive_dir, row.case_no), "nib.pdf",
                              data, flow="manual", step_name="NIB dicatat tangan")
        from oss_assist.audit import Event, audit_logger

        audit_logger(register.audit_log, case_id=row.case_no, operator=by,
                     office=register.office.name).info(Event.DOCUMENT_SAVED,
                                                       **saved.log_fields())
        detail["file"], detail["sha256"] = saved.name, saved.sha256

    def change(row: Any, when: datetime) -> None:
        keep_pdf(row)
        row.nib, row.nib_at, row.nib_by_hand = nib, when, not by_run
        row.risk = risk or row.risk

    return register.move(case_no, Action.NIB, by=by, at=at, change=change, detail=detail)


def archive(register: Register, case_no: str, *, by: str,
            at: datetime | None = None) -> CaseView:
    """Step 8: the secretariat checks the evidence against its manifest and the audit log,
    and seals it: nothing may be added afterwards."""
    from oss_assist.evidence import seal_case, seal_of, verify_case

    by = _person(by)
    current = register.get(case_no)
    if current.stage not in MOVES[Action.ARCHIVE][0]:
        raise _refused(current, Action.ARCHIVE)
    folder = register.archive_dir / current.case_no
    report = verify_case(folder, audit_log=register.audit_log)
    if not report.intact:
        lines_id = "; ".join(p.text.id for p in report.problems[:5])
        lines_en = "; ".join(p.text.en for p in report.problems[:5])
        raise NotAllowed(Text(
            f"Bukti kasus {current.case_no} tidak utuh ({lines_id}); jangan diarsipkan. "
            f"Laporkan kepada atasan dan periksa: `oss-assist audit evidence {folder}`.",
            f"The evidence of case {current.case_no} is not intact ({lines_en}); do not "
            f"archive it. Tell your supervisor and check: `oss-assist audit evidence "
            f"{folder}`."))
    sealed = seal_of(folder)

    def change(row: Any, when: datetime) -> None:
        # a seal left by an archive whose record failed is taken as it is, not redone
        row.seal_sha256 = sealed or seal_case(folder, by=by, at=when)
        row.archived_at = when

    return register.move(case_no, Action.ARCHIVE, by=by, at=at, change=change,
                         detail={"files": report.files})


def hand_over(register: Register, case_no: str, *, by: str,
              at: datetime | None = None) -> CaseView:
    """Step 9: the counter hands the NIB to the applicant; the SLA clock stops."""
    by = _person(by)

    def change(row: Any, when: datetime) -> None:
        row.handed_over_at = when

    view = register.move(case_no, Action.HAND_OVER, by=by, at=at, change=change)
    return view


def cancel(register: Register, case_no: str, reason: str, *, by: str,
           at: datetime | None = None) -> CaseView:
    """A case ends without an NIB, with the reason; it is never deleted."""
    by, reason = _person(by), _reason(reason)

    def change(row: Any, when: datetime) -> None:
        row.reason, row.closed_at = reason, when

    return register.move(case_no, Action.CANCEL, by=by, at=at, change=change,
                         detail={"reason": reason})


def _second_pair_of_eyes(row: Any, by: str) -> None:
    if row.received_by.strip().casefold() == by.strip().casefold():
        raise NotAllowed(Text(
            f"{by} menerima berkas kasus {row.case_no} di loket, jadi tidak boleh juga "
            "memvalidasinya: validasi adalah pemeriksaan kedua oleh Kepala Seksi.",
            f"{by} received the file of case {row.case_no} at the counter, so may not also "
            "validate it: validation is the section head's second check."))


def _refused(view: CaseView, action: Action) -> OssAssistError:
    from oss_assist.register.service import StageError

    return StageError(refusal(view.case_no, view.stage, action))


def _person(by: str) -> str:
    name = mask_text(" ".join(by.split()))
    if not name:
        raise InputError(Text(
            "Siapa yang melakukan langkah ini? Beri --by NAMA, atau isi OSS_ASSIST_OPERATOR_NAME "
            "di .env.",
            "Who is doing this step? Give --by NAME, or set OSS_ASSIST_OPERATOR_NAME in .env."))
    return name[:100]


def _reason(reason: str) -> str:
    text = mask_text(" ".join(reason.split()))  # a NIK or a phone typed in a reason
    if not text:
        raise InputError(Text("Alasannya wajib ditulis.", "A reason is required."))
    return text[:MAX_REASON]


def _short(problem: Text) -> str:
    """A returned file's reason as the recap groups it."""
    text = problem.id
    if text.startswith("belum ada: "):
        return text
    return "profil tidak lolos pemeriksaan"


def _pdf_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(Text(f"berkas tidak dapat dibaca ({os_reason(exc).id}).",
                              f"the file cannot be read ({os_reason(exc).en})."),
                         where=str(path)) from exc
    if not data.startswith(b"%PDF-"):
        raise InputError(Text("Berkas ini bukan PDF; unduh dokumen NIB dari portal sebagai PDF.",
                              "This file is not a PDF; download the NIB from the portal as "
                              "a PDF."), where=str(path))
    return data


__all__ = ["REQUIREMENTS", "NotAllowed"]
