"""Qt's own file dialog, entirely in Chinese, starting in the right folder.

Where the desktop offers no native dialog (many Linux desktops), Qt draws its own. Its
labels come from the translations (``app.ui.main`` loads them); the file sizes and dates
come from the system locale, which gives 「7.41 KiB」 and 「30 11 2026」 on an English or
C locale: a proxy model shows them as 「7.4 KB」 and 「2026-11-30 10:00」.
Imported only when a file dialog is opened.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QTreeView, QWidget

SIZE_COLUMN = 1
DATE_COLUMN = 3
UNITS = ("字节", "KB", "MB", "GB", "TB")


def size_text(size: int) -> str:
    value = float(size)
    for unit in UNITS:
        if value < 1024 or unit == UNITS[-1]:
            return f"{size} {unit}" if unit == UNITS[0] else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


class ChineseDetails(QIdentityProxyModel):
    """The file list's sizes and dates in the form a Chinese clerk reads them."""

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.column() in (SIZE_COLUMN, DATE_COLUMN):
            source = self.sourceModel()
            src = self.mapToSource(index)
            if isinstance(source, QFileSystemModel):
                first = src.siblingAtColumn(0)
                if index.column() == DATE_COLUMN:
                    return source.lastModified(first).toString("yyyy-MM-dd HH:mm")
                if source.isDir(first):
                    return ""
                return size_text(source.size(first))
        return super().data(index, role)


def ask_file_name(
    parent: QWidget | None, save: bool, caption: str, directory: str, filter: str
) -> str:
    """Run the file dialog; the chosen path or "" when cancelled."""
    dialog = make_dialog(parent, save, caption, directory, filter)
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return ""
    files = dialog.selectedFiles()
    return str(files[0]) if files else ""


def make_dialog(
    parent: QWidget | None, save: bool, caption: str, directory: str, filter: str
) -> QFileDialog:
    """The file dialog, set up but not shown."""
    dialog = QFileDialog(parent, caption, directory, filter)
    dialog.setAcceptMode(
        QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
    )
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "保存(&S)" if save else "打开(&O)")
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, "取消")
    if dialog.testOption(QFileDialog.Option.DontUseNativeDialog) or not _has_native():
        dialog.setProxyModel(ChineseDetails(dialog))
        tree = dialog.findChild(QTreeView, "treeView")
        if tree is not None:  # room for 「Excel 2007 电子表格」 and the whole date
            tree.header().resizeSection(SIZE_COLUMN, 80)
            tree.header().resizeSection(SIZE_COLUMN + 1, 150)
            tree.header().resizeSection(DATE_COLUMN, 130)
        area = dialog.screen().availableGeometry()
        dialog.resize(min(880, area.width() - 40), min(540, area.height() - 80))
    return dialog


def _has_native() -> bool:
    """Whether the platform draws its own file dialog (Windows, macOS, GTK/portal themes)."""
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() in ("windows", "cocoa")
