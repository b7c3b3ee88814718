"""The resolved schedule as JSON for machines (``activitymonth show --format json``)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from activitymonth.i18n import Lang
from activitymonth.schedule import Occurrence, Schedule


def _when(value: datetime | date) -> str:
    return value.isoformat()


def occurrence_dict(occurrence: Occurrence, lang: Lang) -> dict[str, Any]:
    source = occurrence.source
    return {
        "item_id": occurrence.item_id,
        "kind": str(occurrence.kind),
        "index": occurrence.index,
        "title": occurrence.title,
        "all_day": occurrence.all_day,
        "start": _when(occurrence.start),
        "end": _when(occurrence.end),
        "moved_from": occurrence.moved_from.isoformat() if occurrence.moved_from else None,
        "reason": occurrence.reason(lang) if occurrence.reason else None,
        "source": {"file": source.file, "line": source.line, "col": source.col} if source else None,
    }


def schedule_json(schedule: Schedule, lang: Lang) -> str:
    plan = schedule.plan
    document = {
        "plan": {
            "id": plan.id,
            "title": plan.title,
            "unit": plan.unit,
            "region": plan.region,
            "timezone": plan.timezone,
            "window": {"start": plan.window.start.isoformat(), "end": plan.window.end.isoformat()},
        },
        "unofficial_years": list(schedule.unofficial_years),
        "occurrences": [occurrence_dict(o, lang) for o in schedule.occurrences],
        "skipped": [
            {
                "item_id": s.item_id,
                "planned": s.planned.isoformat(),
                "reason": s.reason(lang) if s.reason else None,
            }
            for s in schedule.skipped
        ],
        "unscheduled": list(schedule.unscheduled),
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
