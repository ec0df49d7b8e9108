"""The engine on its own: secret fields masked in evidence, the wrong page never typed
into, and a portal that keeps failing given up on after the retries allowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from oss_assist.audit import audit_logger, read_events
from oss_assist.cases import open_case
from oss_assist.errors import PageMismatch, PortalError
from oss_assist.evidence import read_manifest
from oss_assist.flows.loader import load_flow, load_portal_rules
from oss_assist.flows.values import Scope
from oss_assist.profiles import load_ready_profile
from oss_assist.runner import actions
from oss_assist.runner.case_run import run_case
from oss_assist.runner.engine import Engine, RunContext
from oss_assist.runner.operator import ScriptedOperator
from oss_assist.sandbox import Faults, Sandbox
from oss_assist.settings import Settings

from .conftest import FLOWS, SITI, counts

pytestmark = pytest.mark.browser

LOGIN_FORM = """
<h1>Masuk</h1>
<input placeholder="Contoh: 081xxxxxxxxx atau email">
<input type="password" placeholder="Masukkan kata sandi" value="{secret}">
<div><input class="otp-input2" value="{digit}"></div>
"""


def test_secret_fields_are_masked_whatever_they_hold(page: Any) -> None:
    secret = load_portal_rules(FLOWS).secret_fields

    def shot(password: str, digit: str, masked: bool) -> bytes:
        page.set_content(LOGIN_FORM.format(secret=password, digit=digit))
        if masked:
            return actions.screenshot(page, secret)
        return page.screenshot(full_page=True, animations="disabled")

    # without the mask the typed secret shows (the pictures differ) ...
    assert shot("Rahasia#1", "4", masked=False) != shot("Lain#2222", "7", masked=False)
    # ... with it, the same picture whatever was typed: nothing of the secret is kept
    assert shot("Rahasia#1", "4", masked=True) == shot("Lain#2222", "7", masked=True)


WRONG_PAGE_FLOW = """\
name: salah-halaman
title: Uji halaman yang salah
sections:
  - id: isi
    title: Isi
    steps:
      - id: buka
        action: goto
        title: Buka halaman (yang ternyata pencarian KBLI)
        host: portal
        path: /kbli
      - id: nik
        action: fill
        title: NIK di formulir pendaftaran
        expect: {heading: "Pendaftaran Akun OSS"}
        target: {placeholder: "Cari kode atau judul KBLI"}
        value: {path: identitas.nik}
        field: nik
"""


def test_on_the_wrong_page_the_engine_stops_before_typing(
    page: Any, sandbox: Sandbox, settings: Settings, tmp_path: Path
) -> None:
    flow_file = tmp_path / "salah-halaman.yaml"
    flow_file.write_text(WRONG_PAGE_FLOW, encoding="utf-8")
    flow = load_flow(flow_file)
    profile = load_ready_profile(SITI)
    with open_case(settings.archive_dir, profile.identitas.nik, SITI) as case:
        audit = audit_logger(settings.audit_log, case_id=case.id, operator="uji")
        ctx = RunContext(
            page=page, urls=settings.portal_urls(), rules=load_portal_rules(FLOWS),
            operator=ScriptedOperator(sandbox.urls["mail"], sandbox.urls["login"]),
            case=case, audit=audit, scope=Scope(profile, case.facts, base_dir=SITI.parent),
            timeout_s=1.5, retries=0, evidence_dir=case.folder,
        )
        with pytest.raises(PageMismatch) as caught:
            Engine(ctx).run(flow)
        folder = case.folder
    assert "salah-halaman/isi/nik" in caught.value.render("id")
    assert "Pendaftaran Akun OSS" in caught.value.render("id")
    assert page.get_by_placeholder("Cari kode atau judul KBLI").input_value() == ""
    failures = [f for f in read_manifest(folder).files if f.kind == "failure"]
    assert len(failures) == 1 and failures[0].step == "nik"  # one picture of the failure
    events = [e["event"] for _, e in read_events(settings.audit_log)]
    assert "field_filled" not in events


def test_a_portal_that_keeps_failing_is_given_up_on_after_the_retries(
    page: Any, sandbox: Sandbox, settings: Settings, operator: ScriptedOperator
) -> None:
    faults = Faults.custom("none", 0, dukcapil_outage_probability=1)
    sandbox.set_faults(faults.profile)
    two = settings.model_copy(update={"retries": 2})
    with pytest.raises(PortalError) as caught:
        run_case(SITI, settings=two, operator=operator, flows_dir=FLOWS, page=page,
                 flow_names=["registrasi"])
    assert "setelah 3 kali coba" in caught.value.render("id")
    assert "Gagal tersambung ke sistem dukcapil" in caught.value.render("id")
    retries = [e for _, e in read_events(settings.audit_log) if e["event"] == "retry"]
    assert [e["attempt"] for e in retries] == [1, 2]
    assert [e["wait_s"] for e in retries] == [1.0, 2.0]  # backing off
    assert counts(sandbox, "3508205204820001")["accounts"] == 0
