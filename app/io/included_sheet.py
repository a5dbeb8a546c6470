"""The appendix sheet of a 汇总's workbook: the reports it adds up, with their key figures.

Written after the report's own sheets (``app.io.xlsx_write``) only when the document is a
汇总; column headers name the figures in the form's words.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.core.document import Document
from app.core.values import format_value
from app.form import FORM

SHEET_INCLUDED = "附：汇总范围"
HEADS = ("序号", FORM.meta_field("agency").label, "文件", FORM.meta_field("year").label)


def figure_heading(key: str) -> str:
    """A key figure's column heading: 「表三·总计列·一、本年新收政府信息公开申请数量」."""
    from app.core.review import place

    return place((key,))


def included_heads(doc: Document) -> list[str]:
    """The column headings: who and which file, then the key figures' headings."""
    keys = [k for k, _ in doc.included[0].figures] if doc.included else []
    return [*HEADS, *(figure_heading(k) for k in keys)]


def included_rows(doc: Document) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for n, inc in enumerate(doc.included, start=1):
        # the fee as text: its exact decimal, not a float's approximation
        figures = [format_value(v) if isinstance(v, Decimal) else v for _, v in inc.figures]
        rows.append((n, inc.agency, inc.file, inc.year, *figures))
    return rows


def write_included(ws: Any, doc: Document) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from app.io.xlsx_write import put_text

    heads = included_heads(doc)
    put_text(ws.cell(row=1, column=1), f"本汇总包括以下 {len(doc.included)} 份报告")
    ws.cell(row=1, column=1).font = Font(name="宋体", bold=True, size=12)
    for c, h in enumerate(heads, start=1):
        cell = ws.cell(row=2, column=c)
        put_text(cell, h)
        cell.font = Font(name="宋体", bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(c)].width = (6, 30, 30, 10)[c - 1] if c <= 4 else 16
    for r, row in enumerate(included_rows(doc), start=3):
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(v, str):
                put_text(cell, v)
            else:
                cell.value = v
            cell.font = Font(name="宋体")
            if c > len(HEADS):  # figures, the fee among them as exact text: to the right
                cell.alignment = Alignment(horizontal="right")
    ws.row_dimensions[2].height = 62  # wrapped headings: spreadsheet programs do not grow it
    ws.freeze_panes = "A3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
