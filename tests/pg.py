"""A real PostgreSQL server for the ledger tests, started in a temporary folder.

The server listens only on a Unix socket inside its own folder (no TCP port, nothing
reachable from outside) with ``trust`` authentication, so tests can log in as any role
they create. ``initdb`` refuses to run as root, so as root the server runs as the
``postgres`` system user that Debian's package creates.

Without a PostgreSQL installation the tests that need it are skipped with the reason; in
CI (``CI=true``) they fail instead, so a missing install step cannot pass unseen.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

ADMIN = "ledger_admin"
PORT = 5432
"""Only names the socket file: the server opens no TCP port."""


def find_bin_dir() -> Path | None:
    """Folder of ``initdb`` and ``pg_ctl``: ``$PG_BIN``, else the newest Debian install,
    else whatever is on PATH."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def unavailable(reason: str) -> None:
    """Skip locally; fail in CI, where PostgreSQL is part of the set-up."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL not available: {reason}")


@dataclass
class PgServer:
    folder: Path
    _counter: Iterator[int]

    @property
    def socket_dir(self) -> str:
        return str(self.folder)

    def url(self, database: str = "postgres", user: str = ADMIN) -> str:
        return f"postgresql://{user}@/{database}?host={self.socket_dir}&port={PORT}"

    def new_database(self) -> str:
        """A fresh, empty database; returns its name."""
        name = f"ledger_{next(self._counter)}"
        engine = sa.create_engine(
            self.url().replace("postgresql://", "postgresql+psycopg://"),
            isolation_level="AUTOCOMMIT",
        )
        with engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        engine.dispose()
        return name


def _run_as_owner(command: list[str], owner: str | None) -> None:
    full = ["runuser", "-u", owner, "--", *command] if owner else command
    done = subprocess.run(full, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


class PgUnavailable(RuntimeError):
    """No PostgreSQL server could be started here (the message says why)."""


@contextmanager
def running_server(settings: dict[str, str] | None = None) -> Iterator[PgServer]:
    """A throwaway server in a temporary folder, stopped and deleted on leaving; also used
    by ``bench/bench_ledger.py``. ``settings`` are extra ``-c name=value`` options."""
    bin_dir = find_bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        raise PgUnavailable("no initdb found (apt-get install postgresql, or set PG_BIN)")
    owner = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise PgUnavailable(
                "running as root and there is no 'postgres' user to run the server"
            ) from None
        owner = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="am-pg-"))
    if owner:
        shutil.chown(folder, owner)
    data = folder / "data"
    try:
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", ADMIN]
        _run_as_owner([*initdb, "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], owner)
        extra = "".join(f" -c {name}={value}" for name, value in (settings or {}).items())
        options = f"-k {folder} -p {PORT} -c listen_addresses='' -c fsync=off{extra}"
        log = str(folder / "server.log")
        _run_as_owner(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", log, "-w", "start"],
            owner,
        )
    except (RuntimeError, FileNotFoundError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise PgUnavailable(str(error)) from error
    try:
        yield PgServer(folder, itertools.count(1))
    finally:
        _run_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], owner)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PgServer]:
    """One server for the session; each test takes a fresh database from it."""
    with ExitStack() as stack:
        try:
            server = stack.enter_context(running_server())
        except PgUnavailable as error:
            unavailable(str(error))
            return
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's ledger lives: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "plan.ledger.sqlite")
    server: PgServer = request.getfixturevalue("postgres")
    return server.url(server.new_database())
