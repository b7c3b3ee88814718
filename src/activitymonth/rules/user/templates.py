"""Rule templates: the usual requirements of a plan, written as parameters instead of code.

Each template is a pydantic model (the rule's header, a ``select:`` and its own typed
parameters, unknown keys rejected) that also knows how to check a plan, so a rules file
entry is validated and runs through the same object. All of them read the resolved
schedule, so they see China's calendar as the built-in rules do: a series moved off a
holiday is judged by the day it was planned for, and a make-up work day is a work day.

=================  ========================================================
require-items      each named item is fulfilled by, or named in the title of, a selected item
forbid-dates       no selected item on given days, ranges or festivals
forbid-weekdays    no selected item on given weekdays (optionally within ``hours``)
max-interval       consecutive occurrences at most ``max_gap`` apart
count-between      between ``min`` and ``max`` occurrences per window, month or week
min-participants   selected activities expect at least ``min`` participants
=================  ========================================================
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Annotated, Any, ClassVar, Literal, TypeVar, get_args

from dateutil.relativedelta import relativedelta
from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from activitymonth.calendar import ChinaCalendar
from activitymonth.catalog import ProgramLookupError, name_key
from activitymonth.i18n import Text, day_text, weekday_name
from activitymonth.model import Activity
from activitymonth.model.base import invalid
from activitymonth.model.window import Window
from activitymonth.rules.builtin.dates import occurrence_path
from activitymonth.rules.context import Context, ItemRef
from activitymonth.rules.finding import Finding, Group, ModelPath
from activitymonth.rules.user.base import Entry, UserRule
from activitymonth.rules.user.selection import Selection, fulfilled, resolve_item
from activitymonth.rules.user.values import ClockSpanValue, DaySpec, DayValue, GapValue, Weekday
from activitymonth.schedule import Occurrence

T = TypeVar("T")


def _listed(value: Any) -> Any:
    """One value may stand for a list of one: ``weekdays: 周五``."""
    return (value,) if isinstance(value, str | int) else value


def _non_empty(values: tuple[T, ...]) -> tuple[T, ...]:
    """Checked after the items, so one bad item is not also reported as an empty list."""
    if not values:
        raise invalid(Text("至少写一项", "list at least one"))
    return values


NonEmpty = Annotated[tuple[T, ...], BeforeValidator(_listed), AfterValidator(_non_empty)]
_ONE_DAY = timedelta(days=1)
_NONE = Text("—", "—")


class TemplateEntry(Entry, ABC):
    """A rules-file entry made from a template: header, selection, parameters."""

    select: Selection = Selection()

    default_group: ClassVar[Group]
    default_message: ClassVar[Text]
    default_hint: ClassVar[Text]
    params: ClassVar[frozenset[str]]

    @abstractmethod
    def describe(self) -> Text:
        """What the rule requires, in one line (its summary when the file gives none)."""

    def check(self, rule: UserRule, ctx: Context) -> Iterator[Finding]:
        targets, problem = self.select.targets(ctx)
        if problem is not None:
            yield rule.broken(
                ctx,
                Text("select.fulfills：", "select.fulfills: ") + problem,
                Text(
                    "改正规则文件中的 select.fulfills，或在计划的 programs 中采用该项目",
                    "correct select.fulfills in the rules file, or adopt the program in the "
                    "plan's programs",
                ),
            )
            return
        yield from self.apply(rule, ctx, self.select.items(ctx, targets))

    @abstractmethod
    def apply(self, rule: UserRule, ctx: Context, chosen: list[ItemRef]) -> Iterator[Finding]:
        """The findings for the selected items (in plan order)."""


class RequireItems(TemplateEntry):
    """Each name must be fulfilled (``fulfills``) by, or appear in the title of, a selected
    item. A name the catalog knows as an item (``书画展``, ``六个一@学校/知识竞赛``) also
    matches its aliases in titles."""

    template: Literal["require-items"]
    items: NonEmpty[str]

    default_group = Group.ITEMS
    params = frozenset({"item", "selection"})
    default_message = Text(
        "计划中没有「{item}」：{selection}中没有完成该项或标题含该名称的",
        "'{item}' is missing: none of the {selection} fulfils it or names it in its title",
    )
    default_hint = Text(
        "安排一项 fulfills: {item} 的活动，或在标题中写明该项名称",
        "add an activity with fulfills: {item}, or with the item's name in its title",
    )

    def describe(self) -> Text:
        wanted = Text("、".join(self.items), ", ".join(self.items))
        selection = self.select.describe()
        return Text(
            f"{selection.zh}中要有：{wanted.zh}", f"the {selection.en} must include {wanted.en}"
        )

    def apply(self, rule: UserRule, ctx: Context, chosen: list[ItemRef]) -> Iterator[Finding]:
        keys = fulfilled(ctx)
        for name in self.items:
            key, words = resolve_item(ctx, name), _title_words(ctx, name)
            if not any(
                (key is not None and key in keys[ref.item.id])
                or any(word in ref.item.title for word in words)
                for ref in chosen
            ):
                yield rule.report(
                    ctx, self.select.where(), item=name, selection=self.select.describe()
                )


def _title_words(ctx: Context, name: str) -> tuple[str, ...]:
    """What a title must contain to name an item: its name or an alias, else the text."""
    try:
        _, item = ctx.catalog.resolve_item(name, ctx.plan.programs)
    except ProgramLookupError:
        return (name_key(name).rsplit("/", 1)[-1],)
    return item.names


class ForbidDates(TemplateEntry):
    """No selected item on the given days: ``2026-10-01``, ``2026-09-21..2026-09-25``, a
    festival (``古尔邦节``) or a day relative to one (``古尔邦节 -1d``), every year."""

    template: Literal["forbid-dates"]
    dates: NonEmpty[DayValue]

    default_group = Group.DATES
    params = frozenset({"title", "id", "day", "reason", "selection", "more"})
    default_message = Text(
        "「{title}」安排在 {day}，本规则不允许在 {reason} 安排{more}",
        "'{title}' is on {day}, and this rule allows nothing on {reason}{more}",
    )
    default_hint = Text("改到 {reason} 以外的日子", "move it off {reason}")

    def describe(self) -> Text:
        days = [spec.text for spec in self.dates]
        selection = self.select.describe()
        return Text(
            f"{selection.zh}不安排在 {'、'.join(days)}", f"no {selection.en} on {', '.join(days)}"
        )

    def apply(self, rule: UserRule, ctx: Context, chosen: list[ItemRef]) -> Iterator[Finding]:
        forbidden = _DayIndex(self.dates)

        def hits() -> Iterator[tuple[ModelPath, tuple[Occurrence, date, str]]]:
            for occurrence in self.select.occurrences(ctx, chosen):
                for day in occurrence.days:
                    reason = forbidden.reason(day)
                    if reason is not None:
                        yield occurrence_path(ctx, occurrence), (occurrence, day, reason)
                        break

        for path, (occurrence, day, reason), more in first_per_path(hits()):
            yield rule.report(
                ctx,
                path,
                title=occurrence.title,
                id=occurrence.item_id,
                day=day_text(day),
                reason=reason,
                selection=self.select.describe(),
                more=more,
            )


class _DayIndex:
    """The forbidden days of each year, worked out the first time the year is asked."""

    def __init__(self, specs: tuple[DaySpec, ...]) -> None:
        self._specs = specs
        self._years: dict[int, dict[date, str]] = {}

    def reason(self, day: date) -> str | None:
        if day.year not in self._years:
            found: dict[date, str] = {}
            for spec in self._specs:
                for forbidden in spec.days(day.year):
                    found.setdefault(forbidden, spec.text)
            self._years[day.year] = found
        return self._years[day.year].get(day)


class ForbidWeekdays(TemplateEntry):
    """No selected item on the given weekdays; with ``hours``, only timed items that
    overlap that part of the day (an all-day item always does). Weekdays are the calendar's:
    a make-up work day (调休) that falls on a Sunday is still a Sunday."""

    template: Literal["forbid-weekdays"]
    weekdays: NonEmpty[Weekday]
    hours: ClockSpanValue | None = None

    default_group = Group.DATES
    params = frozenset({"title", "id", "day", "weekdays", "hours", "selection", "more"})
    default_message = Text(
        "「{title}」安排在 {day}，本规则不允许在{weekdays}{hours}安排{more}",
        "'{title}' is on {day}, and this rule allows nothing on {weekdays}{hours}{more}",
    )
    default_hint = Text("改到{weekdays}{hours}以外的时间", "move it off {weekdays}{hours}")

    def describe(self) -> Text:
        selection, weekdays, hours = self.select.describe(), self._weekdays(), self._hours()
        return Text(
            f"{selection.zh}不安排在{weekdays.zh}{hours.zh}".rstrip(),
            f"no {selection.en} on {weekdays.en}{hours.en}",
        )

    def _weekdays(self) -> Text:
        days = sorted(set(self.weekdays))
        return Text(
            "、".join(weekday_name(d, "zh") for d in days),
            ", ".join(weekday_name(d, "en") for d in days),
        )

    def _hours(self) -> Text:
        if self.hours is None:
            return Text("", "")
        return Text(f" {self.hours.text} ", f" {self.hours.text}")

    def apply(self, rule: UserRule, ctx: Context, chosen: list[ItemRef]) -> Iterator[Finding]:
        def hits() -> Iterator[tuple[ModelPath, tuple[Occurrence, date]]]:
            for occurrence in self.select.occurrences(ctx, chosen):
                day = next((d for d in occurrence.days if self._hits(occurrence, d, ctx)), None)
                if day is not None:
                    yield occurrence_path(ctx, occurrence), (occurrence, day)

        for path, (occurrence, day), more in first_per_path(hits()):
            yield rule.report(
                ctx,
                path,
                title=occurrence.title,
                id=occurrence.item_id,
                day=day_text(day),
                weekdays=self._weekdays(),
                hours=self._hours(),
                selection=self.select.describe(),
                more=more,
            )

    def _hits(self, occurrence: Occurrence, day: date, ctx: Context) -> bool:
        if day.weekday() not in self.weekdays:
            return False
        if self.hours is None or not isinstance(occurrence.start, datetime):
            return True
        zone = ctx.plan.zone
        start = datetime.combine(day, self.hours.start, zone)
        end = datetime.combine(day, self.hours.end, zone)
        return occurrence.start < end and start < occurrence.end  # type: ignore[operator]


class MaxInterval(TemplateEntry):
    """Consecutive occurrences of the selection at most ``max_gap`` apart (``1个月``,
    ``两周``, ``10天``). With ``edges`` (the default) the window's start and end count as
    boundaries too, so a selection that starts late, stops early or never happens is
    reported. A gap that only days off explain is no gap: when the day the next occurrence
    was due is a holiday, the next work day is in time."""

    template: Literal["max-interval"]
    max_gap: GapValue
    edges: bool = True

    default_group = Group.DATES
    params = frozenset({"selection", "first", "second", "days", "allowed", "more"})
    default_message = Text(
        "{selection}在 {first} 与 {second} 之间相隔 {days} 天，超过允许的最长间隔 {allowed}{more}",
        "the {selection} leave {days} days between {first} and {second}, more than the "
        "{allowed} allowed{more}",
    )
    default_hint = Text(
        "在 {first} 之后 {allowed} 以内再安排一次", "hold one within {allowed} after {first}"
    )
    none_message: ClassVar[Text] = Text(
        "{selection}在 {first} 至 {second} 期间一次也没有，至少每 {allowed} 要有一次",
        "there are no {selection} between {first} and {second}; one is needed at least "
        "every {allowed}",
    )
    none_hint: ClassVar[Text] = Text(
        "在活动期间安排至少一次", "schedule at least one within the window"
    )

    def describe(self) -> Text:
        selection, gap = self.select.describe(), self.max_gap.text
        return Text(
            f"{selection.zh}相邻两次间隔不超过 {gap.zh}",
            f"the {selection.en} are at most {gap.en} apart",
        )

    def apply(self, rule: UserRule, ctx: Context, chosen: list[ItemRef]) -> Iterator[Finding]:
        window = ctx.plan.window
        occurrences = self.select.occurrences(ctx, chosen)
        points: list[tuple[date, date, Occurrence | None]] = [
            (o.moved_from or o.day, o.day, o) for o in occurrences
        ]
        if self.edges:
            before, after = window.start - _ONE_DAY, window.end + _ONE_DAY
            points = [(before, before, None), *points, (after, after, None)]
        params = {"selection": self.select.describe(), "allowed": self.max_gap.text}
        if not occurrences:
            if self.edges and self._too_long(ctx.calendar, points[0][0], points[-1][1]):
                yield rule.report(
                    ctx,
                    self.select.where(),
                    message=self.message or self.none_message,
                    hint=self.hint or self.none_hint,
                    first=day_text(window.start),
                    second=day_text(window.end),
                    days=(window.end - window.start).days,
                    more=_more(1),
                    **params,
                )
            return

        def gaps() -> Iterator[tuple[ModelPath, tuple[date, date]]]:
            for (planned, shown, earlier), (_, after, later) in pairwise(points):
                if self._too_long(ctx.calendar, planned, after):
                    located = later or earlier
                    assert located is not None  # at least one end is a real occurrence
                    first = max(shown, window.start) if earlier is None else shown
                    second = min(after, window.end) if later is None else after
                    yield occurrence_path(ctx, located), (first, second)

        for path, (first, second), more in first_per_path(gaps()):
            yield rule.report(
                ctx,
                path,
                first=day_text(first),
                second=day_text(second),
                days=(second - first).days,
                more=more,
                **params,
            )

    def _too_long(self, calendar: ChinaCalendar, planned: date, after: date) -> bool:
        """Whether ``after`` comes later than due and a work day in between was free."""
        due = planned + self.max_gap.delta
        day = due
        while day < after:
            if calendar.is_workday(day):
                return True
            day += _ONE_DAY
        return False


class CountBetween(TemplateEntry):
    """Between ``min`` and ``max`` occurrences of the selection (either bound may be left
    out) in the window, in each month or in each ISO week it touches; ``counting: items``
    counts distinct items instead of occurrences."""

    template: Literal["count-between"]
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)
    per: Literal["window", "month", "week"] = "window"
    counting: Literal["occurrences", "items"] = "occurrences"

    default_group = Group.ITEMS
    params = frozenset({"selection", "period", "count", "min", "max"})
    default_message = Text(
        "{selection}在{period}只有 {count}，少于至少 {min}",
        "the {selection} number {count} in {period}, fewer than the {min} required",
    )
    default_hint = Text("在{period}再安排，至少达到 {min}", "add more in {period} to reach {min}")
    many_message: ClassVar[Text] = Text(
        "{selection}在{period}有 {count}，多于至多 {max}",
        "the {selection} number {count} in {period}, more than the {max} allowed",
    )
    many_hint: ClassVar[Text] = Text(
        "合并或删减，使{period}不超过 {max}",
        "merge or drop some so that {period} has at most {max}",
    )

    @model_validator(mode="after")
    def _bounds(self) -> CountBetween:
        if self.min is None and self.max is None:
            raise invalid(
                Text("count-between 需要 min、max 至少一个", "count-between needs min, max or both")
            )
        if self.min is not None and self.max is not None and self.min > self.max:
            raise invalid(
                Text(
                    f"min（{self.min}）大于 max（{self.max}）：交换两者",
                    f"min ({self.min}) is larger than max ({self.max}): swap them",
                )
            )
        return self

    def describe(self) -> Text:
        per = {
            "window": Text("在活动期间", "in the window"),
            "month": Text("每月", "per month"),
            "week": Text("每周", "per week"),
        }[self.per]
        zh_unit, en_unit = ("项", "item") if self.counting == "items" else ("次", "time")
        plural = "" if max(self.min or 0, self.max or 0) == 1 else "s"
        if self.min is not None and self.max is not None:
            bounds = Text(f"{self.min} 至 {self.max}", f"{self.min} to {self.max}")
        elif self.min is not None:
            bounds = Text(f"至少 {self.min}", f"at least {self.min}")
        else:
            bounds = Text(f"至多 {self.max}", f"at most {self.max}")
        selection = self.select.describe()
        return Text(
            f"{selection.zh}{per.zh} {bounds.zh} {zh_unit}",
            f"the {selection.en}: {bounds.en} {en_unit}{plural} {per.en}",
        )

    def _amount(self, number: int | None) -> Text:
        if number is None:
            return _NONE
        if self.counting == "items":
            return Text(f"{number} 项", f"{number} item{'s' if number != 1 else ''}")
        return Text(f"{number} 次", f"{number} time{'s' if number != 1 else ''}")

    def apply(self, rule: UserRule, ctx: Context, chosen: list[ItemRef]) -> Iterator[Finding]:
        occurrences = self.select.occurrences(ctx, chosen)
        days = [o.day for o in occurrences]
        for first, last, period in _periods(ctx.plan.window, self.per):
            inside = occurrences[bisect_left(days, first) : bisect_right(days, last)]
            counted = inside if self.counting == "occurrences" else _first_of_each(inside)
            params = {
                "selection": self.select.describe(),
                "period": period,
                "count": self._amount(len(counted)),
                "min": self._amount(self.min),
                "max": self._amount(self.max),
            }
            if self.min is not None and len(counted) < self.min:
                path = occurrence_path(ctx, counted[0]) if counted else self.select.where()
                yield rule.report(ctx, path, **params)
            elif self.max is not None and len(counted) > self.max:
                yield rule.report(
                    ctx,
                    occurrence_path(ctx, counted[self.max]),
                    message=self.message or self.many_message,
                    hint=self.hint or self.many_hint,
                    **params,
                )


def _first_of_each(occurrences: list[Occurrence]) -> list[Occurrence]:
    seen: dict[str, Occurrence] = {}
    for occurrence in occurrences:
        seen.setdefault(occurrence.item_id, occurrence)
    return list(seen.values())


def _periods(window: Window, per: str) -> Iterator[tuple[date, date, Text]]:
    """The window itself, or each month or ISO week it touches (clipped to the window)."""
    if per == "window":
        start, end = window.start.isoformat(), window.end.isoformat()
        yield (
            window.start,
            window.end,
            Text(f"活动期间（{start} 至 {end}）", f"the window ({start} to {end})"),
        )
        return
    if per == "month":
        first = window.start.replace(day=1)
        while first <= window.end:
            following = first + relativedelta(months=1)
            yield (
                max(first, window.start),
                min(following - _ONE_DAY, window.end),
                Text(f"{first.year}年{first.month}月", f"{first:%Y-%m}"),
            )
            first = following
        return
    monday = window.start - timedelta(days=window.start.weekday())
    while monday <= window.end:
        yield (
            max(monday, window.start),
            min(monday + timedelta(days=6), window.end),
            Text(f"{monday.isoformat()} 起的一周", f"the week of {monday.isoformat()}"),
        )
        monday += timedelta(days=7)


class MinParticipants(TemplateEntry):
    """Each selected activity expects at least ``min`` participants
    (``expected_participants``); one that gives no number is reported too, unless
    ``missing: ignore``. Deliverables have no participants and are skipped."""

    template: Literal["min-participants"]
    min: int = Field(ge=1)
    missing: Literal["report", "ignore"] = "report"

    default_group = Group.RESOURCES
    params = frozenset({"title", "id", "count", "min", "selection"})
    default_message = Text(
        "「{title}」预计 {count} 人参加，少于要求的至少 {min} 人",
        "'{title}' expects {count} participants, fewer than the {min} required",
    )
    default_hint = Text(
        "扩大参加范围，或核实 expected_participants",
        "widen who takes part, or check expected_participants",
    )
    missing_message: ClassVar[Text] = Text(
        "「{title}」没有写预计参加人数，无法核对至少 {min} 人的要求",
        "'{title}' gives no expected number of participants, so the minimum of {min} cannot "
        "be checked",
    )
    missing_hint: ClassVar[Text] = Text("补上 expected_participants", "add expected_participants")

    @model_validator(mode="after")
    def _activities_only(self) -> MinParticipants:
        if self.select.kind == "deliverable":
            raise invalid(
                Text(
                    "min-participants 只适用于活动：删去 select.kind: deliverable",
                    "min-participants applies to activities: drop select.kind: deliverable",
                )
            )
        return self

    def describe(self) -> Text:
        selection = self.select.describe()
        return Text(
            f"{selection.zh}预计参加人数不少于 {self.min} 人",
            f"the {selection.en} expect at least {self.min} participants",
        )

    def apply(self, rule: UserRule, ctx: Context, chosen: list[ItemRef]) -> Iterator[Finding]:
        for ref in chosen:
            activity = ref.item
            if not isinstance(activity, Activity):
                continue
            params = {
                "title": activity.title,
                "id": activity.id,
                "min": self.min,
                "selection": self.select.describe(),
            }
            count = activity.expected_participants
            if count is None and self.missing == "report":
                yield rule.report(
                    ctx,
                    ref.path,
                    message=self.missing_message,
                    hint=self.missing_hint,
                    count=_NONE,
                    **params,
                )
            elif count is not None and count < self.min:
                yield rule.report(ctx, (*ref.path, "expected_participants"), count=count, **params)


def first_per_path(found: Iterable[tuple[ModelPath, T]]) -> Iterator[tuple[ModelPath, T, Text]]:
    """The first problem per written place, with a ``more`` text counting the others.

    A series that breaks a rule ten times is one mistake on one line: one finding (one
    fingerprint) that says how often, not ten findings at the same line.
    """
    first: dict[ModelPath, T] = {}
    counts: Counter[ModelPath] = Counter()
    for path, detail in found:
        first.setdefault(path, detail)
        counts[path] += 1
    for path, detail in first.items():
        yield path, detail, _more(counts[path])


def _more(count: int) -> Text:
    if count == 1:
        return Text("", "")
    return Text(f"（此处共 {count} 次）", f" ({count} times here)")


TEMPLATES: dict[str, type[TemplateEntry]] = {
    get_args(template.model_fields["template"].annotation)[0]: template
    for template in (
        RequireItems,
        ForbidDates,
        ForbidWeekdays,
        MaxInterval,
        CountBetween,
        MinParticipants,
    )
}
"""Every template by the name a rules file uses (``template: max-interval``)."""
