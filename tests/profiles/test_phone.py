"""The mobile-number normaliser: usual forms in, the portal's form out, the rest refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oss_assist.profiles.phone import PORTAL_PHONE, PhoneError, e164, normalise_phone


@pytest.mark.parametrize(
    "written",
    [
        "081200000001",
        "0812-0000-0001",
        "0812 0000 0001",
        "+6281200000001",
        "+62 812-0000-0001",
        "+62 812 0000 0001",
        "6281200000001",
        "62-812-0000-0001",
        "81200000001",
        "(0812) 0000.0001",
        " 0812-0000-0001 ",
        "0062 812 0000 0001",
        "+62 (0)812 0000 0001",
        "+62 0812-0000-0001",
        "62 0812 0000 0001",
    ],
)
def test_usual_forms_become_the_portal_form(written: str) -> None:
    assert normalise_phone(written) == "81200000001"


def test_e164() -> None:
    assert e164("81200000001") == "+6281200000001"


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("", "kosong"),
        ("   ", "kosong"),
        ("0334441306", "bukan nomor HP"),  # the office's landline
        ("+1 555 0100 200", "bukan nomor Indonesia"),
        ("+44 7700 900123", "bukan nomor Indonesia"),
        ("0812-ABCD-0001", "hanya berisi angka"),
        ("0812_0000_0001", "hanya berisi angka"),
        ("08120", "terlalu panjang"),  # too short
        ("0812000000000001", "terlalu panjang"),
        ("0802-0000-0001", "terlalu panjang"),  # 80… is not a mobile prefix
        ("0812+0000", "hanya berisi angka"),
    ],
)
def test_refused_with_a_message(written: str, says: str) -> None:
    with pytest.raises(PhoneError) as caught:
        normalise_phone(written)
    assert says in caught.value.text.id
    assert caught.value.text.en


separators = st.sampled_from(["", " ", "-", "."])


@given(
    body=st.from_regex(r"8[1-9][0-9]{6,10}", fullmatch=True),
    prefix=st.sampled_from(["0", "+62", "62", "+62 ", ""]),
    sep=separators,
)
def test_valid_numbers_in_any_usual_form_round_trip(body: str, prefix: str, sep: str) -> None:
    grouped = sep.join(body[i : i + 4] for i in range(0, len(body), 4))
    assert normalise_phone(prefix + grouped) == body


@given(st.text(max_size=30))
def test_any_text_is_normalised_or_refused(text: str) -> None:
    try:
        result = normalise_phone(text)
    except PhoneError as exc:
        assert exc.text.id and exc.text.en
    else:
        assert PORTAL_PHONE.match(result)
