"""``oss-assist user ...`` and ``oss-assist web``'s refusal of an unsafe address; the web
desk's tables as migration 0002 makes them, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from oss_assist.cli import main
from oss_assist.errors import ConfigError
from oss_assist.register import open_register
from oss_assist.register.db import Base
from oss_assist.settings import load_settings
from oss_assist.web import tables
from oss_assist.web.accounts import list_users, sign_in
from oss_assist.web.serve import plan


@pytest.fixture
def env(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    archive = tmp_path / "arsip"
    monkeypatch.setenv("OSS_ASSIST_ARCHIVE_DIR", str(archive))
    monkeypatch.setenv("OSS_ASSIST_AUDIT_LOG", str(archive / "audit.jsonl"))
    monkeypatch.setenv("OSS_ASSIST_DATABASE_URL", database_url)
    return archive


def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str,
        *argv: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_users_are_added_listed_given_a_new_password_and_disabled(
        env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
        ) -> None:
    code, out, _ = cli(capsys, monkeypatch, "rahasia-loket-01\n", "user", "add", "loket1",
                       "--role", "loket", "--full-name", "Petugas Loket Satu")
    assert code == 0 and "loket1" in out and "rahasia" not in out
    code, _, err = cli(capsys, monkeypatch, "pendek\n", "user", "add", "kasi", "--role",
                       "kasi")
    assert code == 2 and "minimal 10" in err
    code, _, err = cli(capsys, monkeypatch, "rahasia-loket-01\n", "user", "add", "loket1",
                       "--role", "loket")
    assert code == 2 and "sudah ada" in err
    code, out, _ = cli(capsys, monkeypatch, "", "user", "list")
    assert "loket1" in out and "aktif" in out and "Petugas Loket Satu" in out
    reg = open_register(load_settings())
    assert sign_in(reg.engine, "loket1", "rahasia-loket-01", now=reg.now()).staff
    code, _, _ = cli(capsys, monkeypatch, "kata-sandi-baru-02\n", "user", "password",
                     "loket1")
    assert code == 0
    assert sign_in(reg.engine, "loket1", "rahasia-loket-01", now=reg.now()).staff is None
    assert sign_in(reg.engine, "loket1", "kata-sandi-baru-02", now=reg.now()).staff
    code, out, _ = cli(capsys, monkeypatch, "", "user", "disable", "loket1")
    assert code == 0 and "dinonaktifkan" in out
    assert not list_users(reg.engine)[0].active
    assert sign_in(reg.engine, "loket1", "kata-sandi-baru-02", now=reg.now()).staff is None
    code, _, err = cli(capsys, monkeypatch, "", "user", "disable", "siapa")
    assert code == 2 and "tidak ada" in err


def test_the_password_is_never_an_argument(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, _ = cli(capsys, monkeypatch, "", "user", "add", "x1", "--role", "loket",
                     "--password", "rahasia-sekali")
    assert code == 2


def test_migration_0002_makes_the_tables_the_models_describe(env: Path) -> None:
    reg = open_register(load_settings())
    assert tables.UserRow.__table__.metadata is Base.metadata
    with reg.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_the_network_needs_tls_or_a_plain_admission(tmp_path: Path) -> None:
    assert plan("127.0.0.1", 8780, tls_cert=None, tls_key=None, plaintext_ok=False).url == \
        "http://127.0.0.1:8780/"
    with pytest.raises(ConfigError) as refused:
        plan("0.0.0.0", 8780, tls_cert=None, tls_key=None, plaintext_ok=False)  # noqa: S104
    assert "tanpa enkripsi" in refused.value.render("id")
    assert not plan("192.168.1.10", 8780, tls_cert=None, tls_key=None,
                    plaintext_ok=True).tls
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    cert.write_text("x")
    key.write_text("y")
    assert plan("192.168.1.10", 443, tls_cert=cert, tls_key=key,
                plaintext_ok=False).url == "https://192.168.1.10:443/"
    with pytest.raises(ConfigError):
        plan("192.168.1.10", 443, tls_cert=cert, tls_key=None, plaintext_ok=False)


def test_web_refuses_an_unsafe_address_before_serving(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = cli(capsys, monkeypatch, "", "web", "--host", "0.0.0.0")  # noqa: S104
    assert code == 2 and "--tls-cert" in err


def test_the_desk_on_both_databases(tmp_path: Path, database_url: str) -> None:
    """The pages' own queries (filters, search, the survey's index) on SQLite and
    PostgreSQL alike."""
    import re
    import shutil

    from starlette.testclient import TestClient

    from oss_assist.register import receive
    from oss_assist.web import build_app
    from oss_assist.web.accounts import add_user
    from oss_assist.web.permissions import Role

    from .conftest import masuk

    archive = tmp_path / "arsip"
    settings = load_settings(archive_dir=archive, audit_log=archive / "audit.jsonl",
                             database_url=database_url, web_survey=True)
    reg = open_register(settings)
    profiles = tmp_path / "profiles"
    shutil.copytree(Path(__file__).resolve().parents[2] / "profiles", profiles)
    case, _ = receive(reg, profiles / "siti-aminah-warung.yaml", by="Petugas Loket Satu",
                      policy="sop")
    add_user(reg.engine, "kasi", role=Role.SECTION_HEAD, password="sandi-latihan-2026",
             full_name="Kasi Pelayanan", now=reg.now())
    app = build_app(settings, register=reg, login_delay=0, chain_wait=30)
    with TestClient(app, follow_redirects=False) as client:
        masuk(client, "kasi", "sandi-latihan-2026")
        page = client.get("/", params={"desa": case.desa, "terlambat": ""})
        assert case.case_no in page.text
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert found
        token = found.group(1)
        assert case.case_no in client.post("/cari", data={"csrf": token,
                                                          "cari": "AMINAH"}).text
        moved = client.post(f"/kasus/{case.case_no}/validasi", data={"csrf": token})
        assert moved.status_code == 303
        assert "divalidasi Kepala Seksi" in client.get(f"/kasus/{case.case_no}").text
        assert "Belum ada survei" in client.get("/rekap").text


def test_building_the_command_line_does_not_load_the_desk() -> None:
    """``oss-assist --help`` and every command start fast: the web desk's libraries are
    loaded by ``oss-assist web`` only."""
    import subprocess
    import sys

    probe = ("import sys, oss_assist.cli as c; c.build_parser(); "
             "print(sorted({m.split('.')[0] for m in sys.modules} & "
             "{'starlette', 'jinja2', 'sqlalchemy', 'argon2', 'PIL', 'uvicorn'}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "[]"


def test_oss_assist_web_serves_the_sign_in_page_on_loopback(tmp_path: Path) -> None:
    """The command itself, as the office starts it: no access log, no server header."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    archive = tmp_path / "arsip"
    env = {**os.environ, "OSS_ASSIST_ARCHIVE_DIR": str(archive),
           "OSS_ASSIST_AUDIT_LOG": str(archive / "audit.jsonl"),
           "OSS_ASSIST_DATABASE_URL": ""}
    proc = subprocess.Popen([sys.executable, "-m", "oss_assist", "web", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/masuk",
                                            timeout=5) as answer:
                    page, headers = answer.read().decode(), answer.headers
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert "Kata sandi" in page and "server" not in {k.lower() for k in headers}
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out
    assert "/masuk" not in out + err  # no access log
