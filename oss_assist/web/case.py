"""The case page: the stages with who and when, the audit timeline with each screenshot
beside the step that took it, the read-back, the evidence check, and the moves the
viewer's role allows."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from oss_assist.audit.events import LABELS
from oss_assist.errors import InputError
from oss_assist.i18n import Lang, Text
from oss_assist.register import (
    Conflict,
    NotAllowed,
    Register,
    StageError,
    archive,
    cancel,
    hand_over,
    record_nib,
    return_file,
    validate,
)
from oss_assist.register.stages import ACTION_LABELS, MOVES, STAGE_LABELS, Action
from oss_assist.web.app import Desk, lang_of, render, say
from oss_assist.web.auth import Visitor, require, require_form
from oss_assist.web.evidence import EvidenceState, evidence_state
from oss_assist.web.permissions import Permission

MAX_NIB_PDF = 10 * 1024 * 1024
_SHOWN_KEYS = ("flow", "step", "file", "nib", "reason", "outcome", "error", "stage_to")


@dataclass(frozen=True)
class TimelineEntry:
    """One audit line of the case, as the page shows it."""

    line: int
    at: datetime | None
    label: str
    by: str
    details: str
    screenshot: str | None  # the evidence file's name, when the line saved a screenshot
    differs: tuple[str, ...] | None  # the read-back's differing fields


def timeline(events: list[tuple[int, dict[str, Any]]], register: Register,
             lang: Lang) -> list[TimelineEntry]:
    """The case's audit lines, oldest first."""
    out: list[TimelineEntry] = []
    for line, event in events:
        name = str(event.get("event", "?"))
        try:
            at: datetime | None = register.calendar.local(datetime.fromisoformat(
                str(event.get("ts"))))
        except ValueError:
            at = None
        shot = (str(event["file"]) if name == "screenshot_saved" and event.get("file")
                else None)
        differs = (tuple(str(f) for f in event.get("differs") or ())
                   if name == "read_back" else None)
        details = "; ".join(f"{k}: {event[k]}" for k in _SHOWN_KEYS
                            if k in event and event[k] not in (None, ""))
        out.append(TimelineEntry(line, at, LABELS[name].render(lang) if name in LABELS
                                 else name, str(event.get("operator", "")), details, shot,
                                 differs))
    return out


def case_page(desk: Desk, case_no: str, lang: Lang) -> dict[str, Any]:
    """The page's data."""
    register = desk.register
    case = register.get(case_no)
    moves = register.history(case.case_no)
    state: EvidenceState = evidence_state(desk, case.case_no)
    local = register.calendar.local
    open_moves = {a for a, (froms, _) in MOVES.items() if case.stage in froms}
    entries = timeline(state.events, register, lang)
    return {
        "case": case, "moves": moves, "local": local,
        "received_local": local(case.received_at),
        "due_local": local(case.due_at) if case.due_at else None,
        "timeline": entries,
        "evidence": state,
        "open_moves": {a.value for a in open_moves}, "A": Action,
        "action_label": lambda a: ACTION_LABELS[Action(a)].render(lang),
        "stage_label": lambda s: STAGE_LABELS[s].render(lang),
        "sla_label": case.sla.label().render(lang),
        "read_backs": [e for e in entries if e.differs is not None],
        # the chain's last verdict does not reach this case's last line yet
        "chain_behind": bool(state.chain and state.events
                             and state.chain.report.lines < state.events[-1][0]),
    }


# --- the moves --------------------------------------------------------------------------

Run = Callable[[Desk, str, str, FormData, Path | None], object]


def _validate(desk: Desk, case_no: str, by: str, form: FormData, pdf: Path | None) -> object:
    return validate(desk.register, case_no, by=by, policy=desk.settings.scale_policy)


def _return(desk: Desk, case_no: str, by: str, form: FormData, pdf: Path | None) -> object:
    return return_file(desk.register, case_no, str(form.get("alasan", "")), by=by)


def _nib(desk: Desk, case_no: str, by: str, form: FormData, pdf: Path | None) -> object:
    return record_nib(desk.register, case_no, str(form.get("nib", "")), by=by, pdf=pdf)


def _archive(desk: Desk, case_no: str, by: str, form: FormData, pdf: Path | None) -> object:
    return archive(desk.register, case_no, by=by)


def _hand_over(desk: Desk, case_no: str, by: str, form: FormData, pdf: Path | None) -> object:
    return hand_over(desk.register, case_no, by=by)


def _cancel(desk: Desk, case_no: str, by: str, form: FormData, pdf: Path | None) -> object:
    return cancel(desk.register, case_no, str(form.get("alasan", "")), by=by)


#: Each move the page offers: its path segment, the permission it needs, what it does.
MOVE_VIEWS: dict[str, tuple[Permission, Run, Text]] = {
    "validasi": (Permission.VALIDATE, _validate, Text("Berkas divalidasi.", "Validated.")),
    "kembalikan": (Permission.VALIDATE, _return, Text("Berkas dikembalikan.", "Returned.")),
    "nib": (Permission.RECORD_NIB, _nib, Text("NIB dicatat.", "NIB recorded.")),
    "arsip": (Permission.ARCHIVE, _archive, Text("Bukti diperiksa dan disegel.",
                                                 "Evidence checked and sealed.")),
    "serahkan": (Permission.HAND_OVER, _hand_over, Text("NIB diserahkan.", "NIB handed over.")),
    "batal": (Permission.CANCEL, _cancel, Text("Kasus dibatalkan.", "Case cancelled.")),
}

_INTAKE_NOTICES = {
    "terima": Text("Berkas diterima; cetak tanda terimanya untuk pemohon.",
                   "File received; print its receipt for the applicant."),
    "kembali": Text("Berkas DIKEMBALIKAN kepada pemohon; cetak tanda terimanya (memuat "
                    "yang harus dilengkapi).",
                    "File RETURNED to the applicant; print its receipt (it lists what to "
                    "bring)."),
}


async def case_view(request: Request) -> Response:
    require(request, Permission.VIEW)
    desk: Desk = request.app.state.desk
    case_no = request.path_params["case_no"]
    data = await asyncio.to_thread(case_page, desk, case_no, lang_of(request))
    done = request.query_params.get("selesai", "")
    notices = {k: v[2] for k, v in MOVE_VIEWS.items()} | _INTAKE_NOTICES
    notice = say(request, notices[done]) if done in notices else ""
    return render(request, "case.html", notice=notice, error="", **data)


async def move_view(request: Request) -> Response:
    require(request, Permission.VIEW)
    desk: Desk = request.app.state.desk
    case_no, move = request.path_params["case_no"], request.path_params["move"]
    if move not in MOVE_VIEWS:
        return await _missing(request)
    permission, run, _ = MOVE_VIEWS[move]
    who: Visitor
    who, form = await require_form(request, permission)
    desk.register.get(case_no)  # no such case: 404 before anything else
    pdf: Path | None = None
    try:
        pdf = await _upload(form) if move == "nib" else None
        await asyncio.to_thread(run, desk, case_no, who.staff.full_name, form, pdf)
    except (StageError, NotAllowed, Conflict, InputError) as exc:
        status = {StageError: 409, Conflict: 409, NotAllowed: 403}.get(type(exc), 400)
        data = await asyncio.to_thread(case_page, desk, case_no, lang_of(request))
        return render(request, "case.html", status=status, notice="",
                      error=exc.text.render(lang_of(request)), **data)
    finally:
        if pdf is not None:
            pdf.unlink(missing_ok=True)
    return RedirectResponse(f"/kasus/{case_no}?selesai={move}", status_code=303)


async def _upload(form: FormData) -> Path | None:
    """The NIB's PDF, written to a private temporary file."""
    upload = form.get("pdf")
    if not isinstance(upload, UploadFile):
        return None
    data = await upload.read(MAX_NIB_PDF + 1)
    if len(data) > MAX_NIB_PDF:
        raise InputError(Text("PDF NIB terlalu besar (paling besar 10 MB).",
                              "the NIB PDF is too big (at most 10 MB)."))
    handle = tempfile.NamedTemporaryFile(prefix="nib-", suffix=".pdf", delete=False)  # noqa: SIM115
    with handle:
        handle.write(data)
    return Path(handle.name)


async def _missing(request: Request) -> Response:
    return render(request, "error.html", status=404,
                  title=say(request, Text("Halaman tidak ditemukan", "Page not found")),
                  detail="")


ROUTES = [
    Route("/kasus/{case_no}", case_view, methods=["GET"]),
    Route("/kasus/{case_no}/{move}", move_view, methods=["POST"]),
]
