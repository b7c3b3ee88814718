"""``import``: tables from Excel into plan files (``import schedule``) and the ledger
(``import ledger``, ``import visits``, registered by the ledger commands)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from activitymonth.cli.common import (
    EXIT_UNUSABLE,
    fail,
    lang_option,
    report_diagnostics,
    stderr_console,
)
from activitymonth.diagnostics import PlanLoadError
from activitymonth.i18n import Lang, Text
from activitymonth.importers.schedule_table import (
    ImportOptions,
    ScheduleImportError,
    import_schedule,
)
from activitymonth.load import load_plan_text
from activitymonth.write import write_text_atomically


@click.group("import")
def import_group() -> None:
    """Bring tables from Excel into the project: schedules into plans, filled-in ledger
    sheets and visit lists into the ledger."""


@import_group.command("schedule")
@click.argument("table", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Plan file to write (default: the table's name with .yaml).",
)
@click.option("--year", type=click.IntRange(1949, 2200), help="Year of dates written without one.")
@click.option("--sheet", help="Worksheet to read (default: the first with a header row).")
@click.option("--title", help="Plan title (default: the title above the table).")
@click.option("--unit", help="Organising unit (default: 填报单位 above the table).")
@click.option("--region", help="Region, e.g. 内蒙古 or 新疆 (holidays follow it).")
@click.option("--leader", metavar="NAME", help="Head of the leading group (组长), by name.")
@click.option("--director", metavar="NAME", help="Director of its office (办公室主任), by name.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@lang_option
def schedule(
    table: Path,
    output: Path | None,
    year: int | None,
    sheet: str | None,
    title: str | None,
    unit: str | None,
    region: str | None,
    leader: str | None,
    director: str | None,
    force: bool,
    lang: Lang,
) -> None:
    """Import an 活动安排表 (.xlsx, or .csv in UTF-8 or GBK) with the columns 序号, 活动内容,
    时间, 地点, 牵头单位, 配合单位, 责任人 as a plan file; each activity keeps its source
    row as a comment."""
    target = output or table.with_suffix(".yaml")
    if target.exists() and not force:
        fail(
            Text(f"{target} 已存在，不会覆盖", f"{target} exists and will not be overwritten"),
            lang,
            Text("换一个文件名，或加 --force 覆盖", "choose another name or pass --force"),
        )
    options = ImportOptions(
        year=year,
        sheet=sheet,
        title=title,
        unit=unit,
        region=region,
        leader=leader,
        director=director,
    )
    try:
        imported = import_schedule(table, options)
    except ScheduleImportError as error:
        console = stderr_console()
        for problem in error.problems:
            console.print(problem.render(lang), markup=False)
        count = len(error.problems)
        console.print(
            Text(
                f"共 {count} 处无法读取，没有写入 {target}",
                f"{count} problem(s); {target} was not written",
            )(lang),
            style="bold red",
            markup=False,
        )
        sys.exit(EXIT_UNUSABLE)
    text = imported.to_yaml()
    try:
        load_plan_text(text, str(target))
    except PlanLoadError as error:
        report_diagnostics(error.diagnostics, lang)
        sys.exit(EXIT_UNUSABLE)
    write_text_atomically(target, text)
    plan = imported.plan
    click.echo(
        Text(
            f"已导入 {target}：{len(plan.activities)} 项活动，{len(plan.people)} 人；"
            f"年份 {imported.year}（{imported.year_source.zh}）",
            f"imported {target}: {len(plan.activities)} activities, {len(plan.people)} people; "
            f"year {imported.year} ({imported.year_source.en})",
        )(lang)
    )
    click.echo(
        Text(f"下一步：activitymonth check {target}", f"next: activitymonth check {target}")(lang)
    )


def _add_ledger_imports() -> None:
    """``import ledger`` and ``import visits`` live with the other recording commands."""
    from activitymonth.cli.ledger_cmds import import_ledger, import_visits_command

    import_group.add_command(import_ledger)
    import_group.add_command(import_visits_command)


_add_ledger_imports()
