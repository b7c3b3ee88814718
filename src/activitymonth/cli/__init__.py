"""The ``activitymonth`` command. Each command is a thin shell over the public Python API."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from activitymonth import __version__
from activitymonth.cli.common import EXIT_UNUSABLE, stderr_console

COMMANDS: dict[str, str] = {
    "show": "schedule_cmds:show",
    "calendar": "schedule_cmds:calendar",
    "check": "check_cmd:check",
    "rules": "rules_cmd:rules",
    "rule": "rules_cmd:rule",
    "export": "export_cmd:export",
    "import": "import_cmd:import_group",
    "done": "ledger_cmds:done",
    "visit": "ledger_cmds:visit",
    "undo": "ledger_cmds:undo",
    "status": "status_cmd:status",
    "db": "ledger_cmds:db_group",
    "holidays": "holidays_cmd:holidays",
    "programs": "programs_cmd:programs",
    "report": "report_cmd:report",
    "rollup": "rollup_cmd:rollup",
    "schema": "schema_cmd:schema",
    "new": "new_cmd:new",
    "pairs": "pairs_cmd:pairs_group",
}
"""Each command and where it lives (``module:attribute`` under ``activitymonth.cli``)."""


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs.

    The commands draw on heavy libraries (SQLAlchemy for the ledger, openpyxl and
    python-docx for documents, a CEL parser for user rules); importing all of them for
    every call would add about a second to ``activitymonth check`` before it reads a line.
    """

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module_name, attribute = self.lazy[cmd_name].split(":")
            module = importlib.import_module(f"activitymonth.cli.{module_name}")
            self.add_command(getattr(module, attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="activitymonth")
def cli() -> None:
    """Plan, check, schedule and track activity months (民族团结进步活动月 and campaigns)."""


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
