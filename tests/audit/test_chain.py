"""verify() names every edited, inserted, deleted, moved or cut line of an audit log."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oss_assist.audit import verify
from oss_assist.audit.chain import GENESIS, seal
from oss_assist.errors import InputError


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def rewrite(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(lines))


def problems(path: Path, lang: str = "id") -> list[str]:
    report = verify(path)
    return [p.text.render("en" if lang == "en" else "id") for p in report.problems]


def test_an_untouched_log_of_1000_events_verifies(make_log):
    path = make_log(1000)
    report = verify(path)
    assert report.intact
    assert report.lines == 1000
    assert report.head_seq == 1000
    assert report.head_hash == json.loads(lines_of(path)[-1])["hash"]


def test_an_empty_log_verifies(tmp_path):
    path = tmp_path / "audit.jsonl"
    path.write_bytes(b"")
    assert verify(path).intact


def test_each_line_links_to_the_one_before(make_log):
    records = [json.loads(line) for line in lines_of(make_log(3))]
    assert [r["seq"] for r in records] == [1, 2, 3]
    assert records[0]["prev"] == GENESIS
    assert records[1]["prev"] == records[0]["hash"]
    assert records[2]["prev"] == records[1]["hash"]


def test_an_edited_line_is_named(make_log):
    path = make_log(10)
    lines = lines_of(path)
    lines[6] = lines[6].replace(b"kolom_6", b"kolom_X")
    rewrite(path, lines)
    assert problems(path) == ["baris 7 diubah"]
    assert problems(path, "en") == ["line 7 was changed"]
    assert verify(path).problems[0].kind == "edited"


def test_an_edit_that_only_adds_a_space_is_found(make_log):
    path = make_log(10)
    lines = lines_of(path)
    lines[3] = lines[3].replace(b'"field":', b'"field": ')
    rewrite(path, lines)
    assert problems(path) == ["baris 4 diubah"]


def test_an_edited_line_with_its_hash_recomputed_is_named(make_log):
    path = make_log(10)
    lines = lines_of(path)
    record = json.loads(lines[6])
    record["field"] = "kolom_palsu"
    forged, _ = seal(record, record["seq"], record["prev"])
    lines[6] = forged
    rewrite(path, lines)
    assert problems(path) == ["baris 7 diubah (hash-nya dihitung ulang)"]


def test_an_edited_last_line_is_named(make_log):
    path = make_log(10)
    lines = lines_of(path)
    lines[9] = lines[9].replace(b"kolom_9", b"kolom_0")
    rewrite(path, lines)
    assert problems(path) == ["baris 10 diubah"]


def test_a_deleted_line_is_named(make_log):
    path = make_log(10)
    lines = lines_of(path)
    del lines[6]
    rewrite(path, lines)
    assert problems(path) == ["baris dihapus antara 6 dan 7"]
    assert problems(path, "en") == ["a line was deleted between 6 and 7"]


def test_several_deleted_lines_are_counted(make_log):
    path = make_log(10)
    lines = lines_of(path)
    del lines[6:9]
    rewrite(path, lines)
    assert problems(path) == ["3 baris dihapus antara 6 dan 7"]


def test_a_deleted_first_line_is_named(make_log):
    path = make_log(10)
    rewrite(path, lines_of(path)[1:])
    assert problems(path) == ["1 baris dihapus sebelum baris 1"]


def test_an_inserted_hand_written_line_is_named(make_log):
    path = make_log(10)
    lines = lines_of(path)
    lines.insert(4, b'{"event":"nib_issued","nib":"8120207730001"}\n')
    rewrite(path, lines)
    assert problems(path) == ["baris 5 disisipkan"]
    assert problems(path, "en") == ["line 5 was inserted"]


def test_an_inserted_line_sealed_like_a_real_one_is_named(make_log):
    path = make_log(10)
    lines = lines_of(path)
    before = json.loads(lines[3])
    forged, _ = seal({"event": "nib_issued", "nib": "8120207730001"}, 5, before["hash"])
    lines.insert(4, forged)
    rewrite(path, lines)
    assert problems(path) == ["baris 5 disisipkan"]


def test_an_inserted_copy_names_its_original(make_log):
    path = make_log(10)
    lines = lines_of(path)
    lines.insert(5, lines[1])
    rewrite(path, lines)
    assert problems(path) == ["baris 6 disisipkan (salinan baris 2)"]


def test_an_inserted_blank_line_is_named(make_log):
    path = make_log(10)
    lines = lines_of(path)
    lines.insert(2, b"\n")
    rewrite(path, lines)
    assert problems(path) == ["baris 3 disisipkan"]


def test_two_swapped_lines_are_named(make_log):
    path = make_log(10)
    lines = lines_of(path)
    lines[4], lines[5] = lines[5], lines[4]
    rewrite(path, lines)
    assert problems(path) == ["baris 5 dipindahkan (tempat aslinya antara baris 6 dan 7)"]
    assert verify(path).problems[0].kind == "moved"


def test_a_line_moved_to_the_end_is_named(make_log):
    path = make_log(10)
    lines = lines_of(path)
    lines.append(lines.pop(2))
    rewrite(path, lines)
    assert problems(path) == ["baris 10 dipindahkan (tempat aslinya antara baris 2 dan 3)"]


def test_a_truncated_last_line_is_named(make_log):
    path = make_log(10)
    data = path.read_bytes()
    path.write_bytes(data[:-40])
    assert problems(path) == ["baris 10 terpotong (baris terakhir tidak lengkap)"]
    assert verify(path).problems[0].kind == "truncated"


def test_a_line_that_is_no_longer_json_is_named(make_log):
    path = make_log(10)
    lines = lines_of(path)
    lines[2] = lines[2][:30] + b"\n"
    rewrite(path, lines)
    assert problems(path) == ["baris 3 diubah: bukan lagi JSON yang sah"]


def test_several_problems_are_all_listed_in_line_order(make_log):
    path = make_log(20)
    lines = lines_of(path)
    lines[15] = lines[15].replace(b"kolom_15", b"kolom_99")
    del lines[10]
    lines[3] = lines[3].replace(b"kolom_3", b"kolom_33")
    rewrite(path, lines)
    assert problems(path) == [
        "baris 4 diubah",
        "baris dihapus antara 10 dan 11",
        "baris 15 diubah",
    ]


def test_a_missing_log_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as info:
        verify(tmp_path / "tidak-ada.jsonl")
    assert "tidak ditemukan" in info.value.render("id")
    assert info.value.exit_code == 2


def test_a_folder_given_as_the_log_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        verify(tmp_path)


def test_a_log_readable_by_others_is_noted_but_intact(make_log):
    path = make_log(3)
    path.chmod(0o644)
    report = verify(path)
    assert report.intact
    assert [n.render("en") for n in report.notes] == [
        f"{path} can be read by other users (mode 0644); it should be 0600"
    ]


# --- properties over many tamperings -------------------------------------------------


def _sealed_log(count: int) -> bytes:
    out, prev = [], GENESIS
    for seq in range(1, count + 1):
        line, prev = seal({"event": "field_filled", "field": f"kolom_{seq}"}, seq, prev)
        out.append(line)
    return b"".join(out)


LOG = _sealed_log(12)


def _verify_bytes(data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "audit.jsonl"
        path.write_bytes(data)
        path.chmod(0o600)
        return verify(path)


def test_the_property_fixture_itself_verifies():
    assert _verify_bytes(LOG).intact


@settings(max_examples=300, deadline=None)
@given(position=st.integers(0, len(LOG) - 1), byte=st.integers(0, 255))
def test_any_changed_byte_is_found(position, byte):
    if LOG[position] == byte:
        byte = (byte + 1) % 256
    data = LOG[:position] + bytes([byte]) + LOG[position + 1 :]
    assert not _verify_bytes(data).intact


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_any_deleted_or_swapped_line_is_found_except_at_the_very_end(data):
    lines = LOG.splitlines(keepends=True)
    i = data.draw(st.integers(0, len(lines) - 2), label="line")
    if data.draw(st.booleans(), label="swap"):
        j = data.draw(st.integers(0, len(lines) - 1).filter(lambda j: j != i), label="other")
        lines[i], lines[j] = lines[j], lines[i]
    else:
        del lines[i]
    assert not _verify_bytes(b"".join(lines)).intact


def test_removing_whole_lines_from_the_end_changes_the_head():
    # the one tampering the chain alone cannot show; the recap's head catches it
    lines = LOG.splitlines(keepends=True)
    cut = _verify_bytes(b"".join(lines[:-2]))
    assert cut.intact
    assert cut.head_seq == 10
    assert cut.head_hash != _verify_bytes(LOG).head_hash


def test_the_last_two_lines_swapped_are_named(make_log):
    path = make_log(10)
    lines = lines_of(path)
    lines[8], lines[9] = lines[9], lines[8]
    rewrite(path, lines)
    assert problems(path) == ["baris 9 dipindahkan (tempat aslinya setelah baris 10)"]
    assert verify(path).head_seq == 10
