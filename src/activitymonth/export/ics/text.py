"""Text that cannot break an iCalendar property.

icalendar escapes ``\\ ; , newline`` itself; what it does not handle is control characters
(a pasted form feed or NUL from Word would make strict parsers reject the whole file), so
they are dropped here. Single-line properties get newlines folded into spaces.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Multi-line text without control characters (CR/LF normalised to LF)."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(value: str) -> str:
    """Single-line text: newlines and tabs become spaces."""
    return re.sub(r"\s*\n\s*", " ", clean_text(value).replace("\t", " ")).strip()


def category(value: str) -> str:
    """A category name; commas separate categories, so a comma inside one becomes 、."""
    return one_line(value).replace(",", "、").replace("，", "、")
