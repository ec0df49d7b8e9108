"""Region chains by name or code, spelling variants, wrong chains, postcodes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from oss_assist.errors import ProfileInvalid
from oss_assist.i18n import Text
from oss_assist.profiles.address import check_address, match_region, resolve_address


@dataclass
class Parts:
    desa: str
    kecamatan: str = "Ranuyoso"
    kabupaten_kota: str = "Kab. Lumajang"
    provinsi: str = "Jawa Timur"


@pytest.mark.parametrize(
    ("desa", "code"),
    [
        ("Alun-Alun", "3508202005"),
        ("Alun Alun", "3508202005"),
        ("alun-alun", "3508202005"),
        ("ALUN ALUN", "3508202005"),
        ("Desa Alun-alun", "3508202005"),
        ("Ranu Bedali", "3508202006"),
        ("Ranubedali", "3508202006"),
        ("Wates Wetan", "3508202011"),
        ("wateswetan", "3508202011"),
        ("35.08.20.2001", "3508202001"),
        ("3508202001", "3508202001"),
    ],
)
def test_desa_by_name_variant_or_code(desa: str, code: str) -> None:
    resolved = resolve_address(Parts(desa))
    assert resolved.desa.code == code
    assert resolved.kecamatan.code == "350820"


@pytest.mark.parametrize(
    "kab",
    ["Lumajang", "Kab. Lumajang", "KAB.LUMAJANG", "KABUPATEN LUMAJANG", "kab lumajang", "35.08",
     "3508"],
)
def test_kabupaten_prefixes_and_codes(kab: str) -> None:
    assert resolve_address(Parts("Jenggrong", kabupaten_kota=kab)).kabupaten_kota.code == "3508"


@pytest.mark.parametrize("prov", ["Provinsi Jawa Timur", "Prov. Jawa Timur", "PROV.JAWA TIMUR"])
def test_provinsi_prefixes(prov: str) -> None:
    assert resolve_address(Parts("Jenggrong", provinsi=prov)).provinsi.code == "35"


def test_a_kota_prefix_on_a_kabupaten_is_not_taken_for_it() -> None:
    _, issues = check_address(Parts("Jenggrong", kabupaten_kota="Kota Lumajang"), "a")
    assert [i.path for i in issues] == ["a.kabupaten_kota"]
    assert "Lumajang" in issues[0].text.id  # the kabupaten is offered


@pytest.mark.parametrize(
    ("parent", "name", "code"),
    [
        ("63", "Kotabaru", "6302"),  # a name that starts like a prefix is no prefix
        ("31", "Kota Adm. Jakarta Selatan", "3174"),
        ("31", "KOTA ADM. JAKARTA SELATAN", "3174"),
    ],
)
def test_names_that_look_like_prefixes(parent: str, name: str, code: str) -> None:
    from oss_assist.refdata import find_child

    assert [r.code for r in find_child(parent, name)] == [code]


def test_all_levels_by_code_and_portal_names() -> None:
    resolved = resolve_address(Parts("35.08.20.2005", "35.08.20", "35.08", "35"))
    assert resolved.portal_names() == ("JAWA TIMUR", "KAB. LUMAJANG", "RANUYOSO", "ALUN-ALUN")
    assert resolved.label() == "ALUN-ALUN, RANUYOSO, KAB. LUMAJANG, JAWA TIMUR"
    assert resolved.postcode == "67357"


def test_known_spelling_variant_outside_the_punctuation_rule() -> None:
    found = match_region(
        resolve_address(Parts("Jenggrong")).kabupaten_kota, "kecamatan", "Pasujambe"
    )
    assert not isinstance(found, Text)
    assert found.name == "Pasrujambe"


def test_desa_of_another_kecamatan_by_name_is_not_found_with_suggestion() -> None:
    _, issues = check_address(Parts("Jengrong"), "alamat_ktp")
    assert [i.path for i in issues] == ["alamat_ktp.desa"]
    assert "tidak ditemukan" in issues[0].text.id
    assert "Jenggrong" in issues[0].text.id  # the close name is offered


def test_desa_code_of_the_neighbouring_kecamatan_says_where_it_lies() -> None:
    _, issues = check_address(Parts("35.08.19.2001"), "lokasi")  # Kebonan, Kec. Klakah
    assert [i.path for i in issues] == ["lokasi.desa"]
    assert "Klakah" in issues[0].text.id and "Ranuyoso" in issues[0].text.id
    assert "not in" in issues[0].text.en


def test_kecamatan_of_another_kabupaten() -> None:
    _, issues = check_address(Parts("Jenggrong", kecamatan="Cilandak"), "x")
    assert [i.path for i in issues] == ["x.kecamatan"]
    assert "Pilihannya" in issues[0].text.id or "Mungkin" in issues[0].text.id


def test_code_of_the_wrong_level() -> None:
    _, issues = check_address(Parts("Jenggrong", kabupaten_kota="35"), "")
    assert [i.path for i in issues] == ["kabupaten_kota"]
    assert "bukan kode kabupaten/kota" in issues[0].text.id


def test_unknown_code() -> None:
    _, issues = check_address(Parts("3508209999"), "")
    assert "tidak ada dalam data wilayah" in issues[0].text.id


def test_ambiguous_kabupaten_name_asks_for_the_prefix() -> None:
    _, issues = check_address(Parts("x", kecamatan="x", kabupaten_kota="Malang"), "")
    assert issues[0].path == "kabupaten_kota"
    assert "lebih dari satu" in issues[0].text.id
    assert "more than one" in issues[0].text.en
    found = match_region(
        resolve_address(Parts("Jenggrong")).provinsi, "kabupaten_kota", "Kota Malang"
    )
    assert not isinstance(found, Text) and found.code == "3573"


def test_only_the_first_broken_level_is_reported() -> None:
    _, issues = check_address(Parts("Nowhere", "Nowhere", "Nowhere", "Atlantis"), "a")
    assert [i.path for i in issues] == ["a.provinsi"]


def test_postcode_must_match_the_desa() -> None:
    _, issues = check_address(Parts("Jenggrong"), "lokasi", "67356")
    assert [i.path for i in issues] == ["lokasi.kode_pos"]
    assert "67357" in issues[0].text.id


@pytest.mark.parametrize("postcode", ["6735", "673577", "6735a", ""])
def test_postcode_has_five_digits(postcode: str) -> None:
    _, issues = check_address(Parts("Jenggrong"), "lokasi", postcode)
    assert [i.path for i in issues] == ["lokasi.kode_pos"]
    assert "5 angka" in issues[0].text.id


def test_resolve_address_raises_profile_invalid_naming_the_field() -> None:
    with pytest.raises(ProfileInvalid) as caught:
        resolve_address(Parts("Jenggrong", kecamatan="Klakah"))
    assert caught.value.where == "desa"
    assert "Jenggrong" in caught.value.render("id")
