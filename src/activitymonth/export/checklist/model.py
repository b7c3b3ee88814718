"""The checklist as data, shared by every format (terminal, Markdown, HTML, PDF, DOCX, XLSX).

A row is one thing an inspector ticks: a required program item with the activity or
deliverable that covers it (or a gap when nothing does), or a planned item that fulfils no
program. Rows know when, who, and what "done" needs; once the ledger has records they
also know whether the row is done or overdue. Formats only lay rows out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from activitymonth.catalog import Catalog, ItemKind, ProgramLookupError
from activitymonth.model import Activity, Deliverable, Plan, Status
from activitymonth.schedule import Occurrence, Schedule
from activitymonth.schedule.ordinal import plan_ordinal


class Grouping(StrEnum):
    PROGRAM = "program"
    PERSON = "person"
    WEEK = "week"


class RowStatus(StrEnum):
    GAP = "gap"  # a required item nothing covers
    PLANNED = "planned"
    DONE = "done"
    OVERDUE = "overdue"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Completion:
    """What the ledger says about an item (filled in by the ledger; none until then)."""

    done_on: date
    participants: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class ChecklistRow:
    requirement: str  # 六个一@学校/书画展, or the item's own title when it fulfils nothing
    item_id: str | None  # covering activity/deliverable id; None for a gap
    title: str  # covering item's title, or the requirement for a gap
    kind: str  # activity | deliverable | gap
    dates: tuple[date, ...]
    responsible: tuple[str, ...]  # names (with titles) of lead/owner
    needs: tuple[str, ...]  # evidence and participant targets: what "done" needs
    location: str | None
    status: RowStatus
    completion: Completion | None = None

    @property
    def when(self) -> str:
        """Dates as offices write them in tables: 9月10日, 9月10日—12日, 每月15日 (12次)."""
        return format_dates(self.dates)


@dataclass(frozen=True)
class ChecklistGroup:
    title: str
    rows: tuple[ChecklistRow, ...]


@dataclass(frozen=True)
class Checklist:
    title: str  # e.g. 某局第43个民族团结进步活动月完成情况清单
    plan: Plan
    grouping: Grouping
    groups: tuple[ChecklistGroup, ...]
    signoff: tuple[str, ...] = ("填报人", "审核人", "日期")
    generated_for: date | None = None  # the --today the statuses were computed against

    @property
    def rows(self) -> list[ChecklistRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def gaps(self) -> list[ChecklistRow]:
        return [row for row in self.rows if row.status == RowStatus.GAP]


def format_dates(days: Iterable[date]) -> str:
    """``9月10日``; consecutive days as ``9月10日—12日``; many dates as first…last (N次)."""
    days = sorted(set(days))
    if not days:
        return "未安排"
    if len(days) > 4:
        return f"{_md(days[0])}—{_md(days[-1])}（{len(days)}次）"
    runs: list[list[date]] = []
    for day in days:
        if runs and day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) == 1:
            parts.append(_md(run[0]))
        elif run[0].month == run[-1].month:
            parts.append(f"{_md(run[0])}—{run[-1].day}日")
        else:
            parts.append(f"{_md(run[0])}—{_md(run[-1])}")
    return "、".join(parts)


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


CompletionLookup = Callable[[str], Completion | None]


def build_checklist(
    schedule: Schedule,
    catalog: Catalog,
    grouping: Grouping = Grouping.PROGRAM,
    *,
    today: date | None = None,
    completions: CompletionLookup | None = None,
) -> Checklist:
    """The checklist of a resolved plan. ``completions`` maps an item id to what the ledger
    recorded (None: not done); ``today`` marks undone items before it as overdue."""
    builder = _RowBuilder(schedule, catalog, today, completions or (lambda _: None))
    groups = {
        Grouping.PROGRAM: builder.by_program,
        Grouping.PERSON: builder.by_person,
        Grouping.WEEK: builder.by_week,
    }[grouping]()
    plan = schedule.plan
    ordinal = plan_ordinal(plan)
    prefix = f"第{ordinal.ordinal}个{ordinal.campaign}" if ordinal else ""
    title = (
        f"{plan.unit or plan.title}{prefix}完成情况清单" if ordinal else f"{plan.title}完成情况清单"
    )
    return Checklist(title, plan, grouping, tuple(groups), generated_for=today)


class _RowBuilder:
    def __init__(
        self,
        schedule: Schedule,
        catalog: Catalog,
        today: date | None,
        completions: CompletionLookup,
    ) -> None:
        self.schedule = schedule
        self.plan = schedule.plan
        self.catalog = catalog
        self.today = today
        self.completions = completions
        self.items: dict[str, Activity | Deliverable] = {
            **{a.id: a for a in self.plan.activities},
            **{d.id: d for d in self.plan.deliverables},
        }

    def row(self, item: Activity | Deliverable, requirement: str) -> ChecklistRow:
        occurrences = self.schedule.for_item(item.id)
        days = tuple(day for o in occurrences for day in o.days)
        completion = self.completions(item.id)
        return ChecklistRow(
            requirement=requirement,
            item_id=item.id,
            title=item.title,
            kind="activity" if isinstance(item, Activity) else "deliverable",
            dates=days,
            responsible=tuple(self._name(p) for p in _responsible(item)),
            needs=_needs(item),
            location=getattr(item, "location", None),
            status=self._status(item, occurrences, completion),
            completion=completion,
        )

    def _status(
        self,
        item: Activity | Deliverable,
        occurrences: list[Occurrence],
        completion: Completion | None,
    ) -> RowStatus:
        if item.status == Status.CANCELLED:
            return RowStatus.CANCELLED
        if completion is not None or item.status == Status.DONE:
            return RowStatus.DONE
        if self.today and occurrences and occurrences[-1].last_day < self.today:
            return RowStatus.OVERDUE
        return RowStatus.PLANNED

    def _name(self, person_id: str) -> str:
        person = self.plan.person(person_id)
        if person is None:
            return person_id
        return f"{person.name}（{person.title}）" if person.title else person.name

    def gap(self, requirement: str, title: str) -> ChecklistRow:
        return ChecklistRow(requirement, None, title, "gap", (), (), (), None, RowStatus.GAP)

    # ------------------------------------------------------------------ groupings
    def by_program(self) -> list[ChecklistGroup]:
        claimed: dict[tuple[str, str], list[Activity | Deliverable]] = {}
        for item in self.items.values():
            for ref in item.fulfills:
                try:
                    program, program_item = self.catalog.resolve_item(ref, self.plan.programs)
                except ProgramLookupError:
                    continue
                claimed.setdefault((program.id, program_item.name), []).append(item)
        groups: list[ChecklistGroup] = []
        covered: set[str] = set()
        for ref in self.plan.programs:
            program = self.catalog.get(ref)
            rows: list[ChecklistRow] = []
            for program_item in program.items:
                requirement = f"{program.id}/{program_item.name}"
                if program_item.kind == ItemKind.SECTOR:
                    items = [
                        a
                        for a in self.plan.activities
                        if program_item.name in a.sector
                        or any(alias in a.sector for alias in program_item.aliases)
                    ]
                else:
                    items = claimed.get((program.id, program_item.name), [])
                if not items:
                    rows.append(self.gap(requirement, program_item.name))
                for item in items:
                    rows.append(self.row(item, requirement))
                    covered.add(item.id)
            title = program.title + ("（来源不完整）" if not program.complete else "")
            groups.append(ChecklistGroup(title, tuple(rows)))
        others = [self.row(item, item.title) for item in self._in_order() if item.id not in covered]
        if others:
            groups.append(ChecklistGroup("其他活动与任务", tuple(others)))
        return groups

    def by_person(self) -> list[ChecklistGroup]:
        groups = []
        for person in self.plan.people:
            rows = [
                self.row(item, item.title)
                for item in self._in_order()
                if person.id in _responsible(item)
            ]
            if rows:
                label = f"{person.name}（{person.title}）" if person.title else person.name
                groups.append(ChecklistGroup(label, tuple(rows)))
        unassigned = [
            self.row(item, item.title) for item in self._in_order() if not _responsible(item)
        ]
        if unassigned:
            groups.append(ChecklistGroup("未指定负责人", tuple(unassigned)))
        return groups

    def by_week(self) -> list[ChecklistGroup]:
        weeks: dict[date, list[ChecklistRow]] = {}
        unscheduled = []
        for item in self._in_order():
            occurrences = self.schedule.for_item(item.id)
            if not occurrences:
                unscheduled.append(self.row(item, item.title))
                continue
            monday = occurrences[0].day - timedelta(days=occurrences[0].day.weekday())
            weeks.setdefault(monday, []).append(self.row(item, item.title))
        groups = [
            ChecklistGroup(f"{_md(monday)}—{_md(monday + timedelta(days=6))}", tuple(rows))
            for monday, rows in sorted(weeks.items())
        ]
        if unscheduled:
            groups.append(ChecklistGroup("未安排时间", tuple(unscheduled)))
        return groups

    def _in_order(self) -> list[Activity | Deliverable]:
        """Items by first date (unscheduled last), then as written."""
        order = list(self.items.values())
        first = {i.id: (self.schedule.for_item(i.id) or [None])[0] for i in order}
        return sorted(
            order, key=lambda i: (first[i.id] is None, first[i.id].day if first[i.id] else date.max)
        )


def _responsible(item: Activity | Deliverable) -> tuple[str, ...]:
    person = item.lead if isinstance(item, Activity) else item.owner
    return (person,) if person else ()


def _needs(item: Activity | Deliverable) -> tuple[str, ...]:
    needs = list(item.evidence)
    if isinstance(item, Activity) and item.expected_participants:
        needs.append(f"参与约{item.expected_participants}人")
    return tuple(needs)
