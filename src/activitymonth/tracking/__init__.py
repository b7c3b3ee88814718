"""Tracking: a plan joined with its ledger (what is done, late, next; pairs on rhythm).

``track(schedule, catalog, conn, today)`` returns a :class:`PlanProgress`; the status
command, the roll-up, the summary report, the ledger-ticked checklist and the ledger rules
read it.
"""

from activitymonth.tracking.pairs import PairProgress, shortest_days, too_long
from activitymonth.tracking.progress import (
    DoneRecord,
    Figures,
    ItemProgress,
    OccurrenceProgress,
    PersonProgress,
    PlanProgress,
    ProgramProgress,
    RequirementProgress,
    track,
)

__all__ = [
    "DoneRecord",
    "Figures",
    "ItemProgress",
    "OccurrenceProgress",
    "PairProgress",
    "PersonProgress",
    "PlanProgress",
    "ProgramProgress",
    "RequirementProgress",
    "shortest_days",
    "too_long",
    "track",
]
