"""``rollup``: a county's units side by side, lagging first, from one shared ledger.

The command is a shell over ``tracking.rollup_folder`` and the three views (terminal,
JSON, self-contained HTML). Its policy: the ledger must be the county's one database
(``--db`` or ``$ACTIVITYMONTH_DB``) and must already hold a ledger: a mistyped path
would otherwise become an empty ledger and every unit would look idle; a plan that
cannot be used is reported at ``file:line:col`` and the roll-up goes on with the others.
Exit codes: 0 every plan rolled up, 1 some plans could not be used (the rest are shown),
2 nothing to roll up (no folder, no plan, no usable plan, no ledger).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

import click

from activitymonth.cli.common import (
    EXIT_FINDINGS,
    cannot_write,
    fail,
    lang_option,
    parse_today,
    stderr_console,
    stdout_console,
    text_or_json,
)
from activitymonth.cli.ledger_options import ledger_errors_reported
from activitymonth.export.rollup_html import render_rollup_html
from activitymonth.i18n import Lang, Text
from activitymonth.ledger import ENV_VAR, existing_ledger
from activitymonth.render.rollup_json import rollup_json
from activitymonth.render.rollup_labels import skipped_note
from activitymonth.render.rollup_text import rollup_view
from activitymonth.tracking.rollup import Rollup, rollup_folder
from activitymonth.write import write_bytes_atomically

FOLDER_HINT = Text("给出存放各单位计划的文件夹", "give the folder that holds the units' plans")


@click.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--db",
    metavar="URL",
    help=f"The county's ledger: postgresql://… or an existing SQLite file (default: ${ENV_VAR}).",
)
@click.option(
    "--today",
    callback=parse_today,
    metavar="YYYY-MM-DD|today",
    help="Judge overdue items and pairs on this day [default: today].",
)
@text_or_json
@click.option(
    "--html",
    "html_path",
    metavar="OUT.html",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write one self-contained page with a bar chart and a unit × program table.",
)
@lang_option
def rollup(
    folder: Path,
    db: str | None,
    today: date | None,
    fmt: str,
    html_path: Path | None,
    lang: Lang,
) -> None:
    """Roll up every unit plan under DIR against one shared ledger, lagging units first.

    Files that others extend or include (county templates, shared parts), user-rules files
    and hidden files such as .activitymonth.yaml are not rolled up as plans.
    """
    location = _location(db, lang)
    if not folder.is_dir():
        fail(
            Text(f"找不到文件夹 {folder}", f"folder {folder} not found"),
            lang,
            FOLDER_HINT,
        )
    with ledger_errors_reported(lang):
        ledger = existing_ledger(location)
        if ledger is None:
            fail(
                Text(
                    f"{location} 中没有台账（从未记录过）",
                    f"no ledger at {location} (nothing recorded)",
                ),
                lang,
                Text(
                    "检查路径或数据库地址；汇总只读取已有的台账，不会新建",
                    "check the path or URL; a roll-up reads an existing ledger, never creates one",
                ),
            )
        try:
            result = rollup_folder(folder, ledger, today or date.today())
        finally:
            ledger.close()
    _report_failures(result, lang)
    if not result.rows:
        _nothing_rolled_up(result, folder, lang)
    if fmt == "json":
        click.echo(rollup_json(result, ledger.shown, lang))
    else:
        stdout_console().print(rollup_view(result, ledger.shown, lang))
    if html_path is not None:
        _write_html(result, ledger.shown, html_path, lang)
    if result.failures:
        sys.exit(EXIT_FINDINGS)


def _location(db: str | None, lang: Lang) -> str:
    """The shared ledger, or exit 2: a roll-up never falls back to a file beside a plan."""
    location = db or os.environ.get(ENV_VAR)
    if not location:
        fail(
            Text("没有指定全县共用的台账数据库", "no shared ledger database given"),
            lang,
            Text(
                f"用 --db postgresql://… 或 --db 台账.sqlite，或设置环境变量 {ENV_VAR}",
                f"give --db postgresql://… or --db ledger.sqlite, or set {ENV_VAR}",
            ),
        )
    return location


def _nothing_rolled_up(result: Rollup, folder: Path, lang: Lang) -> NoReturn:
    """Exit 2 saying why no row came out: every plan failed, the YAML files there are
    all templates, parts or rules files (listed), or there is no YAML file at all."""
    found = len(result.failures)
    if found:
        fail(
            Text(
                f"{folder} 中的 {found} 个计划都无法使用",
                f"none of the {found} plan(s) in {folder} could be used",
            ),
            lang,
        )
    if result.skipped:
        notes = "\n".join(f"  {skipped_note(s, lang, folder)}" for s in result.skipped)
        fail(
            Text(
                f"{folder} 中没有单位计划，其中的 YAML 文件都不作为计划汇总：\n{notes}",
                f"no unit plan in {folder}; its YAML files are not rolled up as plans:\n{notes}",
            ),
            lang,
            FOLDER_HINT,
        )
    fail(
        Text(f"{folder} 中没有找到计划文件（*.yaml）", f"no plan files (*.yaml) found in {folder}"),
        lang,
        FOLDER_HINT,
    )


def _report_failures(result: Rollup, lang: Lang) -> None:
    """Each unusable plan's diagnostics on stderr, then one line saying what was left out."""
    if not result.failures:
        return
    console = stderr_console()
    for failure in result.failures:
        for diagnostic in failure.diagnostics:
            console.print(diagnostic.render(lang), markup=False)
    failed, used = len(result.failures), len(result.rows)
    console.print(
        Text(
            f"{failed} 个计划无法汇总（见上），已汇总其余 {used} 个",
            f"{failed} plan(s) could not be rolled up (see above); {used} rolled up",
        )(lang),
        style="bold red",
        markup=False,
    )


def _write_html(result: Rollup, ledger: str, path: Path, lang: Lang) -> None:
    try:
        write_bytes_atomically(path, render_rollup_html(result, ledger, lang))
    except OSError as error:
        cannot_write(path, error, lang, "--html")
    stderr_console().print(Text(f"已写入 {path}", f"wrote {path}")(lang), markup=False)
