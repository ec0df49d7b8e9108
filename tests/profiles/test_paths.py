"""Dotted paths into a profile, as flows use them, including the derived values."""

from __future__ import annotations

from pathlib import Path

import pytest

from oss_assist.errors import ProfileInvalid
from oss_assist.profiles import Profile, load_ready_profile, value_at


@pytest.fixture
def siti_profile(examples_dir: Path) -> Profile:
    return load_ready_profile(examples_dir / "siti-aminah-warung.yaml")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("identitas.nik", "3508205204820001"),
        ("identitas.nama_sesuai_ktp", "SITI AMINAH"),
        ("identitas.tanggal_lahir_portal", "12/04/1982"),
        ("nomor_hp_portal", "81200000001"),
        ("nomor_hp_e164", "+6281200000001"),
        ("alamat_ktp.rt", "002"),
        ("alamat_ktp.wilayah.provinsi.portal_name", "JAWA TIMUR"),
        ("alamat_ktp.wilayah.kabupaten_kota.portal_name", "KAB. LUMAJANG"),
        ("alamat_ktp.wilayah.kecamatan.portal_name", "RANUYOSO"),
        ("alamat_ktp.wilayah.desa.portal_name", "JENGGRONG"),
        ("kegiatan.0.kbli", "47112"),
        ("kegiatan.0.lokasi.wilayah.desa.code", "3508202001"),
        ("kegiatan.0.lokasi.kode_pos", "67357"),
        ("kegiatan.0.tanggal_mulai_usaha_portal", "01/03/2014"),
        ("kegiatan.0.investasi.modal_usaha", 22_500_000),
        ("kegiatan.0.investasi.jumlah", 47_500_000),
        ("kegiatan.0.produk.0.satuan", "Paket"),
        ("kegiatan.0.tenaga_kerja.jumlah", 1),
    ],
)
def test_value_at(siti_profile: Profile, path: str, value: object) -> None:
    assert value_at(siti_profile, path) == value


@pytest.mark.parametrize(
    "path",
    ["identitas.npwp", "kegiatan.1.kbli", "kegiatan.x", "identitas.__class__", "kegiatan..kbli"],
)
def test_missing_paths_say_where(siti_profile: Profile, path: str) -> None:
    with pytest.raises(LookupError) as caught:
        value_at(siti_profile, path)
    assert str(caught.value).startswith(path)


def test_an_unresolvable_region_raises_profile_invalid(siti_profile: Profile) -> None:
    broken = siti_profile.model_copy(deep=True)
    broken.alamat_ktp.desa = "Atlantis"
    with pytest.raises(ProfileInvalid):
        value_at(broken, "alamat_ktp.wilayah.desa.portal_name")


def test_value_at_walks_plain_data_too() -> None:
    assert value_at({"a": [{"b": 1}]}, "a.0.b") == 1
