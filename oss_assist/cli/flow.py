"""Commands: ``oss-assist flow check`` and ``oss-assist flow show NAME``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    """Add the ``flow`` group."""
    p = sub.add_parser("flow", help="periksa dan tampilkan alur / check and show flows")
    flow_sub = p.add_subparsers(dest="flow_command", metavar="ACTION", required=True)
    c = flow_sub.add_parser("check", help="validate every flow file")
    c.add_argument("folder", nargs="?", type=Path, help="flows folder (default: ./flows)")
    c.set_defaults(func=check)
    s = flow_sub.add_parser("show", help="print a flow's steps")
    s.add_argument("name")
    s.add_argument("--folder", type=Path, default=None)
    s.set_defaults(func=show)


def check(args: argparse.Namespace) -> int:
    from oss_assist.flows.check import check_folder, flow_warnings
    from oss_assist.flows.derivations import PROFILE_MODEL
    from oss_assist.flows.loader import find_flows_dir

    folder = args.folder or find_flows_dir()
    problems, good, _ = check_folder(folder, PROFILE_MODEL)
    for line in problems:
        print(line)
    for flow in good:
        for line_no, what in flow_warnings(flow):
            where = f"{folder / (flow.name + '.yaml')}" + (f":{line_no}" if line_no else "")
            print(f"{where}: warning: {what}")
        steps = sum(len(s.steps) for s in flow.sections)
        print(f"{flow.name}: ok ({len(flow.sections)} sections, {steps} steps)")
    return 1 if problems else 0


def show(args: argparse.Namespace) -> int:
    from oss_assist.flows.loader import find_flows_dir, load_flow
    from oss_assist.flows.render import describe_flow

    folder = args.folder or find_flows_dir()
    print(describe_flow(load_flow(folder / f"{args.name}.yaml")))
    return 0
