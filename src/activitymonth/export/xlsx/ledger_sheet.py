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

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name

from activitymonth.export.names import safe_file_stem
from activitymonth.export.xlsx.cells import OFFICE_DATE_FORMAT, CellValue
from activitymonth.export.xlsx.sheet import (
    CENTER,
    GRID,
    HEADER_FONT,
    UNDERLINE,
    WRAP,
    Sheet,
    Style,
    print_setup,
    workbook_bytes,
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
        return xl_col_to_name(self.column(key) - 1)

    @property
    def visible_columns(self) -> int:
        return sum(not column.hidden for column in self.columns)

    def status_word(self, status: Status) -> str:
        return self._status_words[status]

    @cached_property
    def _status_words(self) -> dict[Status, str]:
        """The first word of each status (looked up once per ledger row)."""
        return {status: word for word, status in reversed(self.statuses.items())}


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
        # Fields rather than strftime, which is slow and the sheet has 20,000 of these.
        since = f"{start.hour:02}:{start.minute:02}"
        until = f"{end.hour:02}:{end.minute:02}"
        if end.date() == start.date():
            return f"{since}—{until}"
        return f"{since}—{end.month}月{end.day}日 {until}"
    last = occurrence.last_day
    return f"至{last.month}月{last.day}日" if last != occurrence.day else "全天"


def ledger_title(plan: Plan) -> str:
    """``某局2026年民族团结进步活动月工作台账`` from ``…实施方案``."""
    stem = re.sub(r"(实施方案|工作方案|方案)$", "", plan.title.strip())
    return f"{stem}工作台账"


def build_ledger(schedule: Schedule, workbook: Workbook) -> None:
    """Write the ledger sheet of a resolved plan into ``workbook``."""
    layout = LEDGER_LAYOUT
    rows = ledger_rows(schedule)
    caps = {n: c.max_width for n, c in enumerate(layout.columns, start=1)}
    sheet = Sheet(workbook, layout.sheet, caps)
    last_visible = layout.visible_columns
    sheet.title(layout.title_row, last_visible, ledger_title(schedule.plan))
    _info_block(sheet, schedule.plan)
    sheet.header(layout.header_row, [column.header for column in layout.columns])
    formats = [sheet.format(GRID, _record_style(column.kind)) for column in layout.columns]
    for offset, row in enumerate(rows):
        _write_row(sheet, layout.first_data_row + offset, offset + 1, row, formats)
    last_data = layout.first_data_row + len(rows) - 1
    totals = last_data + 1
    _totals(sheet, totals, rows)
    _validations(sheet, schedule.plan, rows, last_data)
    sheet.hide_column(layout.column("id"))
    sheet.fit(range(layout.header_row, totals + 1))
    sheet.freeze_above(layout.first_data_row)
    sheet.worksheet.autofilter(
        f"A{layout.header_row}:{xl_col_to_name(last_visible - 1)}{last_data}"
    )
    print_setup(sheet, landscape=True, title_row=layout.header_row)


def _info_block(sheet: Sheet, plan: Plan) -> None:
    row = LEDGER_LAYOUT.info_row
    label = sheet.format(HEADER_FONT, WRAP)
    for info in LEDGER_LAYOUT.info:
        sheet.merge(row, info.label_column, info.value_column - 1, info.label, label)
        value = sheet.format(
            WRAP, UNDERLINE, {"num_format": OFFICE_DATE_FORMAT} if info.key == "report_date" else {}
        )
        last = info.value_column + info.value_span - 1
        sheet.merge(row, info.value_column, last, plan.unit if info.key == "unit" else None, value)
    sheet.height(row, 24)


def _write_row(sheet: Sheet, row: int, number: int, data: LedgerRow, formats: list[Format]) -> None:
    """One record row; the columns the clerk fills stay empty but formatted."""
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
    sheet.put_row(row, zip(map(values.get, _KEYS), formats, strict=True))


_KEYS = tuple(column.key for column in LEDGER_LAYOUT.columns)


def _record_style(kind: ColumnKind) -> Style:
    """A record cell's look: ruled (by the caller), aligned by what it holds, dates and
    counts formatted; the cells the clerk fills are formatted while still empty."""
    if kind == ColumnKind.DATE:
        return {**CENTER, "num_format": OFFICE_DATE_FORMAT}
    if kind == ColumnKind.COUNT:
        return {**CENTER, "num_format": "0"}
    if kind in (ColumnKind.NUMBER, ColumnKind.STATUS):
        return CENTER
    if kind == ColumnKind.ID:
        return {"valign": "vcenter"}  # hidden: wrapping it would only add height
    return WRAP


def _totals(sheet: Sheet, row: int, rows: list[LedgerRow]) -> None:
    """合计: the number of records, participant sums and the count of 已完成 rows. The
    formulas cover exactly the record rows and carry the results they have as exported
    (no actual participants yet); an empty ledger gets zeros, not formulas that would sum
    the totals row itself."""
    layout = LEDGER_LAYOUT
    first, last = layout.first_data_row, row - 1
    done = layout.status_word(Status.DONE)
    look: Style = {**HEADER_FONT, **GRID, **CENTER}
    texts = {layout.column("number"): "合计", layout.column("title"): f"共{len(rows)}项"}
    figures = {
        "planned_participants": ("SUM({})", sum(r.planned_participants or 0 for r in rows)),
        "actual_participants": ("SUM({})", 0),
        "status": (f'COUNTIF({{}},"{done}")', sum(r.status == Status.DONE for r in rows)),
    }
    for column in range(1, layout.visible_columns + 1):
        key = layout.columns[column - 1].key
        if key not in figures:
            sheet.put(row, column, texts.get(column), sheet.format(look))
            continue
        formula, result = figures[key]
        fmt = sheet.format(look, {"num_format": f'"{done}"0"项"' if key == "status" else "0"})
        if rows:
            letter = layout.letter(key)
            span = f"{letter}{first}:{letter}{last}"
            sheet.put_formula(row, column, "=" + formula.format(span), fmt, result)
        else:
            sheet.put(row, column, 0, fmt)


def _validations(sheet: Sheet, plan: Plan, rows: list[LedgerRow], last: int) -> None:
    """Status drop-down, whole numbers for participants, dates near the window (the report
    date too), and the required evidence as the prompt of each evidence cell."""
    layout = LEDGER_LAYOUT
    first = layout.first_data_row
    report_date = next(i for i in layout.info if i.key == "report_date")
    dates = [f"{xl_col_to_name(report_date.value_column - 1)}{layout.info_row}"]
    if rows:

        def span(key: str) -> str:
            letter = layout.letter(key)
            return f"{letter}{first}:{letter}{last}"

        dates.append(span("actual_date"))
        sheet.validate(
            [span("status")],
            {
                "validate": "list",
                "source": list(layout.statuses),
                "error_title": "状态",
                "error_message": "请从下拉列表中选择：" + "、".join(layout.statuses),
            },
        )
        sheet.validate(
            [span("planned_participants"), span("actual_participants")],
            {
                "validate": "integer",
                "criteria": ">=",
                "value": 0,
                "error_title": "参与人数",
                "error_message": "参与人数请填写不小于 0 的整数",
            },
        )
        for needs, cells in _evidence_cells(rows).items():
            sheet.validate(
                cells,
                {
                    "validate": "any",
                    "input_title": "需留存的佐证材料",
                    "input_message": "、".join(needs),
                },
            )
    low = plan.window.start - timedelta(days=DATE_SLACK_BEFORE)
    high = plan.window.end + timedelta(days=DATE_SLACK_AFTER)
    sheet.validate(
        dates,
        {
            "validate": "date",
            "criteria": "between",
            "minimum": low,
            "maximum": high,
            "error_title": "日期",
            "error_message": f"请填写 {_office(low)} 至 {_office(high)} 之间的日期，"
            f"如 {plan.window.start:%Y/%m/%d}",
        },
    )


def _evidence_cells(rows: list[LedgerRow]) -> dict[tuple[str, ...], list[str]]:
    """The evidence cells of each distinct list of required evidence, whose prompt it is."""
    letter = LEDGER_LAYOUT.letter("evidence")
    cells: dict[tuple[str, ...], list[str]] = {}
    for offset, row in enumerate(rows):
        if row.evidence:
            cells.setdefault(row.evidence, []).append(
                f"{letter}{LEDGER_LAYOUT.first_data_row + offset}"
            )
    return cells


def _office(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def ledger_file_name(plan: Plan) -> str:
    """``xfj-2026-09-ledger.xlsx``: named after the plan id (or title), safe on any disk."""
    return f"{safe_file_stem(plan.id or plan.title)}-ledger.xlsx"


def ledger_bytes(schedule: Schedule) -> bytes:
    return workbook_bytes(
        ledger_title(schedule.plan), lambda workbook: build_ledger(schedule, workbook)
    )


def write_ledger(schedule: Schedule, path: Path) -> Path:
    """Write the ledger atomically: a crash never leaves half a workbook at ``path``."""
    write_bytes_atomically(path, ledger_bytes(schedule))
    return path
