"""The plan model: pydantic, immutable after load, the same in YAML and in Python."""

from activitymonth.model.activity import (
    Activity,
    Deliverable,
    Dependency,
    Material,
    RoleSlot,
    Status,
)
from activitymonth.model.pairing import Household, Pair, PairingPolicy
from activitymonth.model.people import (
    Away,
    Contact,
    LeadingGroup,
    Office,
    Organization,
    Person,
    SubGroup,
)
from activitymonth.model.plan import CalendarData, DayOff, OfficialYearData, Plan, Reminders
from activitymonth.model.window import Window

__all__ = [
    "Activity",
    "Away",
    "CalendarData",
    "Contact",
    "DayOff",
    "Deliverable",
    "Dependency",
    "Household",
    "LeadingGroup",
    "Material",
    "Office",
    "OfficialYearData",
    "Organization",
    "Pair",
    "PairingPolicy",
    "Person",
    "Plan",
    "Reminders",
    "RoleSlot",
    "Status",
    "SubGroup",
    "Window",
]
