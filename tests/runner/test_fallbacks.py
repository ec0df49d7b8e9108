"""Ranked fallbacks: a target's other locators, tried in order, never a guess."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from oss_assist.audit import read_events
from oss_assist.errors import Cancelled, FlowError
from oss_assist.flows.check import flow_warnings
from oss_assist.flows.loader import load_flow
from oss_assist.runner.operator import CheckpointRequest, Decision
from oss_assist.settings import Settings

from .conftest import engine_on

pytestmark = pytest.mark.browser

FORM = """
<h1>Pendaftaran</h1>
<input id="nik" placeholder="Ketik 16 digit NIK sesuai KTP">
<label>E-mail <input id="a"></label><label>E-mail <input id="b"></label>
<input id="email" aria-label="Alamat email">
<label><input type="checkbox" id="setuju"> Setuju dengan Syarat</label>
"""

FLOW = """
name: uji-cadangan
title: uji
sections:
  - id: isi
    title: isi
    steps:
      - id: nik
        action: fill
        title: NIK
        target:
          placeholder: "Masukkan 16 digit NIK"
          fallbacks:
            - {placeholder: "16 digit NIK"}
            - {css: "#nik"}
        value: {path: identitas.nik}
        field: nik
{more}
"""

EMAIL_STEP = """      - id: email
        action: fill
        title: e-mail
        target:
          label: "Email Pemohon"
          fallbacks:
            - {label: "E-mail"}
            - {role: textbox, name: "Alamat email"}
        value: {path: email}
        field: email
"""

BINDING_STEP = """      - id: setuju
        action: check
        title: Setuju
        target:
          role: checkbox
          name: "Saya setuju dengan Syarat dan Ketentuan"
          fallbacks: [{role: checkbox, name: "Setuju dengan Syarat"}]
        binding: true
"""


class Recorder:
    """An operator that records what it was asked and ticks the box it was hinted at."""

    name = "uji"
    scripted = True

    def __init__(self) -> None:
        self.requests: list[CheckpointRequest] = []

    def at_checkpoint(self, page: Any, request: CheckpointRequest) -> Decision:
        self.requests.append(request)
        page.locator("#setuju").check()
        return Decision(True, self.name, True, "script")



def _flow(tmp_path: Path, more: str = "") -> Any:
    path = tmp_path / "uji-cadangan.yaml"
    path.write_text(FLOW.replace("{more}", more), encoding="utf-8")
    return load_flow(path)


def test_the_first_locator_that_finds_one_element_wins_and_is_reported(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    page.set_content(FORM)
    with engine_on(page, settings, Recorder()) as (engine, said):
        engine.run(_flow(tmp_path, EMAIL_STEP))
        used = engine.ctx.fallbacks_used
    assert page.locator("#nik").input_value() == "3508205204820001"
    # "E-mail" finds two fields: never a guess, the next fallback is taken
    assert page.locator("#a").input_value() == page.locator("#b").input_value() == ""
    assert page.locator("#email").input_value() == "siti.aminah@example.com"
    assert [(s, r) for _, s, r, _ in used] == [("nik", 1), ("email", 2)]
    assert "uji-cadangan/nik" in said[0] and "fallback locator #1" in said[0]
    events = [e for _, e in read_events(settings.audit_log) if e["event"] == "locator_fallback"]
    assert [(e["step"], e["rank"], e["locator"]) for e in events] == [
        ("nik", 1, "placeholder '16 digit NIK'"), ("email", 2, "textbox 'Alamat email'")]


def test_a_first_locator_that_works_costs_no_fallback(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    page.set_content(FORM.replace("Ketik 16 digit", "Masukkan 16 digit"))
    with engine_on(page, settings, Recorder()) as (engine, said):
        engine.run(_flow(tmp_path))
        assert engine.ctx.fallbacks_used == [] and said == []
    assert page.locator("#nik").input_value() == "3508205204820001"


def test_no_locator_finding_the_element_is_named_not_guessed(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    """Nothing typed into a field no locator names; the operator is asked (here he stops)."""
    page.set_content("<h1>Pendaftaran</h1><input id='lain' placeholder='Nama'>")

    class Stops(Recorder):
        def at_checkpoint(self, page: Any, request: CheckpointRequest) -> Decision:
            self.requests.append(request)
            return Decision(False, self.name, True, "script")

    operator = Stops()
    with engine_on(page, settings, operator) as (engine, _), pytest.raises(Cancelled):
        engine.run(_flow(tmp_path))
    (request,) = operator.requests
    assert request.kind == "manual"
    assert "placeholder 'Masukkan 16 digit NIK'" in request.instruction.render("en")
    assert page.locator("#lain").input_value() == ""


def test_a_binding_step_is_never_outlined_by_a_fallback(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    page.set_content(FORM)
    operator = Recorder()
    with engine_on(page, settings, operator) as (engine, _):
        engine.run(_flow(tmp_path, BINDING_STEP))
    (request,) = operator.requests
    assert request.target is None  # nothing outlined: the operator finds it himself
    assert "find the control yourself" in request.instruction.render("en")
    assert page.locator("#setuju").is_checked()


def test_a_binding_step_found_by_its_first_locator_is_outlined(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    page.set_content(FORM.replace("Setuju dengan Syarat", "Saya setuju dengan Syarat dan "
                                  "Ketentuan"))
    operator = Recorder()
    with engine_on(page, settings, operator) as (engine, _):
        engine.run(_flow(tmp_path, BINDING_STEP))
    (request,) = operator.requests
    assert request.target is not None
    assert request.target.name == "Saya setuju dengan Syarat dan Ketentuan"


@pytest.mark.parametrize(("fallbacks", "message"), [
    ("[{placeholder: a, fallbacks: [{placeholder: b}]}]", "cannot have fallbacks of its own"),
    ("[{name: NIK}]", "exactly one of role, label"),
    ("[{placeholder: \"Masukkan 16 digit NIK\"}]", "repeats the first locator"),
    ("{placeholder: a}", "fallbacks"),
])
def test_malformed_fallbacks_are_refused_with_the_line(
    tmp_path: Path, fallbacks: str, message: str
) -> None:
    text = FLOW.replace("{more}", "").replace(
        """          fallbacks:
            - {placeholder: "16 digit NIK"}
            - {css: "#nik"}""", f"          fallbacks: {fallbacks}")
    path = tmp_path / "uji-cadangan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    assert message in caught.value.render("en")
    assert "uji-cadangan.yaml" in caught.value.render("id")


def test_flow_check_warns_about_a_field_with_a_single_locator(tmp_path: Path) -> None:
    single = FLOW.replace("{more}", EMAIL_STEP).replace(
        """          fallbacks:
            - {placeholder: "16 digit NIK"}
            - {css: "#nik"}
""", "")
    path = tmp_path / "uji-cadangan.yaml"
    path.write_text(single, encoding="utf-8")
    warnings = flow_warnings(load_flow(path))
    assert [w.en for _, w in warnings] == [
        "step 'isi/nik': field target placeholder \"Masukkan 16 digit NIK\" has a single "
        "locator; add fallbacks"]
