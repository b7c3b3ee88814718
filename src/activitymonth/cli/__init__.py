"""The ``activitymonth`` command. Each command is a thin shell over the public Python API."""

from __future__ import annotations

import os
import sys

import click

from activitymonth import __version__
from activitymonth.cli.check_cmd import check
from activitymonth.cli.common import EXIT_UNUSABLE, stderr_console
from activitymonth.cli.export_cmd import export
from activitymonth.cli.holidays_cmd import holidays
from activitymonth.cli.import_cmd import import_group
from activitymonth.cli.ledger_cmds import (
    db_group,
    done,
    import_ledger,
    import_visits_command,
    undo,
    visit,
)
from activitymonth.cli.new_cmd import new
from activitymonth.cli.programs_cmd import programs
from activitymonth.cli.rules_cmd import rule, rules
from activitymonth.cli.schedule_cmds import calendar, show
from activitymonth.cli.schema_cmd import schema


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="activitymonth")
def cli() -> None:
    """Plan, check, schedule and track activity months (民族团结进步活动月 and campaigns)."""


for command in (
    show,
    calendar,
    check,
    rules,
    rule,
    export,
    import_group,
    done,
    visit,
    undo,
    db_group,
    holidays,
    programs,
    schema,
    new,
):
    cli.add_command(command)
import_group.add_command(import_ledger)
import_group.add_command(import_visits_command)


def main() -> None:
    """Entry point: unexpected failures print one line instead of a traceback.

    Set ACTIVITYMONTH_DEBUG=1 to see the traceback when reporting a bug.
    """
    try:
        cli.main(standalone_mode=True)
    except Exception as error:
        if os.environ.get("ACTIVITYMONTH_DEBUG"):
            raise
        stderr_console().print(
            f"内部错误 / internal error: {type(error).__name__}: {error}\n"
            "设置 ACTIVITYMONTH_DEBUG=1 重新运行可看到详细信息 / "
            "rerun with ACTIVITYMONTH_DEBUG=1 for details",
            markup=False,
        )
        sys.exit(EXIT_UNUSABLE)
