"""Rule tests as data: a snippet is merged onto a small valid base plan, then checked.

Each rule's docstring carries a failing, a passing and (where it has one) a fixed
example; ``tests/rules/AMxxx.yaml`` files add more cases. The same helpers serve both.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from activitymonth.load import load_plan
from activitymonth.rules import Config, Finding, check
from activitymonth.rules.suppress import apply_suppressions

BASE = {
    "title": "测试局2026年民族团结进步活动月实施方案",
    "unit": "测试局",
    "region": "内蒙古",
    "window": "2026-09",
    "people": [
        {"id": "wang", "name": "王某", "title": "局长"},
        {"id": "li", "name": "李某", "title": "副局长"},
        {"id": "zhang", "name": "张某", "title": "办公室主任"},
    ],
    "organization": {
        "leading_group": {"leader": "wang", "deputies": ["li"], "members": ["zhang"]},
        "office": {"director": "zhang"},
    },
    "activities": [
        {
            "id": "mobilize",
            "title": "动员会",
            "start": "2026-09-01 09:00",
            "duration": "2h",
            "lead": "wang",
            "staff": ["li", "zhang"],
        },
    ],
}


def plan_text(snippet: str) -> str:
    """The base plan with the snippet's top-level keys replacing the base's."""
    data = dict(BASE)
    data.update(yaml.safe_load(snippet) or {})
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)
    if snippet.lstrip().startswith("#"):
        body = snippet.split("\n", 1)[0] + "\n" + body
    return body


def today_of(snippet: str) -> date | None:
    """A snippet may fix the checking date with a ``# today: 2026-09-20`` line."""
    match = re.search(r"^#\s*today:\s*(\d{4}-\d{2}-\d{2})", snippet, re.M)
    return date.fromisoformat(match.group(1)) if match else None


def run(
    folder: Path,
    snippet: str,
    code: str,
    *,
    options: dict[str, Any] | None = None,
    today: date | None = None,
    name: str = "plan.yaml",
) -> list[Finding]:
    path = folder / name
    path.write_text(plan_text(snippet), encoding="utf-8")
    loaded = load_plan(path, lenient_people=True)
    config = Config.model_validate({"rules": {code: options or {}}})  # every rule runs:
    today = today or today_of(snippet)  # AM104 needs the others' findings to judge
    found = apply_suppressions(check(loaded, config, today=today), loaded, config=config)
    return [f for f in found if f.code == code]
