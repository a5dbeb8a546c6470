"""Helpers for the window tests: switching sections and typing like a user."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.table_view import GridView
from app.ui.window import MainWindow


def show_table(w: MainWindow, table: str) -> GridView:
    w.show_section(table)
    view = w.table_page(table).view
    view.setFocus()
    QApplication.processEvents()
    return view


def select(view: GridView, key: str) -> None:
    assert view.select_key(key)


def send_text(widget: Any, text: str) -> None:
    """Key presses for ``text``: QTest.keyClicks (what qtbot.keyClicks calls) for ASCII,
    hand-made key events for other characters (QTest only knows Latin-1)."""
    if text.isascii():
        QTest.keyClicks(widget, text)
        QApplication.processEvents()
        return
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def type_into(view: GridView, text: str) -> None:
    """Type like a user: the first key starts editing, the rest go to the editor."""
    send_text(view, text[0])
    editor = view.editor_widget()
    assert editor is not None, "typing did not open an editor"
    if text[1:]:
        send_text(editor, text[1:])


def press(
    widget: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    QTest.keyClick(widget, key, modifier)
    QApplication.processEvents()
