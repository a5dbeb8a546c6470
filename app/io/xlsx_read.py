"""Reading a report from a spreadsheet we did not write, by its labels (DESIGN §5).

The three tables are found by their labels wherever they are: any sheet, any offset, one
sheet or several. Rows are recognised by their row labels and columns by their headers,
with a forgiving matcher (spaces, line breaks, bracket widths, numbering styles and small
typos). Values are read leniently (dashes, 无, 「件」, notes in cells, numbers as text,
full-width digits, formulas without stored results) and everything assumed, ignored or
corrected goes into the :class:`ImportReport`, anchored to cell keys.

Our own workbooks (see :mod:`app.io.xlsx_write`) are recognised by the marker on their
「报告信息」 sheet; their tables are read by the same label reader, but blank stays
blank, and metadata, the exact fee amount and last year's reference come from that sheet.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from app.core.document import Document, LastYear
from app.core.values import Parsed, Value, ValueError_, parse_imported
from app.form import FORM, Kind
from app.form import format2019 as f19
from app.form.format2021 import (
    T2_BLOCKS,
    T2_CONTENT_HEADER,
    T2_FIRST_BLOCK_COLS,
    T3_APPLICANTS,
    T3_CARRY_FORWARD,
    T3_COLUMNS,
    T3_NOTE,
    T3_ORGS,
    T3_RESULT_GROUPS,
    T3_RESULTS,
    T3_RESULTS_TOTAL,
    T3_TOP_ROWS,
    T4_GROUPS,
    T4_RESULTS,
    T4_SUIT,
)
from app.io.errors import ReadError
from app.io.report import ImportReport
from app.io.sheetgrid import Book, FormulaError, Pos, Sheet, a1, evaluate, fill_cached_values
from app.io.xlsx_safety import unsafe_xml
from app.io.xlsx_write import (
    CONTINUED,
    FORMAT_MARKER,
    FORMAT_VERSION,
    LAST_PREFIX,
    SHEET_TEXTS,
    text_rows,
)

FUZZY = 0.8  # difflib ratio for a label with a typo
FUZZY_MIN_LEN = 4  # shorter labels must match exactly
LABEL_COLS = 25  # how far left of the data columns row labels are looked for
HEADER_SPAN = 40  # how far right of a label its column headers are looked for
MAX_TABLE_ROWS = 80

# ---------------------------------------------------------------- label matching

_DROP = re.compile(r"[\s、，,。.．:：;；·•・\"'“”‘’「」『』()（）\[\]【】<>《》〈〉_—–\-]+")
_NUMBERING = re.compile(r"^(?:第?[一二三四五六七八九十]{1,3}(?:项)?|\d{1,2})(?=\D)")


def norm(text: str) -> str:
    """A label reduced to its letters: NFKC, no spaces, line breaks or punctuation."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text)).lower()


def bare(text: str) -> str:
    """``norm`` without a leading item number (一、 （一） 1. …)."""
    n = norm(text)
    stripped = _NUMBERING.sub("", n, count=1)
    return stripped or n


def score(text: str, label: str, text_counts: Counter[str] | None = None) -> float:
    """How well ``text`` (normalised) matches ``label`` (normalised): 0 … 1."""
    if not text or not label:
        return 0.0
    if text == label:
        return 1.0
    short, long_ = sorted((text, label), key=len)
    if len(short) < FUZZY_MIN_LEN:
        return 0.0
    if long_.startswith(short) and len(short) >= 4:
        return 0.85 + 0.1 * len(short) / len(long_)
    total = len(text) + len(label)
    if 2 * len(short) < FUZZY * total:
        return 0.0  # too different in length
    tc = text_counts if text_counts is not None else Counter(text)
    if 2 * sum((tc & _label_counts(label)).values()) < FUZZY * total:
        return 0.0  # too few characters in common
    r = SequenceMatcher(None, text, label).ratio()
    return r if r >= FUZZY else 0.0


_LABEL_COUNTS: dict[str, Counter[str]] = {}
_BEST_CACHE: dict[tuple[str, int], tuple[str, float]] = {}


def _label_counts(label: str) -> Counter[str]:
    c = _LABEL_COUNTS.get(label)
    if c is None:
        c = _LABEL_COUNTS[label] = Counter(label)
    return c


def best(text: str, candidates: dict[str, str]) -> tuple[str, float]:
    """The candidate key whose label best matches ``text`` (normalised); ("", 0) if none.

    ``candidates`` must be one of this module's constant tables (results are memoised).
    """
    if text in candidates:
        return candidates[text], 1.0
    if len(text) < FUZZY_MIN_LEN:
        return "", 0.0
    memo = (text, id(candidates))
    hit = _BEST_CACHE.get(memo)
    if hit is not None:
        return hit
    found, top = "", 0.0
    tc = Counter(text)
    for label, key in candidates.items():
        s = score(text, label, tc)
        if s > top:
            found, top = key, s
    if len(_BEST_CACHE) > 50_000:
        _BEST_CACHE.clear()
    _BEST_CACHE[memo] = (found, top)
    return found, top


# ---------------------------------------------------------------- the candidates, from FORM

T3_GROUPS: dict[str, str] = {}  # bare group label → group prefix ("withheld")
T3_ROWS: dict[str, str] = {}  # bare row label → row key
for _group, _rows in T3_RESULT_GROUPS:
    if _group is not None:
        T3_GROUPS[bare(_group)] = _rows[0][0].split(".")[0]
    for _k, _label in _rows:
        T3_ROWS[bare(_label)] = _k
for _k, _label in (*T3_TOP_ROWS, T3_RESULTS_TOTAL, T3_CARRY_FORWARD):
    T3_ROWS[bare(_label)] = _k
T3_CONTEXT = {bare(T3_RESULTS), norm(T3_APPLICANTS), norm(T3_ORGS)}
T3_NOTE_NORM = norm(T3_NOTE)
T3_COLS = {norm(label): key for key, label in T3_COLUMNS}
T3_OTHER_GROUP = T3_GROUPS[bare(f19.T3_2019_OTHER_LABEL)]
T3_OTHER_2019_KEY = f19.T3_2019_OTHER_KEY.split(".", 1)[1]  # "other.other"
_OTHER_ROWS = next(
    rows for g, rows in T3_RESULT_GROUPS if g and rows[0][0] == "other.no_correction"
)
T3_OTHER_2019_ROW = dict(_OTHER_ROWS)[T3_OTHER_2019_KEY]  # "3.其他"
T3_OTHER_UNREAD = "".join(  # 「1.」「2.」
    f"「{label.split('.')[0]}.」" for k, label in _OTHER_ROWS if k != T3_OTHER_2019_KEY
)

# Table 二: rows and column headers of both formats.
T2_ROWS: dict[str, str] = {}
T2_HEADERS: dict[str, str] = {}  # bare header → "2021:<sub>" or "2019:<header label>"
for _title, _sub, _headers, _rows2 in T2_BLOCKS:
    for _k, _label in _rows2:
        T2_ROWS[bare(_label)] = _k
    for _i, _h in enumerate(_headers):
        T2_HEADERS[bare(_h)] = "2021:" + (T2_FIRST_BLOCK_COLS[_i] if len(_headers) == 3 else _sub)
for _title, _headers, _rows2 in f19.T2_2019_BLOCKS:
    for _k, _label in _rows2:
        T2_ROWS.setdefault(bare(_label), _k)
    for _h in _headers:
        T2_HEADERS.setdefault(bare(_h), "2019:" + _h)
T2_CONTENT = norm(T2_CONTENT_HEADER)
T2_ROW_NAMES = {k: label for _, _, _, rows in T2_BLOCKS for k, label in rows}

T4_GROUP_KEYS = {norm(label): key for key, label in T4_GROUPS}
T4_RESULT_KEYS = {norm(label): key for key, label in T4_RESULTS}
T4_SUIT_NORM = norm(T4_SUIT)

SECTION_TITLES = {bare(s.title): s.key for s in FORM.sections} | {
    norm(s.heading): s.key for s in FORM.sections
}
_META = {m.key: m.label for m in FORM.meta}
# The form's own labels plus the variants offices use on homemade cover sheets.
META_AGENCY_LABELS = {norm(_META["agency"])} | {
    norm(x) for x in ("单位名称", "填报单位", "报告单位", "填报机关")
}
META_YEAR_LABELS = {norm(_META["year"])} | {norm(x) for x in ("年度", "年份", "统计年度")}
# Common variants of a label that are not typos: 合计 for 总计.
TOTAL_VARIANT = norm("合计")
T2_BLOCK_PREFIX = norm(T2_BLOCKS[0][0])[:5]  # 第二十条第: the start of every block title
assert all(norm(b[0]).startswith(T2_BLOCK_PREFIX) for b in T2_BLOCKS)
T3_NOTE_ANCHOR = norm(T3_NOTE)[:9]  # 「本列数据的勾稽关系」 without its bracket
NATURAL = dict(T3_COLUMNS)["natural"]
T3_ROWS.setdefault(TOTAL_VARIANT, T3_RESULTS_TOTAL[0])
T4_RESULT_KEYS.setdefault(TOTAL_VARIANT, "total")
TITLE_RE = re.compile(r"^(.*?)(\d{4})年度?(?:政府信息公开|政务公开)(?:工作)?年度?报告")


@dataclass
class _Cell:
    """One value found for a key: where it was and what the file holds there."""

    sheet: Sheet
    pos: Pos

    @property
    def where(self) -> str:
        return f"工作表「{self.sheet.name}」{a1(self.pos)}"


@dataclass
class _Found:
    """What locating the tables produced."""

    cells: dict[str, _Cell] = field(default_factory=dict)
    located: list[str] = field(default_factory=list)
    t2_2019: bool = False
    t3_single_other: bool = False
    mapped_2019: list[str] = field(default_factory=list)
    mapped_keys: list[str] = field(default_factory=list)  # 2021 keys read from 2019 cells
    tables: set[str] = field(default_factory=set)


# ---------------------------------------------------------------- entry point


def read_workbook(path: Path | str) -> tuple[Document, ImportReport]:
    """Read a report from an .xlsx, .xlsm or .xls file; raise ReadError if impossible."""
    from app.io.files import check_file, file_bytes

    p = Path(path)
    check_file(p)
    return read_bytes(file_bytes(p), p.name)


def read_bytes(data: bytes, name: str) -> tuple[Document, ImportReport]:
    """Read a report from a workbook's bytes (``name`` is used in messages)."""
    from app.io.sheetgrid import close_book, load_book

    try:
        book = load_book(data, name)
        try:
            return _Reader(book, name).read()
        finally:
            close_book(book)
    except ReadError:
        raise
    except RecursionError as exc:
        raise ReadError(f"文件「{name}」结构异常，无法读取") from exc
    except MemoryError as exc:
        raise ReadError(f"文件「{name}」过大，无法读取") from exc
    except Exception as exc:
        if _caused_by_defusedxml(exc):
            raise unsafe_xml(name) from exc
        raise ReadError(f"文件「{name}」已损坏或不是有效的 Excel 表格，无法读取") from exc


# ---------------------------------------------------------------- the reader


class _Reader:
    def __init__(self, book: Book, name: str) -> None:
        self.book = book
        self.name = name
        self.report = ImportReport(source=name)
        self.info_sheet: Sheet | None = None
        self.info: dict[str, tuple[Any, str]] = {}  # key → (value, exact text)
        self.texts_index = [
            (s, pos, v) for s in book.sheets for pos, v in s.values.items() if isinstance(v, str)
        ]

    # -- overall ---------------------------------------------------------------
    def read(self) -> tuple[Document, ImportReport]:
        own = self._find_own()
        if not own:
            fill_cached_values(self.book)
        found = _Found()
        self._locate_t2(found)
        self._locate_t3(found)
        self._locate_t4(found)
        if not found.tables and not own:
            raise ReadError(
                f"文件「{self.name}」中没有找到政府信息公开年度报告的表格（表二、表三、表四）"
            )
        self.report.located.extend(found.located)
        if self.book.has_macros:
            self.report.info("macros", "文件含有宏，宏没有运行，也不会保存到本程序的文件中")
        doc = Document()
        values, file_totals = self._values(found, own)
        if own:
            self._own_fee(values, found)
        for key, v in values.items():
            doc.values[key] = v
        doc.recompute()
        self._check_totals(doc, file_totals)
        self._missing(found, values)
        if own:
            self.report.format = "own"
            self._own_meta(doc)
            self._own_texts(doc)
        else:
            self.report.format = self._format(found)
            self._meta(doc)
            self._texts(doc)
        return doc, self.report

    def _format(self, found: _Found) -> str:
        if found.t2_2019:
            lines = "；".join(found.mapped_2019)
            self.report.info(
                "format2019",
                f"表二是 2019 年格式（{f19.NOTICE_2019}），已按 2021 年格式对应读入：{lines}",
                tuple(found.mapped_keys),
            )
        if found.t2_2019 and (found.t3_single_other or "t3" not in found.tables):
            return "2019"
        if found.t2_2019 or found.t3_single_other:
            return "hybrid"
        return "2021"

    # -- own files -------------------------------------------------------------
    def _find_own(self) -> bool:
        for sheet in self.book.sheets:
            for (r, c), v in sheet.values.items():
                if v == "format" and sheet.values.get((r, c - 1)) == FORMAT_MARKER:
                    self.info_sheet = sheet
                    rows = sorted({p[0] for p in sheet.values})
                    for row in rows:
                        key = sheet.values.get((row, c))
                        if not isinstance(key, str) or not key:
                            continue
                        value = sheet.values.get((row, c - 1))
                        exact = sheet.values.get((row, c + 1))
                        exact_text = exact if isinstance(exact, str) else ""
                        if key in self.info:  # a continued text
                            prev, _ = self.info[key]
                            value = f"{prev or ''}{'' if value is None else value}"
                        self.info[key] = (value, exact_text)
                    version = self.info.get("version", (None, ""))[0]
                    try:
                        newer = int(version or 0) > FORMAT_VERSION
                    except (TypeError, ValueError):
                        newer = False
                    if newer:
                        self.report.warn(
                            "version", "文件由更新版本的年报助手保存，部分内容可能没有读入"
                        )
                    return True
        return False

    def _own_fee(self, values: dict[str, Value], found: _Found) -> None:
        for key, cd in FORM.cells.items():
            if cd.kind is not Kind.MONEY or key not in self.info:
                continue
            _, exact = self.info[key]
            v = values.get(key)
            if not exact or v is None:
                continue
            try:
                d = Decimal(exact)
            except ArithmeticError:
                continue
            cell = found.cells.get(key)
            raw = None if cell is None else cell.sheet.values.get(cell.pos)
            if isinstance(raw, (int, float)) and float(d) == float(raw):
                values[key] = d

    def _own_meta(self, doc: Document) -> None:
        def text(key: str) -> str:
            v = self.info.get(key, (None, ""))[0]
            return "" if v is None else str(v)

        doc.agency = text("agency")
        doc.agency_level = text("agency_level")
        doc.date = text("date")
        doc.year = _year(self.info.get("year", (None, ""))[0])
        last = LastYear(agency=text(LAST_PREFIX + "agency"))
        last.year = _year(self.info.get(LAST_PREFIX + "year", (None, ""))[0])
        text_keys = {k for _, k in text_rows()}
        for full, (value, exact) in self.info.items():
            if not full.startswith(LAST_PREFIX):
                continue
            key = full[len(LAST_PREFIX) :]
            if key in FORM.cells:
                kind = FORM.cells[key].kind
                try:
                    if exact and kind is Kind.MONEY:
                        last.values[key] = parse_imported(Decimal(exact), kind).value
                    else:
                        last.values[key] = parse_imported(value, kind).value
                except (ValueError_, ArithmeticError):
                    self.report.warn(
                        "unreadable", f"上年参考数据「{FORM.describe(key)}」无法读取：「{value}」"
                    )
            elif key in text_keys and value is not None:
                last.texts[key] = str(value)
        doc.last_year = last
        included = self.info.get("included", (None, ""))[0]
        if included:  # a 汇总 saved by the program: the reports it adds up
            from app.io.jsonfile import included_from_text

            try:
                doc.included = included_from_text(str(included))
            except ReadError:
                self.report.warn("included", "汇总范围（所含报告的列表）已损坏，没有读入")

    def _own_texts(self, doc: Document) -> None:
        sheet = self.book.sheet(SHEET_TEXTS)
        if sheet is None:
            self.report.warn("texts", f"没有找到「{SHEET_TEXTS}」工作表，报告正文没有读入")
            return
        by_title = {norm(title): key for title, key in text_rows()}
        current = ""
        for r in sorted({p[0] for p in sheet.values}):
            label = sheet.values.get((r, 0))
            body = sheet.values.get((r, 1))
            body_text = "" if body is None else _as_text(body)
            if isinstance(label, str) and label == CONTINUED and current:
                doc.texts[current] += body_text
                continue
            key = by_title.get(norm(label)) if isinstance(label, str) else None
            if key:
                current = key
                doc.texts[key] = body_text

    # -- table 二 ----------------------------------------------------------------
    def _locate_t2(self, found: _Found) -> None:
        boxes: list[tuple[Sheet, int, int, int, int]] = []
        seen_rows: set[str] = set()
        for sheet, pos, text in self.texts_index:
            n = bare(text)
            if len(n) > 20:
                continue
            row_key, s = best(n, T2_ROWS)
            if not row_key or (len(n) < FUZZY_MIN_LEN and s < 1.0):
                continue
            headers = self._t2_headers(sheet, pos)
            if not headers:
                continue
            if row_key in seen_rows:
                continue
            seen_rows.add(row_key)
            r = pos[0]
            for c0, c1, header in headers:
                target = self._t2_key(row_key, header, found)
                if target is None:
                    raw = self._first_in(sheet, r, c0, c1)
                    if raw is not None and not _is_zero(raw):
                        where = f"工作表「{sheet.name}」{a1((r, c0))}"
                        label = header.split(":", 1)[1]
                        unit = (
                            "，该项以元为单位"
                            if row_key == "procurement" and label == f19.T2_2019_BLOCKS[-1][1][1]
                            else ""
                        )
                        self.report.info(
                            "ignored",
                            f"表二「{text.strip()}」的「{label}」（{where}，值「{raw}」{unit}）在 2021 年格式中"
                            "没有对应项，未读入",
                        )
                    continue
                cpos = self._first_pos(sheet, r, c0, c1)
                if target in found.cells:
                    continue
                found.cells[target] = _Cell(sheet, cpos)
                boxes.append((sheet, r, pos[1], r, c1))
        self._locate_box("t2", FORM.table("t2").short_name, boxes, found)
        self._t2_extra_rows(boxes)

    def _t2_extra_rows(self, boxes: list[tuple[Sheet, int, int, int, int]]) -> None:
        """Homemade rows among (or just after) table 二's rows: reported, not imported."""
        if not boxes:
            return
        sheet = boxes[0][0]
        mine = [b for b in boxes if b[0] is sheet]
        label_col = min(b[2] for b in mine)
        right = max(b[4] for b in mine)
        known_rows = {b[1] for b in mine}
        for r in range(min(known_rows), max(known_rows) + 3):
            if r in known_rows:
                continue
            v = sheet.values.get((r, label_col))
            if not isinstance(v, str) or not v.strip():
                continue
            n = bare(v)
            if (
                n == T2_CONTENT
                or best(n, T2_HEADERS)[0]
                or best(n, T2_ROWS)[0]
                or norm(v).startswith(T2_BLOCK_PREFIX)
                or bare(v) in SECTION_TITLES
                or self._is_anchor(v)
            ):
                continue
            nums = [
                x
                for c in range(label_col + 1, right + 1)
                if _numberish(x := self._raw(sheet, (r, c)))
            ]
            if nums:
                self.report.warn(
                    "extra_row",
                    f"表二中的「{v.strip()}」（工作表「{sheet.name}」第 {r + 1} 行）不是官方表格的项目，未导入",
                )

    def _t2_headers(self, sheet: Sheet, pos: Pos) -> list[tuple[int, int, str]]:
        """The column headers above a table 二 row label: (first col, last col, header id)."""
        r, c = pos
        for h in range(r - 1, max(-1, r - 6), -1):
            row_cells = self._row_strings(sheet, h, c + 1, c + HEADER_SPAN)
            headers: list[tuple[int, int, str]] = []
            for cc, v in row_cells:
                hid, _s = best(bare(v), T2_HEADERS)
                if hid:
                    box = sheet.box((h, cc))
                    headers.append((cc, box[3], hid))
            if headers:
                return headers  # rows of other labels (行政处罚 above 行政强制) are passed over
        return []

    def _t2_key(self, row_key: str, header: str, found: _Found) -> str | None:
        fmt, h = header.split(":", 1)
        if fmt == "2021":
            key = f"t2.{row_key}.{h}"
            return key if key in FORM.cells and not FORM.cells[key].computed else None
        found.t2_2019 = True
        target = f19.T2_2019_TO_2021.get((row_key, h))
        if target is not None:
            row_name = T2_ROW_NAMES.get(row_key, row_key)
            note = f"「{row_name}·{h}」→「{FORM.cells[target].col_name}」"
            if note not in found.mapped_2019:
                found.mapped_2019.append(note)
                found.mapped_keys.append(target)
        return target

    # -- table 三 ----------------------------------------------------------------
    def _locate_t3(self, found: _Found) -> None:
        natural = norm(NATURAL)
        for sheet, pos, text in self.texts_index:
            if norm(text) != natural:
                continue
            cols = self._t3_columns(sheet, pos)
            if cols is None:
                continue
            if "t3" in found.tables:
                self.report.warn(
                    "second_table",
                    f"文件中还有一张表三（工作表「{sheet.name}」{a1(pos)} 附近），只读取了第一张，"
                    "请确认读取的是本年度的数据",
                )
                return
            col_of, header_bottom = cols
            self._t3_rows(sheet, col_of, header_bottom, found)

    def _t3_columns(self, sheet: Sheet, nat: Pos) -> tuple[dict[str, int], int] | None:
        """Columns of table 三 from its header around the 自然人 cell, and the header's last row."""
        r, c = nat
        col_of: dict[str, int] = {"natural": c}
        bottom = sheet.box(nat)[2]
        total_label = norm(dict(T3_COLUMNS)["total"])
        # the organisations' columns: one header row, 商业企业 … 其他
        for rr in range(r, r + 4):
            row: dict[str, int] = {}
            for cc, v in self._row_strings(sheet, rr, c + 1, c + HEADER_SPAN):
                n = norm(v)
                key = T3_COLS.get(n) or best(n, T3_COLS)[0]
                if key and key not in ("natural", "total") and key not in row:
                    row[key] = cc
            if "commercial" in row:
                col_of.update(row)
                bottom = max([bottom] + [sheet.box((rr, cc))[2] for cc in row.values()])
                break
        if "commercial" not in col_of:
            return None
        right = max(col_of.values())
        for rr in range(r - 1, bottom + 1):
            for cc, v in self._row_strings(sheet, rr, right + 1, right + 6):
                if norm(v) in (total_label, TOTAL_VARIANT):
                    col_of["total"] = cc
                    bottom = max(bottom, sheet.box((rr, cc))[2])
                    break
            if "total" in col_of:
                break
        return col_of, bottom

    def _t3_rows(
        self, sheet: Sheet, col_of: dict[str, int], header_bottom: int, found: _Found
    ) -> None:
        first = min(col_of.values())
        group = ""
        shifted: list[tuple[int, str, int]] = []
        seen: dict[str, int] = {}
        last_row = header_bottom
        done = False
        blank_run = 0
        for r in range(header_bottom + 1, header_bottom + 1 + MAX_TABLE_ROWS):
            labels = self._row_strings(sheet, r, max(0, first - LABEL_COLS), first - 1)
            has_data = any(self._raw(sheet, (r, c)) is not None for c in col_of.values())
            if not labels and not has_data:
                blank_run += 1
                if blank_run >= 4 or done:
                    break
                continue
            blank_run = 0
            shift = self._t3_shift(sheet, r, first)
            if shift:
                labels = self._row_strings(sheet, r, max(0, first - LABEL_COLS), first - 1 + shift)
                has_data = any(
                    self._raw(sheet, (r, c + shift)) is not None for c in col_of.values()
                )
            row_key, group_here, text = self._t3_row_key(labels, group)
            if group_here:
                group = group_here
            if not row_key and group_here == T3_OTHER_GROUP and has_data:
                row_key = T3_OTHER_2019_KEY
                found.t3_single_other = True
                self.report.info(
                    "single_other",
                    f"表三「{f19.T3_2019_OTHER_LABEL}」只有一行（2019 年格式），已读入"
                    f"「{f19.T3_2019_OTHER_LABEL}·{T3_OTHER_2019_ROW}」；{T3_OTHER_UNREAD}两项文件中没有，保持空白",
                    tuple(f"t3.{T3_OTHER_2019_KEY}.{c}" for c, _ in T3_COLUMNS),
                )
            if done and not row_key:
                if has_data and text:
                    self.report.warn(
                        "extra_row",
                        f"表三后面的「{text}」（工作表「{sheet.name}」第 {r + 1} 行）不是官方表格的项目，未导入",
                    )
                break
            if not row_key:
                if has_data and text:
                    self.report.warn(
                        "extra_row",
                        f"表三中的「{text}」（工作表「{sheet.name}」第 {r + 1} 行）不是官方表格的项目，未导入",
                    )
                elif has_data:
                    self.report.warn(
                        "extra_row",
                        f"表三工作表「{sheet.name}」第 {r + 1} 行有数字但没有项目名称，未导入",
                    )
                continue
            if row_key in seen:
                if has_data:
                    self.report.warn(
                        "extra_row",
                        f"表三「{text}」在工作表「{sheet.name}」第 {seen[row_key] + 1} 行和第 {r + 1} 行"
                        "出现了两次，只读入了第一次",
                    )
                continue
            seen[row_key] = r
            last_row = r
            if shift:
                shifted.append((r, row_key, shift))
            for col_key, c in col_of.items():
                found.cells[f"t3.{row_key}.{col_key}"] = _Cell(sheet, (r, c + shift))
            if row_key == "carry_forward":
                done = True
        shift_of = {r: n for r, _, n in shifted}
        self._t3_extra_columns(sheet, col_of, header_bottom, seen, shift_of)
        if shifted:
            rows = "、".join(str(r + 1) for r, _, _ in shifted)
            self.report.info(
                "shifted_row",
                f"表三工作表「{sheet.name}」第 {rows} 行的数字比表头错后一列（常见于从网页复制的"
                "表格），已按顺序对应到各列",
                tuple(f"t3.{k}.{c}" for _, k, _ in shifted for c in col_of),
            )
        found.tables.add("t3")
        top = max(0, header_bottom - 2)
        c0 = max(0, first - 3)
        found.located.append(
            f"表三：工作表「{sheet.name}」{a1((top, c0))}:{a1((last_row, max(col_of.values())))}"
        )

    def _t3_extra_columns(
        self,
        sheet: Sheet,
        col_of: dict[str, int],
        header_bottom: int,
        seen: dict[str, int],
        shift_of: dict[int, int],
    ) -> None:
        """Homemade columns right of table 三 (备注, 办结率 …) holding figures: not imported."""
        right = max(col_of.values())
        for c in range(right + 1, right + 4):
            rows = seen.values()
            if not any(_numberish(self._raw(sheet, (r, c + shift_of.get(r, 0)))) for r in rows):
                continue
            head = [
                str(v).strip()
                for r in range(header_bottom - 3, header_bottom + 1)
                if isinstance(v := sheet.values.get((r, c)), str)
            ]
            named = f"（表头「{'·'.join(head)}」）" if head else ""
            self.report.warn(
                "extra_column",
                f"表三右侧工作表「{sheet.name}」第 {c + 1} 列{named}有数字，不是官方表格的项目，未导入",
            )

    def _t3_shift(self, sheet: Sheet, r: int, first: int) -> int:
        """How many columns a row's labels run into the data columns (0, 1 or 2)."""
        shift = 0
        for c in range(first, first + 2):
            v = sheet.values.get((r, c))
            if isinstance(v, str) and self._is_t3_label(v):
                shift = c - first + 1
        return shift

    @staticmethod
    def _is_t3_label(v: str) -> bool:
        n = bare(v)
        if not n or n in T3_CONTEXT:
            return bool(n)
        return n in T3_GROUPS or bool(best(n, T3_ROWS)[0])

    def _t3_row_key(self, labels: list[tuple[int, str]], group: str) -> tuple[str, str, str]:
        """(row key or "", group label seen on this row or "", the row's label text)."""
        row_key, top, group_here = "", 0.0, ""
        texts: list[str] = []
        for _, raw in labels:
            n = bare(raw)
            if not n or norm(raw) == T3_NOTE_NORM or n in T3_CONTEXT or T3_NOTE_ANCHOR in n:
                continue
            texts.append(raw.strip().replace("\n", ""))
            g = T3_GROUPS.get(n)
            if g is None and len(n) >= FUZZY_MIN_LEN:
                g2, s = best(n, T3_GROUPS)
                g = g2 if s >= 0.9 else None
            if g is not None:
                group_here = g
                continue
            key, s = best(n, T3_ROWS)
            if key == T3_OTHER_2019_KEY and (group_here or group) != T3_OTHER_GROUP:
                key = ""  # 「3.其他」 belongs under （六）
            if key and s > top:
                row_key, top = key, s
        if not row_key and len(labels) > 1:
            joined = bare("".join(v for _, v in labels))
            key, _ = best(joined, T3_ROWS)
            row_key = key
        return row_key, group_here, " ".join(texts)

    # -- table 四 ----------------------------------------------------------------
    def _locate_t4(self, found: _Found) -> None:
        groups: list[tuple[Sheet, Pos, str]] = []
        for sheet, pos, text in self.texts_index:
            key = T4_GROUP_KEYS.get(norm(text))
            if key is None and len(norm(text)) >= FUZZY_MIN_LEN:
                k2, s = best(norm(text), T4_GROUP_KEYS)
                key = k2 if s >= 0.85 else None
            if key:
                groups.append((sheet, pos, key))
        boxes: list[tuple[Sheet, int, int, int, int]] = []
        for sheet, pos, gkey in groups:
            if any(k.startswith(f"t4.{gkey}.") for k in found.cells):
                continue
            cells = self._t4_group(sheet, pos)
            if not cells:
                continue
            for res, cpos in cells.items():
                found.cells[f"t4.{gkey}.{res}"] = _Cell(sheet, cpos)
                boxes.append((sheet, pos[0], min(pos[1], cpos[1]), cpos[0], cpos[1]))
        self._locate_box("t4", FORM.table("t4").short_name, boxes, found, rows_above=0)

    def _t4_group(self, sheet: Sheet, pos: Pos) -> dict[str, Pos]:
        r, _c = pos
        _, c0, bottom, c1 = self._span(sheet, pos)
        out: dict[str, Pos] = {}
        # Official layout: the results' headers below the group label, within its columns.
        for rr in range(bottom + 1, bottom + 4):
            for cc, v in self._row_strings(sheet, rr, c0, c1):
                res = T4_RESULT_KEYS.get(norm(v))
                if res and res not in out:
                    hb = sheet.box((rr, cc))[2]
                    out[res] = (hb + 1, cc)
        if out:
            data_row = max(p[0] for p in out.values())
            for rr in range(data_row, data_row + 3):
                if any(
                    self._raw(sheet, (rr, p[1])) is not None
                    and not (
                        isinstance(sheet.values.get((rr, p[1])), str)
                        and norm(str(sheet.values.get((rr, p[1])))) in T4_RESULT_KEYS
                    )
                    for p in out.values()
                ):
                    data_row = rr
                    break
            return {k: (data_row, p[1]) for k, p in out.items()}
        # Transposed layout: groups down the left, results across the top.
        for rr in range(r - 1, max(-1, r - 5), -1):
            for cc, v in self._row_strings(sheet, rr, c1 + 1, c1 + HEADER_SPAN):
                res = T4_RESULT_KEYS.get(norm(v))
                if res and res not in out:
                    out[res] = (r, cc)
            if out:
                break
        return out

    @staticmethod
    def _span(sheet: Sheet, pos: Pos) -> tuple[int, int, int, int]:
        """A header cell's block: its merge, or, unmerged, up to the next filled cell."""
        box = sheet.box(pos)
        if box != (pos[0], pos[1], pos[0], pos[1]):
            return box
        r, c = pos
        end = c
        for cc in range(c + 1, c + 15):
            if sheet.values.get((r, cc)) is not None or (r, cc) in sheet.covered:
                break
            end = cc
        return (r, c, r, end)

    # -- where a table was found ---------------------------------------------------
    def _locate_box(
        self,
        tid: str,
        name: str,
        boxes: list[tuple[Sheet, int, int, int, int]],
        found: _Found,
        rows_above: int = 2,  # block titles above the first row label
    ) -> None:
        if not boxes:
            return
        found.tables.add(tid)
        sheet = boxes[0][0]
        mine = [b for b in boxes if b[0] is sheet]
        r0 = min(b[1] for b in mine)
        c0 = min(b[2] for b in mine)
        r1 = max(b[3] for b in mine)
        c1 = max(b[4] for b in mine)
        found.located.append(
            f"{name}：工作表「{sheet.name}」{a1((max(0, r0 - rows_above), c0))}:{a1((r1, c1))}"
        )

    # -- values ------------------------------------------------------------------
    def _values(
        self, found: _Found, own: bool
    ) -> tuple[dict[str, Value], dict[str, tuple[Value, _Cell]]]:
        values: dict[str, Value] = {}
        totals: dict[str, tuple[Value, _Cell]] = {}
        blanks: dict[str, list[str]] = {}
        zeros: dict[str, list[str]] = {}
        for key, cell in found.cells.items():
            cd = FORM.cells[key]
            sheet, pos = cell.sheet, cell.pos
            table = FORM.table(cd.table).short_name
            if pos in sheet.formulas:
                if cd.computed and own:
                    continue
                try:
                    d = evaluate(self.book, sheet, sheet.formulas[pos])
                    parsed = parse_imported(d, cd.kind)
                except (FormulaError, ValueError_) as exc:
                    if not cd.computed:
                        self.report.error(
                            "unreadable",
                            f"{FORM.describe(key)}（{cell.where}）是公式「{sheet.formulas[pos][:60]}」，"
                            f"文件没有保存计算结果，本程序也无法计算（{exc}），未读入，请手工填写",
                            (key,),
                        )
                    continue
                if not cd.computed:
                    self.report.info(
                        "formula",
                        f"{FORM.describe(key)}（{cell.where}）是没有保存结果的公式"
                        f"「{sheet.formulas[pos][:60]}」，已按引用的单元格算出 {parsed.value}",
                        (key,),
                    )
            else:
                raw = sheet.values.get(pos)
                if raw is None:
                    if not own and not cd.computed:
                        blanks.setdefault(table, []).append(key)
                        values[key] = 0 if cd.kind is Kind.COUNT else Decimal(0)
                    continue
                try:
                    parsed = self._parse(raw, cd.kind)
                except ValueError_ as exc:
                    if cd.computed:
                        self.report.info(
                            "total_text",
                            f"{FORM.describe(key)}（{cell.where}）的内容「{_show(raw)}」不是数字，"
                            "合计由本程序按各项重新计算",
                            (key,),
                        )
                        continue
                    self.report.error(
                        "unreadable",
                        f"{FORM.describe(key)}（{cell.where}）的内容「{_show(raw)}」无法识别为数字（{exc}），"
                        "未读入，请手工填写",
                        (key,),
                    )
                    continue
            if parsed.note:
                if parsed.value == 0 and "按 0 读入" in parsed.note:
                    zeros.setdefault(table, []).append(key)
                else:
                    self.report.info("note", f"{FORM.describe(key)}：{parsed.note}", (key,))
            if cd.computed:
                totals[key] = (parsed.value, cell)
            else:
                values[key] = parsed.value
        for table, keys in blanks.items():
            self.report.info(
                "blank_as_zero", f"{table}有 {len(keys)} 个空白单元格，按 0 读入", tuple(keys)
            )
        for table, keys in zeros.items():
            self.report.info(
                "dash_as_zero",
                f"{table}有 {len(keys)} 个单元格填的是「—」「/」「无」等，按 0 读入",
                tuple(keys),
            )
        return values, totals

    @staticmethod
    def _parse(raw: Any, kind: Kind) -> Parsed:
        if isinstance(raw, (str, int, float, Decimal)) and not isinstance(raw, bool):
            return parse_imported(raw, kind)
        raise ValueError_("不是数字")

    def _check_totals(self, doc: Document, totals: dict[str, tuple[Value, _Cell]]) -> None:
        for key, (file_value, cell) in totals.items():
            if file_value is None:
                continue
            computed = doc.number(key)
            if file_value != computed:
                self.report.warn(
                    "wrong_total",
                    f"{FORM.describe(key)}：文件中的合计为 {file_value}（{cell.where}），"
                    f"按各项相加应为 {computed}，已按 {computed} 计算（文件中的合计有误）",
                    (key,),
                )

    def _missing(self, found: _Found, values: dict[str, Value]) -> None:
        for table in FORM.tables:
            if table.id not in found.tables:
                self.report.warn(
                    "missing_table",
                    f"文件中没有找到{table.short_name}，其中各项保持空白",
                    tuple(c.key for c in table.cells if not c.computed),
                )
                continue
            missing = [
                c.key
                for c in table.cells
                if not c.computed and c.key not in found.cells and c.key not in values
            ]
            if found.t3_single_other:
                missing = [k for k in missing if not k.startswith("t3.other.")]
            if missing:
                names = "、".join(dict.fromkeys(FORM.describe(k) for k in missing[:6]))
                more = f"等 {len(missing)} 项" if len(missing) > 6 else ""
                why = "（2019 年格式没有这些项）" if table.id == "t2" and found.t2_2019 else ""
                self.report.warn(
                    "missing",
                    f"文件中没有{names}{more}{why}，保持空白，请填写",
                    tuple(missing),
                )

    # -- metadata and texts of other people's files ------------------------------
    def _meta(self, doc: Document) -> None:
        for sheet, pos, text in self.texts_index:
            compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
            m = TITLE_RE.match(compact)
            if m and len(compact) < 80:
                doc.agency = _agency_from_title(m.group(1))
                doc.year = int(m.group(2))
                self.report.info(
                    "meta_title",
                    f"机关名称「{doc.agency or '（标题中没有）'}」和报告年度 {doc.year} 取自标题"
                    f"「{text.strip()}」（工作表「{sheet.name}」{a1(pos)}）",
                )
                break
        for sheet, pos, text in self.texts_index:
            head, _, rest = unicodedata.normalize("NFKC", text).partition(":")
            label = norm(head)
            value = rest.strip() or self._right_of(sheet, pos)
            if label in META_AGENCY_LABELS and not doc.agency and value:
                doc.agency = value
                self.report.info(
                    "meta_label", f"机关名称「{value}」取自工作表「{sheet.name}」{a1(pos)}"
                )
            elif label in META_YEAR_LABELS and doc.year is None and value:
                y = _year(re.sub(r"[年度\s]", "", value))
                if y:
                    doc.year = y
                    self.report.info(
                        "meta_label", f"报告年度 {y} 取自工作表「{sheet.name}」{a1(pos)}"
                    )
        if not doc.agency or doc.year is None:
            stem = re.sub(r"\s+", "", unicodedata.normalize("NFKC", Path(self.name).stem))
            m = TITLE_RE.match(stem)
            if m:
                if not doc.agency and _agency_from_title(m.group(1)):
                    doc.agency = _agency_from_title(m.group(1))
                    self.report.info("meta_file", f"机关名称「{doc.agency}」取自文件名")
                if doc.year is None:
                    doc.year = int(m.group(2))
                    self.report.info("meta_file", f"报告年度 {doc.year} 取自文件名")
        if not doc.agency:
            self.report.warn("meta_missing", "文件中没有找到机关名称，请填写", ("agency",))
        if doc.year is None:
            self.report.warn("meta_missing", "文件中没有找到报告年度，请填写", ("year",))

    def _right_of(self, sheet: Sheet, pos: Pos) -> str:
        r, c = pos
        c = sheet.box(pos)[3]
        for cc in range(c + 1, c + 4):
            v = sheet.values.get((r, cc))
            if v is not None and str(v).strip():
                return _as_text(v).strip()
        return ""

    def _texts(self, doc: Document) -> None:
        heads: list[tuple[Sheet, Pos, str, str]] = []
        for sheet, pos, text in self.texts_index:
            first_line = text.strip().split("\n", 1)[0]
            key = SECTION_TITLES.get(bare(first_line)) or SECTION_TITLES.get(norm(first_line))
            if key:
                heads.append((sheet, pos, key, text))
        for sheet, pos, key, text in heads:
            if not key.startswith("text.") or doc.texts.get(key):
                continue
            body = self._section_body(sheet, pos, text)
            if body:
                doc.texts[key] = body
                title = FORM.section(key).title
                self.report.info(
                    "text",
                    f"读入了「{title}」的文字（工作表「{sheet.name}」{a1(pos)} 起，{len(body)} 字）",
                )

    def _section_body(self, sheet: Sheet, pos: Pos, text: str) -> str:
        r, c = pos
        parts: list[str] = []
        _first, _, rest = text.strip().partition("\n")
        if rest.strip():
            parts.append(rest.strip())
        right = self._right_of(sheet, pos)
        if right and not parts:
            return right
        blank = 0
        for rr in range(r + 1, r + 200):
            row = self._row_strings(sheet, rr, max(0, c - 1), c + 3)
            if not row:
                blank += 1
                if blank >= 3 or (blank >= 1 and self._row_has_numbers(sheet, rr)):
                    break
                continue
            blank = 0
            line = row[0][1].strip()
            n = bare(line.split("\n", 1)[0])
            if n in SECTION_TITLES or norm(line) in SECTION_TITLES or self._is_anchor(line):
                break
            parts.append(line)
        return "\n".join(parts)

    @staticmethod
    def _is_anchor(text: str) -> bool:
        n = norm(text)
        return (
            n.startswith(T2_BLOCK_PREFIX)
            or T3_NOTE_ANCHOR in n
            or n in T4_GROUP_KEYS
            or n in (T4_SUIT_NORM, T2_CONTENT)
        )

    @staticmethod
    def _row_has_numbers(sheet: Sheet, r: int) -> bool:
        return any(isinstance(sheet.values.get((r, c)), (int, float)) for c in range(0, 30))

    # -- small helpers -------------------------------------------------------------
    @staticmethod
    def _row_strings(sheet: Sheet, r: int, c0: int, c1: int) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        for c in range(max(0, c0), c1 + 1):
            v = sheet.values.get((r, c))
            if isinstance(v, str) and v.strip():
                out.append((c, v))
        return out

    @staticmethod
    def _raw(sheet: Sheet, pos: Pos) -> Any:
        if pos in sheet.formulas:
            return sheet.formulas[pos]
        return sheet.values.get(pos)

    def _first_pos(self, sheet: Sheet, r: int, c0: int, c1: int) -> Pos:
        for c in range(c0, c1 + 1):
            if self._raw(sheet, (r, c)) is not None:
                return (r, c)
        return (r, c0)

    def _first_in(self, sheet: Sheet, r: int, c0: int, c1: int) -> Any:
        return self._raw(sheet, self._first_pos(sheet, r, c0, c1))


def _agency_from_title(text: str) -> str:
    """The agency in front of the year in a title, without 「附件1：」 or a trailing 「关于」."""
    text = re.sub(r"^(附件|附表)\d*[:：]?", "", text.strip())
    return re.sub(r"(关于|的)$", "", text).strip()


def _caused_by_defusedxml(exc: BaseException) -> bool:
    """Whether defusedxml refused the XML somewhere down the exception chain."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if type(cur).__module__.startswith("defusedxml"):
            return True
        cur = cur.__cause__ or cur.__context__
    return False


def _year(raw: Any) -> int | None:
    if raw is None or raw == "" or isinstance(raw, bool):
        return None
    try:
        y = int(Decimal(str(unicodedata.normalize("NFKC", str(raw))).strip()))
    except (ArithmeticError, ValueError):
        return None
    return y if 1990 <= y <= 2200 else None


def _as_text(v: Any) -> str:
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    return str(v)


def _show(raw: Any) -> str:
    return str(raw).replace("\n", " ")[:30]


def _numberish(raw: Any) -> bool:
    """A cell that holds (or reads as) a number: a formula, a number, 「12件」, 「—」."""
    if raw is None or isinstance(raw, bool):
        return False
    if isinstance(raw, (int, float, Decimal)):
        return True
    if isinstance(raw, str) and raw.startswith("="):
        return True
    try:
        parse_imported(raw, Kind.MONEY)
    except (ValueError_, TypeError):
        return False
    return True


def _is_zero(raw: Any) -> bool:
    try:
        return parse_imported(raw, Kind.MONEY).value == 0
    except (ValueError_, TypeError):
        return False
