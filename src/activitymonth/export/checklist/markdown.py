"""The checklist as GitHub-flavoured Markdown: a section per group, a task per row.

Task lists (``- [ ]`` / ``- [x]``) are ticked by clicking on GitHub and GitLab, and read
well as plain text in a chat or an e-mail. Plan values are data, never markup: a title
with ``*``, ``<`` or ``[`` shows those characters instead of formatting or HTML.
"""

from __future__ import annotations

import re

from activitymonth.export.checklist.labels import (
    LOCATION,
    NEEDS,
    NOTHING,
    RESPONSIBLE,
    WHEN,
    RowText,
    checklist_texts,
    colon,
    listing,
    meta_items,
    signoff_line,
)
from activitymonth.export.checklist.model import Checklist, RowStatus
from activitymonth.i18n import Lang, Text

_ACTIVE = re.compile(r"([\\`*_\[\]<>&~#|!])")
_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def escape(value: str) -> str:
    """Backslash-escape every character Markdown or inline HTML acts on, and put the value
    on one line (a row is one list item)."""
    return _ACTIVE.sub(r"\\\1", _BREAKS.sub(" ", value))


def render_markdown(checklist: Checklist, lang: Lang = "zh") -> bytes:
    return checklist_markdown(checklist, lang).encode("utf-8")


def checklist_markdown(checklist: Checklist, lang: Lang = "zh") -> str:
    meta = " · ".join(
        f"**{escape(key)}**{colon(lang)}{escape(text)}" for key, text in meta_items(checklist, lang)
    )
    lines = [f"# {escape(checklist.title)}", "", meta, ""]
    for group in checklist_texts(checklist, lang):
        lines += [f"## {escape(group.title)}", ""]
        for row in group.rows:
            lines += _task(row, lang)
        lines.append("")
    lines.append(escape(signoff_line(checklist, lang)))
    return "\n".join(lines) + "\n"


def _task(row: RowText, lang: Lang) -> list[str]:
    """``- [ ] 3. **要求**：项目 — ⚠ 逾期`` and indented detail lines below it."""
    box = "[x]" if row.status == RowStatus.DONE else "[ ]"
    if row.status == RowStatus.GAP:
        label = f"**⚠ {escape(row.state)}{colon(lang)}{escape(row.requirement or '')}**"
        return [f"- {box} {row.number}. {label}", f"  - {_field(NEEDS, row.needs, lang)}"]
    item = escape(row.item)
    if row.requirement:
        label = f"**{escape(row.requirement)}**{colon(lang)}{item}"
    else:
        label = f"**{item}**"
    if row.status == RowStatus.CANCELLED:
        label = f"~~{label}~~"
    state = {
        RowStatus.DONE: f" — ✓ {escape(row.state)}",
        RowStatus.OVERDUE: f" — **⚠ {escape(row.state)}**",
        RowStatus.CANCELLED: f" — {escape(row.state)}",
    }.get(row.status, "")
    details = [
        _field(WHEN, row.when, lang),
        _field(RESPONSIBLE, listing(row.responsible, lang), lang),
    ]
    if row.location:
        details.append(_field(LOCATION, row.location, lang))
    lines = [f"- {box} {row.number}. {label}{state}", f"  - {' · '.join(details)}"]
    if row.needs != NOTHING:
        lines.append(f"  - {_field(NEEDS, row.needs, lang)}")
    return lines


def _field(name: Text, value: str, lang: Lang) -> str:
    return f"{name(lang)}{colon(lang)}{escape(value)}"
