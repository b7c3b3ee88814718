"""``new``: draft a plan file from programs and a window."""

from __future__ import annotations

from pathlib import Path

import click
from pydantic import ValidationError

from activitymonth.catalog import ProgramLookupError
from activitymonth.cli.common import fail, lang_option
from activitymonth.dump import plan_to_yaml
from activitymonth.i18n import Lang, Text
from activitymonth.model import Window
from activitymonth.model.base import error_text
from activitymonth.scaffold import draft_plan
from activitymonth.write import write_text_atomically

HEADER = """activitymonth 计划草稿 / plan draft
填写人员 (people)、领导小组 (organization)、每项活动的日期、负责人和地点后运行：
  activitymonth show {name}"""


@click.command()
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--program",
    "programs",
    multiple=True,
    metavar="NAME",
    help="Program to adopt, e.g. 六个一@学校 (repeatable).",
)
@click.option("--month", help="Window as a month, e.g. 2026-09.")
@click.option("--start", help="Window start (with --end), e.g. 2026-09-01.")
@click.option("--end", help="Window end (inclusive).")
@click.option("--title", help="Plan title (default: from unit and month).")
@click.option("--unit", help="Organising unit, e.g. 某县民宗局.")
@click.option("--region", help="Region, e.g. 内蒙古 or 新疆 (holidays and ordinal follow it).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@lang_option
def new(
    output: Path,
    programs: tuple[str, ...],
    month: str | None,
    start: str | None,
    end: str | None,
    title: str | None,
    unit: str | None,
    region: str | None,
    force: bool,
    lang: Lang,
) -> None:
    """Draft a plan from one or more programs and a window."""
    if output.exists() and not force:
        fail(
            Text(f"{output} 已存在，不会覆盖", f"{output} exists and will not be overwritten"),
            lang,
            Text("换一个文件名，或加 --force 覆盖", "choose another name or pass --force"),
        )
    if bool(month) == bool(start and end):
        fail(
            Text(
                "需要 --month，或同时给出 --start 和 --end",
                "give --month, or both --start and --end",
            ),
            lang,
        )
    try:
        window = Window.model_validate(month or {"start": start, "end": end})
    except ValidationError as error:
        fail(Text("时间范围无效：", "invalid window: ") + error_text(error), lang)
    try:
        plan = draft_plan(
            title or f"{unit or ''}{window.start.year}年活动实施方案",
            window,
            programs,
            unit=unit,
            region=region,
        )
    except ProgramLookupError as error:
        fail(error.message, lang)
    write_text_atomically(output, plan_to_yaml(plan, HEADER.format(name=output.name)))
    click.echo(
        Text(
            f"已起草 {output}（{len(plan.activities)} 项活动，{len(plan.deliverables)} 项任务）",
            f"drafted {output} ({len(plan.activities)} activities, "
            f"{len(plan.deliverables)} deliverables)",
        )(lang)
    )
