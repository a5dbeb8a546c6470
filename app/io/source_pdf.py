"""A PDF with a text layer (as Word, WPS or LibreOffice export the report) as a sheet of cells.

Read with pypdfium2 (PDFium: a compiled parser, a tenth of pdfplumber's time and no
pdfminer/Pillow in the bundle). Tables are rebuilt from the lines drawn on the page: thin
path objects become horizontal and vertical rules, rules that touch form a table, the
rules' positions give its grid, and a missing rule between two grid cells makes them one
merged cell; each cell's text is the text inside it. A table running over two pages with
the same columns continues on the next rows (page numbers and running headers in the
margins are dropped). Text outside tables becomes paragraphs: lines are joined while a
line runs to the right margin and the next is not indented. A PDF without any text (a scan)
is refused with a message saying so: there is no OCR. Bounded in pages, objects and time.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from app.io.errors import ReadError
from app.io.sheetgrid import Book
from app.io.source_grid import SheetBuilder, check_size, read_errors

MAX_PAGES = 200
MAX_OBJECTS = 50_000  # drawing objects on one page
MAX_GRID_CELLS = 20_000  # grid cells of one table
MAX_RULE_PAIRS = 1_000_000  # horizontal × vertical rules on a page (a report's: under 1,000)
MAX_SECONDS = 10.0
SCAN_CHARS_PER_PAGE = 30  # fewer characters than this a page, and no table: a scan
TOL = 2.0  # points: rules closer than this are one
THIN = 3.0  # points: a path this thin in one direction is a rule
MIN_CELL = 4.0  # points: no row or column is narrower (a digit is about 5 points wide)

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页.*|\d+\s*/\s*\d+|page\s*\d+.*)$", re.I
)


def load(data: bytes, name: str) -> Book:
    """The PDF's tables and paragraphs as one sheet; ReadError for anything else."""
    pdf = _open(data, name)
    try:
        with read_errors(name, " PDF 文件"):
            return _Reader(pdf, name).read()
    finally:
        pdf.close()


def load_text(data: bytes, name: str) -> str:
    """The PDF's text line by line, as text pulled out of a PDF looks (a row label and its
    numbers separated by spaces), tables included, page numbers and running headers left
    out: for reports whose tables are not drawn with lines."""
    pdf = _open(data, name)
    try:
        with read_errors(name, " PDF 文件"):
            return _Reader(pdf, name, plain=True).text()
    finally:
        pdf.close()


def _open(data: bytes, name: str) -> Any:
    check_size(data, name)
    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise ReadError(f"文件「{name}」不是 PDF 文件（可能是改了扩展名的其他文件）")
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(
                f"文件「{name}」设置了打开密码（已加密），请取消密码或改用 Word 版的报告"
            ) from exc
        raise ReadError(f"文件「{name}」已损坏，无法打开") from exc


# ---------------------------------------------------------------- page content


@dataclass
class _Rule:
    at: float  # y of a horizontal rule, x of a vertical one
    lo: float  # its extent along the other axis
    hi: float


@dataclass
class _Table:
    top: float
    bottom: float
    left: float
    right: float
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom (PDF y grows upwards)
    h_rules: list[_Rule]
    v_rules: list[_Rule]
    cells: list[tuple[int, int, int, int, str]] = field(default_factory=list)  # r0 c0 r1 c1


@dataclass
class _Line:
    top: float
    bottom: float
    left: float
    right: float
    text: str


def clean(text: str) -> str:
    """PDF text with line ends and the gaps PDFium reads as spaces between CJK removed."""
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        if _latin(out, line):
            out += " "
        out += line
    return _CJK_GAP.sub("", re.sub(r"[ \t\u00a0]+", " ", out)).strip()


class _Reader:
    def __init__(self, pdf: Any, name: str, plain: bool = False) -> None:
        self.pdf = pdf
        self.name = name
        self.plain = plain  # text only: no tables, a space at every gap in a line
        self.out = SheetBuilder(name)
        self.deadline = time.monotonic() + MAX_SECONDS
        self.chars = 0
        self.head: list[list[tuple[int, int, str]]] = []  # first rows of the current table

    def read(self) -> Book:
        pages = self._pages()
        self._lay_out(pages)
        if not self.out.sheet.values:
            raise ReadError(f"文件「{self.name}」中没有可读取的文字")
        return self.out.book()

    def text(self) -> str:
        pages = self._pages()
        running = _running(pages)
        return "\n".join(
            ln.text
            for height, _, lines in pages
            for ln in lines
            if not _in_margin(ln, height, running)
        )

    def _pages(self) -> list[tuple[float, list[_Table], list[_Line]]]:
        n = len(self.pdf)
        if n > MAX_PAGES:
            raise ReadError(
                f"文件「{self.name}」有 {n} 页，不像是一份年度报告（最多 {MAX_PAGES} 页）"
            )
        pages = [self._page(i) for i in range(n)]
        no_tables = not any(tables for _, tables, _ in pages)
        if self.chars == 0 or (no_tables and self.chars < SCAN_CHARS_PER_PAGE * n):
            # nothing, or only a stamp or page numbers on images of pages
            raise ReadError(
                f"文件「{self.name}」中没有可读取的文字（可能是扫描件或图片），"
                "本程序不能识别图片中的文字：请改用 Word 或网页版的报告，或手工填写"
            )
        return pages

    def _check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise ReadError(f"文件「{self.name}」内容过于复杂，读取超时")

    # -- one page ----------------------------------------------------------------
    def _page(self, index: int) -> tuple[float, list[_Table], list[_Line]]:
        self._check_time()
        page = self.pdf[index]
        try:
            height = float(page.get_size()[1])
            textpage = page.get_textpage()
            try:
                self.chars += textpage.count_chars()
                h, v = self._rules(page) if not self.plain else ([], [])
                if len(h) * len(v) > MAX_RULE_PAIRS:
                    raise ReadError(f"文件「{self.name}」的页面内容过于复杂，不像是一份年度报告")
                tables = _tables(h, v)
                if any((len(t.ys) - 1) * (len(t.xs) - 1) > MAX_GRID_CELLS for t in tables):
                    raise ReadError(f"文件「{self.name}」中的表格过大，不像是一份年度报告")
                tables = [self._cells(t, textpage) for t in tables]
                lines = self._lines(textpage, tables)
            finally:
                textpage.close()
        finally:
            page.close()
        return height, tables, lines

    def _rules(self, page: Any) -> tuple[list[_Rule], list[_Rule]]:
        import ctypes

        import pypdfium2.raw as pdfium_c

        h: list[_Rule] = []
        v: list[_Rule] = []
        objects = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4)
        for count, obj in enumerate(objects, start=1):
            if count > MAX_OBJECTS:
                raise ReadError(f"文件「{self.name}」的页面内容过于复杂，不像是一份年度报告")
            left, bottom, right, top = obj.get_bounds()
            w, hgt = right - left, top - bottom
            if hgt <= THIN and w > THIN:
                h.append(_Rule((top + bottom) / 2, left, right))
            elif w <= THIN and hgt > THIN:
                v.append(_Rule((left + right) / 2, bottom, top))
            elif w > THIN and hgt > THIN:
                fill, stroke = ctypes.c_int(), ctypes.c_int()
                pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
                if stroke.value:  # a stroked rectangle: its four sides are rules
                    h += [_Rule(bottom, left, right), _Rule(top, left, right)]
                    v += [_Rule(left, bottom, top), _Rule(right, bottom, top)]
        return _join(h), _join(v)

    def _cells(self, t: _Table, textpage: Any) -> _Table:
        self._check_time()
        rows, cols = len(t.ys) - 1, len(t.xs) - 1
        parent = list(range(rows * cols))

        def find(a: int) -> int:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        for i in range(rows):
            mid_y = (t.ys[i] + t.ys[i + 1]) / 2
            for j in range(cols):
                mid_x = (t.xs[j] + t.xs[j + 1]) / 2
                if j + 1 < cols and not t_has(t.v_rules, t.xs[j + 1], mid_y):
                    parent[find(i * cols + j)] = find(i * cols + j + 1)
                if i + 1 < rows and not t_has(t.h_rules, t.ys[i + 1], mid_x):
                    parent[find(i * cols + j)] = find((i + 1) * cols + j)
        boxes: dict[int, list[int]] = {}
        for i in range(rows):
            for j in range(cols):
                b = boxes.setdefault(find(i * cols + j), [i, j, i, j])
                b[0], b[1] = min(b[0], i), min(b[1], j)
                b[2], b[3] = max(b[2], i), max(b[3], j)
        for r0, c0, r1, c1 in sorted(map(tuple, boxes.values())):
            text = textpage.get_text_bounded(
                left=t.xs[c0] + 0.5,
                bottom=t.ys[r1 + 1] + 0.5,
                right=t.xs[c1 + 1] - 0.5,
                top=t.ys[r0] - 0.5,
            )
            t.cells.append((r0, c0, r1, c1, clean(text)))
        return t

    def _lines(self, textpage: Any, tables: list[_Table]) -> list[_Line]:
        pieces: list[_Line] = []
        n = textpage.count_rects()
        if n > MAX_OBJECTS:
            raise ReadError(f"文件「{self.name}」的页面内容过于复杂，不像是一份年度报告")
        for k in range(n):
            left, bottom, right, top = textpage.get_rect(k)
            cx, cy = (left + right) / 2, (top + bottom) / 2
            if any(
                t.left - TOL <= cx <= t.right + TOL and t.bottom - TOL <= cy <= t.top + TOL
                for t in tables
            ):
                continue
            text = textpage.get_text_bounded(left=left, bottom=bottom, right=right, top=top)
            if text.strip():
                pieces.append(_Line(top, bottom, left, right, text))
        pieces.sort(key=lambda p: -p.top)
        rows: list[list[_Line]] = []
        for p in pieces:  # pieces overlapping vertically form one line (fonts differ in height)
            mid = (p.top + p.bottom) / 2
            last = rows[-1][0] if rows else None
            if last is not None and (
                last.bottom <= mid <= last.top or p.bottom <= (last.top + last.bottom) / 2 <= p.top
            ):
                rows[-1].append(p)
            else:
                rows.append([p])
        lines: list[_Line] = []
        for row in rows:
            row.sort(key=lambda p: p.left)
            line = _Line(max(p.top for p in row), min(p.bottom for p in row), row[0].left, 0, "")
            for p in row:
                if line.text:
                    gap = p.left - line.right
                    wide = gap > (p.top - p.bottom) * 0.8  # a space only between Latin words
                    latin = self.plain or _latin(line.text, p.text)  # (or, as text, at any gap)
                    line.text = line.text.rstrip() + (" " if wide and latin else "")
                line.text += p.text.strip() if line.text else p.text.lstrip()
                line.right = max(line.right, p.right)
            lines.append(line)
        for line in lines:
            line.text = clean(line.text)
        return [line for line in lines if line.text]

    # -- the sheet -----------------------------------------------------------------
    def _lay_out(self, pages: list[tuple[float, list[_Table], list[_Line]]]) -> None:
        body = [ln for _, _, lines in pages for ln in lines]
        left = min((ln.left for ln in body), default=0.0)
        right = max((ln.right for ln in body), default=0.0)
        heights = sorted(ln.top - ln.bottom for ln in body)
        text_size = heights[len(heights) // 2] if heights else 0.0
        margins = _running(pages)
        items: list[tuple[int, Any]] = []  # (page, table or line) in reading order
        for page, (height, tables, lines) in enumerate(pages):
            on_page: list[tuple[float, Any]] = [(t.top, t) for t in tables]
            on_page += [(ln.top, ln) for ln in lines if not _in_margin(ln, height, margins)]
            on_page.sort(key=lambda it: -it[0])
            items += [(page, item) for _, item in on_page]
        para: list[_Line] = []

        def flush() -> None:
            if para:
                self.out.paragraph(
                    "".join(_joinable(a, b) for a, b in zip([None, *para], para, strict=False))
                )
                para.clear()

        i = 0
        while i < len(items):
            page, item = items[i]
            if isinstance(item, _Table):
                flush()
                run = [(page, item)]  # the parts of one table, broken by pages
                while i + 1 < len(items) and _continues_table(run[-1][1], items[i + 1][1]):
                    i += 1
                    run.append(items[i])
                self._put_run(run)
            else:
                size = item.top - item.bottom
                if para and not _continues(para[-1], item, left, right, size, text_size):
                    flush()
                para.append(item)
            i += 1
        flush()

    def _put_run(self, run: list[tuple[int, _Table]]) -> None:
        """Lay the parts of a table on the grid of all their columns (a part may lack a
        column boundary the others have); a part on a new page loses the header rows it
        repeats, and a row the page broke in two is joined again."""
        xs = _cluster([x for _, t in run for x in t.xs])
        self.head = []
        last_page = -1
        for page, t in run:
            cols = [_nearest(xs, x) for x in t.xs]
            new_page = bool(self.head) and page != last_page
            skip = self._repeated_header(t, cols) if new_page else 0
            glue = new_page and self._split_row(t, cols, skip)
            self._put_table(t, cols, skip, glue)
            if not self.head:
                self.head = [_signature(t, cols, r) for r in range(min(len(t.ys) - 1, 6))]
            last_page = page

    def _put_table(self, t: _Table, cols: list[int], skip: int, glue: bool) -> None:
        top = self.out.row - skip - (1 if glue else 0)  # the sheet row of the table's row 0
        sheet = self.out.sheet
        for r0, c0, r1, c1, text in t.cells:
            c0, c1 = cols[c0], cols[c1 + 1] - 1
            if r1 < skip:
                continue
            if r0 < skip:
                r0, text = skip, ""
            if glue and r0 == skip:
                if r1 == skip:  # the rest of the row the page broke: its text goes on
                    at = sheet.anchor((top + r0, c0))
                    before = sheet.values.get(at)
                    if text and isinstance(before, str):
                        sheet.values[at] = before + text
                    elif text:
                        self.out.put(top + r0, c0, text)
                    continue
                r0 += 1
            self.out.put(top + r0, c0, text)
            self.out.merge(top + r0, c0, top + r1, c1)
        self.out.row = top + len(t.ys) - 1

    def _repeated_header(self, t: _Table, cols: list[int]) -> int:
        """How many first rows of a continuation repeat the first rows of the table."""
        n = 0
        while n < len(self.head) and n < len(t.ys) - 1:
            sig = _signature(t, cols, n)
            if not any(text for _, _, text in sig) or sig != self.head[n]:
                break
            n += 1
        return n

    def _split_row(self, t: _Table, cols: list[int], row: int) -> bool:
        """Whether row ``row`` of a continuation is the rest of a row that the page broke
        (only the ends of labels in it, each below a label of the previous row)."""
        first = [(cols[c0], text) for r0, c0, r1, _, text in t.cells if r0 == r1 == row and text]
        if not first:
            return False
        last = self.out.row - 1
        for c0, text in first:
            before = self.out.sheet.values.get(self.out.sheet.anchor((last, c0)))
            if not isinstance(before, str) or _NUMBERISH.match(text) or _ROW_LABEL.match(text):
                return False
        return True


def _signature(t: _Table, cols: list[int], row: int) -> list[tuple[int, int, str]]:
    """The cells starting in a table row: (first column, last column, text)."""
    return sorted((cols[c0], cols[c1 + 1], text) for r0, c0, _, c1, text in t.cells if r0 == row)


_NUMBERISH = re.compile(r"^[\d０-９.,，\s件万元]*$")
_ROW_LABEL = re.compile(
    r"^(?:\d+[.．、]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)"
)


# ---------------------------------------------------------------- geometry helpers


def t_has(rules: list[_Rule], at: float, mid: float) -> bool:
    """Whether a rule lies at ``at`` across the point ``mid`` of the other axis."""
    return any(abs(r.at - at) <= TOL and r.lo - TOL <= mid <= r.hi + TOL for r in rules)


def _join(rules: list[_Rule]) -> list[_Rule]:
    """Collinear rules that touch or overlap joined into one."""
    out: list[_Rule] = []
    for r in sorted(rules, key=lambda r: (round(r.at / TOL), r.lo)):
        last = out[-1] if out else None
        if last is not None and abs(last.at - r.at) <= TOL and r.lo <= last.hi + TOL:
            last.hi = max(last.hi, r.hi)
        else:
            out.append(_Rule(r.at, r.lo, r.hi))
    return out


def _cluster(values: list[float]) -> list[float]:
    """Grid lines: rules closer than MIN_CELL (a double border) are one line."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > MIN_CELL:
            out.append(v)
    return out


def _tables(h: list[_Rule], v: list[_Rule]) -> list[_Table]:
    """Rules that cross or touch, grouped; each group of ≥ 2 × 2 rules is a table."""
    rules = [("h", r) for r in h] + [("v", r) for r in v]
    parent = list(range(len(rules)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, (kind_i, a) in enumerate(rules):
        if kind_i != "h":
            continue
        for j in range(len(h), len(rules)):
            b = rules[j][1]
            if a.lo - TOL <= b.at <= a.hi + TOL and b.lo - TOL <= a.at <= b.hi + TOL:
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list[_Rule], list[_Rule]]] = {}
    for i, (kind, r) in enumerate(rules):
        g = groups.setdefault(find(i), ([], []))
        (g[0] if kind == "h" else g[1]).append(r)
    tables: list[_Table] = []
    for hs, vs in groups.values():
        if not hs or not vs or len(hs) + len(vs) < 4:
            continue  # a lone rule or a cross: no table
        # a table drawn without its outer sides: the other rules' ends are its edges
        ys = _cluster([r.at for r in hs] + [max(r.hi for r in vs), min(r.lo for r in vs)])[::-1]
        xs = _cluster([r.at for r in vs] + [min(r.lo for r in hs), max(r.hi for r in hs)])
        if len(ys) < 2 or len(xs) < 2:
            continue
        tables.append(_Table(ys[0], ys[-1], xs[0], xs[-1], xs, ys, hs, vs))
    return tables


def _nearest(xs: list[float], x: float) -> int:
    """The index of the grid line nearest to ``x``."""
    return min(range(len(xs)), key=lambda k: abs(xs[k] - x))


def _continues_table(a: _Table, b: Any) -> bool:
    """Whether table ``b``, coming right after ``a``, is the rest of it: the same sides."""
    return (
        isinstance(b, _Table)
        and abs(a.left - b.left) <= 2 * TOL
        and abs(a.right - b.right) <= 2 * TOL
    )


def _running(pages: list[tuple[float, list[_Table], list[_Line]]]) -> set[str]:
    """Texts repeated in the top or bottom margin of several pages (running headers)."""
    seen: dict[str, int] = {}
    for height, _, lines in pages:
        for ln in lines:
            if ln.bottom < height * 0.08 or ln.top > height * 0.92:
                seen[ln.text] = seen.get(ln.text, 0) + 1
    return {t for t, n in seen.items() if n >= 2}


def _in_margin(ln: _Line, height: float, running: set[str]) -> bool:
    if not (ln.bottom < height * 0.1 or ln.top > height * 0.9):
        return False
    return ln.text in running or bool(_PAGE_NUMBER.match(ln.text))


def _continues(
    prev: _Line, line: _Line, left: float, right: float, size: float, text_size: float
) -> bool:
    """Whether ``line`` goes on with the paragraph whose last line is ``prev``: a body line
    that follows a full line without an indent, or the second line of a large centred title."""
    prev_size = prev.top - prev.bottom
    full = prev.right >= right - 2 * size
    flush_left = line.left <= left + 0.6 * size
    if full and flush_left and abs(prev_size - size) <= 0.15 * max(size, prev_size):
        return True
    middle = (left + right) / 2
    return (
        size > 1.2 * text_size
        and abs(prev_size - size) <= 0.15 * size
        and abs((prev.left + prev.right) / 2 - middle) <= size
        and abs((line.left + line.right) / 2 - middle) <= size
        and prev.bottom - line.top <= size
    )


def _latin(a: str, b: str) -> bool:
    """Whether ``a`` ends and ``b`` starts with a Latin letter or digit (a word space
    between them), but not both with digits: that is a number wrapped in a narrow cell."""
    a, b = a.rstrip()[-1:], b.lstrip()[:1]
    if a.isdigit() and b.isdigit():
        return False
    return a.isascii() and a.isalnum() and b.isascii() and b.isalnum()


def _joinable(a: _Line | None, b: _Line) -> str:
    """``b``'s text as it goes on after line ``a`` of the same paragraph."""
    if a is None:
        return b.text
    return " " + b.text if _latin(a.text, b.text) else b.text
