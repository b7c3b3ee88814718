"""What every command shares: the language option, consoles, and failing cleanly."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console

from activitymonth.diagnostics import Diagnostic, PlanLoadError
from activitymonth.i18n import Lang, Text
from activitymonth.load import LoadedPlan, load_plan

EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2

F = TypeVar("F", bound=Callable[..., Any])


def lang_option(function: F) -> F:
    """``--lang zh|en`` on every command (default from ACTIVITYMONTH_LANG, else zh)."""
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=lambda: os.environ.get("ACTIVITYMONTH_LANG", "zh"),
        show_default="zh",
        help="Language of messages / 输出语言.",
    )(function)


def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def report_diagnostics(diagnostics: list[Diagnostic], lang: Lang) -> None:
    """Print load problems, one per line, ``file:line:col: CODE message — fix``."""
    console = stderr_console()
    for diagnostic in diagnostics:
        console.print(diagnostic.render(lang), markup=False)
    count = len(diagnostics)
    console.print(
        Text(f"共 {count} 处错误，计划无法使用", f"{count} error(s); the plan cannot be used")(
            lang
        ),
        style="bold red",
        markup=False,
    )


def fail(message: Text, lang: Lang, hint: Text | None = None) -> NoReturn:
    """Exit 2 with a message (and a fix) instead of a traceback."""
    console = stderr_console()
    console.print(message(lang), style="red", markup=False)
    if hint:
        console.print(("建议：" if lang == "zh" else "Fix: ") + hint(lang), markup=False)
    sys.exit(EXIT_UNUSABLE)


def cannot_write(target: Path, error: OSError, lang: Lang, option: str = "-o") -> NoReturn:
    """Exit 2 for an output file that could not be written, naming the file, why, and the
    option that names another."""
    fail(
        Text(f"无法写入 {target}：{error.strerror}", f"cannot write {target}: {error.strerror}"),
        lang,
        Text(f"用 {option} 指定一个可写的文件路径", f"give a writable file path with {option}"),
    )


text_or_json = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts.",
)
"""The ``--format`` of the commands that print to the terminal."""


def load_or_exit(path: Path, lang: Lang, *, lenient_people: bool = False) -> LoadedPlan:
    """The plan, or exit 2 after printing every problem.

    A command runs once and ends, and the loaded plan lives until then: its million small
    objects are moved out of the cyclic collector's reach (``gc.freeze``) so that later
    allocations do not rescan them (bench/bench_load.py measured 1.36 s → 0.94 s at
    county scale). The library itself leaves the collector alone.
    """
    try:
        loaded = load_plan(path, lenient_people=lenient_people)
    except PlanLoadError as error:
        report_diagnostics(error.diagnostics, lang)
        sys.exit(EXIT_UNUSABLE)
    gc.freeze()
    return loaded


def parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """``--today``: an ISO date, or ``today`` for the current date."""
    if value is None:
        return None
    if value == "today":
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"“{value}” 不是日期，请写成 2026-09-20 或 today / "
            f"'{value}' is not a date; write 2026-09-20 or today"
        ) from None
