"""Pydantic validation errors → located, bilingual diagnostics with a fix hint."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from activitymonth.diagnostics import Codes, Diagnostic, dotted
from activitymonth.i18n import Text
from activitymonth.load.sourcemap import SourceMap

_TYPE_NAMES: dict[str, tuple[str, str]] = {
    "int": ("整数", "a whole number"),
    "float": ("数字", "a number"),
    "string": ("文字", "text"),
    "bool": ("true 或 false", "true or false"),
    "list": ("列表（- 开头的多行，或 [a, b]）", "a list (lines starting with -, or [a, b])"),
    "tuple": ("列表（- 开头的多行，或 [a, b]）", "a list (lines starting with -, or [a, b])"),
    "dict": ("映射（键: 值）", "a mapping (key: value)"),
    "model": ("映射（键: 值）", "a mapping (key: value)"),
}


def translate(
    error: ValidationError, raw: Any, sources: SourceMap, model: type[BaseModel]
) -> list[Diagnostic]:
    """One diagnostic per located problem; union alternatives for one spot are merged."""
    seen: set[tuple[Any, ...]] = set()
    diagnostics = []
    for item in sorted(error.errors(), key=_preference):
        path = data_path(raw, item["loc"], item["type"])
        if path in seen:
            continue
        seen.add(path)
        diagnostics.append(_diagnostic(item, path, sources, model))
    return diagnostics


def _preference(item: Any) -> int:
    """Among union alternatives at one spot, prefer our own bilingual messages."""
    return 0 if item["type"] == "am_invalid" else 1


def data_path(raw: Any, loc: Iterable[Any], error_type: str) -> tuple[Any, ...]:
    """Keep the parts of pydantic's ``loc`` that exist in the data (drop union tags)."""
    path: list[Any] = []
    current = raw
    steps = list(loc)
    for index, step in enumerate(steps):
        if (isinstance(current, dict) and step in current) or (
            isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current)
        ):
            current = current[step]
        elif error_type == "missing" and index == len(steps) - 1:
            path.append(step)
            break
        else:
            continue
        path.append(step)
    return tuple(path)


def _diagnostic(
    item: Any, path: tuple[Any, ...], sources: SourceMap, model: type[BaseModel]
) -> Diagnostic:
    kind: str = item["type"]
    ctx = item.get("ctx") or {}
    field_path = dotted(path)
    if kind == "am_invalid":
        if "at" in ctx and sources.has((*path, ctx["at"])):
            path = (*path, ctx["at"])
        hint = Text(ctx["hint_zh"], ctx["hint_en"]) if "hint_zh" in ctx else None
        return Diagnostic(
            Codes.INVALID_VALUE,
            Text(f"{field_path}：{ctx['zh']}", f"{field_path}: {ctx['en']}"),
            sources.locate(path, key="at" in ctx),
            hint,
            path=path,
        )
    if kind == "extra_forbidden":
        field = str(path[-1]) if path else "?"
        known = field_names(model, path[:-1])
        near = difflib.get_close_matches(field, known, n=1, cutoff=0.5)
        hint = (
            Text(f"是不是 “{near[0]}”？", f"did you mean '{near[0]}'?")
            if near
            else Text(f"可用字段：{', '.join(known)}", f"known fields: {', '.join(known)}")
        )
        return Diagnostic(
            Codes.UNKNOWN_FIELD,
            Text(
                f"未知字段 “{field}”（在 {dotted(path[:-1]) or '最外层'}）",
                f"unknown field '{field}' (in {dotted(path[:-1]) or 'top level'})",
            ),
            sources.locate(path, key=True),
            hint,
            path,
        )
    if kind == "missing":
        field = str(path[-1]) if path else "?"
        return Diagnostic(
            Codes.MISSING_FIELD,
            Text(
                f"缺少必填字段 “{field}”（在 {dotted(path[:-1]) or '最外层'}）",
                f"missing required field '{field}' (in {dotted(path[:-1]) or 'top level'})",
            ),
            sources.locate(path[:-1]),
            Text(f"加上 {field}: …", f"add {field}: …"),
            path,
        )
    return Diagnostic(
        Codes.INVALID_VALUE,
        _value_message(kind, ctx, item, field_path),
        sources.locate(path),
        path=path,
    )


def _value_message(kind: str, ctx: dict[str, Any], item: Any, field_path: str) -> Text:
    value = item.get("input")
    shown = value if isinstance(value, str | int | float) else type(value).__name__
    prefix = Text(f"{field_path}：", f"{field_path}: ")
    base = kind.split("_")[0]
    if kind.endswith(("_type", "_parsing")) and base in _TYPE_NAMES:
        zh, en = _TYPE_NAMES[base]
        return prefix + Text(f"“{shown}” 不是{zh}", f"'{shown}' is not {en}")
    if kind in ("enum", "literal_error"):
        expected = ctx.get("expected", "")
        return prefix + Text(
            f"“{shown}” 不是可选值；可选：{expected}",
            f"'{shown}' is not allowed; expected {expected}",
        )
    if kind == "string_pattern_mismatch":
        return prefix + Text(
            f"“{shown}” 不能作为编号：只可用字母、汉字、数字和 _ - .，不要空格",
            f"'{shown}' is not a valid id: use letters, digits and _ - . without spaces",
        )
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "")
        op = {
            "greater_than_equal": ("≥", "at least"),
            "greater_than": (">", "more than"),
            "less_than_equal": ("≤", "at most"),
            "less_than": ("<", "less than"),
        }[kind]
        return prefix + Text(f"{shown} 必须{op[0]} {bound}", f"{shown} must be {op[1]} {bound}")
    if kind in ("string_too_short", "too_short"):
        return prefix + Text("不能为空", "must not be empty")
    return prefix + Text(f"取值无效（{item['msg']}）", f"invalid value ({item['msg']})")


def field_names(model: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    """Field names (aliases where set) of the model found at ``path``, for 'did you mean'."""
    current: Any = model
    for step in path:
        if isinstance(step, int):
            continue
        nested = (
            _model_in(current.model_fields[step].annotation)
            if step in current.model_fields
            else None
        )
        if nested is None:
            return []
        current = nested
    return [info.alias or name for name, info in current.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """Find the model class inside ``tuple[X, ...]``, ``X | None``, ``Annotated[...]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, tuple, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
