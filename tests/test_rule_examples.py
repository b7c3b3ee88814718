"""Every rule's documented examples hold: the failing one fails, the passing one passes,
and applying the rule's fixes to the failing one gives the fixed one."""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_cases import run

from activitymonth.rules.rule import REGISTRY, examples, load_builtin_rules

load_builtin_rules()
RULES = list(REGISTRY)


def test_every_rule_is_documented_by_example() -> None:
    for rule in RULES:
        kinds = {e.kind for e in examples(rule)}
        assert {"fails", "passes"} <= kinds, f"{rule.code} lacks a Fails:/Passes: example"
        assert rule.summary.zh and rule.summary.en and rule.message.zh and rule.message.en


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_failing_example_fails(rule, tmp_path: Path) -> None:  # noqa: ANN001
    [failing] = [e for e in examples(rule) if e.kind == "fails"]
    assert run(tmp_path, failing.yaml, rule.code), f"{rule.code} did not fire"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_passing_example_passes(rule, tmp_path: Path) -> None:  # noqa: ANN001
    [passing] = [e for e in examples(rule) if e.kind == "passes"]
    assert run(tmp_path, passing.yaml, rule.code) == []
