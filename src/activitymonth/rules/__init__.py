"""The constraint engine: linter-grade checks of staffing, dates and required items."""

from activitymonth.rules.config import Config
from activitymonth.rules.engine import check
from activitymonth.rules.finding import Edit, Finding, Fix, Group, Severity
from activitymonth.rules.rule import REGISTRY, Options, Rule, register

__all__ = [
    "REGISTRY",
    "Config",
    "Edit",
    "Finding",
    "Fix",
    "Group",
    "Options",
    "Rule",
    "Severity",
    "check",
    "register",
]
