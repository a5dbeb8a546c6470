"""A format-independent view of a workbook: sheets of cell values, merges and formulas.

Built from the package's XML directly (.xlsx/.xlsm: fast, no openpyxl import, which costs
a tenth of a second at start-up), from openpyxl when a file needs what only it does
(shared formulas with no stored result), or from xlrd (.xls), so that the label-driven
reader works the same on all of them. Coordinates are 0-based ``(row, col)``. Only non-empty cells are kept.
A formula whose result the file does not store (files written by programs that do not
calculate) is kept as text in ``formulas`` so the reader can evaluate simple sums or
report the cell as unreadable.
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.io.errors import ReadError
from app.io.xlsx_safety import Kind, check_package, encrypted, sniff, too_many_cells

MAX_CELLS = 100_000  # over all sheets; a report has a few hundred

Pos = tuple[int, int]


@dataclass
class Sheet:
    name: str
    values: dict[Pos, Any] = field(default_factory=dict)
    merges: dict[Pos, tuple[int, int, int, int]] = field(default_factory=dict)  # top-left → box
    covered: dict[Pos, Pos] = field(default_factory=dict)  # inner cell of a merge → top-left
    formulas: dict[Pos, str] = field(default_factory=dict)  # formulas without a cached value
    # How places are named in messages: "sheet" (工作表「名」A1), "table" (a Word or web
    # table: 「名」第 r 行第 c 列), "text" (lines of text: 「名」第 n 行, n from ``line_of``).
    style: str = "sheet"
    line_of: dict[int, int] = field(default_factory=dict)  # row → 1-based line of the source

    def box(self, pos: Pos) -> tuple[int, int, int, int]:
        """The merged block starting at ``pos`` (or the single cell)."""
        return self.merges.get(pos, (pos[0], pos[1], pos[0], pos[1]))

    def anchor(self, pos: Pos) -> Pos:
        """The top-left cell of the merge ``pos`` belongs to (``pos`` itself if none)."""
        return self.covered.get(pos, pos)

    def line(self, r: int) -> int:
        """The source's 1-based line number of row ``r`` (text sources)."""
        return self.line_of.get(r, r + 1)

    def merge(self, r0: int, c0: int, r1: int, c1: int) -> None:
        """Record a merged block (its value belongs in the top-left cell)."""
        _add_merge(self, r0, c0, r1, c1)


@dataclass
class Book:
    sheets: list[Sheet]
    kind: Kind | None = None  # the spreadsheet kind; None for other sources
    source: str = "文件"  # what the source is, for messages: 文件, 网页文件, Word 文档 …
    # the adapter's (rule, message) for the import report; rules ending in _unread: warnings
    notes: list[tuple[str, str]] = field(default_factory=list)
    has_macros: bool = False
    pending: list[tuple[Sheet, Pos]] = field(default_factory=list)  # formulas to look up
    workbook: Any = field(default=None, repr=False)  # openpyxl's read-only workbook
    cached: dict[tuple[str, Pos], Any] = field(default_factory=dict, repr=False)  # formula results
    # formula evaluation: results (or errors) per cell, cells being evaluated, cells visited
    evaluated: dict[tuple[str, Pos], Decimal | str] = field(default_factory=dict, repr=False)
    evaluating: set[tuple[str, Pos]] = field(default_factory=set, repr=False)
    visits: int = 0

    def sheet(self, name: str) -> Sheet | None:
        for s in self.sheets:
            if s.name == name:
                return s
        return None


def col_letter(col: int) -> str:
    """0-based column index → Excel letters (0 → A)."""
    out = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def a1(pos: Pos) -> str:
    return f"{col_letter(pos[1])}{pos[0] + 1}"


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def parse_a1(ref: str) -> Pos | None:
    m = _REF.match(ref.strip())
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


# ---------------------------------------------------------------- building

_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Excel's escapes in cell text (``_x000D_`` for CR …) decoded, CRLF as LF."""
    if "_x" in text:
        text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_book(data: bytes, name: str) -> Book:
    """Build a :class:`Book` from a file's bytes; every failure becomes ReadError."""
    kind = sniff(data, name)
    if kind is Kind.XLS:
        return _from_xls(data, name)
    return _from_xlsx(data, name)


def _from_xlsx(data: bytes, name: str) -> Book:
    zf = check_package(data, name)
    has_macros = any(i.filename.lower().startswith("xl/vbaproject") for i in zf.infolist())
    try:
        return _from_package(zf, data, name, has_macros)
    except _NeedsOpenpyxl:
        return _from_openpyxl(data, name, has_macros)


def _from_openpyxl(data: bytes, name: str, has_macros: bool) -> Book:
    import openpyxl

    # read_only: no per-cell objects and no re-creation of merged cells' borders (which
    # costs openpyxl ~0.5 s on a report); the sheets are streamed with openpyxl's parser.
    wb = openpyxl.load_workbook(
        io.BytesIO(data), read_only=True, data_only=False, keep_vba=False, keep_links=False
    )
    book = Book([], Kind.XLSX, has_macros=has_macros)
    book.workbook = wb
    total = 0
    for ws in wb.worksheets:
        sheet = Sheet(str(ws.title))
        merges: list[str] = []
        for r, c, v, dtype in _parse_sheet(wb, ws, data_only=False, merges=merges):
            if v is None or v == "":
                continue
            total += 1
            if total > MAX_CELLS:
                raise too_many_cells(name)
            pos = (r - 1, c - 1)
            if dtype == "f":
                text = v if isinstance(v, str) else getattr(v, "text", None)
                sheet.formulas[pos] = text if isinstance(text, str) else "="
                book.pending.append((sheet, pos))
            else:
                sheet.values[pos] = unescape(v) if isinstance(v, str) else v
        for ref in merges:
            _merge_ref(sheet, ref)
        book.sheets.append(sheet)
    return book


def _parse_sheet(
    wb: Any, ws: Any, data_only: bool, merges: list[str] | None = None
) -> Iterator[tuple[int, int, Any, str]]:
    """Stream (row, col, value, data type) of a read-only worksheet, 1-based."""
    from openpyxl.worksheet._reader import WorkSheetParser

    with ws._get_source() as src:
        parser = WorkSheetParser(
            src,
            ws._shared_strings,
            data_only=data_only,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for _, row in parser.parse():
            for cell in row:
                yield cell["row"], cell["column"], cell["value"], cell["data_type"]
        if merges is not None and parser.merged_cells is not None:
            merges.extend(str(m.ref) for m in parser.merged_cells.mergeCell)


def _merge_ref(sheet: Sheet, ref: str) -> None:
    first, _, last = ref.partition(":")
    p, q = parse_a1(first), parse_a1(last or first)
    if p is None or q is None:
        return
    _add_merge(sheet, p[0], p[1], q[0], q[1])


def fill_cached_values(book: Book) -> None:
    """Replace formulas by the results the file stores (a second, value-only pass)."""
    if book.pending and book.workbook is None:
        for owner, at in book.pending:
            v = book.cached.get((owner.name, at))
            if v is not None and v != "" and at in owner.formulas:
                owner.values[at] = v
                del owner.formulas[at]
        book.pending = []
        return
    if not book.pending or book.workbook is None:
        return
    wanted: dict[str, set[Pos]] = {}
    for owner, at in book.pending:
        wanted.setdefault(owner.name, set()).add(at)
    wb = book.workbook
    for ws in wb.worksheets:
        sheet = book.sheet(str(ws.title))
        todo = wanted.get(str(ws.title))
        if sheet is None or not todo:
            continue
        for r, c, v, _ in _parse_sheet(wb, ws, data_only=True):
            pos = (r - 1, c - 1)
            if pos in todo and v is not None and v != "" and pos in sheet.formulas:
                sheet.values[pos] = v
                del sheet.formulas[pos]
    book.pending = []


# ---------------------------------------------------------------- the package's XML

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


class _NeedsOpenpyxl(Exception):
    """The file uses something only openpyxl reads (e.g. a shared formula with no result)."""


def _xml(zf: zipfile.ZipFile, part: str) -> Any:
    from defusedxml.ElementTree import fromstring

    return fromstring(zf.read(part))


def _rich_text(node: Any) -> str:
    """Text of a shared or inline string: its runs, without phonetic guides (rPh)."""
    t = node.find(f"{_NS}t")
    if t is not None:
        return t.text or ""
    return "".join(r.findtext(f"{_NS}t") or "" for r in node.findall(f"{_NS}r"))


def _number(text: str) -> int | float:
    """As openpyxl casts a stored number: int unless it has a point or an exponent."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _from_package(zf: zipfile.ZipFile, data: bytes, name: str, has_macros: bool) -> Book:
    names = set(zf.namelist())
    wb = _xml(zf, "xl/workbook.xml")
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for rel in _xml(zf, "xl/_rels/workbook.xml.rels").iter(_PKG_REL):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id", "")] = posixpath.normpath(part)
    strings: list[str] = []
    if "xl/sharedStrings.xml" in names:
        strings = [_rich_text(si) for si in _xml(zf, "xl/sharedStrings.xml").iter(f"{_NS}si")]
    book = Book([], Kind.XLSX, has_macros=has_macros)
    total = 0
    for entry in wb.iter(f"{_NS}sheet"):
        part = targets.get(entry.get(f"{_REL_NS}id", ""), "")
        if part not in names:
            continue  # a chart sheet or a dangling reference: no cells
        sheet = Sheet(str(entry.get("name", "")))
        root = _xml(zf, part)
        for row in root.iter(f"{_NS}row"):
            r = int(row.get("r", "0") or 0) - 1
            c = -1
            for cell in row.iter(f"{_NS}c"):
                ref = cell.get("r")
                pos = parse_a1(ref) if ref else None
                if pos is None:
                    pos = (r, c + 1)
                r, c = pos
                value = _cell_value(cell, strings)
                f = cell.find(f"{_NS}f")
                if f is not None:
                    if f.text:
                        formula = "=" + f.text
                    elif value is None or value == "":
                        raise _NeedsOpenpyxl  # shared formula follower without a result
                    else:
                        formula = "="
                    total += 1
                    sheet.formulas[pos] = formula
                    book.pending.append((sheet, pos))
                    if value is not None:
                        book.cached[(sheet.name, pos)] = value
                elif value is not None and value != "":
                    total += 1
                    sheet.values[pos] = unescape(value) if isinstance(value, str) else value
                if total > MAX_CELLS:
                    raise too_many_cells(name)
        for merge in root.iter(f"{_NS}mergeCell"):
            _merge_ref(sheet, merge.get("ref", ""))
        book.sheets.append(sheet)
    return book


def _cell_value(cell: Any, strings: list[str]) -> Any:
    t = cell.get("t", "n")
    if t == "inlineStr":
        node = cell.find(f"{_NS}is")
        return None if node is None else _rich_text(node)
    v = cell.findtext(f"{_NS}v")
    if v is None:
        return None
    if t == "s":
        return strings[int(v)]
    if t in ("str", "e"):
        return v
    if t == "b":
        return bool(int(v))
    if t == "d":
        raise _NeedsOpenpyxl  # ISO dates: leave their conversion to openpyxl
    return _number(v) if v.strip() else None


def close_book(book: Book) -> None:
    """Release the workbook (openpyxl keeps the package open in read-only mode)."""
    wb, book.workbook = book.workbook, None
    if wb is not None:
        with contextlib.suppress(Exception):
            wb.close()


def _add_merge(sheet: Sheet, r0: int, c0: int, r1: int, c1: int) -> None:
    if r1 < r0 or c1 < c0 or (r1 - r0 + 1) * (c1 - c0 + 1) > 10_000:
        return  # whole-row or absurd merges carry no table structure
    sheet.merges[(r0, c0)] = (r0, c0, r1, c1)
    for r in range(r0, r1 + 1):
        for c in range(c0, c1 + 1):
            if (r, c) != (r0, c0):
                sheet.covered[(r, c)] = (r0, c0)
                sheet.values.pop((r, c), None)  # Excel keeps only the top-left value


def _from_xls(data: bytes, name: str) -> Book:
    import xlrd

    log = io.StringIO()
    try:
        wb = xlrd.open_workbook(
            file_contents=data, formatting_info=True, logfile=log, verbosity=0, on_demand=False
        )
    except xlrd.XLRDError as exc:
        msg = str(exc)
        if "encrypted" in msg.lower():
            raise encrypted(name) from exc
        if "workbook" in msg.lower() and "ole2" in msg.lower():
            raise ReadError(f"文件「{name}」不是 Excel 表格（可能是 Word 文档）") from exc
        wb = xlrd.open_workbook(file_contents=data, formatting_info=False, logfile=log, verbosity=0)
    book = Book([], Kind.XLS)
    total = 0
    for sh in wb.sheets():
        sheet = Sheet(str(sh.name))
        for r in range(sh.nrows):
            types = sh.row_types(r)
            vals = sh.row_values(r)
            for c, (t, v) in enumerate(zip(types, vals, strict=False)):
                if t in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) or v == "":
                    continue
                total += 1
                if total > MAX_CELLS:
                    raise too_many_cells(name)
                if t == xlrd.XL_CELL_ERROR:
                    sheet.values[(r, c)] = _XlsError(str(v))
                elif t == xlrd.XL_CELL_BOOLEAN:
                    sheet.values[(r, c)] = bool(v)
                elif t == xlrd.XL_CELL_DATE:
                    sheet.values[(r, c)] = _XlsError("date")
                else:
                    sheet.values[(r, c)] = unescape(v) if isinstance(v, str) else v
        for r0, r1, c0, c1 in getattr(sh, "merged_cells", []):
            _add_merge(sheet, r0, c0, r1 - 1, c1 - 1)
        book.sheets.append(sheet)
    return book


class _XlsError:
    """An error or date cell of an .xls file: shown as text, never a number."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


# ---------------------------------------------------------------- formulas

_SHEET_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")


class FormulaError(Exception):
    """A formula this reader does not evaluate, or that refers to unreadable cells."""


class _TooDeep(FormulaError):
    """Depends on where evaluation started, so it is not remembered for the cell."""


def evaluate(book: Book, sheet: Sheet, formula: str, depth: int = 0) -> Decimal:
    """Evaluate a simple formula: terms joined by + or -, each a number, a cell or SUM(…).

    Blank referenced cells count as 0 (as in Excel); anything else that is not a number
    raises :class:`FormulaError`, so no value is ever invented.
    """
    if depth > 50:
        raise _TooDeep("公式引用层次过深")
    f = formula.strip()
    if f.startswith("="):
        f = f[1:]
    f = _strip_spaces(f)
    if not f or len(f) > 2000:
        raise FormulaError("公式为空或过长")
    total = Decimal(0)
    for sign, term in _split_terms(f):
        total += sign * _term(book, sheet, term, depth)
    return total


def _strip_spaces(f: str) -> str:
    """Spaces removed except inside quoted sheet names ('计 算'!B2)."""
    parts = f.split("'")
    return "'".join(p if i % 2 else p.replace(" ", "") for i, p in enumerate(parts))


def _split_terms(f: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    level = 0
    sign = 1
    start = 0
    i = 0
    if f[:1] in "+-":
        sign = -1 if f[0] == "-" else 1
        start = i = 1
    while i < len(f):
        ch = f[i]
        if ch == "(":
            level += 1
        elif ch == ")":
            level -= 1
        elif ch in "+-" and level == 0:
            out.append((sign, f[start:i]))
            sign = -1 if ch == "-" else 1
            start = i + 1
        i += 1
    out.append((sign, f[start:]))
    if level != 0 or any(not t for _, t in out):
        raise FormulaError("公式格式无法识别")
    return out


def _term(book: Book, sheet: Sheet, term: str, depth: int) -> Decimal:
    if _NUMBER.match(term):
        return Decimal(term)
    up = term.upper()
    if up.startswith("SUM(") and up.endswith(")"):
        total = Decimal(0)
        for arg in _split_args(term[4:-1]):
            total += _range_sum(book, sheet, arg, depth)
        return total
    if term.startswith("(") and term.endswith(")"):
        return evaluate(book, sheet, term[1:-1], depth + 1)
    return _range_sum(book, sheet, term, depth, single=True)


def _split_args(s: str) -> list[str]:
    parts = [p for p in re.split(r"[,;]", s) if p]
    if not parts:
        raise FormulaError("公式格式无法识别")
    return parts


def _range_sum(book: Book, sheet: Sheet, ref: str, depth: int, single: bool = False) -> Decimal:
    target = sheet
    m = _SHEET_REF.match(ref)
    if m:
        sname = (m.group(1) or "").replace("''", "'") or (m.group(2) or "")
        found = book.sheet(sname)
        if found is None:
            raise FormulaError(f"公式引用了不存在的工作表「{sname}」")
        target = found
        ref = m.group(3)
    if ":" in ref:
        if single:
            raise FormulaError("公式格式无法识别")
        a, b = ref.split(":", 1)
        p, q = parse_a1(a), parse_a1(b)
        if p is None or q is None:
            raise FormulaError("公式格式无法识别")
        r0, r1 = sorted((p[0], q[0]))
        c0, c1 = sorted((p[1], q[1]))
        if (r1 - r0 + 1) * (c1 - c0 + 1) > 10_000:
            raise FormulaError("公式引用的区域过大")
        return sum(
            (
                _cell_number(book, target, (r, c), depth)
                for r in range(r0, r1 + 1)
                for c in range(c0, c1 + 1)
            ),
            Decimal(0),
        )
    pos = parse_a1(ref)
    if pos is None:
        raise FormulaError("公式含有本程序不计算的函数或写法")
    return _cell_number(book, target, pos, depth)


MAX_VISITS = 200_000  # cells a file's formulas may make us look at, in all


def _cell_number(book: Book, sheet: Sheet, pos: Pos, depth: int) -> Decimal:
    book.visits += 1
    if book.visits > MAX_VISITS:
        raise FormulaError("公式引用的单元格过多")
    pos = sheet.anchor(pos)
    if pos in sheet.formulas:
        key = (sheet.name, pos)
        done = book.evaluated.get(key)
        if isinstance(done, Decimal):
            return done
        if isinstance(done, str):
            raise FormulaError(done)
        if key in book.evaluating:
            raise FormulaError(f"公式循环引用（{a1(pos)}）")
        book.evaluating.add(key)
        try:
            value = evaluate(book, sheet, sheet.formulas[pos], depth + 1)
        except _TooDeep:
            raise
        except FormulaError as exc:
            book.evaluated[key] = str(exc)
            raise
        finally:
            book.evaluating.discard(key)
        book.evaluated[key] = value
        return value
    v = sheet.values.get(pos)
    if v is None:
        return Decimal(0)
    if isinstance(v, bool):
        raise FormulaError(f"公式引用的单元格 {a1(pos)} 不是数字")
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            raise FormulaError(f"公式引用的单元格 {a1(pos)} 不是数字")
        return Decimal(repr(v))
    if isinstance(v, Decimal):
        return v
    text = str(v).strip()
    if _NUMBER.match(text):
        return Decimal(text)
    raise FormulaError(f"公式引用的单元格 {a1(pos)} 不是数字（「{text[:20]}」）")
