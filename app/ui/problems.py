"""The problems list (问题列表): every finding of the rules and of the last import.

Findings are grouped by severity (错误 / 警告 / 提示). Activating one (double click or
Enter) emits ``activated`` with the finding; the window jumps to its cell or text.
The list is rebuilt shortly after the findings change, so typing stays fast.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDockWidget, QTreeWidget, QTreeWidgetItem, QWidget

from app.core.findings import Finding, Severity
from app.ui.pages import SEVERITY_COLOUR
from app.ui.session import Session

GROUP_COLOURS = {severity: QColor(colour) for severity, colour in SEVERITY_COLOUR.items()}
REBUILD_DELAY_MS = 80


class ProblemsDock(QDockWidget):
    """A dock with the findings tree."""

    activated = Signal(object)  # Finding
    countsChanged = Signal(object)  # dict[Severity, int]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("问题列表", parent)
        self.setObjectName("problems")
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName("问题列表")
        self.tree.itemActivated.connect(self._activated)
        self.setWidget(self.tree)
        self.session: Session | None = None
        self.counts: dict[Severity, int] = dict.fromkeys(Severity, 0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REBUILD_DELAY_MS)
        self._timer.timeout.connect(self.rebuild)

    def set_session(self, session: Session) -> None:
        if self.session is not None:
            self.session.findingsChanged.disconnect(self._timer.start)
        self.session = session
        session.findingsChanged.connect(self._timer.start)
        self.rebuild()

    def clear_session(self) -> None:
        """No report open (the start page): an empty list."""
        if self.session is not None:
            self.session.findingsChanged.disconnect(self._timer.start)
        self.session = None
        self._timer.stop()
        self.tree.clear()
        self.counts = dict.fromkeys(Severity, 0)
        self.countsChanged.emit(dict(self.counts))

    def rebuild(self) -> None:
        self._timer.stop()
        if self.session is None:
            return
        findings = self.session.findings
        imported = {id(f) for f in self.session.import_findings}
        expanded = {
            top.data(0, Qt.ItemDataRole.UserRole) for top in self._tops() if not top.isExpanded()
        }
        self.tree.clear()
        self.counts = dict.fromkeys(Severity, 0)
        for sev in Severity:
            group = [f for f in findings if f.severity is sev]
            self.counts[sev] = len(group)
            if not group:
                continue
            top = QTreeWidgetItem([f"{sev.label}（{len(group)}）"])
            top.setData(0, Qt.ItemDataRole.UserRole, sev.value)
            top.setForeground(0, QBrush(GROUP_COLOURS[sev]))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for f in group:
                prefix = "［导入］" if id(f) in imported else ""
                item = QTreeWidgetItem([prefix + f.message])
                item.setToolTip(0, f.message)
                item.setData(0, Qt.ItemDataRole.UserRole, f)
                top.addChild(item)
            self.tree.addTopLevelItem(top)
            top.setExpanded(sev.value not in expanded)
        if not findings:
            done = QTreeWidgetItem(["未发现问题。"])
            self.tree.addTopLevelItem(done)
        self.countsChanged.emit(dict(self.counts))

    def items(self) -> list[QTreeWidgetItem]:
        """The finding rows, in display order (for tests and keyboard users)."""
        out: list[QTreeWidgetItem] = []
        for top in self._tops():
            out += [c for j in range(top.childCount()) if (c := top.child(j)) is not None]
        return out

    def _tops(self) -> list[QTreeWidgetItem]:
        count = self.tree.topLevelItemCount()
        return [t for i in range(count) if (t := self.tree.topLevelItem(i)) is not None]

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        finding = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(finding, Finding):
            self.activated.emit(finding)
