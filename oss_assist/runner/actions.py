"""Step actions on a Playwright page: the one place flows touch the browser.

Playwright's two exceptions (``TimeoutError`` and ``Error``) are translated into
``PortalError``/``PageMismatch`` here, naming the step.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, Response
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from oss_assist.errors import PageMismatch, PortalError, PortalUnavailable
from oss_assist.flows.model import Capture, DatePicker, Landmark, Target
from oss_assist.i18n import Text

#: A flow target, or the element the operator pointed at (``page.pick_locator()``).
Where = Target | Locator


def locate(page: Page, target: Where) -> Locator:
    """The Playwright locator for a flow target (an element pointed at: itself)."""
    if isinstance(target, Locator):
        return target
    return locate_in(page, target)


def locate_in(where: Page | Locator, target: Target, *, every: bool = False,
              hidden: bool = False) -> Locator:
    """The locator for a flow target inside a page or an element: the first match (a CSS
    hook: all), or with ``every`` all matches (the fields to mask); ``hidden`` counts
    elements not shown yet too (the probe, on a page nobody has touched)."""
    scope: Page | Locator = (locate_in(where, target.within, hidden=hidden) if target.within
                             else where)
    if target.role:
        loc = scope.get_by_role(target.role, name=target.name, exact=target.exact,  # type: ignore[arg-type]
                                include_hidden=hidden or None)
    elif target.label:
        loc = scope.get_by_label(target.label, exact=target.exact)
    elif target.placeholder:
        loc = scope.get_by_placeholder(target.placeholder, exact=target.exact)
    elif target.testid:
        loc = scope.get_by_test_id(target.testid)
    elif target.text:
        loc = scope.get_by_text(target.text, exact=target.exact)
    else:
        assert target.css is not None
        loc = scope.locator(target.css)
    for text in target.has_text:
        loc = loc.filter(has_text=text)
    if target.nth is not None:
        return loc.nth(target.nth)
    return loc if target.css or every else loc.first


@contextmanager
def translated(step: str) -> Iterator[None]:
    """Turn Playwright's failures into the package's errors, naming the step."""
    try:
        yield
    except PlaywrightTimeout as exc:
        raise PageMismatch(
            Text(
                "langkah '{s}': elemen yang diharapkan tidak muncul di halaman ({e})",
                "step '{s}': the expected element did not appear on the page ({e})",
            ).format(s=step, e=_first_line(exc)),
        ) from exc
    except PlaywrightError as exc:
        raise PortalError(
            Text("langkah '{s}': browser gagal: {e}", "step '{s}': the browser failed: {e}")
            .format(s=step, e=_first_line(exc)),
        ) from exc


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def landmark_visible(page: Page, landmark: Landmark, timeout_ms: float) -> bool:
    """Whether the page shows the landmark within the time given."""
    try:
        if landmark.url:
            page.wait_for_url(re.compile(re.escape(landmark.url)), timeout=timeout_ms)
        if landmark.heading:
            page.get_by_role("heading", name=landmark.heading).first.wait_for(timeout=timeout_ms)
        if landmark.text:
            page.get_by_text(landmark.text).first.wait_for(timeout=timeout_ms)
        if landmark.target:
            locate(page, landmark.target).first.wait_for(timeout=timeout_ms)
    except PlaywrightTimeout:
        return False
    return True


def landmark_now(page: Page, landmark: Landmark) -> bool:
    """Whether the landmark is on the page right now (no waiting)."""
    if landmark.url and landmark.url not in page.url:
        return False
    checks: list[Locator] = []
    if landmark.heading:
        checks.append(page.get_by_role("heading", name=landmark.heading))
    if landmark.text:
        checks.append(page.get_by_text(landmark.text))
    if landmark.target:
        checks.append(locate(page, landmark.target))
    try:
        return all(c.first.is_visible() for c in checks)
    except PlaywrightError:
        return False


def fill(page: Page, target: Where, text: str) -> None:
    loc = locate(page, target)
    loc.fill(text)


def choose(page: Page, target: Where, option: str, *, search: str, match: str,
           wait_for: str | None = None, timeout_ms: float = 30_000) -> None:
    """Open an autocomplete or select, type to search, and click the wanted option."""
    box = locate(page, target)
    box.click()
    if search == "first-word":
        typed = option.split()[0] if len(option.split()[0]) >= 3 else option
    elif search == "code":
        typed = option.split(" ")[0]
    elif search == "full":
        typed = option
    else:
        typed = ""
    if typed and search == "code":  # a code is typed key by key, as the portal expects
        box.fill("")
        box.press_sequentially(typed, delay=10)
    elif typed:  # a name: one input event, the list fetched once
        box.fill(typed)
    if match == "first":
        listbox = page.locator(f"#{box.get_attribute('aria-controls')}") if box.get_attribute(
            "aria-controls") else page
        opt = listbox.get_by_role("option")
    elif match == "exact":
        opt = page.get_by_role("option", name=option, exact=True)
    else:  # starts, contains: Playwright's non-exact name is a case-insensitive substring
        opt = page.get_by_role("option", name=option)
    if not wait_for:
        opt.first.click()
    else:
        with page.expect_response(lambda r: wait_for in r.url, timeout=timeout_ms):
            opt.first.click()
    _menu_closed(page, box)


def _menu_closed(page: Page, box: Locator) -> None:
    """Make sure the chosen control's menu is closed: a menu left open (a slow answer that
    came after the choice) would lie over the next field and take its click."""
    controls = box.get_attribute("aria-controls")
    if not controls:
        return
    menu = page.locator(f"[id='{controls}']")
    try:
        menu.wait_for(state="hidden", timeout=1_000)
    except PlaywrightTimeout:
        box.press("Escape")


def pick_date(page: Page, target: Where, when: date, *, month_only: bool,
              picker: DatePicker) -> None:
    """Drive a click-only picker: open it, choose the year, then the month, then the day."""
    locate(page, target).click()
    popup = locate(page, picker.popup).last
    locate_in(popup, picker.year_button).click()
    popup.get_by_role("button", name=str(when.year), exact=True).click()
    popup.get_by_role("button", name=picker.months[when.month - 1], exact=True).click()
    if not month_only:
        popup.get_by_role("button", name=str(when.day), exact=True).click()


def check(page: Page, target: Where) -> None:
    loc = locate(page, target)
    if not loc.is_checked():
        loc.check()


def click(
    page: Page,
    target: Target,
    *,
    capture: Capture | None,
    wait_for: str | None,
    timeout_ms: float,
) -> dict[str, Any]:
    """Click; when asked, wait for the request it causes and return what it answered."""
    loc = locate(page, target)
    url_part = capture.response if capture else wait_for
    if not url_part:
        loc.click()
        return {}
    with page.expect_response(lambda r: url_part in r.url, timeout=timeout_ms) as info:
        loc.click()
    return answer_facts(info.value, capture, url_part)


def answer_facts(response: Response, capture: Capture | None, url_part: str) -> dict[str, Any]:
    """The case facts a step's awaited answer carries; a 5xx is ``PortalUnavailable``."""
    if response.status >= 500:
        raise PortalUnavailable(
            Text("portal menjawab {c} untuk {u}", "the portal answered {c} for {u}")
            .format(c=response.status, u=url_part))
    if capture is None:
        return {}
    try:
        body = response.json()
    except (PlaywrightError, json.JSONDecodeError) as exc:
        raise PortalError(
            Text("jawaban {u} bukan JSON", "the answer of {u} is not JSON").format(u=url_part)
        ) from exc
    value: Any = body
    for part in capture.key.split("."):
        value = value[int(part)] if isinstance(value, list) else value.get(part)
    if value in (None, ""):
        raise PortalError(
            Text("jawaban {u} tidak memuat {j}", "the answer of {u} has no {j}")
            .format(u=url_part, j=capture.key))
    return {capture.fact: value}


def click_new_page(page: Page, target: Target, timeout_ms: float) -> Page:
    """Click a control that opens a new tab and return the new tab, loaded."""
    with page.context.expect_page(timeout=timeout_ms) as info:
        locate(page, target).click()
    new = info.value
    new.wait_for_load_state()
    return new


def upload(page: Page, target: Target, path: str) -> None:
    locate(page, target).set_input_files(path)


def read_text(page: Page, target: Where, pattern: str, *, required: bool = True,
              timeout_ms: float = 0) -> str | None:
    """Group 1 of the pattern in the target's text; None when it does not match and the
    value is not required (an optional read of what may not be there yet). A required
    value is waited for up to ``timeout_ms``: the page may draw the element before the
    answer that fills it (the NIB's number) has come."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        text = locate(page, target).inner_text().strip()
        found = re.search(pattern, text)
        if found or not required or time.monotonic() >= deadline:
            break
        page.wait_for_timeout(100)
    if not found and not required:
        return None
    if not found:
        raise PortalError(
            Text("teks '{t}' tidak sesuai pola {p}", "text '{t}' does not match {p}")
            .format(t=text[:80], p=pattern))
    return found.group(1).strip()


def download(page: Page, target: Target, timeout_ms: float) -> bytes:
    with page.expect_download(timeout=timeout_ms) as info:
        locate(page, target).click()
    return Path(info.value.path()).read_bytes()


def read_labelled(container: Locator, label: str) -> str:
    """The value shown beside a label in a review section (a ``dt``/``dd`` or a table row)."""
    term = container.locator("dt, th").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    if term.count() == 0:
        return ""
    return term.first.locator("xpath=following-sibling::*[1]").inner_text().strip()


def read_table(table: Locator, headers: list[str]) -> list[dict[str, str]]:
    """The body rows of a table as ``{header: cell text}``, for the headers asked."""
    found: list[dict[str, str]] = table.evaluate(
        """(t, wanted) => {
            const heads = [...t.querySelectorAll('thead th')].map(h => h.innerText.trim());
            return [...t.querySelectorAll('tbody tr')]
              .filter(r => r.cells.length === heads.length)
              .map(r => Object.fromEntries(wanted.map(w => {
                  const i = heads.indexOf(w);
                  return [w, i < 0 ? '' : r.cells[i].innerText.trim()];
              })));
        }""",
        headers,
    )
    return found


def screenshot(page: Page, secret: list[Target]) -> bytes:
    """A full-page screenshot with every secret field masked, taken from the top of the
    page (scrolled down, a sticky header would be drawn over the form's fields)."""
    masks = [locate_in(page, target, every=True) for target in secret]
    with contextlib.suppress(PlaywrightError):
        page.evaluate("() => window.scrollTo(0, 0)")
    return page.screenshot(full_page=True, mask=masks, animations="disabled")


def _visible(loc: Locator) -> bool:
    try:
        return loc.first.is_visible()
    except PlaywrightError:
        return False


def close_popups(page: Page, buttons: list[Locator]) -> Callable[[Locator], int]:
    """A handler that clicks whichever close button of a pop-up is showing; it returns how
    many pop-ups it closed."""

    def handler(_: Locator) -> int:
        closed = 0
        for _round in range(10):  # pop-ups stack: close them until none is left
            shown = [b for b in buttons if _visible(b)]
            if not shown:
                break
            try:
                shown[0].first.click(timeout=2000)
                closed += 1
            except PlaywrightError:
                continue
        return closed

    return handler
