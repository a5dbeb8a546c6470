"""Laying a document's paragraphs and tables into one sheet of cells, for the label reader.

Shared by the document sources (.docx, .pdf, .ods): every paragraph becomes one row with its
text in the first column; every table is laid with its grid's first column in the first
column, one sheet row per table row, merged cells as merges (value in the top-left cell),
exactly as a spreadsheet holding the pasted template would look. Empty paragraphs leave no
row, so a table broken in two by an empty paragraph (or a page break) continues without a
gap. Cell texts stay texts, except plain integers, which become ``int`` as a spreadsheet
stores them; the reader parses the rest (「12件」, full-width digits) and says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from app.io.errors import ReadError
from app.io.sheetgrid import MAX_CELLS, Book, Sheet
from app.io.xlsx_safety import Kind, too_many_cells, unsafe_xml

_INT = re.compile(r"(?:0|[1-9][0-9]{0,14})")
MAX_TEXT = 200_000  # characters in one cell or paragraph: a report's 一 has about a thousand


def check_size(data: bytes, name: str) -> None:
    """Refuse empty files and files far larger than any report."""
    from app.io.files import MAX_FILE_BYTES

    if not data:
        raise ReadError(f"文件「{name}」是空文件")
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(f"文件「{name}」过大（{len(data) // 1024 // 1024} MB），不像是一份年度报告")


def cell_value(text: str) -> Any:
    """What a spreadsheet would store for this text: an int for plain digits, else the text."""
    t = text.strip()
    if _INT.fullmatch(t):
        return int(t)
    return t


class SheetBuilder:
    """One sheet filled row by row, with a bound on the number of cells."""

    def __init__(self, name: str, sheet_name: str = "文档") -> None:
        self.name = name
        self.sheet = Sheet(sheet_name)
        self.row = 0  # next free row
        self.cells = 0

    def put(self, r: int, c: int, text: str) -> None:
        """Store ``text`` at (r, c) unless it is blank."""
        if len(text) > MAX_TEXT:
            raise ReadError(f"文件「{self.name}」中有一段文字过长，不像是一份年度报告")
        value = cell_value(text)
        if value == "":
            return
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise too_many_cells(self.name)
        self.sheet.values[(r, c)] = value

    def paragraph(self, text: str) -> None:
        """A paragraph of text on a row of its own (nothing for an empty paragraph)."""
        if text.strip():
            self.put(self.row, 0, text.strip())
            self.row += 1

    def merge(self, r0: int, c0: int, r1: int, c1: int) -> None:
        if (r0, c0) != (r1, c1):
            self.sheet.merge(r0, c0, r1, c1)

    def book(self) -> Book:
        return Book([self.sheet], Kind.XLSX)


@contextmanager
def read_errors(name: str, what: str, defused: bool = False) -> Iterator[None]:
    """Any failure inside becomes a ReadError saying the file is damaged or not ``what``
    (``defused``: or that it holds XML defusedxml refused)."""
    try:
        yield
    except ReadError:
        raise
    except RecursionError as exc:
        raise ReadError(f"文件「{name}」结构异常，无法读取") from exc
    except MemoryError as exc:
        raise ReadError(f"文件「{name}」过大，无法读取") from exc
    except Exception as exc:
        if defused and caused_by_defusedxml(exc):
            raise unsafe_xml(name) from exc
        raise ReadError(f"文件「{name}」已损坏或不是有效的{what}，无法读取") from exc


def caused_by_defusedxml(exc: BaseException) -> bool:
    """Whether defusedxml refused the XML somewhere down the exception chain."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if type(cur).__module__.startswith("defusedxml"):
            return True
        cur = cur.__cause__ or cur.__context__
    return False
