"""A clear view for evidence: no toast, spinner or overlay drawn over the form when a
screenshot is taken. What covers the form is waited for; what does not go in time is
hidden for the shot (and named, for the manifest), then shown again."""

from __future__ import annotations

import contextlib
import time

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

#: The attribute that marks what was hidden for a screenshot, to show it again after.
MARK = "data-oss-assist-hidden"

_SHOWN = """sels => sels.filter(s => [...document.querySelectorAll(s)]
    .some(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'))"""
_HIDE = """([sels, mark]) => { for (const s of sels) for (const e of document.querySelectorAll(s)) {
    e.setAttribute(mark, e.style.visibility || '-'); e.style.visibility = 'hidden'; } }"""
_RESTORE = """mark => { for (const e of document.querySelectorAll('[' + mark + ']')) {
    const was = e.getAttribute(mark); e.style.visibility = was === '-' ? '' : was;
    e.removeAttribute(mark); } }"""


def covering_now(page: Page, selectors: list[str]) -> list[str]:
    """Which of the CSS selectors match something shown on the page now."""
    if not selectors:
        return []
    try:
        shown: list[str] = page.evaluate(_SHOWN, selectors)
    except PlaywrightError:
        return []
    return shown


def clear_view(page: Page, selectors: list[str], wait_s: float) -> list[str]:
    """Wait up to ``wait_s`` for whatever the selectors match to go; hide what is still
    shown and return its selectors (empty when the view cleared by itself)."""
    deadline = time.monotonic() + wait_s
    shown = covering_now(page, selectors)
    while shown and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        shown = covering_now(page, selectors)
    if shown:
        with contextlib.suppress(PlaywrightError):
            page.evaluate(_HIDE, [shown, MARK])
    return shown


def restore_view(page: Page) -> None:
    """Show again what :func:`clear_view` hid."""
    with contextlib.suppress(PlaywrightError):
        page.evaluate(_RESTORE, MARK)
