"""Business scale (skala usaha): the office's rule and PP 7/2021's, each naming itself.

- ``sop``: the office's service standard (the figures of UU 20/2008): net assets/capital
  excluding land and buildings at most Rp 50.000.000 AND annual sales at most
  Rp 300.000.000. Anything over it is outside the office's service.
- ``pp7``: PP 7/2021 Pasal 35, as OSS classifies: modal usaha (machinery/equipment + other
  investment + working capital; land and buildings excluded) at most Rp 1 miliar is
  Mikro, at most Rp 5 miliar Kecil, at most Rp 10 miliar Menengah, above that Besar.
  Sales do not set the scale under PP 7/2021 when registering (Pasal 35 ayat 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from oss_assist.i18n import Text, rupiah

ScalePolicy = Literal["sop", "pp7"]
Skala = Literal["Mikro", "Kecil", "Menengah", "Besar"]

SOP_CAPITAL_LIMIT = 50_000_000
SOP_SALES_LIMIT = 300_000_000
PP7_MIKRO_LIMIT = 1_000_000_000
PP7_KECIL_LIMIT = 5_000_000_000
PP7_MENENGAH_LIMIT = 10_000_000_000

RULES: dict[ScalePolicy, Text] = {
    "sop": Text(
        "SOP Kecamatan Ranuyoso (kriteria UU 20/2008): modal tanpa tanah dan bangunan "
        f"paling banyak {rupiah(SOP_CAPITAL_LIMIT)} dan penjualan tahunan paling banyak "
        f"{rupiah(SOP_SALES_LIMIT)}",
        "the Kecamatan Ranuyoso service standard (UU 20/2008 figures): capital excluding "
        f"land and buildings at most {rupiah(SOP_CAPITAL_LIMIT)} and annual sales at most "
        f"{rupiah(SOP_SALES_LIMIT)}",
    ),
    "pp7": Text(
        "PP 7/2021 Pasal 35: modal usaha tanpa tanah dan bangunan paling banyak "
        f"{rupiah(PP7_MIKRO_LIMIT)}",
        "PP 7/2021 article 35: business capital excluding land and buildings at most "
        f"{rupiah(PP7_MIKRO_LIMIT)}",
    ),
}
RULE_NAMES: dict[ScalePolicy, Text] = {
    "sop": Text("SOP Kecamatan", "office standard (SOP)"),
    "pp7": Text("PP 7/2021", "PP 7/2021"),
}


def modal_usaha(mesin_peralatan: int, investasi_lain: int, modal_kerja: int) -> int:
    """Capital excluding land and buildings, as both rules count it."""
    return mesin_peralatan + investasi_lain + modal_kerja


def skala_pp7(modal: int) -> Skala:
    """The scale PP 7/2021 gives this modal usaha."""
    if modal <= PP7_MIKRO_LIMIT:
        return "Mikro"
    if modal <= PP7_KECIL_LIMIT:
        return "Kecil"
    if modal <= PP7_MENENGAH_LIMIT:
        return "Menengah"
    return "Besar"


@dataclass(frozen=True, slots=True)
class ScaleVerdict:
    """Whether a business is micro under the policy applied, and by which rule."""

    policy: ScalePolicy
    modal_usaha: int
    penjualan_tahunan: int
    micro: bool  # under the policy applied
    skala_pp7: Skala  # what OSS itself will compute
    capital_over: bool  # over the policy's capital limit
    sales_over: bool  # over the policy's sales limit (sop only)

    @property
    def rule(self) -> Text:
        """The rule applied, with its limits."""
        return RULES[self.policy]

    @property
    def rule_name(self) -> Text:
        return RULE_NAMES[self.policy]

    @property
    def micro_under_pp7(self) -> bool:
        return self.skala_pp7 == "Mikro"

    def summary(self) -> Text:
        """``Mikro menurut SOP Kecamatan ...`` or why not, with the figures."""
        figures = Text(
            "modal usaha {m}, penjualan tahunan {s}",
            "business capital {m}, annual sales {s}",
        ).format(m=rupiah(self.modal_usaha), s=rupiah(self.penjualan_tahunan))
        if self.micro:
            head = Text("usaha mikro menurut {r} ({f})", "micro business under {r} ({f})")
        else:
            head = Text(
                "BUKAN usaha mikro menurut {r} ({f})", "NOT a micro business under {r} ({f})"
            )
        return Text(
            head.id.format(r=self.rule.id, f=figures.id),
            head.en.format(r=self.rule.en, f=figures.en),
        )


def assess_scale(
    *,
    mesin_peralatan: int,
    investasi_lain: int,
    modal_kerja: int,
    penjualan_tahunan: int,
    policy: ScalePolicy = "sop",
) -> ScaleVerdict:
    """Apply the policy's rule to one business's figures."""
    modal = modal_usaha(mesin_peralatan, investasi_lain, modal_kerja)
    skala = skala_pp7(modal)
    if policy == "sop":
        capital_over = modal > SOP_CAPITAL_LIMIT
        sales_over = penjualan_tahunan > SOP_SALES_LIMIT
    else:
        capital_over = skala != "Mikro"
        sales_over = False
    return ScaleVerdict(
        policy=policy,
        modal_usaha=modal,
        penjualan_tahunan=penjualan_tahunan,
        micro=not (capital_over or sales_over),
        skala_pp7=skala,
        capital_over=capital_over,
        sales_over=sales_over,
    )
