"""Screens that fit: frozen header rows and row labels; the window's size on small screens."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication
from uihelpers import show_table

from app.ui.window import MainWindow


def _shown_at(window: MainWindow, view: Any, point: QPoint) -> str:
    """The text a user sees at a point of the grid's viewport (over whatever lies on top)."""
    port = view.viewport()
    widget = view.childAt(port.mapTo(view, point))
    if widget is not None and widget is not port and widget.parent() is not view:
        over = widget.parent()  # an overlay's viewport
        local = widget.mapFrom(view, port.mapTo(view, point))
        return str(over.indexAt(local).data() or "")
    return str(view.indexAt(point).data() or "")


def test_table3_keeps_headers_and_row_labels_when_scrolled(window: MainWindow) -> None:
    window.resize(1000, 600)
    view = show_table(window, "t3")
    QApplication.processEvents()
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0, "the table must need scrolling in this test"
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    natural = view.visualRect(view.grid.index_of("t3.carry_forward.natural"))
    # the column header straight above the bottom row's 自然人 cell, at the top of the grid
    below_first = view.rowHeight(0) + 5  # 自然人 and 总计 span header rows 2 and 3
    assert _shown_at(window, view, QPoint(natural.center().x(), 5)) == "申请人情况"
    assert _shown_at(window, view, QPoint(natural.center().x(), below_first)) == "自然人"
    total = view.visualRect(view.grid.index_of("t3.carry_forward.total"))
    assert _shown_at(window, view, QPoint(total.center().x(), below_first)) == "总计"
    # the row label of the bottom row, at the left edge
    assert _shown_at(window, view, QPoint(5, natural.center().y())) == "四、结转下年度继续办理"
    # moving up with the keyboard never hides the current cell under the headers
    view.select_key("t3.new.natural")
    QApplication.processEvents()
    rect = view.visualRect(view.currentIndex())
    assert rect.top() >= view.panes.height()
    assert _shown_at(window, view, rect.center()) == "13"


def test_table3_keeps_row_labels_when_scrolled_sideways(window: MainWindow) -> None:
    window.resize(760, 600)
    view = show_table(window, "t3")
    QApplication.processEvents()
    bar = view.horizontalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    row = view.visualRect(view.grid.index_of("t3.new.total"))
    assert _shown_at(window, view, QPoint(5, row.center().y())).startswith("一、本年新收")
