"""CEL expressions for rules the templates cannot say, checked before they ever run.

An expression is parsed with ``celpy`` and then walked once against the view's schema
(``view.VARIABLES``): every name must be a variable of the view or bound by a macro, every
function a CEL built-in or a domain function with the right number of arguments, every
``x.field`` a field of ``x``'s record, every literal date a date, and the whole
expression must give a bool or a list. Each problem is raised with its line and column
inside the expression, so the loader can point at it in the rules file. Nothing is ever
handed to Python's ``eval``/``exec``: celpy's tree-walking interpreter runs the parsed
tree (its compiling runner, which does use ``exec``, is never chosen), and an expression
can only call the functions listed here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from typing import Any

import celpy
import lark
from celpy import celtypes
from celpy.celparser import CELParseError
from lark.exceptions import UnexpectedCharacters

from activitymonth.i18n import Text
from activitymonth.rules.context import Context
from activitymonth.rules.user.functions import (
    SIGNATURES,
    CalendarFunctions,
    DomainError,
    parse_iso_day,
)
from activitymonth.rules.user.view import (
    BOOL,
    DOUBLE,
    INT,
    STRING,
    TIMESTAMP,
    VARIABLES,
    ListOf,
    PlanView,
    Record,
    Scalar,
    Shape,
    plan_view,
)


@cache
def _environment() -> celpy.Environment:
    """The CEL environment, built on first use: building its parser takes about 0.2 s,
    which every ``activitymonth`` command would otherwise pay at start-up."""
    return celpy.Environment(runner_class=celpy.InterpretedRunner)


_MACROS = frozenset({"all", "exists", "exists_one", "filter", "map"})
_BUILTINS: dict[str, tuple[range, Shape | None]] = {
    "size": (range(1, 2), INT),
    "int": (range(1, 2), INT),
    "uint": (range(1, 2), INT),
    "double": (range(1, 2), DOUBLE),
    "string": (range(1, 2), STRING),
    "bool": (range(1, 2), BOOL),
    "timestamp": (range(1, 2), TIMESTAMP),
    "duration": (range(1, 2), None),
    "matches": (range(2, 3), BOOL),
    "dyn": (range(1, 2), None),
    "has": (range(1, 2), BOOL),
}
_TIMESTAMP_METHODS = (
    "getFullYear",
    "getMonth",
    "getDayOfMonth",
    "getDate",
    "getDayOfWeek",
    "getDayOfYear",
    "getHours",
    "getMinutes",
    "getSeconds",
    "getMilliseconds",
)
_METHODS: dict[str, tuple[range, Shape | None]] = {
    "size": (range(0, 1), INT),
    "contains": (range(1, 2), BOOL),
    "startsWith": (range(1, 2), BOOL),
    "endsWith": (range(1, 2), BOOL),
    "matches": (range(1, 2), BOOL),
    **dict.fromkeys(_TIMESTAMP_METHODS, (range(0, 2), INT)),
}
_LITERALS: dict[str, Shape | None] = {
    "INT_LIT": INT,
    "UINT_LIT": INT,
    "FLOAT_LIT": DOUBLE,
    "STRING_LIT": STRING,
    "MLSTRING_LIT": STRING,
    "BOOL_LIT": BOOL,
}
_SHAPE_NAMES = {
    "string": Text("文字", "text"),
    "int": Text("整数", "a number"),
    "double": Text("数字", "a number"),
    "date": Text("日期", "a date"),
    "timestamp": Text("时刻", "a moment"),
    "clock": Text("钟点", "a clock time"),
}


class CelProblem(Exception):
    """A mistake in an expression, at a 1-based line and column inside it."""

    def __init__(self, message: Text, hint: Text, line: int = 1, column: int = 1) -> None:
        super().__init__(message.en)
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Compiled:
    """A checked expression: its tree, the view variables it reads and what it gives."""

    text: str
    tree: lark.Tree
    variables: frozenset[str]
    result: Shape | None

    def evaluate(self, ctx: Context) -> tuple[celtypes.Value, PlanView]:
        """The expression's value on a plan, and the view it was computed on.

        Raises ``celpy.CELEvalError`` or ``DomainError`` when it cannot be computed.
        """
        view = plan_view(ctx)
        activation = {name: view.value(name) for name in self.variables}
        functions = CalendarFunctions(ctx.calendar, ctx.plan.zone).bound()
        runner = _environment().program(self.tree, functions=functions)  # type: ignore[arg-type]
        return runner.evaluate(activation), view


def compile_expression(text: str) -> Compiled:
    """Parse and check an expression; raises ``CelProblem`` at the first mistake."""
    try:
        tree = _environment().compile(text)
    except CELParseError as error:
        raise _syntax_problem(error) from None
    checker = _Checker()
    result = checker.visit(tree, {})
    _check_result(result)
    return Compiled(text, tree, frozenset(checker.variables), result)


def _syntax_problem(error: CELParseError) -> CelProblem:
    cause = error.__context__
    token = getattr(cause, "token", None)
    if isinstance(cause, UnexpectedCharacters):
        found = Text(f"无法识别的字符 “{cause.char}”", f"unexpected character '{cause.char}'")
    elif token is not None and token.type == "$END":
        found = Text("表达式没有写完", "the expression ends too early")
    elif token is not None:
        found = Text(f"此处不应出现 “{token}”", f"'{token}' is not expected here")
    else:
        found = Text("无法解析", "cannot be parsed")
    return CelProblem(
        Text("CEL 表达式语法错误：", "CEL syntax error: ") + found,
        Text(
            "检查括号和引号是否成对、运算符是否完整；文字用引号括起来",
            "check that brackets and quotes pair up and operators are complete; quote text",
        ),
        error.line or 1,
        error.column or 1,
    )


def _check_result(result: Shape | None) -> None:
    """An expression must say yes/no or list what is wrong."""
    item = result.item if isinstance(result, ListOf) else None
    if isinstance(item, ListOf):
        shown = Text("列表的列表", "a list of lists")
    elif isinstance(item, Scalar) and item != STRING:
        kind = _SHAPE_NAMES.get(item.name, Text("值", "a value"))
        shown = Text(f"{kind.zh}的列表", f"a list of {kind.en.removeprefix('a ')}s")
    elif isinstance(result, Scalar) and result != BOOL:
        shown = _SHAPE_NAMES.get(result.name, Text("值", "a value"))
    else:
        return
    raise CelProblem(
        Text(f"表达式的结果是{shown.zh}", f"the expression gives {shown.en}"),
        Text(
            "规则表达式要得出 true/false（false 报告整个计划），或一个活动、材料等的列表"
            "（每项一条），如 activities.filter(a, …)",
            "a rule's expression must give true/false (false reports the plan) or a list of "
            "activities, deliverables and the like (one finding each), e.g. "
            "activities.filter(a, …)",
        ),
    )


def _position(node: lark.Tree | lark.Token) -> tuple[int, int]:
    if isinstance(node, lark.Token):
        return node.line or 1, node.column or 1
    if node.meta.empty:
        return 1, 1
    return node.meta.line, node.meta.column


def _suggest(word: str, known: list[str]) -> Text:
    near = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if near:
        return Text(f"是不是 {near[0]}？", f"did you mean {near[0]}?")
    return Text("可用：" + "、".join(known), "known: " + ", ".join(known))


class _Checker:
    """One walk over the parse tree that infers shapes where the view knows them."""

    def __init__(self) -> None:
        self.variables: set[str] = set()

    def visit(self, node: lark.Tree | lark.Token, scope: dict[str, Shape | None]) -> Shape | None:
        if isinstance(node, lark.Token):
            return None
        handler = getattr(self, f"_{node.data}", None)
        if handler is not None:
            return handler(node, scope)  # type: ignore[no-any-return]
        shapes = [self.visit(child, scope) for child in node.children]
        return shapes[0] if len(node.children) == 1 else None

    def _logic(self, node: lark.Tree, scope: dict[str, Shape | None]) -> Shape | None:
        shapes = [self.visit(child, scope) for child in node.children]
        return shapes[0] if len(shapes) == 1 else BOOL

    _conditionalor = _conditionaland = _relation = _logic

    def _unary(self, node: lark.Tree, scope: dict[str, Shape | None]) -> Shape | None:
        shapes = [self.visit(child, scope) for child in node.children]
        first = node.children[0]
        if isinstance(first, lark.Tree) and first.data == "unary_not":
            return BOOL
        return shapes[-1]

    def _literal(self, node: lark.Tree, scope: dict[str, Shape | None]) -> Shape | None:
        token = node.children[0]
        return _LITERALS.get(token.type) if isinstance(token, lark.Token) else None

    def _list_lit(self, node: lark.Tree, scope: dict[str, Shape | None]) -> Shape | None:
        for child in node.children:
            self.visit(child, scope)
        return ListOf(None)

    def _ident(self, node: lark.Tree, scope: dict[str, Shape | None]) -> Shape | None:
        token = node.children[0]
        assert isinstance(token, lark.Token)
        name = str(token)
        if name in scope:
            return scope[name]
        if name in VARIABLES:
            self.variables.add(name)
            return VARIABLES[name].shape
        known = [*scope, *VARIABLES]
        line, column = _position(token)
        raise CelProblem(
            Text(f"未知的名称 “{name}”", f"unknown name '{name}'"),
            _suggest(name, known) + Text("（文字要用引号括起来）", " (text must be quoted)"),
            line,
            column,
        )

    _dot_ident = _ident

    def _member_dot(self, node: lark.Tree, scope: dict[str, Shape | None]) -> Shape | None:
        target, token = node.children
        shape = self.visit(target, scope)
        assert isinstance(token, lark.Token)
        name = str(token)
        line, column = _position(token)
        if isinstance(shape, Record):
            if name in shape.by_name:
                return shape.by_name[name].shape
            raise CelProblem(
                Text(f"{shape.name} 没有字段 “{name}”", f"'{name}' is not a field of {shape.name}"),
                _suggest(name, list(shape.by_name)),
                line,
                column,
            )
        if isinstance(shape, ListOf):
            raise CelProblem(
                Text(f"列表没有字段 “{name}”", f"a list has no field '{name}'"),
                Text(
                    "对列表用 .filter(x, …)、.exists(x, …)、.map(x, …) 或 [0]",
                    "use .filter(x, …), .exists(x, …), .map(x, …) or [0] on a list",
                ),
                line,
                column,
            )
        if isinstance(shape, Scalar):
            raise CelProblem(
                Text(f"“{name}” 前面的值没有字段", f"the value before '.{name}' has no fields"),
                Text(f"删去 .{name}", f"drop .{name}"),
                line,
                column,
            )
        return None

    def _member_index(self, node: lark.Tree, scope: dict[str, Shape | None]) -> Shape | None:
        target, index = node.children
        shape = self.visit(target, scope)
        self.visit(index, scope)
        return shape.item if isinstance(shape, ListOf) else None

    def _member_object(self, node: lark.Tree, scope: dict[str, Shape | None]) -> Shape | None:
        line, column = _position(node)
        raise CelProblem(
            Text("不支持构造消息（Type{…}）", "building messages (Type{…}) is not supported"),
            Text("用映射 {'key': value} 代替", "use a map {'key': value} instead"),
            line,
            column,
        )

    def _member_dot_arg(self, node: lark.Tree, scope: dict[str, Shape | None]) -> Shape | None:
        target, token, *rest = node.children
        assert isinstance(token, lark.Token)
        arguments = _arguments(rest)
        shape = self.visit(target, scope)
        name = str(token)
        if name in _MACROS:
            return self._macro(name, token, shape, arguments, scope)
        if name not in _METHODS:
            raise _unknown_function(name, token, method=True)
        self._arity(name, token, arguments, _METHODS[name][0], method=True)
        for argument in arguments:
            self.visit(argument, scope)
        return _METHODS[name][1]

    def _macro(
        self,
        name: str,
        token: lark.Token,
        shape: Shape | None,
        arguments: list[lark.Tree],
        scope: dict[str, Shape | None],
    ) -> Shape | None:
        variable = _bare_ident(arguments[0]) if arguments else None
        if len(arguments) != 2 or variable is None:
            line, column = _position(token)
            raise CelProblem(
                Text(
                    f"{name}(…) 需要两个参数：变量名和条件",
                    f"{name}(…) takes a name and a condition",
                ),
                Text(f"写成 {name}(a, 条件)", f"write {name}(a, condition)"),
                line,
                column,
            )
        item = shape.item if isinstance(shape, ListOf) else None
        inner = self.visit(arguments[1], {**scope, variable: item})
        if name == "filter":
            return shape if isinstance(shape, ListOf) else ListOf(None)
        if name == "map":
            return ListOf(inner)
        return BOOL

    def _ident_arg(self, node: lark.Tree, scope: dict[str, Shape | None]) -> Shape | None:
        token, *rest = node.children
        assert isinstance(token, lark.Token)
        arguments = _arguments(rest)
        name = str(token)
        if name in SIGNATURES:
            signature = SIGNATURES[name]
            self._arity(name, token, arguments, range(signature.arity, signature.arity + 1))
            for argument in arguments:
                _check_date_literal(argument)
                self.visit(argument, scope)
            return signature.result
        if name not in _BUILTINS:
            raise _unknown_function(name, token, method=False)
        self._arity(name, token, arguments, _BUILTINS[name][0])
        for argument in arguments:
            self.visit(argument, scope)
        return _BUILTINS[name][1]

    _dot_ident_arg = _ident_arg

    @staticmethod
    def _arity(
        name: str,
        token: lark.Token,
        arguments: list[lark.Tree],
        allowed: range,
        *,
        method: bool = False,
    ) -> None:
        if len(arguments) in allowed:
            return
        counts = [str(n) for n in allowed]
        usage = f"{'x.' if method else ''}{name}({', '.join('abc'[: allowed[-1]])})"
        line, column = _position(token)
        raise CelProblem(
            Text(
                f"{name} 需要 {' 或 '.join(counts)} 个参数，这里给了 {len(arguments)} 个",
                f"{name} takes {' or '.join(counts)} argument(s), not {len(arguments)}",
            ),
            Text(f"写成 {usage}", f"write {usage}"),
            line,
            column,
        )


def _arguments(rest: list[Any]) -> list[lark.Tree]:
    """The argument expressions of a call (``exprlist`` is absent for ``f()``)."""
    if not rest:
        return []
    exprlist = rest[0]
    return [child for child in exprlist.children if isinstance(child, lark.Tree)]


def _bare_ident(node: lark.Tree) -> str | None:
    """The name when an argument is just a name (the variable of a macro)."""
    current: lark.Tree | lark.Token = node
    while isinstance(current, lark.Tree) and len(current.children) == 1:
        if current.data == "ident":
            return str(current.children[0])
        current = current.children[0]
    return None


def _string_literal(node: lark.Tree) -> lark.Token | None:
    current: lark.Tree | lark.Token = node
    while isinstance(current, lark.Tree) and len(current.children) == 1:
        current = current.children[0]
    if isinstance(current, lark.Token) and current.type == "STRING_LIT":
        return current
    return None


def _check_date_literal(node: lark.Tree) -> None:
    """``is_holiday('2026-13-01')`` is a mistake to report now, not on every plan."""
    token = _string_literal(node)
    if token is None:
        return
    try:
        parse_iso_day(str(token)[1:-1])
    except DomainError as error:
        line, column = _position(token)
        raise CelProblem(
            error.message,
            Text("日期写成 '2026-10-01'", "write dates as '2026-10-01'"),
            line,
            column,
        ) from None


def _unknown_function(name: str, token: lark.Token, *, method: bool) -> CelProblem:
    known = sorted({*SIGNATURES, *_BUILTINS}) if not method else sorted({*_METHODS, *_MACROS})
    line, column = _position(token)
    kind = Text("方法", "method") if method else Text("函数", "function")
    hint = _suggest(name, known)
    if method and name in SIGNATURES:
        hint = Text(f"写成 {name}(x)，不要写 x.{name}()", f"write {name}(x), not x.{name}()")
    return CelProblem(
        Text(f"未知的{kind.zh} “{name}”", f"unknown {kind.en} '{name}'"),
        hint,
        line,
        column,
    )
