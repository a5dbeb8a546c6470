"""An OpenDocument spreadsheet (.ods, saved by LibreOffice or WPS) as sheets of cells.

Read from the package's ``content.xml`` directly with defusedxml: the label reader needs
merged cells (``number-columns-spanned`` / ``number-rows-spanned``), which python-calamine
does not give, and odfpy builds a DOM of the whole file (slow, and its own XML handling).
Repeated rows and cells (``number-*-repeated``, how ODF stores blank space) advance the
position without being stored; numbers come from ``office:value`` (as a spreadsheet stores
them: int when integral), texts from the cell's paragraphs. The package is checked for zip
bombs and XML entity tricks first; cells are bounded as for .xlsx.
"""

from __future__ import annotations

from typing import Any

from app.io.errors import ReadError
from app.io.sheetgrid import MAX_CELLS, Book, Sheet
from app.io.source_docx import _parse
from app.io.source_grid import check_size, read_errors
from app.io.xlsx_safety import Kind, check_members, open_zip, too_many_cells

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
MAX_ROW = 1_048_576
MAX_COL = 16_384
MAX_DEPTH = 40
_ROW_GROUPS = {f"{TABLE}table-header-rows", f"{TABLE}table-row-group", f"{TABLE}table-rows"}
_NUMERIC = {"float", "percentage", "currency"}


def load(data: bytes, name: str) -> Book:
    """The spreadsheet's sheets with values and merges; ReadError for anything else."""
    check_size(data, name)
    with read_errors(name, " ODF 表格"):
        if not data.startswith(b"PK"):
            raise ReadError(f"文件「{name}」不是 ODF 表格（.ods）（可能是改了扩展名的其他文件）")
        zf = open_zip(data, name)
        check_members(zf, name)  # before any part is read
        names = set(zf.namelist())
        mimetype = zf.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
        if "text" in mimetype:
            raise ReadError(
                f"文件「{name}」是 ODF 文字文档（.odt）：请在 WPS/Word 中另存为 .docx 后再导入"
            )
        if "content.xml" not in names:
            if "xl/workbook.xml" in names:
                raise ReadError(f"文件「{name}」是 Excel 表格：请改用 .xlsx 扩展名")
            raise ReadError(f"文件「{name}」不是 ODF 表格（缺少内容部件）")
        if "META-INF/manifest.xml" in names and b"encryption-data" in zf.read(
            "META-INF/manifest.xml"
        ):
            raise ReadError(
                f"文件「{name}」设置了打开密码（已加密），请在 WPS/LibreOffice 中取消密码后再导入"
            )
        root = _parse(zf, "content.xml", name)
        body = root.find(f"{OFFICE}body")
        spreadsheet = body.find(f"{OFFICE}spreadsheet") if body is not None else None
        if spreadsheet is None:
            raise ReadError(f"文件「{name}」不是 ODF 表格（没有工作表）")
        reader = _Reader(name)
        book = Book([reader.sheet(t) for t in spreadsheet.iter(f"{TABLE}table")], Kind.XLSX)
        if not any(s.values for s in book.sheets):
            raise ReadError(f"文件「{name}」是空白的表格")
        return book


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.cells = 0
        self.row = 0

    def sheet(self, table: Any) -> Sheet:
        sheet = Sheet(str(table.get(f"{TABLE}name", "")))
        self.row = 0
        self._rows(table, sheet, 0)
        return sheet

    def _rows(self, parent: Any, sheet: Sheet, depth: int) -> None:
        for child in parent:
            if child.tag == f"{TABLE}table-row":
                repeat = _count(child.get(f"{TABLE}number-rows-repeated"))
                for done in range(repeat):
                    if self.row >= MAX_ROW:
                        return
                    if not self._row(child, sheet):
                        self.row += repeat - done  # blank rows: skip the rest at once
                        break
                    self.row += 1
            elif child.tag in _ROW_GROUPS and depth < MAX_DEPTH:
                self._rows(child, sheet, depth + 1)

    def _row(self, tr: Any, sheet: Sheet) -> bool:
        """Store the row's cells at ``self.row``; whether it had anything in it."""
        col = 0
        any_content = False
        for cell in tr:
            repeat = _count(cell.get(f"{TABLE}number-columns-repeated"))
            if cell.tag == f"{TABLE}covered-table-cell":
                col += repeat
                continue
            if cell.tag != f"{TABLE}table-cell":
                continue
            value = _value(cell)
            spans = (
                _count(cell.get(f"{TABLE}number-rows-spanned")),
                _count(cell.get(f"{TABLE}number-columns-spanned")),
            )
            if value is None and spans == (1, 1):
                col += repeat
                continue
            any_content = True
            for _ in range(min(repeat, MAX_COL)):
                if col >= MAX_COL:
                    break
                if value is not None:
                    self.cells += 1
                    if self.cells > MAX_CELLS:
                        raise too_many_cells(self.name)
                    sheet.values[(self.row, col)] = value
                if spans != (1, 1):
                    r1, c1 = self.row + spans[0] - 1, col + spans[1] - 1
                    sheet.merges.pop((self.row, col), None)
                    sheet.merge(self.row, col, r1, c1)
                col += 1
        return any_content


def _count(text: str | None) -> int:
    try:
        return max(1, min(int(text or 1), MAX_ROW))
    except ValueError:
        return 1


def _value(cell: Any) -> Any:
    kind = cell.get(f"{OFFICE}value-type")
    if kind in _NUMERIC:
        raw = cell.get(f"{OFFICE}value", "")
        try:
            if "." in raw or "e" in raw.lower():
                number = float(raw)
                return int(number) if number.is_integer() and abs(number) < 1e15 else number
            return int(raw)
        except ValueError:
            pass
    elif kind == "boolean":
        return cell.get(f"{OFFICE}boolean-value") == "true"
    elif kind == "string" and cell.get(f"{OFFICE}string-value") is not None:
        return cell.get(f"{OFFICE}string-value") or None  # some writers keep the text here
    text = "\n".join(_text(p) for p in cell.findall(f"{TEXT}p"))
    return text if text.strip() else None


def _text(node: Any, depth: int = 0) -> str:
    """A paragraph's text: spans and links followed, ``text:s`` as spaces, breaks as ``\\n``."""
    parts = [node.text or ""]
    for child in node:
        tag = child.tag
        if tag == f"{TEXT}s":
            parts.append(" " * min(_count(child.get(f"{TEXT}c")), 1000))
        elif tag == f"{TEXT}tab":
            parts.append(" ")
        elif tag == f"{TEXT}line-break":
            parts.append("\n")
        elif tag != f"{OFFICE}annotation" and depth < MAX_DEPTH:
            parts.append(_text(child, depth + 1))
        parts.append(child.tail or "")
    return "".join(parts)
