"""The printed report: a PDF in the official layout, drawn with reportlab from :mod:`app.io.layout`.

The layout (the same description the Word document is made from) gives the page, the fonts'
sizes, the blocks and the tables' cells, widths and narrow labels' lines; this module only
draws them. The page follows GB/T 9704: A4, margins 37/35/28/26 mm, 22 lines of 16 pt body
text in 仿宋 (or, without it, the bundled 宋体-style face), headings in a 黑体-style face, the
title in a 22 pt 小标宋/宋体-style face, page numbers 「— 1 —」 below the type area, odd pages
at the right and even pages at the left.

Tables keep every merged cell of the official template. A table crosses a page only where
the layout's split points allow: never inside a merged group (（三）不予公开 and its eight rows
stay together), between the groups of 三、本年度办理结果 (whose label is then repeated); 表二
and 表四 stay whole on one page when they fit, and 表三 never starts with a sliver of rows at
the bottom of a page. The header rows are repeated on the next page. Blank cells print as 0
and the fee exactly as stored. A draft (a report that did not pass the checks, exported
anyway) carries 「草稿（未通过检查）」 on every page.

Before layout every character is checked against the fonts (:mod:`app.io.pdf_fonts`); a
character no font can draw raises :class:`MissingGlyphsError` naming it and where it
occurs — the program never prints an empty box. reportlab is imported only when a PDF is
made, so importing this module costs nothing at start-up.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import APP_NAME
from app.core.document import Document
from app.io import layout as lay
from app.io.atomic import write_bytes_atomic
from app.io.errors import WriteError
from app.io.layout import clean, format_date, paragraphs, split_points
from app.io.pdf_fonts import BODY, HEADING, TABLE, TITLE, FontSet, load_fonts
from app.io.pdf_wrap import paragraph_class

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

MM = lay.MM
PAGE = lay.PAGE
PAGE_WIDTH, PAGE_HEIGHT = PAGE.width_mm * MM, PAGE.height_mm * MM  # A4
MARGIN_TOP, MARGIN_BOTTOM = PAGE.top_mm * MM, PAGE.bottom_mm * MM
MARGIN_LEFT, MARGIN_RIGHT = PAGE.left_mm * MM, PAGE.right_mm * MM
FRAME_WIDTH = PAGE.frame_width  # 156 mm
FRAME_HEIGHT = PAGE.frame_height  # 225 mm

BODY_SIZE = lay.FONTS[lay.BODY].size  # 三号
BODY_LEADING = PAGE.line_pitch  # 22 lines fill the type area
TITLE_SIZE = lay.FONTS[lay.TITLE].size  # 二号
TABLE_SIZE = lay.FONTS[lay.TABLE].size  # 五号
TABLE_LEADING = TABLE_SIZE * lay.TABLE_LEADING
NOTE_SIZE = lay.FONTS[lay.NOTE].size  # 四号
PAGE_NO_SIZE = lay.FONTS[lay.PAGE_NO].size
CELL_PAD = lay.CELL_PAD
CELL_PAD_TOP, CELL_PAD_BOTTOM = lay.CELL_PAD_TOP, lay.CELL_PAD_BOTTOM
LINE_WIDTH = 0.5
TABLE_GAP = 4.0  # between a table's heading and the table
# the layout's roles drawn with the PDF's fonts (notes in the body face)
FONT_ROLE = {
    lay.TITLE: TITLE,
    lay.HEADING: HEADING,
    lay.BODY: BODY,
    lay.NOTE: BODY,
    lay.TABLE: TABLE,
}

SIGNATURE_PLACE = "落款"
TITLE_PLACE = "机关名称（标题）"  # only the agency in the title comes from the user


class MissingGlyphsError(WriteError):
    """Characters that no available font can draw; ``missing`` lists (place, character)."""

    def __init__(self, missing: list[tuple[str, str]]) -> None:
        self.missing = missing
        super().__init__(missing_message(missing))


def _char_name(ch: str) -> str:
    code = f"U+{ord(ch):04X}"
    return f"“{ch}”（{code}）" if ch.isprintable() else code


def missing_message(missing: list[tuple[str, str]]) -> str:
    """One Chinese sentence naming each missing character and where it occurs."""
    by_char: dict[str, list[str]] = {}
    for place, ch in missing:
        by_char.setdefault(ch, [])
        if place not in by_char[ch]:
            by_char[ch].append(place)
    items = [f"{_char_name(ch)}，见「{'」「'.join(places)}」" for ch, places in by_char.items()]
    shown = "；".join(items[:10]) + ("；……" if len(items) > 10 else "")
    return (
        f"无法生成 PDF：有 {len(by_char)} 个字符在字体中没有字形，打印出来会是空白方框：{shown}。"
        "请把这些字符改为常用字（或删除表情符号等特殊符号），或在电脑上安装包含这些字的字体后重试。"
    )


def printed_texts(doc: Document) -> list[tuple[str, str, str]]:
    """Every text the PDF prints, as (place shown to the user, font role, text)."""
    form = doc.form
    out: list[tuple[str, str, str]] = [(TITLE_PLACE, TITLE, form.title(doc.agency, doc.year))]
    for section in form.sections:
        out.append((section.title, HEADING, section.title))
        if section.is_text:
            out.append((section.title, BODY, doc.texts.get(section.key, "")))
        else:
            table = form.table(section.key)
            out += [(section.title, TABLE, lab.text) for lab in table.labels]
            note_key = f"note.{table.id}"
            note = doc.texts.get(note_key, "")
            if note:
                out.append((form.text_notes.get(note_key, note_key), BODY, note))
    if doc.date.strip():
        out.append((SIGNATURE_PLACE, BODY, doc.agency + format_date(doc.date)))
    return out


def missing_glyphs(doc: Document, fonts: FontSet | None = None) -> list[tuple[str, str]]:
    """(place, character) for every character no available font can draw, in text order."""
    fonts = fonts or load_fonts()
    missing: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for place, role, text in printed_texts(doc):
        for ch in clean(text):
            if ch.isspace() or (place, ch) in seen:
                continue
            if fonts.font_for(ch, role) is None:
                seen.add((place, ch))
                missing.append((place, ch))
    return missing


# ---------------------------------------------------------------- layout


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str, role: str, fonts: FontSet) -> str:
    """Paragraph markup for ``text`` in ``role``'s font, with fallback fonts where needed."""
    own = fonts.name(role)
    runs: list[tuple[str, list[str]]] = []
    for ch in text:
        face = own if ch.isspace() else fonts.font_for(ch, role) or own
        if runs and runs[-1][0] == face:
            runs[-1][1].append(ch)
        else:
            runs.append((face, [ch]))
    parts = []
    for face, chars in runs:
        s = _escape("".join(chars))
        parts.append(s if face == own else f'<font face="{face}">{s}</font>')
    return "".join(parts)


@dataclass
class _Styles:
    title: Any
    heading: Any
    body: Any
    note: Any
    cell_center: Any
    cell_left: Any
    signature: Any


def _styles(fonts: FontSet) -> _Styles:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle(
        "body",
        fontName=fonts.name(BODY),
        fontSize=BODY_SIZE,
        leading=BODY_LEADING,
        firstLineIndent=2 * BODY_SIZE,
        alignment=TA_JUSTIFY,
        wordWrap="CJK",
        allowWidows=0,
        allowOrphans=0,
    )
    cell = ParagraphStyle(
        "cell",
        fontName=fonts.name(TABLE),
        fontSize=TABLE_SIZE,
        leading=TABLE_LEADING,
        alignment=TA_CENTER,
        wordWrap="CJK",
    )
    return _Styles(
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=fonts.name(TITLE),
            fontSize=TITLE_SIZE,
            leading=TITLE_SIZE * 1.5,
            firstLineIndent=0,
            alignment=TA_CENTER,
            spaceAfter=BODY_LEADING,
        ),
        heading=ParagraphStyle("heading", parent=body, fontName=fonts.name(HEADING)),
        body=body,
        note=ParagraphStyle(
            "note",
            parent=body,
            fontSize=NOTE_SIZE,
            leading=NOTE_SIZE * 1.5,
            firstLineIndent=2 * NOTE_SIZE,
            spaceBefore=4,
        ),
        cell_center=cell,
        cell_left=ParagraphStyle("cell_left", parent=cell, alignment=TA_LEFT),
        signature=ParagraphStyle("signature", parent=body, firstLineIndent=0, alignment=TA_CENTER),
    )


def _title(block: lay.Title, fonts: FontSet, st: _Styles) -> Flowable:
    """The title in the layout's lines (broken after the agency's name when it needs two)."""
    Paragraph = paragraph_class()

    lines = lay.title_lines(block, FRAME_WIDTH)
    return Paragraph("<br/>".join(markup(line, TITLE, fonts) for line in lines), st.title)


class _TableBuilder:
    """Builds the reportlab table for any run of grid rows of one laid-out table."""

    def __init__(self, table: lay.Table, fonts: FontSet, st: _Styles) -> None:
        self.table, self.fonts, self.st = table, fonts, st
        self.widths = list(table.widths)
        self.font = fonts.name(TABLE)
        self.points = table.split_points

    def build(self, rows: list[int]) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
        """Cell contents and style commands for the grid ``rows`` (in this order)."""
        from reportlab.lib import colors

        paragraph = paragraph_class()
        table, font = self.table, self.font
        at = {r: i for i, r in enumerate(rows)}
        data: list[list[Any]] = [["" for _ in range(table.n_cols)] for _ in rows]
        cmds: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), font, TABLE_SIZE),
            ("GRID", (0, 0), (-1, -1), LINE_WIDTH, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_TOP),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_BOTTOM),
        ]
        for cell in table.cells:
            mine = [at[r] for r in range(cell.row, cell.row + cell.rowspan) if r in at]
            if not mine:
                continue
            top, col = mine[0], cell.col
            if cell.number:
                data[top][col] = cell.text
                size = cell.size
                cmds.append(("FONT", (col, top), (col, top), font, size, size * 1.2))
            else:
                style = self.st.cell_center if cell.align == "center" else self.st.cell_left
                lines = cell.lines or (cell.text,)
                text = "<br/>".join(markup(line, TABLE, self.fonts) for line in lines)
                data[top][col] = paragraph(text, style)
            if cell.colspan > 1 or len(mine) > 1:
                cmds.append(("SPAN", (col, top), (col + cell.colspan - 1, top + len(mine) - 1)))
        return data, cmds


@functools.cache
def _official_table_class() -> Any:
    from reportlab.platypus import Table, TableStyle

    class OfficialTable(Table):  # type: ignore[misc]
        """A table that continues on the next page only at the official table's split
        points, repeating the header rows (and a split group label) there."""

        def __init__(self, builder: _TableBuilder, rows: list[int], first: bool = True) -> None:
            data, cmds = builder.build(rows)
            super().__init__(
                data, colWidths=builder.widths, style=TableStyle(cmds), hAlign="CENTER"
            )
            self.builder, self.rows, self.first = builder, rows, first

        def _cuts(self, availWidth: float) -> list[int]:
            """Positions in ``rows`` before which this table may continue on a new page."""
            layout = self.builder.table
            if layout.keep_together and self.full_height(availWidth) <= FRAME_HEIGHT:
                return []
            least = layout.min_first if self.first else 0
            return [
                i
                for i, r in enumerate(self.rows)
                if r in self.builder.points
                and i > layout.header_rows
                and self.rows[i - 1] != r
                and r >= least
            ]

        def full_height(self, availWidth: float) -> float:
            self.wrap(availWidth, 1e6)
            return float(sum(self._rowHeights))

        def first_part_height(self, availWidth: float) -> float:
            """Height of the smallest piece that may start this table on a page."""
            cuts = self._cuts(availWidth)
            self.wrap(availWidth, 1e6)
            return float(sum(self._rowHeights[: cuts[0] if cuts else len(self.rows)]))

        def split(self, availWidth: float, availHeight: float) -> list[Any]:
            head = list(range(self.builder.table.header_rows))
            cuts = self._cuts(availWidth)
            # Row heights of the whole table (reportlab stops measuring, leaving None, once
            # past availHeight) bound each part from below: cutting a merged label shorter
            # can only make rows taller. Skip the parts that cannot fit.
            self.wrap(availWidth, availHeight)
            heights = self._rowHeights
            for i in reversed(cuts):
                known = heights[:i]
                if None in known or sum(known) > availHeight + 0.01:
                    continue
                first = OfficialTable(self.builder, self.rows[:i], self.first)
                if first.wrap(availWidth, availHeight)[1] <= availHeight:
                    rest = OfficialTable(self.builder, head + self.rows[i:], first=False)
                    return [first, rest]
            return []

    return OfficialTable


def table_flowable(table: lay.Table, fonts: FontSet, st: _Styles) -> Flowable:
    """One official table with its merged cells, on the full text width."""
    builder = _TableBuilder(table, fonts, st)
    return _official_table_class()(builder, list(range(table.n_rows)))  # type: ignore[no-any-return]


def _signature(block: lay.Signature, fonts: FontSet, st: _Styles) -> Flowable:
    """Agency and 成文日期 at the right, the name centred over the date, 4 characters in."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Table, TableStyle

    Paragraph = paragraph_class()

    agency, date = block.agency, block.date
    indent = lay.SIGNATURE_INDENT * BODY_SIZE
    need = max(stringWidth(s, fonts.name(BODY), BODY_SIZE) for s in (agency, date, " "))
    width = min(need + 2, FRAME_WIDTH - indent)
    rows = [[Paragraph(markup(s, BODY, fonts), st.signature), ""] for s in (agency, date) if s]
    return Table(
        rows,
        colWidths=[width, indent],
        hAlign="RIGHT",
        spaceBefore=2 * BODY_LEADING,
        style=TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


def _paragraph(block: lay.Para, fonts: FontSet, st: _Styles) -> Flowable:
    Paragraph = paragraph_class()

    style = st.note if block.role == lay.NOTE else st.body
    return Paragraph(markup(block.text, FONT_ROLE[block.role], fonts), style)


def story(doc: Document | lay.Layout, fonts: FontSet) -> list[Flowable]:
    """The flowables of the whole report, in official order."""
    from reportlab.platypus import CondPageBreak, Spacer

    layout = doc if isinstance(doc, lay.Layout) else lay.describe(doc)
    st = _styles(fonts)
    out: list[Flowable] = []
    blocks = layout.blocks
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(block, lay.Title):
            out.append(_title(block, fonts, st))
        elif isinstance(block, lay.Heading):
            heading = _heading(block.text, fonts, st)
            if isinstance(following, lay.Table):
                # a table's heading is never left without the table's first piece
                flowable = table_flowable(following, fonts, st)
                flowable.spaceBefore = TABLE_GAP
                need = BODY_LEADING + TABLE_GAP + flowable.first_part_height(FRAME_WIDTH)
                out += [CondPageBreak(need), heading, flowable]
            else:
                # a heading never ends a page: it needs two lines of its text under it
                out += [CondPageBreak(3 * BODY_LEADING), heading]
        elif isinstance(block, lay.Table):
            if not isinstance(blocks[i - 1], lay.Heading):
                out.append(table_flowable(block, fonts, st))
        elif isinstance(block, lay.Para):
            out.append(_paragraph(block, fonts, st))
        else:
            out.append(_signature(block, fonts, st))
        if lay.half_line_after(block, following):
            out.append(Spacer(0, BODY_LEADING / 2))
    return out


def _heading(text: str, fonts: FontSet, st: _Styles) -> Flowable:
    Paragraph = paragraph_class()

    return Paragraph(markup(text, HEADING, fonts), st.heading)


def _page_decoration(fonts: FontSet, draft: bool) -> Any:
    """Page number 「— N —」 (odd pages right, even pages left, one character in, 7 mm below
    the type area as GB/T 9704 puts it) and, on a draft, the draft mark above the type area."""

    mark = None
    if draft:  # a paragraph, so that characters the heading face lacks use a fallback
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.styles import ParagraphStyle

        style = ParagraphStyle(
            "draft",
            fontName=fonts.name(HEADING),
            fontSize=BODY_SIZE,
            leading=BODY_SIZE * 1.2,
            alignment=TA_CENTER,
            textColor=colors.Color(0.75, 0, 0),
        )
        mark = paragraph_class()(markup(lay.DRAFT_MARK, HEADING, fonts), style)

    def draw(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.name(TABLE), PAGE_NO_SIZE)
        n = canvas.getPageNumber()
        y = MARGIN_BOTTOM - PAGE.page_number_gap_mm * MM - PAGE_NO_SIZE * 0.85
        text = PAGE.page_number.format(n)
        if n % 2:
            canvas.drawRightString(MARGIN_LEFT + FRAME_WIDTH - PAGE_NO_SIZE, y, text)
        else:
            canvas.drawString(MARGIN_LEFT + PAGE_NO_SIZE, y, text)
        if mark is not None:
            mark.wrapOn(canvas, FRAME_WIDTH, MARGIN_TOP)
            mark.drawOn(canvas, MARGIN_LEFT, PAGE_HEIGHT - MARGIN_TOP / 2 - BODY_SIZE / 2)
        canvas.restoreState()

    return draw


def render_pdf(doc: Document, draft: bool = False) -> bytes:
    """The report as PDF bytes (``draft``: marked 「草稿（未通过检查）」 on every page);
    raises :class:`MissingGlyphsError` or :class:`WriteError`."""
    fonts = load_fonts()
    missing = missing_glyphs(doc, fonts)
    if missing:
        raise MissingGlyphsError(missing)
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
    from reportlab.platypus.doctemplate import LayoutError

    layout = lay.describe(doc, draft)
    buf = io.BytesIO()
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        FRAME_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    template = BaseDocTemplate(
        buf,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageTemplates=[PageTemplate("page", [frame], onPage=_page_decoration(fonts, layout.draft))],
        title=unicodedata.normalize("NFC", layout.title),
        author=doc.agency,
        subject="政府信息公开工作年度报告",
        creator=APP_NAME,
        invariant=1,
        initialFontName=fonts.name(BODY),  # no unembedded Helvetica in the file
    )
    try:
        template.build(story(layout, fonts))
    except LayoutError as exc:
        raise WriteError(f"无法排版 PDF：{exc}") from exc
    return buf.getvalue()


def write_pdf(doc: Document, path: str | Path, draft: bool = False) -> None:
    """Write the report as a PDF file (atomically); raises :class:`WriteError`."""
    data = render_pdf(doc, draft)
    write_bytes_atomic(Path(path), data, backup=False)


__all__ = [
    "MissingGlyphsError",
    "clean",
    "format_date",
    "missing_glyphs",
    "missing_message",
    "paragraphs",
    "printed_texts",
    "render_pdf",
    "split_points",
    "write_pdf",
]
