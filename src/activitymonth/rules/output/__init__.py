"""Findings for people and machines, and each rule's documentation.

Every format (``text``, ``parsable``, ``json_format``, ``sarif``, ``github``) is a module
with a pure function ``render(findings, *, lang, files, ...) -> str`` over plain findings,
so ``activitymonth check``, an editor plug-in or a test can use one without running a
command. What the formats share lives here so they cannot disagree: the order findings
are shown in, the counts of a run (waived findings apart, because an accepted exception
never fails a run) and each rule's documentation (``activitymonth rule`` and SARIF's rule
help print the same text).
"""

from __future__ import annotations

import inspect
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from activitymonth.i18n import Lang, Text
from activitymonth.rules.finding import Finding, Severity
from activitymonth.rules.rule import Example, Rule, examples

FORMATS = ("text", "parsable", "json", "sarif", "github")

SEVERITY_LABELS = {
    Severity.ERROR: Text("错误", "error"),
    Severity.WARNING: Text("警告", "warning"),
    Severity.INFO: Text("提示", "info"),
}
HINT_LABEL = Text("建议：", "fix: ")
MESSAGE_LABEL = Text("消息：", "message: ")


def waiver_mark(reason: str, lang: Lang) -> str:
    """How a recorded waiver is shown next to the finding it accepts."""
    return Text(f"「已豁免：{reason}」", f"[waived: {reason}]")(lang)


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """By file, line, column and code: the order a reader walks a file in."""
    return sorted(findings, key=_position_key)


def _position_key(finding: Finding) -> tuple[str, int, int, str]:
    where = finding.position
    return (where.file, where.line, where.col, finding.code) if where else ("", 0, 0, finding.code)


def by_file(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by the file they point into (``""`` for findings without a place)."""
    groups: dict[str, list[Finding]] = {}
    for finding in ordered(findings):
        groups.setdefault(finding.position.file if finding.position else "", []).append(finding)
    return list(groups.items())


def relative_path(file: str, root: Path | None = None) -> str:
    """``file`` relative to ``root`` (the current folder) with forward slashes, as CI
    services expect; unchanged when it cannot be relative (another drive on Windows)."""
    path = Path(file)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return Path(os.path.relpath(path, root or Path.cwd())).as_posix()
    except ValueError:
        return path.as_posix()


def one_line(text: str) -> str:
    """Line-oriented formats keep one finding per line whatever a message holds."""
    return " ".join(text.splitlines())


@dataclass(frozen=True, slots=True)
class Summary:
    """What a run found: open findings by severity, waivers, safe fixes, files checked."""

    files: int
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    waived: int = 0
    fixable: int = 0

    @classmethod
    def of(cls, findings: Sequence[Finding], files: Sequence[str] = ()) -> Summary:
        """Counts over ``findings``; ``files`` are the plans checked (clean ones included)."""
        open_ = [f for f in findings if f.waiver is None]
        count = {s: sum(1 for f in open_ if f.severity is s) for s in Severity}
        checked = len(files) or len({f.position.file for f in findings if f.position})
        return cls(
            files=checked,
            errors=count[Severity.ERROR],
            warnings=count[Severity.WARNING],
            infos=count[Severity.INFO],
            waived=len(findings) - len(open_),
            fixable=sum(1 for f in open_ if f.fix and f.fix.applicability == "safe"),
        )

    @property
    def problems(self) -> int:
        return self.errors + self.warnings + self.infos

    def text(self, lang: Lang = "zh") -> str:
        """One line: ``检查了 2 个计划：1 个错误，2 个警告，0 条提示；1 项已豁免``."""
        found = (
            Text(
                f"{self.errors} 个错误，{self.warnings} 个警告，{self.infos} 条提示",
                f"{self.errors} error(s), {self.warnings} warning(s), {self.infos} info",
            )
            if self.problems
            else Text("没有发现问题", "no problems found")
        )
        parts = [Text(f"检查了 {self.files} 个计划：", f"{self.files} plan(s) checked: ") + found]
        if self.waived:
            parts.append(Text(f"{self.waived} 项已豁免", f"{self.waived} waived"))
        if self.fixable:
            parts.append(
                Text(f"{self.fixable} 个可用 --fix 自动修复", f"{self.fixable} fixable with --fix")
            )
        return Text.join(parts)(lang)

    def to_dict(self) -> dict[str, int]:
        return {
            "files": self.files,
            "error": self.errors,
            "warning": self.warnings,
            "info": self.infos,
            "waived": self.waived,
            "fixable": self.fixable,
        }


@dataclass(frozen=True, slots=True)
class OptionDoc:
    """One rule option as a configuration file takes it."""

    name: str
    type: str
    default: Any
    description: str


NONE = Text("无", "none")
EXAMPLES_NOTE = Text(
    "示例只列出计划中与本规则有关的部分，其余部分是一份完整的小计划。",
    "Examples show only the part of a plan that matters to the rule; the rest is a small "
    "valid plan.",
)
EXAMPLE_TITLES = {
    "fails": Text("不通过", "Fails"),
    "passes": Text("通过", "Passes"),
    "fixed": Text("--fix 修复后", "After --fix"),
}
CONFIG_NOTE = Text("在 .activitymonth.yaml 中设置：", "Set them in .activitymonth.yaml:")
OPTION_HEADERS = (
    Text("选项", "option"),
    Text("类型", "type"),
    Text("默认值", "default"),
    Text("说明", "description"),
)


@dataclass(frozen=True)
class RuleDoc:
    """A rule's documentation, read from the rule itself so it cannot drift from the code:
    the summary and templates from its attributes, the prose (``description``, the
    docstring's first paragraph; ``details``, the rest, "Why:" included) and examples from
    its docstring, the options from its ``Options`` model."""

    rule: type[Rule]
    description: str
    details: tuple[str, ...]
    options: tuple[OptionDoc, ...]
    examples: tuple[Example, ...]

    @classmethod
    def of(cls, rule: type[Rule]) -> RuleDoc:
        doc = inspect.cleandoc(rule.__doc__ or "")
        prose = re.split(r"^(?:Fails|Passes|Fixed):$", doc, maxsplit=1, flags=re.M)[0]
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", prose) if p.strip()]
        return cls(
            rule=rule,
            description=paragraphs[0] if paragraphs else rule.summary.en,
            details=tuple(paragraphs[1:]),
            options=_options(rule),
            examples=tuple(examples(rule)),
        )

    @property
    def fixable(self) -> bool:
        """The docstring shows a ``Fixed:`` result exactly when the rule offers a safe fix."""
        return any(example.kind == "fixed" for example in self.examples)

    def markdown(self, lang: Lang = "zh") -> str:
        """The whole documentation as Markdown, as ``activitymonth rule CODE`` prints it."""
        rule = self.rule
        fix = Text("有（--fix）", "safe fix (--fix)") if self.fixable else NONE
        facts = [
            (Text("分组", "group"), rule.group.value),
            (Text("默认级别", "default severity"), rule.severity.value),
            (Text("自动修复", "fix"), fix(lang)),
        ]
        lines = [f"# {rule.code} {rule.name}", "", rule.summary(lang), ""]
        lines += [_labelled(facts, lang), "", self.description]
        for paragraph in self.details:
            lines += ["", paragraph]
        lines += ["", "## " + Text("选项", "Options")(lang), "", *self._options_markdown(lang)]
        if self.examples:
            lines += ["", "## " + Text("示例", "Examples")(lang), "", EXAMPLES_NOTE(lang)]
            for example in self.examples:
                lines += ["", f"### {EXAMPLE_TITLES[example.kind](lang)}", ""]
                lines += ["```yaml", example.yaml, "```"]
        lines += ["", "## " + Text("消息", "Message")(lang), ""]
        lines.append(f"- {MESSAGE_LABEL(lang)}{rule.message(lang)}")
        if rule.hint is not None:
            lines.append(f"- {HINT_LABEL(lang)}{rule.hint(lang)}")
        return "\n".join(lines) + "\n"

    def _options_markdown(self, lang: Lang) -> list[str]:
        if not self.options:
            return [Text("没有选项。", "None.")(lang)]
        rows = [
            "| " + " | ".join(header(lang) for header in OPTION_HEADERS) + " |",
            "| --- | --- | --- | --- |",
        ]
        for option in self.options:
            cells = (
                f"`{option.name}`",
                option.type,
                f"`{_value(option.default)}`",
                option.description,
            )
            rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        return [*rows, "", CONFIG_NOTE(lang), "", "```yaml", self.config_example(), "```"]

    def config_example(self) -> str:
        """How ``.activitymonth.yaml`` sets this rule's options (each at its default)."""
        body = ", ".join(f"{option.name}: {_value(option.default)}" for option in self.options)
        return f"rules:\n  {self.rule.code}: {{{body}}}"

    def text(self, lang: Lang = "zh") -> str:
        """Plain text for viewers without Markdown (SARIF's ``help.text``)."""
        plain = re.sub(r"^#+ ", "", self.markdown(lang), flags=re.M)
        return re.sub(r"^```.*\n", "", plain, flags=re.M)

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        rule = self.rule
        return {
            "code": rule.code,
            "name": rule.name,
            "group": rule.group.value,
            "severity": rule.severity.value,
            "summary": rule.summary(lang),
            "fixable": self.fixable,
            "description": self.description,
            "details": list(self.details),
            "options": [
                {"name": o.name, "type": o.type, "default": o.default, "description": o.description}
                for o in self.options
            ],
            "examples": [{"kind": e.kind, "yaml": e.yaml} for e in self.examples],
            "message": rule.message(lang),
            "hint": rule.hint(lang) if rule.hint is not None else None,
        }


def _labelled(pairs: list[tuple[Text, str]], lang: Lang) -> str:
    separator = "：" if lang == "zh" else ": "
    return ("　" if lang == "zh" else " · ").join(
        f"{label(lang)}{separator}{value}" for label, value in pairs
    )


def _value(value: Any) -> str:
    """An option value as YAML (JSON is YAML, and it quotes what needs quoting)."""
    return json.dumps(value, ensure_ascii=False)


def _options(rule: type[Rule]) -> tuple[OptionDoc, ...]:
    schema = rule.Options.model_json_schema()
    defaults = rule.Options().model_dump(mode="json")
    definitions = schema.get("$defs", {})
    return tuple(
        OptionDoc(
            name=name,
            type=_type_name(spec, definitions),
            default=defaults.get(name),
            description=spec.get("description", ""),
        )
        for name, spec in schema.get("properties", {}).items()
    )


def _type_name(spec: dict[str, Any], definitions: dict[str, Any]) -> str:
    """A JSON-schema type as a config file takes it: ``integer``, ``a | b``, ``list of string``."""
    if "$ref" in spec:
        return _type_name(definitions.get(spec["$ref"].rsplit("/", 1)[-1], {}), definitions)
    if "enum" in spec:
        return " | ".join(str(value) for value in spec["enum"])
    if "anyOf" in spec:
        return " | ".join(_type_name(part, definitions) for part in spec["anyOf"])
    kind = spec.get("type", "any")
    if kind == "array":
        return "list of " + _type_name(spec.get("items", {}), definitions)
    return " | ".join(kind) if isinstance(kind, list) else str(kind)
