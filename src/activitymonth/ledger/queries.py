"""Reading the ledger: composable SELECTs for status, rollups and reports.

Province-scale ledgers hold millions of visits, so questions are answered by the database:
each function here returns a SQLAlchemy ``Select`` that callers can filter, join, group or
wrap in window functions (gaps between visits, per-unit counts) before executing it, on
SQLite and PostgreSQL alike. ``load_completions`` and ``load_visits`` turn results into
records when Python needs whole objects.

Two rules give the current state from the append-only history:

- an occurrence's state is its newest record (highest id): ``done`` with its figures, or
  ``undone``;
- a visit counts while no other record supersedes it and its kind is ``done``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from activitymonth.ledger.records import (
    Completion,
    Evidence,
    Fact,
    RecordKind,
    Visit,
    VisitMode,
)
from activitymonth.ledger.schema import (
    audit,
    completion_evidence,
    completion_materials,
    completions,
    visits,
)
from activitymonth.schedule import ItemKind


def _scoped(table: sa.Table, unit: str | None, plan_id: str | None) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if unit is not None:
        conditions.append(table.c.unit == unit)
    if plan_id is not None:
        conditions.append(table.c.plan_id == plan_id)
    return conditions


def completion_history(unit: str | None = None, plan_id: str | None = None) -> sa.Select:
    """Every completion record, corrections included, oldest first."""
    return (
        sa.select(completions)
        .where(*_scoped(completions, unit, plan_id))
        .order_by(completions.c.id)
    )


def current_records(unit: str | None = None, plan_id: str | None = None) -> sa.Select:
    """One row per recorded occurrence: its newest record (``kind`` done or undone)."""
    newest = (
        sa.select(sa.func.max(completions.c.id))
        .where(*_scoped(completions, unit, plan_id))
        .group_by(completions.c.unit, completions.c.plan_id, completions.c.occurrence_id)
    )
    return sa.select(completions).where(completions.c.id.in_(newest))


def done_occurrences(unit: str | None = None, plan_id: str | None = None) -> sa.Select:
    """Occurrences whose newest record says done: the figures a report adds up."""
    current = current_records(unit, plan_id)
    return current.where(completions.c.kind == RecordKind.DONE.value)


def material_totals(unit: str | None = None, plan_id: str | None = None) -> sa.Select:
    """Materials handed out per unit, plan and kind, over occurrences currently done."""
    done = done_occurrences(unit, plan_id).subquery()
    return (
        sa.select(
            done.c.unit,
            done.c.plan_id,
            completion_materials.c.material,
            sa.func.sum(completion_materials.c.count).label("count"),
        )
        .join(completion_materials, completion_materials.c.completion_id == done.c.id)
        .group_by(done.c.unit, done.c.plan_id, completion_materials.c.material)
    )


def live_visits(unit: str | None = None, plan_id: str | None = None) -> sa.Select:
    """Visits that count: kind done and not superseded by a later record."""
    return done_visits(unit, plan_id).where(not_superseded())


def done_visits(unit: str | None = None, plan_id: str | None = None) -> sa.Select:
    """Visits of kind done, superseded or not: ``live_visits`` without the last test, for
    a query that tests each row itself (``gaps.long_stretches`` on PostgreSQL)."""
    return sa.select(visits).where(
        *_scoped(visits, unit, plan_id), visits.c.kind == RecordKind.DONE.value
    )


def not_superseded() -> sa.ColumnElement[bool]:
    """True for a ``visits`` row no later record supersedes. ``IS NOT NULL`` changes no
    answer; it lets a database that hashes the superseded ids read only the small partial
    index ``uq_visits_supersedes`` instead of every row."""
    later = visits.alias("later")
    return ~sa.exists().where(later.c.supersedes.is_not(None), later.c.supersedes == visits.c.id)


def visit_summary(unit: str | None = None, plan_id: str | None = None) -> sa.Select:
    """Per pair: how many visits, the first and last date, and which of the 四个清楚 any
    visit established (``knows_*`` as 0/1)."""
    live = live_visits(unit, plan_id).subquery()
    known = [
        sa.func.max(sa.cast(live.c[f"knows_{fact}"], sa.Integer)).label(f"knows_{fact}")
        for fact in ("family", "goals", "skills", "needs")
    ]
    return sa.select(
        live.c.unit,
        live.c.plan_id,
        live.c.pair_key,
        live.c.cadre,
        sa.func.count().label("visits"),
        sa.func.min(live.c.visit_date).label("first_visit"),
        sa.func.max(live.c.visit_date).label("last_visit"),
        *known,
    ).group_by(live.c.unit, live.c.plan_id, live.c.pair_key, live.c.cadre)


def audit_trail(unit: str | None = None, plan_id: str | None = None) -> sa.Select:
    """Every change to the ledger, oldest first: who, when, what, how many, which file."""
    return sa.select(audit).where(*_scoped(audit, unit, plan_id)).order_by(audit.c.id)


def load_completions(conn: Connection, query: sa.Select) -> list[Completion]:
    """Run a SELECT over ``completions`` rows and attach their materials and evidence."""
    rows = conn.execute(query).all()
    ids = [row.id for row in rows]
    materials: dict[int, list[tuple[str, int]]] = defaultdict(list)
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for chunk in _chunks(ids):
        for m in conn.execute(
            sa.select(completion_materials)
            .where(completion_materials.c.completion_id.in_(chunk))
            .order_by(completion_materials.c.material)
        ):
            materials[m.completion_id].append((m.material, m.count))
        for e in conn.execute(
            sa.select(completion_evidence)
            .where(completion_evidence.c.completion_id.in_(chunk))
            .order_by(completion_evidence.c.position)
        ):
            evidence[e.completion_id].append(Evidence(e.path, e.sha256, e.size))
    return [_completion(row, materials[row.id], evidence[row.id]) for row in rows]


def load_visits(conn: Connection, query: sa.Select) -> list[Visit]:
    """Run a SELECT over ``visits`` rows as ``Visit`` records."""
    return [_visit(row) for row in conn.execute(query)]


def latest_record(
    conn: Connection, unit: str, plan_id: str, occurrence_id: str
) -> Completion | None:
    """The newest record of one occurrence, or None if it was never recorded."""
    query = (
        sa.select(completions)
        .where(
            completions.c.unit == unit,
            completions.c.plan_id == plan_id,
            completions.c.occurrence_id == occurrence_id,
        )
        .order_by(completions.c.id.desc())
        .limit(1)
    )
    found = load_completions(conn, query)
    return found[0] if found else None


def latest_done_of_item(
    conn: Connection, unit: str, plan_id: str, item_id: str
) -> Completion | None:
    """The most recently recorded occurrence of an item that is still done."""
    query = (
        done_occurrences(unit, plan_id)
        .where(completions.c.item_id == item_id)
        .order_by(completions.c.id.desc())
        .limit(1)
    )
    found = load_completions(conn, query)
    return found[0] if found else None


def latest_live_visit(
    conn: Connection, unit: str, plan_id: str, pair_key: str, on: date | None = None
) -> Visit | None:
    """The most recently recorded visit of a pair that still counts (on one day, if given)."""
    query = live_visits(unit, plan_id).where(visits.c.pair_key == pair_key)
    if on is not None:
        query = query.where(visits.c.visit_date == on)
    found = load_visits(conn, query.order_by(visits.c.id.desc()).limit(1))
    return found[0] if found else None


def _chunks(ids: Sequence[int], size: int = 500) -> list[Sequence[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _completion(row: Row, materials: list[tuple[str, int]], evidence: list[Evidence]) -> Completion:
    return Completion(
        unit=row.unit,
        plan_id=row.plan_id,
        item_id=row.item_id,
        item_kind=ItemKind(row.item_kind),
        occurrence_id=row.occurrence_id,
        kind=RecordKind(row.kind),
        actual_date=row.actual_date,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        participants=row.participants,
        cadres=row.cadres,
        residents=row.residents,
        materials=tuple(materials),
        evidence=tuple(evidence),
        evidence_text=row.evidence_text,
        note=row.note,
        supersedes=row.supersedes,
        id=row.id,
    )


def _visit(row: Row) -> Visit:
    return Visit(
        unit=row.unit,
        plan_id=row.plan_id,
        pair_key=row.pair_key,
        cadre=row.cadre,
        visit_date=row.visit_date,
        mode=VisitMode(row.mode),
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        topics=row.topics,
        solved=row.solved,
        family=Fact(row.knows_family, row.family),
        goals=Fact(row.knows_goals, row.goals),
        skills=Fact(row.knows_skills, row.skills),
        needs=Fact(row.knows_needs, row.needs),
        kind=RecordKind(row.kind),
        note=row.note,
        supersedes=row.supersedes,
        id=row.id,
    )
