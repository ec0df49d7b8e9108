"""One step's action on the page, by kind: go, fill, choose, pick a date, tick, click,
upload, wait, read, download, close a tab; the operator's turns are ``turns``'."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Error as PlaywrightError

from oss_assist.audit import Event
from oss_assist.errors import FlowError, PageMismatch, PortalError
from oss_assist.flows import values
from oss_assist.flows.model import (
    Check,
    Checkpoint,
    Choose,
    Click,
    CloseTab,
    Download,
    Fill,
    Flow,
    Goto,
    PickDate,
    Read,
    ReadBack,
    Screenshot,
    Section,
    Step,
    Upload,
    WaitFor,
)
from oss_assist.i18n import Text
from oss_assist.runner import actions, turns
from oss_assist.runner.facts import FactPath, sent_fact
from oss_assist.runner.watch import SessionEnded

if TYPE_CHECKING:
    from oss_assist.runner.engine import Engine


def act(engine: Engine, flow: Flow, section: Section, step: Step) -> bool:
    """Do the step; False when an optional step found nothing to act on."""
    ctx, page = engine.ctx, engine.page
    if not isinstance(step, Goto | Checkpoint | Screenshot | WaitFor) and step.optional:
        target = (engine.target_of(step) if isinstance(step, Check | Read)
                  else getattr(step, "target", None))
        if target is not None and actions.locate(page, target).count() == 0:
            return False
    if isinstance(step, Goto):
        path = step.path.format(fact=FactPath(engine.facts))
        url = ctx.urls[step.host] + path
        for tries_left in (2, 1, 0):
            try:
                page.goto(url)
                break
            except PlaywrightError as exc:
                if "interrupted by another navigation" not in str(exc) or not tries_left:
                    raise
                # the page was still leaving for where the last click sent it: let
                # it arrive, then go where this step wants
                page.wait_for_load_state()
                page.wait_for_timeout(250)
        engine.watch.wait_not_busy()
        if engine.watch.session_ended() and step.host != "login":
            raise SessionEnded
    elif isinstance(step, Fill):
        text = engine.text(values.resolve(step.value, ctx.scope))
        actions.fill(page, step.target, text)
        if step.press:
            actions.locate(page, step.target).press(step.press)
        ctx.audit.info(Event.FIELD_FILLED, flow=flow.name, step=step.id, field=step.field)
    elif isinstance(step, Choose):
        text = engine.text(values.resolve(step.value, ctx.scope))
        actions.choose(page, step.target, text, search=step.search, match=step.match,
                       wait_for=step.wait_for, timeout_ms=ctx.timeout_ms)
        ctx.audit.info(Event.FIELD_FILLED, flow=flow.name, step=step.id, field=step.field)
    elif isinstance(step, PickDate):
        when = when_of(engine, step)
        if ctx.rules.date_picker is None:
            raise FlowError(Text(
                "langkah '{s}' memilih tanggal, tetapi _portal.yaml tidak menjelaskan "
                "date_picker", "step '{s}' picks a date, but _portal.yaml has no "
                "date_picker").format(s=step.id))
        actions.pick_date(page, step.target, when, month_only=step.month_only,
                          picker=ctx.rules.date_picker)
        ctx.audit.info(Event.FIELD_FILLED, flow=flow.name, step=step.id, field=step.field)
    elif isinstance(step, Check):
        if step.binding:
            turns.binding(engine, flow, section, step)
        else:
            actions.check(page, engine.target_of(step))
            if step.field:
                ctx.audit.info(Event.FIELD_FILLED, flow=flow.name, step=step.id,
                               field=step.field)
    elif isinstance(step, Click):
        if step.binding:
            turns.binding(engine, flow, section, step)
        elif step.navigates:
            with page.expect_navigation(timeout=ctx.timeout_ms):
                actions.locate(page, step.target).click()
        elif step.new_page:
            new = actions.click_new_page(page, step.target, ctx.timeout_ms)
            ctx.pages.append(page)
            engine.switch(new)
            query = parse_qs(urlsplit(new.url).query)
            for param, fact in step.url_facts.items():
                if not query.get(param):
                    raise PageMismatch(Text(
                        "langkah '{s}': alamat tab baru tidak memuat '{p}'",
                        "step '{s}': the new tab's address holds no '{p}'",
                    ).format(s=f"{flow.name}/{step.id}", p=param))
                engine.set_fact(fact, query[param][0])
        else:
            if step.capture is not None:
                # from here until the answer is recorded, the portal may hold the data
                engine.set_fact(sent_fact(section), True)
            facts = actions.click(page, step.target, capture=step.capture,
                                  wait_for=step.wait_for, timeout_ms=ctx.timeout_ms)
            for key, value in facts.items():
                engine.set_fact(key, value)
            engine.watch.wait_not_busy()
    elif isinstance(step, Upload):
        document = ctx.scope.base_dir / engine.text(values.resolve(step.value, ctx.scope))
        if not document.is_file():
            raise FlowError(Text(
                "berkas '{p}' untuk '{f}' tidak ada; periksa profil pemohon",
                "the file '{p}' for '{f}' does not exist; check the applicant's profile",
            ).format(p=document, f=step.field))
        actions.upload(page, step.target, str(document))
        ctx.audit.info(Event.FIELD_FILLED, flow=flow.name, step=step.id, field=step.field)
    elif isinstance(step, WaitFor):
        timeout = step.timeout_s * 1000
        if step.text:
            page.get_by_text(step.text).first.wait_for(timeout=timeout)
        if step.target:
            actions.locate(page, step.target).first.wait_for(timeout=timeout)
        if step.gone:
            actions.locate(page, step.gone).first.wait_for(state="hidden", timeout=timeout)
    elif isinstance(step, Read):
        value = actions.read_text(page, engine.target_of(step), step.pattern,
                                  required=not step.optional, timeout_ms=ctx.timeout_ms)
        if value is None:
            return False
        engine.set_fact(step.fact, value)
        ctx.audit.info(Event.VALUE_READ, flow=flow.name, step=step.id, **{step.fact: value})
    elif isinstance(step, Download):
        download(engine, step)
    elif isinstance(step, ReadBack):
        turns.read_back(engine, flow, step)
    elif isinstance(step, Checkpoint):
        turns.checkpoint(engine, flow, step)
    elif isinstance(step, CloseTab):
        if ctx.pages:
            page.close()
            engine.switch(ctx.pages.pop())
            page = ctx.page
            page.bring_to_front()
    elif isinstance(step, Screenshot):
        pass  # the screenshot is taken after every step that asks for one
    return True


def when_of(engine: Engine, step: PickDate) -> date:
    """The date a pick_date step picks (a ``YYYY-MM`` value: its first day)."""
    when = values.resolve(step.value, engine.ctx.scope)
    if isinstance(when, str) and len(when) == 7 and when[4] == "-":  # YYYY-MM
        when = date(int(when[:4]), int(when[5:]), 1)
    if not isinstance(when, date):
        raise PortalError(Text("'{f}' bukan tanggal", "'{f}' is not a date").format(f=step.field))
    return when


def download(engine: Engine, step: Download, data: bytes | None = None) -> None:
    """Download the step's document (``data``: one the operator's hand-off already
    downloaded) and keep it as evidence."""
    from oss_assist import evidence

    if data is None:
        data = actions.download(engine.page, step.target, engine.ctx.timeout_ms)
    if engine.ctx.evidence_dir is not None:
        saved = evidence.save_document(engine.ctx.evidence_dir, step.document, data,
                                       flow=engine.flow_name, step=step.id,
                                       step_name=step.title, url=engine.page.url)
        engine.ctx.audit.info(Event.DOCUMENT_SAVED, **saved.log_fields())
    if step.fact:
        engine.set_fact(step.fact, step.document)

