"""The ledger sheet (台账 .xlsx): one row per planned occurrence, filled in by the unit.

The plan fills the left half (what, when, where, who, how many expected); the clerk fills
the right half (actual date, actual participants, status, evidence, remarks) during the
month. Cells the clerk fills are validated where Excel can (real dates, whole numbers, a
status drop-down), so the filled-in file can be imported back without guessing.

Reading it back: everything a reader needs is in :data:`LEDGER_LAYOUT`: the sheet name,
the rows, and one :class:`LedgerColumn` per column with a stable ``key``. Each record row
holds its stable id in the hidden ``key`` column: an activity occurrence's ``uid_key``
(``reception/2026-09-02``; ids never contain ``/``), a deliverable's id, or the id of an
activity that has no date yet. Rows whose id cell is empty (the totals row) are no
records. Status words map to :class:`~activitymonth.model.Status` through
``LEDGER_LAYOUT.statuses``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from activitymonth.export.names import safe_file_stem
from activitymonth.export.xlsx.cells import OFFICE_DATE_FORMAT, CellValue, put, put_formula
from activitymonth.export.xlsx.sheet import (
    CENTER,
    GRID,
    HEADER_FONT,
    UNDERLINE,
    WRAP,
    StyleStamps,
    fit_columns,
    fit_rows,
    merged_title,
    print_setup,
    style_header,
)
from activitymonth.model import Activity, Deliverable, Plan, Status
from activitymonth.schedule import ItemKind, Occurrence, Schedule
from activitymonth.write import write_bytes_atomically


class ColumnKind(StrEnum):
    """What a column holds, so a reader knows how to convert a cell."""

    NUMBER = "number"  # 序号
    TEXT = "text"
    DATE = "date"  # a real Excel date
    COUNT = "count"  # a whole number ≥ 0
    STATUS = "status"  # one of LEDGER_LAYOUT.statuses
    ID = "id"  # the hidden stable id


@dataclass(frozen=True)
class LedgerColumn:
    """One column. ``from_plan`` columns are filled by the export; the others by the unit."""

    key: str
    header: str
    kind: ColumnKind
    max_width: int
    from_plan: bool
    hidden: bool = False


@dataclass(frozen=True)
class InfoField:
    """A field of the header block: a label cell and a value cell in ``info_row``."""

    key: str
    label: str
    label_column: int
    value_column: int
    value_span: int


@dataclass(frozen=True)
class LedgerLayout:
    sheet: str
    title_row: int
    info_row: int
    header_row: int
    first_data_row: int
    columns: tuple[LedgerColumn, ...]
    info: tuple[InfoField, ...]
    statuses: dict[str, Status]

    def column(self, key: str) -> int:
        """1-based column number of ``key``."""
        for number, column in enumerate(self.columns, start=1):
            if column.key == key:
                return number
        raise KeyError(key)

    def letter(self, key: str) -> str:
        return get_column_letter(self.column(key))

    @property
    def visible_columns(self) -> int:
        return sum(not column.hidden for column in self.columns)

    def status_word(self, status: Status) -> str:
        return next(word for word, value in self.statuses.items() if value == status)


LEDGER_LAYOUT = LedgerLayout(
    sheet="台账",
    title_row=1,
    info_row=2,
    header_row=3,
    first_data_row=4,
    columns=(
        LedgerColumn("number", "序号", ColumnKind.NUMBER, 6, True),
        LedgerColumn("program", "项目", ColumnKind.TEXT, 24, True),
        LedgerColumn("title", "活动名称", ColumnKind.TEXT, 32, True),
        LedgerColumn("planned_date", "计划日期", ColumnKind.DATE, 16, True),
        LedgerColumn("planned_time", "计划时间", ColumnKind.TEXT, 14, True),
        LedgerColumn("actual_date", "实际日期", ColumnKind.DATE, 16, False),
        LedgerColumn("location", "地点", ColumnKind.TEXT, 18, True),
        LedgerColumn("lead_unit", "牵头单位", ColumnKind.TEXT, 18, True),
        LedgerColumn("responsible", "责任人", ColumnKind.TEXT, 14, True),
        LedgerColumn("planned_participants", "参与人数\n（计划）", ColumnKind.COUNT, 10, True),
        LedgerColumn("actual_participants", "参与人数\n（实际）", ColumnKind.COUNT, 10, False),
        LedgerColumn("status", "状态", ColumnKind.STATUS, 12, False),
        LedgerColumn("evidence", "佐证材料", ColumnKind.TEXT, 24, False),
        LedgerColumn("remarks", "备注", ColumnKind.TEXT, 20, False),
        LedgerColumn("id", "记录编号", ColumnKind.ID, 30, True, hidden=True),
    ),
    info=(
        InfoField("unit", "填报单位：", 1, 3, 3),
        InfoField("reporter", "填报人：", 6, 8, 2),
        InfoField("report_date", "填报日期：", 10, 12, 2),
    ),
    statuses={
        "未开始": Status.PLANNED,
        "进行中": Status.IN_PROGRESS,
        "已完成": Status.DONE,
        "已取消": Status.CANCELLED,
    },
)
"""The sheet's layout: the one place a reader of filled-in ledgers imports."""

DATE_SLACK_BEFORE = 31
DATE_SLACK_AFTER = 92
"""Days before the window and after it that an actual date may still fall on: work
prepared a month early or a summary handed in late is fine, a mistyped year is not."""


@dataclass(frozen=True)
class LedgerRow:
    """What the plan says about one record row."""

    key: str
    program: str
    title: str
    planned_date: date | None
    planned_time: str
    location: str | None
    lead_unit: str | None
    responsible: str | None
    planned_participants: int | None
    status: Status
    evidence: tuple[str, ...]


def ledger_rows(schedule: Schedule) -> list[LedgerRow]:
    """Activity occurrences and deliverables in date order, then items without a date.

    Planned pair visits are left out: visits are recorded per pair, not per activity.
    """
    plan = schedule.plan
    items: dict[str, Activity | Deliverable] = {
        **{a.id: a for a in plan.activities},
        **{d.id: d for d in plan.deliverables},
    }
    rows = [
        _row(plan, items[o.item_id], o)
        for o in schedule.occurrences
        if o.kind in (ItemKind.ACTIVITY, ItemKind.DELIVERABLE)
    ]
    rows += [_row(plan, items[item_id], None) for item_id in schedule.unscheduled]
    return rows


def _row(plan: Plan, item: Activity | Deliverable, occurrence: Occurrence | None) -> LedgerRow:
    activity = item if isinstance(item, Activity) else None
    person_id = item.lead if isinstance(item, Activity) else item.owner
    person = plan.person(person_id) if person_id else None
    return LedgerRow(
        key=occurrence.uid_key if occurrence and activity else item.id,
        program="、".join(item.fulfills),
        title=item.title,
        planned_date=occurrence.day if occurrence else None,
        planned_time=_time_text(occurrence) if occurrence and activity else "",
        location=activity.location if activity else None,
        lead_unit=activity.lead_unit if activity else None,
        responsible=person.name if person else None,
        planned_participants=activity.expected_participants if activity else None,
        status=item.status,
        evidence=item.evidence,
    )


def _time_text(occurrence: Occurrence) -> str:
    """``09:00—11:00`` for a timed occurrence, ``至9月4日`` for an all-day span, else 全天."""
    start, end = occurrence.start, occurrence.end
    if isinstance(start, datetime) and isinstance(end, datetime):
        if end.date() == start.date():
            return f"{start:%H:%M}—{end:%H:%M}"
        return f"{start:%H:%M}—{end.month}月{end.day}日 {end:%H:%M}"
    last = occurrence.last_day
    return f"至{last.month}月{last.day}日" if last != occurrence.day else "全天"


def ledger_title(plan: Plan) -> str:
    """``某局2026年民族团结进步活动月工作台账`` from ``…实施方案``."""
    stem = re.sub(r"(实施方案|工作方案|方案)$", "", plan.title.strip())
    return f"{stem}工作台账"


def build_ledger(schedule: Schedule) -> Workbook:
    """The ledger workbook of a resolved plan."""
    layout = LEDGER_LAYOUT
    rows = ledger_rows(schedule)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = layout.sheet
    workbook.properties.title = ledger_title(schedule.plan)
    workbook.properties.creator = "activitymonth"
    last_visible = layout.visible_columns
    put(sheet, layout.title_row, 1, ledger_title(schedule.plan))
    merged_title(sheet, layout.title_row, last_visible)
    _info_block(sheet, schedule.plan)
    for number, column in enumerate(layout.columns, start=1):
        put(sheet, layout.header_row, number, column.header)
    style_header(sheet, layout.header_row, range(1, len(layout.columns) + 1))
    stamps = StyleStamps(_style_record_cell)
    for offset, row in enumerate(rows):
        _write_row(sheet, layout.first_data_row + offset, offset + 1, row, stamps)
    last_data = layout.first_data_row + len(rows) - 1
    totals = last_data + 1
    _totals(sheet, totals, len(rows))
    _validations(sheet, schedule.plan, rows, last_data)
    caps = {n: c.max_width for n, c in enumerate(layout.columns, start=1)}
    table = range(layout.header_row, totals + 1)
    widths = fit_columns(sheet, caps, table)
    fit_rows(sheet, widths, table)
    id_letter = layout.letter("id")
    sheet.column_dimensions[id_letter].hidden = True
    sheet.freeze_panes = f"A{layout.first_data_row}"
    sheet.auto_filter.ref = f"A{layout.header_row}:{get_column_letter(last_visible)}{last_data}"
    print_setup(sheet, landscape=True, title_rows=f"{layout.header_row}:{layout.header_row}")
    return workbook


def _info_block(sheet: Worksheet, plan: Plan) -> None:
    row = LEDGER_LAYOUT.info_row
    for info in LEDGER_LAYOUT.info:
        label = put(sheet, row, info.label_column, info.label)
        label.font = HEADER_FONT
        label.alignment = WRAP
        sheet.merge_cells(
            start_row=row,
            start_column=info.label_column,
            end_row=row,
            end_column=info.value_column - 1,
        )
        value = put(sheet, row, info.value_column, plan.unit if info.key == "unit" else None)
        value.alignment = WRAP
        sheet.merge_cells(
            start_row=row,
            start_column=info.value_column,
            end_row=row,
            end_column=info.value_column + info.value_span - 1,
        )
        for column in range(info.value_column, info.value_column + info.value_span):
            sheet.cell(row=row, column=column).border = UNDERLINE
        if info.key == "report_date":
            value.number_format = OFFICE_DATE_FORMAT
    sheet.row_dimensions[row].height = 24


def _write_row(
    sheet: Worksheet, row: int, number: int, data: LedgerRow, stamps: StyleStamps[ColumnKind]
) -> None:
    values: dict[str, CellValue] = {
        "number": number,
        "program": data.program,
        "title": data.title,
        "planned_date": data.planned_date,
        "planned_time": data.planned_time,
        "location": data.location,
        "lead_unit": data.lead_unit,
        "responsible": data.responsible,
        "planned_participants": data.planned_participants,
        "status": LEDGER_LAYOUT.status_word(data.status),
        "id": data.key,
    }
    for column_number, column in enumerate(LEDGER_LAYOUT.columns, start=1):
        stamps.stamp(sheet.cell(row=row, column=column_number), column.kind)
        put(sheet, row, column_number, values.get(column.key))


def _style_record_cell(cell: Cell, kind: ColumnKind) -> None:
    """A record cell's look: ruled, aligned by what it holds, dates and counts formatted."""
    cell.border = GRID
    cell.alignment = _ALIGNMENT.get(kind, WRAP)
    if kind == ColumnKind.DATE:
        cell.number_format = OFFICE_DATE_FORMAT
    elif kind == ColumnKind.COUNT:
        cell.number_format = "0"


_ALIGNMENT = {
    ColumnKind.NUMBER: CENTER,
    ColumnKind.DATE: CENTER,
    ColumnKind.COUNT: CENTER,
    ColumnKind.STATUS: CENTER,
    ColumnKind.ID: Alignment(vertical="center"),  # hidden: wrapping it would only add height
}


def _totals(sheet: Worksheet, row: int, count: int) -> None:
    """合计: the number of records, participant sums and the count of 已完成 rows. The
    formulas cover exactly the record rows; an empty ledger gets zeros, not formulas that
    would sum the totals row itself."""
    layout = LEDGER_LAYOUT
    first, last = layout.first_data_row, row - 1
    put(sheet, row, layout.column("number"), "合计")
    put(sheet, row, layout.column("title"), f"共{count}项")
    status_word = layout.status_word(Status.DONE)
    for key in ("planned_participants", "actual_participants", "status"):
        letter = layout.letter(key)
        span = f"{letter}{first}:{letter}{last}"
        column = layout.column(key)
        if count == 0:
            put(sheet, row, column, 0)
        elif key == "status":
            put_formula(sheet, row, column, f'=COUNTIF({span},"{status_word}")')
        else:
            put_formula(sheet, row, column, f"=SUM({span})")
        sheet.cell(row=row, column=column).number_format = (
            f'"{status_word}"0"项"' if key == "status" else "0"
        )
    for column in range(1, layout.visible_columns + 1):
        cell = sheet.cell(row=row, column=column)
        cell.font = HEADER_FONT
        cell.border = GRID
        cell.alignment = CENTER


def _validations(sheet: Worksheet, plan: Plan, rows: list[LedgerRow], last: int) -> None:
    """Status drop-down, whole numbers for participants, dates near the window (the report
    date too), and the required evidence as the prompt of each evidence cell."""
    layout = LEDGER_LAYOUT
    first = layout.first_data_row
    report_date = next(i for i in layout.info if i.key == "report_date")
    dates = [f"{get_column_letter(report_date.value_column)}{layout.info_row}"]
    validations = []
    if rows:

        def span(key: str) -> str:
            letter = layout.letter(key)
            return f"{letter}{first}:{letter}{last}"

        dates.append(span("actual_date"))
        validations += [
            DataValidation(
                type="list",
                formula1='"' + ",".join(layout.statuses) + '"',
                error="请从下拉列表中选择：" + "、".join(layout.statuses),
                errorTitle="状态",
                sqref=span("status"),
            ),
            DataValidation(
                type="whole",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                error="参与人数请填写不小于 0 的整数",
                errorTitle="参与人数",
                sqref=f"{span('planned_participants')} {span('actual_participants')}",
            ),
        ]
        validations += _evidence_prompts(rows)
    low = plan.window.start - timedelta(days=DATE_SLACK_BEFORE)
    high = plan.window.end + timedelta(days=DATE_SLACK_AFTER)
    validations.append(
        DataValidation(
            type="date",
            operator="between",
            formula1=str(_excel_serial(low)),
            formula2=str(_excel_serial(high)),
            allow_blank=True,
            error=f"请填写 {_office(low)} 至 {_office(high)} 之间的日期，"
            f"如 {plan.window.start:%Y/%m/%d}",
            errorTitle="日期",
            sqref=" ".join(dates),
        )
    )
    for validation in validations:
        validation.showErrorMessage = validation.type is not None
        validation.showInputMessage = validation.prompt is not None
        sheet.add_data_validation(validation)


def _evidence_prompts(rows: list[LedgerRow]) -> list[DataValidation]:
    """One prompt per distinct list of required evidence, shown when its cell is selected."""
    letter = LEDGER_LAYOUT.letter("evidence")
    cells: dict[tuple[str, ...], list[str]] = {}
    for offset, row in enumerate(rows):
        if row.evidence:
            cells.setdefault(row.evidence, []).append(
                f"{letter}{LEDGER_LAYOUT.first_data_row + offset}"
            )
    return [
        DataValidation(
            promptTitle="需留存的佐证材料", prompt="、".join(needs), sqref=" ".join(refs)
        )
        for needs, refs in cells.items()
    ]


def _office(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _excel_serial(day: date) -> int:
    """Excel's day number (1900 date system) that validation formulas compare with."""
    return (day - date(1899, 12, 30)).days


def ledger_file_name(plan: Plan) -> str:
    """``xfj-2026-09-ledger.xlsx``: named after the plan id (or title), safe on any disk."""
    return f"{safe_file_stem(plan.id or plan.title)}-ledger.xlsx"


def ledger_bytes(schedule: Schedule) -> bytes:
    buffer = io.BytesIO()
    build_ledger(schedule).save(buffer)
    return buffer.getvalue()


def write_ledger(schedule: Schedule, path: Path) -> Path:
    """Write the ledger atomically: a crash never leaves half a workbook at ``path``."""
    write_bytes_atomically(path, ledger_bytes(schedule))
    return path
