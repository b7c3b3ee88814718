"""Date rules: window, days off, weekends, office hours, official schedules, order, rhythm.

The helpers before the rules are shared with other rule modules, so that every date
finding points at the same place and offers the same kind of fix: ``occurrence_path``
(where a date was written), ``by_path`` (one finding per written place, however many
dates a series gets wrong), ``date_fix`` and ``suggestion`` (move a one-off item to the
nearest valid day) and ``day_off_remedy`` (the same, or a day-off policy for a series).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from pydantic import Field

from activitymonth.calendar import ChinaCalendar, OfficeHours, office_hours
from activitymonth.calendar.hours import OFFICE_HOURS_ZONE
from activitymonth.calendar.recurrence import DayOffPolicy, Frequency, Recurrence, parse_recurrence
from activitymonth.catalog import ItemKind as ProgramItemKind
from activitymonth.catalog import ProgramLookupError
from activitymonth.i18n import Text, day_text
from activitymonth.model import Activity, Deliverable, Status
from activitymonth.rules.context import Context
from activitymonth.rules.finding import Edit, Finding, Fix, Group, ModelPath, Severity
from activitymonth.rules.rule import Options, Rule, register
from activitymonth.rules.solver import nearest_valid_day
from activitymonth.schedule import ItemKind, Occurrence

_T = TypeVar("_T")
_ONE_DAY = timedelta(days=1)
_NOTHING = Text("", "")


def occurrence_path(ctx: Context, occurrence: Occurrence) -> ModelPath:
    """Where the occurrence was asked for: the item, or the planned visit date."""
    if occurrence.kind == ItemKind.VISIT:
        pair = ctx.pair_paths.get(occurrence.item_id)
        return (*pair, "visits", occurrence.index) if pair else ()
    ref = ctx.items.get(occurrence.item_id)
    return ref.path if ref else ()


def by_path(
    ctx: Context, found: Iterable[tuple[Occurrence, _T]]
) -> Iterator[tuple[ModelPath, Occurrence, _T, Text]]:
    """The first offending occurrence per written place, with what was found there and a
    ``more`` text counting the others.

    A series that lands on ten holidays is one mistake in one ``repeat`` line: it gets one
    finding (with one fix and one fingerprint), not ten at the same line.
    """
    first: dict[ModelPath, tuple[Occurrence, _T]] = {}
    counts: Counter[ModelPath] = Counter()
    for occurrence, detail in found:
        path = occurrence_path(ctx, occurrence)
        first.setdefault(path, (occurrence, detail))
        counts[path] += 1
    for path, (occurrence, detail) in first.items():
        yield path, occurrence, detail, _more(counts[path])


def _more(count: int) -> Text:
    if count == 1:
        return _NOTHING
    return Text(f"（该重复安排共 {count} 次如此）", f" ({count} occurrences of the series)")


def date_fix(ctx: Context, occurrence: Occurrence, day: date) -> Fix | None:
    """Rewrite the one-off date of an item (``date``, ``start``/``end`` or ``due``).

    A recurring activity's occurrence has no date of its own to rewrite: its fix is
    the ``on_day_off`` policy (see ``day_off_remedy``).
    """
    ref = ctx.items.get(occurrence.item_id)
    if ref is None or occurrence.kind == ItemKind.VISIT:
        return None
    item = ref.item
    shift = day - occurrence.day
    edits: list[Edit] = []
    if isinstance(item, Deliverable) and isinstance(item.due, date):
        edits.append(Edit((*ref.path, "due"), day.isoformat()))
    elif isinstance(item, Activity) and item.repeat is None:
        if item.start is not None:
            edits.append(Edit((*ref.path, "start"), _stamp(item.start + shift)))
            if item.end is not None:
                edits.append(Edit((*ref.path, "end"), _stamp(item.end + shift)))
        elif isinstance(item.date, date):
            edits.append(Edit((*ref.path, "date"), day.isoformat()))
            if item.end_date is not None:
                edits.append(Edit((*ref.path, "end_date"), (item.end_date + shift).isoformat()))
    if not edits:
        return None
    return Fix(Text(f"改到 {day.isoformat()}", f"move to {day.isoformat()}"), tuple(edits))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def suggestion(ctx: Context, occurrence: Occurrence) -> tuple[Text, Fix | None]:
    """Hint text naming the nearest valid day, and the fix that moves there.

    A deliverable is never moved past its own deadline: when the nearest valid day lies
    beyond it, the last work day on or before the deadline is offered instead.
    """
    day = nearest_valid_day(ctx, occurrence)
    deadline = _deadline(ctx, occurrence)
    if deadline is not None and (day is None or day > deadline):
        day = last_workday_by(ctx.calendar, deadline)
    if day is None:
        return Text(
            "窗口内找不到合适的工作日，请调整活动时间范围",
            "no suitable work day in the window; widen the window or rethink",
        ), None
    shown = day_text(day)
    if ctx.calendar.day(day).kind == "makeup_workday":
        shown += Text("（调休上班）", " (a make-up work day)")
    return (
        Text(f"最近的合适日期是 {shown.zh}", f"the nearest suitable day is {shown.en}"),
        date_fix(ctx, occurrence, day),
    )


def _deadline(ctx: Context, occurrence: Occurrence) -> date | None:
    ref = ctx.items.get(occurrence.item_id)
    return ref.item.deadline if ref and isinstance(ref.item, Deliverable) else None


def last_workday_by(calendar: ChinaCalendar, day: date) -> date:
    """``day`` itself when it is a work day, else the last work day before it."""
    return day if calendar.is_workday(day) else calendar.previous_workday(day)


def day_off_remedy(ctx: Context, occurrence: Occurrence) -> tuple[Text, Fix | None]:
    """How to get an occurrence off a day off.

    A one-off item moves to the nearest valid day. A series cannot move one date: its
    remedy is the ``on_day_off`` policy, and that is a safe fix only where the plan wrote
    ``on_day_off: keep`` (a value to rewrite); otherwise the hint says what to add.
    """
    ref = ctx.items.get(occurrence.item_id)
    activity = ref.item if ref and isinstance(ref.item, Activity) else None
    if ref is None or activity is None or activity.repeat is None:
        return suggestion(ctx, occurrence)
    policy = DayOffPolicy.NEXT_WORKDAY.value
    hint = Text(
        f"设置 on_day_off: {policy}，遇休息日顺延到下一个工作日",
        f"set on_day_off: {policy} so that a day off moves to the next work day",
    )
    if "on_day_off" not in activity.model_fields_set:
        return hint, None
    fix = Fix(
        Text(f"改为 on_day_off: {policy}", f"set on_day_off: {policy}"),
        (Edit((*ref.path, "on_day_off"), policy),),
    )
    return hint, fix


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _moment_text(moment: datetime) -> Text:
    shown = day_text(moment.date())
    return Text(f"{shown.zh} {_clock(moment)}", f"{shown.en} {_clock(moment)}")


@register
class OutsideWindow(Rule):
    """An occurrence falls outside the plan's window.

    Why: an activity month is inspected as a month; what happens outside it does not
    count, and usually means a typo in the year or month.

    Fails:
        window: 2026-09
        activities:
          - {id: talk, title: 宣讲, date: 2026-10-12, lead: wang}

    Passes:
        window: 2026-09
        activities:
          - {id: talk, title: 宣讲, date: 2026-09-14, lead: wang}

    Fixed:
        window: 2026-09
        activities:
          - {id: talk, title: 宣讲, date: 2026-09-30, lead: wang}
    """

    code = "AM201"
    name = "outside-window"
    group = Group.DATES
    severity = Severity.ERROR
    summary = Text("活动日期不在活动时间范围内", "occurrence outside the plan's window")
    message = Text(
        "「{title}」安排在 {day}，不在活动时间 {start} 至 {end} 之内{more}",
        "'{title}' is on {day}, outside the window {start} to {end}{more}",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        window = ctx.plan.window
        outside = (
            (occurrence, None)
            for occurrence in ctx.schedule.occurrences
            if occurrence.day not in window or occurrence.last_day not in window
        )
        for path, occurrence, _, more in by_path(ctx, outside):
            hint, fix = _into_window(ctx, occurrence)
            yield self.report(
                ctx,
                path,
                hint=hint,
                fix=fix,
                title=occurrence.title,
                day=occurrence.day.isoformat(),
                start=window.start.isoformat(),
                end=window.end.isoformat(),
                more=more,
            )


def _into_window(ctx: Context, occurrence: Occurrence) -> tuple[Text, Fix | None]:
    """A one-off item moves to the nearest valid day (the solver only offers days in the
    window); a series is told how to keep its dates inside, having no single date to move."""
    ref = ctx.items.get(occurrence.item_id)
    if ref is None or not isinstance(ref.item, Activity) or not ref.item.is_recurring:
        return suggestion(ctx, occurrence)
    if occurrence.moved_from is not None:
        return Text(
            f"原定 {occurrence.moved_from} 因休息日被顺延出活动时间；"
            "改用 on_day_off: previous_workday，或用 until 提前结束",
            f"the day off on {occurrence.moved_from} pushed it out of the window; use "
            "on_day_off: previous_workday, or end the series earlier with until",
        ), None
    return Text(
        "用 from/until 把重复安排限制在活动时间内",
        "keep the series inside the window with from/until",
    ), None


class WeekendOptions(Options):
    allow_weekends: bool = Field(
        default=False,
        description="Weekends are planned on purpose (schools' weekend events, a 公益日 on a "
        "Sunday): do not report them.",
    )


@register
class OnWeekend(Rule):
    """An activity or due date falls on a plain weekend that is not a make-up work day.

    A span that merely runs over a weekend (an exhibition open Friday to Tuesday) is
    fine; one that starts or ends on a weekend is reported. Home visits of pairs are the
    pairing rules' business: a Saturday visit to a household is normal.

    Why: staff are off at weekends; an event planned there needs overtime or does not
    happen. Units that do work weekends (schools' events, a 公益日 on a Sunday) set
    ``allow_weekends: true``.

    Fails:
        activities:
          - {id: quiz, title: 知识竞赛, date: 2026-09-12, lead: wang}

    Passes:
        activities:
          - {id: quiz, title: 知识竞赛, date: 2026-09-20, lead: wang}

    Fixed:
        activities:
          - {id: quiz, title: 知识竞赛, date: 2026-09-14, lead: wang}
    """

    code = "AM202"
    name = "on-weekend"
    group = Group.DATES
    severity = Severity.WARNING
    summary = Text(
        "活动安排在周末（非调休上班日）", "occurrence on a weekend that is not a work day"
    )
    message = Text(
        "「{title}」安排在 {day}，是周末而不是调休上班日{more}",
        "'{title}' is on {day}, a weekend and not a make-up work day{more}",
    )
    Options = WeekendOptions

    def check(self, ctx: Context, options: WeekendOptions) -> Iterator[Finding]:
        if options.allow_weekends:
            return
        calendar = ctx.calendar

        def on_weekends() -> Iterator[tuple[Occurrence, date]]:
            for occurrence in ctx.schedule.occurrences:
                if occurrence.kind == ItemKind.VISIT:
                    continue
                for day in (occurrence.day, occurrence.last_day):
                    if calendar.day(day).kind == "weekend":
                        yield occurrence, day
                        break

        allow = Text(
            "；周末本就要办的（学校活动、公益日）可在配置中设 allow_weekends: true",
            "; if weekend events are intended (schools, 公益日), set allow_weekends: true",
        )
        for path, occurrence, day, more in by_path(ctx, on_weekends()):
            hint, fix = day_off_remedy(ctx, occurrence)
            yield self.report(
                ctx,
                path,
                hint=hint + allow,
                fix=fix,
                title=occurrence.title,
                day=day_text(day),
                more=more,
            )


@register
class OnDayOff(Rule):
    """An occurrence falls on an official holiday, a regional holiday or a day off the plan
    declares. Make-up work days (调休上班) count as work days; plain weekends are the
    on-weekend rule's business, and home visits of pairs are left out on purpose (visits
    on 春节 or 古尔邦节 are what the pairing campaign asks for).

    Why: people are not at work on holidays; an activity there will not happen as planned.
    A series that keeps its dates on days off (``on_day_off: keep``) is told to move them
    to the next work day instead.

    Fails:
        window: {start: 2026-09-01, end: 2026-10-31}
        activities:
          - {id: quiz, title: 知识竞赛, date: 2026-10-01, lead: wang}

    Passes:
        window: {start: 2026-09-01, end: 2026-10-31}
        activities:
          - {id: quiz, title: 知识竞赛, date: 2026-10-10, lead: wang}

    Fixed:
        window: {start: 2026-09-01, end: 2026-10-31}
        activities:
          - {id: quiz, title: 知识竞赛, date: 2026-10-08, lead: wang}
    """

    code = "AM203"
    name = "on-day-off"
    group = Group.DATES
    severity = Severity.ERROR
    summary = Text(
        "活动安排在法定节假日或地方假日", "occurrence on an official or regional day off"
    )
    message = Text(
        "「{title}」安排在 {day} {holiday}（休息日）{more}",
        "'{title}' is on {day}, {holiday} (a day off){more}",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        calendar = ctx.calendar

        def on_days_off() -> Iterator[tuple[Occurrence, tuple[date, Text]]]:
            for occurrence in ctx.schedule.occurrences:
                if occurrence.kind == ItemKind.VISIT:
                    continue
                for day in occurrence.days:
                    info = calendar.day(day)
                    if not info.is_workday and info.kind != "weekend":
                        yield occurrence, (day, info.name or Text("休息日", "day off"))
                        break

        for path, occurrence, (day, holiday), more in by_path(ctx, on_days_off()):
            hint, fix = day_off_remedy(ctx, occurrence)
            yield self.report(
                ctx,
                path,
                hint=hint,
                fix=fix,
                title=occurrence.title,
                day=day_text(day),
                holiday=holiday,
                more=more,
            )


class OfficeHoursOptions(Options):
    extra_minutes: int = Field(
        default=0,
        ge=0,
        le=240,
        description="Tolerance: an event may start or end this many minutes outside a period.",
    )


@register
class OutsideOfficeHours(Rule):
    """A timed activity is not inside one period of the region's office hours that day.

    Office hours are Beijing time everywhere; 新疆's offices open about two hours later
    and change their afternoon between summer and winter, so the same 09:00 meeting is
    fine in 内蒙古 and before opening time in 乌鲁木齐. An event across the lunch break
    does not fit either period. All-day items are not checked.

    Why: people and rooms are available in office hours; an event outside them needs
    overtime, and one across lunch loses its audience.

    Fails:
        region: 新疆
        window: 2026-05
        activities:
          - {id: talk, title: 宣讲会, start: 2026-05-12 09:00, duration: 2h, lead: wang}

    Passes:
        region: 新疆
        window: 2026-05
        activities:
          - {id: talk, title: 宣讲会, start: 2026-05-12 10:30, duration: 2h, lead: wang}
    """

    code = "AM204"
    name = "outside-office-hours"
    group = Group.DATES
    severity = Severity.WARNING
    summary = Text("活动时间不在当地作息时间内", "timed activity outside the region's office hours")
    message = Text(
        "「{title}」在 {day} {start}–{end}，超出当天的作息时间{more}",
        "'{title}' runs {day} {start}–{end}, outside that day's office hours{more}",
    )
    Options = OfficeHoursOptions

    def check(self, ctx: Context, options: OfficeHoursOptions) -> Iterator[Finding]:
        beijing = ZoneInfo(OFFICE_HOURS_ZONE)
        slack = timedelta(minutes=options.extra_minutes)
        region = ctx.calendar.region
        hours_on: dict[date, tuple[OfficeHours, OfficeHours]] = {}

        def outside() -> Iterator[tuple[Occurrence, tuple[datetime, datetime, OfficeHours]]]:
            for occurrence in ctx.schedule.occurrences:
                if not isinstance(occurrence.start, datetime):
                    continue
                assert isinstance(occurrence.end, datetime)
                start = occurrence.start.astimezone(beijing)
                end = occurrence.end.astimezone(beijing)
                day = start.date()
                if day not in hours_on:
                    hours = office_hours(region, day)
                    hours_on[day] = hours, _widen(hours, slack)
                hours, widened = hours_on[day]
                if end.date() != day or not widened.contains(start.time(), end.time()):
                    yield occurrence, (start, end, hours)

        for path, occurrence, (start, end, hours), more in by_path(ctx, outside()):
            assert isinstance(occurrence.start, datetime) and isinstance(occurrence.end, datetime)
            yield self.report(
                ctx,
                path,
                hint=_hours_hint(hours, start, end, ctx.plan.zone),
                title=occurrence.title,
                day=day_text(occurrence.day),
                start=_clock(occurrence.start),
                end=_clock(occurrence.end),
                more=more,
            )


def _widen(hours: OfficeHours, slack: timedelta) -> OfficeHours:
    """The periods stretched by ``slack`` at both ends (kept within the day)."""
    if not slack:
        return hours
    base = date(2000, 1, 2)

    def shift(moment: time, by: timedelta) -> time:
        moved = datetime.combine(base, moment) + by
        if moved.date() != base:
            return time.min if by < timedelta(0) else time.max
        return moved.time()

    periods = tuple((shift(first, -slack), shift(last, slack)) for first, last in hours.periods)
    return OfficeHours(periods, hours.name)


def _hours_hint(hours: OfficeHours, start: datetime, end: datetime, zone: ZoneInfo) -> Text:
    """Name the day's office hours and, when the event fits one period, a start that does,
    both on the plan's clock (a plan on Asia/Urumqi time sees 新疆's hours as it writes)."""
    periods = [
        (
            datetime.combine(start.date(), first, start.tzinfo),
            datetime.combine(start.date(), last, start.tzinfo),
        )
        for first, last in hours.periods
    ]
    shown = "、".join(
        f"{_clock(a.astimezone(zone))}–{_clock(b.astimezone(zone))}" for a, b in periods
    )
    clock = (
        _NOTHING if zone.key == OFFICE_HOURS_ZONE else Text(f"，{zone.key} 时间", f", {zone.key}")
    )
    said = Text(
        f"当天作息时间为 {shown}（{hours.name.zh}{clock.zh}）",
        f"that day's office hours are {shown.replace('、', ', ')} ({hours.name.en}{clock.en})",
    )
    length = end - start
    best: datetime | None = None
    for earliest, closing in periods:
        latest = closing - length
        if latest < earliest:
            continue
        candidate = min(max(start, earliest), latest)
        if best is None or abs(candidate - start) < abs(best - start):
            best = candidate
    if best is None:
        return said + Text(
            "；活动比任一时段都长，请缩短或分成两段",
            "; the event is longer than any period: shorten it or split it in two",
        )
    moved = _clock(best.astimezone(zone))
    return said + Text(f"，可改为 {moved} 开始", f"; start at {moved} instead")


@register
class ScheduleNotOfficial(Rule):
    """Dates fall in a year whose national holiday schedule is not announced yet.

    Why: China announces each year's holidays and make-up work days late in the year
    before; until then the checker works from an estimate, and a day it calls a work day
    may turn out to be a holiday (or the reverse). Saying so beats guessing silently.

    Fails:
        window: 2030-09
        activities:
          - {id: talk, title: 宣讲, date: 2030-09-10, lead: wang}

    Passes:
        window: 2026-09
        activities:
          - {id: talk, title: 宣讲, date: 2026-09-10, lead: wang}
    """

    code = "AM205"
    name = "schedule-not-official"
    group = Group.DATES
    severity = Severity.WARNING
    summary = Text("该年节假日安排尚未正式公布", "the year's holiday schedule is not official yet")
    message = Text(
        "{year} 年的全国放假与调休安排尚未正式公布，该年的日期只能按估算检查",
        "the national holidays and make-up work days of {year} are not announced yet; "
        "dates in {year} are checked against an estimate",
    )
    hint = Text(
        "公布后升级 activitymonth，或把 {year} 年的放假和调休日期写进计划的 calendar.official",
        "once announced, upgrade activitymonth or write {year}'s days off and make-up work "
        "days into the plan's calendar.official",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        years = {
            day.year
            for occurrence in ctx.schedule.occurrences
            for day in (occurrence.day, occurrence.last_day)
        }
        for year in sorted(years):
            if not ctx.calendar.is_official(year):
                yield self.report(ctx, ("window",), detail=str(year), year=year)


@register
class DependencyOrder(Rule):
    """An activity starts before an activity it comes ``after`` has ended (plus its lead
    time).

    ``after: X`` with lead time N means: start no earlier than N days after X's last day.
    With N = 0 the same day is fine, but two timed events on that day must not overlap:
    the later one starts once X has ended.

    Why: a study session before the mobilisation meeting, or a review before the work it
    reviews, turns the plan's order upside down.

    Fails:
        activities:
          - {id: mobilize, title: 动员会, start: 2026-09-01 09:00, duration: 2h, lead: wang}
          - id: talk
            title: 宣讲
            date: 2026-09-02
            lead: li
            after: {activity: mobilize, lead_time: 3d}

    Passes:
        activities:
          - {id: mobilize, title: 动员会, start: 2026-09-01 09:00, duration: 2h, lead: wang}
          - id: talk
            title: 宣讲
            date: 2026-09-04
            lead: li
            after: {activity: mobilize, lead_time: 3d}

    Fixed:
        activities:
          - {id: mobilize, title: 动员会, start: 2026-09-01 09:00, duration: 2h, lead: wang}
          - id: talk
            title: 宣讲
            date: 2026-09-04
            lead: li
            after: {activity: mobilize, lead_time: 3d}
    """

    code = "AM206"
    name = "dependency-order"
    group = Group.DATES
    severity = Severity.ERROR
    summary = Text("活动早于其前置活动", "activity starts before the activity it follows")
    message = Text(
        "「{title}」{start} 开始，但须在「{before}」（{before_end} 结束）之后{lead}才能开始",
        "'{title}' starts {start}, but must start {lead}after '{before}' (which ends {before_end})",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        for i, activity in enumerate(ctx.plan.activities):
            mine = ctx.schedule.for_item(activity.id)
            if not activity.after or not mine:
                continue
            first = mine[0]
            for j, dependency in enumerate(activity.after):
                before = ctx.schedule.for_item(dependency.activity)
                if not before:
                    continue
                earliest = _earliest_start(before, dependency.lead_time, first)
                if not _starts_before(first, earliest):
                    continue
                hint, fix = _dependency_remedy(ctx, activity, first, earliest)
                yield self.report(
                    ctx,
                    ("activities", i, "after", j),
                    hint=hint,
                    fix=fix,
                    title=activity.title,
                    start=_when(first.start),
                    before=before[0].title,
                    before_end=_when(_end_moment(before)),
                    lead=_lead_text(dependency.lead_time),
                )


def _end_moment(occurrences: list[Occurrence]) -> datetime | date:
    """When the last of ``occurrences`` ends: its end time if timed, else its last day."""
    last = max(occurrences, key=lambda o: o.last_day)
    return last.end if isinstance(last.end, datetime) else last.last_day


def _earliest_start(before: list[Occurrence], lead_time: int, first: Occurrence) -> datetime | date:
    """The earliest start allowed after ``before``: a moment when both sides are timed and
    there is no lead time, else a day (the same day as ``before`` ends, for N = 0)."""
    end = _end_moment(before)
    if isinstance(end, datetime):
        if lead_time == 0 and isinstance(first.start, datetime):
            return end
        end = end.date()
    return end + timedelta(days=lead_time)


def _starts_before(occurrence: Occurrence, earliest: datetime | date) -> bool:
    if isinstance(earliest, datetime):
        return occurrence.start < earliest
    return occurrence.day < earliest


def _when(moment: datetime | date) -> Text:
    return _moment_text(moment) if isinstance(moment, datetime) else day_text(moment)


def _lead_text(days: int) -> Text:
    return Text(f" {days} 天", f"{days} day(s) ") if days else _NOTHING


def _dependency_remedy(
    ctx: Context, activity: Activity, first: Occurrence, earliest: datetime | date
) -> tuple[Text, Fix | None]:
    """Name the earliest allowed start; a one-off moves to the nearest valid day (which
    honours every dependency), a series is told to start later."""
    allowed = _when(earliest)
    said = Text(f"最早可在 {allowed.zh} 开始", f"the earliest allowed start is {allowed.en}")
    if activity.is_recurring:
        return said + Text(
            "；把重复活动的 from 设为该日或之后", "; set the series' from: to that day or later"
        ), None
    hint, fix = suggestion(ctx, first)
    return said + Text("；", "; ") + hint, fix


@register
class MaterialsLeadTime(Rule):
    """An activity starts before its materials can be ready.

    A plan has no "materials ready" date, so the rule counts the time there is to make
    them. Materials (折页, 横幅, 展板) are prepared once the work is decided: from the end
    of the activity's ``after`` dependencies (the same day when one ends at a time, the
    next day after an all-day one), or, without dependencies, from the window's start (or
    the plan's ``revision`` date when that is earlier: a plan issued in August lets
    September's materials be ordered in August). ``ready_before: N`` asks for N work days
    from that start to the eve of the activity's first day. Work days, because printers
    and offices are closed on holidays: a banner ordered on 9月30日 is not printed over
    国庆节.

    Why: a 宣讲 without its leaflets, or an exhibition without its boards, is the kind
    of half-done activity inspections find.

    Fails:
        activities:
          - id: banner
            title: 悬挂横幅
            date: 2026-09-02
            lead: li
            materials: [{name: 横幅, quantity: 6, ready_before: 3d}]

    Passes:
        activities:
          - id: banner
            title: 悬挂横幅
            date: 2026-09-07
            lead: li
            materials: [{name: 横幅, quantity: 6, ready_before: 3d}]
    """

    code = "AM207"
    name = "materials-lead-time"
    group = Group.DATES
    severity = Severity.WARNING
    summary = Text("材料来不及准备", "not enough time to prepare an activity's materials")
    message = Text(
        "「{title}」的「{material}」须提前 {needed} 个工作日备好，但从{since}到 {day} "
        "只有 {have} 个工作日",
        "'{title}' needs {needed} work day(s) to prepare '{material}', but only {have} "
        "work day(s) lie between {since} and {day}",
    )
    hint = Text(
        "把活动推迟到 {earliest} 或之后，或提前安排材料准备并相应减少 ready_before",
        "move the activity to {earliest} or later, or start preparing earlier and lower "
        "ready_before",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        calendar = ctx.calendar
        for i, activity in enumerate(ctx.plan.activities):
            mine = ctx.schedule.for_item(activity.id)
            if not activity.materials or not mine:
                continue
            begin, since = _preparation_start(ctx, activity)
            day = mine[0].day
            for k, material in enumerate(activity.materials):
                needed = material.ready_before
                if needed <= 0:
                    continue
                have = _workdays(calendar, begin, day, needed)
                if have >= needed:
                    continue
                yield self.report(
                    ctx,
                    ("activities", i, "materials", k),
                    title=activity.title,
                    material=material.name,
                    needed=needed,
                    have=have,
                    since=since,
                    day=day_text(day),
                    earliest=day_text(_after_workdays(calendar, begin, needed)),
                )


def _preparation_start(ctx: Context, activity: Activity) -> tuple[date, Text]:
    """The first day materials can be prepared, and how to name it in a message."""
    ends = [
        (_preparation_day(_end_moment(before)), before[0].title)
        for dependency in activity.after
        if (before := ctx.schedule.for_item(dependency.activity))
    ]
    if ends:
        begin, title = max(ends)
        return begin, Text(f"「{title}」结束后", f"the end of '{title}'")
    start = ctx.plan.window.start
    revision = ctx.plan.revision
    if revision is not None and revision.date() < start:
        shown = day_text(revision.date())
        return revision.date(), Text(f"计划修订日 {shown.zh} ", f"the plan's revision {shown.en}")
    shown = day_text(start)
    return start, Text(f"活动开始日 {shown.zh} ", f"the window's start {shown.en}")


def _preparation_day(end: datetime | date) -> date:
    """A meeting that ends at 11:00 leaves its afternoon; an all-day event leaves nothing."""
    return end.date() if isinstance(end, datetime) else end + _ONE_DAY


def _workdays(calendar: ChinaCalendar, begin: date, stop: date, enough: int) -> int:
    """Work days in [begin, stop), counted no further than ``enough``."""
    found, day = 0, begin
    while day < stop and found < enough:
        found += calendar.is_workday(day)
        day += _ONE_DAY
    return found


def _after_workdays(calendar: ChinaCalendar, begin: date, count: int) -> date:
    """The day after the ``count``-th work day from ``begin`` on."""
    day = begin if calendar.is_workday(begin) else calendar.next_workday(begin)
    for _ in range(count - 1):
        day = calendar.next_workday(day)
    return day + _ONE_DAY


@register
class DeliverableAfterDeadline(Rule):
    """A deliverable is due after its own deadline.

    Why: ``deadline`` is what the issuing office demands (e.g. the plan submitted by
    11月8日); a ``due`` date after it plans a late submission.

    Fails:
        deliverables:
          - {id: summary, title: 工作总结, owner: zhang, due: 2026-09-30, deadline: 2026-09-27}

    Passes:
        deliverables:
          - {id: summary, title: 工作总结, owner: zhang, due: 2026-09-24, deadline: 2026-09-27}

    Fixed:
        deliverables:
          - {id: summary, title: 工作总结, owner: zhang, due: 2026-09-24, deadline: 2026-09-27}
    """

    code = "AM208"
    name = "deliverable-after-deadline"
    group = Group.DATES
    severity = Severity.ERROR
    summary = Text("材料完成日期晚于截止日期", "deliverable due after its deadline")
    message = Text(
        "「{title}」的完成日期 {due} 晚于截止日期 {deadline}",
        "'{title}' is due {due}, after its deadline {deadline}",
    )
    hint = Text(
        "把 due 改为 {target}（截止日期当天或之前的最后一个工作日）",
        "set due to {target} (the last work day on or before the deadline)",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        for i, deliverable in enumerate(ctx.plan.deliverables):
            occurrences = ctx.schedule.for_item(deliverable.id)
            if deliverable.deadline is None or not occurrences:
                continue
            due = occurrences[0]
            if due.day <= deliverable.deadline:
                continue
            target = last_workday_by(ctx.calendar, deliverable.deadline)
            yield self.report(
                ctx,
                ("deliverables", i, "due"),
                fix=date_fix(ctx, due, target),
                title=deliverable.title,
                due=day_text(due.day),
                deadline=day_text(deliverable.deadline),
                target=day_text(target),
            )


class ItemRhythm(NamedTuple):
    """A rhythm a program item prescribes: ``ref`` names the item (``八个一@公益日/书画展``)."""

    ref: str
    kind: ProgramItemKind
    rule: Recurrence


def item_rhythms(ctx: Context, activity: Activity) -> list[ItemRhythm]:
    """The rhythms of the program items an activity fulfils (the item's own, else its
    program's). References that name no item are skipped: the item rules report them."""
    found = []
    for ref in activity.fulfills:
        try:
            program, item = ctx.catalog.resolve_item(ref, ctx.plan.programs)
        except ProgramLookupError:
            continue
        rhythm = program.rhythm_for(item)
        if rhythm:
            found.append(
                ItemRhythm(f"{program.id}/{item.name}", item.kind, parse_recurrence(rhythm))
            )
    return found


def _is_fixed_day(rule: Recurrence) -> bool:
    return (rule.frequency == Frequency.MONTHLY and rule.month_day is not None) or (
        rule.frequency == Frequency.WEEKLY and bool(rule.weekdays)
    )


def _fixed_day_near(rule: Recurrence, day: date) -> date:
    """The rule's fixed day in ``day``'s month (clamped to its end) or week."""
    if rule.month_day is not None:
        last = ((day.replace(day=1) + relativedelta(months=1)) - _ONE_DAY).day
        return day.replace(day=min(rule.month_day, last))
    monday = day - timedelta(days=day.weekday())
    return min((monday + timedelta(days=w) for w in rule.weekdays), key=lambda d: abs(d - day))


def _on_fixed_day(calendar: ChinaCalendar, rule: Recurrence, occurrence: Occurrence) -> bool:
    """Planned on the fixed day, or on the work day next to it when that day is off (what
    a day-off policy does, whether the schedule moved it or the author wrote it so)."""
    planned = occurrence.moved_from or occurrence.day
    fixed = _fixed_day_near(rule, planned)
    if planned == fixed:
        return True
    return not calendar.is_workday(fixed) and planned in (
        calendar.next_workday(fixed),
        calendar.previous_workday(fixed),
    )


@register
class FixedDayMoved(Rule):
    """An activity fulfilling an item with a fixed day (八个一@公益日: 每月15日) is planned
    on another day.

    An occurrence the day-off policy moved (the 15th was a Sunday, so it is held on
    Monday) is fine: the schedule records the planned day and the reason.

    Why: a fixed day is how the public knows when to come; a 公益日 on the 10th is a 公益日
    nobody attends.

    Fails:
        programs: [八个一@公益日]
        activities:
          - {id: art, title: 书画展, fulfills: 八个一@公益日/书画展, date: 2026-09-10, lead: wang}

    Passes:
        programs: [八个一@公益日]
        activities:
          - {id: art, title: 书画展, fulfills: 八个一@公益日/书画展, date: 2026-09-15, lead: wang}
    """

    code = "AM209"
    name = "fixed-day-moved"
    group = Group.DATES
    severity = Severity.WARNING
    summary = Text("活动不在规定的固定日期", "activity not on its item's fixed day")
    message = Text(
        "「{title}」安排在 {day}，不在「{item}」规定的固定日期（{rhythm}）{more}",
        "'{title}' is on {day}, not on the fixed day of '{item}' ({rhythm}){more}",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        def moved() -> Iterator[tuple[Occurrence, tuple[str, Recurrence]]]:
            for activity in ctx.plan.activities:
                fixed = [
                    (found.ref, found.rule)
                    for found in item_rhythms(ctx, activity)
                    if _is_fixed_day(found.rule)
                ]
                if not fixed:
                    continue
                item, rule = fixed[0]
                for occurrence in ctx.schedule.for_item(activity.id):
                    if not _on_fixed_day(ctx.calendar, rule, occurrence):
                        yield occurrence, (item, rule)

        for path, occurrence, (item, rule), more in by_path(ctx, moved()):
            yield self.report(
                ctx,
                path,
                hint=self._hint(ctx, occurrence, rule),
                title=occurrence.title,
                day=day_text(occurrence.day),
                item=item,
                rhythm=rule.describe(),
                more=more,
            )

    @staticmethod
    def _hint(ctx: Context, occurrence: Occurrence, rule: Recurrence) -> Text:
        ref = ctx.items.get(occurrence.item_id)
        if ref is not None and isinstance(ref.item, Activity) and ref.item.is_recurring:
            return Text(
                f"把 repeat 改为 {rule.text}，并设置 on_day_off: next_workday",
                f"set repeat: {rule.text} with on_day_off: next_workday",
            )
        fixed = _fixed_day_near(rule, occurrence.day)
        if ctx.calendar.is_workday(fixed):
            return Text(f"改到 {day_text(fixed).zh}", f"move it to {day_text(fixed).en}")
        moved = ctx.calendar.next_workday(fixed)
        return Text(
            f"改到 {day_text(fixed).zh}；那天休息，可顺延到 {day_text(moved).zh}",
            f"move it to {day_text(fixed).en}; that is a day off, so {day_text(moved).en}",
        )


def _gap_text(gap: relativedelta) -> Text:
    if gap.years:
        return Text(f"{gap.years} 年", f"{gap.years} year(s)")
    if gap.months:
        return Text(f"{gap.months} 个月", f"{gap.months} month(s)")
    return Text(f"{gap.days} 天", f"{gap.days} day(s)")


def _next_due(planned: date, gap: relativedelta) -> date:
    """When the next occurrence is due; a series on month ends stays on month ends
    (9月30日 + 1 month is 10月31日 for 每月31日, not 10月30日)."""
    due = planned + gap
    if (gap.months or gap.years) and (planned + _ONE_DAY).month != planned.month:
        due = (due.replace(day=1) + relativedelta(months=1)) - _ONE_DAY
    return due


def _has_workday(calendar: ChinaCalendar, begin: date, stop: date) -> bool:
    """Whether [begin, stop) holds a work day (usually decided by its first day)."""
    day = begin
    while day < stop:
        if calendar.is_workday(day):
            return True
        day += _ONE_DAY
    return False


@register
class RhythmBroken(Rule):
    """A series is sparser than its rhythm.

    Two ways: (a) a recurring activity fulfils a practice item whose rhythm is tighter
    than the activity's own ``repeat`` (a 每周 practice scheduled 每两周); (b) the planned
    occurrences of a series leave a gap longer than its own ``repeat`` allows, because
    ``on_day_off: skip`` dropped one or ``until`` (or an RRULE's COUNT) ends it before the
    window does. A gap caused only by days off is no gap: an occurrence moved past a
    holiday, or a first-work-day series after 国庆节, keeps its rhythm. Home visits of
    pairs are the pairing rules' business.

    Why: practices (十二同, 1234) are judged by being kept up; a weekly habit held every
    other week, or one that stops in mid-month, is what inspections call 走过场.

    Fails:
        programs: ["1234@学校"]
        activities:
          - {id: phrase, title: 每周一句, fulfills: 1234@学校/每周一句, repeat: 每两周, lead: li}

    Passes:
        programs: ["1234@学校"]
        activities:
          - {id: phrase, title: 每周一句, fulfills: 1234@学校/每周一句, repeat: 每周一, lead: li}
    """

    code = "AM210"
    name = "rhythm-broken"
    group = Group.DATES
    severity = Severity.WARNING
    summary = Text("重复活动的节奏被打断或过疏", "series sparser than its rhythm")
    message = Text(
        "「{title}」在 {first} 与 {second} 之间相隔 {days} 天，"
        "超过「{rhythm}」允许的最长间隔 {allowed}",
        "'{title}' has {days} days between {first} and {second}, longer than '{rhythm}' "
        "allows ({allowed})",
    )
    hint = Text(
        "调整 repeat，使相邻两次不超过 {allowed}",
        "change repeat so that no two occurrences are more than {allowed} apart",
    )
    skipped_hint = Text(
        "把 on_day_off 从 skip 改为 next_workday，遇休息日顺延而不是取消",
        "set on_day_off: next_workday instead of skip, so a day off moves the occurrence "
        "rather than dropping it",
    )
    sparser = Text(
        "「{title}」按「{repeat}」重复，两次最长相隔 {gap}，比「{item}」要求的「{rhythm}」"
        "（最长 {allowed}）稀疏",
        "'{title}' repeats '{repeat}', up to {gap} apart, sparser than '{rhythm}' "
        "(at most {allowed}) that '{item}' asks for",
    )
    sparser_hint = Text("把 repeat 改为 {rhythm}", "set repeat: {rhythm}")
    stops_early = Text(
        "「{title}」最后一次在 {first}，到活动结束的 {second} 还有 {days} 天没有安排，"
        "超过「{rhythm}」允许的最长间隔 {allowed}",
        "'{title}' last occurs {first}, leaving {days} days until the window ends "
        "{second}, longer than '{rhythm}' allows ({allowed})",
    )
    stops_early_hint = Text(
        "把重复安排延续到 {second}（延后或删去 until）",
        "let the series run until {second} (move or drop until)",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        for i, activity in enumerate(ctx.plan.activities):
            if activity.repeat is None:
                continue
            yield from self._against_items(ctx, i, activity, activity.repeat)
            yield from self._against_itself(ctx, i, activity, activity.repeat)

    def _against_items(
        self, ctx: Context, i: int, activity: Activity, repeat: Recurrence
    ) -> Iterator[Finding]:
        """(a) The activity's rule is looser than a practice item's, compared from the
        window's start so that months have their real lengths. Only practices: an event
        item's rhythm (公益日 每月15日) says when the day is, not that every item is held on
        every such day."""
        start = ctx.plan.window.start
        own = repeat.max_gap()
        for item, kind, rule in item_rhythms(ctx, activity):
            if kind != ProgramItemKind.PRACTICE:
                continue
            allowed = rule.max_gap()
            if start + own <= start + allowed:
                continue
            path = ("activities", i, "repeat")
            yield self.report(
                ctx,
                path,
                message=self.sparser,
                hint=self.sparser_hint,
                fix=Fix(
                    Text(f"改为 repeat: {rule.text}", f"set repeat: {rule.text}"),
                    (Edit(path, rule.text),),
                    applicability="unsafe",
                ),
                title=activity.title,
                repeat=repeat.describe(),
                gap=_gap_text(own),
                item=item,
                rhythm=rule.text,
                allowed=_gap_text(allowed),
            )
            return

    def _against_itself(
        self, ctx: Context, i: int, activity: Activity, repeat: Recurrence
    ) -> Iterator[Finding]:
        """(b) The largest gap between planned occurrences, or after the last one until the
        window ends, that days off do not explain."""
        occurrences = ctx.schedule.for_item(activity.id)
        if not occurrences:
            return
        calendar, gap = ctx.calendar, repeat.max_gap()
        window_end = ctx.plan.window.end
        nexts = [o.day for o in occurrences[1:]] + [window_end + _ONE_DAY]
        worst: tuple[int, date, date] | None = None
        for before, after in zip(occurrences, nexts, strict=True):
            due = _next_due(before.moved_from or before.day, gap)
            if after > due and _has_workday(calendar, due, after):
                length = (after - before.day).days
                if worst is None or length > worst[0]:
                    worst = (length, before.day, after)
        if worst is None:
            return
        length, first, after = worst
        tail = after > window_end
        path: ModelPath = ("activities", i)
        if tail:
            path = (*path, "until") if activity.until else path
            message, hint, second = self.stops_early, self.stops_early_hint, window_end
        elif activity.on_day_off == DayOffPolicy.SKIP:
            path = (*path, "on_day_off")
            message, hint, second = self.message, self.skipped_hint, after
        else:
            message, hint, second = self.message, self.hint, after
        yield self.report(
            ctx,
            path,
            message=message,
            hint=hint,
            title=activity.title,
            first=day_text(first),
            second=day_text(second),
            days=(second - first).days,
            rhythm=repeat.describe(),
            allowed=_gap_text(gap),
        )


_STATUS_TEXT = {
    Status.PLANNED: Text("未开始（planned）", "planned"),
    Status.IN_PROGRESS: Text("进行中（in_progress）", "in progress"),
}


@register
class Overdue(Rule):
    """An item dated before today is not marked ``done`` or ``cancelled``.

    Only runs with a date for today (``activitymonth check --today 2026-09-20``) and
    without a ledger: with one, the ledger's records are what counts (AM701). One
    finding per item, for its latest past occurrence. A series marked ``in_progress`` is
    running and only overdue once its last occurrence has passed; one still ``planned``
    is overdue from its first past occurrence on.

    Why: the plan is the ledger's checklist; an item past its date and not closed is
    either done and unrecorded (the 台账 misses it) or not done (someone must act).

    Fails:
        # today: 2026-09-20
        activities:
          - {id: talk, title: 宣讲, date: 2026-09-10, lead: wang, status: done}
          - {id: quiz, title: 知识竞赛, date: 2026-09-15, lead: li}

    Passes:
        # today: 2026-09-20
        activities:
          - {id: talk, title: 宣讲, date: 2026-09-10, lead: wang, status: done}
          - {id: quiz, title: 知识竞赛, date: 2026-09-15, lead: li, status: cancelled}
    """

    code = "AM211"
    name = "overdue"
    group = Group.DATES
    severity = Severity.WARNING
    summary = Text("已过期但未完成的事项", "item past its date and not done")
    message = Text(
        "「{title}」原定于 {day}，已逾期 {days} 天，状态仍为{status}",
        "'{title}' was due {day}, {days} day(s) ago, and is still {status}",
    )
    hint = Text(
        "办完后把 status 改为 done（并用 activitymonth done 记录）；不办了改为 cancelled；"
        "推迟的改到新日期",
        "once held, set status: done (and record it with activitymonth done); if dropped, "
        "set status: cancelled; if postponed, give it a new date",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        today = ctx.today
        if today is None or ctx.ledger is not None:  # with a ledger, AM701 judges instead
            return
        for item_id, ref in ctx.items.items():
            status = ref.item.status
            if status not in _STATUS_TEXT:
                continue
            occurrences = ctx.schedule.for_item(item_id)
            past = [o for o in occurrences if o.last_day < today]
            if not past or (status == Status.IN_PROGRESS and len(past) < len(occurrences)):
                continue
            latest = max(past, key=lambda o: o.last_day)
            yield self.report(
                ctx,
                (*ref.path, "status"),
                title=ref.item.title,
                day=day_text(latest.last_day),
                days=(today - latest.last_day).days,
                status=_STATUS_TEXT[status],
            )
