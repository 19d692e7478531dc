"""The document engine: Word files in the layout the zone's offices use (GB/T 9704-2012 as
briefings copy it), written with python-docx. The one way any app makes a .docx: the monthly
briefing (``zoneops.briefing``) and, later, safety's enforcement documents.

An app builds a :class:`Document` from blocks (masthead, title, headings, paragraphs, tables,
charts, signature lines) and saves it. What the engine takes care of, once:

- **Chinese fonts on the East-Asian slot.** python-docx sets ``w:ascii``/``w:hAnsi`` only; Word
  then draws Chinese in whatever the template's East-Asian font is (a Japanese Mincho in
  python-docx's own). Every style and every run gets ``w:eastAsia`` set to the zone's font
  (:data:`settings.DOCUMENT_FONTS`): 仿宋_GB2312 for text, 方正小标宋简体 for the title, 黑体 and
  楷体_GB2312 for the two heading levels. The file names fonts only; the reader's PC draws them.
- **The page**: A4, margins 37/35/28/26 mm, 3号 (16 pt) body at a fixed 28.9 pt line (22 lines
  of 28 characters), page numbers "— 3 —" in 4号 at the foot.
- **Charts** as PNG from the page's own ECharts option (:mod:`zoneops.core.chart_images`);
  where the server has no CJK font, a line says so in place of the chart.
- **The same input gives the same file**: the core properties' dates are the document's own
  date, not the clock.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from zoneops.core import chart_images

RED = RGBColor(0xC0, 0x00, 0x00)


@dataclass(frozen=True)
class Fonts:
    """The zone's fonts: each names the East-Asian face; ``latin`` draws digits and letters."""

    body: str = "仿宋_GB2312"
    title: str = "方正小标宋简体"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    latin: str = "Times New Roman"


def zone_fonts() -> Fonts:
    return Fonts(**getattr(settings, "DOCUMENT_FONTS", {}))


def set_fonts(element: Any, east_asian: str, latin: str) -> None:
    """Name the fonts of a run's or a style's properties, the East-Asian slot included."""
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


class Document:
    """A Word document in the zone's layout, built block by block."""

    BODY_PT = 16  # 3号
    TABLE_PT = 10.5  # 五号

    def __init__(
        self, *, title: str, author: str = "", date: dt.date, landscape: bool = False
    ) -> None:
        self.fonts = zone_fonts()
        self.doc = new_document()
        self._setup_page(landscape)
        self._setup_styles()
        self._page_numbers()
        properties = self.doc.core_properties
        properties.title = title
        properties.author = author or str(settings.ZONE_NAME)
        properties.last_modified_by = properties.author
        moment = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
        properties.created = properties.modified = moment
        properties.revision = 1

    # ---- the page and the styles --------------------------------------------------------

    def _setup_page(self, landscape: bool) -> None:
        section = self.doc.sections[0]
        width, height = Mm(210), Mm(297)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            width, height = height, width
        section.page_width, section.page_height = width, height
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(25)

    def _style(self, name: str, east_asian: str, size: float, *, bold: bool = False) -> Any:
        style = self.doc.styles[name]
        style.font.name = self.fonts.latin
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_fonts(style.element, east_asian, self.fonts.latin)
        return style

    def _setup_styles(self) -> None:
        normal = self._style("Normal", self.fonts.body, self.BODY_PT)
        spacing = normal.paragraph_format
        spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spacing.line_spacing = Pt(28.9)
        spacing.space_before = spacing.space_after = Pt(0)
        title = self._style("Title", self.fonts.title, 22)
        # python-docx's template rules a blue line under the title: not the zone's layout.
        borders = title.element.pPr.find(qn("w:pBdr")) if title.element.pPr is not None else None
        if borders is not None:
            title.element.pPr.remove(borders)
        for level, face in ((1, self.fonts.heading1), (2, self.fonts.heading2)):
            style = self._style(f"Heading {level}", face, self.BODY_PT)
            style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
            style.paragraph_format.first_line_indent = Pt(self.BODY_PT * 2)
            style.paragraph_format.keep_with_next = True
        self._style("Heading 3", self.fonts.body, self.BODY_PT, bold=True)
        self._style("Caption", self.fonts.body, 12)

    def _page_numbers(self) -> None:
        """ "— N —" centred at the foot of every page, 4号 (14 pt)."""
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(paragraph, "— ", size=14)
        run = self._run(paragraph, "", size=14)
        for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
            if kind:
                field = OxmlElement("w:fldChar")
                field.set(qn("w:fldCharType"), kind)
                run._r.append(field)
            else:
                instruction = OxmlElement("w:instrText")
                instruction.set(qn("xml:space"), "preserve")
                instruction.text = text
                run._r.append(instruction)
        self._run(paragraph, " —", size=14)

    def _run(
        self,
        paragraph: Any,
        text: str,
        *,
        font: str | None = None,
        size: float | None = None,
        bold: bool = False,
        colour: RGBColor | None = None,
    ) -> Any:
        run = paragraph.add_run(text)
        run.font.name = self.fonts.latin
        set_fonts(run._r, font or self.fonts.body, self.fonts.latin)
        if size:
            run.font.size = Pt(size)
        if bold:
            run.font.bold = True
        if colour is not None:
            run.font.color.rgb = colour
        return run

    # ---- blocks -------------------------------------------------------------------------

    def masthead(self, *, name: str, number: str, issuer: str, date: str) -> None:
        """A 简报's head: its name in red, the issue number, the issuer and the date over a red
        rule."""
        head = self.doc.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        head.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        head.paragraph_format.space_after = Pt(12)
        self._run(head, name, font=self.fonts.title, size=36, colour=RED)
        issue = self.doc.add_paragraph()
        issue.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(issue, number)
        line = self.doc.add_paragraph()
        line.paragraph_format.tab_stops.add_tab_stop(Mm(156), alignment=2)  # right
        self._run(line, f"{issuer}\t{date}")
        rule = line._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "4")):
            bottom.set(qn(key), value)
        bottom.set(qn("w:color"), "C00000")
        borders.append(bottom)
        rule.append(borders)
        self.doc.add_paragraph()

    def title(self, text: str) -> None:
        paragraph = self.doc.add_paragraph(style="Title")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.space_after = Pt(16)
        self._run(paragraph, text, font=self.fonts.title, size=22)

    def heading(self, text: str, level: int = 1) -> None:
        face = {1: self.fonts.heading1, 2: self.fonts.heading2}.get(level, self.fonts.body)
        paragraph = self.doc.add_paragraph(style=f"Heading {min(level, 3)}")
        self._run(paragraph, text, font=face, bold=level >= 3)

    def paragraph(self, text: str, *, lead: str = "", indent: bool = True) -> None:
        """A body paragraph, its first line indented two characters; ``lead`` is a bold opening
        (a paragraph's 一是, 二是 …)."""
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(self.BODY_PT * 2)
        if lead:
            self._run(paragraph, lead, bold=True)
        self._run(paragraph, text)

    def note(self, text: str) -> None:
        """A small line under a table or chart: its source, its caveat."""
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.space_after = Pt(6)
        self._run(paragraph, text, size=10.5)

    def caption(self, text: str) -> None:
        paragraph = self.doc.add_paragraph(style="Caption")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True  # with its table or chart
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.space_after = Pt(3)
        self._run(paragraph, text, font=self.fonts.heading1, size=12)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths_cm: Sequence[float] | None = None,
        numeric_from: int = 1,
    ) -> None:
        """A table in the ledgers' layout: a bold header row, then the rows; columns from
        ``numeric_from`` on are figures, right-aligned."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for index, text in enumerate(header):
            self._cell(table.rows[0].cells[index], text, bold=True, centre=True)
        for row in rows:
            cells = table.add_row().cells
            for index, text in enumerate(row):
                self._cell(cells[index], str(text), right=index >= numeric_from)
        if widths_cm:
            # Word reads the cells' widths, LibreOffice the grid's: set both.
            table.autofit = False
            for index, width in enumerate(widths_cm):
                table.columns[index].width = Cm(width)
            for row in table.rows:
                for index, width in enumerate(widths_cm):
                    row.cells[index].width = Cm(width)
        # The header row again at the top of each page the table runs onto.
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))

    def _cell(
        self, cell: Any, text: str, *, bold: bool = False, centre: bool = False, right: bool = False
    ) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.first_line_indent = Pt(0)
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self._run(
            paragraph,
            text,
            font=self.fonts.heading1 if bold else self.fonts.body,
            size=self.TABLE_PT,
        )

    def chart(
        self,
        option: dict[str, Any],
        *,
        caption: str,
        width_cm: float = 15.0,
        height_cm: float = 7.0,
    ) -> bool:
        """A chart drawn from a page's ECharts option, with its caption; False (and a line
        saying why) where the server cannot draw Chinese."""
        self.caption(caption)
        try:
            image = chart_images.png(option, width_cm=width_cm, height_cm=height_cm)
        except chart_images.NoCJKFont:
            self.note(_("（图表未生成：服务器未安装中文字体 fonts-noto-cjk）"))
            return False
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.add_run().add_picture(io.BytesIO(image), width=Cm(width_cm))
        return True

    def signatures(self, lines: Sequence[str]) -> None:
        """Signature and date lines, right-aligned (an enforcement document's foot), kept on
        the page of the text above them: a signature never stands alone on a last page."""
        if self.doc.paragraphs:
            self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        for n, text in enumerate(lines, start=1):
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.keep_with_next = n < len(lines)
            self._run(paragraph, text)

    def page_break(self) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.add_run().add_break(WD_BREAK.PAGE)

    # ---- out ----------------------------------------------------------------------------

    def save(self, out: IO[bytes]) -> None:
        self.doc.save(out)

    def content(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()
