"""Commands: oss-assist user add | list | disable | password (the web desk's staff)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from oss_assist.i18n import Lang, Text


def register(sub: Any) -> None:
    """Add the ``user`` group."""
    user = sub.add_parser("user", help=Text("akun petugas meja layanan",
                                            "the web desk's staff accounts"),
                          description=Text(
                              "Kata sandi dibaca dari terminal (atau baris pertama stdin), "
                              "tidak pernah dari argumen.",
                              "Passwords are read from the terminal (or stdin's first line), "
                              "never from an argument."))
    commands = user.add_subparsers(dest="user_command", metavar="COMMAND", required=True)
    name_help = Text("nama masuk petugas", "the staff member's sign-in name")
    p = commands.add_parser("add", help=Text("tambah petugas", "add a member of staff"))
    p.add_argument("name", metavar="NAME", help=name_help)
    p.add_argument("--role", required=True,
                   choices=("loket", "kasi", "operator", "sekretariat", "pimpinan"),
                   help=Text("peran", "role"))
    p.add_argument("--full-name", metavar="TEXT", default="",
                   help=Text("nama di log audit dan tanda terima",
                             "the name in the audit log and on receipts"))
    p.set_defaults(func=run_add)
    p = commands.add_parser("list", help=Text("daftar petugas", "list staff"))
    p.set_defaults(func=run_list)
    p = commands.add_parser("disable", help=Text("nonaktifkan; sesinya berakhir",
                                                 "disable; their sessions end"))
    p.add_argument("name", metavar="NAME", help=name_help)
    p.set_defaults(func=run_disable)
    p = commands.add_parser("password", help=Text("ganti kata sandi", "set a new password"))
    p.add_argument("name", metavar="NAME", help=name_help)
    p.set_defaults(func=run_password)


def _engine() -> Any:
    from oss_assist.register import open_register
    from oss_assist.settings import load_settings

    reg = open_register(load_settings())
    return reg.engine, reg.now()


def read_password(lang: Lang) -> str:
    """From the terminal, asked twice; else the first line of stdin."""
    from oss_assist.web.accounts import AccountError, check_password

    if sys.stdin.isatty():
        first = getpass.getpass(Text("Kata sandi: ", "Password: ").render(lang))
        check_password(first)
        again = getpass.getpass(Text("Ulangi kata sandi: ", "Repeat the password: ")
                                .render(lang))
        if first != again:
            raise AccountError(Text("kedua kata sandi tidak sama.",
                                    "the two passwords differ."))
        return first
    return check_password(sys.stdin.readline().rstrip("\r\n"))


def run_add(args: argparse.Namespace) -> int:
    from oss_assist.web.accounts import add_user
    from oss_assist.web.permissions import parse_role

    engine, now = _engine()
    staff = add_user(engine, args.name, role=parse_role(args.role),
                     password=read_password(args.lang), full_name=args.full_name, now=now)
    print(Text(f"Petugas ditambahkan: {staff.login} ({staff.full_name}, {staff.role})",
               f"Staff added: {staff.login} ({staff.full_name}, {staff.role})")
          .render(args.lang))
    return 0


def run_list(args: argparse.Namespace) -> int:
    from oss_assist.web.accounts import list_users

    engine, now = _engine()
    for s in list_users(engine):
        state = (Text("aktif", "active") if s.active else Text("nonaktif", "disabled"))
        if s.active and s.locked_until is not None and s.locked_until > now:
            state = Text("terkunci", "locked")
        print(f"{s.login:<20} {s.role:<12} {state.render(args.lang):<10} {s.full_name}")
    return 0


def run_disable(args: argparse.Namespace) -> int:
    from oss_assist.web.accounts import disable_user

    engine, _ = _engine()
    staff = disable_user(engine, args.name)
    print(Text(f"{staff.login} dinonaktifkan; sesinya yang terbuka berakhir.",
               f"{staff.login} disabled; their open sessions ended.").render(args.lang))
    return 0


def run_password(args: argparse.Namespace) -> int:
    from oss_assist.web.accounts import set_password

    engine, now = _engine()
    staff = set_password(engine, args.name, read_password(args.lang), now=now)
    print(Text(f"Kata sandi {staff.login} diganti; sesinya yang terbuka berakhir.",
               f"Password of {staff.login} changed; their open sessions ended.")
          .render(args.lang))
    return 0
