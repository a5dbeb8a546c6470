"""The review workbook a supervising office keeps: 「汇总」 one row per report, 「问题明细」
one row per finding, both with the header frozen and an auto-filter on.

Opens in WPS, Excel and LibreOffice; openpyxl is imported only when a workbook is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.core.findings import Severity
from app.core.review import Reviewed, place

SHEET_SUMMARY = "汇总"
SHEET_DETAILS = "问题明细"
SUMMARY_HEADERS = (
    "文件",
    "机关名称",
    "报告年度",
    "读取格式",
    "状态",
    "错误",
    "警告",
    "提示",
    "第一个问题",
    "跨报告问题",
)
SUMMARY_WIDTHS = (34, 30, 10, 20, 12, 8, 8, 8, 70, 60)
DETAIL_HEADERS = ("文件", "机关名称", "严重程度", "位置", "说明")
DETAIL_WIDTHS = (34, 30, 10, 40, 90)


def summary_rows(items: Sequence[Reviewed]) -> list[tuple[Any, ...]]:
    rows = []
    for i in items:
        first = i.first_problem
        rows.append(
            (
                i.name,
                i.agency,
                i.year,
                i.format_name,
                i.status,
                i.errors,
                i.warnings,
                i.count(Severity.INFO),
                i.reason if i.doc is None else (first.message if first else ""),
                "；".join(f.message for f in i.cross),
            )
        )
    return rows


def detail_rows(items: Sequence[Reviewed]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for i in items:
        if i.doc is None:
            rows.append((i.name, "", "无法读取", "文件", i.reason))
        for f in i.findings:
            rows.append((i.name, i.agency, f.severity.label, place(f.keys), f.message))
    return rows


def _sheet(ws: Any, headers: Sequence[str], widths: Sequence[int], rows: list[Any]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from app.io.xlsx_write import put_text

    bold = Font(name="宋体", bold=True)
    fill = PatternFill("solid", fgColor="DDE4EE")
    plain = Font(name="宋体")
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append(list(headers))
    for c in range(1, len(headers) + 1):
        cell = ws.cell(row=1, column=c)
        cell.font, cell.fill = bold, fill
        ws.column_dimensions[get_column_letter(c)].width = widths[c - 1]
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(v, str):
                put_text(cell, v)  # a name starting with 「=」 stays text, never a formula
            else:
                cell.value = v
            cell.font, cell.alignment = plain, wrap
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 2)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def review_workbook_bytes(items: Sequence[Reviewed]) -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    summary = wb.active
    summary.title = SHEET_SUMMARY
    _sheet(summary, SUMMARY_HEADERS, SUMMARY_WIDTHS, summary_rows(items))
    _sheet(wb.create_sheet(SHEET_DETAILS), DETAIL_HEADERS, DETAIL_WIDTHS, detail_rows(items))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_review(items: Sequence[Reviewed], path: str | Path) -> None:
    """Write the review workbook atomically; raise WriteError with a Chinese message."""
    from app.io.atomic import write_bytes_atomic

    write_bytes_atomic(Path(path), review_workbook_bytes(items))
