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
    s = flow_sub.add_parser("show", help=Text("tampilkan langkah-langkah satu alur",
                                              "print a flow's steps"))
    s.add_argument("name", metavar="NAME", help=Text("nama alur, mis. nib-umk",
                                                     "the flow's name, e.g. nib-umk"))
    s.add_argument("--folder", type=Path, default=None, metavar="FOLDER",
                   help=Text("folder alur (bawaan: ./flows)", "flows folder (default: ./flows)"))
    s.set_defaults(func=show)


def check(args: argparse.Namespace) -> int:
    from oss_assist.flows.check import check_folder
    from oss_assist.flows.derivations import PROFILE_MODEL
    from oss_assist.flows.loader import find_flows_dir

    folder = args.folder or find_flows_dir()
    problems, good, _ = check_folder(folder, PROFILE_MODEL)
    for line in problems:
        print(line)
    from oss_assist.flows.render import checked_line

    for flow in good:
        print(checked_line(flow, args.lang))
    return 1 if problems else 0


def show(args: argparse.Namespace) -> int:
    from oss_assist.flows.loader import find_flows_dir, load_flow
    from oss_assist.flows.render import describe_flow

    folder = args.folder or find_flows_dir()
    print(describe_flow(load_flow(folder / f"{args.name}.yaml"), args.lang))
    return 0
