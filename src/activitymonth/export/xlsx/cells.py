"""Cell values and text widths for sheets that clerks open in Excel or WPS.

Two things go wrong with plain text in a cell. Text a clerk typed into a plan that starts
with ``=``, ``+``, ``-`` or ``@`` becomes a live formula the moment the sheet opens
(``=HYPERLINK(...)`` in an activity title is enough to send a click to any address), so
every piece of text is cleaned by :func:`clean_text` and, when :func:`looks_like_formula`,
stored with Excel's quote prefix (:meth:`~activitymonth.export.xlsx.sheet.Sheet.put`);
formulas the exporter means are written with ``Sheet.put_formula`` only. And column
widths: Excel counts a column in widths of the digit ``0``, while a Chinese character is
about two of them, so widths and wrapped lines are measured with :func:`display_width`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

CellValue = str | int | float | date | datetime | None

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make Excel, WPS or LibreOffice read typed text as a formula."""

OFFICE_DATE_FORMAT = 'yyyy"年"m"月"d"日"'
"""Number format of date cells: a real date that reads 2026年9月10日."""

_MEASURED = 65_536
"""Texts whose widths are remembered: a sheet repeats a title, a unit or a place on
every row of a recurring activity, and measuring is character by character."""

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters XML 1.0 cannot hold: one of them makes the whole file unreadable."""

_TOKENS = re.compile(r"[A-Za-z0-9_.,:;!?'\"()\[\]/\\%&*+=<>#@$^~`|{}-]+|\s|.", re.DOTALL)


def char_width(char: str) -> int:
    """2 for East Asian wide and fullwidth characters (汉字, 、, ：), 1 for the rest."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


@lru_cache(maxsize=_MEASURED)
def display_width(text: str) -> int:
    """Width of the widest line of ``text`` in column units."""
    if text.isascii():  # ids, numbers, times: every character is 1 wide
        return max(map(len, text.split("\n")))
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
    return _ILLEGAL.sub("", text.replace("\r\n", "\n"))


@lru_cache(maxsize=_MEASURED)
def safe_text(value: str) -> tuple[str, bool]:
    """``value`` as a cell can hold it (:func:`clean_text`), and whether it must be kept
    from becoming a formula (:func:`looks_like_formula`). Remembered, as widths are: a
    sheet repeats the same texts on many rows."""
    text = clean_text(value)
    return text, looks_like_formula(text)


def looks_like_formula(text: str) -> bool:
    """Whether Excel would take ``text`` for a formula if a user edited its cell."""
    return text.startswith(FORMULA_TRIGGERS)


def shown_text(value: CellValue) -> str:
    """The text a cell holding ``value`` shows, as far as widths are concerned (dates as
    the office format prints them)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)
