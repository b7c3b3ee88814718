"""Suppression comments silence or waive findings where they are written; AM104 reports
the ones that silence nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from activitymonth.diagnostics import Position
from activitymonth.i18n import Text
from activitymonth.load import load_plan
from activitymonth.rules import Config, Finding, Severity, check, sourcetext
from activitymonth.rules.builtin.suppressions import UnusedSuppression
from activitymonth.rules.rule import examples
from activitymonth.rules.suppress import apply_suppressions

from conftest import write
from rule_cases import plan_text

HEAD = """\
title: 测试局2026年国庆期间活动方案
unit: 测试局
region: 内蒙古
window: {start: 2026-09-01, end: 2026-10-31}
people:
  - {id: wang, name: 王某, title: 局长}
  - {id: li, name: 李某, title: 副局长}
organization:
  leading_group: {leader: wang, deputies: [li]}
  office: {director: li}
"""
HOLIDAY = "{id: quiz, title: 知识竞赛, date: 2026-10-01, lead: wang}"
WORKDAY = "{id: talk, title: 宣讲, date: 2026-10-12, lead: li}"
CONFIG = Config(select=("AM203", "AM104"))


def run(tmp_path: Path, body: str, *, first: str = "", config: Config = CONFIG) -> list[Finding]:
    """Check ``HEAD + body`` (``first`` goes above it) and apply its comments."""
    loaded = load_plan(write(tmp_path, "plan.yaml", first + HEAD + body))
    return apply_suppressions(check(loaded, config), loaded, config=config)


def codes(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.code, f.position.line if f.position else 0) for f in findings]


def test_a_comment_at_the_end_of_a_line_silences_that_line(tmp_path: Path) -> None:
    body = f"activities:\n  - {HOLIDAY}  # activitymonth: disable=AM203\n"
    assert run(tmp_path, body) == []


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028"])
def test_lines_are_counted_as_yaml_counts_them(tmp_path: Path, newline: str) -> None:
    body = f"activities:\n  # activitymonth: disable=AM203\n  - {HOLIDAY}\n  - {WORKDAY}\n"
    text = (HEAD + body).replace("\n", newline)
    loaded = load_plan(write(tmp_path, "plan.yaml", text))
    assert apply_suppressions(check(loaded, CONFIG), loaded, config=CONFIG) == []


def test_without_the_comment_the_finding_is_there(tmp_path: Path) -> None:
    assert codes(run(tmp_path, f"activities:\n  - {HOLIDAY}\n")) == [("AM203", 12)]


def test_a_comment_on_its_own_line_silences_the_next_yaml_line(tmp_path: Path) -> None:
    body = (
        "activities:\n"
        "  # activitymonth: disable=on-day-off\n"
        "\n"
        "  # 国庆当天在广场举办，不能改期\n"
        f"  - {HOLIDAY}\n"
    )
    assert run(tmp_path, body) == []


def test_an_own_line_comment_does_not_reach_past_the_next_line(tmp_path: Path) -> None:
    body = f"activities:\n  # activitymonth: disable=AM203\n  - {WORKDAY}\n  - {HOLIDAY}\n"
    assert codes(run(tmp_path, body)) == [("AM104", 12), ("AM203", 14)]


@pytest.mark.parametrize(
    "selector", ["AM203", "on-day-off", "AM2", "dates", "ALL", "AM203,on-day-off"]
)
def test_a_file_comment_takes_codes_names_prefixes_and_groups(
    tmp_path: Path, selector: str
) -> None:
    first = f"# activitymonth: disable-file={selector}\n"
    body = f"activities:\n  - {HOLIDAY}\n  - {{id: b, title: 书画展, date: 2026-10-02, lead: li}}\n"
    assert run(tmp_path, body, first=first) == []


def test_a_reason_turns_silencing_into_a_recorded_waiver(tmp_path: Path) -> None:
    body = (
        f"activities:\n  - {HOLIDAY}  # activitymonth: disable=AM203 -- 经局长同意，国庆值守宣传\n"
    )
    [waived] = run(tmp_path, body)
    assert (waived.code, waived.waiver) == ("AM203", "经局长同意，国庆值守宣传")
    assert waived.to_dict()["waiver"] == "经局长同意，国庆值守宣传"


def test_the_line_comment_decides_over_the_file_comment(tmp_path: Path) -> None:
    first = "# activitymonth: disable-file=AM203\n"
    body = f"activities:\n  - {HOLIDAY}  # activitymonth: disable=AM203 -- 局长同意\n"
    [waived] = run(tmp_path, body, first=first)
    assert waived.waiver == "局长同意"


def test_a_comment_that_silences_nothing_is_reported_at_the_comment(tmp_path: Path) -> None:
    line = f"  - {WORKDAY}   # activitymonth: disable=AM203"
    [unused] = run(tmp_path, f"activities:\n{line}\n")
    assert unused.position == Position(str(tmp_path / "plan.yaml"), 12, line.index("#") + 1)
    assert (unused.code, unused.name, unused.severity) == ("AM104", "unused-suppression", "warning")
    assert UnusedSuppression.group.value == "structure"
    assert unused.hint is not None and "delete the comment" in unused.hint("en")
    assert "AM203" in unused.message("zh")


def test_only_the_selectors_that_silenced_nothing_are_named(tmp_path: Path) -> None:
    body = f"activities:\n  - {HOLIDAY}  # activitymonth: disable=AM203,on-weekend\n"
    config = Config(select=("AM202", "AM203", "AM104"))
    [unused] = run(tmp_path, body, config=config)
    assert unused.params["unused"] == Text("on-weekend", "on-weekend")


def test_a_misspelt_selector_gets_the_nearest_rule(tmp_path: Path) -> None:
    body = f"activities:\n  - {HOLIDAY}  # activitymonth: disable=AM2O3\n"
    finding, unused = run(tmp_path, body)
    assert (unused.code, finding.code) == ("AM104", "AM203")
    assert unused.hint is not None and "“AM203”" in unused.hint("zh")


def test_an_empty_comment_is_reported(tmp_path: Path) -> None:
    body = f"activities:\n  - {WORKDAY}  # activitymonth: disable=\n"
    [unused] = run(tmp_path, body)
    assert "no rule" in unused.message("en")


def test_look_alikes_inside_quoted_text_are_not_comments(tmp_path: Path) -> None:
    body = (
        "activities:\n"
        '  - {id: quiz, title: "讲座 # activitymonth: disable=AM203",\n'
        "     date: 2026-10-01, lead: wang}\n"
        "  - id: talk\n"
        "    title: 宣讲\n"
        "    note: |\n"
        "      # activitymonth: disable-file=AM203\n"
        "    date: 2026-10-12\n"
        "    lead: li\n"
    )
    assert codes(run(tmp_path, body)) == [("AM203", 12)]


def test_a_multi_line_item_is_silenced_on_the_line_of_its_position(tmp_path: Path) -> None:
    on_first = (
        "activities:\n"
        "  - {id: quiz, title: 知识竞赛,   # activitymonth: disable=AM203\n"
        "     date: 2026-10-01, lead: wang}\n"
    )
    assert run(tmp_path, on_first) == []
    on_second = (
        "activities:\n"
        "  - {id: quiz, title: 知识竞赛,\n"
        "     date: 2026-10-01, lead: wang}   # activitymonth: disable=AM203\n"
    )
    assert codes(run(tmp_path, on_second)) == [("AM203", 12), ("AM104", 13)]


def test_comments_work_in_included_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        "more.yaml",
        f"activities:\n  - {HOLIDAY}  # activitymonth: disable=AM203\n"
        f"  - {WORKDAY}  # activitymonth: disable=AM203\n",
    )
    own = "  - {id: a, title: 书画展, date: 2026-10-02, lead: li}"
    [unused, finding] = run(tmp_path, f"include: [more.yaml]\nactivities:\n{own}\n")
    assert (finding.code, finding.position) == (
        "AM203",
        Position(str(tmp_path / "plan.yaml"), 13, 5),
    )
    more = Position(str(tmp_path / "more.yaml"), 3, len(f"  - {WORKDAY}  #"))
    assert (unused.code, unused.position) == ("AM104", more)


def test_each_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    original = sourcetext.SourceText.read.__func__  # type: ignore[attr-defined]

    def counting(cls: type[sourcetext.SourceText], shown: str) -> object:
        reads.append(shown)
        return original(cls, shown)

    monkeypatch.setattr(sourcetext.SourceText, "read", classmethod(counting))
    days = "\n".join(
        f"  - {{id: q{d}, title: 竞赛{d}, date: 2026-10-0{d}, lead: wang}}" for d in range(1, 8)
    )
    assert len(run(tmp_path, f"activities:\n{days}\n")) == 7
    assert reads == [str(tmp_path / "plan.yaml")]


def test_the_configuration_governs_am104(tmp_path: Path) -> None:
    body = f"activities:\n  - {WORKDAY}  # activitymonth: disable=AM203,on-weekend\n"
    assert run(tmp_path, body, config=Config(select=("AM203",))) == []
    strict = Config.model_validate(
        {"select": ["AM203", "AM104"], "rules": {"AM104": {"severity": "error"}}}
    )
    [unused] = run(tmp_path, body, config=strict)
    assert unused.severity is Severity.ERROR
    assert unused.params["unused"] == Text("AM203", "AM203")  # on-weekend did not run


def test_am104_itself_can_be_silenced(tmp_path: Path) -> None:
    first = "# activitymonth: disable-file=unused-suppression\n"
    body = f"activities:\n  - {WORKDAY}  # activitymonth: disable=AM203\n"
    assert run(tmp_path, body, first=first) == []
    assert run(tmp_path, f"activities:\n  - {WORKDAY}  # activitymonth: disable=ALL\n") == []


def test_a_comment_naming_am104_is_reported_when_it_silences_nothing(tmp_path: Path) -> None:
    body = f"activities:\n  # activitymonth: disable=AM104\n  - {WORKDAY}\n"
    assert codes(run(tmp_path, body)) == [("AM104", 12)]


def test_findings_without_a_position_pass_through(tmp_path: Path) -> None:
    loaded = load_plan(write(tmp_path, "plan.yaml", HEAD))
    loose = Finding("AM203", "on-day-off", Severity.ERROR, Text("问题", "problem"))
    assert apply_suppressions([loose], loaded) == [loose]


def test_the_documented_examples_hold(tmp_path: Path) -> None:
    """The engine leaves AM104 to apply_suppressions, so its examples run through both."""
    snippets = {e.kind: e.yaml for e in examples(UnusedSuppression)}
    found = {}
    for kind in ("fails", "passes"):
        path = write(tmp_path, f"{kind}.yaml", plan_text(snippets[kind]))
        loaded = load_plan(path)
        found[kind] = apply_suppressions(check(loaded), loaded)
    assert "AM104" in {f.code for f in found["fails"]}
    assert "AM104" not in {f.code for f in found["passes"]}
    assert any(f.code == "AM203" and f.waiver for f in found["passes"])
