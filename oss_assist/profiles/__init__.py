"""Applicant profiles: the model, the one loader, the rules, and the derived values.

Typical use by a flow::

    from oss_assist.profiles import load_ready_profile, value_at

    profile = load_ready_profile("profiles/siti-aminah-warung.yaml")
    value_at(profile, "identitas.nik")                      # "3508205204820001"
    profile.nomor_hp_portal                                 # "81200000001"
    profile.identitas.tanggal_lahir_portal                  # "12/04/1982"
    profile.kegiatan[0].lokasi.wilayah.kabupaten_kota.portal_name   # "KAB. LUMAJANG"

The field paths are listed in ``oss_assist.profiles.model``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from oss_assist.errors import ProfileInvalid
from oss_assist.i18n import Text
from oss_assist.profiles.address import ResolvedAddress, check_address, resolve_address
from oss_assist.profiles.check import FileCheck, check_file, check_paths, overall_exit_code
from oss_assist.profiles.issues import Issue, Report, Severity
from oss_assist.profiles.loader import MAX_PROFILE_BYTES, load_profile, parse_profile
from oss_assist.profiles.model import (
    AlamatKtp,
    Identitas,
    Investasi,
    Kegiatan,
    Kelengkapan,
    Lingkungan,
    Lokasi,
    Persetujuan,
    Produk,
    Profile,
    SuratKeteranganUsaha,
    TenagaKerja,
    json_schema,
    portal_date,
)
from oss_assist.profiles.nik import Nik, NikError, make_nik, parse_nik
from oss_assist.profiles.paths import value_at
from oss_assist.profiles.phone import PORTAL_PHONE, PhoneError, e164, normalise_phone
from oss_assist.profiles.scale import ScalePolicy, ScaleVerdict, assess_scale
from oss_assist.profiles.validate import validate_profile

__all__ = [
    "MAX_PROFILE_BYTES",
    "PORTAL_PHONE",
    "AlamatKtp",
    "FileCheck",
    "Identitas",
    "Investasi",
    "Issue",
    "Kegiatan",
    "Kelengkapan",
    "Lingkungan",
    "Lokasi",
    "Nik",
    "NikError",
    "Persetujuan",
    "PhoneError",
    "Produk",
    "Profile",
    "Report",
    "ResolvedAddress",
    "ScalePolicy",
    "ScaleVerdict",
    "Severity",
    "SuratKeteranganUsaha",
    "TenagaKerja",
    "assess_scale",
    "check_address",
    "check_file",
    "check_paths",
    "e164",
    "json_schema",
    "load_profile",
    "load_ready_profile",
    "make_nik",
    "normalise_phone",
    "overall_exit_code",
    "parse_nik",
    "parse_profile",
    "portal_date",
    "resolve_address",
    "validate_profile",
    "value_at",
]


def load_ready_profile(
    path: Path | str, *, policy: ScalePolicy = "sop", today: date | None = None
) -> Profile:
    """The profile of a file that is valid, complete and has no unaccepted warnings.

    Raises InputError when the file cannot be read, ProfileInvalid (its message lists
    every problem, one ``field.path: message`` per line) when it is not ready.
    """
    result = check_file(path, policy=policy, today=today)
    if result.unreadable is not None:
        raise result.unreadable
    report = result.report
    if report.profile is None or not report.ready:
        lines_id = [i.render("id") for i in report.sorted_issues()]
        lines_en = [i.render("en") for i in report.sorted_issues()]
        raise ProfileInvalid(
            Text(
                "profil belum siap dipakai:\n  " + "\n  ".join(lines_id),
                "the profile is not ready:\n  " + "\n  ".join(lines_en),
            ),
            where=str(path),
        )
    return report.profile
