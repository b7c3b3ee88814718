"""``export``: the schedule as files (``export ics``; checklists and documents join later)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from activitymonth.cli.common import lang_option, load_or_exit, stderr_console
from activitymonth.export.ics import IcsOptions, export_ics, lint_ics
from activitymonth.i18n import Lang, Text
from activitymonth.schedule import resolve


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
