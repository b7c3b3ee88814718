"""``activitymonth check``: findings, exit codes, configuration, waivers, fixes, formats.

Runs restrict themselves with ``--select`` to the rules they are about, so that rules
added later do not change what these tests expect.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from activitymonth.cli import cli
from activitymonth.cli.check_cmd import check
from test_outputs import validate_sarif

from conftest import PLANS, REPO, write

DATE_RULES = "AM201,AM202,AM203"
HEAD = """\
title: 测试局2026年民族团结进步活动月实施方案
unit: 测试局
region: 内蒙古
window: {start: 2026-09-01, end: 2026-10-31}
people:
  - {id: wang, name: 王某, title: 局长}
  - {id: li, name: 李某, title: 副局长}
organization:
  leading_group: {leader: wang, deputies: [li]}
  office: {director: li}
activities:
  - id: mobilize
    title: 动员会
    date: 2026-09-01
    lead: wang
"""
HOLIDAY = """\
  - id: quiz
    title: 知识竞赛
    date: 2026-10-01
    lead: li
"""
WEEKEND = """\
  - id: talk
    title: 政策宣讲
    date: 2026-09-12
    lead: li
"""
QUIZ_LINE = HEAD.count("\n") + 1  # the line of "- id: quiz" right after HEAD
WAIVER = "  # activitymonth: disable=AM203 -- 经局长同意\n"  # on its own line: the next item


def run(*args: str) -> Result:
    runner = CliRunner(env={"ACTIVITYMONTH_LANG": "zh", "COLUMNS": "200"})
    return runner.invoke(check, list(args))


def plan(folder: Path, *parts: str, name: str = "plan.yaml") -> Path:
    return write(folder, name, HEAD + "".join(parts))


def test_a_clean_plan_exits_0(tmp_path: Path) -> None:
    result = run(str(plan(tmp_path)), "--select", DATE_RULES)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "检查了 1 个计划：没有发现问题"


def test_an_error_exits_1_and_is_shown_at_its_line(tmp_path: Path) -> None:
    path = plan(tmp_path, HOLIDAY)
    result = run(str(path), "--select", DATE_RULES)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == str(path)
    assert lines[1].split()[:3] == [f"{QUIZ_LINE}:5", "错误", "AM203"]
    assert "「知识竞赛」安排在 2026-10-01 周四 国庆节" in lines[1]
    assert lines[2].strip() == "建议：最近的合适日期是 2026-10-08 周四"
    assert lines[-1].startswith("检查了 1 个计划：1 个错误，0 个警告，0 条提示")


def test_english_on_request(tmp_path: Path) -> None:
    result = run(str(plan(tmp_path, HOLIDAY)), "--select", DATE_RULES, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1].split()[1:3] == ["error", "AM203"]
    assert "fix: the nearest suitable day is 2026-10-08 Thu" in result.stdout
    assert "1 plan(s) checked: 1 error(s)" in result.stdout


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ([], 0),
        (["--strict"], 1),
        (["--fail-on", "warning"], 1),
        (["--fail-on", "info"], 1),
        (["--fail-on", "error", "--strict"], 1),
    ],
)
def test_warnings_fail_only_when_asked(tmp_path: Path, options: list[str], code: int) -> None:
    result = run(str(plan(tmp_path, WEEKEND)), "--select", DATE_RULES, *options)
    assert "AM202" in result.stdout and "警告" in result.stdout
    assert result.exit_code == code, result.output


def test_fail_on_comes_from_the_config_file(tmp_path: Path) -> None:
    write(tmp_path, ".activitymonth.yaml", "fail-on: warning\n")
    path = plan(tmp_path, WEEKEND)
    assert run(str(path), "--select", DATE_RULES).exit_code == 1
    assert run(str(path), "--select", DATE_RULES, "--fail-on", "error").exit_code == 0


def test_a_config_severity_changes_what_fails(tmp_path: Path) -> None:
    write(tmp_path, ".activitymonth.yaml", "rules:\n  AM203: {severity: warning}\n")
    path = plan(tmp_path, HOLIDAY)
    relaxed = run(str(path), "--select", DATE_RULES)
    assert relaxed.exit_code == 0 and "警告" in relaxed.stdout
    assert run(str(path), "--select", DATE_RULES, "--strict").exit_code == 1


def test_select_and_ignore(tmp_path: Path) -> None:
    path = str(plan(tmp_path, HOLIDAY, WEEKEND))
    both = run(path, "--select", DATE_RULES)
    assert "AM203" in both.stdout and "AM202" in both.stdout
    only_weekends = run(path, "--select", "AM202")
    assert "AM203" not in only_weekends.stdout and only_weekends.exit_code == 0
    ignored = run(path, "--select", "dates", "--ignore", "AM203,AM202")
    assert "AM203" not in ignored.stdout and "AM202" not in ignored.stdout
    assert ignored.exit_code == 0


def test_select_extends_the_config_files_selection(tmp_path: Path) -> None:
    write(tmp_path, ".activitymonth.yaml", "select: [AM202]\n")
    path = str(plan(tmp_path, HOLIDAY, WEEKEND))
    from_file = run(path)
    assert "AM202" in from_file.stdout and "AM203" not in from_file.stdout
    extended = run(path, "--select", "AM203")
    assert "AM202" in extended.stdout and "AM203" in extended.stdout


def test_an_explicit_config_file_is_used(tmp_path: Path) -> None:
    config = write(tmp_path, "strict.yaml", "select: [AM203]\nfail-on: warning\n")
    path = str(plan(tmp_path, WEEKEND))
    assert run(path, "--select", DATE_RULES).exit_code == 0
    assert run(path, "--config", str(config), "--select", "AM202").exit_code == 1


def test_an_unknown_selector_exits_2_with_a_suggestion(tmp_path: Path) -> None:
    result = run(str(plan(tmp_path)), "--select", "AM2030")
    assert result.exit_code == 2
    assert "没有规则与 “AM2030” 相符" in result.output and "AM203" in result.output


def test_a_broken_config_exits_2(tmp_path: Path) -> None:
    write(tmp_path, ".activitymonth.yaml", "selekt: [AM203]\n")
    result = run(str(plan(tmp_path, HOLIDAY)))
    assert result.exit_code == 2
    assert ".activitymonth.yaml" in result.output and "selekt" in result.output


def test_an_unusable_plan_exits_2_and_the_others_are_still_checked(tmp_path: Path) -> None:
    good = plan(tmp_path, HOLIDAY)
    bad = write(tmp_path, "bad.yaml", HEAD.replace("lead: wang", "lead: [wang"))
    result = run(str(bad), str(good), "--select", DATE_RULES)
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and "AM001" in result.stderr
    assert "AM203" in result.stdout
    missing = run(str(tmp_path / "nowhere.yaml"))
    assert missing.exit_code == 2 and "找不到计划文件" in missing.stderr


def test_several_plans_are_grouped_by_file_with_one_summary(tmp_path: Path) -> None:
    first = plan(tmp_path, HOLIDAY, name="a.yaml")
    second = plan(tmp_path, WEEKEND, name="b.yaml")
    clean = plan(tmp_path, name="c.yaml")
    result = run(str(first), str(second), str(clean), "--select", DATE_RULES)
    lines = result.stdout.splitlines()
    assert lines.index(str(first)) < lines.index(str(second))
    assert str(clean) not in lines
    assert sum(line.startswith("检查了") for line in lines) == 1
    assert lines[-1].startswith("检查了 3 个计划：1 个错误，1 个警告，0 条提示")
    assert result.exit_code == 1


def test_date_dependent_checks_run_with_today(tmp_path: Path) -> None:
    path = str(plan(tmp_path))
    assert run(path, "--select", "AM211").exit_code == 0
    late = run(path, "--select", "AM211", "--today", "2026-09-20", "--strict")
    assert late.exit_code == 1 and "AM211" in late.stdout and "动员会" in late.stdout
    early = run(path, "--select", "AM211", "--today", "2026-08-20", "--strict")
    assert early.exit_code == 0
    wrong = run(path, "--today", "2026-13-01")
    assert wrong.exit_code == 2 and "2026-13-01" in wrong.output


# --- waivers ------------------------------------------------------------------------


def test_a_suppressed_finding_disappears(tmp_path: Path) -> None:
    path = plan(
        tmp_path, HOLIDAY.replace("  - id: quiz", "  - id: quiz  # activitymonth: disable=AM203")
    )
    result = run(str(path), "--select", DATE_RULES)
    assert result.exit_code == 0, result.output
    assert "AM203" not in result.stdout


def test_a_suppression_that_silences_nothing_is_reported(tmp_path: Path) -> None:
    path = plan(tmp_path, WAIVER.replace("AM203", "AM202"), HOLIDAY)
    result = run(str(path), "--select", "AM202,AM203,AM104")
    assert "AM104" in result.stdout and "AM203" in result.stdout
    assert run(str(path), "--select", "AM202,AM203").stdout.count("AM104") == 0


def test_a_waiver_is_shown_but_never_fails(tmp_path: Path) -> None:
    waived = WAIVER + HOLIDAY
    path = str(plan(tmp_path, waived))
    result = run(path, "--select", DATE_RULES, "--strict")
    assert result.exit_code == 0, result.output
    assert "「已豁免：经局长同意」" in result.stdout
    assert "没有发现问题；1 项已豁免" in result.stdout
    data = json.loads(run(path, "--select", DATE_RULES, "--format", "json").stdout)
    assert [f["waiver"] for f in data["findings"]] == ["经局长同意"]
    assert data["summary"]["waived"] == 1 and data["summary"]["error"] == 0
    sarif = json.loads(run(path, "--select", DATE_RULES, "--format", "sarif").stdout)
    [result_] = sarif["runs"][0]["results"]
    assert result_["suppressions"] == [{"kind": "inSource", "justification": "经局长同意"}]
    assert run(path, "--select", DATE_RULES, "--format", "parsable").stdout == ""


def test_a_waived_finding_is_not_fixed(tmp_path: Path) -> None:
    waived = WAIVER + HOLIDAY
    path = plan(tmp_path, waived)
    before = path.read_text(encoding="utf-8")
    result = run(str(path), "--select", DATE_RULES, "--fix")
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == before


# --- fixes --------------------------------------------------------------------------


def test_fix_writes_the_safe_fixes_and_reports_what_remains(tmp_path: Path) -> None:
    path = plan(tmp_path, HOLIDAY, WEEKEND)
    result = run(str(path), "--select", "AM203", "--fix")
    assert result.exit_code == 0, result.output
    assert "date: 2026-10-08" in path.read_text(encoding="utf-8")
    assert "已自动修复 1 处问题，写入 1 个文件" in result.stderr
    assert "没有发现问题" in result.stdout
    again = run(str(path), "--select", "AM203")
    assert again.exit_code == 0


def test_diff_shows_the_fixes_without_writing(tmp_path: Path) -> None:
    path = plan(tmp_path, HOLIDAY)
    before = path.read_text(encoding="utf-8")
    result = run(str(path), "--select", "AM203", "--diff")
    assert result.exit_code == 1
    assert "-    date: 2026-10-01" in result.stdout and "+    date: 2026-10-08" in result.stdout
    assert path.read_text(encoding="utf-8") == before
    nothing = run(str(plan(tmp_path, name="clean.yaml")), "--select", "AM203", "--diff")
    assert nothing.exit_code == 0 and nothing.stdout == ""
    assert "没有可自动修复的问题" in nothing.stderr


# --- formats ------------------------------------------------------------------------


def test_json_format(tmp_path: Path) -> None:
    path = plan(tmp_path, HOLIDAY, WEEKEND)
    result = run(str(path), "--select", DATE_RULES, "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(f["code"], f["line"]) for f in data["findings"]] == [
        ("AM203", QUIZ_LINE),
        ("AM202", QUIZ_LINE + 4),
    ]
    assert data["findings"][0]["message"].startswith("'知识竞赛' is on 2026-10-01 Thu")
    assert data["findings"][0]["file"] == str(path)
    assert data["summary"] == {
        "files": 1,
        "error": 1,
        "warning": 1,
        "info": 0,
        "waived": 0,
        "fixable": 2,
    }


def test_sarif_fixes_replace_the_written_scalar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    plan(tmp_path, HOLIDAY)
    result = run("plan.yaml", "--select", DATE_RULES, "--format", "sarif")
    assert result.exit_code == 1
    [found] = json.loads(result.stdout)["runs"][0]["results"]
    location = found["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "plan.yaml"
    assert location["region"] == {"startLine": QUIZ_LINE, "startColumn": 5}
    [change] = found["fixes"][0]["artifactChanges"]
    [replacement] = change["replacements"]
    region = replacement["deletedRegion"]
    line = (
        (tmp_path / "plan.yaml").read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    )
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "2026-10-01"
    assert replacement["insertedContent"] == {"text": "2026-10-08"}


def test_sarif_of_every_broken_plan_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    plans = sorted(str(p.relative_to(REPO)) for p in (PLANS / "broken" / "rules").glob("*.yaml"))
    result = run(*plans, "--format", "sarif", "--today", "2026-09-20")
    assert result.exit_code == 1, result.output
    log = json.loads(result.stdout)
    validate_sarif(log)
    results = log["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris <= set(plans) and len(uris) > 1
    assert any("fixes" in r for r in results)


def test_parsable_and_github_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    plan(tmp_path, HOLIDAY)
    parsable = run("plan.yaml", "--select", DATE_RULES, "--format", "parsable")
    assert parsable.stdout.startswith(f"plan.yaml:{QUIZ_LINE}:5: error AM203 「知识竞赛」")
    github = run("plan.yaml", "--select", DATE_RULES, "--format", "github")
    assert github.stdout.startswith(
        f"::error file=plan.yaml,line={QUIZ_LINE},col=5,title=AM203 on-day-off::「知识竞赛」"
    )
    assert parsable.exit_code == github.exit_code == 1


def test_output_goes_to_a_file(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = run(
        str(plan(tmp_path, HOLIDAY)), "--select", DATE_RULES, "--format", "json", "-o", str(report)
    )
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["error"] == 1
    text_report = tmp_path / "report.txt"
    run(str(plan(tmp_path, HOLIDAY)), "--select", DATE_RULES, "-o", str(text_report))
    assert "AM203" in text_report.read_text(encoding="utf-8")


def test_the_commands_are_registered() -> None:
    runner = CliRunner()
    for command in ("check", "rules", "rule"):
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0, result.output


def test_user_rules_from_the_config_file_run_like_built_ins(tmp_path: Path) -> None:
    shutil.copy(REPO / "plans" / "county-gongyiri-2026.yaml", tmp_path / "plan.yaml")
    shutil.copy(REPO / "plans" / "rules" / "county-rules.yaml", tmp_path / "rules.yaml")
    (tmp_path / ".activitymonth.yaml").write_text("user-rules: [rules.yaml]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "plan.yaml"), "--format", "json"])
    assert result.exit_code == 1, result.output
    codes = [f["code"] for f in json.loads(result.output)["findings"]]
    assert codes == ["XJ007"]
    (tmp_path / ".activitymonth.yaml").write_text(
        "user-rules: [rules.yaml]\nignore: [XJ007]\n", encoding="utf-8"
    )
    assert CliRunner().invoke(cli, ["check", str(tmp_path / "plan.yaml")]).exit_code == 0
