"""``rollup``: three units' plans against one ledger, lagging first, as a county sees them.

The county folder holds what a real one does besides unit plans: a template that one unit
``extends:``, a user-rules file, a ``.activitymonth.yaml`` and a ``broken/`` folder. The
figures are seeded through the ledger API on SQLite and a real PostgreSQL server and read
back through the command; the HTML page is printed and photographed by headless Chromium
with every host name unresolvable, and its SVG chart is parsed as XML.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from activitymonth.cli import cli
from activitymonth.export.rollup_html import BAR_WIDTH, share_colour
from activitymonth.ledger import (
    ENV_VAR,
    DoneFacts,
    Ledger,
    PlanTargets,
    VisitFacts,
    VisitMode,
    open_ledger,
    prepare_done,
    prepare_visit,
    save_record,
)
from activitymonth.load import load_plan
from activitymonth.schedule import resolve
from activitymonth.tracking.plan_files import SkipReason, find_plan_files
from activitymonth.tracking.rollup import Share, rollup_folder

from browser_support import chromium, missing, pdf_text, squash
from conftest import write

pytest_plugins = ["pg"]

TODAY = "2026-09-20"
NOW = datetime(2026, 9, 20, 10, 0, tzinfo=UTC)
HOSTILE = "丙中学<script>alert(1)</script>"

TEMPLATE = """\
# 旗级模板：各单位 extends 它
id: qi-2026-09
title: 某旗2026年民族团结进步活动月实施方案（模板）
unit: 某旗办公室
region: 内蒙古
window: 2026-09
people:
  - {id: qi, name: 包某, title: 部长}
activities:
  - {id: qi-mobilize, title: 全旗动员大会, date: 2026-09-01, lead: qi}
"""
# 甲小学 extends the template: 3 of 4 occurrences done, 书画展 and 知识竞赛 met.
UNIT_A = """\
extends: template.yaml
id: a-2026-09
title: 甲小学2026年民族团结进步活动月实施方案
unit: 甲小学
programs: [六个一@学校]
people:
  - {id: zhao, name: 赵某, title: 校长}
activities:
  - {id: painting, title: 书画展, date: 2026-09-10, lead: zhao, fulfills: 六个一@学校/书画展}
  - {id: quiz, title: 知识竞赛, date: 2026-09-15, lead: zhao, fulfills: 六个一@学校/知识竞赛}
  - {id: speech, title: 演讲比赛, date: 2026-09-28, lead: zhao, fulfills: 六个一@学校/演讲比赛}
"""
# 乙局: 1 of 3 done (机关 reached), one overdue; pair p1 visited once, p2 never; both late.
UNIT_B = """\
id: b-2026-09
title: 乙局2026年民族团结进步活动月实施方案
unit: 乙局
region: 内蒙古
window: 2026-09
programs: [八进]
people:
  - {id: qian, name: 钱某, title: 局长}
activities:
  - {id: office, title: 进机关宣讲, date: 2026-09-08, lead: qian, sector: 机关}
  - {id: school, title: 进学校宣讲, date: 2026-09-16, lead: qian, sector: 学校}
  - {id: town, title: 进乡镇宣讲, date: 2026-09-29, lead: qian, sector: 乡镇}
pairing: {rhythm: 每两周}
pairs:
  - {id: p1, cadre: qian, household: {name: 甲户, village: 某村}}
  - {id: p2, cadre: qian, household: {name: 乙户, village: 某村}}
"""
# 丙中学 (a unit name with markup): nothing recorded; four occurrences overdue.
UNIT_C = f"""\
id: c-2026-09
title: 丙中学2026年民族团结进步活动月实施方案
unit: "{HOSTILE}"
region: 内蒙古
window: 2026-09
programs: [六个一@学校]
people:
  - {{id: sun, name: 孙某, title: 校长}}
activities:
  - {{id: painting, title: 书画展, date: 2026-09-09, lead: sun, fulfills: 六个一@学校/书画展}}
  - {{id: film, title: 观看教育影片, repeat: 每周三, from: 2026-09-02, until: 2026-09-30,
     lead: sun, fulfills: 六个一@学校/观看民族团结教育影片}}
"""
RULES = """\
rules:
  - code: XJ001
    name: gongyiri-monthly
    template: max-interval
    select: {fulfills: 八个一@公益日}
    max_gap: 1个月
"""
BROKEN = """\
title: 丁局方案
unit: 丁局
region: 内蒙古
window: 2026-09
activities:
  - {id: a, title: 动员会, date: 2026-09-01, leed: x}
"""
NO_UNIT = """\
title: 戊局方案
region: 内蒙古
window: 2026-09
"""


@pytest.fixture
def county(tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    (folder / "units" / "broken").mkdir(parents=True)
    write(folder, ".activitymonth.yaml", "ignore: [AM205]\n")
    write(folder, "template.yaml", TEMPLATE)
    write(folder, "a-school.yaml", UNIT_A)
    write(folder, "rules.yaml", RULES)
    write(folder / "units", "b-bureau.yaml", UNIT_B)
    write(folder / "units", "c-school.yaml", UNIT_C)
    return folder


def _seed(ledger: Ledger, county: Path) -> None:
    """甲小学: mobilize, painting, quiz done; 乙局: office done, p1 visited on 09-03."""

    def done(plan: str, item: str, day: date) -> None:
        targets = PlanTargets(resolve(load_plan(county / plan)))
        facts = DoneFacts(actual_date=day, participants=40)
        save_record(ledger, prepare_done(targets, item, facts, by="韩某", now=NOW))

    done("a-school.yaml", "qi-mobilize", date(2026, 9, 1))
    done("a-school.yaml", "painting", date(2026, 9, 10))
    done("a-school.yaml", "quiz", date(2026, 9, 15))
    done("units/b-bureau.yaml", "office", date(2026, 9, 8))
    targets = PlanTargets(resolve(load_plan(county / "units" / "b-bureau.yaml")))
    visit = VisitFacts(visit_date=date(2026, 9, 3), mode=VisitMode.HOME)
    save_record(ledger, prepare_visit(targets, "p1", visit, by="钱某", now=NOW))


@pytest.fixture
def seeded(county: Path, ledger_db: str) -> str:
    ledger = open_ledger(ledger_db)
    try:
        _seed(ledger, county)
    finally:
        ledger.close()
    return ledger_db


@pytest.fixture
def sqlite_ledger(county: Path, tmp_path: Path) -> Path:
    path = tmp_path / "county.ledger.sqlite"
    ledger = open_ledger(path)
    try:
        _seed(ledger, county)
    finally:
        ledger.close()
    return path


def run(*args: object, env: dict[str, str] | None = None) -> Result:
    runner = CliRunner(env={"ACTIVITYMONTH_LANG": "en", ENV_VAR: "", **(env or {})})
    return runner.invoke(cli, ["rollup", *(str(a) for a in args)])


# ---------------------------------------------------------------------------- which files
def test_templates_rules_and_config_are_not_rolled_up(county: Path) -> None:
    found = find_plan_files(county)
    assert [p.relative_to(county).as_posix() for p in found.plans] == [
        "a-school.yaml",
        "units/b-bureau.yaml",
        "units/c-school.yaml",
    ]
    skipped = {s.path.name: (s.reason, s.by) for s in found.skipped}
    assert skipped == {
        "template.yaml": (SkipReason.PART, county / "a-school.yaml"),
        "rules.yaml": (SkipReason.RULES, None),
    }


def test_a_file_naming_itself_or_outside_its_folder_marks_nothing(tmp_path: Path) -> None:
    write(tmp_path, "outside.yaml", "title: x\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    write(inner, "cycle.yaml", "title: c\ninclude: [cycle.yaml]\n")
    write(inner, "escape.yaml", "title: e\nextends: ../outside.yaml\n")
    found = find_plan_files(tmp_path)
    assert [p.name for p in found.plans] == ["outside.yaml", "cycle.yaml", "escape.yaml"]
    assert found.skipped == ()


# ---------------------------------------------------------------------------- figures
def test_units_are_ordered_lagging_first_with_their_figures(county: Path, seeded: str) -> None:
    result = run(county, "--db", seeded, "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    rows = [
        (
            u["unit"],
            u["plan"],
            (u["occurrences"]["met"], u["occurrences"]["total"]),
            {p["id"]: (p["met"], p["total"]) for p in u["programs"]},
            u["overdue"],
            (u["late_pairs"], u["never_visited"]),
            u["visits"],
        )
        for u in report["units"]
    ]
    assert rows == [
        (HOSTILE, "c-2026-09", (0, 6), {"六个一@学校": (0, 6)}, 4, (0, 0), 0),
        ("乙局", "b-2026-09", (1, 3), {"八进": (1, 8)}, 1, (2, 1), 1),
        ("甲小学", "a-2026-09", (3, 4), {"六个一@学校": (2, 6)}, 0, (0, 0), 0),
    ]
    assert report["units"][1]["occurrences"]["share"] == pytest.approx(1 / 3)
    assert [(m["unit"], m["programs"]) for m in report["matrix"]] == [
        (HOSTILE, {"六个一@学校": {"met": 0, "total": 6, "share": 0.0}}),
        ("乙局", {"八进": {"met": 1, "total": 8, "share": 0.125}}),
        ("甲小学", {"六个一@学校": {"met": 2, "total": 6, "share": pytest.approx(1 / 3)}}),
    ]
    assert [(p["id"], p["met"], p["total"]) for p in report["programs"]] == [
        ("六个一@学校", 2, 12),
        ("八进", 1, 8),
    ]
    assert report["occurrences"] == {"met": 4, "total": 13, "share": pytest.approx(4 / 13)}
    assert {s["file"]: s["reason"] for s in report["skipped"]} == {
        str(county / "template.yaml"): "part",
        str(county / "rules.yaml"): "rules",
    }
    assert report["failed"] == []


def test_the_library_gives_the_same_rows(county: Path, sqlite_ledger: Path) -> None:
    ledger = open_ledger(sqlite_ledger)
    try:
        rollup = rollup_folder(county, ledger, date(2026, 9, 20))
    finally:
        ledger.close()
    assert [row.unit for row in rollup.rows] == [HOSTILE, "乙局", "甲小学"]
    assert [row.items for row in rollup.rows] == [Share(0, 6), Share(1, 8), Share(2, 6)]
    assert rollup.matrix()["甲小学"] == {"六个一@学校": Share(2, 6)}
    assert rollup.program_totals() == {"六个一@学校": Share(2, 12), "八进": Share(1, 8)}


def test_a_later_day_makes_more_overdue(county: Path, sqlite_ledger: Path) -> None:
    result = run(county, "--db", sqlite_ledger, "--today", "2026-10-01", "--format", "json")
    overdue = {u["unit"]: u["overdue"] for u in json.loads(result.stdout)["units"]}
    assert overdue == {HOSTILE: 6, "乙局": 2, "甲小学": 1}


def test_text_table_lists_units_lagging_first(county: Path, sqlite_ledger: Path) -> None:
    result = run(county, "--db", sqlite_ledger, "--today", TODAY, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    lines = {unit: out.index(unit) for unit in (HOSTILE, "乙局", "甲小学")}
    assert lines[HOSTILE] < lines["乙局"] < lines["甲小学"]
    row_b = next(line for line in out.splitlines() if "b-2026-09" in line)
    assert re.search(r"八进 1/8 .*│\s+1/3 33% │\s+1 │\s+2/1 │\s+1 │", row_b), row_b
    assert re.search(r"Total .*4/13 31% │\s+5 │\s+2/1 │\s+1 │", out)
    assert "All units" in out and "2/12 17%" in out
    assert f"{county / 'template.yaml'} (extended or included by {county / 'a-school.yaml'})" in out


# ---------------------------------------------------------------------------- failures
def test_broken_plans_are_reported_and_the_others_rolled_up(
    county: Path, sqlite_ledger: Path
) -> None:
    write(county / "units" / "broken", "bad.yaml", BROKEN)
    write(county / "units" / "broken", "no-unit.yaml", NO_UNIT)
    write(county / "units", "b-copy.yaml", UNIT_B)
    result = run(county, "--db", sqlite_ledger, "--today", TODAY, "--format", "json")
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)["units"]) == 3
    errors = result.stderr.splitlines()
    assert errors[0] == (
        f"{county / 'units' / 'b-copy.yaml'}:1:5: AM007 plan b-2026-09 of 乙局 is already "
        f"rolled up from {county / 'units' / 'b-bureau.yaml'}; the ledger cannot tell the two "
        "files apart — fix: remove the copy, or give one of the plans its own id"
    )
    assert errors[1] == (
        f"{county / 'units' / 'broken' / 'bad.yaml'}:6:43: AM004 unknown field 'leed' "
        "(in activities[0]) — fix: did you mean 'lead'?"
    )
    assert errors[2] == (
        f"{county / 'units' / 'broken' / 'no-unit.yaml'}:1:8: AM005 plan '戊局方案' has no "
        "unit, and the ledger is rolled up by unit — fix: add unit: <your unit> under title:"
    )
    assert errors[3] == "3 plan(s) could not be rolled up (see above); 3 rolled up"
    assert "Traceback" not in result.output


def test_a_rollup_needs_an_existing_shared_ledger(county: Path, tmp_path: Path) -> None:
    result = run(county)
    assert result.exit_code == 2
    assert "no shared ledger database given" in result.stderr
    assert f"--db postgresql://… or --db ledger.sqlite, or set {ENV_VAR}" in result.stderr
    typo = tmp_path / "ledgr.sqlite"
    result = run(county, "--db", typo)
    assert result.exit_code == 2
    assert f"no ledger at {typo} (nothing recorded)" in result.stderr
    assert not typo.exists()


def test_a_folder_without_plans_is_unusable(tmp_path: Path, sqlite_ledger: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(empty, "--db", sqlite_ledger)
    assert result.exit_code == 2
    assert f"no plan files (*.yaml) found in {empty}" in result.stderr
    assert run(tmp_path / "nowhere", "--db", sqlite_ledger).exit_code == 2


def test_a_folder_without_unit_plans_names_the_files_left_out(
    tmp_path: Path, sqlite_ledger: Path
) -> None:
    """A folder whose YAML files are none of them plans (here a user-rules file) names
    them with why, rather than saying it holds no YAML file at all."""
    parts = tmp_path / "parts"
    parts.mkdir()
    write(parts, "rules.yaml", RULES)
    result = run(parts, "--db", sqlite_ledger)
    assert result.exit_code == 2
    assert f"no unit plan in {parts}; its YAML files are not rolled up as plans:" in result.stderr
    assert "rules.yaml (a user-rules file)" in result.stderr
    assert "no plan files" not in result.stderr


def test_messages_are_chinese_by_default(county: Path, sqlite_ledger: Path) -> None:
    result = run(county, "--db", sqlite_ledger, "--today", TODAY, env={"ACTIVITYMONTH_LANG": "zh"})
    assert "各单位进度（落后的在前）" in result.stdout
    assert f"截至 2026-09-20 周日 · {county} 中 3 个计划" in result.stdout


# ---------------------------------------------------------------------------- HTML
def _page(county: Path, ledger: Path, out: Path) -> str:
    result = run(county, "--db", ledger, "--today", TODAY, "--html", out, "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert f"已写入 {out}" in result.stderr
    return out.read_text(encoding="utf-8")


def _rect(group: ET.Element, kind: str) -> dict[str, str]:
    rect = group.find(f"rect[@class='{kind}']")
    assert rect is not None, kind
    return rect.attrib


def test_html_chart_is_well_formed_svg_with_bars_as_long_as_the_shares(
    county: Path, sqlite_ledger: Path, tmp_path: Path
) -> None:
    page = _page(county, sqlite_ledger, tmp_path / "rollup.html")
    [svg] = re.findall(r"<svg\b.*?</svg>", page, re.S)
    root = ET.fromstring(svg)
    groups = root.findall("g")
    names = [g.findtext("text") for g in groups]
    assert names == [f"{HOSTILE} · c-2026-09", "乙局 · b-2026-09", "甲小学 · a-2026-09"]
    tracks = [_rect(g, "track") for g in groups]
    bars = [_rect(g, "bar") for g in groups]
    assert {float(t["width"]) for t in tracks} == {BAR_WIDTH}
    shares = [float(b["width"]) / float(t["width"]) for b, t in zip(bars, tracks, strict=True)]
    assert shares == pytest.approx([0, 1 / 3, 3 / 4], abs=1e-4)
    assert [b["fill"] for b in bars] == [share_colour(s) for s in (0, 1 / 3, 3 / 4)]
    # escaped as text, never markup
    assert "<script>" not in page
    assert "丙中学&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(
        r"<(?:script|img|link|iframe|a)\b|url\(|@import|(?:https?:)?//[\w.-]", page
    )
    assert '"Noto Serif CJK SC", "Source Han Serif SC", SimSun, serif' in page


def test_chromium_prints_the_rollup_without_any_network(
    county: Path, sqlite_ledger: Path, tmp_path: Path
) -> None:
    html = tmp_path / "rollup.html"
    _page(county, sqlite_ledger, html)
    pdf = tmp_path / "rollup.pdf"
    assert chromium(tmp_path, html, f"--print-to-pdf={pdf}") == []
    text = pdf_text(pdf)
    for expected in (
        "各单位活动进度汇总",
        "3个计划",
        squash(HOSTILE),
        "0/60%",  # the chart's and the table's 0/6 0%
        "1/333%",
        "3/475%",
        "八进1/8",
        "六个一@学校2/6",
        "4/1331%",
        "全部单位",
        "template.yaml（由a-school.yaml扩展或包含）",
        "units/b-bureau.yaml",
    ):
        assert expected in text, expected
    chart = text[: text.index("各单位进度（落后的在前）")]
    order = [chart.index(squash(unit)) for unit in (HOSTILE, "乙局", "甲小学")]
    assert order == sorted(order)


def test_chromium_screenshot_shows_the_coloured_bars(
    county: Path, sqlite_ledger: Path, tmp_path: Path
) -> None:
    try:
        from PIL import Image as image
    except ImportError:
        missing("Pillow is not installed (it comes with WeasyPrint)")
    html = tmp_path / "rollup.html"
    _page(county, sqlite_ledger, html)
    shot = tmp_path / "rollup.png"
    assert chromium(tmp_path, html, f"--screenshot={shot}", "--window-size=900,1300") == []
    with image.open(shot) as picture:
        colours = picture.convert("RGB").getcolors(maxcolors=1 << 20) or []
    counts = {f"#{r:02x}{g:02x}{b:02x}": n for n, (r, g, b) in colours}
    # the 3/4 bar (about 450 × 16 px at this width) and the 1/3 bar in their own colours
    assert counts.get(share_colour(3 / 4), 0) > 3000
    assert counts.get(share_colour(1 / 3), 0) > 1500
