"""Each plan in ``plans/broken/`` gets exactly the diagnostic its README row documents.

The README is the user's catalogue of load errors, so it is the test's data: every row
names a file, how many diagnostics it gets and, verbatim, the first one. Running
``activitymonth show`` on every file and comparing code, position and text keeps the
documentation and the tool from drifting apart, and a file without a row (or a row without
a file) fails too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from activitymonth.cli import cli
from activitymonth.cli.common import EXIT_UNUSABLE

from conftest import PLANS, REPO

BROKEN = PLANS / "broken"
README = BROKEN / "README.md"
ROW = re.compile(
    r"^\| \[(?P<file>[^\]]+)\]\((?P=file)\) \| (?P<mistake>.+?) \| (?P<count>\d+) \| "
    r"`(?P<diagnostic>[^`]+)` \|$"
)
DIAGNOSTIC = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>AM\d{3}) (?P<message>.+)$"
)


@dataclass(frozen=True)
class Documented:
    """One README row: the file, how many diagnostics it gets, and the first one."""

    file: str
    count: int
    first: str


def documented() -> dict[str, Documented]:
    rows = {}
    for text in README.read_text(encoding="utf-8").splitlines():
        if match := ROW.match(text):
            rows[match["file"]] = Documented(
                match["file"], int(match["count"]), match["diagnostic"]
            )
    return rows


DOCUMENTED = documented()
PLAN_FILES = sorted(BROKEN.glob("*.yaml"))


def test_readme_documents_every_broken_plan_and_nothing_else() -> None:
    assert sorted(DOCUMENTED) == [path.name for path in PLAN_FILES]
    assert len(PLAN_FILES) >= 22


def test_gbk_example_is_really_gbk() -> None:
    """An editor that 'fixes' the file to UTF-8 would silently turn the example valid."""
    raw = (BROKEN / "gbk-encoding.yaml").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "动员会" in raw.decode("gbk")


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: p.stem)
def test_broken_plan_gets_its_documented_diagnostic(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    shown = path.relative_to(REPO).as_posix()
    result = CliRunner(env={"ACTIVITYMONTH_LANG": "zh"}).invoke(cli, ["show", shown])

    assert result.exit_code == EXIT_UNUSABLE, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stdout == ""
    printed = [line for line in result.stderr.splitlines() if DIAGNOSTIC.match(line)]
    expected = DOCUMENTED[path.name]
    assert printed, result.stderr
    got, want = DIAGNOSTIC.match(printed[0]), DIAGNOSTIC.match(expected.first)
    assert got and want, f"README row for {path.name} is not file:line:col: CODE message"
    assert want["file"] == shown
    assert (got["code"], got["line"], got["col"]) == (want["code"], want["line"], want["col"])
    assert got["message"] == want["message"]
    assert len(printed) == expected.count, printed
    assert result.stderr.splitlines()[len(printed)] == f"共 {expected.count} 处错误，计划无法使用"
