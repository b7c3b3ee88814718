"""The resolved schedule: every occurrence of a plan on China's real calendar."""

from activitymonth.schedule.occurrence import ItemKind, Occurrence, Skipped
from activitymonth.schedule.resolve import Schedule, resolve

__all__ = ["ItemKind", "Occurrence", "Schedule", "Skipped", "resolve"]
