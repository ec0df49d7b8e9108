"""Fixtures shared by the whole suite: the sandbox portal and the browser to test with."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oss_assist.sandbox import Sandbox
from tests.clocks import Clock

#: postgres_url, postgres_db_url, database_url: a throwaway PostgreSQL server (tests/postgres.py)
pytest_plugins = ["tests.postgres"]

EXAMPLES = Path(__file__).resolve().parents[1] / "profiles"


@pytest.fixture
def clock() -> Clock:
    """The register's clock, which the test moves (a Monday, 09:00 WIB at first)."""
    return Clock()


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    """A writable copy of the example profiles and their documents."""
    target = tmp_path / "profiles"
    shutil.copytree(EXAMPLES, target)
    return target


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[Sandbox]:
    """One sandbox portal for the session, on free 127.0.0.1 ports, stopped at the end."""
    sb = Sandbox().start()
    try:
        yield sb
    finally:
        sb.stop()


@pytest.fixture
def sandbox(sandbox_server: Sandbox) -> Iterator[Sandbox]:
    """The sandbox with its state forgotten and faults off, before and after each test."""
    sandbox_server.reset()
    sandbox_server.set_faults("none")
    yield sandbox_server
    sandbox_server.reset()
    sandbox_server.set_faults("none")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch the browser oss-assist would use (Playwright's, or a system Chromium)."""
    from oss_assist.browser import launch_args, require_browser
    from oss_assist.settings import load_settings

    choice = require_browser(load_settings().browser_path)
    return {**browser_type_launch_args, **launch_args(choice, headless=True)}
