"""Date rules: window, days off, weekends, office hours, official schedules, order, rhythm."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from activitymonth.i18n import Text, day_text
from activitymonth.model import Activity, Deliverable
from activitymonth.rules.context import Context
from activitymonth.rules.finding import Edit, Finding, Fix, Group, ModelPath, Severity
from activitymonth.rules.rule import Options, Rule, register
from activitymonth.rules.solver import nearest_valid_day
from activitymonth.schedule import ItemKind, Occurrence


def occurrence_path(ctx: Context, occurrence: Occurrence) -> ModelPath:
    """Where the occurrence was asked for: the item, or the planned visit date."""
    ref = ctx.items.get(occurrence.item_id)
    return ref.path if ref else ()


def date_fix(ctx: Context, occurrence: Occurrence, day: date) -> Fix | None:
    """Rewrite the one-off date of an item (``date``, ``start``/``end`` or ``due``).

    A recurring activity's occurrence has no date of its own to rewrite: its fix is
    the ``on_day_off`` policy, which the on-day-off rule offers instead.
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
    """Hint text naming the nearest valid day, and the fix that moves there."""
    day = nearest_valid_day(ctx, occurrence)
    if day is None:
        return Text("窗口内找不到合适的工作日，请调整活动时间范围",
                    "no suitable work day in the window; widen the window or rethink"), None
    shown = day_text(day)
    return (Text(f"最近的合适日期是 {shown.zh}", f"the nearest suitable day is {shown.en}"),
            date_fix(ctx, occurrence, day))


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
    message = Text("「{title}」安排在 {day}，不在活动时间 {start} 至 {end} 之内",
                   "'{title}' is on {day}, outside the window {start} to {end}")

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        window = ctx.plan.window
        for occurrence in ctx.schedule.occurrences:
            if occurrence.day in window and occurrence.last_day in window:
                continue
            target = window.end if occurrence.day > window.end else window.start
            while not ctx.calendar.is_workday(target) and target in window:
                target += timedelta(days=-1 if occurrence.day > window.end else 1)
            fix = date_fix(ctx, occurrence, target) if target in window else None
            yield self.report(
                ctx, occurrence_path(ctx, occurrence),
                hint=Text(f"改到窗口内，如 {day_text(target).zh}",
                          f"move it into the window, e.g. {day_text(target).en}"),
                fix=fix, title=occurrence.title, day=occurrence.day.isoformat(),
                start=window.start.isoformat(), end=window.end.isoformat(),
            )


@register
class OnDayOff(Rule):
    """An occurrence falls on an official holiday, a regional holiday or a day off the plan
    declares. Make-up work days (调休上班) count as work days; plain weekends are the
    on-weekend rule's business.

    Why: people are not at work on holidays; an activity there will not happen as planned.

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
    summary = Text("活动安排在法定节假日或地方假日", "occurrence on an official or regional day off")
    message = Text("「{title}」安排在 {day} {holiday}（休息日）",
                   "'{title}' is on {day}, {holiday} (a day off)")

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        calendar = ctx.calendar
        for occurrence in ctx.schedule.occurrences:
            for day in occurrence.days:
                info = calendar.day(day)
                if info.is_workday or info.kind == "weekend":
                    continue
                hint, fix = suggestion(ctx, occurrence)
                yield self.report(
                    ctx, occurrence_path(ctx, occurrence), hint=hint, fix=fix,
                    title=occurrence.title, day=day_text(day),
                    holiday=info.name or Text("休息日", "day off"),
                )
                break
