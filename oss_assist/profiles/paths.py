"""Reading a profile's values by dotted path, as flow files name them.

Paths walk fields, list indices and the derived values the models offer, for example::

    identitas.nik                          "3508205204820001"
    identitas.tanggal_lahir_portal         "12/04/1982"
    nomor_hp_portal                        "81200000001"
    alamat_ktp.wilayah.kabupaten_kota.portal_name      "KAB. LUMAJANG"
    kegiatan.0.kbli                        "47112"
    kegiatan.0.lokasi.wilayah.desa.portal_name         "JENGGRONG"
    kegiatan.0.investasi.modal_usaha       22500000
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def value_at(root: object, path: str) -> object:
    """The value at ``path``; LookupError naming the first part that does not exist."""
    value = root
    walked: list[str] = []
    for part in path.split("."):
        if isinstance(value, Sequence) and not isinstance(value, str | bytes):
            if not part.isdigit() or int(part) >= len(value):
                raise LookupError(_missing(path, walked, part))
            value = value[int(part)]
        elif isinstance(value, Mapping):
            if part not in value:
                raise LookupError(_missing(path, walked, part))
            value = value[part]
        elif part and not part.startswith("_") and hasattr(value, part):
            value = getattr(value, part)
        else:
            raise LookupError(_missing(path, walked, part))
        walked.append(part)
    return value


def _missing(path: str, walked: list[str], part: str) -> str:
    where = ".".join(walked) or "(profile)"
    return f"{path}: {where} has no {part!r}"
