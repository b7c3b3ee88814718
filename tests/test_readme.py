"""The README's two commands stay true: CI runs the same test command, and the main job's
example plan exists and runs."""

from __future__ import annotations

import re

from click.testing import CliRunner

from activitymonth.cli import cli

from conftest import REPO


def _commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [
        next(line for line in b.splitlines() if line and not line.startswith("#"))
        for b in blocks[:2]
    ]


def test_ci_runs_the_readme_test_command() -> None:
    _, test_command = _commands()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_main_job_runs_on_the_bundled_plan() -> None:
    main_job, _ = _commands()
    plan = re.search(r"activitymonth show (\S+)", main_job)
    assert plan and (REPO / plan.group(1)).is_file()
    result = CliRunner().invoke(cli, ["show", str(REPO / plan.group(1))])
    assert result.exit_code == 0, result.output
