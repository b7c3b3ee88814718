"""Which rules run and how: selection, severities and options.

Selectors match a rule by code (``AM203``), code prefix (``AM2``), group (``dates``) or
name (``on-day-off``); ``ALL`` matches every rule. A rule runs when a ``select`` entry
matches it and no more specific ``ignore`` entry does.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from activitymonth.rules.finding import Severity
from activitymonth.rules.rule import Rule


class RuleSettings(BaseModel):
    """Per-rule settings: a severity (or ``off``) plus the rule's own options."""

    model_config = ConfigDict(frozen=True, extra="allow")

    severity: Severity | None = None
    enabled: bool = True

    def options(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    rules: dict[str, RuleSettings] = Field(default_factory=dict)
    fail_on: Severity = Field(default=Severity.ERROR, alias="fail-on")
    user_rules: tuple[str, ...] = Field(default=(), alias="user-rules")


def matches(selector: str, rule: type[Rule]) -> int:
    """How specifically ``selector`` names ``rule``: 0 not at all, higher is more specific."""
    wanted = selector.strip()
    if wanted.upper() == "ALL":
        return 1
    if wanted == rule.group.value:
        return 2
    if wanted.upper() == rule.code or wanted == rule.name:
        return 4
    if rule.code.startswith(wanted.upper()) and len(wanted) >= 2:
        return 2 + len(wanted) / 10
    return 0


def is_enabled(config: Config, rule: type[Rule]) -> bool:
    selected = max((matches(s, rule) for s in config.select), default=0)
    ignored = max((matches(s, rule) for s in config.ignore), default=0)
    settings = settings_for(config, rule)
    if settings is not None and not settings.enabled:
        return False
    return selected > ignored


def settings_for(config: Config, rule: type[Rule]) -> RuleSettings | None:
    return config.rules.get(rule.code) or config.rules.get(rule.name)
