"""The report as a web page for the 政府信息公开专栏, and as plain text, from :mod:`app.io.layout`.

:func:`html_text` makes one self-contained UTF-8 page: semantic headings (``h1`` title,
``h2`` sections), body paragraphs, and the three tables as real HTML tables with every
official merge (``rowspan``/``colspan``) and header cells (``<th scope="col">`` for column
headers, ``scope="row"``/``"rowgroup"`` for row labels). Styles are inline only, since CMS
editors strip style sheets, and every cell carries its own border, so the rules survive
pasting into a CMS editor or Word. No scripts, no external resources.

:func:`plain_text` is the same report as text, the way published pages read when copied:
table rows as tab-separated cells, one field per grid column (empty under a merge).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from app.core.document import Document
from app.io import layout as lay
from app.io.atomic import write_bytes_atomic

SERIF = "serif"
CSS_FONTS = {
    lay.TITLE: "'方正小标宋简体','FZXiaoBiaoSong-B05S','宋体',SimSun,serif",
    lay.HEADING: "'黑体',SimHei,sans-serif",
    lay.BODY: "'仿宋_GB2312','FangSong_GB2312','仿宋',FangSong,serif",
    lay.NOTE: "'仿宋_GB2312','FangSong_GB2312','仿宋',FangSong,serif",
    lay.TABLE: "'宋体',SimSun,serif",
}
BORDER = "border:1px solid #000"


def _font(role: str) -> str:
    return f"font-family:{CSS_FONTS[role]};font-size:{lay.FONTS[role].size:g}pt"


def _e(text: str) -> str:
    return escape(text, quote=False)


def _cell(cell: lay.Cell, widths: tuple[float, ...]) -> str:
    # the width attribute too: word processors importing HTML (LibreOffice, WPS) size
    # columns from cells' widths, not from <col> styles
    share = 100 * sum(widths[cell.col : cell.col + cell.colspan]) / sum(widths)
    spans = f' width="{share:.1f}%"'
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    align = "center" if cell.align == "center" else "left"
    style = (
        f"{BORDER};padding:2px 3px;text-align:{align};vertical-align:middle;"
        f"{_font(lay.TABLE)};line-height:{lay.FONTS[lay.TABLE].size * lay.TABLE_LEADING:g}pt"
    )
    if cell.number:
        return f'<td{spans} style="{style}">{_e(cell.text)}</td>'
    if cell.header:
        scope = "colgroup" if cell.colspan > 1 else "col"
    else:
        scope = "rowgroup" if cell.rowspan > 1 else "row"
    text = "<br>".join(_e(line) for line in (cell.lines or (cell.text,)))
    return f'<th scope="{scope}"{spans} style="{style};font-weight:normal">{text}</th>'


def _table(block: lay.Table, caption: str) -> str:
    total = sum(block.widths)
    cols = "".join(
        f'<col width="{w:.0f}" style="width:{100 * w / total:.2f}%">' for w in block.widths
    )
    by_row: dict[int, list[lay.Cell]] = {}
    for cell in block.cells:
        by_row.setdefault(cell.row, []).append(cell)
    rows = []
    for r in range(block.n_rows):
        cells = sorted(by_row.get(r, []), key=lambda c: c.col)
        rows.append("<tr>" + "".join(_cell(c, block.widths) for c in cells) + "</tr>")
    head = "".join(rows[: block.header_rows])
    body = "".join(rows[block.header_rows :])
    style = (
        f"border-collapse:collapse;{BORDER};width:100%;table-layout:fixed;"
        f"{_font(lay.TABLE)};line-height:{100 * lay.TABLE_LEADING:g}%;margin:4pt 0 14pt 0"
    )
    return (
        f'<table width="100%" border="1" cellspacing="0" cellpadding="3" style="{style}" '
        f'aria-label="{escape(caption)}"><colgroup>{cols}</colgroup>'
        + (f"<thead>{head}</thead>" if head else "")
        + f"<tbody>{body}</tbody></table>"
    )


def html_text(doc: Document, draft: bool = False) -> str:
    """The report as one self-contained HTML page (``draft``: marked at the top)."""
    layout = lay.describe(doc, draft)
    line = f"line-height:{lay.BODY_LINE:g}pt"

    def indent(role: str) -> str:  # two characters, in points: word processors ignore em here
        return f"text-indent:{2 * lay.FONTS[role].size:g}pt"

    out: list[str] = []
    if layout.draft:
        out.append(
            f'<p style="{_font(lay.HEADING)};color:#c00000;text-align:center;'
            f'border:2px solid #c00000;padding:4pt;margin:0 0 12pt 0">{_e(lay.DRAFT_MARK)}</p>'
        )
    heading = ""
    for block in layout.blocks:
        if isinstance(block, lay.Title):
            title = "<br>".join(_e(t) for t in lay.title_lines(block, lay.PAGE.frame_width))
            out.append(
                f'<h1 style="{_font(lay.TITLE)};font-weight:normal;text-align:center;'
                f'line-height:150%;margin:0 0 {lay.BODY_LINE:g}pt 0">{title}</h1>'
            )
        elif isinstance(block, lay.Heading):
            heading = block.text
            out.append(
                f'<h2 style="{_font(lay.HEADING)};font-weight:normal;{indent(lay.HEADING)};{line};'
                f'margin:0">{_e(block.text)}</h2>'
            )
        elif isinstance(block, lay.Para):
            size = lay.FONTS[block.role].size
            height = line if block.role == lay.BODY else f"line-height:{1.5 * size:g}pt"
            out.append(
                f'<p style="{_font(block.role)};{indent(block.role)};{height};text-align:justify;'
                f'margin:0">{_e(block.text)}</p>'
            )
        elif isinstance(block, lay.Table):
            out.append(_table(block, heading))
        else:
            for i, (text, right) in enumerate(lay.signature_lines(block)):
                top = f"{2 * lay.BODY_LINE:g}pt" if i == 0 else "0"
                out.append(
                    f'<p style="{_font(lay.BODY)};{line};text-align:right;'
                    f'margin:{top} {right:g}pt 0 0">{_e(text)}</p>'
                )
    body = "\n".join(out)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(layout.title)}</title>\n</head>\n"
        f'<body style="{_font(lay.BODY)};color:#000;background:#fff;max-width:'
        f'{lay.PAGE.frame_width:.0f}pt;margin:0 auto">\n'
        f"{body}\n</body>\n</html>\n"
    )


def plain_text(doc: Document) -> str:
    """The report as text: paragraphs as lines, table rows as tab-separated cells."""
    layout = lay.describe(doc)
    lines: list[str] = []
    for block in layout.blocks:
        if isinstance(block, lay.Title | lay.Heading):
            lines += [block.text, ""]
        elif isinstance(block, lay.Para):
            lines.append("\u3000\u3000" + block.text)
        elif isinstance(block, lay.Table):
            grid = [[""] * block.n_cols for _ in range(block.n_rows)]
            for cell in block.cells:
                grid[cell.row][cell.col] = cell.text
            lines += ["", *("\t".join(row) for row in grid), ""]
        else:
            lines += ["", block.agency, block.date]
    return "\n".join(lines).strip("\n") + "\n"


def write_html(doc: Document, path: str | Path, draft: bool = False) -> None:
    """Write the report as a UTF-8 web page (atomically); raises ``WriteError``."""
    write_bytes_atomic(Path(path), html_text(doc, draft).encode("utf-8"), backup=False)
