"""Cross-reference checks that a schema cannot express: unique ids, every reference resolves.

Runs on the model (so a plan built in Python is held to the same standard) and reports each
problem with the model path where it occurs; the loader turns paths into file positions.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from activitymonth.calendar import normalize_region
from activitymonth.catalog import Catalog, ProgramLookupError
from activitymonth.diagnostics import Codes, dotted
from activitymonth.i18n import Text
from activitymonth.model import Plan

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    code: str
    message: Text
    hint: Text | None = None
    key: bool = False


def checked_catalog(plan: Plan, base: Catalog) -> tuple[Catalog, list[Problem]]:
    """The catalog with the plan's own programs, and every reference problem of the plan.

    Two custom programs with one id are reported as a duplicate; the first one is used so
    the remaining references can still be checked.
    """
    programs = {}
    problems: list[Problem] = []
    for i, program in enumerate(plan.custom_programs):
        if program.id in programs:
            problems.append(
                Problem(
                    ("custom_programs", i),
                    Codes.DUPLICATE_ID,
                    Text(
                        f"自定义项目 “{program.id}” 重复定义",
                        f"custom program '{program.id}' is defined twice",
                    ),
                    Text(
                        "删去一个，或给其中一个换一个版本名（名称@版本）",
                        "drop one, or give one another variant (NAME@VARIANT)",
                    ),
                )
            )
        else:
            programs[program.id] = program
    catalog = base.with_programs(programs.values())
    return catalog, problems + reference_problems(plan, catalog)


def reference_problems(plan: Plan, catalog: Catalog) -> list[Problem]:
    """Every duplicate id and dangling reference in ``plan``."""
    problems: list[Problem] = []
    people = {p.id for p in plan.people}
    problems += _duplicates(
        ((("people", i, "id"), p.id) for i, p in enumerate(plan.people)), Text("人员", "person")
    )
    items = [(("activities", i, "id"), a.id) for i, a in enumerate(plan.activities)]
    items += [(("deliverables", i, "id"), d.id) for i, d in enumerate(plan.deliverables)]
    problems += _duplicates(items, Text("活动或任务", "activity or deliverable"))
    problems += _duplicates(
        (
            (("organization", "subgroups", i, "id"), g.id)
            for i, g in enumerate(plan.organization.subgroups)
        ),
        Text("分组", "sub-group"),
    )
    problems += _duplicates(
        ((("pairs", i), p.key) for i, p in enumerate(plan.pairs)), Text("结对", "pair")
    )
    problems += [
        _unknown(path, ref, people, Text("人员", "person"), "people")
        for path, ref in person_references(plan)
        if ref not in people
    ]
    activities = {a.id for a in plan.activities}
    for i, activity in enumerate(plan.activities):
        for j, dependency in enumerate(activity.after):
            if dependency.activity not in activities:
                problems.append(
                    _unknown(
                        ("activities", i, "after", j),
                        dependency.activity,
                        activities,
                        Text("活动", "activity"),
                        "activities",
                    )
                )
            elif dependency.activity == activity.id:
                problems.append(
                    Problem(
                        ("activities", i, "after", j),
                        Codes.UNKNOWN_REFERENCE,
                        Text("活动不能依赖自己", "an activity cannot come after itself"),
                    )
                )
    problems += _program_problems(plan, catalog)
    if plan.region is not None and normalize_region(plan.region) is None:
        problems.append(
            Problem(
                ("region",),
                Codes.UNKNOWN_REGION,
                Text(f"未知地区 “{plan.region}”", f"unknown region '{plan.region}'"),
                Text(
                    "写省级地区名，如 内蒙古、新疆、宁夏、广西、北京",
                    "use a province-level name such as 内蒙古, 新疆, 广西, 北京",
                ),
            )
        )
    return problems


def _duplicates(entries: Iterable[tuple[Path, str]], what: Text) -> list[Problem]:
    first: dict[str, Path] = {}
    problems = []
    for path, value in entries:
        if value in first:
            problems.append(
                Problem(
                    path,
                    Codes.DUPLICATE_ID,
                    Text(f"{what.zh}编号 “{value}” 重复", f"duplicate {what.en} id '{value}'"),
                    Text(
                        f"改成唯一的编号（第一次出现在 {dotted(first[value])}）",
                        f"make it unique (first used at {dotted(first[value])})",
                    ),
                )
            )
        else:
            first[value] = path
    return problems


def person_references(plan: Plan) -> Iterator[tuple[Path, str]]:
    """Every place a person id is referenced, with its path."""
    group = plan.organization.leading_group
    office = plan.organization.office
    if group.leader:
        yield ("organization", "leading_group", "leader"), group.leader
    yield from _indexed(("organization", "leading_group", "deputies"), group.deputies)
    yield from _indexed(("organization", "leading_group", "members"), group.members)
    if office.director:
        yield ("organization", "office", "director"), office.director
    yield from _indexed(("organization", "office", "deputies"), office.deputies)
    yield from _indexed(("organization", "office", "members"), office.members)
    for i, sub in enumerate(plan.organization.subgroups):
        if sub.leader:
            yield ("organization", "subgroups", i, "leader"), sub.leader
        yield from _indexed(("organization", "subgroups", i, "members"), sub.members)
    for i, activity in enumerate(plan.activities):
        if activity.lead:
            yield ("activities", i, "lead"), activity.lead
        yield from _indexed(("activities", i, "staff"), activity.staff)
        for j, role in enumerate(activity.roles):
            yield from _indexed(("activities", i, "roles", j, "people"), role.people)
        for j, material in enumerate(activity.materials):
            if material.owner:
                yield ("activities", i, "materials", j, "owner"), material.owner
    for i, deliverable in enumerate(plan.deliverables):
        if deliverable.owner:
            yield ("deliverables", i, "owner"), deliverable.owner
    for i, pair in enumerate(plan.pairs):
        yield ("pairs", i, "cadre"), pair.cadre
    if plan.pairing and plan.pairing.cadres != "all":
        yield from _indexed(("pairing", "cadres"), plan.pairing.cadres)


def _indexed(path: Path, ids: Iterable[str]) -> Iterator[tuple[Path, str]]:
    for j, value in enumerate(ids):
        yield (*path, j), value


def _unknown(path: Path, ref: str, known: set[str], what: Text, where: str) -> Problem:
    near = difflib.get_close_matches(ref, sorted(known), n=1, cutoff=0.5)
    hint = (
        Text(f"是不是 “{near[0]}”？", f"did you mean '{near[0]}'?")
        if near
        else Text(f"先在 {where} 中添加 “{ref}”", f"add '{ref}' to {where} first")
    )
    return Problem(
        path,
        Codes.UNKNOWN_REFERENCE,
        Text(f"引用了不存在的{what.zh} “{ref}”", f"unknown {what.en} '{ref}'"),
        hint,
    )


def _program_problems(plan: Plan, catalog: Catalog) -> list[Problem]:
    problems = []
    for i, ref in enumerate(plan.programs):
        try:
            catalog.get(ref)
        except ProgramLookupError as error:
            problems.append(
                Problem(
                    ("programs", i),
                    Codes.UNKNOWN_PROGRAM,
                    error.message,
                    _candidates_hint(error.candidates),
                )
            )
    adopted = tuple(plan.programs)
    for kind, entries in (("activities", plan.activities), ("deliverables", plan.deliverables)):
        for i, entry in enumerate(entries):
            for j, ref in enumerate(entry.fulfills):
                try:
                    catalog.resolve_item(ref, adopted)
                except ProgramLookupError as error:
                    problems.append(
                        Problem(
                            (kind, i, "fulfills", j),
                            Codes.UNKNOWN_PROGRAM,
                            error.message,
                            _candidates_hint(error.candidates),
                        )
                    )
    return problems


def _candidates_hint(candidates: tuple[str, ...]) -> Text | None:
    if not candidates:
        return None
    listed = "、".join(candidates[:6])
    return Text(f"可选：{listed}", f"candidates: {', '.join(candidates[:6])}")
