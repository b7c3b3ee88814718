"""``activitymonth status`` and the ledger-ticked checklist: a plan's progress as people
and scripts read it, from a ledger on SQLite or PostgreSQL, and nothing written by reading.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from activitymonth.cli import cli
from activitymonth.ledger import ENV_VAR

from conftest import PLANS

pytest_plugins = ["pg"]


def run(*args: object, env: dict[str, str] | None = None) -> Result:
    runner = CliRunner(
        env={"ACTIVITYMONTH_LANG": "en", ENV_VAR: "", "COLUMNS": "160", **(env or {})}
    )
    return runner.invoke(cli, [str(a) for a in args])


def ok(*args: object, env: dict[str, str] | None = None) -> Result:
    result = run(*args, env=env)
    assert result.exit_code == 0, result.output
    return result


def status_json(*args: object) -> dict[str, Any]:
    return json.loads(ok("status", *args, "--format", "json").stdout)


@pytest.fixture
def bureau(tmp_path: Path) -> Path:
    return Path(shutil.copy(PLANS / "bureau-september.yaml", tmp_path / "bureau.yaml"))


@pytest.fixture
def pairing(tmp_path: Path) -> Path:
    return Path(shutil.copy(PLANS / "bureau-pairing-yijiaqin.yaml", tmp_path / "pairing.yaml"))


def record_bureau(plan: Path, db: str | None = None) -> None:
    """Two items done (one with figures), one occurrence of the weekly reception day."""
    where = ["--db", db] if db else []
    ok("done", plan, "mobilize", "--date", "2026-09-01", "--participants", "28", *where)
    ok("done", plan, "banner", "--date", "2026-09-02", "--materials", "宣传折页=500", *where)
    ok("done", plan, "reception", "--occurrence", "2026-09-09", "--date", "2026-09-09", *where)


def test_nothing_recorded_yet_lists_the_plan_and_writes_nothing(bureau: Path) -> None:
    result = ok("status", bureau, "--today", "2026-09-20")
    assert "Nothing recorded yet" in result.stdout and "bureau.ledger.sqlite" in result.stdout
    assert "0/12 occurrence(s) done" in result.stdout
    assert "活动月工作信息（两期）" in result.stdout  # the plan's items are still listed
    assert sorted(p.name for p in bureau.parent.iterdir()) == ["bureau.yaml"]
    data = status_json(bureau, "--today", "2026-09-20")
    assert data["ledger"]["recorded"] is False
    assert data["occurrences"] == {"planned": 12, "done": 0, "share": 0.0}
    assert [o["item"] for o in data["overdue"]][:2] == ["mobilize", "banner"]


def test_progress_overdue_and_next_days_from_the_ledger(bureau: Path, ledger_db: str) -> None:
    record_bureau(bureau, ledger_db)
    data = status_json(bureau, "--db", ledger_db, "--today", "2026-09-20")
    assert data["ledger"]["recorded"] is True
    assert data["occurrences"]["planned"] == 12 and data["occurrences"]["done"] == 3
    overdue = [(o["occurrence"], o["days_late"], o["responsible"]) for o in data["overdue"]]
    assert overdue == [
        ("reception/2026-09-02", 18, "乌某某"),
        ("study/2026-09-08", 12, "高某某"),
        ("outreach/2026-09-16", 4, "高某某"),
        ("reception/2026-09-16", 4, "乌某某"),
        ("info", 2, "苏某某"),
    ]
    upcoming = data["upcoming"]["occurrences"]
    assert [o["occurrence"] for o in upcoming] == ["reception/2026-09-23", "symposium/2026-09-24"]
    people = {p["id"]: p for p in data["people"]}
    assert (people["wu"]["done"], people["wu"]["planned"], people["wu"]["overdue"]) == (1, 5, 2)
    assert data["figures"]["participants"] == 28
    assert data["figures"]["materials"] == {"宣传折页": 500}
    four = status_json(bureau, "--db", ledger_db, "--today", "2026-09-20", "--days", "4")
    assert [o["item"] for o in four["upcoming"]["occurrences"]] == ["reception"]


def test_text_shows_bars_people_and_what_is_late(bureau: Path) -> None:
    record_bureau(bureau)  # into the ledger beside the plan, which status then finds
    text = ok("status", bureau, "--today", "2026-09-20").stdout
    assert "Ledger: " in text and "bureau.ledger.sqlite" in text
    assert "█████░░░░░░░░░░░░░░░  25%  3/12 occurrence(s) done" in text
    assert "Overdue (as of 2026-09-20 Sun)" in text and "Next 7 days" in text
    late = next(line for line in text.splitlines() if "《宪法》与统一战线工作条例学习" in line)
    assert "2026-09-08 Tue" in late and "12" in late and "study" in late and "高某某" in late
    person = next(line for line in text.splitlines() if "乌某某" in line and "%" in line)
    assert "1/5" in person and "20%" in person
    chinese = ok("status", bureau, "--today", "2026-09-20", "--lang", "zh").stdout
    assert "逾期未完成（截至 2026-09-20 周日）" in chinese and "已完成 3/12 次" in chinese


def test_plain_when_piped_coloured_on_a_terminal(bureau: Path) -> None:
    record_bureau(bureau)
    piped = ok("status", bureau, "--today", "2026-09-20").stdout
    assert "\x1b[" not in piped
    coloured = ok("status", bureau, "--today", "2026-09-20", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" in coloured
    assert click.unstyle(coloured).count("░") == piped.count("░")


def test_pairs_behind_their_rhythm_and_never_visited(pairing: Path, ledger_db: str) -> None:
    for cadre in ("ai", "jiang"):
        ok("visit", pairing, cadre, "--date", "2026-10-19", "--mode", "入户", "--db", ledger_db)
    ok("visit", pairing, "du", "--date", "2026-10-20", "--mode", "电话", "--db", ledger_db)
    ok("visit", pairing, "du", "--date", "2026-11-30", "--mode", "入户", "--db", ledger_db)
    data = status_json(pairing, "--db", ledger_db, "--today", "2026-12-23")
    late = {p["cadre"]: p for p in data["late_pairs"]}
    assert sorted(late) == ["ai", "jiang"]  # du was visited again in time
    assert late["ai"] == {
        "pair": "ai:买某某家@某镇石榴籽村",
        "cadre": "ai",
        "cadre_name": "艾某某",
        "household": "买某某家",
        "village": "某镇石榴籽村",
        "visits": 1,
        "last_visit": "2026-10-19",
        "due": "2026-12-19",
        "days_late": 4,
    }
    never = {p["cadre"]: p for p in data["never_visited"]}
    assert len(never) == 7 and "du" not in never
    assert never["mai"]["due"] == "2026-12-19" and never["mai"]["days_late"] == 4
    text = ok("status", pairing, "--db", ledger_db, "--today", "2026-12-23", "--lang", "zh")
    row = next(line for line in text.stdout.splitlines() if "艾某某（ai）" in line)
    assert "买某某家" in row and "2026-10-19 周一" in row and "2026-12-19 周六" in row
    assert row.rstrip(" │").endswith("4")
    assert "从未走访的结对" in text.stdout


def test_programs_and_sectors(tmp_path: Path) -> None:
    """The demonstration site adopts 八个一@示范点 (deliverables) and 八进 (sectors)."""
    plan = Path(shutil.copy(PLANS / "demo-site-deliverables.yaml", tmp_path / "site.yaml"))
    ok("done", plan, "film", "--date", "2026-06-16")
    ok("done", plan, "neighbours", "--date", "2026-06-05", "--participants", "60")
    data = status_json(plan, "--today", "2026-06-20")
    programs = {p["id"]: p for p in data["programs"]}
    site = programs["八个一@示范点"]
    assert (site["met"], site["total"]) == (1, 8)
    assert site["occurrences"] == {"done": 1, "planned": 8}
    met = [r["name"] for r in site["requirements"] if r["met"]]
    assert met == ["专题片"]
    coverage = programs["八进"]
    assert (coverage["met"], coverage["total"]) == (1, 8) and coverage["occurrences"] is None
    sectors = {s["sector"]: s for s in data["sectors"]}
    assert sectors["村(社区)"] == {
        "program": "八进",
        "sector": "村(社区)",
        "reached": True,
        "activities": ["neighbours"],
    }
    assert [name for name, s in sectors.items() if not s["reached"]] == [
        "机关",
        "乡镇",
        "学校",
        "企业",
        "军(警)营",
        "宗教活动场所",
        "团场连队",
    ]
    text = ok("status", plan, "--today", "2026-06-20", "--lang", "zh").stdout
    assert "✓ 专题片" in text and "✗ 解说员" in text
    reached = next(line for line in text.splitlines() if "村(社区)" in line and "覆盖" in line)
    assert "✓ 已覆盖" in reached and "neighbours" in reached


def test_a_bad_plan_or_ledger_exits_2(bureau: Path) -> None:
    broken = run("status", PLANS / "broken" / "unknown-field.yaml")
    assert broken.exit_code == 2 and "AM004" in broken.output and "Traceback" not in broken.output
    bad_db = run("status", bureau, "--db", "ftp://example.cn/ledger")
    assert bad_db.exit_code == 2 and "unsupported ledger database" in bad_db.output
    assert sorted(p.name for p in bureau.parent.iterdir()) == ["bureau.yaml"]


def test_checklist_ticked_from_the_ledger(bureau: Path, ledger_db: str) -> None:
    record_bureau(bureau, ledger_db)
    target = bureau.parent / "checklist.md"
    ok(
        "export",
        "checklist",
        bureau,
        "--format",
        "md",
        "-o",
        target,
        "--today",
        "2026-09-20",
        "--db",
        ledger_db,
        "--lang",
        "zh",
    )
    lines = target.read_text(encoding="utf-8").splitlines()

    def line_of(title: str) -> str:
        return next(line for line in lines if f"**{title}**" in line)

    assert line_of("民族团结进步活动月动员会暨专题学习会").startswith("- [x]")
    assert "✓ 9月1日完成，参与28人" in line_of("民族团结进步活动月动员会暨专题学习会")
    assert line_of("悬挂横幅、发放宣传折页").startswith("- [x]")
    overdue = line_of("《宪法》与统一战线工作条例学习")
    assert overdue.startswith("- [ ]") and "逾期" in overdue
    # a series with one of its occurrences recorded is not done
    assert line_of("民族团结主题信访接待日").startswith("- [ ]")


def test_checklist_without_a_ledger_ticks_nothing(bureau: Path) -> None:
    target = bureau.parent / "checklist.md"
    ok(
        "export",
        "checklist",
        bureau,
        "--format",
        "md",
        "-o",
        target,
        "--today",
        "2026-09-20",
        "--lang",
        "zh",
    )
    text = target.read_text(encoding="utf-8")
    assert "- [x]" not in text and "逾期" in text
    assert not (bureau.parent / "bureau.ledger.sqlite").exists()


def test_the_ledger_named_by_the_environment(bureau: Path, tmp_path: Path) -> None:
    county = tmp_path / "county.sqlite"
    record_bureau(bureau, str(county))
    data = json.loads(
        ok(
            "status",
            bureau,
            "--today",
            "2026-09-20",
            "--format",
            "json",
            env={ENV_VAR: str(county)},
        ).stdout
    )
    assert data["ledger"] == {"location": str(county), "recorded": True}
    assert data["occurrences"]["done"] == 3
    assert not (bureau.parent / "bureau.ledger.sqlite").exists()


def test_a_plan_without_unit_has_no_ledger(bureau: Path) -> None:
    bureau.write_text(
        bureau.read_text(encoding="utf-8").replace("unit: 某旗信访局\n", ""), encoding="utf-8"
    )
    result = run("status", bureau, "--today", "2026-09-20")
    assert result.exit_code == 2
    assert "has no unit" in result.output and "add unit:" in result.output


def test_today_is_read_as_every_ledger_command_reads_it(bureau: Path) -> None:
    """--today takes 2026-09-20 or today, and a bad day is refused in both languages
    with the forms that work, as check and rollup refuse it."""
    bad = run("status", bureau, "--today", "2026-13-01")
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    assert "“2026-13-01” 不是日期" in bad.output and "write 2026-09-20 or today" in bad.output
    assert ok("status", bureau, "--today", "today", "--format", "json").stdout
    rollup = run("rollup", bureau.parent, "--db", bureau, "--today", "2026-13-01")
    assert bad.output.splitlines()[-1] == rollup.output.splitlines()[-1]
