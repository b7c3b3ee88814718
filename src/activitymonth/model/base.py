"""Shared base for every model object: frozen, strict about unknown fields.

A plan is data that many later steps (rules, exporters, the ledger) read at once; freezing it
after load means none of them can quietly change what the others see. Forbidding unknown
fields turns a typo such as ``leed:`` into a located error instead of a silently ignored key.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from activitymonth.i18n import Text


class FrozenModel(BaseModel):
    """Immutable, closed model base."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def invalid(message: Text, hint: Text | None = None, at: str | None = None) -> PydanticCustomError:
    """A validation error that carries its message (and fix) in both languages.

    Pydantic only keeps one template string, so the two languages travel in the error's
    context and the loader picks the one the user asked for. ``at`` names the field a
    whole-object check is about (``end`` for end-before-start), so the loader points at
    that key rather than at the start of the object.
    """
    context: dict[str, str] = {"zh": message.zh, "en": message.en}
    if hint is not None:
        context |= {"hint_zh": hint.zh, "hint_en": hint.en}
    if at is not None:
        context["at"] = at
    return PydanticCustomError("am_invalid", "{en}", context)


def error_text(error: ValidationError) -> Text:
    """The first problem of a validation error in both languages (for one-value inputs)."""
    first = error.errors()[0]
    ctx = first.get("ctx") or {}
    if first["type"] == "am_invalid":
        return Text(ctx["zh"], ctx["en"])
    return Text(f"取值无效（{first['msg']}）", f"invalid value ({first['msg']})")
