"""``extends:`` and ``include:``: a unit's plan built on a county template."""

from __future__ import annotations

from pathlib import Path

from activitymonth.load import load_plan

from conftest import load_errors, write

COUNTY = """\
title: 某县2026年民族团结进步活动月实施方案（模板）
region: 内蒙古
window: 2026-09
people:
  - {id: wang, name: 王某, title: 县委书记}
activities:
  - {id: mobilize, title: 全县动员会, date: 2026-09-01, lead: wang}
  - {id: lecture, title: 大讲堂, date: 2026-09-10, lead: wang}
"""


def test_extends_overrides_scalars_and_replaces_items_by_id(tmp_path: Path) -> None:
    write(tmp_path, "county.yaml", COUNTY)
    plan_file = write(
        tmp_path,
        "unit.yaml",
        """\
        extends: county.yaml
        title: 某局实施方案
        people:
          - {id: li, name: 李某}
        activities:
          - {id: lecture, title: 本局大讲堂, date: 2026-09-11, lead: li}
        """,
    )
    loaded = load_plan(plan_file)
    plan = loaded.plan
    assert plan.title == "某局实施方案" and plan.region == "内蒙古"
    assert [p.id for p in plan.people] == ["wang", "li"]
    assert [(a.id, a.title) for a in plan.activities] == [
        ("mobilize", "全县动员会"),
        ("lecture", "本局大讲堂"),
    ]
    # positions follow each value back to the file it came from
    assert loaded.sources.locate(("activities", 0, "title")).file.endswith("county.yaml")
    where = loaded.sources.locate(("activities", 1, "title"))
    assert where.file.endswith("unit.yaml") and where.line == 6


def test_include_appends_and_reports_errors_in_the_included_file(tmp_path: Path) -> None:
    write(
        tmp_path, "people.yaml", "people:\n  - {id: li, name: 李某}\n  - {id: zhao, nmae: 赵某}\n"
    )
    plan_file = write(tmp_path, "plan.yaml", COUNTY + "include: [people.yaml]\n")
    missing, unknown = load_errors(plan_file)
    assert (missing.code, unknown.code) == ("AM005", "AM004")
    assert unknown.position.file.endswith("people.yaml")
    assert (unknown.position.line, unknown.position.col) == (3, 16)
    assert "name" in unknown.hint("en")


def test_include_duplicate_id_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "people.yaml", "people:\n  - {id: wang, name: 另一个王某}\n")
    [error] = load_errors(write(tmp_path, "plan.yaml", COUNTY + "include: [people.yaml]\n"))
    assert error.code == "AM007" and error.position.file.endswith("people.yaml")


def test_paths_outside_the_plan_folder_are_refused(tmp_path: Path) -> None:
    inner = tmp_path / "unit"
    inner.mkdir()
    write(tmp_path, "county.yaml", COUNTY)
    [error] = load_errors(write(inner, "plan.yaml", "extends: ../county.yaml\ntitle: x\n"))
    assert error.code == "AM008" and error.position.line == 1
    assert "outside" in error.message("en")


def test_cycles_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "include: [b.yaml]\n")
    write(tmp_path, "b.yaml", "include: [a.yaml]\n")
    errors = load_errors(write(tmp_path, "plan.yaml", COUNTY + "include: [a.yaml]\n"))
    assert any(e.code == "AM008" and "cycle" in e.message("en") for e in errors)
    assert any("a.yaml → b.yaml → a.yaml" in e.message("zh") for e in errors)


def test_missing_include_is_reported_at_the_directive(tmp_path: Path) -> None:
    [error] = load_errors(write(tmp_path, "plan.yaml", COUNTY + "include: [gone.yaml]\n"))
    assert error.code == "AM008" and error.position.line == 9


def test_extends_replaces_plain_lists_instead_of_appending(tmp_path: Path) -> None:
    write(
        tmp_path,
        "county.yaml",
        COUNTY + "organization:\n  leading_group: {leader: wang, deputies: [wang]}\n",
    )
    plan = load_plan(
        write(
            tmp_path,
            "unit.yaml",
            """\
        extends: county.yaml
        people:
          - {id: li, name: 李某}
        organization:
          leading_group: {deputies: [li]}
        """,
        )
    ).plan
    assert plan.organization.leading_group.leader == "wang"
    assert plan.organization.leading_group.deputies == ("li",)
