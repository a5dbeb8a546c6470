"""The red line at the top of the window while recovery copies cannot be written (made
by :mod:`app.ui.autosave` at the first failure only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar

if TYPE_CHECKING:
    from app.ui.window import MainWindow


class RecoveryBanner(QToolBar):
    """A red line at the top of the window while recovery copies cannot be written."""

    def __init__(self, parent: MainWindow) -> None:
        super().__init__("恢复副本", parent)
        self.setObjectName("recovery_banner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setStyleSheet("QLabel { background: #fde2e1; color: #a4000f; padding: 6px; }")
        self.addWidget(self.label)
        self.hide()

    def show_failure(self, reason: str, retry_s: int) -> None:
        self.label.setText(
            f"无法写入恢复副本：{reason}\n程序意外关闭时，未保存的修改可能丢失，请尽快保存"
            f"（Ctrl+S）。程序每 {retry_s} 秒重试一次。"
        )
        self.show()
