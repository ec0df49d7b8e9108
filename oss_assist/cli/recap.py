"""Command: oss-assist recap (step 10: the section head's recap to the Camat)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from oss_assist.errors import InputError
from oss_assist.i18n import Lang, Text


def register(sub: Any) -> None:
    """Add ``recap``."""
    p = sub.add_parser(
        "recap", help=Text("langkah 10: rekap untuk Camat", "step 10: the recap to the Camat"),
        description=Text(
            "Rekap satu bulan atau rentang tanggal: PDF untuk Camat, XLSX untuk Kabupaten, "
            "JSON untuk skrip; ketiganya memuat angka yang sama. Tanpa --format: PDF dan XLSX "
            "disimpan di folder arsip 'rekap'.",
            "The recap of a month or a date range: a PDF for the Camat, an XLSX for the "
            "Kabupaten, JSON for scripts, with the same numbers. Without --format: the PDF "
            "and the XLSX are kept in the archive's 'rekap' folder."),
        epilog=Text("Kode keluar: 0 selesai; 2 masukan atau pengaturan salah",
                    "Exit codes: 0 done; 2 bad input or settings"))
    period = p.add_mutually_exclusive_group(required=True)
    period.add_argument("--month", metavar="YYYY-MM", help=Text("bulan rekap", "the month"))
    period.add_argument("--from", dest="start", metavar="YYYY-MM-DD",
                        help=Text("hari pertama (dengan --to)", "the first day (with --to)"))
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD",
                   help=Text("hari terakhir", "the last day"))
    p.add_argument("--office", metavar="CODE", help=Text(
        "kantor lain, atau * untuk semua kecamatan", "another office, or * for all"))
    p.add_argument("--format", choices=("pdf", "xlsx", "json"),
                   help=Text("hanya bentuk ini", "this form only"))
    p.add_argument("--json", action="store_true", help=Text("sama dengan --format json",
                                                            "the same as --format json"))
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help=Text("tulis ke berkas ini", "write to this file"))
    p.set_defaults(func=run_recap)


def run_recap(args: argparse.Namespace) -> int:
    from oss_assist.evidence import write_private_file
    from oss_assist.register import open_register
    from oss_assist.register.documents import letterhead, write_recap
    from oss_assist.register.recap import (
        build_recap,
        month_period,
        parse_day,
        recap_json,
        recap_text,
    )
    from oss_assist.settings import load_settings

    lang: Lang = args.lang
    if args.month:
        start, end = month_period(args.month)
    else:
        if not args.end:
            raise InputError(Text(
                "Periode --from perlu --to, misalnya --from 2026-11-01 --to 2026-11-15.",
                "--from needs --to, e.g. --from 2026-11-01 --to 2026-11-15."))
        start, end = parse_day(args.start, "--from"), parse_day(args.end, "--to")
    settings = load_settings()
    reg = open_register(settings)
    recap = build_recap(reg, start, end, letterhead=letterhead(settings), office=args.office,
                        signer=settings.recap_signer)
    fmt = "json" if args.json else args.format
    if fmt == "json":
        text = json.dumps(recap_json(recap), ensure_ascii=False, indent=1)
        if args.output:
            write_private_file(args.output, text.encode() + b"\n")
        else:
            print(text)
        return 0
    outputs = write_recap(settings, recap, (fmt,) if fmt else ("pdf", "xlsx"),
                          args.output if fmt else None)
    print(recap_text(recap, lang))
    if recap.checkpoint_text:
        print(Text("Titik periksa bertanda tangan:", "Signed checkpoint:").render(lang))
        print(f"  {recap.checkpoint_text}")
    for path in outputs:
        print(Text(f"Disimpan: {path}", f"Saved: {path}").render(lang))
    return 0
