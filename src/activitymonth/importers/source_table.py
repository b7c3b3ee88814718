"""Reading an 活动安排表 as offices make it: .xlsx or .csv (UTF-8 or GBK), with a merged
title above the table, headers found by name, extra columns ignored.

The result is a :class:`SourceTable`: the lines above the header (title, 填报单位) and one
:class:`SourceRow` per table row, its cells keyed by what they mean (``content``, ``when``,
``people`` …) and each carrying its cell reference, so every later complaint can name
``活动安排表.xlsx:活动安排表!C7``. A cell merged down several rows (one 牵头单位 for three
activities) counts for every row it covers.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from activitymonth.i18n import Lang, Text

HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号"),
    "content": ("活动内容", "活动名称", "活动项目", "活动主题", "工作内容", "工作任务", "内容"),
    "when": ("时间", "活动时间", "时间安排", "开展时间", "完成时间"),
    "date": ("日期", "活动日期"),
    "location": ("地点", "活动地点", "地址"),
    "lead_unit": ("牵头单位", "牵头部门", "责任单位", "主办单位"),
    "co_units": ("配合单位", "配合部门", "协办单位", "参与单位"),
    "people": ("责任人", "负责人", "具体负责人", "联系人"),
    "remarks": ("备注", "说明"),
}
"""Header words of each column role; a header matches a name it equals or starts with."""

HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class SourceCell:
    value: object  # str, int, float, date, datetime or time; never None
    ref: str  # "C7"


@dataclass(frozen=True)
class SourceRow:
    number: int  # 1-based row in the sheet or file
    cells: dict[str, SourceCell]
    spans_table: bool  # a title or section heading merged across the table


@dataclass(frozen=True)
class SourceTable:
    file: str
    sheet: str | None  # None for CSV
    preamble: tuple[str, ...]  # text of the rows above the header
    rows: tuple[SourceRow, ...]

    def where(self, ref: str) -> str:
        """``活动安排表.xlsx:活动安排表!C7`` (``安排.csv:C7`` for CSV)."""
        return f"{self.file}:{self.sheet}!{ref}" if self.sheet else f"{self.file}:{ref}"


@dataclass(frozen=True)
class SourceProblem:
    """A problem located in the source table: ``where`` is ``file:sheet!C7`` or a file."""

    where: str
    message: Text
    hint: Text

    def render(self, lang: Lang = "zh") -> str:
        fix = (" — 建议：" if lang == "zh" else " — fix: ") + self.hint(lang)
        return f"{self.where}: {self.message(lang)}{fix}"


class ScheduleImportError(Exception):
    """Everything wrong with an input table, reported together; nothing is written."""

    def __init__(self, problems: Sequence[SourceProblem]) -> None:
        super().__init__("; ".join(p.render("en") for p in problems))
        self.problems = list(problems)


def read_table(path: Path, sheet: str | None = None) -> SourceTable:
    """The schedule table in ``path`` (.xlsx/.xlsm or .csv). Raises ScheduleImportError."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _from_grid(path.name, None, _csv_grid(path))
    if suffix in (".xlsx", ".xlsm"):
        return _from_workbook(path, sheet)
    raise ScheduleImportError(
        [
            SourceProblem(
                path.name,
                Text(f"不支持的文件类型 “{path.suffix}”", f"unsupported file type '{path.suffix}'"),
                Text(
                    "在 Excel 或 WPS 中另存为 .xlsx 或 .csv 后再导入",
                    "save it as .xlsx or .csv in Excel or WPS, then import that",
                ),
            )
        ]
    )


def _csv_grid(path: Path) -> list[list[object]]:
    """Rows of a CSV file in UTF-8 (with or without BOM) or GBK/GB18030, as Excel in
    Chinese Windows saves it."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ScheduleImportError(
            [
                SourceProblem(
                    path.name,
                    Text(
                        "文件既不是 UTF-8 也不是 GBK 编码的文本",
                        "the file is neither UTF-8 nor GBK text",
                    ),
                    Text(
                        "在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx 后再导入",
                        "save it as CSV UTF-8 or .xlsx in Excel or WPS, then import that",
                    ),
                )
            ]
        )
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",\t;")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _from_workbook(path: Path, name: str | None) -> SourceTable:
    try:
        workbook = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise ScheduleImportError(
            [
                SourceProblem(
                    path.name,
                    Text(
                        f"无法读取这个 Excel 文件（{error}）",
                        f"cannot read this workbook ({error})",
                    ),
                    Text(
                        "确认文件没有损坏、没有加密，必要时另存为 .xlsx",
                        "check that the file is not damaged or encrypted; save it again as .xlsx",
                    ),
                )
            ]
        ) from None
    if name is not None and name not in workbook.sheetnames:
        raise ScheduleImportError(
            [
                SourceProblem(
                    path.name,
                    Text(f"没有名为 “{name}” 的工作表", f"there is no sheet named '{name}'"),
                    Text(
                        f"可用的工作表：{'、'.join(workbook.sheetnames)}",
                        f"sheets in the file: {', '.join(workbook.sheetnames)}",
                    ),
                )
            ]
        )
    candidates = [workbook[name]] if name else list(workbook.worksheets)
    first: tuple[str, list[list[object]], set[int]] | None = None
    for worksheet in candidates:
        grid, spans = _sheet_grid(worksheet)
        if _header_row(grid) is not None:
            return _from_grid(path.name, worksheet.title, grid, spans)
        first = first or (worksheet.title, grid, spans)
    assert first is not None  # a workbook has at least one sheet
    return _from_grid(path.name, *first)  # raises, naming what the first sheet holds


def _sheet_grid(worksheet: Worksheet) -> tuple[list[list[object]], set[int]]:
    """Cell values row by row, merged areas resolved: an area one column wide gives its
    value to every row; an area across columns keeps it in its first cell and marks the row
    (0-based) as spanning (a title or a section heading)."""
    grid = [list(row) for row in worksheet.iter_rows(values_only=True)]
    spanning: set[int] = set()
    for area in worksheet.merged_cells.ranges:
        if area.min_col != area.max_col:
            spanning.update(range(area.min_row - 1, area.max_row))
            continue
        value = grid[area.min_row - 1][area.min_col - 1]
        for row in range(area.min_row, min(area.max_row, len(grid))):
            grid[row][area.min_col - 1] = value
    return grid, spanning


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _header_key(value: object) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _text(value)))


def _roles(row: Sequence[object]) -> dict[str, int]:
    """Column index of each role this row names (the first column that names it)."""
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        header = _header_key(value)
        matches = [
            (len(name), role)
            for role, names in HEADER_NAMES.items()
            for name in names
            if header == name or (header.startswith(name) and len(header) <= len(name) + 4)
        ]
        if matches:
            found.setdefault(max(matches)[1], index)
    return found


def _header_row(grid: list[list[object]]) -> int | None:
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        roles = _roles(row)
        if "content" in roles and ("when" in roles or "date" in roles):
            return index
    return None


def _from_grid(
    file: str, sheet: str | None, grid: list[list[object]], spans: set[int] | None = None
) -> SourceTable:
    header = _header_row(grid)
    if header is None:
        where = f"{file}:{sheet}" if sheet else file
        seen = next((" | ".join(_text(v) for v in row if _text(v)) for row in grid if any(row)), "")
        raise ScheduleImportError(
            [
                SourceProblem(
                    where,
                    Text(
                        f"前 {HEADER_SEARCH_ROWS} 行里找不到表头（需要 活动内容 和 时间 两列）"
                        + (f"；第一行是：{seen}" if seen else "；表是空的"),
                        f"no header row in the first {HEADER_SEARCH_ROWS} rows (columns 活动内容 "
                        "and 时间 are needed)" + (f"; the first row reads: {seen}" if seen else ""),
                    ),
                    Text(
                        "表头写成 序号、活动内容、时间、地点、牵头单位、配合单位、责任人",
                        "name the columns 序号, 活动内容, 时间, 地点, 牵头单位, 配合单位, 责任人",
                    ),
                )
            ]
        )
    roles = _roles(grid[header])
    preamble = tuple(
        " ".join(_text(v) for v in row if _text(v)) for row in grid[:header] if any(map(_text, row))
    )
    rows = []
    for index in range(header + 1, len(grid)):
        values = grid[index]
        cells = {
            role: SourceCell(values[column], f"{get_column_letter(column + 1)}{index + 1}")
            for role, column in roles.items()
            if column < len(values) and _text(values[column])
        }
        if cells:
            rows.append(SourceRow(index + 1, cells, index in (spans or set())))
    return SourceTable(file, sheet, preamble, tuple(rows))
