"""Text pulled out of a PDF → a sheet in the official layout (DESIGN §10).

Such text has lost the tables' geometry: a row label and then its numbers separated by
spaces, long labels broken over lines with the numbers on a line of their own in between,
the vertical label 「三、本年度办理结果」 and the group labels scattered a few characters a
line, page numbers between. What it keeps is the order of the numbers. So each section is
cut out by its heading; the narrative sections' wrapped lines are joined back into
paragraphs; the numbers of each table are matched to its rows (by the official row order
when the count is the official one, by the row labels otherwise) and drawn into the form's
own layout (:mod:`app.io.form_grid`), which the recogniser then reads by its labels. A table
whose numbers cannot be placed is passed on line by line, each word a cell, and the
recogniser reports what it could not find.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from app.form import FORM
from app.form.format2021 import T3_COLUMNS, T3_RESULT_GROUPS, T3_RESULTS
from app.io.form_grid import render_table
from app.io.recognise.headings import split_heading
from app.io.recognise.labels import T2_ROWS, T3_ROWS, bare, best
from app.io.sheetgrid import Sheet
from app.io.source_grid import cell_value

_NUM = r"[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?"
NUMBER_TOKEN = re.compile(rf"(?:{_NUM}|[—–\-－/／]|无)")
PAGE_NUMBER = re.compile(
    r"^\s*(?:[—–\-－_]+\s*\d{1,4}\s*[—–\-－_]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
PARAGRAPH_END = "。！？!?；;：:"
MAX_RUNS = 200  # runs of numbers matched by their labels in one table (a table has 25 rows)
T2_2019_WORDS = ("新制作", "新公开", "对外公开总数量", "上一年项目数量", "增/减", "采购")
T3_COL_KEYS = tuple(k for k, _ in T3_COLUMNS)
GROUP_LABELS = (T3_RESULTS, *(g for g, _ in T3_RESULT_GROUPS if g))
T3_ROW_ORDER = tuple(
    dict.fromkeys(
        c.key.rsplit(".", 1)[0][3:] for c in sorted(FORM.table("t3").cells, key=lambda c: c.row)
    )
)
T3_ROW_ORDER_2019 = tuple(
    k for k in T3_ROW_ORDER if k not in ("other.no_correction", "other.no_fee")
)
T4_KEYS = tuple(c.key for c in sorted(FORM.table("t4").cells, key=lambda c: c.col))
T2_COLUMNS = {  # row key → the keys of its numbers, left to right
    key: tuple(c.key for c in sorted(cells, key=lambda c: c.col))
    for key, cells in (
        (k, [c for c in FORM.table("t2").cells if c.key.split(".")[1] == k])
        for k in dict.fromkeys(c.key.split(".")[1] for c in FORM.table("t2").cells)
    )
}


class Item(NamedTuple):
    """A piece of the text: words (``nums`` empty) or a run of numbers (``text`` empty)."""

    line: int
    text: str
    nums: tuple[str, ...]


def split_numbers(line: str) -> tuple[str, list[str]]:
    """A line's leading words and its trailing number tokens."""
    parts = line.split()
    nums: list[str] = []
    while parts and NUMBER_TOKEN.fullmatch(parts[-1]):
        nums.insert(0, parts.pop())
    return " ".join(parts), nums


def items_of(lines: list[tuple[int, str]]) -> list[Item]:
    """Words and number runs in order; consecutive number-only lines form one run."""
    out: list[Item] = []
    for n, line in lines:
        text, nums = split_numbers(line)
        if text:
            out.append(Item(n, text, ()))
        if nums:
            if out and out[-1].nums and not text:
                prev = out.pop()
                out.append(Item(prev.line, "", prev.nums + tuple(nums)))
            else:
                out.append(Item(n, "", tuple(nums)))
    return out


def pdf_text_sheet(raw_lines: list[str]) -> tuple[Sheet, list[tuple[str, str]]]:
    """The sheet for text without tabs, and notes for the import report."""
    lines = [
        (n, line.strip())
        for n, line in enumerate(raw_lines, start=1)
        if line.strip() and not PAGE_NUMBER.match(line)
    ]
    sections: list[tuple[str, tuple[int, str], list[tuple[int, str]]]] = []
    prelude: list[tuple[int, str]] = []
    for n, line in lines:
        h = split_heading(line)
        if h is not None and not any(s[0] == h.key for s in sections):
            sections.append((h.key, (n, h.heading), [(n, h.rest)] if h.rest else []))
        elif sections:
            sections[-1][2].append((n, line))
        else:
            prelude.append((n, line))
    out = _Out()
    notes: list[tuple[str, str]] = []
    for n, line in prelude:
        out.row(n, [line])
    if not sections:  # no headings: the tables are looked for in the whole text
        notes += _tables(out, items_of(prelude), ("t2", "t3", "t4"))
    for key, (n, heading), body in sections:
        out.row(n, [heading])
        if key.startswith("text."):
            for pn, para in paragraphs(body):
                out.row(pn, [para])
        else:
            notes += _tables(out, items_of(body), (key,))
    return out.sheet, notes


class _Out:
    def __init__(self) -> None:
        self.sheet = Sheet("", style="text")
        self.r = 0

    def row(self, line: int, cells: list[str | int]) -> None:
        for c, v in enumerate(cells):
            if v != "":
                self.sheet.values[(self.r, c)] = v
        self.sheet.line_of[self.r] = line
        self.r += 1

    def words(self, items: list[Item]) -> None:
        """Items passed on as they are: each word or number a cell, a line a row."""
        by_line: dict[int, list[str | int]] = {}
        for it in items:
            cells = by_line.setdefault(it.line, [])
            cells += [cell_value(w) for w in it.text.split()] + [cell_value(x) for x in it.nums]
        for line, cells in by_line.items():
            self.row(line, cells)

    def table(
        self, table_id: str, values: dict[str, str], line: int, lines: dict[str, int] | None = None
    ) -> None:
        table = FORM.table(table_id)
        self.r = render_table(self.sheet, table, self.r, values, line, lines) + 1


def paragraphs(body: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Wrapped lines joined back: a paragraph ends where a line ends a sentence."""
    out: list[tuple[int, str]] = []
    current = ""
    start = 0
    for n, line in body:
        if not current:
            current, start = line, n
        else:
            space = " " if current[-1].isascii() and line[0].isascii() else ""
            current += space + line
        if current[-1] in PARAGRAPH_END:
            out.append((start, current))
            current = ""
    if current:
        out.append((start, current))
    return out


# The rules of the import report's notes: how the figures were read; figures not read.
READ, UNREAD = "pdf_text", "pdf_text_unread"
Note = tuple[str, str]  # (rule, message)


def _tables(out: _Out, items: list[Item], table_ids: tuple[str, ...]) -> list[Note]:
    notes: list[Note] = []
    for tid in table_ids:
        if tid == "t2":
            done, note = _t2(out, items)
        elif tid == "t3":
            done, note = _t3(out, items)
        else:
            several = len(table_ids) > 1
            runs = [it for it in items if len(it.nums) == len(T4_KEYS)] if several else items
            done, note = _t4(out, runs)
        if note is not None:
            notes.append(note)
        if not done and len(table_ids) == 1:
            out.words(items)
    return notes


def _noise(piece: str) -> bool:
    """A few characters of a vertical or group label (「年度办」「（六）其」「他处理」), which
    a PDF's text puts between the pieces of the row labels."""
    p = re.sub(r"\s+", "", piece)
    return len(p) <= 5 and any(p in label for label in GROUP_LABELS)


def _labels_before(items: list[Item], i: int, limit: int = 3) -> list[str]:
    """Candidate labels for the numbers at ``i``: the words just before, one to ``limit``
    pieces joined (a label broken over lines), each followed by none or some of the pieces
    after (its tail); pieces of group labels passed over."""
    before: list[str] = []
    j = i - 1
    while j >= 0 and not items[j].nums and len(before) < limit:
        if not _noise(items[j].text):
            before.insert(0, items[j].text)
        j -= 1
    after: list[str] = []
    j = i + 1
    while j < len(items) and not items[j].nums and len(after) < limit:
        if not _noise(items[j].text):
            after.append(items[j].text)
        j += 1
    heads = ["".join(before[k:]) for k in range(len(before))] or [""]
    tails = ["".join(after[:k]) for k in range(len(after) + 1)]
    return [h + t for h in heads for t in tails if h + t]


def _best_label(cands: list[str], table: dict[str, str]) -> tuple[str, float]:
    found, top = "", 0.0
    for cand in cands:
        key, s = best(bare(cand), table)
        if s > top:
            found, top = key, s
    return found, top


def _t2(out: _Out, items: list[Item]) -> tuple[bool, Note | None]:
    if any(w in it.text for it in items for w in T2_2019_WORDS):
        return False, None  # the 2019 table 二: its headers and rows as they come
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    line = 0
    if sum(1 for it in items if it.nums) > MAX_RUNS:
        return False, (UNREAD, "表二所在部分的数字过多，不像是年度报告的表格，未按表格读入")
    for i, it in enumerate(items):
        if not it.nums:
            continue
        row, score = _best_label(_labels_before(items, i), T2_ROWS)
        cols = T2_COLUMNS.get(row, ())
        if score < 0.8 or not cols or len(it.nums) != len(cols) or cols[0] in values:
            continue
        values.update(zip(cols, it.nums, strict=True))
        lines.update(dict.fromkeys(cols, it.line))
        line = line or it.line
    if not values:
        return False, None
    out.table("t2", values, line, lines)
    return True, None


def _t3(out: _Out, items: list[Item]) -> tuple[bool, Note | None]:
    width = len(T3_COL_KEYS)
    groups: list[tuple[int, tuple[str, ...]]] = []  # (item index, seven numbers)
    joined: list[str] = []
    for i, it in enumerate(items):
        nums = it.nums
        if len(nums) == width + 1:
            nums = join_split_digits(nums)
            if len(nums) == width:
                joined.append(f"第 {it.line} 行「{' '.join(it.nums)}」")
        if nums and len(nums) % width == 0:
            groups += [(i, nums[k : k + width]) for k in range(0, len(nums), width)]
    if not groups:
        return False, None
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    note, rule = "", READ
    if len(groups) in (len(T3_ROW_ORDER), len(T3_ROW_ORDER_2019)):
        order = T3_ROW_ORDER if len(groups) == len(T3_ROW_ORDER) else T3_ROW_ORDER_2019
        for row, (i, nums) in zip(order, groups, strict=True):
            values.update({f"t3.{row}.{c}": v for c, v in zip(T3_COL_KEYS, nums, strict=True)})
            lines[f"t3.{row}.natural"] = items[i].line
        note = (
            f"表三的 {len(groups)} 行数字按官方表格的行序读入（文字中表格的行列已经打散，"
            "项目名称断行、竖排，只能按顺序对应），请核对"
        )
        if order is T3_ROW_ORDER_2019:
            note += f"；表三只有 {len(order)} 行，按 2019 年格式读入，（六）其他处理只有一行，记入「3.其他」"
    elif len(groups) > MAX_RUNS:
        return False, (
            UNREAD,
            f"表三所在部分有 {len(groups)} 行数字，不像是年度报告的表格，未按表格读入",
        )
    else:
        missed = 0
        for i, nums in groups:
            row, score = _best_label(_labels_before(items, i, 4), T3_ROWS)
            if score < 0.8 or f"t3.{row}.natural" in values:
                missed += 1
                continue
            values.update({f"t3.{row}.{c}": v for c, v in zip(T3_COL_KEYS, nums, strict=True)})
            lines[f"t3.{row}.natural"] = items[i].line
        note = f"表三有 {len(groups)} 行数字（官方表格为 {len(T3_ROW_ORDER)} 行），按项目名称对应"
        if missed:
            note += f"，其中 {missed} 行无法对应到项目，未读入"
            rule = UNREAD
    if joined:
        note += (
            f"；{'、'.join(joined)} 比表格多一个数，其中相邻的两个一位数疑似拆格（一个数被拆成两格），"
            "合为一个数后该行正好相加等于总计，已按合并后读入，请对照原件核对"
        )
    out.table("t3", values, items[groups[0][0]].line, lines)
    return True, (rule, note)


def join_split_digits(nums: tuple[str, ...]) -> tuple[str, ...]:
    """A row one number too long, mended when joining two neighbouring single digits makes
    its parts add up to its total (the last number); unchanged otherwise."""
    if not all(re.fullmatch(r"\d{1,9}", x) for x in nums):
        return nums
    for i in range(len(nums) - 2):
        a, b = nums[i], nums[i + 1]
        if len(a) == 1 and len(b) == 1 and a != "0":
            mended = (*nums[:i], a + b, *nums[i + 2 :])
            if sum(int(x) for x in mended[:-1]) == int(mended[-1]):
                return mended
    return nums


def _t4(out: _Out, items: list[Item]) -> tuple[bool, Note | None]:
    runs = [it for it in items if it.nums]
    nums = tuple(x for it in runs for x in it.nums)
    if len(nums) != len(T4_KEYS):
        if not nums:
            return False, None
        return False, (
            UNREAD,
            f"表四有 {len(nums)} 个数字（应为 {len(T4_KEYS)} 个），未能按表格读入",
        )
    out.table("t4", dict(zip(T4_KEYS, nums, strict=True)), runs[0].line)
    return True, None
