"""Self-declarations, "Terbitkan NIB", the Draft trap, one NIB per account, the documents
as real PDFs, and what the inspection API reports (§5.8, §7)."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from oss_assist.sandbox import Sandbox, issuance, nib_pdf, practice, workflow
from oss_assist.sandbox.state import Account, TrainingAccount

DECLARATIONS = {"kkpr_mikro": True, "k3l": True, "standar_usaha": True}
CHECKBOXES = (
    "Saya menyetujui Pernyataan Mandiri KKPR Skala Mikro",
    "Saya menyetujui Pernyataan Kesanggupan K3L",
    "Saya menyetujui Pernyataan Kesediaan Memenuhi Standar Usaha",
)


def pdf_text(data: bytes) -> bytes:
    """The PDF's content streams, inflated (enough to find the text fpdf2 wrote). Each is
    inflated from its start to the zlib stream's own end: a regular expression up to
    "endstream" cut the stream short whenever its last byte happened to be a carriage
    return (once in 256 PDFs, by the random NIB)."""
    out = []
    for match in re.finditer(rb"(?<![a-z])stream\r?\n", data):
        inflate = zlib.decompressobj()
        try:
            out.append(inflate.decompress(data[match.end():]))
        except zlib.error:  # not compressed: up to its end
            out.append(data[match.end():data.find(b"endstream", match.end())])
    return b"\n".join(out)


def test_pdf_text_reads_a_stream_whose_last_byte_is_a_carriage_return() -> None:
    """The test helper itself: the flake it had, made on purpose."""
    n = next(n for n in range(10_000)
             if zlib.compress(f"BT (NOMOR INDUK BERUSAHA: {n:013d}) Tj ET".encode())[-1:]
             == b"\r")
    text = f"BT (NOMOR INDUK BERUSAHA: {n:013d}) Tj ET".encode()
    pdf = (b"%PDF-1.3\n4 0 obj\n<</Filter /FlateDecode /Length 9>>\nstream\n"
           + zlib.compress(text) + b"\nendstream\nendobj\n")
    assert text in pdf_text(pdf)


@pytest.fixture
def api(sandbox: Sandbox, token: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.urls["beranda"],
                      headers={"Authorization": f"Bearer {token}",
                               "X-Requested-With": "XMLHttpRequest"}) as client:
        yield client


def terbitkan(api: httpx.Client, id_proyek: str, status: int = 200,
              declarations: dict[str, bool] | None = None) -> Any:
    answer = api.post("/api/terbitkanNib", json={
        "id_proyek": id_proyek, "pernyataan": DECLARATIONS if declarations is None else declarations
    })
    assert answer.status_code == status, answer.text
    return answer.json()


@pytest.mark.browser
def test_review_then_terbitkan_nib_issues_13_digits_and_a_real_pdf(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    project = practice.prepare(sandbox.state, siti, "penerbitan")
    app.goto(f"{sandbox.urls['beranda']}/penerbitan-nib?id_proyek={project.id_proyek}")
    review = app.get_by_test_id("review-permohonan")
    expected = {
        "nama_pelaku_usaha": "SITI AMINAH", "nik": "3508205204820001",
        "desa_kelurahan": "JENGGRONG", "kecamatan": "RANUYOSO", "kode_pos": "67357",
        "kbli": "47112 - Perdagangan Eceran Berbagai Macam Barang Yang Utamanya Makanan, "
                "Minuman Atau Tembakau Bukan Di Minimarket/Supermarket/Hypermarket (Tradisional)",
        "nama_usaha": "Warung Bu Siti", "investasi_lain": "Rp 1.500.000",
        "hasil_penjualan_tahunan": "Rp 60.000.000", "tenaga_kerja_perempuan": "1",
        "tingkat_risiko": "Rendah", "skala_usaha": "Usaha Mikro",
        "status_penanaman_modal": "PMDN", "tanggal_mulai_usaha": "15/03/2019",
    }
    for key, value in expected.items():
        expect(review.get_by_test_id(f"review-{key}")).to_have_text(value)
    expect(review.get_by_test_id("review-investasi_lain")).to_have_attribute(
        "data-value", "1500000")
    expect(review.get_by_test_id("review-produk").locator("tbody tr")).to_have_text(
        re.compile(r"Sembako\s*300\s*Paket"))
    expect(app.get_by_test_id("nib-status")).to_have_text("Draft")
    button = app.get_by_role("button", name="Terbitkan NIB")
    for label in CHECKBOXES:
        expect(button).to_be_disabled()
        app.get_by_role("checkbox", name=label).check()
    with app.expect_response(lambda r: "terbitkanNib" in r.url):
        button.click()
    nib = app.get_by_test_id("nib-number")
    expect(nib).to_have_text(re.compile(r"^[1-9]\d{12}$"))
    expect(app.get_by_test_id("nib-status")).to_have_text("Terbit")
    number = nib.inner_text()
    with app.expect_download() as download:
        app.get_by_role("link", name="Unduh Nomor Induk Berusaha").click()
    assert download.value.suggested_filename == f"NIB-{number}.pdf"
    content = download.value.path().read_bytes()
    assert content.startswith(b"%PDF")
    assert f"NOMOR INDUK BERUSAHA: {number}".encode() in pdf_text(content)
    assert sandbox.state.nibs[number].project_ids == [project.id_proyek]
    assert project.status == "Terbit" and project.data["nib"] == number
    app.goto(f"{sandbox.urls['perizinan']}/#/dashboard")
    expect(app.get_by_test_id("dashboard-nib")).to_have_text(number)


@pytest.mark.browser
def test_skipping_the_screening_leaves_the_nib_in_draft(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    project = practice.prepare(sandbox.state, siti, "amdalnet")
    app.goto(f"{sandbox.urls['beranda']}/persetujuan-lingkungan?id_proyek={project.id_proyek}")
    app.get_by_role("tab", name="Perizinan Berusaha").click()
    expect(app.get_by_role("button", name="Lanjut")).to_be_disabled()
    app.get_by_test_id("stepper-dynamic").get_by_role("link", name="Penerbitan NIB").click()
    for label in CHECKBOXES:
        app.get_by_role("checkbox", name=label).check()
    with app.expect_response(lambda r: "terbitkanNib" in r.url):
        app.get_by_role("button", name="Terbitkan NIB").click()
    expect(app.get_by_test_id("perizinan-status")).to_have_text(
        "Menunggu Verifikasi Persyaratan Dasar")
    expect(app.get_by_test_id("nib-status")).to_have_text("Draft")
    expect(app.get_by_test_id("nib-number")).to_be_hidden()
    assert sandbox.state.nibs == {}
    assert project.status == "Draft"


def test_terbitkan_needs_every_declaration(api: httpx.Client, sandbox: Sandbox,
                                           siti: Account) -> None:
    project = practice.prepare(sandbox.state, siti, "penerbitan")
    refused = terbitkan(api, project.id_proyek, 422, {"kkpr_mikro": True, "k3l": True})
    assert refused["errors"] == {"standar_usaha": workflow.WAJIB}
    assert sandbox.state.nibs == {}
    early = practice.prepare(sandbox.state, siti, "risiko")
    assert "Data permohonan belum lengkap" in terbitkan(api, early.id_proyek, 422)["message"]


def test_one_nib_per_account_later_activities_join_it(
    api: httpx.Client, sandbox: Sandbox, siti: Account
) -> None:
    first = practice.prepare(sandbox.state, siti, "penerbitan")
    second = practice.prepare(sandbox.state, siti, "penerbitan", kbli="56102",
                              business_name="Warung Makan Bu Siti",
                              product=("Nasi Pecel", 50, "Porsi"))
    issued = terbitkan(api, first.id_proyek)["data"]
    again = terbitkan(api, first.id_proyek)["data"]
    joined = terbitkan(api, second.id_proyek)["data"]
    assert re.fullmatch(r"[1-9]\d{12}", issued["nib"])
    assert again["nib"] == joined["nib"] == issued["nib"]
    assert (issued["nib_sudah_ada"], again["nib_sudah_ada"], joined["nib_sudah_ada"]) == (
        False, True, True)
    assert len(sandbox.state.nibs) == 1
    nib = sandbox.state.nibs[issued["nib"]]
    assert nib.project_ids == [first.id_proyek, second.id_proyek]
    text = pdf_text(api.get(f"/dokumen/nib/{nib.nib}.pdf").content)
    assert b"47112" in text and b"56102" in text and b"KBLI 2025: 56111" in text
    # Nothing is de-duplicated: each click is in the record.
    kinds = [s["jenis"] for s in first.data["submissions"]]
    assert kinds.count("terbitkanNib") == 2


def test_menengah_rendah_also_gets_the_standard_certificate_and_declarations(
    api: httpx.Client, sandbox: Sandbox, siti: Account
) -> None:
    project = practice.prepare(sandbox.state, siti, "penerbitan", kbli="10794",
                               product=("Keripik Pisang", 500, "Bungkus"))
    data = terbitkan(api, project.id_proyek)["data"]
    assert data["status_perizinan"] == "Sertifikat Standar Terbit"
    names = [d["nama"] for d in data["dokumen"]]
    assert names == ["Nomor Induk Berusaha", "Sertifikat Standar", "Pernyataan Mandiri K3L",
                     "Pernyataan Mandiri Kesediaan Memenuhi Standar Usaha"]
    for doc in data["dokumen"]:
        response = api.get(doc["url"])
        assert response.headers["content-type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    certificate = pdf_text(api.get(data["dokumen"][1]["url"]).content)
    assert b"SERTIFIKAT STANDAR" in certificate and b"SPP-IRT" in certificate
    page = api.get(f"/penerbitan-nib?id_proyek={project.id_proyek}").text
    assert "Menengah Rendah" in page and "CPPOB" in page


def test_documents_belong_to_their_account(api: httpx.Client, sandbox: Sandbox,
                                           siti: Account) -> None:
    other = sandbox.state.add_account(TrainingAccount(
        nik="3508204311750002", email="suparmi@example.com", phone="81200000002",
        password="Rahasia#2026"))
    theirs = practice.prepare(sandbox.state, other, "terbit")
    mine = practice.prepare(sandbox.state, siti, "terbit", kbli="10794",
                            product=("Keripik", 5, "Kilogram"))
    assert api.get(f"/dokumen/nib/{theirs.data['nib']}.pdf").status_code == 404
    assert api.get(f"/dokumen/sertifikat-standar/{theirs.id_proyek}.pdf").status_code == 404
    assert api.get(f"/dokumen/sertifikat-standar/{mine.id_proyek}.pdf").status_code == 200
    assert api.get(f"/dokumen/bukan-dokumen/{mine.id_proyek}.pdf").status_code == 404


def test_nib_pdf_layout() -> None:
    applicant = nib_pdf.Applicant("SITI AMINAH", "Dusun Krajan, JENGGRONG", "+6281200000001",
                                  "siti.aminah@example.com")
    activity = nib_pdf.Activity("R-1", "47112", "Perdagangan Eceran", "Warung Bu Siti",
                                "JENGGRONG", "Rendah", "Usaha Mikro", "NIB")
    content = nib_pdf.nib_document("9120012345678", applicant, [activity],
                                   datetime(2026, 1, 5, 9, 0), "http://x/verify/abc")
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for needle in (b"PEMERINTAH REPUBLIK INDONESIA", b"PERIZINAN BERUSAHA BERBASIS RISIKO",
                   b"NOMOR INDUK BERUSAHA: 9120012345678", b"SITI AMINAH", b"PMDN",
                   b"Usaha Mikro", b"Rendah", b"Warung Bu Siti", b"5 Januari 2026",
                   b"diterbitkan secara elektronik oleh sistem OSS",
                   "SANDBOX — bukan dokumen resmi".encode("windows-1252")):
        assert needle in text, needle
    assert b"3508205204820001" not in text


def test_inspection_api_reports_the_binding_requests_truthfully(
    api: httpx.Client, sandbox: Sandbox, siti: Account, token: str
) -> None:
    project = practice.prepare(sandbox.state, siti, "kkpr")
    post = {"X-Requested-With": "XMLHttpRequest"}
    assert api.post("/api/submitPernyataanMandiri", json={
        "id_proyek": project.id_proyek, "setuju": True}, headers=post).status_code == 200
    with sandbox.state.lock:
        workflow.add_product(project, {"jenis_produk": "Sembako", "kapasitas": 300,
                                       "cakupan": "Tidak Mengajukan Fasilitas",
                                       "satuan": "Paket"})
        workflow.save_investment(project, practice.EXAMPLE_INVESTMENT)
        workflow.confirm_risk(project, "")
        workflow.submit_environment(sandbox.state, project, {"punya_dokumen": "Belum"})
    with httpx.Client(base_url=sandbox.urls["amdalnet"],
                      headers={"Authorization": f"Bearer {token}", **post}) as amdal:
        assert amdal.post("/api/projects", json={
            **practice.EXAMPLE_SCREENING, "id_izin": project.data["lingkungan"]["id_izin"]
        }).status_code == 200
    nib = terbitkan(api, project.id_proyek)["data"]["nib"]
    with httpx.Client(base_url=sandbox.urls["portal"]) as inspector:
        state = inspector.get("/__sandbox__/state").json()
        log = inspector.get("/__sandbox__/requests").json()
    binding = [(r["host"], r["path"]) for r in log if r["method"] == "POST"]
    assert binding == [
        ("beranda", "/api/submitPernyataanMandiri"),
        ("amdalnet", "/api/projects"),
        ("beranda", "/api/terbitkanNib"),
    ]
    assert {r["account_id"] for r in log if r["method"] == "POST"} == {siti.id}
    assert [n["nib"] for n in state["nibs"]] == [nib]
    (shown,) = [p for p in state["projects"] if p["id_proyek"] == project.id_proyek]
    assert shown["status"] == "Terbit" and shown["data"]["nib"] == nib
    assert [s["jenis"] for s in shown["data"]["submissions"]] == [
        "submitPernyataanMandiri", "submitLingkungan", "api/projects", "terbitkanNib"]
    assert all(token not in str(r) for r in log)


def test_the_nib_qr_link_verifies_the_document_publicly(sandbox: Sandbox, siti: Account) -> None:
    project = practice.prepare(sandbox.state, siti, "terbit")
    nib = project.data["nib"]
    token = issuance.verify_token(sandbox.state, nib)
    with httpx.Client(base_url=sandbox.urls["login"]) as public:  # no session needed
        shown = public.get(f"/verify/{token}")
        assert shown.status_code == 200
        assert nib in shown.text and siti.name in shown.text and "Aktif" in shown.text
        assert "47112" in shown.text
        forged = public.get("/verify/" + "0" * 24)
        assert forged.status_code == 404 and "Dokumen tidak ditemukan" in forged.text
    pdf = sandbox.state.nibs[nib].pdf
    assert pdf.startswith(b"%PDF") and token not in nib
