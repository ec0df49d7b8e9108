"""Every action refused for every role that may not do it, without a session, and
without the CSRF token; and nothing changed by a refusal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from oss_assist.register import Register, receive, validate

from .conftest import NIB_PDF, SITI, STAFF, SignIn, csrf_of, operator_run

#: action -> (method, path with {c} for the case, the logins that may do it), written out
#: here rather than read from the permission table, so that a wrong grant fails a test
ACTIONS: dict[str, tuple[str, str, set[str]]] = {
    "receive": ("POST", "/kasus-baru", {"loket1", "loket2"}),
    "live check": ("POST", "/kasus-baru/periksa", {"loket1", "loket2"}),
    "validate": ("POST", "/kasus/{c}/validasi", {"kasi"}),
    "return": ("POST", "/kasus/{c}/kembalikan", {"kasi"}),
    "record nib": ("POST", "/kasus/{c}/nib", {"operator"}),
    "archive": ("POST", "/kasus/{c}/arsip", {"sekretariat"}),
    "hand over": ("POST", "/kasus/{c}/serahkan", {"loket1", "loket2"}),
    "cancel": ("POST", "/kasus/{c}/batal", {"kasi"}),
    "survey link": ("POST", "/kasus/{c}/survei", {"loket1", "loket2"}),
    "receipt": ("GET", "/kasus/{c}/tanda-terima/berkas", {"loket1", "loket2", "kasi"}),
    "recap": ("GET", "/rekap", {"kasi", "camat"}),
    "recap pdf": ("GET", "/rekap/2026-11/pdf", {"kasi", "camat"}),
    "audit": ("GET", "/audit", {"kasi", "sekretariat", "camat"}),
    "audit filter": ("POST", "/audit", {"kasi", "sekretariat", "camat"}),
}
REFUSALS = [(action, login) for action, (_, _, allowed) in ACTIONS.items()
            for login in STAFF if login not in allowed]


@pytest.fixture
def case_no(register: Register, profiles: Path) -> str:
    case, _ = receive(register, profiles / SITI, by="Petugas Loket Satu", policy="sop")
    return case.case_no


def _state(register: Register, case_no: str) -> tuple[Any, ...]:
    case = register.get(case_no)
    return case.stage, case.version, len(register.cases(limit=100))


def _send(client: TestClient, action: str, case_no: str, csrf: str | None) -> Any:
    method, path, _ = ACTIONS[action]
    data = {"alasan": "alasan uji", "nib": "1234567890123"}
    if csrf is not None:
        data["csrf"] = csrf
    files = {"pdf": ("nib.pdf", NIB_PDF, "application/pdf")} if action == "record nib" \
        else None
    if method == "GET":
        return client.get(path.format(c=case_no))
    return client.post(path.format(c=case_no), data=data, files=files)


@pytest.mark.parametrize(("action", "login"), REFUSALS)
def test_each_action_is_refused_to_each_role_that_may_not(
        sign_in: SignIn, register: Register, case_no: str, action: str, login: str) -> None:
    client = sign_in(login)
    before = _state(register, case_no)
    answer = _send(client, action, case_no, csrf_of(client))
    assert answer.status_code == 403, (action, login, answer.status_code)
    assert _state(register, case_no) == before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_is_refused_without_a_session(
        anonymous: TestClient, register: Register, case_no: str, action: str) -> None:
    before = _state(register, case_no)
    answer = _send(anonymous, action, case_no, "tebakan")
    assert answer.status_code == 303 and answer.headers["location"] == "/masuk"
    assert _state(register, case_no) == before


@pytest.mark.parametrize("action", [a for a, (m, _, _) in ACTIONS.items() if m == "POST"])
def test_each_form_is_refused_without_its_csrf_token(
        sign_in: SignIn, register: Register, case_no: str, action: str) -> None:
    login = sorted(ACTIONS[action][2])[0]
    client = sign_in(login)
    before = _state(register, case_no)
    assert _send(client, action, case_no, None).status_code == 403
    assert _send(client, action, case_no, "bukan-token-ini").status_code == 403
    assert _state(register, case_no) == before


def test_another_sessions_csrf_token_does_not_do(sign_in: SignIn, register: Register,
                                                 case_no: str) -> None:
    theirs = csrf_of(sign_in("kasi"))
    mine = sign_in("kasi")
    assert mine.post(f"/kasus/{case_no}/validasi", data={"csrf": theirs}).status_code == 403
    assert register.get(case_no).stage.value == "received"


def test_an_allowed_role_gets_through(sign_in: SignIn, register: Register,
                                      case_no: str) -> None:
    """The same requests as above do succeed for the role that holds the permission."""
    client = sign_in("kasi")
    assert _send(client, "validate", case_no, csrf_of(client)).status_code == 303
    operator = sign_in("operator")
    assert _send(operator, "record nib", case_no, csrf_of(operator)).status_code == 303
    assert register.get(case_no).nib == "1234567890123"


def test_moves_need_their_stage_even_for_the_right_role(
        sign_in: SignIn, register: Register, case_no: str) -> None:
    validate(register, case_no, by="Kasi Pelayanan", policy="sop")
    operator_run(register, case_no, shots=1)
    kasi = sign_in("kasi")
    again = kasi.post(f"/kasus/{case_no}/validasi", data={"csrf": csrf_of(kasi)})
    assert again.status_code == 409 and "NIB terbit" in again.text
