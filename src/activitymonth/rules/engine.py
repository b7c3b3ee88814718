"""Run the enabled rules over a resolved plan and collect their findings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from activitymonth.catalog import Catalog
from activitymonth.load import LoadedPlan
from activitymonth.load.references import checked_catalog
from activitymonth.model import Plan
from activitymonth.rules.config import Config, is_enabled, settings_for
from activitymonth.rules.finding import Finding
from activitymonth.rules.rule import REGISTRY, Rule, load_builtin_rules
from activitymonth.rules.context import Context
from activitymonth.schedule import Schedule, resolve


def check(
    plan: LoadedPlan | Plan,
    config: Config | None = None,
    *,
    today: date | None = None,
    schedule: Schedule | None = None,
) -> list[Finding]:
    """Every finding of every enabled rule, sorted by file position then code.

    Findings are plain data; suppression comments and output formats are applied by the
    caller (``activitymonth check``) so the API returns what the rules saw.
    """
    config = config or Config()
    load_builtin_rules()
    loaded = plan if isinstance(plan, LoadedPlan) else None
    schedule = schedule or resolve(plan)
    catalog = loaded.catalog if loaded else checked_catalog(schedule.plan, Catalog.builtin())[0]
    ctx = Context(schedule, catalog, loaded, today)
    findings: list[Finding] = []
    for rule_class in REGISTRY:
        if not is_enabled(config, rule_class):
            continue
        findings.extend(_run(rule_class, ctx, config))
    return sorted(findings, key=_order)


def _run(rule_class: type[Rule], ctx: Context, config: Config) -> list[Finding]:
    settings = settings_for(config, rule_class)
    options = rule_class.Options.model_validate(settings.options() if settings else {})
    rule = rule_class()
    found = list(rule.check(ctx, options))
    if settings is not None and settings.severity is not None:
        found = [replace(f, severity=settings.severity) for f in found]
    return found


def _order(finding: Finding) -> tuple[object, ...]:
    where = finding.position
    return ((where.file, where.line, where.col) if where else ("", 0, 0), finding.code)
