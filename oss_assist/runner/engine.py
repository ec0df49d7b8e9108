"""The engine: runs a flow's steps for one case, knowing nothing of OSS screens.

For each section it skips what the case record says is done, checks that the page is
the expected one before acting, retries transient portal errors with backoff, logs in
again when the session has ended, keeps screenshots as evidence, and hands every
checkpoint and every binding step to the operator.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from oss_assist.audit import Actor, Event
from oss_assist.errors import (
    Cancelled,
    FlowError,
    OssAssistError,
    PageMismatch,
    PortalError,
    PortalUnavailable,
)
from oss_assist.flows import derivations, values
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
    PortalRules,
    Read,
    ReadBack,
    ReadTable,
    Repeat,
    Screenshot,
    Section,
    Step,
    Upload,
    WaitFor,
)
from oss_assist.i18n import Text
from oss_assist.runner import actions, handoff, resolve
from oss_assist.runner.clear_view import clear_view, restore_view
from oss_assist.runner.operator import CheckpointRequest, Operator, ReviewRow

BACKOFF_S = (1.0, 2.0, 4.0, 8.0)
PROFILE_MODEL = derivations.PROFILE_MODEL  # importing it registers the derived values


class SessionEnded(Exception):
    """The portal logged the user out; the section is redone after logging in again."""


class RedoSection(Exception):
    """A step failed after the portal failed a request; the section is redone from its start."""


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
        self._flow_name = ""
        self._handled: list[Page] = []
        #: HTTP statuses of the portal's failed answers (5xx, 401) in this section attempt
        self._trouble: list[int] = []
        self._logged_out = False  # a 401 was seen since the section started
        self._said: list[str] | None = None  # what the last step's read of the page found
        self._failure_shot = False  # the last screenshot shows the failure being raised
        #: the read after the last step saw no spinner: the next step need not look again
        self._idle_seen = False
        self.facts = ActivityFacts(ctx.case, "")  # the case facts this run reads and writes
        self._install_popup_handler(ctx.page)

    # -- page helpers -----------------------------------------------------------------

    def _install_popup_handler(self, page: Page) -> None:
        """Prepare a page: timeouts, the pop-up handler, and watching for failed answers."""
        if page in self._handled:
            return
        self._handled.append(page)
        page.set_default_timeout(self.ctx.timeout_ms)
        page.on("response", self._on_response)
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

    def _on_response(self, response: Any) -> None:
        if response.status >= 500 or response.status == 401:
            self._trouble.append(response.status)
        if response.status == 401:
            self._logged_out = True

    @property
    def page(self) -> Page:
        return self.ctx.page

    def _session_ended(self) -> bool:
        return actions.landmark_now(self.page, self.ctx.rules.session_expired)

    def _page_says(self, texts: list[str]) -> list[str]:
        """Which of the texts the page shows now, and (kept for the next step) whether a
        spinner shows: one read of the page for both."""
        self._idle_seen = False
        selectors = [b.css for b in self.ctx.rules.busy if b.css]
        if not texts or len(selectors) != len(self.ctx.rules.busy):
            return [] if not texts else self._texts_only(texts)
        try:
            shown, busy = self.page.evaluate(
                "([texts, sels]) => { const t = document.body ? document.body.innerText : '';"
                " return [texts.filter(x => t.includes(x)), sels.some(s =>"
                " [...document.querySelectorAll(s)].some(e => e.getClientRects().length > 0))];"
                " }", [texts, selectors])
        except PlaywrightError:
            return []
        self._idle_seen = not busy
        return list(shown)

    def _texts_only(self, texts: list[str]) -> list[str]:
        try:
            shown: list[str] = self.page.evaluate(
                "texts => { const t = document.body ? document.body.innerText : '';"
                " return texts.filter(x => t.includes(x)); }", texts)
        except PlaywrightError:
            return []
        return shown

    def _transient_error(self, section: Section | None = None) -> str | None:
        """A transient error the page shows; with a section, the read is kept for
        ``_after_step`` (its already-done and fatal texts), so a step reads the page once."""
        rules = self.ctx.rules
        extra = ([section.already_done_text] if section and section.already_done_text
                 else []) + (rules.fatal_errors if section else [])
        found = self._page_says([*rules.transient_errors, *extra])
        self._said = [t for t in found if t not in rules.transient_errors] if section else None
        transient = [t for t in found if t in rules.transient_errors]
        return transient[0] if transient else None

    def _busy_now(self) -> bool:
        """Whether a spinner shows now: one look at the page (the usual answer is no)."""
        selectors = [b.css for b in self.ctx.rules.busy if b.css]
        if len(selectors) != len(self.ctx.rules.busy):
            return True  # a spinner not given as CSS: let Playwright look
        try:
            busy: bool = self.page.evaluate(
                "sels => sels.some(s => [...document.querySelectorAll(s)]"
                ".some(e => e.getClientRects().length > 0))", selectors)
        except PlaywrightError:
            return True
        return busy

    def _wait_not_busy(self) -> None:
        if not self._busy_now():
            return
        for spinner in self.ctx.rules.busy:
            loc = actions.locate(self.page, spinner)
            try:
                loc.first.wait_for(state="hidden", timeout=min(self.ctx.timeout_ms, 10_000))
            except PlaywrightError:
                # a spinner that sticks clears only on reload (a known portal quirk)
                self.ctx.audit.warning(Event.RETRY, reason="spinner_stuck", url=self.page.url)
                self.page.reload()
                loc.first.wait_for(state="hidden", timeout=self.ctx.timeout_ms)

    def _await_landmark(self, landmark: Any) -> bool:
        """Wait for the landmark; notice at once when the portal logged the user out."""
        deadline = time.monotonic() + self.ctx.timeout_s
        while True:
            if actions.landmark_now(self.page, landmark):
                return True
            if self._session_ended():
                raise SessionEnded
            if time.monotonic() > deadline:
                return False
            self.page.wait_for_timeout(100)

    def _screenshot(self, step_id: str, title: str, kind: str = "step") -> None:
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
            "failure" if kind == "failure" else "step", flow=self._flow_name, hidden=hidden,
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
        self._flow_name = flow.name
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
                self._screenshot("gagal", "failure", kind="failure")
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

    def _set_fact(self, name: str, value: Any) -> None:
        self.ctx.case.set_fact(self.facts.name(name), value)

    def _maybe_sent(self, section: Section) -> bool:
        """Whether the section's data may be on the portal without its answer recorded."""
        return bool(section.recover and self.facts.get(_sent(section))
                    and not self.facts.get(section.skip_if_fact or ""))

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
            self._set_fact(section.done_fact, True)
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
            self._logged_out = False
            self._trouble.clear()
            self._back_to_first_tab()
            try:
                if self._maybe_sent(section) and self._recover(flow, section):
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
                self._set_fact(section.already_done_fact or section.done_fact or "", True)
            ctx.case.complete(flow.name, self._section_key(flow, section))
            ctx.audit.info(Event.STEP_COMPLETED, flow=flow.name, section=section.id,
                           outcome="already_done_on_portal")
            return result
        if section.done_fact:
            self._set_fact(section.done_fact, True)
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
                        _with_item(step.skip_item_if, item), wait_ms=0
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
        said, self._said = self._said, None
        if said is None:
            said = self._page_says([*([done] if done else []), *self.ctx.rules.fatal_errors])
        if done and done in said:
            return True
        if said:
            self._screenshot(step_id, "portal refused", kind="failure")
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
        for attempt in range(ctx.retries + 1):
            if step.expect is not None and not self._await_landmark(step.expect):
                self._screenshot(step.id, "page mismatch", kind="failure")
                raise PageMismatch(Text(
                    "langkah '{s}': halaman bukan yang diharapkan ({w}); alur dihentikan agar "
                    "tidak mengisi formulir yang salah. Periksa browser, lalu jalankan lagi.",
                    "step '{s}': the page is not the expected one ({w}); the flow stopped so "
                    "as not to type into the wrong form. Check the browser, then run again.",
                ).format(s=name, w=_describe(step.expect)))
            try:
                with actions.translated(name):
                    if not isinstance(step, Goto) and not self._idle_seen:
                        self._wait_not_busy()  # unless the read after the last step saw none
                    self._idle_seen = False
                    acted = self._act(flow, section, resolve.step_target(self, flow, step))
            except PortalError as exc:
                if self._session_ended() or self._logged_out:
                    raise SessionEnded from exc
                if isinstance(exc, PortalUnavailable) and self._maybe_sent(section):
                    # its own request failed after sending the section's data, which the
                    # portal may have saved all the same: look there before sending again
                    raise RedoSection(exc.render("en")) from exc
                error = self._transient_error()
                if error is None and isinstance(exc, PortalUnavailable):
                    error = exc.render("en")  # its own request failed: try the step again
                elif error is None and self._trouble:
                    # another request failed (e.g. the options never loaded): start the
                    # section again from its page
                    raise RedoSection(f"HTTP {self._trouble[-1]} ({name})") from exc
                if (error is None and isinstance(exc, PageMismatch)
                        and isinstance(step, handoff.HandStep) and handoff.missing(self, step)):
                    # no locator finds the element, and the portal reported no trouble: the
                    # operator finishes this step, the run goes on
                    handoff.hand_off(self, flow, section, step, exc.render("en")[:300])
                    acted = True
                    break
                if error is None:
                    raise
            else:
                error = self._transient_error(section)
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
            self._screenshot(step.id, step.title)

    # -- one step -----------------------------------------------------------------------

    def _say(self, text: Text) -> None:
        if self.ctx.say is not None:
            self.ctx.say(text)

    def _text(self, value: Any) -> str:
        return values.as_text(value)

    def _target(self, step: Check | Read) -> Any:
        """The step's target with ``{value}`` filled in from its value, if it has one."""
        if step.value is None:
            return step.target
        return _with_value(step.target, self._text(values.resolve(step.value, self.ctx.scope)))

    def _act(self, flow: Flow, section: Section, step: Step) -> bool:
        """Do the step; False when an optional step found nothing to act on."""
        ctx, page = self.ctx, self.page
        if not isinstance(step, Goto | Checkpoint | Screenshot | WaitFor) and step.optional:
            target = (self._target(step) if isinstance(step, Check | Read)
                      else getattr(step, "target", None))
            if target is not None and actions.locate(page, target).count() == 0:
                return False
        if isinstance(step, Goto):
            path = step.path.format(fact=_Facts(self.facts))
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
            self._wait_not_busy()
            if self._session_ended() and step.host != "login":
                raise SessionEnded
        elif isinstance(step, Fill):
            text = self._text(values.resolve(step.value, ctx.scope))
            actions.fill(page, step.target, text)
            if step.press:
                actions.locate(page, step.target).press(step.press)
            ctx.audit.info(Event.FIELD_FILLED, flow=flow.name, step=step.id, field=step.field)
        elif isinstance(step, Choose):
            text = self._text(values.resolve(step.value, ctx.scope))
            actions.choose(page, step.target, text, search=step.search, match=step.match,
                           wait_for=step.wait_for, timeout_ms=ctx.timeout_ms)
            ctx.audit.info(Event.FIELD_FILLED, flow=flow.name, step=step.id, field=step.field)
        elif isinstance(step, PickDate):
            when = values.resolve(step.value, ctx.scope)
            if isinstance(when, str) and len(when) == 7 and when[4] == "-":  # YYYY-MM
                when = date(int(when[:4]), int(when[5:]), 1)
            if not isinstance(when, date):
                raise PortalError(Text("'{f}' bukan tanggal", "'{f}' is not a date")
                                  .format(f=step.field))
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
                self._binding(flow, section, step)
            else:
                actions.check(page, self._target(step))
                if step.field:
                    ctx.audit.info(Event.FIELD_FILLED, flow=flow.name, step=step.id,
                                   field=step.field)
        elif isinstance(step, Click):
            if step.binding:
                self._binding(flow, section, step)
            elif step.navigates:
                with page.expect_navigation(timeout=ctx.timeout_ms):
                    actions.locate(page, step.target).click()
            elif step.new_page:
                new = actions.click_new_page(page, step.target, ctx.timeout_ms)
                ctx.pages.append(page)
                self._switch(new)
            else:
                if step.capture is not None:
                    # from here until the answer is recorded, the portal may hold the data
                    self._set_fact(_sent(section), True)
                facts = actions.click(page, step.target, capture=step.capture,
                                      wait_for=step.wait_for, timeout_ms=ctx.timeout_ms)
                for key, value in facts.items():
                    self._set_fact(key, value)
                self._wait_not_busy()
        elif isinstance(step, Upload):
            document = ctx.scope.base_dir / self._text(values.resolve(step.value, ctx.scope))
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
            value = actions.read_text(page, self._target(step), step.pattern,
                                      required=not step.optional, timeout_ms=ctx.timeout_ms)
            if value is None:
                return False
            self._set_fact(step.fact, value)
            ctx.audit.info(Event.VALUE_READ, flow=flow.name, step=step.id, **{step.fact: value})
        elif isinstance(step, Download):
            self._download(step)
        elif isinstance(step, ReadBack):
            self._read_back(flow, step)
        elif isinstance(step, Checkpoint):
            self._checkpoint(flow, step)
        elif isinstance(step, CloseTab):
            if ctx.pages:
                page.close()
                self._switch(ctx.pages.pop())
                page = ctx.page
                page.bring_to_front()
        elif isinstance(step, Screenshot):
            pass  # the screenshot is taken after every step that asks for one
        return True

    def _back_to_first_tab(self) -> None:
        """Close tabs a step opened (e.g. Amdalnet) so a section starts where it should."""
        while self.ctx.pages:
            with contextlib.suppress(PlaywrightError):
                self.ctx.page.close()
            self.ctx.page = self.ctx.pages.pop()
        with contextlib.suppress(PlaywrightError):
            self.ctx.page.bring_to_front()

    def _switch(self, page: Page) -> None:
        self.ctx.page = page
        self._install_popup_handler(page)

    def _download(self, step: Download, data: bytes | None = None) -> None:
        """Download the step's document (``data``: one the operator's hand-off already
        downloaded) and keep it as evidence."""
        from oss_assist import evidence

        if data is None:
            data = actions.download(self.page, step.target, self.ctx.timeout_ms)
        if self.ctx.evidence_dir is not None:
            saved = evidence.save_document(self.ctx.evidence_dir, step.document, data,
                                           flow=self._flow_name, step=step.id,
                                           step_name=step.title, url=self.page.url)
            self.ctx.audit.info(Event.DOCUMENT_SAVED, **saved.log_fields())
        if step.fact:
            self._set_fact(step.fact, step.document)

    def _ask(self, flow: Flow, request: CheckpointRequest) -> None:
        ctx = self.ctx
        ctx.audit.info(Event.CHECKPOINT_REACHED, flow=flow.name, step=request.step_id,
                       kind=request.kind)
        decision = ctx.operator.at_checkpoint(self.page, request)
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

    def _binding(self, flow: Flow, section: Section, step: Check | Click) -> None:
        """A legally binding click: the operator makes it; the engine only watches for it.

        The operator's turn ends when the portal has seen the act (the box ticked, the
        request sent, the page changed), then the engine reads the answer it waited for.
        """
        page, target = self.page, step.target
        instruction = Text(
            "Langkah mengikat secara hukum: {t}. Periksa bersama pemohon, lalu klik sendiri "
            "'{w}' di browser.",
            "Legally binding step: {t}. Check with the applicant, then click '{w}' yourself "
            "in the browser.",
        ).format(t=Text(step.title, step.title_en or step.title), w=target.describe())
        outline, target, why = resolve.binding_target(self, flow, step)
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
            self._set_fact(_sent(section), True)  # the operator may send it any moment
        page.on("response", seen)
        try:
            self._ask(flow, request)
            deadline = time.monotonic() + self.ctx.timeout_s
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
                self._set_fact(key, value)
        self._wait_not_busy()

    def _checkpoint(self, flow: Flow, step: Checkpoint) -> None:
        value = values.resolve(step.value, self.ctx.scope) if step.value else None
        instruction = Text(step.instruction, step.instruction_en or step.instruction)
        request = CheckpointRequest(flow.name, step.id, step.kind, instruction,
                                    target=step.target, done_when=step.done_when, value=value)
        self._ask(flow, request)

    def _read_table(self, table: ReadTable) -> list[ReviewRow]:
        """One review row per cell of the portal's table, beside the profile list's item;
        a row the profile has and the portal not (or the reverse) shows as a difference."""
        scope = self.ctx.scope
        items = list(values.lookup(scope, table.over))
        headers = [c.header for c in table.columns]
        shown = actions.read_table(actions.locate(self.page, table.within).first, headers)
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
                        expected = self._text(values.resolve(column.value, scope))
                    portal = cells.get(column.header, "")
                    rows.append(ReviewRow(field, label, expected, portal,
                                          n < len(items) and n < len(shown)
                                          and _same(expected, portal, column.compare)))
        finally:
            scope.item = saved
        return rows

    def _read_back(self, flow: Flow, step: ReadBack) -> None:
        ctx = self.ctx
        container = actions.locate(self.page, step.within)
        container.first.wait_for(timeout=ctx.timeout_ms)
        rows: list[ReviewRow] = []
        for item in step.items:
            if item.when and not values.truthy(ctx.scope, item.when):
                continue
            shown = actions.read_labelled(container.first, item.label)
            if item.value is None:  # the portal's own choice: shown, for the applicant
                rows.append(ReviewRow(item.field, item.label, "—", shown, True))
                continue
            expected = self._text(values.resolve(item.value, ctx.scope))
            rows.append(ReviewRow(item.field, item.label, expected, shown,
                                  _same(expected, shown, item.compare)))
        for table in step.tables:
            rows += self._read_table(table)
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
        self._screenshot(step.id, step.title)
        self._ask(flow, CheckpointRequest(flow.name, step.id, "review", instruction,
                                          review=rows))


def _sent(section: Section) -> str:
    """The fact that says the section's data was sent and its answer not yet recorded."""
    return "dikirim_" + section.id.replace("-", "_")


def _with_item(target: Any, item: Any) -> Any:
    """The target with ``{item.FIELD}`` replaced by the item's values."""
    fields = {"{item." + n + "}": values.as_text(getattr(item, n))
              for n in getattr(type(item), "model_fields", {})}
    return _templated(target, fields)


def _with_value(target: Any, text: str) -> Any:
    """The target with ``{value}`` in its name, label or text replaced."""
    return _templated(target, {"{value}": text})


def _templated(target: Any, fields: dict[str, str]) -> Any:
    def fill(text: str) -> str:
        for placeholder, value in fields.items():
            text = text.replace(placeholder, value)
        return text

    update: dict[str, Any] = {k: fill(getattr(target, k))
                              for k in ("name", "label", "text") if getattr(target, k)}
    if target.has_text:
        update["has_text"] = [fill(t) for t in target.has_text]
    if target.fallbacks:
        update["fallbacks"] = [_templated(f, fields) for f in target.fallbacks]
    return target.model_copy(update=update)


class ActivityFacts(Mapping[str, Any]):
    """The case's facts as one run of a flow sees them: a per-activity flow's own facts
    under their plain names (``id_proyek`` is ``id_proyek_kegiatan2`` for the second
    activity), so that two activities never share a location, a project or a step done."""

    def __init__(self, case: Any, suffix: str) -> None:
        self._case = case
        self._suffix = suffix

    def name(self, plain: str) -> str:
        """The name the case record keeps this fact under."""
        return plain + self._suffix

    def __getitem__(self, plain: str) -> Any:
        return self._case.facts[self.name(plain)]

    def __iter__(self) -> Iterator[str]:
        names = list(self._case.facts)
        if not self._suffix:
            return iter(names)
        return (n.removesuffix(self._suffix) for n in names if n.endswith(self._suffix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Facts:
    """Lets flow paths say ``{fact.id_proyek}``."""

    def __init__(self, facts: Mapping[str, Any]) -> None:
        self._facts = facts

    def __getattr__(self, name: str) -> Any:
        if name not in self._facts:
            raise PortalError(Text("fakta kasus '{f}' belum ada", "case fact '{f}' is missing")
                              .format(f=name))
        return self._facts[name]


def _describe(landmark: Any) -> str:
    parts = []
    if landmark.heading:
        parts.append(f"heading '{landmark.heading}'")
    if landmark.text:
        parts.append(f"text '{landmark.text}'")
    if landmark.url:
        parts.append(f"url '{landmark.url}'")
    if landmark.target:
        parts.append(landmark.target.describe())
    return ", ".join(parts)


def _same(expected: str, shown: str, how: str) -> bool:
    if how == "exact":
        return expected == shown
    if how in ("digits", "number"):
        def ascii_digits(text: str) -> str:  # "m²" is no digit, though isdigit() says so
            return "".join(c for c in text if c in "0123456789")

        return ascii_digits(expected) == ascii_digits(shown)
    return " ".join(expected.casefold().split()) == " ".join(shown.casefold().split())
