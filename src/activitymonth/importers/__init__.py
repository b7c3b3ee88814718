"""Importing what offices already have: an 活动安排表 drafted in Excel becomes a plan file.

``import_schedule`` reads the table (.xlsx, or .csv in UTF-8 or GBK) and returns the plan
with the source row of every activity; ``parse_when`` reads one free-form date cell.
"""

from activitymonth.importers.chinese_dates import DateTextError, parse_when
from activitymonth.importers.schedule_table import (
    ImportedPlan,
    ImportOptions,
    ScheduleImportError,
    SourceProblem,
    import_schedule,
)

__all__ = [
    "DateTextError",
    "ImportOptions",
    "ImportedPlan",
    "ScheduleImportError",
    "SourceProblem",
    "import_schedule",
    "parse_when",
]
