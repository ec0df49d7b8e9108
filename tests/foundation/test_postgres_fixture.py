"""The throwaway PostgreSQL server of tests/postgres.py: it answers, it is private to
127.0.0.1, each test gets a database of its own, and it leaves nothing behind."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
import sqlalchemy as sa

from tests.postgres import (
    PREFIX,
    Server,
    _remove_orphans,
    _unavailable,
    fresh_database,
    start_server,
)


def tables_of(url: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return sa.inspect(conn).get_table_names()
    finally:
        engine.dispose()


def test_each_test_database_is_new_empty_and_dropped_after(postgres_db_url: str,
                                                           postgres_server: Server,
                                                           postgres_url: str) -> None:
    assert tables_of(postgres_db_url) == []
    engine = sa.create_engine(postgres_db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("create table kasus (id int primary key)"))
        conn.execute(sa.text("insert into kasus values (1)"))
    engine.connect()  # left open: the drop must not trip over it
    with fresh_database(postgres_server) as other:  # what the next test gets
        assert other != postgres_db_url
        assert tables_of(other) == []
    admin = sa.create_engine(postgres_url)
    try:
        with admin.connect() as conn:
            names = conn.execute(sa.text("select datname from pg_database")).scalars().all()
    finally:
        admin.dispose()
        engine.dispose()
    assert other.rsplit("/", 1)[1] not in names, "a test database was not dropped"
    assert postgres_db_url.rsplit("/", 1)[1] in names


def test_database_url_gives_each_engine_an_empty_database(database_url: str) -> None:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            assert sa.inspect(conn).get_table_names() == []
            assert conn.execute(sa.text("select 1")).scalar_one() == 1
    finally:
        engine.dispose()


def test_the_server_listens_on_127_0_0_1_only(postgres_server: Server,
                                              postgres_url: str) -> None:
    engine = sa.create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("show listen_addresses")).scalar_one() == "127.0.0.1"
    finally:
        engine.dispose()
    listening = {c.laddr for c in psutil.Process(postgres_server.process.pid).net_connections(
        kind="inet") if c.status == psutil.CONN_LISTEN}
    assert listening == {("127.0.0.1", postgres_server.port)}
    # another loopback address of this machine is refused
    if os.name != "nt":
        with socket.socket() as s, pytest.raises(OSError):
            s.settimeout(2)
            s.connect(("127.0.0.2", postgres_server.port))


def test_a_server_runs_unprivileged_and_leaves_nothing_behind(
        postgres_server: Server) -> None:
    server = start_server(postgres_server.bin_dir)
    try:
        data = server.root / "data"
        owner = psutil.Process(server.process.pid).username()
        if os.name != "nt" and os.geteuid() == 0:
            assert owner == "postgres"
            assert data.owner() == "postgres"
        else:
            assert owner == psutil.Process().username()
        assert (data / "PG_VERSION").is_file()
    finally:
        server.stop()
    assert server.process.returncode is not None
    assert not Path(server.root).exists()


def test_no_server_skips_but_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="PostgreSQL tests skipped: why"):
        _unavailable("why")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI: why"):
        _unavailable("why")


def test_folders_of_a_killed_pytest_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    for name, owner in (("dead", gone), ("live", str(os.getpid()))):
        folder = tmp_path / f"{PREFIX}{name}"
        (folder / "data").mkdir(parents=True)
        (folder / "owner.pid").write_text(owner, encoding="ascii")
    (tmp_path / f"{PREFIX}new").mkdir()  # being made: no owner.pid yet
    _remove_orphans(str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{PREFIX}live", f"{PREFIX}new"]
