"""Recording what happened: ``done``, ``visit`` and ``undo`` as Python functions.

``prepare_done`` and ``prepare_visit`` check a record against the plan's schedule without
touching any database; ``save_record`` then writes it with its audit row in one
transaction. A second ``done`` for the same occurrence is a correction: it supersedes the
newest record, so the history keeps both and the state shows the latest.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from activitymonth.i18n import Text
from activitymonth.ledger.errors import LedgerError
from activitymonth.ledger.queries import latest_done_of_item, latest_live_visit, latest_record
from activitymonth.ledger.records import (
    Action,
    AuditEntry,
    Completion,
    Evidence,
    Fact,
    RecordKind,
    Visit,
    VisitMode,
)
from activitymonth.ledger.store import Ledger
from activitymonth.ledger.targets import Item, PlanTargets
from activitymonth.ledger.values import BadValue, not_after
from activitymonth.ledger.writes import (
    insert_audit,
    insert_completion,
    insert_visit,
    serialise,
)
from activitymonth.model import Pair


@dataclass(frozen=True, slots=True)
class DoneFacts:
    """What a ``done`` states besides the item: when, who came, what was handed out."""

    actual_date: date | None = None
    participants: int | None = None
    cadres: int | None = None
    residents: int | None = None
    materials: tuple[tuple[str, int], ...] = ()
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class VisitFacts:
    """What a visit record states besides the pair."""

    visit_date: date
    mode: VisitMode
    topics: str | None = None
    solved: str | None = None
    family: Fact = field(default_factory=Fact)
    goals: Fact = field(default_factory=Fact)
    skills: Fact = field(default_factory=Fact)
    needs: Fact = field(default_factory=Fact)
    note: str | None = None


def default_recorder() -> str:
    """Who records when no ``--by`` is given: the login name of the person at the machine."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


def prepare_done(
    targets: PlanTargets,
    item_id: str,
    facts: DoneFacts,
    *,
    by: str,
    occurrence: date | None = None,
    now: datetime | None = None,
) -> Completion:
    """A checked, unsaved done record of an item (one occurrence of it); ``actual_date``
    defaults to today. Nothing is opened or written, so bad input never creates a ledger."""
    now = now or datetime.now(UTC)
    today = targets.today(now)
    actual = _checked_day(facts.actual_date or today, today)
    item = targets.item(item_id)
    return Completion(
        unit=targets.unit,
        plan_id=targets.plan_id,
        item_id=item.id,
        item_kind=item.kind,
        occurrence_id=targets.occurrence_id(item, occurrence, actual),
        kind=RecordKind.DONE,
        actual_date=actual,
        recorded_by=by,
        recorded_at=now,
        participants=_total(facts),
        cadres=facts.cadres,
        residents=facts.residents,
        materials=facts.materials,
        evidence=facts.evidence,
        note=facts.note,
    )


def prepare_visit(
    targets: PlanTargets,
    pair_or_cadre: str,
    facts: VisitFacts,
    *,
    by: str,
    now: datetime | None = None,
) -> Visit:
    """A checked, unsaved visit of a pair, named by its key or by its cadre's id."""
    now = now or datetime.now(UTC)
    visit_date = _checked_day(facts.visit_date, targets.today(now))
    pair = targets.pair(pair_or_cadre)
    return Visit(
        unit=targets.unit,
        plan_id=targets.plan_id,
        pair_key=pair.key,
        cadre=pair.cadre,
        visit_date=visit_date,
        mode=facts.mode,
        recorded_by=by,
        recorded_at=now,
        topics=facts.topics,
        solved=facts.solved,
        family=facts.family,
        goals=facts.goals,
        skills=facts.skills,
        needs=facts.needs,
        note=facts.note,
    )


def save_record(ledger: Ledger, record: Completion | Visit) -> Completion | Visit:
    """Write a prepared record with its audit row. A done record supersedes the newest
    record of its occurrence, if any: recording again is a correction."""
    action = Action.VISIT if isinstance(record, Visit) else Action.DONE
    entry = AuditEntry(
        record.unit, record.plan_id, action, record.recorded_by, record.recorded_at, 1
    )
    with ledger.write() as conn:
        if isinstance(record, Visit):
            return insert_visit(conn, record, insert_audit(conn, entry))
        serialise(conn, record.unit, record.plan_id, record.occurrence_id)
        previous = latest_record(conn, record.unit, record.plan_id, record.occurrence_id)
        superseding = replace(record, supersedes=previous.id if previous else None)
        return insert_completion(conn, superseding, insert_audit(conn, entry))


def record_undo(
    ledger: Ledger,
    targets: PlanTargets,
    target: Item | Pair,
    *,
    by: str,
    occurrence: date | None = None,
    now: datetime | None = None,
) -> Completion | Visit:
    """Withdraw the newest record of an item (or of a pair's visits) with an ``undone``
    record that supersedes it; ``occurrence`` picks the planned date (or visit date).
    ``targets.named(...)`` finds the item or pair by name."""
    now = now or datetime.now(UTC)
    if isinstance(target, Item):
        return _undo_done(ledger, targets, target, occurrence, by, now)
    return _undo_visit(ledger, targets, target, occurrence, by, now)


def _undo_done(
    ledger: Ledger,
    targets: PlanTargets,
    item: Item,
    occurrence: date | None,
    by: str,
    now: datetime,
) -> Completion:
    with ledger.write() as conn:
        if occurrence is not None or len(item.occurrences) <= 1:
            occurrence_id = targets.occurrence_id(item, occurrence, None)
            serialise(conn, targets.unit, targets.plan_id, occurrence_id)
            last = latest_record(conn, targets.unit, targets.plan_id, occurrence_id)
        else:
            last = latest_done_of_item(conn, targets.unit, targets.plan_id, item.id)
            if last is not None:
                serialise(conn, targets.unit, targets.plan_id, last.occurrence_id)
                last = latest_record(conn, targets.unit, targets.plan_id, last.occurrence_id)
        if last is None or last.kind is RecordKind.UNDONE or last.id is None:
            raise _nothing_to_undo(item.id, occurrence)
        audit_id = insert_audit(conn, _audit(targets, Action.UNDO, by, now))
        record = Completion(
            unit=last.unit,
            plan_id=last.plan_id,
            item_id=last.item_id,
            item_kind=last.item_kind,
            occurrence_id=last.occurrence_id,
            kind=RecordKind.UNDONE,
            actual_date=None,
            recorded_by=by,
            recorded_at=now,
            supersedes=last.id,
        )
        return insert_completion(conn, record, audit_id)


def _undo_visit(
    ledger: Ledger,
    targets: PlanTargets,
    pair: Pair,
    on: date | None,
    by: str,
    now: datetime,
) -> Visit:
    with ledger.write() as conn:
        serialise(conn, targets.unit, targets.plan_id, pair.key)
        last = latest_live_visit(conn, targets.unit, targets.plan_id, pair.key, on)
        if last is None or last.id is None:
            raise _nothing_to_undo(pair.key, on)
        audit_id = insert_audit(conn, _audit(targets, Action.UNDO, by, now))
        record = Visit(
            unit=last.unit,
            plan_id=last.plan_id,
            pair_key=last.pair_key,
            cadre=last.cadre,
            visit_date=last.visit_date,
            mode=last.mode,
            recorded_by=by,
            recorded_at=now,
            kind=RecordKind.UNDONE,
            supersedes=last.id,
        )
        return insert_visit(conn, record, audit_id)


def _audit(targets: PlanTargets, action: Action, by: str, now: datetime) -> AuditEntry:
    return AuditEntry(targets.unit, targets.plan_id, action, by, now, 1)


def _total(facts: DoneFacts) -> int | None:
    """人次: the given total, else cadres plus residents; never less than the split."""
    if facts.cadres is None and facts.residents is None:
        return facts.participants
    split = (facts.cadres or 0) + (facts.residents or 0)
    if facts.participants is None:
        return split
    if facts.participants < split:
        raise LedgerError(
            Text(
                f"参与人数 {facts.participants} 少于干部与群众之和 {split}",
                f"{facts.participants} participants is fewer than cadres plus residents ({split})",
            ),
            Text("改正人数，或只写干部和群众人数", "correct the figures, or give only the split"),
        )
    return facts.participants


def _checked_day(day: date, today: date) -> date:
    try:
        return not_after(day, today)
    except BadValue as error:
        raise LedgerError(
            error.message, Text("改成实际发生的日期", "give the day it actually happened")
        ) from None


def _nothing_to_undo(target: str, on: date | None) -> LedgerError:
    when = f" {on}" if on else ""
    return LedgerError(
        Text(
            f"“{target}”{when} 在台账中没有可撤销的记录",
            f"'{target}'{when} has no record in the ledger that could be undone",
        ),
        Text(
            "先用 activitymonth done 或 visit 记录；或用 --occurrence 指定日期",
            "record it first with activitymonth done or visit, or pick a date with --occurrence",
        ),
    )
