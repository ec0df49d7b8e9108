"""What the page shows between steps: spinners, the portal's error texts, failed answers,
and whether the portal logged the user out. Reads are kept few (one evaluate per step is
the usual cost) because every step pays for them."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from oss_assist.audit import Event
from oss_assist.flows.model import Section
from oss_assist.runner import actions

if TYPE_CHECKING:
    from oss_assist.runner.engine import RunContext


class SessionEnded(Exception):
    """The portal logged the user out; the section is redone after logging in again."""


class RedoSection(Exception):
    """A step failed after the portal failed a request; the section is redone from its start."""


_SAYS_JS = ("([texts, sels]) => { const t = document.body ? document.body.innerText : '';"
            " return [texts.filter(x => t.includes(x)), sels.some(s =>"
            " [...document.querySelectorAll(s)].some(e => e.getClientRects().length > 0))];"
            " }")
_TEXTS_JS = ("texts => { const t = document.body ? document.body.innerText : '';"
             " return texts.filter(x => t.includes(x)); }")
_BUSY_JS = ("sels => sels.some(s => [...document.querySelectorAll(s)]"
            ".some(e => e.getClientRects().length > 0))")


class PageWatch:
    """The page's state as the engine needs it; one per engine, following its current
    page (the context's page changes when a step opens or closes a tab)."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        #: HTTP statuses of the portal's failed answers (5xx, 401) in this section attempt
        self.trouble: list[int] = []
        self.logged_out = False  # a 401 was seen since the section started
        self.said: list[str] | None = None  # what the last step's read of the page found
        #: the read after the last step saw no spinner: the next step need not look again
        self.idle_seen = False

    @property
    def page(self) -> Page:
        return self.ctx.page

    def new_attempt(self) -> None:
        """A section starts (again): failed answers of an earlier attempt no longer count."""
        self.logged_out = False
        self.trouble.clear()

    def on_response(self, response: Any) -> None:
        if response.status >= 500 or response.status == 401:
            self.trouble.append(response.status)
        if response.status == 401:
            self.logged_out = True

    def session_ended(self) -> bool:
        return actions.landmark_now(self.page, self.ctx.rules.session_expired)

    def page_says(self, texts: list[str]) -> list[str]:
        """Which of the texts the page shows now, and (kept for the next step) whether a
        spinner shows: one read of the page for both."""
        self.idle_seen = False
        selectors = [b.css for b in self.ctx.rules.busy if b.css]
        if not texts or len(selectors) != len(self.ctx.rules.busy):
            return [] if not texts else self._texts_only(texts)
        try:
            shown, busy = self.page.evaluate(_SAYS_JS, [texts, selectors])
        except PlaywrightError:
            return []
        self.idle_seen = not busy
        return list(shown)

    def _texts_only(self, texts: list[str]) -> list[str]:
        try:
            shown: list[str] = self.page.evaluate(_TEXTS_JS, texts)
        except PlaywrightError:
            return []
        return shown

    def transient_error(self, section: Section | None = None) -> str | None:
        """A transient error the page shows; with a section, the read is kept for the
        engine's after-step check (its already-done and fatal texts), so a step reads the
        page once."""
        rules = self.ctx.rules
        extra = ([section.already_done_text] if section and section.already_done_text
                 else []) + (rules.fatal_errors if section else [])
        found = self.page_says([*rules.transient_errors, *extra])
        self.said = [t for t in found if t not in rules.transient_errors] if section else None
        transient = [t for t in found if t in rules.transient_errors]
        return transient[0] if transient else None

    def busy_now(self) -> bool:
        """Whether a spinner shows now: one look at the page (the usual answer is no)."""
        selectors = [b.css for b in self.ctx.rules.busy if b.css]
        if len(selectors) != len(self.ctx.rules.busy):
            return True  # a spinner not given as CSS: let Playwright look
        try:
            busy: bool = self.page.evaluate(_BUSY_JS, selectors)
        except PlaywrightError:
            return True
        return busy

    def wait_not_busy(self) -> None:
        if not self.busy_now():
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

    def await_landmark(self, landmark: Any) -> bool:
        """Wait for the landmark; notice at once when the portal logged the user out."""
        deadline = time.monotonic() + self.ctx.timeout_s
        while True:
            if actions.landmark_now(self.page, landmark):
                return True
            if self.session_ended():
                raise SessionEnded
            if time.monotonic() > deadline:
                return False
            self.page.wait_for_timeout(100)


def describe(landmark: Any) -> str:
    """A landmark in words, for the message that says the page is not the expected one."""
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
