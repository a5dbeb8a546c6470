"""Writing the report as a Word document (.docx) in the official layout, with python-docx.

The document is the second rendering of :mod:`app.io.layout` (the PDF is the first): the same
blocks, page, fonts, sizes, column widths and label lines. As a careful clerk would set up the
official template (GB/T 9704): A4 with the 公文 margins; the title in 方正小标宋简体 二号
(the font table names 宋体 as its substitute where Word lacks it); body text in 仿宋_GB2312
三号, two-character first-line indent, fixed 28 pt line spacing; headings 一、… in 黑体 三号;
page numbers 「— 1 —」 in the footer, odd pages at the right and even pages at the left
(different odd and even footers). East Asian font names are written explicitly in every
style (``w:rFonts w:eastAsia``), never through the theme, so Word and WPS pick them.

Tables are built as WordprocessingML with every official merge (``w:gridSpan``,
``w:vMerge``), fixed column widths, header rows repeated on each page (``w:tblHeader``),
rows that do not break across pages (``w:cantSplit``) and ``keepNext`` where the layout does
not allow the table to continue on a new page (inside a merged group; 表二 whole; the first
third of 表三). Table text is 宋体 10.5 pt; narrow labels carry the layout's line breaks.
Blank cells print as 0. A draft carries 「草稿（未通过检查）」 in the header of every page.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from app.core.document import Document
from app.io import layout as lay
from app.io.atomic import write_bytes_atomic

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}"'
TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LINE = 4  # table rules: ½ pt (eighths of a point)
# Font table entries: Word substitutes the alternative name when a font is missing.
FONT_ENTRIES = {spec.families[0]: spec.families[1] for spec in lay.FONTS.values()}


def _t(points: float) -> int:
    return round(points * TWIPS_PER_PT)


def _mm(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def _text(text: str) -> str:
    return escape(ILLEGAL_XML.sub("", text))


def fonts_xml(role: str) -> str:
    """``w:rFonts`` naming the role's font for every script (East Asian explicitly)."""
    name = lay.FONTS[role].families[0]
    return (
        f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" '
        'w:hint="eastAsia"/>'
    )


def run_props(role: str, size: float | None = None, color: str = "") -> str:
    half = round(2 * (size or lay.FONTS[role].size))
    col = f'<w:color w:val="{color}"/>' if color else ""
    return f'<w:rPr>{fonts_xml(role)}{col}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>'


def _run(text: str, role: str, size: float | None = None, color: str = "") -> str:
    return f'<w:r>{run_props(role, size, color)}<w:t xml:space="preserve">{_text(text)}</w:t></w:r>'


def _lines_runs(lines: tuple[str, ...] | list[str], role: str, size: float | None = None) -> str:
    br = f"<w:r>{run_props(role, size)}<w:br/></w:r>"
    return br.join(_run(line, role, size) for line in lines)


def _spacing(line_pt: float, before: float = 0, after: float = 0) -> str:
    return (
        f'<w:spacing w:before="{_t(before)}" w:after="{_t(after)}" '
        f'w:line="{_t(line_pt)}" w:lineRule="exact"/>'
    )


def _para(runs: str, ppr: str) -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


# ---------------------------------------------------------------- styles


STYLE_PPR = {
    # style id: paragraph properties
    "Normal": (
        '<w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
        '<w:snapToGrid w:val="0"/>'
        + _spacing(lay.BODY_LINE)
        + f'<w:ind w:firstLineChars="200" w:firstLine="{_t(2 * lay.FONTS[lay.BODY].size)}"/>'
        '<w:jc w:val="both"/>'
    ),
    "Title": (
        _spacing(1.5 * lay.FONTS[lay.TITLE].size, after=lay.BODY_LINE)
        + '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>'
    ),
    "Heading1": "<w:keepNext/>" + _spacing(lay.BODY_LINE) + '<w:outlineLvl w:val="0"/>',
}
STYLE_ROLE = {"Normal": lay.BODY, "Title": lay.TITLE, "Heading1": lay.HEADING}


def _set_styles(document: Any) -> None:
    """Normal, Title and Heading 1 in the 公文 fonts; no theme fonts anywhere."""
    from docx.oxml import parse_xml

    styles = document.styles.element
    defaults = styles.find(f"{{{W_NS}}}docDefaults")
    if defaults is not None:
        styles.remove(defaults)
    styles.insert(
        0,
        parse_xml(
            f"<w:docDefaults {NSDECL}><w:rPrDefault>{run_props(lay.BODY)}</w:rPrDefault>"
            # no automatic space between Chinese and digits: 2024年1月20日 as printed
            '<w:pPrDefault><w:pPr><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    for style_id, ppr in STYLE_PPR.items():
        style = styles.get_by_id(style_id)
        for tag in ("pPr", "rPr"):
            old = style.find(f"{{{W_NS}}}{tag}")
            if old is not None:
                style.remove(old)
        style.append(parse_xml(f"<w:pPr {NSDECL}>{ppr}</w:pPr>"))
        rpr = run_props(STYLE_ROLE[style_id]).replace("<w:rPr>", f"<w:rPr {NSDECL}>", 1)
        if style_id == "Heading1":
            rpr = rpr.replace("<w:sz ", '<w:b w:val="0"/><w:color w:val="000000"/><w:sz ', 1)
        style.append(parse_xml(rpr))
    for fonts in styles.iter(f"{{{W_NS}}}rFonts"):  # theme fonts would win over names
        for attr in [a for a in fonts.attrib if a.endswith("Theme")]:
            del fonts.attrib[attr]
    for style_id in ("Header", "Footer"):
        style = styles.get_by_id(style_id)
        if style is None:
            continue
        old = style.find(f"{{{W_NS}}}pPr")
        if old is not None:
            style.remove(old)
        ppr = parse_xml(
            f'<w:pPr {NSDECL}><w:spacing w:before="0" w:after="0" w:line="240" '
            'w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/></w:pPr>'
        )
        rpr = style.find(f"{{{W_NS}}}rPr")
        if rpr is not None:
            rpr.addprevious(ppr)
        else:
            style.append(ppr)


def _font_table(document: Any) -> None:
    """Declare the Chinese fonts (GB2312 charset) with the substitute Word uses without them."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = document.part.part_related_by(RT.FONT_TABLE)
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        for name, alt in FONT_ENTRIES.items()
    )
    blob = part.blob.decode("utf-8")
    part._blob = blob.replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")


# ---------------------------------------------------------------- blocks


def _title(block: lay.Title, width: float) -> str:
    runs = _lines_runs(lay.title_lines(block, width), lay.TITLE)
    return _para(runs, '<w:pStyle w:val="Title"/>')


def _heading(block: lay.Heading, keep: bool) -> str:
    return _para(_run(block.text, lay.HEADING), '<w:pStyle w:val="Heading1"/>' + _keep(keep))


def _keep(keep: bool) -> str:
    return "<w:keepNext/>" if keep else ""


def _body(block: lay.Para) -> str:
    if block.role == lay.NOTE:
        size = lay.FONTS[lay.NOTE].size
        ppr = (
            _spacing(1.5 * size, before=4)
            + f'<w:ind w:firstLineChars="200" w:firstLine="{_t(2 * size)}"/>'
        )
        return _para(_run(block.text, lay.NOTE), ppr)
    return _para(_run(block.text, lay.BODY), "")


def _signature(block: lay.Signature) -> str:
    """The 落款's lines (:func:`app.io.layout.signature_lines`), two lines below the text."""
    out = []
    for i, (text, right) in enumerate(lay.signature_lines(block)):
        before = 2 * lay.BODY_LINE if i == 0 else 0
        ppr = (
            _spacing(lay.BODY_LINE, before=before)
            + f'<w:ind w:firstLine="0" w:firstLineChars="0" w:right="{_t(right)}"/>'
            '<w:jc w:val="right"/>'
        )
        out.append(_para(_run(text, lay.BODY), ppr))
    return "".join(out)


def _table(block: lay.Table) -> str:
    """A ``w:tbl`` with the layout's grid, merges and keep rules."""
    size = lay.FONTS[lay.TABLE].size
    widths = [_t(w) for w in block.widths]
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="{LINE}" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    tblpr = (
        f'<w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="{_t(lay.CELL_PAD_TOP)}" w:type="dxa"/>'
        f'<w:left w:w="{_t(lay.CELL_PAD)}" w:type="dxa"/>'
        f'<w:bottom w:w="{_t(lay.CELL_PAD_BOTTOM)}" w:type="dxa"/>'
        f'<w:right w:w="{_t(lay.CELL_PAD)}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000"/></w:tblPr>'
    )
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    starts = {(c.row, c.col): c for c in block.cells}
    covering: dict[tuple[int, int], lay.Cell] = {}
    for c in block.cells:
        for r in range(c.row + 1, c.row + c.rowspan):
            covering[(r, c.col)] = c
    rows = []
    for r in range(block.n_rows):
        keep = r + 1 < block.n_rows and (
            block.keep_together or r + 1 not in block.split_points or r + 1 < block.min_first
        )
        base_ppr = (
            _keep(keep)
            + _spacing(size * lay.TABLE_LEADING)
            + '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
        )
        trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if r < block.header_rows else "")
        tcs = []
        col = 0
        while col < block.n_cols:
            cell = starts.get((r, col))
            cont = covering.get((r, col))
            placed = cell or cont
            span = placed.colspan if placed is not None else 1
            width = sum(widths[col : col + span])
            tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if span > 1:
                tcpr += f'<w:gridSpan w:val="{span}"/>'
            if cell is not None and cell.rowspan > 1:
                tcpr += '<w:vMerge w:val="restart"/>'
            elif cont is not None:
                tcpr += "<w:vMerge/>"
            tcpr += '<w:vAlign w:val="center"/>'
            runs = ""
            align = "center"
            if cell is not None:
                align = cell.align
                if cell.number:
                    runs = _run(cell.text, lay.TABLE, cell.size if cell.size != size else None)
                else:
                    runs = _lines_runs(cell.lines or (cell.text,), lay.TABLE)
            ppr = base_ppr + f'<w:jc w:val="{"center" if align == "center" else "left"}"/>'
            ppr += run_props(lay.TABLE)
            tcs.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{_para(runs, ppr)}</w:tc>")
            col += span
        rows.append(f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(tcs)}</w:tr>")
    return f"<w:tbl>{tblpr}{grid}{''.join(rows)}</w:tbl>"


def _after_table() -> str:
    """The empty half line between a table (or its notes) and what follows."""
    return _para("", _spacing(lay.BODY_LINE / 2) + '<w:ind w:firstLine="0" w:firstLineChars="0"/>')


def body_xml(layout: lay.Layout) -> str:
    """The document body's paragraphs and tables."""
    width = layout.page.frame_width
    parts: list[str] = []
    blocks = layout.blocks
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(block, lay.Title):
            parts.append(_title(block, width))
        elif isinstance(block, lay.Heading):
            parts.append(_heading(block, True))
        elif isinstance(block, lay.Table):
            parts.append(_table(block))
        elif isinstance(block, lay.Para):
            parts.append(_body(block))
        else:
            parts.append(_signature(block))
        if lay.half_line_after(block, following):
            parts.append(_after_table())
    return "".join(parts)


# ---------------------------------------------------------------- page, footers, headers


def _page_number_xml(odd: bool) -> str:
    """「— N —」 with a PAGE field; odd pages right, even pages left, one character in."""
    size = lay.FONTS[lay.PAGE_NO].size
    before, after = lay.PAGE.page_number.split("{}")
    field = (
        f'<w:r>{run_props(lay.PAGE_NO)}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{run_props(lay.PAGE_NO)}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{run_props(lay.PAGE_NO)}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{_run('1' if odd else '2', lay.PAGE_NO)}"
        f'<w:r>{run_props(lay.PAGE_NO)}<w:fldChar w:fldCharType="end"/></w:r>'
    )
    side = "right" if odd else "left"
    ppr = (
        f'<w:pStyle w:val="Footer"/><w:ind w:{side}="{_t(size)}" w:firstLine="0"/>'
        f'<w:jc w:val="{side}"/>'
    )
    return _para(_run(before, lay.PAGE_NO) + field + _run(after, lay.PAGE_NO), ppr)


def _fill(part_element: Any, xml: str) -> None:
    from docx.oxml import parse_xml

    for child in list(part_element):
        part_element.remove(child)
    holder = parse_xml(f"<w:body {NSDECL}>{xml}</w:body>")
    for child in list(holder):
        part_element.append(child)


def _setup_section(document: Any, layout: lay.Layout) -> None:
    from docx.shared import Twips

    page = layout.page
    section = document.sections[0]
    section.page_width, section.page_height = Twips(_mm(page.width_mm)), Twips(_mm(page.height_mm))
    section.top_margin, section.bottom_margin = Twips(_mm(page.top_mm)), Twips(_mm(page.bottom_mm))
    section.left_margin, section.right_margin = Twips(_mm(page.left_mm)), Twips(_mm(page.right_mm))
    size = lay.FONTS[lay.PAGE_NO].size
    # the number's line (centre of the dashes) sits page_number_gap below the type area
    footer = page.bottom_mm - page.page_number_gap_mm - size * 0.85 / lay.MM
    section.footer_distance = Twips(_mm(footer))
    section.header_distance = Twips(_mm(page.top_mm / 2 - 3))
    section.gutter = Twips(0)
    document.settings.odd_and_even_pages_header_footer = True
    _fill(section.footer._element, _page_number_xml(True))
    _fill(section.even_page_footer._element, _page_number_xml(False))
    mark = ""
    if layout.draft:
        mark = _para(
            _run(lay.DRAFT_MARK, lay.HEADING, color="C00000"),
            '<w:pStyle w:val="Header"/><w:jc w:val="center"/>',
        )
    for header in (section.header, section.even_page_header):
        _fill(header._element, mark or _para("", '<w:pStyle w:val="Header"/>'))


def docx_bytes(doc: Document, draft: bool = False) -> bytes:
    """The report as a .docx file's bytes (``draft``: marked on every page)."""
    import docx
    from docx.oxml import parse_xml
    from lxml import etree

    layout = lay.describe(doc, draft)
    document = docx.Document()
    _set_styles(document)
    _font_table(document)
    _setup_section(document, layout)
    # The body is parsed once into a new document element (moving thousands of parsed
    # elements into python-docx's tree one by one costs far more than parsing).
    root = document.element
    sect = etree.tostring(root.body.sectPr, encoding="unicode")
    decls = " ".join(f'xmlns:{k}="{v}"' for k, v in root.nsmap.items() if k)
    xml = f"<w:document {decls}><w:body>{body_xml(layout)}{sect}</w:body></w:document>"
    document.part._element = parse_xml(xml)
    props = document.core_properties
    props.title = layout.title
    props.author = doc.agency
    props.subject = "政府信息公开工作年度报告"
    props.comments = lay.DRAFT_MARK if draft else ""
    props.last_modified_by = ""
    props.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def write_docx(doc: Document, path: str | Path, draft: bool = False) -> None:
    """Write the report as a Word file (atomically); raises ``WriteError``."""
    write_bytes_atomic(Path(path), docx_bytes(doc, draft), backup=False)
