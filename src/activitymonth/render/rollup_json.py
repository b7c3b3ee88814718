"""The roll-up as JSON for scripts (``activitymonth rollup --format json``).

Figures are counts with their share (0–1, unrounded), so a script can rank or chart them
without parsing ``3/7``; failed plans carry their diagnostics as ``check --format json``
does, and skipped files say why.
"""

from __future__ import annotations

import json
from typing import Any

from activitymonth.i18n import Lang
from activitymonth.tracking.rollup import Rollup, Share, UnitRow


def share_dict(share: Share) -> dict[str, Any]:
    return {"met": share.met, "total": share.total, "share": share.share}


def _row(row: UnitRow) -> dict[str, Any]:
    return {
        "unit": row.unit,
        "plan": row.plan_id,
        "title": row.title,
        "file": str(row.file),
        "occurrences": share_dict(row.occurrences),
        "items": share_dict(row.items),
        "programs": [{"id": p.id, "title": p.title, **share_dict(p.items)} for p in row.programs],
        "overdue": row.overdue,
        "pairs": row.pairs,
        "late_pairs": row.late_pairs,
        "never_visited": row.never_visited,
        "visits": row.visits,
    }


def rollup_json(rollup: Rollup, ledger: str, lang: Lang = "zh") -> str:
    matrix = rollup.matrix()
    totals = rollup.program_totals()
    document = {
        "today": rollup.today.isoformat(),
        "ledger": ledger,
        "units": [_row(row) for row in rollup.rows],
        "occurrences": share_dict(rollup.occurrences),
        "items": share_dict(rollup.items),
        "programs": [
            {"id": program_id, "title": title, **share_dict(totals[program_id])}
            for program_id, title in rollup.programs
        ],
        "matrix": [
            {
                "unit": unit,
                "programs": {
                    program_id: share_dict(cells[program_id])
                    for program_id, _ in rollup.programs
                    if program_id in cells
                },
            }
            for unit, cells in matrix.items()
        ],
        "failed": [
            {"file": str(f.file), "diagnostics": [d.to_dict(lang) for d in f.diagnostics]}
            for f in rollup.failures
        ],
        "skipped": [
            {"file": str(s.path), "reason": s.reason.value, "by": str(s.by) if s.by else None}
            for s in rollup.skipped
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
