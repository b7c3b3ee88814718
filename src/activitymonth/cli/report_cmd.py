"""``report``: draft the summary report (工作总结) from the plan and its ledger.

The plan is loaded and resolved, its ledger read in one snapshot, and the report written
atomically as .docx (the GB/T 9704 page of the plan document) or Markdown. The report is
Chinese whatever ``--lang`` says; ``--lang`` changes this command's messages only.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from activitymonth.cli.common import (
    cannot_write,
    fail,
    lang_option,
    load_or_exit,
    stderr_console,
)
from activitymonth.cli.ledger_options import DB, PLAN, ledger_errors_reported, option_value
from activitymonth.cli.plan_ledger import ledger_progress
from activitymonth.i18n import Lang, Text
from activitymonth.ledger import ledger_location
from activitymonth.ledger.values import parse_day
from activitymonth.report import RENDERERS, build_report, report_file_name, write_report
from activitymonth.schedule import resolve

DEFAULT_FORMAT = "docx"


@click.command()
@PLAN
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: the report's title, e.g. …工作总结.docx, in the current "
    "folder). The plan and its ledger are never overwritten.",
)
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(RENDERERS)),
    help="docx or md (default: OUTPUT's suffix, else docx).",
)
@DB
@click.option(
    "--today",
    metavar="DATE",
    help="Day the report speaks of: its 截至 and sign-off date; undone items before it are "
    "overdue (default: today in the plan's time zone).",
)
@lang_option
def report(
    plan: Path,
    output: Path | None,
    fmt: str | None,
    force: bool,
    db: str | None,
    today: str | None,
    lang: Lang,
) -> None:
    """Draft the summary report (工作总结) of PLAN from its ledger: what was done and when,
    the figures, what is missing, and a blank for the next steps."""
    fmt = _format(fmt, output, lang)
    if output is not None:
        _refuse_inputs(output, plan, db, lang)
    with ledger_errors_reported(lang):
        loaded = load_or_exit(plan, lang)
        day = option_value(parse_day, today, "--today") or datetime.now(loaded.plan.zone).date()
        found = ledger_progress(plan, db, resolve(loaded), loaded.catalog, day, required=True)
        assert found is not None  # required=True: an empty ledger rather than none
        progress, ledger = found
    if not ledger.recorded:
        _nothing_recorded(ledger.shown, lang)
    target = output or Path(report_file_name(loaded.plan, fmt))
    if target.exists() and not force:
        fail(
            Text(
                f"{target} 已存在（其中可能已填写“下一步打算”），没有覆盖",
                f"{target} exists (its 下一步打算 may already be filled in); not overwritten",
            ),
            lang,
            Text(
                "换一个文件名（-o），或加 --force 覆盖",
                "choose another name with -o, or pass --force",
            ),
        )
    try:
        write_report(build_report(progress), fmt, target)
    except OSError as error:
        cannot_write(target, error, lang)
    click.echo(str(target))


def _nothing_recorded(shown: str, lang: Lang) -> None:
    """Say on stderr that the report is drafted from an empty ledger: a mistyped --db must
    not pass for a unit that did nothing."""
    stderr_console().print(
        Text(
            f"注意：{shown} 中还没有任何台账记录，报告中的完成情况和数字都是 0",
            f"note: nothing is recorded in {shown} yet; the report shows nothing done",
        )(lang),
        style="yellow",
        markup=False,
    )


def _format(fmt: str | None, output: Path | None, lang: Lang) -> str:
    """The format asked for, else the one OUTPUT's suffix names; a clash is an error rather
    than a Word file called .md."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    named = suffix if suffix in RENDERERS else None
    if fmt is not None and named is not None and fmt != named:
        fail(
            Text(
                f"--format {fmt} 与输出文件 {output} 的扩展名 .{named} 不一致",
                f"--format {fmt} does not match the suffix .{named} of {output}",
            ),
            lang,
            Text(
                f"把文件名改为 .{fmt} 结尾，或去掉 --format",
                f"name the file *.{fmt}, or leave out --format",
            ),
        )
    return fmt or named or DEFAULT_FORMAT


def _refuse_inputs(output: Path, plan: Path, db: str | None, lang: Lang) -> None:
    """Never write the report over the plan or over its SQLite ledger."""
    location = ledger_location(plan, db)
    inputs = [plan] + ([Path(location)] if "://" not in location else [])
    if any(output.resolve() == path.resolve() for path in inputs):
        fail(
            Text(
                f"{output} 是计划或台账文件，不能用报告覆盖",
                f"{output} is the plan or its ledger; the report will not overwrite it",
            ),
            lang,
            Text("用 -o 指定另一个文件，如 总结.docx", "give another file with -o, e.g. 总结.docx"),
        )
