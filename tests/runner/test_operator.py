"""The operator at a checkpoint: the page's panel, the terminal table, the scripted stand-in."""

from __future__ import annotations

from typing import Any

import pytest

from oss_assist.errors import ConfigError
from oss_assist.flows.model import Landmark
from oss_assist.i18n import Text
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
