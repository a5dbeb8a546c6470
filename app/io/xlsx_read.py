"""Reading a report from a spreadsheet, by its labels (DESIGN §5).

The three tables are found by their labels wherever they are: any sheet, any offset, one
sheet or several. Rows are recognised by their row labels and columns by their headers,
with a forgiving matcher (spaces, line breaks, bracket widths, numbering styles and small
typos). Values are read leniently (dashes, 无, 「件」, notes in cells, numbers as text,
full-width digits, formulas without stored results) and everything assumed, ignored or
corrected goes into the :class:`ImportReport`, anchored to cell keys.

Our own workbooks (see :mod:`app.io.xlsx_write`) are recognised by the marker on their
「报告信息」 sheet; their tables are read by the same label reader, but blank stays
blank, and metadata, the exact fee amount and last year's reference come from that sheet.

The spreadsheet is turned into sheets of cells by :mod:`app.io.source_xlsx` and read by the
one recogniser, :mod:`app.io.recognise`, shared with every other source (DESIGN §10).
"""

from __future__ import annotations

from pathlib import Path

from app.core.document import Document
from app.io.report import ImportReport


def read_workbook(path: Path | str) -> tuple[Document, ImportReport]:
    """Read a report from an .xlsx, .xlsm or .xls file; raise ReadError if impossible."""
    from app.io.files import check_file, file_bytes

    p = Path(path)
    check_file(p)
    return read_bytes(file_bytes(p), p.name)


def read_bytes(data: bytes, name: str) -> tuple[Document, ImportReport]:
    """Read a report from a workbook's bytes (``name`` is used in messages)."""
    from app.io.sources import SPREADSHEET, read_source

    return read_source(data, name, SPREADSHEET)
