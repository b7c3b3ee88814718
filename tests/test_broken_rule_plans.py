"""Each plan in ``plans/broken/rules/`` gets the finding its first line documents.

A broken plan is a complete, realistic plan with one mistake, and its first line says what
``activitymonth check`` reports for it::

    # expect: AM203 41 国庆节

(code, line, a fragment of the Chinese message). A second line ``# today: 2026-09-20``
pins the day deadlines are judged on, for rules that depend on it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from activitymonth.cli.check_cmd import check
from activitymonth.rules.rule import REGISTRY, load_builtin_rules

from conftest import PLANS

BROKEN = PLANS / "broken" / "rules"
EXPECT = re.compile(r"^# expect: (?P<code>[A-Z]{2,}\d{3}) (?P<line>\d+) (?P<fragment>\S.*)$")
TODAY = re.compile(r"^# today: (?P<day>\d{4}-\d{2}-\d{2})$")
PLAN_FILES = sorted(BROKEN.glob("*.yaml"))


def expectation(path: Path) -> tuple[str, int, str, list[str]]:
    """The code, line and fragment the plan documents, and the extra command arguments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    match = EXPECT.match(lines[0]) if lines else None
    assert match, f"{path.name}: the first line must be '# expect: AMxxx <line> <zh fragment>'"
    assert path.name.startswith(match["code"] + "-"), f"{path.name}: name it {match['code']}-…"
    today = TODAY.match(lines[1]) if len(lines) > 1 else None
    extra = ["--today", today["day"]] if today else []
    return match["code"], int(match["line"]), match["fragment"].strip(), extra


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: p.stem)
def test_broken_plan_reports_its_documented_finding(path: Path) -> None:
    code, line, fragment, extra = expectation(path)
    runner = CliRunner(env={"ACTIVITYMONTH_LANG": "zh"})
    result = runner.invoke(check, [str(path), "--format", "json", "--fail-on", "info", *extra])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    matching = [f for f in findings if f["code"] == code and f["waiver"] is None]
    shown = [f"{f['line']}: {f['code']} {f['message']}" for f in findings]
    assert matching, f"{code} was not reported; got {shown}"
    assert any(f["line"] == line for f in matching), f"{code} not at line {line}: {shown}"
    assert any(f["line"] == line and fragment in f["message"] for f in matching), (
        f"no {code} message at line {line} contains “{fragment}”: {shown}"
    )


def missing_codes() -> list[str]:
    load_builtin_rules()
    covered = {path.name.split("-", 1)[0] for path in PLAN_FILES}
    return [rule.code for rule in REGISTRY if rule.code not in covered]


def test_every_rule_has_a_broken_plan() -> None:
    assert not missing_codes(), f"rules without a plan in plans/broken/rules/: {missing_codes()}"
