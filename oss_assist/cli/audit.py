"""Commands: oss-assist audit verify | show | evidence (the supervisor's checks)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oss_assist.i18n import Text

if TYPE_CHECKING:
    from oss_assist.settings import Settings


def register(sub: Any) -> None:
    """Add this group's commands to the top-level parser."""
    audit = sub.add_parser(
        "audit",
        help="periksa log audit dan bukti kasus / check the audit log and case evidence",
        description="Log audit berantai-hash dan bukti kasus. / "
        "The hash-chained audit log and case evidence.",
    )
    commands = audit.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)

    verify = commands.add_parser(
        "verify",
        help="periksa rantai log audit / verify the audit log's chain",
        description="Keluar 0 jika utuh, 1 jika ada baris yang diubah, disisipkan atau "
        "dihapus, 2 jika berkas tidak terbaca. / Exit 0 intact, 1 tampered, 2 unreadable.",
    )
    verify.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="log audit (bawaan: setelan OSS_ASSIST_AUDIT_LOG)",
    )
    verify.set_defaults(func=run_verify)

    show = commands.add_parser(
        "show", help="tampilkan linimasa log audit / print the audit log's timeline"
    )
    show.add_argument("--case", metavar="ID", help="hanya kasus ini / only this case")
    show.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="log audit (bawaan: setelan OSS_ASSIST_AUDIT_LOG)",
    )
    show.set_defaults(func=run_show)

    evidence = commands.add_parser(
        "evidence",
        help="periksa folder bukti satu kasus / verify one case's evidence folder",
        description="Hitung ulang hash setiap berkas dan bandingkan dengan manifest dan log "
        "audit. Keluar 0 jika utuh, 1 jika ada masalah, 2 jika folder tidak terbaca.",
    )
    evidence.add_argument(
        "case_dir", metavar="CASE_DIR", help="folder kasus, atau id kasus di folder arsip"
    )
    evidence.add_argument(
        "--log",
        type=Path,
        metavar="FILE",
        help="log audit pembanding (bawaan: setelan OSS_ASSIST_AUDIT_LOG)",
    )
    evidence.add_argument(
        "--no-log",
        action="store_true",
        help="jangan bandingkan dengan log audit / skip the audit log",
    )
    evidence.set_defaults(func=run_evidence)


def run_verify(args: argparse.Namespace) -> int:
    from oss_assist.audit import verify

    path = args.file or _settings().audit_log
    report = verify(path)
    if report.intact:
        print(_INTACT.format(path=path, n=report.lines).render(args.lang))
    else:
        print(_TAMPERED.format(path=path, n=report.lines, k=len(report.problems)).render(args.lang))
        for problem in report.problems:
            print("  - " + problem.text.render(args.lang))
    for note in report.notes:
        print("  " + _NOTE.format(note=note.render(args.lang)).render(args.lang))
    if report.head_seq:
        print(_HEAD.format(seq=report.head_seq, hash=report.head_hash[:16]).render(args.lang))
    return 0 if report.intact else 1


def run_show(args: argparse.Namespace) -> int:
    from oss_assist.audit import show

    lines = show(args.file or _settings().audit_log, case_id=args.case, lang=args.lang)
    for line in lines:
        print(line)
    if not lines:
        print(_EMPTY.render(args.lang))
    return 0


def run_evidence(args: argparse.Namespace) -> int:
    from oss_assist.evidence import verify_case

    settings = _settings()
    case_dir = Path(args.case_dir)
    if not case_dir.is_dir() and (settings.archive_dir / args.case_dir).is_dir():
        case_dir = settings.archive_dir / args.case_dir
    log: Path | None = None
    if not args.no_log:
        log = args.log or (settings.audit_log if settings.audit_log.is_file() else None)
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
