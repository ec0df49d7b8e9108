"""Rebuild the bundled reference tables from the public source files.

Usage: python scripts/build_refdata.py [SOURCE_DIR]

SOURCE_DIR holds ``wilayah.csv`` (Kemendagri region codes, names, postcodes) and
``kbli2020.csv`` (KBLI 2020 codes and titles); it defaults to ``../shared/data``
beside the repository. Writes ``oss_assist/refdata/wilayah.tsv.gz`` (code digits, name,
postcode) and ``oss_assist/refdata/kbli2020.tsv`` (code, title, verified flag).
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "oss_assist" / "refdata"
LEVEL_LENGTH = {"provinsi": 2, "kabupaten_kota": 4, "kecamatan": 6, "desa_kelurahan": 10}


def build(source: Path) -> tuple[int, int]:
    regions = 0
    lines: list[str] = []
    with (source / "wilayah.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            digits = row["kode"].replace(".", "")
            if len(digits) != LEVEL_LENGTH[row["tingkat"]]:
                raise SystemExit(f"unexpected code {row['kode']} for level {row['tingkat']}")
            name = " ".join(row["nama"].split())
            lines.append(f"{digits}\t{name}\t{row['kode_pos'].strip()}")
            regions += 1
    lines.sort()
    # mtime=0 keeps the file byte-identical from one rebuild to the next
    with (OUT / "wilayah.tsv.gz").open("wb") as raw, gzip.GzipFile(
        fileobj=raw, mode="wb", mtime=0, filename=""
    ) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))

    codes = 0
    out: list[str] = []
    with (source / "kbli2020.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["kode"].strip()
            if not (len(code) == 5 and code.isdigit()):
                continue
            verified = "1" if row["judul_terverifikasi"].strip() == "ya" else "0"
            out.append(f"{code}\t{' '.join(row['judul'].split())}\t{verified}")
            codes += 1
    out.sort()
    (OUT / "kbli2020.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")
    return regions, codes


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    n_regions, n_codes = build(src)
    print(f"{n_regions} regions, {n_codes} KBLI codes written to {OUT.relative_to(ROOT)}")
