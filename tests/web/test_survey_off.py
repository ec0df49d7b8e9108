"""With the survey switched off (the default) no link is opened."""

from __future__ import annotations

from pathlib import Path

from oss_assist.register import Register

from .conftest import Clock, SignIn, csrf_of
from .test_recap_audit import _handed_over


def test_no_survey_unless_the_office_switches_it_on(
        sign_in: SignIn, register: Register, profiles: Path, clock: Clock) -> None:
    case_no = _handed_over(register, profiles, clock)
    counter = sign_in("loket1")
    page = counter.get(f"/kasus/{case_no}").text
    assert "survei kepuasan" not in page
    refused = counter.post(f"/kasus/{case_no}/survei", data={"csrf": csrf_of(counter)})
    assert refused.status_code == 409
    assert "Indeks Kepuasan" not in sign_in("kasi").get("/rekap").text
