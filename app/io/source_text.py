"""The text adapter: a report copied as text (a .txt file or pasted) → a Book of one sheet.

Two shapes are met (DESIGN §10). A web page copied as text keeps its tables as rows of
tab-separated cells: each line becomes a row, each tab a column, exactly as when the text
is pasted into a spreadsheet. Text pulled out of a PDF has no tabs: a row label and its
numbers separated by spaces, labels broken over lines, vertical labels one character a
line; :mod:`app.io.text_layout` puts its figures back into the official tables.

Bounded: at most :data:`MAX_CHARS` characters and :data:`MAX_LINES` lines; bytes that are
not text (NUL bytes, control characters, undecodable) are refused with one sentence.
"""

from __future__ import annotations

import codecs
import re

from app.form.format2021 import T3_COLUMNS
from app.io.errors import ReadError
from app.io.sheetgrid import MAX_CELLS, Book, Sheet
from app.io.source_grid import cell_value

MAX_CHARS = 2_000_000  # a report is some 20,000 characters
MAX_LINES = 10_000  # a report copied as text has a few hundred lines
MAX_CELLS_PER_LINE = 200
SOURCE = "文字"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, name: str) -> str:
    """The text in ``data``: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data[:65536]:
            raise not_text(name)
        candidates = ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise not_text(name)
    if len(text) > MAX_CHARS:
        raise ReadError(f"「{name}」的文字过长（{len(text)} 字），不像是一份年度报告")
    if len(_CONTROL.findall(text[:65536])) > 8:
        raise not_text(name)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")


def not_text(name: str) -> ReadError:
    return ReadError(f"「{name}」不是文字文件（可能是改了扩展名的其他文件），无法读取")


def load(data: bytes, name: str) -> Book:
    """The sheet of cells the text in ``data`` stands for."""
    return book_from_text(decode(data, name), name)


def book_from_text(text: str, name: str) -> Book:
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        raise ReadError(f"「{name}」的行数过多（{len(lines)} 行），不像是一份年度报告")
    notes: list[tuple[str, str]] = []
    sheet = tab_sheet(lines) if sum("\t" in line for line in lines) >= 5 else None
    if sheet is None or not has_t3_header(sheet):
        # no tabs, or tabs without the table's header (copied from a PDF viewer that
        # separates numbers by tabs): the figures are put back into the official tables
        from app.io.text_layout import pdf_text_sheet

        sheet, notes = pdf_text_sheet([line.replace("\t", " ") for line in lines])
    return Book([sheet], source=SOURCE, notes=notes)


_NATURAL, _COMMERCIAL = dict(T3_COLUMNS)["natural"], dict(T3_COLUMNS)["commercial"]


def has_t3_header(sheet: Sheet) -> bool:
    """Whether table 三's column header came through as cells (自然人 … 商业企业)."""
    cells = {v for v in sheet.values.values() if isinstance(v, str) and len(v) < 12}
    return any(_NATURAL in v for v in cells) and any(_COMMERCIAL in v for v in cells)


def tab_sheet(lines: list[str]) -> Sheet:
    """Each non-empty line a row, each tab-separated part a cell (empty parts stay empty)."""
    sheet = Sheet("", style="text")
    r = 0
    cells = 0
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue  # paragraphs are separated by empty lines; rows are not
        for c, part in enumerate(line.split("\t")[:MAX_CELLS_PER_LINE]):
            if part.strip():
                sheet.values[(r, c)] = cell_value(part)
                cells += 1
                if cells > MAX_CELLS:
                    raise ReadError("文字中的表格过大，不像是一份年度报告")
        sheet.line_of[r] = n
        r += 1
    return sheet
