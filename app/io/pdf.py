"""The printed report: a PDF in the official layout, built with reportlab from the form definition.

Everything printed comes from ``FORM`` (title, section headings, table labels, spans, column
weights, header rows) and the document (agency, year, texts, values); nothing here repeats a
label or a coordinate. The page follows GB/T 9704 in spirit: A4, margins 37/35/28/26 mm,
22 lines of 16 pt body text in 仿宋 (or, without it, the bundled 宋体-style face), headings in
a 黑体-style face, the title in a 22 pt 宋体-style face, page numbers 「— 1 —」 at the bottom.

Tables keep every merged cell of the official template. A table crosses a page only where
:func:`split_points` allows: never inside a merged group (（三）不予公开 and its eight rows
stay together), between the groups of 三、本年度办理结果 (whose label is then repeated), and
in 表二 only before a block's own header. The header rows are repeated on the next page.
Blank cells print as 0 and the fee exactly as stored.

Before layout every character is checked against the fonts (:mod:`app.io.pdf_fonts`); a
character no font can draw raises :class:`MissingGlyphsError` naming it and where it
occurs — the program never prints an empty box. reportlab is imported only when a PDF is
made, so importing this module costs nothing at start-up.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import APP_NAME
from app.core.document import Document
from app.core.values import format_value
from app.form import Label, TableDef
from app.io.atomic import write_bytes_atomic
from app.io.errors import WriteError
from app.io.pdf_fonts import BODY, HEADING, TITLE, FontSet, load_fonts
from app.io.pdf_wrap import paragraph_class

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM  # A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 37 * MM, 35 * MM, 28 * MM, 26 * MM
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 225 mm

BODY_SIZE = 16.0  # 三号
LINES_PER_PAGE = 22
BODY_LEADING = FRAME_HEIGHT / LINES_PER_PAGE - 0.01  # 22 lines fill the type area
TITLE_SIZE = 22.0  # 二号
TABLE_SIZE = 10.0  # about 五号; table 三's result block must fit one page
TABLE_LEADING = 12.0
NOTE_SIZE = 14.0  # 四号
PAGE_NO_SIZE = 14.0
CELL_PAD = 3.0
CELL_PAD_TOP, CELL_PAD_BOTTOM = 1.5, 2.5
LINE_WIDTH = 0.5
TABLE_GAP = 4.0  # between a table's heading and the table

# Invisible characters pasted from word processors: dropped, they print nothing anyway.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\ufe0e\ufe0f\r"), None
)
_INVISIBLE.update(dict.fromkeys(range(0xD800, 0xE000)))  # lone surrogates: half an emoji
_ISO_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
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


def clean(text: str) -> str:
    """The text as printed: invisible characters dropped, tabs as spaces."""
    return text.translate(_INVISIBLE).replace("\t", " ")


def paragraphs(text: str) -> list[str]:
    """The printed paragraphs of a text: its non-empty lines, without leading indentation."""
    lines = (line.strip(" \u3000\u00a0") for line in clean(text).split("\n"))
    return [line for line in lines if line]


def format_date(date: str) -> str:
    """成文日期 as official documents write it: 2024年1月20日 (ISO dates are converted)."""
    m = _ISO_DATE.match(date)
    if m:
        y, mo, d = m.groups()
        return f"{y}年{int(mo)}月{int(d)}日"
    return date.strip()


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
            out += [(section.title, TITLE, lab.text) for lab in table.labels]
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
        fontName=fonts.name(TITLE),
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


def _title(doc: Document, fonts: FontSet, st: _Styles) -> Flowable:
    """The title, broken after the agency's name when it needs two lines (as offices do)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    Paragraph = paragraph_class()

    title = clean(doc.form.title(doc.agency, doc.year))
    agency = clean(doc.agency)

    def width(s: str) -> float:
        return float(stringWidth(s, fonts.name(TITLE), TITLE_SIZE))

    text = markup(title, TITLE, fonts)
    rest = title[len(agency) :]
    if agency and title.startswith(agency) and width(title) > FRAME_WIDTH >= width(rest):
        text = markup(agency, TITLE, fonts) + "<br/>" + markup(rest, TITLE, fonts)
    return Paragraph(text, st.title)


def _number_font_size(text: str, width: float, font: str) -> float:
    """The table font size, reduced just enough for a long number to fit its cell."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    room = width - 2 * CELL_PAD
    need = stringWidth(text, font, TABLE_SIZE)
    return TABLE_SIZE if need <= room else max(5.0, TABLE_SIZE * room / need)


def split_points(table: TableDef) -> frozenset[int]:
    """Grid rows before which a table may continue on the next page.

    Never inside the rows of a merged group label (（三）不予公开 …); a label whose rows hold
    such groups (三、本年度办理结果) may be split between them and is repeated on the next
    page. A table whose headers sit inside it (表二) splits only before a block's header.
    """
    body = [lab for lab in table.labels if not lab.header and lab.rowspan > 1]

    def nests(outer: Label) -> bool:
        return any(
            inner is not outer
            and outer.row <= inner.row
            and inner.row + inner.rowspan <= outer.row + outer.rowspan
            for inner in body
        )

    leaves = [lab for lab in body if not nests(lab)]
    header_rows = {lab.row for lab in table.labels if lab.header}
    block_starts = {r for r in header_rows if r - 1 not in header_rows}
    points = set()
    for r in range(table.header_rows + 1, table.n_rows):
        if any(lab.row < r < lab.row + lab.rowspan for lab in leaves):
            continue
        if table.header_rows == 0 and r not in block_starts:
            continue
        points.add(r)
    return frozenset(points)


class _TableBuilder:
    """Builds the reportlab table for any run of grid rows of one official table."""

    def __init__(self, doc: Document, table: TableDef, fonts: FontSet, st: _Styles) -> None:
        self.table, self.fonts, self.st = table, fonts, st
        total = sum(table.col_weights)
        self.widths = [FRAME_WIDTH * w / total for w in table.col_weights]
        self.font = fonts.name(TITLE)
        # Numbers are centred in the table font; a column whose longest number does not fit
        # gets a smaller size for all its numbers (rows stay even, on every page).
        self.texts = {c.key: format_value(doc.number(c.key)) for c in table.cells}  # blank: 0
        self.col_size: dict[int, float] = {}
        for cell in table.cells:
            width = sum(self.widths[cell.col : cell.col + cell.colspan])
            size = _number_font_size(self.texts[cell.key], width, self.font)
            self.col_size[cell.col] = min(size, self.col_size.get(cell.col, TABLE_SIZE))
        self.points = split_points(table)

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
        for lab in table.labels:
            mine = [at[r] for r in range(lab.row, lab.row + lab.rowspan) if r in at]
            if not mine:
                continue
            centred = lab.header or lab.rowspan > 1
            style = self.st.cell_center if centred else self.st.cell_left
            top, col = mine[0], lab.col
            data[top][col] = paragraph(markup(clean(lab.text), TITLE, self.fonts), style)
            if lab.colspan > 1 or len(mine) > 1:
                cmds.append(("SPAN", (col, top), (col + lab.colspan - 1, top + len(mine) - 1)))
        for cell in table.cells:
            if cell.row not in at:
                continue
            r, c, size = at[cell.row], cell.col, self.col_size[cell.col]
            data[r][c] = self.texts[cell.key]
            cmds.append(("FONT", (c, r), (c, r), font, size, size * 1.2))
            if cell.colspan > 1:
                cmds.append(("SPAN", (c, r), (c + cell.colspan - 1, r)))
        return data, cmds


@functools.cache
def _official_table_class() -> Any:
    from reportlab.platypus import Table, TableStyle

    class OfficialTable(Table):  # type: ignore[misc]
        """A table that continues on the next page only at the official table's split
        points, repeating the header rows (and a split group label) there."""

        def __init__(self, builder: _TableBuilder, rows: list[int]) -> None:
            data, cmds = builder.build(rows)
            super().__init__(
                data, colWidths=builder.widths, style=TableStyle(cmds), hAlign="CENTER"
            )
            self.builder, self.rows = builder, rows

        def _cuts(self) -> list[int]:
            """Positions in ``rows`` before which this table may continue on a new page."""
            head = self.builder.table.header_rows
            return [
                i
                for i, r in enumerate(self.rows)
                if r in self.builder.points and i > head and self.rows[i - 1] != r
            ]

        def first_part_height(self, availWidth: float) -> float:
            """Height of the smallest piece that may start this table on a page."""
            self.wrap(availWidth, 1e6)
            cuts = self._cuts()
            return float(sum(self._rowHeights[: cuts[0] if cuts else len(self.rows)]))

        def split(self, availWidth: float, availHeight: float) -> list[Any]:
            head = list(range(self.builder.table.header_rows))
            cuts = self._cuts()
            # Row heights of the whole table (reportlab stops measuring, leaving None, once
            # past availHeight) bound each part from below: cutting a merged label shorter
            # can only make rows taller. Skip the parts that cannot fit.
            self.wrap(availWidth, availHeight)
            heights = self._rowHeights
            for i in reversed(cuts):
                known = heights[:i]
                if None in known or sum(known) > availHeight + 0.01:
                    continue
                first = OfficialTable(self.builder, self.rows[:i])
                if first.wrap(availWidth, availHeight)[1] <= availHeight:
                    return [first, OfficialTable(self.builder, head + self.rows[i:])]
            return []

    return OfficialTable


def table_flowable(doc: Document, table: TableDef, fonts: FontSet, st: _Styles) -> Flowable:
    """One official table with its merged cells, on the full text width."""
    builder = _TableBuilder(doc, table, fonts, st)
    return _official_table_class()(builder, list(range(table.n_rows)))  # type: ignore[no-any-return]


def _signature(doc: Document, fonts: FontSet, st: _Styles) -> Flowable:
    """Agency and 成文日期 at the right, the name centred over the date, 4 characters in."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Table, TableStyle

    Paragraph = paragraph_class()

    agency, date = clean(doc.agency.strip()), clean(format_date(doc.date))
    indent = 4 * BODY_SIZE
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


def _text_paragraphs(text: str, role: str, style: Any, fonts: FontSet) -> Iterable[Flowable]:
    Paragraph = paragraph_class()

    for para in paragraphs(text):
        yield Paragraph(markup(para, role, fonts), style)


def story(doc: Document, fonts: FontSet) -> list[Flowable]:
    """The flowables of the whole report, in official order."""
    from reportlab.platypus import CondPageBreak, Spacer

    st = _styles(fonts)
    out: list[Flowable] = [_title(doc, fonts, st)]
    for section in doc.form.sections:
        heading = _heading(section.title, fonts, st)
        if section.is_text:
            # a heading never ends a page: it needs two lines of its text under it
            out += [CondPageBreak(3 * BODY_LEADING), heading]
            out += _text_paragraphs(doc.texts.get(section.key, ""), BODY, st.body, fonts)
            continue
        # nor is a table's heading left without the table's first unsplittable piece
        table = doc.form.table(section.key)
        flowable = table_flowable(doc, table, fonts, st)
        flowable.spaceBefore = TABLE_GAP
        need = BODY_LEADING + TABLE_GAP + flowable.first_part_height(FRAME_WIDTH)
        out += [CondPageBreak(need), heading, flowable]
        note = doc.texts.get(f"note.{table.id}", "")
        out += _text_paragraphs(note, BODY, st.note, fonts)
        out.append(Spacer(0, BODY_LEADING / 2))
    if doc.date.strip():
        out.append(_signature(doc, fonts, st))
    return out


def _heading(text: str, fonts: FontSet, st: _Styles) -> Flowable:
    Paragraph = paragraph_class()

    return Paragraph(markup(text, HEADING, fonts), st.heading)


def _page_number(fonts: FontSet) -> Any:
    def draw(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.name(TITLE), PAGE_NO_SIZE)
        # GB/T 9704: the number's line sits 7 mm below the type area.
        y = MARGIN_BOTTOM - 7 * MM - PAGE_NO_SIZE * 0.85
        canvas.drawCentredString(MARGIN_LEFT + FRAME_WIDTH / 2, y, f"— {canvas.getPageNumber()} —")
        canvas.restoreState()

    return draw


def render_pdf(doc: Document) -> bytes:
    """The report as PDF bytes; raises :class:`MissingGlyphsError` or :class:`WriteError`."""
    fonts = load_fonts()
    missing = missing_glyphs(doc, fonts)
    if missing:
        raise MissingGlyphsError(missing)
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
    from reportlab.platypus.doctemplate import LayoutError

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
        pageTemplates=[PageTemplate("page", [frame], onPage=_page_number(fonts))],
        title=unicodedata.normalize("NFC", doc.form.title(doc.agency, doc.year)),
        author=doc.agency,
        subject="政府信息公开工作年度报告",
        creator=APP_NAME,
        invariant=1,
        initialFontName=fonts.name(BODY),  # no unembedded Helvetica in the file
    )
    try:
        template.build(story(doc, fonts))
    except LayoutError as exc:
        raise WriteError(f"无法排版 PDF：{exc}") from exc
    return buf.getvalue()


def write_pdf(doc: Document, path: str | Path) -> None:
    """Write the report as a PDF file (atomically); raises :class:`WriteError`."""
    data = render_pdf(doc)
    write_bytes_atomic(Path(path), data, backup=False)


__all__ = [
    "MissingGlyphsError",
    "missing_glyphs",
    "missing_message",
    "printed_texts",
    "render_pdf",
    "write_pdf",
]
