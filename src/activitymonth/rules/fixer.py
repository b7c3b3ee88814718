"""``--fix``: apply the safe fixes of findings to the plan files, in place.

A fix names model paths and new values; the loaded plan knows where each value is written.
Replacing exactly those characters — rather than dumping the data again — keeps every
comment, blank line, key order and quoting the author chose, so the diff shows only the
values that changed. Anything that cannot be done that way with certainty is refused and
reported, never guessed: a fix is applied whole or not at all.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from activitymonth.diagnostics import dotted
from activitymonth.i18n import Lang, Text
from activitymonth.load import LoadedPlan
from activitymonth.load.source import parse_text
from activitymonth.rules.finding import Edit, Finding
from activitymonth.rules.sourcetext import BOM, SourceText
from activitymonth.write import write_text_atomically

_LINE_BREAKS = "\r\n\x85\u2028\u2029"


@dataclass(frozen=True)
class FileChange:
    """One file's text before and after the fixes (``before`` is what was read)."""

    path: Path
    before: str
    after: str


@dataclass(frozen=True)
class Refusal:
    """A safe fix that was left out, and why — so ``--fix`` can say what it did not do."""

    finding: Finding
    reason: Text

    def render(self, lang: Lang = "zh") -> str:
        where = f"{self.finding.position}: " if self.finding.position else ""
        label = "未自动修复：" if lang == "zh" else "not fixed: "
        return f"{where}{self.finding.code} {label}{self.reason(lang)}"


class FixPlan(list[FileChange]):
    """The file changes to write, and in ``refused`` the fixes left out with their reasons.

    A list of changes, so callers that only write them need nothing else."""

    def __init__(self, changes: Iterable[FileChange], refused: Iterable[Refusal]) -> None:
        super().__init__(changes)
        self.refused = list(refused)


class FileChangedError(Exception):
    """A file changed on disk after the fixes were planned; nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.path = path
        self.message = Text(
            f"“{path}” 在检查之后被修改过，未写入任何修复；请重新运行 check --fix",
            f"'{path}' changed after it was checked; no fix was written, run check --fix again",
        )

    def __str__(self) -> str:
        return self.message("en")


@dataclass(frozen=True)
class _Splice:
    """Replace ``text[start:end]`` of ``file`` (one line, ``line``) with ``text``."""

    file: str
    line: int
    start: int
    end: int
    text: str
    finding: Finding

    @property
    def change(self) -> tuple[int, int, str]:
        return self.start, self.end, self.text

    def clashes(self, other: _Splice) -> bool:
        """Touches the same characters with a different result (the same edit twice, from
        two findings, is no clash)."""
        touches = self.start == other.start or (self.start < other.end and other.start < self.end)
        return touches and self.change != other.change


def plan_fixes(findings: list[Finding], loaded: LoadedPlan) -> FixPlan:
    """The file changes that apply every safe fix of ``findings`` (waived findings are
    left alone: the plan's author accepted them as they are).

    Refused, with the reason in ``refused``: a value not written in a plan file on disk,
    a value spanning lines, an anchored or tagged value (other places may share it), a
    fix touching a value an earlier fix already changes (the first wins), and the fixes
    of a file that would no longer parse.
    """
    files = _Files(loaded)
    accepted: dict[tuple[str, int], list[_Splice]] = {}
    refused: list[Refusal] = []
    for finding in findings:
        fix = finding.fix
        if fix is None or fix.applicability != "safe" or finding.waiver is not None:
            continue
        splices: list[_Splice] = []
        for edit in fix.edits:
            splice = files.splice(edit, finding)
            if isinstance(splice, Text):
                refused.append(Refusal(finding, splice))
                break
            splices.append(splice)
        else:
            reason = _conflict(splices, accepted)
            if reason is not None:
                refused.append(Refusal(finding, reason))
                continue
            for splice in splices:
                same_line = accepted.setdefault((splice.file, splice.line), [])
                if all(splice.change != other.change for other in same_line):
                    same_line.append(splice)
    return files.changes([s for group in accepted.values() for s in group], refused)


def _conflict(
    splices: list[_Splice], accepted: dict[tuple[str, int], list[_Splice]]
) -> Text | None:
    """Why these edits clash with ones already accepted, if they do."""
    for splice in splices:
        for other in accepted.get((splice.file, splice.line), ()):
            if splice.clashes(other):
                return Text(
                    f"与第 {other.line} 行 {other.finding.code} 的修复改同一个值，已按先到的修复",
                    f"it changes the same value as the fix of {other.finding.code} "
                    f"(line {other.line}), which was applied instead",
                )
    return None


class _Files:
    """The plan's files, each read once, and edits turned into splices of their text."""

    def __init__(self, loaded: LoadedPlan) -> None:
        self.sources = loaded.sources
        self.folder = Path(loaded.file).resolve().parent
        self.texts: dict[str, SourceText | None] = {}

    def source(self, file: str) -> SourceText | None:
        """A file the plan was loaded from: on disk, inside the plan's folder (the loader
        reads nothing outside it, so an edit elsewhere is not the plan's)."""
        if file not in self.texts:
            inside = Path(file).resolve().is_relative_to(self.folder)
            self.texts[file] = SourceText.read(file) if inside else None
        return self.texts[file]

    def splice(self, edit: Edit, finding: Finding) -> _Splice | Text:
        span = self.sources.span(edit.path)
        if span is None:
            return Text(
                f"{dotted(edit.path)} 没有写在计划文件里，无法就地修改",
                f"{dotted(edit.path)} is not written in the plan file, so it cannot be edited",
            )
        start, end = span
        if (start.file, start.line) != (end.file, end.line):
            return Text(
                "这个值跨了多行，请手工修改",
                "the value spans several lines; edit it by hand",
            )
        source = self.source(start.file)
        if source is None:
            return Text(
                f"“{start.file}” 不是本计划从磁盘读入的文件，不会修改",
                f"'{start.file}' is not a file this plan was read from; it is left alone",
            )
        first, last = source.offset(start), source.offset(end)
        if first is None or last is None:
            return Text(
                "文件在检查之后被修改过，请重新检查",
                "the file changed since it was checked; check again",
            )
        written = source.text[first:last]
        if written[:1] in ("&", "!", "[", "{"):
            return Text(
                f"{dotted(edit.path)} 带锚点、标签或不是单个值，可能被别处引用，请手工修改",
                f"{dotted(edit.path)} has an anchor or tag or is not a single value; "
                "edit it by hand",
            )
        return _Splice(
            start.file, start.line, first, last, _quoted_like(written, edit.value), finding
        )

    def changes(self, splices: list[_Splice], refused: list[Refusal]) -> FixPlan:
        by_file: dict[str, list[_Splice]] = {}
        for splice in splices:
            by_file.setdefault(splice.file, []).append(splice)
        changes = []
        for file, group in by_file.items():
            source = self.texts[file]
            assert source is not None  # every splice came from a readable file
            text = _spliced(source.text, group)
            if parse_text(text, file).diagnostics:
                culprits = dict.fromkeys(s.finding for s in group)
                refused += [
                    Refusal(
                        f,
                        Text(
                            f"修改后 “{file}” 无法解析，此文件未修改",
                            f"'{file}' would not parse after the fix; the file is unchanged",
                        ),
                    )
                    for f in culprits
                ]
                continue
            changes.append(FileChange(source.path, source.full, (BOM if source.bom else "") + text))
        return FixPlan(changes, refused)


def _spliced(text: str, splices: list[_Splice]) -> str:
    parts = []
    cursor = 0
    for splice in sorted(splices, key=lambda s: s.start):
        parts += [text[cursor : splice.start], splice.text]
        cursor = splice.end
    return "".join([*parts, text[cursor:]])


def _quoted_like(written: str, value: str) -> str:
    """``value`` in the quoting style of the scalar it replaces."""
    if written.startswith("'"):
        return "'" + value.replace("'", "''") + "'"
    if written.startswith('"'):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def unified_diff(changes: list[FileChange]) -> str:
    """What ``--fix`` changes (or, with ``--diff``, would change), as ``git diff`` shows it."""
    out = []
    for change in changes:
        before = change.before.splitlines(keepends=True)
        after = change.after.splitlines(keepends=True)
        name = change.path.as_posix()
        for line in difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"):
            out.append(line)
            if line[-1] not in _LINE_BREAKS:
                out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def write_changes(changes: list[FileChange]) -> None:
    """Write every change atomically (a crash leaves each file whole, old or new).

    Every file is compared with what the fixes were planned on before any is written:
    raises ``FileChangedError`` and writes nothing when one was edited meanwhile.
    """
    for change in changes:
        current = SourceText.read(str(change.path))
        if current is None or current.full != change.before:
            raise FileChangedError(change.path)
    for change in changes:
        write_text_atomically(change.path, change.after)
