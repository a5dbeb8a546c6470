"""The recogniser's shared state and small helpers over a sheet of cells.

:class:`Context` is what every step reads and writes: the book, the file's name, the import
report, and an index of every text cell. Places in messages are written by :func:`place`
and :func:`row_place`, in the words of the source (a worksheet's A1 cell, a Word or web
table's row and column, a line of text).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.core.values import ValueError_, parse_imported
from app.form import Kind
from app.io.recognise.labels import (
    T2_BLOCK_PREFIX,
    T2_CONTENT,
    T3_NOTE_ANCHOR,
    T4_GROUP_KEYS,
    T4_SUIT_NORM,
    norm,
)
from app.io.report import ImportReport
from app.io.sheetgrid import Book, Pos, Sheet, a1


class Context:
    """One recognition run: the book, its name, the report being written."""

    def __init__(self, book: Book, name: str) -> None:
        self.book = book
        self.name = name
        self.report = ImportReport(source=name)
        self.info_sheet: Sheet | None = None
        self.info: dict[str, tuple[Any, str]] = {}  # key → (value, exact text)
        self.texts_index = [
            (s, pos, v) for s in book.sheets for pos, v in s.values.items() if isinstance(v, str)
        ]


def place(sheet: Sheet, pos: Pos) -> str:
    """Where a cell is, as the user can find it in the source."""
    if sheet.style == "table":
        return f"{sheet.name}第 {pos[0] + 1} 行第 {pos[1] + 1} 列"
    if sheet.style == "text":
        return f"{sheet.name}第 {sheet.line(pos[0])} 行"
    return f"工作表「{sheet.name}」{a1(pos)}"


def sheet_label(sheet: Sheet) -> str:
    """The sheet as named in messages: 工作表「名」, or the source's own name for it."""
    return f"工作表「{sheet.name}」" if sheet.style == "sheet" else sheet.name


def row_place(sheet: Sheet, r: int) -> str:
    """Where a row is, as the user can find it in the source."""
    return f"{sheet_label(sheet)}第 {sheet.line(r)} 行"


def area(sheet: Sheet, top_left: Pos, bottom_right: Pos) -> str:
    """Where a block of cells is (a located table)."""
    if sheet.style == "table":
        return f"{sheet.name}第 {top_left[0] + 1}–{bottom_right[0] + 1} 行"
    if sheet.style == "text":
        first, last = sheet.line(top_left[0]), sheet.line(bottom_right[0])
        return (
            f"{sheet.name}第 {first}–{last} 行" if last > first else f"{sheet.name}第 {first} 行起"
        )
    return f"工作表「{sheet.name}」{a1(top_left)}:{a1(bottom_right)}"


@dataclass
class Cell:
    """One value found for a key: where it was and what the file holds there."""

    sheet: Sheet
    pos: Pos

    @property
    def where(self) -> str:
        return place(self.sheet, self.pos)


@dataclass
class Found:
    """What locating the tables produced."""

    cells: dict[str, Cell] = field(default_factory=dict)
    located: list[str] = field(default_factory=list)
    t2_2019: bool = False
    t3_single_other: bool = False
    mapped_2019: list[str] = field(default_factory=list)
    mapped_keys: list[str] = field(default_factory=list)  # 2021 keys read from 2019 cells
    tables: set[str] = field(default_factory=set)


def span(sheet: Sheet, pos: Pos) -> tuple[int, int, int, int]:
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


def locate_box(
    ctx: Context,
    tid: str,
    name: str,
    boxes: list[tuple[Sheet, int, int, int, int]],
    found: Found,
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
    found.located.append(f"{name}：{area(sheet, (max(0, r0 - rows_above), c0), (r1, c1))}")


def right_of(sheet: Sheet, pos: Pos) -> str:
    r, c = pos
    c = sheet.box(pos)[3]
    for cc in range(c + 1, c + 4):
        v = sheet.values.get((r, cc))
        if v is not None and str(v).strip():
            return as_text(v).strip()
    return ""


def is_anchor(text: str) -> bool:
    n = norm(text)
    return (
        n.startswith(T2_BLOCK_PREFIX)
        or T3_NOTE_ANCHOR in n
        or n in T4_GROUP_KEYS
        or n in (T4_SUIT_NORM, T2_CONTENT)
    )


def row_has_numbers(sheet: Sheet, r: int) -> bool:
    return any(isinstance(sheet.values.get((r, c)), (int, float)) for c in range(0, 30))


def row_strings(sheet: Sheet, r: int, c0: int, c1: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for c in range(max(0, c0), c1 + 1):
        v = sheet.values.get((r, c))
        if isinstance(v, str) and v.strip():
            out.append((c, v))
    return out


def raw_at(sheet: Sheet, pos: Pos) -> Any:
    if pos in sheet.formulas:
        return sheet.formulas[pos]
    return sheet.values.get(pos)


def first_pos(sheet: Sheet, r: int, c0: int, c1: int) -> Pos:
    for c in range(c0, c1 + 1):
        if raw_at(sheet, (r, c)) is not None:
            return (r, c)
    return (r, c0)


def first_in(sheet: Sheet, r: int, c0: int, c1: int) -> Any:
    return raw_at(sheet, first_pos(sheet, r, c0, c1))


def to_year(raw: Any) -> int | None:
    if raw is None or raw == "" or isinstance(raw, bool):
        return None
    try:
        y = int(Decimal(str(unicodedata.normalize("NFKC", str(raw))).strip()))
    except (ArithmeticError, ValueError):
        return None
    return y if 1990 <= y <= 2200 else None


def as_text(v: Any) -> str:
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    return str(v)


def show(raw: Any) -> str:
    return str(raw).replace("\n", " ")[:30]


def numberish(raw: Any) -> bool:
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


def is_zero(raw: Any) -> bool:
    try:
        return parse_imported(raw, Kind.MONEY).value == 0
    except (ValueError_, TypeError):
        return False
