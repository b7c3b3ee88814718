"""``schema``: print or write the JSON Schema of plan files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from activitymonth.schema import plan_schema
from activitymonth.write import write_text_atomically


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of standard output.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of plan files (for editor autocompletion and validation).

    VS Code with the YAML extension: add ``# yaml-language-server: $schema=plan.schema.json``
    as the first line of a plan.
    """
    text = json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_atomically(output, text)
