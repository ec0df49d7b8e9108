"""The sandbox never looks live: a LATIHAN / SANDBOX band on every page of every host,
and the same ports from one start to the next, so that the printed .env lines stay valid."""

from __future__ import annotations

import argparse
import socket
from pathlib import Path

import httpx
import pytest
from starlette.routing import Route

from oss_assist.cli.sandbox import _open_sandbox
from oss_assist.sandbox import Sandbox
from oss_assist.sandbox.app import _maintenance
from oss_assist.sandbox.faults import PROFILES
from oss_assist.sandbox.ports import BLOCK, PORT_FILE, block_is_free, free_block, remembered

BAND = 'data-testid="sandbox-band"'


def _pages(sandbox: Sandbox) -> list[tuple[str, str]]:
    """Every GET route without a path parameter, on every host: (base URL, path)."""
    out = []
    for role, url in sandbox.urls.items():
        port = int(url.rsplit(":", 1)[1])
        starlette = sandbox.app.by_port[port].app  # behind the host's SandboxMiddleware
        for route in starlette.routes:
            if isinstance(route, Route) and "GET" in (route.methods or ()) \
                    and "{" not in route.path:
                out.append((url, route.path))
        assert out, role
    return out


def test_every_page_of_every_host_carries_the_band(sandbox: Sandbox) -> None:
    pages = _pages(sandbox)
    html = 0
    with httpx.Client(follow_redirects=True, timeout=30) as client:
        for base, path in pages:
            response = client.get(base + path)
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            html += 1
            assert BAND in response.text, f"{base}{path} ({response.status_code})"
            assert "LATIHAN" in response.text and "SANDBOX" in response.text
    assert html >= 10


def test_the_maintenance_page_carries_the_band_too() -> None:
    body = bytes(_maintenance().body).decode()
    assert "data-testid='sandbox-band'" in body and "LATIHAN" in body


def _args(**given: object) -> argparse.Namespace:
    return argparse.Namespace(**{"port": None, "new_ports": False, "seed": 0, **given})


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OSS_ASSIST_ARCHIVE_DIR", str(tmp_path / "arsip"))
    return tmp_path / "arsip"


def _start(**given: object) -> int:
    sandbox = _open_sandbox(_args(**given), PROFILES["none"], "en")
    try:
        return int(sandbox.urls["portal"].rsplit(":", 1)[1])
    finally:
        sandbox.stop()


def test_the_same_ports_from_one_start_to_the_next(archive: Path) -> None:
    first = _start()
    assert remembered(archive / PORT_FILE) == first
    assert _start() == first
    moved = _start(new_ports=True)
    assert moved != first and remembered(archive / PORT_FILE) == moved
    chosen = free_block()
    assert _start(port=chosen) == chosen and _start() == chosen


def test_busy_remembered_ports_move_and_say_so(archive: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    first = _start()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", first + 2))
        busy.listen()
        moved = _start()
    assert moved != first and remembered(archive / PORT_FILE) == moved
    err = capsys.readouterr().err
    assert f"Ports {first} to {first + 5} are in use" in err and "Update the" in err


def test_a_free_block_is_free() -> None:
    port = free_block()
    assert block_is_free(port) and BLOCK == 6
