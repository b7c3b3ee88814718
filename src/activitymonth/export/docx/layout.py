"""The page of a Chinese official document (GB/T 9704-2012) as a python-docx document.

Offices judge a document by its layout before they read it: A4, a 156 × 225 mm type area,
22 lines of 28 characters of 3号 仿宋, the title in 2号 小标宋, 一、 headings in 黑体 and
(一) headings in 楷体, page numbers "— 1 —" alternating right and left. Every document the
project writes for an office (the plan, the checklist, the summary report) is built on
``OfficialDocument`` so they all look the same and the rules live in one place.

python-docx starts from a US Letter template whose styles point at theme fonts and whose
East Asian language is Japanese. Word honours theme fonts over named ones, and LibreOffice
picks Japanese glyph shapes for a ja-JP text, so both are replaced: every style and run
names its font for ``w:eastAsia`` too, and the language is zh-CN.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from datetime import date
from math import ceil, floor

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT, WD_TABLE_DIRECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run


@dataclass(frozen=True)
class FontFace:
    """A font as offices name it, and the name Word and WPS fall back to (``w:altName``)."""

    name: str
    alt_name: str


FANGSONG = FontFace("仿宋_GB2312", "仿宋")
KAITI = FontFace("楷体_GB2312", "楷体")
HEITI = FontFace("黑体", "SimHei")
SONGTI = FontFace("宋体", "SimSun")
XIAOBIAOSONG = FontFace("方正小标宋简体", "小标宋")
FACES = (FANGSONG, KAITI, HEITI, SONGTI, XIAOBIAOSONG)

# GB/T 9704 sizes in points: 2号 title, 3号 body, 4号 page numbers, 小四 table text.
SIZE_TITLE = 22.0
SIZE_BODY = 16.0
SIZE_PAGE_NUMBER = 14.0
SIZE_TABLE = 12.0

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
TITLE_CHARS = 20  # 2号 characters on one line of the 156 mm type area
TEXT_WIDTH = Length(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)  # 156 mm
TEXT_HEIGHT = Length(PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)  # 225 mm
# 225 mm / 22 lines = 28.99 pt, rounded down to Word's 1/20 pt: 28.95 pt, so the 22nd
# line always fits.
LINE_PITCH = Pt(floor(TEXT_HEIGHT.pt / LINES_PER_PAGE * 20) / 20)
# 28 characters of 16 pt need 448 pt, the type area is 442 pt wide: GB/T 9704 counts on
# the characters being set a little tighter, here by 0.25 pt (in Word's 1/20 pt steps).
CONDENSE = ceil((SIZE_BODY - TEXT_WIDTH.pt / CHARS_PER_LINE) * 20) / 20
CHAR_PITCH_PT = SIZE_BODY - CONDENSE  # 15.75 pt
TITLE_LINE = Pt(36)
TABLE_LINE = Pt(20)
PAGE_NUMBER_GAP = Mm(7)  # the page number's dash sits 7 mm below the type area
PAGE_NUMBER_LINE = Pt(18)

HIGHLIGHT = WD_COLOR_INDEX.YELLOW
SHADE_HIGHLIGHT = "FFF2CC"  # a pale yellow for table rows that need attention
SHADE_HEADER = "F2F2F2"

_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# Children of w:pPr that follow w:snapToGrid in the schema (CT_PPr has no property for it).
_AFTER_SNAP_TO_GRID = (
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
# Children of w:rPr that follow w:spacing (character spacing) and w:lang.
_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
_AFTER_LANG = _AFTER_SPACING[-3:]
# Children of w:trPr that follow w:tblHeader.
_AFTER_TBL_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
# Children of w:tcPr that follow w:shd.
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph: text in the paragraph's font unless ``face`` says otherwise.

    ``highlight`` marks text the user must still write or check (placeholders, gaps)."""

    text: str
    face: FontFace | None = None
    highlight: bool = False
    bold: bool = False


Cell = str | Sequence[Span]


def placeholder(text: str) -> Span:
    """A blank the user fills in, shown as 【…】 on a yellow ground so it is neither printed
    by mistake nor taken for the plan's own words."""
    return Span(f"【{text}】", highlight=True)


def title_lines(text: str, lead: str | None = None) -> tuple[str, ...]:
    """A title broken into lines of at most 20 characters of 2号 type. GB/T 9704 wants
    breaks where the meaning allows: after ``lead`` (usually the unit's name) when the
    title starts with it, else into lines of equal length."""
    if display_width(text) <= TITLE_CHARS:
        return (text,)
    if lead and text.startswith(lead) and display_width(text[len(lead) :]) <= TITLE_CHARS:
        return (lead, text[len(lead) :])
    size = ceil(len(text) / ceil(display_width(text) / TITLE_CHARS))
    return tuple(text[i : i + size] for i in range(0, len(text), size))


def chinese_numeral(number: int) -> str:
    """一 … 九十九, the numerals of 一、 and （一） headings."""
    if not 1 <= number <= 99:
        raise ValueError(f"heading numbers run from 1 to 99, got {number}")
    digits = "〇一二三四五六七八九"
    tens, ones = divmod(number, 10)
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def display_width(text: str) -> float:
    """Width in body characters: a 汉字 or full-width sign is one, Latin letters and digits
    half of one (how offices count 空二字)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def office_date(day: date) -> str:
    """``2026年9月20日``: GB/T 9704-2012 writes dates with Arabic numerals."""
    return f"{day.year}年{day.month}月{day.day}日"


def _chars(count: float) -> Length:
    return Pt(count * CHAR_PITCH_PT)


class OfficialDocument:
    """A GB/T 9704 document under construction; ``to_bytes`` gives the .docx file.

    Headings are numbered here (一、 → （一） → 1.), each level restarting under its parent,
    so callers say what a section is called and never count."""

    def __init__(self, title: str, author: str | None = None) -> None:
        self.document: DocxDocument = Document()
        self._counters = [0, 0, 0]
        # python-docx looks a style up by scanning every style of the template, on each
        # paragraph it adds and each run whose face comes from the style: ~2 ms a time,
        # minutes for the 19,000 cells of a county plan's table. Each is looked up once.
        self._style_ids: dict[str, str | None] = {}
        self._faces: dict[str | None, FontFace] = {}
        # A run's or a table cell's properties built element by element take ~0.2 ms;
        # runs and cells that look alike get a copy of the first one's instead.
        self._run_properties: dict[tuple[FontFace, float | None, bool, bool], BaseOxmlElement] = {}
        self._cell_properties: dict[
            tuple[Length, bool, str | None], tuple[BaseOxmlElement, BaseOxmlElement]
        ] = {}
        self._set_properties(title, author)
        self._set_page()
        self._set_language_and_fonts()
        self._set_styles()
        self._set_page_numbers()

    # ------------------------------------------------------------------ content
    def title(self, lines: Sequence[str]) -> Paragraph:
        """The document title, centred, one line break per item of ``lines`` (GB/T 9704
        wants long titles broken where the meaning allows), followed by one empty line."""
        paragraph = self._add_paragraph("Title")
        for index, line in enumerate(lines):
            run = self._run(paragraph, Span(line, XIAOBIAOSONG), SIZE_TITLE)
            if index < len(lines) - 1:
                run.add_break()
        self.blank()
        return paragraph

    def heading(self, text: str) -> Paragraph:
        """``一、text`` in 黑体; numbers the (一) and 1. levels below it afresh."""
        self._counters = [self._counters[0] + 1, 0, 0]
        label = f"{chinese_numeral(self._counters[0])}、"
        paragraph = self._add_paragraph("Heading 1")
        self._run(paragraph, Span(label + text, HEITI))
        return paragraph

    def subheading(self, text: str, body: Sequence[Span] = ()) -> Paragraph:
        """``（一）text`` in 楷体. With ``body`` it is a run-in heading: the paragraph goes on
        in 仿宋 after it, as offices write short sections (（一）加强领导。各单位要……)."""
        self._counters[1:] = [self._counters[1] + 1, 0]
        label = f"（{chinese_numeral(self._counters[1])}）"
        style = "Normal" if body else "Heading 2"
        paragraph = self._add_paragraph(style)
        self._run(paragraph, Span(label + text, KAITI))
        for span in body:
            self._run(paragraph, span)
        return paragraph

    def item(self, spans: Sequence[Span]) -> Paragraph:
        """``1. …``: a numbered body paragraph, the third level of GB/T 9704 numbering."""
        self._counters[2] += 1
        return self.paragraph([Span(f"{self._counters[2]}."), *spans])

    def paragraph(
        self,
        spans: Sequence[Span] | str,
        *,
        indent: bool = True,
        align: WD_ALIGN_PARAGRAPH | None = None,
    ) -> Paragraph:
        """A body paragraph on the grid, indented two characters unless ``indent`` is off."""
        paragraph = self._add_paragraph("Normal")
        if not indent:
            _set_first_line_indent(paragraph._p.get_or_add_pPr(), 0)
        if align is not None:
            paragraph.alignment = align
        for span in [Span(spans)] if isinstance(spans, str) else spans:
            self._run(paragraph, span)
        return paragraph

    def blank(self) -> Paragraph:
        """One empty grid line (GB/T 9704's 空一行)."""
        return self._add_paragraph("Normal")

    def attachment_note(self, name: str) -> Paragraph:
        """``附件：name`` after the body, one empty line above it."""
        self.blank()
        return self.paragraph(f"附件：{name}")

    def signoff(self, unit: str | Span, day: date) -> None:
        """The issuer's name and the date, right-aligned after one empty line.

        GB/T 9704 7.3.5.2 (no seal): the name ends two characters from the right edge and
        the date starts two characters right of the name's start; a date longer than that
        leaves room by ending two characters from the edge and pushing the name left.
        """
        unit_span = unit if isinstance(unit, Span) else Span(unit)
        when = office_date(day)
        unit_width, date_width = display_width(unit_span.text), display_width(when)
        if date_width <= unit_width - 2:
            unit_right, date_right = 2.0, unit_width - date_width
        else:
            unit_right, date_right = 4.0 + date_width - unit_width, 2.0
        self.blank()
        for span, right in ((unit_span, unit_right), (Span(when), date_right)):
            paragraph = self.paragraph([span], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
            paragraph.paragraph_format.right_indent = _chars(right)
            _no_auto_space(paragraph._p.get_or_add_pPr())

    def attachment(self, title: Sequence[str], label: str = "附件") -> None:
        """Start an attachment on a new page: ``附件`` in 黑体 at the top left, then its
        title centred like the document's."""
        paragraph = self.paragraph([Span(label, HEITI)], indent=False)
        paragraph.paragraph_format.page_break_before = True
        paragraph.paragraph_format.keep_with_next = True
        self.blank()
        self.title(title)

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[Cell]],
        widths_mm: Sequence[float],
        *,
        highlight_rows: Iterable[int] = (),
        centred_columns: Iterable[int] = (0,),
    ) -> Table:
        """A ruled table across the type area in 小四 仿宋 with a 黑体 header row that repeats
        on every page. ``widths_mm`` must add up to the 156 mm type width;
        ``highlight_rows`` (0-based, header excluded) get a pale yellow ground."""
        if abs(sum(widths_mm) - TEXT_WIDTH.mm) > 0.5:
            raise ValueError(f"column widths add up to {sum(widths_mm)} mm, not {TEXT_WIDTH.mm}")
        rows = list(rows)
        shaded, centred = set(highlight_rows), set(centred_columns)
        table = self.document.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.table_direction = WD_TABLE_DIRECTION.LTR
        table.autofit = False
        _narrow_cell_margins(table._tbl.tblPr)
        for index, width in enumerate(widths_mm):
            table.columns[index].width = Mm(width)
        header = table.rows[0]
        _repeat_as_header(header._tr)
        for column, (text, cell) in enumerate(zip(headers, header.cells, strict=True)):
            self._fill(cell, [Span(text, HEITI)], Mm(widths_mm[column]), True, SHADE_HEADER)
        # ``table.rows[i]`` builds the list of every row each time: walk them once.
        for index, (row, values) in enumerate(zip(table.rows[1:], rows, strict=True)):
            _keep_row_whole(row._tr)
            shade = SHADE_HIGHLIGHT if index in shaded else None
            cells = row.cells
            for column, value in enumerate(values):
                spans = [Span(value)] if isinstance(value, str) else value
                self._fill(cells[column], spans, Mm(widths_mm[column]), column in centred, shade)
        return table

    def write_span(self, paragraph: Paragraph, span: Span, size: float | None = None) -> Run:
        """A run with its font named for every script, so Word, WPS and LibreOffice agree."""
        return self._run(paragraph, span, size)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    # ------------------------------------------------------------------ internals
    def _fill(
        self, cell: _Cell, spans: Sequence[Span], width: Length, centred: bool, shade: str | None
    ) -> None:
        """Fill a cell just made by ``add_table``. Its properties (w:tcPr) and its
        paragraph's (w:pPr) are built once per look and copied to the cells that share it."""
        paragraph = cell.paragraphs[0]
        look = (width, centred, shade)
        properties = self._cell_properties.get(look)
        if properties is not None:
            cell_properties, paragraph_properties = properties
            cell._tc.replace(cell._tc.tcPr, deepcopy(cell_properties))
            paragraph._p.insert(0, deepcopy(paragraph_properties))  # it has no w:pPr yet
        else:
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph._p.style = self._style_id("Table Text")
            if centred:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if shade is not None:
                _shade(cell, shade)
            self._cell_properties[look] = (deepcopy(cell._tc.tcPr), deepcopy(paragraph._p.pPr))
        for span in spans:
            self._run(paragraph, span, SIZE_TABLE)

    def _run(self, paragraph: Paragraph, span: Span, size: float | None = None) -> Run:
        run = paragraph.add_run(span.text)
        face = span.face or self._face(paragraph)
        look = (face, size, span.bold, span.highlight)
        properties = self._run_properties.get(look)
        if properties is not None:
            run._r.insert(0, deepcopy(properties))  # a new run has no w:rPr yet
            return run
        _name_font(run._r.get_or_add_rPr(), face)
        if size is not None:
            run.font.size = Pt(size)
        if span.bold:
            run.font.bold = True
        if span.highlight:
            run.font.highlight_color = HIGHLIGHT
        self._run_properties[look] = deepcopy(run._r.rPr)
        return run

    def _add_paragraph(self, style: str) -> Paragraph:
        """``document.add_paragraph(style=style)`` with the style's id looked up once."""
        paragraph = self.document.add_paragraph()
        paragraph._p.style = self._style_id(style)
        return paragraph

    def _style_id(self, name: str) -> str | None:
        """The id of paragraph style ``name``; None for the default style (Normal), which
        paragraphs get by naming no style at all."""
        if name not in self._style_ids:
            styles = self.document.styles
            self._style_ids[name] = styles.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        return self._style_ids[name]

    def _face(self, paragraph: Paragraph) -> FontFace:
        """The face of the paragraph's style, looked up once per style."""
        style_id = paragraph._p.style
        if style_id not in self._faces:
            self._faces[style_id] = _style_face(paragraph)
        return self._faces[style_id]

    def _set_properties(self, title: str, author: str | None) -> None:
        """Core properties name the document, not the library that wrote it."""
        properties = self.document.core_properties
        properties.title = title
        properties.author = author or ""
        properties.last_modified_by = author or ""
        properties.comments = ""
        properties.language = "zh-CN"

    def _set_page(self) -> None:
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.gutter = Mm(0)
        section.header_distance = Mm(15)
        section.footer_distance = Length(MARGIN_BOTTOM - PAGE_NUMBER_GAP - PAGE_NUMBER_LINE)
        # The line grid: 22 lines per page in Word, WPS and LibreOffice alike. A character
        # grid (type linesAndChars with a negative charSpace) is how Word templates get 28
        # characters per line, but LibreOffice gives every 3号 character two grid cells
        # there (14 a line); the styles condense the body type instead (CONDENSE).
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.attrib.pop(qn("w:charSpace"), None)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))

    def _set_language_and_fonts(self) -> None:
        styles = self.document.styles.element
        for fonts in styles.iter(qn("w:rFonts")):
            for attribute in _THEME_FONT_ATTRIBUTES:
                fonts.attrib.pop(qn(attribute), None)
            if not fonts.attrib:
                fonts.getparent().remove(fonts)
            elif fonts.get(qn("w:eastAsia")) is None:  # e.g. Courier for macro text
                fonts.set(qn("w:eastAsia"), FANGSONG.name)
        defaults = styles.find(qn("w:docDefaults"))
        run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        _name_font(run_defaults, FANGSONG)
        _set_size(run_defaults, SIZE_BODY)
        lang = run_defaults.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            run_defaults.insert_element_before(lang, *_AFTER_LANG)
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        lang.set(qn("w:bidi"), "ar-SA")
        paragraph_defaults = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
        paragraph_defaults.remove_all("w:spacing")
        settings = self.document.settings
        settings.odd_and_even_pages_header_footer = True
        theme_lang = settings.element.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:eastAsia"), "zh-CN")
        self._drop_part(_STYLES_WITH_EFFECTS)
        self._write_font_table()

    def _drop_part(self, reltype: str) -> None:
        """Drop a part of the template that repeats the old theme-font styles (Word 2010's
        stylesWithEffects), so no reader can fall back to it."""
        for rel_id, rel in list(self.document.part.rels.items()):
            if rel.reltype == reltype:
                self.document.part.drop_rel(rel_id)

    def _write_font_table(self) -> None:
        """The font table lists each official font with the name a machine without it
        should use instead (w:altName), and declares it a GB2312 (charset 86) font."""
        fonts = "".join(
            f'<w:font w:name="{face.name}"><w:altName w:val="{face.alt_name}"/>'
            '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
            "</w:font>"
            for face in FACES
        )
        xml = (
            "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<w:fonts xmlns:w="{_W}">{fonts}</w:fonts>'
        )
        part = self.document.part.part_related_by(RT.FONT_TABLE)
        part._blob = xml.encode("utf-8")  # a plain Part: its bytes are what gets saved

    def _set_styles(self) -> None:
        styles = self.document.styles
        _define(styles["Normal"], FANGSONG, SIZE_BODY, first_line_chars=2, condense=CONDENSE)
        styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        # The title's 2号 type is taller than a grid line; on the grid it would take two.
        _define(styles["Title"], XIAOBIAOSONG, SIZE_TITLE, line=TITLE_LINE, grid=False)
        styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for name, face, level in (("Heading 1", HEITI, 0), ("Heading 2", KAITI, 1)):
            _define(
                styles[name], face, SIZE_BODY, first_line_chars=2, outline=level, condense=CONDENSE
            )
        _define(styles["Footer"], SONGTI, SIZE_PAGE_NUMBER, line=PAGE_NUMBER_LINE, grid=False)
        table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = styles["Normal"]
        table_text.quick_style = True
        _define(table_text, FANGSONG, SIZE_TABLE, line=TABLE_LINE, grid=False)
        table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    def _set_page_numbers(self) -> None:
        """``— 1 —`` in 4号 宋体: odd pages right, even pages left, one character in."""
        section = self.document.sections[0]
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.style = self.document.styles["Footer"]
            paragraph.alignment = align
            one_character = Pt(SIZE_PAGE_NUMBER)
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                paragraph.paragraph_format.right_indent = one_character
            else:
                paragraph.paragraph_format.left_indent = one_character
            self._run(paragraph, Span("— ", SONGTI), SIZE_PAGE_NUMBER)
            _page_field(self._run(paragraph, Span("", SONGTI), SIZE_PAGE_NUMBER))
            self._run(paragraph, Span(" —", SONGTI), SIZE_PAGE_NUMBER)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _style_face(paragraph: Paragraph) -> FontFace:
    """The face a paragraph's style sets, so runs can name it explicitly."""
    fonts = paragraph.style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    name = fonts.get(qn("w:eastAsia")) if fonts is not None else None
    return next((face for face in FACES if face.name == name), FANGSONG)


def _name_font(run_properties: BaseOxmlElement, face: FontFace) -> None:
    """Name the face for Latin, East Asian and complex scripts alike: python-docx sets only
    ascii/hAnsi, and a run without ``w:eastAsia`` shows 汉字 in whatever the reader likes."""
    fonts = run_properties.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), face.name)
    fonts.set(qn("w:hint"), "eastAsia")


def _set_size(run_properties: BaseOxmlElement, points: float) -> None:
    half_points = str(round(points * 2))
    run_properties.get_or_add_sz().set(qn("w:val"), half_points)
    size_cs = run_properties.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        run_properties.sz.addnext(size_cs)
    size_cs.set(qn("w:val"), half_points)


def _define(
    style: ParagraphStyle,
    face: FontFace,
    size: float,
    *,
    first_line_chars: float = 0,
    outline: int | None = None,
    line: Length = LINE_PITCH,
    grid: bool = True,
    condense: float = 0.0,
) -> None:
    """Rewrite a paragraph style from scratch: the template's spacing, borders, colours and
    bold of built-in styles (Title, Heading 1) have no place in an official document."""
    element = style.element
    element.remove_all("w:pPr", "w:rPr")
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.widow_control = True
    if outline is not None:
        fmt.keep_with_next = True
        element.get_or_add_pPr().get_or_add_outlineLvl().set(qn("w:val"), str(outline))
    if not grid:
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        element.pPr.insert_element_before(snap, *_AFTER_SNAP_TO_GRID)
    _set_first_line_indent(element.pPr, first_line_chars)
    run_properties = element.get_or_add_rPr()
    _name_font(run_properties, face)
    style.font.bold = False
    style.font.italic = False
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(-round(condense * 20)))
    run_properties.insert_element_before(spacing, *_AFTER_SPACING)
    _set_size(run_properties, size)


def _set_first_line_indent(paragraph_properties: BaseOxmlElement, chars: float) -> None:
    """Indent in characters (``firstLineChars``, what Word's grid uses) and in twips for
    readers that ignore it."""
    indent = paragraph_properties.get_or_add_ind()
    indent.set(qn("w:firstLine"), str(_chars(chars).twips))
    indent.set(qn("w:firstLineChars"), str(round(chars * 100)))


def _no_auto_space(paragraph_properties: BaseOxmlElement) -> None:
    """Word and LibreOffice put extra space between 汉字 and digits by default; the
    sign-off's alignment is counted in characters, so it must not get any."""
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "0")
        paragraph_properties.insert_element_before(
            element, "w:bidi", "w:adjustRightInd", "w:snapToGrid", *_AFTER_SNAP_TO_GRID
        )


def _page_field(run: Run) -> None:
    """A PAGE field (begin, instruction, separate, shown value, end) inside ``run``'s place."""
    parts = [("w:fldChar", "begin"), ("w:instrText", " PAGE "), ("w:fldChar", "separate")]
    element = run._r
    for tag, value in parts:
        child = OxmlElement(tag)
        if tag == "w:fldChar":
            child.set(qn("w:fldCharType"), value)
        else:
            child.set(qn("xml:space"), "preserve")
            child.text = value
        element.append(child)
    shown = OxmlElement("w:t")
    shown.text = "1"
    element.append(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    element.append(end)


def _repeat_as_header(row: BaseOxmlElement) -> None:
    row.get_or_add_trPr().insert_element_before(OxmlElement("w:tblHeader"), *_AFTER_TBL_HEADER)


def _keep_row_whole(row: BaseOxmlElement) -> None:
    """A row does not break across pages: an inspector reads an item on one sheet."""
    row.get_or_add_trPr().insert_element_before(
        OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader", *_AFTER_TBL_HEADER
    )


def _narrow_cell_margins(table_properties: BaseOxmlElement) -> None:
    """1 mm left and right in every cell (Word's default is 1.9 mm): narrow columns such as
    牵头单位 then hold their four characters on one line."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(Mm(1).twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table_properties.insert_element_before(margins, "w:tblLook", "w:tblCaption")


def _shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    properties.remove_all("w:shd")
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.insert_element_before(shading, *_AFTER_SHD)


__all__ = [
    "CHARS_PER_LINE",
    "FANGSONG",
    "HEITI",
    "KAITI",
    "LINES_PER_PAGE",
    "LINE_PITCH",
    "SONGTI",
    "XIAOBIAOSONG",
    "Cell",
    "FontFace",
    "OfficialDocument",
    "Span",
    "chinese_numeral",
    "display_width",
    "office_date",
    "placeholder",
    "title_lines",
]
