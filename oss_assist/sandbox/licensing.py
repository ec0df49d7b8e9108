"""The sandbox's licensing rules: risk by KBLI × scale, scale from capital, units, KBLI 2025.

These tables stand in for PP 28/2025 Lampiran I and the OSS reference lists. Apart from the
rows marked in ``oss-portal.md`` as verified (01411 Rendah at Mikro and Kecil), they are
the sandbox's own choices, made so that every path of the portal can be practised: one
KBLI (10794) gives *Menengah Rendah* at micro scale (the Sertifikat Standar path), a few
codes ask for a KBLI 2025 conversion (56102 among them), and every location in Kecamatan
Ranuyoso lacks an RDTR. The tables are plain module-level dicts so that a test can change
them in place (``RISK_TABLE["47112"]["Mikro"] = "Menengah Rendah"``); a trainer gives
``oss-assist sandbox --risk-table FILE`` (see :func:`load_risk_table`).
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Literal

Scale = Literal["Mikro", "Kecil", "Menengah", "Besar"]
Risk = Literal["Rendah", "Menengah Rendah", "Menengah Tinggi", "Tinggi"]

SCALES: tuple[Scale, ...] = ("Mikro", "Kecil", "Menengah", "Besar")
SCALE_LABELS: dict[Scale, str] = {
    "Mikro": "Usaha Mikro",
    "Kecil": "Usaha Kecil",
    "Menengah": "Usaha Menengah",
    "Besar": "Usaha Besar",
}
#: PP 7/2021 Pasal 35: modal usaha (excluding land and buildings) upper bounds, in rupiah.
SCALE_CEILINGS: tuple[tuple[Scale, int], ...] = (
    ("Mikro", 1_000_000_000),
    ("Kecil", 5_000_000_000),
    ("Menengah", 10_000_000_000),
)

#: Risk when a KBLI has no row of its own in RISK_TABLE.
DEFAULT_RISK: dict[Scale, Risk] = {
    "Mikro": "Rendah",
    "Kecil": "Rendah",
    "Menengah": "Menengah Rendah",
    "Besar": "Menengah Tinggi",
}
#: KBLI → scale → risk. Edit in place to configure a run.
RISK_TABLE: dict[str, dict[Scale, Risk]] = {
    "01411": {"Mikro": "Rendah", "Kecil": "Rendah", "Menengah": "Tinggi", "Besar": "Tinggi"},
    "10794": {
        "Mikro": "Menengah Rendah",
        "Kecil": "Menengah Rendah",
        "Menengah": "Menengah Tinggi",
        "Besar": "Menengah Tinggi",
    },
}



class RiskTableError(ValueError):
    """A risk-table file that cannot be used; the message names the line's KBLI."""


def load_risk_table(path: Path) -> dict[str, dict[Scale, Risk]]:
    """Rows of a YAML risk table: ``47112: {Mikro: Menengah Rendah, Kecil: Rendah}``.

    A scale left out keeps what the table had (or the default); every KBLI is five digits
    and every value one of the four risk levels.
    """
    from oss_assist.errors import InputError
    from oss_assist.profiles.loader import parse_yaml, read_text

    try:  # the profiles' YAML reader: 01411 stays "01411", not the octal number 777
        data = parse_yaml(read_text(path), str(path))
    except InputError as exc:
        raise RiskTableError(exc.render("en")) from exc
    risks, scales = typing.get_args(Risk), set(SCALES)
    table: dict[str, dict[Scale, Risk]] = {}
    for kbli, row in data.items():
        code = str(kbli)
        if not (len(code) == 5 and code.isdigit()) or not isinstance(row, dict):
            raise RiskTableError(f"{path}: {kbli!r}: a 5-digit KBLI with {{scale: risk}}")
        for scale, risk in row.items():
            if scale not in scales or risk not in risks:
                raise RiskTableError(
                    f"{path}: {code}: {scale!r}: {risk!r}; scales {', '.join(SCALES)}, "
                    f"risks {', '.join(risks)}"
                )
        table[code] = dict(row)
    return table


#: What each risk level needs (§9 of the portal notes): permit name, single-licence flag.
PERMITS: dict[Risk, tuple[str, bool]] = {
    "Rendah": ("NIB", True),
    "Menengah Rendah": ("NIB dan Sertifikat Standar", False),
    "Menengah Tinggi": ("NIB dan Sertifikat Standar Terverifikasi", False),
    "Tinggi": ("NIB dan Izin", False),
}

#: Units of measure a product of this KBLI may use (``getSatuanProduk``).
UNITS: dict[str, tuple[str, ...]] = {
    "47112": ("Paket", "Unit", "Buah", "Kilogram"),
    "56102": ("Porsi", "Unit", "Paket"),
    "01411": ("Ekor", "Kilogram", "Ton"),
    "14120": ("Potong", "Stel", "Lusin"),
    "10794": ("Kilogram", "Ton", "Bungkus"),
    "96111": ("Orang", "Kali"),
}
DEFAULT_UNITS: tuple[str, ...] = ("Unit", "Buah", "Paket", "Set", "Kilogram", "Liter")

#: KBLI 2020 codes the portal asks to convert, with their KBLI 2025 candidates.
KBLI_2025: dict[str, tuple[tuple[str, str], ...]] = {
    "56102": (("56111", "Rumah Makan"), ("56112", "Warung Makan")),
    "56103": (("56113", "Kedai Makanan"),),
    "56303": (("56311", "Rumah Minum/Kafe"), ("56312", "Kedai Kopi")),
}

#: Region code prefixes that have a digital RDTR; everywhere else shows "RDTR Tidak
#: Tersedia". Kecamatan Ranuyoso (350820) is deliberately absent.
RDTR_AREAS: tuple[str, ...] = ("31", "3578", "350810")

#: Parameter choices ``getKriteriaKegiatan`` offers; most KBLIs have none.
KRITERIA: dict[str, tuple[str, ...]] = {
    "01411": ("Kewenangan Kabupaten/Kota", "Kewenangan Provinsi"),
}

#: Obligations the standards declaration lists for KBLIs above low risk.
OBLIGATIONS: dict[str, tuple[str, ...]] = {
    "10794": (
        "Memiliki Sertifikat Produksi Pangan Industri Rumah Tangga (SPP-IRT) atau izin edar.",
        "Menerapkan Cara Produksi Pangan Olahan yang Baik (CPPOB).",
        "Menjaga kebersihan tempat produksi, peralatan dan penjamah pangan.",
        "Mencantumkan label pangan sesuai ketentuan pada setiap kemasan.",
    ),
}
DEFAULT_OBLIGATIONS: tuple[str, ...] = (
    "Menjalankan kegiatan usaha sesuai dengan standar usaha KBLI yang dipilih.",
    "Bersedia dilakukan pengawasan oleh instansi yang berwenang.",
)

MATRA: tuple[tuple[str, str], ...] = (("01", "Darat"), ("02", "Laut"), ("03", "Kawasan Hutan"))
JENIS_LOKASI: tuple[tuple[str, str], ...] = (("01", "Individual"), ("02", "Kawasan"))
JENIS_KEGIATAN: tuple[tuple[str, str], ...] = (
    ("01", "Kegiatan Usaha Utama"),
    ("02", "Kegiatan Usaha Pendukung"),
    ("03", "Kantor Cabang Administrasi"),
    ("05", "Kegiatan Usaha Pendukung UMKU"),
)
RUANG_LINGKUP: tuple[str, ...] = ("Seluruh", "Sebagian")
CAKUPAN_PRODUK: tuple[str, ...] = ("Tidak Mengajukan Fasilitas", "Mengajukan Fasilitas Berusaha")
STATUS_BERJALAN: tuple[str, ...] = ("Sudah Berjalan", "Belum Berjalan")
SUMBER_PEMBIAYAAN: tuple[str, ...] = ("Modal Sendiri", "Pinjaman")

_SECTORS_BY_PREFIX: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("107", ("Perindustrian", "Obat dan Makanan")),
    ("03", ("Kelautan dan Perikanan",)),
    ("0", ("Pertanian",)),
    ("1", ("Perindustrian",)),
    ("2", ("Perindustrian",)),
    ("45", ("Perdagangan",)),
    ("46", ("Perdagangan",)),
    ("47", ("Perdagangan",)),
    ("55", ("Pariwisata",)),
    ("56", ("Pariwisata",)),
)


def scale_of(modal_usaha: int) -> Scale:
    """The business scale for this capital (excluding land and buildings), PP 7/2021."""
    for scale, ceiling in SCALE_CEILINGS:
        if modal_usaha <= ceiling:
            return scale
    return "Besar"


def risk_of(kbli: str, scale: Scale) -> Risk:
    """The risk level of this KBLI at this scale."""
    return RISK_TABLE.get(kbli, DEFAULT_RISK).get(scale, DEFAULT_RISK[scale])


def permit_of(risk: Risk) -> tuple[str, bool]:
    """The permit this risk needs, and whether the NIB alone is the licence."""
    return PERMITS[risk]


def units_of(kbli: str) -> tuple[str, ...]:
    return UNITS.get(kbli, DEFAULT_UNITS)


def kbli_2025_of(kbli: str) -> tuple[tuple[str, str], ...]:
    """KBLI 2025 candidates (code, title) when this code must be converted, else ()."""
    return KBLI_2025.get(kbli, ())


def sectors_of(kbli: str) -> tuple[str, ...]:
    """The supervising sectors offered for this KBLI (``radio-bidang-usaha``)."""
    for prefix, sectors in _SECTORS_BY_PREFIX:
        if kbli.startswith(prefix):
            return sectors
    return ("Jasa Lainnya",)


#: Where the form's title of a KBLI differs from the list's (the BPS title): oss-portal.md
#: §18, "the list option reads '- Periklanan' and after the pick the form shows '73100 -
#: Aktivitas Periklanan'". Only the one documented case; every other KBLI reads the same.
FORM_TITLES: dict[str, str] = {"73100": "Aktivitas Periklanan"}


def form_title(kbli: str, list_title: str) -> str:
    """The title the activity form shows once this KBLI is chosen."""
    return FORM_TITLES.get(kbli, list_title)


def shows_cakupan(kbli: str) -> bool:
    """Whether the product dialog shows "Cakupan Produk" for this KBLI. The live portal
    shows it only sometimes (oss-portal.md §5.5, §18) and nobody has said when; the
    sandbox's rule, deterministic and documented: for the processing industry (KBLI 2020
    category C, divisions 10 to 33), whose products the business facilities concern."""
    return kbli[:2].isdigit() and 10 <= int(kbli[:2]) <= 33


def kriteria_of(kbli: str) -> tuple[str, ...]:
    return KRITERIA.get(kbli, ())


def obligations_of(kbli: str) -> tuple[str, ...]:
    return OBLIGATIONS.get(kbli, DEFAULT_OBLIGATIONS)


def has_rdtr(region_code: str) -> bool:
    """Whether the location's region has a digital detailed spatial plan."""
    return any(region_code.startswith(prefix) for prefix in RDTR_AREAS)


def label_of(options: tuple[tuple[str, str], ...], code: str) -> str:
    """The label of a coded option, or '' when the code is unknown."""
    return next((label for value, label in options if value == code), "")
