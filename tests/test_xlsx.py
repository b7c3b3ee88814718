"""Excel exports read back: the ledger sheet (台账) and the checklist workbook.

Every workbook is opened again with openpyxl and checked the way a clerk or an importer
would meet it: validations, frozen header, hidden id column, print setup, widths for
Chinese text, formula-looking plan values kept as text. The ledger is also printed to PDF
by LibreOffice and read with pdftotext; a missing tool skips that locally and fails it in
CI (``CI`` set), where ``.ci/run`` installs it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from activitymonth.cli import cli
from activitymonth.export.checklist import RENDERERS, build_checklist
from activitymonth.export.xlsx.cells import (
    OFFICE_DATE_FORMAT,
    display_width,
    shown_text,
    wrapped_line_count,
)
from activitymonth.export.xlsx.checklist_xlsx import BOX_DONE, BOX_OPEN, render_checklist_xlsx
from activitymonth.export.xlsx.ledger_sheet import (
    LEDGER_LAYOUT,
    ledger_bytes,
    ledger_file_name,
    ledger_rows,
)
from activitymonth.export.xlsx.sheet import LINE_HEIGHT, PADDING, Sheet, workbook_bytes
from activitymonth.load import LoadedPlan, load_plan
from activitymonth.model import Status
from activitymonth.schedule import ItemKind, Schedule, resolve

from browser_support import missing
from conftest import PLANS, write

HYPERLINK = '=HYPERLINK("http://example.invalid/","点我")'
LONG_TITLE = "民族团结进步活动月动员大会暨民族团结进步创建工作推进会议（全体干部职工参加）"

PLAN = f"""\
id: ledger-test
title: '{HYPERLINK}'
unit: 某旗民宗局
region: 内蒙古
window: 2026-09
people:
  - {{id: wang, name: 王某某, title: 局长}}
  - {{id: li, name: 李某, title: 副局长}}
organization:
  leading_group: {{leader: wang, deputies: [li]}}
  office: {{director: li}}
programs: [六个一@学校]
activities:
  - id: mobilize
    title: {LONG_TITLE}
    start: 2026-09-01 09:00
    duration: 2h
    lead: wang
    location: 三楼会议室
    lead_unit: 办公室
    expected_participants: 60
    evidence: [会议记录, 签到表, 照片]
  - id: paint
    title: "@SUM(1)"
    fulfills: 六个一@学校/书画展
    date: 2026-09-10
    end_date: 2026-09-11
    lead: li
    location: "+86 大厅"
    lead_unit: "-办公室"
    expected_participants: 300
    evidence: [照片]
    status: done
  - id: weekly
    title: 民族团结主题接待日
    repeat: 每周三
    time: "09:00"
    duration: 3h
    lead: li
  - id: later
    title: 入户走访慰问
    lead: wang
deliverables:
  - {{id: summary, title: 活动月工作总结, owner: li, due: 2026-09-29}}
  - {{id: archive, title: 档案资料, owner: wang}}
"""

FIRST = LEDGER_LAYOUT.first_data_row


@pytest.fixture
def loaded(tmp_path: Path) -> LoadedPlan:
    return load_plan(write(tmp_path, "plan.yaml", PLAN))


@pytest.fixture
def schedule(loaded: LoadedPlan) -> Schedule:
    return resolve(loaded)


@pytest.fixture
def sheet(schedule: Schedule) -> Worksheet:
    workbook = openpyxl.load_workbook(io.BytesIO(ledger_bytes(schedule)))
    return workbook[LEDGER_LAYOUT.sheet]


def _column(sheet: Worksheet, key: str) -> list[Cell]:
    """The record cells of one column (down to the last row with an id)."""
    number = LEDGER_LAYOUT.column(key)
    ids = LEDGER_LAYOUT.column("id")
    cells = []
    for row in range(FIRST, sheet.max_row + 1):
        if sheet.cell(row=row, column=ids).value is None:
            break
        cells.append(sheet.cell(row=row, column=number))
    return cells


def _records(sheet: Worksheet) -> dict[str, dict[str, object]]:
    """The sheet read back through LEDGER_LAYOUT alone, as an importer would: id → values."""
    keys = [c.key for c in LEDGER_LAYOUT.columns]
    records = {}
    for row in sheet.iter_rows(min_row=FIRST, values_only=True):
        values = dict(zip(keys, row, strict=False))
        if values["id"] is None:
            break
        records[str(values["id"])] = values
    return records


def _validation(sheet: Worksheet, kind: str) -> list[str]:
    """Cells covered by the validations of one type (list, whole, date)."""
    return [
        cell
        for validation in sheet.data_validations.dataValidation
        if validation.type == kind
        for area in validation.sqref.ranges
        for cell in area.coord.split(":")
    ]


# ---------------------------------------------------------------------------- ledger
def test_header_block_and_columns(sheet: Worksheet, loaded: LoadedPlan) -> None:
    title = sheet.cell(row=LEDGER_LAYOUT.title_row, column=1)
    assert title.value == f"{HYPERLINK}工作台账"
    labels = [
        sheet.cell(row=LEDGER_LAYOUT.info_row, column=i.label_column).value
        for i in LEDGER_LAYOUT.info
    ]
    assert labels == ["填报单位：", "填报人：", "填报日期："]
    unit = next(i for i in LEDGER_LAYOUT.info if i.key == "unit")
    assert sheet.cell(row=LEDGER_LAYOUT.info_row, column=unit.value_column).value == "某旗民宗局"
    headers = [c.value for c in sheet[LEDGER_LAYOUT.header_row]]
    assert headers == [c.header for c in LEDGER_LAYOUT.columns]
    assert {
        "序号",
        "项目",
        "活动名称",
        "计划日期",
        "实际日期",
        "地点",
        "牵头单位",
        "责任人",
    } <= set(headers)
    assert {"状态", "佐证材料", "备注", "参与人数\n（计划）", "参与人数\n（实际）"} <= set(headers)


def test_hidden_column_holds_every_occurrence_id(sheet: Worksheet, schedule: Schedule) -> None:
    letter = LEDGER_LAYOUT.letter("id")
    assert sheet.column_dimensions[letter].hidden
    visible = [c for c in LEDGER_LAYOUT.columns if not c.hidden]
    assert LEDGER_LAYOUT.columns.index(next(c for c in LEDGER_LAYOUT.columns if c.hidden)) == len(
        visible
    )
    expected = [o.uid_key for o in schedule.occurrences if o.kind == ItemKind.ACTIVITY]
    expected += ["summary", "archive", "later"]
    ids = [cell.value for cell in _column(sheet, "id")]
    assert sorted(ids) == sorted(expected)
    assert len(ids) == len(set(ids)) == 1 + 1 + 5 + 3  # 每周三 in 2026-09: 2, 9, 16, 23, 30
    assert "weekly/2026-09-16" in ids


def test_records_read_back_exactly(sheet: Worksheet, schedule: Schedule) -> None:
    records = _records(sheet)
    assert list(records) == [row.key for row in ledger_rows(schedule)]
    mobilize = records["mobilize/2026-09-01"]
    assert mobilize["title"] == LONG_TITLE
    assert mobilize["planned_date"] == datetime(2026, 9, 1)
    assert mobilize["planned_time"] == "09:00—11:00"
    assert mobilize["responsible"] == "王某某"
    assert mobilize["planned_participants"] == 60
    assert mobilize["status"] == "未开始"
    assert mobilize["actual_date"] is mobilize["actual_participants"] is None
    paint = records["paint/2026-09-10"]
    assert paint["program"] == "六个一@学校/书画展"
    assert paint["planned_time"] == "至9月11日"
    assert LEDGER_LAYOUT.statuses[str(paint["status"])] == Status.DONE
    summary = records["summary"]
    assert summary["planned_date"] == datetime(2026, 9, 29)
    assert summary["responsible"] == "李某"
    assert records["archive"]["planned_date"] is None
    assert records["later"]["planned_date"] is None


def test_planned_dates_are_real_dates(sheet: Worksheet) -> None:
    dated = [c for c in _column(sheet, "planned_date") if c.value is not None]
    assert dated and all(c.is_date and c.number_format == OFFICE_DATE_FORMAT for c in dated)
    assert all(c.number_format == OFFICE_DATE_FORMAT for c in _column(sheet, "actual_date"))


def test_validations(sheet: Worksheet) -> None:
    last = FIRST + len(_column(sheet, "id")) - 1
    statuses = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert len(statuses) == 1
    assert statuses[0].formula1 == '"未开始,进行中,已完成,已取消"'
    assert statuses[0].showErrorMessage
    status = LEDGER_LAYOUT.letter("status")
    assert str(statuses[0].sqref) == f"{status}{FIRST}:{status}{last}"
    for cell in _column(sheet, "status"):
        assert cell.value in LEDGER_LAYOUT.statuses
    whole = _validation(sheet, "whole")
    for key in ("planned_participants", "actual_participants"):
        letter = LEDGER_LAYOUT.letter(key)
        assert {f"{letter}{FIRST}", f"{letter}{last}"} <= set(whole)
    actual = LEDGER_LAYOUT.letter("actual_date")
    report = next(i for i in LEDGER_LAYOUT.info if i.key == "report_date")
    report_cell = f"{openpyxl.utils.get_column_letter(report.value_column)}{LEDGER_LAYOUT.info_row}"
    assert {f"{actual}{FIRST}", f"{actual}{last}", report_cell} <= set(_validation(sheet, "date"))
    dates = next(v for v in sheet.data_validations.dataValidation if v.type == "date")
    low, high = (date(1899, 12, 30).toordinal() + int(f) for f in (dates.formula1, dates.formula2))
    assert date.fromordinal(low) < date(2026, 9, 1) and date.fromordinal(high) > date(2026, 9, 30)
    assert date.fromordinal(low).year == date.fromordinal(high).year == 2026  # 2025 is a typo
    prompts = {v.prompt for v in sheet.data_validations.dataValidation if v.prompt}
    assert prompts == {"会议记录、签到表、照片", "照片"}


def test_frozen_header_print_setup(sheet: Worksheet) -> None:
    assert sheet.freeze_panes == f"A{FIRST}"
    header = LEDGER_LAYOUT.header_row
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # One page wide: fitToWidth absent means 1, the file format's default.
    assert (sheet.page_setup.fitToWidth or 1) == 1 and sheet.page_setup.fitToHeight == 0


def test_widths_fit_chinese_text_and_rows_fit_wrapped_lines(sheet: Worksheet) -> None:
    last_row = FIRST + len(_column(sheet, "id"))
    for number, column in enumerate(LEDGER_LAYOUT.columns, start=1):
        # A <col> element may cover neighbouring columns of the same width; openpyxl files
        # it under the first of them only.
        (width,) = [d.width for d in sheet.column_dimensions.values() if d.min <= number <= d.max]
        cells = [
            sheet.cell(row=r, column=number) for r in range(LEDGER_LAYOUT.header_row, last_row + 1)
        ]
        texts = ["" if c.data_type == "f" else shown_text(c.value) for c in cells]  # totals: short
        longest = max(map(display_width, texts))
        if longest <= column.max_width:
            assert width >= longest + PADDING, (column.key, width, longest)
        else:  # wraps: the column stops at its cap, the rows grow instead
            assert width == column.max_width + PADDING
            for row, text in enumerate(texts, start=LEDGER_LAYOUT.header_row):
                lines = wrapped_line_count(text, column.max_width)
                assert sheet.row_dimensions[row].height >= lines * LINE_HEIGHT
    title_row = next(c.row for c in _column(sheet, "title") if c.value == LONG_TITLE)
    assert sheet.row_dimensions[title_row].height >= 2 * LINE_HEIGHT
    assert sheet.cell(row=title_row, column=LEDGER_LAYOUT.column("title")).alignment.wrap_text


def test_formula_looking_values_stay_text(sheet: Worksheet, schedule: Schedule) -> None:
    texts = {
        (LEDGER_LAYOUT.title_row, 1): f"{HYPERLINK}工作台账",
        **{
            (c.row, c.column): c.value
            for key in ("title", "location", "lead_unit")
            for c in _column(sheet, key)
            if isinstance(c.value, str) and c.value[0] in "=+-@"
        },
    }
    assert set(texts.values()) >= {f"{HYPERLINK}工作台账", "@SUM(1)", "+86 大厅", "-办公室"}
    for (row, column), value in texts.items():
        cell = sheet.cell(row=row, column=column)
        assert cell.data_type == "s" and cell.value == value
        assert cell.quotePrefix
    # The only formulas in the file are the three totals the exporter wrote.
    with zipfile.ZipFile(io.BytesIO(ledger_bytes(schedule))) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert len(re.findall(r"<f>", xml)) == 3


def test_totals_row(sheet: Worksheet) -> None:
    count = len(_column(sheet, "id"))
    totals = FIRST + count
    last = totals - 1
    assert sheet.cell(row=totals, column=LEDGER_LAYOUT.column("number")).value == "合计"
    assert sheet.cell(row=totals, column=LEDGER_LAYOUT.column("title")).value == f"共{count}项"
    for key in ("planned_participants", "actual_participants"):
        letter = LEDGER_LAYOUT.letter(key)
        cell = sheet.cell(row=totals, column=LEDGER_LAYOUT.column(key))
        assert cell.value == f"=SUM({letter}{FIRST}:{letter}{last})"
    status = LEDGER_LAYOUT.letter("status")
    cell = sheet.cell(row=totals, column=LEDGER_LAYOUT.column("status"))
    assert cell.value == f'=COUNTIF({status}{FIRST}:{status}{last},"已完成")'


def test_long_evidence_prompt_is_cut_to_what_excel_accepts(tmp_path: Path) -> None:
    needs = [f"第{n}项佐证材料原件及复印件" for n in range(1, 31)]
    text = f"""\
title: 佐证材料很多的计划
window: 2026-09
activities:
  - {{id: a, title: 档案整理, date: 2026-09-03, evidence: [{", ".join(needs)}]}}
"""
    sheet = openpyxl.load_workbook(
        io.BytesIO(ledger_bytes(resolve(load_plan(write(tmp_path, "p.yaml", text)))))
    )[LEDGER_LAYOUT.sheet]
    (prompt,) = [v for v in sheet.data_validations.dataValidation if v.prompt]
    assert len("、".join(needs)) > 255 >= len(prompt.prompt)
    assert prompt.prompt.startswith("、".join(needs[:10])) and prompt.prompt.endswith("…")
    assert str(prompt.sqref) == f"{LEDGER_LAYOUT.letter('evidence')}{FIRST}"


def test_empty_plan_has_no_formulas_over_nothing(tmp_path: Path) -> None:
    text = "title: 空计划\nwindow: 2026-09\n"
    workbook = openpyxl.load_workbook(
        io.BytesIO(ledger_bytes(resolve(load_plan(write(tmp_path, "p.yaml", text)))))
    )
    sheet = workbook[LEDGER_LAYOUT.sheet]
    totals = [c.value for c in sheet[FIRST]]
    assert totals[0] == "合计" and 0 in totals
    assert not any(isinstance(v, str) and v.startswith("=") for v in totals)
    assert [v.type for v in sheet.data_validations.dataValidation] == ["date"]


def test_file_names_are_safe(loaded: LoadedPlan) -> None:
    assert ledger_file_name(loaded.plan) == "ledger-test-ledger.xlsx"
    unsafe = loaded.plan.model_copy(update={"id": None, "title": '../a:b*?"<>|/c'})
    name = ledger_file_name(unsafe)
    assert not set('/\\:*?"<>|') & set(name) and not name.startswith(".")


def test_put_strips_characters_a_workbook_cannot_hold() -> None:
    def build(workbook: xlsxwriter.Workbook) -> None:
        sheet = Sheet(workbook, "s", {})
        sheet.put(1, 1, "甲\x00乙\x07丙\r\n丁")
        sheet.put(1, 2, "\t=1+1")

    read = openpyxl.load_workbook(io.BytesIO(workbook_bytes("t", build))).active
    assert read is not None
    assert read.cell(1, 1).value == "甲乙丙\n丁"
    cell = read.cell(1, 2)
    assert cell.value == "\t=1+1" and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("民族团结", 8, 1),
        ("民族团结", 7, 2),
        ("民族团结进步活动月", 8, 3),
        ("a\nb", 10, 2),
        ("三楼 meeting room", 8, 3),
        ("", 8, 1),
    ],
)
def test_wrapped_line_count(text: str, width: int, lines: int) -> None:
    assert wrapped_line_count(text, width) == lines


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("2026年9月10日") == 4 + 2 + 1 + 2 + 2 + 2
    assert display_width("参与人数\n（计划）") == 8
    assert display_width("ＡＢ，") == 6


# ---------------------------------------------------------------------------- printed
def test_ledger_prints_through_libreoffice(tmp_path: Path, schedule: Schedule) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if soffice is None:
        missing("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    if pdftotext is None:
        missing("pdftotext is not installed: apt-get install poppler-utils")
    source = tmp_path / "台账.xlsx"
    source.write_bytes(ledger_bytes(schedule))
    subprocess.run(
        [
            str(soffice),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        [str(pdftotext), str(tmp_path / "台账.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    compact = re.sub(r"\s+", "", text)
    for expected in ("工作台账", "HYPERLINK", "@SUM(1)", "民族团结主题接待日", "活动月工作总结"):
        assert expected in compact, expected
    for expected in ("王某某", "李某", "某旗民宗局", "2026年9月29日", "合计", "已完成1项", "360"):
        assert expected in compact, expected
    assert "mobilize/2026-09-01" not in compact  # the id column is hidden, not printed


# ---------------------------------------------------------------------------- checklist
CHECKLIST_PLAN = f"""\
id: cl-test
title: 某小学2026年民族团结教育月实施方案
unit: 某县第一小学
region: 新疆
window: 2026-05
people:
  - {{id: wang, name: 王某, title: 校长}}
  - {{id: li, name: 李某, title: 德育主任}}
programs: [六个一@学校]
activities:
  - id: paint
    title: '{HYPERLINK}'
    fulfills: [六个一@学校/书画展]
    date: 2026-05-11
    lead: li
    location: "@大厅"
    status: done
  - id: quiz
    title: 民族团结知识竞赛
    fulfills: [六个一@学校/知识竞赛]
    date: 2026-05-13
    lead: wang
"""


@pytest.fixture
def checklist_sheet(tmp_path: Path) -> Worksheet:
    loaded = load_plan(write(tmp_path, "plan.yaml", CHECKLIST_PLAN))
    checklist = build_checklist(resolve(loaded), loaded.catalog, today=date(2026, 5, 20))
    workbook = openpyxl.load_workbook(io.BytesIO(render_checklist_xlsx(checklist, "zh")))
    assert workbook.active is not None
    return workbook.active


def _rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    return list(sheet.iter_rows(values_only=True))


def test_checklist_dropdown_gaps_and_signoff(checklist_sheet: Worksheet) -> None:
    sheet = checklist_sheet
    headers = [c.value for c in sheet[3]]
    assert headers[-2:] == ["完成情况", "说明"]
    state = headers.index("完成情况") + 1
    (dropdown,) = sheet.data_validations.dataValidation
    assert dropdown.type == "list"
    assert dropdown.formula1 == f'"{BOX_OPEN.zh},{BOX_DONE.zh}"' == '"□ 未完成,✓ 已完成"'
    boxed = {cell for area in dropdown.sqref.ranges for cell in area.coord.split(":")}
    item_rows = [r for r in range(4, sheet.max_row + 1) if isinstance(sheet.cell(r, 1).value, int)]
    assert len(item_rows) == 6  # 六个一: two covered, four gaps
    gaps = [r for r in item_rows if sheet.cell(r, state + 1).value == "缺口"]
    assert len(gaps) == 4
    for row in item_rows:
        letter = openpyxl.utils.get_column_letter(state)
        if row in gaps:
            assert f"{letter}{row}" not in boxed
            assert sheet.cell(row, 2).fill.fgColor.rgb.endswith("FFC7CE")
        else:
            assert f"{letter}{row}" in boxed
    values = [sheet.cell(r, state).value for r in item_rows if r not in gaps]
    assert sorted(values) == ["□ 未完成", "✓ 已完成"]
    flat = [v for row in _rows(sheet) for v in row if v]
    assert {"填报人：", "审核人：", "日期："} <= set(flat)
    assert sheet.freeze_panes == "A4" and sheet.print_title_rows == "$3:$3"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth or 1) == 1 and sheet.page_setup.fitToHeight == 0


def test_checklist_values_stay_text(checklist_sheet: Worksheet) -> None:
    cells = [c for row in checklist_sheet.iter_rows() for c in row if isinstance(c.value, str)]
    looking = [c for c in cells if c.value.startswith(("=", "@"))]
    assert {c.value.split("\n")[0] for c in looking} == {HYPERLINK}
    assert all(c.data_type == "s" and c.quotePrefix for c in looking)
    assert any("地点：@大厅" in c.value for c in cells)


def test_checklist_english(tmp_path: Path) -> None:
    loaded = load_plan(write(tmp_path, "plan.yaml", CHECKLIST_PLAN))
    checklist = build_checklist(resolve(loaded), loaded.catalog, today=date(2026, 5, 20))
    sheet = openpyxl.load_workbook(io.BytesIO(render_checklist_xlsx(checklist, "en"))).active
    assert sheet is not None
    (dropdown,) = sheet.data_validations.dataValidation
    assert dropdown.formula1 == '"□ not done,✓ done"'
    assert sheet.oddFooter.center.text == "Page &P of &N"


# ---------------------------------------------------------------------------- commands
def test_export_ledger_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    plan = PLANS / "bureau-september.yaml"
    runner = CliRunner()
    first = runner.invoke(cli, ["export", "ledger", str(plan)])
    assert first.exit_code == 0, first.output
    target = tmp_path / "xfj-2026-09-ledger.xlsx"
    assert first.output.strip() == target.name
    workbook = openpyxl.load_workbook(target)
    assert workbook[LEDGER_LAYOUT.sheet]["A1"].value == "某旗信访局2026年民族团结进步活动月工作台账"
    target.write_bytes(b"filled in")
    again = runner.invoke(cli, ["export", "ledger", str(plan), "--lang", "en"])
    assert again.exit_code == 2
    assert "will not be overwritten" in again.output and "--force" in again.output
    assert target.read_bytes() == b"filled in"
    forced = runner.invoke(cli, ["export", "ledger", str(plan), "-o", str(target), "--force"])
    assert forced.exit_code == 0 and zipfile.is_zipfile(target)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary files left


def test_checklist_command_writes_xlsx(tmp_path: Path) -> None:
    assert "xlsx" in RENDERERS
    target = tmp_path / "清单.xlsx"
    result = CliRunner().invoke(
        cli,
        [
            "export",
            "checklist",
            str(PLANS / "school-may-month.yaml"),
            "--format",
            "xlsx",
            "-o",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None and "完成情况清单" in str(sheet["A1"].value)
