"""Opening a ledger: a SQLite file beside the plan, or a shared PostgreSQL by URL.

One unit needs no set-up, so the default is ``<plan-stem>.ledger.sqlite`` next to the plan
file. A county shares one PostgreSQL database (``--db postgresql://…`` or the environment
variable ``ACTIVITYMONTH_DB``). The same SQLAlchemy Core code runs on both; only the
connection set-up differs:

- SQLite runs in WAL mode (readers never block the writer) with a busy timeout, and every
  write transaction starts with ``BEGIN IMMEDIATE``: two processes then queue for the
  write lock instead of failing when a read turns into a write.
- PostgreSQL is reached through psycopg 3 whatever driver the URL names.

Every open migrates the schema (see ``migrations``) in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from activitymonth.i18n import Text
from activitymonth.ledger.errors import LedgerError
from activitymonth.ledger.migrations import STEPS, Step, migrate
from activitymonth.ledger.schema import schema_version

BUSY_TIMEOUT_MS = 60_000
"""How long a SQLite writer waits for another process's transaction before giving up."""

_WRITE = "activitymonth_write"


@dataclass(frozen=True)
class Ledger:
    """An open ledger database. Use ``write()`` and ``read()`` for transactions."""

    engine: Engine
    shown: str

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: committed when the block ends, rolled back on any error,
        so a command (or a whole import) lands entirely or not at all."""
        with self._transaction(write=True) as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: one consistent snapshot, and no write lock taken."""
        with self._transaction(write=False) as conn:
            yield conn

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(**{_WRITE: write})
                with conn.begin():
                    yield conn
        except DBAPIError as error:
            raise database_error(error, self.shown) from error

    def close(self) -> None:
        self.engine.dispose()


def open_ledger(location: str | Path, steps: Sequence[Step] = STEPS) -> Ledger:
    """Open (creating or migrating as needed) the ledger at a file path or database URL."""
    engine, shown = _engine(str(location))
    ledger = Ledger(engine, shown)
    try:
        with ledger.write() as conn:
            migrate(conn, steps)
    except BaseException:
        engine.dispose()
        raise
    return ledger


def existing_ledger(location: str | Path, steps: Sequence[Step] = STEPS) -> Ledger | None:
    """The ledger at a file path or URL for reading, or None when nothing was ever recorded
    there (no SQLite file; no ledger tables in the PostgreSQL database).

    Commands that only read (``status``, ``check --db``) use this instead of ``open_ledger``
    so that looking never leaves an empty ledger file or schema behind. An existing ledger
    is checked and migrated as ``open_ledger`` does."""
    engine, shown = _engine(str(location))
    ledger = Ledger(engine, shown)
    try:
        if not _has_ledger(ledger):
            engine.dispose()
            return None
        with ledger.write() as conn:
            migrate(conn, steps)
    except BaseException:
        engine.dispose()
        raise
    return ledger


def _has_ledger(ledger: Ledger) -> bool:
    """Whether the location holds a ledger. A SQLite file that exists but is no ledger
    (some other program's database) is refused rather than given ledger tables."""
    if ledger.dialect == "sqlite":
        database = ledger.engine.url.database
        if not database or not Path(str(database)).is_file():
            return False
    try:
        with ledger.read() as conn:
            found = sa.inspect(conn).has_table(schema_version.name)
    except DBAPIError as error:
        raise database_error(error, ledger.shown) from None
    if not found and ledger.dialect == "sqlite":
        raise LedgerError(
            Text(
                f"{ledger.shown} 不是 activitymonth 台账（其中没有台账的表）",
                f"{ledger.shown} is not an activitymonth ledger (it has no ledger tables)",
            ),
            Text(
                "检查 --db 指向的文件；台账默认是计划旁的 计划名.ledger.sqlite",
                "check the file --db names; a plan's ledger is PLAN.ledger.sqlite beside it",
            ),
        )
    return found


def database_error(error: DBAPIError, shown: str) -> LedgerError:
    """A database refusal in words a clerk can act on."""
    detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    code = getattr(error.orig, "sqlstate", None)
    if code == "42501" or "row-level security" in detail:
        return LedgerError(
            Text(
                f"数据库 {shown} 拒绝了这次操作：{detail}", f"{shown} refused the change: {detail}"
            ),
            Text(
                "用计划 unit 所属单位的账号登录，或请管理员运行 activitymonth db init --units",
                "log in with the account of the plan's unit, or ask the administrator to run "
                "activitymonth db init --units",
            ),
        )
    if isinstance(error, sa.exc.IntegrityError):
        return LedgerError(
            Text(
                f"另一条记录同时写入了同一事项，本次未保存：{detail}",
                f"another change to the same item was saved at the same moment; "
                f"nothing was saved: {detail}",
            ),
            Text("重新运行同一命令", "run the same command again"),
        )
    return LedgerError(
        Text(f"无法使用台账数据库 {shown}：{detail}", f"cannot use the ledger {shown}: {detail}"),
        Text(
            "检查 --db 或环境变量 ACTIVITYMONTH_DB，以及数据库是否在运行、文件是否完好",
            "check --db or ACTIVITYMONTH_DB, that the server runs and the file is intact",
        ),
    )


def _engine(location: str) -> tuple[Engine, str]:
    if "://" not in location:
        return _sqlite_engine(Path(location)), location
    try:
        url = make_url(location)
    except ArgumentError:
        raise _unsupported(location) from None
    if url.get_backend_name() == "sqlite" and url.database:
        return _sqlite_engine(Path(url.database)), url.database
    if url.get_backend_name() in ("postgresql", "postgres"):
        shown = url.render_as_string(hide_password=True)
        # Positional parameters, as SQLite's: bulk inserts then pass plain tuples (writes.py).
        engine = sa.create_engine(url.set(drivername="postgresql+psycopg"), paramstyle="format")
        return engine, shown
    raise _unsupported(url.render_as_string(hide_password=True))


def _unsupported(shown: str) -> LedgerError:
    return LedgerError(
        Text(f"不支持的台账数据库 “{shown}”", f"unsupported ledger database '{shown}'"),
        Text(
            "用 SQLite 文件路径（如 plan.ledger.sqlite）或 postgresql://用户@主机/库名",
            "give a SQLite file path (plan.ledger.sqlite) or postgresql://user@host/dbname",
        ),
    )


def _sqlite_engine(path: Path) -> Engine:
    if not path.parent.is_dir():
        raise LedgerError(
            Text(f"台账所在文件夹 {path.parent} 不存在", f"folder {path.parent} does not exist"),
            Text("先建好文件夹，或用 --db 指定别处", "create it first, or choose --db elsewhere"),
        )
    engine = sa.create_engine(
        sa.URL.create("sqlite", database=str(path)),
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
    )
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun by _sqlite_begin, not by the driver's implicit BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        f"busy_timeout = {BUSY_TIMEOUT_MS}",
        "journal_mode = WAL",
        "synchronous = NORMAL",
        "foreign_keys = ON",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get(_WRITE, True)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
