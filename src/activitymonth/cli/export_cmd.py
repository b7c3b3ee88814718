"""``export``: the schedule as files (``export ics``, ``export checklist``, ``export ledger``)."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click

from activitymonth.cli.common import (
    cannot_write,
    fail,
    lang_option,
    load_or_exit,
    parse_today,
    stderr_console,
    stdout_console,
)
from activitymonth.cli.ledger_options import DB
from activitymonth.cli.plan_ledger import ledger_progress
from activitymonth.export.checklist import (
    RENDERERS,
    Grouping,
    RendererUnavailableError,
    build_checklist,
    checklist_file_name,
    checklist_view,
    write_checklist,
)
from activitymonth.export.checklist.model import Completion, CompletionLookup
from activitymonth.export.docx.plan_document import plan_document_file_name, write_plan_document
from activitymonth.export.ics import IcsOptions, export_ics, lint_ics
from activitymonth.export.xlsx.ledger_sheet import ledger_file_name, write_ledger
from activitymonth.i18n import Lang, Text
from activitymonth.ledger import LedgerError
from activitymonth.schedule import resolve
from activitymonth.tracking import PlanProgress


@click.group()
def export() -> None:
    """Write the plan's schedule as files for other programs."""


@export.command("ics")
@click.argument("plan", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Folder for the .ics files.",
)
@click.option("--per-person", is_flag=True, help="Also one calendar per person.")
@click.option("--per-program", is_flag=True, help="Also one calendar per program.")
@click.option("--todos", is_flag=True, help="Deliverables as VTODO (many clients drop to-dos).")
@click.option("--expand", is_flag=True, help="Every occurrence as its own event, no RRULE.")
@click.option("--verify", is_flag=True, help="Lint the written files; exit 1 on problems.")
@lang_option
def ics(
    plan: Path,
    out_dir: Path,
    per_person: bool,
    per_program: bool,
    todos: bool,
    expand: bool,
    verify: bool,
    lang: Lang,
) -> None:
    """Write the schedule as iCalendar files that clients import and update in place."""
    loaded = load_or_exit(plan, lang)
    options = IcsOptions(per_person=per_person, per_program=per_program, todos=todos, expand=expand)
    written = export_ics(resolve(loaded), loaded.catalog, out_dir, options)
    failed = False
    for path in written:
        problems = lint_ics(path.read_bytes()) if verify else []
        for problem in problems:
            stderr_console().print(f"{path}:{problem.line}: {problem.message}", markup=False)
        failed = failed or bool(problems)
        click.echo(str(path))
    if verify:
        click.echo(
            Text(
                f"已检查 {len(written)} 个文件" + ("，发现问题" if failed else "，没有问题"),
                f"verified {len(written)} file(s)"
                + (": problems found" if failed else ": no problems"),
            )(lang)
        )
    if failed:
        sys.exit(1)


@export.command("checklist")
@click.argument("plan", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["terminal", *RENDERERS]),
    default="terminal",
    show_default=True,
    help="terminal prints; the others write a file.",
)
@click.option(
    "--by",
    "grouping",
    type=click.Choice([g.value for g in Grouping]),
    default=Grouping.PROGRAM.value,
    show_default=True,
    help="One section per program, per responsible person or per week.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: named after the plan, in the current folder).",
)
@click.option(
    "--today",
    callback=parse_today,
    metavar="YYYY-MM-DD|today",
    help="Day the statuses refer to: undone items before it are overdue "
    "(default: today in the plan's time zone).",
)
@DB
@lang_option
def checklist(
    plan: Path,
    fmt: str,
    grouping: str,
    output: Path | None,
    today: date | None,
    db: str | None,
    lang: Lang,
) -> None:
    """Print or write the completion checklist: every required item, what covers it,
    who is responsible, what done needs, and a box to tick (ticked from the ledger:
    --db, else $ACTIVITYMONTH_DB, else PLAN.ledger.sqlite when it exists)."""
    if fmt == "terminal" and output is not None:
        fail(
            Text(
                "--format terminal 只在屏幕上显示，不写文件",
                "--format terminal does not write a file",
            ),
            lang,
            Text(
                f"写文件请选 --format {'、'.join(RENDERERS)}",
                f"to write {output}, choose --format {'|'.join(RENDERERS)}",
            ),
        )
    loaded = load_or_exit(plan, lang)
    day = today or datetime.now(loaded.plan.zone).date()
    schedule = resolve(loaded)
    try:
        found = ledger_progress(plan, db, schedule, loaded.catalog, day)
    except LedgerError as error:
        fail(error.message, lang, error.hint)
    built = build_checklist(
        schedule,
        loaded.catalog,
        Grouping(grouping),
        today=day,
        completions=_completions(found[0]) if found else None,
    )
    if fmt == "terminal":
        stdout_console().print(checklist_view(built, lang))
        return
    target = output or Path(checklist_file_name(built, fmt))
    try:
        write_checklist(built, fmt, target, lang)
    except RendererUnavailableError as error:
        fail(error.message, lang, error.hint)
    except OSError as error:
        cannot_write(target, error, lang)
    click.echo(str(target))


def _completions(progress: PlanProgress) -> CompletionLookup:
    """What the ledger says of each item, for ticking its box: done once every
    occurrence is, on the last day one was held, with the participants added up."""

    def lookup(item_id: str) -> Completion | None:
        item = progress.items.get(item_id)
        if item is None or not item.complete or item.last_done is None:
            return None
        counts = [o.done.participants for o in item.occurrences if o.done]
        known = [count for count in counts if count is not None]
        return Completion(item.last_done, sum(known) if known else None)

    return lookup


@export.command("ledger")
@click.argument("plan", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: named after the plan, in the current folder).",
)
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@lang_option
def ledger(plan: Path, output: Path | None, force: bool, lang: Lang) -> None:
    """Write the ledger sheet (台账 .xlsx) the unit fills in during the month: one row
    per occurrence and deliverable, validated columns for what was done."""
    loaded = load_or_exit(plan, lang)
    target = output or Path(ledger_file_name(loaded.plan))
    if target.exists() and not force:
        fail(
            Text(
                f"{target} 已存在，不会覆盖（可能已填写了实际情况）",
                f"{target} exists and will not be overwritten (it may hold filled-in records)",
            ),
            lang,
            Text("换一个文件名，或加 --force 覆盖", "choose another name or pass --force"),
        )
    try:
        write_ledger(resolve(loaded), target)
    except OSError as error:
        cannot_write(target, error, lang)
    click.echo(str(target))


@export.command("doc")
@click.argument("plan", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: <plan id>-实施方案.docx in the current folder).",
)
@lang_option
def doc(plan: Path, output: Path | None, lang: Lang) -> None:
    """Write the implementation plan (实施方案) as a Word document laid out after
    GB/T 9704, with the schedule attached as a table. An existing file is replaced."""
    loaded = load_or_exit(plan, lang)
    target = output or Path(plan_document_file_name(loaded.plan))
    try:
        write_plan_document(resolve(loaded), loaded.catalog, target)
    except OSError as error:
        cannot_write(target, error, lang)
    click.echo(str(target))
