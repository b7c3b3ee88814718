"""``show`` and ``calendar``: the resolved schedule as a table, JSON or month grids."""

from __future__ import annotations

from pathlib import Path

import click

from activitymonth.cli.common import lang_option, load_or_exit, stdout_console
from activitymonth.i18n import Lang
from activitymonth.render.month_grid import calendar_view
from activitymonth.render.schedule_json import schedule_json
from activitymonth.render.schedule_text import schedule_table
from activitymonth.schedule import resolve

PLAN = click.argument("plan", type=click.Path(path_type=Path, dir_okay=False))


@click.command()
@PLAN
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people, json for machines.",
)
@lang_option
def show(plan: Path, fmt: str, lang: Lang) -> None:
    """Print the resolved schedule: every occurrence with its date, moves and source line."""
    schedule = resolve(load_or_exit(plan, lang))
    if fmt == "json":
        click.echo(schedule_json(schedule, lang))
    else:
        stdout_console().print(schedule_table(schedule, lang))


@click.command()
@PLAN
@lang_option
def calendar(plan: Path, lang: Lang) -> None:
    """Draw the plan's months as grids with days off, make-up work days and activities."""
    schedule = resolve(load_or_exit(plan, lang))
    stdout_console().print(calendar_view(schedule, lang))
