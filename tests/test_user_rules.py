"""User rules: templates and CEL expressions from rules files, run as real rules.

Every template is run on small realistic plans (the base plan of ``rule_cases.py``, a
2026-09 activity month in 内蒙古) where it must fire and where it must stay silent;
expressions are checked against China's calendar (2026-10-01 国庆节, 2026-09-20 a
make-up work day on a Sunday); every mistake in a rules file must come back as a located
diagnostic, and nothing may reach Python's ``eval``/``exec``.
"""

from __future__ import annotations

import builtins
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from activitymonth.diagnostics import Diagnostic, PlanLoadError
from activitymonth.load import load_plan
from activitymonth.rules import Config, Finding, Severity, check
from activitymonth.rules.context import Context
from activitymonth.rules.output import RuleDoc
from activitymonth.rules.rule import REGISTRY, Rule, load_builtin_rules
from activitymonth.rules.user import UserRule, load_user_rules
from activitymonth.rules.user.cel import CelProblem, compile_expression
from activitymonth.rules.user.functions import SIGNATURES
from activitymonth.rules.user.templates import TEMPLATES
from activitymonth.rules.user.values import parse_clock_span, parse_gap, parse_weekday
from activitymonth.rules.user.view import VARIABLES, ListOf, Record, Shape
from activitymonth.schedule import resolve

from rule_cases import plan_text

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "plans" / "rules" / "county-rules.yaml"
DOCS = REPO / "docs" / "user-rules.md"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def findings(folder: Path, source: str, snippet: str = "", **config: Any) -> list[Finding]:
    """The findings of the rules in ``source`` (YAML text) on the base plan + ``snippet``."""
    loaded = load_user_rules([write(folder, "rules.yaml", source)])
    plan = load_plan(write(folder, "plan.yaml", plan_text(textwrap.dedent(snippet))))
    settings = Config.model_validate({"select": [rule.code for rule in loaded], **config})
    return check(plan, settings, extra_rules=loaded)


def errors(folder: Path, rules: str) -> list[Diagnostic]:
    with pytest.raises(PlanLoadError) as caught:
        load_user_rules([write(folder, "rules.yaml", rules)])
    return caught.value.diagnostics


def shown(finding: Finding) -> str:
    return finding.render("zh") + "\n" + finding.render("en")


# ---------------------------------------------------------------- the sample file


def test_sample_rules_load_as_real_rule_classes() -> None:
    rules = load_user_rules([SAMPLE])
    assert [r.code for r in rules] == [f"XJ00{n}" for n in range(1, 10)]
    assert all(issubclass(r, UserRule) and issubclass(r, Rule) for r in rules)
    first = rules[0]
    assert (first.name, first.group.value, first.severity) == (
        "gongyiri-monthly",
        "dates",
        Severity.ERROR,
    )
    assert first.origin.line == 7
    doc = RuleDoc.of(first).markdown("en")
    assert "# XJ001 gongyiri-monthly" in doc and "Why: 每月15日" in doc and "seed 002:22" in doc
    assert "county-rules.yaml:7:5 (max-interval)" in first.__doc__


def test_sample_rules_on_the_county_plan(tmp_path: Path) -> None:
    """The county's own 公益日 plan meets its rules but one: the quarterly theory training
    expects 180 people and names no host."""
    rules = load_user_rules([SAMPLE])
    plan = load_plan(REPO / "plans" / "county-gongyiri-2026.yaml")
    config = Config.model_validate({"select": ["XJ"]})
    found = check(plan, config, extra_rules=rules)
    assert [(f.code, f.path) for f in found] == [("XJ007", ("activities", 1))]
    assert "180" in found[0].message("zh") and "{role: 主持人" in found[0].hint("zh")


def test_configuration_treats_user_rules_like_built_ins(tmp_path: Path) -> None:
    rules = """\
        rules:
          - {code: U001, name: need-lecture, template: require-items, items: [民族团结大讲堂]}
        """
    assert [f.severity for f in findings(tmp_path, rules)] == [Severity.ERROR]
    lowered = findings(tmp_path, rules, rules={"need-lecture": {"severity": "info"}})
    assert [f.severity for f in lowered] == [Severity.INFO]
    assert findings(tmp_path, rules, ignore=["need-lecture"]) == []


# ---------------------------------------------------------------- templates

REQUIRE = """\
    rules:
      - code: XJ001
        name: gongyiri-items
        template: require-items
        select: {kind: activity}
        items: [八个一@公益日/专家义诊送医送药, 民族团结大讲堂]
    """


def test_require_items_fires_for_each_missing_item(tmp_path: Path) -> None:
    found = findings(tmp_path, REQUIRE, "programs: [八个一@公益日]")
    assert [f.path for f in found] == [("activities",), ("activities",)]
    assert "专家义诊送医送药" in shown(found[0]) and "民族团结大讲堂" in shown(found[1])


def test_require_items_accepts_an_alias_in_fulfills_or_the_name_in_a_title(
    tmp_path: Path,
) -> None:
    snippet = """\
        programs: [八个一@公益日]
        activities:
          - {id: clinic, title: 送医下乡, fulfills: 义诊, date: 2026-09-15, lead: wang}
          - {id: talk, title: 九月民族团结大讲堂, date: 2026-09-16, lead: li}
        """
    assert findings(tmp_path, REQUIRE, snippet) == []


def test_require_items_ignores_cancelled_activities(tmp_path: Path) -> None:
    snippet = """\
        programs: [八个一@公益日]
        activities:
          - {id: clinic, title: 义诊, fulfills: 义诊, date: 2026-09-15, lead: wang}
          - {id: talk, title: 民族团结大讲堂, date: 2026-09-16, lead: li, status: cancelled}
        """
    found = findings(tmp_path, REQUIRE, snippet)
    assert len(found) == 1 and "民族团结大讲堂" in shown(found[0])


FORBID_DATES = """\
    rules:
      - code: XJ002
        name: quiet-days
        template: forbid-dates
        dates: [国庆节, 2026-09-01..2026-09-20, 古尔邦节 -1d]
    """


def test_forbid_dates_fires_once_per_series_with_a_count(tmp_path: Path) -> None:
    snippet = """\
        activities:
          - {id: weekly, title: 信访接待日, repeat: 每周三, time: "09:00", lead: wang}
        """
    found = findings(tmp_path, FORBID_DATES, snippet)
    assert [f.path for f in found] == [("activities", 0)]
    assert "2026-09-02" in shown(found[0]) and "3 times here" in shown(found[0])


def test_forbid_dates_knows_festivals_and_their_offsets(tmp_path: Path) -> None:
    snippet = """\
        window: {start: 2026-05-01, end: 2026-10-31}
        region: 新疆
        activities:
          - {id: eve, title: 座谈会, date: 2026-05-26, lead: wang}
          - {id: national, title: 升旗仪式, date: 2026-10-01, lead: li}
          - {id: fine, title: 宣讲, date: 2026-09-22, lead: li}
        """
    found = findings(tmp_path, FORBID_DATES, snippet)
    assert [(f.path, f.params["reason"]) for f in found] == [
        (("activities", 0), "古尔邦节 -1d"),
        (("activities", 1), "国庆节"),
    ]


def test_forbid_dates_is_silent_off_those_days(tmp_path: Path) -> None:
    snippet = """\
        activities:
          - {id: talk, title: 宣讲, date: 2026-09-21, lead: wang}
        """
    assert findings(tmp_path, FORBID_DATES, snippet) == []


FORBID_WEEKDAYS = """\
    rules:
      - code: XJ003
        name: no-friday-afternoon
        template: forbid-weekdays
        select: {title_contains: 会}
        weekdays: [周五]
        hours: 14:00-18:00
    """


def test_forbid_weekdays_within_hours(tmp_path: Path) -> None:
    snippet = """\
        activities:
          - {id: late, title: 推进会, start: 2026-09-18 15:00, duration: 1h, lead: wang}
          - {id: early, title: 晨会, start: 2026-09-18 09:00, duration: 1h, lead: wang}
          - {id: allday, title: 培训会, date: 2026-09-11, lead: li}
          - {id: other, title: 宣讲, start: 2026-09-18 15:00, duration: 1h, lead: li}
          - {id: thursday, title: 座谈会, start: 2026-09-17 15:00, duration: 1h, lead: li}
        """
    found = findings(tmp_path, FORBID_WEEKDAYS, snippet)
    assert [f.path for f in found] == [("activities", 0), ("activities", 2)]
    assert "14:00-18:00" in shown(found[0])


def test_forbid_weekdays_counts_calendar_weekdays_even_on_make_up_days(tmp_path: Path) -> None:
    """2026-09-20 is a Sunday that China works (调休); a rule about Sundays still means it."""
    rules = """\
        rules:
          - {code: XJ004, name: no-sunday, template: forbid-weekdays, weekdays: Sun}
        """
    snippet = """\
        activities:
          - {id: makeup, title: 宣讲, date: 2026-09-20, lead: wang}
        """
    assert [f.path for f in findings(tmp_path, rules, snippet)] == [("activities", 0)]


MAX_INTERVAL = """\
    rules:
      - code: XJ005
        name: gongyiri-monthly
        template: max-interval
        select: {fulfills: 八个一@公益日}
        max_gap: 1个月
        edges: {edges}
    """


def _gongyiri(*days: str) -> str:
    rows = "\n".join(
        f"  - {{id: g{i}, title: 公益日义诊, fulfills: 义诊, date: {day}, lead: wang}}"
        for i, day in enumerate(days)
    )
    return (
        "window: {start: 2026-09-01, end: 2026-11-30}\n"
        f"programs: [八个一@公益日]\nactivities:{chr(10) + rows if rows else ' []'}\n"
    )


def test_max_interval_reports_a_missing_month(tmp_path: Path) -> None:
    found = findings(
        tmp_path, MAX_INTERVAL.replace("{edges}", "true"), _gongyiri("2026-09-15", "2026-11-16")
    )
    assert [f.path for f in found] == [("activities", 1)]
    assert "62" in shown(found[0]) and "2026-09-15" in shown(found[0])


def test_max_interval_is_silent_when_a_series_moves_off_a_weekend(tmp_path: Path) -> None:
    """每月15日: 2026-11-15 is a Sunday, the series is held on Monday the 16th."""
    snippet = """\
        window: {start: 2026-09-01, end: 2026-11-30}
        programs: [八个一@公益日]
        activities:
          - {id: g, title: 公益日义诊, fulfills: 义诊, repeat: 每月15日, on_day_off: next_workday,
             lead: wang}
        """
    assert findings(tmp_path, MAX_INTERVAL.replace("{edges}", "true"), snippet) == []


def test_max_interval_forgives_a_gap_only_the_national_day_holiday_explains(
    tmp_path: Path,
) -> None:
    """Due 2026-10-01; 10-01…10-07 are 国庆节 days off, so 10-08 is in time, 10-09 not."""
    rules = MAX_INTERVAL.replace("{edges}", "false")
    assert findings(tmp_path, rules, _gongyiri("2026-09-01", "2026-10-08")) == []
    late = findings(tmp_path, rules, _gongyiri("2026-09-01", "2026-10-09"))
    assert [f.path for f in late] == [("activities", 1)]


def test_max_interval_with_nothing_selected(tmp_path: Path) -> None:
    with_edges = findings(tmp_path, MAX_INTERVAL.replace("{edges}", "true"), _gongyiri())
    assert [f.path for f in with_edges] == [("activities",)]
    assert "2026-09-01" in shown(with_edges[0]) and "2026-11-30" in shown(with_edges[0])
    assert findings(tmp_path, MAX_INTERVAL.replace("{edges}", "false"), _gongyiri()) == []


COUNT = """\
    rules:
      - code: XJ006
        name: lecture-count
        template: count-between
        select: {title_contains: 大讲堂}
        per: {per}
        min: {min}
        max: {max}
    """


def _count(per: str, low: int, high: int) -> str:
    return COUNT.replace("{per}", per).replace("{min}", str(low)).replace("{max}", str(high))


def test_count_between_per_week_points_at_the_first_extra_occurrence(tmp_path: Path) -> None:
    snippet = """\
        activities:
          - {id: a, title: 大讲堂（一）, date: 2026-09-14, lead: wang}
          - {id: b, title: 大讲堂（二）, date: 2026-09-16, lead: wang}
          - {id: c, title: 大讲堂（三）, date: 2026-09-22, lead: li}
        """
    found = findings(tmp_path, _count("week", 0, 1), snippet)
    assert [f.path for f in found] == [("activities", 1)]
    assert "2026-09-14" in shown(found[0]) and "2 times" in shown(found[0])


def test_count_between_too_few_in_the_window(tmp_path: Path) -> None:
    snippet = """\
        activities:
          - {id: a, title: 大讲堂, date: 2026-09-14, lead: wang}
        """
    found = findings(tmp_path, _count("window", 2, 5), snippet)
    assert [f.path for f in found] == [("activities", 0)]
    assert "fewer than the 2 times required" in shown(found[0])
    assert findings(tmp_path, _count("month", 1, 1), snippet) == []


def test_count_between_can_count_items_instead_of_occurrences(tmp_path: Path) -> None:
    rules = """\
        rules:
          - {code: XJ007, name: two-kinds, template: count-between, counting: items, min: 2,
             select: {title_contains: 大讲堂}}
        """
    snippet = """\
        activities:
          - {id: a, title: 大讲堂, repeat: 每周一, time: "15:00", lead: wang}
        """
    found = findings(tmp_path, rules, snippet)
    assert len(found) == 1 and "1 item" in shown(found[0])


PARTICIPANTS = """\
    rules:
      - code: XJ008
        name: crowd
        template: min-participants
        min: 100
        missing: {missing}
    """


def test_min_participants(tmp_path: Path) -> None:
    snippet = """\
        activities:
          - {id: small, title: 宣讲, date: 2026-09-14, lead: wang, expected_participants: 80}
          - {id: big, title: 大会, date: 2026-09-15, lead: wang, expected_participants: 300}
          - {id: unknown, title: 座谈, date: 2026-09-16, lead: li}
        """
    found = findings(tmp_path, PARTICIPANTS.replace("{missing}", "report"), snippet)
    assert [f.path for f in found] == [
        ("activities", 0, "expected_participants"),
        ("activities", 2),
    ]
    assert "80" in shown(found[0]) and "expected number" in shown(found[1])
    quiet = findings(tmp_path, PARTICIPANTS.replace("{missing}", "ignore"), snippet)
    assert [f.path for f in quiet] == [("activities", 0, "expected_participants")]


def test_an_unknown_program_in_a_selection_is_reported_against_the_plan(tmp_path: Path) -> None:
    rules = """\
        rules:
          - {code: XJ009, name: typo, template: max-interval, max_gap: 1 month,
             select: {fulfills: 八个一@公义日}}
        """
    found = findings(tmp_path, rules)
    assert len(found) == 1 and found[0].severity == Severity.ERROR
    assert "select.fulfills" in shown(found[0]) and "rules.yaml:2:5" in shown(found[0])


# ---------------------------------------------------------------- CEL on China's calendar


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Context:
    folder = tmp_path_factory.mktemp("plan")
    loaded = load_plan(write(folder, "plan.yaml", plan_text("region: 新疆")))
    return Context(resolve(loaded), loaded.catalog, loaded)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("is_holiday('2026-10-01')", True),
        ("is_workday('2026-10-01')", False),
        ("is_workday('2026-09-20')", True),  # a Sunday, but a make-up work day
        ("is_holiday('2026-09-20')", False),
        ("is_holiday('2026-09-19')", False),  # a plain Saturday is not a holiday
        ("is_holiday('2026-05-27')", True),  # 古尔邦节 in 新疆
        ("is_holiday(timestamp('2026-09-30T20:00:00Z'))", True),  # 10-01 04:00 in Beijing
        ("is_workday('2026-09-30T20:00:00+08:00')", True),
        ("workdays_between('2026-09-30', '2026-10-09') == 2", True),  # 10-08, 10-09
        ("workdays_between('2026-10-09', '2026-10-11') == 1", True),  # Saturday 10-10 works
        ("workdays_between('2026-10-09', '2026-09-30') == -2", True),
        ("months_between('2026-09-15', '2026-10-15') == 1", True),
        ("months_between('2026-09-15', '2026-10-14') == 0", True),
        ("months_between('2026-01-31', '2027-03-01') == 13", True),
        ("days_between('2026-09-30', '2026-10-08') == 8", True),
        ("weekday('2026-09-20') == 7 && weekday('2026-09-21') == 1", True),
    ],
)
def test_domain_functions(ctx: Context, expression: str, expected: bool) -> None:
    value, _ = compile_expression(expression).evaluate(ctx)
    assert bool(value) is expected


EXPRESSIONS = """\
    rules:
      - code: XJ010
        name: host-needed
        expr: |
          activities.filter(a,
            has(a.expected_participants) && a.expected_participants > 100
            && !a.roles.exists(r, r.role == '主持人'))
        message:
          zh: "「{title}」需要主持人"
          en: "'{title}' ({expected_participants}) needs a host"
      - code: XJ011
        name: no-holiday-work
        expr: "occurrences.filter(o, is_holiday(o.date))"
        message: "「{title}」在 {date} 放假"
      - code: XJ013
        name: deliverable-ids
        expr: "deliverables.filter(d, !has(d.owner)).map(d, d.id)"
        message: "「{title}」没有负责人"
    """
HOSTS = """\
    deliverables:
      - {id: summary, title: 工作总结, due: 2026-09-29}
    activities:
      - id: rally
        title: 万人健步走
        date: 2026-09-12
        lead: wang
        expected_participants: 10000
      - id: gala
        title: 文艺汇演
        start: 2026-09-28 19:00
        lead: li
        expected_participants: 500
        roles: [{role: 主持人, count: 2, people: [zhang]}]
      - id: holiday
        title: 中秋游园
        date: 2026-09-26
        lead: zhang
    """


def test_an_expression_reports_each_element_at_its_own_place(tmp_path: Path) -> None:
    found = findings(tmp_path, EXPRESSIONS, HOSTS)
    assert [(f.code, f.path) for f in found] == [
        ("XJ010", ("activities", 0)),
        ("XJ011", ("activities", 2)),
        ("XJ013", ("deliverables", 0)),
    ]
    host = found[0]
    assert host.message("zh") == "「万人健步走」需要主持人"
    assert host.message("en") == "'万人健步走' (10000) needs a host"
    assert found[1].message("zh") == "「中秋游园」在 2026-09-26 放假"
    assert found[2].message("zh") == "「工作总结」没有负责人"


def test_an_expression_can_point_at_a_nested_role(tmp_path: Path) -> None:
    rules = """\
        rules:
          - code: XJ014
            name: two-hosts
            expr: "activities.map(a, a.roles.filter(r, r.count > size(r.people)))[1]"
            message: "{role} 还缺人"
        """
    found = findings(tmp_path, rules, HOSTS)
    assert [f.path for f in found] == [("activities", 1, "roles", 0)]
    assert found[0].message("zh") == "主持人 还缺人"


def test_a_false_expression_reports_the_plan(tmp_path: Path) -> None:
    rules = """\
        rules:
          - code: XJ015
            name: has-summary
            expr: "deliverables.exists(d, d.title.contains('总结'))"
            message: {zh: 计划要有工作总结, en: the plan needs a summary}
        """
    found = findings(tmp_path, rules)
    assert [(f.path, f.position.line if f.position else None) for f in found] == [((), 1)]
    assert findings(tmp_path, rules, HOSTS) == []


def test_timed_occurrences_read_as_timestamps(tmp_path: Path) -> None:
    rules = """\
        rules:
          - code: XJ020
            name: evening
            expr: >-
              occurrences.filter(o, has(o.start)
              && timestamp(o.start).getHours('Asia/Shanghai') >= 18 && o.time >= '18:00')
            message: "「{title}」{time} 开始，太晚"
        """
    found = findings(tmp_path, rules, HOSTS)
    assert [f.message("zh") for f in found] == ["「文艺汇演」19:00 开始，太晚"]


def test_an_unguarded_optional_field_is_a_finding_naming_has(tmp_path: Path) -> None:
    rules = """\
        rules:
          - code: XJ016
            name: unguarded
            expr: "activities.filter(a, a.expected_participants > 100)"
            message: "「{title}」"
        """
    found = findings(tmp_path, rules, HOSTS)
    assert len(found) == 1 and found[0].severity == Severity.ERROR
    assert "has(a.expected_participants)" in shown(found[0])
    assert "rules.yaml:4:33" in shown(found[0])  # at a.expected_participants


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ("activities.filter(a, is_holiday(a.title))", "is not a date"),
        ("activities.map(a, a.title)", "which is not part of the plan"),
    ],
)
def test_expressions_that_fail_on_a_plan_say_so(
    tmp_path: Path, expression: str, problem: str
) -> None:
    rules = f"""\
        rules:
          - {{code: XJ017, name: failing, expr: "{expression}", message: x}}
        """
    found = findings(tmp_path, rules, HOSTS)
    assert len(found) == 1 and problem in shown(found[0])
    assert "XJ017" in shown(found[0]) and found[0].severity == Severity.ERROR


def test_nothing_reaches_eval_or_exec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    findings(tmp_path, EXPRESSIONS, HOSTS)  # import everything first

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    assert len(findings(tmp_path, EXPRESSIONS, HOSTS)) == 3


@pytest.mark.parametrize(
    ("expression", "message", "column"),
    [
        ("__import__('os').system('true')", "unknown function '__import__'", 1),
        ("activities.filter(a, a.title.format('x'))", "unknown method 'format'", 30),
        ("activities.filter(a, a.titel == 'x')", "'titel' is not a field of activity", 24),
        ("activities.filter(a, a.title +* 1)", "CEL syntax error: '*' is not expected", 31),
        ("activities.filter(a, is_holiday(a.date))", "'date' is not a field of activity", 35),
        ("plans.exists(p, true)", "unknown name 'plans'", 1),
        ("is_holiday('2026-02-30')", "'2026-02-30' is not a date", 12),
        ("workdays_between('2026-09-01')", "takes 2 argument(s), not 1", 1),
        ("size(activities)", "the expression gives a number", 1),
        ("activities.map(a, a.dates)", "a list of lists", 1),
        ("activities.reduce(a, b, 0, a)", "unknown method 'reduce'", 12),
    ],
)
def test_expression_mistakes_are_located_in_the_rules_file(
    tmp_path: Path, expression: str, message: str, column: int
) -> None:
    rules = f"""\
        rules:
          - code: XJ018
            name: broken
            expr: "{expression}"
            message: x
        """
    found = errors(tmp_path, rules)
    assert len(found) == 1
    assert message in found[0].message("en"), found[0].render("en")
    assert found[0].position is not None
    assert (found[0].position.line, found[0].position.col) == (4, 11 + column)


def test_a_mistake_inside_a_literal_block_is_located_on_its_line(tmp_path: Path) -> None:
    rules = """\
        rules:
          - code: XJ019
            name: block
            expr: |
              activities.filter(a,
                a.titel == 'x')
            message: x
        """
    (found,) = errors(tmp_path, rules)
    assert found.position is not None and (found.position.line, found.position.col) == (6, 11)
    assert "did you mean title" in found.render("en")


def test_cel_checks_without_running(tmp_path: Path) -> None:
    with pytest.raises(CelProblem):
        compile_expression("__import__('os').system('touch " + str(tmp_path / "ran") + "')")
    assert not (tmp_path / "ran").exists()


# ---------------------------------------------------------------- located file errors


def test_every_mistake_of_a_rules_file_is_located(tmp_path: Path) -> None:
    rules = """\
        rules:
          - code: XJ101
            name: monthly
            template: max-intervall
          - code: XJ102
            name: gaps
            template: max-interval
            max_gaps: 1个月
          - code: XJ103
            name: selector
            template: forbid-weekdays
            select: {title_has: 会}
            weekdays: [周八]
          - code: AM999
            name: Bad_Name
            template: min-participants
            min: many
          - code: XJ105
            name: both
            template: forbid-dates
            expr: "true"
          - code: XJ106
            name: neither
          - code: XJ107
            name: placeholder
            expr: activities.filter(a, a.title == 'x')
            message: "「{titel}」"
          - code: XJ108
            name: bool-placeholder
            expr: is_holiday('2026-10-01')
            message: {zh: "「{title}」", en: "{title}"}
          - code: XJ109
            name: no-message
            expr: "true"
          - code: XJ110
            name: bad-days
            template: forbid-dates
            dates: [2026-10-01..2026-09-01, 国亲节]
          - code: XJ111
            name: gap-unit
            template: max-interval
            max_gap: 5
          - code: XJ112
            name: deliverable-crowd
            template: min-participants
            select: {kind: deliverable}
            min: 10
        """
    found = [(d.position.line, d.position.col, d.code) for d in errors(tmp_path, rules)]
    assert found == [
        (4, 15, "AM003"),  # unknown template (did you mean max-interval)
        (5, 5, "AM005"),  # max_gap missing
        (8, 5, "AM004"),  # max_gaps unknown
        (12, 14, "AM004"),  # title_has unknown
        (13, 16, "AM003"),  # 周八
        (14, 11, "AM003"),  # code
        (15, 11, "AM003"),  # name
        (17, 10, "AM003"),  # min: many
        (21, 5, "AM003"),  # template and expr
        (22, 5, "AM005"),  # neither
        (27, 14, "AM003"),  # {titel}
        (31, 19, "AM003"),  # {title} in a true/false rule, zh
        (31, 36, "AM003"),  # … and en
        (32, 5, "AM003"),  # expression without a message
        (38, 13, "AM003"),  # reversed range
        (38, 37, "AM003"),  # unknown festival
        (42, 14, "AM003"),  # gap without unit
        (43, 5, "AM003"),  # min-participants of deliverables
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("max_gaps", "did you mean 'max_gap'"),
        ("max-intervall", "did you mean max-interval"),
        ("title_has", "did you mean 'title_contains'"),
        ("周八", "1…7 (1 is Monday)"),
        ("{titel}", "{title}"),
        ("国亲节", "国庆节"),
    ],
)
def test_file_errors_name_the_fix(tmp_path: Path, text: str, expected: str) -> None:
    rules = """\
        rules:
          - {code: XJ101, name: a, template: max-intervall}
          - {code: XJ102, name: b, template: max-interval, max_gaps: 1个月}
          - {code: XJ103, name: c, template: forbid-weekdays, weekdays: [周八],
             select: {title_has: 会}}
          - {code: XJ104, name: d, expr: "activities.filter(a, true)", message: "{titel}"}
          - {code: XJ105, name: e, template: forbid-dates, dates: [国亲节]}
        """
    rendered = "\n".join(d.render("en") for d in errors(tmp_path, rules))
    line = next(row for row in rendered.splitlines() if text in row)
    assert expected in line


def test_codes_and_names_must_be_new_across_files_and_built_ins(tmp_path: Path) -> None:
    first = write(
        tmp_path, "a.yaml", "rules:\n  - {code: XJ001, name: one, expr: 'true', message: x}\n"
    )
    second = write(
        tmp_path,
        "b.yaml",
        """\
        rules:
          - {code: XJ001, name: two, expr: 'true', message: x}
          - {code: XJ002, name: outside-window, expr: 'true', message: x}
        """,
    )
    with pytest.raises(PlanLoadError) as caught:
        load_user_rules([first, second])
    rendered = [d.render("en") for d in caught.value.diagnostics]
    assert len(rendered) == 2
    assert "b.yaml:2:12" in rendered[0] and "a.yaml:2:5" in rendered[0]
    assert "b.yaml:3:25" in rendered[1] and "AM201" in rendered[1]


def test_unreadable_files(tmp_path: Path) -> None:
    missing = [d.render("en") for d in errors_of(tmp_path / "nope.yaml")]
    assert "not found" in missing[0] and "user-rules" in missing[0]
    syntax = errors(tmp_path, "rules:\n  - {code: XJ001\n")
    assert syntax[0].code == "AM001" and syntax[0].position is not None
    assert errors(tmp_path, "")[0].message("en") == "the rules file is empty"
    top = errors(tmp_path, "rule: []\n")
    assert sorted(d.code for d in top) == ["AM004", "AM005"]
    assert "did you mean 'rules'" in "".join(d.render("en") for d in top)


def errors_of(path: Path) -> list[Diagnostic]:
    with pytest.raises(PlanLoadError) as caught:
        load_user_rules([path])
    return caught.value.diagnostics


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("1个月", 1, "months"),
        ("1 month", 1, "months"),
        ("两周", 2, "weeks"),
        ("十天", 10, "days"),
        ("十二个月", 12, "months"),
        ("14d", 14, "days"),
        ("1 year", 1, "years"),
    ],
)
def test_gaps(text: str, amount: int, unit: str) -> None:
    gap = parse_gap(text)
    assert (gap.amount, gap.unit) == (amount, unit)


@pytest.mark.parametrize(
    ("text", "day"), [("周五", 4), ("星期天", 6), ("Fri", 4), ("monday", 0), (7, 6)]
)
def test_weekdays(text: str | int, day: int) -> None:
    assert parse_weekday(text) == day


def test_clock_spans() -> None:
    assert parse_clock_span("14:00-18:00").text == "14:00-18:00"
    assert parse_clock_span("8：30至12:00").text == "08:30-12:00"


# ---------------------------------------------------------------- plug-ins


PLUGIN = '''\
from pathlib import Path

from activitymonth.i18n import Text
from activitymonth.rules import Group, Rule
from activitymonth.rules.user import load_user_rules


class PluginRule(Rule):
    """A plug-in rule that always reports the plan."""

    code = "FK001"
    name = "fake-plugin-rule"
    group = Group.STRUCTURE
    summary = Text("插件规则", "plug-in rule")
    message = Text("插件规则发现问题", "the plug-in rule found something")

    def check(self, ctx, options):
        yield self.report(ctx, ())


RULES = [PluginRule, *load_user_rules([Path(__file__).with_name("fake_rules.yaml")])]
'''


def test_rule_packages_register_through_entry_points(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A distribution registers rules in the ``activitymonth.rules`` group: Python rule
    classes, and rules from a YAML file it ships, loaded with ``load_user_rules``."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "fake_activitymonth_plugin.py").write_text(PLUGIN, encoding="utf-8")
    write(
        site,
        "fake_rules.yaml",
        "rules:\n  - {code: FK002, name: fake-yaml-rule, expr: 'false', message: 插件 YAML 规则}\n",
    )
    info = site / "fake_activitymonth_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake-activitymonth-plugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[activitymonth.rules]\nfake = fake_activitymonth_plugin\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(REGISTRY, "_rules", dict(REGISTRY._rules))  # forgotten afterwards
    monkeypatch.delitem(sys.modules, "fake_activitymonth_plugin", raising=False)

    load_builtin_rules()
    assert REGISTRY.get("FK001") is not None and REGISTRY.get("fake-yaml-rule") is not None

    plan = load_plan(write(tmp_path, "plan.yaml", plan_text("")))
    found = check(plan, Config.model_validate({"select": ["FK"]}))
    assert sorted(f.code for f in found) == ["FK001", "FK002"]

    clash = write(
        tmp_path, "mine.yaml", "rules:\n  - {code: FK001, name: x, expr: 'true', message: x}\n"
    )
    (problem,) = errors_of(clash)
    assert "FK001" in problem.render("en") and "already used" in problem.render("en")
    sys.modules.pop("fake_activitymonth_plugin")


# ---------------------------------------------------------------- documentation


def _fields(shape: Shape | None, seen: set[str]) -> set[str]:
    if isinstance(shape, ListOf):
        return _fields(shape.item, seen)
    if not isinstance(shape, Record) or shape.name in seen:
        return set()
    seen.add(shape.name)
    names = set(shape.by_name)
    for field in shape.fields:
        names |= _fields(field.shape, seen)
    return names


def test_the_documentation_covers_templates_functions_and_the_view() -> None:
    text = DOCS.read_text(encoding="utf-8")
    seen: set[str] = set()
    fields = set().union(*(_fields(v.shape, seen) for v in VARIABLES.values()))
    named = {*TEMPLATES, *SIGNATURES, *VARIABLES, *fields, str(SAMPLE.relative_to(REPO))}
    missing = sorted(name for name in named if f"`{name}" not in text)
    assert missing == []


def test_the_documentation_examples_load(tmp_path: Path) -> None:
    """The rules shown in the documentation load and do what it says on the county plan:
    the theory training needs a host, and no leading group member has a pair yet."""
    blocks = re.findall(r"```yaml\n(- .*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    body = "".join(textwrap.indent(block, "  ") for block in blocks)
    rules = load_user_rules([write(tmp_path, "rules.yaml", "rules:\n" + body)])
    assert [r.code for r in rules] == ["XJ004", "XJ007", "XJ008", "XJ010", "XJ011"]
    plan = load_plan(REPO / "plans" / "county-gongyiri-2026.yaml")
    found = check(plan, Config.model_validate({"select": ["XJ"]}), extra_rules=rules)
    assert [f.code for f in found] == ["XJ011"] * 8 + ["XJ007"]
    assert found[0].path == ("people", 2) and "董某某" in found[0].message("zh")
