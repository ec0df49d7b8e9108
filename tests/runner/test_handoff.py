"""The operator finishes a step no locator finds (point at it, or do it by hand) and the
run goes on; what he points at is checked, and a run allows only a few such steps."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from oss_assist.audit import read_events
from oss_assist.errors import PageMismatch, PortalError
from oss_assist.flows.loader import load_flow
from oss_assist.i18n import Text
from oss_assist.runner.case_run import run_case
from oss_assist.runner.operator import CheckpointRequest, Decision, ScriptedOperator
from oss_assist.sandbox import Faults, Sandbox
from oss_assist.settings import Settings

from .conftest import FILL_NAME_STEP, FLOWS, SITI, TEST_FLOW, engine_on

pytestmark = pytest.mark.browser

FORM = """
<h1>Data Diri</h1>
<label for="nama">Nama lengkap</label><input id="nama" placeholder="Nama baru">
<input id="alamat" placeholder="Alamat baru">
<button type="button" id="simpan">Simpan</button>
"""

FLOW = TEST_FLOW + FILL_NAME_STEP + """
      - id: alamat
        action: fill
        title: Alamat
        target: {placeholder: "Contoh: Jl. RUSA"}
        value: {path: alamat_ktp.jalan}
        field: alamat
"""

Answer = Callable[[Any, CheckpointRequest], Decision]


class Operator:
    """Answers each hand-off with the next of its scripted answers."""

    name = "uji"
    scripted = False

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.requests: list[CheckpointRequest] = []

    def at_checkpoint(self, page: Any, request: CheckpointRequest) -> Decision:
        self.requests.append(request)
        return self.answers.pop(0)(page, request)


def point(selector: str) -> Answer:
    return lambda page, _: Decision(True, "uji", False, "pick", picked=page.locator(selector))


def by_hand(selector: str | None) -> Answer:
    def answer(page: Any, request: CheckpointRequest) -> Decision:
        if selector:
            page.locator(selector).fill(str(request.value))
        return Decision(True, "uji", False, "panel")
    return answer



def _flow(tmp_path: Path) -> Any:
    path = tmp_path / "uji-tangan.yaml"
    path.write_text(FLOW, encoding="utf-8")
    return load_flow(path)


def _manual(settings: Settings) -> list[dict[str, Any]]:
    return [e for _, e in read_events(settings.audit_log) if e["event"] == "manual_step"]


def test_pointing_at_the_field_does_the_step_there_and_records_the_locator(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    page.set_content(FORM)
    operator = Operator(point("#nama"), by_hand("#alamat"))
    with engine_on(page, settings, operator, timeout_s=1) as (engine, said):
        engine.run(_flow(tmp_path))
    assert page.locator("#nama").input_value() == "SITI AMINAH"
    first = operator.requests[0]
    assert first.kind == "manual" and "Nama sesuai KTP" in first.instruction.render("en")
    assert "'SITI AMINAH'" in first.instruction.render("en")  # the value from the profile
    events = _manual(settings)
    assert [(e["step"], e["how"]) for e in events] == [("nama", "pick"), ("alamat", "panel")]
    assert events[0]["locator"] == "#nama" and events[0]["operator"] == "uji"
    assert "no locator finds" in events[0]["reason"] or "did not appear" in events[0]["reason"]
    assert any("#nama" in line for line in said)


def test_a_label_or_a_button_is_refused_and_nothing_typed(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    page.set_content(FORM)
    operator = Operator(point("label"), point("#simpan"), point("#nama"), by_hand("#alamat"))
    with engine_on(page, settings, operator, timeout_s=1) as (engine, _):
        engine.run(_flow(tmp_path))
    said = [r.instruction.render("en") for r in operator.requests]
    assert "a field's label, but this step needs a field" in said[1]
    assert "a button, but this step needs a field" in said[2]
    assert page.locator("#nama").input_value() == "SITI AMINAH"
    assert "label (tulisan) sebuah kolom" in operator.requests[1].instruction.render("id")


def test_a_locator_holding_applicant_data_is_refused(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    # a field named by what it holds (a select showing the chosen value)
    page.set_content(FORM + '<input aria-label="SITI AMINAH">')
    operator = Operator(
        lambda p, _: Decision(True, "uji", False, "pick",
                              picked=p.get_by_role("textbox", name="SITI AMINAH")),
        by_hand("#nama"), by_hand("#alamat"))
    with engine_on(page, settings, operator, timeout_s=1) as (engine, _):
        engine.run(_flow(tmp_path))
    assert "holds the applicant's data" in operator.requests[1].instruction.render("en")
    assert all("SITI" not in e.get("locator", "") for e in _manual(settings))


def test_a_step_said_done_by_hand_is_checked_first(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    page.set_content(FORM)
    operator = Operator(by_hand(None), by_hand("#nama"), by_hand("#alamat"))
    with engine_on(page, settings, operator, timeout_s=1) as (engine, _):
        engine.run(_flow(tmp_path))
    assert "No field holds 'SITI AMINAH' yet" in operator.requests[1].instruction.render("en")
    assert [e["step"] for e in _manual(settings)] == ["nama", "alamat"]


def test_past_the_allowance_the_run_stops_and_says_the_portal_changed(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    page.set_content(FORM)
    operator = Operator(point("#nama"), point("#alamat"))
    with engine_on(page, settings, operator, timeout_s=1, max_manual=1) as (engine, _), \
            pytest.raises(PortalError) as caught:
        engine.run(_flow(tmp_path))
    assert "changed too much" in caught.value.render("en")
    assert "terlalu banyak berubah" in caught.value.render("id")
    assert len(operator.requests) == 1


def test_a_portal_that_lost_a_field_is_finished_by_hand_to_the_nib(
    page: Any, sandbox: Sandbox, settings: Settings, tmp_path: Path
) -> None:
    """The address placeholder renamed and the flow without a fallback for it: the operator
    types the address himself, the run goes on to the NIB."""
    folder = tmp_path / "flows"
    shutil.copytree(FLOWS, folder)
    registrasi = folder / "registrasi.yaml"
    registrasi.write_text(registrasi.read_text(encoding="utf-8").replace(
        '          fallbacks: [{placeholder: "Contoh: Jl."}]\n', ""), encoding="utf-8")
    sandbox.set_faults(Faults.custom("none", drift=("alamat",)).profile)

    class Person(ScriptedOperator):
        name = "operator uji"

        def at_checkpoint(self, page: Any, request: CheckpointRequest) -> Decision:
            if request.kind != "manual":
                return super().at_checkpoint(page, request)
            page.get_by_placeholder("Contoh: Jl. Mawar").fill(str(request.value))
            return Decision(True, self.name, False, "panel")

    result = run_case(SITI, settings=settings, flows_dir=folder, page=page,
                      operator=Person(sandbox.urls["mail"], sandbox.urls["login"]))
    assert result.nib
    (event,) = _manual(settings)
    assert event["flow"] == "registrasi" and event["step"] == "alamat"
    with pytest.raises(PageMismatch):  # the sandbox's own scripted operator does not
        ScriptedOperator(sandbox.urls["mail"], sandbox.urls["login"]).at_checkpoint(
            page, CheckpointRequest("registrasi", "alamat", "manual", Text("isi", "fill")))
