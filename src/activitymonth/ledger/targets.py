"""What a record may refer to: the plan's items, their scheduled occurrences, its pairs.

Every recording path (the ``done``/``visit``/``undo`` commands, the sheet and CSV imports)
checks its ids here, against the resolved schedule, so a typo is refused with the nearest
existing id instead of becoming a record nobody's report will ever count.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from activitymonth.i18n import Text
from activitymonth.ledger.errors import LedgerError
from activitymonth.model import Pair, Plan
from activitymonth.schedule import ItemKind, Occurrence, Schedule


def plan_key(plan: Plan) -> str:
    """The plan's id in the ledger: its ``id``, else its title (as exports name it)."""
    return plan.id or plan.title


def planned_day(occurrence: Occurrence) -> date:
    """The date the plan's rule asked for, before any move off a day off."""
    return occurrence.moved_from or occurrence.day


@dataclass(frozen=True, slots=True)
class Item:
    """An activity or deliverable that can be recorded as done.

    ``occurrences`` are an activity's dated occurrences; a deliverable has none here, as it
    is recorded once under its own id whatever its due date becomes.
    """

    id: str
    kind: ItemKind
    title: str
    occurrences: tuple[Occurrence, ...]

    def occurrence_ids(self) -> tuple[str, ...]:
        """Stable ids (``item/planned-date``), or the bare item id for a deliverable or an
        activity without a date: the ids of the ledger sheet's hidden column."""
        return tuple(o.uid_key for o in self.occurrences) or (self.id,)


class PlanTargets:
    """The ids one plan offers to the ledger, with lookups that suggest the nearest id."""

    def __init__(self, schedule: Schedule) -> None:
        plan = schedule.plan
        if not plan.unit:
            raise LedgerError(
                Text(
                    f"计划《{plan.title}》没有写 unit（单位），台账无法按单位记录",
                    f"plan '{plan.title}' has no unit, and every ledger record belongs to a unit",
                ),
                Text("在计划中加上 unit: 某某局", "add unit: <your unit> to the plan"),
            )
        self.unit: str = plan.unit
        self.plan_id = plan_key(plan)
        self.zone = plan.zone
        self.window = plan.window
        self.items: dict[str, Item] = {}
        for kind, entries in (
            (ItemKind.ACTIVITY, plan.activities),
            (ItemKind.DELIVERABLE, plan.deliverables),
        ):
            for entry in entries:
                dated = tuple(schedule.for_item(entry.id)) if kind is ItemKind.ACTIVITY else ()
                self.items[entry.id] = Item(entry.id, kind, entry.title, dated)
        self.by_occurrence_id: dict[str, Item] = {
            occurrence_id: item
            for item in self.items.values()
            for occurrence_id in item.occurrence_ids()
        }
        self.pairs: dict[str, Pair] = {pair.key: pair for pair in plan.pairs}
        self.pairs_of_cadre: dict[str, list[Pair]] = defaultdict(list)
        for pair in plan.pairs:
            self.pairs_of_cadre[pair.cadre].append(pair)

    def today(self, now: datetime) -> date:
        """The calendar day in the plan's time zone: "today" for a clerk in 乌鲁木齐 too."""
        return now.astimezone(self.zone).date()

    def item(self, item_id: str) -> Item:
        found = self.items.get(item_id)
        if found is None:
            raise LedgerError(
                Text(
                    f"计划中没有活动或材料 “{item_id}”",
                    f"the plan has no activity or deliverable '{item_id}'",
                ),
                _nearest(item_id, self.items),
            )
        return found

    def named(self, name: str) -> Item | Pair:
        """An item by id, else a pair by key (or by its cadre's id)."""
        if name in self.items:
            return self.items[name]
        if name in self.pairs or name in self.pairs_of_cadre:
            return self.pair(name)
        raise self.unknown(name)

    def unknown(self, name: str) -> LedgerError:
        """The error for a name that is neither an item nor a pair nor a paired cadre."""
        return LedgerError(
            Text(
                f"计划中没有活动、材料、结对或干部 “{name}”",
                f"the plan has no activity, deliverable, pair or cadre '{name}'",
            ),
            _nearest(name, {**self.items, **self.pairs, **self.pairs_of_cadre}),
        )

    def occurrence_id(self, item: Item, planned: date | None, actual: date | None) -> str:
        """The occurrence a record is for: the one planned (or held) on ``planned``, else
        the only one, else the one scheduled on the ``actual`` day."""
        occurrences = item.occurrences
        if not occurrences:
            if planned is not None:
                raise LedgerError(
                    Text(
                        f"“{item.id}” 只记录一次（材料或未定日期的活动），不能指定 --occurrence",
                        f"'{item.id}' is recorded once (a deliverable or an undated activity), "
                        "so --occurrence does not apply",
                    ),
                    Text("去掉 --occurrence", "drop --occurrence"),
                )
            return item.id
        wanted = planned or actual
        if planned is None and len(occurrences) == 1:
            return occurrences[0].uid_key
        for occurrence in occurrences:
            if wanted in (planned_day(occurrence), occurrence.day):
                return occurrence.uid_key
        return self._no_such_occurrence(item, wanted)

    def _no_such_occurrence(self, item: Item, wanted: date | None) -> str:
        days = sorted(planned_day(o) for o in item.occurrences)
        if wanted is not None:
            days = sorted(sorted(days, key=lambda d: abs((d - wanted).days))[:3])
        listed = ", ".join(d.isoformat() for d in days[:3])
        count = len(item.occurrences)
        problem = (
            Text(
                f"“{item.id}” 在计划中有 {count} 次，{wanted} 不是其中之一",
                f"'{item.id}' occurs {count} times in the plan and {wanted} is not one of them",
            )
            if wanted
            else Text(
                f"“{item.id}” 在计划中有 {count} 次，需指明是哪一次",
                f"'{item.id}' occurs {count} times in the plan; say which one",
            )
        )
        raise LedgerError(
            problem,
            Text(
                f"用 --occurrence 指定计划日期，如 {listed}",
                f"name the planned date with --occurrence, e.g. {listed}",
            ),
        )

    def pair(self, key_or_cadre: str) -> Pair:
        """A pair by its key, or by its cadre's id when that cadre has exactly one pair."""
        found = self.pairs.get(key_or_cadre)
        if found is not None:
            return found
        of_cadre = self.pairs_of_cadre.get(key_or_cadre, [])
        if len(of_cadre) == 1:
            return of_cadre[0]
        if of_cadre:
            keys = ", ".join(p.key for p in of_cadre)
            raise LedgerError(
                Text(
                    f"干部 “{key_or_cadre}” 有 {len(of_cadre)} 个结对户，需指明是哪一户",
                    f"cadre '{key_or_cadre}' has {len(of_cadre)} pairs; say which one",
                ),
                Text(f"改用结对编号之一：{keys}", f"use one of the pair keys: {keys}"),
            )
        known = {**self.pairs, **self.pairs_of_cadre}
        raise LedgerError(
            Text(
                f"计划中没有结对或干部 “{key_or_cadre}”",
                f"the plan has no pair or cadre '{key_or_cadre}'",
            ),
            _nearest(key_or_cadre, known),
        )


def _nearest(wanted: str, known: dict[str, object]) -> Text:
    close = difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.4)
    if close:
        listed = ", ".join(close)
        return Text(f"最接近的编号：{listed}", f"nearest ids: {listed}")
    if not known:
        return Text("计划中还没有可记录的条目", "the plan has nothing to record yet")
    listed = ", ".join(sorted(known)[:8])
    return Text(f"计划中的编号有：{listed}", f"the plan's ids include: {listed}")
