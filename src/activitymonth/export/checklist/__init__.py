"""Completion checklists: every required item, what covers it, and a box to tick."""

from activitymonth.export.checklist.model import (
    Checklist,
    ChecklistGroup,
    ChecklistRow,
    Grouping,
    RowStatus,
    build_checklist,
)

__all__ = [
    "Checklist",
    "ChecklistGroup",
    "ChecklistRow",
    "Grouping",
    "RowStatus",
    "build_checklist",
]
