"""Write a plan as YAML: how a plan built in Python becomes a file clerks can edit.

Only values that differ from the defaults are written, in the model's field order, with
dates, durations and rhythms in the same short forms people type; loading the result gives
back an equal plan.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from ruamel.yaml import YAML

from activitymonth.model import Plan

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def plan_data(plan: Plan) -> dict[str, Any]:
    """The plan as plain data (what the YAML holds)."""
    return plan.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def _unquoted_dates(value: Any) -> Any:
    """Turn ISO date strings back into dates so the YAML shows ``2026-09-10``, not
    ``'2026-09-10'`` (the loader reads both the same way)."""
    if isinstance(value, dict):
        return {key: _unquoted_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unquoted_dates(item) for item in value]
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return date.fromisoformat(value)
    return value


def plan_to_yaml(plan: Plan, header: str | None = None) -> str:
    """YAML text of ``plan``; ``header`` lines become leading ``#`` comments."""
    writer = YAML()
    writer.allow_unicode = True
    writer.default_flow_style = False
    writer.width = 100
    writer.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    if header:
        for line in header.splitlines():
            buffer.write(f"# {line}".rstrip() + "\n")
    writer.dump(_unquoted_dates(plan_data(plan)), buffer)
    return buffer.getvalue()
