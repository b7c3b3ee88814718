"""Appending rows: the only code that INSERTs into the ledger, and it never UPDATEs.

Each function works inside the caller's transaction, so a command or an import decides
what lands together. Visits come in batches through ``executemany``: SQLAlchemy sends a
batch to SQLite as one prepared statement and to PostgreSQL as multi-row INSERTs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect

from activitymonth.ledger.records import AuditEntry, Completion, RecordKind, Visit
from activitymonth.ledger.schema import (
    audit,
    completion_evidence,
    completion_materials,
    completions,
    visits,
)


def serialise(conn: Connection, *key: str) -> None:
    """Hold a PostgreSQL lock on ``key`` until the transaction ends, so two clerks
    correcting the same occurrence at once queue instead of both superseding the same
    record. SQLite needs none: its ``BEGIN IMMEDIATE`` already lets one writer in."""
    if conn.dialect.name == "postgresql":
        joined = "\x1f".join(key)
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(joined, 0))))


def insert_audit(conn: Connection, entry: AuditEntry) -> int:
    """Write one audit row; its id goes on every record the change writes."""
    result = conn.execute(
        audit.insert().values(
            unit=entry.unit,
            plan_id=entry.plan_id,
            action=entry.action.value,
            actor=entry.actor,
            at=entry.at,
            records=entry.records,
            source=entry.source,
            source_sha256=entry.source_sha256,
        )
    )
    return int(result.inserted_primary_key[0])


def insert_completion(conn: Connection, record: Completion, audit_id: int) -> Completion:
    """One completion with its materials and evidence rows."""
    result = conn.execute(
        completions.insert().values(
            audit_id=audit_id,
            unit=record.unit,
            plan_id=record.plan_id,
            item_id=record.item_id,
            item_kind=record.item_kind.value,
            occurrence_id=record.occurrence_id,
            kind=record.kind.value,
            actual_date=record.actual_date,
            participants=record.participants,
            cadres=record.cadres,
            residents=record.residents,
            evidence_text=record.evidence_text,
            note=record.note,
            recorded_by=record.recorded_by,
            recorded_at=record.recorded_at,
            supersedes=record.supersedes,
        )
    )
    record_id = result.inserted_primary_key[0]
    if record.materials:
        conn.execute(
            completion_materials.insert(),
            [
                {"completion_id": record_id, "unit": record.unit, "material": m, "count": n}
                for m, n in record.materials
            ],
        )
    if record.evidence:
        conn.execute(
            completion_evidence.insert(),
            [
                {
                    "completion_id": record_id,
                    "position": position,
                    "unit": record.unit,
                    "path": item.path,
                    "sha256": item.sha256,
                    "size": item.size,
                }
                for position, item in enumerate(record.evidence, 1)
            ],
        )
    return replace(record, id=record_id)


def visit_values(record: Visit, audit_id: int) -> dict[str, Any]:
    """The ``visits`` row of a visit (what ``insert_visit_rows`` takes)."""
    return {
        "audit_id": audit_id,
        "unit": record.unit,
        "plan_id": record.plan_id,
        "pair_key": record.pair_key,
        "cadre": record.cadre,
        "visit_date": record.visit_date,
        "mode": record.mode.value,
        "topics": record.topics,
        "solved": record.solved,
        "knows_family": record.family.known,
        "family": record.family.text,
        "knows_goals": record.goals.known,
        "goals": record.goals.text,
        "knows_skills": record.skills.known,
        "skills": record.skills.text,
        "knows_needs": record.needs.known,
        "needs": record.needs.text,
        "kind": record.kind.value,
        "note": record.note,
        "recorded_by": record.recorded_by,
        "recorded_at": record.recorded_at,
        "supersedes": record.supersedes,
    }


def insert_visit(conn: Connection, record: Visit, audit_id: int) -> Visit:
    result = conn.execute(visits.insert().values(visit_values(record, audit_id)))
    return replace(record, id=result.inserted_primary_key[0])


SHARED_VISIT_COLUMNS = (
    "audit_id",
    "unit",
    "plan_id",
    "kind",
    "supersedes",
    "recorded_by",
    "recorded_at",
)
"""Columns an import gives the same value in every row; the rest come from the file."""


class VisitBulkInsert:
    """Many visits through the driver's ``executemany``, with no per-value work left.

    SQLAlchemy Core compiles the INSERT for the dialect once; values are converted to what
    the driver stores (a date becomes text on SQLite) by ``convert``, which an importer
    calls once per distinct value, so each row is a plain tuple handed straight to the
    driver. SQLAlchemy's own per-row parameter processing would cost more than SQLite's
    insert itself.
    """

    def __init__(self, dialect: Dialect) -> None:
        self.columns = tuple(c.name for c in visits.c if c.name != "id")
        self.own_columns = self.columns[len(SHARED_VISIT_COLUMNS) :]
        if self.columns[: len(SHARED_VISIT_COLUMNS)] != SHARED_VISIT_COLUMNS:
            raise AssertionError("schema.visits must list the shared columns first")
        self._compiled = visits.insert().compile(
            dialect=dialect, column_keys=list(self.columns), for_executemany=True
        )
        if tuple(self._compiled.positiontup or ()) != self.columns:
            raise AssertionError("the ledger's engines use positional parameters (store.py)")
        self._processors = {
            name: visits.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in self.columns
        }

    def convert(self, column: str, value: Any) -> Any:
        """``value`` as the driver stores it in ``column``."""
        processor = self._processors[column]
        return value if processor is None or value is None else processor(value)

    def shared(
        self, audit_id: int, unit: str, plan_id: str, by: str, at: datetime
    ) -> tuple[Any, ...]:
        """The converted values every row of one import shares."""
        values = (audit_id, unit, plan_id, RecordKind.DONE.value, None, by, at)
        return tuple(self.convert(c, v) for c, v in zip(SHARED_VISIT_COLUMNS, values, strict=True))

    def insert(
        self, conn: Connection, shared: tuple[Any, ...], rows: Sequence[tuple[Any, ...]]
    ) -> None:
        """One batch: each row holds converted values for ``own_columns``."""
        conn.exec_driver_sql(self._compiled.string, [shared + row for row in rows])
