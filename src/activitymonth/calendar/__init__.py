"""China's working calendar for activity plans.

National holidays and make-up work days (official where announced, estimated and marked
so where not), regional festivals of the autonomous regions, festivals as date anchors
(``古尔邦节 -1d``), regional office hours and the ordinal of a region's activity month.
``ChinaCalendar`` is the one object the rest of the product asks.
"""

from activitymonth.calendar.china import ChinaCalendar
from activitymonth.calendar.days import KIND_LABELS, DayInfo, Kind, NamedDay
from activitymonth.calendar.errors import AnchorError, CalendarError, UnknownRegionError
from activitymonth.calendar.festivals import (
    FESTIVAL_NAMES,
    Anchor,
    canonical_festival,
    festival_date,
    festival_dates,
    parse_anchor,
)
from activitymonth.calendar.hours import OfficeHours, OfficeHoursTable, office_hours
from activitymonth.calendar.official import OfficialYear
from activitymonth.calendar.ordinal import CampaignOrdinal, activity_month_ordinal
from activitymonth.calendar.regional import KNOWN_REGIONS, normalize_region, require_region

__all__ = [
    "FESTIVAL_NAMES",
    "KIND_LABELS",
    "KNOWN_REGIONS",
    "Anchor",
    "AnchorError",
    "CalendarError",
    "CampaignOrdinal",
    "ChinaCalendar",
    "DayInfo",
    "Kind",
    "NamedDay",
    "OfficeHours",
    "OfficeHoursTable",
    "OfficialYear",
    "UnknownRegionError",
    "activity_month_ordinal",
    "canonical_festival",
    "festival_date",
    "festival_dates",
    "normalize_region",
    "office_hours",
    "parse_anchor",
    "require_region",
]
