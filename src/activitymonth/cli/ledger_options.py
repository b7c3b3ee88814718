"""Options and error handling shared by the commands that read or write the ledger.

``done``, ``visit``, ``undo``, the imports, ``status``, ``report``, ``rollup`` and
``pairs`` take the same PLAN argument and ``--db`` option and report a ``LedgerError``
the same way: its message, every bad cell of a refused file, exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from activitymonth.cli.common import EXIT_UNUSABLE, stderr_console
from activitymonth.i18n import Lang, Text
from activitymonth.ledger import (
    ENV_VAR,
    ImportRejected,
    Ledger,
    LedgerError,
    ledger_location,
    open_ledger,
)
from activitymonth.ledger.values import BadValue

PLAN = click.argument("plan", type=click.Path(path_type=Path, dir_okay=False))
DB = click.option(
    "--db",
    metavar="URL",
    help=f"Ledger database: a SQLite file or postgresql://… (default: ${ENV_VAR}, "
    "else PLAN's name with .ledger.sqlite beside it).",
)
BY = click.option("--by", metavar="NAME", help="Who records this (default: the login name).")


@contextmanager
def ledger_errors_reported(lang: Lang) -> Iterator[None]:
    """Turn ledger errors into their message (every bad cell of a refused file) and exit 2."""
    try:
        yield
    except LedgerError as error:
        console = stderr_console()
        if isinstance(error, ImportRejected):
            for problem in error.problems:
                console.print(problem.render(lang), markup=False)
            if error.count > len(error.problems):
                more = error.count - len(error.problems)
                console.print(Text(f"……另有 {more} 处", f"… and {more} more")(lang), markup=False)
        console.print(error.render(lang), style="red", markup=False)
        sys.exit(EXIT_UNUSABLE)


def option_value(parse: Callable[[str], Any], text: str | None, option: str) -> Any:
    """Parse an option's value; a bad one is reported with the option's name."""
    if text is None:
        return None
    try:
        return parse(text)
    except BadValue as error:
        raise LedgerError(
            Text(f"{option}：", f"{option}: ") + error.message,
        ) from None


def open_plan_ledger(plan: Path, db: str | None) -> Ledger:
    """The ledger of ``plan`` for recording: created (and migrated) when missing."""
    return open_ledger(ledger_location(plan, db))
