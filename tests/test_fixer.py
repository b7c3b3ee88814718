"""``--fix``: safe fixes spliced into the plan's own text, everything else left as written."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Literal

import pytest

from activitymonth.i18n import Text
from activitymonth.load import LoadedPlan, load_plan, load_plan_text
from activitymonth.model import Activity
from activitymonth.rules import Config, Edit, Finding, Fix, Severity, check
from activitymonth.rules.fixer import (
    FileChange,
    FileChangedError,
    plan_fixes,
    unified_diff,
    write_changes,
)
from activitymonth.rules.suppress import apply_suppressions

from conftest import write

Applicability = Literal["safe", "unsafe", "display"]
GONGYIRI = """\
# 某县民宗局 2026 年民族团结公益日活动安排（示例）
# 公益日放在每月固定场地；国庆期间另行安排。
title: 某县民宗局2026年民族团结公益日活动方案
unit: 某县民宗局
region: 内蒙古
window: {start: 2026-09-01, end: 2026-10-31}   # 九月、十月两个月

people:
  - {id: wang, name: 王某, title: 局长}
  - {id: li, name: 李某, title: 副局长}
  - {id: zhao, name: 赵某, title: 民族工作专干}

organization:
  leading_group: {leader: wang, deputies: [li], members: [zhao]}
  office: {director: li}

programs: [八个一@公益日]

activities:
  - id: mobilize
    title: 公益日筹备会
    start: 2026-09-15 09:00
    duration: 2h
    lead: wang
    staff: [li, zhao]

  # 民族团结大讲堂：原定国庆当天
  - id: lecture
    title: 民族团结大讲堂
    fulfills: 八个一@公益日/民族团结大讲堂
    date: 2026-10-01    # 国庆节，需改期
    lead: li            # 主讲：李某
    staff: [zhao]
"""


def loaded_plan(tmp_path: Path, text: str = GONGYIRI, name: str = "plan.yaml") -> LoadedPlan:
    return load_plan(write(tmp_path, name, text))


def finding(
    *edits: Edit,
    code: str = "AM203",
    applicability: Applicability = "safe",
    waiver: str | None = None,
) -> Finding:
    """A finding with a hand-made fix, to exercise the fixer alone."""
    fix = Fix(Text("修改", "change"), edits, applicability)
    problem = Text("问题", "problem")
    return Finding(code, "on-day-off", Severity.ERROR, problem, fix=fix, waiver=waiver)


def comments(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


def test_fixing_the_gongyiri_plan_end_to_end(tmp_path: Path) -> None:
    loaded = loaded_plan(tmp_path)
    assert "AM203" in {f.code for f in check(loaded)}
    changes = plan_fixes(apply_suppressions(check(loaded), loaded), loaded)
    assert not changes.refused
    write_changes(changes)

    after = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    assert comments(after) == comments(GONGYIRI)
    assert after == GONGYIRI.replace("date: 2026-10-01 ", "date: 2026-10-08 ")
    fixed = load_plan(tmp_path / "plan.yaml")
    lecture = fixed.plan.activities[1]
    assert isinstance(lecture, Activity) and lecture.date == date(2026, 10, 8)
    assert "AM203" not in {f.code for f in check(fixed)}


def test_the_diff_shows_only_the_changed_value(tmp_path: Path) -> None:
    loaded = loaded_plan(tmp_path)
    diff = unified_diff(plan_fixes(check(loaded, Config(select=("AM203",))), loaded))
    name = (tmp_path / "plan.yaml").as_posix()
    assert diff.startswith(f"--- a/{name}\n+++ b/{name}\n@@ ")
    assert [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in "---+++"
    ] == [
        "-    date: 2026-10-01    # 国庆节，需改期",
        "+    date: 2026-10-08    # 国庆节，需改期",
    ]


def test_a_file_without_a_final_newline_says_so_in_the_diff() -> None:
    diff = unified_diff([FileChange(Path("p.yaml"), "a: 1\nb: 2", "a: 1\nb: 3")])
    assert diff.endswith(
        "-b: 2\n\\ No newline at end of file\n+b: 3\n\\ No newline at end of file\n"
    )


@pytest.mark.parametrize(
    ("written", "value", "expected"),
    [
        ("'2026-10-01'", "2026-10-08", "'2026-10-08'"),
        ('"2026-10-01"', "2026-10-08", '"2026-10-08"'),
        ("'动员会'", "王某's 会", "'王某''s 会'"),
        ('"动员会"', 'say "hi" \\ ok', '"say \\"hi\\" \\\\ ok"'),
    ],
)
def test_the_quoting_style_is_kept(tmp_path: Path, written: str, value: str, expected: str) -> None:
    text = GONGYIRI.replace("title: 公益日筹备会", f"title: {written}")
    loaded = loaded_plan(tmp_path, text)
    [change] = plan_fixes([finding(Edit(("activities", 0, "title"), value))], loaded)
    assert f"    title: {expected}\n" in change.after
    assert load_plan_text(change.after).plan.activities[0].title == value


def test_bom_and_crlf_line_ends_survive(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GONGYIRI.replace("\n", "\r\n").encode())
    loaded = load_plan(path)
    write_changes(plan_fixes(check(loaded, Config(select=("AM203",))), loaded))
    expected = GONGYIRI.replace("2026-10-01 ", "2026-10-08 ").replace("\n", "\r\n")
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.encode()


def test_a_value_spanning_lines_is_refused(tmp_path: Path) -> None:
    text = GONGYIRI.replace("title: 公益日筹备会", "title: 公益日\n      筹备会")
    loaded = loaded_plan(tmp_path, text)
    broken = finding(Edit(("activities", 0, "title"), "x"))
    changes = plan_fixes([broken], loaded)
    assert list(changes) == [] and [r.finding for r in changes.refused] == [broken]
    assert "several lines" in changes.refused[0].render("en")


def test_overlapping_edits_first_wins_and_the_same_edit_twice_is_fine(tmp_path: Path) -> None:
    loaded = loaded_plan(tmp_path)
    path = ("activities", 1, "date")
    first, again, other = (
        finding(Edit(path, "2026-10-08")),
        finding(Edit(path, "2026-10-08"), code="AM201"),
        finding(Edit(path, "2026-10-09"), code="AM209"),
    )
    changes = plan_fixes([first, again, other], loaded)
    [change] = changes
    assert "date: 2026-10-08 " in change.after
    assert [r.finding.code for r in changes.refused] == ["AM209"]
    assert "AM203" in changes.refused[0].reason("en")


def test_a_fix_is_applied_whole_or_not_at_all(tmp_path: Path) -> None:
    text = GONGYIRI.replace("title: 公益日筹备会", "title: 公益日\n      筹备会")
    loaded = loaded_plan(tmp_path, text)
    half = finding(
        Edit(("activities", 0, "start"), "2026-09-16 09:00"), Edit(("activities", 0, "title"), "x")
    )
    changes = plan_fixes([half], loaded)
    assert list(changes) == [] and len(changes.refused) == 1


def test_anchored_values_and_paths_not_in_the_file_are_refused(tmp_path: Path) -> None:
    text = GONGYIRI.replace("date: 2026-10-01", "date: &day 2026-10-01")
    loaded = loaded_plan(tmp_path, text)
    anchored = finding(Edit(("activities", 1, "date"), "2026-10-08"))
    missing = finding(Edit(("activities", 1, "location"), "礼堂"))
    changes = plan_fixes([anchored, missing], loaded)
    assert list(changes) == []
    assert [r.finding for r in changes.refused] == [anchored, missing]


def test_edits_outside_the_loaded_files_are_refused(tmp_path: Path) -> None:
    loaded = load_plan_text(GONGYIRI, str(tmp_path / "buffer.yaml"))  # never on disk
    changes = plan_fixes([finding(Edit(("activities", 1, "date"), "2026-10-08"))], loaded)
    assert list(changes) == [] and "not a file this plan was read from" in (
        changes.refused[0].render("en")
    )


def test_a_fix_that_would_break_the_yaml_is_refused(tmp_path: Path) -> None:
    loaded = loaded_plan(tmp_path)
    changes = plan_fixes([finding(Edit(("activities", 0, "title"), "[未闭合"))], loaded)
    assert list(changes) == [] and "would not parse" in changes.refused[0].render("en")


def test_unsafe_display_and_waived_fixes_are_left_alone(tmp_path: Path) -> None:
    loaded = loaded_plan(tmp_path)
    edit = Edit(("activities", 1, "date"), "2026-10-08")
    waived = finding(edit, waiver="局长同意")
    candidates = [finding(edit, applicability="unsafe"), finding(edit, applicability="display")]
    changes = plan_fixes([*candidates, waived], loaded)
    assert list(changes) == [] and changes.refused == []


def test_fixes_land_in_the_included_file_that_wrote_the_value(tmp_path: Path) -> None:
    part = (
        "activities:\n  - {id: quiz, title: 知识竞赛, date: 2026-10-02, lead: wang}  # 外部文件\n"
    )
    write(tmp_path, "more.yaml", part)
    loaded = loaded_plan(tmp_path, GONGYIRI + "include: [more.yaml]\n")
    [change] = plan_fixes(
        [f for f in check(loaded, Config(select=("AM203",))) if "知识竞赛" in f.message("zh")],
        loaded,
    )
    assert change.path == tmp_path / "more.yaml"
    assert change.after == part.replace("2026-10-02", "2026-10-08")


def test_a_crash_while_writing_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = loaded_plan(tmp_path)
    changes = plan_fixes(check(loaded, Config(select=("AM203",))), loaded)

    def crash(source: str, target: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        write_changes(changes)
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == GONGYIRI
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_nothing_is_written_when_a_file_changed_since_checking(tmp_path: Path) -> None:
    loaded = loaded_plan(tmp_path)
    changes = plan_fixes(check(loaded, Config(select=("AM203",))), loaded)
    edited = GONGYIRI + "# 刚刚手工加的一行\n"
    (tmp_path / "plan.yaml").write_text(edited, encoding="utf-8")
    with pytest.raises(FileChangedError) as caught:
        write_changes(changes)
    assert caught.value.path == tmp_path / "plan.yaml"
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == edited


TRAVEL = """\
title: 某局2026年国庆前后活动安排
unit: 某局
region: 内蒙古
window: {start: 2026-09-01, end: 2026-10-31}
people:
  - {id: wang, name: 王某, title: 局长}
activities:
  - {id: talk, title: 宣讲, start: 2026-10-01 09:00, duration: 1h, lead: wang, location: 会议室}
  - {id: square, title: 广场活动, start: 2026-10-08 10:10, duration: 1h, lead: wang,
     location: 文化广场}
  - {id: dropped, title: 已取消的座谈, start: 2026-10-09 09:00, duration: 1h, lead: wang,
     location: 会议室, status: cancelled}
"""


@pytest.mark.parametrize(
    ("config", "moved_to"),
    [
        (None, "2026-10-09"),  # 10-08 leaves 10 minutes to cross town: less than 30
        ({"rules": {"AM303": {"travel_buffer": "5m"}}}, "2026-10-08"),
    ],
)
def test_a_date_fix_keeps_the_travel_time_as_configured_and_ignores_cancelled_items(
    tmp_path: Path, config: dict[str, object] | None, moved_to: str
) -> None:
    loaded = loaded_plan(tmp_path, TRAVEL)
    settings = Config.model_validate(config) if config else Config()
    changes = plan_fixes(apply_suppressions(check(loaded, settings), loaded), loaded)
    write_changes(changes)
    after = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    assert f"start: {moved_to} 09:00" in after
    again = {f.code for f in check(load_plan(tmp_path / "plan.yaml"), settings)}
    assert not again & {"AM203", "AM303"}
