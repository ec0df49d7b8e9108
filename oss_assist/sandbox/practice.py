"""Ready-made applications at a chosen step, so an operator (or a test) can practise one
screen without walking every screen before it.

    project = prepare(sandbox.state, account, until="penerbitan")

``until`` names the first step still to be done: "kegiatan" (a location and an activity
without a business name), "kkpr", "investasi", "risiko", "lingkungan", "amdalnet" (sent
to screening), "penerbitan" (SPPL issued, the NIB not yet), "terbit" (the NIB issued).
Every change goes through ``workflow``, the same rules the screens use. The data is the
project's synthetic example applicant (SITI AMINAH's warung in Desa Jenggrong).
"""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

from oss_assist.sandbox import issuance, licensing, workflow
from oss_assist.sandbox.state import Account, Location, PortalState, Project

UNTIL = (
    "kegiatan", "kkpr", "investasi", "risiko", "lingkungan", "amdalnet", "penerbitan", "terbit",
)

EXAMPLE_LOCATION: dict[str, Any] = {
    "matra": "01",
    "jenis_lokasi": "01",
    "persyaratan_dasar": True,
    "alamat_cari": "JENGGRONG, RANUYOSO, KAB. LUMAJANG, JAWA TIMUR, 67357",
    "lat": "-7.977344",
    "lon": "113.275469",
    "luas_lahan": "36",
    "alamat": "Dusun Krajan, Jenggrong",
    "provinsi": "35",
    "kabupaten": "3508",
    "kecamatan": "350820",
    "kelurahan": "3508202001",
    "kode_pos": "67357",
    "psn": "Tidak",
}
EXAMPLE_ACTIVITY: dict[str, Any] = {
    "obvitnas": "Tidak",
    "psn": "Tidak",
    "perizinan_lama": "01",
    "jenis_kegiatan": "01",
    "ruang_lingkup": "Seluruh",
}
EXAMPLE_INVESTMENT: dict[str, Any] = {
    "status_berjalan": "Sudah Berjalan",
    "tgl_berjalan": "2019-03-15",
    "tanah": "0",
    "bangunan": "0",
    "mesin": "2000000",
    "investasi_lain": "1500000",
    "modal_kerja": "5000000",
    "sumber_pembiayaan": "Modal Sendiri",
    "pendapatan_tahunan": "60000000",
    "tk_laki_laki": "0",
    "tk_perempuan": "1",
}
EXAMPLE_SCREENING: dict[str, Any] = {
    "dipilih": True,
    "sektor": "Multi Sektor",
    "di_luar_kawasan_lindung": "Ya",
    "tapak": "satu",
    "luas_bangunan": "36",
}


def sample_pdf(title: str) -> bytes:
    """A one-page PDF standing in for a scanned statement or photo."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.cell(0, 10, title)
    pdf.ln()
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 8, "Dokumen contoh sandbox, bukan dokumen resmi.")
    return bytes(pdf.output())


def upload(state: PortalState, account: Account, name: str) -> str:
    """Keep a sample PDF as if uploaded through the location form; its file id."""
    file_id = state.new_id("F-")
    workflow.UPLOADS.add(workflow.Upload(file_id, account.id, name, sample_pdf(name)))
    return file_id


def location(state: PortalState, account: Account, **changes: Any) -> Location:
    """The example location (Desa Jenggrong), with any field changed."""
    data = {
        **EXAMPLE_LOCATION,
        "dokumen_administrasi": upload(state, account, "pernyataan-lokasi.pdf"),
        "foto_tampak_depan": upload(state, account, "foto-tampak-depan.pdf"),
        **changes,
    }
    with state.lock:
        return workflow.create_location(state, account, data)


def prepare(
    state: PortalState,
    account: Account,
    until: str,
    *,
    kbli: str = "47112",
    business_name: str = "Warung Bu Siti",
    product: tuple[str, int, str] = ("Sembako", 300, "Paket"),
    location_changes: dict[str, Any] | None = None,
    investment_changes: dict[str, Any] | None = None,
) -> Project:
    """An activity of this account whose next step to do is ``until``."""
    if until not in UNTIL:
        raise ValueError(f"unknown step {until!r}; known: {', '.join(UNTIL)}")
    stop = UNTIL.index(until)
    loc = location(state, account, **(location_changes or {}))
    with state.lock:
        candidates = licensing.kbli_2025_of(kbli)
        sectors = licensing.sectors_of(kbli)
        project = workflow.create_project(
            state,
            account,
            {
                **EXAMPLE_ACTIVITY,
                "id_proyek_lokasi": loc.id_proyek_lokasi,
                "kbli": kbli,
                "kbli_2025": candidates[0][0] if candidates else "",
                "bidang_usaha": sectors[0],
            },
        )
        if stop >= 1:
            workflow.set_business_name(project, business_name)
        if stop >= 2:
            workflow.submit_kkpr(project, True)
        if stop >= 3:
            name, capacity, unit = product
            workflow.add_product(
                project,
                {"jenis_produk": name, "cakupan": "Tidak Mengajukan Fasilitas",
                 "kapasitas": capacity, "satuan": unit},
            )
            workflow.save_investment(project, {**EXAMPLE_INVESTMENT, **(investment_changes or {})})
        if stop >= 4:
            params = licensing.kriteria_of(kbli)
            workflow.confirm_risk(project, params[0] if params else "")
        if stop >= 5:
            workflow.submit_environment(state, project, {"punya_dokumen": "Belum"})
        if stop >= 6:
            workflow.save_screening(state, project, EXAMPLE_SCREENING)
        if stop >= 7:
            declarations = {k: True for k in issuance.DECLARATIONS}
            issuance.issue_nib(state, account, project, declarations, issuance.new_nib_number)
    return project

