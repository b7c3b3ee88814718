"""Importing a filled-in ledger sheet (台账.xlsx) back into the ledger.

The sheet is the one ``activitymonth export ledger`` writes; its layout is read only
through ``LEDGER_LAYOUT``, so the exporter and this reader cannot drift apart. Each record
row is found by its hidden id (an occurrence id or an item id) and read as:

- 已完成 (done): a record with the actual date (required), the actual participants, the
  佐证材料 text and the remarks. Cells left empty keep what the ledger already holds (a
  split of participants, materials, hashed evidence files); a row that states nothing new
  writes nothing, so importing the same sheet twice changes nothing.
- 已取消 (cancelled): withdraws a done record (an ``undone`` record), if there is one.
- 未开始, 进行中 or empty: nothing is recorded. A sheet exported from the plan says 未开始
  everywhere, so these words never withdraw what was recorded by other means; ``undo``
  does that.

Every row is checked first (ids, status words, dates within the window's slack and not in
the future, whole numbers, a done row without a date, figures on a row not done); one bad
cell refuses the whole file, and the rest is written in one transaction.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from activitymonth.export.xlsx.ledger_sheet import (
    DATE_SLACK_AFTER,
    DATE_SLACK_BEFORE,
    LEDGER_LAYOUT,
    LedgerColumn,
)
from activitymonth.i18n import Text
from activitymonth.ledger.errors import CellProblem, LedgerError
from activitymonth.ledger.importing import ImportSummary, Problems, Source
from activitymonth.ledger.queries import current_records, load_completions
from activitymonth.ledger.recording import default_recorder
from activitymonth.ledger.records import Action, AuditEntry, Completion, RecordKind
from activitymonth.ledger.store import Ledger
from activitymonth.ledger.targets import PlanTargets
from activitymonth.ledger.values import BadValue, not_after, parse_count, parse_day
from activitymonth.ledger.writes import insert_audit, insert_completion, serialise
from activitymonth.model import Status

_COLUMNS: dict[str, tuple[int, LedgerColumn]] = {
    column.key: (number, column) for number, column in enumerate(LEDGER_LAYOUT.columns, 1)
}


@dataclass(frozen=True, slots=True)
class SheetRow:
    """What one record row of the sheet states."""

    occurrence_id: str
    status: Status | None
    actual_date: date | None
    participants: int | None
    evidence_text: str | None
    remarks: str | None


def import_ledger_sheet(
    ledger: Ledger,
    targets: PlanTargets,
    source: Source,
    *,
    by: str | None = None,
    now: datetime | None = None,
) -> ImportSummary:
    """Check every row of a filled-in ledger sheet, then record it in one transaction.

    ``by`` is who records it; without it, the sheet's 填报人, else the login name.
    """
    now = now or datetime.now(UTC)
    sheet = _sheet(source)
    problems = Problems(source.name)
    _check_header(sheet, problems)
    problems.raise_any()
    _check_unit(sheet, targets, problems)
    rows = _rows(sheet, targets, targets.today(now), problems)
    problems.raise_any()
    actor = by or _info(sheet, "reporter") or default_recorder()
    with ledger.write() as conn:
        for occurrence_id in sorted({row.occurrence_id for row in rows}):
            serialise(conn, targets.unit, targets.plan_id, occurrence_id)
        current = {
            record.occurrence_id: record
            for record in load_completions(conn, current_records(targets.unit, targets.plan_id))
        }
        records = [
            record
            for row in rows
            if (record := _record(row, current.get(row.occurrence_id), targets, actor, now))
        ]
        if records:
            entry = AuditEntry(
                targets.unit,
                targets.plan_id,
                Action.IMPORT_LEDGER,
                actor,
                now,
                len(records),
                source.name,
                source.sha256,
            )
            audit_id = insert_audit(conn, entry)
            for record in records:
                insert_completion(conn, record, audit_id)
    return ImportSummary(source.name, len(rows), len(records))


def _sheet(source: Source) -> Worksheet:
    try:
        workbook = load_workbook(io.BytesIO(source.data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError):
        raise LedgerError(
            Text(
                f"{source.name} 不是可读取的 .xlsx 文件", f"{source.name} is not a readable .xlsx"
            ),
            Text(
                "用 Excel 或 WPS 另存为 .xlsx 格式后再导入",
                "save it as .xlsx from Excel or WPS and import again",
            ),
        ) from None
    if LEDGER_LAYOUT.sheet not in workbook.sheetnames:
        found = "、".join(workbook.sheetnames)
        raise LedgerError(
            Text(
                f"{source.name} 中没有名为 “{LEDGER_LAYOUT.sheet}” 的工作表（有：{found}）",
                f"{source.name} has no sheet named '{LEDGER_LAYOUT.sheet}' (it has: {found})",
            ),
            Text(
                "用 activitymonth export ledger 导出的台账填写，不要改工作表名",
                "fill in the sheet that activitymonth export ledger writes; keep its name",
            ),
        )
    return workbook[LEDGER_LAYOUT.sheet]


def _problem(row: int, key: str, value: object, message: Text) -> CellProblem:
    column = _COLUMNS[key][1]
    letter = LEDGER_LAYOUT.letter(key)
    header = column.header.replace("\n", "")
    return CellProblem(row, letter, value, message, LEDGER_LAYOUT.sheet, header)


def _check_header(sheet: Worksheet, problems: Problems) -> None:
    """The header row must be the layout's: a moved or foreign column would put figures
    into the wrong field."""
    row = LEDGER_LAYOUT.header_row
    for key, (number, column) in _COLUMNS.items():
        found = sheet.cell(row=row, column=number).value
        if _squash(found) != _squash(column.header):
            problems.add(
                _problem(
                    row,
                    key,
                    found,
                    Text(
                        f"此处应为表头 “{_squash(column.header)}”；列被移动或不是本程序导出的台账",
                        f"expected the heading '{_squash(column.header)}': columns were moved, "
                        "or the sheet is not one activitymonth exported",
                    ),
                )
            )


def _squash(value: object) -> str:
    return "".join(str(value or "").split())


def _info(sheet: Worksheet, key: str) -> str | None:
    info = next(i for i in LEDGER_LAYOUT.info if i.key == key)
    return _text(sheet.cell(row=LEDGER_LAYOUT.info_row, column=info.value_column).value)


def _check_unit(sheet: Worksheet, targets: PlanTargets, problems: Problems) -> None:
    unit = _info(sheet, "unit")
    if unit is not None and unit != targets.unit:
        info = next(i for i in LEDGER_LAYOUT.info if i.key == "unit")
        problems.add(
            CellProblem(
                LEDGER_LAYOUT.info_row,
                get_column_letter(info.value_column),
                unit,
                Text(
                    f"填报单位与计划的单位 “{targets.unit}” 不同；是否拿错了计划或台账？",
                    f"the sheet's unit differs from the plan's '{targets.unit}': "
                    "is this the right plan for this sheet?",
                ),
                LEDGER_LAYOUT.sheet,
                info.label.rstrip("：:"),
            )
        )


def _rows(
    sheet: Worksheet, targets: PlanTargets, today: date, problems: Problems
) -> list[SheetRow]:
    window = targets.window
    earliest = window.start - timedelta(days=DATE_SLACK_BEFORE)
    latest = min(window.end + timedelta(days=DATE_SLACK_AFTER), today)
    seen: dict[str, int] = {}
    rows: list[SheetRow] = []
    for cells in sheet.iter_rows(min_row=LEDGER_LAYOUT.first_data_row):
        values = {key: cells[number - 1].value for key, (number, _) in _COLUMNS.items()}
        row = cells[0].row
        assert row is not None
        occurrence_id = _text(values["id"])
        if occurrence_id is None:
            continue
        reader = _RowReader(row, values, problems)
        if occurrence_id not in targets.by_occurrence_id:
            reader.fail("id", _unknown_id(targets, occurrence_id))
        elif occurrence_id in seen:
            reader.fail(
                "id",
                Text(
                    f"与第 {seen[occurrence_id]} 行是同一条记录；删去重复的一行",
                    f"the same record as row {seen[occurrence_id]}; delete the repeated row",
                ),
            )
        seen.setdefault(occurrence_id, row)
        status = reader.status()
        actual = reader.day("actual_date", earliest, latest, today)
        participants = reader.count("actual_participants")
        if status is Status.DONE and actual is None and "actual_date" not in reader.failed:
            reader.fail(
                "actual_date",
                Text("状态为已完成，但没有填实际日期", "the status is done but the date is empty"),
            )
        filled = actual is not None or participants is not None
        if status is not Status.DONE and filled and "status" not in reader.failed:
            word = values["status"] or "（空）"
            reader.fail(
                "status",
                Text(
                    f"已填实际日期或人数，但状态是 “{word}”；改为已完成，或清空这些格",
                    f"the actual date or participants are filled but the status is '{word}': "
                    "set it to 已完成, or clear them",
                ),
            )
        if not reader.failed:
            rows.append(
                SheetRow(
                    occurrence_id,
                    status,
                    actual,
                    participants,
                    _text(values["evidence"]),
                    _text(values["remarks"]),
                )
            )
    return rows


class _RowReader:
    """Reads one row's cells, adding a located problem for each bad one."""

    def __init__(self, row: int, values: dict[str, object], problems: Problems) -> None:
        self.row = row
        self.values = values
        self.problems = problems
        self.failed: set[str] = set()

    def fail(self, key: str, message: Text) -> None:
        self.failed.add(key)
        self.problems.add(_problem(self.row, key, self.values[key], message))

    def status(self) -> Status | None:
        word = _text(self.values["status"])
        if word is None:
            return None
        found = LEDGER_LAYOUT.statuses.get(word)
        if found is None:
            words = "、".join(LEDGER_LAYOUT.statuses)
            self.fail(
                "status",
                Text(f"未知的状态；请从 {words} 中选择", f"unknown status; choose one of {words}"),
            )
        return found

    def day(self, key: str, earliest: date, latest: date, today: date) -> date | None:
        value = self.values[key]
        try:
            if value is None or (isinstance(value, str) and not value.strip()):
                return None
            if isinstance(value, datetime):
                day = value.date()
            elif isinstance(value, date):
                day = value
            elif isinstance(value, str):
                day = parse_day(value)
            else:
                raise BadValue(
                    Text(
                        "不是日期；请填写如 2026-09-15 的日期",
                        "not a date; enter a date such as 2026-09-15",
                    )
                )
            not_after(day, today)
        except BadValue as error:
            self.fail(key, error.message)
            return None
        if not earliest <= day <= latest:
            self.fail(
                key,
                Text(
                    f"日期 {day} 不在 {earliest} 至 {latest} 之间；是否写错了年份或月份？",
                    f"{day} is outside {earliest} to {latest}: is the year or month mistyped?",
                ),
            )
            return None
        return day

    def count(self, key: str) -> int | None:
        value = self.values[key]
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.fail(key, Text("请填写整数人数", "enter a whole number"))
            return None
        try:
            return parse_count(value)
        except BadValue as error:
            self.fail(key, error.message)
            return None


def _text(value: object) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def _unknown_id(targets: PlanTargets, occurrence_id: str) -> Text:
    error = targets.unknown(occurrence_id.split("/", 1)[0])
    hint = error.hint or Text("", "")
    return Text(
        f"记录编号不在计划中（计划改过日期或删了活动？）；{hint.zh}",
        f"the record id is not in the plan (was a date changed or an item removed?); {hint.en}",
    )


def _record(
    row: SheetRow,
    previous: Completion | None,
    targets: PlanTargets,
    actor: str,
    now: datetime,
) -> Completion | None:
    """The record a row asks for, or None when the ledger already says it."""
    live = previous if previous is not None and previous.kind is RecordKind.DONE else None
    if row.status is Status.CANCELLED:
        if live is None:
            return None
        return replace(
            live,
            kind=RecordKind.UNDONE,
            actual_date=None,
            participants=None,
            cadres=None,
            residents=None,
            materials=(),
            evidence=(),
            evidence_text=None,
            note=row.remarks,
            recorded_by=actor,
            recorded_at=now,
            supersedes=live.id,
            id=None,
        )
    if row.status is not Status.DONE:
        return None
    item = targets.by_occurrence_id[row.occurrence_id]
    base = live or Completion(
        unit=targets.unit,
        plan_id=targets.plan_id,
        item_id=item.id,
        item_kind=item.kind,
        occurrence_id=row.occurrence_id,
        kind=RecordKind.DONE,
        actual_date=None,
        recorded_by=actor,
        recorded_at=now,
    )
    participants = row.participants if row.participants is not None else base.participants
    split_kept = participants == base.participants
    record = replace(
        base,
        actual_date=row.actual_date,
        participants=participants,
        cadres=base.cadres if split_kept else None,
        residents=base.residents if split_kept else None,
        evidence_text=row.evidence_text or base.evidence_text,
        note=row.remarks or base.note,
        recorded_by=actor,
        recorded_at=now,
        supersedes=previous.id if previous is not None else None,
        id=None,
    )
    if live is not None and _states(record) == _states(live):
        return None
    return record


def _states(record: Completion) -> tuple[object, ...]:
    return (record.actual_date, record.participants, record.evidence_text, record.note)
