"""A whole case against the sandbox: NIB, evidence, audit log, binding clicks, resume."""

from __future__ import annotations

import contextlib
import copy
import json
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml

from oss_assist.audit import read_events, verify
from oss_assist.errors import Cancelled, PortalError, ProfileInvalid
from oss_assist.evidence import read_manifest, verify_case
from oss_assist.runner import case_run
from oss_assist.runner.operator import CheckpointRequest, Decision, ScriptedOperator
from oss_assist.sandbox import Sandbox
from oss_assist.settings import Settings

from .conftest import FLOWS, SITI, RunCase, counts

pytestmark = pytest.mark.browser

NIK = "3508205204820001"
#: The requests that make a legally binding act, and the flow step that stands for each.
BINDING = {
    "/api/register/submit": "registrasi/daftar",
    "/api/submitPernyataanMandiri": "nib-umk/konfirmasi-proses",
    "/api/projects": "nib-umk/konfirmasi-simpan",
    "/api/terbitkanNib": "nib-umk/terbitkan-nib",
}


def test_an_applicant_reaches_an_issued_nib_with_sealed_evidence(
    run: RunCase, sandbox: Sandbox, settings: Settings, operator: ScriptedOperator
) -> None:
    result = run()
    assert result.nib is not None and len(result.nib) == 13 and result.nib.isdigit()
    assert sandbox.state.snapshot()["nibs"][0]["nib"] == result.nib
    assert counts(sandbox, NIK) == {"accounts": 1, "locations": 1, "projects": 1, "nibs": 1}

    folder = result.evidence_dir
    report = verify_case(folder, audit_log=settings.audit_log)
    assert report.intact, report.problems
    names = [f.name for f in read_manifest(folder).files]
    assert sum(n.endswith(".png") for n in names) >= 10
    assert names == sorted(names, key=lambda n: (not n[:3].isdigit(), n))
    assert (folder / "nib.txt").read_text().strip() == result.nib
    pdf = (folder / "nib.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE((folder / n).stat().st_mode) == 0o600 for n in names)

    assert verify(settings.audit_log).intact
    raw = settings.audit_log.read_text()
    assert NIK not in raw and "siti.aminah@example.com" not in raw and "81200000001" not in raw
    assert operator.password_for(NIK) not in raw  # the password never reaches the log
    events = [e["event"] for _, e in read_events(settings.audit_log)]
    for event in ("case_opened", "flow_started", "field_filled", "checkpoint_reached",
                  "operator_decision", "screenshot_saved", "nib_issued", "flow_finished"):
        assert event in events, event
    decisions = [e for _, e in read_events(settings.audit_log)
                 if e["event"] == "operator_decision"]
    assert {d["actor"] for d in decisions} == {"scripted_operator"}


def test_every_binding_request_follows_the_operators_own_action(
    run: RunCase, sandbox: Sandbox
) -> None:
    run()
    state = sandbox.state
    timeline = sorted(
        [(m["seq"], "mark", m["note"]) for m in state.marks]
        + [(r.seq, "request", r.path) for r in state.requests if r.method == "POST"]
    )
    seen = 0
    for i, (_, kind, what) in enumerate(timeline):
        if kind == "request" and what in BINDING:
            seen += 1
            marks = [w for _, k, w in timeline[:i] if k == "mark"]
            assert marks and marks[-1] == BINDING[what], (what, marks[-1:])
    assert seen == len(BINDING)


class Declining:
    """An operator who types what is asked but refuses the first binding step."""

    scripted = False
    name = "operator penguji"

    def __init__(self, inner: ScriptedOperator) -> None:
        self.inner = inner

    def at_checkpoint(self, page: Any, request: CheckpointRequest) -> Decision:
        if request.kind == "binding":
            return Decision(False, self.name, False, "test")
        return self.inner.at_checkpoint(page, request)


def test_the_runner_never_clicks_a_binding_step_itself(
    run: RunCase, sandbox: Sandbox, operator: ScriptedOperator
) -> None:
    with pytest.raises(Cancelled):
        run(operator=Declining(operator))
    posted = [r.path for r in sandbox.state.requests if r.method == "POST"]
    assert "/api/register/submit" not in posted
    assert sandbox.state.accounts == {} or counts(sandbox, NIK)["accounts"] == 0


def test_an_invalid_profile_never_opens_a_browser(
    run: RunCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "rusak.yaml"
    broken.write_text(SITI.read_text().replace("3508205204820001", "3508201204820001"))
    (tmp_path / "dokumen").symlink_to(SITI.parent / "dokumen")

    def no_browser(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a browser was opened")

    monkeypatch.setattr(case_run, "browser_page", no_browser)
    with pytest.raises(ProfileInvalid) as info:
        run(broken, page=None)
    assert "identitas" in info.value.render("en")


class Crashing:
    """Kills the browser's process when the operator reaches a given step (a crash, a
    pulled plug)."""

    scripted = True
    name = "operator skrip sandbox"

    def __init__(self, inner: ScriptedOperator, step: str, kill: Any) -> None:
        self.inner = inner
        self.step = step
        self.kill = kill

    def at_checkpoint(self, page: Any, request: CheckpointRequest) -> Decision:
        if request.step_id == self.step:
            self.kill()
        return self.inner.at_checkpoint(page, request)


def _own_browser(playwright: Any) -> tuple[Any, Any]:
    """A browser in a process of its own, and a function that kills that process."""
    import psutil

    from oss_assist.browser import launch_args, require_browser

    before = {p.pid for p in psutil.Process().children(recursive=True)}
    browser = playwright.chromium.launch(**launch_args(require_browser(), headless=True))
    mine = [p for p in psutil.Process().children(recursive=True)
            if p.pid not in before and "chrom" in p.name().lower()]

    def kill() -> None:
        for proc in mine:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()

    return browser, kill


@pytest.mark.parametrize("crash_at", ["kata-sandi", "konfirmasi-proses", "periksa-data"])
# kata-sandi: mid-registration; konfirmasi-proses: at a binding step; periksa-data: at the
# read-back, with everything but the NIB done
def test_a_killed_browser_resumes_without_doing_anything_twice(
    run: RunCase, sandbox: Sandbox, operator: ScriptedOperator, playwright: Any,
    browser: Any, crash_at: str, settings: Settings,
) -> None:
    doomed, kill = _own_browser(playwright)
    try:
        with pytest.raises(PortalError):
            run(page=doomed.new_page(), operator=Crashing(operator, crash_at, kill))
    finally:
        with contextlib.suppress(Exception):
            doomed.close()
    second = browser.new_context()
    try:
        result = run(page=second.new_page())
    finally:
        second.close()
    assert result.nib is not None
    assert counts(sandbox, NIK) == {"accounts": 1, "locations": 1, "projects": 1, "nibs": 1}
    assert verify(settings.audit_log).intact
    assert verify_case(result.evidence_dir).intact


@pytest.mark.parametrize("endpoint", ["prosesLokasi", "prosesBidangUsaha", "terbitkanNib"])
def test_an_answer_lost_after_the_portal_saved_is_never_sent_again(
    sandbox: Sandbox, operator: ScriptedOperator, browser: Any, settings: Settings,
    endpoint: str,
) -> None:
    """The portal saves, then the answer never reaches the browser (a dropped line, a
    crash): the next run finds what was saved instead of sending it again."""
    quick = settings.model_copy(update={"step_timeout_s": 4, "retries": 0})
    first = browser.new_context()
    page = first.new_page()

    def lose(route: Any) -> None:
        route.fetch()  # the portal receives and saves it
        route.abort()  # the browser hears nothing back

    page.route(f"**/api/{endpoint}", lose)
    try:
        with pytest.raises(PortalError):
            case_run.run_case(SITI, settings=quick, operator=operator, flows_dir=FLOWS,
                              page=page)
    finally:
        first.close()
    saved = {"prosesLokasi": "locations", "prosesBidangUsaha": "projects",
             "terbitkanNib": "nibs"}[endpoint]
    assert counts(sandbox, NIK)[saved] == 1
    second = browser.new_context()
    try:
        result = case_run.run_case(SITI, settings=settings, operator=operator,
                                   flows_dir=FLOWS, page=second.new_page())
    finally:
        second.close()
    assert result.nib is not None
    assert counts(sandbox, NIK) == {"accounts": 1, "locations": 1, "projects": 1, "nibs": 1}
    found = [e for _, e in read_events(settings.audit_log)
             if e.get("outcome") == "found_on_portal"]
    assert [e["section"] for e in found] == [
        {"prosesLokasi": "lokasi", "prosesBidangUsaha": "bidang-usaha",
         "terbitkanNib": "terbit"}[endpoint]]
    if endpoint == "terbitkanNib":  # the document is kept although the answer was lost
        assert (result.evidence_dir / "nib.pdf").read_bytes().startswith(b"%PDF")


def test_a_5xx_after_the_portal_saved_is_not_answered_by_sending_again(
    run: RunCase, sandbox: Sandbox, settings: Settings, page: Any
) -> None:
    """A gateway that times out after the portal saved the location: the run looks on the
    portal before it sends again, and goes on in the same run."""
    failed = []

    def saved_then_503(route: Any) -> None:
        if failed:
            route.continue_()
            return
        route.fetch()  # saved on the portal...
        failed.append(True)
        route.fulfill(status=503, json={"status": 503, "message": "Service Unavailable"})

    page.route("**/api/prosesLokasi", saved_then_503)
    result = run(page=page)
    assert failed and result.nib is not None
    assert counts(sandbox, NIK) == {"accounts": 1, "locations": 1, "projects": 1, "nibs": 1}
    outcomes = [(e["event"], e.get("section"), e.get("outcome"))
                for _, e in read_events(settings.audit_log)]
    assert ("step_completed", "lokasi", "found_on_portal") in outcomes


def test_two_activities_get_two_projects_under_one_nib(
    run: RunCase, sandbox: Sandbox, tmp_path: Path
) -> None:
    data = yaml.safe_load(SITI.read_text())
    second = copy.deepcopy(data["kegiatan"][0])
    second.update(kbli="56103", nama_usaha="Kedai Kopi Bu Siti",
                  produk=[{"jenis_produk_jasa": "Kopi", "kapasitas": 50, "satuan": "Unit"}])
    second["lokasi"]["alamat"] = "Pasar Jenggrong"
    second["investasi"] = {"tanah": 0, "bangunan": 0, "mesin_peralatan": 1000000,
                           "investasi_lain": 500000, "modal_kerja": 2000000}
    data["kegiatan"].append(second)
    profile = tmp_path / "dua-kegiatan.yaml"
    profile.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "dokumen").symlink_to(SITI.parent / "dokumen")
    result = run(profile)
    assert result.nib is not None
    assert counts(sandbox, NIK) == {"accounts": 1, "locations": 2, "projects": 2, "nibs": 1}
    with sandbox.state.lock:
        (nib,) = sandbox.state.nibs.values()
        kblis = sorted(sandbox.state.projects[p].kbli for p in nib.project_ids)
    assert kblis == ["47112", "56103"]
    facts = json.loads((result.evidence_dir / "case.json").read_text())["facts"]
    assert facts["id_proyek"] != facts["id_proyek_kegiatan2"]
    assert facts["nib"] == facts["nib_kegiatan2"] == result.nib


def test_running_a_finished_case_again_does_nothing(run: RunCase, sandbox: Sandbox) -> None:
    first = run()
    requests = len(sandbox.state.requests)
    again = run(page=None)  # no browser needed: every flow is finished
    assert again.nib == first.nib
    assert len(sandbox.state.requests) == requests


def test_an_account_the_portal_already_has_is_not_registered_again(
    run: RunCase, sandbox: Sandbox, settings: Settings, tmp_path: Path, page: Any
) -> None:
    run(flow_names=["registrasi"])
    # a second office PC: no case record, but the portal knows the NIK
    other = settings.model_copy(update={"archive_dir": tmp_path / "lain",
                                        "audit_log": tmp_path / "lain" / "audit.jsonl"})
    result = case_run.run_case(SITI, settings=other, operator=ScriptedOperator(
        sandbox.urls["mail"], sandbox.urls["login"]), flows_dir=Path("flows"),
        flow_names=["registrasi"], page=page, headless=True)
    assert counts(sandbox, NIK)["accounts"] == 1
    record = json.loads((result.evidence_dir / "case.json").read_text())
    assert record["facts"]["account_registered"] is True
