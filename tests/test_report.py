"""The summary report (工作总结): the figures a unit reports, counted from its ledger.

A copy of the pairing example plan gets a ledger with done records (participants split
into cadres and residents, materials handed out, one meeting held a day late) and visits
(one pair visited once and then no more, one cadre never); the ``report`` command then
writes Markdown and Word, and both must quote exactly those numbers and name exactly
those gaps. The Word file is printed by LibreOffice like the plan document
(``test_docx``): Chinese fonts embedded, the report's text on the page.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from activitymonth.cli import cli
from activitymonth.ledger import (
    ENV_VAR,
    DoneFacts,
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

from browser_support import FONTS_CONF, run_tool, squash, tool
from conftest import PLANS

pytest_plugins = ["pg"]

PAIRING = PLANS / "bureau-pairing-yijiaqin.yaml"
NOW = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
TODAY = "2026-12-31"
TITLE = "某县财政局2026年“民族团结一家亲”活动工作总结"

# (item, actual day, planned occurrence or None, cadres, residents, materials)
DONE = [
    ("kickoff", date(2026, 10, 9), None, 12, 0, ()),
    ("meet-g1", date(2026, 10, 19), None, 5, 55, (("结对认亲连心卡", 5),)),
    ("meet-g2", date(2026, 10, 21), None, 5, 50, (("结对认亲连心卡", 5),)),  # a day late
    ("language", date(2026, 10, 12), date(2026, 10, 12), 10, 0, ()),
    ("language", date(2026, 10, 19), date(2026, 10, 19), 10, 0, ()),
    ("chat", date(2026, 10, 22), date(2026, 10, 22), 10, 10, ()),
    ("harvest", date(2026, 10, 28), None, 3, 6, ()),
    ("policy-talk", date(2026, 11, 12), None, 3, 40, (("惠民政策明白卡", 200),)),
    ("warmth", date(2026, 12, 16), None, 3, 20, (("米面油慰问品", 10),)),
    ("cards", date(2026, 10, 21), None, None, None, ()),
    ("plan-report", date(2026, 11, 6), None, None, None, ()),
]
# Cadre → visit days. 杜某某 (du) visits once on 10月20日 and is late from 12月20日 on;
# 石某某 (shi) never visits.
VISITS = {
    "ai": ["2026-10-19", "2026-12-16"],
    "du": ["2026-10-20"],
    "zheng": ["2026-10-19", "2026-11-12"],
    "yu": ["2026-10-20", "2026-10-28", "2026-12-22"],
    "fang": ["2026-10-22", "2026-12-16"],
    "nu": ["2026-10-20", "2026-12-16"],
    "jiang": ["2026-10-19", "2026-11-12"],
    "tang": ["2026-10-28", "2026-12-22"],
    "mai": ["2026-10-19", "2026-11-12"],
}
FIGURES = [
    "共开展活动9场次（涉及8项活动），完成工作任务2项。",
    "参与242人次，其中干部61人次、群众181人次。",
    "发放资料220份，其中惠民政策明白卡200份、米面油慰问品10份、结对认亲连心卡10份。",
    "结对10对，走访结对户18户次，已走访9户。",
]
UNDONE = "结对户困难问题梳理解决推进会：原定11月25日，逾期未开展。"
LATE_PAIR = "杜某某与吐某某家：10月20日至12月31日期间未走访，超过“每两个月”的频次要求。"
NEVER = "截至2026年12月31日，石某某（玉某某家）的结对户尚无走访记录。"
SECTIONS = [
    "一、基本情况",
    "二、主要做法",
    "三、工作成效",
    "四、存在的不足",
    "五、下一步打算",
]
NEXT_STEPS = "【请填写：针对上述不足的整改措施和下一步工作安排】"


def run(*args: object) -> Result:
    env = {"ACTIVITYMONTH_LANG": "zh", ENV_VAR: ""}
    return CliRunner(env=env).invoke(cli, [str(a) for a in args])


def seed(plan: Path, location: str) -> None:
    """The ledger of the month as the unit recorded it."""
    targets = PlanTargets(resolve(load_plan(plan)))
    ledger = open_ledger(location)
    try:
        for item, day, occurrence, cadres, residents, materials in DONE:
            facts = DoneFacts(
                actual_date=day, cadres=cadres, residents=residents, materials=materials
            )
            prepared = prepare_done(
                targets, item, facts, by="努某某", occurrence=occurrence, now=NOW
            )
            save_record(ledger, prepared)
        for cadre, days in VISITS.items():
            for day in days:
                facts = VisitFacts(visit_date=date.fromisoformat(day), mode=VisitMode.HOME)
                save_record(ledger, prepare_visit(targets, cadre, facts, by="努某某", now=NOW))
    finally:
        ledger.close()


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


@pytest.fixture
def pairing(tmp_path: Path) -> Path:
    return Path(shutil.copy(PAIRING, tmp_path / "pairing.yaml"))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The plan, its seeded SQLite ledger and the report written as .docx and .md."""
    folder = tmp_path_factory.mktemp("report")
    plan = Path(shutil.copy(PAIRING, folder / "pairing.yaml"))
    seed(plan, str(folder / "pairing.ledger.sqlite"))
    files = {"plan": plan, "docx": folder / "总结.docx", "md": folder / "总结.md"}
    for fmt in ("docx", "md"):
        result = run("report", plan, "-o", files[fmt], "--today", TODAY)
        assert result.exit_code == 0, result.output
        assert result.output.strip() == str(files[fmt])
    yield files


# ---------------------------------------------------------------------------- figures
def test_report_quotes_the_ledger_on_sqlite_and_postgresql(
    pairing: Path, ledger_db: str, tmp_path: Path
) -> None:
    seed(pairing, ledger_db)
    target = tmp_path / "总结.md"
    result = run("report", pairing, "-o", target, "--db", ledger_db, "--today", TODAY)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    for figure in FIGURES:
        assert figure in text
    assert (
        "方案共安排活动9项、工作任务4项，计26场次（件）；截至2026年12月31日，"
        "台账记录已完成11场次（件），完成率42%。"
    ) in text
    for gap in (UNDONE, LATE_PAIR, NEVER):
        assert gap in text


def test_markdown_has_the_sections_in_order_with_the_practices_by_program(
    written: dict[str, Path],
) -> None:
    text = written["md"].read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == SECTIONS
    assert text.startswith(f"# {TITLE}\n")
    basics = _section(text, "一、基本情况")
    assert (
        "成立了以局党组书记、副局长艾某某为组长、党组副书记、局长杜某某为副组长的活动领导小组，"
        "郑某某、于某某、方某某为成员；领导小组下设办公室，方某某任主任、努某某任副主任，"
        "负责日常工作；下设第一组、第二组2个工作组，分别负责某镇石榴籽村、某镇胡杨村。"
    ) in basics
    assert "活动落实的项目：结对帮扶“六个一”6项内容已落实5项。" in basics
    practices = _section(text, "二、主要做法").split("### ")
    program, others = practices[1], practices[2]
    assert program.startswith("（一）结对帮扶“六个一”")
    assert (
        "1. 每周一句民族语言学习：10月12日、10月19日开展，共2场次，"
        "参与20人次（干部20人次、群众0人次）。"
    ) in program
    assert "冬季“送温暖”献爱心：12月16日开展，参与23人次（干部3人次、群众20人次）。" in program
    assert "解一个难题" not in program and "推进会" not in program  # not done
    assert others.startswith("（二）其他")
    # The day the ledger says it happened (10月21日), not the planned 10月20日.
    assert "胡杨村结对认亲现场会（签订连心卡、认门认亲）：10月21日开展，参与55人次" in others
    assert "“民族团结一家亲”活动实施方案报送：11月6日完成。" in others
    assert "**（一）活动开展。**共开展活动9场次" in _section(text, "三、工作成效")


def test_shortcomings_name_the_undone_item_the_late_pair_and_the_unvisited_cadre(
    written: dict[str, Path],
) -> None:
    gaps = _section(written["md"].read_text(encoding="utf-8"), "四、存在的不足")
    assert UNDONE in gaps
    assert "结对帮扶“六个一”中的“解一个难题”：要求1次，已完成0次。" in gaps
    assert LATE_PAIR in gaps
    assert NEVER in gaps
    assert "2026年“民族团结一家亲”活动总结：定于12月25日前完成" not in gaps  # past: overdue
    assert "2026年“民族团结一家亲”活动总结：原定12月25日前完成，逾期未完成。" in gaps
    assert "艾某某与" not in gaps  # visited on rhythm


def test_word_report_has_the_same_content_on_the_official_page(written: dict[str, Path]) -> None:
    texts = paragraphs(written["docx"])
    assert texts[0] == "某县财政局\n2026年“民族团结一家亲”活动工作总结"
    headings = [t for t in texts if re.match(r"^[一二三四五六七八九十]+、", t)]
    assert headings == SECTIONS
    joined = "\n".join(texts)
    for figure in FIGURES:
        assert figure in joined
    assert f"（一）活动开展。{FIGURES[0]}" in texts
    assert f"（四）结对走访。{FIGURES[3]}" in texts
    assert any(re.fullmatch(rf"\d+\.{re.escape(UNDONE)}", t) for t in texts)
    assert any(t.endswith(LATE_PAIR) for t in texts)
    assert texts[-2:] == ["某县财政局", "2026年12月31日"]
    document = Document(str(written["docx"]))
    blanks = [r for p in document.paragraphs for r in p.runs if "【" in r.text]
    assert [r.text for r in blanks] == [NEXT_STEPS]
    assert blanks[0].font.highlight_color == WD_COLOR_INDEX.YELLOW
    section = document.sections[0]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]  # the plan document's page


def test_printed_report_embeds_chinese_fonts_and_shows_the_figures(
    written: dict[str, Path], tmp_path: Path
) -> None:
    soffice = tool("soffice")
    profile = tmp_path / "lo-profile"
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": str(profile)}
    run_tool(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(written["docx"]),
        ],
        env=env,
        timeout=600,
    )
    pdf = tmp_path / "总结.pdf"
    text = squash(run_tool([tool("pdftotext"), str(pdf), "-"]))
    assert squash(TITLE) in text
    for expected in (*FIGURES, UNDONE, LATE_PAIR, NEXT_STEPS):
        assert squash(expected) in text
    rows = run_tool([tool("pdffonts"), str(pdf)]).splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), rows  # every font embedded
    families = " ".join(row.split()[0] for row in rows)
    assert "NotoSerifCJK" in families and "NotoSansCJK" in families and "UKai" in families


# ---------------------------------------------------------------------------- empty ledger
def test_an_empty_ledger_gives_zeros_and_says_so(pairing: Path, tmp_path: Path) -> None:
    target = tmp_path / "总结.md"
    result = run("report", pairing, "-o", target, "--today", "2026-10-15")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "截至2026年10月15日，台账中尚无活动和工作任务的完成记录。" in text
    assert "截至2026年10月15日，台账中尚无完成记录和走访记录，以下各项均为0。" in text
    assert "共开展活动0场次（涉及0项活动），完成工作任务0项。" in text
    assert "参与0人次，其中干部0人次、群众0人次。" in text
    assert "发放资料0份。" in text
    assert "结对10对，走访结对户0户次，已走访0户。" in text
    # Only what was due by 10月15日 is overdue; the rest is still to come.
    gaps = _section(text, "四、存在的不足")
    assert "局党组会研究部署“民族团结一家亲”活动：原定10月9日，逾期未开展。" in gaps
    assert "冬季“送温暖”献爱心：定于12月16日，尚未开展。" in gaps
    assert not pairing.with_name("pairing.ledger.sqlite").exists()  # reading creates no ledger


# ---------------------------------------------------------------------------- coverage
COVERAGE_PLAN = """\
id: coverage
title: 测试局2026年民族团结进步活动月实施方案
unit: 测试局
window: 2026-09
programs: [八进]
people:
  - {id: wang, name: 王某, title: 局长}
activities:
  - {id: mobilize, title: 动员会, date: 2026-09-01, lead: wang, sector: [机关]}
  - {id: visit-school, title: 进校园宣讲, date: 2026-09-10, lead: wang, sector: [学校]}
  - {id: film, title: 观影活动, date: 2026-09-12, lead: wang}
"""


def test_sectors_reached_and_not_reached(tmp_path: Path) -> None:
    plan = tmp_path / "coverage.yaml"
    plan.write_text(COVERAGE_PLAN, encoding="utf-8")
    targets = PlanTargets(resolve(load_plan(plan)))
    ledger = open_ledger(str(tmp_path / "coverage.ledger.sqlite"))
    for item, day in (("mobilize", date(2026, 9, 2)), ("film", date(2026, 9, 12))):
        facts = DoneFacts(actual_date=day, participants=30)
        save_record(ledger, prepare_done(targets, item, facts, by="王某", now=NOW))
    ledger.close()
    target = tmp_path / "总结.md"
    result = run("report", plan, "-o", target, "--today", "2026-09-30")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    practices = _section(text, "二、主要做法")
    assert "### （一）民族团结进步创建“八进”\n\n1. 机关：动员会（9月2日）。" in practices
    assert "### （二）其他\n\n1. 观影活动：9月12日开展，参与30人次。" in practices
    assert "民族团结进步创建“八进”8项内容已覆盖1项" in _section(text, "一、基本情况")
    gaps = _section(text, "四、存在的不足")
    assert "进校园宣讲：原定9月10日，逾期未开展。" in gaps
    assert (
        "民族团结进步创建“八进”：乡镇、村(社区)、学校、企业、军(警)营、宗教活动场所、团场连队"
        "尚无活动开展。"
    ) in gaps


# ---------------------------------------------------------------------------- the command
def test_default_name_comes_from_the_title_and_format_from_the_suffix(
    pairing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("report", pairing, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{TITLE}.docx").is_file()
    result = run("report", pairing, "-o", "草稿.md", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "草稿.md").read_text(encoding="utf-8").startswith(f"# {TITLE}")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []  # written through a temporary file that is gone


def test_an_existing_report_is_kept_unless_forced(pairing: Path, tmp_path: Path) -> None:
    target = tmp_path / "总结.md"
    target.write_text("下一步打算：已由办公室填写", encoding="utf-8")
    kept = run("report", pairing, "-o", target, "--today", TODAY, "--lang", "en")
    assert kept.exit_code == 2
    assert "exists" in kept.output and "--force" in kept.output
    assert target.read_text(encoding="utf-8") == "下一步打算：已由办公室填写"
    forced = run("report", pairing, "-o", target, "--today", TODAY, "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_text(encoding="utf-8").startswith(f"# {TITLE}")


def test_refuses_to_overwrite_the_plan_or_its_ledger(pairing: Path) -> None:
    before = pairing.read_bytes()
    for target in (pairing, pairing.with_name("pairing.ledger.sqlite")):
        result = run("report", pairing, "-o", target, "--format", "md", "--lang", "en")
        assert result.exit_code == 2
        assert f"{target} is the plan or its ledger" in result.output
        assert "Traceback" not in result.output
    assert pairing.read_bytes() == before


def test_bad_input_exits_2_with_the_fix(pairing: Path, tmp_path: Path) -> None:
    clash = run("report", pairing, "-o", tmp_path / "x.docx", "--format", "md", "--lang", "en")
    assert clash.exit_code == 2
    assert "--format md does not match the suffix .docx" in clash.output
    assert "name the file *.md, or leave out --format" in clash.output
    bad_day = run("report", pairing, "-o", tmp_path / "x.md", "--today", "明天", "--lang", "en")
    assert bad_day.exit_code == 2
    assert "--today" in bad_day.output and "unreadable date" in bad_day.output
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    target = blocker / "x.docx"
    unwritable = run("report", pairing, "-o", target, "--today", TODAY, "--lang", "en")
    assert unwritable.exit_code == 2
    assert f"cannot write {target}" in unwritable.output


def _section(markdown: str, heading: str) -> str:
    """The text under ``## heading`` up to the next ``## ``."""
    start = markdown.index(f"## {heading}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end >= 0 else None]


# ---------------------------------------------------------------------------- honest sums
def test_parts_of_a_figure_add_up_to_it(tmp_path: Path) -> None:
    """人次 recorded without the split are said to be so (the parts a reader adds up must
    give the total), and banners (条) are never added into a total of 份."""
    plan = tmp_path / "coverage.yaml"
    plan.write_text(COVERAGE_PLAN, encoding="utf-8")
    targets = PlanTargets(resolve(load_plan(plan)))
    ledger = open_ledger(str(tmp_path / "coverage.ledger.sqlite"))
    film = DoneFacts(date(2026, 9, 12), participants=40, cadres=4, materials=(("折页", 300),))
    records = (
        ("mobilize", DoneFacts(date(2026, 9, 1), participants=30, materials=(("横幅", 2),))),
        ("visit-school", DoneFacts(date(2026, 9, 10), cadres=5, residents=10)),
        ("film", film),
    )
    for item, facts in records:
        save_record(ledger, prepare_done(targets, item, facts, by="王某", now=NOW))
    ledger.close()
    target = tmp_path / "总结.md"
    result = run("report", plan, "-o", target, "--today", "2026-09-30")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "参与85人次，其中干部9人次、群众10人次，另有66人次未区分干部和群众。" in text
    assert (
        "观影活动：9月12日开展，参与40人次（干部4人次、群众0人次，另有36人次未区分干部和群众）。"
        in text
    )
    assert "发放折页300份、横幅2条。" in text
    assert "发放资料" not in text


def test_a_report_from_an_empty_ledger_says_so_on_the_terminal(
    pairing: Path, tmp_path: Path
) -> None:
    """A mistyped --db reads as an empty ledger: the report is still drafted, but the
    clerk is told that nothing was recorded there."""
    missing = tmp_path / "typo.sqlite"
    result = run("report", pairing, "-o", tmp_path / "x.md", "--db", missing, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"nothing is recorded in {missing} yet" in result.stderr
    assert not missing.exists()
    seed(pairing, str(pairing.with_name("pairing.ledger.sqlite")))
    recorded = run("report", pairing, "-o", tmp_path / "y.md", "--today", TODAY)
    assert recorded.exit_code == 0 and recorded.stderr == ""
