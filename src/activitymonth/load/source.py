"""Read a YAML file into plain data while remembering where every value came from.

libyaml (through PyYAML's C parser) composes the node tree with line and column marks at C
speed; this module turns nodes into dicts, lists and scalars itself, for three reasons:
scalars follow YAML 1.2 (``9:30`` stays text instead of the YAML 1.1 number 570, dates stay
text so ``2026-02-30`` can be reported instead of crashing the parser), duplicate keys are
reported instead of silently overwritten, and each container keeps a link to its node so any
model path can later be turned into ``file:line:col``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from activitymonth.diagnostics import Codes, Diagnostic, Position
from activitymonth.i18n import Text

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: slower, same results
    _Loader = yaml.SafeLoader

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


@dataclass(slots=True)
class KeyOrigin:
    """Where one mapping entry was written: its key node and value node."""

    file: str
    key: yaml.Node
    value: yaml.Node


@dataclass(slots=True)
class Document:
    """A parsed file: its data and, per container, the origins of its entries."""

    file: str
    data: Any
    origins: dict[int, Any]  # id(dict) -> {key: KeyOrigin}; id(list) -> [(file, node), ...]
    diagnostics: list[Diagnostic]
    root: yaml.Node | None = None


def position(file: str, node: yaml.Node) -> Position:
    mark = node.start_mark
    return Position(file, mark.line + 1, mark.column + 1)


def decode(raw: bytes, file: str) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 with or without BOM; anything else is named, GBK in particular."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        col = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
    try:
        raw.decode("gb18030")
        message = Text(
            "文件不是 UTF-8 编码，看起来是 GBK（简体中文 Windows 的默认编码）",
            "the file is not UTF-8; it looks like GBK (the default of Chinese Windows)",
        )
        hint = Text(
            "用记事本“另存为”选择 UTF-8，或运行 iconv -f GBK -t UTF-8 旧文件 > 新文件",
            "re-save it as UTF-8 (Notepad: Save As → UTF-8) or run iconv -f GBK -t UTF-8",
        )
    except UnicodeDecodeError:
        message = Text("文件不是 UTF-8 编码的文本", "the file is not UTF-8 text")
        hint = Text("请另存为 UTF-8 编码", "re-save it with UTF-8 encoding")
    return None, Diagnostic(Codes.ENCODING, message, Position(file, line, col), hint)


def parse_text(text: str, file: str) -> Document:
    """Parse YAML text; syntax errors become diagnostics with the parser's position."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = _best_mark(error)
        where = Position(file, mark.line + 1, mark.column + 1) if mark else None
        problem = error.problem or "syntax error"
        context = f" ({error.context})" if error.context else ""
        return Document(
            file,
            None,
            {},
            [
                Diagnostic(
                    Codes.YAML_SYNTAX,
                    Text(
                        f"YAML 语法错误：{_problem_zh(problem, error.context)}",
                        f"YAML syntax error: {problem}{context}",
                    ),
                    where,
                    Text(
                        "检查缩进（只用空格，不用 Tab）、冒号后的空格和引号是否成对",
                        "check the indentation (spaces, no tabs), a space after each colon, "
                        "and matching quotes",
                    ),
                )
            ],
        )
    except yaml.YAMLError as error:
        return Document(
            file,
            None,
            {},
            [Diagnostic(Codes.YAML_SYNTAX, Text(f"YAML 错误：{error}", f"YAML error: {error}"))],
        )
    builder = _Builder(file)
    data = builder.build(root) if root is not None else None
    return Document(file, data, builder.origins, builder.diagnostics, root)


_PROBLEMS_ZH = (
    (
        "mapping values are not allowed",
        "这里不能出现“键: 值”（多半是缩进不对，或值里的冒号需要加引号）",
    ),
    ("found character '\\t'", "有制表符（Tab）；YAML 只能用空格缩进"),
    ("found a tab character", "有制表符（Tab）；YAML 只能用空格缩进"),
    ("expected ',' or ']'", "方括号 [ 没有配对的 ]，或列表项之间缺逗号"),
    ("expected ',' or '}'", "花括号 { 没有配对的 }，或项之间缺逗号"),
    ("could not find expected ':'", "缺少冒号“:”，或引号没有成对"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合）"),
    ("found undefined alias", "引用了未定义的锚点（*名字）"),
    ("did not find expected key", "缩进不一致：同一层的键要对齐"),
    ("did not find expected '-' indicator", "列表项缩进不一致：同一列表的 - 要对齐"),
    ("expected <block end>", "缩进不一致：这一行和上一级没有对齐"),
)


def _problem_zh(problem: str, context: str | None) -> str:
    """PyYAML speaks English; the commonest problems get a Chinese explanation."""
    for english, chinese in _PROBLEMS_ZH:
        if english in problem or (context and english in context):
            return chinese
    return problem


def _best_mark(error: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """An unclosed bracket or quote is reported where it opened, not at the end of the file
    the parser ran into; other problems where the parser stopped."""
    context = error.context or ""
    opened = context.startswith(("while parsing a flow", "while scanning a quoted"))
    if opened and error.context_mark is not None:
        return error.context_mark
    return error.problem_mark or error.context_mark


def read_document(path: Path, shown_as: str) -> Document:
    """Read and parse one file; ``shown_as`` is the name used in messages."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return Document(
            shown_as,
            None,
            {},
            [
                Diagnostic(
                    Codes.INCLUDE,
                    Text(
                        f"无法读取文件：{error.strerror}", f"cannot read the file: {error.strerror}"
                    ),
                    Position(shown_as, 1, 1),
                )
            ],
        )
    text, problem = decode(raw, shown_as)
    if text is None:
        return Document(shown_as, None, {}, [problem] if problem else [])
    return parse_text(text, shown_as)


class _Builder:
    """Node tree → plain data, recording origins; YAML 1.2 core-schema scalars."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.origins: dict[int, Any] = {}
        self.diagnostics: list[Diagnostic] = []

    def build(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            items = [self.build(child) for child in node.value]
            self.origins[id(items)] = [(self.file, child) for child in node.value]
            return items
        return self._mapping(node)

    def _mapping(self, node: yaml.MappingNode) -> dict[Any, Any]:
        data: dict[Any, Any] = {}
        where: dict[Any, KeyOrigin] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._merge(data, where, value_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._error(
                    key_node,
                    Text("键必须是简单的文字", "a key must be plain text"),
                    Text("把键写成 name: 值 的形式", "write keys as name: value"),
                )
                continue
            key = key_node.value if key_node.style else _scalar(key_node)
            if not isinstance(key, str | int):
                key = key_node.value
            if key in where and where[key].file == self.file:
                first = position(self.file, where[key].key)
                self.diagnostics.append(
                    Diagnostic(
                        Codes.DUPLICATE_KEY,
                        Text(
                            f"键 “{key}” 重复，第 {first.line} 行已经写过",
                            f"key '{key}' is repeated; it is already on line {first.line}",
                        ),
                        position(self.file, key_node),
                        Text("删除或合并重复的键", "remove or merge the repeated key"),
                    )
                )
                continue
            data[key] = self.build(value_node)
            where[key] = KeyOrigin(self.file, key_node, value_node)
        self.origins[id(data)] = where
        return data

    def _merge(self, data: dict[Any, Any], where: dict[Any, KeyOrigin], node: yaml.Node) -> None:
        """YAML merge keys (``<<: *defaults``): earlier explicit keys win, as in YAML 1.1."""
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self._error(
                    source,
                    Text("<< 只能合并映射", "<< can only merge mappings"),
                    Text("<< 后面写 *锚点名", "write << : *anchor"),
                )
                continue
            merged = self._mapping(source)
            for key, value in merged.items():
                if key not in data:
                    data[key] = value
                    where[key] = self.origins[id(merged)][key]

    def _error(self, node: yaml.Node, message: Text, hint: Text) -> None:
        self.diagnostics.append(
            Diagnostic(Codes.YAML_SYNTAX, message, position(self.file, node), hint)
        )


def _scalar(node: yaml.ScalarNode) -> Any:
    """YAML 1.2 core schema for plain scalars; quoted scalars are always text."""
    value: str = node.value
    if node.style or node.tag == "tag:yaml.org,2002:str":
        return value
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value) and any(c.isdigit() for c in value):
        return float(value)
    return value
