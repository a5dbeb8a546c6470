"""Screens that fit: frozen header rows and row labels; the window's size on small screens."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication
from uihelpers import show_table

from app.ui.window import MainWindow


def _shown_at(window: MainWindow, view: Any, point: QPoint) -> str:
    """The text a user sees at a point of the grid's viewport (over whatever lies on top)."""
    from PySide6.QtWidgets import QTableView

    port = view.viewport()
    at = port.mapTo(view, point)
    widget = view.childAt(at)
    while widget is not None and not isinstance(widget, QTableView):
        widget = widget.parentWidget()
    assert widget is not None, f"nothing is shown at {point}"
    local = widget.viewport().mapFrom(view, at)
    return str(widget.indexAt(local).data() or "")


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


def test_window_fits_the_screen_and_remembers_its_layout(qtbot: Any) -> None:
    from PySide6.QtCore import QSettings

    from app.ui.main import application, create_window
    from app.ui.screen_fit import KEYS, NAV_SMALL

    application()  # (QSettings needs the program's name first)
    for key in KEYS:
        QSettings().remove(key)
    w = create_window(None)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    area = w.screen().availableGeometry()  # the headless screen: 800×600, a small one
    assert area.contains(w.frameGeometry())
    status = w.statusBar()
    bottom = status.mapToGlobal(status.rect().bottomLeft())
    assert area.contains(bottom) and w.counts_label.isVisible()
    assert w.splitter.sizes()[0] <= NAV_SMALL  # the table first
    assert w.nav.item(3).toolTip() == w.nav.item(3).text()
    # the clerk makes it smaller and widens the section list: kept for the next start
    w.resize(700, 500)
    w.splitter.setSizes([230, 470])
    qtbot.waitUntil(lambda: w.size().width() == 700)
    w.maybe_save = lambda: True  # type: ignore[method-assign]
    w.close()
    again = create_window(None)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.size().width() == 700 and again.size().height() == 500
    qtbot.waitUntil(lambda: abs(again.splitter.sizes()[0] - 230) <= 2)  # after the first frame
    again.maybe_save = lambda: True  # type: ignore[method-assign]
    again.close()
    for key in KEYS:
        QSettings().remove(key)
