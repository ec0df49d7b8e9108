"""The applicant's profile as fields of the new-case page (the paper form's order, one
activity), turned into the same YAML profile a file would hold; each field named by its
path in the profile, so that the check's messages land beside it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

import yaml

from oss_assist.i18n import Text

Kind = Literal["text", "int", "date", "bool", "sex", "status", "email", "tel"]
#: The tick that records the applicant's consent to the office entering their data.
CONSENT = "persetujuan"
#: Where the two location PDFs uploaded beside the form are kept, as the profile names them.
DOCUMENTS: Final = {"dok_pernyataan": "dokumen/pernyataan-lokasi.pdf",
                    "dok_foto": "dokumen/foto-tampak-depan.pdf"}


@dataclass(frozen=True)
class Field:
    path: str
    label: Text
    kind: Kind = "text"

    @property
    def name(self) -> str:
        return f"f.{self.path}"

    @property
    def dom_id(self) -> str:
        return "f-" + self.path.replace(".", "-")


def _f(path: str, id_text: str, en_text: str, kind: Kind = "text") -> Field:
    return Field(path, Text(id_text, en_text), kind)


_A, _L = "alamat_ktp", "kegiatan.0.lokasi"
_K = "kegiatan.0"
#: The form's sections and fields, in the paper form's order.
SECTIONS: Final[tuple[tuple[Text, tuple[Field, ...]], ...]] = (
    (Text("Pemilik (sesuai KTP)", "Owner (as on the KTP)"), (
        _f("identitas.nik", "NIK", "NIK"),
        _f("identitas.nama_sesuai_ktp", "Nama sesuai KTP", "Name as on the KTP"),
        _f("identitas.jenis_kelamin", "Jenis kelamin", "Sex", "sex"),
        _f("identitas.tempat_lahir", "Tempat lahir", "Place of birth"),
        _f("identitas.tanggal_lahir", "Tanggal lahir", "Date of birth", "date"),
        _f("email", "E-mail", "E-mail", "email"),
        _f("nomor_hp", "Nomor HP", "Mobile number", "tel"),
    )),
    (Text("Alamat sesuai KTP", "Address on the KTP"), (
        _f(f"{_A}.jalan", "Jalan/dusun", "Street/dusun"),
        _f(f"{_A}.rt", "RT", "RT"), _f(f"{_A}.rw", "RW", "RW"),
        _f(f"{_A}.desa", "Desa/kelurahan", "Desa/kelurahan"),
        _f(f"{_A}.kecamatan", "Kecamatan", "Kecamatan"),
        _f(f"{_A}.kabupaten_kota", "Kabupaten/kota", "Kabupaten/kota"),
        _f(f"{_A}.provinsi", "Provinsi", "Province"),
        _f(f"{_A}.kode_pos", "Kode pos", "Postcode"),
    )),
    (Text("Kegiatan usaha", "The business"), (
        _f(f"{_K}.kbli", "KBLI (5 angka)", "KBLI (5 digits)"),
        _f(f"{_K}.nama_usaha", "Nama usaha", "Business name"),
        _f(f"{_K}.status_berjalan", "Status usaha", "Status", "status"),
        _f(f"{_K}.tanggal_mulai_usaha", "Tanggal mulai usaha", "Start date", "date"),
        _f(f"{_L}.alamat", "Alamat usaha", "Business address"),
        _f(f"{_L}.desa", "Desa lokasi usaha", "Desa of the business"),
        _f(f"{_L}.kecamatan", "Kecamatan lokasi", "Kecamatan of the business"),
        _f(f"{_L}.kabupaten_kota", "Kabupaten/kota lokasi", "Kabupaten/kota"),
        _f(f"{_L}.provinsi", "Provinsi lokasi", "Province"),
        _f(f"{_L}.kode_pos", "Kode pos lokasi", "Postcode"),
        _f(f"{_L}.luas_lahan_m2", "Luas lahan (m²)", "Land area (m²)", "int"),
    )),
    (Text("Modal, penjualan, tenaga kerja", "Capital, sales, workers"), (
        _f(f"{_K}.investasi.tanah", "Tanah (Rp)", "Land (Rp)"),
        _f(f"{_K}.investasi.bangunan", "Bangunan (Rp)", "Buildings (Rp)"),
        _f(f"{_K}.investasi.mesin_peralatan", "Mesin dan peralatan (Rp)",
           "Machines and equipment (Rp)"),
        _f(f"{_K}.investasi.investasi_lain", "Investasi lain (Rp)", "Other investment (Rp)"),
        _f(f"{_K}.investasi.modal_kerja", "Modal kerja (Rp)", "Working capital (Rp)"),
        _f(f"{_K}.sumber_pembiayaan", "Sumber pembiayaan", "Source of funds"),
        _f(f"{_K}.penjualan_tahunan", "Penjualan per tahun (Rp)", "Annual sales (Rp)"),
        _f(f"{_K}.tenaga_kerja.laki_laki", "Tenaga kerja laki-laki", "Male workers", "int"),
        _f(f"{_K}.tenaga_kerja.perempuan", "Tenaga kerja perempuan", "Female workers",
           "int"),
    )),
    (Text("Produk dan bangunan", "Product and building"), (
        _f(f"{_K}.produk.0.jenis_produk_jasa", "Jenis produk/jasa", "Product/service"),
        _f(f"{_K}.produk.0.kapasitas", "Kapasitas", "Capacity", "int"),
        _f(f"{_K}.produk.0.satuan", "Satuan", "Unit"),
        _f(f"{_K}.lingkungan.luas_bangunan_m2", "Luas bangunan (m²)", "Building area (m²)",
           "int"),
        _f(f"{_K}.lingkungan.punya_dokumen_lingkungan", "Punya dokumen lingkungan?",
           "Has environmental documents?", "bool"),
    )),
)
FIELDS: Final = tuple(f for _, fields in SECTIONS for f in fields)
CHOICES: Final[dict[Kind, tuple[tuple[str, Text], ...]]] = {
    "sex": (("Laki-laki", Text("Laki-laki", "Male")), ("Perempuan", Text("Perempuan", "Female"))),
    "status": (("Sudah Berjalan", Text("Sudah berjalan", "Running")),
               ("Belum Berjalan", Text("Belum berjalan", "Not yet running"))),
    "bool": (("false", Text("Tidak", "No")), ("true", Text("Ya", "Yes"))),
}


def filled(form: Mapping[str, Any]) -> bool:
    """Whether any field of the profile was filled in."""
    return any(str(form.get(f.name, "")).strip() for f in FIELDS)


def _value(field: Field, text: str) -> Any:
    if field.kind == "int" and text.isdigit():
        return int(text)
    if field.kind == "bool":
        return text == "true"
    return text


def profile_data(form: Mapping[str, Any], *, requirements: set[str], documents: bool,
                 consent: tuple[date, str] | None) -> dict[str, Any]:
    """The profile the fields describe; an empty field is left out (the check then names
    it), the counter's ticks become its ``kelengkapan`` (the SKU's number, date and desa
    are the counter's own fields, as for an uploaded profile); ``consent``, the day and
    the officer who recorded the applicant's consent, its ``persetujuan``."""
    data: dict[str, Any] = {}
    for field in FIELDS:
        text = str(form.get(field.name, "")).strip()[:200]
        if text:
            _put(data, field.path.split("."), _value(field, text))
    if documents:
        _put(data, ["kegiatan", "0", "lokasi", "dokumen"],
             {"pernyataan_lokasi": DOCUMENTS["dok_pernyataan"],
              "foto_tampak_depan": DOCUMENTS["dok_foto"]})
    kelengkapan: dict[str, Any] = {"ktp_aktif": "ktp" in requirements,
                                   "email_dikonfirmasi": "email" in requirements,
                                   "formulir_oss": "formulir" in requirements}
    data["kelengkapan"] = kelengkapan
    if consent is not None:
        data["persetujuan"] = {"tanggal": consent[0].isoformat(), "dicatat_oleh": consent[1]}
    result: dict[str, Any] = _lists(data)
    return result


def _put(data: dict[str, Any], keys: list[str], value: Any) -> None:
    for key in keys[:-1]:
        data = data.setdefault(key, {})
    data[keys[-1]] = value


def _lists(node: Any) -> Any:
    """``{"0": ...}`` (a list's first item, as the field paths name it) into a list."""
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


def profile_yaml(data: dict[str, Any]) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
