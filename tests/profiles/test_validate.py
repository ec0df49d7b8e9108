"""Every rule, shown by breaking a copy of an example and reading what the check says."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from oss_assist.profiles.issues import Issue, Report

Data = dict[str, Any]
Check = Callable[..., Report]


def only(report: Report, path: str) -> Issue:
    """The one issue reported, which must be at ``path``."""
    assert [i.path for i in report.issues] == [path], [i.render("en") for i in report.issues]
    return report.issues[0]


def test_the_untouched_example_is_ready(siti: Data, check: Check) -> None:
    report = check(siti)
    assert report.issues == []
    assert report.valid and report.complete and report.ready


# --- NIK ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nik", "says"),
    [
        ("350820520482001", "16 angka"),
        ("3508205204820001X", "hanya berisi angka"),
        ("0508205204820001", "diawali angka 0"),
        ("3508205204820000", "0000"),
        ("9908205204820001", "kode provinsi"),
        ("3599205204820001", "kode kabupaten/kota"),
        ("3508995204820001", "kode kecamatan"),
        ("3508208004820001", "bukan tanggal lahir"),
        ("3508205213820001", "bukan bulan lahir"),
    ],
)
def test_nik_rules(siti: Data, check: Check, nik: str, says: str) -> None:
    siti["identitas"]["nik"] = nik
    issue = only(check(siti), "identitas.nik")
    assert says in issue.text.id
    assert issue.severity == "error"


def test_nik_written_as_a_yaml_number_is_read_as_digits(siti: Data, check: Check) -> None:
    siti["identitas"]["nik"] = 3508205204820001
    assert check(siti).issues == []


def test_nik_must_agree_with_gender(siti: Data, check: Check) -> None:
    siti["identitas"]["jenis_kelamin"] = "Laki-laki"
    issue = only(check(siti), "identitas.jenis_kelamin")
    assert "520482" in issue.text.id and "perempuan" in issue.text.id
    assert "ditambah 40" in issue.text.id


def test_nik_must_agree_with_birth_date(siti: Data, check: Check) -> None:
    siti["identitas"]["tanggal_lahir"] = date(1982, 4, 13)
    issue = only(check(siti), "identitas.tanggal_lahir")
    assert "12/04/..82" in issue.text.id and "13/04/1982" in issue.text.id


def test_nik_two_digit_year_must_agree(siti: Data, check: Check) -> None:
    siti["identitas"]["tanggal_lahir"] = date(1983, 4, 12)
    only(check(siti), "identitas.tanggal_lahir")


def test_nik_region_may_differ_from_the_address(siti: Data, check: Check) -> None:
    # First issued in Kec. Klakah; the applicant now lives in Ranuyoso: not an error.
    siti["identitas"]["nik"] = "3508195204820001"
    assert check(siti).issues == []


# --- age and name ---------------------------------------------------------------------------


def test_seventeen_today_is_old_enough(siti: Data, check: Check) -> None:
    siti["identitas"]["nik"] = "3508206511090001"
    siti["identitas"]["tanggal_lahir"] = date(2009, 11, 25)
    assert check(siti, today=date(2026, 11, 25)).issues == []


def test_one_day_short_of_seventeen_is_refused(siti: Data, check: Check) -> None:
    siti["identitas"]["nik"] = "3508206611090001"
    siti["identitas"]["tanggal_lahir"] = date(2009, 11, 26)
    issue = only(check(siti, today=date(2026, 11, 25)), "identitas.tanggal_lahir")
    assert "16 tahun" in issue.text.id and "17" in issue.text.id


def test_birth_in_the_future(siti: Data, check: Check) -> None:
    siti["identitas"]["tanggal_lahir"] = date(2030, 4, 12)
    siti["identitas"]["nik"] = "3508205204300001"
    report = check(siti)
    assert report.issues[0].path == "identitas.tanggal_lahir"
    assert "belum terjadi" in report.issues[0].text.id


def test_name_is_upper_cased(siti: Data, check: Check) -> None:
    siti["identitas"]["nama_sesuai_ktp"] = "  siti   aminah "
    report = check(siti)
    assert report.issues == []
    assert report.profile is not None
    assert report.profile.identitas.nama_sesuai_ktp == "SITI AMINAH"


@pytest.mark.parametrize(
    "name", ["Siti A. Aminah", "Ni Luh Putu'Ayu", "Abd. Rahman, S.Pd", "Sri-Rahayu"]
)
def test_name_punctuation_allowed(siti: Data, check: Check, name: str) -> None:
    siti["identitas"]["nama_sesuai_ktp"] = name
    assert check(siti).issues == []


@pytest.mark.parametrize(
    "name", ["Siti Aminah 2", "Siti_Aminah", "Siti (Aminah)", "...", "Siti@Aminah"]
)
def test_name_other_characters_refused(siti: Data, check: Check, name: str) -> None:
    siti["identitas"]["nama_sesuai_ktp"] = name
    issue = only(check(siti), "identitas.nama_sesuai_ktp")
    assert "huruf, spasi" in issue.text.id


def test_name_too_long(siti: Data, check: Check) -> None:
    siti["identitas"]["nama_sesuai_ktp"] = "A" * 101
    assert "terlalu panjang" in only(check(siti), "identitas.nama_sesuai_ktp").text.id


# --- contact -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email", ["siti.aminah@", "siti aminah@example.com", "@example.com", "siti"]
)
def test_bad_email(siti: Data, check: Check, email: str) -> None:
    siti["email"] = email
    assert "tidak sah" in only(check(siti), "email").text.id


def test_phone_normalised_for_the_portal(siti: Data, check: Check) -> None:
    siti["nomor_hp"] = "+62 812 0000 0001"
    report = check(siti)
    assert report.issues == [] and report.profile is not None
    assert report.profile.nomor_hp_portal == "81200000001"
    assert report.profile.nomor_hp_e164 == "+6281200000001"


def test_landline_refused(siti: Data, check: Check) -> None:
    siti["nomor_hp"] = "(0334) 441306"
    assert "bukan nomor HP" in only(check(siti), "nomor_hp").text.id


# --- addresses -------------------------------------------------------------------------------


def test_ktp_desa_not_in_kecamatan(siti: Data, check: Check) -> None:
    siti["alamat_ktp"]["desa"] = "Kebonan"  # a desa of Kec. Klakah
    assert "tidak ditemukan" in only(check(siti), "alamat_ktp.desa").text.id


def test_business_desa_not_in_kecamatan_by_code(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["lokasi"]["desa"] = "35.08.19.2001"
    report = check(siti)
    assert "kegiatan.0.lokasi.desa" in [i.path for i in report.errors]


def test_business_postcode_must_match_the_desa(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["lokasi"]["kode_pos"] = "67356"
    assert "67357" in only(check(siti), "kegiatan.0.lokasi.kode_pos").text.id


@pytest.mark.parametrize("rt", ["0", "1234", "1a"])
def test_rt_digits(siti: Data, check: Check, rt: str) -> None:
    siti["alamat_ktp"]["rt"] = rt
    only(check(siti), "alamat_ktp.rt")


def test_rt_is_zero_padded(siti: Data, check: Check) -> None:
    siti["alamat_ktp"]["rt"] = 7
    report = check(siti)
    assert report.profile is not None and report.profile.alamat_ktp.rt == "007"


@pytest.mark.parametrize(
    ("lat", "lon", "path"),
    [
        (-7.9, 13.28, "kegiatan.0.lokasi.lon"),  # a digit lost
        (7.9, 113.28, "kegiatan.0.lokasi.lat"),  # the minus sign lost
        (113.28, -7.9, "kegiatan.0.lokasi.lat"),  # swapped (both wrong; lat first)
    ],
)
def test_coordinates_inside_indonesia(
    siti: Data, check: Check, lat: float, lon: float, path: str
) -> None:
    siti["kegiatan"][0]["lokasi"].update(lat=lat, lon=lon)
    report = check(siti)
    assert report.issues[0].path == path
    assert "luar Indonesia" in report.issues[0].text.id


def test_coordinates_come_in_pairs(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["lokasi"]["lat"] = -7.94
    only(check(siti), "kegiatan.0.lokasi.lon")


def test_land_area_positive(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["lokasi"]["luas_lahan_m2"] = 0
    only(check(siti), "kegiatan.0.lokasi.luas_lahan_m2")


# --- KBLI ------------------------------------------------------------------------------------


def test_kbli_five_digits(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["kbli"] = "4711"
    issue = only(check(siti), "kegiatan.0.kbli")
    assert "5 angka" in issue.text.id and issue.severity == "error"


def test_kbli_missing_from_the_table_is_a_warning(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["kbli"] = "47119"
    report = check(siti)
    issue = only(report, "kegiatan.0.kbli")
    assert issue.severity == "warning"
    assert "kbli_diterima_operator: true" in issue.text.id
    assert report.valid and report.complete and not report.ready


def test_operator_accepts_an_unknown_kbli(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["kbli"] = "47119"
    siti["kegiatan"][0]["kbli_diterima_operator"] = True
    assert check(siti).ready


def test_one_kbli_per_kegiatan(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["kbli"] = ["47112", "56102"]
    issue = only(check(siti), "kegiatan.0.kbli")
    assert "hanya boleh satu KBLI" in issue.text.id


def test_two_kegiatan_each_with_its_kbli(
    siti: Data, check: Check, example: Callable[[str], Data]
) -> None:
    second = example("suparmi-warung-makan")["kegiatan"][0]
    second["lokasi"] = siti["kegiatan"][0]["lokasi"]
    second["investasi"]["modal_kerja"] = 5_000_000  # together Rp 42.500.000
    second["penjualan_tahunan"] = 100_000_000  # together Rp 244.000.000
    siti["kegiatan"].append(second)
    report = check(siti)
    assert report.issues == []
    assert len(report.scale) == 2


def test_several_kegiatan_together_must_stay_micro(siti: Data, check: Check) -> None:
    second = dict(siti["kegiatan"][0], kbli="56102")
    siti["kegiatan"].append(second)  # 2 × Rp 22.500.000 = Rp 45.000.000: still micro
    assert check(siti).issues == []
    siti["kegiatan"].append(dict(second, kbli="10794"))  # 3 × = Rp 67.500.000
    issue = only(check(siti), "kegiatan")
    assert "3 kegiatan" in issue.text.id and "Rp 67.500.000" in issue.text.id


# --- running status ---------------------------------------------------------------------------


def test_running_needs_a_start_date(siti: Data, check: Check) -> None:
    del siti["kegiatan"][0]["tanggal_mulai_usaha"]
    assert "tanggal mulai" in only(check(siti), "kegiatan.0.tanggal_mulai_usaha").text.id


def test_start_date_not_in_the_future(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["tanggal_mulai_usaha"] = date(2027, 1, 1)
    assert "belum terjadi" in only(check(siti), "kegiatan.0.tanggal_mulai_usaha").text.id


def test_start_date_not_before_birth(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["tanggal_mulai_usaha"] = date(1970, 1, 1)
    only(check(siti), "kegiatan.0.tanggal_mulai_usaha")


def test_not_running_has_no_start_date_but_an_expected_month(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["status_berjalan"] = "Belum Berjalan"
    report = check(siti)
    assert sorted(i.path for i in report.issues) == [
        "kegiatan.0.perkiraan_mulai_operasional",
        "kegiatan.0.tanggal_mulai_usaha",
    ]
    del siti["kegiatan"][0]["tanggal_mulai_usaha"]
    siti["kegiatan"][0]["perkiraan_mulai_operasional"] = "1/2027"
    report = check(siti)
    assert report.issues == []
    assert report.profile is not None
    assert report.profile.kegiatan[0].perkiraan_mulai_operasional == "2027-01"


# --- money and scale ----------------------------------------------------------------------------


def test_other_investment_not_zero(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["investasi"]["investasi_lain"] = 0
    assert "menolak" in only(check(siti), "kegiatan.0.investasi.investasi_lain").text.id


def test_annual_sales_not_zero(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["penjualan_tahunan"] = 0
    assert "menolak" in only(check(siti), "kegiatan.0.penjualan_tahunan").text.id


def test_negative_amounts(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["investasi"]["tanah"] = -1
    assert "negatif" in only(check(siti), "kegiatan.0.investasi.tanah").text.id


def test_rupiah_written_the_indonesian_way(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["investasi"]["modal_kerja"] = "Rp 15.000.000"
    siti["kegiatan"][0]["penjualan_tahunan"] = "144.000.000"
    report = check(siti)
    assert report.issues == [] and report.profile is not None
    assert report.profile.kegiatan[0].investasi.modal_kerja == 15_000_000


def test_land_and_buildings_do_not_count(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["investasi"].update(tanah=500_000_000, bangunan=400_000_000)
    assert check(siti).issues == []


def test_over_the_office_capital_limit_refused_with_figures(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["investasi"]["modal_kerja"] = 45_000_000  # modal Rp 52.500.000
    report = check(siti)
    issue = only(report, "kegiatan.0.investasi")
    assert "Rp 52.500.000" in issue.text.id and "Rp 50.000.000" in issue.text.id
    assert "SOP Kecamatan" in issue.text.id
    assert "tetap usaha mikro" in issue.text.id  # still micro under PP 7/2021
    assert "still a micro business" in issue.text.en
    assert not report.scale[0].micro and report.scale[0].skala_pp7 == "Mikro"


def test_over_the_office_sales_limit(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["penjualan_tahunan"] = 350_000_000
    issue = only(check(siti), "kegiatan.0.penjualan_tahunan")
    assert "Rp 350.000.000" in issue.text.id and "Rp 300.000.000" in issue.text.id


def test_not_micro_even_under_pp7(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["investasi"]["modal_kerja"] = 2_000_000_000
    issue = only(check(siti), "kegiatan.0.investasi")
    assert "Kecil" in issue.text.id and "bukan mikro" in issue.text.id


def test_pp7_policy_accepts_what_the_sop_refuses(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["investasi"]["modal_kerja"] = 500_000_000
    assert not check(siti).valid
    report = check(siti, policy="pp7")
    assert report.issues == []
    assert report.scale[0].policy == "pp7" and "PP 7/2021" in report.scale[0].rule.id


def test_pp7_policy_refuses_over_one_miliar(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["investasi"]["modal_kerja"] = 1_000_000_000
    issue = only(check(siti, policy="pp7"), "kegiatan.0.investasi")
    assert "PP 7/2021" in issue.text.id and "Kecil" in issue.text.id


# --- products and environment ------------------------------------------------------------------


def test_product_needs_a_unit(siti: Data, check: Check) -> None:
    del siti["kegiatan"][0]["produk"][0]["satuan"]
    issue = only(check(siti), "kegiatan.0.produk.0.satuan")
    assert "wajib diisi" in issue.text.id and "satuan" in issue.text.id


def test_product_unit_not_empty(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["produk"][0]["satuan"] = "  "
    assert "kosong" in only(check(siti), "kegiatan.0.produk.0.satuan").text.id


def test_product_capacity_positive(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["produk"][0]["kapasitas"] = 0
    only(check(siti), "kegiatan.0.produk.0.kapasitas")


def test_at_least_one_product(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["produk"] = []
    assert "paling sedikit 1" in only(check(siti), "kegiatan.0.produk").text.id


def test_at_least_one_kegiatan(siti: Data, check: Check) -> None:
    siti["kegiatan"] = []
    only(check(siti), "kegiatan")


def test_building_area_positive(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["lingkungan"]["luas_bangunan_m2"] = 0
    assert "jangan mengarang" in only(check(siti), "kegiatan.0.lingkungan.luas_bangunan_m2").text.id


def test_an_environmental_document_is_outside_the_tool(siti: Data, check: Check) -> None:
    siti["kegiatan"][0]["lingkungan"]["punya_dokumen_lingkungan"] = True
    only(check(siti), "kegiatan.0.lingkungan.punya_dokumen_lingkungan")


# --- checklist and consent ---------------------------------------------------------------------


def test_missing_checklist_is_not_complete_not_invalid(siti: Data, check: Check) -> None:
    del siti["kelengkapan"]
    del siti["persetujuan"]
    report = check(siti)
    assert report.valid and not report.complete
    assert [i.path for i in report.missing] == [
        "kelengkapan.ktp_aktif",
        "kelengkapan.email_dikonfirmasi",
        "kelengkapan.formulir_oss",
        "kelengkapan.surat_keterangan_usaha",
        "persetujuan.tanggal",
        "persetujuan.dicatat_oleh",
    ]
    assert all(i.severity == "incomplete" for i in report.issues)


@pytest.mark.parametrize("item", ["ktp_aktif", "email_dikonfirmasi", "formulir_oss"])
def test_each_checklist_item(siti: Data, check: Check, item: str) -> None:
    siti["kelengkapan"][item] = "tidak"
    issue = only(check(siti), f"kelengkapan.{item}")
    assert issue.severity == "incomplete"


def test_business_letter_details(siti: Data, check: Check) -> None:
    siti["kelengkapan"]["surat_keterangan_usaha"] = {"nomor": "474/1/2026"}
    report = check(siti)
    assert [i.path for i in report.missing] == [
        "kelengkapan.surat_keterangan_usaha.tanggal",
        "kelengkapan.surat_keterangan_usaha.desa",
    ]


def test_business_letter_from_another_desa_is_a_warning(siti: Data, check: Check) -> None:
    siti["kelengkapan"]["surat_keterangan_usaha"]["desa"] = "Meninjo"
    issue = only(check(siti), "kelengkapan.surat_keterangan_usaha.desa")
    assert issue.severity == "warning" and "Jenggrong" in issue.text.id


@pytest.mark.parametrize("written", ["JENGGRONG", "Desa Jenggrong", "35.08.20.2001", "3508202001"])
def test_business_letter_from_the_business_desa_however_written(
    siti: Data, check: Check, written: str
) -> None:
    siti["kelengkapan"]["surat_keterangan_usaha"]["desa"] = written
    assert check(siti).issues == []


def test_business_letter_dated_in_the_future(siti: Data, check: Check) -> None:
    siti["kelengkapan"]["surat_keterangan_usaha"]["tanggal"] = date(2026, 12, 1)
    only(check(siti), "kelengkapan.surat_keterangan_usaha.tanggal")


def test_consent_needs_who_recorded_it(siti: Data, check: Check) -> None:
    siti["persetujuan"]["dicatat_oleh"] = ""
    assert only(check(siti), "persetujuan.dicatat_oleh").severity == "incomplete"


def test_consent_dated_in_the_future(siti: Data, check: Check) -> None:
    siti["persetujuan"]["tanggal"] = date(2026, 11, 26)
    assert only(check(siti), "persetujuan.tanggal").severity == "error"


# --- languages ---------------------------------------------------------------------------------


def test_every_message_in_both_languages(siti: Data, check: Check) -> None:
    siti["identitas"]["nik"] = "3508201708850003"
    siti["email"] = "x@"
    siti["kegiatan"][0]["investasi"]["investasi_lain"] = 0
    del siti["persetujuan"]
    report = check(siti)
    assert len(report.issues) >= 5
    for issue in report.issues:
        assert issue.text.id != issue.text.en
        assert issue.render("en").split(": ")[1] in {"ERROR", "NOT COMPLETE", "WARNING"}
        assert issue.render("id").split(": ")[1] in {"GALAT", "BELUM LENGKAP", "PERINGATAN"}
