"""A balloon at a cell that says why what was typed there cannot be taken.

A status-bar message is easy to miss; the balloon sits just under (or over) the cell, stays
until the entry is corrected or given up, and follows the cell when the table scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel

BALLOON_STYLE = (
    "QLabel { background: #fff4f2; color: #a0000a; border: 1px solid #d2403a;"
    " border-radius: 4px; padding: 4px 8px; }"
)
MAX_WIDTH = 380
PADDING = 12  # the style's padding and border, each side


class Balloon(QLabel):
    """The error balloon of one table view (one at a time)."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("inputBalloon")
        self.setStyleSheet(BALLOON_STYLE)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName("输入错误")
        self.index = QPersistentModelIndex()
        self.hide()
        view.horizontalScrollBar().valueChanged.connect(self._follow)
        view.verticalScrollBar().valueChanged.connect(self._follow)

    def show_at(self, index: QPersistentModelIndex, text: str) -> None:
        self.index = QPersistentModelIndex(index)
        self.setText(text)
        self._follow()

    def dismiss(self) -> None:
        self.index = QPersistentModelIndex()
        self.hide()

    def _follow(self) -> None:
        if not self.index.isValid():
            return
        view = self.view
        model = view.model()
        cell = view.visualRect(model.index(self.index.row(), self.index.column()))
        cell.translate(view.viewport().geometry().topLeft())
        room = max(view.width() - 8, 120)
        natural = self.fontMetrics().horizontalAdvance(self.text()) + 2 * PADDING
        width = min(MAX_WIDTH, room, natural)
        self.setFixedWidth(width)
        self.adjustSize()
        height = self.sizeHint().height()
        y = cell.bottom() + 3
        if y + height > view.height() and cell.top() - height - 3 >= 0:
            y = cell.top() - height - 3  # no room below: over the cell
        x = cell.left()
        if x + width > view.width():  # no room to the right: end at the cell's right edge
            x = cell.right() - width
        x = min(max(x, 0), max(view.width() - width, 0))
        self.setGeometry(QRect(QPoint(x, y), self.sizeHint().expandedTo(self.minimumSize())))
        self.setFixedWidth(width)
        self.show()
        self.raise_()
