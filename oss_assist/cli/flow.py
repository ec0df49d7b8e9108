"""Commands: ``oss-assist flow check`` and ``oss-assist flow show NAME``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from oss_assist.i18n import Text


def register(sub: Any) -> None:
    """Add the ``flow`` group."""
    p = sub.add_parser("flow", help=Text("periksa dan tampilkan alur",
                                         "check and show flows"))
    flow_sub = p.add_subparsers(dest="flow_command", metavar="ACTION", required=True)
    c = flow_sub.add_parser("check", help=Text("periksa setiap berkas alur",
                                               "validate every flow file"))
    c.add_argument("folder", nargs="?", type=Path, metavar="FOLDER",
                   help=Text("folder alur (bawaan: ./flows)", "flows folder (default: ./flows)"))
    c.set_defaults(func=check)
    pr = flow_sub.add_parser("probe", help=Text(
        "cari elemen setiap langkah di portal, hanya membaca (keluar 0 semua ditemukan, 1 "
        "lokator cadangan dipakai, 2 ada yang hilang)",
        "look for every step's element on the portal, read-only (exit 0 all found, 1 "
        "fallbacks used, 2 something missing)"))
    pr.add_argument("--folder", type=Path, default=None, metavar="FOLDER",
                    help=Text("folder alur (bawaan: ./flows)", "flows folder (default: ./flows)"))
    pr.add_argument("--json", action="store_true",
                    help=Text("cetak temuan sebagai JSON", "print the findings as JSON"))
    pr.add_argument("--snapshot", type=Path, metavar="DIR", help=Text(
        "simpan snapshot ARIA setiap halaman di sini (peran, nama; tidak pernah nilai)",
        "save each page's ARIA snapshot here (roles, names; never values)"))
    pr.add_argument("--login", action="store_true", help=Text(
        "masuk sendiri (browser berjendela) agar halaman permohonan ikut diperiksa",
        "log in by hand (headed browser) to probe the application's pages too"))
    pr.add_argument("--fact", action="append", default=[], metavar="NAME=VALUE", help=Text(
        "fakta kasus yang diperlukan alamat halaman (mis. id_proyek=R-...)",
        "a case fact a page's address needs (e.g. id_proyek=R-...)"))
    pr.set_defaults(func=probe)
    s = flow_sub.add_parser("show", help=Text("tampilkan langkah-langkah satu alur",
                                              "print a flow's steps"))
    s.add_argument("name", metavar="NAME", help=Text("nama alur, mis. nib-umk",
                                                     "the flow's name, e.g. nib-umk"))
    s.add_argument("--folder", type=Path, default=None, metavar="FOLDER",
                   help=Text("folder alur (bawaan: ./flows)", "flows folder (default: ./flows)"))
    s.set_defaults(func=show)


def check(args: argparse.Namespace) -> int:
    from oss_assist.flows.check import check_folder, flow_warnings
    from oss_assist.flows.derivations import PROFILE_MODEL
    from oss_assist.flows.loader import find_flows_dir

    folder = args.folder or find_flows_dir()
    problems, good, _ = check_folder(folder, PROFILE_MODEL)
    for line in problems:
        print(line)
    from oss_assist.flows.render import checked_line

    for flow in good:
        for line_no, what in flow_warnings(flow):
            where = f"{folder / (flow.name + '.yaml')}" + (f":{line_no}" if line_no else "")
            label = Text("peringatan", "warning").render(args.lang)
            print(f"{where}: {label}: {what.render(args.lang)}")
        print(checked_line(flow, args.lang))
    return 1 if problems else 0


def show(args: argparse.Namespace) -> int:
    from oss_assist.flows.loader import find_flows_dir, load_flow
    from oss_assist.flows.render import describe_flow

    folder = args.folder or find_flows_dir()
    print(describe_flow(load_flow(folder / f"{args.name}.yaml"), args.lang))
    return 0


def probe(args: argparse.Namespace) -> int:
    import json

    from oss_assist.browser import open_page, require_display
    from oss_assist.errors import ConfigError
    from oss_assist.flows.check import load_checked
    from oss_assist.flows.derivations import PROFILE_MODEL
    from oss_assist.flows.loader import find_flows_dir
    from oss_assist.flows.model import WaitFor
    from oss_assist.i18n import Text
    from oss_assist.runner.case_run import DEFAULT_FLOWS
    from oss_assist.runner.probe import Probe, operator_login, table
    from oss_assist.settings import load_settings

    facts: dict[str, str] = {}
    for item in args.fact:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ConfigError(Text(f"{item!r} bukan NAMA=NILAI", f"{item!r} is not NAME=VALUE"),
                              where="--fact")
        facts[name.strip()] = value.strip()
    settings = load_settings()
    _, flows = load_checked(args.folder or find_flows_dir(), PROFILE_MODEL)
    session = next((f for f in flows.values() if f.session), None)
    waits = [s for sec in (session.sections if session else []) for s in sec.steps
             if isinstance(s, WaitFor) and s.target is not None]
    # the order of a case: registration, log-in, the application, then any other flow
    ordered = sorted(flows.values(), key=lambda f: (DEFAULT_FLOWS.index(f.name)
                                                     if f.name in DEFAULT_FLOWS else 99))
    login = None
    if args.login and waits and waits[-1].target is not None:
        login = operator_login(waits[-1].target, settings.login_url.rstrip("/") + "/login",
                               args.lang)
    if args.login:  # the operator logs in in a window; without --login nothing is shown
        require_display(command="flow probe --login")
    with open_page(settings.browser_path, headless=not args.login,
                   timeout_s=settings.step_timeout_s) as page:
        report = Probe(page, settings.portal_urls(), facts=facts, login=login,
                       snapshot_dir=args.snapshot,
                       timeout_ms=settings.step_timeout_s * 1000).run(ordered)
    print(json.dumps(report.as_json(), indent=2, ensure_ascii=False) if args.json
          else table(report, args.lang))
    return report.exit_code
