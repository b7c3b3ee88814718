"""Cell values and text widths for sheets that clerks open in Excel or WPS.

Two things go wrong with plain ``cell.value = text``. Text a clerk typed into a plan that
starts with ``=``, ``+``, ``-`` or ``@`` becomes a live formula the moment the sheet opens
(``=HYPERLINK(...)`` in an activity title is enough to send a click to any address), so
every piece of text goes through :func:`put`, which stores it as a string with Excel's
quote prefix; formulas the exporter means are written with :func:`put_formula` only. And
column widths: Excel counts a column in widths of the digit ``0``, while a Chinese character
is about two of them, so widths and wrapped lines are measured with :func:`display_width`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

CellValue = str | int | float | date | datetime | None

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make Excel, WPS or LibreOffice read typed text as a formula."""

OFFICE_DATE_FORMAT = 'yyyy"年"m"月"d"日"'
"""Number format of date cells: a real date that reads 2026年9月10日."""

_MEASURED = 65_536
"""Texts whose widths are remembered: a sheet repeats a title, a unit or a place on
every row of a recurring activity, and measuring is character by character."""

_TOKENS = re.compile(r"[A-Za-z0-9_.,:;!?'\"()\[\]/\\%&*+=<>#@$^~`|{}-]+|\s|.", re.DOTALL)


def char_width(char: str) -> int:
    """2 for East Asian wide and fullwidth characters (汉字, 、, ：), 1 for the rest."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


@lru_cache(maxsize=_MEASURED)
def display_width(text: str) -> int:
    """Width of the widest line of ``text`` in column units."""
    return max((sum(map(char_width, line)) for line in text.split("\n")), default=0)


@lru_cache(maxsize=_MEASURED)
def wrapped_line_count(text: str, width: int) -> int:
    """How many lines ``text`` takes in a column ``width`` units wide when wrapped.

    Chinese wraps between any two characters, Latin words and numbers only at spaces (a
    word longer than the column is cut), as Excel and LibreOffice lay them out.
    """
    width = max(width, 2)
    count = 0
    for line in text.split("\n"):
        count += 1
        used = 0
        for token in _TOKENS.findall(line):
            size = sum(map(char_width, token))
            if used + size <= width:
                used += size
            elif token.isspace():
                used = width  # a space at the break is swallowed
            elif size <= width:
                count += 1
                used = size
            else:
                extra = math.ceil((used + size) / width) - 1
                count += extra
                used = (used + size) - extra * width
    return count


def clean_text(text: str) -> str:
    """Text as a cell can hold it: line ends as ``\\n``, no control characters that make
    the file unreadable."""
    return ILLEGAL_CHARACTERS_RE.sub("", text.replace("\r\n", "\n"))


def put(sheet: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """Write a value that can never become a formula.

    Text that looks like a formula is stored as a string and marked with the quote prefix,
    so Excel keeps it text even when a user edits the cell and presses Enter.
    """
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        if text.startswith(FORMULA_TRIGGERS):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
        if isinstance(value, date):
            cell.number_format = OFFICE_DATE_FORMAT
    return cell


def put_formula(sheet: Worksheet, row: int, column: int, formula: str) -> Cell:
    """Write a formula the exporter built itself (never user text)."""
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    cell = sheet.cell(row=row, column=column)
    cell.value = formula
    return cell


def shown_text(cell: Cell) -> str:
    """The text a cell shows, as far as widths are concerned (formulas count as empty:
    their results are short totals)."""
    value = cell.value
    if value is None or cell.data_type == "f":
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def text_cells(sheet: Worksheet, rows: range) -> Iterator[Cell]:
    """Every cell with content in ``rows``, merged areas excluded (they span columns)."""
    merged = {
        (r, c)
        for area in sheet.merged_cells.ranges
        for r in range(area.min_row, area.max_row + 1)
        for c in range(area.min_col, area.max_col + 1)
    }
    for row in sheet.iter_rows(min_row=rows.start, max_row=rows.stop - 1):
        for cell in row:
            if cell.value is not None and (cell.row, cell.column) not in merged:
                yield cell
