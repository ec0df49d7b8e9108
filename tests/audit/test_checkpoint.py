"""Signed checkpoints: the office key, the text, writing, closing the day, verifying, CLI."""

from __future__ import annotations

import hashlib
import io
import json
import random
import re
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from oss_assist.audit import (
    PUBLIC_KEY_FILE,
    Checkpoint,
    Event,
    close_previous_day,
    last_checkpoint,
    load_public_key,
    office_key,
    parse_checkpoint,
    public_key_fingerprint,
    show,
    verify,
    verify_against,
    write_checkpoint,
)
from oss_assist.audit.chain import GENESIS, seal
from oss_assist.audit.office_key import KEY_FILE
from oss_assist.cli import main
from oss_assist.errors import ConfigError, InputError
from oss_assist.masking import mask_text

WIB = ZoneInfo("Asia/Jakarta")
OFFICE = "Kecamatan Ranuyoso, Kabupaten Lumajang"
POSIX = sys.platform != "win32"


def wib(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in November 2026, office time."""
    return datetime(2026, 11, day, hour, minute, tzinfo=WIB)


def append(path: Path, when: datetime, count: int = 1) -> None:
    """Append ``count`` sealed entries stamped ``when``, as the writer would seal them."""
    seq, prev = 0, GENESIS
    if path.exists() and path.stat().st_size:
        last = json.loads(path.read_bytes().splitlines()[-1])
        seq, prev = last["seq"], last["hash"]
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    with path.open("ab") as f:
        for _ in range(count):
            seq += 1
            record = {"ts": stamp, "level": "info", "event": "field_filled", "office": "RNY",
                      "operator": "Budi", "field": f"kolom_{seq}"}
            line, prev = seal(record, seq, prev)
            f.write(line)


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def checkpoints_in(path: Path) -> list[dict]:
    records = [json.loads(line) for line in lines_of(path)]
    return [r for r in records if r["event"] == Event.AUDIT_CHECKPOINT]


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "arsip" / "audit.jsonl"


# --- the office key ------------------------------------------------------------------


def raw(private: Ed25519PrivateKey) -> bytes:
    return private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def test_the_key_is_made_once_private_and_its_public_key_beside_it(tmp_path):
    archive = tmp_path / "arsip"
    first = office_key(archive)
    assert raw(office_key(archive)) == raw(first)
    pub = load_public_key(archive / PUBLIC_KEY_FILE)
    assert public_key_fingerprint(pub) == public_key_fingerprint(first.public_key())
    if POSIX:
        assert (archive / KEY_FILE).stat().st_mode & 0o777 == 0o600
        assert archive.stat().st_mode & 0o777 == 0o700
        assert (archive / PUBLIC_KEY_FILE).stat().st_mode & 0o777 == 0o644


def test_threads_making_the_key_at_once_get_one_key(tmp_path):
    archive = tmp_path / "arsip"
    barrier = threading.Barrier(8)
    keys: list[bytes] = []

    def make() -> None:
        barrier.wait()
        keys.append(raw(office_key(archive)))

    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert sorted(p.name for p in archive.iterdir()) == [KEY_FILE, PUBLIC_KEY_FILE]


def test_an_unreadable_key_says_to_restore_it_from_the_backup(tmp_path):
    archive = tmp_path / "arsip"
    office_key(archive)
    (archive / KEY_FILE).write_text("-----BEGIN PRIVATE KEY-----\nrusak\n")
    with pytest.raises(InputError) as caught:
        office_key(archive)
    assert "Pulihkan berkas ini dari cadangan arsip" in caught.value.render("id")
    assert "Restore this file from the archive backup" in caught.value.render("en")
    assert KEY_FILE in caught.value.render("en")


def test_a_lost_key_is_not_silently_replaced(tmp_path):
    archive = tmp_path / "arsip"
    office_key(archive)
    (archive / KEY_FILE).unlink()
    with pytest.raises(InputError) as caught:
        office_key(archive)
    assert "archive backup" in caught.value.render("en")
    assert not (archive / KEY_FILE).exists()


def test_the_fingerprint_is_16_hex_of_the_raw_public_key(key):
    pub = key.public_key()
    raw_pub = pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert public_key_fingerprint(pub) == hashlib.sha256(raw_pub).hexdigest()[:16]


def test_a_public_key_that_is_missing_or_not_a_key_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="public key was not found"):
        load_public_key(tmp_path / PUBLIC_KEY_FILE)
    (tmp_path / "x.pub").write_text("bukan kunci")
    with pytest.raises(InputError, match="not a readable Ed25519 public key"):
        load_public_key(tmp_path / "x.pub")


# --- the text ------------------------------------------------------------------------


def test_the_text_round_trips_and_has_its_documented_shape(log, key):
    append(log, wib(30, 9), 1234)
    checkpoint = write_checkpoint(log, key, office=OFFICE, at=wib(30, 16))
    assert parse_checkpoint(checkpoint.text) == checkpoint
    assert re.fullmatch(
        r"OSSCP1;office=Kecamatan\+Ranuyoso,\+Kabupaten\+Lumajang;seq=1234;"
        r"at=20261130T090000Z;head=([0-9a-f]{8}\.){7}[0-9a-f]{8};key=[0-9a-f]{8}\.[0-9a-f]{8};"
        r"sig=([A-Za-z0-9_-]{8}\.){10}[A-Za-z0-9_-]{6}",
        checkpoint.text,
    )


def test_a_wrapped_or_retyped_text_is_understood(log, key):
    append(log, wib(30, 9), 3)
    checkpoint = write_checkpoint(log, key, office=OFFICE, at=wib(30, 16))
    text = checkpoint.text
    wrapped = "\n  " + "\r\n   ".join(text[i : i + 40] for i in range(0, len(text), 40)) + " \n"
    assert parse_checkpoint(wrapped) == checkpoint
    head, key_id = checkpoint.head, checkpoint.key_id
    typed = text.replace(text.split("head=")[1].split(";")[0], head.upper())
    typed = typed.replace(text.split("key=")[1].split(";")[0], key_id)
    assert parse_checkpoint(typed) == checkpoint


@pytest.mark.parametrize(
    ("change", "id_says", "en_says"),
    [
        (lambda t: re.sub(r";at=[^;]*", "", t), "kolom at tidak ada", "field(s) at are missing"),
        (lambda t: re.sub(r"head=.", "head=g", t), "kolom head seharusnya 64 karakter heksadesimal",
         "field head should be 64 hexadecimal"),
        (lambda t: re.sub(r"key=[^;]*", "key=abc", t), "kolom key seharusnya 16", "key should"),
        (lambda t: t.replace("OSSCP1", "OSSCP2"), "versi OSSCP2 tidak dikenal",
         "version OSSCP2 is unknown"),
        (lambda t: "NIB;" + t, "bukan titik periksa", "not a checkpoint"),
        (lambda t: re.sub(r"seq=\d+", "seq=0", t), "kolom seq seharusnya bilangan bulat",
         "should be a positive whole number"),
        (lambda t: re.sub(r"sig=.{9}", "sig=", t), "kolom sig seharusnya 86", "86 base64url"),
        (lambda t: re.sub(r"at=\w+", "at=20261131T090000Z", t), "kolom at seharusnya waktu UTC",
         "a UTC time like"),
        (lambda t: t + ";seq=5", "kolom seq muncul dua kali", "field seq appears twice"),
        (lambda t: t + ";kantor=RNY", "bagian 'kantor=RNY' tidak dikenal", "is unknown"),
        (lambda t: "  \n ", "teksnya kosong", "it is empty"),
    ],
)
def test_a_malformed_text_is_refused_clearly(log, key, change, id_says, en_says):
    append(log, wib(30, 9), 3)
    text = write_checkpoint(log, key, office=OFFICE, at=wib(30, 16)).text
    with pytest.raises(InputError) as caught:
        parse_checkpoint(change(text))
    assert id_says in caught.value.render("id")
    assert en_says in caught.value.render("en")
    assert "Copy the text again, whole" in caught.value.render("en")


def test_the_text_passes_the_logs_masking_unchanged(tmp_path):
    rng = random.Random(7)
    for i in range(300):
        digits = "".join(rng.choice("0123456789") for _ in range(64))
        head = digits if i % 2 else "".join(rng.choice("0123456789abcdef") for _ in range(64))
        checkpoint = Checkpoint(
            office=rng.choice([OFFICE, "Kecamatan Ranuyoso", "Kec. Klakah (RNY-2)"]),
            seq=rng.randrange(1, 10**7),
            head=head,
            at=datetime(2026, 11, 30, 9, tzinfo=UTC),
            key_id=digits[:16],
            signature=bytes(rng.randrange(256) for _ in range(64)),
        )
        assert mask_text(checkpoint.text) == checkpoint.text


# --- writing -------------------------------------------------------------------------


def test_a_checkpoint_line_covers_the_entries_before_it(log, key):
    append(log, wib(30, 9), 5)
    checkpoint = write_checkpoint(log, key, office=OFFICE, operator="Budi", at=wib(30, 16))
    assert (checkpoint.seq, checkpoint.office) == (5, OFFICE)
    assert checkpoint.head == json.loads(lines_of(log)[4])["hash"]
    line = json.loads(lines_of(log)[-1])
    assert line["seq"] == 6 and line["event"] == "audit_checkpoint"
    assert line["covers_seq"] == 5 and line["head_sha256"] == checkpoint.head
    assert line["key_sha256"] == checkpoint.key_id
    assert line["signed_at"] == "2026-11-30T09:00:00Z"
    assert line["checkpoint"] == checkpoint.text
    assert line["operator"] == "Budi" and line["office"] == OFFICE
    assert verify(log).intact
    assert "titik periksa ditandatangani" in show(log)[-1]


def test_an_empty_or_missing_log_has_nothing_to_sign(log, key):
    with pytest.raises(InputError, match="nothing to sign"):
        write_checkpoint(log, key, office=OFFICE)
    log.parent.mkdir(parents=True)
    log.write_bytes(b"")
    with pytest.raises(InputError, match="nothing to sign"):
        write_checkpoint(log, key, office=OFFICE)


def test_an_office_is_needed(log, key):
    append(log, wib(30, 9))
    with pytest.raises(ConfigError, match="OSS_ASSIST_OFFICE"):
        write_checkpoint(log, key, office=" ")


# --- verifying -----------------------------------------------------------------------


def signed(log: Path, key: Ed25519PrivateKey, entries: int, then: int = 0) -> Checkpoint:
    """A log of ``entries`` entries, its checkpoint, and ``then`` entries after it."""
    append(log, wib(30, 9), entries)
    checkpoint = write_checkpoint(log, key, office=OFFICE, at=wib(30, 16))
    if then:
        append(log, wib(30, 17), then)
    return checkpoint


def test_an_intact_log_says_how_many_entries_came_after(log, key):
    checkpoint = signed(log, key, 1234, then=55)
    verdict = verify_against(log, checkpoint, key.public_key(), tz=WIB)
    assert verdict.state == "intact" and verdict.intact
    assert (verdict.entries, verdict.after) == (1290, 56)
    assert verdict.text.id == (
        "UTUH terhadap titik periksa 30 November 2026 16.00: entri #1.234 masih sama dengan "
        "yang ditandatangani; 56 entri tercatat sesudahnya. Rantai log sendiri juga utuh."
    )
    assert "entry #1,234 is still the one that was signed; 56 entries" in verdict.text.en


def test_a_log_cut_by_34_entries_is_truncated(log, key):
    checkpoint = signed(log, key, 1234, then=10)
    log.write_bytes(b"".join(lines_of(log)[:1200]))
    verdict = verify_against(log, checkpoint, key.public_key(), tz=WIB)
    assert verdict.state == "truncated" and verdict.entries == 1200
    assert verdict.text.en == (
        "TRUNCATED: the log has 1,200 entries; the checkpoint of 30 November 2026 16:00 "
        "covers 1,234: 34 entries were cut from the end."
    )
    assert "34 entri dipotong dari akhir log" in verdict.text.id
    assert verify(log).intact  # which is why checkpoints exist


def test_a_rewritten_history_is_forked_though_its_chain_verifies(log, key):
    checkpoint = signed(log, key, 20)
    lines = lines_of(log)[:14]
    prev = json.loads(lines[-1])["hash"]
    for seq in range(15, 24):
        record = {"ts": "2026-11-30T09:00:00.000Z", "level": "info", "event": "field_filled",
                  "office": "RNY", "field": f"palsu_{seq}"}
        line, prev = seal(record, seq, prev)
        lines.append(line)
    log.write_bytes(b"".join(lines))
    assert verify(log).intact
    verdict = verify_against(log, checkpoint, key.public_key(), tz=WIB)
    assert verdict.state == "forked"
    assert "FORKED: entry #20 in this log has another hash" in verdict.text.en
    assert "BERCABANG: entri #20" in verdict.text.id


def test_a_covered_entry_deleted_with_later_ones_left_is_forked(log, key):
    checkpoint = signed(log, key, 20, then=3)
    lines = lines_of(log)
    del lines[19]
    log.write_bytes(b"".join(lines))
    verdict = verify_against(log, checkpoint, key.public_key(), tz=WIB)
    assert verdict.state == "forked" and "no longer in the log" in verdict.text.en


def test_a_checkpoint_signed_by_another_key_is_bad(log, key):
    checkpoint = signed(log, key, 5)
    other = Ed25519PrivateKey.generate().public_key()
    verdict = verify_against(log, checkpoint, other, tz=WIB)
    assert verdict.state == "bad_signature" and verdict.chain is None
    assert f"made with key {checkpoint.key_id}" in verdict.text.en
    assert public_key_fingerprint(other) in verdict.text.en


def test_an_edited_checkpoint_text_is_bad(log, key):
    checkpoint = signed(log, key, 5)
    edited = parse_checkpoint(checkpoint.text.replace(";seq=5;", ";seq=4;"))
    verdict = verify_against(log, edited, key.public_key())
    assert verdict.state == "bad_signature"
    assert "does not match the checkpoint's text" in verdict.text.en


def test_intact_against_the_checkpoint_still_reports_the_chain(log, key):
    checkpoint = signed(log, key, 10, then=5)
    lines = lines_of(log)
    lines[13] = lines[13].replace(b"kolom_14", b"kolom_XX")
    log.write_bytes(b"".join(lines))
    verdict = verify_against(log, checkpoint, key.public_key())
    assert verdict.state == "intact"
    assert verdict.chain is not None and not verdict.chain.intact
    assert "But the log's own chain has 1 problem(s)" in verdict.text.en


# --- closing the day -----------------------------------------------------------------


def test_each_day_is_closed_once_by_the_next_days_first_action(log, key):
    def close(now: datetime) -> Checkpoint | None:
        return close_previous_day(log, key, office=OFFICE, tz=WIB, now=now)

    append(log, wib(23, 9), 3)
    append(log, wib(23, 15, 59))
    assert close(wib(23, 16)) is None  # the day is not over
    monday = close(wib(24, 7, 30))
    assert monday is not None and monday.seq == 4
    assert monday.at == wib(24, 7, 30)
    assert close(wib(24, 7, 31)) is None
    assert close(wib(25, 8)) is None  # nothing happened on Tuesday
    append(log, wib(25, 10), 2)
    wednesday = close(wib(26, 8))
    assert wednesday is not None and wednesday.seq == 7
    assert close(wib(26, 8, 1)) is None
    assert [c["covers_seq"] for c in checkpoints_in(log)] == [4, 7]
    assert verify_against(log, wednesday, key.public_key()).intact


def test_the_day_ends_at_local_midnight_not_utc(log, key):
    append(log, wib(24, 23, 30))  # 16:30 UTC
    just_after = wib(25, 0, 10)  # 17:10 UTC, the same UTC date
    assert close_previous_day(log, key, office=OFFICE, tz=UTC, now=just_after) is None
    assert close_previous_day(log, key, office=OFFICE, tz=WIB, now=just_after) is not None


def test_a_missing_or_empty_log_is_left_alone(log, key):
    assert close_previous_day(log, key, office=OFFICE, tz=WIB, now=wib(24, 8)) is None
    log.parent.mkdir(parents=True)
    log.write_bytes(b"")
    assert close_previous_day(log, key, office=OFFICE, tz=WIB, now=wib(24, 8)) is None
    assert log.read_bytes() == b""


def test_closers_racing_write_one_checkpoint(log, key):
    append(log, wib(23, 10), 3)
    barrier = threading.Barrier(6)

    def close() -> None:
        barrier.wait()
        close_previous_day(log, key, office=OFFICE, tz=WIB, now=wib(24, 8))

    threads = [threading.Thread(target=close) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checkpoints_in(log)) == 1


def test_the_last_checkpoint_until_a_moment(log, key):
    assert last_checkpoint(_empty(log)) is None
    append(log, wib(23, 10))
    first = close_previous_day(log, key, office=OFFICE, tz=WIB, now=wib(24, 8))
    append(log, wib(24, 10))
    second = close_previous_day(log, key, office=OFFICE, tz=WIB, now=wib(25, 8))
    assert last_checkpoint(log) == second
    assert last_checkpoint(log, until=wib(25, 7)) == first
    assert last_checkpoint(log, until=wib(24, 7)) is None


def _empty(log: Path) -> Path:
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_bytes(b"")
    return log


# --- the CLI -------------------------------------------------------------------------


@pytest.fixture
def settings_env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OSS_ASSIST_ARCHIVE_DIR", str(tmp_path / "arsip"))
    monkeypatch.setenv("OSS_ASSIST_AUDIT_LOG", str(tmp_path / "arsip" / "audit.jsonl"))
    monkeypatch.setenv("OSS_ASSIST_OFFICE", OFFICE)
    monkeypatch.setenv("OSS_ASSIST_OPERATOR_NAME", "Budi")
    monkeypatch.delenv("OSS_ASSIST_LANG", raising=False)
    return tmp_path / "arsip" / "audit.jsonl"


def test_cli_writes_shows_and_verifies_a_checkpoint(settings_env, capsys):
    log = settings_env
    assert main(["audit", "checkpoint", "--show"]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err
    append(log, wib(30, 9), 12)
    assert main(["audit", "checkpoint", "--show"]) == 1
    assert "belum memuat titik periksa" in capsys.readouterr().err
    assert main(["audit", "checkpoint"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Titik periksa ditulis: mencakup entri sampai #12")
    text = out[-1]
    assert text.startswith("OSSCP1;office=Kecamatan+Ranuyoso")
    assert main(["audit", "checkpoint", "--show"]) == 0
    assert capsys.readouterr().out == text + "\n"
    assert main(["audit", "verify", "--checkpoint", text]) == 0
    out = capsys.readouterr().out
    assert "Log audit utuh" in out and "Titik periksa: UTUH" in out
    append(log, wib(30, 10), 2)
    log.write_bytes(b"".join(lines_of(log)[:9]))
    assert main(["--lang", "en", "audit", "verify", str(log), "--checkpoint", text]) == 1
    assert "Checkpoint: TRUNCATED: the log has 9 entries" in capsys.readouterr().out


def test_cli_checkpoint_from_stdin_and_a_given_public_key(settings_env, capsys, monkeypatch):
    append(settings_env, wib(30, 9), 3)
    assert main(["audit", "checkpoint"]) == 0
    text = capsys.readouterr().out.splitlines()[-1]
    other = settings_env.parent.parent / "lain.pub"
    other.write_bytes(Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    monkeypatch.setattr("sys.stdin", io.StringIO(text[:50] + "\n" + text[50:] + "\n"))
    assert main(["audit", "verify", "--checkpoint", "-", "--public-key", str(other)]) == 1
    assert "TANDA TANGAN TIDAK SAH" in capsys.readouterr().out


def test_cli_unreadable_checkpoint_or_key_exits_2(settings_env, capsys):
    append(settings_env, wib(30, 9), 3)
    assert main(["audit", "verify", "--checkpoint", "OSSCP1;seq=3"]) == 2
    assert "Teks titik periksa tidak sah: kolom office, at, head, key, sig tidak ada" in (
        capsys.readouterr().err
    )
    assert main(["audit", "checkpoint"]) == 0
    text = capsys.readouterr().out.splitlines()[-1]
    (settings_env.parent / PUBLIC_KEY_FILE).unlink()
    assert main(["--lang", "en", "audit", "verify", "--checkpoint", text]) == 2
    assert "The office's public key was not found" in capsys.readouterr().err


def test_cli_checkpoint_of_an_empty_log_exits_2(settings_env, capsys):
    assert main(["--lang", "en", "audit", "checkpoint"]) == 2
    assert "there is nothing to sign yet" in capsys.readouterr().err


def test_the_signed_time_is_written_in_utc_to_the_second():
    at = datetime(2026, 11, 30, 23, 59, 59, 999_000, tzinfo=WIB)
    checkpoint = Checkpoint(OFFICE, 1, "0" * 64, at.astimezone(UTC), "0" * 16, bytes(64))
    assert "at=20261130T165959Z" in checkpoint.text
    assert timedelta(0) <= at - parse_checkpoint(checkpoint.text).at < timedelta(seconds=1)
