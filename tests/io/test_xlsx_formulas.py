"""Evaluating formulas that files store without results: simple sums only, never a guess,
and no formula graph can make the reader hang (memoised, cycle-safe, bounded)."""

from __future__ import annotations

import io
import time
from decimal import Decimal

import openpyxl
import pytest

from app.io.sheetgrid import Book, FormulaError, Sheet, evaluate, load_book


def book_of(cells: dict[str, object], extra: dict[str, object] | None = None) -> tuple[Book, Sheet]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    for ref, v in cells.items():
        ws[ref] = v
    if extra:
        other = wb.create_sheet("计 算")
        for ref, v in extra.items():
            other[ref] = v
    buf = io.BytesIO()
    wb.save(buf)
    book = load_book(buf.getvalue(), "f.xlsx")
    return book, book.sheets[0]


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=A1+A2", Decimal(5)),
        ("=SUM(A1:A3)", Decimal(12)),
        ("=SUM(A1,A3)+1", Decimal(10)),
        ("=A1-A2+(A3)", Decimal(6)),
        ("=SUM(A1:A2)+'计 算'!B2", Decimal("7.25")),
        ("=A9", Decimal(0)),  # a blank cell counts as 0, as in Excel
        ("=A4", Decimal(17)),  # a formula referring to a formula
    ],
)
def test_simple_sums_are_evaluated(formula: str, expected: Decimal) -> None:
    book, sheet = book_of({"A1": 2, "A2": 3, "A3": 7, "A4": "=SUM(A1:A3)+5"}, extra={"B2": 2.25})
    assert evaluate(book, sheet, formula) == expected


@pytest.mark.parametrize(
    "formula",
    ["=A1*2", "=VLOOKUP(1,A1:B2,2)", "=A5", "=缺表!A1", "=SUM(", "=SUM(A1:A2)/0", "=A6"],
)
def test_anything_else_is_refused(formula: str) -> None:
    book, sheet = book_of({"A1": 2, "A2": 3, "A5": "十二", "A6": True})
    with pytest.raises(FormulaError):
        evaluate(book, sheet, formula)


def test_cycles_and_dense_graphs_finish_quickly() -> None:
    cells: dict[str, object] = {"C1": "=C2", "C2": "=C1", "A1": 5}
    for r in range(2, 200):
        cells[f"A{r}"] = "=SUM(A1:A199)"  # every cell sums the whole block, itself included
        cells[f"B{r}"] = f"=SUM(B{r + 1}:B200)+SUM(B{r + 1}:B200)"  # 2^200 paths unmemoised
    cells["B200"] = 1
    book, sheet = book_of(cells)
    start = time.perf_counter()
    for f in ("=C1", "=A5", "=B2"):  # a cycle, a cycle through a range, a chain too deep
        with pytest.raises(FormulaError):
            evaluate(book, sheet, f)
    assert evaluate(book, sheet, "=B190") == 2 * 3**9
    assert evaluate(book, sheet, "=B150") == 2 * 3**49
    assert time.perf_counter() - start < 2
