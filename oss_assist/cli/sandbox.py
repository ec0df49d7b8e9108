"""Command: oss-assist sandbox — run the local replica of the OSS portal until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oss_assist.errors import ConfigError
from oss_assist.i18n import Lang, Text

if TYPE_CHECKING:
    from oss_assist.sandbox import FaultProfile, Sandbox


def register(sub: Any) -> None:
    """Add this group's commands to the top-level parser."""
    parser = sub.add_parser(
        "sandbox",
        help="jalankan portal OSS tiruan (sandbox) / run the sandbox OSS portal",
        description=(
            "Menjalankan replika lokal portal OSS di 127.0.0.1 untuk latihan, demo dan uji. "
            "/ Runs a local replica of the OSS portal on 127.0.0.1 for practice, demos, tests."
        ),
    )
    parser.add_argument(
        "--port", type=int, default=0, metavar="N",
        help="port pertama; host portal memakai N sampai N+5 (bawaan: port bebas) "
             "/ first port; the hosts use N to N+5 (default: free ports)",
    )
    parser.add_argument(
        "--faults", default="none", metavar="PROFILE",
        help="profil gangguan (lihat --list-faults) / fault profile (see --list-faults)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, metavar="N",
        help="seed gangguan, agar jalannya dapat diulang / fault seed, to repeat a run",
    )
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", dest="overrides",
        help="ubah satu pengaturan profil gangguan, mis. session_idle_s=60 atau "
             "http_error_paths=prosesLokasi,getListKBLI (boleh berulang) / change one setting "
             "of the fault profile (repeatable)",
    )
    parser.add_argument(
        "--risk-table", type=Path, metavar="FILE",
        help="berkas YAML risiko per KBLI dan skala, mis. '47112: {Mikro: Menengah Rendah}' "
             "/ YAML file of risk by KBLI and scale",
    )
    parser.add_argument(
        "--list-faults", action="store_true",
        help="tampilkan profil gangguan lalu keluar / list the fault profiles and exit",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lang: Lang = args.lang or "id"
    if args.list_faults:
        print(list_faults(lang))
        return 0
    from oss_assist.sandbox import Sandbox

    faults = fault_profile(args.faults, args.overrides)
    if args.risk_table is not None:
        use_risk_table(args.risk_table)
    if not 0 <= args.port <= 65530:
        raise ConfigError(
            Text("port harus antara 0 dan 65530", "the port must be between 0 and 65530"),
            where="--port",
        )
    try:
        sandbox = Sandbox(port=args.port, faults=faults, seed=args.seed)
    except OSError as exc:
        raise ConfigError(
            Text(
                f"port {args.port} sampai {args.port + 5} tidak dapat dipakai ({exc.strerror}); "
                "pilih --port lain atau hapus --port",
                f"ports {args.port} to {args.port + 5} cannot be used ({exc.strerror}); "
                "choose another --port or leave it out",
            ),
            where="--port",
        ) from exc
    sandbox.start()
    print(banner(sandbox, lang), flush=True)
    try:
        while sandbox.running:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
    print("Sandbox dihentikan." if lang == "id" else "Sandbox stopped.", file=sys.stderr)
    return 0


def fault_profile(name: str, overrides: list[str]) -> FaultProfile:
    """The named profile with ``KEY=VALUE`` changes, or a ConfigError naming the option."""
    from pydantic import ValidationError

    from oss_assist.sandbox import PROFILES, FaultProfile, Faults

    if name not in PROFILES:
        raise ConfigError(
            Text(
                f"profil gangguan {name!r} tidak dikenal; pilih salah satu: {', '.join(PROFILES)}",
                f"unknown fault profile {name!r}; choose one of: {', '.join(PROFILES)}",
            ),
            where="--faults",
        )
    changes: dict[str, object] = {}
    for item in overrides:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or key not in FaultProfile.model_fields or key in ("name", "description"):
            known = ", ".join(k for k in FaultProfile.model_fields if k not in ("name",
                                                                                "description"))
            raise ConfigError(
                Text(f"{item!r} bukan KEY=VALUE yang dikenal; KEY salah satu dari: {known}",
                     f"{item!r} is not a known KEY=VALUE; KEY is one of: {known}"),
                where="--set",
            )
        is_list = key in ("http_error_paths", "drift")
        changes[key] = tuple(v.strip() for v in value.split(",") if v.strip()) if is_list \
            else value.strip()
    if not changes:
        return PROFILES[name]
    try:
        return Faults.custom(name, 0, name=f"{name}+", description=(
            f"{PROFILES[name].description} ({', '.join(overrides)})"), **changes).profile
    except ValidationError as exc:
        problems = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors())
        raise ConfigError(Text(f"nilai tidak sah ({problems})", f"invalid value ({problems})"),
                          where="--set") from exc


def use_risk_table(path: Path) -> None:
    """Put the file's rows into the sandbox's risk table (for this process)."""
    from oss_assist.sandbox import licensing

    try:
        rows = licensing.load_risk_table(path)
    except licensing.RiskTableError as exc:
        raise ConfigError(Text(f"tabel risiko tidak dapat dipakai: {exc}",
                               f"the risk table cannot be used: {exc}"),
                          where="--risk-table") from exc
    for code, row in rows.items():
        licensing.RISK_TABLE.setdefault(code, {}).update(row)


def list_faults(lang: Lang) -> str:
    """One paragraph per fault profile: its name, what it does, the settings it changes."""
    from oss_assist.sandbox import PROFILES, FaultProfile

    defaults = FaultProfile(name="defaults")
    lines = ["Profil gangguan:" if lang == "id" else "Fault profiles:"]
    for profile in PROFILES.values():
        changed = [
            f"{key}={value}"
            for key, value in profile.model_dump(exclude={"name", "description"}).items()
            if value != getattr(defaults, key)
        ]
        lines.append(f"  {profile.name:<12} {profile.description}")
        if changed:
            lines.append(f"  {'':<12} {', '.join(changed)}")
    return "\n".join(lines)


def banner(sandbox: Sandbox, lang: Lang) -> str:
    """What the operator needs to use the running sandbox."""
    id_ = lang == "id"
    faults = sandbox.faults
    out = [
        ("Sandbox portal OSS berjalan" if id_ else "Sandbox OSS portal running")
        + f" (faults: {faults.profile.name}, seed {faults.seed})",
        "",
    ]
    for role, url in sandbox.urls.items():
        out.append(f"  {role:<10} {url}")
    out += [
        "",
        "Arahkan oss-assist ke sandbox (mis. di .env):" if id_
        else "Point oss-assist at the sandbox (e.g. in .env):",
    ]
    out += [f"  {name}={value}" for name, value in sandbox.settings_env.items()]
    out += [
        "",
        ("Kotak masuk pemohon (kode OTP): " if id_ else "Applicants' mailbox (OTP codes): ")
        + sandbox.urls["mail"] + "/",
        "",
        "Akun latihan (kata sandi hanya berlaku di sandbox):" if id_
        else "Training accounts (passwords valid in the sandbox only):",
    ]
    people = sandbox.state.population
    for ready in sandbox.training_accounts:
        person = people[ready.nik]
        note = ""
        if ready.renew_email:
            note = "  [diminta Perbarui Email]" if id_ else "  [asked to renew e-mail]"
        out.append(
            f"  {person.name:<16} {ready.email:<28} HP 0{ready.phone}  "
            f"{'kata sandi' if id_ else 'password'} {ready.password}{note}"
        )
    trained = {t.nik for t in sandbox.training_accounts}
    out += [
        "",
        "Penduduk contoh untuk latihan pendaftaran (NIK, nama, tanggal lahir):" if id_
        else "Register entries to practise registration with (NIK, name, birth date):",
    ]
    for person in people.values():
        if person.nik not in trained:
            out.append(
                f"  {person.nik}  {person.name:<16} {person.gender:<10} "
                f"{person.birth_date:%d/%m/%Y}"
            )
    out += ["", "Tekan Ctrl-C untuk berhenti." if id_ else "Press Ctrl-C to stop."]
    return "\n".join(out)
