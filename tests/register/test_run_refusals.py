"""A run that cannot reach the portal says the real cause, records it in the audit log,
and leaves the case as it was (validated, no case_opened, no evidence folder)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from oss_assist.audit import read_events
from oss_assist.browser import has_display, require_display
from oss_assist.cli import main
from oss_assist.errors import BrowserError
from oss_assist.flows.loader import find_flows_dir
from oss_assist.register import Register, receive, validate
from oss_assist.register.stages import Stage
from oss_assist.register.work import run_registered
from oss_assist.settings import Settings

from .conftest import COUNTER, HEAD, OPERATOR

SCREEN = "needs a desktop session; this machine has no screen"


class Operator:
    name = OPERATOR


def _validated(register: Register, profiles: Path, settings: Settings) -> tuple[str, Path]:
    path = profiles / "siti-aminah-warung.yaml"
    case, _ = receive(register, path, by=COUNTER, policy=settings.scale_policy)
    validate(register, case.case_no, by=HEAD, policy=settings.scale_policy)
    return case.case_no, path


def _events(settings: Settings, case_no: str) -> list[dict[str, object]]:
    return [e for _, e in read_events(settings.audit_log, case_id=case_no)]


@pytest.mark.parametrize(("env", "platform", "shown"), [
    ({}, "linux", False),
    ({"DISPLAY": ":0"}, "linux", True),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
    ({"DISPLAY": "  "}, "freebsd14", False),
    ({}, "win32", True),
    ({}, "darwin", True),
])
def test_a_screen_is_a_desktop_session(env: dict[str, str], platform: str,
                                       shown: bool) -> None:
    assert has_display(env, platform) is shown


def test_no_screen_is_refused_before_the_case_moves(
        register: Register, profiles: Path, settings: Settings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    case_no, path = _validated(register, profiles, settings)
    with pytest.raises(BrowserError) as refused:
        run_registered(register, path, settings=settings, operator=Operator(),
                       flows_dir=find_flows_dir(), headless=False)
    message = refused.value.render("en")
    assert SCREEN in message and message[0].isupper() and "oss-assist demo" in message
    assert register.get(case_no).stage is Stage.VALIDATED
    events = [e["event"] for e in _events(settings, case_no)]
    assert "run_refused" in events and "case_opened" not in events
    assert "case_work_started" not in events
    refusal = next(e for e in _events(settings, case_no) if e["event"] == "run_refused")
    assert refusal["reason"] == "no_screen" and refusal["operator"] == OPERATOR
    assert not (settings.archive_dir / case_no).exists()


def test_a_browser_that_does_not_start_is_recorded_and_the_case_left_as_it_was(
        register: Register, profiles: Path, settings: Settings, tmp_path: Path) -> None:
    fake = tmp_path / "not-a-browser"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    broken = settings.model_copy(update={"browser_path": fake, "headless": True})
    case_no, path = _validated(register, profiles, broken)
    with pytest.raises(BrowserError):
        run_registered(register, path, settings=broken, operator=Operator(),
                       flows_dir=find_flows_dir())
    assert register.get(case_no).stage is Stage.VALIDATED
    events = _events(broken, case_no)
    assert [e["reason"] for e in events if e["event"] == "run_refused"] == ["browser"]
    assert not any(e["event"] == "case_opened" for e in events)


def test_run_without_a_screen_says_so_with_exit_3(
        settings: Settings, profiles: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "OSS_ASSIST_HEADLESS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OSS_ASSIST_ARCHIVE_DIR", str(settings.archive_dir))
    monkeypatch.setenv("OSS_ASSIST_AUDIT_LOG", str(settings.audit_log))
    monkeypatch.setenv("OSS_ASSIST_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("OSS_ASSIST_OPERATOR_NAME", COUNTER)
    path = profiles / "siti-aminah-warung.yaml"
    assert main(["case", "receive", str(path)]) == 0
    case_no = capsys.readouterr().out.split()[0]
    assert main(["case", "validate", case_no, "--by", HEAD]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "run", str(path)]) == 3
    assert SCREEN in capsys.readouterr().err
    assert main(["run", str(path)]) == 3
    assert "tidak punya layar" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["id", "en"])
def test_doctor_names_a_missing_screen_and_operator(
        lang: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("OSS_ASSIST_OPERATOR_NAME", "")
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", lang, "doctor", "--no-launch"]) == 3
    out = capsys.readouterr().out
    assert ("TIDAK ADA" if lang == "id" else "NONE: `run` cannot be used here") in out
    assert ("BELUM DIISI" if lang == "id" else "NOT SET") in out
    monkeypatch.setenv("DISPLAY", ":0")
    assert main(["--lang", lang, "doctor", "--no-launch"]) == 2
    monkeypatch.setenv("OSS_ASSIST_OPERATOR_NAME", "Operator Latihan")
    assert main(["--lang", lang, "doctor", "--no-launch"]) == 0
    assert "Operator Latihan" in capsys.readouterr().out


def test_require_display_refuses_in_words() -> None:
    with pytest.raises(BrowserError) as refused:
        require_display({}, "linux")
    assert refused.value.exit_code == 3
    assert "tidak punya layar" in refused.value.render("id")
