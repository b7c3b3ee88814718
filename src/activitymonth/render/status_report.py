"""What ``activitymonth status`` reports, as data: one report, two renderings.

``StatusReport.of`` picks from a :class:`~activitymonth.tracking.PlanProgress` what a
person checking progress asks for (programs, people, sectors, what is late, what comes
next, pairs behind their rhythm) and adds the figures derived for showing (days late,
names for ids). ``status_text`` lays it out for a terminal; ``to_dict`` gives the same
data to scripts (``--format json``), so the two never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from activitymonth.catalog import ItemKind
from activitymonth.tracking import (
    OccurrenceProgress,
    PairProgress,
    PersonProgress,
    PlanProgress,
    ProgramProgress,
)


@dataclass(frozen=True, slots=True)
class ProgramLine:
    """An adopted program: items met, and the occurrences of the items fulfilling it
    (None for a coverage or pairing program, whose items are sectors or pairs)."""

    program: ProgramProgress
    done: int | None
    planned: int | None

    @property
    def coverage(self) -> bool:
        requirements = self.program.requirements
        return bool(requirements) and all(r.kind == ItemKind.SECTOR for r in requirements)


@dataclass(frozen=True, slots=True)
class OccurrenceLine:
    """An occurrence to do, with its responsible person's name and how late it is."""

    occurrence: OccurrenceProgress
    responsible: str | None
    days_late: int


@dataclass(frozen=True, slots=True)
class PairLine:
    """A pair with its cadre's name and how many days its next visit is overdue (0: not)."""

    pair: PairProgress
    cadre_name: str
    days_late: int


@dataclass(frozen=True, slots=True)
class SectorLine:
    program_id: str
    sector: str
    activities: tuple[str, ...]

    @property
    def reached(self) -> bool:
        return bool(self.activities)


@dataclass(frozen=True)
class StatusReport:
    progress: PlanProgress
    ledger: str
    """Where the ledger is, as shown to people."""
    recorded: bool
    """False when nothing was ever recorded there (every figure is then zero)."""
    days: int
    programs: tuple[ProgramLine, ...]
    people: tuple[PersonProgress, ...]
    sectors: tuple[SectorLine, ...]
    overdue: tuple[OccurrenceLine, ...]
    upcoming: tuple[OccurrenceLine, ...]
    late_pairs: tuple[PairLine, ...]
    never_visited: tuple[PairLine, ...]

    @property
    def today(self) -> date:
        return self.progress.today

    @classmethod
    def of(
        cls, progress: PlanProgress, *, ledger: str, recorded: bool = True, days: int = 7
    ) -> StatusReport:
        plan = progress.schedule.plan
        responsible = {item.id: item.responsible for item in progress.items.values()}

        def name(person_id: str | None) -> str | None:
            person = plan.person(person_id) if person_id else None
            return person.name if person else person_id

        def occurrence_line(occurrence: OccurrenceProgress) -> OccurrenceLine:
            day = occurrence.day or progress.today
            late = max((progress.today - day).days, 0)
            return OccurrenceLine(occurrence, name(responsible.get(occurrence.item_id)), late)

        def pair_line(pair: PairProgress) -> PairLine:
            late = (progress.today - pair.due).days if pair.due else 0
            return PairLine(pair, name(pair.cadre) or pair.cadre, max(late, 0))

        return cls(
            progress=progress,
            ledger=ledger,
            recorded=recorded,
            days=days,
            programs=tuple(_program_line(progress, program) for program in progress.programs),
            people=tuple(progress.by_person()),
            sectors=tuple(
                SectorLine(program_id, sector, done)
                for program_id, sectors in progress.sectors.items()
                for sector, done in sectors.items()
            ),
            overdue=tuple(occurrence_line(o) for o in progress.overdue()),
            upcoming=tuple(occurrence_line(o) for o in progress.upcoming(days)),
            late_pairs=tuple(pair_line(p) for p in progress.late_pairs() if p.visits),
            never_visited=tuple(pair_line(p) for p in progress.never_visited()),
        )

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON values: ids, ISO dates, counts."""
        progress = self.progress
        plan = progress.schedule.plan
        return {
            "plan": {
                "id": progress.plan_id,
                "title": plan.title,
                "unit": progress.unit,
                "window": {
                    "start": plan.window.start.isoformat(),
                    "end": plan.window.end.isoformat(),
                },
            },
            "today": self.today.isoformat(),
            "ledger": {"location": self.ledger, "recorded": self.recorded},
            "occurrences": {
                "planned": progress.planned,
                "done": progress.done,
                "share": round(progress.share, 4),
            },
            "programs": [_program_dict(line) for line in self.programs],
            "people": [
                {
                    "id": p.person_id,
                    "name": p.name,
                    "items": p.items,
                    "planned": p.planned,
                    "done": p.done,
                    "overdue": p.overdue,
                }
                for p in self.people
            ],
            "sectors": [
                {
                    "program": s.program_id,
                    "sector": s.sector,
                    "reached": s.reached,
                    "activities": list(s.activities),
                }
                for s in self.sectors
            ],
            "overdue": [_occurrence_dict(line) for line in self.overdue],
            "upcoming": {
                "days": self.days,
                "occurrences": [_occurrence_dict(line) for line in self.upcoming],
            },
            "late_pairs": [_pair_dict(line) for line in self.late_pairs],
            "never_visited": [_pair_dict(line) for line in self.never_visited],
            "figures": _figures_dict(progress),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def _program_line(progress: PlanProgress, program: ProgramProgress) -> ProgramLine:
    """Occurrences of the live items that fulfil the program's event, deliverable and
    practice items, each item counted once however many items it fulfils."""
    ids = {
        item_id
        for requirement in program.requirements
        if requirement.kind != ItemKind.SECTOR
        for item_id in requirement.item_ids
    }
    items = [progress.items[i] for i in sorted(ids) if not progress.items[i].cancelled]
    if not items:
        return ProgramLine(program, None, None)
    return ProgramLine(program, sum(i.done for i in items), sum(i.planned for i in items))


def _program_dict(line: ProgramLine) -> dict[str, Any]:
    program = line.program
    return {
        "id": program.id,
        "title": program.title,
        "met": program.met,
        "total": program.total,
        "occurrences": (
            None if line.planned is None else {"done": line.done, "planned": line.planned}
        ),
        "requirements": [
            {
                "name": r.name,
                "kind": r.kind.value,
                "required": r.required,
                "planned": r.planned,
                "done": r.done,
                "met": r.met,
                "items": list(r.item_ids),
            }
            for r in program.requirements
        ],
    }


def _occurrence_dict(line: OccurrenceLine) -> dict[str, Any]:
    occurrence = line.occurrence
    return {
        "item": occurrence.item_id,
        "occurrence": occurrence.occurrence_id,
        "title": occurrence.title,
        "day": occurrence.day.isoformat() if occurrence.day else None,
        "days_late": line.days_late,
        "responsible": line.responsible,
    }


def _pair_dict(line: PairLine) -> dict[str, Any]:
    pair = line.pair
    return {
        "pair": pair.key,
        "cadre": pair.cadre,
        "cadre_name": line.cadre_name,
        "household": pair.household,
        "village": pair.village,
        "visits": pair.visits,
        "last_visit": pair.last.isoformat() if pair.last else None,
        "due": pair.due.isoformat() if pair.due else None,
        "days_late": line.days_late,
    }


def _figures_dict(progress: PlanProgress) -> dict[str, Any]:
    figures = progress.figures
    return {
        "activities_held": figures.activities_held,
        "activity_items_held": figures.activity_items_held,
        "deliverables_done": figures.deliverables_done,
        "participants": figures.participants,
        "cadres": figures.cadres,
        "residents": figures.residents,
        "materials": dict(figures.materials),
        "visits": figures.visits,
        "households_visited": figures.households_visited,
        "pairs_formed": figures.pairs_formed,
    }
