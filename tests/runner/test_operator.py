"""The operator at a checkpoint: the page's panel, the terminal table, the scripted stand-in."""

from __future__ import annotations

import io
import queue
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from oss_assist.errors import ConfigError, PortalError
from oss_assist.flows.model import Landmark, Target
from oss_assist.i18n import Text
from oss_assist.runner import operator as operator_module
from oss_assist.runner.operator import (
    CheckpointRequest,
    PanelOperator,
    ReviewRow,
    ScriptedOperator,
    _solve,
    review_table,
)

ROWS = [
    ReviewRow("nama", "Nama Pelaku Usaha", "SITI AMINAH", "SITI AMINAH", True),
    ReviewRow("luas_lahan", "Luas Lahan", "36", "360 m²", False),
]


def test_review_table_marks_the_differences() -> None:
    table = review_table(ROWS, "id").splitlines()
    assert table[0].split()[:3] == ["Isian", "Profil", "Portal"]
    assert table[1].startswith("   Nama")
    assert table[2].startswith("!! Luas Lahan")


def test_the_scripted_operator_refuses_anything_but_a_local_sandbox() -> None:
    with pytest.raises(ConfigError):
        ScriptedOperator("https://mail.example.com", "https://ui-login.oss.go.id")


def test_the_sandbox_captcha_sum_is_solved() -> None:
    assert _solve("3 + 4 = ?") == "7"


@pytest.mark.browser
@pytest.mark.parametrize(("button", "proceed"), [("Lanjut", True), ("Batal", False)])
def test_the_panel_in_the_page_answers(page: Any, button: str, proceed: bool) -> None:
    page.set_content("<h1>Penerbitan NIB</h1>")
    operator = PanelOperator("Operator Uji", poll_s=0.05)
    request = CheckpointRequest("nib-umk", "periksa-data", "review",
                                Text("Periksa data", "Check the data"), review=ROWS)
    panel_data = {"text": "Periksa data", "rows": [vars(r) for r in ROWS], "lang": "id"}
    assert operator._panel_answer(page, panel_data) is None  # shown, waiting
    panel = page.get_by_role("dialog", name="oss-assist")
    assert panel.get_by_text("360 m²").is_visible()  # the difference is on the page too
    panel.get_by_role("button", name=button).click()  # the person answers in the page
    decision = operator.at_checkpoint(page, request)
    assert decision.proceed is proceed and decision.how == "panel"
    assert decision.actor == "Operator Uji" and not decision.scripted
    assert page.locator("#oss-assist-panel").count() == 0


@pytest.mark.browser
def test_the_panel_moves_on_by_itself_when_the_page_shows_the_step_done(page: Any) -> None:
    page.set_content("<h1>Verifikasi Email</h1>"
                     "<script>setTimeout(() => document.querySelector('h1').textContent ="
                     " 'Buat Kata Sandi', 300)</script>")
    operator = PanelOperator("Operator Uji", poll_s=0.05)
    request = CheckpointRequest("registrasi", "kode-otp", "otp", Text("Ketik OTP", "Type OTP"),
                                done_when=Landmark(heading="Buat Kata Sandi"))
    decision = operator.at_checkpoint(page, request)
    assert decision.proceed and decision.how == "page"


BUTTON_PAGE = """
<h1>Penerbitan NIB</h1>
<button style="position:fixed;right:24px;bottom:24px;padding:12px"
        onclick="window.clicked = true">Terbitkan NIB</button>
"""


@pytest.mark.browser
def test_at_a_binding_step_the_panel_keeps_clear_of_the_button_and_waits_for_the_click(
    page: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page.set_content(BUTTON_PAGE)
    lines: queue.Queue[str] = queue.Queue()
    monkeypatch.setattr(operator_module, "terminal_lines", lambda: lines)
    target = Target(role="button", name="Terbitkan NIB")
    button = page.get_by_role("button", name="Terbitkan NIB")
    operator = PanelOperator("Operator Uji", poll_s=0.05)
    panel_data = {"text": "Klik sendiri", "rows": [], "lang": "id", "binding": True}
    assert operator._panel_answer(page, panel_data, target) is None  # shown
    panel = page.get_by_role("dialog", name="oss-assist")
    assert panel.get_by_role("button", name="Lanjut").count() == 0  # the click is the answer
    button.click(trial=True, timeout=2000)  # nothing covers it
    assert button.get_attribute("data-oss-assist-mark") is not None  # outlined for the person
    lines.put("\n")  # Enter alone does not stand for the click
    page.evaluate("setTimeout(() => document.querySelector('button').click(), 400)")
    request = CheckpointRequest("nib-umk", "terbitkan-nib", "binding", Text("Klik", "Click"),
                                target=target,
                                done=lambda: bool(page.evaluate("window.clicked === true")))
    decision = operator.at_checkpoint(page, request)
    assert decision.proceed and decision.how == "page"
    assert "Belum: portal belum menerima klik itu." in capsys.readouterr().out
    assert page.locator("#oss-assist-panel").count() == 0
    assert button.get_attribute("data-oss-assist-mark") is None


def test_the_terminal_answers_without_a_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    class Page:  # just enough of a page for a checkpoint with no panel
        context = type("Context", (), {"browser": None})()

        def is_closed(self) -> bool:
            return False

        def evaluate(self, *_: Any) -> None:
            raise PlaywrightError("navigating")

    lines: queue.Queue[str] = queue.Queue()
    monkeypatch.setattr(operator_module, "terminal_lines", lambda: lines)
    operator = PanelOperator("Operator Uji", poll_s=0.01)
    request = CheckpointRequest("masuk", "kata-sandi", "password", Text("Ketik", "Type"))
    lines.put("\n")
    assert operator.at_checkpoint(Page(), request).how == "terminal"  # type: ignore[arg-type]
    lines.put("batal\n")
    assert not operator.at_checkpoint(Page(), request).proceed  # type: ignore[arg-type]


@pytest.mark.browser
def test_a_closed_browser_ends_the_wait_with_a_clear_error(context: Any) -> None:
    page = context.new_page()
    page.set_content("<h1>Verifikasi Email</h1>")
    page.close()
    request = CheckpointRequest("registrasi", "kode-otp", "otp", Text("Ketik OTP", "Type OTP"))
    with pytest.raises(PortalError) as caught:
        PanelOperator("Operator Uji", poll_s=0.01).at_checkpoint(page, request)
    assert "jalankan perintah yang sama lagi" in caught.value.render("id")


def test_terminal_lines_are_read_from_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(operator_module, "_lines", None)
    monkeypatch.setattr("sys.stdin", io.StringIO("lanjut\nbatal\n"))
    lines = operator_module.terminal_lines()
    assert [lines.get(timeout=2), lines.get(timeout=2)] == ["lanjut\n", "batal\n"]
    monkeypatch.setattr(operator_module, "_lines", None)
