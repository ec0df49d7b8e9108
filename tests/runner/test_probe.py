"""``flow probe``: every step's element looked for on the portal, read-only; the drift
fault renames what a portal release renames, and the probe names exactly those."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from oss_assist.errors import PortalUnavailable
from oss_assist.flows.loader import load_flow
from oss_assist.runner.probe import FALLBACK, MISSING, Probe, form_snapshot
from oss_assist.sandbox import Faults, Sandbox, drift, practice
from oss_assist.sandbox.state import TrainingAccount

from .conftest import FLOWS

pytestmark = pytest.mark.browser

ACCOUNT = TrainingAccount(nik="3508205204820001", email="siti.aminah@example.com",
                          phone="81200000001", password="Rahasia#2026",
                          address="Dusun Krajan", daerah_id="3508202001")
NAMES = ("registrasi", "masuk", "nib-umk")


def probe_as_operator(page: Any, sandbox: Sandbox, folder: Path = FLOWS, **kwargs: Any) -> Any:
    """Probe the sandbox as an operator would: log in with a training account, give the
    ids of an application under way."""
    during_login = kwargs.pop("during_login", lambda _: None)
    account = sandbox.state.add_account(ACCOUNT)
    project = practice.prepare(sandbox.state, account, "investasi")

    def login(p: Any) -> None:
        p.goto(sandbox.urls["login"] + "/login")
        p.get_by_placeholder("atau email").fill(ACCOUNT.email)
        p.get_by_placeholder("Masukkan kata sandi").fill(ACCOUNT.password)
        p.get_by_role("button", name="Masuk", exact=True).click()
        p.get_by_test_id("top-menus").wait_for()
        during_login(p)

    flows = [load_flow(folder / f"{n}.yaml") for n in NAMES]
    facts = {"id_proyek": project.id_proyek, "id_proyek_lokasi": project.id_proyek_lokasi}
    return Probe(page, sandbox.urls, facts=facts, login=login, **kwargs).run(flows)


def _changed(report: Any, status: str) -> list[tuple[str, str]]:
    return [(r.flow, r.step) for r in report.rows if r.status == status]


def test_the_probe_finds_every_target_and_sends_nothing(page: Any, sandbox: Sandbox) -> None:
    report = probe_as_operator(page, sandbox)
    assert report.exit_code == 0, [r for r in report.rows if r.status in (MISSING, FALLBACK)]
    assert sum(r.status == "found" for r in report.rows) > 60
    assert len(report.pages) >= 8  # its time: benchmarks/bench_probe.py
    with sandbox.state.lock:
        sent = [(r.method, r.path) for r in sandbox.state.requests if r.method != "GET"]
    assert sent == [("POST", "/login")]  # the log-in itself, nothing else


def test_the_probe_names_exactly_the_renamed_targets(page: Any, sandbox: Sandbox) -> None:
    sandbox.set_faults(Faults.custom("none", drift=("nik", "akun", "nama-usaha",
                                                    "modal-kerja")).profile)
    report = probe_as_operator(page, sandbox)
    assert _changed(report, FALLBACK) == [("registrasi", "nik"), ("masuk", "akun"),
                                          ("nib-umk", "nama-usaha"), ("nib-umk", "modal-kerja")]
    assert _changed(report, MISSING) == []
    assert report.exit_code == 1


def test_a_renamed_target_without_fallbacks_is_missing(
    page: Any, sandbox: Sandbox, tmp_path: Path
) -> None:
    folder = tmp_path / "flows"
    shutil.copytree(FLOWS, folder)
    registrasi = folder / "registrasi.yaml"
    registrasi.write_text(registrasi.read_text(encoding="utf-8").replace(
        '          fallbacks: [{placeholder: "Contoh: Jl."}]\n', ""), encoding="utf-8")
    sandbox.set_faults(Faults.custom("none", drift=("alamat",)).profile)
    report = probe_as_operator(page, sandbox, folder)
    assert _changed(report, MISSING) == [("registrasi", "alamat")]
    assert report.exit_code == 2


def test_the_drift_profile_is_repeatable_by_seed() -> None:
    first = [r.new for r in Faults("drift", seed=7).renames()]
    assert first == [r.new for r in Faults("drift", seed=7).renames()]
    assert len(first) == drift.DRAWN and set(BROKEN_BY) == set(drift.POOL)
    assert any([r.new for r in Faults("drift", seed=s).renames()] != first for s in range(5))


def test_every_request_but_the_log_in_is_blocked(page: Any, sandbox: Sandbox) -> None:
    def post_something(p: Any) -> None:
        p.evaluate("() => fetch('/api/register/check-nik', {method: 'POST', "
                   "body: '{\"nik\": \"1\"}'}).catch(() => null)")

    report = probe_as_operator(page, sandbox, during_login=post_something)
    assert [b.split()[0] for b in report.blocked] == ["POST"]
    assert "/api/register/check-nik" in report.blocked[0]
    with sandbox.state.lock:
        assert not [r for r in sandbox.state.requests if "check-nik" in r.path]


def test_snapshots_hold_roles_and_names_never_values(
    page: Any, sandbox: Sandbox, tmp_path: Path
) -> None:
    probe_as_operator(page, sandbox, snapshot_dir=tmp_path / "snap")
    files = sorted((tmp_path / "snap").iterdir())
    assert len(files) >= 8
    register = next(f for f in files if "register" in f.name).read_text(encoding="utf-8")
    assert 'textbox "Pilih jenis pelaku usaha"' in register
    page.set_content('<label>Nama <input value="SITI AMINAH"></label>'
                     '<input aria-label="NIK" value="3508205204820001">')
    shot = form_snapshot(page)
    assert 'textbox "Nama"' in shot and 'textbox "NIK"' in shot
    assert "SITI" not in shot and "3508" not in shot


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_portal_is_a_clear_message(page: Any) -> None:
    dead = f"http://127.0.0.1:{_closed_port()}"
    urls = {h: dead for h in ("portal", "login", "perizinan", "beranda", "amdalnet")}
    with pytest.raises(PortalUnavailable) as caught:
        Probe(page, urls).run([load_flow(FLOWS / "registrasi.yaml")])
    assert caught.value.render("id").startswith("Portal tidak dapat dihubungi di " + dead)
    assert "cannot be reached" in caught.value.render("en")


def _env(tmp_path: Path, urls: dict[str, str]) -> dict[str, str]:
    """The environment of an office PC without a screen whose settings show the browser:
    the probe needs no window unless the operator logs in."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("OSS_ASSIST_") and k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update({f"OSS_ASSIST_{role.upper()}_URL": url
                for role, url in urls.items() if role != "mail"})
    env.update(OSS_ASSIST_HEADLESS="false", OSS_ASSIST_ARCHIVE_DIR=str(tmp_path))
    return env


def test_flow_probe_login_without_a_screen_says_so(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "oss_assist", "--lang", "en", "flow", "probe", "--login",
         "--folder", str(FLOWS)],
        capture_output=True, text=True, env=_env(tmp_path, {"portal": "http://127.0.0.1:1"}),
        timeout=60, check=False)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "`flow probe --login` needs a desktop session" in done.stderr


def test_flow_probe_json_for_scripts(sandbox: Sandbox, tmp_path: Path) -> None:
    env = _env(tmp_path, sandbox.urls)
    sandbox.set_faults(Faults.custom("none", drift=("nik",)).profile)
    done = subprocess.run(
        [sys.executable, "-m", "oss_assist", "flow", "probe", "--json", "--folder", str(FLOWS)],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    found = json.loads(done.stdout)
    assert done.returncode == found["exit_code"] == 1, done.stderr
    assert [(r["flow"], r["step"]) for r in found["rows"] if r["status"] == FALLBACK] == [
        ("registrasi", "nik")]
    # without --login the application's pages are not reached, and said so
    assert any(r["status"] == "not-reached" and r["flow"] == "nib-umk" for r in found["rows"])


#: Which step of the bundled flows each rename of the drift pool breaks.
BROKEN_BY = {"nik": ("registrasi", "nik"), "nama": ("registrasi", "nama"),
             "alamat": ("registrasi", "alamat"), "akun": ("masuk", "akun"),
             "nama-usaha": ("nib-umk", "nama-usaha"), "modal-kerja": ("nib-umk", "modal-kerja"),
             "tk-laki-laki": ("nib-umk", "tk-laki-laki")}


def test_a_drifted_portal_still_reaches_the_nib_by_fallbacks(run: Any, sandbox: Sandbox) -> None:
    faults = sandbox.set_faults("drift", seed=11)
    renamed = {k for k, r in drift.POOL.items() if r in faults.renames()}
    assert len(renamed) == drift.DRAWN
    result = run()
    assert result.nib
    assert {(f, s) for f, s, _, _ in result.fallbacks} == {BROKEN_BY[k] for k in renamed}
