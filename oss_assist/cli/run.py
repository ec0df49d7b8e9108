"""Commands: ``oss-assist run PROFILE`` (the real portal) and ``oss-assist demo`` (sandbox)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from oss_assist.i18n import Text


def register(sub: Any) -> None:
    """Add ``run`` and ``demo``."""
    p = sub.add_parser("run", help=Text("isi portal OSS untuk satu pemohon (langkah 4–7)",
                                        "fill the OSS portal for one applicant (steps 4–7)"))
    p.add_argument("profile", type=Path, metavar="PROFILE",
                   help=Text("berkas profil pemohon", "the applicant's profile file"))
    p.add_argument("--flow", action="append", dest="flows", metavar="NAME",
                   help=Text("jalankan hanya alur ini (boleh berulang); bawaan: registrasi, "
                             "masuk, nib-umk", "run only this flow (repeatable); default: "
                             "registrasi, masuk, nib-umk"))
    p.set_defaults(func=run)
    d = sub.add_parser("demo", help=Text("demo lengkap pada sandbox",
                                         "the end-to-end demo on the sandbox portal"))
    d.add_argument("profiles", nargs="*", type=Path, metavar="PROFILE",
                   help=Text("berkas profil (bawaan: semua berkas di profiles/)",
                             "profile files (default: every file in profiles/)"))
    d.add_argument("--faults", default="none", help=Text(
        "profil gangguan sandbox (bawaan: none)", "sandbox fault profile (default: none)"))
    d.add_argument("--seed", type=int, default=0, help=Text(
        "seed gangguan, agar jalannya dapat diulang", "fault seed, to repeat a run"))
    d.add_argument("--headed", action="store_true", help=Text("tampilkan jendela browser",
                                                              "show the browser window"))
    d.set_defaults(func=demo)


def run(args: argparse.Namespace) -> int:
    from oss_assist.errors import ConfigError
    from oss_assist.flows.loader import find_flows_dir
    from oss_assist.register import open_register
    from oss_assist.register.work import run_registered
    from oss_assist.runner.operator import PanelOperator
    from oss_assist.settings import load_settings

    settings = load_settings()
    if not settings.operator_name.strip():
        raise ConfigError(Text(
            "Nama operator belum diisi: log audit mencatat siapa yang bertindak. Isi "
            "OSS_ASSIST_OPERATOR_NAME di .env dengan nama operator.",
            "The operator's name is not set: the audit log records who acted. Set "
            "OSS_ASSIST_OPERATOR_NAME in .env to the operator's name."))
    if settings.headless:
        raise ConfigError(Text(
            "OSS_ASSIST_HEADLESS=true tidak dapat dipakai untuk `run`: operator dan pemohon "
            "harus melihat browser untuk mengetik OTP dan kata sandi serta mengklik sendiri "
            "langkah yang mengikat. Kosongkan pengaturan itu.",
            "OSS_ASSIST_HEADLESS=true cannot be used for `run`: the operator and the applicant "
            "must see the browser to type the OTP and the password and to make the binding "
            "clicks themselves. Clear that setting."))
    operator = PanelOperator(settings.operator_name, args.lang)
    case, result = run_registered(open_register(settings), args.profile, settings=settings,
                                  operator=operator, flows_dir=find_flows_dir(),
                                  flow_names=args.flows, headless=False)
    print(f"{case.case_no}: {case.stage_label(args.lang)}")
    outcome = f"NIB {result.nib}" if result.nib else result.outcome
    print(Text("{who}: {what} ({s:.0f} dtk); bukti: {where}",
               "{who}: {what} ({s:.0f} s); evidence: {where}")
          .format(who=result.applicant, what=outcome, s=result.seconds,
                  where=result.evidence_dir).render(args.lang))
    return 0


def demo(args: argparse.Namespace) -> int:
    from oss_assist.demo import format_report, run_demo
    from oss_assist.flows.loader import find_flows_dir

    flows_dir = find_flows_dir()
    profiles = args.profiles or sorted((flows_dir.parent / "profiles").glob("*.yaml"))
    from oss_assist.settings import load_settings

    # the demo's own texts (progress, SLA, recap) in the language chosen for this command
    settings = load_settings().model_copy(update={"lang": args.lang})
    report = run_demo(profiles, flows_dir=flows_dir, faults=args.faults, seed=args.seed,
                      headless=not args.headed, settings=settings)
    print()
    print(format_report(report, args.lang))
    return 0 if (report.audit_intact and report.register_consistent
                 and all(r.nib for r in report.results)) else 1
