"""Commands: oss-assist audit verify | show | evidence | checkpoint (the supervisor's checks)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oss_assist.i18n import Lang, Text

if TYPE_CHECKING:
    from oss_assist.audit import ChainReport
    from oss_assist.settings import Settings


def register(sub: Any) -> None:
    """Add this group's commands to the top-level parser."""
    audit = sub.add_parser(
        "audit",
        help=Text("periksa log audit dan bukti kasus", "check the audit log and case evidence"),
        description=Text("Log audit berantai-hash dan bukti kasus.",
                         "The hash-chained audit log and case evidence."),
    )
    commands = audit.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)
    log_help = Text("log audit (bawaan: pengaturan OSS_ASSIST_AUDIT_LOG)",
                    "the audit log (default: the setting OSS_ASSIST_AUDIT_LOG)")

    verify = commands.add_parser(
        "verify",
        help=Text("periksa rantai log audit", "verify the audit log's chain"),
        description=Text(
            "Keluar 0 jika utuh, 1 jika ada baris yang diubah, disisipkan atau dihapus, 2 jika "
            "berkas tidak terbaca atau bukan log audit. Dengan --checkpoint: juga apakah log "
            "masih memuat semua entri yang dicakup titik periksa bertanda tangan itu (1 jika "
            "terpotong, bercabang atau tanda tangannya tidak sah).",
            "Exit 0 intact, 1 tampered, 2 unreadable or not an audit log. With --checkpoint: "
            "also whether the log still holds every entry the signed checkpoint covers (1 if "
            "truncated, forked or badly signed)."),
    )
    verify.add_argument("file", nargs="?", type=Path, metavar="FILE", help=log_help)
    verify.add_argument(
        "--checkpoint",
        metavar="TEXT",
        help=Text("teks titik periksa dari rekap atau Kabupaten (OSSCP1;...), atau - untuk "
                  "membacanya dari masukan standar",
                  "the checkpoint text from a recap or the Kabupaten (OSSCP1;...), or - to "
                  "read it from standard input"),
    )
    verify.add_argument(
        "--public-key",
        type=Path,
        metavar="FILE",
        help=Text("kunci publik kantor (bawaan: office-signing.pub di folder arsip)",
                  "the office's public key (default: office-signing.pub in the archive "
                  "folder)"),
    )
    verify.set_defaults(func=run_verify)

    show = commands.add_parser(
        "show", help=Text("tampilkan linimasa log audit", "print the audit log's timeline")
    )
    show.add_argument("--case", metavar="ID", help=Text("hanya kasus ini", "only this case"))
    show.add_argument("file", nargs="?", type=Path, metavar="FILE", help=log_help)
    show.set_defaults(func=run_show)

    evidence = commands.add_parser(
        "evidence",
        help=Text("periksa folder bukti satu kasus", "verify one case's evidence folder"),
        description=Text(
            "Hitung ulang hash setiap berkas dan bandingkan dengan manifest dan log audit. "
            "Keluar 0 jika utuh, 1 jika ada masalah, 2 jika folder tidak terbaca atau bukan "
            "folder kasus.",
            "Hash every file again and compare with the manifest and the audit log. Exit 0 "
            "intact, 1 problems found, 2 the folder cannot be read or is not a case folder."),
    )
    evidence.add_argument(
        "case_dir", metavar="CASE", help=Text("folder kasus, atau nomor kasus di folder arsip",
                                              "a case folder, or a case number in the archive")
    )
    evidence.add_argument("--log", type=Path, metavar="FILE", help=log_help)
    evidence.add_argument(
        "--no-log",
        action="store_true",
        help=Text("jangan bandingkan dengan log audit", "do not compare with the audit log"),
    )
    evidence.set_defaults(func=run_evidence)

    checkpoint = commands.add_parser(
        "checkpoint",
        help=Text("tutup hari: tandatangani kepala log audit",
                  "close the day: sign the log's head"),
        description=Text(
            "Tulis titik periksa bertanda tangan kunci kantor (mencakup semua entri sejauh ini) "
            "dan cetak teksnya, untuk rekap atau Kabupaten. Dengan --show: cetak teks titik "
            "periksa terakhir.",
            "Write a checkpoint signed with the office key (covering every entry so far) and "
            "print its text, for the recap or the Kabupaten. With --show: print the last "
            "one's text."),
    )
    checkpoint.add_argument(
        "--show",
        action="store_true",
        help=Text("jangan menulis; cetak titik periksa terakhir",
                  "write nothing; print the last one"),
    )
    checkpoint.set_defaults(func=run_checkpoint)


def run_verify(args: argparse.Namespace) -> int:
    from oss_assist.audit import verify
    from oss_assist.audit.identify import require_audit_log

    path = args.file or _settings().audit_log
    require_audit_log(path)
    if args.checkpoint is not None:
        return _verify_checkpoint(args, path)
    report = verify(path)
    _print_report(report, path, args.lang)
    return 0 if report.intact else 1


def _verify_checkpoint(args: argparse.Namespace, path: Path) -> int:
    from oss_assist.audit import PUBLIC_KEY_FILE, load_public_key, parse_checkpoint, verify_against

    text = sys.stdin.read() if args.checkpoint == "-" else args.checkpoint
    checkpoint = parse_checkpoint(text)
    key_path = args.public_key or _settings().archive_dir / PUBLIC_KEY_FILE
    verdict = verify_against(path, checkpoint, load_public_key(key_path))
    if verdict.chain is not None:
        _print_report(verdict.chain, path, args.lang)
    print(_AGAINST_CHECKPOINT.format(verdict=verdict.text.render(args.lang)).render(args.lang))
    return 0 if verdict.intact and verdict.chain is not None and verdict.chain.intact else 1


def _print_report(report: ChainReport, path: Path, lang: Lang) -> None:
    if report.intact:
        print(_INTACT.format(path=path, n=report.lines).render(lang))
    else:
        print(_TAMPERED.format(path=path, n=report.lines, k=len(report.problems)).render(lang))
        for problem in report.problems:
            print("  - " + problem.text.render(lang))
    for note in report.notes:
        print("  " + _NOTE.format(note=note.render(lang)).render(lang))
    if report.head_seq:
        print(_HEAD.format(seq=report.head_seq, hash=report.head_hash[:16]).render(lang))


def run_checkpoint(args: argparse.Namespace) -> int:
    from oss_assist.audit import PUBLIC_KEY_FILE, last_checkpoint, office_key, write_checkpoint

    settings = _settings()
    if args.show:
        last = last_checkpoint(settings.audit_log)
        if last is None:
            print(_NO_CHECKPOINT.render(args.lang), file=sys.stderr)
            return 1
        print(last.text)
        return 0
    key = office_key(settings.archive_dir)
    written = write_checkpoint(
        settings.audit_log, key, office=settings.office, operator=settings.operator_name
    )
    print(
        _WRITTEN.format(
            seq=written.seq,
            head=written.head[:16],
            key=written.key_id,
            pub=settings.archive_dir / PUBLIC_KEY_FILE,
        ).render(args.lang)
    )
    print(written.text)
    return 0


def run_show(args: argparse.Namespace) -> int:
    from oss_assist.audit import show
    from oss_assist.audit.identify import require_audit_log
    from oss_assist.audit.timeline import case_header

    path = args.file or _settings().audit_log
    require_audit_log(path)
    lines = show(path, case_id=args.case, lang=args.lang)
    if args.case and lines:
        lines = case_header(path, args.case, lang=args.lang) + lines
    for line in lines:
        print(line)
    if not lines:
        print(_EMPTY.render(args.lang))
    return 0


def run_evidence(args: argparse.Namespace) -> int:
    from oss_assist.audit.identify import (
        find_case_folder,
        require_audit_log,
        require_case_folder,
    )
    from oss_assist.evidence import verify_case

    settings = _settings()
    case_dir = Path(args.case_dir)
    if not case_dir.exists():
        case_dir = find_case_folder(settings.archive_dir, args.case_dir) or case_dir
    require_case_folder(case_dir)
    log: Path | None = None
    if not args.no_log:
        # a case in the archive goes with the configured log; one elsewhere (a demo's
        # archive, a copy) with the log beside it
        beside = case_dir.parent / "audit.jsonl"
        order = (settings.audit_log, beside) if case_dir.parent == settings.archive_dir \
            else (beside, settings.audit_log)
        log = args.log or next((p for p in order if p.is_file()), None)
        if log is not None:
            require_audit_log(log)
    report = verify_case(case_dir, audit_log=log)
    against = _AGAINST.format(log=log) if log else _NOT_AGAINST
    if report.intact:
        print(
            _CASE_INTACT.format(
                path=case_dir, n=report.files, against=against.render(args.lang)
            ).render(args.lang)
        )
        return 0
    print(
        _CASE_TAMPERED.format(path=case_dir, n=report.files, k=len(report.problems)).render(
            args.lang
        )
    )
    for problem in report.problems:
        print("  - " + problem.text.render(args.lang))
    print("  " + against.render(args.lang))
    return 1


def _settings() -> Settings:
    from oss_assist.settings import load_settings

    return load_settings()


_INTACT = Text("Log audit utuh: {path} ({n} baris).", "Audit log intact: {path} ({n} lines).")
_TAMPERED = Text(
    "Log audit TIDAK utuh: {path} ({n} baris), {k} masalah:",
    "Audit log NOT intact: {path} ({n} lines), {k} problem(s):",
)
_HEAD = Text(
    "Kepala rantai: #{seq} {hash} (catat di rekap: baris yang dipotong dari akhir log "
    "hanya terlihat dengan membandingkannya).",
    "Chain head: #{seq} {hash} (note it in the recap: lines cut from the end of the log "
    "only show by comparing with it).",
)
_NOTE = Text("catatan: {note}", "note: {note}")
_AGAINST_CHECKPOINT = Text("Titik periksa: {verdict}", "Checkpoint: {verdict}")
_NO_CHECKPOINT = Text(
    "Log audit belum memuat titik periksa. Tulis satu dengan `oss-assist audit checkpoint`.",
    "The audit log holds no checkpoint yet. Write one with `oss-assist audit checkpoint`.",
)
_WRITTEN = Text(
    "Titik periksa ditulis: mencakup entri sampai #{seq} (kepala {head}…), ditandatangani "
    "kunci {key} (kunci publiknya: {pub}). Cetak atau simpan teks ini:",
    "Checkpoint written: it covers the entries up to #{seq} (head {head}…), signed with key "
    "{key} (its public key: {pub}). Print or keep this text:",
)
_EMPTY = Text("(tidak ada peristiwa)", "(no events)")
_AGAINST = Text("dibandingkan juga dengan log audit {log}", "also checked against audit log {log}")
_NOT_AGAINST = Text("tidak dibandingkan dengan log audit", "not checked against an audit log")
_CASE_INTACT = Text(
    "Bukti kasus utuh: {path} ({n} berkas; {against}).",
    "Case evidence intact: {path} ({n} files; {against}).",
)
_CASE_TAMPERED = Text(
    "Bukti kasus TIDAK utuh: {path} ({n} berkas tercatat), {k} masalah:",
    "Case evidence NOT intact: {path} ({n} files listed), {k} problem(s):",
)
