"""Every modal dialog of the program goes through here, so headless runs never block.

With the environment variable ``NIANBAO_NO_DIALOGS=1`` (set by the tests and by
``--selftest``) no modal dialog is shown: message boxes become log lines on the ``app.ui``
logger and return the default answer the caller gave; file dialogs return the ``path``
argument ("" when none was given, i.e. cancelled). Callers use the same code in both modes:

    answer = dialogs.ask(self, "保存修改", "是否保存？", ["保存", "不保存", "取消"], "取消")
    dialogs.inform(self, "保存失败", str(exc), icon="warning")
    name = dialogs.save_file_name(self, "导出 PDF", default_path, "PDF 文件 (*.pdf)")
    name = dialogs.open_file_name(self, "打开年度报告", "年度报告 (*.xlsx *.xls *.json)")
    dialogs.show_status(self, "已导出")

Tests that need another answer monkeypatch :func:`ask` (or the module attribute
``dialogs.ask``) and call through the module, as every caller does.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

HEADLESS_ENV = "NIANBAO_NO_DIALOGS"
log = logging.getLogger("app.ui")

# QMessageBox and QFileDialog are imported where a dialog is shown: PySide creates a Qt
# class on first use (QMessageBox takes milliseconds), which start-up need not pay.
_ICONS = {
    "question": "Question",
    "information": "Information",
    "warning": "Warning",
    "error": "Critical",
}


def _icon(name: str, default: str) -> QMessageBox.Icon:
    from PySide6.QtWidgets import QMessageBox

    return getattr(QMessageBox.Icon, _ICONS.get(name, default))  # type: ignore[no-any-return]


def headless() -> bool:
    """True when dialogs must not be shown (``NIANBAO_NO_DIALOGS`` set and not "0")."""
    return os.environ.get(HEADLESS_ENV, "") not in ("", "0")


def _before_modal(parent: QWidget | None) -> None:
    """A modal dialog can wait for a long time: first let the window that owns it write
    its recovery copy (its ``before_modal`` method)."""
    widget = parent
    while widget is not None:
        window = widget.window()
        hook = getattr(window, "before_modal", None)
        if callable(hook):
            hook()
            return
        widget = window.parentWidget()


def _one_line(text: str) -> str:
    return " / ".join(line for line in text.splitlines() if line.strip())


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: Sequence[str],
    default: str,
    *,
    escape: str | None = None,
    detail: str = "",
    icon: str = "question",
) -> str:
    """Ask the user to choose one of ``buttons`` (their Chinese texts); return the text chosen.

    ``default`` is the focused button and the headless answer; Esc or closing the box
    answers ``escape`` (default: ``default``).
    """
    if default not in buttons:
        raise ValueError(f"default {default!r} is not one of {list(buttons)!r}")
    _before_modal(parent)
    if headless():
        log.info("对话框「%s」：%s → %s", title, _one_line(text), default)
        return default
    from PySide6.QtWidgets import QMessageBox

    box = _box(parent, title, text, detail, icon, "Question")
    made = {}
    for label in buttons:
        made[label] = box.addButton(label, QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(made[default])
    box.setEscapeButton(made[escape or default])
    box.exec()
    clicked = box.clickedButton()
    for label, button in made.items():
        if button is clicked:
            return label
    return escape or default


def inform(
    parent: QWidget | None, title: str, text: str, *, detail: str = "", icon: str = "information"
) -> None:
    """Tell the user something (an OK box); headless: a log line."""
    _before_modal(parent)
    if headless():
        level = logging.WARNING if icon in ("warning", "error") else logging.INFO
        log.log(
            level, "对话框「%s」：%s", title, _one_line(text + ("\n" + detail if detail else ""))
        )
        return
    from PySide6.QtWidgets import QMessageBox

    box = _box(parent, title, text, detail, icon, "Information")
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def _box(
    parent: QWidget | None, title: str, text: str, detail: str, icon: str, fallback: str
) -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setIcon(_icon(icon, fallback))
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
    return box


def save_file_name(
    parent: QWidget | None,
    caption: str,
    default: str,
    filter: str,
    path: str | None = None,
) -> str:
    """A file name to save to ("" when cancelled); headless: ``path`` (or "")."""
    return _file_name("getSaveFileName", parent, caption, default, filter, path)


def open_file_name(
    parent: QWidget | None,
    caption: str,
    filter: str,
    directory: str = "",
    path: str | None = None,
) -> str:
    """A file to open ("" when cancelled); headless: ``path`` (or "")."""
    return _file_name("getOpenFileName", parent, caption, directory, filter, path)


def _file_name(
    getter: str,
    parent: QWidget | None,
    caption: str,
    directory: str,
    filter: str,
    path: str | None,
) -> str:
    _before_modal(parent)
    if headless():
        log.info("文件对话框「%s」→ %s", caption, path or "（取消）")
        return path or ""
    from app.ui.file_dialog import ask_file_name

    return ask_file_name(parent, getter == "getSaveFileName", caption, directory, filter)


def show_status(parent: QWidget | None, text: str, timeout_ms: int = 8000) -> None:
    """Show ``text`` in the window's status bar (and log it); never modal."""
    log.info("状态：%s", text)
    widget = parent
    while widget is not None:  # from a dialog up to the main window that owns it
        window = widget.window()
        status = getattr(window, "status", None)
        if callable(status):
            status(text)
            return
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, timeout_ms)
            return
        widget = window.parentWidget()
