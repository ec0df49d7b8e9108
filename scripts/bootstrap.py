"""The project's set-up and entry point on Linux, macOS and Windows (standard library only).

``./run`` (bash) and ``run.cmd`` (Windows) only find a Python and call this script. Every
command first makes sure of what it needs, doing only what is missing (safe to run again):

    demo            the virtualenv, the package, a browser, ``.env``; then the demo
    test [ARGS]     the same with the development tools, PostgreSQL for the register's
                    tests (Debian's package, as root with apt-get); then pytest (with no
                    ARGS in parallel: one worker per CPU, 2 to 6, worksteal)
    lint            the development tools; then ruff and mypy, as CI runs them
    COMMAND ...     any oss-assist command, with the runtime packages only

An operator's PC gets the runtime packages only; ``test`` and ``lint`` add the
development tools (pytest, mypy, ruff, ...). Exit codes: those of the command run, else
2 Python too old, 3 no browser could be had, 4 the packages could not be installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

ROOT = Path(__file__).resolve().parent.parent
MIN_PYTHON = (3, 11)
#: Where Debian puts the server binary when it is not on the PATH.
POSTGRES_PLACES = ((Path("/usr/lib/postgresql"), "*/bin/postgres"),)
LINT_PATHS = ("oss_assist", "tests", "benchmarks", "scripts")


def say(text: str) -> None:
    print(f"[oss-assist] {text}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Layout:
    """Where the virtualenv's files are, on this system or on another (for tests)."""

    root: PurePath
    windows: bool

    @property
    def venv(self) -> PurePath:
        return self.root / ".venv"

    @property
    def bin(self) -> PurePath:
        return self.venv / ("Scripts" if self.windows else "bin")

    @property
    def python(self) -> PurePath:
        return self.bin / ("python.exe" if self.windows else "python")

    def tool(self, name: str) -> PurePath:
        return self.bin / (f"{name}.exe" if self.windows else name)

    @property
    def stamp(self) -> PurePath:
        return self.venv / ".installed"


def layout(root: Path | str = ROOT, platform: str = sys.platform) -> Layout:
    """The layout for ``platform`` (this system's by default, with concrete paths)."""
    windows = platform.startswith("win")
    if windows == (os.name == "nt"):
        return Layout(Path(root), windows)
    return Layout(PureWindowsPath(str(root)) if windows else PurePosixPath(str(root)), windows)


def stamp_for(pyproject: bytes, dev: bool) -> str:
    """What ``.venv/.installed`` says after an install: the pyproject's hash and the kind."""
    return f"{hashlib.sha256(pyproject).hexdigest()} {'dev' if dev else 'runtime'}"


def needs_install(stamp: str | None, pyproject: bytes, dev: bool) -> bool:
    """Whether the packages must be installed (again): a new pyproject, or the development
    tools wanted where only the runtime is."""
    if not stamp:
        return True
    digest, _, kind = stamp.strip().partition(" ")
    if digest != hashlib.sha256(pyproject).hexdigest():
        return True
    return dev and kind != "dev"


def ensure_venv(lay: Layout, *, dev: bool) -> None:
    if sys.version_info < MIN_PYTHON:
        say(f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer is needed (this is "
            f"{sys.version.split()[0]}). Install it from https://www.python.org/downloads/ "
            "and run this again.")
        raise SystemExit(2)
    python = Path(lay.python)
    if not python.exists():
        say(f"creating the virtualenv in {lay.venv}")
        subprocess.run([sys.executable, "-m", "venv", str(lay.venv)], check=True)
    pyproject = (Path(lay.root) / "pyproject.toml").read_bytes()
    stamp_path = Path(lay.stamp)
    stamp = stamp_path.read_text() if stamp_path.exists() else None
    if not needs_install(stamp, pyproject, dev):
        return
    say("installing oss-assist and its packages" + (" with the development tools" if dev
                                                     else ""))
    target = ".[dev]" if dev else "."
    for args in (["install", "--quiet", "--upgrade", "pip"],
                 ["install", "--quiet", "-e", target]):
        done = subprocess.run([str(python), "-m", "pip", *args], cwd=lay.root, check=False)
        if done.returncode != 0:
            say("the packages could not be installed (see pip's message above). Check the "
                "internet connection and run this again.")
            raise SystemExit(4)
    stamp_path.write_text(stamp_for(pyproject, dev) + "\n")


def ensure_env_file(root: Path = ROOT) -> bool:
    """Copy ``.env.example`` to ``.env`` when there is none (True when copied); on POSIX
    the copy is readable by its owner only."""
    env, example = root / ".env", root / ".env.example"
    if env.exists() or not example.exists():
        return False
    shutil.copyfile(example, env)
    if os.name != "nt":
        env.chmod(0o600)
    say(f"wrote {env.name} from {example.name}: put the operator's name in it")
    return True


def ensure_browser(lay: Layout) -> None:
    done = subprocess.run([str(lay.python), "-m", "oss_assist", "install-browser"],
                          stdout=subprocess.DEVNULL, check=False)
    if done.returncode != 0:
        say("no browser could be found or installed; see the message above")
        raise SystemExit(3)


def postgres_found(places: tuple[tuple[Path, str], ...] = POSTGRES_PLACES) -> bool:
    return shutil.which("postgres") is not None or any(
        any(base.glob(pattern)) for base, pattern in places)


def ensure_postgres() -> None:
    """The register's tests also run on PostgreSQL (tests/postgres.py starts a throwaway
    server from its binaries): root with apt-get installs Debian's; anyone else is told."""
    if postgres_found():
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        say("installing PostgreSQL (Debian's postgresql) for the tests")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = [apt, "install", "-y", "-qq", "postgresql"]
        out = subprocess.run(install, env=env, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            update = subprocess.run([apt, "update", "-qq"], env=env, capture_output=True,
                                    text=True, check=False)
            out = subprocess.run(install, env=env, capture_output=True, text=True,
                                 check=False)
            out.stdout = update.stdout + out.stdout
        if out.returncode == 0:
            return
        print("\n".join((out.stdout + out.stderr).splitlines()[-20:]), file=sys.stderr)
        say("PostgreSQL could not be installed: its tests will be skipped (they fail when "
            "CI=true)")
    else:
        say("no PostgreSQL server found and not root with apt-get: the PostgreSQL tests will "
            "be skipped (they fail when CI=true); install PostgreSQL to run them")


def workers(cpus: int | None) -> int:
    """pytest-xdist workers: one per CPU, 2 to 6 (more workers than cores made browser
    timings flaky on a loaded machine)."""
    return max(2, min(6, cpus or 2))


def plan(argv: list[str]) -> tuple[str, list[str], bool]:
    """The command, its arguments, and whether it needs the development tools."""
    command, args = (argv[0], argv[1:]) if argv else ("demo", [])
    return command, args, command in ("test", "lint")


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    command, args, dev = plan(list(sys.argv[1:] if argv is None else argv))
    lay = layout(root)
    ensure_venv(lay, dev=dev)
    ensure_env_file(root)
    python = str(lay.python)
    call = _caller(root)
    if command == "demo":
        ensure_browser(lay)
        return call([python, "-m", "oss_assist", "demo", *args])
    if command == "test":
        ensure_browser(lay)
        ensure_postgres()
        if not args:
            args = ["-n", str(workers(os.cpu_count())), "--dist", "worksteal"]
        return call([python, "-m", "pytest", *args])
    if command == "lint":
        code = call([python, "-m", "ruff", "check", *LINT_PATHS])
        return code or call([python, "-m", "mypy"])
    return call([python, "-m", "oss_assist", command, *args])


def _caller(root: Path) -> Callable[[list[str]], int]:
    def call(cmd: list[str]) -> int:
        try:
            return subprocess.run(cmd, cwd=root, check=False).returncode
        except KeyboardInterrupt:
            return 130

    return call


if __name__ == "__main__":
    sys.exit(main())
