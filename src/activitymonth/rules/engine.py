"""Run the enabled rules over a resolved plan and collect their findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from activitymonth.catalog import Catalog
from activitymonth.diagnostics import dotted
from activitymonth.load import LoadedPlan
from activitymonth.load.references import Problem, checked_catalog, person_references
from activitymonth.model import Plan
from activitymonth.rules.config import Config, is_enabled, settings_for
from activitymonth.rules.context import Context
from activitymonth.rules.finding import Finding, Severity
from activitymonth.rules.rule import REGISTRY, Options, Rule, load_builtin_rules
from activitymonth.schedule import Schedule, resolve

if TYPE_CHECKING:
    from activitymonth.ledger import Ledger


def check(
    plan: LoadedPlan | Plan,
    config: Config | None = None,
    *,
    today: date | None = None,
    schedule: Schedule | None = None,
    extra_rules: Sequence[type[Rule]] = (),
    ledger: Ledger | None = None,
) -> list[Finding]:
    """Every finding of every enabled rule, sorted by file position then code.

    Findings are plain data; suppression comments and output formats are applied by the
    caller (``activitymonth check``) so the API returns what the rules saw. ``extra_rules``
    are user rules loaded from rules files; they obey the configuration like built-ins.
    A ``Plan`` built in Python that a file could not have held (a duplicate id, an unknown
    program) gets those problems as findings instead of rule findings; an unknown person is
    left to the staffing rules.

    With a ``ledger`` (an open ``activitymonth.ledger.Ledger``) the ledger rules (AM7xx)
    judge what was recorded as of ``today`` (default: the current day in the plan's time
    zone); without one they are skipped. The plan's progress is read once, when the first
    of them needs it, and a ``LedgerError`` from the database reaches the caller.
    """
    config = config or Config()
    load_builtin_rules()
    if isinstance(plan, LoadedPlan):
        loaded, catalog = plan, plan.catalog
    else:
        loaded = None
        catalog, problems = checked_catalog(plan, Catalog.builtin())
        people_paths = {path for path, _ in person_references(plan)}
        fatal = [p for p in problems if p.path not in people_paths]
        if fatal:
            return [_problem_finding(p) for p in fatal]
    schedule = schedule or resolve(plan, catalog, strict=False)
    ctx = Context(
        schedule, catalog, loaded, today, ledger=ledger, options=partial(options_for, config)
    )
    findings: list[Finding] = []
    for rule_class in (*REGISTRY, *extra_rules):
        if is_enabled(config, rule_class):
            findings.extend(_run(rule_class, ctx, config))
    return sorted(findings, key=_order)


def _problem_finding(problem: Problem) -> Finding:
    return Finding(
        code=problem.code,
        name="invalid-plan",
        severity=Severity.ERROR,
        message=problem.message,
        path=problem.path,
        hint=problem.hint,
        logical_path=dotted(problem.path),
    )


def options_for(config: Config, rule_class: type[Rule]) -> Options:
    """The rule's options as configured, defaults filled in."""
    settings = settings_for(config, rule_class)
    return rule_class.Options.model_validate(settings.options() if settings else {})


def _run(rule_class: type[Rule], ctx: Context, config: Config) -> list[Finding]:
    settings = settings_for(config, rule_class)
    rule = rule_class()
    found = list(rule.check(ctx, options_for(config, rule_class)))
    if settings is not None and settings.severity is not None:
        found = [replace(f, severity=settings.severity) for f in found]
    return found


def _order(finding: Finding) -> tuple[object, ...]:
    where = finding.position
    return ((where.file, where.line, where.col) if where else ("", 0, 0), finding.code)
