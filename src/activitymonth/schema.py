"""JSON Schema of plan files, so editors autocomplete and validate them as people type."""

from __future__ import annotations

from typing import Any

from activitymonth.model import Plan

SCHEMA_ID = "https://activitymonth.invalid/schema/plan.json"


def plan_schema() -> dict[str, Any]:
    """The Plan model's schema plus the loader's own keys (``extends``, ``include``)."""
    schema = Plan.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "activitymonth plan"
    properties = schema["properties"]
    properties["extends"] = {
        "type": "string",
        "description": "A template plan in the same folder to build on (county template).",
    }
    properties["include"] = {
        "type": "array",
        "items": {"type": "string"},
        "description": "Files in the same folder whose lists and keys are added to this plan.",
    }
    return schema
