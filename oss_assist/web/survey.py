"""The satisfaction survey after hand-over (when ``OSS_ASSIST_WEB_SURVEY`` is on): the
counter opens a one-time link for the applicant, who answers on the counter's screen or
their phone without signing in; the recap page shows the month's index."""

from __future__ import annotations

import asyncio
import hashlib
import io
import secrets
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from oss_assist.i18n import Lang, Text
from oss_assist.register import Stage
from oss_assist.web.app import Desk, lang_of, render, say
from oss_assist.web.auth import require_form
from oss_assist.web.ikm import ELEMENTS, Ikm, ikm, valid_answers
from oss_assist.web.permissions import Permission
from oss_assist.web.tables import SurveyRow

LINK_LIFETIME = timedelta(days=7)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _log(desk: Desk, case_no: str, by: str, event: str, **fields: Any) -> None:
    from oss_assist.audit import audit_logger

    audit_logger(desk.settings.audit_log, case_id=case_no, operator=by,
                 office=desk.settings.office).info(event, **fields)


def open_link(desk: Desk, case_no: str, by: str) -> str:
    """A new one-time survey token for a handed-over case."""
    token = secrets.token_urlsafe(24)
    now = desk.now()
    with Session(desk.engine) as session, session.begin():
        session.add(SurveyRow(token_sha256=_digest(token), case_no=case_no,
                              office=desk.register.office.code, created_at=now,
                              created_by=by, expires_at=now + LINK_LIFETIME,
                              answered_at=None, answers=None))
    _log(desk, case_no, by, "survey_link_opened")
    return token


def _live(session: Session, token: str, now: datetime) -> SurveyRow | None:
    row = session.get(SurveyRow, _digest(token))
    if row is None or row.answered_at is not None or row.expires_at < now:
        return None
    return row


def answer(desk: Desk, token: str, answers: dict[str, int]) -> bool:
    """Record the answers once; False when the link is unknown, used or expired."""
    now = desk.now()
    with Session(desk.engine) as session, session.begin():
        row = _live(session, token, now)
        if row is None:
            return False
        row.answers, row.answered_at = dict(answers), now
        case_no = row.case_no
    _log(desk, case_no, "pemohon", "survey_answered", answers=answers)
    return True


def ikm_between(desk: Desk, start: date, end: date) -> Ikm:
    """The index of the surveys answered from ``start`` to ``end`` (inclusive)."""
    tz = desk.register.calendar.tz
    lo = datetime.combine(start, time(0), tz).astimezone(UTC)
    hi = datetime.combine(end + timedelta(days=1), time(0), tz).astimezone(UTC)
    with Session(desk.engine) as session:
        rows = session.scalars(select(SurveyRow.answers).where(
            SurveyRow.office == desk.register.office.code, SurveyRow.answered_at >= lo,
            SurveyRow.answered_at < hi))
        return ikm([dict(a) for a in rows if a])


def qr_svg(url: str) -> str:
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, xmldecl=False,
                                    svgclass="qr", title="QR")
    return out.getvalue().decode("utf-8")


def elements(lang: Lang) -> list[dict[str, Any]]:
    return [{"key": e.key, "label": e.label.render(lang),
             "answers": [(i + 1, a.render(lang)) for i, a in enumerate(e.answers)]}
            for e in ELEMENTS]


async def open_view(request: Request) -> Response:
    who, _ = await require_form(request, Permission.SURVEY_LINK)
    desk: Desk = request.app.state.desk
    case = desk.register.get(request.path_params["case_no"])
    if not desk.settings.web_survey or case.stage is not Stage.HANDED_OVER:
        return render(request, "error.html", status=409, title=say(request, _NOT_NOW),
                      detail="")
    token = await asyncio.to_thread(open_link, desk, case.case_no, who.staff.full_name)
    url = str(request.url_for("survey", token=token))
    return render(request, "survey_link.html", case_no=case.case_no, url=url,
                  qr=qr_svg(url))


async def form_view(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    token = request.path_params["token"]
    with Session(desk.engine) as session:
        live = _live(session, token, desk.now()) is not None
    if not live or not desk.settings.web_survey:
        return render(request, "error.html", status=410, title=say(request, _USED),
                      detail="", public=True)
    return render(request, "survey.html", elements=elements(lang_of(request)), token=token,
                  error="", public=True)


async def answer_view(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    token = request.path_params["token"]
    form = await request.form(max_files=0, max_fields=20, max_part_size=1024)
    answers = valid_answers({k: form.get(k) for k in (e.key for e in ELEMENTS)})
    if answers is None:
        return render(request, "survey.html", status=400, elements=elements(lang_of(request)),
                      token=token, error=say(request, _ALL_NINE), public=True)
    if not desk.settings.web_survey or not await asyncio.to_thread(answer, desk, token,
                                                                   answers):
        return render(request, "error.html", status=410, title=say(request, _USED),
                      detail="", public=True)
    return render(request, "error.html", title=say(request, _THANKS), detail="",
                  public=True)


_NOT_NOW = Text("Survei hanya dibuka setelah NIB diserahkan, bila kantor mengaktifkannya.",
                "The survey opens only after hand-over, when the office has switched it on.")
_USED = Text("Tautan survei ini sudah dipakai atau kedaluwarsa.",
             "This survey link was already used or has expired.")
_ALL_NINE = Text("Mohon jawab kesembilan pertanyaan.", "Please answer all nine questions.")
_THANKS = Text("Terima kasih atas penilaian Anda.", "Thank you for your answers.")
ROUTES = [
    Route("/kasus/{case_no}/survei", open_view, methods=["POST"]),
    Route("/survei/{token}", form_view, methods=["GET"], name="survey"),
    Route("/survei/{token}", answer_view, methods=["POST"]),
]
