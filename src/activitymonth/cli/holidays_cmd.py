"""``activitymonth holidays 2026 [--region 新疆]``: a year's days off and make-up work days.

Before scheduling an activity month a clerk wants to see the year's days off at a glance,
including the region's own festivals, and to know which of them are announced and which
are still an estimate; ``--format json`` gives the same to other tools.
"""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from activitymonth.calendar import KIND_LABELS, CalendarError, ChinaCalendar, DayInfo
from activitymonth.calendar.regional import region_text
from activitymonth.i18n import Lang, Text, weekday_name

_OFFICIAL = Text("已公布", "official")
_NOT_OFFICIAL = Text("尚未正式公布", "not yet official")


def _status(info: DayInfo) -> Text:
    return _OFFICIAL if info.official else _NOT_OFFICIAL


def _name(info: DayInfo) -> Text:
    return info.name or KIND_LABELS[info.kind]


def _as_dict(info: DayInfo, lang: Lang) -> dict[str, object]:
    return {
        "date": info.day.isoformat(),
        "weekday": weekday_name(info.day.weekday(), lang),
        "name": _name(info)(lang),
        "kind": info.kind,
        "official": info.official,
    }


def _heading(year: int, region: str | None, official: bool) -> Text:
    where = region_text(region) if region else Text("全国", "National")
    if official:
        return where + Text(f"：{year} 年放假安排", f": {year} holiday schedule")
    return where + Text(
        f"：{year} 年放假安排尚未正式公布，以下为推算",
        f": the {year} holiday schedule is not officially published yet; "
        "the days below are estimates",
    )


_COMPUTED_NOTE = Text(
    "注：标为「尚未正式公布」的地方节日按历法推算，以自治区当年通知为准；"
    "可在计划的 calendar.regional 中写入公布的日期。",
    "Note: regional festivals marked 'not yet official' are computed from the calendar; "
    "the region announces the real days each year, which a plan can supply under "
    "calendar.regional.",
)


def _table(title: Text, rows: list[DayInfo], lang: Lang) -> Table:
    table = Table(title=title(lang), title_justify="left")
    for header in (Text("日期", "Date"), Text("名称", "Name"), Text("类型", "Kind")):
        table.add_column(header(lang))
    table.add_column(Text("状态", "Status")(lang))
    for info in rows:
        table.add_row(
            f"{info.day.isoformat()} {weekday_name(info.day.weekday(), lang)}",
            _name(info)(lang),
            KIND_LABELS[info.kind](lang),
            _status(info)(lang),
        )
    return table


@click.command("holidays")
@click.argument("year", type=int)
@click.option("--region", default=None, help="Region, e.g. 新疆 / 新疆维吾尔自治区 / Xinjiang.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.pass_context
def holidays(
    ctx: click.Context, year: int, region: str | None, lang: Lang, output_format: str
) -> None:
    """Show YEAR's days off and make-up work days (调休上班), nationally or for --region."""
    try:
        calendar = ChinaCalendar(region)
        days_off = calendar.days_off(year)
        makeup = calendar.makeup_workdays(year)
    except CalendarError as error:
        click.echo(error.message(lang), err=True)
        ctx.exit(2)
    official = calendar.is_official(year)
    if output_format == "json":
        document = {
            "year": year,
            "region": calendar.region,
            "official": official,
            "days_off": [_as_dict(info, lang) for info in days_off],
            "makeup_workdays": [_as_dict(info, lang) for info in makeup],
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False)
    console.print(_heading(year, calendar.region, official)(lang))
    console.print(_table(Text("放假", "Days off"), days_off, lang))
    if makeup:
        console.print(_table(Text("调休上班", "Make-up work days"), makeup, lang))
    else:
        console.print(Text("调休上班：无", "Make-up work days: none")(lang))
    if official and any(not info.official for info in days_off):
        console.print(_COMPUTED_NOTE(lang))
