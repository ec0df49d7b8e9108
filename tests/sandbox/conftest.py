"""What the business-app tests share: an applicant with an account and a session."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from oss_assist.sandbox import Sandbox
from oss_assist.sandbox.state import Account, TrainingAccount

SITI = TrainingAccount(
    nik="3508205204820001", email="siti.aminah@example.com", phone="81200000001",
    password="Rahasia#2026", address="Dusun Krajan", daerah_id="3508202001",
)


@pytest.fixture
def siti(sandbox: Sandbox) -> Account:
    return sandbox.state.add_account(SITI)


@pytest.fixture
def token(sandbox: Sandbox, siti: Account) -> str:
    return sandbox.state.open_session(siti.id).token


@pytest.fixture
def app(page: Page, sandbox: Sandbox, token: str) -> Page:
    """A browser page logged in as SITI AMINAH: the login host's cookie holds her session,
    as after "Masuk"; each other host learns it by single sign-on on its first page."""
    page.set_default_timeout(5000)
    page.context.add_cookies([{"name": "oss_token_login", "value": token,
                               "url": sandbox.urls["login"]}])
    return page


def posts(sandbox: Sandbox, fragment: str) -> list[dict[str, object]]:
    """The POST requests the sandbox received whose path holds the fragment."""
    with sandbox.state.lock:
        return [r.as_dict() for r in sandbox.state.requests
                if r.method == "POST" and fragment in r.path]
