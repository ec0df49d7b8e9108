"""Derived values flows may name: profile data as the portal shows it, where the profile
model has no property for it (the model's own properties, such as ``nomor_hp_portal`` or
``alamat_ktp.wilayah.provinsi.portal_name``, are reached by path)."""

from __future__ import annotations

from oss_assist import refdata
from oss_assist.flows.values import Scope, derived, lookup
from oss_assist.profiles.model import Profile

#: The model that profile paths in flows are checked against.
PROFILE_MODEL = Profile


@derived("kbli_label")
def _kbli_label(scope: Scope) -> str:
    """``47112 - Perdagangan Eceran ...`` as the portal lists it (the code alone if unknown)."""
    code = str(lookup(scope, "kegiatan.kbli"))
    entry = refdata.kbli(code)
    return entry.label if entry else code


@derived("lokasi_pilihan")
def _location_option(scope: Scope) -> str:
    """The option of "Pilih lokasi usaha": ``Darat - <alamat>, <PROVINSI>``."""
    alamat = str(lookup(scope, "kegiatan.lokasi.alamat"))
    provinsi = lookup(scope, "kegiatan.lokasi.wilayah.provinsi.portal_name")
    return f"Darat - {alamat}, {provinsi}"
