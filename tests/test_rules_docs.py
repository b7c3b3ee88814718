"""``activitymonth rules`` / ``rule`` and the README's rule table say what the rules are.

The README table is the Markdown output of ``activitymonth rules``; when a rule is added
or changed, rerun with ``ACTIVITYMONTH_UPDATE_DOCS=1`` to rewrite it, and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from activitymonth.cli.rules_cmd import rule as rule_command
from activitymonth.cli.rules_cmd import rules as rules_command
from activitymonth.rules.config import settings_for
from activitymonth.rules.configfile import load_config
from activitymonth.rules.output import RuleDoc
from activitymonth.rules.rule import REGISTRY, Rule, load_builtin_rules

from conftest import REPO

load_builtin_rules()
RULES = list(REGISTRY)
README = REPO / "README.md"
SECTION = re.compile(r"(<!-- rules:start -->\n)(.*?)(<!-- rules:end -->)", re.S)


def run(command: click.Command, *args: str) -> Result:
    runner = CliRunner(env={"COLUMNS": "250", "ACTIVITYMONTH_LANG": "zh"})
    return runner.invoke(command, list(args))


def test_readme_rule_table_is_the_generated_one() -> None:
    generated = run(rules_command, "--format", "markdown")
    assert generated.exit_code == 0, generated.output
    readme = README.read_text(encoding="utf-8")
    match = SECTION.search(readme)
    assert match, "README.md lacks the <!-- rules:start --> … <!-- rules:end --> markers"
    if os.environ.get("ACTIVITYMONTH_UPDATE_DOCS"):
        updated = readme[: match.start(2)] + generated.stdout + readme[match.end(2) :]
        README.write_text(updated, encoding="utf-8")
        readme, match = updated, SECTION.search(updated)
        assert match
    assert match.group(2) == generated.stdout, (
        "README.md's rule table is out of date: rerun this test with ACTIVITYMONTH_UPDATE_DOCS=1"
    )


def test_markdown_table_has_a_row_per_rule() -> None:
    rows = run(rules_command, "--format", "markdown").stdout.splitlines()[2:]
    assert len(rows) == len(RULES)
    for row, rule in zip(rows, RULES, strict=True):
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        assert cells[:4] == [f"`{rule.code}`", rule.name, rule.group.value, rule.severity.value]
        assert cells[-1] == rule.summary.zh
        assert (cells[4] == "✓") == RuleDoc.of(rule).fixable


def test_rules_lists_every_rule_in_either_language() -> None:
    chinese = run(rules_command)
    english = run(rules_command, "--lang", "en")
    assert chinese.exit_code == english.exit_code == 0
    for rule in RULES:
        assert rule.code in chinese.stdout and rule.summary.zh in chinese.stdout
        assert rule.name in english.stdout and rule.summary.en in english.stdout
    assert "默认级别" in chinese.stdout and "severity" in english.stdout


def test_rules_as_json() -> None:
    data = json.loads(run(rules_command, "--format", "json", "--lang", "en").stdout)
    assert [entry["code"] for entry in data] == [rule.code for rule in RULES]
    first = RULES[0]
    assert data[0] == {
        "code": first.code,
        "name": first.name,
        "group": first.group.value,
        "severity": first.severity.value,
        "fixable": RuleDoc.of(first).fixable,
        "summary": first.summary.en,
    }


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_rule_page_documents_the_rule(rule: type[Rule]) -> None:
    page = run(rule_command, rule.code)
    assert page.exit_code == 0, page.output
    text = page.stdout
    doc = RuleDoc.of(rule)
    assert text.startswith(f"# {rule.code} {rule.name}\n\n{rule.summary.zh}\n")
    assert doc.description in text and all(paragraph in text for paragraph in doc.details)
    assert all(example.yaml in text for example in doc.examples)
    assert rule.message.zh in text
    for option in doc.options:
        assert f"`{option.name}`" in text
    assert run(rule_command, rule.name).stdout == text
    assert run(rule_command, rule.code.lower()).stdout == text
    english = run(rule_command, rule.code, "--lang", "en").stdout
    assert rule.summary.en in english and rule.message.en in english


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_rule_page_as_json(rule: type[Rule]) -> None:
    data = json.loads(run(rule_command, rule.code, "--format", "json").stdout)
    assert data == RuleDoc.of(rule).to_dict("zh")
    assert {example["kind"] for example in data["examples"]} >= {"fails", "passes"}


@pytest.mark.parametrize(
    "rule", [r for r in RULES if RuleDoc.of(r).options], ids=lambda r: f"{r.code}-{r.name}"
)
def test_the_documented_configuration_is_accepted(rule: type[Rule], tmp_path: Path) -> None:
    """The page's ``.activitymonth.yaml`` snippet loads and sets every option to its default."""
    path = tmp_path / ".activitymonth.yaml"
    path.write_text(RuleDoc.of(rule).config_example() + "\n", encoding="utf-8")
    settings = settings_for(load_config(path), rule)
    assert settings is not None
    assert rule.Options.model_validate(settings.options()) == rule.Options()


def test_an_unknown_rule_suggests_the_nearest() -> None:
    known = RULES[0]
    typo = known.code + "0"
    result = run(rule_command, typo)
    assert result.exit_code == 2
    assert f"没有规则与 “{typo}” 相符" in result.output
    assert known.code in result.output and "activitymonth rules" in result.output
    misspelt = run(rule_command, known.name[:-1], "--lang", "en")
    assert misspelt.exit_code == 2 and f"did you mean: {known.name}" in misspelt.output
