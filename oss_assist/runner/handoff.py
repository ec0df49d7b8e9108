"""The operator finishes one step by hand when no locator finds its element; the run goes on.

Two ways on, offered in the panel and the terminal: **point at it** (the operator clicks
the element; the engine does the step there and records the locator for the flow file)
or **do it by hand** (the operator does it, then Lanjut; for a read step he types the
value the page shows). Either way the step's outcome is checked before the run goes on,
and the audit log records a ``manual_step``. A run allows only a few such steps: past that
the portal has changed too much to go on. What each kind of step accepts and checks is
``handoff_steps``'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from oss_assist.audit import Actor, Event
from oss_assist.errors import Cancelled, PageMismatch, PortalError
from oss_assist.flows.model import (
    Check,
    Choose,
    Click,
    Download,
    Fill,
    Flow,
    PickDate,
    Read,
)
from oss_assist.i18n import Text
from oss_assist.runner import locate
from oss_assist.runner.handoff_steps import HandStep, Seen, finish, selector_of, value_of
from oss_assist.runner.operator import CheckpointRequest

if TYPE_CHECKING:
    from oss_assist.runner.engine import Engine

__all__ = ["HandStep", "can_hand_off", "hand_off", "missing"]
TRIES = 3

#: What the operator is asked, per kind of step: the second sentence of the instruction.
_ASKED: dict[type, Text] = {
    PickDate: Text("Tunjuk kolom tanggalnya (Tunjuk) agar alat ini memilih tanggalnya, atau "
                   "pilih sendiri tanggal itu di kalender portal, lalu tekan Lanjut.",
                   "Point at the date field (Point) and the tool picks the date, or pick "
                   "that date yourself in the portal's calendar, then press Lanjut."),
    Read: Text("Tunjuk teks yang menampilkan nilainya (Tunjuk), atau ketik nilainya persis "
               "seperti di halaman, lalu tekan Lanjut.",
               "Point at the text that shows the value (Point), or type the value exactly "
               "as the page shows it, then press Lanjut."),
    Download: Text("Tunjuk tautan unduhnya (Tunjuk) agar alat ini mengunduh dokumennya, atau "
                   "klik sendiri tautan itu, lalu tekan Lanjut; dokumennya disimpan sebagai "
                   "bukti.",
                   "Point at the download link (Point) and the tool downloads the document, "
                   "or click the link yourself, then press Lanjut; the document is kept as "
                   "evidence."),
}
_ASKED_OTHERWISE = Text("Tunjuk elemennya di halaman (Tunjuk), atau kerjakan sendiri lalu "
                        "tekan Lanjut.", "Point at the element in the page (Point), or do it "
                        "yourself, then press Lanjut.")


def can_hand_off(step: Any) -> bool:
    return isinstance(step, HandStep) and not getattr(step, "binding", False) \
        and not getattr(step, "new_page", False)


def hand_off(engine: Engine, flow: Flow, step: HandStep, reason: str) -> None:
    """Ask the operator to finish the step (point at it, or do it by hand), check its
    outcome, record it; raise when the run's allowance of such steps is spent."""
    ctx = engine.ctx
    if ctx.manual_steps >= ctx.max_manual_steps:
        raise PortalError(Text(
            "portal sudah terlalu banyak berubah: {n} langkah sudah dikerjakan operator dalam "
            "jalan ini dan langkah '{s}' juga tidak ditemukan. Jalankan `oss-assist flow "
            "probe`, perbaiki berkas alur, lalu lanjutkan kasus ini.",
            "the portal has changed too much: {n} steps were already done by the operator in "
            "this run and step '{s}' is not found either. Run `oss-assist flow probe`, mend "
            "the flow files, then resume this case.",
        ).format(n=ctx.manual_steps, s=f"{flow.name}/{step.id}"))
    target = engine.target_of(step) if isinstance(step, Check | Read) else step.target
    value = value_of(engine, step)
    shown = f" = '{value}'" if value and isinstance(step, Fill | Choose | PickDate) else ""
    what = Text("Alat ini tidak menemukan {w} untuk langkah '{t}'{v}. {a}",
                "The tool cannot find {w} for step '{t}'{v}. {a}",
                ).format(w=target.describe(), v=shown,
                         t=Text(step.title, step.title_en or step.title),
                         a=_ASKED.get(type(step), _ASKED_OTHERWISE))
    seen = Seen((step.capture.response if step.capture else step.wait_for)
                if isinstance(step, Click) else None)
    page = engine.page
    page.on("response", seen.on_response)
    page.on("download", seen.on_download)
    try:
        for _ in range(TRIES):
            request = CheckpointRequest(flow.name, step.id, "manual", what, value=value,
                                        hint=target, asks_value=isinstance(step, Read))
            ctx.audit.info(Event.CHECKPOINT_REACHED, flow=flow.name, step=step.id,
                           kind="manual", reason=reason)
            decision = ctx.operator.at_checkpoint(page, request)
            if not decision.proceed:
                raise Cancelled(Text(
                    "operator membatalkan pada langkah '{s}'; kasus dapat dilanjutkan nanti",
                    "the operator cancelled at step '{s}'; the case can be resumed later",
                ).format(s=f"{flow.name}/{step.id}"))
            problem = finish(engine, step, decision, value, seen)
            if problem is None:
                _done(engine, flow, step, decision, reason)
                return
            what = problem
    finally:
        page.remove_listener("response", seen.on_response)
        page.remove_listener("download", seen.on_download)
    raise PageMismatch(Text("langkah '{s}' belum selesai setelah {n} kali diserahkan ke "
                            "operator", "step '{s}' is not done after {n} hand-offs")
                       .format(s=f"{flow.name}/{step.id}", n=TRIES))


def _done(engine: Engine, flow: Flow, step: HandStep, decision: Any, reason: str) -> None:
    """Count the step against the run's allowance, record who did it and how, keep the
    screenshot."""
    ctx = engine.ctx
    ctx.manual_steps += 1
    ctx.operator_actions += 1
    fields: dict[str, Any] = {}
    if decision.picked is not None:
        fields["locator"] = selector_of(decision.picked)
        engine.say(Text(
            "catatan: langkah '{s}' ditunjuk operator: {l}; perbaiki berkas alur",
            "note: the operator pointed at step '{s}': {l}; mend the flow file",
        ).format(s=f"{flow.name}/{step.id}", l=fields["locator"]))
    elif isinstance(step, Read):
        fields["typed"] = True  # the value is the operator's reading, not the tool's
    ctx.audit.warning(Event.MANUAL_STEP, flow=flow.name, step=step.id,
                      operator=decision.actor, how=decision.how, reason=reason,
                      actor=Actor.SCRIPTED if decision.scripted else Actor.PERSON, **fields)
    engine.screenshot(step.id, f"{step.title} (operator)")


def missing(engine: Engine, step: Any) -> bool:
    """Whether no locator of the step finds its element now (after the step's waits)."""
    if not can_hand_off(step):
        return False
    target = engine.target_of(step) if isinstance(step, Check | Read) else step.target
    return locate.find_now(engine.page, target) is None
