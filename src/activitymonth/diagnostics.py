"""Located, bilingual problems found while reading a plan.

Loading never raises a traceback at the user: every structural mistake becomes a
``Diagnostic`` with a file position, a message naming the problem and a hint naming the
fix, and all of a file's diagnostics are raised together in one ``PlanLoadError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from activitymonth.i18n import Lang, Text


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """1-based line and column (columns count characters, not bytes)."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in the input. ``code`` is stable (AM0xx for load errors)."""

    code: str
    message: Text
    position: Position | None = None
    hint: Text | None = None
    path: tuple[str | int, ...] = ()

    def render(self, lang: Lang = "zh") -> str:
        where = f"{self.position}: " if self.position else ""
        text = f"{where}{self.code} {self.message(lang)}"
        if self.hint:
            text += (" — 建议：" if lang == "zh" else " — fix: ") + self.hint(lang)
        return text

    def to_dict(self, lang: Lang = "zh") -> dict[str, object]:
        return {
            "code": self.code,
            "file": self.position.file if self.position else None,
            "line": self.position.line if self.position else None,
            "col": self.position.col if self.position else None,
            "message": self.message(lang),
            "hint": self.hint(lang) if self.hint else None,
            "path": list(self.path),
        }


@dataclass
class PlanLoadError(Exception):
    """Raised with every diagnostic of the input at once."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(d.render("en") for d in self.diagnostics)


class Codes:
    """Stable codes of load-time problems (group 0: structure)."""

    YAML_SYNTAX = "AM001"
    ENCODING = "AM002"
    INVALID_VALUE = "AM003"
    UNKNOWN_FIELD = "AM004"
    MISSING_FIELD = "AM005"
    UNKNOWN_REFERENCE = "AM006"
    DUPLICATE_ID = "AM007"
    INCLUDE = "AM008"
    DUPLICATE_KEY = "AM009"
    UNKNOWN_PROGRAM = "AM010"
    UNKNOWN_REGION = "AM011"


def dotted(path: tuple[str | int, ...]) -> str:
    """``("activities", 3, "lead")`` → ``activities[3].lead``, as messages show model paths."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
