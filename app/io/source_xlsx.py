"""The spreadsheet adapter: an .xlsx, .xlsm or .xls file's bytes → a Book of sheets.

The work is done by :mod:`app.io.sheetgrid` (the package's XML read directly, openpyxl
where needed, xlrd for .xls) after :mod:`app.io.xlsx_safety` has checked the bytes.
"""

from __future__ import annotations

from app.io.sheetgrid import Book, load_book


def load(data: bytes, name: str) -> Book:
    """The workbook in ``data``; ReadError for anything that is not a safe workbook."""
    return load_book(data, name)
