"""The register page: what needs doing today first, then every case, filtered by stage,
desa, lateness and date; each with its SLA state; search by case number or name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from oss_assist.register import CaseView, Register, Stage
from oss_assist.register.db import CaseRow
from oss_assist.register.stages import OPEN, STAGE_LABELS
from oss_assist.register.views import case_view
from oss_assist.web.app import Desk, lang_of, render
from oss_assist.web.auth import require, require_form
from oss_assist.web.permissions import Permission

PAGE_SIZE = 50
MAX_SEARCH = 60


@dataclass(frozen=True)
class Filters:
    """The register page's filters, as the query string gives them."""

    stage: Stage | None = None
    desa: str = ""
    late: bool = False
    day: date | None = None
    page: int = 1

    @classmethod
    def parse(cls, query: Any) -> Filters:
        stage = query.get("tahap", "")
        day = query.get("tanggal", "")
        page = query.get("hal", "1")
        try:
            parsed_day = date.fromisoformat(day) if day else None
        except ValueError:
            parsed_day = None
        return cls(stage=Stage(stage) if stage in Stage._value2member_map_ else None,
                   desa=str(query.get("desa", ""))[:100], late=query.get("terlambat") == "1",
                   day=parsed_day,
                   page=max(1, min(int(page), 10_000)) if page.isdigit() else 1)


@dataclass(frozen=True)
class Row:
    """One line of the register table."""

    case: CaseView
    received_local: datetime
    due_local: datetime | None
    today: bool


def _row(register: Register, case: CaseView, today: date) -> Row:
    local = register.calendar.local
    received = local(case.received_at)
    return Row(case, received, local(case.due_at) if case.due_at else None,
               received.date() == today)


def register_page(register: Register, filters: Filters, *, search: str = "") -> dict[str, Any]:
    """The page's data: today's open work, the filtered (or searched) cases, the desa."""
    now = register.now()
    calendar = register.calendar
    today = calendar.local(now).date()
    day_end = datetime.combine(today + timedelta(days=1), time(0), calendar.tz).astimezone(UTC)
    office = register.office.code
    query = select(CaseRow).where(CaseRow.office == office)
    if search:
        needle = search.strip()[:MAX_SEARCH]
        query = query.where(or_(CaseRow.case_no == needle.upper(),
                                func.lower(CaseRow.name).contains(needle.lower(),
                                                                  autoescape=True)))
    else:
        if filters.stage is not None:
            query = query.where(CaseRow.stage == filters.stage.value)
        if filters.desa:
            query = query.where(CaseRow.desa == filters.desa)
        if filters.late:
            query = query.where(CaseRow.open_key.is_not(None), CaseRow.due_at < now)
        if filters.day is not None:
            lo = datetime.combine(filters.day, time(0), calendar.tz).astimezone(UTC)
            query = query.where(CaseRow.received_at >= lo,
                                CaseRow.received_at < lo + timedelta(days=1))
    with Session(register.engine) as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        found = session.scalars(query.order_by(CaseRow.received_at.desc(), CaseRow.id.desc())
                                .limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE))
        rows = [_row(register, case_view(r, calendar, now), today) for r in found]
        due = session.scalars(
            select(CaseRow).where(CaseRow.office == office, CaseRow.open_key.is_not(None),
                                  CaseRow.due_at < day_end)
            .order_by(CaseRow.due_at).limit(PAGE_SIZE))
        pressing = [_row(register, case_view(r, calendar, now), today) for r in due]
        desas = list(session.scalars(select(CaseRow.desa).where(CaseRow.office == office)
                                     .distinct().order_by(CaseRow.desa)))
    return {"rows": rows, "pressing": pressing, "total": total, "filters": filters,
            "desas": desas, "stages": [s for s in Stage], "search": search,
            "pages": max(1, -(-total // PAGE_SIZE)), "today": today,
            "open_stages": OPEN}


def _labels(request: Request) -> dict[str, Any]:
    lang = lang_of(request)
    return {"stage_label": lambda s: STAGE_LABELS[Stage(s)].render(lang),
            "sla_label": lambda sla: sla.label().render(lang)}


async def register_view(request: Request) -> Response:
    require(request, Permission.VIEW)
    desk: Desk = request.app.state.desk
    data = register_page(desk.register, Filters.parse(request.query_params))
    return render(request, "register.html", **data, **_labels(request))


async def search_view(request: Request) -> Response:
    """Search by POST: a name never travels in a URL (nor in a log line of one)."""
    _, form = await require_form(request, Permission.VIEW)
    desk: Desk = request.app.state.desk
    text = str(form.get("cari", ""))[:MAX_SEARCH]
    data = register_page(desk.register, Filters(), search=text)
    return render(request, "register.html", **data, **_labels(request))


ROUTES = [
    Route("/", register_view, methods=["GET"]),
    Route("/cari", search_view, methods=["POST"]),
]
