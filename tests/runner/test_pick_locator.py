"""Playwright's real ``page.pick_locator()``, answered by a real mouse click in headless
Chromium, and the engine then acting at the element the person pointed at.

``pick_locator()`` blocks the test's code until the page is clicked, and the sync API may
not be used from another thread. It does run the page's event handlers while it waits,
in the same thread: the page logs its state to the console every 50 ms, and the console
handler (the "person") presses the panel's "Tunjuk di halaman" and, once Playwright's pick
mode has put its overlay (``x-pw-glass``) in the page, moves the mouse to the element and
clicks, as trusted input (pick mode ignores clicks made by a script).
"""

from __future__ import annotations

import contextlib
import json
import queue
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from oss_assist.audit import read_events
from oss_assist.flows.loader import load_flow
from oss_assist.runner import operator as operator_module
from oss_assist.runner.operator import PanelOperator
from oss_assist.settings import Settings

from .conftest import FILL_NAME_STEP, READ_NIB_STEP, TEST_FLOW, engine_on

pytestmark = pytest.mark.browser

PAGE = """
<h1>Data Diri</h1>
<label for="nama">Nama lengkap</label><input id="nama" placeholder="Nama baru">
<label for="alamat">Alamat</label><input id="alamat" placeholder="Alamat baru">
<p>Nomor Induk Berusaha: <strong data-testid="nomor-nib-baru">9120301234567</strong></p>
<button type="button" id="simpan" onclick="window.saves = (window.saves || 0) + 1">Simpan
</button>
"""
TICKER_JS = """() => setInterval(() => console.log('oss-uji ' + JSON.stringify({
  panel: !!document.getElementById('oss-assist-panel'),
  picking: !!document.querySelector('x-pw-glass')})), 50)"""


GIVE_UP_TICKS = 200  # 10 s: the pick is cancelled and the panel answered Batal


class Person:
    """Someone at the browser, driven by the page's console ticks: presses the panel's
    "Tunjuk di halaman" (with ``via_panel``), then clicks the element with the mouse
    once the pick mode is on. Past ``GIVE_UP_TICKS`` the test fails instead of hanging:
    the pick is cancelled and the terminal answers 'batal'."""

    def __init__(self, page: Any, selector: str, *, via_panel: bool,
                 lines: queue.Queue[str] | None = None) -> None:
        self.page, self.selector, self.lines = page, selector, lines
        self.pressed = not via_panel
        self.clicked = False
        self.ticks = 0
        page.on("console", self._tick)
        page.evaluate(TICKER_JS)

    def _tick(self, message: Any) -> None:
        if not message.text.startswith("oss-uji "):
            return
        self.ticks += 1
        if self.ticks == GIVE_UP_TICKS:  # a passing test is over long before
            self.page.cancel_pick_locator()
            if self.lines is not None:
                self.lines.put("batal\n")
            return
        state = json.loads(message.text.removeprefix("oss-uji "))
        if state["panel"] and not self.pressed:
            self.pressed = True
            self._click(self.page.locator("[data-oss-assist=tunjuk]"))
        elif state["picking"] and self.pressed and not self.clicked:
            self.clicked = True
            self._click(self.page.locator(self.selector))

    def _click(self, element: Any) -> None:
        with contextlib.suppress(PlaywrightError):  # missed: the give-up ends the test
            box = element.bounding_box(timeout=2000)
            self.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_the_real_pick_returns_a_locator_of_exactly_the_clicked_element(page: Any) -> None:
    page.set_content(PAGE)
    person = Person(page, "#simpan", via_panel=False)
    picked = page.pick_locator()
    assert person.clicked
    assert picked.count() == 1
    assert picked.evaluate("e => e === document.getElementById('simpan')")
    assert page.evaluate("window.saves") is None  # the pick took the click, not the page


STEPS = {
    "fill": ("#nama", FILL_NAME_STEP),
    "click": ("#simpan", """
      - id: simpan
        action: click
        title: Simpan data
        target: {role: button, name: "Simpan data"}
"""),
    "read": ("[data-testid=nomor-nib-baru]", READ_NIB_STEP),
}


@pytest.mark.parametrize("kind", list(STEPS))
def test_pointing_through_the_panel_with_a_real_click_lets_the_engine_act_there(
    page: Any, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    lines: queue.Queue[str] = queue.Queue()
    monkeypatch.setattr(operator_module, "terminal_lines", lambda: lines)
    selector, step = STEPS[kind]
    path = tmp_path / "uji-tangan.yaml"
    path.write_text(TEST_FLOW + step, encoding="utf-8")
    page.set_content(PAGE)
    person = Person(page, selector, via_panel=True, lines=lines)
    operator = PanelOperator("Operator Uji", lang="en", poll_s=0.05)
    with engine_on(page, settings, operator, timeout_s=1) as (engine, _):
        engine.run(load_flow(path))
        facts = dict(engine.ctx.case.facts)
    assert person.pressed and person.clicked
    (event,) = [e for _, e in read_events(settings.audit_log) if e["event"] == "manual_step"]
    assert event["how"] == "pick" and event["operator"] == "Operator Uji"
    assert event["locator"].startswith("internal:")  # Playwright's own, from the real pick
    assert page.locator(event["locator"]).evaluate(
        f"e => e === document.querySelector('{selector}')")
    if kind == "fill":
        assert page.locator("#nama").input_value() == "SITI AMINAH"
        assert page.locator("#alamat").input_value() == ""
    elif kind == "click":
        assert page.evaluate("window.saves") == 1  # the engine's click; the pick's took none
    else:
        assert facts["nib"] == "9120301234567"


def test_a_value_typed_in_the_panel_finishes_a_read_by_hand(
    page: Any, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: queue.Queue[str] = queue.Queue()
    monkeypatch.setattr(operator_module, "terminal_lines", lambda: lines)
    path = tmp_path / "uji-tangan.yaml"
    path.write_text(TEST_FLOW + STEPS["read"][1], encoding="utf-8")
    page.set_content(PAGE)
    typed = ["9120301234567"]
    ticks: list[int] = []

    def answer(message: Any) -> None:
        panel = page.get_by_role("dialog", name="oss-assist")
        if message.text.startswith("oss-uji ") and typed and lines.qsize() == 0:
            ticks.append(1)
            if len(ticks) == GIVE_UP_TICKS:
                lines.put("batal\n")  # fail, not hang
        if message.text.startswith("oss-uji ") and '"panel":true' in message.text and typed:
            panel.get_by_role("textbox", name="The value, as the page shows it").fill(
                typed.pop())
            panel.get_by_role("button", name="Lanjut").click()

    page.on("console", answer)
    page.evaluate(TICKER_JS)
    operator = PanelOperator("Operator Uji", lang="en", poll_s=0.05)
    with engine_on(page, settings, operator, timeout_s=1) as (engine, _):
        engine.run(load_flow(path))
        assert engine.ctx.case.facts["nib"] == "9120301234567"
    (event,) = [e for _, e in read_events(settings.audit_log) if e["event"] == "manual_step"]
    assert event["how"] == "panel" and event["typed"] is True
