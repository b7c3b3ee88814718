"""Resolve a plan into a schedule of concrete occurrences on China's real calendar."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property

from activitymonth.calendar import ChinaCalendar
from activitymonth.calendar.festivals import Anchor
from activitymonth.calendar.recurrence import expand
from activitymonth.catalog import Catalog
from activitymonth.diagnostics import Diagnostic, PlanLoadError, Position
from activitymonth.i18n import Text
from activitymonth.load import LoadedPlan
from activitymonth.load.references import checked_catalog
from activitymonth.model import Activity, Plan
from activitymonth.model.window import Window
from activitymonth.schedule.occurrence import ItemKind, Occurrence, Skipped

ModelPath = tuple[str | int, ...]
Locator = Callable[[ModelPath], Position | None]

DEFAULT_DURATION = timedelta(hours=1)
"""Length of a timed activity that gives neither ``end`` nor ``duration``."""


@dataclass(frozen=True)
class Schedule:
    """The resolved plan: occurrences sorted by start, plus what could not be placed."""

    plan: Plan
    calendar: ChinaCalendar
    occurrences: tuple[Occurrence, ...]
    skipped: tuple[Skipped, ...] = ()
    unscheduled: tuple[str, ...] = ()
    file: str | None = None
    unofficial_years: tuple[int, ...] = field(default=())

    @cached_property
    def by_item(self) -> dict[str, list[Occurrence]]:
        index: dict[str, list[Occurrence]] = defaultdict(list)
        for occurrence in self.occurrences:
            index[occurrence.item_id].append(occurrence)
        return dict(index)

    def for_item(self, item_id: str) -> list[Occurrence]:
        return self.by_item.get(item_id, [])


def resolve(
    source: LoadedPlan | Plan, catalog: Catalog | None = None, *, strict: bool = True
) -> Schedule:
    """Expand every activity, deliverable and planned visit into dated occurrences.

    A ``Plan`` built in Python is held to the loader's reference checks first, so an
    unknown person or program cannot slip through by skipping the YAML; the checker passes
    ``strict=False`` because it reports those problems as findings itself.
    """
    if isinstance(source, LoadedPlan):
        plan, locate, file = source.plan, source.sources.locate, source.file
    else:
        plan, locate, file = source, _nowhere, None
        _, problems = checked_catalog(plan, catalog or Catalog.builtin()) if strict else (None, [])
        if problems:
            raise PlanLoadError(
                [Diagnostic(p.code, p.message, None, p.hint, p.path) for p in problems]
            )
    calendar = plan.working_calendar()
    builder = _Builder(plan, calendar, locate)
    for i, activity in enumerate(plan.activities):
        builder.activity(i, activity)
    for i, deliverable in enumerate(plan.deliverables):
        if deliverable.due is not None:
            day = _anchor_day(deliverable.due, plan.window)
            builder.add(
                deliverable.id,
                ItemKind.DELIVERABLE,
                deliverable.title,
                day,
                day + timedelta(days=1),
                ("deliverables", i),
            )
        else:
            builder.unscheduled.append(deliverable.id)
    for i, pair in enumerate(plan.pairs):
        title = f"走访 {pair.household.name}"
        for j, day in enumerate(pair.visits):
            builder.add(
                pair.key,
                ItemKind.VISIT,
                title,
                day,
                day + timedelta(days=1),
                ("pairs", i, "visits", j),
            )
    occurrences = sorted(builder.occurrences, key=_sort_key)
    unofficial = tuple(y for y in plan.window.years if not calendar.is_official(y))
    return Schedule(
        plan,
        calendar,
        tuple(occurrences),
        tuple(builder.skipped),
        tuple(builder.unscheduled),
        file,
        unofficial,
    )


def _nowhere(path: ModelPath) -> Position | None:
    """A plan built in Python has no file positions."""
    return None


def _sort_key(occurrence: Occurrence) -> tuple[date, int, str, str]:
    start = occurrence.start
    minute = start.hour * 60 + start.minute if isinstance(start, datetime) else -1
    return (occurrence.day, minute, occurrence.item_id, occurrence.uid_key)


def _anchor_day(spec: date | Anchor, window: Window) -> date:
    """A festival anchor resolves in the window's year that puts it inside the window."""
    if isinstance(spec, date):
        return spec
    candidates = [spec.resolve(year) for year in window.years]
    inside = [day for day in candidates if day in window]
    return (inside or candidates)[0]


class _Builder:
    def __init__(self, plan: Plan, calendar: ChinaCalendar, locate: Locator) -> None:
        self.plan = plan
        self.zone = plan.zone
        self.calendar = calendar
        self.locate = locate
        self.occurrences: list[Occurrence] = []
        self.skipped: list[Skipped] = []
        self.unscheduled: list[str] = []
        self._counts: dict[str, int] = defaultdict(int)

    def add(
        self,
        item_id: str,
        kind: ItemKind,
        title: str,
        start: datetime | date,
        end: datetime | date,
        path: ModelPath,
        moved_from: date | None = None,
        reason: Text | None = None,
        source: Position | None = None,
    ) -> None:
        index = self._counts[item_id]
        self._counts[item_id] += 1
        self.occurrences.append(
            Occurrence(
                item_id,
                kind,
                index,
                title,
                start,
                end,
                moved_from,
                reason,
                source if source is not None else self.locate(path),
            )
        )

    def activity(self, i: int, activity: Activity) -> None:
        path = ("activities", i)
        if activity.start is not None:
            start = activity.start.replace(tzinfo=self.zone)
            end = (
                activity.end.replace(tzinfo=self.zone)
                if activity.end
                else start + (activity.duration or DEFAULT_DURATION)
            )
            self.add(activity.id, ItemKind.ACTIVITY, activity.title, start, end, path)
        elif activity.date is not None:
            day = _anchor_day(activity.date, self.plan.window)
            start, end = self._span(activity, day)
            self.add(activity.id, ItemKind.ACTIVITY, activity.title, start, end, path)
        elif activity.repeat is not None:
            self._recurring(activity, path)
        else:
            self.unscheduled.append(activity.id)

    def _span(self, activity: Activity, day: date) -> tuple[datetime | date, datetime | date]:
        if activity.time is not None:
            start = datetime.combine(day, activity.time, self.zone)
            return start, start + (activity.duration or DEFAULT_DURATION)
        last = activity.end_date or day
        return day, last + timedelta(days=1)

    def _recurring(self, activity: Activity, path: ModelPath) -> None:
        assert activity.repeat is not None
        window = self.plan.window
        begin = activity.repeat_from or window.start
        until = activity.until or window.end
        source = self.locate(path)
        for planned in expand(activity.repeat, begin, until, self.calendar, activity.on_day_off):
            if planned.skipped:
                self.skipped.append(Skipped(activity.id, planned.planned, planned.reason, source))
                continue
            start, end = self._span(activity, planned.day)
            self.add(
                activity.id,
                ItemKind.ACTIVITY,
                activity.title,
                start,
                end,
                path,
                planned.planned if planned.moved else None,
                planned.reason,
                source,
            )
