"""Draft a plan from programs and a window (``activitymonth new``).

The draft contains one activity or deliverable per required program item, already linked
with ``fulfills``, so a new plan starts complete in structure and the author only fills in
dates, people and places. Items with a fixed rhythm (公益日 on the 15th) get it, moved to
the next work day when it falls on a day off.
"""

from __future__ import annotations

from collections.abc import Sequence

from activitymonth.calendar.recurrence import DayOffPolicy, parse_recurrence
from activitymonth.catalog import Catalog, ItemKind, Program
from activitymonth.model import Activity, Deliverable, Plan, Window


def draft_plan(
    title: str,
    window: Window,
    program_refs: Sequence[str],
    *,
    unit: str | None = None,
    region: str | None = None,
    catalog: Catalog | None = None,
) -> Plan:
    """A plan skeleton whose activities and deliverables cover every required item."""
    catalog = catalog or Catalog.builtin()
    programs = [catalog.get(ref) for ref in program_refs]
    activities: list[Activity] = []
    deliverables: list[Deliverable] = []
    used: set[str] = set()
    for program in programs:
        for item in program.items:
            for copy in range(item.required if item.kind != ItemKind.PRACTICE else 1):
                item_id = _unique_id(f"{program.name}-{item.name}", copy, used)
                ref = f"{program.id}/{item.name}"
                if item.kind == ItemKind.DELIVERABLE:
                    deliverables.append(Deliverable(id=item_id, title=item.name, fulfills=(ref,)))
                else:
                    activities.append(
                        _activity(program, item.name, item.kind, item.rhythm, item_id, ref)
                    )
    return Plan(
        title=title,
        unit=unit,
        region=region,
        window=window,
        programs=tuple(program.id for program in programs),
        activities=tuple(activities),
        deliverables=tuple(deliverables),
    )


def _activity(
    program: Program, name: str, kind: ItemKind, rhythm: str | None, item_id: str, ref: str
) -> Activity:
    rhythm = rhythm or program.rhythm
    fields: dict[str, object] = {"id": item_id, "title": name, "fulfills": (ref,)}
    if kind == ItemKind.SECTOR:
        fields["sector"] = (name,)
    if rhythm:
        fields["repeat"] = parse_recurrence(rhythm)
        fields["on_day_off"] = DayOffPolicy.NEXT_WORKDAY
    return Activity.model_validate(fields)


def _unique_id(base: str, copy: int, used: set[str]) -> str:
    candidate = base if copy == 0 else f"{base}-{copy + 1}"
    suffix = 2
    while candidate in used:
        candidate = f"{base}-{suffix}"
        suffix += 1
    used.add(candidate)
    return candidate
