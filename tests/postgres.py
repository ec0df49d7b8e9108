"""A throwaway PostgreSQL server for the tests (a pytest plugin, loaded by conftest.py).

``postgres_url`` (session) starts one server per pytest process (so one per xdist worker)
in a temporary folder: ``initdb`` with trust authentication, listening on 127.0.0.1 only,
on a free port, its unix socket inside that folder, durability switched off for speed.
It yields ``postgresql+psycopg://postgres@127.0.0.1:PORT/DBNAME`` and stops the server and
removes the folder at the end, whatever the tests did. As root (CI), the folder belongs to
the ``postgres`` user and initdb and the server run as that user (PostgreSQL refuses root);
as anyone else they run as the current user.

``postgres_db_url`` (function) gives each test its own new, empty database on that server,
dropped afterwards. ``database_url`` runs a test twice: on SQLite, then on PostgreSQL.

No PostgreSQL binaries (an office PC, a developer without them): the tests that need the
server are skipped, saying why; with ``CI=true`` they fail instead, so that CI never
quietly drops the PostgreSQL half. ``./run test`` installs Debian's server when it can.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SUPERUSER = "postgres"
#: The database the session fixture creates; the per-test databases are copies of it.
SESSION_DB = "oss_assist_test"
#: The temporary folders' names begin so.
PREFIX = "oss-assist-pg-"
START_TIMEOUT_S = 30.0
SPEED = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
_test_dbs = itertools.count(1)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _unavailable(reason: str) -> None:
    """Skip: no server can be had here. In CI that is a failure, never a quiet skip."""
    if _in_ci():
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def find_bin_dir() -> Path | None:
    """The folder holding ``initdb`` and ``postgres``: from PATH, else the newest Debian one."""
    exe = ".exe" if os.name == "nt" else ""
    found = shutil.which("postgres")
    candidates = [Path(found).resolve().parent] if found else []
    debian = Path("/usr/lib/postgresql").glob("*/bin")

    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in re.findall(r"\d+", p.parent.name)) or (0,)

    candidates += sorted(debian, key=version, reverse=True)
    for folder in candidates:
        if (folder / f"initdb{exe}").is_file() and (folder / f"postgres{exe}").is_file():
            return folder
    return None


def _temp_parent() -> str | None:
    """Linux's /dev/shm (memory) when it has room: CREATE DATABASE copies files, and on disk
    that takes ~0.25 s against ~0.01 s there. Else the system's temp folder."""
    shm = "/dev/shm"
    with contextlib.suppress(OSError):
        if os.access(shm, os.W_OK | os.X_OK) and shutil.disk_usage(shm).free > 1 << 30:
            return shm
    return None


def _alive(pid: int, name: str = "") -> bool | None:
    """Whether process ``pid`` runs (and its name starts with ``name``); None if unsure."""
    try:
        import psutil
    except ImportError:
        return None
    try:
        return psutil.Process(pid).name().startswith(name)
    except psutil.NoSuchProcess:
        return False
    except psutil.Error:
        return None


def _remove_orphans(parent: str | None) -> None:
    """Servers whose pytest was killed outright (no teardown) hold memory in /dev/shm: stop
    them and remove their folders. A folder is an orphan once the pytest that made it (its
    owner.pid) is gone."""
    for root in Path(parent or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            owner = int((root / "owner.pid").read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue  # being made right now, or not ours
        if _alive(owner) is not False:
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int((root / "data" / "postmaster.pid").read_text().split()[0])
            if _alive(pid, "postgres") is True:
                os.kill(pid, signal.SIGQUIT if os.name != "nt" else signal.SIGTERM)
        shutil.rmtree(root, ignore_errors=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    """A running throwaway cluster."""

    root: Path
    port: int
    process: subprocess.Popen[bytes]
    bin_dir: Path
    run_as: dict[str, Any]

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres") -> Any:
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                               dbname=dbname, autocommit=True, connect_timeout=5)

    def log(self) -> str:
        with contextlib.suppress(OSError):
            return (self.root / "server.log").read_text(errors="replace")[-4000:]
        return ""

    def stop(self) -> None:
        """Fast shutdown (roll back, disconnect, stop); kill it if it will not go."""
        proc = self.process
        if proc.poll() is None:
            if os.name == "nt":
                subprocess.run([str(self.bin_dir / "pg_ctl.exe"), "stop", "-m", "fast",
                                "-D", str(self.root / "data")], capture_output=True,
                               check=False, timeout=30)
            else:
                proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)


def _run_as() -> dict[str, Any]:
    """Popen arguments that drop root to the ``postgres`` user; nothing for anyone else."""
    if os.name == "nt" or os.geteuid() != 0:
        return {}
    import pwd

    try:
        pw = pwd.getpwnam(SUPERUSER)
    except KeyError:
        _unavailable("running as root, and there is no 'postgres' user to run the server as "
                     "(PostgreSQL refuses root; installing Debian's 'postgresql' creates it)")
        raise  # not reached
    return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": [],
            "env": {**os.environ, "HOME": "/", "USER": SUPERUSER, "LOGNAME": SUPERUSER}}


def start_server(bin_dir: Path, *, attempts: int = 3) -> Server:
    """initdb a cluster in a new temp folder and start it on a free port; wait for it."""
    run_as = _run_as()
    exe = ".exe" if os.name == "nt" else ""
    # Not pytest's tmp_path: its folders are 0700 and root's, where 'postgres' cannot go,
    # and a unix socket path must stay short. mkdtemp's names never clash between workers.
    _remove_orphans(_temp_parent())
    root = Path(tempfile.mkdtemp(prefix=PREFIX, dir=_temp_parent()))
    try:
        (root / "owner.pid").write_text(str(os.getpid()), encoding="ascii")
        if run_as:
            os.chown(root, run_as["user"], run_as["group"])
        data = root / "data"
        init = subprocess.run(
            [str(bin_dir / f"initdb{exe}"), "-D", str(data), "-U", SUPERUSER,
             "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
            cwd=root, capture_output=True, text=True, check=False, timeout=120, **run_as)
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{init.stdout}\n{init.stderr}")
        last_log = ""
        for _ in range(attempts):
            # A free port can be taken by someone else before the server binds it: retry.
            port = _free_port()
            socket_dir = "" if os.name == "nt" else str(root)
            with (root / "server.log").open("wb") as log:
                proc = subprocess.Popen(
                    [str(bin_dir / f"postgres{exe}"), "-D", str(data), "-p", str(port),
                     "-c", "listen_addresses=127.0.0.1",
                     "-c", f"unix_socket_directories={socket_dir}", *SPEED],
                    cwd=root, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    **run_as)
            server = Server(root, port, proc, bin_dir, run_as)
            if _wait_ready(server):
                return server
            last_log = server.log()
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
        raise RuntimeError(f"the PostgreSQL server did not start:\n{last_log}")
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


def _wait_ready(server: Server) -> bool:
    import psycopg

    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False  # exited: most likely the port was taken
        try:
            server.connect().close()
            return True
        except psycopg.OperationalError:
            time.sleep(0.05)
    return False


def _worker() -> str:
    return re.sub(r"\W", "", os.environ.get("PYTEST_XDIST_WORKER", "")) or "main"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """The session's (this worker's) throwaway server; see the module's docstring."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the 'psycopg' package is not installed (pip install -e '.[dev]')")
    bin_dir = find_bin_dir()
    if bin_dir is None:
        _unavailable("no PostgreSQL server (initdb and postgres) in PATH or "
                     "/usr/lib/postgresql/*/bin; install it (as root, ./run test does)")
    assert bin_dir is not None
    server = start_server(bin_dir)
    try:
        with server.connect() as conn:
            conn.execute(f'CREATE DATABASE "{SESSION_DB}"')
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: Server) -> str:
    """``postgresql+psycopg://postgres@127.0.0.1:PORT/oss_assist_test``, shared by the
    session's tests (use ``postgres_db_url`` for a database of the test's own)."""
    return postgres_server.url(SESSION_DB)


@contextlib.contextmanager
def fresh_database(server: Server) -> Iterator[str]:
    """A new, empty database on ``server`` (its URL), dropped on leaving even with
    connections left open. A copy of ``template0``: about 0.02 s to create and drop."""
    name = f"t_{_worker()}_{os.getpid()}_{next(_test_dbs)}"
    with server.connect() as conn:
        # FILE_COPY (PostgreSQL 15+) copies the empty template twice as fast as WAL_LOG.
        fast = " STRATEGY FILE_COPY" if conn.info.server_version >= 150000 else ""
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0{fast}')
    try:
        yield server.url(name)
    finally:
        with server.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_db_url(postgres_server: Server) -> Iterator[str]:
    """A new, empty database for this test alone, dropped after it."""
    with fresh_database(postgres_server) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The test runs twice: on a new SQLite file, then on a new PostgreSQL database.
    ``-k sqlite`` / ``-k postgresql`` picks one."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'register.sqlite3').as_posix()}"
    url: str = request.getfixturevalue("postgres_db_url")
    return url

