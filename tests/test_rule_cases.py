"""More cases per rule, as data: ``tests/rules/AMxxx.yaml``.

Each file::

    rule: AM203
    cases:
      - name: national day
        plan: |                  # merged onto the base plan of rule_cases.py
          activities: [...]
        today: 2026-09-20        # optional
        options: {buffer: 30min} # optional rule options
        expect:                  # [] when the rule must stay silent
          - {line: 14, contains: 国庆节}   # message or hint, either language
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from rule_cases import run

CASES_DIR = Path(__file__).parent / "rules"


def _cases() -> list[Any]:
    found = []
    for path in sorted(CASES_DIR.glob("AM*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            found.append(pytest.param(data["rule"], case, id=f"{path.stem}-{case['name']}"))
    return found


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    today = case.get("today")
    findings = run(
        tmp_path,
        case["plan"],
        code,
        options=case.get("options"),
        today=today if isinstance(today, date) else None,
    )
    expected = case["expect"]
    assert len(findings) == len(expected), [f.render("en") for f in findings]
    for finding, expectation in zip(findings, expected, strict=True):
        if "line" in expectation:
            assert finding.position is not None and finding.position.line == expectation["line"]
        shown = finding.render("zh") + finding.render("en")
        for text in _as_list(expectation.get("contains")):
            assert text in shown, shown
        if "severity" in expectation:
            assert finding.severity.value == expectation["severity"]


def _as_list(value: Any) -> list[str]:
    return [] if value is None else value if isinstance(value, list) else [value]
