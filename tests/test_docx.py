"""Word documents (the 实施方案 and the checklist), read back by python-docx and printed by
LibreOffice.

python-docx checks what Word and WPS read from the file: the GB/T 9704 page, font names for
East Asian text, the zh-CN language, even/odd page-number footers, check-box content
controls. LibreOffice (headless, with a throw-away profile) turns the files into PDF, and
poppler reads the pages back: the text is there, Chinese fonts are embedded, a long plan
fills about 22 lines of 28 characters per page and page numbers alternate sides. The font
aliases in ``tests/fonts/fonts.conf`` stand in for the Windows fonts the documents name.
A missing tool skips those tests locally and fails them in CI (``CI`` set), where
``.ci/run`` installs them.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from datetime import date
from math import ceil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from lxml import etree

from activitymonth.cli import cli
from activitymonth.export.checklist import RENDERERS, build_checklist
from activitymonth.export.docx.checklist_docx import CHECKED, UNCHECKED, render_docx
from activitymonth.export.docx.layout import chinese_numeral, title_lines
from activitymonth.export.docx.plan_document import (
    plan_document_title,
    render_plan_document,
)
from activitymonth.load import LoadedPlan, load_plan
from activitymonth.schedule import resolve

from browser_support import FONTS_CONF, run_tool, squash, tool
from conftest import PLANS, write

BUREAU = PLANS / "bureau-september.yaml"  # 内蒙古, September 2026: the 43rd month
PAIRING = PLANS / "bureau-pairing-yijiaqin.yaml"  # sub-groups, a program, no ordinal
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"

# Guidance in two paragraphs, requirements with and without a run-in heading, a program
# with three of its six items uncovered, and an activity outside every program.
FULL_PLAN = """\
id: full
title: 某中学2026年民族团结教育月实施方案
unit: 某县第一中学
region: 新疆
campaign: 民族团结教育月
window: 2026-05
guidance: |
  以铸牢中华民族共同体意识为主线。
  坚持面向全体师生、注重实效。
theme: 手拉手、心连心
requirements:
  - 加强组织领导。各处室要把活动列入本月重点工作。
  - 及时报送活动信息和总结材料。
revision: 2026-04-24 16:00
people:
  - {id: wang, name: 王某, title: 校长, unit: 校长室}
  - {id: li, name: 李某, title: 德育主任, unit: 德育处}
  - {id: zhao, name: 赵某, title: 团委书记, unit: 团委}
organization:
  leading_group: {leader: wang, deputies: [li], members: [zhao]}
  office: {director: li}
programs: [六个一@学校]
activities:
  - id: paint
    title: 民族团结书画作品展
    fulfills: [六个一@学校/书画展]
    date: 2026-05-11
    end_date: 2026-05-13
    lead: li
    location: 教学楼一楼大厅
  - id: quiz
    title: 民族团结知识竞赛
    fulfills: [六个一@学校/知识竞赛]
    start: 2026-05-14 15:00
    duration: 2h
    lead: zhao
    staff: [li]
    location: 学校礼堂
  - id: speech
    title: 民族团结演讲比赛
    fulfills: [六个一@学校/演讲比赛]
    date: 2026-05-20
    lead: zhao
  - id: flag
    title: 国旗下讲话
    repeat: 每周一
    time: "08:00"
    duration: 30min
    lead: wang
deliverables:
  - {id: summary, title: 活动总结, owner: li, due: 2026-05-29}
"""

# One done, one overdue on 5月20日, three gaps.
CHECKLIST_PLAN = """\
id: cl
title: 某小学2026年民族团结教育月实施方案
unit: 某县第一小学
region: 新疆
window: 2026-05
people:
  - {id: wang, name: 王某, title: 校长}
  - {id: li, name: 李某, title: 德育主任}
programs: [六个一@学校]
activities:
  - id: paint
    title: 民族团结书画作品展
    fulfills: [六个一@学校/书画展]
    date: 2026-05-11
    lead: li
    location: 教学楼一楼大厅
    evidence: [照片, 作品清单]
    status: done
  - id: quiz
    title: 民族团结知识竞赛
    fulfills: [六个一@学校/知识竞赛]
    date: 2026-05-13
    lead: wang
  - id: film
    title: 观看民族团结教育影片
    fulfills: [六个一@学校/观看民族团结教育影片]
    date: 2026-05-27
    lead: li
"""

LONG_ACTIVITIES = 120


def _long_plan_text() -> str:
    """A unit's month with 120 activities whose titles vary in length, so paragraphs take
    one to three lines."""
    people = "\n".join(
        f"  - {{id: p{i}, name: 干部{i}号, title: 科员, unit: 第{i}科}}" for i in range(8)
    )
    activities = []
    for i in range(LONG_ACTIVITIES):
        day = 1 + i % 30
        title = f"第{i + 1}场民族团结进步主题宣讲" + "暨政策法规宣传咨询" * (i % 3)
        activities.append(
            f"  - id: a{i}\n    title: {title}\n    start: 2026-09-{day:02d} 09:30\n"
            f"    duration: 2h\n    lead: p{i % 8}\n    location: 第{i % 12 + 1}社区活动室\n"
            f"    expected_participants: {20 + i}"
        )
    return (
        "id: long\ntitle: 某旗民政局2026年民族团结进步活动月实施方案\nunit: 某旗民政局\n"
        "region: 内蒙古\nwindow: 2026-09\ntheme: 民族团结一家亲\n"
        "people:\n" + people + "\norganization:\n  leading_group: {leader: p0, deputies: [p1]}\n"
        "activities:\n" + "\n".join(activities) + "\n"
    )


# ---------------------------------------------------------------------------- helpers


def _plan_docx(loaded: LoadedPlan, folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(render_plan_document(resolve(loaded), loaded.catalog))
    return path


def _xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(part))


def _width(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The .docx files every test reads: two example plans, a full and a long plan, and
    a checklist with gaps and a done row."""
    folder = tmp_path_factory.mktemp("docx")
    full = load_plan(write(folder, "full.yaml", FULL_PLAN))
    long = load_plan(write(folder, "long.yaml", _long_plan_text()))
    marked = load_plan(write(folder, "cl.yaml", CHECKLIST_PLAN))
    checklist = build_checklist(resolve(marked), marked.catalog, today=date(2026, 5, 20))
    (folder / "checklist.docx").write_bytes(render_docx(checklist))
    return {
        "bureau": _plan_docx(load_plan(BUREAU), folder, "bureau.docx"),
        "pairing": _plan_docx(load_plan(PAIRING), folder, "pairing.docx"),
        "full": _plan_docx(full, folder, "full.docx"),
        "long": _plan_docx(long, folder, "long.docx"),
        "checklist": folder / "checklist.docx",
    }


@pytest.fixture(scope="module")
def pdfs(documents: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every document printed to PDF by LibreOffice in one run, with the test font
    aliases and a profile of its own (a user's LibreOffice settings must not leak in)."""
    soffice = tool("soffice")
    out = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": str(profile)}
    run_tool(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *(str(path) for path in documents.values()),
        ],
        env=env,
        timeout=600,
    )
    pdfs = {key: out / f"{path.stem}.pdf" for key, path in documents.items()}
    for key, pdf in pdfs.items():
        assert pdf.exists(), f"LibreOffice wrote no PDF for {key}"
    return pdfs


def _pages(pdf: Path, layout: bool = False) -> list[str]:
    args = [tool("pdftotext"), *(["-layout"] if layout else []), str(pdf), "-"]
    return run_tool(args).split("\f")[:-1]


# ---------------------------------------------------------------------------- the file
def test_page_is_a4_with_gb9704_margins_and_a_22_line_grid(documents: dict[str, Path]) -> None:
    for path in documents.values():
        section = Document(str(path)).sections[0]
        size = (section.page_width, section.page_height)
        margins = (section.top_margin, section.bottom_margin)
        margins += (section.left_margin, section.right_margin)
        assert [round(length.mm, 1) for length in size] == [210, 297]
        assert [round(length.mm, 1) for length in margins] == [37, 35, 28, 26]
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines in 225 mm


def test_fonts_are_named_for_east_asian_text_and_the_language_is_chinese(
    documents: dict[str, Path],
) -> None:
    path = documents["full"]
    styles = _xml(path, "word/styles.xml")
    body = _xml(path, "word/document.xml")
    names = {f.get(f"{W}eastAsia") for tree in (styles, body) for f in tree.iter(f"{W}rFonts")}
    assert {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"} <= names
    for tree in (styles, body):
        for fonts in tree.iter(f"{W}rFonts"):
            assert fonts.get(f"{W}eastAsia"), etree.tostring(fonts)
            assert not any(key.endswith("Theme") or key.endswith("theme") for key in fonts.attrib)
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    fonts = {f.get(f"{W}name"): f for f in _xml(path, "word/fontTable.xml")}
    assert fonts["方正小标宋简体"].find(f"{W}altName").get(f"{W}val") == "小标宋"
    assert fonts["仿宋_GB2312"].find(f"{W}altName").get(f"{W}val") == "仿宋"
    core = _xml(path, "docProps/core.xml")
    assert "python-docx" not in etree.tostring(core, encoding="unicode")


_RPR_ORDER = (
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
)
_PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)


@pytest.mark.parametrize("part", ["word/styles.xml", "word/document.xml", "word/footer1.xml"])
def test_run_and_paragraph_properties_follow_the_schema_order(
    documents: dict[str, Path], part: str
) -> None:
    """Word refuses a file whose w:rPr lists w:lang before w:sz, and so on."""
    for key in ("full", "checklist"):
        tree = _xml(documents[key], part)
        for tag, order in (("rPr", _RPR_ORDER), ("pPr", _PPR_ORDER)):
            for properties in tree.iter(f"{W}{tag}"):
                children = [etree.QName(c).localname for c in properties]
                positions = [order.index(name) for name in children]
                assert positions == sorted(positions), f"{key} {part}: {children}"


def test_page_numbers_alternate_sides_on_even_and_odd_pages(documents: dict[str, Path]) -> None:
    path = documents["bureau"]
    settings = _xml(path, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    section = Document(str(path)).sections[0]
    sides = {"odd": section.footer, "even": section.even_page_footer}
    for side, footer in sides.items():
        paragraph = footer.paragraphs[0]
        instructions = "".join(t.text for t in paragraph._p.iter(f"{W}instrText"))
        assert instructions.strip() == "PAGE"
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        expected = WD_ALIGN_PARAGRAPH.RIGHT if side == "odd" else WD_ALIGN_PARAGRAPH.LEFT
        assert paragraph.alignment == expected
        fonts = paragraph.runs[0]._r.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "宋体"
        assert paragraph.runs[0].font.size.pt == 14  # 4号


def test_plan_document_sections_in_order_from_the_plan(documents: dict[str, Path]) -> None:
    document = Document(str(documents["bureau"]))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "某旗信访局\n第43个民族团结进步活动月实施方案"
    headings = [t for t in texts if re.match(r"^[一二三四五六七八九十]+、", t)]
    assert headings == [
        "一、指导思想",
        "二、活动主题",
        "三、活动时间",
        "四、组织领导",
        "五、活动内容",
        "六、工作要求",
    ]
    assert "2026年9月1日至9月30日" in texts
    assert "组　长：白某某（局长）" in texts
    assert "副组长：高某某（副局长）" in texts
    assert "成　员：韩某某（办公室主任）、乌某某（信访接待员）" in texts
    assert "主　任：韩某某（办公室主任）" in texts
    assert (
        "1.民族团结进步活动月动员会暨专题学习会。时间：9月1日9:00—11:00；地点：三楼会议室；"
        "参加人数：约30人；负责人：白某某（局长）。" in texts
    )
    assert any(
        t.startswith("3.民族团结主题信访接待日。时间：每周三（9月2日至30日，共5次）") for t in texts
    )
    assert "附件：活动安排表" in texts
    # Placeholders where the plan is silent: highlighted, never invented prose.
    blanks = [r for p in document.paragraphs for r in p.runs if r.text.startswith("【")]
    assert [r.text for r in blanks] == ["【请填写指导思想】", "【请填写工作要求】"]
    assert all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in blanks)
    # Sign-off: the unit and the revision date, right-aligned after the attachment note.
    unit, day = (p for p in document.paragraphs if p.text in ("某旗信访局", "2026年8月20日"))
    assert unit.alignment == day.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert day.paragraph_format.right_indent < unit.paragraph_format.right_indent


def test_schedule_table_is_attached_with_one_row_per_item(documents: dict[str, Path]) -> None:
    document = Document(str(documents["bureau"]))
    (table,) = document.tables
    header = [c.text for c in table.rows[0].cells]
    assert header == ["序号", "活动内容", "时间", "地点", "牵头单位", "配合单位", "责任人"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[0] for r in rows] == [str(n) for n in range(1, 9)]
    assert rows[0] == [
        "1",
        "民族团结进步活动月动员会暨专题学习会",
        "9月1日\n9:00—11:00",
        "三楼会议室",
        "局党组",
        "办公室",
        "白某某",
    ]
    assert rows[-1][1:3] == ["活动月工作总结", "9月29日前"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_plan_with_guidance_programs_and_requirements(documents: dict[str, Path]) -> None:
    document = Document(str(documents["full"]))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("一、指导思想")
    assert texts[start + 1 : start + 3] == [
        "以铸牢中华民族共同体意识为主线。",
        "坚持面向全体师生、注重实效。",
    ]
    assert texts[0] == "某县第一中学第44个民族团结教育月实施方案"  # 20 characters: one line
    contents = texts[texts.index("五、活动内容") + 1 : texts.index("六、工作要求")]
    assert contents[0] == "（一）学校“六个一”活动"
    assert contents[1].startswith("1.民族团结书画作品展。时间：5月11日至13日；地点：教学楼一楼大厅")
    assert contents[2].startswith("2.民族团结知识竞赛。时间：5月14日15:00—17:00")
    assert contents[4:7] == [
        "4.【请安排落实“民族团结好少年评选”的活动】",
        "5.【请安排落实“观看民族团结教育影片”的活动】",
        "6.【请安排落实“文体活动”的活动】",
    ]
    assert contents[7] == "（二）其他活动"
    assert contents[8].startswith("1.国旗下讲话。时间：每周一（5月4日至25日，共4次）")
    assert contents[9] == "2.活动总结。完成时限：5月29日前；负责人：李某（德育主任）。"
    requirements = texts[texts.index("六、工作要求") + 1 :][:2]
    assert requirements == [
        "（一）加强组织领导。各处室要把活动列入本月重点工作。",
        "（二）及时报送活动信息和总结材料。",
    ]
    heading = next(p for p in document.paragraphs if p.text.startswith("（一）加强"))
    assert heading.runs[0].text == "（一）加强组织领导。"
    assert heading.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    assert heading.runs[1]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert "2026年4月24日" in texts


def test_subgroups_and_a_plan_without_an_ordinal(documents: dict[str, Path]) -> None:
    texts = [p.text for p in Document(str(documents["pairing"])).paragraphs]
    assert texts[0] == "某县财政局\n2026年“民族团结一家亲”活动实施方案"
    start = texts.index("（三）工作分组")
    assert texts[start + 1] == (
        "1.第一组：组长艾某某（局党组书记、副局长），成员郑某某（副局长）、蒋某某（预算股股长）、"
        "麦某某（农业股科员），负责某镇石榴籽村。"
    )
    assert texts[start + 2].startswith("2.第二组：组长杜某某（党组副书记、局长）")
    assert "2026年10月1日至12月31日" in texts


def test_title_and_numbering_helpers() -> None:
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 20, 23, 99)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十三",
        "九十九",
    ]
    assert title_lines("活动安排表") == ("活动安排表",)
    long = "某某自治县人民政府办公室关于开展民族团结进步创建示范活动的实施方案"
    lines = title_lines(long)
    assert "".join(lines) == long and len(lines) == 2
    assert all(_width(line) <= 20 for line in lines)
    assert (
        plan_document_title(load_plan(PAIRING).plan)
        == "某县财政局2026年“民族团结一家亲”活动实施方案"
    )


def test_checklist_docx_has_check_boxes_and_highlighted_gaps(documents: dict[str, Path]) -> None:
    path = documents["checklist"]
    assert RENDERERS["docx"] is render_docx
    body = _xml(path, "word/document.xml")
    boxes = list(body.iter(f"{W14}checkbox"))
    assert len(boxes) == 6  # three covered items, three gaps
    states = [box.find(f"{W14}checked").get(f"{W14}val") for box in boxes]
    assert states == ["1", "0", "0", "0", "0", "0"]  # only 书画展 is done
    for box in boxes:
        assert box.find(f"{W14}checkedState").get(f"{W14}val") == "25A0"
        assert box.find(f"{W14}uncheckedState").get(f"{W14}val") == "25A1"
        sdt = box.getparent().getparent()
        shown = "".join(t.text for t in sdt.iter(f"{W}t"))
        checked = box.find(f"{W14}checked").get(f"{W14}val") == "1"
        assert shown == (CHECKED if checked else UNCHECKED)
    (table,) = Document(str(path)).tables
    shaded = [
        row.cells[0]._tc.tcPr.find(qn("w:shd")) is not None
        and row.cells[0]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "FFF2CC"
        for row in table.rows[1:]
    ]
    # python-docx's cell.text leaves out content controls: read the runs' text directly.
    states = ["".join(t.text for t in row.cells[-1]._tc.iter(f"{W}t")) for row in table.rows[1:]]
    assert [s for s, flag in zip(states, shaded, strict=True) if flag] == [
        "□ 逾期",
        "□ 缺口",
        "□ 缺口",
        "□ 缺口",
    ]
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert texts[-1] == "填报人＿＿＿＿＿＿　审核人＿＿＿＿＿＿　日期＿＿＿＿＿＿"


def test_export_doc_command_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "实施方案.docx"
    target.write_bytes(b"an older draft")
    result = CliRunner().invoke(cli, ["export", "doc", str(BUREAU), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(target)
    assert Document(str(target)).paragraphs[0].text.startswith("某旗信访局")
    assert [p.name for p in tmp_path.iterdir()] == ["实施方案.docx"]  # no temporary left


def test_export_doc_command_names_an_unwritable_target(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    result = CliRunner().invoke(
        cli, ["export", "doc", str(BUREAU), "-o", str(blocker / "x.docx"), "--lang", "en"]
    )
    assert result.exit_code == 2
    assert f"cannot write {blocker / 'x.docx'}" in result.output
    assert "give a writable file path with -o" in result.output


def test_export_doc_default_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", "doc", str(BUREAU)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "xfj-2026-09-实施方案.docx").is_file()


# ---------------------------------------------------------------------------- printed
def test_printed_plan_shows_title_leaders_and_every_activity(pdfs: dict[str, Path]) -> None:
    text = squash("".join(_pages(pdfs["bureau"])))
    assert "第43个民族团结进步活动月实施方案" in text
    for name in ("白某某", "高某某", "韩某某", "苏某某"):
        assert name in text
    plan = load_plan(BUREAU).plan
    for item in (*plan.activities, *plan.deliverables):
        assert squash(item.title) in text
    assert "【请填写指导思想】" in text


def test_printed_documents_embed_chinese_fonts(pdfs: dict[str, Path]) -> None:
    for key in ("bureau", "checklist"):
        rows = run_tool([tool("pdffonts"), str(pdfs[key])]).splitlines()[2:]
        fonts = {row.split()[0].split("+")[-1]: row for row in rows}
        assert all(" yes " in row for row in fonts.values()), rows  # embedded
        families = " ".join(fonts)
        assert "NotoSerifCJK" in families  # 仿宋, 宋体 and 小标宋 through the aliases
        if key == "bureau":
            assert "NotoSansCJK" in families  # 黑体
            assert "UKai" in families  # 楷体


def test_printed_page_numbers_alternate_sides(pdfs: dict[str, Path]) -> None:
    """Odd pages carry "— N —" right of the centre, even pages left of it (GB/T 9704)."""
    html = run_tool([tool("pdftotext"), "-bbox", str(pdfs["bureau"]), "-"])
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    assert len(pages) >= 2
    for number, (width, height, words) in enumerate(pages, start=1):
        bottom = [
            (float(x_min), float(x_max), word)
            for x_min, y_min, x_max, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
                r"([^<]*)</word>",
                words,
            )
            if float(y_min) > float(height) - 35 / 25.4 * 72  # below the type area
        ]
        assert squash("".join(word for *_, word in bottom)) == f"—{number}—"
        left, right = min(b[0] for b in bottom), max(b[1] for b in bottom)
        if number % 2:
            assert left > float(width) / 2, (number, left)
        else:
            assert right < float(width) / 2, (number, right)


def test_printed_checklist_shows_boxes_gaps_and_sign_off(pdfs: dict[str, Path]) -> None:
    text = squash("".join(_pages(pdfs["checklist"])))
    assert text.count(UNCHECKED) == 5 and text.count(CHECKED) == 1
    assert text.count("缺口") >= 3
    for label in ("填报人", "审核人", "日期"):
        assert label in text


def _expected_body_lines(path: Path) -> float:
    """Grid lines the body (before the attachment) needs: each paragraph's characters over
    28 a line, the first two of them the indent; the title's 2号 lines count 36 pt each."""
    total = 0.0
    for paragraph in Document(str(path)).paragraphs:
        if paragraph.text == "附件":
            break
        if paragraph.style.name == "Title":
            total += (paragraph.text.count("\n") + 1) * 36 / 28.95
            continue
        indent = 0 if paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT else 2
        total += max(1, ceil((indent + _width(paragraph.text)) / 28))
    return total


def test_long_plan_fills_22_lines_of_28_characters_per_page(
    documents: dict[str, Path], pdfs: dict[str, Path]
) -> None:
    pages = _pages(pdfs["long"], layout=True)
    attachment = next(i for i, page in enumerate(pages) if "附件" in page.split())
    body_pages = pages[:attachment]
    expected = ceil(_expected_body_lines(documents["long"]) / 22)
    assert expected >= 15  # 120 activities: the check is about many pages
    assert abs(len(body_pages) - expected) <= 0.2 * expected, (len(body_pages), expected)
    widest = 0.0
    for number, page in enumerate(body_pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", line)]
        assert len(body) <= 24, f"page {number} has {len(body)} lines"
        widest = max([widest, *(_width(squash(line)) for line in body)])
    # 28 characters fit a line: not fewer (a character grid that doubles every 汉字),
    # not more (type smaller than 3号).
    assert 27 <= widest <= 28.5, widest
