"""Every rule's documented examples hold: the failing one fails, the passing one passes,
and applying the rule's fixes to the failing one gives the fixed one."""

from __future__ import annotations

from pathlib import Path

import pytest

from activitymonth.load import load_plan, load_plan_text
from activitymonth.rules import Config, check
from activitymonth.rules.fixer import plan_fixes
from activitymonth.rules.rule import REGISTRY, Rule, examples, load_builtin_rules

from rule_cases import plan_text, run, today_of

load_builtin_rules()
RULES = list(REGISTRY)
FIXABLE = [rule for rule in RULES if any(e.kind == "fixed" for e in examples(rule))]


def test_every_rule_is_documented_by_example() -> None:
    for rule in RULES:
        kinds = {e.kind for e in examples(rule)}
        assert {"fails", "passes"} <= kinds, f"{rule.code} lacks a Fails:/Passes: example"
        assert rule.summary.zh and rule.summary.en and rule.message.zh and rule.message.en


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_failing_example_fails(rule, tmp_path: Path) -> None:
    [failing] = [e for e in examples(rule) if e.kind == "fails"]
    assert run(tmp_path, failing.yaml, rule.code), f"{rule.code} did not fire"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_passing_example_passes(rule, tmp_path: Path) -> None:
    [passing] = [e for e in examples(rule) if e.kind == "passes"]
    assert run(tmp_path, passing.yaml, rule.code) == []


@pytest.mark.parametrize("rule", FIXABLE, ids=lambda r: f"{r.code}-{r.name}")
def test_fixes_turn_failing_example_into_fixed(rule: type[Rule], tmp_path: Path) -> None:
    """Compared as loaded plans, so quoting and layout of the snippets do not matter."""
    snippets = {e.kind: e.yaml for e in examples(rule)}
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text(snippets["fails"]), encoding="utf-8")
    loaded = load_plan(path)
    today = today_of(snippets["fails"])
    found = [
        f for f in check(loaded, Config(select=(rule.code,)), today=today) if f.code == rule.code
    ]
    changes = plan_fixes(found, loaded)
    assert not changes.refused, [r.render("en") for r in changes.refused]
    [change] = changes
    fixed = load_plan_text(change.after, "fixed.yaml").plan
    assert fixed == load_plan_text(plan_text(snippets["fixed"]), "expected.yaml").plan
