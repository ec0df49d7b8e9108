"""The audit page: the chain verified (intact, or exactly which lines are wrong), its
head, and the log filtered by case, person and event, newest first."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from oss_assist.audit.events import LABELS
from oss_assist.i18n import Lang
from oss_assist.web.app import Desk, lang_of, render
from oss_assist.web.auth import require, require_form
from oss_assist.web.evidence import audit_log
from oss_assist.web.permissions import Permission

SHOWN = 200
#: The chain's problems listed on the page (a mangled log may have a problem a line).
MAX_PROBLEMS = 100
_HIDDEN = frozenset({"ts", "seq", "prev", "hash", "level", "event", "case_id", "office",
                     "operator"})


@dataclass(frozen=True)
class Filter:
    case: str = ""
    person: str = ""
    event: str = ""

    @property
    def any(self) -> bool:
        return bool(self.case or self.person or self.event)


@dataclass(frozen=True)
class LogLine:
    line: int
    at: datetime | None
    case: str
    person: str
    event: str
    label: str
    details: str


def _line(desk: Desk, no: int, record: dict[str, Any] | None, lang: Lang) -> LogLine:
    if record is None:
        return LogLine(no, None, "", "", "?", "[baris tidak terbaca]" if lang == "id"
                       else "[unreadable line]", "")
    event = str(record.get("event", "?"))
    try:
        at: datetime | None = desk.register.calendar.local(
            datetime.fromisoformat(str(record.get("ts"))))
    except ValueError:
        at = None
    details = "; ".join(f"{k}: {v}" for k, v in record.items() if k not in _HIDDEN)
    return LogLine(no, at, str(record.get("case_id") or ""), str(record.get("operator") or ""),
                   event, LABELS[event].render(lang) if event in LABELS else event,
                   details[:400])


def audit_page(desk: Desk, chosen: Filter, lang: Lang) -> dict[str, Any]:
    """The chain's verification and the newest ``SHOWN`` lines that pass the filter."""
    log = audit_log(desk)
    state = log.chain(desk.now())
    person, event = chosen.person.casefold(), chosen.event

    def keep(record: dict[str, Any] | None) -> bool:
        if person and (record is None
                       or person not in str(record.get("operator", "")).casefold()):
            return False
        return not event or (record is not None and record.get("event") == event)

    if chosen.case:
        found: list[tuple[int, dict[str, Any] | None]] = [
            (no, r) for no, r in reversed(log.case_events(chosen.case.strip().upper()))
            if keep(r)][:SHOWN]
    else:
        found = log.newest(keep, SHOWN)
    problems = state.report.problems
    return {"chain": state, "lines": [_line(desk, no, r, lang) for no, r in found],
            "filter": chosen, "events": sorted(log.events() | set(LABELS)), "shown": SHOWN,
            "problems": [(p.line, p.kind, p.text.render(lang))
                         for p in problems[:MAX_PROBLEMS]],
            "more_problems": max(len(problems) - MAX_PROBLEMS, 0),
            "notes": [n.render(lang) for n in state.report.notes]}


async def audit_view(request: Request) -> Response:
    require(request, Permission.AUDIT)
    desk: Desk = request.app.state.desk
    data = await asyncio.to_thread(audit_page, desk, Filter(), lang_of(request))
    return render(request, "audit.html", **data)


async def filter_view(request: Request) -> Response:
    """The filter is sent by POST: a person's name never travels in a URL."""
    _, form = await require_form(request, Permission.AUDIT)
    desk: Desk = request.app.state.desk
    chosen = Filter(str(form.get("kasus", ""))[:40], str(form.get("orang", ""))[:100],
                    str(form.get("peristiwa", ""))[:40])
    data = await asyncio.to_thread(audit_page, desk, chosen, lang_of(request))
    return render(request, "audit.html", **data)


ROUTES = [
    Route("/audit", audit_view, methods=["GET"]),
    Route("/audit", filter_view, methods=["POST"]),
]
