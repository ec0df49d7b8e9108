"""The loader: unreadable input refused with one clear line, schema errors per field."""

from __future__ import annotations

import contextlib
import copy
import os
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oss_assist.errors import InputError
from oss_assist.profiles.issues import Report
from oss_assist.profiles.loader import (
    MAX_PROFILE_BYTES,
    decode,
    load_profile,
    parse_profile,
    parse_yaml,
    read_text,
)
from oss_assist.profiles.validate import validate_profile

Data = dict[str, Any]


def refused(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_profile(path)
    assert caught.value.exit_code == 2
    assert caught.value.where == str(path)
    assert "\n" not in caught.value.render("id")  # one line
    return caught.value


def test_missing_file(tmp_path: Path) -> None:
    assert "tidak ditemukan" in refused(tmp_path / "tidak-ada.yaml").text.id


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    assert "folder" in refused(tmp_path).text.id


@pytest.mark.parametrize("content", ["", "\n\n   \n", "\ufeff"])
def test_empty_file(write: Callable[..., Path], content: str) -> None:
    assert "kosong" in refused(write(content)).text.id


def test_only_comments(write: Callable[..., Path]) -> None:
    assert "komentar" in refused(write("# nanti diisi\n# belum\n")).text.id


def test_invalid_yaml_names_the_line(write: Callable[..., Path]) -> None:
    error = refused(write('identitas:\n  nik: "3508\n  nama: x\n'))
    assert "bukan YAML yang sah" in error.text.id
    assert "baris" in error.text.id and "line" in error.text.en


def test_bad_indentation(write: Callable[..., Path]) -> None:
    assert "baris 3" in refused(write("identitas:\n  nik: '1'\n nama: x\n")).text.id


def test_a_list_instead_of_a_mapping(write: Callable[..., Path]) -> None:
    error = refused(write("- identitas\n- email\n"))
    assert "daftar" in error.text.id and "a list" in error.text.en


def test_a_single_value(write: Callable[..., Path]) -> None:
    assert "satu nilai" in refused(write("just a sentence\n")).text.id


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
        bytes(range(256)),
        "nama: Siti".encode("utf-16"),
        b"nama: \xff\xfe\xfa",
    ],
)
def test_binary_garbage(write: Callable[..., Path], raw: bytes) -> None:
    assert "bukan berkas teks" in refused(write(raw)).text.id


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "besar.yaml"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB by its size, nothing to read
    start = time.perf_counter()
    error = refused(path)
    assert time.perf_counter() - start < 0.5
    assert "terlalu besar" in error.text.id and "50.0 MB" in error.text.id


def test_just_over_the_limit_is_refused(write: Callable[..., Path]) -> None:
    path = write("a: b\n" + "#" * MAX_PROFILE_BYTES)
    assert "terlalu besar" in refused(path).text.id


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_stream_without_size_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    pipe = tmp_path / "pipa.yaml"
    os.mkfifo(pipe)

    def feed() -> None:
        try:
            with pipe.open("wb") as handle:
                for _ in range(100):
                    handle.write(b"# " + b"x" * 49_998)
        except BrokenPipeError:
            pass  # the reader stopped at the limit, as it should

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    with pytest.raises(InputError) as caught:
        read_text(pipe)
    writer.join(timeout=5)
    assert "terlalu besar" in caught.value.text.id


def test_duplicate_keys_are_refused(write: Callable[..., Path]) -> None:
    error = refused(write("email: a@example.com\nnomor_hp: '0812'\nemail: b@example.com\n"))
    assert "duplicate key 'email'" in error.text.id and "line 1" in error.text.en


def test_alias_bomb_is_refused() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefg":
        previous = ", ".join([f"*{chr(ord(level) - 1)}"] * 10)
        bomb += f"{level}: &{level} [{previous}]\n"  # ten times the level before
    with pytest.raises(InputError) as caught:
        parse_yaml(bomb, "bom.yaml")
    assert "terlalu banyak nilai" in caught.value.text.id


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(InputError):
        parse_yaml("a: " + "[" * 20_000 + "]" * 20_000, "dalam.yaml")


def test_yaml_core_scalars() -> None:
    data = parse_yaml(
        "kbli: 01411\nrt: 003\nnik: 3508205204820001\nhp: +6281200000001\nya: yes\n"
        "waktu: 10:30\nbenar: true\nangka: -7.94\ntanggal: 2024-07-01\n",
        "x",
    )
    assert data == {
        "kbli": "01411",
        "rt": "003",
        "nik": 3508205204820001,
        "hp": "+6281200000001",
        "ya": "yes",
        "waktu": "10:30",
        "benar": True,
        "angka": -7.94,
        "tanggal": "2024-07-01",  # the model reads dates, so an impossible one is a field error
    }


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("tanggal_lahir: 1982-04-12", "tanggal_lahir: 1982-02-30", "identitas.tanggal_lahir"),
        ("tanggal_lahir: 1982-04-12", "tanggal_lahir: 1982-13-01", "identitas.tanggal_lahir"),
        ("penjualan_tahunan: 144000000", "penjualan_tahunan: '" + "9" * 5000 + "'",
         "kegiatan.0.penjualan_tahunan"),
    ],
)
def test_impossible_values_are_field_errors_not_crashes(
    write: Callable[..., Path], old: str, new: str, path: str
) -> None:
    text = (Path(__file__).resolve().parents[2] / "profiles" / "siti-aminah-warung.yaml")
    original = text.read_text()
    assert old in original
    profile, issues = load_profile(write(original.replace(old, new)))
    assert profile is None
    assert [i.path for i in issues] == [path]
    assert "Value error" not in issues[0].text.id


@pytest.mark.parametrize(
    "doc", ["a: !!int abc\n", "a: " + "9" * 5000 + "\n", "a: !!timestamp 1982-02-30\n"]
)
def test_values_the_yaml_reader_cannot_build_are_refused(doc: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml(doc, "x.yaml")
    assert "bukan YAML yang sah" in caught.value.text.id


def test_a_nik_copied_in_groups_of_four_loses_its_spaces(siti: Data) -> None:
    siti["identitas"]["nik"] = "3508 2052 0482 0001"
    profile, issues = parse_profile(siti)
    assert issues == [] and profile is not None
    assert profile.identitas.nik == "3508205204820001"


def test_unquoted_kbli_with_leading_zero_loads(
    example: Callable[[str], Data], write: Callable[..., Path]
) -> None:
    text = (Path(__file__).resolve().parents[2] / "profiles" / "ahmad-fauzi-sapi.yaml").read_text()
    path = write(text.replace('kbli: "01411"', "kbli: 01411"))
    profile, issues = load_profile(path)
    assert issues == [] and profile is not None
    assert profile.kegiatan[0].kbli == "01411"


# --- schema errors: one issue per problem, at its field path ---------------------------------


def test_unknown_keys_with_a_suggestion(siti: Data) -> None:
    siti["emial"] = siti.pop("email")
    siti["identitas"]["password"] = "rahasia"
    _, issues = parse_profile(siti)
    by_path = {i.path: i for i in issues}
    assert set(by_path) == {"email", "emial", "identitas.password"}
    assert "mungkin maksudnya 'email'" in by_path["emial"].text.id
    assert "tidak dikenal" in by_path["identitas.password"].text.id
    assert "wajib diisi" in by_path["email"].text.id


def test_no_password_field_exists() -> None:
    from oss_assist.profiles.model import json_schema

    assert "password" not in str(json_schema()).lower()
    assert "kata_sandi" not in str(json_schema()).lower()


@pytest.mark.parametrize(
    ("path", "value", "says"),
    [
        (("identitas", "nik"), 3.5e15, "angka yang ditulis sebagai teks"),
        (("identitas", "nik"), True, "angka yang ditulis sebagai teks"),
        (("identitas", "nama_sesuai_ktp"), {"a": 1}, "harus berupa teks"),
        (("identitas", "jenis_kelamin"), "X", "harus salah satu dari"),
        (("identitas", "tanggal_lahir"), "12 Aprilan 1982", "bukan tanggal"),
        (("identitas", "tanggal_lahir"), 1982, "bukan tanggal"),
        (("alamat_ktp",), ["Jenggrong"], "kelompok isian"),
        (("kegiatan",), {"kbli": "47112"}, "daftar"),
        (("kelengkapan", "ktp_aktif"), "mungkin", "ya atau tidak"),
        (("kegiatan", 0, "penjualan_tahunan"), "seratus juta", "jumlah rupiah"),
        (("kegiatan", 0, "penjualan_tahunan"), 1.5, "jumlah rupiah"),
        (("kegiatan", 0, "tenaga_kerja", "laki_laki"), "dua", "bilangan bulat"),
        (("kegiatan", 0, "produk", 0, "kapasitas"), "banyak", "berupa angka"),
        (("kegiatan", 0, "produk", 0, "kapasitas"), "inf", "berupa angka"),
        (("kegiatan", 0, "status_berjalan"), "Jalan", "harus salah satu dari"),
        (("kegiatan", 0, "perkiraan_mulai_operasional"), "2027-13", "bulan dan tahun"),
    ],
)
def test_wrong_types(siti: Data, path: tuple[Any, ...], value: Any, says: str) -> None:
    target: Any = siti
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    profile, issues = parse_profile(siti)
    assert profile is None
    assert [i.path for i in issues] == [".".join(str(p) for p in path)]
    assert says in issues[0].text.id
    assert issues[0].text.en and issues[0].text.en != issues[0].text.id


def test_lenient_forms_people_type(siti: Data) -> None:
    siti["identitas"]["jenis_kelamin"] = "perempuan"
    siti["identitas"]["tanggal_lahir"] = "12/04/1982"
    siti["kegiatan"][0]["status_berjalan"] = "sudah"
    siti["kegiatan"][0]["sumber_pembiayaan"] = "modal sendiri"
    siti["kelengkapan"]["ktp_aktif"] = "Ya"
    siti["kegiatan"][0]["lokasi"]["luas_lahan_m2"] = "36,5"
    profile, issues = parse_profile(siti)
    assert issues == [] and profile is not None
    assert profile.identitas.jenis_kelamin == "Perempuan"
    assert profile.identitas.tanggal_lahir == date(1982, 4, 12)
    assert profile.kegiatan[0].status_berjalan == "Sudah Berjalan"
    assert profile.kegiatan[0].lokasi.luas_lahan_m2 == 36.5


def test_a_datetime_is_not_a_date(siti: Data) -> None:
    siti["identitas"]["tanggal_lahir"] = "1982-04-12 10:00:00"
    _, issues = parse_profile(siti)
    assert [i.path for i in issues] == ["identitas.tanggal_lahir"]


# --- property-based: nothing but the documented outcomes -------------------------------------


def _load_bytes(raw: bytes) -> tuple[object, list[Any]]:
    return parse_profile(parse_yaml(decode(raw, "x.yaml"), "x.yaml"))


# No deadline: a shared, busy machine must not turn slow examples into failures.
@settings(deadline=None)
@given(st.binary(max_size=2_000))
def test_random_bytes_never_raise_anything_undocumented(raw: bytes) -> None:
    try:
        profile, issues = _load_bytes(raw)
    except InputError as exc:
        assert exc.text.id and exc.text.en
    else:
        assert profile is None and issues


@settings(deadline=None)
@given(st.text(max_size=500))
def test_random_text_never_raises_anything_undocumented(text: str) -> None:
    with contextlib.suppress(InputError):
        _load_bytes(text.encode("utf-8"))


KEYS = [
    "identitas",
    "nik",
    "email",
    "nomor_hp",
    "alamat_ktp",
    "kegiatan",
    "kbli",
    "desa",
    "produk",
    "investasi",
    "kelengkapan",
    "persetujuan",
    "tanggal",
    "x",
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.dates()
)
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)


@settings(deadline=None)
@given(documents)
def test_random_yaml_documents_never_raise_anything_undocumented(doc: object) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True)
    try:
        profile, issues = parse_profile(parse_yaml(text, "x.yaml"))
    except InputError:
        return
    assert profile is None
    assert all(i.severity == "error" and i.text.id and i.text.en for i in issues)


def _leaves(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _leaves(v, (*prefix, k))] + [prefix]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _leaves(v, (*prefix, i))] + [prefix]
    return [prefix]


EXAMPLE = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "profiles" / "muhammad-rizki-pangkas.yaml").read_text()
)
PATHS = [p for p in _leaves(EXAMPLE) if p]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=documents)
def test_any_single_field_changed_is_reported_not_raised(path: tuple[Any, ...], value: Any) -> None:
    data = copy.deepcopy(EXAMPLE)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    profile, issues = parse_profile(data)
    report = (
        Report(issues=issues)
        if profile is None
        else validate_profile(profile, today=date(2026, 11, 25))
    )
    for issue in report.issues:
        assert issue.render("id") and issue.render("en")
