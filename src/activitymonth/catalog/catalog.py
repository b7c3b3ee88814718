"""Finding programs and their items by the short references people write in plans.

A plan says ``programs: [六个一@学校]`` and ``fulfills: 六个一/书画展`` or just ``书画展``;
this module turns such references into the program and item they mean, and when it cannot,
says what was meant instead (the variants of an ambiguous name, the nearest spellings of an
unknown one), so every failed lookup ends in a message that names the fix.

Program files (the package's own and a unit's) are read here rather than with the plan
loader: ``activitymonth.load`` checks plans against this catalog, so the catalog must not
depend on it. Problems are still reported as the loader's located ``Diagnostic``s.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, get_args

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from activitymonth.catalog.model import Program, ProgramItem, ProgramKind, SourceRef, name_key
from activitymonth.diagnostics import Codes, Diagnostic, PlanLoadError, Position
from activitymonth.i18n import Text

_SIMILAR = 0.6  # difflib ratio above which a name is offered as "did you mean"
M = TypeVar("M", bound=BaseModel)
_KIND_ORDER = {kind: index for index, kind in enumerate(get_args(ProgramKind))}
_NUMERALS = "〇一二三四五六七八九十"
_FIELD_NAMES = sorted({*Program.model_fields, *ProgramItem.model_fields, *SourceRef.model_fields})


class ProgramLookupError(LookupError):
    """A reference that names no program or item, or more than one.

    ``candidates`` are references the user could write instead (variants, nearest names),
    best first, for callers that offer them as fixes.
    """

    def __init__(self, message: Text, candidates: Sequence[str] = ()) -> None:
        super().__init__(message.en)
        self.message = message
        self.candidates = tuple(candidates)


class DuplicateProgramError(ValueError):
    """Two programs given together share one id, so references to it would be ambiguous."""

    def __init__(self, program_id: str) -> None:
        self.program_id = program_id
        self.message = Text(
            f"项目 {program_id} 定义了两次；删去一个，或给其中一个换一个版本名（名称@版本）",
            f"program {program_id} is defined twice; drop one or give one of them another "
            "variant (NAME@VARIANT)",
        )
        super().__init__(self.message.en)


def _listing(names: Iterable[str]) -> Text:
    names = tuple(names)
    return Text("、".join(names), ", ".join(names))


def _nearest(word: str, spellings: Iterable[tuple[str, str]], limit: int = 5) -> tuple[str, ...]:
    """Targets whose spelling is close to ``word``, best first.

    ``spellings`` pairs each way of writing something with what it stands for (an alias
    with its item's name), so a near alias suggests the canonical name once.
    """
    scores: dict[str, float] = {}
    for spelling, target in spellings:
        ratio = difflib.SequenceMatcher(None, word, name_key(spelling)).ratio()
        if ratio >= _SIMILAR and ratio > scores.get(target, 0.0):
            scores[target] = ratio
    return tuple(sorted(scores, key=lambda target: -scores[target])[:limit])


class Catalog:
    """An immutable set of programs, looked up by ``NAME@VARIANT`` or by an unambiguous name.

    A bare name means the program of that name without a variant if there is one, else the
    only variant; with several variants it is an error that lists them.
    """

    def __init__(self, programs: Iterable[Program] = ()) -> None:
        self._programs: dict[str, Program] = {}
        for program in programs:
            key = name_key(program.id)
            if key in self._programs:
                raise DuplicateProgramError(program.id)
            self._programs[key] = program

    @classmethod
    def builtin(cls) -> Catalog:
        """The programs shipped with the package (read from disk once per process)."""
        return cls(_builtin_programs())

    def with_programs(self, programs: Iterable[Program]) -> Catalog:
        """This catalog plus a unit's own programs; one with a built-in id replaces it."""
        own = Catalog(programs)
        merged = dict(self._programs)
        merged.update(own._programs)
        return Catalog(merged.values())

    def __iter__(self) -> Iterator[Program]:
        return iter(self._programs.values())

    def __len__(self) -> int:
        return len(self._programs)

    def __contains__(self, ref: object) -> bool:
        if not isinstance(ref, str):
            return False
        try:
            self.get(ref)
        except ProgramLookupError:
            return False
        return True

    def get(self, ref: str) -> Program:
        """The program ``ref`` names: ``六个一@学校``, ``八进``, or a name with one variant."""
        key = name_key(ref)
        found = self._programs.get(key)
        if found is not None:
            return found
        name, at, variant = key.partition("@")
        variants = self._variants(name)
        if len(variants) == 1 and not at:
            return variants[0]
        ids = tuple(program.id for program in variants)
        if at and variants:
            raise ProgramLookupError(
                Text(f"“{name}” 没有版本 “{variant}”；", f"'{name}' has no variant '{variant}'; ")
                + Text("可用的版本：", "its variants are: ")
                + _listing(ids),
                ids,
            )
        if variants:
            raise ProgramLookupError(
                Text(
                    f"“{name}” 有 {len(ids)} 个版本，请写明用哪一个（名称@版本）：",
                    f"'{name}' has {len(ids)} variants; say which one (NAME@VARIANT): ",
                )
                + _listing(ids),
                ids,
            )
        near = _nearest(key, ((s, p.id) for p in self for s in (p.id, p.name)))
        message = Text(f"没有名为 “{ref}” 的项目；", f"there is no program '{ref}'; ")
        if near:
            message += Text("是不是：", "did you mean: ") + _listing(near) + Text("？", "?")
        else:
            message += Text(
                "运行 activitymonth programs 查看全部项目，或在计划中自定义",
                "run activitymonth programs to list them all, or define it in the plan",
            )
        raise ProgramLookupError(message, near)

    def resolve_item(self, ref: str, adopted: Sequence[str] = ()) -> tuple[Program, ProgramItem]:
        """The program and item ``ref`` names.

        ``ref`` is ``六个一@学校/书画展``; or ``六个一/书画展``, where the plan's adopted
        programs (its ``programs:`` list) pick the variant; or ``书画展`` alone when exactly
        one adopted program has such an item. Adopted references that name nothing are
        skipped here: they are reported where the ``programs:`` list is checked.
        """
        program_ref, slash, item_name = (name_key(part) for part in name_key(ref).partition("/"))
        if not slash:
            return self._item_among(program_ref, self._adopted(adopted))
        program = self._program_for(program_ref, self._adopted(adopted))
        item = program.item(item_name)
        if item is None:
            raise self._unknown_item(program, item_name)
        return program, item

    def _variants(self, name: str) -> tuple[Program, ...]:
        return tuple(p for p in self if name_key(p.name) == name)

    def _adopted(self, adopted: Sequence[str]) -> tuple[Program, ...]:
        programs: dict[str, Program] = {}
        for ref in adopted:
            try:
                program = self.get(ref)
            except ProgramLookupError:
                continue
            programs.setdefault(program.id, program)
        return tuple(programs.values())

    def _program_for(self, ref: str, adopted: tuple[Program, ...]) -> Program:
        """A bare name resolves among the adopted programs first, then in the catalog."""
        chosen = [p for p in adopted if name_key(p.name) == ref]
        exact = [p for p in chosen if name_key(p.id) == ref]
        if exact or len(chosen) == 1:
            return (exact or chosen)[0]
        if chosen:
            ids = tuple(p.id for p in chosen)
            raise ProgramLookupError(
                Text(
                    f"计划采用了 “{ref}” 的多个版本，请写明用哪一个（名称@版本/子项）：",
                    f"the plan adopts several variants of '{ref}'; say which one "
                    "(NAME@VARIANT/ITEM): ",
                )
                + _listing(ids),
                ids,
            )
        return self.get(ref)

    def _unknown_item(self, program: Program, name: str) -> ProgramLookupError:
        """What to write instead: another variant that has the item, else near names."""
        siblings = tuple(
            f"{p.id}/{item.name}"
            for p in self._variants(name_key(program.name))
            if p is not program and (item := p.item(name)) is not None
        )
        message = Text(
            f"{program.id} 没有 “{name}” 这一项；", f"{program.id} has no item '{name}'; "
        )
        if siblings:
            return ProgramLookupError(
                message
                + Text("同名的其他版本有：", "another variant has it: ")
                + _listing(siblings),
                siblings,
            )
        near = _nearest(name, ((s, it.name) for it in program.items for s in it.names))
        if near:
            message += Text("是不是：", "did you mean: ") + _listing(near) + Text("？", "?")
        else:
            message += Text("可选的子项：", "its items are: ") + _listing(
                it.name for it in program.items
            )
        return ProgramLookupError(message, near)

    def _item_among(self, name: str, adopted: tuple[Program, ...]) -> tuple[Program, ProgramItem]:
        """An item written without its program: it must belong to one adopted program."""
        hits = [(p, item) for p in adopted if (item := p.item(name)) is not None]
        if len(hits) == 1:
            return hits[0]
        refs = tuple(f"{p.id}/{item.name}" for p, item in hits)
        if hits:
            raise ProgramLookupError(
                Text(
                    f"“{name}” 在多个采用的项目中都有，请写明属于哪一个：",
                    f"'{name}' is an item of several adopted programs; say which one: ",
                )
                + _listing(refs),
                refs,
            )
        adopted_ids = _listing(p.id for p in adopted) if adopted else Text("无", "none")
        message = Text(
            f"计划采用的项目（{adopted_ids.zh}）中没有 “{name}” 这一项；",
            f"no adopted program ({adopted_ids.en}) has an item '{name}'; ",
        )
        elsewhere = tuple(f"{p.id}/{item.name}" for p in self if (item := p.item(name)))
        if elsewhere:
            raise ProgramLookupError(
                message
                + Text(
                    "它属于其他项目：在 programs: 中加入该项目，或写成 ",
                    "it belongs to another program: add that program to programs:, or write ",
                )
                + _listing(elsewhere),
                elsewhere,
            )
        near = _nearest(
            name,
            ((s, f"{p.id}/{it.name}") for p in adopted for it in p.items for s in it.names),
        )
        if near:
            message += Text("是不是：", "did you mean: ") + _listing(near) + Text("？", "?")
        else:
            message += Text(
                "写成 项目/子项（如 六个一@学校/书画展）；activitymonth programs 项目名 可列出子项",
                "write PROGRAM/ITEM (e.g. 六个一@学校/书画展); activitymonth programs NAME lists "
                "a program's items",
            )
        raise ProgramLookupError(message, near)


class _ProgramFile(BaseModel):
    """A unit's own program file: ``programs:`` followed by programs in the built-in shape."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    programs: tuple[Program, ...]


def load_program_file(path: Path | str) -> list[Program]:
    """Read a unit's own programs; every problem is raised at once, each with its position.

    Raises ``PlanLoadError`` (the plan loader's error) so a CLI reports these files the
    same way as plans.
    """
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PlanLoadError(
            [
                Diagnostic(
                    Codes.ENCODING,
                    Text("项目文件不是 UTF-8 编码", "the program file is not UTF-8"),
                    Position(shown, 1, 1),
                    Text("请另存为 UTF-8 编码", "re-save it with UTF-8 encoding"),
                )
            ]
        ) from None
    except OSError as error:
        raise PlanLoadError(
            [
                Diagnostic(
                    Codes.INCLUDE,
                    Text(
                        f"无法读取项目文件：{error.strerror}",
                        f"cannot read the program file: {error.strerror}",
                    ),
                    Position(shown, 1, 1),
                    Text("检查路径和文件权限", "check the path and the file's permissions"),
                )
            ]
        ) from None
    data, root = _parse_yaml(text, shown)
    if not isinstance(data, dict):
        raise PlanLoadError(
            [
                Diagnostic(
                    Codes.INVALID_VALUE,
                    Text(
                        "项目文件的最外层必须是 programs: 列表",
                        "a program file needs a top-level programs: list",
                    ),
                    Position(shown, 1, 1),
                    Text(
                        "以 programs: 开头，下面每项是一个项目（name、title、kind、items）",
                        "start with programs: and list one program (name, title, kind, items) "
                        "per entry",
                    ),
                )
            ]
        )
    programs = _validated(data, root, shown, _ProgramFile).programs
    seen: set[str] = set()
    duplicates = []
    for index, program in enumerate(programs):
        key = name_key(program.id)
        if key in seen:
            where, _ = _locate(root, ("programs", index, "name"), shown)
            duplicates.append(
                Diagnostic(
                    Codes.DUPLICATE_ID,
                    DuplicateProgramError(program.id).message,
                    where,
                    path=("programs", index),
                )
            )
        seen.add(key)
    if duplicates:
        raise PlanLoadError(duplicates)
    return list(programs)


def _parse_yaml(text: str, shown: str) -> tuple[Any, yaml.Node | None]:
    """The data and its node tree (the tree gives positions when validation fails)."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        return (loader.construct_document(root) if root is not None else None), root
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise PlanLoadError(
            [
                Diagnostic(
                    Codes.YAML_SYNTAX,
                    Text(f"YAML 语法错误：{error.problem}", f"YAML syntax error: {error.problem}"),
                    Position(shown, mark.line + 1, mark.column + 1) if mark else None,
                    Text(
                        "检查缩进（只用空格）、冒号后的空格和引号是否成对",
                        "check the indentation (spaces only), a space after each colon and "
                        "matching quotes",
                    ),
                )
            ]
        ) from None
    finally:
        loader.dispose()


def _validated(data: Any, root: yaml.Node | None, shown: str, model: type[M]) -> M:
    """``data`` as ``model``, or every validation problem as a located diagnostic."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise PlanLoadError(
            [_diagnostic(detail, root, shown) for detail in error.errors()]
        ) from None


def _diagnostic(detail: ErrorDetails, root: yaml.Node | None, shown: str) -> Diagnostic:
    """One validation problem in both languages, at the deepest position that exists."""
    kind = detail["type"]
    where, path = _locate(root, detail["loc"], shown, key=kind == "extra_forbidden")
    dotted = ".".join(str(step) for step in path)
    field = Text(dotted or "最外层", dotted or "top level")
    context: Any = detail.get("ctx") or {}
    if kind == "am_invalid":
        return Diagnostic(
            Codes.INVALID_VALUE,
            Text(f"{field.zh}：{context['zh']}", f"{field.en}: {context['en']}"),
            where,
            path=path,
        )
    if kind == "extra_forbidden":
        near = difflib.get_close_matches(str(path[-1]) if path else "", _FIELD_NAMES, n=1)
        return Diagnostic(
            Codes.UNKNOWN_FIELD,
            Text(f"未知字段 {field.zh}", f"unknown field {field.en}"),
            where,
            Text(f"是不是 {near[0]}？", f"did you mean {near[0]}?")
            if near
            else Text("删去它，或检查拼写", "remove it or check its spelling"),
            path,
        )
    if kind == "missing":
        missing = str(detail["loc"][-1])
        return Diagnostic(
            Codes.MISSING_FIELD,
            Text(
                f"{field.zh} 缺少必填字段 {missing}",
                f"{field.en} lacks the required field {missing}",
            ),
            where,
            Text(f"加上 {missing}: …", f"add {missing}: …"),
            path,
        )
    return Diagnostic(
        Codes.INVALID_VALUE,
        Text(
            f"{field.zh}：取值无效（{detail['msg']}）",
            f"{field.en}: invalid value ({detail['msg']})",
        ),
        where,
        Text(
            "对照 activitymonth programs --format json 输出的内置项目改正",
            "compare with a built-in program (activitymonth programs --format json)",
        ),
        path,
    )


def _locate(
    root: yaml.Node | None, loc: Sequence[int | str], shown: str, *, key: bool = False
) -> tuple[Position, tuple[int | str, ...]]:
    """Follow ``loc`` through the node tree as far as the file has it.

    Steps the file does not contain (a missing field, pydantic's union tags) are skipped,
    so the position falls on the nearest enclosing value. With ``key`` a path ending at a
    mapping entry points at its key (an unknown field is its key's fault, not its value's).
    """
    node, path = root, []
    marked = root
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            entry = next((e for e in node.value if getattr(e[0], "value", None) == step), None)
            if entry is not None:
                node = entry[1]
                marked = entry[0] if key else node
                path.append(step)
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(node.value)
        ):
            node = marked = node.value[step]
            path.append(step)
    if marked is None:
        return Position(shown, 1, 1), ()
    mark = marked.start_mark
    return Position(shown, mark.line + 1, mark.column + 1), tuple(path)


@cache
def _builtin_programs() -> tuple[Program, ...]:
    """Every ``data/*.yaml`` file, one program each, grouped by kind then name.

    A broken file here is a bug in the package, reported with its position like a user's.
    """
    programs = []
    for entry in (resources.files("activitymonth.catalog") / "data").iterdir():
        if entry.name.endswith(".yaml"):
            shown = f"catalog/data/{entry.name}"
            data, root = _parse_yaml(entry.read_text(encoding="utf-8"), shown)
            programs.append(_validated(data, root, shown, Program))
    return tuple(sorted(programs, key=_display_order))


def _display_order(program: Program) -> tuple[Any, ...]:
    """By kind, then by the number the name starts with (六个一 before 八个一 before 十二同)."""
    return (_KIND_ORDER[program.kind], _leading_number(program.name), program.id)


def _leading_number(name: str) -> int:
    digits = [_NUMERALS.index(c) for c in itertools.takewhile(_NUMERALS.__contains__, name)]
    if digits[:1] == [10]:
        return 10 + sum(digits[1:2])
    return digits[0] if digits else 0
