"""Helpers for the window tests: switching sections and typing like a user."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.table_view import GridView
from app.ui.window import MainWindow


class Dialogs:
    """Records the modal dialogs asked for, answering each question with ``answer``
    (or, without one, the dialog's default button)."""

    def __init__(self, monkeypatch: Any, answer: str = "") -> None:
        from app.ui import dialogs

        self.answer = answer
        self.asked: list[tuple[str, str, list[str]]] = []  # title, text, buttons
        self.informed: list[tuple[str, str]] = []
        monkeypatch.setattr(dialogs, "ask", self.ask)
        monkeypatch.setattr(dialogs, "inform", self.inform)

    def ask(
        self, parent: Any, title: str, text: str, buttons: Any, default: Any = None, **kw: Any
    ) -> Any:
        self.asked.append((title, text, list(buttons)))
        return self.answer or default

    def inform(self, parent: Any, title: str, text: str, *args: Any, **kw: Any) -> None:
        self.informed.append((title, text))


def show_table(w: MainWindow, table: str) -> GridView:
    w.show_section(table)
    view = w.table_page(table).view
    view.setFocus()
    QApplication.processEvents()
    return view


def select(view: GridView, key: str) -> None:
    assert view.select_key(key)


def select_range(view: GridView, first: str, last: str) -> None:
    """Select the rectangle from cell ``first`` to cell ``last``, as a mouse drag does."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    a, b = view.grid.index_of(first), view.grid.index_of(last)
    view.setCurrentIndex(a)
    view.selectionModel().select(
        QItemSelection(a, b), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


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
