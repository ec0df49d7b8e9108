"""Command: oss-assist sandbox — run the local replica of the OSS portal until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oss_assist.errors import ConfigError
from oss_assist.i18n import Lang, Text, os_reason

if TYPE_CHECKING:
    from oss_assist.sandbox import FaultProfile, Sandbox


def register(sub: Any) -> None:
    """Add this group's commands to the top-level parser."""
    parser = sub.add_parser(
        "sandbox",
        help=Text("jalankan portal OSS tiruan (sandbox)", "run the sandbox OSS portal"),
        description=Text(
            "Menjalankan replika lokal portal OSS di 127.0.0.1 untuk latihan, demo dan uji.",
            "Runs a local replica of the OSS portal on 127.0.0.1 for practice, demos and "
            "tests."),
    )
    parser.add_argument(
        "--port", type=int, default=None, metavar="N",
        help=Text("port pertama; host portal memakai N sampai N+5 (bawaan: port yang sama "
                  "dengan kali lalu, agar baris .env tetap berlaku)",
                  "first port; the hosts use N to N+5 (default: the same ports as last time, "
                  "so that the .env lines stay valid)"),
    )
    parser.add_argument(
        "--new-ports", action="store_true",
        help=Text("pilih port bebas yang baru (baris .env berubah)",
                  "choose new free ports (the .env lines change)"),
    )
    parser.add_argument(
        "--faults", default="none", metavar="PROFILE",
        help=Text("profil gangguan (lihat --list-faults)", "fault profile (see --list-faults)"),
    )
    parser.add_argument(
        "--seed", type=int, default=0, metavar="N",
        help=Text("seed gangguan, agar jalannya dapat diulang", "fault seed, to repeat a run"),
    )
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", dest="overrides",
        help=Text("ubah satu pengaturan profil gangguan, mis. session_idle_s=60 atau "
                  "http_error_paths=prosesLokasi,getListKBLI (boleh berulang)",
                  "change one setting of the fault profile, e.g. session_idle_s=60 or "
                  "http_error_paths=prosesLokasi,getListKBLI (repeatable)"),
    )
    parser.add_argument(
        "--risk-table", type=Path, metavar="FILE",
        help=Text("berkas YAML risiko per KBLI dan skala, mis. '47112: {Mikro: Menengah "
                  "Rendah}'", "YAML file of risk by KBLI and scale, e.g. '47112: {Mikro: "
                  "Menengah Rendah}'"),
    )
    parser.add_argument(
        "--list-faults", action="store_true",
        help=Text("tampilkan profil gangguan lalu keluar", "list the fault profiles and exit"),
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lang: Lang = args.lang or "id"
    if args.list_faults:
        print(list_faults(lang))
        return 0
    faults = fault_profile(args.faults, args.overrides)
    if args.risk_table is not None:
        use_risk_table(args.risk_table)
    sandbox = _open_sandbox(args, faults, lang)
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


_PORTS_MOVED = Text(
    "Port {old} sampai {end} sedang dipakai (sandbox lain masih berjalan?), jadi sandbox "
    "memakai port baru mulai {new}. Perbarui baris OSS_ASSIST_*_URL di .env dengan baris di "
    "bawah.",
    "Ports {old} to {end} are in use (is another sandbox still running?), so the sandbox "
    "uses new ports from {new}. Update the OSS_ASSIST_*_URL lines in .env with the lines "
    "below.",
)


def _open_sandbox(args: argparse.Namespace, faults: FaultProfile, lang: Lang) -> Sandbox:
    """The sandbox on the ports asked for, else on those of the last start, else on new
    free ones; the first port is remembered for the next start."""
    from oss_assist.sandbox import Sandbox
    from oss_assist.sandbox.ports import PORT_FILE, free_block, remember, remembered
    from oss_assist.settings import load_settings

    memory = load_settings().archive_dir / PORT_FILE
    if args.port is not None:
        if not 1 <= args.port <= 65530:
            raise ConfigError(
                Text("Port harus antara 1 dan 65530. Pilih --port lain.",
                     "The port must be between 1 and 65530. Choose another --port."),
                where="--port",
            )
        port = args.port
    else:
        last = None if args.new_ports else remembered(memory)
        port = last if last is not None else free_block()
    try:
        sandbox = Sandbox(port=port, faults=faults, seed=args.seed)
    except OSError as exc:
        if args.port is not None:
            raise ConfigError(
                Text(
                    "Port {a} sampai {b} tidak dapat dipakai ({why}). Pilih --port lain atau "
                    "hapus --port.",
                    "Ports {a} to {b} cannot be used ({why}). Choose another --port or leave "
                    "it out.",
                ).format(a=port, b=port + 5, why=os_reason(exc)),
                where="--port",
            ) from exc
        new = free_block()
        print(_PORTS_MOVED.format(old=port, end=port + 5, new=new).render(lang),
              file=sys.stderr)
        port, sandbox = new, Sandbox(port=new, faults=faults, seed=args.seed)
    remember(memory, port)
    return sandbox


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


#: The fault profiles' descriptions in Indonesian (the sandbox's own are English).
FAULTS_ID = {
    "none": "tanpa gangguan: cepat, untuk uji",
    "latency": "setiap jawaban diperlambat 0,25 sampai 4,25 detik, seperti pada hari buruk",
    "popups": "pop-up informasi bertumpuk dan pop-up izin impor yang berulang",
    "spinner": "penanda memuat yang macet sampai halaman dimuat ulang",
    "dukcapil": "sambungan Dukcapil gagal separuh waktu",
    "errors": "HTTP 500/503 pada layanan perizinan usaha",
    "session": "sesi berakhir setelah beberapa permintaan, di tengah formulir",
    "idle": "sesi berakhir setelah 60 detik diam (portal asli: sekitar 15 menit)",
    "maintenance": "halaman pemeliharaan",
    "captcha": "CAPTCHA pada setiap masuk",
    "drift": "rilis baru portal: beberapa label, placeholder dan test id berganti nama "
             "(yang mana: menurut seed)",
    "chaos": "sedikit dari semuanya, untuk latihan",
}


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
        described = FAULTS_ID.get(profile.name, profile.description) if lang == "id" \
            else profile.description
        lines.append(f"  {profile.name:<12} {described}")
        if changed:
            lines.append(f"  {'':<12} {', '.join(changed)}")
    return "\n".join(lines)


def banner(sandbox: Sandbox, lang: Lang) -> str:
    """What the operator needs to use the running sandbox."""
    id_ = lang == "id"
    faults = sandbox.faults
    out = [
        ("Sandbox portal OSS berjalan" if id_ else "Sandbox OSS portal running")
        + (f" (gangguan: {faults.profile.name}, seed {faults.seed})" if id_
           else f" (faults: {faults.profile.name}, seed {faults.seed})"),
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
