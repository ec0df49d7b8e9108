"""Fixtures for the web desk's tests: the ASGI app on a register with a clock the test
moves, staff of every role, and a client that signs in as one of them."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from oss_assist.register import Register, open_register
from oss_assist.settings import Settings, load_settings
from oss_assist.web import build_app
from oss_assist.web.accounts import add_user
from oss_assist.web.permissions import Role
from tests.clocks import Clock

PASSWORD = "sandi-latihan-2026"
#: one member of staff per role: login -> (role, the name the audit log gives)
STAFF = {
    "loket1": (Role.COUNTER, "Petugas Loket Satu"),
    "loket2": (Role.COUNTER, "Petugas Loket Dua"),
    "kasi": (Role.SECTION_HEAD, "Kasi Pelayanan"),
    "operator": (Role.OPERATOR, "Operator Dua"),
    "sekretariat": (Role.SECRETARIAT, "Sekretariat Tiga"),
    "camat": (Role.HEAD, "Pimpinan Empat"),
}
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 at its lightest: the tests check what is hashed, not how slowly."""
    from argon2 import PasswordHasher

    from oss_assist.web import accounts

    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024,
                                                            parallelism=1))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'register.sqlite3').as_posix()}"


@pytest.fixture
def settings(tmp_path: Path, sqlite_url: str) -> Settings:
    archive = tmp_path / "arsip"
    return load_settings(archive_dir=archive, audit_log=archive / "audit.jsonl",
                         database_url=sqlite_url, operator_name="")


@pytest.fixture
def register(settings: Settings, clock: Clock) -> Register:
    return open_register(settings, clock=clock)


@pytest.fixture
def staff(register: Register) -> dict[str, tuple[Role, str]]:
    for login, (role, name) in STAFF.items():
        add_user(register.engine, login, role=role, password=PASSWORD, full_name=name,
                 now=register.now())
    return STAFF


@pytest.fixture
def app(settings: Settings, register: Register, staff: object) -> Starlette:
    return build_app(settings, register=register, login_delay=0, chain_wait=30)


@pytest.fixture
def anonymous(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as client:
        yield client


SignIn = Callable[[str], TestClient]


def masuk(client: Any, name: str, password: str) -> Any:
    """Sign in as a browser does: the sign-in page first (its token), then the form."""
    page = client.get("/masuk")
    found = _CSRF.search(page.text)
    token = found.group(1) if found else ""
    return client.post("/masuk", data={"csrf": token, "nama": name, "sandi": password})


@pytest.fixture
def sign_in(app: Starlette) -> Iterator[SignIn]:
    """``sign_in("kasi")``: a new client signed in as that member of staff."""
    clients: list[TestClient] = []

    def make(login: str) -> TestClient:
        client = TestClient(app, follow_redirects=False)
        clients.append(client)
        answer = masuk(client, login, PASSWORD)
        assert answer.status_code == 303, answer.text
        return client

    yield make
    for client in clients:
        client.close()


def csrf_of(client: TestClient, path: str = "/") -> str:
    """The CSRF token the signed-in client's pages carry."""
    page = client.get(path)
    found = _CSRF.search(page.text)
    assert found, page.text[:500]
    return found.group(1)


SITI = "siti-aminah-warung.yaml"
NIB_PDF = b"%PDF-1.4\n% sintetis\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png(width: int = 900, height: int = 600, shade: int = 200) -> bytes:
    """A synthetic screenshot."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (shade, 230, 210)).save(out, "PNG")
    return out.getvalue()


def operator_run(register: Register, case_no: str, *, shots: int = 2,
                 differs: tuple[str, ...] = ()) -> None:
    """What the operator's run leaves behind: screenshots in the case folder, their audit
    lines, a read-back, the NIB (recorded as the run records it)."""
    from oss_assist.audit import Event, audit_logger
    from oss_assist.evidence import case_folder, save_screenshot
    from oss_assist.register import record_nib, start_work

    start_work(register, case_no, by="Operator Dua")
    folder = case_folder(register.archive_dir, case_no)
    log = audit_logger(register.audit_log, case_id=case_no, operator="Operator Dua",
                       office=register.office.name)
    for i in range(shots):
        shot = save_screenshot(folder, i, f"langkah {i}", png(shade=100 + i), "http://x/",
                               flow="nib-umk")
        log.info(Event.SCREENSHOT_SAVED, **shot.log_fields())
    log.info("read_back", flow="nib-umk", step="tinjau", fields=12, differs=list(differs))
    record_nib(register, case_no, "1234567890123", by="Operator Dua", by_run=True)


@pytest.fixture
def desk_url(app: Starlette) -> Iterator[str]:
    """The desk served by uvicorn on a free 127.0.0.1 port, stopped after the test."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the desk did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def browser_sign_in(page: Any, url: str, login: str) -> None:
    """Sign in through the sign-in page, in a browser."""
    from playwright.sync_api import expect

    page.context.clear_cookies()
    page.goto(f"{url}/masuk")
    page.get_by_label("Nama pengguna").fill(login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Register kasus")).to_be_visible()
