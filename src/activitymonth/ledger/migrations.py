"""Schema versions: create a new ledger at the newest version, move older ones forward.

A ledger outlives the release that created it (a county keeps years of records), so the
database says which schema it has in ``schema_version``. A new database gets ``schema.py``
as it stands and is stamped with the newest version; an older one runs each later
``Step`` in order, all inside the caller's transaction, so a failed step leaves it as it
was. A database newer than this code is refused: writing to a schema one does not know
can lose data.

To change the schema: edit ``schema.py`` (the newest shape, for new ledgers) and append a
``Step`` to ``STEPS`` that makes the same change to an existing ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from activitymonth.i18n import Text
from activitymonth.ledger.errors import LedgerError, LedgerVersionError
from activitymonth.ledger.schema import HISTORY_TABLES, RHYTHM_INDEX, metadata, schema_version

BASELINE = 1
"""The version of the first released schema; a new ledger starts at the newest version."""

MIGRATION_LOCK = 0x616D_6C65_6467
"""PostgreSQL advisory lock key ("amledg") so two first users do not create tables twice."""


@dataclass(frozen=True, slots=True)
class Step:
    """Moves an existing ledger from ``version - 1`` to ``version``."""

    version: int
    description: str
    apply: Callable[[Connection], None]


def _index_visits_for_rhythm(conn: Connection) -> None:
    """Replace the baseline's visits index by ``schema.RHYTHM_INDEX``, which also holds
    ``kind`` (and ``id`` on PostgreSQL): the rhythm queries then read the index alone
    instead of fetching each visit's row from a table kept in import order (see
    docs/benchmarks.md, "Ledger")."""
    RHYTHM_INDEX.create(conn, checkfirst=True)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_visits_unit_plan_id_pair_key_visit_date")


STEPS: tuple[Step, ...] = (
    Step(2, "visits index for the rhythm queries", _index_visits_for_rhythm),
)
"""Forward steps after the baseline, in version order."""


def newest_version(steps: Sequence[Step] = STEPS) -> int:
    return steps[-1].version if steps else BASELINE


def migrate(conn: Connection, steps: Sequence[Step] = STEPS) -> int:
    """Bring the database to the newest version inside ``conn``'s open transaction.

    Returns the version the database had before (0 for a new one). Raises
    ``LedgerVersionError`` for a database written by a newer release.
    """
    newest = newest_version(steps)
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK)))
    inspector = sa.inspect(conn)
    if not inspector.has_table(schema_version.name):
        found = [t.name for t in HISTORY_TABLES if inspector.has_table(t.name)]
        if found:
            raise LedgerError(
                Text(
                    f"数据库里已有表 {', '.join(found)}，但没有 schema_version，不是本程序的台账",
                    f"the database has tables {', '.join(found)} but no schema_version: "
                    "it is not an activitymonth ledger",
                ),
                Text("换一个数据库或文件（--db）", "point --db at another database or file"),
            )
        metadata.create_all(conn)
        _stamp(conn, newest, "new ledger")
        return 0
    current = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar_one()
    if current is None:
        raise LedgerError(
            Text("台账的 schema_version 表是空的", "the ledger's schema_version table is empty"),
            Text(
                "从备份恢复该数据库，或换一个新文件",
                "restore the database from a backup or start a new file",
            ),
        )
    if current > newest:
        raise LedgerVersionError(
            Text(
                f"台账数据库的结构版本是 {current}，本程序只支持到 {newest}；为免损坏数据未打开",
                f"the ledger's schema version is {current} but this release knows only up to "
                f"{newest}; it was not opened so that no data is damaged",
            ),
            Text(
                "升级 activitymonth（pip install -U activitymonth）后再试",
                "upgrade activitymonth (pip install -U activitymonth) and retry",
            ),
        )
    for step in steps:
        if step.version > current:
            step.apply(conn)
            _stamp(conn, step.version, step.description)
    return current


def _stamp(conn: Connection, version: int, description: str) -> None:
    conn.execute(
        schema_version.insert().values(
            version=version, applied_at=datetime.now(UTC), description=description
        )
    )
