"""The applicant profile: one YAML file per applicant, keys in Bahasa Indonesia.

These models check the shape and the types only (unknown keys refused); the rules
(NIK, age, regions, scale, the portal's own rules, completeness) are in ``validate``.
The field names are stable: flows read values by dotted path (``identitas.nik``,
``kegiatan.0.kbli``, see ``paths.value_at``). Field paths::

    identitas.nik                    16 digits, as on the KTP
    identitas.nama_sesuai_ktp        upper case once loaded ("SITI AMINAH")
    identitas.jenis_kelamin          "Laki-laki" | "Perempuan"
    identitas.tempat_lahir
    identitas.tanggal_lahir          a date; .tanggal_lahir_portal is "dd/mm/yyyy"
    email
    nomor_hp                         as written; Profile.nomor_hp_portal is "81200000001"
    alamat_ktp.jalan | .rt | .rw     rt/rw as three digits ("001")
    alamat_ktp.desa | .kecamatan | .kabupaten_kota | .provinsi   name or Kemendagri code
    alamat_ktp.kode_pos              optional
    alamat_ktp.wilayah               derived: ResolvedAddress (each level a Region)
    kegiatan.N.kbli                  five digits, KBLI 2020, exactly one per kegiatan
    kegiatan.N.nama_usaha
    kegiatan.N.lokasi.alamat | .desa | .kecamatan | .kabupaten_kota | .provinsi
    kegiatan.N.lokasi.kode_pos | .luas_lahan_m2 | .lat | .lon | .wilayah (derived)
    kegiatan.N.status_berjalan       "Sudah Berjalan" | "Belum Berjalan"
    kegiatan.N.tanggal_mulai_usaha   when already running (.tanggal_mulai_usaha_portal)
    kegiatan.N.perkiraan_mulai_operasional   "YYYY-MM", when not running yet
    kegiatan.N.investasi.tanah | .bangunan | .mesin_peralatan | .investasi_lain
                        | .modal_kerja | .modal_usaha (derived) | .jumlah (derived)
    kegiatan.N.sumber_pembiayaan     "Modal Sendiri" | "Pinjaman"
    kegiatan.N.penjualan_tahunan
    kegiatan.N.tenaga_kerja.laki_laki | .perempuan
    kegiatan.N.produk.M.jenis_produk_jasa | .kapasitas | .satuan
    kegiatan.N.lingkungan.luas_bangunan_m2 | .punya_dokumen_lingkungan
    kegiatan.N.kbli_diterima_operator   true: the operator accepts a KBLI code that is
                                        missing from the bundled table
    kelengkapan.ktp_aktif | .email_dikonfirmasi | .formulir_oss
    kelengkapan.surat_keterangan_usaha.nomor | .tanggal | .desa
    persetujuan.tanggal | .dicatat_oleh

Rupiah amounts may be written ``5000000``, ``5.000.000`` or ``Rp 5.000.000``; dates as
``2024-07-01`` or ``01/07/2024``; yes/no fields as ``true``/``false`` or ``ya``/``tidak``.
There is no password field, on purpose: nothing secret is ever stored.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal, NoReturn

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from oss_assist.profiles.address import ResolvedAddress, resolve_address
from oss_assist.profiles.phone import e164, normalise_phone
from oss_assist.profiles.scale import modal_usaha

#: pydantic error type of the messages written here; ``ctx`` holds ``id`` and ``en``.
ERROR_TYPE = "oss"


def _fail(id_text: str, en_text: str) -> NoReturn:
    raise PydanticCustomError(ERROR_TYPE, "{en}", {"id": id_text, "en": en_text})


def _d(id_text: str, en_text: str) -> FieldInfo:
    """A field's description in both languages (Indonesian first; ``description_en``)."""
    info: FieldInfo = Field(description=id_text, json_schema_extra={"description_en": en_text})
    return info


def portal_date(value: date) -> str:
    """Dates as the portal's date fields take them: ``dd/mm/yyyy``."""
    return value.strftime("%d/%m/%Y")


# --- lenient readers for what people type, each with a bilingual refusal -------------


def _as_code(value: Any) -> Any:
    """Codes and numbers written as digits (NIK, KBLI, RT, kode pos): kept as text."""
    if isinstance(value, bool):
        _fail("harus berupa angka yang ditulis sebagai teks", "must be digits, written as text")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    _fail(
        f"harus berupa angka yang ditulis sebagai teks, bukan {_kind(value)}",
        f"must be digits written as text, not {_kind_en(value)}",
    )


def _as_nik(value: Any) -> Any:
    """The NIK without the spaces people copy it with (``3508 2052 0482 0001``)."""
    code = _as_code(value)
    return "".join(code.split()) if isinstance(code, str) else code


def _as_kbli(value: Any) -> Any:
    if isinstance(value, list | tuple):
        _fail(
            "satu kegiatan hanya boleh satu KBLI (aturan portal). Buat satu butir "
            "'kegiatan' untuk setiap KBLI.",
            "one kegiatan takes exactly one KBLI (the portal's rule). Add one 'kegiatan' "
            "item for each KBLI.",
        )
    return _as_code(value)


_GROUPED_RUPIAH = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")
#: More digits than any amount or head count could have (Rp 10^18): longer is a typo.
MAX_DIGITS = 18


def parse_rupiah(text: str) -> int | None:
    """``5000000``, ``5.000.000`` or ``Rp 5.000.000`` → 5000000; None if not an amount."""
    compact = re.sub(r"^rp\.?", "", text.strip(), flags=re.I).strip().replace(" ", "")
    if len(compact.replace(".", "")) > MAX_DIGITS:
        return None
    if compact.isascii() and compact.isdigit():
        return int(compact)
    if _GROUPED_RUPIAH.match(compact):
        return int(compact.replace(".", ""))
    return None


def _as_rupiah(value: Any) -> Any:
    """Whole rupiah: ``5000000``, ``5.000.000``, ``Rp 5.000.000``."""
    if isinstance(value, bool):
        _fail("harus jumlah rupiah, bukan ya/tidak", "must be an amount of rupiah, not yes/no")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        amount = parse_rupiah(value)
        if amount is not None:
            return amount
    _fail(
        f"harus jumlah rupiah tanpa sen, misalnya 5000000 atau 5.000.000; tertulis {value!r}",
        f"must be whole rupiah, for example 5000000 or 5.000.000; got {value!r}",
    )


def _as_count(value: Any) -> Any:
    if isinstance(value, bool):
        _fail("harus jumlah orang, bukan ya/tidak", "must be a number of people, not yes/no")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = value.strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:
        return int(text)
    _fail(
        f"harus bilangan bulat, misalnya 2; tertulis {value!r}",
        f"must be a whole number, for example 2; got {value!r}",
    )


def _as_number(value: Any) -> Any:
    """Areas, capacities, coordinates: ``24``, ``24.5`` or ``24,5``."""
    if isinstance(value, bool):
        _fail("harus berupa angka, bukan ya/tidak", "must be a number, not yes/no")
    number: float | None = None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            number = None
    if number is not None and math.isfinite(number):
        return number
    _fail(
        f"harus berupa angka, misalnya 24 atau 24,5; tertulis {value!r}",
        f"must be a number, for example 24 or 24.5; got {value!r}",
    )


_YES = {"ya", "y", "yes", "true", "benar", "sudah", "1"}
_NO = {"tidak", "no", "n", "false", "salah", "belum", "0", ""}


def _as_flag(value: Any) -> Any:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
    _fail(
        f"harus ya atau tidak (true/false); tertulis {value!r}",
        f"must be yes or no (true/false); got {value!r}",
    )


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


#: Month names as people write them: Indonesian in full and short, English too.
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan", "january"),
            ("februari", "feb", "pebruari", "peb", "february"),
            ("maret", "mar", "march"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("agustus", "agu", "agt", "ags", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov", "nopember", "nop"),
            ("desember", "des", "dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_IN_WORDS = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")


def parse_date(text: str) -> date | None:
    """``2024-07-01``, ``01/07/2024``, ``01-07-2024`` or in words, ``1 Maret 2019`` (also
    ``1 Mar 2019``) → a date; None if not a real date."""
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    words = _IN_WORDS.match(" ".join(text.split()))
    if words and words.group(2).lower() in MONTHS:
        try:
            return date(int(words.group(3)), MONTHS[words.group(2).lower()],
                        int(words.group(1)))
        except ValueError:
            return None
    return None


def _as_date(value: Any) -> Any:
    if isinstance(value, datetime):
        _fail(
            "tulis tanggalnya saja, tanpa jam (misalnya 2024-07-01)",
            "write the date only, without a time (for example 2024-07-01)",
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    _fail(
        f"bukan tanggal yang ada; tulis 2024-07-01, 01/07/2024 atau 1 Juli 2024 (tertulis "
        f"{value!r})",
        f"not a real date; write 2024-07-01, 01/07/2024 or 1 Juli 2024 (got {value!r})",
    )


def parse_month(text: str) -> str | None:
    """``2026-10`` or ``10/2026`` → ``2026-10``; None if not a month."""
    stripped = text.strip()
    match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", stripped) or re.fullmatch(
        r"([0-9]{1,2})/([0-9]{4})", stripped
    )
    if not match:
        return None
    first, second = match.groups()
    year, month = (first, second) if len(first) == 4 else (second, first)
    return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None


def _as_month(value: Any) -> Any:
    if isinstance(value, str):
        parsed = parse_month(value)
        if parsed is not None:
            return parsed
    _fail(
        f"harus bulan dan tahun, misalnya 2026-10; tertulis {value!r}",
        f"must be a month and year, for example 2026-10; got {value!r}",
    )


def _choice(options: dict[str, str]) -> BeforeValidator:
    """Accept an option in any letter case or a known short form; else let pydantic refuse."""

    def pick(value: Any) -> Any:
        if isinstance(value, str):
            return options.get(" ".join(value.replace("-", " ").lower().split()), value)
        return value

    return BeforeValidator(pick)


def normalise_name(name: str) -> str:
    """Names as the portal shows them: upper case, single spaces, straight apostrophes."""
    return " ".join(name.replace("’", "'").replace("‘", "'").split()).upper()


def _upper_name(value: Any) -> Any:
    return normalise_name(value) if isinstance(value, str) else value


def _rt_rw(value: Any) -> Any:
    code = _as_code(value)
    if isinstance(code, str) and code.isascii() and code.isdigit() and 1 <= len(code) <= 3:
        return code.zfill(3)
    return code


def _kind(value: Any) -> str:
    return {
        dict: "kelompok isian",
        list: "daftar",
        float: "angka desimal",
        date: "tanggal",
        type(None): "kosong",
    }.get(type(value), type(value).__name__)


def _kind_en(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        float: "a decimal number",
        date: "a date",
        type(None): "empty",
    }.get(type(value), type(value).__name__)


# ``json_schema_input_type`` makes the published schema accept what the readers accept.
Code = Annotated[str, BeforeValidator(_as_code, json_schema_input_type=str | int)]
RegionRef = Annotated[
    str, BeforeValidator(_as_code, json_schema_input_type=str | int), Field(min_length=1)
]
Rupiah = Annotated[int, BeforeValidator(_as_rupiah, json_schema_input_type=int | str)]
Count = Annotated[int, BeforeValidator(_as_count, json_schema_input_type=int | str)]
Number = Annotated[float, BeforeValidator(_as_number, json_schema_input_type=float | str)]
Flag = Annotated[bool, BeforeValidator(_as_flag, json_schema_input_type=bool | str | None)]
Tanggal = Annotated[date, BeforeValidator(_as_date, json_schema_input_type=date | str)]
Bulan = Annotated[str, BeforeValidator(_as_month)]
Text1 = Annotated[str, Field(min_length=1, max_length=200)]

JenisKelamin = Annotated[
    Literal["Laki-laki", "Perempuan"],
    _choice(
        {
            "laki laki": "Laki-laki",
            "l": "Laki-laki",
            "pria": "Laki-laki",
            "perempuan": "Perempuan",
            "p": "Perempuan",
            "wanita": "Perempuan",
        }
    ),
]
StatusBerjalan = Annotated[
    Literal["Sudah Berjalan", "Belum Berjalan"],
    _choice(
        {
            "sudah berjalan": "Sudah Berjalan",
            "sudah": "Sudah Berjalan",
            "belum berjalan": "Belum Berjalan",
            "belum": "Belum Berjalan",
        }
    ),
]
SumberPembiayaan = Annotated[
    Literal["Modal Sendiri", "Pinjaman"],
    _choice({"modal sendiri": "Modal Sendiri", "pinjaman": "Pinjaman"}),
]


class StrictModel(BaseModel):
    """Unknown keys are refused; text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Identitas(StrictModel):
    """The applicant as on the KTP."""

    nik: Annotated[
        str,
        BeforeValidator(_as_nik, json_schema_input_type=str | int),
        _d("NIK, 16 angka sesuai KTP", "the 16-digit NIK as on the KTP"),
    ]
    nama_sesuai_ktp: Annotated[
        Text1,
        BeforeValidator(_upper_name),
        _d("nama lengkap sesuai KTP", "full name as on the KTP"),
    ]
    jenis_kelamin: Annotated[
        JenisKelamin, _d("Laki-laki atau Perempuan", "Laki-laki (male) or Perempuan (female)")
    ]
    tempat_lahir: Annotated[Text1, _d("tempat lahir sesuai KTP", "place of birth")]
    tanggal_lahir: Annotated[Tanggal, _d("tanggal lahir sesuai KTP", "date of birth")]

    @property
    def perempuan(self) -> bool:
        return self.jenis_kelamin == "Perempuan"

    @property
    def tanggal_lahir_portal(self) -> str:
        """``dd/mm/yyyy``."""
        return portal_date(self.tanggal_lahir)


class Wilayah(StrictModel):
    """The four region fields shared by the KTP address and a business location."""

    desa: Annotated[RegionRef, _d("desa/kelurahan: nama atau kode", "desa/kelurahan: name or code")]
    kecamatan: Annotated[RegionRef, _d("kecamatan: nama atau kode", "kecamatan: name or code")]
    kabupaten_kota: Annotated[
        RegionRef, _d("kabupaten/kota: nama atau kode", "kabupaten/kota: name or code")
    ]
    provinsi: Annotated[RegionRef, _d("provinsi: nama atau kode", "province: name or code")]

    @property
    def wilayah(self) -> ResolvedAddress:
        """The four resolved regions; raises ProfileInvalid if the chain does not resolve."""
        return resolve_address(self)


class AlamatKtp(Wilayah):
    """The address printed on the KTP."""

    jalan: Annotated[
        Text1, _d("jalan/dusun, tanpa RT/RW dan kode pos", "street, without RT/RW or postcode")
    ]
    rt: Annotated[Code, BeforeValidator(_rt_rw), _d("RT, misalnya 001", "RT, e.g. 001")]
    rw: Annotated[Code, BeforeValidator(_rt_rw), _d("RW, misalnya 002", "RW, e.g. 002")]
    kode_pos: Annotated[Code | None, _d("kode pos (boleh kosong)", "postcode (optional)")] = None


class DokumenLokasi(StrictModel):
    """The two PDFs the portal's location form takes, as files beside the profile."""

    pernyataan_lokasi: Annotated[
        Text1,
        _d(
            "berkas PDF surat pernyataan lokasi bertanda tangan pemilik, relatif ke profil",
            "PDF of the location statement signed by the owner, relative to the profile",
        ),
    ]
    foto_tampak_depan: Annotated[
        Text1,
        _d(
            "berkas PDF foto asli bangunan tampak depan, relatif ke profil",
            "PDF of a real photo of the building's front, relative to the profile",
        ),
    ]


class Lokasi(Wilayah):
    """Where the business is, as the portal's "Tambah Lokasi" form asks it."""

    alamat: Annotated[
        Text1, _d("alamat lengkap tempat usaha, tanpa RT/RW", "business address, no RT/RW")
    ]
    kode_pos: Annotated[Code, _d("kode pos 5 angka", "5-digit postcode")]
    luas_lahan_m2: Annotated[Number, _d("luas lahan usaha (m²)", "land area of the business (m²)")]
    lat: Annotated[Number | None, _d("lintang (boleh kosong)", "latitude (optional)")] = None
    lon: Annotated[Number | None, _d("bujur (boleh kosong)", "longitude (optional)")] = None
    dokumen: Annotated[
        DokumenLokasi | None,
        _d("dua berkas PDF untuk formulir lokasi", "the two PDFs of the location form"),
    ] = None


class Investasi(StrictModel):
    """The investment split as the portal asks it, in whole rupiah."""

    tanah: Annotated[Rupiah, _d("pembelian/pematangan tanah", "land")]
    bangunan: Annotated[Rupiah, _d("bangunan/gedung", "buildings")]
    mesin_peralatan: Annotated[Rupiah, _d("mesin dan peralatan", "machinery and equipment")]
    investasi_lain: Annotated[
        Rupiah, _d("investasi lain (portal menolak 0)", "other investment (the portal refuses 0)")
    ]
    modal_kerja: Annotated[Rupiah, _d("modal kerja 3 bulan", "working capital for 3 months")]

    @property
    def modal_usaha(self) -> int:
        """Capital excluding land and buildings, as the scale rules count it."""
        return modal_usaha(self.mesin_peralatan, self.investasi_lain, self.modal_kerja)

    @property
    def jumlah(self) -> int:
        """Total investment, land and buildings included (the portal's jumlah_investasi)."""
        return self.tanah + self.bangunan + self.modal_usaha


class TenagaKerja(StrictModel):
    """Workers (Indonesian), by sex."""

    laki_laki: Annotated[Count, _d("tenaga kerja laki-laki", "male workers")]
    perempuan: Annotated[Count, _d("tenaga kerja perempuan", "female workers")]

    @property
    def jumlah(self) -> int:
        return self.laki_laki + self.perempuan


class Produk(StrictModel):
    """One product or service of a kegiatan."""

    jenis_produk_jasa: Annotated[Text1, _d("jenis produk/jasa", "product or service")]
    kapasitas: Annotated[Number, _d("kapasitas (lebih dari 0)", "capacity (more than 0)")]
    satuan: Annotated[
        Text1,
        _d(
            "satuan dari daftar portal untuk KBLI ini, misalnya Paket, Porsi, Ekor",
            "unit from the portal's list for this KBLI, e.g. Paket, Porsi, Ekor",
        ),
    ]


class Lingkungan(StrictModel):
    """What the environmental step (Persetujuan Lingkungan, Amdalnet) needs."""

    luas_bangunan_m2: Annotated[
        Number, _d("luas bangunan terbangun (m²)", "built-up floor area of the building (m²)")
    ]
    punya_dokumen_lingkungan: Annotated[
        Flag,
        _d(
            "sudah punya dokumen lingkungan? (usaha mikro: tidak)",
            "already has an environmental document? (micro: no)",
        ),
    ] = False


class Kegiatan(StrictModel):
    """One business activity: exactly one KBLI, one name, one location."""

    kbli: Annotated[
        Code,
        BeforeValidator(_as_kbli),
        _d("kode KBLI 2020, 5 angka, satu per kegiatan", "KBLI 2020 code, 5 digits, one each"),
    ]
    nama_usaha: Annotated[Text1, _d("nama usaha, misalnya Warung Bu Siti", "business name")]
    lokasi: Annotated[Lokasi, _d("lokasi usaha", "business location")]
    status_berjalan: Annotated[
        StatusBerjalan, _d("Sudah Berjalan atau Belum Berjalan", "already running or not yet")
    ]
    tanggal_mulai_usaha: Annotated[
        Tanggal | None,
        _d("tanggal mulai usaha (wajib bila sudah berjalan)", "start date (if running)"),
    ] = None
    perkiraan_mulai_operasional: Annotated[
        Bulan | None,
        _d("perkiraan mulai operasional, YYYY-MM (bila belum berjalan)", "expected start"),
    ] = None
    investasi: Annotated[Investasi, _d("rincian investasi", "investment split")]
    sumber_pembiayaan: Annotated[
        SumberPembiayaan, _d("Modal Sendiri atau Pinjaman", "own capital or a loan")
    ]
    penjualan_tahunan: Annotated[
        Rupiah, _d("hasil penjualan tahunan (portal menolak 0)", "annual sales (not 0)")
    ]
    tenaga_kerja: Annotated[TenagaKerja, _d("tenaga kerja", "workers")]
    produk: Annotated[
        list[Produk], Field(min_length=1), _d("produk/jasa, paling sedikit satu", "products")
    ]
    lingkungan: Annotated[Lingkungan, _d("data persetujuan lingkungan", "environmental data")]
    kbli_diterima_operator: Annotated[
        Flag,
        _d(
            "operator menerima KBLI yang tidak ada di tabel bawaan",
            "the operator accepts a KBLI missing from the bundled table",
        ),
    ] = False

    @property
    def modal_usaha(self) -> int:
        return self.investasi.modal_usaha

    @property
    def tanggal_mulai_usaha_portal(self) -> str | None:
        """``dd/mm/yyyy``, or None when not running yet."""
        return portal_date(self.tanggal_mulai_usaha) if self.tanggal_mulai_usaha else None

    @property
    def perkiraan_mulai_operasional_portal(self) -> str | None:
        """``mm/yyyy`` as the portal shows the month, or None when already running."""
        month = self.perkiraan_mulai_operasional
        return f"{month[5:]}/{month[:4]}" if month else None


class SuratKeteranganUsaha(StrictModel):
    """The Surat Keterangan Usaha from the kepala desa/lurah."""

    nomor: Annotated[Code | None, _d("nomor surat", "letter number")] = None
    tanggal: Annotated[Tanggal | None, _d("tanggal surat", "date of the letter")] = None
    desa: Annotated[
        Code | None, _d("desa/kelurahan yang menerbitkan", "issuing desa/kelurahan")
    ] = None


class Kelengkapan(StrictModel):
    """The counter officer's checklist of what the applicant brought."""

    ktp_aktif: Annotated[
        Flag, _d("fotokopi KTP yang sudah diaktivasi diterima", "copy of activated KTP received")
    ] = False
    email_dikonfirmasi: Annotated[
        Flag, _d("pemohon memastikan e-mail aktif", "applicant confirmed the e-mail is active")
    ] = False
    formulir_oss: Annotated[
        Flag, _d("formulir Data Informasi Usaha Mikro diisi", "OSS data form filled")
    ] = False
    surat_keterangan_usaha: Annotated[
        SuratKeteranganUsaha | None,
        _d("Surat Keterangan Usaha dari kepala desa/lurah", "business letter from the desa"),
    ] = None


class Persetujuan(StrictModel):
    """The applicant's consent that the office enters their data on the portal."""

    tanggal: Annotated[Tanggal | None, _d("tanggal persetujuan", "date of consent")] = None
    dicatat_oleh: Annotated[
        str | None, _d("petugas yang mencatat persetujuan", "officer who recorded it")
    ] = None


class Profile(StrictModel):
    """One applicant: a person (Orang Perseorangan) with one or more micro businesses."""

    identitas: Annotated[Identitas, _d("data diri sesuai KTP", "identity as on the KTP")]
    email: Annotated[Text1, _d("e-mail aktif pemohon", "the applicant's active e-mail")]
    nomor_hp: Annotated[Code, _d("nomor HP, misalnya 0812-3456-7890", "mobile number")]
    alamat_ktp: Annotated[AlamatKtp, _d("alamat sesuai KTP", "address as on the KTP")]
    kegiatan: Annotated[
        list[Kegiatan],
        Field(min_length=1),
        _d("kegiatan usaha, satu KBLI per kegiatan", "business activities, one KBLI each"),
    ]
    kelengkapan: Annotated[Kelengkapan, _d("kelengkapan berkas", "the office's checklist")] = Field(
        default_factory=Kelengkapan
    )
    persetujuan: Annotated[Persetujuan, _d("persetujuan pemohon", "the applicant's consent")] = (
        Field(default_factory=Persetujuan)
    )

    @property
    def nomor_hp_portal(self) -> str:
        """The mobile number as the portal's field takes it (after its fixed +62): ``8…``."""
        return normalise_phone(self.nomor_hp)

    @property
    def nomor_hp_e164(self) -> str:
        return e164(self.nomor_hp_portal)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a profile file."""
    schema = Profile.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "oss-assist applicant profile",
        **{k: v for k, v in schema.items() if k != "title"},
    }
