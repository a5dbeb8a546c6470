"""Frozen header rows and row-label columns, as a WPS user freezes panes (冻结窗格).

The table's header rows and label columns are cells of the model, so QTableView's own
headers cannot hold them. Three read-only views over the same model lie over the edges of
the grid's viewport: one with the header rows (scrolls sideways with the grid), one with
the label columns (scrolls up and down with it) and the corner. Scrolling 表三 to the
bottom keeps 「自然人…总计」 and the row labels in sight.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from app.form import TableDef


def frozen_rows(table: TableDef) -> int:
    """Leading header rows, when no header appears further down (表三 and 表四, not 表二)."""
    first_data = min(c.row for c in table.cells)
    if any(lab.header and lab.row >= first_data for lab in table.labels):
        return 0
    return first_data


def frozen_cols(table: TableDef) -> int:
    """The columns left of every data cell (the row labels)."""
    return min(c.col for c in table.cells)


class _Forward(QObject):
    """Wheel turns over an overlay scroll the grid itself."""

    def __init__(self, target: QAbstractItemView) -> None:
        super().__init__(target)
        self.target = target

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel:
            from PySide6.QtWidgets import QApplication

            QApplication.sendEvent(self.target.viewport(), event)
            return True
        return False


class _VisiblePart(QStyledItemDelegate):
    """Labels are written in the part of their cell that shows: 「三、本年度办理结果」 spans
    22 rows and would scroll out of sight with the top of its cell."""

    def __init__(self, view: QTableView, panes: FrozenPanes) -> None:
        super().__init__(view)
        self.view = view
        self.panes = panes

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Any) -> None:
        visible = self.view.viewport().rect().adjusted(0, self.panes.height(), 0, 0)
        shown = QStyleOptionViewItem(option)
        rect = option.rect  # type: ignore[attr-defined]
        if rect.height() > visible.height() // 2:  # only the tall merged labels move
            shown.rect = rect.intersected(visible)  # type: ignore[attr-defined]
        super().paint(painter, shown, index)


class FrozenPanes:
    """The three overlays of one grid view."""

    def __init__(
        self, view: QTableView, table: TableDef, spans: list[tuple[int, int, int, int]]
    ) -> None:
        self.view = view
        self.rows = frozen_rows(table)
        self.cols = frozen_cols(table)
        self.forward = _Forward(view)
        self.top = self._overlay(spans) if self.rows else None
        self.left = self._overlay(spans) if self.cols else None
        if self.left is not None:
            self.left.setItemDelegate(_VisiblePart(self.left, self))
        self.corner = self._overlay(spans) if self.rows and self.cols else None
        if self.top is not None:
            view.horizontalScrollBar().valueChanged.connect(self.top.horizontalScrollBar().setValue)
        if self.left is not None:
            view.verticalScrollBar().valueChanged.connect(self.left.verticalScrollBar().setValue)
            # the tall labels are drawn where they show: a scrolled copy of them would be stale
            view.verticalScrollBar().valueChanged.connect(self.left.viewport().update)
        view.horizontalHeader().sectionResized.connect(self._column_resized)
        view.verticalHeader().sectionResized.connect(self._row_resized)

    def _overlay(self, spans: list[tuple[int, int, int, int]]) -> QTableView:
        view = self.view
        over = QTableView(view)
        over.setModel(view.model())
        over.setObjectName("frozenPane")
        over.horizontalHeader().hide()
        over.verticalHeader().hide()
        for row, col, rs, cs in spans:
            over.setSpan(row, col, rs, cs)
        over.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        over.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        over.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        over.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        over.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        over.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        over.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        over.setFrameShape(QFrame.Shape.NoFrame)
        over.setWordWrap(True)
        over.setStyleSheet("QTableView { gridline-color: #7d8590; background: white; }")
        over.viewport().installEventFilter(self.forward)
        for c in range(view.model().columnCount()):
            over.setColumnWidth(c, view.columnWidth(c))
        for r in range(view.model().rowCount()):
            over.setRowHeight(r, view.rowHeight(r))
        over.show()
        return over

    def _overlays(self) -> list[QTableView]:
        return [o for o in (self.top, self.left, self.corner) if o is not None]

    def _column_resized(self, col: int, _old: int, new: int) -> None:
        for o in self._overlays():
            o.setColumnWidth(col, new)
        self.place()

    def _row_resized(self, row: int, _old: int, new: int) -> None:
        for o in self._overlays():
            o.setRowHeight(row, new)
        self.place()

    def height(self) -> int:
        return sum(self.view.rowHeight(r) for r in range(self.rows))

    def width(self) -> int:
        return sum(self.view.columnWidth(c) for c in range(self.cols))

    def covered(self) -> QRegion:
        """The part of the grid's viewport the panes cover (viewport coordinates)."""
        region = QRegion()
        origin = self.view.viewport().pos()
        for o in self._overlays():
            region += o.geometry().translated(-origin)
        return region

    def place(self) -> None:
        """Lay the overlays over the viewport's edges (after any resize)."""
        port = self.view.viewport().geometry()
        h = min(self.height(), port.height())
        w = min(self.width(), port.width())
        if self.top is not None:
            self.top.setGeometry(port.x(), port.y(), port.width(), h)
            self.top.horizontalScrollBar().setValue(self.view.horizontalScrollBar().value())
        if self.left is not None:
            self.left.setGeometry(port.x(), port.y(), w, port.height())
            self.left.verticalScrollBar().setValue(self.view.verticalScrollBar().value())
        if self.corner is not None:
            self.corner.setGeometry(port.x(), port.y(), w, h)
            self.corner.raise_()
