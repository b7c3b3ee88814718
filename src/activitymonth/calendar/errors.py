"""The one exception family of the calendar.

Calendar questions fail for reasons a user can fix (a misspelt festival, an unknown region,
a year no library can compute), so every failure carries a bilingual message that names
the problem and the fix, and callers can catch one base class.
"""

from __future__ import annotations

from activitymonth.i18n import Text


class CalendarError(ValueError):
    """A calendar question that cannot be answered; ``message`` says why and what to do."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


class AnchorError(CalendarError):
    """A festival name or festival-relative date that cannot be read or computed."""


class UnknownRegionError(CalendarError):
    """A region name that is not a provincial-level division of China."""
