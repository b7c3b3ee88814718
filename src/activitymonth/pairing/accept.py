"""Writing accepted proposals into the plan's ``pairs:`` list without touching the rest.

Dumping the plan again would lose the author's comments, blank lines, key order and
quoting; instead each proposal becomes one line, ``- {cadre: …, household: {…}}``, written
after the last pair with that pair's indentation (or under a new ``pairs:`` at the end of
the plan when it has none). Before anything is returned the edited file is parsed again:
it must hold exactly what it held before plus the new pairs, or the edit is refused —
a plan is never left in a state its author did not write.

Pairs written in another file are edited there when the plan includes that file
(``include: [pairs.yaml]``); pairs that come from a template the plan ``extends`` are
left alone (the template is shared by other units), as is a non-empty ``[…]`` list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from activitymonth.diagnostics import Position
from activitymonth.i18n import Lang, Text
from activitymonth.ledger.errors import LedgerError
from activitymonth.load import LoadedPlan
from activitymonth.load.source import parse_text
from activitymonth.model import Pair
from activitymonth.pairing.suggest import Proposal
from activitymonth.rules.fixer import FileChange
from activitymonth.rules.sourcetext import BOM, SourceText

_BREAK = re.compile("\r\n|[\r\n]")
_WORD = re.compile(r"[^\W\d_]\w*")
_BY_HAND = Text(
    "用 --format yaml 打印这些结对，手工加到计划的 pairs 中",
    "print the pairs with --format yaml and add them to the plan's pairs by hand",
)


class AcceptError(LedgerError):
    """The proposals cannot be written into the plan safely; nothing was written."""


def _data(pair: Pair) -> dict[str, Any]:
    """A pair as the plan file writes it: the cadre and the household's given fields."""
    return {"cadre": pair.cadre, "household": pair.household.model_dump(exclude_none=True)}


def _scalar(value: object) -> str:
    """A value for a flow mapping: plain where it reads back as the same value, else in
    double quotes (a name with a comma or colon, a phone number that would become a number).

    Words of letters and digits that start with a letter (买某某家, 某镇石榴籽村, wang) are
    plain unless they spell null or a boolean; anything else is tried by parsing it."""
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _WORD.fullmatch(text) and text.lower() not in ("null", "true", "false"):
        return text
    document = parse_text(f"{{k: {text}}}", "<value>")
    if not document.diagnostics and document.data == {"k": text}:
        return text
    return json.dumps(text, ensure_ascii=False)


def entry_text(pair: Pair) -> str:
    """``{cadre: ai, household: {name: 买某某家, village: 某镇石榴籽村, need: 5}}``."""
    household = ", ".join(f"{key}: {_scalar(v)}" for key, v in _data(pair)["household"].items())
    return f"{{cadre: {_scalar(pair.cadre)}, household: {{{household}}}}}"


def pairs_yaml(proposals: Sequence[Proposal], lang: Lang | None = None) -> str:
    """The proposals as a ``pairs:`` snippet to paste; with ``lang``, each under a comment
    saying why it was made."""
    lines = ["pairs:"]
    for proposal in proposals:
        if lang is not None:
            lines.append(f"  # {proposal.reason(lang)}")
        lines.append(f"  - {entry_text(proposal.pair)}")
    return "\n".join(lines) + "\n"


def accepted_change(loaded: LoadedPlan, proposals: Sequence[Proposal]) -> FileChange:
    """The edit that appends ``proposals`` to the plan's pairs, checked by parsing it
    back; raises ``AcceptError`` when it cannot be made safely."""
    pairs = [proposal.pair for proposal in proposals]
    sources = loaded.sources
    count = len(loaded.plan.pairs)
    if count:
        where = sources.locate(("pairs", count - 1))
        source = _editable(loaded, where.file)
        text = _after_item(source, where.line, where.col, pairs)
    elif sources.has(("pairs",)):
        where = sources.locate(("pairs",), key=True)
        source = _editable(loaded, where.file)
        text = _into_empty(source, sources.span(("pairs",)), pairs)
    else:
        source = _editable(loaded, loaded.file)
        text = _new_key(source, pairs)
    _check(source, text, pairs)
    return FileChange(source.path, source.full, (BOM if source.bom else "") + text)


def _editable(loaded: LoadedPlan, file: str) -> SourceText:
    """The file to edit: the plan itself or a file it includes, readable on disk."""
    plan = Path(loaded.file)
    if Path(file).resolve() != plan.resolve() and not _included(plan, Path(file)):
        raise AcceptError(
            Text(
                f"计划的结对写在 “{file}” 中（extends 的模板或多层 include 的文件），不会自动修改",
                f"the plan's pairs are written in '{file}' (a template it extends, or a file "
                "included by an included file), which is not edited automatically",
            ),
            _BY_HAND,
        )
    source = SourceText.read(file)
    if source is None:
        raise AcceptError(
            Text(f"无法读取 “{file}”", f"cannot read '{file}'"),
            Text("检查文件是否存在、是否为 UTF-8", "check that it exists and is UTF-8"),
        )
    return source


def _included(plan: Path, file: Path) -> bool:
    source = SourceText.read(str(plan))
    data = parse_text(source.text, str(plan)).data if source else None
    names = data.get("include") if isinstance(data, dict) else None
    names = names if isinstance(names, list) else [names]
    return any(
        isinstance(name, str) and (plan.parent / name).resolve() == file.resolve() for name in names
    )


def _newline(source: SourceText) -> str:
    found = _BREAK.search(source.text)
    return found.group() if found else "\n"


def _lines(entries: Sequence[Pair], indent: str, newline: str) -> str:
    return "".join(f"{newline}{indent}- {entry_text(pair)}" for pair in entries)


def _after_item(source: SourceText, line: int, col: int, pairs: Sequence[Pair]) -> str:
    """New entries after the block-list item whose value starts at ``line``:``col``."""
    before = source.line(line)[: col - 1]
    dash = before.rstrip()
    if not dash.endswith("-") or dash[:-1].strip():
        raise AcceptError(
            Text(
                f"{source.path}:{line}: pairs 不是逐行 “- ” 书写的列表，无法自动追加",
                f"{source.path}:{line}: pairs is not a block list of '- ' lines; "
                "cannot append to it",
            ),
            _BY_HAND,
        )
    column = len(dash) - 1
    last = line
    for number in range(line + 1, len(source.line_starts) + 1):
        content = source.line(number)
        stripped = content.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(content) - len(content.lstrip(" ")) <= column:
            break
        last = number
    end = source.line_starts[last - 1] + len(source.line(last))
    added = _lines(pairs, dash[:-1], _newline(source))
    return source.text[:end] + added + source.text[end:]


def _into_empty(
    source: SourceText, span: tuple[Position, Position] | None, pairs: Sequence[Pair]
) -> str:
    """``pairs: []`` becomes ``pairs:`` followed by the new entries."""
    start, end = span or (None, None)
    first = source.offset(start) if start and end and start.line == end.line else None
    last = source.offset(end) if end and first is not None else None
    if start is None or first is None or last is None:
        raise _not_a_list()
    if source.text[first:last].replace(" ", "") != "[]":
        raise _not_a_list()
    line_start = source.line_starts[start.line - 1]
    line_end = line_start + len(source.line(start.line))
    head = source.text[line_start:first].rstrip()
    indent = " " * (len(head) - len(head.lstrip(" ")) + 2)
    added = _lines(pairs, indent, _newline(source))
    return (
        source.text[:line_start]
        + head
        + source.text[last:line_end]
        + added
        + source.text[line_end:]
    )


def _not_a_list() -> AcceptError:
    return AcceptError(
        Text(
            "pairs 既不是逐行 “- ” 书写的列表，也不是 []，无法自动追加",
            "pairs is neither a block list of '- ' lines nor [], so it cannot be appended to",
        ),
        _BY_HAND,
    )


def _new_key(source: SourceText, pairs: Sequence[Pair]) -> str:
    """A ``pairs:`` block at the end of the plan."""
    newline = _newline(source)
    text = source.text
    if text and not text.endswith(("\n", "\r")):
        text += newline
    return f"{text}pairs:{_lines(pairs, '  ', newline)}{newline}"


def _check(source: SourceText, text: str, pairs: Sequence[Pair]) -> None:
    """The edited file must parse to what it held before plus exactly the new pairs."""
    shown = str(source.path)
    before = parse_text(source.text, shown).data
    after = parse_text(text, shown)
    expected = dict(before) if isinstance(before, dict) else {}
    expected["pairs"] = [*(expected.get("pairs") or []), *(_data(pair) for pair in pairs)]
    if after.diagnostics or after.data != expected:
        raise AcceptError(
            Text(
                f"在 “{shown}” 中追加结对后内容会与预期不符，未写入",
                f"appending the pairs to '{shown}' would not give the expected plan; "
                "nothing was written",
            ),
            _BY_HAND,
        )
