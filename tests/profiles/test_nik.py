"""The NIK parser: its layout rules, and round trips of generated NIKs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oss_assist.profiles.nik import NikError, make_nik, parse_nik


def test_parts_of_a_womans_nik() -> None:
    nik = parse_nik("3508205204820001")
    assert (nik.province_code, nik.kabupaten_code, nik.kecamatan_code) == ("35", "3508", "350820")
    assert (nik.day, nik.month, nik.yy, nik.female, nik.serial) == (12, 4, 82, True, "0001")
    assert nik.birth_digits == "520482"
    assert nik.birth_date(1980) == date(1982, 4, 12)
    assert nik.agrees_with(date(1982, 4, 12), female=True)
    assert not nik.agrees_with(date(1982, 4, 12), female=False)
    assert not nik.agrees_with(date(1982, 4, 13), female=True)


def test_parts_of_a_mans_nik() -> None:
    nik = parse_nik("3508201708850003")
    assert (nik.day, nik.month, nik.yy, nik.female) == (17, 8, 85, False)


def test_spaces_between_groups_are_ignored() -> None:
    assert parse_nik(" 3508 2052 0482 0001 ").value == "3508205204820001"


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("", "empty"),
        ("35082052048200O1", "characters"),  # a letter O, not a zero
        ("3508-2052-0482-0001", "characters"),
        ("３５０８２０５２０４８２０００１", "characters"),  # full-width digits
        ("350820520482001", "length"),
        ("35082052048200011", "length"),
        ("0508205204820001", "leading_zero"),
        ("3508200004820001", "day"),
        ("3508203204820001", "day"),  # 32: neither a man's day nor a woman's
        ("3508204004820001", "day"),  # 40: the woman's offset with day 0
        ("3508207204820001", "day"),  # 72 = 32 + 40
        ("3508201200820001", "month"),
        ("3508201213820001", "month"),
        ("3508205204820000", "serial"),
    ],
)
def test_layout_faults(text: str, fault: str) -> None:
    with pytest.raises(NikError) as caught:
        parse_nik(text)
    assert caught.value.fault == fault
    assert caught.value.text.id and caught.value.text.en
    assert "KTP" in caught.value.text.id  # every message says what to do


def test_century_comes_from_the_birth_year_given() -> None:
    nik = parse_nik("3508203001990006")
    assert nik.birth_year(1999) == 1999
    assert nik.birth_year(2010) == 1999
    young = parse_nik("3508203001050006")
    assert young.birth_year(2005) == 2005
    assert young.birth_year(1905) == 1905


def test_impossible_day_for_the_month_has_no_birth_date() -> None:
    nik = parse_nik("3508203102900001")  # 31 February
    assert nik.birth_date(1990) is None


def test_make_nik_refuses_bad_parts() -> None:
    with pytest.raises(ValueError):
        make_nik("3508", date(1990, 1, 1), False, 1)
    with pytest.raises(ValueError):
        make_nik("350820", date(1990, 1, 1), False, 0)


kecamatan_codes = st.sampled_from(
    ["350820", "350819", "317101", "110101", "947101"]
) | st.from_regex(r"[1-9][0-9]{5}", fullmatch=True)


@given(
    kecamatan=kecamatan_codes,
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    female=st.booleans(),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_generated_niks_round_trip(kecamatan: str, born: date, female: bool, serial: int) -> None:
    text = make_nik(kecamatan, born, female, serial)
    nik = parse_nik(text)
    assert nik.value == text
    assert nik.kecamatan_code == kecamatan
    assert nik.female is female
    assert nik.serial == f"{serial:04d}"
    assert nik.birth_date(born.year) == born
    assert nik.agrees_with(born, female)
    assert not nik.agrees_with(born, not female)


@given(st.text(max_size=40))
def test_any_text_parses_or_raises_nik_error(text: str) -> None:
    try:
        nik = parse_nik(text)
    except NikError as exc:
        assert exc.fault in {
            "empty",
            "characters",
            "length",
            "leading_zero",
            "day",
            "month",
            "serial",
        }
    else:
        assert len(nik.value) == 16 and nik.value.isdigit() and nik.value[0] != "0"


@given(st.from_regex(r"[0-9]{16}", fullmatch=True))
def test_any_sixteen_digits_parse_or_name_the_fault(text: str) -> None:
    try:
        nik = parse_nik(text)
    except NikError as exc:
        assert exc.fault in {"leading_zero", "day", "month", "serial"}
    else:
        assert 1 <= nik.day <= 31 and 1 <= nik.month <= 12 and nik.serial != "0000"
