"""Scale rules: the office's SOP and PP 7/2021, each naming itself, limits inclusive."""

from __future__ import annotations

import pytest

from oss_assist.profiles.scale import ScalePolicy, ScaleVerdict, assess_scale, skala_pp7


def verdict(
    mesin: int = 0, lain: int = 1, kerja: int = 0, sales: int = 1, policy: ScalePolicy = "sop"
) -> ScaleVerdict:
    return assess_scale(
        mesin_peralatan=mesin,
        investasi_lain=lain,
        modal_kerja=kerja,
        penjualan_tahunan=sales,
        policy=policy,
    )


def test_sop_limits_are_inclusive() -> None:
    at_limit = verdict(mesin=20_000_000, lain=10_000_000, kerja=20_000_000, sales=300_000_000)
    assert at_limit.modal_usaha == 50_000_000
    assert at_limit.micro
    assert not verdict(lain=50_000_001).micro
    assert not verdict(sales=300_000_001).micro


def test_sop_needs_both_capital_and_sales_within_limits() -> None:
    capital = verdict(lain=60_000_000, sales=100_000_000)
    assert (capital.micro, capital.capital_over, capital.sales_over) == (False, True, False)
    sales = verdict(lain=10_000_000, sales=400_000_000)
    assert (sales.micro, sales.capital_over, sales.sales_over) == (False, False, True)


def test_sop_over_limit_is_still_micro_under_pp7() -> None:
    result = verdict(lain=60_000_000)
    assert not result.micro
    assert result.micro_under_pp7
    assert result.skala_pp7 == "Mikro"


def test_pp7_counts_capital_only() -> None:
    result = verdict(lain=60_000_000, sales=900_000_000, policy="pp7")
    assert result.micro
    assert not verdict(lain=1_000_000_001, policy="pp7").micro


@pytest.mark.parametrize(
    ("modal", "skala"),
    [
        (1_000_000_000, "Mikro"),
        (1_000_000_001, "Kecil"),
        (5_000_000_000, "Kecil"),
        (5_000_000_001, "Menengah"),
        (10_000_000_000, "Menengah"),
        (10_000_000_001, "Besar"),
    ],
)
def test_pp7_levels(modal: int, skala: str) -> None:
    assert skala_pp7(modal) == skala


def test_each_verdict_names_its_rule() -> None:
    sop = verdict()
    pp7 = verdict(policy="pp7")
    assert "SOP Kecamatan" in sop.rule.id and "Rp 50.000.000" in sop.rule.id
    assert "Rp 300.000.000" in sop.rule.en
    assert "PP 7/2021" in pp7.rule.id and "Rp 1.000.000.000" in pp7.rule.en
    assert "usaha mikro menurut SOP Kecamatan" in sop.summary().id
    assert "NOT a micro business" in verdict(lain=60_000_000).summary().en
