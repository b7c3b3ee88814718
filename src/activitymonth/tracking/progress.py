"""Progress of one plan against its ledger: what is done, what is late, what comes next.

The plan says what should happen (the resolved schedule, the programs' items, the pairs);
the ledger says what did. ``track`` asks the database only for what it must (the current
state of each recorded occurrence of this plan held by ``today``, with its materials;
per-pair visit summaries and candidate stretches of the visit rhythm up to ``today``) and
joins that with the plan here; the figures are added up from those same records. The
status command, the roll-up, the summary report, the ledger-ticked checklist and the
ledger rules all read the same :class:`PlanProgress`, so they never disagree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from activitymonth.catalog import Catalog, ItemKind, Program, ProgramItem
from activitymonth.ledger.queries import done_occurrences
from activitymonth.ledger.schema import completion_materials
from activitymonth.ledger.targets import PlanTargets
from activitymonth.model import Activity, Deliverable, Status
from activitymonth.rules.builtin.items import adopted, references
from activitymonth.rules.context import Context
from activitymonth.schedule import ItemKind as ScheduleKind
from activitymonth.schedule import Schedule
from activitymonth.tracking.pairs import PairProgress, track_pairs


@dataclass(frozen=True, slots=True)
class DoneRecord:
    """The ledger's current word on one occurrence: done on ``actual_date`` with figures."""

    occurrence_id: str
    actual_date: date | None
    participants: int | None
    cadres: int | None
    residents: int | None
    materials: tuple[tuple[str, int], ...] = ()
    """Materials handed out at this occurrence, by name (empty: none recorded)."""


@dataclass(frozen=True, slots=True)
class OccurrenceProgress:
    """One thing to do on one day (an activity's occurrence, a deliverable's due day).

    ``occurrence_id`` keeps the planned date (the ledger's key); ``day`` is when it is
    scheduled, after any move off a day off, which is what makes it overdue."""

    occurrence_id: str
    item_id: str
    title: str
    day: date | None
    done: DoneRecord | None

    def overdue(self, today: date) -> bool:
        return self.done is None and self.day is not None and self.day < today


@dataclass(frozen=True, slots=True)
class ItemProgress:
    """An activity or deliverable with each of its occurrences and what the ledger says."""

    id: str
    kind: ScheduleKind
    title: str
    responsible: str | None
    sectors: tuple[str, ...]
    cancelled: bool
    occurrences: tuple[OccurrenceProgress, ...]

    @property
    def planned(self) -> int:
        return len(self.occurrences)

    @property
    def done(self) -> int:
        return sum(1 for o in self.occurrences if o.done is not None)

    @property
    def complete(self) -> bool:
        return self.done >= self.planned

    @property
    def last_done(self) -> date | None:
        days = [o.done.actual_date for o in self.occurrences if o.done and o.done.actual_date]
        return max(days, default=None)

    def overdue(self, today: date) -> list[OccurrenceProgress]:
        return [] if self.cancelled else [o for o in self.occurrences if o.overdue(today)]


@dataclass(frozen=True, slots=True)
class RequirementProgress:
    """One item of an adopted program: how often it is required, planned and done.

    Event items count occurrences (a monthly 公益日 is planned and done once per month);
    deliverables and practices count items; a coverage sector (八进) counts the activities
    reaching it; a pairing item counts the plan's pairs of that kind, which exist once
    formed.
    """

    program_id: str
    name: str
    kind: ItemKind
    required: int
    planned: int
    done: int
    item_ids: tuple[str, ...]

    @property
    def met(self) -> bool:
        return self.done >= self.required


@dataclass(frozen=True, slots=True)
class ProgramProgress:
    id: str
    title: str
    requirements: tuple[RequirementProgress, ...]

    @property
    def met(self) -> int:
        return sum(1 for r in self.requirements if r.met)

    @property
    def total(self) -> int:
        return len(self.requirements)

    @property
    def share(self) -> float:
        """Fraction of the program's items met (1.0 for a program with no items)."""
        return self.met / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class PersonProgress:
    """The items one person leads or owns."""

    person_id: str
    name: str
    items: int
    planned: int
    done: int
    overdue: int


@dataclass(frozen=True, slots=True)
class Figures:
    """The totals a summary report quotes, every one counted from the ledger."""

    activities_held: int
    activity_items_held: int
    deliverables_done: int
    participants: int
    cadres: int
    residents: int
    materials: tuple[tuple[str, int], ...]
    visits: int
    households_visited: int
    pairs_formed: int


@dataclass(frozen=True)
class PlanProgress:
    """Everything ``track`` found, with the views the commands print."""

    schedule: Schedule
    today: date
    items: dict[str, ItemProgress]
    programs: tuple[ProgramProgress, ...]
    sectors: dict[str, dict[str, tuple[str, ...]]]
    """Coverage program id → sector → ids of activities done in it (empty: not reached)."""
    pairs: tuple[PairProgress, ...]
    figures: Figures
    unit: str = ""
    plan_id: str = ""
    _people: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def live_items(self) -> list[ItemProgress]:
        return [item for item in self.items.values() if not item.cancelled]

    @property
    def planned(self) -> int:
        return sum(item.planned for item in self.live_items)

    @property
    def done(self) -> int:
        return sum(item.done for item in self.live_items)

    @property
    def share(self) -> float:
        return self.done / self.planned if self.planned else 1.0

    def overdue(self) -> list[OccurrenceProgress]:
        """Occurrences before today with no done record, oldest first."""
        found = [o for item in self.live_items for o in item.overdue(self.today)]
        return sorted(found, key=lambda o: (o.day or date.max, o.item_id))

    def upcoming(self, days: int = 7) -> list[OccurrenceProgress]:
        """Occurrences not yet done from today through ``days`` days ahead."""
        end = self.today + timedelta(days=days)
        found = [
            o
            for item in self.live_items
            for o in item.occurrences
            if o.done is None and o.day is not None and self.today <= o.day < end
        ]
        return sorted(found, key=lambda o: (o.day or date.max, o.item_id))

    def late_pairs(self) -> list[PairProgress]:
        """Pairs whose next visit was due before today (before the window's end once it is
        over, as the stretches are judged), longest overdue first."""
        late = [p for p in self.pairs if p.late]
        return sorted(late, key=lambda p: (p.due or date.max, p.key))

    def never_visited(self) -> list[PairProgress]:
        return [p for p in self.pairs if p.visits == 0]

    def off_rhythm(self) -> list[PairProgress]:
        """Pairs with any stretch (so far) longer than their rhythm allows."""
        return [p for p in self.pairs if p.stretches]

    def unreached_sectors(self) -> list[tuple[str, str]]:
        """(coverage program id, sector) pairs no done activity reached."""
        return [
            (program, sector)
            for program, sectors in self.sectors.items()
            for sector, done in sectors.items()
            if not done
        ]

    def by_person(self) -> list[PersonProgress]:
        grouped: dict[str, list[ItemProgress]] = defaultdict(list)
        for item in self.live_items:
            if item.responsible:
                grouped[item.responsible].append(item)
        return [
            PersonProgress(
                person_id,
                self._people.get(person_id, person_id),
                len(items),
                sum(i.planned for i in items),
                sum(i.done for i in items),
                sum(len(i.overdue(self.today)) for i in items),
            )
            for person_id, items in grouped.items()
        ]


def track(schedule: Schedule, catalog: Catalog, conn: Connection, today: date) -> PlanProgress:
    """Join one resolved plan with its ledger records as of ``today``."""
    plan = schedule.plan
    targets = PlanTargets(schedule)
    done = _done_records(conn, targets, today)
    items = {
        item.id: _item_progress(item, schedule, done)
        for item in (*plan.activities, *plan.deliverables)
    }
    ctx = Context(schedule, catalog)
    programs, sectors = _programs(ctx, items)
    pairs = track_pairs(conn, targets, plan, today)
    figures = _figures(items, pairs, len(plan.pairs))
    people = {p.id: p.name for p in plan.people}
    return PlanProgress(
        schedule,
        today,
        items,
        programs,
        sectors,
        pairs,
        figures,
        targets.unit,
        targets.plan_id,
        people,
    )


def _done_records(conn: Connection, targets: PlanTargets, today: date) -> dict[str, DoneRecord]:
    """The current done record of each occurrence held by ``today``: a record of a later
    day is not done yet as of ``today`` (a report as of a past day), as visits after it
    do not count either."""
    query = done_occurrences(targets.unit, targets.plan_id)
    held = query.selected_columns.actual_date
    current = query.where(sa.or_(held.is_(None), held <= today)).subquery()
    handed_out: defaultdict[str, list[tuple[str, int]]] = defaultdict(list)
    materials = completion_materials.c
    for row in conn.execute(
        sa.select(current.c.occurrence_id, materials.material, materials.count)
        .join(completion_materials, materials.completion_id == current.c.id)
        .order_by(current.c.occurrence_id, materials.material)
    ):
        handed_out[row.occurrence_id].append((row.material, int(row.count)))
    rows = conn.execute(
        sa.select(
            current.c.occurrence_id,
            current.c.actual_date,
            current.c.participants,
            current.c.cadres,
            current.c.residents,
        )
    )
    return {
        row.occurrence_id: DoneRecord(*row, materials=tuple(handed_out[row.occurrence_id]))
        for row in rows
    }


def _item_progress(
    item: Activity | Deliverable, schedule: Schedule, done: dict[str, DoneRecord]
) -> ItemProgress:
    if isinstance(item, Activity):
        kind, responsible, sectors = ScheduleKind.ACTIVITY, item.lead, tuple(item.sector)
        dated = schedule.for_item(item.id)
    else:
        kind, responsible, sectors = ScheduleKind.DELIVERABLE, item.owner, ()
        dated = []
    if dated:
        occurrences = tuple(
            OccurrenceProgress(o.uid_key, item.id, item.title, o.day, done.get(o.uid_key))
            for o in dated
        )
    else:
        due_days = [o.day for o in schedule.for_item(item.id)]
        occurrences = (
            OccurrenceProgress(
                item.id, item.id, item.title, min(due_days, default=None), done.get(item.id)
            ),
        )
    # An item the plan itself marks done counts as done even before the ledger has it.
    if item.status == Status.DONE:
        occurrences = tuple(
            o
            if o.done
            else OccurrenceProgress(
                o.occurrence_id,
                o.item_id,
                o.title,
                o.day,
                DoneRecord(o.occurrence_id, None, None, None, None),
            )
            for o in occurrences
        )
    return ItemProgress(
        item.id,
        kind,
        item.title,
        responsible,
        sectors,
        item.status == Status.CANCELLED,
        occurrences,
    )


def _programs(
    ctx: Context, items: dict[str, ItemProgress]
) -> tuple[tuple[ProgramProgress, ...], dict[str, dict[str, tuple[str, ...]]]]:
    planned: Counter[tuple[str, str]] = Counter()
    done: Counter[tuple[str, str]] = Counter()
    claimed: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for ref in references(ctx):
        key = (ref.program.id, ref.item.name)
        if (ref.entry.id, *key) in seen or ref.item.kind == ItemKind.SECTOR:
            continue
        seen.add((ref.entry.id, *key))
        progress = items[ref.entry.id]
        claimed[key].append(progress.id)
        if ref.item.kind == ItemKind.EVENT:
            planned[key] += progress.planned
            done[key] += progress.done
        else:
            planned[key] += 1
            done[key] += 1 if progress.done else 0
    sectors: dict[str, dict[str, tuple[str, ...]]] = {}
    result: list[ProgramProgress] = []
    for entry in adopted(ctx):
        program = entry.program
        if program.kind == "coverage":
            reached = _sectors(program, items.values(), ctx)
            sectors[program.id] = reached
            requirements = tuple(
                RequirementProgress(
                    program.id,
                    item.name,
                    item.kind,
                    1,
                    len(_activities_in(program, item, ctx)),
                    1 if reached[item.name] else 0,
                    reached[item.name],
                )
                for item in program.items
            )
        else:
            requirements = tuple(
                _requirement(program, item, planned, done, claimed, ctx) for item in program.items
            )
        result.append(ProgramProgress(program.id, program.title, requirements))
    return tuple(result), sectors


def _requirement(
    program: Program,
    item: ProgramItem,
    planned: Counter[tuple[str, str]],
    done: Counter[tuple[str, str]],
    claimed: defaultdict[tuple[str, str], list[str]],
    ctx: Context,
) -> RequirementProgress:
    key = (program.id, item.name)
    if program.kind == "pairing":
        formed = sum(1 for pair in ctx.plan.pairs if program.item(pair.kind) == item)
        return RequirementProgress(
            program.id, item.name, item.kind, item.required, formed, formed, ()
        )
    return RequirementProgress(
        program.id,
        item.name,
        item.kind,
        item.required,
        planned[key],
        done[key],
        tuple(claimed[key]),
    )


def _activities_in(program: Program, sector: ProgramItem, ctx: Context) -> list[Activity]:
    """Live activities whose ``sector:`` names this sector (by name or alias, with or
    without 进, as the catalog matches them)."""
    return [
        a
        for a in ctx.plan.activities
        if a.status != Status.CANCELLED and any(program.item(s) == sector for s in a.sector)
    ]


def _sectors(
    program: Program, items: Iterable[ItemProgress], ctx: Context
) -> dict[str, tuple[str, ...]]:
    done_ids = {item.id for item in items if item.done}
    return {
        sector.name: tuple(a.id for a in _activities_in(program, sector, ctx) if a.id in done_ids)
        for sector in program.items
    }


def _figures(
    items: dict[str, ItemProgress], pairs: tuple[PairProgress, ...], pairs_formed: int
) -> Figures:
    """Every figure from the same done records the items show, so that the materials,
    the 人次 and the occurrences counted never disagree (a record of an occurrence the
    plan no longer has, or of a later day, is in none of them)."""
    activities = [i for i in items.values() if i.kind == ScheduleKind.ACTIVITY]
    records = [o.done for i in activities for o in i.occurrences if o.done is not None]
    handed_out: Counter[str] = Counter()
    for item in items.values():
        for occurrence in item.occurrences:
            for material, count in occurrence.done.materials if occurrence.done else ():
                handed_out[material] += count
    return Figures(
        activities_held=len(records),
        activity_items_held=sum(1 for i in activities if i.done),
        deliverables_done=sum(
            1 for i in items.values() if i.kind == ScheduleKind.DELIVERABLE and i.done
        ),
        participants=sum(r.participants or 0 for r in records),
        cadres=sum(r.cadres or 0 for r in records),
        residents=sum(r.residents or 0 for r in records),
        materials=tuple(sorted(handed_out.items())),
        visits=sum(p.visits for p in pairs),
        households_visited=sum(1 for p in pairs if p.visits),
        pairs_formed=pairs_formed,
    )
