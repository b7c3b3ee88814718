"""Load a plan file: read, compose includes, validate, check references — all located."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from activitymonth.calendar import CalendarError
from activitymonth.catalog import Catalog
from activitymonth.collector import collector_paused
from activitymonth.diagnostics import Codes, Diagnostic, PlanLoadError
from activitymonth.i18n import Text
from activitymonth.load.compose import Composer
from activitymonth.load.references import Problem, checked_catalog, person_references
from activitymonth.load.source import parse_text
from activitymonth.load.sourcemap import SourceMap
from activitymonth.load.validation_errors import translate
from activitymonth.model import Plan


@dataclass(frozen=True)
class LoadedPlan:
    """A valid plan, the catalog it was checked against, and where each part was written."""

    plan: Plan
    catalog: Catalog
    sources: SourceMap

    @property
    def file(self) -> str:
        return self.sources.default_file


def load_plan(
    path: str | Path, catalog: Catalog | None = None, *, lenient_people: bool = False
) -> LoadedPlan:
    """Load and validate a plan file; raises ``PlanLoadError`` with every problem found.

    ``lenient_people`` lets references to people missing from the roster through: the
    checker reports them as findings (AM302) beside everything else, while commands that
    need a whole plan (``show``, ``export``) refuse them here.
    """
    path = Path(path)
    shown = str(path)
    if not path.is_file():
        raise PlanLoadError(
            [
                Diagnostic(
                    Codes.INCLUDE,
                    Text(f"找不到计划文件 “{shown}”", f"plan file '{shown}' not found"),
                    hint=Text(
                        "检查路径；activitymonth new 可以起草新计划",
                        "check the path; activitymonth new drafts a new plan",
                    ),
                )
            ]
        )
    with collector_paused():  # the plan's many small objects all stay alive
        composer = Composer(path)
        data = composer.compose(path, shown)
        return _validate(
            data, composer.origins, composer.diagnostics, shown, catalog, lenient_people
        )


def load_plan_text(
    text: str,
    name: str = "<plan>",
    catalog: Catalog | None = None,
    *,
    lenient_people: bool = False,
) -> LoadedPlan:
    """Load a plan from YAML text (no includes), e.g. from an editor buffer or a test."""
    document = parse_text(text.removeprefix("\ufeff"), name)
    return _validate(
        document.data, document.origins, document.diagnostics, name, catalog, lenient_people
    )


def _validate(
    data: Any,
    origins: dict[int, Any],
    diagnostics: list[Diagnostic],
    shown: str,
    catalog: Catalog | None,
    lenient_people: bool,
) -> LoadedPlan:
    sources = SourceMap(data, origins, shown)
    if diagnostics:
        raise PlanLoadError(sorted(diagnostics, key=_order))
    if data is None:
        raise PlanLoadError(
            [
                Diagnostic(
                    Codes.INVALID_VALUE,
                    Text("计划文件是空的", "the plan file is empty"),
                    hint=Text(
                        "运行 activitymonth new 起草一个计划",
                        "run activitymonth new to draft a plan",
                    ),
                )
            ]
        )
    try:
        plan = Plan.model_validate(data)
    except ValidationError as error:
        raise PlanLoadError(sorted(translate(error, data, sources, Plan), key=_order)) from None
    catalog, problems = checked_catalog(plan, catalog or Catalog.builtin())
    if lenient_people:
        people_paths = {path for path, _ in person_references(plan)}
        problems = [p for p in problems if p.path not in people_paths]
    if not any(p.code == Codes.UNKNOWN_REGION for p in problems):
        try:
            plan.working_calendar()
        except CalendarError as error:
            problems.append(Problem(("calendar",), Codes.INVALID_VALUE, error.message))
    if problems:
        raise PlanLoadError(
            sorted(
                (
                    Diagnostic(p.code, p.message, sources.locate(p.path, key=p.key), p.hint, p.path)
                    for p in problems
                ),
                key=_order,
            )
        )
    return LoadedPlan(plan, catalog, sources)


def _order(diagnostic: Diagnostic) -> tuple[Any, ...]:
    where = diagnostic.position
    return (where.file, where.line, where.col) if where else ("", 0, 0)
