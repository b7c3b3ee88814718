"""Findings: what a rule reports, as plain data every output format can render."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from activitymonth.diagnostics import Position
from activitymonth.i18n import Lang, Text

ModelPath = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Group(StrEnum):
    """Rule families; the digit is the second character of every code (AM2xx = dates)."""

    STRUCTURE = "structure"
    DATES = "dates"
    STAFFING = "staffing"
    ITEMS = "items"
    PAIRING = "pairing"
    RESOURCES = "resources"
    LEDGER = "ledger"

    @property
    def digit(self) -> str:
        return str(list(Group).index(self) + 1)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the scalar written at ``path`` with ``value`` (text as it should appear)."""

    path: ModelPath
    value: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that resolves a finding. Only ``safe`` fixes are applied by ``--fix``."""

    description: Text
    edits: tuple[Edit, ...]
    applicability: Literal["safe", "unsafe", "display"] = "safe"


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: Text
    path: ModelPath = ()
    position: Position | None = None
    hint: Text | None = None
    fix: Fix | None = None
    logical_path: str = ""
    waiver: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def fingerprint(self) -> str:
        """Stable across edits that move lines: code + file + the path by item ids."""
        file = self.position.file if self.position else ""
        digest = hashlib.sha256(f"{self.code}|{file}|{self.logical_path}".encode())
        return digest.hexdigest()[:32]

    def render(self, lang: Lang = "zh") -> str:
        where = f"{self.position}: " if self.position else ""
        text = f"{where}{self.severity.value} {self.code} {self.message(lang)}"
        if self.hint:
            text += (" — 建议：" if lang == "zh" else " — fix: ") + self.hint(lang)
        return text

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        where = self.position
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "file": where.file if where else None,
            "line": where.line if where else None,
            "col": where.col if where else None,
            "path": self.logical_path,
            "message": self.message(lang),
            "hint": self.hint(lang) if self.hint else None,
            "fix": (
                {
                    "description": self.fix.description(lang),
                    "applicability": self.fix.applicability,
                    "edits": [
                        {"path": list(edit.path), "value": edit.value} for edit in self.fix.edits
                    ],
                }
                if self.fix
                else None
            ),
            "waiver": self.waiver,
            "fingerprint": self.fingerprint,
        }
