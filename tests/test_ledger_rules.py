"""The ledger rules (AM701–AM705) against real ledgers, through the API and ``check --db``.

Each rule's examples and data cases (tests/rules/AM70x.yaml) run on a SQLite ledger; here
the same rules run on PostgreSQL too, ``check`` finds the ledger as the recording
commands do, reading it creates nothing, and the database answers in a fixed number of
queries however many visits it holds.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner, Result

from activitymonth.cli.check_cmd import check as check_command
from activitymonth.cli.ledger_cmds import done
from activitymonth.cli.status_cmd import status
from activitymonth.ledger import ENV_VAR, open_ledger
from activitymonth.load import load_plan
from activitymonth.rules import Config, check

from conftest import PLANS, write
from rule_cases import plan_text, seed_ledger

pytest_plugins = ["pg"]

LEDGER_RULES = ("AM701", "AM702", "AM703", "AM704", "AM705")
SNIPPET = """\
window: {start: 2026-09-01, end: 2026-12-31}
pairing: {rhythm: 每两个月}
activities:
  - {id: talk, title: 政策宣讲, date: 2026-09-10, lead: wang, expected_participants: 80,
     materials: [{name: 宣传折页, quantity: 500}]}
  - {id: quiz, title: 知识竞赛, date: 2026-09-15, lead: li}
  - {id: desk, title: 接待日, repeat: 每月15日, on_day_off: next_workday, lead: zhang}
deliverables:
  - {id: brief, title: 工作简报, owner: zhang, due: 2026-12-20}
pairs:
  - {id: p1, cadre: wang, household: {name: 甲户, village: 某村}}
  - {id: p2, cadre: li, household: {name: 乙户, village: 某村}}
  - {id: p3, cadre: zhang, household: {name: 丙户, village: 某村}}
"""
RECORDS = [
    {"done": "talk", "date": date(2026, 9, 10), "participants": 50, "materials": {"宣传折页": 300}},
    {"done": "desk", "occurrence": date(2026, 9, 15), "date": date(2026, 9, 15)},
    {"done": "desk", "occurrence": date(2026, 10, 15), "date": date(2026, 10, 15)},
    {"visit": "p1", "date": date(2026, 9, 10)},
    {"visit": "p1", "date": date(2026, 10, 30)},
    {"visit": "p2", "date": date(2026, 9, 5)},
]
TODAY = date(2026, 11, 20)


def cli(*args: object, env: dict[str, str] | None = None) -> Result:
    runner = CliRunner(env={"ACTIVITYMONTH_LANG": "zh", ENV_VAR: "", **(env or {})})
    return runner.invoke(check_command, [str(a) for a in args])


def findings_of(result: Result) -> list[tuple[str, int, str]]:
    data = json.loads(result.stdout)
    return [(f["code"], f["line"], f["message"]) for f in data["findings"]]


def test_every_ledger_rule_on_either_database(tmp_path: Path, ledger_db: str) -> None:
    path = write(tmp_path, "plan.yaml", plan_text(SNIPPET))
    loaded = load_plan(path)
    ledger = seed_ledger(ledger_db, loaded, RECORDS, TODAY)
    try:
        found = check(loaded, Config(select=LEDGER_RULES), today=TODAY, ledger=ledger)
    finally:
        ledger.close()
    by_code = {(f.code, f.logical_path): f.message.zh for f in found}
    assert sorted(by_code) == [
        ("AM701", "activities[desk]"),
        ("AM701", "activities[quiz]"),
        ("AM702", "pairs[p2]"),
        ("AM703", "pairs[p3]"),
        ("AM704", "activities[talk].expected_participants"),
        ("AM705", "activities[talk].materials[0]"),
    ]
    assert "「接待日」原定于 2026-11-16 周一，已过 4 天" in by_code[("AM701", "activities[desk]")]
    assert "相隔 76 天没有走访记录" in by_code[("AM702", "pairs[p2]")]
    assert "首次走访须在 2026-11-01 周日 前（已过 19 天）" in by_code[("AM703", "pairs[p3]")]
    assert (
        "记录参与 50 人次，少于计划的 80 人"
        in by_code[("AM704", "activities[talk].expected_participants")]
    )
    assert "发放宣传折页 300 份" in by_code[("AM705", "activities[talk].materials[0]")]


def test_without_a_ledger_the_ledger_rules_are_silent(tmp_path: Path) -> None:
    loaded = load_plan(write(tmp_path, "plan.yaml", plan_text(SNIPPET)))
    assert check(loaded, Config(select=LEDGER_RULES), today=TODAY) == []


def test_check_db_runs_the_ledger_rules(tmp_path: Path, ledger_db: str) -> None:
    path = write(tmp_path, "plan.yaml", plan_text(SNIPPET))
    seed_ledger(ledger_db, load_plan(path), RECORDS, TODAY).close()
    result = cli(path, "--db", ledger_db, "--today", TODAY, "--format", "json", "--select", "AM7")
    assert result.exit_code == 0, result.output  # warnings and infos do not fail by default
    codes = [code for code, _, _ in findings_of(result)]
    assert sorted(codes) == ["AM701", "AM701", "AM702", "AM703", "AM704", "AM705"]
    strict = cli(path, "--db", ledger_db, "--today", TODAY, "--select", "AM7", "--strict")
    assert strict.exit_code == 1
    assert "AM703" in strict.stdout and "activitymonth visit" in strict.stdout


def test_check_finds_the_ledger_beside_the_plan(tmp_path: Path) -> None:
    plan = Path(shutil.copy(PLANS / "bureau-september.yaml", tmp_path / "bureau.yaml"))
    args = [plan, "--today", "2026-09-20", "--format", "json", "--select", "AM211,AM7"]
    without = cli(*args)
    assert without.exit_code == 0, without.output
    assert {code for code, _, _ in findings_of(without)} == {"AM211"}  # the plan's statuses
    assert not (tmp_path / "bureau.ledger.sqlite").exists()  # checking wrote nothing
    recorded = CliRunner(env={ENV_VAR: ""}).invoke(
        done, [str(plan), "mobilize", "--date", "2026-09-01", "--participants", "12"]
    )
    assert recorded.exit_code == 0, recorded.output
    found = findings_of(cli(*args))
    assert sorted({code for code, _, _ in found}) == ["AM701", "AM704"]
    message = "「民族团结进步活动月动员会暨专题学习会」2026-09-01 周二 记录参与 12 人次"
    assert any(code == "AM704" and line == 40 and message in text for code, line, text in found)
    late = [text for code, _, text in found if code == "AM701"]
    assert len(late) == 5 and not any("动员会" in text for text in late)


def test_a_named_ledger_with_nothing_in_it_is_empty_and_stays_absent(tmp_path: Path) -> None:
    plan = Path(shutil.copy(PLANS / "bureau-september.yaml", tmp_path / "bureau.yaml"))
    missing = tmp_path / "county.sqlite"
    result = cli(
        plan, "--db", missing, "--today", "2026-09-20", "--format", "json", "--select", "AM701"
    )
    assert result.exit_code == 0, result.output
    assert len(findings_of(result)) == 6  # every item dated before today
    assert not missing.exists()


def test_the_plan_only_overdue_rule_gives_way_to_the_ledger(tmp_path: Path) -> None:
    snippet = "activities:\n  - {id: quiz, title: 知识竞赛, date: 2026-09-15, lead: li}\n"
    args = ["--today", "2026-09-20", "--format", "json", "--select", "AM211,AM701"]
    bare = write(tmp_path, "bare.yaml", plan_text(snippet))
    assert [code for code, _, _ in findings_of(cli(bare, *args))] == ["AM211"]
    path = write(tmp_path, "plan.yaml", plan_text(snippet))
    records = [{"done": "quiz", "date": date(2026, 9, 15)}]
    seed_ledger(str(tmp_path / "plan.ledger.sqlite"), load_plan(path), records, TODAY).close()
    assert findings_of(cli(path, *args)) == []


def test_a_plan_without_unit_and_a_named_ledger_exits_2(tmp_path: Path) -> None:
    text = plan_text("activities:\n  - {id: quiz, title: 知识竞赛, date: 2026-09-15, lead: li}\n")
    path = write(tmp_path, "plan.yaml", text.replace("unit: 测试局\n", ""))
    db = tmp_path / "ledger.sqlite"
    open_ledger(db).close()
    result = cli(path, "--db", db, "--today", "2026-09-20")
    assert result.exit_code == 2
    assert "没有写 unit" in result.output and "Traceback" not in result.output
    implicit = cli(path, "--today", "2026-09-20", env={ENV_VAR: str(db)})
    assert implicit.exit_code == 0, implicit.output  # an unnamed ledger is not used for it
    nowhere = cli(path, "--db", tmp_path / "missing" / "ledger.sqlite")
    assert nowhere.exit_code == 2 and "不存在" in nowhere.output


def _statements(location: Path, visits: int) -> int:
    """How many statements one check of the ledger rules sends, with ``visits`` visits
    (four for each pair: on rhythm, then a three-month gap, then none until today)."""
    pairs = "\n".join(
        f"  - {{id: p{i}, cadre: wang, household: {{name: 户{i}}}}}" for i in range(visits // 4)
    )
    window = "window: {start: 2026-01-01, end: 2026-12-31}\npairing: {rhythm: 每月}\n"
    path = write(location.parent, f"{location.stem}.yaml", plan_text(f"{window}pairs:\n{pairs}\n"))
    records = [
        {"visit": f"p{i}", "date": date(2026, month, 10)}
        for i in range(visits // 4)
        for month in (1, 2, 5, 6)
    ]
    loaded = load_plan(path)
    ledger = seed_ledger(str(location), loaded, records, TODAY)
    seen: list[str] = []
    sa.event.listen(ledger.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    try:
        found = check(loaded, Config(select=LEDGER_RULES), today=TODAY, ledger=ledger)
    finally:
        ledger.close()
    gaps = [f for f in found if f.code == "AM702"]
    assert len(gaps) == visits // 4 and "共 2 处间隔过长" in gaps[0].message.zh
    return len(seen)


def test_the_database_answers_in_a_fixed_number_of_queries(tmp_path: Path) -> None:
    """The rules read one ``track`` of the plan: no query per pair, item or visit."""
    few = _statements(tmp_path / "few.sqlite", 8)
    many = _statements(tmp_path / "many.sqlite", 200)
    assert few == many and few < 20


def test_plans_sharing_one_ledger(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", plan_text(SNIPPET))
    second = write(tmp_path, "b.yaml", plan_text(SNIPPET).replace("unit: 测试局", "unit: 另一局"))
    county = tmp_path / "county.sqlite"
    seed_ledger(str(county), load_plan(first), RECORDS, TODAY).close()
    result = cli(
        first, second, "--db", county, "--today", TODAY, "--format", "json", "--select", "AM703"
    )
    found = json.loads(result.stdout)["findings"]
    by_file = sorted((Path(f["file"]).name, f["path"]) for f in found)
    # the first unit's p1 and p2 were visited; the second unit recorded nothing
    assert by_file == [
        ("a.yaml", "pairs[p3]"),
        ("b.yaml", "pairs[p1]"),
        ("b.yaml", "pairs[p2]"),
        ("b.yaml", "pairs[p3]"),
    ]


def _hint_command(path: Path, code: str, value: int) -> list[str]:
    """The ``activitymonth done …`` command a finding's hint gives, with N filled in."""
    result = cli(path, "--today", TODAY, "--format", "json", "--select", code, "--lang", "en")
    [finding] = json.loads(result.stdout)["findings"]
    command = finding["hint"].split("correct it with activitymonth ")[1].split(";")[0]
    return [re.sub(r"(^|=)N$", rf"\g<1>{value}", word) for word in shlex.split(command)]


def _figures(path: Path) -> dict[str, object]:
    result = CliRunner(env={ENV_VAR: ""}).invoke(
        status, [str(path), "--today", str(TODAY), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["figures"]  # type: ignore[no-any-return]


def test_a_correction_as_the_hints_give_it_changes_only_what_it_corrects(
    tmp_path: Path,
) -> None:
    """A second record replaces the first whole: the commands AM704 and AM705 suggest
    repeat every figure they do not correct, so running them loses nothing."""
    path = write(tmp_path, "plan.yaml", plan_text(SNIPPET))
    figures = ["--participants", "50", "--cadres", "10", "--residents", "40"]
    materials = ["--materials", "宣传折页=300", "--materials", "横幅=2"]
    recorded = CliRunner(env={ENV_VAR: ""}).invoke(
        done, [str(path), "talk", "--date", "2026-09-10", *figures, *materials]
    )
    assert recorded.exit_code == 0, recorded.output
    runner = CliRunner(env={ENV_VAR: ""})
    command = _hint_command(path, "AM705", 500)
    assert command[:2] == ["done", str(path)]
    assert runner.invoke(done, command[1:]).exit_code == 0
    after = _figures(path)
    assert (after["participants"], after["cadres"], after["residents"]) == (50, 10, 40)
    assert after["materials"] == {"宣传折页": 500, "横幅": 2}
    assert runner.invoke(done, _hint_command(path, "AM704", 85)[1:]).exit_code == 0
    after = _figures(path)
    assert (after["participants"], after["cadres"], after["residents"]) == (85, 10, 40)
    assert after["materials"] == {"宣传折页": 500, "横幅": 2}
