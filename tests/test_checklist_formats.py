"""Checklist formats, each read back by a real consumer.

Markdown is parsed by markdown-it (CommonMark with GFM strikethrough); the terminal view is
recorded by rich; the HTML page is printed and photographed by headless Chromium with every
host name unresolvable and a network log; PDFs are read with poppler (pdftotext, pdffonts,
pdfinfo). A missing tool skips the test locally and fails it in CI (``CI`` set), where
``.ci/run`` installs them.
"""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.console import Console

from activitymonth.cli import cli
from activitymonth.cli.export_cmd import checklist as checklist_command
from activitymonth.export.checklist import (
    RENDERERS,
    Checklist,
    Completion,
    Grouping,
    RowStatus,
    build_checklist,
    checklist_view,
)
from activitymonth.export.checklist.html import checklist_html
from activitymonth.export.checklist.markdown import checklist_markdown
from activitymonth.export.checklist.pdf import cjk_font_families, render_pdf
from activitymonth.load import LoadedPlan, load_plan
from activitymonth.schedule import resolve

from browser_support import chromium as _chromium
from browser_support import missing as _missing
from browser_support import pdf_text as _pdf_text
from browser_support import squash as _squash
from browser_support import tool as _tool
from conftest import PLANS, write

EXAMPLES = sorted(PLANS.glob("*.yaml"))
SCHOOL = PLANS / "school-may-month.yaml"  # three programs, 29 rows: several printed pages
MAY_20 = date(2026, 5, 20)

# Three of 六个一's six items are covered (one done, one overdue on 5月20日, one
# cancelled), three are gaps; values carry Markdown and HTML syntax that must stay text.
GAP_PLAN = """\
id: gap-test
title: 某小学2026年民族团结教育月实施方案
unit: 某县第一小学 & 幼儿园
region: 新疆
window: 2026-05
people:
  - {id: wang, name: 王某, title: 校长}
  - {id: li, name: 李某, title: 德育主任}
programs: [六个一@学校]
activities:
  - id: paint
    title: "民族团结书画作品展 *特展* [一] <i>"
    fulfills: [六个一@学校/书画展]
    date: 2026-05-11
    lead: li
    location: 教学楼一楼大厅
    evidence: [照片, 作品清单]
    expected_participants: 300
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
    status: cancelled
  - id: talk
    title: 国旗下讲话
    date: 2026-05-25
    lead: wang
deliverables:
  - {id: summary, title: 活动总结, owner: li, due: 2026-05-29}
"""

SCRIPT = "<script>alert(1)</script>"
HOSTILE_PLAN = f"""\
id: hostile
title: "{SCRIPT}"
unit: '某局 & "<img src=x onerror=alert(2)>"'
window: 2026-09
people:
  - {{id: x, name: "[bold red]王某[/bold red] <b>", title: "</td></tr></table>"}}
activities:
  - id: a
    title: "<a href='https://example.com/'>点我</a> **粗体** `代码`"
    date: 2026-09-10
    lead: x
    location: "<style>body{{display:none}}</style>"
    evidence: ["<iframe src=//example.com>"]
"""


# ---------------------------------------------------------------------------- helpers
def _require_pdf_stack() -> None:
    _tool("fc-list")
    if not cjk_font_families():
        _missing("no Chinese font (Debian package fonts-noto-cjk)")
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        _missing(f"WeasyPrint is not usable: {error}")


def _loaded(tmp_path: Path, text: str, name: str = "plan.yaml") -> LoadedPlan:
    return load_plan(write(tmp_path, name, text))


def _build(
    loaded: LoadedPlan,
    grouping: Grouping = Grouping.PROGRAM,
    today: date | None = MAY_20,
    completions: dict[str, Completion] | None = None,
) -> Checklist:
    lookup = (completions or {}).get
    return build_checklist(
        resolve(loaded), loaded.catalog, grouping, today=today, completions=lookup
    )


def _page_count(pdf: Path) -> int:
    info = subprocess.run(
        [_tool("pdfinfo"), str(pdf)], capture_output=True, check=True, text=True
    ).stdout
    found = re.search(r"^Pages:\s+(\d+)$", info, re.M)
    assert found, info
    return int(found.group(1))


def _expected_texts(checklist: Checklist) -> list[str]:
    """What a reader must find on paper: title, sections, every row's item (or the gap's
    requirement), every responsible name, the sign-off fields."""
    texts = [checklist.title, *(group.title for group in checklist.groups), *checklist.signoff]
    for row in checklist.rows:
        texts.append(row.requirement if row.status == RowStatus.GAP else row.title)
        texts.extend(row.responsible)
    return [_squash(text) for text in texts]


def _task_items(markdown: str) -> list[list[Token]]:
    """The inline children of every top-level list item."""
    tokens = MarkdownIt("commonmark").enable("strikethrough").parse(markdown)
    items = []
    for index, token in enumerate(tokens):
        if token.type == "list_item_open" and token.level == 1:
            inline = next(t for t in tokens[index:] if t.type == "inline")
            items.append(inline.children or [])
    return items


def _plain(children: list[Token]) -> str:
    return "".join(c.content for c in children if c.type in ("text", "text_special"))


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <title>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


# ---------------------------------------------------------------------------- Markdown
@pytest.mark.parametrize("grouping", list(Grouping), ids=lambda g: g.value)
@pytest.mark.parametrize("plan", EXAMPLES, ids=lambda p: p.stem)
def test_markdown_has_a_task_per_row_and_a_section_per_group(
    plan: Path, grouping: Grouping
) -> None:
    checklist = _build(load_plan(plan), grouping)
    markdown = checklist_markdown(checklist)
    items = _task_items(markdown)
    assert len(items) == len(checklist.rows) > 0
    for children, row in zip(items, checklist.rows, strict=True):
        text = _plain(children)
        assert text.startswith("[x] " if row.status == RowStatus.DONE else "[ ] ")
        assert row.title in text
        if row.requirement != row.title:
            assert row.requirement in text
    sections = re.findall(r"^## (.+)$", markdown, re.M)
    assert sections == [group.title for group in checklist.groups]
    assert markdown.rstrip().endswith("填报人＿＿＿＿＿＿　审核人＿＿＿＿＿＿　日期＿＿＿＿＿＿")


def test_markdown_shows_gaps_as_bold_warnings_and_done_rows_ticked(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, GAP_PLAN)
    checklist = _build(loaded, completions={"quiz": Completion(date(2026, 5, 14), 260)})
    items = dict(
        zip(
            (r.requirement for r in checklist.rows),
            _task_items(checklist_markdown(checklist)),
            strict=True,
        )
    )
    gaps = [row.requirement for row in checklist.gaps]
    assert gaps == [
        "六个一@学校/演讲比赛",
        "六个一@学校/民族团结好少年评选",
        "六个一@学校/文体活动",
    ]
    for requirement in gaps:
        children = items[requirement]
        strong = children.index(next(c for c in children if c.type == "strong_open"))
        assert children[strong + 1].content == f"⚠ 缺口：{requirement}"
        assert _plain(children).startswith("[ ] ")
    assert _plain(items["六个一@学校/知识竞赛"]).endswith("✓ 5月14日完成，参与260人")
    assert _plain(items["六个一@学校/书画展"]).startswith("[x] ")
    cancelled = items["六个一@学校/观看民族团结教育影片"]
    assert [c.type for c in cancelled][1] == "s_open"


def test_markdown_marks_overdue_rows_against_today(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, GAP_PLAN)
    assert "**⚠ 逾期**" in checklist_markdown(_build(loaded, today=MAY_20))
    assert "⚠ 逾期" not in checklist_markdown(_build(loaded, today=date(2026, 5, 1)))


def test_markdown_keeps_hostile_values_as_text(tmp_path: Path) -> None:
    checklist = _build(_loaded(tmp_path, HOSTILE_PLAN), Grouping.PERSON)
    markdown = checklist_markdown(checklist)
    tokens = MarkdownIt("commonmark").parse(markdown)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_inline", "html_block", "link_open", "image", "code_inline"}
    heading = next(t for t in tokens if t.type == "inline")
    assert _plain(heading.children or []) == checklist.title == f"{SCRIPT}完成情况清单"
    row = _plain(_task_items(markdown)[0])
    assert "<a href='https://example.com/'>点我</a> **粗体** `代码`" in row


def test_markdown_speaks_english_on_request(tmp_path: Path) -> None:
    markdown = checklist_markdown(_build(_loaded(tmp_path, GAP_PLAN)), "en")
    assert "**⚠ GAP: 六个一@学校/演讲比赛**" in markdown
    assert "Prepared by＿＿＿＿＿＿" in markdown
    assert "缺口" not in markdown


# ---------------------------------------------------------------------------- terminal
def _screen(checklist: Checklist, lang: str = "zh") -> str:
    console = Console(file=io.StringIO(), width=250, record=True, color_system=None)
    console.print(checklist_view(checklist, lang))  # type: ignore[arg-type]
    return console.export_text()


def test_terminal_table_lists_every_row_with_its_box(tmp_path: Path) -> None:
    checklist = _build(_loaded(tmp_path, GAP_PLAN))
    screen = _screen(checklist)
    assert checklist.title in screen
    for row in checklist.rows:
        assert (row.requirement if row.status == RowStatus.GAP else row.title) in screen
    assert screen.count("缺口") == 3 + 1  # three gap rows and the totals line
    assert "☑ 已完成" in screen and "□ 逾期" in screen
    assert "填报人＿＿＿＿＿＿" in screen


def test_terminal_prints_markup_in_values_as_written(tmp_path: Path) -> None:
    screen = _screen(_build(_loaded(tmp_path, HOSTILE_PLAN), Grouping.PERSON))
    assert "[bold red]王某[/bold red] <b>" in screen


# ---------------------------------------------------------------------------- HTML
def test_html_is_one_self_contained_page(tmp_path: Path) -> None:
    page = checklist_html(_build(_loaded(tmp_path, GAP_PLAN)))
    parser = _Tags()
    parser.feed(page)
    tags = [tag for tag, _ in parser.tags]
    assert not {"script", "link", "img", "iframe", "object", "embed", "a"} & set(tags)
    assert all("src" not in attrs and "href" not in attrs for _, attrs in parser.tags)
    assert not re.search(r"url\(|@import|(?:https?:)?//[\w.-]", page)
    # boxes are CSS borders, one per row, never glyphs
    boxes = [
        a for tag, a in parser.tags if tag == "span" and (a.get("class") or "").startswith("box")
    ]
    assert len(boxes) == 8
    assert not set("☐☑□✓") & set(page)
    # the print stylesheet
    for rule in (
        "size: A4",
        'counter(page) " 页 / 共 " counter(pages)',
        "thead { display: table-header-group; }",
        "tr { break-inside: avoid; }",
        '"Noto Serif CJK SC", "Source Han Serif SC", SimSun, serif',
    ):
        assert rule in page


def test_tables_leave_out_the_requirement_column_when_no_row_has_one() -> None:
    with_programs = _build(load_plan(SCHOOL))
    assert "<th>要求</th>" in checklist_html(with_programs)
    assert "┃ 要求 " in _screen(with_programs)
    for grouping in (Grouping.PERSON, Grouping.WEEK):
        plain = _build(load_plan(SCHOOL), grouping)
        page = checklist_html(plain)
        assert "<th>要求</th>" not in page
        assert page.count("<th>落实项目</th>") == len(plain.groups)
        assert "┃ 要求 " not in _screen(plain)


def test_html_escapes_every_value(tmp_path: Path) -> None:
    checklist = _build(_loaded(tmp_path, HOSTILE_PLAN), Grouping.PERSON)
    page = checklist_html(checklist)
    parser = _Tags()
    parser.feed(page)
    assert [tag for tag, _ in parser.tags].count("style") == 1
    assert not {"script", "img", "a", "iframe", "b"} & {tag for tag, _ in parser.tags}
    assert parser.title == checklist.title
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "onerror" not in {name for _, attrs in parser.tags for name in attrs}


def test_chromium_prints_the_page_without_any_network(tmp_path: Path) -> None:
    checklist = _build(load_plan(SCHOOL))
    page = tmp_path / "school.html"
    page.write_bytes(RENDERERS["html"](checklist, "zh"))
    pdf = tmp_path / "chromium.pdf"
    requests = _chromium(tmp_path, page, f"--print-to-pdf={pdf}")
    assert requests == []
    text = _pdf_text(pdf)
    for expected in _expected_texts(checklist):
        assert expected in text
    pages = _page_count(pdf)
    assert pages >= 2
    for number in range(1, pages + 1):
        assert f"第{number}页/共{pages}页" in _pdf_text(pdf, number)
        assert _squash("序号 要求 落实项目 时间 责任人 完成要求 完成情况") in _pdf_text(pdf, number)


def test_chromium_shows_a_hostile_title_as_text(tmp_path: Path) -> None:
    checklist = _build(_loaded(tmp_path, HOSTILE_PLAN), Grouping.PERSON)
    page = tmp_path / "hostile.html"
    page.write_bytes(RENDERERS["html"](checklist, "zh"))
    pdf = tmp_path / "hostile.pdf"
    assert _chromium(tmp_path, page, f"--print-to-pdf={pdf}") == []
    text = _pdf_text(pdf)
    for expected in (SCRIPT, "<imgsrc=xonerror=alert(2)>", "<style>body{display:none}</style>"):
        assert expected in text


def test_chromium_screenshot_shows_the_styled_gaps(tmp_path: Path) -> None:
    try:
        from PIL import Image as image
    except ImportError:
        _missing("Pillow is not installed (it comes with WeasyPrint)")
    page = tmp_path / "gaps.html"
    page.write_bytes(RENDERERS["html"](_build(_loaded(tmp_path, GAP_PLAN)), "zh"))
    shot = tmp_path / "gaps.png"
    assert _chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1000,1400") == []
    with image.open(shot) as picture:
        assert picture.size == (1000, 1400)
        data = picture.convert("RGB").tobytes()
    pixels = list(zip(data[0::3], data[1::3], data[2::3], strict=True))
    flag_red = sum(1 for r, g, b in pixels if r > 150 and g < 70 and b < 70)
    assert flag_red > 300  # the inline stylesheet applied: 缺口 flags in white on red
    assert sum(1 for p in pixels if p != (255, 255, 255)) > 20_000


def test_network_log_check_sees_a_page_that_fetches(tmp_path: Path) -> None:
    page = tmp_path / "fetches.html"
    page.write_text(
        '<!DOCTYPE html><p>x</p><img src="http://probe.invalid/a.png">', encoding="utf-8"
    )
    requests = _chromium(tmp_path, page, f"--print-to-pdf={tmp_path / 'fetches.pdf'}")
    assert requests == ["http://probe.invalid/a.png"]


# ---------------------------------------------------------------------------- PDF
def test_pdf_text_fonts_and_page_numbers(tmp_path: Path) -> None:
    _require_pdf_stack()
    checklist = _build(load_plan(SCHOOL))
    pdf = tmp_path / "school.pdf"
    pdf.write_bytes(render_pdf(checklist))
    text = _pdf_text(pdf)
    for expected in _expected_texts(checklist):
        assert expected in text
    pages = _page_count(pdf)
    assert pages >= 2
    for number in range(1, pages + 1):
        page_text = _pdf_text(pdf, number)
        assert f"第{number}页/共{pages}页" in page_text
        assert "落实项目" in page_text  # the table header repeats on every page
    fonts = subprocess.run(
        [_tool("pdffonts"), str(pdf)], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    assert fonts
    rows = [(line.split()[0], line.split()[-5], line.split()[-4]) for line in fonts]
    assert all(embedded == "yes" and subset == "yes" for _, embedded, subset in rows), fonts
    assert any(re.search(r"CJK|Han|Song|Hei|Ming|Kai", name) for name, _, _ in rows), fonts


def test_pdf_never_breaks_a_line_inside_a_date_or_a_title(tmp_path: Path) -> None:
    """A cell's lines end after 、 or — and before the count (5次), never inside 5月13日;
    a title in brackets such as （语文教研组长） prints on one line, beside the name or
    below it."""
    _require_pdf_stack()
    checklist = _build(load_plan(SCHOOL))
    pdf = tmp_path / "school.pdf"
    pdf.write_bytes(render_pdf(checklist))
    raw = subprocess.run(
        [_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    words = set(raw.split())
    dates = {piece for row in checklist.rows for piece in re.split(r"(?<=[、—])|(?=（)", row.when)}
    titles = {f"（{name.partition('（')[2]}" for row in checklist.rows for name in row.responsible}
    assert {"5月11日—", "5月15日", "（5次）", "5月22日"} <= dates
    assert "（语文教研组长）" in titles
    assert dates - {""} <= words, sorted(dates - words)
    broken = [title for title in titles - {"（"} if not any(title in word for word in words)]
    assert not broken


def test_pdf_in_english_numbers_pages_in_english(tmp_path: Path) -> None:
    _require_pdf_stack()
    pdf = tmp_path / "gaps.pdf"
    pdf.write_bytes(render_pdf(_build(_loaded(tmp_path, GAP_PLAN)), "en"))
    text = _pdf_text(pdf)
    assert "Page1of1" in text and "GAP" in text and "Preparedby" in text


# ---------------------------------------------------------------------------- CLI
def _invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["export", "checklist", *args], env=env)


def test_cli_offers_every_renderer() -> None:
    formats = next(p for p in checklist_command.params if p.name == "fmt")
    assert list(formats.type.choices) == ["terminal", *RENDERERS]  # type: ignore[attr-defined]


def test_cli_writes_files_named_after_the_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = write(tmp_path, "plan.yaml", GAP_PLAN)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for args, name in (
        (["--format", "md"], "gap-test-checklist.md"),
        (["--format", "html", "--by", "person"], "gap-test-checklist-person.html"),
    ):
        result = _invoke(str(plan), *args, "--today", "2026-05-20")
        assert result.exit_code == 0, result.output
        assert result.output.strip() == name
    assert sorted(p.name for p in work.iterdir()) == [
        "gap-test-checklist-person.html",
        "gap-test-checklist.md",
    ]
    assert "⚠ 逾期" in (work / "gap-test-checklist.md").read_text(encoding="utf-8")

    target = tmp_path / "new" / "folder" / "清单.md"
    result = _invoke(str(plan), "--format", "md", "-o", str(target), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "⚠ GAP" in target.read_text(encoding="utf-8")


def test_cli_prints_the_terminal_view(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", GAP_PLAN)
    result = _invoke(str(plan), "--today", "2026-05-20", "--lang", "en", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "某县第一小学 & 幼儿园第44个民族团结教育月完成情况清单" in result.output
    assert result.output.count("GAP") == 3
    assert "Prepared by" in result.output


def test_cli_terminal_with_output_file_is_refused(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", GAP_PLAN)
    result = _invoke(str(plan), "-o", str(tmp_path / "x.txt"))
    assert result.exit_code == 2
    assert "--format md" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("missing", ["fonts", "fontconfig"])
def test_cli_pdf_without_chinese_font_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    plan = write(tmp_path, "plan.yaml", GAP_PLAN)
    if missing == "fonts":
        empty = write(tmp_path, "fonts.conf", '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n')
        monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    else:
        monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    target = tmp_path / "out.pdf"
    result = _invoke(str(plan), "--format", "pdf", "-o", str(target))
    assert result.exit_code == 2
    assert "sudo apt-get install" in result.output and "fonts-noto-cjk" in result.output
    assert ("fontconfig" in result.output) == (missing == "fontconfig")
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert not target.exists()


def test_cli_rejects_an_unreadable_today(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", GAP_PLAN)
    result = _invoke(str(plan), "--today", "5月20日")
    assert result.exit_code == 2
    assert "--today" in result.output
