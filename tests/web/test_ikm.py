"""The satisfaction index after Permenpan RB 14/2017: worked figures."""

from __future__ import annotations

import pytest

from oss_assist.web.ikm import KEYS, band_of, ikm, valid_answers


def _all(value: int) -> dict[str, int]:
    return dict.fromkeys(KEYS, value)


def test_nine_elements_weighted_equally() -> None:
    assert len(KEYS) == 9
    assert ikm([_all(4)]).index == 100.0
    assert ikm([_all(1)]).index == 25.0
    # one element at 1, eight at 4: (8×4 + 1)/9 × 25 = 91.67
    one_low = _all(4) | {"biaya": 1}
    result = ikm([one_low])
    assert result.index == pytest.approx(91.666, abs=0.01) and result.band == "A"


def test_the_index_is_the_average_of_element_averages() -> None:
    surveys = [_all(3), _all(4), _all(3) | {"waktu": 2}]
    result = ikm(surveys)
    assert result.respondents == 3
    assert result.averages["waktu"] == pytest.approx(3.0)
    assert result.averages["persyaratan"] == pytest.approx(10 / 3)
    expected = (8 * (10 / 3) + 3.0) / 9 * 25
    assert result.index == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize(("index", "band"), [
    (100, "A"), (88.31, "A"), (88.30, "B"), (88.304, "B"), (88.305, "A"), (76.61, "B"),
    (76.60, "C"), (65.00, "C"), (64.99, "D"), (25, "D")])
def test_the_bands(index: float, band: str) -> None:
    assert band_of(index)[0] == band


def test_answers_must_be_all_nine_from_one_to_four() -> None:
    assert valid_answers({k: "4" for k in KEYS}) == _all(4)
    assert valid_answers({k: "5" for k in KEYS}) is None
    assert valid_answers({k: "3" for k in KEYS[:8]}) is None
    assert ikm([]).index is None
