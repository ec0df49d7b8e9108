"""Commands: oss-assist case receive | validate | nib | archive | hand-over | cancel | list |
show | verify | receipt (the office's register, step by step)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oss_assist.cli.parser import Parser
from oss_assist.errors import InputError
from oss_assist.i18n import Lang, Text

if TYPE_CHECKING:
    from oss_assist.register import CaseView, Register
    from oss_assist.settings import Settings

EXIT_CODES = Text(
    "Kode keluar: 0 selesai; 1 ada masalah; 2 masukan atau pengaturan salah; 3 tahap atau "
    "orang tidak sesuai; 4 kasus tidak ada; 5 bentrok dengan orang lain pada saat yang sama",
    "Exit codes: 0 done; 1 problems found; 2 bad input or settings; 3 wrong stage or "
    "person; 4 no such case; 5 changed by someone else at the same moment")
STAGES = ("received", "returned", "validated", "in_progress", "nib_issued", "archived",
          "handed_over", "cancelled")


def register(sub: Any) -> None:
    """Add the ``case`` group."""
    case = sub.add_parser(
        "case", help=Text("register kasus kantor", "the office's case register"),
        description=Text("Register kasus: satu catatan per permohonan, dari loket sampai "
                         "rekap.", "The case register: one record per application, from "
                         "the counter to the recap."), epilog=EXIT_CODES)
    commands = case.add_subparsers(dest="case_command", metavar="COMMAND", required=True)

    p = commands.add_parser("receive", help=Text("langkah 1–2: terima berkas di loket",
                                                 "steps 1–2: receive a file at the counter"),
                            epilog=EXIT_CODES)
    p.add_argument("profile", type=Path, metavar="PROFILE",
                   help=Text("berkas profil pemohon", "the applicant's profile file"))
    p.add_argument("--missing", nargs="+", default=[], metavar="ITEM",
                   choices=("formulir", "ktp", "email", "sku"),
                   help=Text("persyaratan yang tidak dibawa: formulir, ktp, email, sku",
                             "requirements not brought: formulir, ktp, email, sku"))
    p.add_argument("--sku-number", metavar="N", help=Text("nomor Surat Keterangan Usaha",
                                                          "the SKU's number"))
    p.add_argument("--sku-date", metavar="YYYY-MM-DD", help=Text("tanggal SKU",
                                                                 "the SKU's date"))
    p.add_argument("--sku-desa", metavar="DESA", help=Text("desa penerbit SKU",
                                                           "the desa that issued the SKU"))
    _common(p)
    p.set_defaults(func=run_receive)

    p = commands.add_parser("validate", help=Text("langkah 3: validasi Kepala Seksi",
                                                  "step 3: the section head's validation"),
                            epilog=EXIT_CODES)
    _case_id(p)
    p.add_argument("--return", dest="return_reason", metavar="REASON",
                   help=Text("kembalikan berkas dengan alasan ini",
                             "return the file, saying why"))
    _common(p)
    p.set_defaults(func=run_validate)

    p = commands.add_parser("nib", help=Text("catat NIB yang diselesaikan tanpa alat",
                                             "record an NIB finished on the portal by hand"),
                            epilog=EXIT_CODES)
    _case_id(p)
    p.add_argument("nib", metavar="NUMBER", help=Text("nomor NIB", "the NIB number"))
    p.add_argument("--pdf", type=Path, required=True, metavar="FILE",
                   help=Text("dokumen NIB (PDF) dari portal", "the NIB PDF from the portal"))
    _common(p)
    p.set_defaults(func=run_nib)

    for name, helptext, func in (
        ("archive", Text("langkah 8: periksa bukti dan segel",
                         "step 8: check the evidence and seal it"), run_archive),
        ("hand-over", Text("langkah 9: serahkan NIB di loket",
                           "step 9: hand the NIB over at the counter"), run_hand_over),
    ):
        p = commands.add_parser(name, help=helptext, epilog=EXIT_CODES)
        _case_id(p)
        _common(p)
        p.set_defaults(func=func)

    p = commands.add_parser("cancel", help=Text("batalkan kasus dengan alasan (tidak pernah "
                                                "dihapus)", "cancel with a reason (never "
                                                "deleted)"), epilog=EXIT_CODES)
    _case_id(p)
    p.add_argument("--reason", required=True, metavar="R",
                   help=Text("alasan pembatalan", "why the case is cancelled"))
    _common(p)
    p.set_defaults(func=run_cancel)

    p = commands.add_parser("list", help=Text("daftar kasus", "list cases"), epilog=EXIT_CODES)
    p.add_argument("--stage", choices=STAGES, help=Text("hanya tahap ini", "this stage only"))
    p.add_argument("--late", action="store_true", help=Text("hanya yang terlambat",
                                                            "late cases only"))
    p.add_argument("--office", metavar="CODE", help=Text("kantor lain, atau * untuk semua",
                                                         "another office, or * for all"))
    p.add_argument("--limit", type=int, default=200, metavar="N",
                   help=Text("paling banyak N kasus", "at most N cases"))
    _json(p)
    p.set_defaults(func=run_list)

    p = commands.add_parser("show", help=Text("satu kasus dan langkah-langkahnya",
                                              "one case and its moves"), epilog=EXIT_CODES)
    _case_id(p)
    _json(p)
    p.set_defaults(func=run_show)

    p = commands.add_parser("verify", help=Text("register dan log audit harus sama",
                                                "the register and the audit log must agree"),
                            epilog=EXIT_CODES)
    _json(p)
    p.add_argument("--repair", action="store_true", help=Text(
        "tandai batal baris log langkah yang tidak pernah tersimpan di register (sesudah "
        "listrik padam)",
        "mark void the log lines of moves the register never saved (after a crash)"))
    _common(p)
    p.set_defaults(func=run_verify)

    p = commands.add_parser("receipt", help=Text("cetak ulang tanda terima",
                                                 "print a receipt again"), epilog=EXIT_CODES)
    _case_id(p)
    p.add_argument("kind", choices=("intake", "hand-over"),
                   help=Text("tanda terima berkas (intake) atau NIB (hand-over)",
                             "the intake or the hand-over receipt"))
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help=Text("tulis PDF ke berkas ini", "write the PDF to this file"))
    p.set_defaults(func=run_receipt)


def _case_id(p: Parser) -> None:
    p.add_argument("case_no", metavar="ID", help=Text("nomor kasus, mis. RNY-2026-00001",
                                                      "the case number, e.g. RNY-2026-00001"))


def _json(p: Parser) -> None:
    p.add_argument("--json", action="store_true", help=Text("keluaran JSON",
                                                            "output as JSON"))


def _common(p: Parser) -> None:
    p.add_argument("--by", metavar="NAME", help=Text(
        "siapa yang melakukan (bawaan: OSS_ASSIST_OPERATOR_NAME)",
        "who did it (default: OSS_ASSIST_OPERATOR_NAME)"))
    p.add_argument("--at", metavar="TIME", help=Text(
        "waktu kejadian bila dicatat belakangan, mis. '2026-11-30 09:15' (ditandai dicatat "
        "terlambat)", "when it happened, for a record entered after the fact, e.g. "
        "'2026-11-30 09:15' (marked as entered late)"))


# --- the moves -------------------------------------------------------------------------


def run_receive(args: argparse.Namespace) -> int:
    from oss_assist.register import receive
    from oss_assist.register.intake import Sku

    settings, reg = _open()
    sku = Sku(args.sku_number, _date(args.sku_date, "--sku-date") if args.sku_date else None,
              args.sku_desa)
    case, intake = receive(reg, args.profile, by=_by(args, settings),
                           policy=settings.scale_policy, missing=set(args.missing), sku=sku,
                           at=_at(args.at))
    lang: Lang = args.lang
    print(_line(case, lang))
    if case.due_at is not None:
        due = reg.calendar.local(case.due_at)
        print(Text(f"Selesai paling lambat: {due:%Y-%m-%d %H:%M}",
                   f"Due by: {due:%Y-%m-%d %H:%M}").render(lang))
    else:
        print(Text("Berkas DIKEMBALIKAN kepada pemohon:", "File RETURNED to the applicant:")
              .render(lang))
        for problem in intake.problems:
            print(f"  - {problem.render(lang)}")
    _print_receipt(settings, reg, case.case_no, "intake", lang)
    return 0 if case.due_at is not None else 1


def run_validate(args: argparse.Namespace) -> int:
    from oss_assist.profiles import check_file
    from oss_assist.register import Stage, return_file, validate

    settings, reg = _open()
    lang: Lang = args.lang
    by = _by(args, settings)
    if args.return_reason is not None:
        case = return_file(reg, args.case_no, args.return_reason, by=by, at=_at(args.at))
        print(_line(case, lang))
        return 0
    current = reg.get(args.case_no)
    result = None
    if (current.stage in (Stage.RECEIVED, Stage.VALIDATED)
            and current.received_by.casefold() != by.strip().casefold()):
        # what the section head weighs: the offline check and the scale policy applied
        result = check_file(Path(current.profile_path), policy=settings.scale_policy)
        for line in result.lines(lang):
            print(line)
        for verdict in result.report.scale:
            print(verdict.rule.render(lang))
    case = validate(reg, args.case_no, by=by, policy=settings.scale_policy, at=_at(args.at),
                    checked=result)
    print(_line(case, lang))
    return 0


def run_nib(args: argparse.Namespace) -> int:
    from oss_assist.register import record_nib

    settings, reg = _open()
    case = record_nib(reg, args.case_no, args.nib, by=_by(args, settings), pdf=args.pdf,
                      at=_at(args.at))
    print(_line(case, args.lang))
    return 0


def run_archive(args: argparse.Namespace) -> int:
    from oss_assist.register import archive

    settings, reg = _open()
    case = archive(reg, args.case_no, by=_by(args, settings), at=_at(args.at))
    print(_line(case, args.lang))
    print(Text(f"Bukti disegel (manifest SHA-256 {case.seal_sha256}).",
               f"Evidence sealed (manifest SHA-256 {case.seal_sha256}).").render(args.lang))
    return 0


def run_hand_over(args: argparse.Namespace) -> int:
    from oss_assist.register import hand_over

    settings, reg = _open()
    case = hand_over(reg, args.case_no, by=_by(args, settings), at=_at(args.at))
    print(_line(case, args.lang))
    _print_receipt(settings, reg, case.case_no, "hand-over", args.lang)
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    from oss_assist.register import cancel

    settings, reg = _open()
    case = cancel(reg, args.case_no, args.reason, by=_by(args, settings), at=_at(args.at))
    print(_line(case, args.lang))
    return 0


# --- reading ---------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    from oss_assist.register import Stage

    _, reg = _open()
    cases = reg.cases(stage=Stage(args.stage) if args.stage else None, late=args.late,
                      office=args.office, limit=args.limit)
    if args.json:
        print(json.dumps([c.as_json() for c in cases], ensure_ascii=False, indent=1))
        return 0
    lang: Lang = args.lang
    head = (("Kasus", "Diterima", "Pemohon", "Desa", "Tahap", "SLA") if lang == "id" else
            ("Case", "Received", "Applicant", "Desa", "Stage", "SLA"))
    rows = [(c.case_no, f"{reg.calendar.local(c.received_at):%Y-%m-%d %H:%M}",
             f"{c.nik_masked} {c.name}"[:40], c.desa[:20], c.stage_label(lang),
             c.sla.label().render(lang)) for c in cases]
    print(_table(head, rows))
    print(Text(f"{len(cases)} kasus", f"{len(cases)} cases").render(lang))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from oss_assist.register.stages import ACTION_LABELS

    _, reg = _open()
    case = reg.get(args.case_no)
    moves = reg.history(case.case_no)
    if args.json:
        data = case.as_json()
        data["moves"] = [{"action": m.action.value, "to": m.to_stage.value, "by": m.by,
                          "at": m.at.isoformat(), "entered_at": m.entered_at.isoformat(),
                          "late_entry": m.late_entry, "audit_seq": m.audit_seq,
                          "audit_hash": m.audit_hash} for m in moves]
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    lang: Lang = args.lang
    local = reg.calendar.local

    def t(id_text: str, en_text: str) -> str:
        return Text(id_text, en_text).render(lang)

    print(_line(case, lang))
    print(f"  {t('Usaha', 'Business')}: {case.business_name}; Desa {case.desa}; KBLI "
          f"{', '.join(case.kbli)}; {t('skala', 'scale')} {case.scale}"
          + (f"; {t('risiko', 'risk')} {case.risk}" if case.risk else ""))
    if case.due_at:
        print(f"  {t('Jatuh tempo', 'Due')}: {local(case.due_at):%Y-%m-%d %H:%M} "
              f"({case.sla.label().render(lang)})")
    if case.nib:
        print(f"  NIB: {case.nib}" + (t(" (dicatat tangan)", " (recorded by hand)")
                                      if case.nib_by_hand else ""))
    if case.reason:
        print(f"  {t('Alasan', 'Reason')}: {case.reason}")
    for m in moves:
        late = (t(f" [dicatat terlambat {local(m.entered_at):%Y-%m-%d %H:%M}]",
                  f" [entered late {local(m.entered_at):%Y-%m-%d %H:%M}]")
                if m.late_entry else "")
        print(f"  {local(m.at):%Y-%m-%d %H:%M}  {ACTION_LABELS[m.action].render(lang)} — "
              f"{m.by}  ({t('log audit', 'audit line')} {m.audit_seq}){late}")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from oss_assist.register.consistency import verify_register, void_orphans

    settings, reg = _open()
    check = verify_register(reg)
    lang: Lang = args.lang
    only_orphans = len(check.problems) == len(check.orphans)
    if args.repair and check.orphans and only_orphans:
        count = void_orphans(reg, check, by=_by(args, settings) or "oss-assist")
        print(Text(f"{count} baris log ditandai batal.", f"{count} log lines marked void.")
              .render(lang))
        check = verify_register(reg)
    if args.json:
        print(json.dumps({"consistent": check.consistent, "cases": check.cases,
                          "moves": check.moves, "audit_lines": check.audit_lines,
                          "problems": [p.render(lang) for p in check.problems]},
                         ensure_ascii=False, indent=1))
    else:
        for problem in check.problems:
            print(problem.render(lang))
        state = (Text("SAMA", "CONSISTENT") if check.consistent
                 else Text("TIDAK SAMA", "INCONSISTENT")).render(lang)
        print(Text(f"{check.cases} kasus, {check.moves} langkah, {check.audit_lines} baris "
                   f"log audit: {state}",
                   f"{check.cases} cases, {check.moves} moves, {check.audit_lines} audit "
                   f"lines: {state}").render(lang))
    return 0 if check.consistent else 1


def run_receipt(args: argparse.Namespace) -> int:
    settings, reg = _open()
    path = _print_receipt(settings, reg, args.case_no, args.kind, args.lang,
                          output=args.output)
    return 0 if path else 1


# --- helpers ---------------------------------------------------------------------------


def _open() -> tuple[Settings, Register]:
    from oss_assist.register import open_register
    from oss_assist.settings import load_settings

    settings = load_settings()
    return settings, open_register(settings)


def _by(args: argparse.Namespace, settings: Settings) -> str:
    return str(args.by or settings.operator_name)


def _at(text: str | None) -> datetime | None:
    """``--at``: ``2026-11-30 09:15`` (the office's time) or ISO 8601 with an offset."""
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text.strip().replace("T", " "))
    except ValueError as exc:
        raise InputError(Text(
            f"Waktu --at '{text}' tidak dapat dibaca; tulis misalnya '2026-11-30 09:15'.",
            f"Cannot read the --at time '{text}'; write e.g. '2026-11-30 09:15'.")) from exc


def _date(text: str, option: str) -> date:
    from oss_assist.register.recap import parse_day

    return parse_day(text, option)


def _line(case: CaseView, lang: Lang) -> str:
    return f"{case.case_no}  {case.nik_masked} {case.name}: {case.stage_label(lang)}"


def _print_receipt(settings: Settings, reg: Register, case_no: str, kind: str, lang: Lang,
                   output: Path | None = None) -> Path:
    from oss_assist.register.documents import write_receipt

    path = write_receipt(settings, reg, case_no, kind, output)
    print(Text(f"Tanda terima untuk dicetak: {path}", f"Receipt to print: {path}")
          .render(lang))
    return path


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(head[i]), *(len(r[i]) for r in rows)) if rows else len(head[i])
              for i in range(len(head))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*head), line.format(*("-" * w for w in widths))]
    out += [line.format(*r) for r in rows]
    return "\n".join(out)
