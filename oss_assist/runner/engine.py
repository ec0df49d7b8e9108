"""The engine: runs a flow's steps for one case, knowing nothing of OSS screens.

For each section it skips what the case record says is done, checks that the page is
the expected one before acting, retries transient portal errors with backoff, logs in
again when the session has ended, keeps screenshots as evidence, and hands every
checkpoint and every binding step to the operator.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from oss_assist.audit import Event
from oss_assist.errors import (
    Cancelled,
    OssAssistError,
    PageMismatch,
    PortalError,
    PortalUnavailable,
)
from oss_assist.flows import derivations, values
from oss_assist.flows.model import Check, Flow, Goto, PortalRules, Read, Repeat, Section, Step
from oss_assist.i18n import Text
from oss_assist.runner import act, actions, handoff, resolve
from oss_assist.runner.clear_view import clear_view, restore_view
from oss_assist.runner.facts import (
    ActivityFacts,
    sent_fact,
    with_facts,
    with_item,
    with_value,
)
from oss_assist.runner.operator import Operator
from oss_assist.runner.watch import PageWatch, RedoSection, SessionEnded, describe

__all__ = ["Engine", "FlowOutcome", "RedoSection", "RunContext", "SessionEnded"]

BACKOFF_S = (1.0, 2.0, 4.0, 8.0)
PROFILE_MODEL = derivations.PROFILE_MODEL  # importing it registers the derived values


@dataclass
class RunContext:
    """Everything one flow run needs besides the flow itself."""

    page: Page
    urls: dict[str, str]
    rules: PortalRules
    operator: Operator
    case: Any  # oss_assist.cases.Case
    audit: Any  # a structlog bound logger
    scope: values.Scope
    timeout_s: float = 30.0
    retries: int = 3
    relogin: Callable[[RunContext], None] | None = None
    evidence_dir: Path | None = None
    operator_actions: int = 0
    pages: list[Page] = field(default_factory=list)
    #: each page's pop-up handler, installed once, whichever engine sees the page first
    popup_closers: dict[Page, Callable[[Any], None]] = field(default_factory=dict)
    #: (flow, step, rank, locator) of each step whose element a fallback locator found
    fallbacks_used: list[tuple[str, str, int, str]] = field(default_factory=list)
    #: where the engine tells the operator what the audit log records for the developers
    say: Callable[[Text], None] | None = None
    #: steps the operator finished by hand in this run, and how many a run allows
    manual_steps: int = 0
    max_manual_steps: int = 3

    @property
    def timeout_ms(self) -> float:
        return self.timeout_s * 1000


@dataclass
class FlowOutcome:
    flow: str
    status: str  # done, already-done, cancelled, failed
    seconds: float
    facts: dict[str, Any]


class Engine:
    """Runs flows; one engine per browser page."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.flow_name = ""
        self._handled: list[Page] = []
        self.watch = PageWatch(ctx)  # spinners, error texts, failed answers, logged out
        self._failure_shot = False  # the last screenshot shows the failure being raised
        self.facts = ActivityFacts(ctx.case, "")  # the case facts this run reads and writes
        self._install_popup_handler(ctx.page)

    # -- page helpers -----------------------------------------------------------------

    def _install_popup_handler(self, page: Page) -> None:
        """Prepare a page: timeouts, the pop-up handler, and watching for failed answers."""
        if page in self._handled:
            return
        self._handled.append(page)
        page.set_default_timeout(self.ctx.timeout_ms)
        page.on("response", self.watch.on_response)
        if page not in self.ctx.popup_closers:
            self.ctx.popup_closers[page] = self._popup_closer(page)

    def _popup_closer(self, page: Page) -> Callable[[Any], None]:
        """The page's one pop-up handler, shared by every engine working on that page (the
        log-in run inside another one too)."""
        rules = self.ctx.rules
        buttons = [actions.locate(page, b.model_copy(update={"within": rules.popup_container}))
                   for b in rules.popup_buttons]
        closer = actions.close_popups(page, buttons)
        closing = [False]

        def handler(locator: Any) -> None:
            # The click the handler makes is itself an action Playwright may interrupt to
            # run this handler again; that inner run must leave the pop-up to the outer
            # one, or the outer click waits out its timeout for a button already gone.
            if closing[0]:
                return
            closing[0] = True
            try:
                closed = closer(locator)
            finally:
                closing[0] = False
            if closed:
                self.ctx.audit.info(Event.POPUP_CLOSED, count=closed, url=page.url)

        # one handler for every close button, so that no other handler interrupts it either
        trigger = buttons[0]
        for button in buttons[1:]:
            trigger = trigger.or_(button)
        page.add_locator_handler(trigger, handler, no_wait_after=True)
        return handler

    @property
    def page(self) -> Page:
        return self.ctx.page

    def screenshot(self, step_id: str, title: str, kind: str = "step") -> None:
        from oss_assist import evidence

        if self.ctx.evidence_dir is None:
            return
        self._failure_shot = kind == "failure"
        hidden: list[str] = []
        try:
            if kind != "failure":  # a failure is shown as the page was
                hidden = self._clear_view()
            png = actions.screenshot(self.page, self.ctx.rules.secret_fields)
        except PlaywrightError:
            return
        finally:
            if hidden:
                restore_view(self.page)
        saved = evidence.save_screenshot(
            self.ctx.evidence_dir, step_id, title, png, self.page.url,
            "failure" if kind == "failure" else "step", flow=self.flow_name, hidden=hidden,
        )
        self.ctx.audit.info(Event.SCREENSHOT_SAVED, **saved.log_fields())

    def _clear_view(self) -> list[str]:
        """Close information pop-ups and wait for spinners to go; toasts, and a spinner
        that stays, are hidden for the shot (their selectors returned, for the manifest)."""
        rules = self.ctx.rules
        closer = self.ctx.popup_closers.get(self.page)
        if closer is not None:
            closer(None)
        spinners = [b.css for b in rules.busy if b.css]
        return clear_view(self.page, rules.covering, spinners, rules.cover_wait_s)

    # -- running ----------------------------------------------------------------------

    def run(self, flow: Flow) -> FlowOutcome:
        """Run the flow for the case, resuming after its last completed section."""
        ctx = self.ctx
        self.flow_name = flow.name
        activity = ctx.scope.activity
        self.facts = ActivityFacts(
            ctx.case, f"_kegiatan{activity + 1}" if flow.per_activity and activity else "")
        outer_facts, ctx.scope.facts = ctx.scope.facts, self.facts
        started = time.perf_counter()
        ctx.audit.info(Event.FLOW_STARTED, flow=flow.name, activity=activity)
        status = "done"
        try:
            for section in flow.sections:
                key = self._section_key(flow, section)
                if not flow.session and ctx.case.is_done(flow.name, key):
                    ctx.audit.info(Event.STEP_SKIPPED, flow=flow.name, section=section.id,
                                   reason="done_before")
                    continue
                if section.skip_if_fact and self.facts.get(section.skip_if_fact):
                    ctx.audit.info(Event.STEP_SKIPPED, flow=flow.name, section=section.id,
                                   reason=f"fact:{section.skip_if_fact}")
                    continue
                if self._run_section(flow, section) == "already-done":
                    status = "already-done"
                    break
        except Cancelled:
            status = "cancelled"
            ctx.audit.warning(Event.FLOW_FINISHED, flow=flow.name, outcome=status)
            raise
        except OssAssistError as exc:
            if not self._failure_shot:  # unless the step that failed kept one already
                self.screenshot("gagal", "failure", kind="failure")
            ctx.audit.error(Event.FLOW_FINISHED, flow=flow.name, outcome="failed",
                            error=exc.render("en"))
            raise
        finally:
            ctx.scope.facts = outer_facts  # a log-in run inside this one gives it back
        seconds = time.perf_counter() - started
        ctx.audit.info(Event.FLOW_FINISHED, flow=flow.name, outcome=status,
                       seconds=round(seconds, 2))
        if not flow.session and (not flow.per_activity or status == "already-done"):
            ctx.case.flow_finished(flow.name)
        return FlowOutcome(flow.name, status, seconds, dict(ctx.case.facts))

    def set_fact(self, name: str, value: Any) -> None:
        self.ctx.case.set_fact(self.facts.name(name), value)

    def _unfinished_on_portal(self, section: Section) -> bool:
        """Whether the portal may hold the section's work without the section finished
        here: its data sent and the answer not recorded, or the answer recorded (its skip
        fact, e.g. the NIB) and a later step not done (the session ended before the NIB's
        PDF was saved). Its recover steps then look there; nothing is sent again."""
        return bool(section.recover and (self.facts.get(sent_fact(section))
                                         or self.facts.get(section.skip_if_fact or "")))

    def _recover(self, flow: Flow, section: Section) -> bool:
        """The section's data may have reached the portal before the run stopped or its
        answer failed: look it up there; found, the section is done, nothing sent again."""
        ctx = self.ctx
        ctx.audit.info(Event.RETRY, flow=flow.name, section=section.id,
                       reason="looking_for_earlier_submission")
        self._run_steps(flow, section, section.recover)
        if not self.facts.get(section.skip_if_fact or ""):
            return False
        if section.done_fact:
            self.set_fact(section.done_fact, True)
        ctx.case.complete(flow.name, self._section_key(flow, section))
        ctx.audit.info(Event.STEP_COMPLETED, flow=flow.name, section=section.id,
                       outcome="found_on_portal")
        return True

    def _section_key(self, flow: Flow, section: Section) -> str:
        if flow.per_activity:
            return f"{self.ctx.scope.activity}:{section.id}"
        return section.id

    def _run_section(self, flow: Flow, section: Section) -> str:
        ctx = self.ctx
        for attempt in range(ctx.retries + 2):
            # a failed answer counts for the whole attempt: a list that failed to load
            # when a dialog opened breaks a later step
            self.watch.new_attempt()
            self._back_to_first_tab()
            try:
                if self._unfinished_on_portal(section) and self._recover(flow, section):
                    return "done"
                result = self._run_steps(flow, section, section.steps)
                break
            except RedoSection as redo:
                if attempt > ctx.retries:
                    raise PortalError(Text(
                        "bagian '{s}' gagal setelah {n} kali coba: {e}",
                        "section '{s}' failed after {n} tries: {e}",
                    ).format(s=section.id, n=attempt + 1, e=redo)) from None
                ctx.audit.warning(Event.PORTAL_ERROR, flow=flow.name, section=section.id,
                                  error=str(redo)[:200])
                ctx.audit.info(Event.RETRY, flow=flow.name, section=section.id,
                               attempt=attempt + 1, reason="redo_section")
                time.sleep(BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)])
            except SessionEnded:
                if ctx.relogin is None or attempt > ctx.retries:
                    raise PortalError(Text(
                        "sesi portal berakhir dan tidak dapat masuk kembali",
                        "the portal session ended and logging in again failed")) from None
                ctx.audit.warning(Event.RETRY, flow=flow.name, section=section.id,
                                  reason="session_ended")
                ctx.relogin(ctx)
        else:  # pragma: no cover - the loop always breaks or raises
            raise PortalError(Text("gagal", "failed"))
        if result == "already-done":
            if section.already_done_fact or section.done_fact:
                self.set_fact(section.already_done_fact or section.done_fact or "", True)
            ctx.case.complete(flow.name, self._section_key(flow, section))
            ctx.audit.info(Event.STEP_COMPLETED, flow=flow.name, section=section.id,
                           outcome="already_done_on_portal")
            return result
        if section.done_fact:
            self.set_fact(section.done_fact, True)
        ctx.case.complete(flow.name, self._section_key(flow, section))
        ctx.audit.info(Event.STEP_COMPLETED, flow=flow.name, section=section.id)
        return "done"

    def _run_steps(self, flow: Flow, section: Section, steps: list[Step]) -> str:
        ctx = self.ctx
        for step in steps:
            if step.when and not values.truthy(ctx.scope, step.when):
                continue
            if isinstance(step, Repeat):
                items = values.lookup(ctx.scope, step.over)
                saved = ctx.scope.item
                for item in items:
                    ctx.scope.item = item
                    if step.skip_item_if is not None and self._shows(
                        with_item(step.skip_item_if, item), wait_ms=0
                    ):
                        ctx.audit.info(Event.STEP_SKIPPED, flow=flow.name, step=step.id,
                                       reason="already_on_page")
                        continue
                    if self._run_steps(flow, section, step.steps) == "already-done":
                        return "already-done"
                ctx.scope.item = saved
                continue
            if step.if_visible is not None and not self._shows(
                step.if_visible, wait_ms=step.if_visible_wait_ms
            ):
                continue
            try:
                self._run_step(flow, section, step)
            except PortalError:
                if self._after_step(flow, section, step.id):
                    return "already-done"
                raise
            if self._after_step(flow, section, step.id):
                return "already-done"
        return "done"

    def _after_step(self, flow: Flow, section: Section, step_id: str) -> bool:
        """True when the portal says the section's work was done before; raises when the
        portal refuses the data (one read of the page for both)."""
        done = section.already_done_text
        said, self.watch.said = self.watch.said, None
        if said is None:
            said = self.watch.page_says([*([done] if done else []), *self.ctx.rules.fatal_errors])
        if done and done in said:
            return True
        if said:
            self.screenshot(step_id, "portal refused", kind="failure")
            raise PortalError(Text(
                "portal menolak pada langkah '{s}': \"{t}\". Periksa data pemohon dengan "
                "KTP/berkasnya, perbaiki profil, lalu jalankan lagi.",
                "the portal refused at step '{s}': \"{t}\". Check the applicant's data "
                "against the KTP and file, correct the profile, then run again.",
            ).format(s=f"{flow.name}/{step_id}", t=said[0]))
        return False

    def _shows(self, target: Any, wait_ms: float = 0) -> bool:
        """Whether the page, once loaded, shows the target (giving it a moment to appear)."""
        loc = actions.locate(self.page, target).first
        try:
            self.page.wait_for_load_state("domcontentloaded")
            # a pop-up may stand in front of what is looked for (and may hold it back,
            # as the portal opens the KBLI 2025 dialog after its information pop-up)
            closer = self.ctx.popup_closers.get(self.page)
            if closer is not None:
                closer(loc)
            if wait_ms <= 0:  # Playwright reads a timeout of 0 as "wait for ever"
                return loc.is_visible()
            loc.wait_for(state="visible", timeout=wait_ms)
        except PlaywrightError:
            return False
        return True

    def _run_step(self, flow: Flow, section: Section, step: Step) -> None:
        ctx = self.ctx
        name = f"{flow.name}/{section.id}/{step.id}"
        acted = False
        step = with_facts(step, self.facts)
        for attempt in range(ctx.retries + 1):
            if step.expect is not None and not self.watch.await_landmark(step.expect):
                self.screenshot(step.id, "page mismatch", kind="failure")
                raise PageMismatch(Text(
                    "langkah '{s}': halaman bukan yang diharapkan ({w}); alur dihentikan agar "
                    "tidak mengisi formulir yang salah. Periksa browser, lalu jalankan lagi.",
                    "step '{s}': the page is not the expected one ({w}); the flow stopped so "
                    "as not to type into the wrong form. Check the browser, then run again.",
                ).format(s=name, w=describe(step.expect)))
            try:
                with actions.translated(name):
                    if not isinstance(step, Goto) and not self.watch.idle_seen:
                        self.watch.wait_not_busy()  # unless the read after the last step saw none
                    self.watch.idle_seen = False
                    acted = act.act(self, flow, section, resolve.step_target(self, flow, step))
            except PortalError as exc:
                if self.watch.session_ended() or self.watch.logged_out:
                    raise SessionEnded from exc
                if isinstance(exc, PortalUnavailable) and self._unfinished_on_portal(section):
                    # its own request failed after sending the section's data, which the
                    # portal may have saved all the same: look there before sending again
                    raise RedoSection(exc.render("en")) from exc
                error = self.watch.transient_error()
                if error is None and isinstance(exc, PortalUnavailable):
                    error = exc.render("en")  # its own request failed: try the step again
                elif error is None and self.watch.trouble:
                    # another request failed (e.g. the options never loaded): start the
                    # section again from its page
                    raise RedoSection(f"HTTP {self.watch.trouble[-1]} ({name})") from exc
                if (error is None and isinstance(exc, PageMismatch)
                        and isinstance(step, handoff.HandStep) and handoff.missing(self, step)):
                    # no locator finds the element, and the portal reported no trouble: the
                    # operator finishes this step, the run goes on
                    handoff.hand_off(self, flow, step, exc.render("en")[:300])
                    acted = True
                    break
                if error is None:
                    raise
            else:
                error = self.watch.transient_error(section)
            if error is None:
                break
            if attempt >= ctx.retries:
                raise PortalError(Text(
                    "langkah '{s}': portal masih bermasalah setelah {n} kali coba: {e}",
                    "step '{s}': the portal still fails after {n} tries: {e}",
                ).format(s=name, n=attempt + 1, e=error))
            ctx.audit.warning(Event.PORTAL_ERROR, step=name, error=error[:200])
            delay = BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)]
            ctx.audit.info(Event.RETRY, step=name, attempt=attempt + 1, wait_s=delay)
            time.sleep(delay)
        if step.screenshot and acted:
            self.screenshot(step.id, step.title)

    # -- one step -----------------------------------------------------------------------

    def say(self, text: Text) -> None:
        if self.ctx.say is not None:
            self.ctx.say(text)

    def text(self, value: Any) -> str:
        return values.as_text(value)

    def target_of(self, step: Check | Read) -> Any:
        """The step's target with ``{value}`` filled in from its value, if it has one."""
        if step.value is None:
            return step.target
        return with_value(step.target, self.text(values.resolve(step.value, self.ctx.scope)))

    def _back_to_first_tab(self) -> None:
        """Close tabs a step opened (e.g. Amdalnet) so a section starts where it should."""
        while self.ctx.pages:
            with contextlib.suppress(PlaywrightError):
                self.ctx.page.close()
            self.ctx.page = self.ctx.pages.pop()
        with contextlib.suppress(PlaywrightError):
            self.ctx.page.bring_to_front()

    def switch(self, page: Page) -> None:
        self.ctx.page = page
        self._install_popup_handler(page)

