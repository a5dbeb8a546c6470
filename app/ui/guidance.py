"""Small helps for the first hour: which year is being reported, last year's file opened
by mistake with 打开 instead of 从上年报告新建, and the import report of someone else's
spreadsheet opened with 打开."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ui.window import MainWindow

NEW_FROM_OLD = "以此为上年报告新建本年报告"
OPEN_AS_IS = "仍然打开此报告"
# Reports are written from the autumn of the report year to the January after it.
NEW_REPORTS_FROM_MONTH = 10


def reporting_year(today: date | None = None) -> int:
    """The year whose report offices are preparing now."""
    today = today or date.today()
    return today.year if today.month >= NEW_REPORTS_FROM_MONTH else today.year - 1


def offer_next_year(window: MainWindow, path: str) -> bool:
    """After 打开 of an earlier year's report: offer to start this year's from it.

    True when a new report was made from it.
    """
    from app.ui import dialogs

    year = window.doc.year
    current = reporting_year()
    if not year or year >= current:
        return False
    answer = dialogs.ask(
        window,
        "这是往年的报告",
        f"打开的是 {year} 年度的报告，现在应填写 {current} 年度的报告。\n\n"
        f"「{NEW_FROM_OLD}」：新建 {year + 1} 年度报告，机关名称沿用，"
        "「上年结转」按此报告的「结转下年度继续办理」填入，原文件不会被改动。\n"
        f"「{OPEN_AS_IS}」：查看或修改 {year} 年度的报告本身。",
        [NEW_FROM_OLD, OPEN_AS_IS],
        NEW_FROM_OLD,
        escape=OPEN_AS_IS,
    )
    if answer != NEW_FROM_OLD:
        return False
    return window.new_from_last_year(path)


def after_open(window: MainWindow, path: str) -> None:
    """After the clerk opened a file with 打开 (or from the recent files)."""
    if offer_next_year(window, path):
        return
    report = window.last_import
    if window.path is None and report is not None and report.findings:
        from app.ui.import_dialog import show_import_report

        show_import_report(
            window,
            "导入报告",
            report,
            "这不是本程序保存的文件：保存时请选择新的文件名，原文件不会被覆盖。"
            "以上各条也列在窗口下方的「问题列表」中。",
        )
