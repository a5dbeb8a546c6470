"""The 「汇总范围」 dock: the reports a 汇总 adds up, with their key figures, under the
main window while such a report is open."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QTableWidget, QTableWidgetItem, QWidget

from app.core.document import Document
from app.io.included_sheet import included_heads, included_rows

TITLE = "汇总范围"


class IncludedDock(QDockWidget):
    """A read-only table of the included reports (the same rows as the workbook's appendix)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, parent)
        self.setObjectName("included")
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(TITLE)
        self.setWidget(self.table)

    def set_document(self, doc: Document) -> None:
        heads = included_heads(doc)
        rows = included_rows(doc)
        self.table.clear()
        self.table.setColumnCount(len(heads))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(heads)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem("" if v is None else str(v)))
        self.setWindowTitle(f"{TITLE}（{len(rows)} 份报告）")
