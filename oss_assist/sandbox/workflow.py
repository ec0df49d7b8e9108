"""The NIB application on the sandbox state: what each step checks and what it changes
(the issuance, its documents and the read-back are ``issuance``'s).

The business hosts' handlers parse a request, call one function here under the state's
lock, and turn its result (or its ``FormError``) into JSON. A location is a
``Location``; an activity (kegiatan usaha, one KBLI) is a ``Project`` whose ``data``
holds everything its later steps add:

    jenis_kegiatan, kbli_judul, kbli_2025, ruang_lingkup, bidang_usaha, obvitnas, psn,
    perizinan_lama, nama_usaha, kkpr, status_berjalan, tgl_berjalan, jangka_waktu,
    investasi{tanah, bangunan, mesin, investasi_lain, modal_kerja}, sumber_pembiayaan,
    pendapatan_tahunan, tenaga_kerja{laki_laki, perempuan}, produk[], skala_usaha,
    risiko{...}, lingkungan{...}, pernyataan{...}, perizinan_status, nib, step,
    submissions[] (every binding request, in order: nothing is de-duplicated).

``Project.status`` is the activity's NIB status: "Draft" until the NIB is issued, then
"Terbit".
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from oss_assist import refdata
from oss_assist.sandbox import licensing

if TYPE_CHECKING:
    pass
from oss_assist.sandbox.licensing import Scale
from oss_assist.sandbox.state import Account, Location, Nib, PortalState, Project

WAJIB = "Wajib diisi"
NOL = "Nilai tidak boleh 0"
ONE_KBLI = (
    "Satu kegiatan usaha hanya untuk satu KBLI. Tambahkan kegiatan usaha baru untuk "
    "KBLI lainnya."
)
ENV_PENDING = "Penapisan Izin Lingkungan"
ENV_DONE = "Izin Terbit/SS Terverifikasi"
LICENCE_WAITING = "Menunggu Verifikasi Persyaratan Dasar"
LICENCE_IN_PROCESS = "Proses Perizinan Berusaha"
KD_IZIN_LINGKUNGAN = "029000000100"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
STEPS = ("kegiatan", "kkpr", "investasi", "risiko", "lingkungan", "penerbitan", "terbit")


class FormError(Exception):
    """A submission the portal refuses; ``errors`` maps a field to the message under it."""

    def __init__(self, errors: dict[str, str], message: str = "Data belum lengkap") -> None:
        super().__init__(message)
        self.errors = errors
        self.message = message


class NotFound(LookupError):
    """No such location, activity or document for this account."""


# -- uploads -------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    file_id: str
    account_id: str
    name: str
    content: bytes

    @property
    def meta(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "nama_file": self.name,
            "ukuran": len(self.content),
            "sha256": hashlib.sha256(self.content).hexdigest(),
        }


class Uploads:
    """Uploaded files, newest kept (the sandbox only needs them while a form is open)."""

    def __init__(self, keep: int = 200) -> None:
        self._files: OrderedDict[str, Upload] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()

    def add(self, upload: Upload) -> None:
        with self._lock:
            self._files[upload.file_id] = upload
            while len(self._files) > self._keep:
                self._files.popitem(last=False)

    def get(self, file_id: str, account_id: str) -> Upload | None:
        upload = self._files.get(file_id)
        return upload if upload and upload.account_id == account_id else None


UPLOADS = Uploads()


def check_pdf(name: str, content: bytes) -> None:
    """Refuse anything but a PDF of reasonable size."""
    if not content.startswith(b"%PDF") or not name.lower().endswith(".pdf"):
        raise FormError({"file": "File harus berformat PDF"}, "File harus berformat PDF")
    if len(content) > MAX_UPLOAD_BYTES:
        raise FormError({"file": "Ukuran file maksimal 5 MB"}, "Ukuran file maksimal 5 MB")


# -- small helpers ---------------------------------------------------------------------


def number(value: Any) -> int | None:
    """An amount typed with or without separators ("5.000.000"), or None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    return int(digits) if digits else None


def text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def rupiah(amount: int | None) -> str:
    if amount is None:
        return "-"
    return "Rp " + f"{amount:,}".replace(",", ".")


def now_iso() -> str:
    return datetime.now().isoformat(timespec="seconds")


def submission(project: Project, kind: str) -> None:
    project.data.setdefault("submissions", []).append({"jenis": kind, "at": now_iso()})


def advance(project: Project, step: str) -> None:
    current = project.data.get("step", "kegiatan")
    if STEPS.index(step) > STEPS.index(current):
        project.data["step"] = step


def region_name(code: str, *, portal: bool = True) -> str:
    region = refdata.region(code) if code else None
    if region is None:
        return ""
    return region.portal_name if portal else region.name


# -- lookups ---------------------------------------------------------------------------


def location_of(state: PortalState, account: Account, id_proyek_lokasi: str) -> Location:
    loc = state.locations.get(id_proyek_lokasi)
    if loc is None or loc.account_id != account.id:
        raise NotFound("Lokasi usaha tidak ditemukan")
    return loc


def project_of(state: PortalState, account: Account, id_proyek: str) -> Project:
    project = state.projects.get(id_proyek)
    if project is None or project.account_id != account.id:
        raise NotFound("Kegiatan usaha tidak ditemukan")
    return project


def location_label(loc: Location) -> str:
    """``Darat - <nama lokasi>, <Provinsi>``, as the "Pilih lokasi usaha" options read."""
    d = loc.data
    return f"{d.get('matra_nama', 'Darat')} - {d.get('alamat', '')}, {d.get('provinsi_nama', '')}"


def locations_of(state: PortalState, account: Account) -> list[Location]:
    """The account's locations, newest first."""
    mine = [loc for loc in state.locations.values() if loc.account_id == account.id]
    return sorted(mine, key=lambda loc: loc.created_at, reverse=True)


def projects_of(state: PortalState, account: Account) -> list[Project]:
    """The account's activities, newest first."""
    mine = [p for p in state.projects.values() if p.account_id == account.id]
    return sorted(mine, key=lambda p: p.created_at, reverse=True)


def nib_of(state: PortalState, account_id: str) -> Nib | None:
    return next((n for n in state.nibs.values() if n.account_id == account_id), None)


# -- location --------------------------------------------------------------------------


def create_location(state: PortalState, account: Account, data: dict[str, Any]) -> Location:
    """``prosesLokasi``: check the location form and keep it (never de-duplicated)."""
    errors: dict[str, str] = {}
    required = (
        "matra", "jenis_lokasi", "lat", "lon", "luas_lahan", "alamat", "provinsi",
        "kabupaten", "kecamatan", "kelurahan", "kode_pos", "dokumen_administrasi",
        "foto_tampak_depan", "psn",
    )
    for key in required:
        if not text(data.get(key)):
            errors[key] = WAJIB
    if not data.get("persyaratan_dasar"):
        errors["persyaratan_dasar"] = WAJIB
    matra = licensing.label_of(licensing.MATRA, text(data.get("matra")))
    if data.get("matra") and not matra:
        errors["matra"] = "Pilihan tidak dikenal"
    jenis = licensing.label_of(licensing.JENIS_LOKASI, text(data.get("jenis_lokasi")))
    if data.get("jenis_lokasi") and not jenis:
        errors["jenis_lokasi"] = "Pilihan tidak dikenal"
    luas = number(data.get("luas_lahan"))
    if "luas_lahan" not in errors and not luas:
        errors["luas_lahan"] = NOL
    kode_pos = text(data.get("kode_pos"))
    if kode_pos and not (len(kode_pos) == 5 and kode_pos.isdigit()):
        errors["kode_pos"] = "Kode pos harus 5 digit"
    chain = [text(data.get(k)) for k in ("provinsi", "kabupaten", "kecamatan", "kelurahan")]
    if all(chain):
        for parent, child, key in zip(
            chain[:-1], chain[1:], ("kabupaten", "kecamatan", "kelurahan"), strict=True
        ):
            region = refdata.region(child)
            if region is None or region.parent_code != parent:
                errors[key] = "Wilayah tidak sesuai"
    try:
        lat, lon = float(text(data.get("lat"))), float(text(data.get("lon")))
        if not (-11 <= lat <= 6 and 95 <= lon <= 141):
            errors["lat"] = "Titik koordinat di luar wilayah Indonesia"
    except ValueError:
        errors.setdefault("lat", WAJIB)
        lat = lon = 0.0
    docs: dict[str, dict[str, Any]] = {}
    for key in ("dokumen_administrasi", "foto_tampak_depan"):
        file_id = text(data.get(key))
        if file_id:
            upload = UPLOADS.get(file_id, account.id)
            if upload is None:
                errors[key] = "File belum diunggah"
            else:
                docs[key] = upload.meta
    if text(data.get("psn")) not in ("", "Ya", "Tidak"):
        errors["psn"] = "Pilihan tidak dikenal"
    if errors:
        raise FormError(errors)
    kelurahan = chain[3]
    loc_data: dict[str, Any] = {
        "matra": text(data["matra"]),
        "matra_nama": matra,
        "jenis_lokasi": text(data["jenis_lokasi"]),
        "jenis_lokasi_nama": jenis,
        "permohonan_persyaratan_dasar": True,
        "alamat_cari": text(data.get("alamat_cari")),
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "luas_lahan": luas,
        "alamat": text(data["alamat"]),
        "provinsi": chain[0],
        "kabupaten": chain[1],
        "kecamatan": chain[2],
        "kelurahan": kelurahan,
        "provinsi_nama": region_name(chain[0], portal=False),
        "kabupaten_nama": region_name(chain[1]),
        "kecamatan_nama": region_name(chain[2]),
        "kelurahan_nama": region_name(kelurahan),
        "kode_pos": kode_pos,
        "dokumen_administrasi": docs["dokumen_administrasi"],
        "foto_tampak_depan": docs["foto_tampak_depan"],
        "psn": text(data["psn"]),
        "rdtr": licensing.has_rdtr(kelurahan),
    }
    loc = Location(state.new_id("L-"), account.id, loc_data)
    state.locations[loc.id_proyek_lokasi] = loc
    return loc


# -- activity --------------------------------------------------------------------------


def create_project(state: PortalState, account: Account, data: dict[str, Any]) -> Project:
    """``prosesBidangUsaha``: one KBLI on one location becomes a new activity."""
    if text(data.get("id_proyek")):
        raise FormError({"kbli": ONE_KBLI}, ONE_KBLI)
    errors: dict[str, str] = {}
    loc_id = text(data.get("id_proyek_lokasi"))
    if not loc_id:
        errors["id_proyek_lokasi"] = WAJIB
    else:
        try:
            location_of(state, account, loc_id)
        except NotFound:
            errors["id_proyek_lokasi"] = "Lokasi usaha tidak ditemukan"
    for key in ("obvitnas", "psn", "perizinan_lama", "jenis_kegiatan", "kbli", "ruang_lingkup"):
        if not text(data.get(key)):
            errors[key] = WAJIB
    jenis = licensing.label_of(licensing.JENIS_KEGIATAN, text(data.get("jenis_kegiatan")))
    if data.get("jenis_kegiatan") and not jenis:
        errors["jenis_kegiatan"] = "Pilihan tidak dikenal"
    code = text(data.get("kbli"))
    entry = refdata.kbli(code) if code else None
    if code and entry is None:
        errors["kbli"] = "KBLI tidak ditemukan"
    kbli_2025 = text(data.get("kbli_2025"))
    candidates = dict(licensing.kbli_2025_of(code))
    if candidates and kbli_2025 not in candidates:
        errors["kbli_2025"] = WAJIB
    if data.get("ruang_lingkup") and text(data["ruang_lingkup"]) not in licensing.RUANG_LINGKUP:
        errors["ruang_lingkup"] = "Pilihan tidak dikenal"
    sectors = licensing.sectors_of(code)
    if code and text(data.get("bidang_usaha")) not in sectors:
        errors["bidang_usaha"] = WAJIB
    if errors or entry is None:
        raise FormError(errors)
    project = Project(
        state.new_id("R-"),
        account.id,
        loc_id,
        code,
        data={
            "obvitnas": text(data["obvitnas"]),
            "psn": text(data["psn"]),
            "perizinan_lama": text(data["perizinan_lama"]),
            "jenis_kegiatan": text(data["jenis_kegiatan"]),
            "jenis_kegiatan_nama": jenis,
            "kbli_judul": licensing.form_title(code, entry.title),
            "kbli_2025": (
                {"kode": kbli_2025, "judul": candidates[kbli_2025]} if candidates else None
            ),
            "ruang_lingkup": text(data["ruang_lingkup"]),
            "bidang_usaha": text(data["bidang_usaha"]),
            "nama_usaha": "",
            "produk": [],
            "perizinan_status": LICENCE_WAITING,
            "step": "kegiatan",
            "submissions": [],
        },
    )
    state.projects[project.id_proyek] = project
    return project


def set_business_name(project: Project, name: Any) -> None:
    """``prosesProyek`` after the KBLI: the business name (nama usaha)."""
    value = text(name)
    if not value:
        raise FormError({"nama_usaha": WAJIB})
    if len(value) > 100:
        raise FormError({"nama_usaha": "Maksimal 100 karakter"})
    project.data["nama_usaha"] = value
    advance(project, "kkpr")


def delete_project(state: PortalState, project: Project) -> None:
    if project.status != "Draft":
        raise FormError({}, "Kegiatan usaha yang NIB-nya sudah terbit tidak dapat dihapus")
    del state.projects[project.id_proyek]


# -- KKPR ------------------------------------------------------------------------------


def submit_kkpr(project: Project, agreed: Any) -> None:
    """``submitPernyataanMandiri``: the KKPR self-declaration for micro scale (binding)."""
    submission(project, "submitPernyataanMandiri")
    if not project.data.get("nama_usaha"):
        raise FormError({"nama_usaha": WAJIB}, "Nama usaha belum diisi")
    if agreed is not True:
        raise FormError({"agreement": WAJIB})
    project.data["kkpr"] = {
        "jenis": "Pernyataan Mandiri KKPR untuk Kegiatan Berusaha UMK",
        "status": "Terbit",
        "at": now_iso(),
    }
    advance(project, "investasi")


# -- investment, workers, products -----------------------------------------------------

_INVESTMENT_FIELDS = ("tanah", "bangunan", "mesin", "investasi_lain", "modal_kerja")
#: Fields the portal's notes do not list as required (oss-portal.md §5.5): empty means 0.
_OPTIONAL_INVESTMENT = ("tanah", "bangunan", "mesin")


def modal_usaha(inv: dict[str, int]) -> int:
    """Capital that sets the scale: everything but land and buildings (PP 7/2021)."""
    return inv.get("mesin", 0) + inv.get("investasi_lain", 0) + inv.get("modal_kerja", 0)


def _valid_date(value: str, fmt: str) -> bool:
    try:
        moment = datetime.strptime(value, fmt).date()
    except ValueError:
        return False
    return moment <= date.today() if fmt == "%Y-%m-%d" else True


def save_investment(project: Project, data: dict[str, Any]) -> None:
    """``prosesProyek`` of "Data Investasi & Produk": check it all, then keep it.

    Saving again after the risk was confirmed asks for the risk again (the scale may have
    changed); an issued activity cannot be changed here.
    """
    if project.status != "Draft":
        raise FormError({}, "Kegiatan usaha yang NIB-nya sudah terbit tidak dapat diubah")
    errors: dict[str, str] = {}
    status = text(data.get("status_berjalan"))
    if status not in licensing.STATUS_BERJALAN:
        errors["status_berjalan"] = WAJIB
    tgl = text(data.get("tgl_berjalan"))
    jangka = text(data.get("jangka_waktu"))
    if status == "Sudah Berjalan" and not _valid_date(tgl, "%Y-%m-%d"):
        errors["tgl_berjalan"] = WAJIB if not tgl else "Tanggal tidak valid"
    if status == "Belum Berjalan" and not _valid_date(jangka, "%Y-%m"):
        errors["jangka_waktu"] = WAJIB if not jangka else "Bulan tidak valid"
    inv: dict[str, int] = {}
    for key in _INVESTMENT_FIELDS:
        amount = number(data.get(key))
        if amount is None and key in _OPTIONAL_INVESTMENT:
            inv[key] = 0
        elif amount is None:
            errors[key] = WAJIB
        else:
            inv[key] = amount
    if inv.get("investasi_lain") == 0:
        errors["investasi_lain"] = NOL
    if text(data.get("sumber_pembiayaan")) not in licensing.SUMBER_PEMBIAYAAN:
        errors["sumber_pembiayaan"] = WAJIB
    sales = number(data.get("pendapatan_tahunan"))
    if sales is None:
        errors["pendapatan_tahunan"] = WAJIB
    elif sales == 0:
        errors["pendapatan_tahunan"] = NOL
    workers: dict[str, int] = {}
    for key in ("laki_laki", "perempuan"):
        count = number(data.get(f"tk_{key}"))
        if count is None:
            errors[f"tk_{key}"] = WAJIB
        else:
            workers[key] = count
    if not project.data.get("produk"):
        errors["produk"] = "Produk/Jasa wajib diisi minimal satu"
    if errors:
        raise FormError(errors)
    project.data.update(
        {
            "status_berjalan": status,
            "tgl_berjalan": tgl if status == "Sudah Berjalan" else "",
            "jangka_waktu": jangka if status == "Belum Berjalan" else "",
            "investasi": inv,
            "jumlah_investasi": sum(inv.values()),
            "modal_usaha": modal_usaha(inv),
            "sumber_pembiayaan": text(data["sumber_pembiayaan"]),
            "pendapatan_tahunan": sales,
            "tenaga_kerja": workers,
            "skala_usaha": licensing.scale_of(modal_usaha(inv)),
        }
    )
    if project.data.pop("risiko", None) is not None:
        project.data["step"] = "risiko"
    advance(project, "risiko")


def add_product(project: Project, data: dict[str, Any]) -> dict[str, Any]:
    """A product or service of the activity; its unit must be one the KBLI allows."""
    errors: dict[str, str] = {}
    name = text(data.get("jenis_produk"))
    if not name:
        errors["jenis_produk"] = WAJIB
    cakupan = text(data.get("cakupan"))
    # shown only sometimes on the live portal, so never required (oss-portal.md §18)
    if cakupan and cakupan not in licensing.CAKUPAN_PRODUK:
        errors["cakupan"] = "Pilihan tidak tersedia"
    capacity = number(data.get("kapasitas"))
    if capacity is None:
        errors["kapasitas"] = WAJIB
    elif capacity == 0:
        errors["kapasitas"] = NOL
    unit = text(data.get("satuan"))
    if not unit:
        errors["satuan"] = WAJIB
    elif unit not in licensing.units_of(project.kbli):
        errors["satuan"] = "Satuan tidak sesuai dengan KBLI"
    if errors:
        raise FormError(errors)
    products: list[dict[str, Any]] = project.data.setdefault("produk", [])
    next_id = max((p["id"] for p in products), default=0) + 1
    product = {
        "id": next_id, "jenis_produk": name, "cakupan": cakupan,
        "kapasitas": capacity, "satuan": unit,
    }
    products.append(product)
    return product


def remove_product(project: Project, product_id: Any) -> None:
    products: list[dict[str, Any]] = project.data.get("produk", [])
    wanted = number(product_id)
    kept = [p for p in products if p["id"] != wanted]
    if len(kept) == len(products):
        raise NotFound("Produk tidak ditemukan")
    project.data["produk"] = kept


# -- risk ------------------------------------------------------------------------------


def risk(project: Project) -> dict[str, Any]:
    """``getResikoNonPesorangan``: risk, scale and permit from the KBLI and the capital."""
    if "modal_usaha" not in project.data:
        raise FormError({}, "Data investasi belum disimpan")
    scale: Scale = project.data["skala_usaha"]
    level = licensing.risk_of(project.kbli, scale)
    permit, single = licensing.permit_of(level)
    return {
        "keterangan_resiko": level,
        "keterangan_skala_usaha": licensing.SCALE_LABELS[scale],
        "jenis_perizinan": permit,
        "flag_perizinan_tunggal": single,
    }


def confirm_risk(project: Project, parameter: Any) -> None:
    """``prosesProyek`` of "Parameter Risiko": keep the risk (and the parameter, if asked)."""
    result = risk(project)
    choices = licensing.kriteria_of(project.kbli)
    value = text(parameter)
    if choices and value not in choices:
        raise FormError({"parameter": WAJIB})
    project.data["risiko"] = {**result, "parameter_kewenangan": value}
    advance(project, "lingkungan")


# -- environment -----------------------------------------------------------------------


def submit_environment(state: PortalState, project: Project, data: dict[str, Any]) -> None:
    """``submitLingkungan``: "Belum" sends the activity to screening on Amdalnet."""
    submission(project, "submitLingkungan")
    if "risiko" not in project.data:
        raise FormError({}, "Parameter risiko belum disimpan")
    answer = text(data.get("punya_dokumen"))
    if answer not in ("Sudah", "Belum"):
        raise FormError({"punya_dokumen": WAJIB})
    current = project.data.get("lingkungan") or {}
    if current.get("status") == ENV_DONE:
        return
    env: dict[str, Any]
    if answer == "Sudah":
        nomor = text(data.get("nomor_dokumen"))
        if not nomor:
            raise FormError({"nomor_dokumen": WAJIB})
        env = {"punya_dokumen": "Sudah", "nomor_dokumen": nomor,
               "status": "Verifikasi Dokumen Lingkungan"}
    else:
        env = {
            "punya_dokumen": "Belum",
            "status": ENV_PENDING,
            "kd_izin": current.get("kd_izin") or KD_IZIN_LINGKUNGAN,
            "id_izin": current.get("id_izin") or state.new_id("I-"),
            "hasil": None,
        }
    project.data["lingkungan"] = env
    project.data["perizinan_status"] = LICENCE_WAITING
    advance(project, "penerbitan")


def project_by_izin(state: PortalState, account: Account, id_izin: str) -> Project:
    for project in state.projects.values():
        env = project.data.get("lingkungan") or {}
        if env.get("id_izin") == id_izin and project.account_id == account.id:
            return project
    raise NotFound("Izin tidak ditemukan")


TAPAK = {
    "satu": "Tapak proyek berada di satu kabupaten/kota",
    "lintas-kabupaten": "Tapak proyek berada di lintas kabupaten/kota dalam satu provinsi",
    "lintas-provinsi": "Tapak proyek berada di lintas provinsi",
}
KEWENANGAN = {
    "satu": "Pemerintah Kabupaten/Kota",
    "lintas-kabupaten": "Pemerintah Provinsi",
    "lintas-provinsi": "Pemerintah Pusat",
}
SPPL_MAX_BUILDING_M2 = 5000


def screening(project: Project, data: dict[str, Any]) -> dict[str, Any]:
    """``penapisan-kewenangan``: the screening's outcome for these answers (not kept)."""
    errors: dict[str, str] = {}
    if not data.get("dipilih"):
        errors["dipilih"] = "Pilih kegiatan yang akan dilakukan penapisan"
    if not text(data.get("sektor")):
        errors["sektor"] = WAJIB
    outside = text(data.get("di_luar_kawasan_lindung"))
    if outside not in ("Ya", "Tidak"):
        errors["di_luar_kawasan_lindung"] = WAJIB
    tapak = text(data.get("tapak"))
    if tapak not in TAPAK:
        errors["tapak"] = WAJIB
    area = number(data.get("luas_bangunan"))
    if area is None:
        errors["luas_bangunan"] = WAJIB
    elif area == 0:
        errors["luas_bangunan"] = NOL
    # the fuller screen's answers (oss-portal.md §18); older clients leave them out
    if text(data.get("di_daratan")) not in ("", "Ya", "Tidak"):
        errors["di_daratan"] = WAJIB
    unit = text(data.get("satuan_luas_bangunan")) or "m2"
    if unit not in ("m2", "ha"):
        errors["satuan_luas_bangunan"] = "Satuan tidak tersedia"
    elif area and unit == "ha":
        area *= 10_000
    if errors:
        raise FormError(errors)
    assert area is not None
    sppl = outside == "Ya" and area <= SPPL_MAX_BUILDING_M2
    return {
        "id_izin": (project.data.get("lingkungan") or {}).get("id_izin"),
        "kewenangan": KEWENANGAN[tapak],
        "hasil": "SPPL" if sppl else "UKL-UPL",
        "keterangan": (
            "Kegiatan Anda wajib memiliki Surat Pernyataan Kesanggupan Pengelolaan dan "
            "Pemantauan Lingkungan Hidup (SPPL)."
            if sppl
            else "Kegiatan Anda wajib menyusun dokumen UKL-UPL."
        ),
        "sektor": text(data["sektor"]),
        "di_luar_kawasan_lindung": outside,
        "tapak": TAPAK[tapak],
        "luas_bangunan": area,
    }


def save_screening(state: PortalState, project: Project, data: dict[str, Any]) -> dict[str, Any]:
    """``api/projects``: keep the screening (binding; it cannot be changed afterwards)."""
    submission(project, "api/projects")
    env = project.data.get("lingkungan") or {}
    if env.get("status") != ENV_PENDING:
        if env.get("hasil"):
            raise FormError({}, "Hasil penapisan sudah disimpan dan tidak dapat diubah")
        raise FormError({}, "Kegiatan ini tidak sedang dalam penapisan")
    result = screening(project, data)
    env = {**env, **result, "disimpan_at": now_iso()}
    if result["hasil"] == "SPPL":
        env["status"] = ENV_DONE
        env["nomor_sppl"] = "SPPL-" + state.new_id("")[-12:]
        project.data["perizinan_status"] = LICENCE_IN_PROCESS
    else:
        env["status"] = "Penyusunan Dokumen UKL-UPL"
    project.data["lingkungan"] = env
    return env


def detail(project: Project) -> dict[str, Any]:
    """``detailPerizinan``: the requirement rows and the licence row, with their states."""
    env = project.data.get("lingkungan") or {}
    kkpr = project.data.get("kkpr")
    rows = [
        {
            "nama": "Kesesuaian Kegiatan Pemanfaatan Ruang (KKPR)",
            "keterangan": "Pernyataan Mandiri KKPR Skala Mikro",
            "status": "Izin Terbit/SS Terverifikasi" if kkpr else "Belum Diproses",
            "aksi": None,
        },
        {
            "nama": "Persetujuan Lingkungan",
            "keterangan": env.get("hasil") or "Penapisan melalui Amdalnet",
            "status": env.get("status") or "Belum Diproses",
            "aksi": "Proses Penapisan" if env.get("status") == ENV_PENDING else None,
            "kd_izin": env.get("kd_izin"),
            "id_izin": env.get("id_izin"),
        },
    ]
    return {
        "id_proyek": project.id_proyek,
        "persyaratan_dasar": rows,
        "perizinan_berusaha": [
            {
                "kbli": project.kbli,
                "judul": project.data.get("kbli_judul", ""),
                "nama_usaha": project.data.get("nama_usaha", ""),
                "status": project.data.get("perizinan_status", LICENCE_WAITING),
            }
        ],
        "status_nib": project.status,
        "step": project.data.get("step", "kegiatan"),
        "lingkungan_selesai": env.get("status") == ENV_DONE,
    }
