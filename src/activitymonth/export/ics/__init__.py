"""iCalendar export that calendar clients import and update in place."""

from activitymonth.export.ics.builder import CalendarFile, IcsOptions, build_calendars
from activitymonth.export.ics.lint import lint_ics
from activitymonth.export.ics.writer import export_ics

__all__ = ["CalendarFile", "IcsOptions", "build_calendars", "export_ics", "lint_ics"]
