"""With the sandbox's faults switched on, every applicant still reaches an issued NIB."""

from __future__ import annotations

from typing import Any

import pytest

from oss_assist.audit import read_events, verify
from oss_assist.evidence import verify_case
from oss_assist.runner.engine import Engine
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


def test_a_session_ended_after_the_nib_was_read_fetches_its_pdf_and_issues_nothing_again(
    run: RunCase, sandbox: Sandbox, settings: Settings, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The portal ends the session just after the NIB was issued and read, before its PDF
    is downloaded (a CI run met it by chance): the run logs in again and takes the PDF from
    the issued NIB by the section's recover steps, instead of starting the section again
    and waiting for declarations the portal no longer shows."""
    ended: list[str] = []
    record = Engine.set_fact

    def end_the_session_once_the_nib_is_read(engine: Engine, name: str, value: Any) -> None:
        record(engine, name, value)
        if name == "nib" and not ended:
            with sandbox.state.lock:
                tokens = list(sandbox.state.sessions)
            for token in tokens:
                sandbox.state.end_session(token)
            ended.append(str(value))

    monkeypatch.setattr(Engine, "set_fact", end_the_session_once_the_nib_is_read)
    result = run(PROFILES / "siti-aminah-warung.yaml")
    assert ended, "the session was never ended after the NIB was read"
    assert result.nib == ended[0]
    assert counts(sandbox, "3508205204820001")["nibs"] == 1
    assert (result.evidence_dir / "nib.pdf").read_bytes().startswith(b"%PDF")
    events = [e for _, e in read_events(settings.audit_log)]
    assert any(e["event"] == "retry" and e.get("reason") == "session_ended" for e in events)
    declared = [e for e in events if e["event"] == "checkpoint_reached"
                and e.get("step") == "pernyataan-kkpr"]
    assert len(declared) == 1  # never asked for again
    assert verify_case(result.evidence_dir, audit_log=settings.audit_log).intact
