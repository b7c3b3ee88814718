"""The resolved schedule as a table for people (``activitymonth show``)."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

from activitymonth.i18n import Lang, Text, format_day
from activitymonth.schedule import Occurrence, Schedule
from activitymonth.schedule.ordinal import plan_ordinal

KIND_LABELS = {
    "activity": Text("活动", "activity"),
    "deliverable": Text("任务", "deliverable"),
    "visit": Text("走访", "visit"),
}


def headline(schedule: Schedule, lang: Lang) -> str:
    """Title line: plan, window, region and the activity-month ordinal where known."""
    plan = schedule.plan
    parts = [plan.title, f"{plan.window.start.isoformat()} – {plan.window.end.isoformat()}"]
    if plan.region:
        parts.append(plan.region)
    ordinal = plan_ordinal(plan)
    if ordinal is not None:
        parts.append(
            Text(
                f"第{ordinal.ordinal}个{ordinal.campaign}",
                f"{ordinal.campaign} no. {ordinal.ordinal}",
            )(lang)
        )
    return " · ".join(parts)


def time_label(occurrence: Occurrence, lang: Lang) -> str:
    if not isinstance(occurrence.start, datetime) or not isinstance(occurrence.end, datetime):
        days = (occurrence.last_day - occurrence.day).days + 1
        if days > 1:
            return Text(
                f"全天（至 {occurrence.last_day.isoformat()}）",
                f"all day (to {occurrence.last_day.isoformat()})",
            )(lang)
        return Text("全天", "all day")(lang)
    return f"{occurrence.start:%H:%M}–{occurrence.end:%H:%M}"


def schedule_table(schedule: Schedule, lang: Lang) -> RenderableType:
    table = Table(title=headline(schedule, lang), title_justify="left", expand=False)
    headers = (
        ("日期", "Date"),
        ("时间", "Time"),
        ("事项", "Item"),
        ("编号", "Id"),
        ("类别", "Kind"),
        ("说明", "Note"),
        ("位置", "Source"),
    )
    for zh, en in headers:
        table.add_column(Text(zh, en)(lang), overflow="fold")
    for occurrence in schedule.occurrences:
        note = ""
        if occurrence.reason is not None:
            note = occurrence.reason(lang)
        source = f"{occurrence.source.file}:{occurrence.source.line}" if occurrence.source else ""
        table.add_row(
            format_day(occurrence.day, lang),
            time_label(occurrence, lang),
            occurrence.title,
            occurrence.item_id,
            KIND_LABELS[occurrence.kind](lang),
            RichText(note, style="yellow") if occurrence.moved_from else note,
            source,
        )
    return Group(table, *notes(schedule, lang))


def notes(schedule: Schedule, lang: Lang) -> list[RenderableType]:
    """What the reader must know beyond the table: unofficial years, skipped, unscheduled."""
    lines: list[RenderableType] = []
    for year in schedule.unofficial_years:
        lines.append(
            RichText(
                Text(
                    f"注意：{year} 年的放假安排尚未正式公布，节假日按推算处理；"
                    "公布后可在 calendar.official 中补充",
                    f"Note: the {year} holiday schedule is not yet official; "
                    "holidays are estimated. Supply the official days under "
                    "calendar.official once published.",
                )(lang),
                style="bold yellow",
            )
        )
    for skipped in schedule.skipped:
        reason = f"（{skipped.reason(lang)}）" if skipped.reason else ""
        lines.append(
            RichText(
                Text(
                    f"已跳过：{skipped.item_id} 原定 {format_day(skipped.planned, 'zh')}{reason}",
                    f"Skipped: {skipped.item_id} planned {format_day(skipped.planned, 'en')}"
                    f"{reason}",
                )(lang)
            )
        )
    if schedule.unscheduled:
        lines.append(
            RichText(
                Text(
                    f"未安排时间：{'、'.join(schedule.unscheduled)}",
                    f"Not yet scheduled: {', '.join(schedule.unscheduled)}",
                )(lang),
                style="yellow",
            )
        )
    count = len(schedule.occurrences)
    lines.append(RichText(Text(f"共 {count} 次安排", f"{count} occurrence(s)")(lang)))
    return lines
