"""A Word document (.docx) as a sheet of cells: paragraphs as rows, tables with their merges.

Read from the package's ``word/document.xml`` directly with defusedxml (python-docx would
cost its import and an object per run, and knows nothing of merges beyond what is parsed
here). Paragraph text keeps manual line breaks as ``\\n``; a table's ``gridSpan`` and
``vMerge`` become merges; ``gridBefore`` shifts a row; content controls and tracked
insertions are read, deleted text and field codes are not. A table broken in two (表三 over
two pages) continues on the next rows, and a vertical merge continued in the second part
extends the block of the first. The package is checked for zip bombs and XML entity tricks
before any part is parsed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from typing import Any

from app.io.docx_numbering import Numbering
from app.io.errors import ReadError
from app.io.sheetgrid import Book
from app.io.source_grid import SheetBuilder, check_size, read_errors
from app.io.xlsx_safety import (
    ENCRYPTED_STREAM,
    MAX_MEMBER_BYTES,
    OLE_MAGIC,
    check_members,
    open_zip,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAX_TABLES = 200
MAX_ROWS = 5_000  # table rows in the whole document
MAX_GRID = 200  # grid columns of one table
MAX_DEPTH = 40  # nesting of XML elements we follow

# Elements whose text is not part of the visible paragraph.
_SKIP = {
    f"{W}pPr",
    f"{W}rPr",
    f"{W}delText",
    f"{W}instrText",
    f"{W}del",
    f"{W}moveFrom",
    f"{W}footnoteReference",
    f"{W}commentReference",
    _MC_FALLBACK,
}


def load(data: bytes, name: str) -> Book:
    """The document's paragraphs and tables as one sheet; ReadError for anything else."""
    check_size(data, name)
    with read_errors(name, " Word 文档"):
        zf, root = _document_xml(data, name)
        body = root.find(f"{W}body")
        if body is None:
            raise ReadError(f"文件「{name}」不是有效的 Word 文档（没有正文）")
        doc = _Doc(name, _numbering(zf, name))
        doc.blocks(body, 0)
    if not doc.out.sheet.values:
        raise ReadError(f"文件「{name}」是空白的 Word 文档")
    pictures = (next(root.iter(tag), None) is not None for tag in (f"{W}drawing", f"{W}pict"))
    if doc.tables == 0 and any(pictures):
        raise ReadError(
            f"文件「{name}」中没有表格，只有图片（表格可能是截图或扫描件），"
            "本程序不能识别图片中的数字：请改用含有表格的 Word 或网页版的报告，或手工填写"
        )
    return doc.out.book()


def _numbering(zf: zipfile.ZipFile, name: str) -> Numbering | None:
    """The document's automatic numbering, if it has any."""
    names = set(zf.namelist())
    if "word/numbering.xml" not in names:
        return None
    styles = _parse(zf, "word/styles.xml", name) if "word/styles.xml" in names else None
    return Numbering(_parse(zf, "word/numbering.xml", name), styles)


def _document_xml(data: bytes, name: str) -> tuple[zipfile.ZipFile, Any]:
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise ReadError(
                f"文件「{name}」设置了打开密码（已加密），请在 Word/WPS 中取消密码后再导入"
            )
        raise ReadError(
            f"文件「{name}」是旧版 Word（.doc）或 WPS 文字（.wps）文件："
            "请在 WPS/Word 中另存为 .docx 后再导入"
        )
    if not data.startswith(b"PK"):
        raise ReadError(f"文件「{name}」不是 Word 文档（可能是改了扩展名的其他文件）")
    zf = open_zip(data, name)
    names = set(zf.namelist())
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise ReadError(f"文件「{name}」是 Excel 表格，不是 Word 文档：请改用 .xlsx 扩展名")
        raise ReadError(f"文件「{name}」不是 Word 文档（缺少正文部件）")
    check_members(zf, name)
    return zf, _parse(zf, "word/document.xml", name)


def _parse(zf: zipfile.ZipFile, part: str, name: str) -> Any:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    from app.io.xlsx_safety import unsafe_xml

    try:
        with zf.open(part) as fh:
            xml = fh.read(MAX_MEMBER_BYTES + 1)  # the size in the directory may lie
    except Exception as exc:  # BadZipFile, zlib.error, OSError …
        raise ReadError(f"文件「{name}」已损坏，无法打开") from exc
    if len(xml) > MAX_MEMBER_BYTES:
        raise ReadError(f"文件「{name}」解压后过大，不像是一份年度报告（可能是恶意文件）")
    if STRICT_W in xml[:4096]:  # "Strict Open XML" documents: the same elements, another URI
        xml = xml.replace(STRICT_W, W[1:-1].encode())
    try:
        return fromstring(xml, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise unsafe_xml(name) from exc
    except (ParseError, ValueError) as exc:
        raise ReadError(f"文件「{name}」已损坏（正文不是有效的 XML），无法读取") from exc


class _Doc:
    def __init__(self, name: str, numbering: Numbering | None = None) -> None:
        self.name = name
        self.numbering = numbering
        self.out = SheetBuilder(name)
        self.tables = 0
        self.rows = 0
        # the previous table, while nothing but empty paragraphs followed it:
        # its open vertical merges by grid column → (top row, left col, right col)
        self.open_v: dict[int, tuple[int, int, int]] = {}
        self.last_table_end = -1

    # -- body ------------------------------------------------------------------
    def blocks(self, parent: Any, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise ReadError(f"文件「{self.name}」结构异常（嵌套过深），无法读取")
        for child in parent:
            tag = child.tag
            if tag == f"{W}p":
                self.out.paragraph(self.paragraph(child))
            elif tag == f"{W}tbl":
                self.table(child, depth)
            elif tag in (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}moveTo"):
                content = child.find(f"{W}sdtContent") if tag == f"{W}sdt" else child
                if content is not None:
                    self.blocks(content, depth + 1)

    def paragraph(self, p: Any) -> str:
        """A paragraph's text with the number Word's automatic numbering shows before it."""
        text = paragraph_text(p)
        if self.numbering is None:
            return text
        number = self.numbering.prefix(p)
        return number + text if number and text else text

    # -- tables ------------------------------------------------------------------
    def table(self, tbl: Any, depth: int) -> None:
        self.tables += 1
        if self.tables > MAX_TABLES:
            raise ReadError(f"文件「{self.name}」中的表格过多，不像是一份年度报告")
        grid = tbl.find(f"{W}tblGrid")
        width = len(grid.findall(f"{W}gridCol")) if grid is not None else 0
        if width > MAX_GRID:
            raise ReadError(f"文件「{self.name}」中的表格列数过多，不像是一份年度报告")
        rows = _children(tbl, f"{W}tr", depth)
        if _is_frame(rows, depth):  # one cell a row around tables: page layout, not data
            for tr in rows:
                for tc in _children(tr, f"{W}tc", depth):
                    self.blocks(tc, depth + 1)
            return
        # a vertical merge may go on from the previous part of a table broken in two
        open_v = self.open_v if self.out.row == self.last_table_end else {}
        for tr in rows:
            self.rows += 1
            if self.rows > MAX_ROWS:
                raise ReadError(f"文件「{self.name}」中的表格行数过多，不像是一份年度报告")
            open_v = self.table_row(tr, open_v, depth)
        self.open_v = open_v
        self.last_table_end = self.out.row

    def table_row(
        self, tr: Any, open_v: dict[int, tuple[int, int, int]], depth: int
    ) -> dict[int, tuple[int, int, int]]:
        r = self.out.row
        self.out.row += 1
        col = 0
        trpr = tr.find(f"{W}trPr")
        if trpr is not None:
            col = _int_val(trpr.find(f"{W}gridBefore"), 0)
        still_open: dict[int, tuple[int, int, int]] = {}
        for tc in _children(tr, f"{W}tc", depth):
            tcpr = tc.find(f"{W}tcPr")
            span = 1
            vmerge: str | None = None
            if tcpr is not None:
                span = max(1, min(_int_val(tcpr.find(f"{W}gridSpan"), 1), MAX_GRID))
                vm = tcpr.find(f"{W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{W}val", "continue")
                hm = tcpr.find(f"{W}hMerge")
                if hm is not None and hm.get(f"{W}val", "continue") == "continue" and col:
                    self._widen_left(r, col, span)  # legacy horizontal merge
                    col += span
                    continue
            c0, c1 = col, col + span - 1
            col += span
            if c1 >= MAX_GRID:
                raise ReadError(f"文件「{self.name}」中的表格列数过多，不像是一份年度报告")
            above = open_v.get(c0)
            if vmerge == "continue" and above is not None and above[2] == c1:
                top = above[0]
                self.out.sheet.merges.pop((top, c0), None)
                self.out.merge(top, c0, r, c1)
                still_open[c0] = above
                continue
            self.out.put(r, c0, cell_text(tc, depth, self.paragraph))
            self.out.merge(r, c0, r, c1)
            if vmerge is not None:
                still_open[c0] = (r, c0, c1)
        return still_open

    def _widen_left(self, r: int, col: int, span: int) -> None:
        sheet = self.out.sheet
        for (r0, c0), box in list(sheet.merges.items()):
            if r0 == r and box[3] == col - 1:
                del sheet.merges[(r0, c0)]
                self.out.merge(r0, c0, box[2], col + span - 1)
                return
        start = sheet.anchor((r, col - 1))
        self.out.merge(start[0], start[1], r, col + span - 1)


def _is_frame(rows: list[Any], depth: int) -> bool:
    """Whether a table only frames the document: one cell in each row, tables inside."""
    cells = [_children(tr, f"{W}tc", depth) for tr in rows]
    return all(len(c) == 1 for c in cells) and any(
        next(c[0].iter(f"{W}tbl"), None) is not None for c in cells
    )


def _children(parent: Any, tag: str, depth: int) -> list[Any]:
    """``parent``'s children named ``tag``, looking through content controls."""
    out: list[Any] = []
    for child in parent:
        if child.tag == tag:
            out.append(child)
        elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}ins") and depth < MAX_DEPTH:
            content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if content is not None:
                out.extend(_children(content, tag, depth + 1))
    return out


def _int_val(node: Any, default: int) -> int:
    if node is None:
        return default
    try:
        return int(node.get(f"{W}val", default))
    except ValueError:
        return default


def cell_text(tc: Any, depth: int = 0, paragraph: Callable[[Any], str] | None = None) -> str:
    """A table cell's paragraphs (and nested tables' text) joined by line breaks."""
    lines: list[str] = []
    _collect(tc, lines, depth, paragraph or paragraph_text)
    return "\n".join(line.strip() for line in lines if line.strip())


def _collect(node: Any, lines: list[str], depth: int, paragraph: Callable[[Any], str]) -> None:
    if depth > MAX_DEPTH:
        return
    for child in node:
        if child.tag == f"{W}p":
            lines.append(paragraph(child))
        elif child.tag != f"{W}tcPr":
            _collect(child, lines, depth + 1, paragraph)


def paragraph_text(p: Any) -> str:
    """The visible text of a paragraph; manual line breaks as ``\\n``, tabs as spaces."""
    parts: list[str] = []
    stack = [iter(p)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag in (f"{W}tab", f"{W}ptab"):
            parts.append(" ")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif tag not in _SKIP and len(stack) < MAX_DEPTH:
            stack.append(iter(child))
    text = "".join(parts)
    return "\n".join(line.strip() for line in text.split("\n")).strip("\n")
