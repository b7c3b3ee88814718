"""Reading the households to pair (结对户名单) from the table a village or a bureau keeps.

The table is a .csv (UTF-8, or GBK as Excel saves it on a Chinese Windows) or an .xlsx;
its header row may sit below a title and its columns may come in any order, named in
Chinese or English. Columns not listed here (民族, 身份证号, 备注 …) are ignored: the plan
keeps no more personal data than pairing needs.

| column | also | value |
| --- | --- | --- |
| ``name`` | 户主, 户主姓名, 户名, 结对户, 姓名, household | as the registry names it (required) |
| ``village`` | 村, 村名, 所在村, 村(社区), 社区 | its village or community |
| ``members`` | 人口, 家庭人口, 人口数, 人数 | people in the household, 1 or more |
| ``need`` | 困难程度, 困难等级, 困难 | 1 to 5, 5 the greatest need (required) |
| ``phone`` | 电话, 联系电话, 手机, 手机号 | contact number |

Every row is checked before any is used: a refused file lists each bad cell with its
row, column and value, and nothing is proposed from it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from activitymonth.i18n import Text
from activitymonth.ledger.errors import CellProblem, LedgerError
from activitymonth.ledger.importing import Problems, Source
from activitymonth.ledger.values import BadValue, parse_count
from activitymonth.ledger.visits_import import decode_csv
from activitymonth.model import Household

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("户主", "户主姓名", "户名", "结对户", "姓名", "household"),
    "village": ("村", "村名", "所在村", "村(社区)", "社区"),
    "members": ("人口", "家庭人口", "人口数", "人数"),
    "need": ("困难程度", "困难等级", "困难"),
    "phone": ("电话", "联系电话", "手机", "手机号"),
}
REQUIRED = ("name", "need")
HEADER_SEARCH_ROWS = 10
"""Rows searched for the header: a title and a 填报单位 line often come first."""

_BY_NAME = {name: key for key, names in COLUMNS.items() for name in (key, *names)}
_NOTE = re.compile(r"\(.*\)$")


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    """A household read from the table and the row it came from (1-based, as Excel counts)."""

    household: Household
    row: int


@dataclass(frozen=True, slots=True)
class _Grid:
    """The cells of one table: ``sheet`` is None for a CSV file."""

    file: str
    sheet: str | None
    rows: list[list[object]]


def read_households(path: Path) -> tuple[HouseholdRow, ...]:
    """The households of a .csv or .xlsx table, in the table's order.

    Raises ``LedgerError`` for a file that cannot be read as a table (missing, another
    format, no header row, no households) and ``ImportRejected``, listing every bad cell,
    for rows that are wrong.
    """
    source = Source.read(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = decode_csv(source)
        grid = _Grid(source.name, None, [list(row) for row in csv.reader(io.StringIO(text))])
    elif suffix in (".xlsx", ".xlsm"):
        grid = _workbook_grid(source)
    else:
        raise LedgerError(
            Text(
                f"{source.name}：不支持的文件类型 “{path.suffix}”",
                f"{source.name}: unsupported file type '{path.suffix}'",
            ),
            Text(
                "在 Excel 或 WPS 中另存为 .xlsx 或 .csv",
                "save it as .xlsx or .csv from Excel or WPS",
            ),
        )
    header = _header_row(grid.rows)
    if header is None:
        raise _no_header(grid)
    return _households(grid, header)


def _workbook_grid(source: Source) -> _Grid:
    """The first sheet with a header row (else the first sheet, whose header is missing)."""
    try:
        workbook = load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise LedgerError(
            Text(
                f"{source.name} 不是可读取的 .xlsx 文件", f"{source.name} is not a readable .xlsx"
            ),
            Text(
                "用 Excel 或 WPS 另存为 .xlsx 格式，或另存为 .csv",
                "save it as .xlsx (or .csv) from Excel or WPS",
            ),
        ) from None
    grids = [
        _Grid(source.name, sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)])
        for sheet in workbook.worksheets
    ]
    workbook.close()
    return next((grid for grid in grids if _header_row(grid.rows) is not None), grids[0])


def _key(value: object) -> str:
    """A header as compared: full-width folded, spaces dropped, lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _cell(value))).lower()


def _column_of(value: object) -> str | None:
    """The column a header names: exactly, or with a note in brackets (困难程度（1-5）)."""
    key = _key(value)
    return _BY_NAME.get(key) or _BY_NAME.get(_NOTE.sub("", key))


def _columns(row: Sequence[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        column = _column_of(value)
        if column is not None:
            found.setdefault(column, index)
    return found


def _header_row(rows: list[list[object]]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if all(column in _columns(row) for column in REQUIRED):
            return index
    return None


def _no_header(grid: _Grid) -> LedgerError:
    where = f"{grid.file}:{grid.sheet}" if grid.sheet else grid.file
    first = next(
        (" | ".join(_cell(v) for v in row if _cell(v)) for row in grid.rows if any(row)), ""
    )
    seen_zh = f"；第一行是：{first}" if first else "；表是空的"
    seen_en = f"; the first row reads: {first}" if first else "; the table is empty"
    return LedgerError(
        Text(
            f"{where}：前 {HEADER_SEARCH_ROWS} 行里找不到表头"
            f"（需要 户主 和 困难程度 两列）{seen_zh}",
            f"{where}: no header row in the first {HEADER_SEARCH_ROWS} rows (the columns "
            f"name and need are required){seen_en}",
        ),
        Text(
            "表头写成 户主、村、人口、困难程度（或 name, village, members, need）",
            "name the columns 户主, 村, 人口, 困难程度 (or name, village, members, need)",
        ),
    )


def _cell(value: object) -> str:
    """A cell as text; Excel's 5.0 is 5."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _need(text: str) -> int:
    try:
        number = float(unicodedata.normalize("NFKC", text))
    except ValueError:
        number = 0.5
    if not number.is_integer() or not 1 <= number <= 5:
        raise BadValue(
            Text(
                "困难程度应为 1 到 5 的整数（5 最困难）",
                "need must be a whole number from 1 to 5 (5 is the greatest need)",
            )
        )
    return int(number)


def _members(text: str) -> int:
    count = parse_count(unicodedata.normalize("NFKC", text))
    if count < 1:
        raise BadValue(Text("家庭人口至少为 1", "a household has at least 1 member"))
    return count


def _households(grid: _Grid, header: int) -> tuple[HouseholdRow, ...]:
    """Every row below the header as a household, once all of them are valid."""
    columns = _columns(grid.rows[header])
    headings = {key: _cell(grid.rows[header][at]) for key, at in columns.items()}
    problems = Problems(grid.file)

    def problem(row: int, key: str, value: str, message: Text) -> CellProblem:
        if grid.sheet is None:
            return CellProblem(row, headings[key], value, message)
        letter = get_column_letter(columns[key] + 1)
        return CellProblem(row, letter, value, message, grid.sheet, headings[key])

    found: list[HouseholdRow] = []
    seen: dict[tuple[str, str | None], int] = {}
    for row, cells in _data_rows(grid.rows, header):
        values = {key: _cell(cells[at]) if at < len(cells) else "" for key, at in columns.items()}
        parsed: dict[str, int | None] = {}
        for key, parse in (("need", _need), ("members", _members)):
            if not values.get(key):
                parsed[key] = None
                continue
            try:
                parsed[key] = parse(values[key])
            except BadValue as error:
                problems.add(problem(row, key, values[key], error.message))
        name, village = values["name"], values.get("village") or None
        if not name:
            problems.add(
                problem(row, "name", name, Text("户主姓名为空", "the household has no name"))
            )
        if not values["need"]:
            problems.add(
                problem(
                    row,
                    "need",
                    "",
                    Text(
                        "没有填困难程度；填 1 到 5（5 最困难）",
                        "need is empty; write 1 to 5 (5 is the greatest need)",
                    ),
                )
            )
        if name and (name, village) in seen:
            first = seen[(name, village)]
            problems.add(
                problem(
                    row,
                    "name",
                    name,
                    Text(
                        f"与第 {first} 行是同一户（户主和村都相同）；删去一行",
                        f"the same household as row {first} (same name and village); drop one",
                    ),
                )
            )
        elif name:
            seen[(name, village)] = row
        if problems.count:
            continue
        household = Household(
            name=name,
            village=village,
            members=parsed["members"],
            need=parsed["need"],
            phone=values.get("phone") or None,
        )
        found.append(HouseholdRow(household, row))
    problems.raise_any()
    if not found:
        raise LedgerError(
            Text(
                f"{grid.file}：表头下面没有结对户", f"{grid.file}: no households below the header"
            ),
            Text("每户填一行：户主、村、人口、困难程度", "one row per household: name, village, …"),
        )
    return tuple(found)


def _data_rows(rows: list[list[object]], header: int) -> Iterator[tuple[int, list[object]]]:
    """Rows below the header that hold anything, with their 1-based row numbers."""
    for index in range(header + 1, len(rows)):
        if any(_cell(value) for value in rows[index]):
            yield index + 1, rows[index]
