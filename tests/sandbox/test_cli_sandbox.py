"""The ``oss-assist sandbox`` command: starts fast, prints what is needed, stops on Ctrl-C."""

from __future__ import annotations

import copy
import os
import re
import signal
import socket
import subprocess
import sys
import time
from typing import Any

import httpx
import pytest

from oss_assist.cli import main

COMMAND = [sys.executable, "-m", "oss_assist", "sandbox"]


def free_port_block(size: int = 6) -> int:
    for base in range(20000, 60000, 97):
        socks = []
        try:
            for i in range(size):
                s = socket.socket()
                s.bind(("127.0.0.1", base + i))
                socks.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free ports")


def test_list_faults_prints_every_profile(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "--list-faults"]) == 0
    out = capsys.readouterr().out
    for name in ("none", "latency", "popups", "spinner", "dukcapil", "errors", "session", "idle",
                 "maintenance", "captcha", "drift", "chaos"):
        assert re.search(rf"^  {name}\s", out, re.M), name
    assert "dukcapil_outage_probability=0.5" in out


def test_an_unknown_profile_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "--faults", "hujan"]) == 2
    err = capsys.readouterr().err
    assert "--faults" in err and "hujan" in err and "chaos" in err


def test_a_busy_port_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        port = busy.getsockname()[1]
        assert main(["--lang", "en", "sandbox", "--port", str(port)]) == 2
    assert "Choose another --port" in capsys.readouterr().err


def test_the_command_serves_until_ctrl_c_and_prints_urls_env_and_accounts(tmp_path: Any
                                                                          ) -> None:
    port = free_port_block()
    started = time.monotonic()
    proc = subprocess.Popen(
        [*COMMAND, "--port", str(port), "--faults", "popups", "--seed", "7"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "OSS_ASSIST_LANG": "id",
             "OSS_ASSIST_ARCHIVE_DIR": str(tmp_path / "arsip")},
    )
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "Ctrl-C" in line:
                break
        ready = time.monotonic() - started
        out = "".join(lines)
        # how fast it is ready is benchmarks/bench_sandbox.py's figure; here only that it
        # does not hang (the suite runs on shared, loaded machines)
        assert ready < 30.0, f"ready after {ready:.2f} s"
        assert "gangguan: popups, seed 7" in out
        for i, role in enumerate(("portal", "login", "perizinan", "beranda", "amdalnet", "mail")):
            assert f"  {role:<10} http://127.0.0.1:{port + i}" in out
        assert f"OSS_ASSIST_LOGIN_URL=http://127.0.0.1:{port + 1}" in out
        assert "OSS_ASSIST_MAIL_URL" not in out
        assert f"http://127.0.0.1:{port + 5}/" in out
        assert "dewi.lestari@contoh.test" in out and "Latihan#2026" in out
        assert "[diminta Perbarui Email]" in out
        assert "3508205204820001  SITI AMINAH" in out
        r = httpx.get(f"http://127.0.0.1:{port + 1}/login")
        assert r.status_code == 200 and "Masuk" in r.text
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=10)
    assert code == 0
    assert proc.stderr is not None and "Sandbox dihentikan." in proc.stderr.read()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port + 1}/login")


def test_fault_settings_can_be_changed_from_the_command(tmp_path: Any) -> None:
    from oss_assist.cli.sandbox import fault_profile

    profile = fault_profile("errors", ["session_idle_s=60",
                                       "http_error_paths=prosesLokasi, getListKBLI"])
    assert profile.session_idle_s == 60
    assert profile.http_error_paths == ("prosesLokasi", "getListKBLI")
    assert profile.http_error_probability == 0.3  # the rest of the profile stays
    assert fault_profile("none", []).name == "none"


@pytest.mark.parametrize(
    ("item", "says"),
    [("hujan=1", "KEY"), ("latency_ms", "KEY"), ("latency_ms=-5", "latency_ms"),
     ("name=x", "KEY")],
)
def test_a_wrong_fault_setting_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], item: str, says: str
) -> None:
    assert main(["sandbox", "--set", item]) == 2
    err = capsys.readouterr().err
    assert err.startswith("--set: ") and says in err and "Traceback" not in err


def test_a_risk_table_file_changes_the_risk_the_sandbox_gives(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oss_assist.cli.sandbox import use_risk_table
    from oss_assist.sandbox import licensing

    monkeypatch.setattr(licensing, "RISK_TABLE", copy.deepcopy(licensing.RISK_TABLE))
    table = tmp_path / "risiko.yaml"
    table.write_text("47112: {Mikro: Menengah Rendah}\n01411: {Mikro: Tinggi}\n",
                     encoding="utf-8")
    use_risk_table(table)
    assert licensing.risk_of("47112", "Mikro") == "Menengah Rendah"
    assert licensing.risk_of("47112", "Kecil") == "Rendah"  # the default for what is left out
    assert licensing.risk_of("01411", "Mikro") == "Tinggi"  # a leading zero is kept
    assert licensing.risk_of("01411", "Menengah") == "Tinggi"  # the table's own row stays


@pytest.mark.parametrize(
    "content", ["- 47112\n", "4711: {Mikro: Rendah}\n", "1411: {Mikro: Rendah}\n",
                "47112: {Mikro: Sedang}\n", "47112: {Raksasa: Rendah}\n", "47112: [\n"],
)
def test_a_bad_risk_table_is_refused(
    tmp_path: Any, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    table = tmp_path / "risiko.yaml"
    table.write_text(content, encoding="utf-8")
    assert main(["sandbox", "--risk-table", str(table)]) == 2
    assert capsys.readouterr().err.startswith("--risk-table: ")
