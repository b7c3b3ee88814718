"""The example plans in ``plans/`` are what users copy first, so each must be a model plan.

Every example loads and resolves, keeps every day of every occurrence inside its window and
on a work day of its region's calendar, fulfils every item of every program it adopts, and
is fully staffed: a leading group with a leader and an office director, a lead for every
activity, an owner and a due date for every deliverable, and nobody on the roster unused.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from activitymonth.catalog.model import ItemKind, Program
from activitymonth.load import LoadedPlan, load_plan
from activitymonth.load.references import person_references
from activitymonth.schedule import Schedule, resolve

from conftest import PLANS

TEMPLATE_DIR = PLANS / "county-template"
EXAMPLES = [
    *sorted(PLANS.glob("*.yaml")),
    TEMPLATE_DIR / "county-september.yaml",
    TEMPLATE_DIR / "unit-september.yaml",
]
"""The template is a plan of its own (the county's), so it is held to the same standard."""


def _name(path: Path) -> str:
    return str(path.relative_to(PLANS))


@cache
def _loaded(path: Path) -> tuple[LoadedPlan, Schedule]:
    loaded = load_plan(path)
    return loaded, resolve(loaded)


def test_each_kind_of_unit_has_an_example() -> None:
    """A bureau, a school, a kindergarten, a county, a pairing campaign, a demonstration
    site and a unit built on a county template: a user should find one close to theirs."""
    names = {_name(path) for path in EXAMPLES if path.is_file()}
    assert names >= {
        "bureau-september.yaml",
        "school-may-month.yaml",
        "kindergarten-may.yaml",
        "county-gongyiri-2026.yaml",
        "bureau-pairing-yijiaqin.yaml",
        "demo-site-deliverables.yaml",
        "county-template/county-september.yaml",
        "county-template/unit-september.yaml",
    }


def test_unit_plan_keeps_the_county_schedule_and_replaces_its_own_items() -> None:
    """What the template example is there to show: the county's events stay in the unit's
    schedule, and an item with the template's id is the unit's version."""
    _, schedule = _loaded(TEMPLATE_DIR / "unit-september.yaml")
    source = {o.item_id: o.source.file for o in schedule.occurrences if o.source}
    assert source["qi-mobilize"].endswith("county-template/county-september.yaml")
    assert source["summary"].endswith("county-template/unit-september.yaml")
    assert len(schedule.for_item("summary")) == 1


@pytest.mark.parametrize("path", EXAMPLES, ids=_name)
def test_example_is_fully_scheduled(path: Path) -> None:
    _, schedule = _loaded(path)
    assert schedule.occurrences
    assert schedule.unscheduled == ()


@pytest.mark.parametrize("path", EXAMPLES, ids=_name)
def test_occurrences_stay_inside_the_window(path: Path) -> None:
    loaded, schedule = _loaded(path)
    window = loaded.plan.window
    outside = [
        f"{o.item_id} {o.day}–{o.last_day}"
        for o in schedule.occurrences
        if o.day not in window or o.last_day not in window
    ]
    assert outside == [], f"outside {window.start}–{window.end}"


@pytest.mark.parametrize("path", EXAMPLES, ids=_name)
def test_no_occurrence_touches_a_day_off(path: Path) -> None:
    _, schedule = _loaded(path)
    calendar = schedule.calendar
    off = [
        f"{o.item_id} {day} {calendar.day(day).kind}"
        for o in schedule.occurrences
        for day in o.days
        if not calendar.is_workday(day)
    ]
    assert off == []


@pytest.mark.parametrize("path", EXAMPLES, ids=_name)
def test_adopted_programs_are_fulfilled(path: Path) -> None:
    loaded, _ = _loaded(path)
    plan, catalog = loaded.plan, loaded.catalog
    refs = [ref for entry in (*plan.activities, *plan.deliverables) for ref in entry.fulfills]
    resolved = [catalog.resolve_item(ref, plan.programs) for ref in refs]
    fulfilled = {(program.id, item.name) for program, item in resolved}
    sectors = [sector for activity in plan.activities for sector in activity.sector]
    missing = [
        f"{program.id}/{item.name}"
        for program in (catalog.get(ref) for ref in plan.programs)
        for item in program.items
        if (program.id, item.name) not in fulfilled
        and not (item.kind == ItemKind.SECTOR and _reached(program, item.name, sectors))
    ]
    assert missing == []


def _reached(program: Program, item_name: str, sectors: list[str]) -> bool:
    """A coverage item (八进's 学校) counts when an activity's ``sector`` names it or an alias."""
    return any((found := program.item(s)) is not None and found.name == item_name for s in sectors)


@pytest.mark.parametrize("path", EXAMPLES, ids=_name)
def test_example_is_fully_staffed(path: Path) -> None:
    plan = _loaded(path)[0].plan
    organization = plan.organization
    assert organization.leading_group.leader, "leading group without 组长"
    assert organization.office.director, "office without 主任"
    assert all(group.leader and group.scope for group in organization.subgroups)
    assert [a.id for a in plan.activities if not a.lead] == []
    assert [d.id for d in plan.deliverables if not (d.owner and d.due)] == []


@pytest.mark.parametrize("path", EXAMPLES, ids=_name)
def test_everyone_on_the_roster_has_a_part(path: Path) -> None:
    plan = _loaded(path)[0].plan
    used = {person for _, person in person_references(plan)}
    assert [p.id for p in plan.people if p.id not in used] == []
