"""The sandbox's NIB issuance: the self-declarations and "Terbitkan NIB", the documents
issued, where an activity goes next, and the read-back page of what the portal holds. The
earlier steps are ``workflow``'s."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from oss_assist import refdata
from oss_assist.sandbox import licensing
from oss_assist.sandbox.state import Account, Nib, PortalState, Project
from oss_assist.sandbox.workflow import (
    ENV_DONE,
    LICENCE_WAITING,
    WAJIB,
    FormError,
    NotFound,
    advance,
    nib_of,
    now_iso,
    region_name,
    rupiah,
    submission,
)

if TYPE_CHECKING:
    from oss_assist.sandbox import nib_pdf


DECLARATIONS = ("kkpr_mikro", "k3l", "standar_usaha")


def new_nib_number() -> str:
    """13 random digits, the first not zero."""
    return str(secrets.randbelow(9) + 1) + "".join(str(secrets.randbelow(10)) for _ in range(12))


def applicant_of(account: Account) -> nib_pdf.Applicant:
    from oss_assist.sandbox import nib_pdf  # fpdf is slow to import: not at start

    region = refdata.region(account.daerah_id) if account.daerah_id else None
    parts = [account.address] if account.address else []
    code = region.code if region else ""
    while code:
        name = region_name(code)
        if name:
            parts.append(name)
        code = code[: {10: 6, 6: 4, 4: 2}.get(len(code), 0)]
    return nib_pdf.Applicant(
        name=account.name or account.email,
        address=", ".join(parts),
        phone=f"+62{account.phone}" if account.phone else "",
        email=account.email,
    )


def activity_of(state: PortalState, project: Project) -> nib_pdf.Activity:
    from oss_assist.sandbox import nib_pdf  # fpdf is slow to import: not at start

    loc = state.locations.get(project.id_proyek_lokasi)
    d = loc.data if loc else {}
    where = ", ".join(
        x for x in (d.get("alamat"), d.get("kelurahan_nama"), d.get("kecamatan_nama"),
                    d.get("kabupaten_nama")) if x
    )
    risiko = project.data.get("risiko") or {}
    k2025 = project.data.get("kbli_2025") or {}
    return nib_pdf.Activity(
        id_proyek=project.id_proyek,
        kbli=project.kbli,
        title=project.data.get("kbli_judul", ""),
        business_name=project.data.get("nama_usaha", ""),
        location=where,
        risk=risiko.get("keterangan_resiko", ""),
        scale=risiko.get("keterangan_skala_usaha", ""),
        permit=risiko.get("jenis_perizinan", ""),
        kbli_2025=k2025.get("kode", ""),
    )


def _render_nib(state: PortalState, account: Account, nib: Nib) -> None:
    from oss_assist.sandbox import nib_pdf  # fpdf is slow to import: not at start

    nib.pdf = nib_pdf.nib_document(
        nib.nib, applicant_of(account), activities_of(state, nib),
        datetime.fromtimestamp(nib.issued_at),
        state.urls.get("login", "") + "/verify/" + verify_token(state, nib.nib),
    )


def activities_of(state: PortalState, nib: Nib) -> list[nib_pdf.Activity]:
    """The NIB's KBLI rows, as its document and its public check list them."""
    return [activity_of(state, state.projects[pid]) for pid in nib.project_ids
            if pid in state.projects]


def verify_token(state: PortalState, nib: str) -> str:
    """The token of an NIB's public verification link (its QR code), unguessable."""
    return hashlib.sha256(f"{state.salt}:verify:{nib}".encode()).hexdigest()[:24]


def nib_by_verify_token(state: PortalState, token: str) -> Nib | None:
    return next((n for n in state.nibs.values() if verify_token(state, n.nib) == token), None)


def _missing_steps(project: Project) -> list[str]:
    d = project.data
    checks = (
        ("nama_usaha", "Nama usaha"),
        ("kkpr", "Pernyataan KKPR"),
        ("modal_usaha", "Data investasi dan produk"),
        ("risiko", "Parameter risiko"),
        ("lingkungan", "Persetujuan lingkungan"),
    )
    return [label for key, label in checks if not d.get(key)]


def issue_nib(
    state: PortalState, account: Account, project: Project, data: dict[str, Any],
    draw: Callable[[], str],
) -> dict[str, Any]:
    """``terbitkanNib`` (binding): issue the NIB, or leave the activity in Draft.

    Without a finished environmental screening the NIB stays "Draft" and the licence
    "Menunggu Verifikasi Persyaratan Dasar", with no further explanation, as on the live
    portal. An account that already has an NIB keeps it: the activity joins that NIB.
    """
    from oss_assist.sandbox import nib_pdf  # fpdf is slow to import: not at start

    submission(project, "terbitkanNib")
    missing = [k for k in DECLARATIONS if data.get(k) is not True]
    if missing:
        raise FormError({k: WAJIB for k in missing}, "Pernyataan mandiri belum disetujui")
    gaps = _missing_steps(project)
    if gaps:
        raise FormError({}, "Data permohonan belum lengkap: " + ", ".join(gaps))
    project.data["pernyataan"] = {k: True for k in DECLARATIONS} | {"at": now_iso()}
    env = project.data.get("lingkungan") or {}
    if env.get("status") != ENV_DONE:
        project.data["perizinan_status"] = LICENCE_WAITING
        return {
            "id_proyek": project.id_proyek,
            "nib": None,
            "status_nib": project.status,
            "status_perizinan": LICENCE_WAITING,
        }
    nib = nib_of(state, account.id)
    existing = nib is not None
    if nib is None:
        number_ = draw()
        while number_ in state.nibs:
            number_ = draw()
        nib = Nib(number_, account.id, [], time.time())
        state.nibs[nib.nib] = nib
    if project.id_proyek not in nib.project_ids:
        nib.project_ids.append(project.id_proyek)
    project.status = "Terbit"
    risiko = project.data.get("risiko") or {}
    level = risiko.get("keterangan_resiko", "Rendah")
    project.data["perizinan_status"] = {
        "Rendah": "Terbit",
        "Menengah Rendah": "Sertifikat Standar Terbit",
    }.get(level, "Menunggu Verifikasi K/L/D")
    project.data["nib"] = nib.nib
    project.data["terbit_at"] = now_iso()
    advance(project, "terbit")
    _render_nib(state, account, nib)
    return {
        "id_proyek": project.id_proyek,
        "nib": nib.nib,
        "nib_sudah_ada": existing,
        "status_nib": project.status,
        "status_perizinan": project.data["perizinan_status"],
        "tanggal_terbit": nib_pdf.tanggal(datetime.fromtimestamp(nib.issued_at)),
        "dokumen": documents(project),
    }


DOCUMENT_KINDS = {
    "sertifikat-standar": "Sertifikat Standar",
    "pernyataan-k3l": "Pernyataan Mandiri K3L",
    "pernyataan-standar": "Pernyataan Mandiri Kesediaan Memenuhi Standar Usaha",
}


def documents(project: Project) -> list[dict[str, str]]:
    """The documents an issued activity offers, as (name, path on the beranda host)."""
    nib = project.data.get("nib")
    if not nib:
        return []
    docs = [{"nama": "Nomor Induk Berusaha", "jenis": "nib", "url": f"/dokumen/nib/{nib}.pdf"}]
    level = (project.data.get("risiko") or {}).get("keterangan_resiko")
    if level == "Menengah Rendah":
        for kind, name in DOCUMENT_KINDS.items():
            docs.append(
                {"nama": name, "jenis": kind,
                 "url": f"/dokumen/{kind}/{project.id_proyek}.pdf"}
            )
    return docs


def render_document(
    state: PortalState, account: Account, project: Project, kind: str
) -> bytes:
    """A Menengah Rendah document of an issued activity, made on request."""
    from oss_assist.sandbox import nib_pdf  # fpdf is slow to import: not at start

    nib = project.data.get("nib")
    if not nib or kind not in DOCUMENT_KINDS or kind not in {
        d["jenis"] for d in documents(project)
    }:
        raise NotFound("Dokumen tidak ditemukan")
    applicant, activity = applicant_of(account), activity_of(state, project)
    issued = datetime.fromisoformat(project.data.get("terbit_at") or now_iso())
    obligations = licensing.obligations_of(project.kbli)
    if kind == "sertifikat-standar":
        return nib_pdf.sertifikat_standar(nib, applicant, activity, obligations, issued)
    if kind == "pernyataan-k3l":
        return nib_pdf.pernyataan_mandiri(
            DOCUMENT_KINDS[kind], nib, applicant, activity, K3L_STATEMENTS, issued
        )
    return nib_pdf.pernyataan_mandiri(
        DOCUMENT_KINDS[kind], nib, applicant, activity, obligations, issued
    )


K3L_STATEMENTS = (
    "Sanggup menjaga keselamatan dan kesehatan kerja di tempat usaha.",
    "Sanggup menjaga keamanan dan ketertiban lingkungan tempat usaha.",
    "Sanggup mengelola sampah dan limbah usaha sehingga tidak mencemari lingkungan.",
)


# -- where to go next, and the review ---------------------------------------------------


def next_path(project: Project) -> str:
    """The beranda page where this activity continues."""
    step = project.data.get("step", "kegiatan")
    pid, lid = project.id_proyek, project.id_proyek_lokasi
    return {
        "kegiatan": f"/kegiatan-usaha/tambah-kegiatan?id_proyek={pid}",
        "kkpr": f"/persyaratan-dasar-tata-ruang?id_proyek_lokasi={lid}&id_proyek={pid}",
        "investasi": f"/data-kegiatan-usaha?id_proyek={pid}",
        "risiko": f"/data-kegiatan-usaha?id_proyek={pid}",
        "lingkungan": f"/persetujuan-lingkungan?id_proyek={pid}",
        "penerbitan": f"/persetujuan-lingkungan?id_proyek={pid}",
        "terbit": f"/penerbitan-nib?id_proyek={pid}",
    }[step]


@dataclass(frozen=True)
class ReviewRow:
    """One line of the review: a stable key, the label shown, the value shown, raw value."""

    key: str
    label: str
    value: str
    raw: str = ""


def review(state: PortalState, account: Account, project: Project) -> list[
    tuple[str, list[ReviewRow]]
]:
    """Every value the portal holds for this application, in labelled sections."""
    loc = state.locations.get(project.id_proyek_lokasi)
    ld = loc.data if loc else {}
    d = project.data
    inv: dict[str, int] = d.get("investasi") or {}
    risiko = d.get("risiko") or {}
    env = d.get("lingkungan") or {}
    k2025 = d.get("kbli_2025") or {}
    workers = d.get("tenaga_kerja") or {}

    def money(key: str, label: str, amount: int | None) -> ReviewRow:
        return ReviewRow(key, label, rupiah(amount), "" if amount is None else str(amount))

    started = (
        ReviewRow("tanggal_mulai_usaha", "Tanggal Mulai Usaha",
                  _dmy(d.get("tgl_berjalan", "")), d.get("tgl_berjalan", ""))
        if d.get("status_berjalan") == "Sudah Berjalan"
        else ReviewRow("perkiraan_mulai_operasional", "Perkiraan Mulai Operasional",
                       _my(d.get("jangka_waktu", "")), d.get("jangka_waktu", ""))
    )
    return [
        ("Data Pelaku Usaha", [
            ReviewRow("nama_pelaku_usaha", "Nama Pelaku Usaha", account.name),
            ReviewRow("nik", "NIK", account.nik),
            ReviewRow("jenis_pelaku_usaha", "Jenis Pelaku Usaha", "Orang Perseorangan"),
            ReviewRow("email", "Email", account.email),
            ReviewRow("nomor_hp", "Nomor HP", f"+62{account.phone}" if account.phone else "-",
                      account.phone),
            ReviewRow("status_penanaman_modal", "Status Penanaman Modal", "PMDN"),
        ]),
        ("Lokasi Usaha", [
            ReviewRow("id_proyek_lokasi", "ID Lokasi Usaha", project.id_proyek_lokasi),
            ReviewRow("matra", "Matra", ld.get("matra_nama", "")),
            ReviewRow("jenis_lokasi", "Jenis Lokasi", ld.get("jenis_lokasi_nama", "")),
            ReviewRow("alamat_usaha", "Alamat Usaha", ld.get("alamat", "")),
            ReviewRow("provinsi", "Provinsi", region_name(ld.get("provinsi", "")),
                      ld.get("provinsi", "")),
            ReviewRow("kabupaten_kota", "Kabupaten/Kota", ld.get("kabupaten_nama", ""),
                      ld.get("kabupaten", "")),
            ReviewRow("kecamatan", "Kecamatan", ld.get("kecamatan_nama", ""),
                      ld.get("kecamatan", "")),
            ReviewRow("desa_kelurahan", "Desa/Kelurahan", ld.get("kelurahan_nama", ""),
                      ld.get("kelurahan", "")),
            ReviewRow("kode_pos", "Kode Pos", ld.get("kode_pos", "")),
            ReviewRow("luas_lahan", "Luas Lahan", f"{ld.get('luas_lahan', 0)} m²",
                      str(ld.get("luas_lahan", ""))),
            ReviewRow("titik_koordinat", "Titik Koordinat",
                      f"{ld.get('lat', '')}, {ld.get('lon', '')}"),
        ]),
        ("Kegiatan Usaha", [
            ReviewRow("nomor_kegiatan_usaha", "Nomor Kegiatan Usaha", project.id_proyek),
            ReviewRow("jenis_kegiatan_usaha", "Jenis Kegiatan Usaha",
                      d.get("jenis_kegiatan_nama", ""), d.get("jenis_kegiatan", "")),
            ReviewRow("kbli", "KBLI", f"{project.kbli} - {d.get('kbli_judul', '')}",
                      project.kbli),
            ReviewRow("kbli_2025", "KBLI 2025",
                      f"{k2025['kode']} - {k2025['judul']}" if k2025 else "-",
                      k2025.get("kode", "")),
            ReviewRow("ruang_lingkup", "Ruang Lingkup", d.get("ruang_lingkup", "")),
            ReviewRow("nama_usaha", "Nama Usaha", d.get("nama_usaha", "")),
        ]),
        ("Data Investasi", [
            ReviewRow("status_kegiatan_usaha", "Status Kegiatan Usaha",
                      d.get("status_berjalan", "-")),
            started,
            money("pembelian_pematangan_tanah", "Pembelian dan Pematangan Tanah",
                  inv.get("tanah")),
            money("bangunan_gedung", "Bangunan/Gedung", inv.get("bangunan")),
            money("mesin_peralatan", "Mesin/Peralatan", inv.get("mesin")),
            money("investasi_lain", "Investasi Lain", inv.get("investasi_lain")),
            money("modal_kerja", "Modal Kerja", inv.get("modal_kerja")),
            money("jumlah_investasi", "Jumlah Investasi", d.get("jumlah_investasi")),
            money("modal_usaha", "Modal Usaha (di luar tanah dan bangunan)",
                  d.get("modal_usaha")),
            ReviewRow("sumber_pembiayaan", "Sumber Pembiayaan", d.get("sumber_pembiayaan", "")),
            money("hasil_penjualan_tahunan", "Hasil Penjualan Tahunan",
                  d.get("pendapatan_tahunan")),
            ReviewRow("tenaga_kerja_laki_laki", "Tenaga Kerja Laki-laki",
                      str(workers.get("laki_laki", "-"))),
            ReviewRow("tenaga_kerja_perempuan", "Tenaga Kerja Perempuan",
                      str(workers.get("perempuan", "-"))),
        ]),
        ("Risiko dan Persyaratan", [
            ReviewRow("tingkat_risiko", "Tingkat Risiko", risiko.get("keterangan_resiko", "-")),
            ReviewRow("skala_usaha", "Skala Usaha", risiko.get("keterangan_skala_usaha", "-")),
            ReviewRow("jenis_perizinan", "Jenis Perizinan", risiko.get("jenis_perizinan", "-")),
            ReviewRow("kkpr", "KKPR",
                      "Pernyataan Mandiri KKPR Skala Mikro" if d.get("kkpr") else "-"),
            ReviewRow("persetujuan_lingkungan", "Persetujuan Lingkungan",
                      f"{env.get('hasil') or '-'} ({env.get('status') or 'Belum Diproses'})"),
        ]),
    ]


def _dmy(iso: str) -> str:
    try:
        return datetime.strptime(iso, "%Y-%m-%d").strftime("%d/%m/%Y")
    except ValueError:
        return "-"


def _my(iso: str) -> str:
    try:
        return datetime.strptime(iso, "%Y-%m").strftime("%m/%Y")
    except ValueError:
        return "-"
