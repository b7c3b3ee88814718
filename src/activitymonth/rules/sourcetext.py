"""A plan file's text as the YAML parser saw it, for the tools that work on the text itself.

Suppression comments and ``--fix`` both turn parser positions (1-based line, code-point
column) back into places in the file. They must count lines exactly as libyaml does — it
breaks lines on ``\\r\\n``, ``\\r``, ``\\n``, NEL, U+2028 and U+2029 — or a comment
would silence the wrong line and a fix would land in the wrong place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from activitymonth.diagnostics import Position
from activitymonth.load import LoadedPlan
from activitymonth.load.source import decode
from activitymonth.model import Plan

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
BOM = "\ufeff"


@dataclass(frozen=True)
class SourceText:
    """One file: its decoded text without the byte-order mark, and whether it had one
    (kept so that writing the file back changes nothing but the edits)."""

    path: Path
    text: str
    bom: bool = False

    @classmethod
    def read(cls, shown: str) -> SourceText | None:
        """The file a position names (``Position.file`` is the path as the plan was
        opened); None when it is not a readable UTF-8 file on disk."""
        path = Path(shown)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        text, _ = decode(raw, shown)
        if text is None:
            return None
        return cls(path, text, raw.startswith(BOM.encode()))

    @property
    def full(self) -> str:
        """The text as stored, byte-order mark included."""
        return (BOM if self.bom else "") + self.text

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        """Offset of the first character of each line (index 0 is line 1)."""
        return (0, *(match.end() for match in _BREAK.finditer(self.text)))

    def line(self, number: int) -> str:
        """Line ``number`` (1-based) without its line break."""
        start = self.line_starts[number - 1]
        end = self.line_starts[number] if number < len(self.line_starts) else len(self.text)
        return _BREAK.sub("", self.text[start:end])

    def offset(self, where: Position) -> int | None:
        """Offset of a parser position in ``text``; None when the position is not inside
        the file as it is now (it changed since the plan was loaded)."""
        if not 1 <= where.line <= len(self.line_starts):
            return None
        if not 1 <= where.col <= len(self.line(where.line)) + 1:
            return None
        return self.line_starts[where.line - 1] + where.col - 1


def plan_files(loaded: LoadedPlan) -> list[str]:
    """The files that wrote the plan, as positions name them: the plan itself, and each file
    that wrote a top-level key or a list entry — which is what ``extends`` and ``include``
    contribute. Cheap: one position lookup per top-level value and list entry."""
    sources = loaded.sources
    found = {loaded.file: None}
    for name, info in Plan.model_fields.items():
        key = info.alias or name
        if not sources.has((key,)):
            continue
        found[sources.locate((key,)).file] = None
        value = getattr(loaded.plan, name)
        if isinstance(value, tuple):
            for index in range(len(value)):
                found[sources.locate((key, index)).file] = None
    return list(found)
