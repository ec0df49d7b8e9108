"""The audit logger: what reaches the file, what never does, and how the chain continues."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
import structlog
from hypothesis import given, settings
from hypothesis import strategies as st
from structlog.testing import capture_logs

from oss_assist.audit import Actor, Event, audit_logger, audit_processors, show, verify
from oss_assist.errors import ConfigError, TamperedError

NIK = "3508201708850003"
SECRETS = {
    "password": "Rahasia-Sekali-91",
    "otp": "482913",
    "captcha": "XK7PQ2",
    "token": "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0",
    "kata_sandi": "SandiKu#2024",
    "password_confirmation": "Rahasia-Sekali-92",
    "otpCode": "771205",
}


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- the processors, tested through structlog's own capture -------------------------


def test_secret_keys_are_withheld_by_the_processors():
    with capture_logs(processors=audit_processors()) as logs:
        structlog.get_logger().info(Event.FIELD_FILLED, field="password", **SECRETS)
    (event,) = logs
    for key in SECRETS:
        assert event[key] == "[rahasia]"


def test_the_typed_value_of_a_secret_field_is_withheld():
    with capture_logs(processors=audit_processors()) as logs:
        log = structlog.get_logger()
        log.info(Event.FIELD_FILLED, field="Kata Sandi", value="SandiKu#2024")
        log.info(Event.FIELD_FILLED, field="kode_otp", text="482913")
        log.info(Event.FIELD_FILLED, field="nama_usaha", value="Warung Bu Siti")
    assert [e.get("value", e.get("text")) for e in logs] == [
        "[rahasia]",
        "[rahasia]",
        "Warung Bu Siti",
    ]


def test_nested_secrets_are_withheld():
    with capture_logs(processors=audit_processors()) as logs:
        structlog.get_logger().info(
            Event.PORTAL_ERROR, error="422", form={"email_ok": True, "account": {"pwd": "x1"}}
        )
    assert logs[0]["form"] == {"email_ok": True, "account": {"pwd": "[rahasia]"}}


def test_personal_data_is_masked_by_key_and_in_free_text():
    with capture_logs(processors=audit_processors()) as logs:
        structlog.get_logger().info(
            Event.PORTAL_ERROR,
            nik=NIK,
            email="siti.aminah@example.com",
            phone="081234567890",
            error=f"NIK {NIK} sudah terdaftar untuk siti.aminah@example.com",
            detail={"nomor_hp": "6281234567890"},
        )
    event = logs[0]
    assert event["nik"] == "350820******0003"
    assert event["email"] == "s***@example.com"
    assert event["phone"] == "081******890"
    assert event["error"] == "NIK 350820******0003 sudah terdaftar untuk s***@example.com"
    assert event["detail"] == {"nomor_hp": "628*******890"}


def test_hashes_case_ids_and_the_nib_are_not_masked():
    digest = "8123456789012345" + "a" * 48  # a digit run the phone pattern would eat
    with capture_logs(processors=audit_processors()) as logs:
        structlog.get_logger().info(
            Event.NIB_ISSUED, nib="8120207730001", sha256=digest, case_id="RNY-8123456789"
        )
    assert logs[0]["nib"] == "8120207730001"
    assert logs[0]["sha256"] == digest
    assert logs[0]["case_id"] == "RNY-8123456789"


def test_the_timestamp_is_iso_utc_and_cannot_be_set_by_the_caller():
    with capture_logs(processors=audit_processors()) as logs:
        structlog.get_logger().info(Event.RETRY, attempt=1, ts="1999-01-01T00:00:00Z")
    stamp = datetime.fromisoformat(logs[0]["ts"])
    assert stamp.tzinfo is not None and stamp.utcoffset() == UTC.utcoffset(None)
    assert abs((datetime.now(UTC) - stamp).total_seconds()) < 60


def test_an_exception_becomes_one_line():
    with capture_logs(processors=audit_processors()) as logs:
        try:
            raise TimeoutError(f"no answer for {NIK}")
        except TimeoutError:
            structlog.get_logger().exception(Event.PORTAL_ERROR, error="timeout")
    assert "exc_info" not in logs[0]
    assert logs[0]["exception"] == "TimeoutError: no answer for 350820******0003"


@pytest.mark.parametrize(
    ("event", "fields", "message"),
    [
        ("Flow Started", {}, "snake_case"),
        (Event.FLOW_FINISHED, {"flow": "masuk"}, "lacks outcome"),
        (Event.OPERATOR_DECISION, {"step": "kirim", "proceed": True}, "lacks actor, operator"),
        (
            Event.OPERATOR_DECISION,
            {"step": "kirim", "proceed": True, "operator": "Budi", "actor": "robot"},
            "actor must be one of",
        ),
    ],
)
def test_malformed_events_are_refused(event, fields, message):
    with (
        capture_logs(processors=audit_processors()),
        pytest.raises(ValueError, match=message),
    ):
        structlog.get_logger().info(event, **fields)


# --- the file ------------------------------------------------------------------------


def test_secrets_never_reach_the_file(tmp_path):
    path = tmp_path / "audit.jsonl"
    log = audit_logger(path, case_id="RNY-0a1b2c3d4e", operator="Budi", office="Ranuyoso")
    log.info(Event.FIELD_FILLED, field="password", **SECRETS)
    log.info(Event.FIELD_FILLED, field="Kata Sandi", value=SECRETS["kata_sandi"])
    log.bind(otp=SECRETS["otp"]).info(Event.CHECKPOINT_REACHED, step="otp")
    log.info(Event.PORTAL_ERROR, error="422", form={"captcha": SECRETS["captcha"]})
    raw = path.read_text(encoding="utf-8")
    for secret in SECRETS.values():
        assert secret not in raw
    assert raw.count("[rahasia]") == len(SECRETS) + 3
    assert verify(path).intact


def test_a_session_token_in_a_page_address_never_reaches_the_file(tmp_path):
    path = tmp_path / "audit.jsonl"
    token = SECRETS["token"]
    log = audit_logger(path, case_id="RNY-0a1b2c3d4e", operator="Budi")
    url = f"https://beranda.oss.go.id/lokasi-usaha?auth-code={token}&tab=2"
    log.warning(Event.RETRY, reason="spinner_stuck", url=url)
    log.info(Event.POPUP_CLOSED, count=1, url=f"https://perizinan.oss.go.id/#/?auth-code={token}")
    log.error(Event.PORTAL_ERROR, error=f'page.goto: Timeout navigating to "{url}"')
    raw = path.read_text(encoding="utf-8")
    assert token not in raw
    assert raw.count("auth-code=[rahasia]") == 3 and "tab=2" in raw
    assert verify(path).intact


@settings(max_examples=40, deadline=None)
@given(
    key=st.sampled_from(["password", "otp", "captcha", "token", "kata_sandi", "auth_code"]),
    secret=st.text(alphabet="abcdefghijkmnpqrstuvwxyzABCDEFGH23456789#!", min_size=6),
)
def test_no_secret_value_reaches_the_file(key, secret):
    secret = "§" + secret  # a character nothing else in the log has: no chance match
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "audit.jsonl"
        audit_logger(path, operator="Budi").info(Event.FIELD_FILLED, field=key, **{key: secret})
        audit_logger(path, operator="Budi").info(Event.FIELD_FILLED, field=key, value=secret)
        assert secret not in path.read_text(encoding="utf-8")


def test_a_line_carries_the_context_and_the_event(tmp_path):
    path = tmp_path / "audit.jsonl"
    log = audit_logger(path, case_id="RNY-0a1b2c3d4e", operator="Budi", office="Ranuyoso")
    log.info(
        Event.OPERATOR_DECISION, flow="registrasi", step="kirim", proceed=True, actor=Actor.PERSON
    )
    (record,) = records(path)
    assert record["event"] == "operator_decision"
    assert record["actor"] == "person"
    assert record["operator"] == "Budi"
    assert record["office"] == "Ranuyoso"
    assert record["case_id"] == "RNY-0a1b2c3d4e"
    assert record["level"] == "info"
    assert list(record)[:4] == ["seq", "ts", "level", "event"]
    assert list(record)[-2:] == ["prev", "hash"]


def test_the_log_is_0600_in_a_0700_folder(tmp_path):
    path = tmp_path / "arsip" / "audit.jsonl"
    audit_logger(path).info(Event.RETRY, attempt=1)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_a_log_made_readable_by_others_is_tightened_on_the_next_write(tmp_path):
    path = tmp_path / "audit.jsonl"
    audit_logger(path).info(Event.RETRY, attempt=1)
    path.chmod(0o644)
    audit_logger(path).info(Event.RETRY, attempt=2)
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_global_structlog_configuration_does_not_touch_the_audit_log(tmp_path):
    path = tmp_path / "audit.jsonl"
    try:
        structlog.configure(processors=[structlog.processors.JSONRenderer()])
        with capture_logs() as captured:
            audit_logger(path).info(Event.RETRY, attempt=1)
    finally:
        structlog.reset_defaults()
    assert captured == []
    assert [r["event"] for r in records(path)] == ["retry"]


def test_two_loggers_on_one_file_share_one_chain(tmp_path):
    path = tmp_path / "audit.jsonl"
    first = audit_logger(path, case_id="RNY-aaaaaaaaaa")
    second = audit_logger(path, case_id="RNY-bbbbbbbbbb")
    for i in range(5):
        first.info(Event.RETRY, attempt=i)
        second.info(Event.RETRY, attempt=i)
    assert [r["seq"] for r in records(path)] == list(range(1, 11))
    assert verify(path).intact


def test_a_new_process_continues_the_chain(tmp_path):
    path = tmp_path / "audit.jsonl"
    audit_logger(path).info(Event.FLOW_STARTED, flow="registrasi")
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from oss_assist.audit import Event, audit_logger
        log = audit_logger(Path(sys.argv[1]), operator="Budi")
        log.info(Event.FLOW_FINISHED, flow="registrasi", outcome="done")
        """
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    audit_logger(path).info(Event.FLOW_STARTED, flow="masuk")
    assert [r["seq"] for r in records(path)] == [1, 2, 3]
    assert verify(path).intact


def test_processes_writing_at_once_keep_one_sound_chain(tmp_path):
    path = tmp_path / "audit.jsonl"
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from oss_assist.audit import Event, audit_logger
        log = audit_logger(Path(sys.argv[1]), case_id=sys.argv[2])
        for i in range(50):
            log.info(Event.RETRY, attempt=i)
        """
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", script, str(path), f"RNY-{n:010d}"])
        for n in range(4)
    ]
    assert [w.wait(timeout=60) for w in workers] == [0, 0, 0, 0]
    report = verify(path)
    assert report.intact
    assert report.lines == 200


def test_a_line_cut_by_a_crash_is_recorded_and_the_chain_goes_on(tmp_path):
    path = tmp_path / "audit.jsonl"
    log = audit_logger(path, operator="Budi")
    for i in range(3):
        log.info(Event.RETRY, attempt=i)
    with path.open("ab") as f:
        f.write(b'{"seq":4,"ts":"2026-01-01T00:00:00.000Z","level":"info","eve')
    assert [p.kind for p in verify(path).problems] == ["truncated"]

    audit_logger(path, operator="Budi").info(Event.FLOW_STARTED, flow="masuk")
    report = verify(path)
    assert report.intact
    assert [n.render("en") for n in report.notes] == [
        "line 4 was cut short when the program stopped abruptly; the next line records it"
    ]
    last_two = [json.loads(line) for line in path.read_text().splitlines()[-2:]]
    assert [r["event"] for r in last_two] == ["log_recovered", "flow_started"]
    assert "log dipulihkan" in show(path)[-2]


def test_a_last_line_that_only_lacks_its_newline_is_simply_continued(tmp_path):
    path = tmp_path / "audit.jsonl"
    audit_logger(path).info(Event.RETRY, attempt=1)
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    audit_logger(path).info(Event.RETRY, attempt=2)
    assert [r["event"] for r in records(path)] == ["retry", "retry"]
    assert verify(path).intact


def test_a_log_whose_last_line_was_tampered_with_is_not_continued(tmp_path):
    path = tmp_path / "audit.jsonl"
    audit_logger(path).info(Event.RETRY, attempt=1)
    with path.open("ab") as f:
        f.write(b"not json\n")
    before = path.read_bytes()
    with pytest.raises(TamperedError) as info:
        audit_logger(path).info(Event.RETRY, attempt=2)
    assert "audit verify" in info.value.render("id")
    assert path.read_bytes() == before


def test_a_crash_mid_write_loses_at_most_that_line(tmp_path):
    path = tmp_path / "audit.jsonl"
    script = textwrap.dedent(
        """
        import os, sys
        from pathlib import Path
        from oss_assist.audit import Event, audit_logger
        log = audit_logger(Path(sys.argv[1]))
        for i in range(20):
            log.info(Event.RETRY, attempt=i)
        os._exit(9)  # no clean shutdown, no buffers flushed by the interpreter
        """
    )
    result = subprocess.run([sys.executable, "-c", script, str(path)], check=False)
    assert result.returncode == 9
    assert verify(path).lines == 20
    assert verify(path).intact
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_log_that_cannot_be_written_is_a_config_error(tmp_path):
    (tmp_path / "berkas").write_text("bukan folder", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        audit_logger(tmp_path / "berkas" / "audit.jsonl").info(Event.RETRY, attempt=1)
    assert "OSS_ASSIST_AUDIT_LOG" in info.value.render("id")
