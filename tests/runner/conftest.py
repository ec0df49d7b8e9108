"""Running cases against the sandbox: settings pointing at it and a scripted operator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from oss_assist.audit import audit_logger
from oss_assist.cases import open_case
from oss_assist.flows.loader import load_portal_rules
from oss_assist.flows.values import Scope
from oss_assist.profiles import load_ready_profile
from oss_assist.runner.case_run import CaseResult, run_case
from oss_assist.runner.engine import Engine, RunContext
from oss_assist.runner.operator import ScriptedOperator
from oss_assist.sandbox import Sandbox
from oss_assist.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
PROFILES = ROOT / "profiles"
FLOWS = ROOT / "flows"
SITI = PROFILES / "siti-aminah-warung.yaml"


@pytest.fixture
def settings(sandbox: Sandbox, tmp_path: Path) -> Settings:
    urls = {f"{role}_url": url for role, url in sandbox.urls.items() if role != "mail"}
    return load_settings(**urls, archive_dir=tmp_path / "arsip",
                         audit_log=tmp_path / "arsip" / "audit.jsonl", headless=True,
                         step_timeout_s=30, retries=4)


@pytest.fixture
def operator(sandbox: Sandbox) -> ScriptedOperator:
    return ScriptedOperator(sandbox.urls["mail"], sandbox.urls["login"])


RunCase = Callable[..., CaseResult]


@pytest.fixture
def run(settings: Settings, operator: ScriptedOperator, page: Any) -> RunCase:
    """Run one case in the test's page (pass ``page=`` for another one)."""

    def go(profile: Path = SITI, **kwargs: Any) -> CaseResult:
        kwargs.setdefault("page", page)
        kwargs.setdefault("operator", operator)
        return run_case(profile, settings=settings, flows_dir=FLOWS, **kwargs)

    return go


def counts(sandbox: Sandbox, nik: str) -> dict[str, int]:
    """How many accounts, locations, activities and NIBs the sandbox holds for a NIK."""
    state = sandbox.state
    with state.lock:
        account_ids = [a.id for a in state.accounts.values() if a.nik == nik]
        return {
            "accounts": len(account_ids),
            "locations": sum(1 for x in state.locations.values() if x.account_id in account_ids),
            "projects": sum(1 for x in state.projects.values() if x.account_id in account_ids),
            "nibs": sum(1 for x in state.nibs.values() if x.account_id in account_ids),
        }


@contextmanager
def engine_on(page: Any, settings: Settings, operator: Any, *, timeout_s: float = 1.5,
              max_manual: int = 3) -> Iterator[tuple[Engine, list[str]]]:
    """An engine on Siti's case and the given page and operator, with short waits (for
    flows written by the test), and what it said to the operator."""
    profile = load_ready_profile(SITI)
    said: list[str] = []
    with open_case(settings.archive_dir, profile.identitas.nik, SITI) as case:
        ctx = RunContext(
            page=page, urls=settings.portal_urls(), rules=load_portal_rules(FLOWS),
            operator=operator, case=case,
            audit=audit_logger(settings.audit_log, case_id=case.id, operator="uji"),
            scope=Scope(profile, case.facts, base_dir=SITI.parent), timeout_s=timeout_s,
            retries=0, evidence_dir=case.folder, max_manual_steps=max_manual,
            say=lambda text: said.append(text.render("en")),
        )
        yield Engine(ctx), said


#: A test flow of one section; a test appends the steps it hands off (the hand-off and
#: pick tests write their flows from these, onto pages of their own).
TEST_FLOW = """
name: uji-tangan
title: uji
sections:
  - id: isi
    title: isi
    steps:
"""
FILL_NAME_STEP = """
      - id: nama
        action: fill
        title: Nama sesuai KTP
        target: {placeholder: "Masukkan nama sesuai KTP"}
        value: {path: identitas.nama_sesuai_ktp}
        field: nama
"""
READ_NIB_STEP = """
      - id: nomor-nib
        action: read
        title: Nomor NIB
        target: {testid: nib-number}
        fact: nib
        pattern: "(\\\\d{13})"
"""
