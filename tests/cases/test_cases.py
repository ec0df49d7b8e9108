"""Case records: stable ids, private files, and resuming across processes."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from oss_assist.cases import KEY_FILE, archive_key, case_id_for, open_case
from oss_assist.errors import InputError

NIK = "3508201708850003"
OTHER_NIK = "3508204509900002"


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return tmp_path / "arsip"


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "pemohon.yaml"
    path.write_text("identitas:\n  nik: '3508201708850003'\n", encoding="utf-8")
    return path


def on_disk(case_dir: Path) -> dict:
    return json.loads((case_dir / "case.json").read_text(encoding="utf-8"))


# --- ids -----------------------------------------------------------------------------


def test_a_case_id_is_stable_short_and_does_not_show_the_nik():
    key = bytes(range(32))
    case_id = case_id_for(NIK, key)
    assert re.fullmatch(r"RNY-[0-9a-f]{10}", case_id)
    assert case_id_for(NIK, key) == case_id
    assert case_id_for(OTHER_NIK, key) != case_id
    # not what anyone could compute from the NIK alone
    assert case_id[4:] != hashlib.sha256(NIK.encode()).hexdigest()[:10]


def test_the_id_depends_on_the_archive_key(tmp_path):
    one, two = archive_key(tmp_path / "a"), archive_key(tmp_path / "b")
    assert one != two
    assert case_id_for(NIK, one) != case_id_for(NIK, two)


def test_the_archive_key_is_made_once_0600(archive):
    key = archive_key(archive)
    assert len(key) == 32
    assert archive_key(archive) == key
    assert mode(archive / KEY_FILE) == 0o600
    assert mode(archive) == 0o700


@pytest.mark.parametrize("content", ["bukan hex", "", "abcd"])
def test_a_damaged_key_is_an_input_error(archive, content):
    archive.mkdir()
    (archive / KEY_FILE).write_text(content, encoding="ascii")
    with pytest.raises(InputError, match="case-id key"):
        archive_key(archive)


# --- opening -------------------------------------------------------------------------


def test_opening_creates_a_private_record_with_the_masked_nik_only(archive, profile):
    with open_case(archive, NIK, profile) as case:
        assert case.folder == archive / case.id
        assert case.id == case_id_for(NIK, archive_key(archive))
        assert case.status == "opened"
        assert not case.profile_changed
    assert mode(case.folder) == 0o700
    assert mode(case.folder / "case.json") == 0o600
    record = on_disk(case.folder)
    assert record["nik"] == "350820******0003"
    assert record["profile_file"] == "pemohon.yaml"
    assert len(record["profile_sha256"]) == 64
    for path in archive.rglob("*"):
        assert NIK not in path.name
        if path.is_file() and path.name != KEY_FILE:
            assert NIK not in path.read_text(encoding="utf-8", errors="replace")


def test_a_bad_nik_is_an_input_error(archive, profile):
    with pytest.raises(InputError, match="16 digits"):
        open_case(archive, "35082017088500", profile)


def test_an_unreadable_profile_is_an_input_error(archive, tmp_path):
    with pytest.raises(InputError, match="profile file cannot be read"):
        open_case(archive, NIK, tmp_path / "tidak-ada.yaml")


def test_a_damaged_record_is_an_input_error_that_warns_of_double_submission(archive, profile):
    with open_case(archive, NIK, profile) as case:
        pass
    (case.folder / "case.json").write_text('{"case_id": 1}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        open_case(archive, NIK, profile)
    assert "dua kali" in info.value.render("id")


def test_a_case_cannot_be_open_twice_at_once(archive, profile):
    with open_case(archive, NIK, profile):
        with pytest.raises(InputError, match="open in another oss-assist"):
            open_case(archive, NIK, profile)
        with open_case(archive, OTHER_NIK, profile):
            pass  # another applicant's case is free
    with open_case(archive, NIK, profile):
        pass


# --- progress ------------------------------------------------------------------------


def test_each_completed_step_is_on_disk_at_once(archive, profile):
    with open_case(archive, NIK, profile) as case:
        case.complete("registrasi", "isi-data")
        steps = on_disk(case.folder)["flows"]["registrasi"]["steps"]
        assert [s["step"] for s in steps] == ["isi-data"]
        assert case.status == "in_progress"


def test_completing_a_step_again_records_it_once(archive, profile):
    with open_case(archive, NIK, profile) as case:
        case.complete("registrasi", "isi-data")
        case.complete("registrasi", "isi-data")
        assert case.completed("registrasi") == ["isi-data"]


def test_a_reopened_case_resumes_where_it_stopped(archive, profile):
    with open_case(archive, NIK, profile) as case:
        case.complete("registrasi", "isi-data")
        case.complete("registrasi", "verifikasi-otp")
        case.set_fact("account_registered", True)
        case.flow_finished("registrasi")
        case.complete("masuk", "isi-email")
    with open_case(archive, NIK, profile) as again:
        assert again.id == case.id
        assert again.is_done("registrasi", "verifikasi-otp")
        assert not again.is_done("masuk", "isi-sandi")
        assert not again.is_done("nib-umk", "lokasi")
        assert again.completed("registrasi") == ["isi-data", "verifikasi-otp"]
        assert again.last_completed("masuk") == "isi-email"
        assert again.last_completed("nib-umk") is None
        assert again.is_finished("registrasi") and not again.is_finished("masuk")
        assert again.facts["account_registered"] is True


def test_another_process_resumes_the_case(archive, profile):
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from oss_assist.cases import open_case
        case = open_case(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
        case.complete("nib-umk", "lokasi")
        case.set_fact("nib", "8120207730001")
        # no close(): the process just ends, as a crash would
        """
    )
    with open_case(archive, NIK, profile) as case:
        case.complete("nib-umk", "kbli")
    subprocess.run([sys.executable, "-c", script, str(archive), NIK, str(profile)], check=True)
    with open_case(archive, NIK, profile) as again:
        assert again.completed("nib-umk") == ["kbli", "lokasi"]
        assert again.facts["nib"] == "8120207730001"
        assert again.status == "nib_issued"


def test_a_case_held_by_a_killed_process_can_be_opened(archive, profile):
    script = textwrap.dedent(
        """
        import sys, time
        from pathlib import Path
        from oss_assist.cases import open_case
        case = open_case(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
        print("ready", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(archive), NIK, str(profile)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        with pytest.raises(InputError):
            open_case(archive, NIK, profile)
    finally:
        child.kill()
        child.wait(timeout=10)
    with open_case(archive, NIK, profile) as case:
        assert case.status == "opened"


# --- facts ---------------------------------------------------------------------------


def test_facts_are_checked(archive, profile):
    with open_case(archive, NIK, profile) as case:
        with pytest.raises(ValueError, match="13 digits"):
            case.set_fact("nib", "81202077")
        with pytest.raises(ValueError, match="true or false"):
            case.set_fact("account_registered", "ya")
        with pytest.raises(ValueError, match="secret or personal"):
            case.set_fact("otp", "482913")
        with pytest.raises(ValueError, match="secret or personal"):
            case.set_fact("email", "siti@example.com")
        with pytest.raises(ValueError, match="snake_case"):
            case.set_fact("Nomor Proyek", "1")
        case.set_fact("project_id", "R-202603020001")
        case.set_fact("logged_in_at", datetime(2026, 3, 2, 1, 30, tzinfo=UTC))
        assert dict(case.facts) == {
            "project_id": "R-202603020001",
            "logged_in_at": "2026-03-02T01:30:00+00:00",
        }
    assert on_disk(case.folder)["facts"]["project_id"] == "R-202603020001"


def test_facts_cannot_be_changed_behind_the_records_back(archive, profile):
    with open_case(archive, NIK, profile) as case, pytest.raises(TypeError):
        case.facts["nib"] = "8120207730001"  # type: ignore[index]


# --- the profile ---------------------------------------------------------------------


def test_a_changed_profile_is_noticed_until_accepted(archive, profile):
    with open_case(archive, NIK, profile):
        pass
    profile.write_text("identitas:\n  nik: '3508201708850003'\n  nama: Siti\n", encoding="utf-8")
    with open_case(archive, NIK, profile) as case:
        assert case.profile_changed
    with open_case(archive, NIK, profile) as case:
        assert case.profile_changed  # not taken over silently
        case.accept_profile()
        assert not case.profile_changed
    with open_case(archive, NIK, profile) as case:
        assert not case.profile_changed


def test_threads_making_the_case_id_key_at_once_get_one_key(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from oss_assist.cases import archive_key

    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: archive_key(tmp_path / "arsip"), range(8)))
    assert len(keys) == 1
    assert [p.name for p in (tmp_path / "arsip").iterdir()] == [".case-id.key"]
