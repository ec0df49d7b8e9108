"""Values for steps: profile paths (fields and properties), derived values, facts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from oss_assist.errors import FlowError
from oss_assist.flows import values
from oss_assist.flows.derivations import PROFILE_MODEL
from oss_assist.flows.model import Value
from oss_assist.profiles import load_ready_profile

PROFILES = Path(__file__).resolve().parents[2] / "profiles"


@pytest.fixture(scope="module")
def scope() -> values.Scope:
    profile = load_ready_profile(PROFILES / "siti-aminah-warung.yaml")
    return values.Scope(profile, {"id_proyek": "R-202611250000000000001"})


def test_paths_reach_fields_and_properties(scope: values.Scope) -> None:
    assert values.lookup(scope, "identitas.nik") == "3508205204820001"
    assert values.lookup(scope, "nomor_hp_portal") == "81200000001"
    assert values.lookup(scope, "alamat_ktp.wilayah.kabupaten_kota.portal_name") == "KAB. LUMAJANG"
    assert values.lookup(scope, "kegiatan.kbli") == "47112"  # the current activity


def test_repeat_items(scope: values.Scope) -> None:
    item = values.lookup(scope, "kegiatan.produk")[0]
    inner = values.Scope(scope.profile, item=item)
    assert values.lookup(inner, "item.satuan") == "Paket"


def test_missing_path_is_a_flow_error(scope: values.Scope) -> None:
    with pytest.raises(FlowError):
        values.lookup(scope, "identitas.golongan_darah")


def test_derived_and_fact_values(scope: values.Scope) -> None:
    label = values.resolve(Value(derived="kbli_label"), scope)
    assert label.startswith("47112 - Perdagangan Eceran")
    assert values.resolve(Value(fact="id_proyek"), scope).startswith("R-")
    with pytest.raises(FlowError):
        values.resolve(Value(fact="nib"), scope)


def test_dates_are_typed_the_portal_way() -> None:
    assert values.as_text(date(1982, 4, 12)) == "12/04/1982"
    assert values.as_text(True) == "Ya"


def test_whole_numbers_are_typed_without_a_decimal_point() -> None:
    # the portal's numeric fields drop the dot: "36.0" became 360 m² in the sandbox
    assert values.as_text(36.0) == "36"
    assert values.as_text(36.5) == "36.5"


def test_when_conditions(scope: values.Scope) -> None:
    assert values.truthy(scope, "fact:id_proyek")
    assert values.truthy(scope, "not:fact:nib")


@pytest.mark.parametrize(
    ("path", "exists"),
    [
        ("identitas.nik", True),
        ("kegiatan.0.lokasi.wilayah.desa.portal_name", True),
        ("kegiatan.0.investasi.modal_usaha", True),
        ("kegiatan.0.produk.0.satuan", True),
        ("identitas.password", False),
        ("kegiatan.0.lokasi.nowhere", False),
    ],
)
def test_path_exists(path: str, exists: bool) -> None:
    assert values.path_exists(PROFILE_MODEL, path) is exists
