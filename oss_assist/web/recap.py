"""The recap page (step 10): a month's recap to the Camat on screen, its tables and a bar
chart of the weeks, and the PDF and XLSX to download."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from oss_assist.errors import InputError
from oss_assist.i18n import Lang, Text
from oss_assist.register.documents import letterhead
from oss_assist.register.recap import build_recap, month_period
from oss_assist.register.reportdata import Recap
from oss_assist.web.app import Desk, lang_of, render
from oss_assist.web.auth import require
from oss_assist.web.permissions import Permission

CHART_HEIGHT = 160
BAR_WIDTH = 28


@dataclass(frozen=True)
class Bar:
    """One week in the chart: its on-time and late stacks, in pixels."""

    x: int
    label: str
    on_time: int
    late: int
    on_time_h: float
    late_h: float


def chart(recap: Recap) -> tuple[list[Bar], int]:
    """The weeks as stacked bars (on time below, late above), scaled to the tallest."""
    top = max((w.on_time + w.late for w in recap.weeks), default=0) or 1
    scale = CHART_HEIGHT / top
    bars = [Bar(10 + i * (BAR_WIDTH + 14), f"{w.week_start:%d/%m}", w.on_time, w.late,
                w.on_time * scale, w.late * scale) for i, w in enumerate(recap.weeks)]
    return bars, 20 + len(bars) * (BAR_WIDTH + 14)


def summary(recap: Recap) -> list[tuple[Text, Any]]:
    """The recap's main numbers, as the terminal shows them."""
    from oss_assist.register.recap import summary_rows

    return summary_rows(recap)


def month_of(desk: Desk, text: str | None) -> str:
    """The month asked for, else the current one (office time)."""
    if text:
        return text.strip()[:7]
    return f"{desk.register.calendar.local(desk.now()):%Y-%m}"


def make_recap(desk: Desk, month: str) -> Recap:
    start, end = month_period(month)
    return build_recap(desk.register, start, end, letterhead=letterhead(desk.settings),
                       signer=desk.settings.recap_signer)


def recap_page(desk: Desk, month: str, lang: Lang) -> dict[str, Any]:
    from oss_assist.web.ikm import ELEMENTS
    from oss_assist.web.survey import ikm_between

    recap = make_recap(desk, month)
    index = ikm_between(desk, recap.period_start, recap.period_end)
    survey = desk.settings.web_survey or index.respondents > 0
    bars, width = chart(recap)
    tables = [
        (Text("Per desa", "By desa"), recap.by_desa),
        (Text("Per seksi KBLI", "By KBLI section"), recap.by_kbli_section),
        (Text("Per skala usaha", "By scale"), recap.by_scale),
        (Text("Per tingkat risiko", "By risk level"), recap.by_risk),
        (Text("Per jenis kelamin", "By sex"), recap.by_sex),
    ]
    return {"recap": recap, "month": month, "bars": bars, "chart_width": width,
            "chart_height": CHART_HEIGHT, "bar_width": BAR_WIDTH,
            "summary": [(label.render(lang), value) for label, value in summary(recap)],
            "tables": [(label.render(lang), rows) for label, rows in tables],
            "ikm": index if survey else None,
            "ikm_labels": [(e.key, e.label.render(lang)) for e in ELEMENTS]}


async def recap_view(request: Request) -> Response:
    require(request, Permission.RECAP)
    desk: Desk = request.app.state.desk
    month = month_of(desk, request.query_params.get("bulan"))
    try:
        data = await asyncio.to_thread(recap_page, desk, month, lang_of(request))
    except InputError as exc:
        data = await asyncio.to_thread(recap_page, desk, month_of(desk, None),
                                       lang_of(request))
        return render(request, "recap.html", status=400,
                      error=exc.text.render(lang_of(request)), **data)
    return render(request, "recap.html", error="", **data)


async def download_view(request: Request) -> Response:
    from oss_assist.register.recap_pdf import recap_pdf
    from oss_assist.register.recap_xlsx import recap_xlsx

    require(request, Permission.RECAP)
    desk: Desk = request.app.state.desk
    month, fmt = request.path_params["month"], request.path_params["fmt"]
    if fmt not in ("pdf", "xlsx"):
        raise InputError(Text("format rekap: pdf atau xlsx.", "recap format: pdf or xlsx."))

    def make() -> bytes:
        recap = make_recap(desk, month)
        return recap_pdf(recap) if fmt == "pdf" else recap_xlsx(recap)

    data = await asyncio.to_thread(make)
    media = ("application/pdf" if fmt == "pdf" else
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"rekap-{desk.settings.office_code}-{month}.{fmt}"
    return Response(data, media_type=media, headers={
        "content-disposition": f'attachment; filename="{name}"', "cache-control": "no-store"})


ROUTES = [
    Route("/rekap", recap_view, methods=["GET"]),
    Route("/rekap/{month}/{fmt}", download_view, methods=["GET"]),
]
