"""``activitymonth programs``: the catalog as people and scripts see it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from activitymonth.catalog import Catalog
from activitymonth.cli.programs_cmd import programs

CATALOG = Catalog.builtin()


def run(*args: str) -> Result:
    """Wide enough that rich does not wrap table cells; language from the arguments only."""
    runner = CliRunner(env={"COLUMNS": "220", "ACTIVITYMONTH_LANG": "zh"})
    return runner.invoke(programs, list(args))


def test_the_list_shows_every_program() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    for prog in CATALOG:
        assert prog.id in result.stdout
        assert prog.title in result.stdout
    incomplete = next(line for line in result.stdout.splitlines() if "十个同@小学" in line)
    assert "否" in incomplete and "8" in incomplete


def test_the_list_speaks_english_on_request() -> None:
    result = run("--lang", "en")
    assert result.exit_code == 0
    assert "complete" in result.stdout and "coverage" in result.stdout
    assert "项数" not in result.stdout


def test_the_list_as_json_holds_the_whole_catalog() -> None:
    result = run("--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [entry["id"] for entry in data] == [prog.id for prog in CATALOG]
    ten = next(entry for entry in data if entry["id"] == "十个同@小学")
    assert ten["complete"] is False and len(ten["items"]) == 8


def test_one_program_shows_its_items_and_sources() -> None:
    result = run("六个一@学校")
    assert result.exit_code == 0, result.output
    for item in CATALOG.get("六个一@学校").items:
        assert item.name in result.stdout
    assert "002_0d9e494668014392.txt:22" in result.stdout
    assert "不完整" not in result.stdout


def test_rhythm_and_pairs_are_shown_per_item() -> None:
    result = run("六互@学校", "--lang", "en")
    rows = [line for line in result.stdout.splitlines() if "互吃一次饭" in line]
    assert len(rows) == 1 and "每周" in rows[0] and "yes" in rows[0]
    day = run("八个一@公益日")
    assert day.stdout.count("每月15日") >= len(CATALOG.get("八个一@公益日").items)


@pytest.mark.parametrize(
    ("lang", "warning"),
    [("zh", "来源只列出 8 项，不完整"), ("en", "the source lists only 8 items")],
)
def test_an_incomplete_program_carries_a_warning(lang: str, warning: str) -> None:
    result = run("十个同", "--lang", lang)
    assert result.exit_code == 0
    assert warning in result.stdout


def test_a_bare_name_with_one_variant_is_enough() -> None:
    result = run("十二同")
    assert result.exit_code == 0
    assert "十二同@学校" in result.stdout


def test_one_program_as_json() -> None:
    result = run("八进@城区", "--format", "json")
    data = json.loads(result.stdout)
    assert data["id"] == "八进@城区"
    assert {item["name"] for item in data["items"]} >= {"园区", "楼宇"}
    assert data["sources"] == [{"seed": "002_0d9e494668014392.txt", "line": 104}]


def test_an_ambiguous_name_lists_the_variants_and_exits_2() -> None:
    result = run("六个一")
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    for variant in ("六个一@学校", "六个一@结对帮扶", "六个一@社区服务"):
        assert variant in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(("lang", "fix"), [("zh", "建议"), ("en", "Fix")])
def test_an_unknown_name_suggests_the_nearest_and_exits_2(lang: str, fix: str) -> None:
    result = run("十二", "--lang", lang)
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "十二同@学校" in result.stderr and fix in result.stderr


def test_a_name_with_nothing_near_points_at_the_list() -> None:
    result = run("qq", "--lang", "en")
    assert result.exit_code == 2
    assert "activitymonth programs" in result.stderr
