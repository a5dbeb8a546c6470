"""Writing a report as an .xlsx workbook in the official layout.

Two sheets:

- 「年度报告」: the whole report in its order, so that printing the workbook prints the
  report: the title; each text section as a heading and one paragraph a row (a paragraph too
  long for one row continues at a sentence end; 「（续）」 beside each row); tables 二, 三, 四
  exactly as the official template draws them (labels and spans from the form definition
  become merged cells) with borders, wrapped labels and the computed cells as live
  ``=SUM(…)`` formulas, so that an edit in WPS or Excel keeps the totals right; the tables'
  notes. A4 print setup fitted to the page width. The sheet is protected without a password:
  the totals and labels cannot be typed over by accident, figures and paragraphs can. The
  three tables have different column grids; they are laid onto one sheet grid whose column
  boundaries are the union of the tables' own (from ``col_weights``), except that every
  number column of 表三 is one sheet column (a pasted block lands cell by cell).
- 「报告信息」 (hidden, not printed): a format marker and version, the metadata, the exact
  fee amount and last year's reference figures and texts, one row per item with its key, so
  that reading the file back restores the document exactly.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import zipfile
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.core.document import Document
from app.core.limits import clean_text as unicode_clean
from app.core.values import Value, format_value, places
from app.form import FORM, CellDef, Kind, TableDef
from app.io.jsonfile import FORMAT_ID

FORMAT_MARKER = FORMAT_ID  # the info sheet's mark of the program's own workbook
FORMAT_VERSION = 2  # 2: the texts in the report sheet, in order (1: a 「报告正文」 sheet)
SHEET_REPORT = "年度报告"
REPORT_PART = "xl/worksheets/sheet1.xml"  # openpyxl writes the first sheet here
SHEET_TEXTS = "报告正文"  # the texts of format version 1 (read, no longer written)
SHEET_INFO = "报告信息"
INFO_HEADERS = ("项目", "内容", "代码", "精确值")
CONTINUED = "（续）"
TEXT_CHUNK = 16_000  # Excel holds at most 32 767 characters in a cell; escaping may double
LAST_PREFIX = "last_year."
TOTAL_WIDTH = 96.0  # sum of the report sheet's column widths (Excel character units)
SNAP = 0.012  # column boundaries closer than this share one sheet column edge
ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_workbook(doc: Document, path: Path | str) -> None:
    """Write ``doc`` to ``path`` atomically; raise WriteError on failure."""
    from app.io.atomic import write_bytes_atomic

    write_bytes_atomic(Path(path), workbook_bytes(doc))


def workbook_bytes(doc: Document) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    st = _Styles()
    report = wb.active
    report.title = SHEET_REPORT
    totals: dict[str, Value] = {}
    _write_report(report, doc, st, totals)
    _write_info(wb.create_sheet(SHEET_INFO), doc, st)
    if doc.included:  # a 汇总: the reports it adds up, as an appendix
        from app.io.included_sheet import SHEET_INCLUDED, write_included

        write_included(wb.create_sheet(SHEET_INCLUDED), doc)
    wb.calculation.fullCalcOnLoad = True
    buf = io.BytesIO()
    wb.save(buf)
    return _with_cached_totals(buf.getvalue(), totals)


# an empty result as openpyxl writes it: <v/> (xml.etree) or <v></v> (with lxml installed)
_EMPTY_RESULT = re.compile(rb'(<c r="([A-Z]+[0-9]+)"[^>]*><f>[^<]*</f>)(?:<v\s*/>|<v></v>)(</c>)')


def _with_cached_totals(package: bytes, totals: dict[str, Value]) -> bytes:
    """Store each total's result beside its formula, as Excel does when it saves.

    openpyxl writes formulas without results; Excel and WPS recalculate on opening
    (``fullCalcOnLoad``), but readers that do not calculate (previewers, pandas, openpyxl
    with ``data_only``, other offices' scripts) would see empty totals.
    """
    src = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == REPORT_PART:

                def fill(m: re.Match[bytes]) -> bytes:
                    value = totals.get(m.group(2).decode("ascii"))
                    if value is None:
                        return m.group(0)
                    return (
                        m.group(1)
                        + b"<v>"
                        + format_value(value).encode("ascii")
                        + b"</v>"
                        + m.group(3)
                    )

                data = _EMPTY_RESULT.sub(fill, data)
            dst.writestr(info, data)
    return out.getvalue()


def normalise_text(text: str) -> str:
    """What a cell can hold of ``text``: XML-illegal control characters removed, CRLF → LF."""
    text = unicode_clean(text)  # a lone surrogate cannot be written as UTF-8 (app.core.limits)
    return ILLEGAL_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_text(text: str) -> str:
    """``normalise_text`` plus a literal ``_xHHHH_`` protected the way Excel does (``_x005F_``
    before it), since spreadsheet programs decode such sequences."""
    return ESCAPE_LIKE.sub("_x005F_", normalise_text(text))


def chunks(text: str) -> list[str]:
    """``text`` in pieces that fit a cell even after escaping (at most 32 767 characters)."""
    text = normalise_text(text)
    return [text[i : i + TEXT_CHUNK] for i in range(0, len(text), TEXT_CHUNK)] or [""]


ROW_LINES = 24  # lines of a text row at most: 24 × 15 pt stays under Excel's 409 pt


def paragraph_rows(text: str) -> list[str]:
    """``text`` as the text sheet's rows: one paragraph a row (a paragraph too long for one
    row continues at a sentence end), each row but the last ending with its line break, so
    that joining the rows gives the text back exactly."""
    text = normalise_text(text)
    room = int(_chars_per_line(TEXT_WIDTH)) * ROW_LINES
    rows: list[str] = []
    lines = text.split("\n")
    for n, line in enumerate(lines):
        end = "\n" if n < len(lines) - 1 else ""
        while len(line) > room:
            cut = max(line.rfind("。", 0, room), line.rfind("；", 0, room)) + 1
            cut = cut if cut > room // 2 else room
            rows.append(line[:cut])
            line = line[cut:]
        rows.append(line + end)
    return rows


def money_format(value: Decimal) -> str:
    n = places(value)
    return "0." + "0" * n if n else "0"


# ---------------------------------------------------------------- styles


class _Styles:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.font = Font(name="宋体", size=10.5)
        self.bold = Font(name="宋体", size=10.5, bold=True)
        self.title_font = Font(name="宋体", size=16, bold=True)
        self.heading_font = Font(name="黑体", size=12)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.top_left = Alignment(horizontal="left", vertical="top", wrap_text=True)
        self.computed_fill = PatternFill("solid", fgColor="F2F2F2")
        self.header_fill = PatternFill("solid", fgColor="FAFAFA")
        self.unlocked = Protection(locked=False)
        self.muted = Font(name="宋体", size=9, color="A6A6A6")
        self._arrays: dict[tuple[str, ...], Any] = {}
        self._validations: dict[Kind, Any] = {}

    def validation(self, ws: Any, kind: Kind) -> Any:
        """The sheet's input rule for ``kind``: Excel/WPS refuse what the report cannot hold."""
        dv = self._validations.get(kind)
        if dv is None:
            from openpyxl.worksheet.datavalidation import DataValidation

            money = kind is Kind.MONEY
            dv = DataValidation(
                type="decimal" if money else "whole",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="数字不正确",
                error="请填写不小于 0 的金额（万元）" if money else "请填写不小于 0 的整数（件数）",
            )
            ws.add_data_validation(dv)
            self._validations[kind] = dv
        return dv

    def apply(self, cell: Any, *names: str, number_format: str = "") -> None:
        """Give ``cell`` a combination of named attributes, reusing the style record.

        Setting style attributes through openpyxl hashes them every time; copying the
        style array of the first cell that had the combination is much faster.
        """
        key = (*names, number_format)
        arr = self._arrays.get(key)
        if arr is not None:
            cell._style = copy(arr)
            return
        for n in names:
            attr, value = _STYLE_ATTRS[n]
            setattr(cell, attr, getattr(self, value))
        if number_format:
            cell.number_format = number_format
        self._arrays[key] = copy(cell._style)


_STYLE_ATTRS = {
    "border": ("border", "border"),
    "font": ("font", "font"),
    "bold": ("font", "bold"),
    "title": ("font", "title_font"),
    "heading": ("font", "heading_font"),
    "center": ("alignment", "center"),
    "left": ("alignment", "left"),
    "top_left": ("alignment", "top_left"),
    "computed": ("fill", "computed_fill"),
    "header": ("fill", "header_fill"),
    "input": ("protection", "unlocked"),  # the only cells typing may change on a protected sheet
    "muted": ("font", "muted"),
}


def _merge(ws: Any, r0: int, c0: int, r1: int, c1: int) -> None:
    """Merge a block (1-based, inclusive) without openpyxl's slow border re-creation.

    The cells under the merge are already styled by the caller and hold no value.
    """
    from openpyxl.worksheet.cell_range import CellRange

    ws.merged_cells.add(CellRange(min_col=c0, min_row=r0, max_col=c1, max_row=r1))


def _put_text(cell: Any, text: str) -> None:
    """Store ``text`` as a string even when it starts with ``=`` (never a formula)."""
    cell.value = clean_text(text)
    if cell.value:
        cell.data_type = "s"


put_text = _put_text  # for the other workbooks the program writes (review results)


# ---------------------------------------------------------------- the shared column grid


@dataclass(frozen=True)
class _Grid:
    widths: tuple[float, ...]  # sheet column widths
    starts: dict[str, tuple[int, ...]]  # table id → sheet column of each grid column edge

    def span(self, table: str, col: int, colspan: int) -> tuple[int, int]:
        """Sheet columns (0-based, inclusive) covered by grid columns col … col+colspan-1."""
        edges = self.starts[table]
        return edges[col], edges[col + colspan] - 1


def _edges(t: TableDef) -> list[float]:
    """A table's column edges as fractions of the width, from its printed weights."""
    total = sum(t.col_weights)
    acc = 0.0
    mine = [0.0]
    for w in t.col_weights:
        acc += w
        mine.append(acc / total)
    mine[-1] = 1.0
    return mine


def _fit_to_anchor(edges: list[float], anchor: list[float], free: float) -> list[float]:
    """``edges`` moved so that none falls inside a column of ``anchor`` right of ``free``.

    From the right, each edge past ``free`` snaps to the nearest anchor edge left of the
    edge already placed; edges that no longer find one share the room left of it evenly.
    """
    out = [1.0]
    data = [a for a in anchor if a >= free - 1e-9]
    for i in range(len(edges) - 2, -1, -1):
        e, right = edges[i], out[0]
        if e < free - 1e-9 and e < right:
            out.insert(0, e)
            continue
        room = [a for a in data if a < right - 1e-9]
        if room and i > 0:
            out.insert(0, min(room, key=lambda a: abs(a - e)))
            continue
        # no anchor edge left: spread the remaining edges over [0, right)
        out[:0] = [right * k / (i + 1) for k in range(i + 1)]
        break
    return out


def _grid(tables: tuple[TableDef, ...]) -> _Grid:
    """The sheet's columns: every table's own, 表三's number columns one sheet column each
    (so that a block pasted into them lands cell by cell); the other tables' edges that
    would fall inside them move to 表三's edges, or, short of room, into its label columns."""
    cuts: list[float] = []
    table_cuts: dict[str, list[float]] = {}
    anchor_table = max(tables, key=lambda t: len(t.cells))  # 表三
    anchor = _edges(anchor_table)
    free = anchor[anchor_table.label_cols]
    for t in tables:
        mine = _edges(t) if t is anchor_table else _fit_to_anchor(_edges(t), anchor, free)
        table_cuts[t.id] = mine
        cuts.extend(mine)
    merged: list[float] = []
    for x in sorted(cuts):
        if not merged or x - merged[-1] > SNAP:
            merged.append(x)
    merged[-1] = 1.0

    def nearest(x: float) -> int:
        return min(range(len(merged)), key=lambda i: abs(merged[i] - x))

    starts = {tid: tuple(nearest(x) for x in xs) for tid, xs in table_cuts.items()}
    widths = tuple((b - a) * TOTAL_WIDTH for a, b in itertools.pairwise(merged))
    return _Grid(widths, starts)


GRID = _grid(FORM.tables)
TEXT_WIDTH = TOTAL_WIDTH - GRID.widths[0]  # a paragraph's merged cell (Excel character units)


def _chars_per_line(width_units: float) -> float:
    return max(1.0, width_units / 2.05)  # a CJK character at 10.5 pt ≈ 2 width units


def _lines(text: str, width_units: float) -> int:
    per = _chars_per_line(width_units)
    return sum(max(1, math.ceil(len(p) / per)) for p in text.split("\n"))


# ---------------------------------------------------------------- report sheet


def _write_report(ws: Any, doc: Document, st: _Styles, totals: dict[str, Value]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    n_cols = len(GRID.widths)
    for i, w in enumerate(GRID.widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = round(w, 2)

    title = ws.cell(row=1, column=1)
    _put_text(title, FORM.title(doc.agency, doc.year))
    st.apply(title, "title", "center")
    _merge(ws, 1, 1, 1, n_cols)
    ws.row_dimensions[1].height = 42

    row = 3  # 1-based sheet row of the next thing to write
    notes = {key: label for label, key in text_rows()}
    for section in FORM.sections:
        if section.is_text:
            row = _write_text(ws, row, section.title, doc.texts.get(section.key, ""), st) + 1
            continue
        table = FORM.table(section.key)
        if table.id == "t3":
            ws.row_breaks.append(Break(id=row - 1))
        head = ws.cell(row=row, column=1)
        _put_text(head, section.title)
        st.apply(head, "heading")
        ws.row_dimensions[row].height = 24
        row += 1
        row = _write_table(ws, table, row, doc, st, totals)
        note_key = f"note.{table.id}"
        note = doc.texts.get(note_key, "")
        if note:
            row = _write_text(ws, row, notes[note_key], note, st, muted=True)
        row += 1

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.sheet_view.showGridLines = False
    # Totals are formulas: protected (no password) so that they cannot be typed over by
    # accident; the input cells are unlocked. 审阅 → 撤销工作表保护 lifts it.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _write_table(
    ws: Any, table: TableDef, top: int, doc: Document, st: _Styles, totals: dict[str, Value]
) -> int:
    """Write ``table`` with its first grid row at sheet row ``top``; return the next free row.

    ``totals`` receives each computed cell's coordinate and value (its formula's result)."""
    first, last = GRID.span(table.id, 0, table.n_cols)
    for r in range(table.n_rows):
        for c in range(first, last + 1):
            st.apply(ws.cell(row=top + r, column=c + 1), "border", "font", "center")
    heights = [18.0] * table.n_rows

    def place(r: int, c: int, rowspan: int, colspan: int) -> tuple[Any, float]:
        c0, c1 = GRID.span(table.id, c, colspan)
        if rowspan > 1 or c1 > c0:
            _merge(ws, top + r, c0 + 1, top + r + rowspan - 1, c1 + 1)
        return ws.cell(row=top + r, column=c0 + 1), sum(GRID.widths[c0 : c1 + 1])

    for label in table.labels:
        cell, width = place(label.row, label.col, label.rowspan, label.colspan)
        _put_text(cell, label.text)
        if label.header:
            st.apply(cell, "border", "font", "center", "header")
        need = (_lines(label.text, width) * 14.5 + 5) / label.rowspan
        heights[label.row] = max(heights[label.row], need)

    anchors: dict[str, tuple[int, int]] = {}  # cell key → (row, column) on the sheet
    for cd in table.cells:
        cell, _ = place(cd.row, cd.col, 1, cd.colspan)
        anchors[cd.key] = (cell.row, cell.column)
    for cd in table.cells:
        cell = ws.cell(*anchors[cd.key])
        if cd.computed:
            cell.value = _sum_formula(cd, anchors)
            totals[cell.coordinate] = doc.number(cd.key)
            st.apply(cell, "border", "font", "center", "computed", number_format="0")
        else:
            _put_value(cell, cd, doc.values.get(cd.key), st)
            st.validation(ws, cd.kind).add(cell.coordinate)
    for r, h in enumerate(heights):
        ws.row_dimensions[top + r].height = round(h, 1)
    return top + table.n_rows


def _put_value(cell: Any, cd: CellDef, value: Value, st: _Styles) -> None:
    """An input cell: its figure (none when blank), styled once with the figure's format."""
    fmt = ""
    if value is None:
        pass
    elif isinstance(value, Decimal) or cd.kind is Kind.MONEY:
        d = Decimal(value)
        cell.value = int(d) if d == d.to_integral_value() and places(d) == 0 else float(d)
        fmt = money_format(d)
    else:
        cell.value = int(value)
        fmt = "0"
    st.apply(cell, "border", "font", "center", "input", number_format=fmt)


def _sum_formula(cd: CellDef, anchors: dict[str, tuple[int, int]]) -> str:
    from openpyxl.utils.cell import get_column_letter

    def ref(row: int, col: int) -> str:
        return f"{get_column_letter(col)}{row}"

    spots = [anchors[p] for p in cd.parts]
    rows = {r for r, _ in spots}
    r0, r1 = min(rows), max(rows)
    c0, c1 = min(c for _, c in spots), max(c for _, c in spots)
    # A single SUM over a rectangle is valid when nothing else with a value lies inside it.
    inside = {k for k, (r, c) in anchors.items() if r0 <= r <= r1 and c0 <= c <= c1}
    if (len(rows) == 1 or c0 == c1) and inside == set(cd.parts):
        return f"=SUM({ref(r0, c0)}:{ref(r1, c1)})"
    return "=SUM(" + ",".join(ref(*anchors[p]) for p in cd.parts) + ")"


# ---------------------------------------------------------------- text sheet


def text_rows() -> list[tuple[str, str]]:
    """(row title, text key) of the text sheet, in order."""
    rows = [(s.title, s.key) for s in FORM.sections if s.is_text]
    rows += [(label, key) for key, label in FORM.text_notes.items()]
    return rows


def _write_text(ws: Any, row: int, title: str, text: str, st: _Styles, muted: bool = False) -> int:
    """A text section in the report's order: its heading over the whole width, then one
    paragraph a row (「（续）」 beside each, where the reader picks them up), the paragraphs
    left open for typing on the protected sheet. Returns the next free row."""
    n_cols = len(GRID.widths)
    head = ws.cell(row=row, column=1)
    _put_text(head, title)
    st.apply(head, "muted" if muted else "heading", "left")
    _merge(ws, row, 1, row, n_cols)
    ws.row_dimensions[row].height = 18 if muted else 24
    row += 1
    for part in paragraph_rows(text):
        a = ws.cell(row=row, column=1)
        _put_text(a, CONTINUED)
        st.apply(a, "muted", "top_left")
        b = ws.cell(row=row, column=2)
        _put_text(b, part)
        st.apply(b, "font", "top_left", "input")
        _merge(ws, row, 2, row, n_cols)
        shown = part[:-1] if part.endswith("\n") else part
        ws.row_dimensions[row].height = min(409, max(18, 15 * _lines(shown, TEXT_WIDTH) + 6))
        row += 1
    return row


# ---------------------------------------------------------------- info sheet


def _write_info(ws: Any, doc: Document, st: _Styles) -> None:
    for col, width in zip("ABCD", (44, 60, 36, 20), strict=True):
        ws.column_dimensions[col].width = width
    rows: list[tuple[str, Any, str, str]] = [
        ("文件格式（请勿修改本表的“代码”列）", FORMAT_MARKER, "format", ""),
        ("格式版本", FORMAT_VERSION, "version", ""),
        ("报告格式依据", FORM.notice, "notice", ""),
    ]
    for m in FORM.meta:
        rows.append((m.label, getattr(doc, m.key), m.key, ""))
    for key, cd in FORM.cells.items():
        if cd.kind is Kind.MONEY:
            v = doc.values.get(key)
            exact = "" if v is None else format(v, "f")
            rows.append((f"{FORM.describe(key)}（精确值）", exact, key, exact))
    for key in ("agency", "year"):
        label = f"上年报告·{FORM.meta_field(key).label}"
        rows.append((label, getattr(doc.last_year, key), LAST_PREFIX + key, ""))
    for key in FORM.cells:
        lv = doc.last_year.values.get(key)
        if lv is None:
            continue
        exact = format(lv, "f") if isinstance(lv, Decimal) else ""
        rows.append((f"上年·{FORM.describe(key)}", lv, LAST_PREFIX + key, exact))
    for title, key in text_rows():
        text = doc.last_year.texts.get(key, "")
        if text:
            for i, part in enumerate(chunks(text)):
                label = f"上年·{title}" if i == 0 else CONTINUED
                rows.append((label, part, LAST_PREFIX + key, ""))

    if doc.included:  # a 汇总's list of reports, read back with the document
        from app.io.jsonfile import included_text

        for i, part in enumerate(chunks(included_text(doc))):
            rows.append(("汇总范围（见附表）" if i == 0 else CONTINUED, part, "included", ""))
    for c, h in enumerate(INFO_HEADERS, start=1):
        cell = ws.cell(row=1, column=c, value=h)
        st.apply(cell, "bold", "border", "header")
    for r, (label, value, key, exact) in enumerate(rows, start=2):
        a = ws.cell(row=r, column=1)
        _put_text(a, label)
        b = ws.cell(row=r, column=2)
        _put_text(ws.cell(row=r, column=3), key)
        if exact:
            _put_text(ws.cell(row=r, column=4), exact)
        for c in (1, 3, 4):
            st.apply(ws.cell(row=r, column=c), "font", "border", "top_left")
        fmt = ""
        if isinstance(value, Decimal):
            b.value = float(value)
            fmt = money_format(value)
        elif isinstance(value, str):
            _put_text(b, value)
        else:
            b.value = value
        st.apply(b, "font", "border", "top_left", number_format=fmt)
    ws.freeze_panes = "A2"
    ws.sheet_state = "hidden"  # the program's record: not printed with the workbook
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
