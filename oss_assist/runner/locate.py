"""Ranked locators: which of a target's locators finds its element on the page.

A flow target may list fallbacks after its first locator (a portal release renames a label
or a test id). A locator is accepted only when it finds exactly one visible element; the
first one that does, in the flow file's order, wins. A target without fallbacks is not
looked at here: the action itself waits for it, at no extra cost.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from oss_assist.flows.model import Target
from oss_assist.runner import actions

#: How many of the elements a locator matches are visible (Playwright's own test: a box
#: with a size, and not visibility:hidden).
_VISIBLE_JS = """els => els.filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
}).length"""
POLL_MS = 100


@dataclass(frozen=True)
class Found:
    """The locator that found the element: ``rank`` 0 is the first, 1 the first fallback."""

    target: Target
    rank: int


def visible_count(page: Page, target: Target) -> int:
    """How many visible elements the one locator (its fallbacks aside) finds now."""
    try:
        n: int = actions.locate_in(page, target, every=True).evaluate_all(_VISIBLE_JS)
    except PlaywrightError:
        return 0
    return n


def find_now(page: Page, target: Target, *, first_only: bool = False) -> Found | None:
    """The first of the target's locators that finds exactly one visible element now."""
    ranked = target.ranked()
    for rank, candidate in enumerate(ranked[:1] if first_only else ranked):
        if visible_count(page, candidate) == 1:
            return Found(candidate, rank)
    return None


def find(page: Page, target: Target, timeout_ms: float, *,
         first_only: bool = False) -> Found | None:
    """Wait up to the timeout for one of the target's locators to find its element; None
    when none does. A fallback is taken as soon as it finds the element: the page is then
    loaded, so the first locator's finding nothing means the portal changed.

    Found at once, it costs one look at the page. Not there yet, the browser says when any
    of the locators shows an element (as Playwright's own waiting does, without a polling
    interval's delay on every step of a loading page); then the ranks are checked."""
    deadline = time.monotonic() + timeout_ms / 1000
    found = find_now(page, target, first_only=first_only)
    if found is not None:
        return found
    ranked = target.ranked()[:1] if first_only else target.ranked()
    shown = actions.locate_in(page, ranked[0], every=True)
    for candidate in ranked[1:]:
        shown = shown.or_(actions.locate_in(page, candidate, every=True))
    with contextlib.suppress(PlaywrightError):
        shown.filter(visible=True).first.wait_for(timeout=max(timeout_ms, 1))
    while True:
        found = find_now(page, target, first_only=first_only)
        if found is not None or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(POLL_MS)
