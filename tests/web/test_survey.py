"""The satisfaction survey: a one-time link after hand-over, answered without a session,
counted in the recap's index; off unless the office switches it on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from oss_assist.audit import read_events
from oss_assist.register import Register
from oss_assist.settings import Settings
from oss_assist.web import build_app
from oss_assist.web.ikm import KEYS

from .conftest import SignIn, csrf_of
from .test_recap_audit import _handed_over


@pytest.fixture
def app(settings: Settings, register: Register, staff: object) -> Starlette:
    on = settings.model_copy(update={"web_survey": True})
    return build_app(on, register=register, login_delay=0, chain_wait=30)


def _link(sign_in: SignIn, case_no: str) -> str:
    counter = sign_in("loket1")
    page = counter.post(f"/kasus/{case_no}/survei",
                        data={"csrf": csrf_of(counter, f"/kasus/{case_no}")})
    assert page.status_code == 200 and "<svg" in page.text
    found = re.search(r'href="http://testserver(/survei/[^"]+)"', page.text)
    assert found
    return found.group(1)


def test_the_applicant_answers_once_without_signing_in_and_the_recap_shows_the_index(
        app: Starlette, sign_in: SignIn, register: Register, profiles: Path,
        clock: object) -> None:
    case_no = _handed_over(register, profiles, clock)  # type: ignore[arg-type]
    link = _link(sign_in, case_no)
    on_the_counters_screen = sign_in("loket1").get(link).text
    assert "Persyaratan" in on_the_counters_screen
    assert "Keluar" not in on_the_counters_screen and "Petugas Loket" not in \
        on_the_counters_screen  # the officer's session is not offered to the applicant
    with TestClient(app, follow_redirects=False) as applicant:
        form = applicant.get(link)
        assert form.status_code == 200 and "Persyaratan" in form.text
        assert form.text.count('type="radio"') == 36
        half = applicant.post(link, data={k: "4" for k in KEYS[:5]})
        assert half.status_code == 400 and "kesembilan" in half.text
        answers = {k: "4" for k in KEYS} | {"waktu": "3"}
        assert applicant.post(link, data=answers).status_code == 200
        again = applicant.post(link, data=answers)
        assert again.status_code == 410
        assert applicant.get(link).status_code == 410
    recap = sign_in("camat").get("/rekap", params={"bulan": "2026-11"}).text
    # (8×4 + 3)/9 × 25 = 97.22
    assert "IKM 97.22" in recap and "mutu A" in recap and "1 responden" in recap
    events = [e["event"] for _, e in read_events(register.audit_log, case_id=case_no)]
    assert "survey_link_opened" in events and "survey_answered" in events


def test_the_link_is_only_for_a_handed_over_case_and_the_counter(
        sign_in: SignIn, register: Register, profiles: Path) -> None:
    from oss_assist.register import receive

    case, _ = receive(register, profiles / "siti-aminah-warung.yaml",
                      by="Petugas Loket Satu", policy="sop")
    counter = sign_in("loket1")
    early = counter.post(f"/kasus/{case.case_no}/survei", data={"csrf": csrf_of(counter)})
    assert early.status_code == 409
    kasi = sign_in("kasi")
    assert kasi.post(f"/kasus/{case.case_no}/survei",
                     data={"csrf": csrf_of(kasi)}).status_code == 403


def test_an_unknown_link_is_gone_not_an_error(anonymous: TestClient) -> None:
    assert anonymous.get("/survei/bukan-tautan").status_code == 410
    assert anonymous.post("/survei/bukan-tautan",
                          data=dict.fromkeys(KEYS, "4")).status_code == 410
