"""The flow loader: strict models, and errors that name the file, the line and the step."""

from __future__ import annotations

from pathlib import Path

import pytest

from oss_assist.cli import main
from oss_assist.errors import FlowError
from oss_assist.flows.check import check_folder, load_checked
from oss_assist.flows.derivations import PROFILE_MODEL
from oss_assist.flows.loader import load_flow, load_portal_rules
from oss_assist.flows.model import Checkpoint, Click, iter_steps

FLOWS = Path(__file__).resolve().parents[2] / "flows"

GOOD = """\
name: contoh
title: Contoh
sections:
  - id: satu
    title: Satu
    steps:
      - id: buka
        action: goto
        title: Buka
        host: login
        path: /login
      - id: isi-nik
        action: fill
        title: NIK
        target: {placeholder: "Masukkan 16 digit NIK"}
        value: {path: identitas.nik}
        field: nik
"""


def write(tmp_path: Path, text: str, name: str = "contoh.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_flows_load_and_check_clean() -> None:
    problems, good, _ = check_folder(FLOWS, PROFILE_MODEL)
    assert problems == []
    assert {f.name for f in good} >= {"registrasi", "masuk"}
    load_portal_rules(FLOWS)


def test_binding_steps_are_marked_in_the_bundled_flows() -> None:
    flows = load_checked(FLOWS, PROFILE_MODEL)[1]
    binding = {
        step.id
        for flow in flows.values()
        for section in flow.sections
        for step in iter_steps(section.steps)
        if getattr(step, "binding", False)
    }
    assert {"syarat-ketentuan", "daftar"} <= binding


def test_a_good_flow_loads(tmp_path: Path) -> None:
    flow = load_flow(write(tmp_path, GOOD))
    assert flow.sections[0].steps[1].action == "fill"


def test_unknown_action_names_file_line_and_step(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("action: fill", "action: typewrite"))
    with pytest.raises(FlowError) as info:
        load_flow(path)
    message = info.value.render("en")
    assert f"{path}:12:" in message
    assert "'isi-nik'" in message
    assert "typewrite" in message or "action" in message


def test_target_with_two_ways_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace('{placeholder: "Masukkan 16 digit NIK"}',
                        '{placeholder: "x", testid: "y"}')
    with pytest.raises(FlowError) as info:
        load_flow(write(tmp_path, text))
    assert "exactly one of role, label, placeholder" in info.value.render("en")


def test_missing_locator_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace('        target: {placeholder: "Masukkan 16 digit NIK"}\n', "")
    with pytest.raises(FlowError) as info:
        load_flow(write(tmp_path, text))
    assert "target" in info.value.render("en")
    assert "'isi-nik'" in info.value.render("en")


def test_unknown_key_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("        field: nik\n", "        field: nik\n        colour: red\n")
    with pytest.raises(FlowError) as info:
        load_flow(write(tmp_path, text))
    assert "colour" in info.value.render("en")


def test_duplicate_step_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(FlowError) as info:
        load_flow(write(tmp_path, GOOD.replace("id: buka", "id: isi-nik")))
    assert "used twice" in info.value.render("en")


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "      - id: [broken\n")
    with pytest.raises(FlowError) as info:
        load_flow(path)
    assert str(path) + ":" in info.value.render("en")
    assert "Invalid YAML" in info.value.render("en")


def test_file_name_must_match_flow_name(tmp_path: Path) -> None:
    with pytest.raises(FlowError):
        load_flow(write(tmp_path, GOOD, name="lain.yaml"))


def test_value_path_missing_from_profile_is_reported(tmp_path: Path) -> None:
    (tmp_path / "_portal.yaml").write_text((FLOWS / "_portal.yaml").read_text())
    write(tmp_path, GOOD.replace("identitas.nik", "identitas.nomor_ktp"))
    problems, good, _ = check_folder(tmp_path, PROFILE_MODEL)
    assert good == []
    assert problems == [f"{tmp_path / 'contoh.yaml'}:12: step 'satu/isi-nik': value path "
                        "'identitas.nomor_ktp' is not a field of the profile"]


def test_a_broken_flow_is_refused_before_any_case_work(tmp_path: Path) -> None:
    (tmp_path / "_portal.yaml").write_text((FLOWS / "_portal.yaml").read_text())
    write(tmp_path, GOOD.replace("identitas.nik", "identitas.nomor_ktp"))
    with pytest.raises(FlowError) as info:
        load_checked(tmp_path, PROFILE_MODEL)
    assert "contoh.yaml:12: step 'satu/isi-nik'" in info.value.render("id")
    rules, flows = load_checked(FLOWS, PROFILE_MODEL)
    assert set(flows) == {"registrasi", "masuk", "nib-umk"} and rules.popup_buttons


def test_unknown_derived_value_is_reported(tmp_path: Path) -> None:
    (tmp_path / "_portal.yaml").write_text((FLOWS / "_portal.yaml").read_text())
    write(tmp_path, GOOD.replace("{path: identitas.nik}", "{derived: nik_terbalik}"))
    problems, _, _ = check_folder(tmp_path, PROFILE_MODEL)
    assert any("nik_terbalik" in p for p in problems)


def test_binding_and_checkpoint_models() -> None:
    flow = load_checked(FLOWS, PROFILE_MODEL)[1]["registrasi"]
    steps = {s.id: s for sec in flow.sections for s in iter_steps(sec.steps)}
    assert isinstance(steps["daftar"], Click) and steps["daftar"].binding
    assert isinstance(steps["kode-otp"], Checkpoint) and steps["kode-otp"].kind == "otp"


def test_cli_flow_check_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flow", "check", str(FLOWS)]) == 0
    out = capsys.readouterr().out
    assert "registrasi: ok" in out
    assert main(["flow", "show", "registrasi", "--folder", str(FLOWS)]) == 0
    shown = capsys.readouterr().out
    assert "MENGIKAT: operator yang mengklik" in shown
    assert "identitas.nik" in shown


def test_cli_flow_check_fails_on_a_broken_flow(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "_portal.yaml").write_text((FLOWS / "_portal.yaml").read_text())
    write(tmp_path, GOOD.replace("action: goto", "action: teleport"))
    assert main(["flow", "check", str(tmp_path)]) == 1
    assert "contoh.yaml:7" in capsys.readouterr().out


def test_a_flow_runs_only_after_what_it_requires() -> None:
    from oss_assist.runner.case_run import _ordered

    flows = load_checked(FLOWS, PROFILE_MODEL)[1]
    needs_first = flows["registrasi"].model_copy(update={"requires": ["nib-umk"]})
    flows["registrasi"] = needs_first
    with pytest.raises(FlowError) as info:
        _ordered(flows, ["registrasi"], lambda name: False)
    assert "--flow nib-umk --flow registrasi" in info.value.render("en")
    assert _ordered(flows, ["registrasi"], lambda name: name == "nib-umk") == [needs_first]
    assert [f.name for f in _ordered(flows, ["nib-umk", "registrasi"], lambda _: False)] == [
        "nib-umk", "registrasi"]
    # the log-in flow runs whenever a session is needed, so requiring it never blocks
    assert _ordered(flows, ["nib-umk"], lambda _: False)[0].requires == ["masuk"]


def test_url_facts_go_with_a_new_tab(tmp_path: Path) -> None:
    text = GOOD.replace('''        path: /login
''', '''        path: /login
      - id: buka-tab
        action: click
        title: Buka tab
        target: {role: button, name: "Proses Penapisan"}
        url_facts: {id_izin: id_izin}
''')
    with pytest.raises(FlowError) as caught:
        load_flow(write(tmp_path, text))
    assert "url_facts goes with new_page" in caught.value.render("en")


def test_a_target_names_case_facts_filled_when_the_step_runs() -> None:
    from oss_assist.runner.facts import with_facts

    flow = load_flow(FLOWS / "nib-umk.yaml")
    (step,) = [s for sec in flow.sections for s in iter_steps(sec.steps)
               if sec.id == "amdalnet" and s.id == "sektor"]
    filled = with_facts(step, {"id_izin": "I-2026001"})
    assert isinstance(filled, Click)
    assert filled.target.css == "#sector-select-I-2026001"
    assert filled.target.fallbacks[0].placeholder == "Pilih sektor"
