"""Month grids for the terminal (``activitymonth calendar``): days off, make-up work days
and how many occurrences fall on each day, so a clerk sees the month at a glance."""

from __future__ import annotations

import calendar as _calendar
from collections import Counter
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

from activitymonth.i18n import WEEKDAYS_EN, WEEKDAYS_ZH, Lang, Text, format_day
from activitymonth.render.schedule_text import headline
from activitymonth.schedule import Schedule

OFF_STYLE = "bold red"
MAKEUP_STYLE = "bold yellow"


def months_of(schedule: Schedule) -> list[tuple[int, int]]:
    start, end = schedule.plan.window.start, schedule.plan.window.end
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_grid(schedule: Schedule, year: int, month: int, lang: Lang) -> RenderableType:
    """One month: 休 marks a day off, 班 a make-up work day, •N the occurrences that day."""
    counts = Counter(day for o in schedule.occurrences for day in o.days)
    calendar = schedule.calendar
    title = f"{year}年{month}月" if lang == "zh" else f"{_calendar.month_name[month]} {year}"
    table = Table(title=title, show_lines=True, expand=False)
    for name in WEEKDAYS_ZH if lang == "zh" else WEEKDAYS_EN:
        table.add_column(name, justify="center", min_width=6)
    legend: list[RichText] = []
    for week in _calendar.Calendar().monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append("")
                continue
            cells.append(_cell(schedule, day, counts[day]))
            info = calendar.day(day)
            if info.kind in ("holiday", "regional_holiday", "plan_day_off", "makeup_workday"):
                mark = Text("（推算）", " (estimated)")(lang) if not info.official else ""
                name = info.name(lang) if info.name else ""
                style = MAKEUP_STYLE if info.kind == "makeup_workday" else OFF_STYLE
                legend.append(RichText(f"{format_day(day, lang)} {name}{mark}", style=style))
        table.add_row(*cells)
    return Group(table, *legend)


def _cell(schedule: Schedule, day: date, count: int) -> RichText:
    info = schedule.calendar.day(day)
    text = RichText(str(day.day))
    if info.kind == "makeup_workday":
        text.append(" 班", style=MAKEUP_STYLE)
    elif not info.is_workday and info.kind != "weekend":
        text.append(" 休", style=OFF_STYLE)
    if not info.is_workday:
        text.stylize(OFF_STYLE, 0, len(str(day.day)))
    if count:
        text.append(f"\n•{count}", style="cyan")
    return text


def calendar_view(schedule: Schedule, lang: Lang) -> RenderableType:
    parts: list[RenderableType] = [RichText(headline(schedule, lang), style="bold")]
    parts += [month_grid(schedule, y, m, lang) for y, m in months_of(schedule)]
    parts.append(
        RichText(
            Text(
                "图例：红色为休息日，休=节假日，班=调休上班，•N=当天安排数",
                "Legend: red = day off, 休 = holiday, 班 = make-up work day, "
                "•N = occurrences that day",
            )(lang),
            style="dim",
        )
    )
    return Group(*parts)
