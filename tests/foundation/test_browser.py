"""Which browser is used and how one is installed, with the machine's answers faked."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from oss_assist import browser
from oss_assist.browser import BrowserChoice, find_browser, install_browser, launch_args
from oss_assist.errors import BrowserError


class Machine:
    """What the functions ask of the machine: Playwright's browser, PATH, root, commands."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        self.own: Path | None = None
        self.on_path: dict[str, Path] = {}
        self.root = False
        self.commands: list[list[str]] = []
        #: what each command does when run: a name in ``on_path`` to add, or Playwright's
        self.effects: dict[str, Any] = {}
        self.tmp = tmp_path
        monkeypatch.setattr(browser, "playwright_chromium", lambda: self.own)
        monkeypatch.setattr(browser.shutil, "which", self._which)
        monkeypatch.setattr(browser.os, "geteuid", lambda: 0 if self.root else 1000)
        monkeypatch.setattr(browser.subprocess, "run", self._run)

    def binary(self, name: str) -> Path:
        path = self.tmp / name
        path.write_text("#!/bin/sh\n")
        return path

    def _which(self, name: str) -> str | None:
        found = self.on_path.get(name)
        return str(found) if found else None

    def _run(self, cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        self.commands.append([Path(c).name if i == 0 else c for i, c in enumerate(cmd)])
        joined = " ".join(cmd)
        for key, effect in self.effects.items():
            if key in joined:
                effect()
        return subprocess.CompletedProcess(cmd, 0 if "install" in joined else 1, "", "")


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Machine:
    return Machine(monkeypatch, tmp_path)


def test_the_configured_path_wins_over_everything(machine: Machine) -> None:
    machine.own = machine.binary("playwright-chrome")
    machine.on_path["chromium"] = machine.binary("chromium")
    configured = machine.binary("my-chrome")
    assert find_browser(configured) == BrowserChoice(configured, "configured")


def test_a_configured_path_that_does_not_exist_is_an_error(machine: Machine) -> None:
    machine.on_path["chromium"] = machine.binary("chromium")
    with pytest.raises(BrowserError, match="OSS_ASSIST_BROWSER_PATH"):
        find_browser(machine.tmp / "nowhere")


def test_playwrights_own_comes_before_the_system_one(machine: Machine) -> None:
    machine.own = machine.binary("playwright-chrome")
    machine.on_path["chromium"] = machine.binary("chromium")
    assert find_browser() == BrowserChoice(machine.own, "playwright")


def test_a_system_chromium_or_chrome_is_found_on_the_path(machine: Machine) -> None:
    machine.on_path["google-chrome"] = machine.binary("google-chrome")
    choice = find_browser()
    assert choice is not None and choice.source == "system"
    assert choice.path.name == "google-chrome"


def test_none_found(machine: Machine) -> None:
    assert find_browser() is None


def test_install_does_nothing_when_a_browser_is_there(machine: Machine) -> None:
    machine.on_path["chromium"] = machine.binary("chromium")
    assert install_browser().source == "system"
    assert machine.commands == []


def test_install_keeps_to_a_configured_path_and_never_replaces_it(machine: Machine) -> None:
    with pytest.raises(BrowserError, match="OSS_ASSIST_BROWSER_PATH"):
        install_browser(machine.tmp / "nowhere")
    assert machine.commands == []


def test_install_tries_playwrights_download_first(machine: Machine) -> None:
    def downloaded() -> None:
        machine.own = machine.binary("playwright-chrome")

    machine.effects["playwright install chromium"] = downloaded
    machine.root = True
    choice = install_browser()
    assert choice.source == "playwright"
    assert [c[-2:] for c in machine.commands] == [["install", "chromium"]]


def test_install_falls_back_to_apt_as_root(machine: Machine) -> None:
    machine.on_path["apt-get"] = machine.binary("apt-get")

    def apt_installed() -> None:
        machine.on_path["chromium"] = machine.binary("chromium")

    machine.effects["install -y -qq chromium"] = apt_installed
    machine.root = True
    choice = install_browser()
    assert choice.source == "system"
    assert [c[:2] for c in machine.commands[1:]] == [["apt-get", "update"],
                                                     ["apt-get", "install"]]


def test_without_root_install_says_what_to_do(machine: Machine) -> None:
    machine.on_path["apt-get"] = machine.binary("apt-get")
    with pytest.raises(BrowserError) as caught:
        install_browser()
    message = caught.value.render("id")
    assert "apt-get install chromium" in message and "playwright install chromium" in message
    assert not any(c[0] == "apt-get" for c in machine.commands)


def test_launch_arguments_keep_chromium_quiet(machine: Machine) -> None:
    system = BrowserChoice(machine.binary("chromium"), "system")
    kwargs = launch_args(system, headless=True)
    assert kwargs["executable_path"] == str(system.path)
    assert "--disable-background-networking" in kwargs["args"]  # type: ignore[operator]
    own = BrowserChoice(machine.binary("playwright-chrome"), "playwright")
    assert "executable_path" not in launch_args(own, headless=False)


TRACE = """Downloading Chromium 140.0 (playwright build v1187)
Error: getaddrinfo ENOTFOUND cdn.playwright.dev
    at ClientRequest.<anonymous> (/x/node_modules/playwright-core/lib/server/utils.js:1:1)
    at ClientRequest.emit (node:events:518:28)
    at TLSSocket.socketErrorListener (node:_http_client:500:9)
"""


def test_an_unreachable_download_is_one_line_then_the_fallback(
        machine: Machine, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    machine.on_path["apt-get"] = machine.binary("apt-get")
    machine.root = True

    def fail_download(cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        machine.commands.append([Path(cmd[0]).name, *cmd[1:]])
        if "playwright" in cmd:
            return subprocess.CompletedProcess(cmd, 1, "", TRACE)
        if cmd[-1] == "chromium":
            machine.on_path["chromium"] = machine.binary("chromium")
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(browser.subprocess, "run", fail_download)
    said: list[str] = []
    choice = install_browser(say=lambda text: said.append(text.render("en")))
    assert choice.source == "system"
    download = [line for line in said if "cannot be reached" in line]
    assert download == ["Playwright's Chromium download cannot be reached (Error: getaddrinfo "
                        "ENOTFOUND cdn.playwright.dev); trying the fallback."]
    assert not any(" at " in line or "node:" in line for line in said)
    assert [c[1] for c in machine.commands[1:]] == ["update", "install"]
    out = capsys.readouterr()
    assert "ClientRequest" not in out.out + out.err  # the tool's own output is kept back


def test_install_browser_command_ends_with_a_clear_message(
        machine: Machine, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from oss_assist.cli import main

    def fail(cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(cmd, 1, "", TRACE)

    monkeypatch.setattr(browser.subprocess, "run", fail)
    assert main(["--lang", "en", "install-browser"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and "ClientRequest" not in err
    assert err.count("cannot be reached") == 1
    assert "The browser could not be installed" in err


def test_the_reason_is_the_error_line_not_the_trace() -> None:
    assert browser.failure_reason(TRACE) == "Error: getaddrinfo ENOTFOUND cdn.playwright.dev"
    assert browser.failure_reason("") == "?"
    assert browser.failure_reason("something odd\n  at x\n") == "something odd"
