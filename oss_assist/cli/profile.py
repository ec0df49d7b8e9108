"""Commands: oss-assist profile check | new | show | schema.

``profile check`` exit codes: 0 every file valid and complete; 1 any invalid or not
complete (with ``--ketat/--strict`` also any warning); 2 any file cannot be read.
A KBLI code missing from the bundled table is a warning; the operator accepts it by
writing ``kbli_diterima_operator: true`` in that kegiatan.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oss_assist.cli.parser import Parser
from oss_assist.i18n import Lang, Text

if TYPE_CHECKING:
    from oss_assist.profiles.scale import ScalePolicy


def register(sub: Any) -> None:
    """Add this group's commands to the top-level parser."""
    group = sub.add_parser(
        "profile",
        help=Text("profil pemohon: periksa, buat, tampilkan",
                  "applicant profiles: check, make, show"),
        description=Text("Profil pemohon (berkas YAML).", "Applicant profiles (YAML files)."),
    )
    group.set_defaults(func=lambda args: _help(group))
    commands = group.add_subparsers(dest="profile_command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help=Text("periksa berkas profil", "check profile files"),
        description=Text(
            "Periksa setiap berkas profil (atau setiap *.yaml/*.yml dalam folder). "
            "Kode keluar: 0 sah dan lengkap, 1 ada yang tidak sah atau belum lengkap, "
            "2 ada berkas yang tidak dapat dibaca.",
            "Check each profile file (or each *.yaml/*.yml in a folder). Exit 0 valid and "
            "complete, 1 invalid or not complete, 2 a file cannot be read."),
    )
    check.add_argument("paths", nargs="+", metavar="FILE|FOLDER",
                       help=Text("berkas atau folder", "file or folder"))
    _policy_option(check)
    check.add_argument(
        "--ketat",
        "--strict",
        dest="strict",
        action="store_true",
        help=Text("peringatan juga gagal (kode 1)", "warnings fail too (exit 1)"),
    )
    _lang_option(check)
    check.set_defaults(func=_check)

    new = commands.add_parser(
        "new",
        help=Text("buat profil lewat tanya-jawab", "make a profile by questions"),
        description=Text(
            "Tanya-jawab berurutan seperti formulir Data Informasi Usaha Mikro; setiap "
            "jawaban diperiksa saat diketik.",
            "A guided questionnaire in the order of the paper form; each answer is checked "
            "as it is typed."),
    )
    new.add_argument(
        "-o",
        "--keluaran",
        "--output",
        dest="output",
        type=Path,
        metavar="FILE",
        help=Text("tulis ke berkas ini (bila tidak: ke layar)",
                  "write to this file (else to the screen)"),
    )
    new.add_argument(
        "--timpa",
        "--overwrite",
        dest="overwrite",
        action="store_true",
        help=Text("boleh menimpa berkas yang ada", "may replace an existing file"),
    )
    _policy_option(new)
    _lang_option(new)
    new.set_defaults(func=_new)

    show = commands.add_parser(
        "show",
        help=Text("ringkasan profil (NIK, HP, e-mail disamarkan)",
                  "a profile's summary (NIK, phone, e-mail masked)"),
    )
    show.add_argument("path", metavar="FILE", help=Text("berkas profil", "profile file"))
    _policy_option(show)
    _lang_option(show)
    show.set_defaults(func=_show)

    schema = commands.add_parser("schema", help=Text("JSON Schema profil",
                                                     "the profile's JSON Schema"))
    _lang_option(schema)
    schema.set_defaults(func=_schema)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def _lang_option(parser: Parser) -> None:
    # SUPPRESS keeps the top-level --lang (or the setting) when this one is not given.
    parser.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS,
                        help=Text("bahasa pesan", "language of messages"))


def _policy_option(parser: Parser) -> None:
    parser.add_argument(
        "--kebijakan-skala",
        "--scale-policy",
        dest="scale_policy",
        choices=("sop", "pp7"),
        default=None,
        help=Text(
            "aturan skala usaha: sop (SOP kecamatan) atau pp7 (PP 7/2021); bawaan: "
            "pengaturan OSS_ASSIST_SCALE_POLICY",
            "scale rule: sop (the office's standard) or pp7 (PP 7/2021); default: the "
            "setting OSS_ASSIST_SCALE_POLICY"),
    )


def _policy(args: argparse.Namespace) -> ScalePolicy:
    if args.scale_policy:
        chosen: ScalePolicy = args.scale_policy
        return chosen
    from oss_assist.settings import load_settings

    return load_settings().scale_policy


def _check(args: argparse.Namespace) -> int:
    from oss_assist.profiles.check import check_paths, overall_exit_code, summary

    lang: Lang = args.lang
    results = check_paths(args.paths, policy=_policy(args))
    for result in results:
        for line in result.lines(lang, strict=args.strict):
            print(line)
    if len(results) > 1:
        print(summary(results, strict=args.strict).render(lang))
    return overall_exit_code(results, strict=args.strict)


def _show(args: argparse.Namespace) -> int:
    from oss_assist.profiles.check import check_file
    from oss_assist.profiles.summary import render_summary

    lang: Lang = args.lang
    result = check_file(args.path, policy=_policy(args))
    if result.report.profile is None:
        for line in result.lines(lang):
            print(line)
        return result.exit_code
    print(render_summary(result.report, lang))
    return result.exit_code


def _schema(args: argparse.Namespace) -> int:
    import json

    from oss_assist.profiles.model import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def _ask(prompt: str) -> str:
    """Prompts go to stderr, so that without -o the profile alone goes to stdout."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _new(args: argparse.Namespace) -> int:
    from oss_assist.profiles.questionnaire import (
        Questionnaire,
        check_output,
        to_yaml,
        write_profile,
    )
    from oss_assist.settings import load_settings

    lang: Lang = args.lang
    output: Path | None = args.output
    if output is not None:
        check_output(output, overwrite=args.overwrite)
    policy = _policy(args)
    operator = load_settings().operator_name
    questionnaire = Questionnaire(_ask, _say, lang=lang, policy=policy, operator=operator)
    try:
        data, report = questionnaire.run()
    except EOFError:
        _say(
            Text(
                "Masukan berakhir sebelum tanya-jawab selesai; tidak ada yang ditulis.",
                "Input ended before the questionnaire was finished; nothing was written.",
            ).render(lang)
        )
        return 1
    if not report.valid:
        for issue in report.sorted_issues():
            _say(issue.render(lang))
        return 1
    text = to_yaml(data)
    if output is None:
        sys.stdout.write(text)
    else:
        write_profile(output, text)
        _say(Text(f"Profil ditulis ke {output}.", f"Profile written to {output}.").render(lang))
    for issue in report.sorted_issues():
        _say(issue.render(lang))
    return 0
