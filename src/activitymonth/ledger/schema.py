"""The ledger's tables (SQLAlchemy Core), identical on SQLite and PostgreSQL.

History is append-only: a correction is a new row whose ``supersedes`` names the row it
replaces, so every figure in a report can be traced to who recorded it and when. Every row
carries the plan's ``unit``, which PostgreSQL's row-level security keys on; the composite
foreign keys ``(x_id, unit)`` make the database itself refuse a row that points at another
unit's row, on SQLite as well as PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from activitymonth.ledger.records import RecordKind, VisitMode
from activitymonth.schedule import ItemKind

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

RecordId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
"""64-bit ids on PostgreSQL; SQLite's INTEGER PRIMARY KEY is already 64-bit and is the rowid."""

Name = sa.String(200)
"""Units, plan ids, item ids, pair keys and people: short, human-chosen strings."""


class UtcDateTime(sa.TypeDecorator[datetime]):
    """An aware timestamp stored as UTC, because SQLite keeps no time zone of its own."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("ledger timestamps must be time-zone aware")
        return value.astimezone(UTC) if dialect.name != "sqlite" else _naive_utc(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _naive_utc(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def _flag(name: str) -> sa.Boolean:
    """A boolean that SQLite also holds to 0/1."""
    return sa.Boolean(create_constraint=True, name=name)


def _one_of(column: str, values: Iterable[StrEnum]) -> str:
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return f"{column} IN ({allowed})"


def _one_successor(table: str) -> sa.Index:
    """A record is superseded at most once, so history is a chain and never forks. Partial,
    so the many rows that supersede nothing cost no index entry."""
    only_corrections = sa.text("supersedes IS NOT NULL")
    return sa.Index(
        f"uq_{table}_supersedes",
        "supersedes",
        unique=True,
        sqlite_where=only_corrections,
        postgresql_where=only_corrections,
    )


schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", UtcDateTime, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
)

audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", RecordId, primary_key=True),
    sa.Column("unit", Name, nullable=False),
    sa.Column("plan_id", Name, nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("actor", Name, nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("records", sa.Integer, nullable=False),
    sa.Column("source", sa.Text),
    sa.Column("source_sha256", sa.String(64)),
    sa.UniqueConstraint("id", "unit"),
    sa.Index(None, "unit", "plan_id", "at"),
)

completions = sa.Table(
    "completions",
    metadata,
    sa.Column("id", RecordId, primary_key=True),
    sa.Column("audit_id", RecordId, nullable=False),
    sa.Column("unit", Name, nullable=False),
    sa.Column("plan_id", Name, nullable=False),
    sa.Column("item_id", Name, nullable=False),
    sa.Column("item_kind", sa.String(20), nullable=False),
    sa.Column("occurrence_id", Name, nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("actual_date", sa.Date),
    sa.Column("participants", sa.Integer),
    sa.Column("cadres", sa.Integer),
    sa.Column("residents", sa.Integer),
    sa.Column("evidence_text", sa.Text),
    sa.Column("note", sa.Text),
    sa.Column("recorded_by", Name, nullable=False),
    sa.Column("recorded_at", UtcDateTime, nullable=False),
    sa.Column("supersedes", RecordId),
    sa.UniqueConstraint("id", "unit"),
    _one_successor("completions"),
    sa.ForeignKeyConstraint(["audit_id", "unit"], ["audit.id", "audit.unit"]),
    sa.ForeignKeyConstraint(["supersedes", "unit"], ["completions.id", "completions.unit"]),
    sa.CheckConstraint(_one_of("kind", RecordKind), name="kind"),
    sa.CheckConstraint(
        _one_of("item_kind", (ItemKind.ACTIVITY, ItemKind.DELIVERABLE)), name="item_kind"
    ),
    sa.CheckConstraint("kind = 'undone' OR actual_date IS NOT NULL", name="done_has_date"),
    sa.CheckConstraint("cadres >= 0 AND residents >= 0", name="split"),
    sa.CheckConstraint(
        "participants >= COALESCE(cadres, 0) + COALESCE(residents, 0)", name="participants"
    ),
    sa.Index(None, "unit", "plan_id", "occurrence_id", "id"),
    sa.Index(None, "unit", "plan_id", "item_id"),
)

completion_materials = sa.Table(
    "completion_materials",
    metadata,
    sa.Column("completion_id", RecordId, primary_key=True),
    sa.Column("material", Name, primary_key=True),
    sa.Column("unit", Name, nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
    sa.ForeignKeyConstraint(["completion_id", "unit"], ["completions.id", "completions.unit"]),
    sa.CheckConstraint("count >= 0", name="count"),
)

completion_evidence = sa.Table(
    "completion_evidence",
    metadata,
    sa.Column("completion_id", RecordId, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("unit", Name, nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.ForeignKeyConstraint(["completion_id", "unit"], ["completions.id", "completions.unit"]),
    sa.CheckConstraint("size >= 0", name="size"),
)

visits = sa.Table(
    "visits",
    metadata,
    sa.Column("id", RecordId, primary_key=True),
    # Columns an import shares across all its rows come first, then the per-visit ones:
    # the bulk insert builds each row as shared + own (see writes.VisitBulkInsert).
    sa.Column("audit_id", RecordId, nullable=False),
    sa.Column("unit", Name, nullable=False),
    sa.Column("plan_id", Name, nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("supersedes", RecordId),
    sa.Column("recorded_by", Name, nullable=False),
    sa.Column("recorded_at", UtcDateTime, nullable=False),
    sa.Column("pair_key", Name, nullable=False),
    sa.Column("cadre", Name, nullable=False),
    sa.Column("visit_date", sa.Date, nullable=False),
    sa.Column("mode", sa.String(10), nullable=False),
    sa.Column("topics", sa.Text),
    sa.Column("solved", sa.Text),
    sa.Column("knows_family", _flag("knows_family"), nullable=False),
    sa.Column("family", sa.Text),
    sa.Column("knows_goals", _flag("knows_goals"), nullable=False),
    sa.Column("goals", sa.Text),
    sa.Column("knows_skills", _flag("knows_skills"), nullable=False),
    sa.Column("skills", sa.Text),
    sa.Column("knows_needs", _flag("knows_needs"), nullable=False),
    sa.Column("needs", sa.Text),
    sa.Column("note", sa.Text),
    sa.UniqueConstraint("id", "unit"),
    _one_successor("visits"),
    sa.ForeignKeyConstraint(["audit_id", "unit"], ["audit.id", "audit.unit"]),
    sa.ForeignKeyConstraint(["supersedes", "unit"], ["visits.id", "visits.unit"]),
    sa.CheckConstraint(_one_of("kind", RecordKind), name="kind"),
    sa.CheckConstraint(_one_of("mode", VisitMode), name="mode"),
)
RHYTHM_INDEX = sa.Index(
    "ix_visits_rhythm",
    visits.c.unit,
    visits.c.plan_id,
    visits.c.pair_key,
    visits.c.visit_date,
    visits.c.kind,
    postgresql_include=["id"],
)
"""Each pair's visits in date order with what says whether they count, so the rhythm
queries (``gaps``) read the index alone and never a table row: the table is in the order
imports arrived, so fetching rows would jump all over it. ``id`` is in every SQLite index
already (the rowid); PostgreSQL carries it for the superseded check."""

HISTORY_TABLES: tuple[sa.Table, ...] = (
    audit,
    completions,
    completion_materials,
    completion_evidence,
    visits,
)
"""Tables nobody may UPDATE or DELETE: the triggers and the PostgreSQL grants cover these."""

APPEND_ONLY_MESSAGE = "activitymonth ledger history is append-only: write a correcting record"

_PG_APPEND_ONLY_FUNCTION = sa.DDL(
    "CREATE OR REPLACE FUNCTION activitymonth_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    f"RAISE EXCEPTION '{APPEND_ONLY_MESSAGE} (%%)', TG_TABLE_NAME "
    "USING ERRCODE = 'insufficient_privilege'; END $$"
)
sa.event.listen(
    metadata, "before_create", _PG_APPEND_ONLY_FUNCTION.execute_if(dialect="postgresql")
)


def _guard_history(table: sa.Table) -> None:
    """Refuse UPDATE and DELETE (and TRUNCATE) on a history table for everyone, the
    database owner included: grants alone would still let the owner rewrite history."""
    name = table.name
    for event in ("UPDATE", "DELETE"):
        sqlite = sa.DDL(
            f"CREATE TRIGGER {name}_no_{event.lower()} BEFORE {event} ON {name} "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        )
        sa.event.listen(table, "after_create", sqlite.execute_if(dialect="sqlite"))
    for timing in ("FOR EACH ROW", "FOR EACH STATEMENT"):
        events = "UPDATE OR DELETE" if timing == "FOR EACH ROW" else "TRUNCATE"
        postgres = sa.DDL(
            f"CREATE TRIGGER {name}_append_only_{timing.rsplit(' ', 1)[1].lower()} "
            f"BEFORE {events} ON {name} {timing} EXECUTE FUNCTION activitymonth_append_only()"
        )
        sa.event.listen(table, "after_create", postgres.execute_if(dialect="postgresql"))


for _table in HISTORY_TABLES:
    _guard_history(_table)
