"""Layout that neither openpyxl nor Excel does for a sheet: widths, row heights, printing.

Excel sizes nothing by itself when a file is opened: a column stays 8.43 wide and a
wrapped cell grows only when someone edits it, so a printed 台账 comes out with cut-off
titles. Widths are computed from the content (capped, beyond the cap the column wraps) and
each row is made tall enough for its most-wrapped cell. Print setup is the one offices
use: A4, one page wide, the column headers repeated on every page, page numbers below.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from copy import copy
from typing import Generic, TypeVar

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from activitymonth.export.xlsx.cells import (
    display_width,
    shown_text,
    text_cells,
    wrapped_line_count,
)
from activitymonth.i18n import Lang, Text

PADDING = 2
"""Column units added to the widest text, so that text never touches the grid line."""

LINE_HEIGHT = 16.0
"""Points per line of 11 pt text in a CJK font (taller than Excel's 15 pt Latin default)."""

ROW_PADDING = 4.0

THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNDERLINE = Border(bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")

K = TypeVar("K", bound=Hashable)


class StyleStamps(Generic[K]):
    """Cell styles worked out once per kind of cell, then stamped onto every cell of it.

    Each ``cell.border = GRID`` makes openpyxl hash the whole Border, side by side and
    colour by colour, to find it in the workbook's list: for the 280,000 cells of a county
    plan's ledger that was about 10 of the export's 17 s. Here the first cell of a kind is
    styled by ``apply`` the ordinary way and later cells get a copy of the indexes it ended
    up with (``Cell._style``, as openpyxl's own worksheet copier does). Stamp a cell before
    writing its value: :func:`~activitymonth.export.xlsx.cells.put` may add the quote
    prefix, which belongs to that cell alone.
    """

    def __init__(self, apply: Callable[[Cell, K], None]) -> None:
        self._apply = apply
        self._styles: dict[K, StyleArray] = {}

    def stamp(self, cell: Cell, kind: K) -> Cell:
        style = self._styles.get(kind)
        if style is None:
            self._apply(cell, kind)
            self._styles[kind] = copy(cell._style)
        else:
            cell._style = copy(style)
        return cell


def fit_columns(sheet: Worksheet, caps: Mapping[int, int], rows: range) -> dict[int, int]:
    """Set each column in ``caps`` as wide as its widest text in ``rows`` plus padding, but
    no wider than its cap (longer text wraps); returns the widths set."""
    widest = dict.fromkeys(caps, 0)
    for cell in text_cells(sheet, rows):
        if cell.column in widest:
            widest[cell.column] = max(widest[cell.column], display_width(shown_text(cell)))
    widths = {column: min(widest[column], cap) + PADDING for column, cap in caps.items()}
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    return widths


def fit_rows(sheet: Worksheet, widths: Mapping[int, int], rows: range) -> None:
    """Make every row in ``rows`` tall enough for its most-wrapped cell."""
    lines = dict.fromkeys(rows, 1)
    for cell in text_cells(sheet, rows):
        if cell.column in widths:
            needed = wrapped_line_count(shown_text(cell), widths[cell.column] - PADDING)
            lines[cell.row] = max(lines[cell.row], needed)
    for row, count in lines.items():
        sheet.row_dimensions[row].height = count * LINE_HEIGHT + ROW_PADDING


def style_header(sheet: Worksheet, row: int, columns: range) -> None:
    for column in columns:
        cell = sheet.cell(row=row, column=column)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = CENTER
        cell.border = GRID


def merged_title(sheet: Worksheet, row: int, last_column: int, size: int = 16) -> None:
    """Merge a title across the table and make its row tall enough for the large font."""
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    cell = sheet.cell(row=row, column=1)
    cell.font = Font(bold=True, size=size)
    cell.alignment = CENTER
    sheet.row_dimensions[row].height = size * 1.6 + ROW_PADDING


PAGE_NUMBERS = Text("第 &P 页，共 &N 页", "Page &P of &N")


def print_setup(sheet: Worksheet, *, landscape: bool, title_rows: str, lang: Lang = "zh") -> None:
    """A4, fit to one page wide (any number of pages tall), ``title_rows`` (``"3:3"``)
    repeated on every page, centred, page numbers in the footer."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = PAGE_NUMBERS(lang)
