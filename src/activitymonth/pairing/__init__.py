"""Proposing cadre–household pairs (结对认亲) and writing the accepted ones into the plan.

``read_households(path)`` reads the households to pair from a .csv or .xlsx table;
``suggest_pairs(plan, households, limit=…)`` proposes pairs by the campaign's matching
principle (every cadre covered, higher rank with greater need, at most ``limit`` each),
each with the reason it was made; ``accepted_change(loaded, proposals)`` is the edit that
appends them to the plan file, keeping everything else as written, and ``pairs_yaml``
prints them as a snippet to paste. ``seniority(person)`` is the rank ladder they use.
"""

from activitymonth.pairing.accept import AcceptError, accepted_change, entry_text, pairs_yaml
from activitymonth.pairing.households import HouseholdRow, read_households
from activitymonth.pairing.seniority import Seniority, seniority
from activitymonth.pairing.suggest import (
    DEFAULT_LIMIT,
    Leftover,
    Proposal,
    Suggestion,
    configured_limit,
    household_text,
    suggest_pairs,
)

__all__ = [
    "DEFAULT_LIMIT",
    "AcceptError",
    "HouseholdRow",
    "Leftover",
    "Proposal",
    "Seniority",
    "Suggestion",
    "accepted_change",
    "configured_limit",
    "entry_text",
    "household_text",
    "pairs_yaml",
    "read_households",
    "seniority",
    "suggest_pairs",
]
