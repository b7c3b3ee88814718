"""Each plan in ``plans/broken/rules/`` gets the finding its first line documents.

A broken plan is a complete, realistic plan with one mistake, and its first line says what
``activitymonth check`` reports for it::

    # expect: AM203 41 国庆节

(code, line, a fragment of the Chinese message). A second line ``# today: 2026-09-20``
pins the day deadlines are judged on, for rules that depend on it. A plan for a ledger
rule lists the ledger's records in ``# ledger:`` lines (see ``rule_cases.py``); they are
written to a ledger that ``check --db`` then reads.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from activitymonth.cli.check_cmd import check
from activitymonth.load import load_plan
from activitymonth.rules.rule import REGISTRY, load_builtin_rules

from conftest import PLANS
from rule_cases import ledger_records, seed_ledger

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


def ledger_args(path: Path, folder: Path) -> list[str]:
    """``--db`` of a ledger holding the plan's ``# ledger:`` records; none without them."""
    text = path.read_text(encoding="utf-8")
    records = ledger_records(text)
    if records is None:
        return []
    lines = text.splitlines()
    today = TODAY.match(lines[1]) if len(lines) > 1 else None
    location = folder / "ledger.sqlite"
    day = date.fromisoformat(today["day"]) if today else None
    seed_ledger(str(location), load_plan(path), records, day).close()
    return ["--db", str(location)]


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: p.stem)
def test_broken_plan_reports_its_documented_finding(path: Path, tmp_path: Path) -> None:
    code, line, fragment, extra = expectation(path)
    extra = [*extra, *ledger_args(path, tmp_path)]
    runner = CliRunner(env={"ACTIVITYMONTH_LANG": "zh", "ACTIVITYMONTH_DB": ""})
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
