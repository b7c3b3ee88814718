"""``import schedule``: an 活动安排表 typed by a clerk becomes a plan that loads, checks and
resolves to the days the clerk meant.

The tables are written here with openpyxl the way offices make them: a merged title above
the header, a 填报单位 line, headers with stray spaces and line breaks, an extra 备注
column, section headings between the rows, one 牵头单位 merged down two rows, dates typed
freely and one entered as a real Excel date. The CSV twin is saved in GBK, as Excel on a
Chinese Windows saves it.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from activitymonth.cli import cli
from activitymonth.importers.schedule_table import (
    ImportOptions,
    ScheduleImportError,
    import_schedule,
)
from activitymonth.load import load_plan
from activitymonth.rules import Severity, check
from activitymonth.schedule import ItemKind, resolve

TITLE = "某旗民宗局2026年民族团结进步活动月活动安排表"
HEADER = ["序号", "活动内容", "时  间", "地点", "牵头\n单位", "配合单位", "责任人", "备注"]
# Row 4 of the sheet onwards; None marks a cell covered by a merge.
ROWS: list[list[object]] = [
    [
        1,
        "民族团结进步活动月动员会\n全体干部职工参加",
        "9月1日上午",
        "三楼会议室",
        "办公室",
        "各股室",
        "白某某（局长）、韩某某",
        "",
    ],
    ["一、宣传教育"],
    [2, "悬挂横幅、发放宣传折页", "9月2日—4日", "民族团结广场", "宣传股", "办公室", "韩某某", ""],
    [
        3,
        "民族团结政策宣讲进社区",
        "2026年9月8日 9:00-11:00",
        "团结社区",
        "宣传股",
        "团结社区居委会",
        "高某某、乌某某",
        "",
    ],
    [4, "民族团结知识竞赛", "9.10", "三楼会议室", None, "", "乌某某", "笔试"],
    ["", "结对与服务"],
    [5, "民族团结主题接待日", "每周三下午", "接待大厅", "接待股", "", "苏某某", ""],
    [6, "学习先进典型座谈会", datetime(2026, 9, 17), "三楼会议室", "办公室", "", "白某某", ""],
    [7, "民族团结公益日", "每月15日", "民族团结广场", "办公室", "各股室", "韩某某，苏某某", ""],
    [8, "报送活动月工作总结", "9月29日下午", "", "办公室", "", "韩某某", ""],
    [],
    ["制表人：张某", "", "", "", "审核人：王某"],
]

# What each activity must resolve to: (start, end) of every occurrence.
AFTERNOON = (time(14, 30), time(17, 30))
EXPECTED = {
    "民族团结进步活动月动员会": [(datetime(2026, 9, 1, 9), datetime(2026, 9, 1, 12))],
    "悬挂横幅、发放宣传折页": [(date(2026, 9, 2), date(2026, 9, 5))],
    "民族团结政策宣讲进社区": [(datetime(2026, 9, 8, 9), datetime(2026, 9, 8, 11))],
    "民族团结知识竞赛": [(date(2026, 9, 10), date(2026, 9, 11))],
    "民族团结主题接待日": [
        (
            datetime.combine(date(2026, 9, d), AFTERNOON[0]),
            datetime.combine(date(2026, 9, d), AFTERNOON[1]),
        )
        for d in (2, 9, 16, 23, 30)
    ],
    "学习先进典型座谈会": [(date(2026, 9, 17), date(2026, 9, 18))],
    "民族团结公益日": [(date(2026, 9, 15), date(2026, 9, 16))],
    "报送活动月工作总结": [(datetime(2026, 9, 29, 14, 30), datetime(2026, 9, 29, 17, 30))],
}


def _workbook(path: Path, changes: dict[str, object] | None = None) -> Path:
    """The clerk's sheet; ``changes`` overwrite cells by reference (``{"C7": "9月上旬"}``)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "活动安排表"
    sheet["A1"] = TITLE
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "填报单位：某旗民宗局　　填报时间：2026年8月20日"
    sheet.merge_cells("A2:H2")
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(["" if v is None else v for v in row])
    sheet.merge_cells("E7:E8")  # one 牵头单位 for 宣讲 and 竞赛
    sheet.merge_cells("A5:H5")
    sheet.merge_cells("B9:H9")
    sheet["C11"].number_format = "yyyy/m/d"  # typed as a real date
    for ref, value in (changes or {}).items():
        sheet[ref] = value
    workbook.save(path)
    return path


def _csv(path: Path, encoding: str, changes: dict[tuple[int, int], str] | None = None) -> Path:
    """The same table saved as CSV: merges become repeated values, the date becomes text."""
    rows: list[list[object]] = [[TITLE], ["填报单位：某旗民宗局"], HEADER]
    for row in ROWS:
        rows.append(["宣传股" if v is None else v for v in row])
    rows[9 - 1][1] = "二、结对与服务"  # a heading the way a CSV shows it: numbered
    rows[11 - 1][2] = "2026/9/17"
    for (row, column), value in (changes or {}).items():
        rows[row - 1][column - 1] = value
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _import(table: Path, *extra: str) -> tuple[int, str, Path]:
    out = table.with_name("plan.yaml")
    result = CliRunner().invoke(
        cli,
        [
            "import",
            "schedule",
            str(table),
            "-o",
            str(out),
            "--leader",
            "白某某",
            "--director",
            "韩某某",
            "--region",
            "内蒙古",
            *extra,
        ],
    )
    return result.exit_code, result.output, out


def _occurrences(path: Path) -> dict[str, list[tuple[object, object]]]:
    schedule = resolve(load_plan(path))
    by_title: dict[str, list[tuple[object, object]]] = {}
    for o in schedule.occurrences:
        assert o.kind == ItemKind.ACTIVITY
        start = o.start.replace(tzinfo=None) if isinstance(o.start, datetime) else o.start
        end = o.end.replace(tzinfo=None) if isinstance(o.end, datetime) else o.end
        by_title.setdefault(o.title, []).append((start, end))
    return by_title


def test_clerks_sheet_imports_checks_and_resolves(tmp_path: Path) -> None:
    code, output, out = _import(_workbook(tmp_path / "活动安排表.xlsx"))
    assert code == 0, output
    assert "8 项活动" in output and "取自表头标题" in output
    loaded = load_plan(out)
    plan = loaded.plan
    assert plan.title == TITLE and plan.unit == "某旗民宗局" and plan.region == "内蒙古"
    assert plan.window.start == date(2026, 9, 1) and plan.window.end == date(2026, 9, 30)
    errors = [f for f in check(loaded, today=date(2026, 8, 20)) if f.severity == Severity.ERROR]
    assert errors == []
    assert _occurrences(out) == EXPECTED


def test_people_units_notes_and_row_comments(tmp_path: Path) -> None:
    code, output, out = _import(_workbook(tmp_path / "活动安排表.xlsx"))
    assert code == 0, output
    plan = load_plan(out).plan
    assert [(p.id, p.name, p.title) for p in plan.people] == [
        ("p01", "白某某", "局长"),
        ("p02", "韩某某", None),
        ("p03", "高某某", None),
        ("p04", "乌某某", None),
        ("p05", "苏某某", None),
    ]
    assert plan.organization.leading_group.leader == "p01"
    assert plan.organization.office.director == "p02"
    activities = {a.title: a for a in plan.activities}
    mobilize = activities["民族团结进步活动月动员会"]
    assert (mobilize.lead, mobilize.staff) == ("p01", ("p02",))
    assert mobilize.note == "全体干部职工参加"
    assert activities["民族团结知识竞赛"].note == "笔试"  # from 备注
    assert mobilize.co_units == ("各股室",) and mobilize.lead_unit == "办公室"
    assert activities["民族团结知识竞赛"].lead_unit == "宣传股"  # merged down from E7
    assert activities["民族团结公益日"].staff == ("p05",)
    assert activities["民族团结公益日"].repeat is not None
    assert "结对与服务" not in activities and "一、宣传教育" not in activities
    text = out.read_text(encoding="utf-8")
    assert "# 年份 2026：取自表头标题" in text
    lines = text.splitlines()
    for activity_id, comment in (
        ("a01", "# 第4行：9月1日上午"),
        ("a04", "# 第8行：9.10"),
        ("a06", "# 第11行：2026年9月17日"),
        ("a08", "# 第13行：9月29日下午"),
    ):
        line = next(line for line in lines if line.strip().startswith(f"- id: {activity_id}"))
        assert line.rstrip().endswith(comment), line


def test_unreadable_cells_are_named_and_nothing_is_written(tmp_path: Path) -> None:
    table = _workbook(tmp_path / "活动安排表.xlsx", {"C7": "9月上旬", "C10": 9.1, "C13": "每周八"})
    code, output, out = _import(table)
    assert code == 2
    assert "活动安排表.xlsx:活动安排表!C7: “9月上旬” 只是大致时段" in output
    assert "建议：写出具体日期" in output
    assert "活动安排表.xlsx:活动安排表!C10: 单元格是数字 9.1" in output
    assert "活动安排表.xlsx:活动安排表!C13: 无法识别的重复规则 “每周八”" in output
    assert "共 3 处无法读取" in output
    assert not out.exists()
    english = CliRunner().invoke(cli, ["import", "schedule", str(table), "--lang", "en"])
    assert "活动安排表!C7: '9月上旬' names no definite day — fix:" in english.output


def test_gbk_csv_imports_like_the_workbook(tmp_path: Path) -> None:
    (tmp_path / "xlsx").mkdir()
    (tmp_path / "csv").mkdir()
    code, output, from_xlsx = _import(_workbook(tmp_path / "xlsx" / "活动安排表.xlsx"))
    assert code == 0, output
    table = _csv(tmp_path / "csv" / "活动安排表.csv", "gbk")
    with pytest.raises(UnicodeDecodeError):
        table.read_bytes().decode("utf-8")
    code, output, from_csv = _import(table)
    assert code == 0, output
    xlsx_plan, csv_plan = load_plan(from_xlsx).plan, load_plan(from_csv).plan
    assert csv_plan.activities == xlsx_plan.activities
    assert csv_plan.people == xlsx_plan.people
    assert _occurrences(from_csv) == EXPECTED


def test_utf8_csv_with_unreadable_date(tmp_path: Path) -> None:
    table = _csv(tmp_path / "安排.csv", "utf-8-sig", {(7, 3): "9月上旬"})
    code, output, out = _import(table)
    assert code == 2
    assert "安排.csv:C7: “9月上旬” 只是大致时段" in output
    assert not out.exists()


def test_gbk_csv_error_names_the_cell(tmp_path: Path) -> None:
    table = _csv(tmp_path / "安排.csv", "gbk", {(6, 3): "9月31日"})
    code, output, _ = _import(table)
    assert code == 2
    assert "安排.csv:C6: “9月31日” 中的日期不存在：2026年9月只有 30 天" in output


def test_existing_output_is_kept_without_force(tmp_path: Path) -> None:
    table = _workbook(tmp_path / "活动安排表.xlsx")
    out = tmp_path / "plan.yaml"
    out.write_text("# mine\n", encoding="utf-8")
    code, output, _ = _import(table)
    assert code == 2 and "已存在" in output and "--force" in output
    assert out.read_text(encoding="utf-8") == "# mine\n"
    code, output, _ = _import(table, "--force")
    assert code == 0, output
    assert load_plan(out).plan.title == TITLE


def test_year_from_option_cell_or_today(tmp_path: Path) -> None:
    table = _workbook(tmp_path / "t.xlsx", {"A1": "民族团结进步活动月活动安排表"})
    from_cells = import_schedule(table)  # C7 says 2026年9月8日
    assert from_cells.year == 2026 and "C7" in from_cells.year_source.zh
    forced = import_schedule(table, ImportOptions(year=2027))
    assert forced.year == 2027
    assert forced.plan.activities[0].start == datetime(2027, 9, 1, 9)
    assert forced.plan.activities[2].start == datetime(2026, 9, 8, 9)  # the cell's own year
    undated = _workbook(
        tmp_path / "u.xlsx",
        {"A1": "活动安排表", "C7": "9月8日", "C11": "9月17日"},
    )
    guessed = import_schedule(undated, ImportOptions(today=date(2031, 3, 1)))
    assert guessed.year == 2031 and "--year" in guessed.year_source.zh
    assert guessed.plan.window.start == date(2031, 9, 1)


def test_table_without_header_or_of_another_kind(tmp_path: Path) -> None:
    bare = openpyxl.Workbook()
    assert bare.active is not None
    bare.active.append(["姓名", "电话"])
    bare.save(tmp_path / "名单.xlsx")
    with pytest.raises(ScheduleImportError) as caught:
        import_schedule(tmp_path / "名单.xlsx")
    (problem,) = caught.value.problems
    assert problem.where == "名单.xlsx:Sheet"
    assert "找不到表头" in problem.message.zh and "姓名 | 电话" in problem.message.zh
    assert "活动内容、时间" in problem.hint.zh
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ScheduleImportError) as caught:
        import_schedule(tmp_path / "old.xls")
    assert "另存为 .xlsx 或 .csv" in caught.value.problems[0].hint.zh


def test_sheet_is_chosen_by_header_or_name(tmp_path: Path) -> None:
    table = _workbook(tmp_path / "t.xlsx")
    workbook = openpyxl.load_workbook(table)
    cover = workbook.create_sheet("封面", 0)
    cover["A1"] = "封面"
    workbook.save(table)
    assert import_schedule(table).source.sheet == "活动安排表"
    with pytest.raises(ScheduleImportError) as caught:
        import_schedule(table, ImportOptions(sheet="九月"))
    assert "封面、活动安排表" in caught.value.problems[0].hint.zh


def test_row_with_time_but_no_activity(tmp_path: Path) -> None:
    table = _workbook(tmp_path / "t.xlsx", {"B8": None})
    with pytest.raises(ScheduleImportError) as caught:
        import_schedule(table)
    (problem,) = caught.value.problems
    assert problem.where == "t.xlsx:活动安排表!C8"
    assert "第8行有时间但没有活动内容" in problem.message.zh
