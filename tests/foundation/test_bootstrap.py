"""scripts/bootstrap.py, the set-up behind ./run and run.cmd: only what is missing is done,
an operator's PC gets the runtime only, and Windows paths are right."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bootstrap", ROOT / "scripts" / "bootstrap.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bootstrap"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


bootstrap = _load()


def test_the_virtualenv_layout_on_windows_and_on_linux() -> None:
    win = bootstrap.layout("C:/oss-assist", platform="win32")
    assert win.windows and isinstance(win.python, PureWindowsPath)
    assert str(win.python) == r"C:\oss-assist\.venv\Scripts\python.exe"
    assert str(win.tool("oss-assist")) == r"C:\oss-assist\.venv\Scripts\oss-assist.exe"
    linux = bootstrap.layout("/srv/oss-assist", platform="linux")
    assert str(linux.python) == "/srv/oss-assist/.venv/bin/python"
    assert isinstance(linux.stamp, PurePosixPath)
    assert str(linux.stamp) == "/srv/oss-assist/.venv/.installed"


def test_an_install_is_needed_only_when_something_changed() -> None:
    pyproject = b"[project]\nname = 'x'\n"
    runtime = bootstrap.stamp_for(pyproject, dev=False)
    dev = bootstrap.stamp_for(pyproject, dev=True)
    assert runtime.startswith(hashlib.sha256(pyproject).hexdigest())
    assert bootstrap.needs_install(None, pyproject, dev=False)
    assert not bootstrap.needs_install(runtime, pyproject, dev=False)
    assert bootstrap.needs_install(runtime, pyproject, dev=True)  # the tools come with test
    assert not bootstrap.needs_install(dev + "\n", pyproject, dev=False)
    assert bootstrap.needs_install(dev, pyproject + b"# changed\n", dev=True)


@pytest.mark.parametrize(("argv", "command", "dev"), [
    ([], "demo", False),
    (["demo"], "demo", False),
    (["run", "profiles/x.yaml"], "run", False),
    (["test", "-k", "x"], "test", True),
    (["lint"], "lint", True),
])
def test_only_test_and_lint_get_the_development_tools(argv: list[str], command: str,
                                                      dev: bool) -> None:
    assert bootstrap.plan(argv)[0] == command and bootstrap.plan(argv)[2] is dev


def test_workers_are_two_to_six() -> None:
    assert [bootstrap.workers(n) for n in (None, 1, 2, 3, 8)] == [2, 2, 2, 3, 6]


def test_env_is_copied_once_and_private(tmp_path: Path) -> None:
    (tmp_path / ".env.example").write_text("OSS_ASSIST_OPERATOR_NAME=\n")
    assert bootstrap.ensure_env_file(tmp_path)
    env = tmp_path / ".env"
    assert env.read_text() == "OSS_ASSIST_OPERATOR_NAME=\n"
    if sys.platform != "win32":
        assert env.stat().st_mode & 0o777 == 0o600
    env.write_text("OSS_ASSIST_OPERATOR_NAME=Operator Latihan\n")
    assert not bootstrap.ensure_env_file(tmp_path)
    assert "Operator Latihan" in env.read_text()


def test_postgres_is_found_where_debian_puts_it(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert not bootstrap.postgres_found(((tmp_path, "*/bin/postgres"),))
    server = tmp_path / "16" / "bin" / "postgres"
    server.parent.mkdir(parents=True)
    server.write_text("")
    assert bootstrap.postgres_found(((tmp_path, "*/bin/postgres"),))


def _project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / ".env.example").write_text("OSS_ASSIST_OPERATOR_NAME=\n")
    return tmp_path


def test_set_up_twice_does_the_work_once(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    calls: list[list[str]] = []

    def fake_run(cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        calls.append([str(c) for c in cmd])
        if cmd[1:3] == ["-m", "venv"]:  # make the virtualenv's python appear
            python = Path(cmd[3]) / ("Scripts/python.exe" if sys.platform == "win32"
                                     else "bin/python")
            python.parent.mkdir(parents=True)
            python.write_text("")
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(bootstrap.subprocess, "run", fake_run)
    assert bootstrap.main(["profile", "check", "profiles"], root=root) == 0
    first = [c for c in calls if "pip" in c or "venv" in c]
    assert any("venv" in c for c in first)
    assert [c[-1] for c in first if "pip" in c] == ["pip", "."]  # runtime only
    assert (root / ".env").exists()
    assert calls[-1][-4:] == ["oss_assist", "profile", "check", "profiles"]
    calls.clear()
    assert bootstrap.main(["profile", "check", "profiles"], root=root) == 0
    assert [c for c in calls if "pip" in c or "venv" in c] == []  # nothing again
    calls.clear()
    assert bootstrap.main(["lint"], root=root) == 0
    assert [c[-1] for c in calls if "pip" in c] == ["pip", ".[dev]"]
    assert calls[-2][-6:] == ["ruff", "check", "oss_assist", "tests", "benchmarks", "scripts"]
    assert calls[-1][-2:] == ["-m", "mypy"]


def test_a_failed_install_says_what_to_do_with_exit_4(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path)
    python = bootstrap.layout(root).python
    Path(python).parent.mkdir(parents=True)
    Path(python).write_text("")

    def failing(cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(cmd, 1)

    monkeypatch.setattr(bootstrap.subprocess, "run", failing)
    with pytest.raises(SystemExit) as stop:
        bootstrap.main(["doctor"], root=root)
    assert stop.value.code == 4
    assert "internet connection" in capsys.readouterr().err
    assert not Path(bootstrap.layout(root).stamp).exists()


def test_the_launchers_only_hand_over() -> None:
    run = (ROOT / "run").read_text()
    assert "scripts/bootstrap.py" in run and "pip install" not in run
    cmd = (ROOT / "run.cmd").read_bytes()
    assert b"scripts\\bootstrap.py %*" in cmd and b"\r\n" in cmd
    ci = (ROOT / ".ci" / "run").read_text()
    assert "./run lint" in ci and "./run test" in ci and '-eq 5' in ci


def test_test_gets_a_browser_postgres_and_parallel_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    python = Path(bootstrap.layout(root).python)
    python.parent.mkdir(parents=True)
    python.write_text("")
    Path(bootstrap.layout(root).stamp).write_text(
        bootstrap.stamp_for((root / "pyproject.toml").read_bytes(), dev=True))
    calls: list[list[str]] = []
    checked: list[bool] = []

    def fake_run(cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        calls.append([str(c) for c in cmd])
        return subprocess.CompletedProcess(cmd, 5 if "pytest" in cmd else 0)

    monkeypatch.setattr(bootstrap.subprocess, "run", fake_run)
    monkeypatch.setattr(bootstrap, "postgres_found", lambda: checked.append(True) or True)
    monkeypatch.setattr(bootstrap.os, "cpu_count", lambda: 2)
    assert bootstrap.main(["test"], root=root) == 5  # pytest's own code comes back
    assert checked == [True]
    assert [c[-1] for c in calls] == ["install-browser", "worksteal"]
    assert calls[-1][-5:] == ["pytest", "-n", "2", "--dist", "worksteal"]
    calls.clear()
    assert bootstrap.main(["test", "tests/x.py", "-k", "y"], root=root) == 5
    assert calls[-1][-4:] == ["pytest", "tests/x.py", "-k", "y"]
