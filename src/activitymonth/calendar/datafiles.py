"""Read the YAML data files shipped inside the package.

Holiday rules, region names, office hours and campaign ordinals are facts that change
by decree, not code; keeping them in data files lets them be corrected without touching
the logic, and reading them through ``importlib.resources`` works from a wheel too.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """Parsed content of ``activitymonth/calendar/data/<name>`` (read once per process)."""
    resource = files("activitymonth.calendar").joinpath("data", name)
    return yaml.safe_load(resource.read_text(encoding="utf-8"))
