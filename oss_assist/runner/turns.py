"""The operator's turns in a run: a checkpoint, a legally binding step (the operator
clicks; the engine only watches for the portal to see it), and the read-back of the
portal's data beside the applicant's file (step 7 of the procedure)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Error as PlaywrightError

from oss_assist.audit import Actor, Event
from oss_assist.errors import Cancelled, PageMismatch
from oss_assist.flows import values
from oss_assist.flows.model import Check, Checkpoint, Click, Flow, ReadBack, ReadTable, Section
from oss_assist.i18n import Text
from oss_assist.runner import actions, resolve
from oss_assist.runner.facts import sent_fact
from oss_assist.runner.operator import CheckpointRequest, ReviewRow

if TYPE_CHECKING:
    from oss_assist.runner.engine import Engine


def ask(engine: Engine, flow: Flow, request: CheckpointRequest) -> None:
    ctx = engine.ctx
    ctx.audit.info(Event.CHECKPOINT_REACHED, flow=flow.name, step=request.step_id,
                   kind=request.kind)
    decision = ctx.operator.at_checkpoint(engine.page, request)
    ctx.operator_actions += 1
    ctx.audit.info(Event.OPERATOR_DECISION, flow=flow.name, step=request.step_id,
                   kind=request.kind, proceed=decision.proceed, operator=decision.actor,
                   actor=Actor.SCRIPTED if decision.scripted else Actor.PERSON,
                   via=decision.how)
    if not decision.proceed:
        raise Cancelled(Text(
            "operator membatalkan pada langkah '{s}'; kasus dapat dilanjutkan nanti",
            "the operator cancelled at step '{s}'; the case can be resumed later",
        ).format(s=f"{flow.name}/{request.step_id}"))


def binding(engine: Engine, flow: Flow, section: Section, step: Check | Click) -> None:
    """A legally binding click: the operator makes it; the engine only watches for it.

    The operator's turn ends when the portal has seen the act (the box ticked, the
    request sent, the page changed), then the engine reads the answer it waited for.
    """
    page, target = engine.page, step.target
    instruction = Text(
        "Langkah mengikat secara hukum: {t}. Periksa bersama pemohon, lalu klik sendiri "
        "'{w}' di browser.",
        "Legally binding step: {t}. Check with the applicant, then click '{w}' yourself "
        "in the browser.",
    ).format(t=Text(step.title, step.title_en or step.title), w=target.describe())
    outline, target, why = resolve.binding_target(engine, flow, step)
    if why is not None:
        instruction = why
    capture = step.capture if isinstance(step, Click) else None
    part = (capture.response if capture else step.wait_for) if isinstance(step, Click) \
        else None
    answers: list[Any] = []

    def seen(response: Any) -> None:
        if part and part in response.url:
            answers.append(response)

    def done() -> bool:
        try:
            if part:
                return bool(answers)
            if isinstance(step, Check):
                return actions.locate(page, target).is_checked()
            return step.done_when is not None and actions.landmark_now(page, step.done_when)
        except PlaywrightError:
            return False

    request = CheckpointRequest(flow.name, step.id, "binding", instruction, target=outline,
                                done=done, hint=target)
    if part:
        engine.set_fact(sent_fact(section), True)  # the operator may send it any moment
    page.on("response", seen)
    try:
        ask(engine, flow, request)
        deadline = time.monotonic() + engine.ctx.timeout_s
        while not done():  # the operator acted; the portal's answer may still be coming
            if time.monotonic() > deadline:
                raise PageMismatch(Text(
                    "langkah '{s}': portal tidak menunjukkan bahwa '{w}' sudah diklik",
                    "step '{s}': the portal does not show that '{w}' was clicked",
                ).format(s=step.id, w=target.describe()))
            page.wait_for_timeout(50)
    finally:
        page.remove_listener("response", seen)
    if part:
        for key, value in actions.answer_facts(answers[0], capture, part).items():
            engine.set_fact(key, value)
    engine.watch.wait_not_busy()


def checkpoint(engine: Engine, flow: Flow, step: Checkpoint) -> None:
    value = values.resolve(step.value, engine.ctx.scope) if step.value else None
    instruction = Text(step.instruction, step.instruction_en or step.instruction)
    request = CheckpointRequest(flow.name, step.id, step.kind, instruction,
                                target=step.target, done_when=step.done_when, value=value)
    ask(engine, flow, request)


def read_table(engine: Engine, table: ReadTable) -> list[ReviewRow]:
    """One review row per cell of the portal's table, beside the profile list's item;
    a row the profile has and the portal not (or the reverse) shows as a difference."""
    scope = engine.ctx.scope
    items = list(values.lookup(scope, table.over))
    headers = [c.header for c in table.columns]
    shown = actions.read_table(actions.locate(engine.page, table.within).first, headers)
    rows: list[ReviewRow] = []
    saved = scope.item
    try:
        for n in range(max(len(items), len(shown))):
            cells = shown[n] if n < len(shown) else {}
            for column in table.columns:
                label = f"{table.label} {n + 1}: {column.header}"
                field = f"{table.over}.{n}.{column.header}"
                expected = "—"
                if n < len(items):
                    scope.item = items[n]
                    expected = engine.text(values.resolve(column.value, scope))
                portal = cells.get(column.header, "")
                rows.append(ReviewRow(field, label, expected, portal,
                                      n < len(items) and n < len(shown)
                                      and same(expected, portal, column.compare)))
    finally:
        scope.item = saved
    return rows


def read_back(engine: Engine, flow: Flow, step: ReadBack) -> None:
    ctx = engine.ctx
    container = actions.locate(engine.page, step.within)
    container.first.wait_for(timeout=ctx.timeout_ms)
    rows: list[ReviewRow] = []
    for item in step.items:
        if item.when and not values.truthy(ctx.scope, item.when):
            continue
        shown = actions.read_labelled(container.first, item.label)
        if item.value is None:  # the portal's own choice: shown, for the applicant
            rows.append(ReviewRow(item.field, item.label, "—", shown, True))
            continue
        expected = engine.text(values.resolve(item.value, ctx.scope))
        rows.append(ReviewRow(item.field, item.label, expected, shown,
                              same(expected, shown, item.compare)))
    for table in step.tables:
        rows += read_table(engine, table)
    differs = [r.field for r in rows if not r.same]
    ctx.audit.info(Event.READ_BACK, flow=flow.name, step=step.id, fields=len(rows),
                   differs=differs)
    instruction = Text(
        "Periksa data di portal bersama pemohon (langkah 7). "
        + ("Ada {n} isian yang berbeda: perbaiki dulu." if differs else
           "Semua isian sama dengan berkas."),
        "Check the portal's data with the applicant (step 7). "
        + ("{n} fields differ: correct them first." if differs else
           "Every field matches the file."),
    ).format(n=len(differs))
    engine.screenshot(step.id, step.title)
    ask(engine, flow, CheckpointRequest(flow.name, step.id, "review", instruction,
                                      review=rows))


def same(expected: str, shown: str, how: str) -> bool:
    if how == "exact":
        return expected == shown
    if how in ("digits", "number"):
        def ascii_digits(text: str) -> str:  # "m²" is no digit, though isdigit() says so
            return "".join(c for c in text if c in "0123456789")

        return ascii_digits(expected) == ascii_digits(shown)
    return " ".join(expected.casefold().split()) == " ".join(shown.casefold().split())
