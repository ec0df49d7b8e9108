"""With the sandbox's faults switched on, every applicant still reaches an issued NIB."""

from __future__ import annotations

import pytest

from oss_assist.audit import read_events, verify
from oss_assist.evidence import verify_case
from oss_assist.sandbox import FaultProfile, Sandbox
from oss_assist.settings import Settings

from .conftest import PROFILES, RunCase, counts

pytestmark = pytest.mark.browser

#: Latency small enough for a test, large enough to race every wait.
LATENCY = FaultProfile(name="latency-test", latency_ms=20, latency_random_ms=300)


@pytest.mark.parametrize(
    ("faults", "seed", "profile", "nik", "expect_event"),
    [
        (LATENCY, 1, "nur-hasanah-jahit.yaml", "3508206102900004", None),
        ("popups", 2, "suparmi-warung-makan.yaml", "3508204311750002", "popup_closed"),
        ("spinner", 3, "ahmad-fauzi-sapi.yaml", "3508201708850003", "retry"),
        ("dukcapil", 4, "slamet-riyadi-keripik.yaml", "3508200906780005", "portal_error"),
        ("errors", 5, "muhammad-rizki-pangkas.yaml", "3508203001990006", "portal_error"),
        ("session", 6, "siti-aminah-warung.yaml", "3508205204820001", "retry"),
    ],
    ids=["latency", "popups", "spinner", "dukcapil", "errors", "session"],
)
def test_faults_are_ridden_out(
    run: RunCase, sandbox: Sandbox, settings: Settings, faults: str | FaultProfile, seed: int,
    profile: str, nik: str, expect_event: str | None,
) -> None:
    sandbox.set_faults(faults, seed)
    result = run(PROFILES / profile)
    assert result.nib is not None
    assert counts(sandbox, nik) == {"accounts": 1, "locations": 1, "projects": 1, "nibs": 1}
    assert verify(settings.audit_log).intact
    assert verify_case(result.evidence_dir, audit_log=settings.audit_log).intact
    events = [e["event"] for _, e in read_events(settings.audit_log)]
    if expect_event:
        assert expect_event in events, f"the fault never showed: no {expect_event}"
