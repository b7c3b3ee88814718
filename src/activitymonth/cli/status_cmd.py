"""``status``: how far a plan has come, read from its ledger.

Progress by program, person and sector, what is overdue, what comes in the next days,
and pairs behind their visit rhythm, for a person (text, coloured on a terminal) or a
script (``--format json``, the same data). It only reads: a ledger that does not exist
yet is reported as "nothing recorded", and none is created.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from activitymonth.cli.common import (
    lang_option,
    load_or_exit,
    parse_today,
    stdout_console,
    text_or_json,
)
from activitymonth.cli.ledger_options import DB, PLAN, ledger_errors_reported
from activitymonth.cli.plan_ledger import ledger_progress
from activitymonth.i18n import Lang
from activitymonth.render.status_report import StatusReport
from activitymonth.render.status_text import status_view
from activitymonth.schedule import resolve


@click.command()
@PLAN
@DB
@click.option(
    "--today",
    callback=parse_today,
    metavar="YYYY-MM-DD|today",
    help="Day progress is judged on (default: today in the plan's time zone).",
)
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=7,
    show_default=True,
    help="How many days ahead to list what comes next.",
)
@text_or_json
@lang_option
def status(plan: Path, db: str | None, today: date | None, days: int, fmt: str, lang: Lang) -> None:
    """Show PLAN's progress from its ledger: programs, people, sectors, overdue items,
    the next days, and pairs behind their visit rhythm."""
    loaded = load_or_exit(plan, lang)
    day = today or datetime.now(loaded.plan.zone).date()
    with ledger_errors_reported(lang):
        found = ledger_progress(plan, db, resolve(loaded), loaded.catalog, day, required=True)
    assert found is not None  # required: an empty ledger stands in for a missing one
    progress, ledger = found
    report = StatusReport.of(progress, ledger=ledger.shown, recorded=ledger.recorded, days=days)
    if fmt == "json":
        click.echo(report.to_json())
    else:
        stdout_console().print(status_view(report, lang))
