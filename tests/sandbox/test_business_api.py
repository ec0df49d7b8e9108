"""The business hosts' background requests and rules, without a browser (§5, §6.1, §9)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from oss_assist.sandbox import FaultProfile, Sandbox, geocode, licensing, practice, workflow
from oss_assist.sandbox.state import Account, TrainingAccount

SITI = TrainingAccount(
    nik="3508205204820001", email="siti.aminah@example.com", phone="81200000001",
    password="Rahasia#2026", address="Dusun Krajan", daerah_id="3508202001",
)
XHR = {"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"}


@pytest.fixture
def siti(sandbox: Sandbox) -> Account:
    return sandbox.state.add_account(SITI)


@pytest.fixture
def api(sandbox: Sandbox, siti: Account) -> Iterator[httpx.Client]:
    """An XHR client of the beranda host, logged in as SITI AMINAH."""
    token = sandbox.state.open_session(siti.id).token
    with httpx.Client(
        base_url=sandbox.urls["beranda"], headers={**XHR, "Authorization": f"Bearer {token}"}
    ) as client:
        yield client


def post(api: httpx.Client, path: str, body: dict[str, Any], status: int = 200) -> Any:
    response = api.post(path, json=body)
    assert response.status_code == status, response.text
    return response.json()


def test_pages_without_a_session_go_to_login_and_xhrs_answer_401(sandbox: Sandbox) -> None:
    beranda = quote(sandbox.urls["beranda"], safe="")
    with httpx.Client(base_url=sandbox.urls["beranda"]) as client:
        page = client.get("/lokasi-usaha")
        assert page.status_code == 303
        assert page.headers["location"] == (
            sandbox.urls["login"] + f"/login?next={beranda}%2Flokasi-usaha")
        expired = client.get("/kegiatan-usaha?auth-code=not-a-session")
        assert expired.headers["location"].endswith(
            f"/login?expired=1&next={beranda}%2Fkegiatan-usaha")
        xhr = client.post("/api/prosesLokasi", json={}, headers=XHR)
        assert xhr.status_code == 401
    with httpx.Client(base_url=sandbox.urls["perizinan"]) as client:
        assert client.get("/api/profile", headers=XHR).status_code == 401
    assert sandbox.state.locations == {}


def test_auth_code_on_a_page_becomes_the_session_cookie(sandbox: Sandbox, siti: Account) -> None:
    token = sandbox.state.open_session(siti.id).token
    with httpx.Client(base_url=sandbox.urls["beranda"]) as client:
        page = client.get(f"/lokasi-usaha?auth-code={token}")
        assert page.status_code == 200
        assert client.cookies["oss_token_beranda"] == token
        assert client.get("/kegiatan-usaha").status_code == 200


def test_matra_options_and_offline_address_search(api: httpx.Client) -> None:
    assert api.get("/api/options/matra").json()[0] == {"kode": "01", "nama": "Darat"}
    found = api.get("/api/geocode/search", params={"q": "jenggrong ranuyoso"}).json()
    assert found[0]["display_name"] == "JENGGRONG, RANUYOSO, KAB. LUMAJANG, JAWA TIMUR, 67357"
    assert found[0]["region_code"] == "3508202001"
    coords = api.get("/api/geocode/search", params={"q": "-7.96, 113.27"}).json()
    assert coords[0]["lat"] == "-7.960000" and "RANUYOSO" in coords[0]["display_name"]
    assert api.get("/api/geocode/search", params={"q": "51.5, -0.12"}).json() == []


def test_geocode_points_stay_near_their_region() -> None:
    lat, lon = geocode.point_of("3508202001")
    assert abs(lat - -7.96) < 0.03 and abs(lon - 113.27) < 0.03
    assert geocode.point_of("350820") == (-7.96, 113.27)


def test_upload_accepts_pdf_only(api: httpx.Client) -> None:
    pdf = practice.sample_pdf("Pernyataan")
    ok = api.post("/api/file/upload", files={"file": ("pernyataan.pdf", pdf, "application/pdf")})
    assert ok.status_code == 200
    data = ok.json()["data"]
    assert data["nama_file"] == "pernyataan.pdf" and data["ukuran"] == len(pdf)
    assert api.get(data["url"]).content == pdf
    png = api.post("/api/file/upload", files={"file": ("foto.png", b"\x89PNG....", "image/png")})
    assert png.status_code == 422
    assert png.json()["errors"]["file"] == "File harus berformat PDF"


def test_proses_lokasi_checks_fields_and_never_deduplicates(
    api: httpx.Client, sandbox: Sandbox, siti: Account
) -> None:
    empty = post(api, "/api/prosesLokasi", {}, 422)
    assert empty["errors"]["alamat"] == workflow.WAJIB
    assert empty["errors"]["dokumen_administrasi"] == workflow.WAJIB
    docs = {
        "dokumen_administrasi": practice.upload(sandbox.state, siti, "a.pdf"),
        "foto_tampak_depan": practice.upload(sandbox.state, siti, "b.pdf"),
    }
    bad = post(api, "/api/prosesLokasi", {**practice.EXAMPLE_LOCATION, **docs,
                                          "luas_lahan": "0", "kode_pos": "6735",
                                          "kecamatan": "350819"}, 422)
    assert bad["errors"] == {
        "luas_lahan": workflow.NOL,
        "kode_pos": "Kode pos harus 5 digit",
        "kelurahan": "Wilayah tidak sesuai",
    }
    body = {**practice.EXAMPLE_LOCATION, **docs}
    first = post(api, "/api/prosesLokasi", body)["data"]
    second = post(api, "/api/prosesLokasi", body)["data"]
    assert first["id_proyek_lokasi"] != second["id_proyek_lokasi"]
    assert first["label"] == "Darat - Dusun Krajan, Jenggrong, Jawa Timur"
    assert first["rdtr"] is False
    assert len(sandbox.state.snapshot()["locations"]) == 2
    options = api.get("/api/listLokasi", params={"q": "jenggrong"}).json()["data"]
    assert [o["label"] for o in options] == [first["label"]] * 2


def test_get_list_kbli_searches_and_converts(api: httpx.Client) -> None:
    found = post(api, "/api/getListKBLI", {"q": "47112"})["data"]
    assert found[0]["kode"] == "47112"
    assert found[0]["judul"].startswith("Perdagangan Eceran Berbagai Macam Barang")
    assert post(api, "/api/getListKBLI", {"q": ""})["data"][0]["kode"] == "47112"
    converted = post(api, "/api/getListKBLI", {"kbli_2020": "56102"})["data"]
    assert converted == [{"kode": "56111", "judul": "Rumah Makan"},
                         {"kode": "56112", "judul": "Warung Makan"}]
    assert post(api, "/api/getListKBLI", {"kbli_2020": "47112"})["data"] == []


def test_one_kbli_per_activity_and_the_2025_code_is_required(
    api: httpx.Client, sandbox: Sandbox, siti: Account
) -> None:
    loc = practice.location(sandbox.state, siti)
    body = {**practice.EXAMPLE_ACTIVITY, "id_proyek_lokasi": loc.id_proyek_lokasi,
            "kbli": "56102", "bidang_usaha": "Pariwisata"}
    assert post(api, "/api/prosesBidangUsaha", body, 422)["errors"] == {
        "kbli_2025": workflow.WAJIB
    }
    made = post(api, "/api/prosesBidangUsaha", {**body, "kbli_2025": "56112"})["data"]
    assert made["kbli_2025"] == {"kode": "56112", "judul": "Warung Makan"}
    assert made["id_proyek"].startswith("R-") and len(made["id_proyek"]) == 23
    again = post(api, "/api/prosesBidangUsaha", {**body, "id_proyek": made["id_proyek"]}, 422)
    assert again["message"] == workflow.ONE_KBLI
    assert len(sandbox.state.projects) == 1


@pytest.mark.parametrize(
    ("kbli", "units"),
    [
        ("47112", ["Paket", "Unit", "Buah", "Kilogram"]),
        ("56102", ["Porsi", "Unit", "Paket"]),
        ("01411", ["Ekor", "Kilogram", "Ton"]),
        ("14120", ["Potong", "Stel", "Lusin"]),
        ("10794", ["Kilogram", "Ton", "Bungkus"]),
        ("96111", ["Orang", "Kali"]),
        ("45407", list(licensing.DEFAULT_UNITS)),
    ],
)
def test_units_per_kbli(api: httpx.Client, kbli: str, units: list[str]) -> None:
    data = api.get(f"/api/getSatuanProduk/{kbli}").json()["data"]
    assert [u["satuan_ukur"] for u in data] == units


def test_a_product_must_use_a_unit_of_its_kbli(
    api: httpx.Client, sandbox: Sandbox, siti: Account
) -> None:
    project = practice.prepare(sandbox.state, siti, "investasi")
    base = {"id_proyek": project.id_proyek, "jenis_produk": "Sembako",
            "cakupan": "Tidak Mengajukan Fasilitas", "kapasitas": "300"}
    assert post(api, "/api/simpanProduk", {**base, "satuan": "Porsi"}, 422)["errors"] == {
        "satuan": "Satuan tidak sesuai dengan KBLI"
    }
    assert post(api, "/api/simpanProduk", {**base, "kapasitas": "0", "satuan": "Paket"},
                422)["errors"] == {"kapasitas": workflow.NOL}
    post(api, "/api/simpanProduk", {**base, "satuan": "Paket"})
    table = api.get("/api/getTableKBLIdanProduk", params={"id_proyek": project.id_proyek})
    assert table.json()["data"][0]["produk"][0]["satuan"] == "Paket"


def test_investment_zero_values_and_missing_fields(
    api: httpx.Client, sandbox: Sandbox, siti: Account
) -> None:
    project = practice.prepare(sandbox.state, siti, "investasi")
    answer = post(api, "/api/prosesProyek",
                  {**practice.EXAMPLE_INVESTMENT, "id_proyek": project.id_proyek,
                   "step": "investasi", "investasi_lain": "0", "pendapatan_tahunan": "0",
                   "modal_kerja": "", "tanah": "", "tk_perempuan": ""}, 422)
    assert answer["errors"] == {  # land left empty is 0: only the §5.5 fields are required
        "investasi_lain": workflow.NOL,
        "pendapatan_tahunan": workflow.NOL,
        "modal_kerja": workflow.WAJIB,
        "tk_perempuan": workflow.WAJIB,
        "produk": "Produk/Jasa wajib diisi minimal satu",
    }
    assert "modal_usaha" not in project.data


@pytest.mark.parametrize(
    ("kbli", "changes", "risk", "scale", "permit"),
    [
        ("47112", {}, "Rendah", "Usaha Mikro", "NIB"),
        ("10794", {}, "Menengah Rendah", "Usaha Mikro", "NIB dan Sertifikat Standar"),
        ("01411", {"modal_kerja": "6000000000"}, "Tinggi", "Usaha Menengah", "NIB dan Izin"),
        ("47112", {"mesin": "1500000000"}, "Rendah", "Usaha Kecil", "NIB"),
        ("47112", {"tanah": "900000000", "bangunan": "900000000"}, "Rendah", "Usaha Mikro",
         "NIB"),
    ],
)
def test_risk_comes_from_kbli_and_the_scale_of_capital_without_land_and_buildings(
    api: httpx.Client, sandbox: Sandbox, siti: Account, kbli: str, changes: dict[str, str],
    risk: str, scale: str, permit: str,
) -> None:
    unit = licensing.units_of(kbli)[0]
    project = practice.prepare(sandbox.state, siti, "risiko", kbli=kbli,
                               product=("Produk", 10, unit), investment_changes=changes)
    answer = post(api, "/api/getResikoNonPesorangan", {"id_proyek": project.id_proyek})
    assert answer == {"keterangan_resiko": risk, "keterangan_skala_usaha": scale,
                      "jenis_perizinan": permit, "flag_perizinan_tunggal": risk == "Rendah"}


def test_the_risk_table_is_configurable(
    api: httpx.Client, sandbox: Sandbox, siti: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(licensing.RISK_TABLE, "47112", {"Mikro": "Menengah Rendah"})
    project = practice.prepare(sandbox.state, siti, "risiko")
    answer = post(api, "/api/getResikoNonPesorangan", {"id_proyek": project.id_proyek})
    assert answer["keterangan_resiko"] == "Menengah Rendah"


def test_kriteria_asks_for_a_parameter_only_where_the_kbli_has_one(
    api: httpx.Client, sandbox: Sandbox, siti: Account
) -> None:
    warung = practice.prepare(sandbox.state, siti, "risiko")
    sapi = practice.prepare(sandbox.state, siti, "risiko", kbli="01411",
                            product=("Sapi", 5, "Ekor"))
    assert post(api, "/api/getKriteriaKegiatan", {"id_proyek": warung.id_proyek})["data"] == []
    params = post(api, "/api/getKriteriaKegiatan", {"id_proyek": sapi.id_proyek})["data"]
    assert params[0] == {"parameter_kewenangan": "Kewenangan Kabupaten/Kota"}
    refused = post(api, "/api/prosesProyek",
                   {"id_proyek": sapi.id_proyek, "step": "risiko"}, 422)
    assert refused["errors"] == {"parameter": workflow.WAJIB}
    post(api, "/api/prosesProyek", {"id_proyek": sapi.id_proyek, "step": "risiko",
                                    "parameter": "Kewenangan Provinsi"})
    assert sapi.data["risiko"]["parameter_kewenangan"] == "Kewenangan Provinsi"


def test_another_accounts_activity_is_not_found(
    api: httpx.Client, sandbox: Sandbox
) -> None:
    other = sandbox.state.add_account(TrainingAccount(
        nik="3508204311750002", email="suparmi@example.com", phone="81200000002",
        password="Rahasia#2026"))
    theirs = practice.prepare(sandbox.state, other, "kkpr")
    assert post(api, "/api/submitPernyataanMandiri",
                {"id_proyek": theirs.id_proyek, "setuju": True}, 404)
    assert "kkpr" not in theirs.data


def test_scale_boundaries_and_rdtr_flags() -> None:
    assert licensing.scale_of(1_000_000_000) == "Mikro"
    assert licensing.scale_of(1_000_000_001) == "Kecil"
    assert licensing.scale_of(5_000_000_001) == "Menengah"
    assert licensing.scale_of(10_000_000_001) == "Besar"
    assert not licensing.has_rdtr("3508202001")
    assert not licensing.has_rdtr("3508202011")
    assert licensing.has_rdtr("3508101003")


def test_delete_refuses_an_issued_activity(
    api: httpx.Client, sandbox: Sandbox, siti: Account
) -> None:
    draft = practice.prepare(sandbox.state, siti, "kkpr")
    issued = practice.prepare(sandbox.state, siti, "terbit")
    assert post(api, "/api/hapusProyek", {"id_proyek": draft.id_proyek})["message"] == (
        "Berhasil menghapus data"
    )
    post(api, "/api/hapusProyek", {"id_proyek": issued.id_proyek}, 422)
    assert list(sandbox.state.projects) == [issued.id_proyek]


def test_information_popups_after_a_kbli_follow_the_fault_profile(
    api: httpx.Client, sandbox: Sandbox
) -> None:
    assert post(api, "/api/getInfoKBLI", {"kbli": "47112"})["data"]["popups"] == 0
    sandbox.set_faults(FaultProfile(name="stack", popup_probability=1, popup_max_stack=3), 7)
    counts = [post(api, "/api/getInfoKBLI", {"kbli": "47112"})["data"]["popups"]
              for _ in range(5)]
    assert all(1 <= n <= 3 for n in counts)
    sandbox.set_faults(FaultProfile(name="stack", popup_probability=1, popup_max_stack=3), 7)
    assert [post(api, "/api/getInfoKBLI", {"kbli": "47112"})["data"]["popups"]
            for _ in range(5)] == counts



def test_a_product_without_cakupan_is_accepted_as_on_the_live_portal(
    api: httpx.Client, sandbox: Sandbox, siti: Account
) -> None:
    """§18: "Cakupan Produk" is shown only sometimes, so it is never required."""
    project = practice.prepare(sandbox.state, siti, "investasi")
    base = {"id_proyek": project.id_proyek, "jenis_produk": "Sembako", "kapasitas": "300",
            "satuan": "Paket"}
    assert post(api, "/api/simpanProduk", {**base, "cakupan": "Lainnya"}, 422)["errors"] == {
        "cakupan": "Pilihan tidak tersedia"}
    post(api, "/api/simpanProduk", base)
    table = api.get("/api/getTableKBLIdanProduk", params={"id_proyek": project.id_proyek})
    assert table.json()["data"][0]["produk"][0]["cakupan"] == ""
