"""A clear view for evidence: no toast, spinner or overlay drawn over the form when a
screenshot is taken. A spinner is waited for (the form behind it may still be loading);
a toast is only a message over a form that is ready, so it is hidden for the shot at once
rather than waited out (a toast stays seconds: waiting made every saved step slower).
Whatever was hidden is named, for the manifest, and shown again after the shot."""

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


def clear_view(page: Page, toasts: list[str], spinners: list[str], wait_s: float) -> list[str]:
    """Wait up to ``wait_s`` for the spinners to go; hide the toasts shown now and any
    spinner still shown, and return their selectors (empty when nothing covered the form)."""
    deadline = time.monotonic() + wait_s
    shown = covering_now(page, [*spinners, *toasts])
    while any(s in spinners for s in shown) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        shown = covering_now(page, [*spinners, *toasts])
    if shown:
        with contextlib.suppress(PlaywrightError):
            page.evaluate(_HIDE, [shown, MARK])
    return shown


def restore_view(page: Page) -> None:
    """Show again what :func:`clear_view` hid."""
    with contextlib.suppress(PlaywrightError):
        page.evaluate(_RESTORE, MARK)
