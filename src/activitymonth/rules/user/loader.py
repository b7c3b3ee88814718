"""Read rules files into ``Rule`` classes, every mistake located at ``file:line:col``.

::

    rules:
      - code: XJ001
        name: gongyiri-monthly
        template: max-interval
        select: {fulfills: 八个一@公益日}
        max_gap: 1个月
      - code: XJ003
        name: big-events-have-a-host
        expr: activities.filter(a, has(a.expected_participants) && …)
        message: {zh: "「{title}」需要主持人", en: "'{title}' needs a host"}

Each entry is validated against its own template's model (so "did you mean" offers that
template's keys), each expression is parsed and checked against the plan view, and the
``{fields}`` of messages are checked against what the rule can fill in. Codes and names
must be new: not a built-in's, not a plug-in's, not another entry's. All problems of all
files are raised together in one ``PlanLoadError``, like a plan's.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from activitymonth.diagnostics import Codes, Diagnostic, PlanLoadError, Position
from activitymonth.i18n import Text
from activitymonth.load.source import Document, read_document
from activitymonth.load.sourcemap import SourceMap
from activitymonth.load.validation_errors import translate
from activitymonth.rules.finding import ModelPath
from activitymonth.rules.rule import Rule, load_builtin_rules
from activitymonth.rules.user.base import Entry, Logic, UserRule
from activitymonth.rules.user.cel import CelProblem, compile_expression
from activitymonth.rules.user.expression import ExpressionCheck, ExpressionEntry
from activitymonth.rules.user.templates import TEMPLATES, TemplateEntry

_FIELD = re.compile(r"^[A-Za-z_]\w*$")


class _File(BaseModel):
    """The top of a rules file: a list of rules and nothing else."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rules: list[dict[str, Any]]


@dataclass(frozen=True)
class _Parsed:
    """A valid entry with its checking part and the map that locates its parts."""

    entry: Entry
    logic: Logic
    index: int
    sources: SourceMap

    def at(self, *steps: str | int, key: bool = False) -> Position:
        return self.sources.locate(("rules", self.index, *steps), key=key)

    @property
    def path(self) -> ModelPath:
        return ("rules", self.index)


def load_user_rules(paths: Sequence[Path]) -> list[type[Rule]]:
    """The rules the files define, in file order, as ``Rule`` subclasses.

    Pass them to ``rules.check(..., extra_rules=...)``; they obey the configuration like
    built-in rules. Raises ``PlanLoadError`` with every problem of every file.
    """
    registry = load_builtin_rules()
    taken: dict[str, Text] = {}
    for rule in registry:
        origin = Text(f"内置或插件规则 {rule.code}", f"built-in or plug-in rule {rule.code}")
        taken[rule.code] = taken[rule.name] = origin
    diagnostics: list[Diagnostic] = []
    classes: list[type[Rule]] = []
    for path in paths:
        parsed, problems = _read(Path(path))
        diagnostics += problems
        for rule in parsed:
            clashes = list(_clashes(rule, taken))
            diagnostics += clashes
            if not clashes:
                classes.append(_rule_class(rule))
    if diagnostics:
        raise PlanLoadError(sorted(diagnostics, key=_order))
    return classes


def _read(path: Path) -> tuple[list[_Parsed], list[Diagnostic]]:
    shown = str(path)
    if not path.is_file():
        return [], [
            Diagnostic(
                Codes.INCLUDE,
                Text(f"找不到规则文件 “{shown}”", f"rules file '{shown}' not found"),
                hint=Text(
                    "检查配置文件 user-rules 中的路径（相对于配置文件所在的文件夹）",
                    "check the path under user-rules in the configuration file (relative to "
                    "the configuration file's folder)",
                ),
            )
        ]
    document = read_document(path, shown)
    if document.diagnostics:
        return [], document.diagnostics
    sources = SourceMap(document.data, document.origins, shown)
    if document.data is None:
        return [], [
            Diagnostic(
                Codes.MISSING_FIELD,
                Text("规则文件是空的", "the rules file is empty"),
                Position(shown, 1, 1),
                Text("写上 rules: 和至少一条规则", "write rules: with at least one rule"),
            )
        ]
    try:
        _File.model_validate(document.data)
    except ValidationError as error:
        return [], translate(error, document.data, sources, _File)
    return _FileReader(path, document, sources).read()


class _FileReader:
    """The entries of one well-formed rules file, validated and compiled."""

    def __init__(self, path: Path, document: Document, sources: SourceMap) -> None:
        self.path = path
        self.document = document
        self.sources = sources
        self.rules: list[dict[str, Any]] = document.data["rules"]
        self.diagnostics: list[Diagnostic] = []
        self._lines: list[str] | None = None

    def read(self) -> tuple[list[_Parsed], list[Diagnostic]]:
        parsed = []
        for index, raw in enumerate(self.rules):
            model = self._model(index, raw)
            valid = self._validate(model, index) if model is not None else None
            logic = self._logic(index, valid[0]) if valid is not None else None
            if valid is None or logic is None:
                continue
            rule = _Parsed(valid[0], logic, index, valid[1])
            placeholders = list(_placeholder_problems(rule))
            self.diagnostics += placeholders
            if not placeholders:
                parsed.append(rule)
        return parsed, self.diagnostics

    def _model(self, index: int, raw: dict[str, Any]) -> type[Entry] | None:
        """The model an entry is checked against: its template's, or the expression one."""
        if "expr" in raw and "template" in raw:
            self._problem(
                ("rules", index, "expr"),
                Text(
                    "一条规则不能同时有 template 和 expr",
                    "a rule cannot have both template and expr",
                ),
                Text(
                    "删去其中一个；每条规则用模板或表达式之一",
                    "remove one: a rule is a template or an expression",
                ),
                key=True,
            )
            return None
        if "expr" in raw:
            return ExpressionEntry
        if "template" not in raw:
            self._problem(
                ("rules", index),
                Text("规则没有 template 也没有 expr", "the rule has neither template nor expr"),
                Text(
                    "加上 template:（" + "、".join(TEMPLATES) + "）或 expr: CEL 表达式",
                    "add template: (" + ", ".join(TEMPLATES) + ") or expr: a CEL expression",
                ),
                code=Codes.MISSING_FIELD,
            )
            return None
        name = raw["template"]
        if isinstance(name, str) and name in TEMPLATES:
            return TEMPLATES[name]
        near = difflib.get_close_matches(str(name), list(TEMPLATES), n=1, cutoff=0.5)
        self._problem(
            ("rules", index, "template"),
            Text(f"未知的规则模板 “{name}”", f"unknown rule template '{name}'"),
            (Text(f"是不是 {near[0]}？", f"did you mean {near[0]}?") if near else Text("", ""))
            + Text("可用的模板：" + "、".join(TEMPLATES), " templates: " + ", ".join(TEMPLATES)),
        )
        return None

    def _validate(self, model: type[Entry], index: int) -> tuple[Entry, SourceMap] | None:
        """Validate one entry as ``rules[index]`` of the file.

        The other entries are blanked out, so pydantic's locations carry the entry's
        real index and the messages and "did you mean" hints name ``rules[3].max_gap``
        and this template's own keys.
        """
        blanked: list[dict[str, Any] | None] = [None] * len(self.rules)
        blanked[index] = self.rules[index]
        wrapper = {"rules": blanked}
        origins = dict(self.document.origins)
        origins[id(wrapper)] = self.document.origins[id(self.document.data)]
        origins[id(blanked)] = self.document.origins[id(self.rules)]
        sources = SourceMap(wrapper, origins, self.sources.default_file)
        file_model = _file_model(model)
        try:
            valid = file_model.model_validate(wrapper)
        except ValidationError as error:
            self.diagnostics += translate(error, wrapper, sources, file_model)
            return None
        return valid.rules[index], sources  # type: ignore[attr-defined]

    def _logic(self, index: int, entry: Entry) -> Logic | None:
        if isinstance(entry, TemplateEntry):
            return entry
        assert isinstance(entry, ExpressionEntry)
        node = self.document.origins[id(self.rules[index])]["expr"].value
        where = self._inside(node)
        try:
            compiled = compile_expression(entry.expr)
        except CelProblem as problem:
            self.diagnostics.append(
                Diagnostic(
                    Codes.INVALID_VALUE,
                    problem.message,
                    where(problem.line, problem.column),
                    problem.hint,
                    ("rules", index, "expr"),
                )
            )
            return None
        return ExpressionCheck(compiled, where)

    def _inside(self, node: yaml.Node) -> Callable[[int, int], Position]:
        """Turn a line and column inside an expression into a position in the file.

        Exact for one-line plain or quoted scalars and for literal blocks (``|``); other
        block forms fold lines together, so those positions point at the value's start.
        """
        file, mark, style = self.sources.default_file, node.start_mark, node.style

        def locate(line: int, column: int) -> Position:
            if style == "|":
                first = mark.line + 1
                text = self._line(first)
                indent = len(text) - len(text.lstrip(" "))
                return Position(file, first + line, indent + column)
            if line == 1 and style in (None, "'", '"'):
                return Position(file, mark.line + 1, mark.column + (style is not None) + column)
            return Position(file, mark.line + 1, mark.column + 1)

        return locate

    def _line(self, index: int) -> str:
        """One line of the file (0-based), read only when a literal block needs it."""
        if self._lines is None:
            self._lines = self.path.read_text(encoding="utf-8-sig").splitlines()
        return self._lines[index] if index < len(self._lines) else ""

    def _problem(
        self,
        path: ModelPath,
        message: Text,
        hint: Text,
        *,
        key: bool = False,
        code: str = Codes.INVALID_VALUE,
    ) -> None:
        self.diagnostics.append(
            Diagnostic(code, message, self.sources.locate(path, key=key), hint, path)
        )


@cache
def _file_model(model: type[Entry]) -> type[BaseModel]:
    return create_model(
        f"{model.__name__}File",
        __config__=ConfigDict(frozen=True, extra="forbid"),
        rules=(tuple[model | None, ...], ...),  # type: ignore[valid-type]
    )


def _placeholder_problems(rule: _Parsed) -> Iterator[Diagnostic]:
    """``{fields}`` in messages must be plain names the rule fills in."""
    allowed = rule.logic.params
    for field in ("message", "hint"):
        text: Text | None = getattr(rule.entry, field)
        if text is None:
            continue
        languages = {text.zh: "zh", text.en: "en"}  # one check when both are the same
        for written, lang in languages.items():
            path = (*rule.path, field, lang)
            try:
                parts = list(string.Formatter().parse(written))
            except ValueError:
                yield Diagnostic(
                    Codes.INVALID_VALUE,
                    Text(f"{field} 中的大括号不成对", f"the braces in {field} do not pair up"),
                    rule.sources.locate(path),
                    Text("要显示大括号本身，写成 {{ 和 }}", "write {{ and }} for a literal brace"),
                    path,
                )
                continue
            for _, name, spec, conversion in parts:
                if name is None:
                    continue
                plain = _FIELD.match(name) and not spec and not conversion
                if plain and (allowed is None or name in allowed):
                    continue
                yield Diagnostic(
                    Codes.INVALID_VALUE,
                    Text(
                        f"{field} 中的 {{{name}}} 无法填写",
                        f"{{{name}}} in {field} cannot be filled in",
                    ),
                    rule.sources.locate(path),
                    _fields_hint(allowed),
                    path,
                )


def _fields_hint(allowed: frozenset[str] | None) -> Text:
    if allowed:
        names = ", ".join("{" + name + "}" for name in sorted(allowed))
        return Text(f"可用的字段：{names}", f"fields this rule fills in: {names}")
    if allowed is not None:
        return Text(
            "结果为 true/false 的表达式没有可填的字段：删去它，或让表达式返回列表",
            "an expression giving true/false has no fields: drop it, or return a list",
        )
    return Text("只能写 {名称}，不能带格式或属性", "write plain {name} fields only")


def _clashes(rule: _Parsed, taken: dict[str, Text]) -> Iterator[Diagnostic]:
    """A code or name already in use would make selectors and suppressions ambiguous."""
    for field, label in (("code", Text("编号", "code")), ("name", Text("名称", "name"))):
        value: str = getattr(rule.entry, field)
        first = taken.get(value)
        if first is None:
            taken[value] = Text(str(rule.at()), str(rule.at()))
            continue
        yield Diagnostic(
            Codes.DUPLICATE_ID,
            Text(
                f"规则{label.zh} “{value}” 已被 {first.zh} 使用",
                f"rule {label.en} '{value}' is already used by {first.en}",
            ),
            rule.at(field),
            Text(f"换一个{label.zh}", f"choose another {label.en}"),
            (*rule.path, field),
        )


def _rule_class(rule: _Parsed) -> type[UserRule]:
    """A ``Rule`` subclass for one entry, named after its code."""
    entry, logic = rule.entry, rule.logic
    summary = _summary(entry)
    kind = getattr(entry, "template", "expression")
    doc = [summary.en]
    if entry.why:
        doc.append(f"Why: {entry.why}")
    doc.append(f"Defined in {rule.at()} ({kind}).")
    attributes = {
        "__doc__": "\n\n".join(doc),
        "__module__": __name__,
        "code": entry.code,
        "name": entry.name,
        "group": entry.group or logic.default_group,
        "severity": entry.severity,
        "summary": summary,
        "message": entry.message or logic.default_message,
        "hint": entry.hint or logic.default_hint,
        "logic": logic,
        "origin": rule.at(),
    }
    return type(f"UserRule{entry.code}", (UserRule,), attributes)


def _summary(entry: Entry) -> Text:
    """The file's own summary; else a template's message when it has no ``{fields}``, or
    what the template requires; else an expression rule's message, its fields shown as …
    (「…」需要主持人)."""
    if entry.summary is not None:
        return entry.summary
    message = entry.message
    if isinstance(entry, TemplateEntry):
        return message if message is not None and _elided(message) == message else entry.describe()
    assert message is not None  # required for expression rules
    return _elided(message)


def _elided(text: Text) -> Text:
    return Text(_elide(text.zh), _elide(text.en))


def _elide(template: str) -> str:
    parts = string.Formatter().parse(template)
    return "".join(literal + ("…" if name is not None else "") for literal, name, _, _ in parts)


def _order(diagnostic: Diagnostic) -> tuple[Any, ...]:
    where = diagnostic.position
    return (where.file, where.line, where.col) if where else ("", 0, 0)
