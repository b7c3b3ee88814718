"""What counts as a clash of people and rooms, shared by the rules and the fix solver.

The double-booking rule (AM303), the venue rule (AM601) and the solver that proposes a
new date must agree on when two activities collide (the same room written two ways, the
travel time between two places), or a fix could move an item onto a day a second check
reports again.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

from pydantic import Field

from activitymonth.model.types import Duration
from activitymonth.rules.rule import Options


def venue_key(location: str) -> str:
    """Comparison form of a venue: full-width letters and digits equal their ASCII forms,
    and spaces do not count (``三楼 会议室`` and ``三楼会议室`` are one room)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", location)).casefold()


class DoubleBookedOptions(Options):
    travel_buffer: Duration = Field(
        default=timedelta(minutes=30),
        description="Time a person needs between two activities at different locations; "
        "at the same location (or where either gives none) back to back is fine.",
    )
    all_day_blocks: bool = Field(
        default=False,
        description="Let all-day items (a banner display over three days) occupy their "
        "people all day, so that a timed event of theirs on those days is a double "
        "booking.",
    )
