"""What a rule sees: the resolved plan, the calendar, the catalog and positions, and
(when the check was given one) the plan's ledger.

Indexes that several rules need (occurrences per person, items by id, the ledger's
progress) are built once, lazily, so a rule that does not need them costs nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from activitymonth.calendar import ChinaCalendar
from activitymonth.catalog import Catalog
from activitymonth.diagnostics import Position
from activitymonth.load import LoadedPlan
from activitymonth.load.references import person_references
from activitymonth.model import Activity, Deliverable, Plan
from activitymonth.rules.finding import ModelPath
from activitymonth.schedule import Occurrence, Schedule

if TYPE_CHECKING:
    from activitymonth.ledger import Ledger
    from activitymonth.rules.rule import Options, Rule
    from activitymonth.tracking import PlanProgress


@dataclass(frozen=True)
class ItemRef:
    """An activity or deliverable with its index (for paths)."""

    path: ModelPath
    item: Activity | Deliverable


class Context:
    def __init__(
        self,
        schedule: Schedule,
        catalog: Catalog,
        loaded: LoadedPlan | None = None,
        today: date | None = None,
        *,
        ledger: Ledger | None = None,
        options: Callable[[type[Rule]], Options] | None = None,
    ) -> None:
        self.schedule = schedule
        self.plan: Plan = schedule.plan
        self.calendar: ChinaCalendar = schedule.calendar
        self.catalog = catalog
        self.loaded = loaded
        self.today = today
        self.ledger = ledger
        self._options = options

    def options_of(self, rule_class: type[Rule]) -> Options:
        """Another rule's options as this check configured them (defaults without a
        configuration): a fix must satisfy the rules as the user set them up."""
        if self._options is None:
            return rule_class.Options()
        return self._options(rule_class)

    @cached_property
    def progress(self) -> PlanProgress | None:
        """The plan joined with its ledger (None without one), as of ``today``, else the
        current day in the plan's time zone: the ledger rules judge what has happened, and
        that changes with the day anyway. The database is asked once, by the first rule
        that needs it."""
        if self.ledger is None:
            return None
        from activitymonth.tracking import track  # tracking builds on this module

        today = self.today or datetime.now(self.plan.zone).date()
        with self.ledger.read() as conn:
            return track(self.schedule, self.catalog, conn, today)

    def locate(self, path: ModelPath, *, key: bool = False) -> Position | None:
        if self.loaded is None:
            return None
        return self.loaded.sources.locate(path, key=key)

    def logical_path(self, path: ModelPath) -> str:
        """Path with list indexes replaced by item ids (or by the value, for lists of
        names), so that fingerprints survive reordering: ``activities[mobilize].lead``,
        ``programs[六个一@学校]``."""
        text = ""
        current: object = self.plan
        for step in path:
            if isinstance(step, int):
                items = current if isinstance(current, tuple) else ()
                item = items[step] if 0 <= step < len(items) else None
                ident = (
                    item
                    if isinstance(item, str)
                    else (getattr(item, "id", None) or getattr(item, "key", None))
                )
                text += f"[{ident if isinstance(ident, str) else step}]"
                current = item
            else:
                text += f".{step}" if text else str(step)
                current = getattr(current, step, None)
        return text

    @cached_property
    def items(self) -> dict[str, ItemRef]:
        """Activities and deliverables by id."""
        found: dict[str, ItemRef] = {}
        for i, activity in enumerate(self.plan.activities):
            found.setdefault(activity.id, ItemRef(("activities", i), activity))
        for i, deliverable in enumerate(self.plan.deliverables):
            found.setdefault(deliverable.id, ItemRef(("deliverables", i), deliverable))
        return found

    @cached_property
    def activity_paths(self) -> dict[str, ModelPath]:
        return {a.id: ("activities", i) for i, a in enumerate(self.plan.activities)}

    @cached_property
    def dependents(self) -> dict[str, list[tuple[str, int]]]:
        """For each activity, the activities that come ``after`` it, with lead times."""
        index: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for activity in self.plan.activities:
            for dependency in activity.after:
                index[dependency.activity].append((activity.id, dependency.lead_time))
        return dict(index)

    @cached_property
    def occurrences_by_person(self) -> dict[str, list[Occurrence]]:
        """Occurrences each person leads or staffs (roles included), in time order."""
        people_of = {a.id: a.people for a in self.plan.activities}
        index: dict[str, list[Occurrence]] = defaultdict(list)
        for occurrence in self.schedule.occurrences:
            for person in people_of.get(occurrence.item_id, ()):
                index[person].append(occurrence)
        return dict(index)

    @cached_property
    def referenced_people(self) -> set[str]:
        """Everyone named anywhere in the plan (organisation, items, pairs)."""
        return {ref for _, ref in person_references(self.plan)}

    @cached_property
    def pair_paths(self) -> dict[str, ModelPath]:
        """Pairs by key (``Pair.key``), so a planned visit can be pointed at in the file."""
        found: dict[str, ModelPath] = {}
        for i, pair in enumerate(self.plan.pairs):
            found.setdefault(pair.key, ("pairs", i))
        return found
