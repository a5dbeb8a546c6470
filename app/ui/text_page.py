"""The page of a text section, and the text editor bound to the document.

Text sections are edited in a plain-text editor with the official guidance beside it, a
live character count and, when last year's report is loaded, last year's text as
read-only reference. Typing goes through undoable SetText commands (merged while typing).
Loaded when a text page is first shown, not at start-up.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.findings import Severity
from app.core.limits import MAX_TEXT_CHARS, clean_text, text_problem
from app.core.rules import OVERVIEW_LIMIT
from app.core.textscan import char_count
from app.form import FORM, SectionDef
from app.ui.commands import SetText
from app.ui.pages import SEVERITY_COLOUR, FindingsLabel, guidance_label, heading
from app.ui.session import Session


class TextEditor(QPlainTextEdit):
    """A plain-text editor whose Ctrl+Z / Ctrl+Y go to the window's undo stack."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.matches(QKeySequence.StandardKey.Undo):
            self.session.undo_stack.undo()
            return
        if e.matches(QKeySequence.StandardKey.Redo) or (
            e.key() == Qt.Key.Key_Y and e.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            self.session.undo_stack.redo()
            return
        super().keyPressEvent(e)


class TextBinding(QObject):
    """Ties a text editor to a text key of the document through SetText commands."""

    def __init__(self, session: Session, key: str, editor: QPlainTextEdit, label: str) -> None:
        super().__init__(editor)
        self.session = session
        self.key = key
        self.editor = editor
        self.label = label
        self._updating = False
        self.load()
        editor.textChanged.connect(self._edited)
        session.textChanged.connect(self._changed)

    def load(self) -> None:
        self._updating = True
        self.editor.setPlainText(self.session.doc.texts.get(self.key, ""))
        self._updating = False

    def _edited(self) -> None:
        if self._updating:
            return
        new = clean_text(self.editor.toPlainText())
        old = self.session.doc.texts.get(self.key, "")
        if len(new) > MAX_TEXT_CHARS and len(new) > len(old):
            from app.ui.dialogs import show_status

            self._changed(self.key, None)  # put the document's text back
            show_status(self.editor, f"{text_problem(self.label, new)}，这次输入或粘贴没有生效")
            return
        if new != old:
            self.session.push(SetText(self.session, self.key, old, new, self.label, self.editor))

    def _changed(self, key: str, origin: object) -> None:
        if key != self.key or origin is self.editor:
            return
        text = self.session.doc.texts.get(self.key, "")
        if self.editor.toPlainText() == text:
            return
        pos = self.editor.textCursor().position()
        self._updating = True
        self.editor.setPlainText(text)
        cursor = self.editor.textCursor()
        cursor.setPosition(min(pos, len(text)))
        self.editor.setTextCursor(cursor)
        self._updating = False


class TextPage(QWidget):
    """A text section: editor, official guidance, character count, last year's text."""

    def __init__(self, session: Session, section: SectionDef) -> None:
        super().__init__()
        self.session = session
        self.section = section
        self.key = section.key
        layout = QVBoxLayout(self)
        layout.addWidget(heading(section.title))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.editor = TextEditor(session)
        font = self.editor.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.editor.setFont(font)
        self.editor.setPlaceholderText(section.placeholder)
        self.editor.setAccessibleName(section.title)
        self.binding = TextBinding(session, self.key, self.editor, section.title)
        from app.ui.drafting_dialog import DraftingBar

        self.drafting = DraftingBar(session, section, self.editor)
        lv.addWidget(self.drafting)
        lv.addWidget(self.editor, 1)
        status = QHBoxLayout()
        self.count = QLabel()
        status.addWidget(self.count)
        status.addStretch(1)
        lv.addLayout(status)
        self.findings = FindingsLabel(session, (self.key,))
        lv.addWidget(self.findings)
        splitter.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel(f"<b>填写要求</b>（{FORM.notice}）"))
        guide = guidance_label(section.guidance)
        guide.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        rv.addWidget(guide)
        self.last_title = QLabel()
        self.last_text = QPlainTextEdit()
        self.last_text.setReadOnly(True)
        self.last_text.setAccessibleName("上年报告内容")
        palette = self.last_text.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor("#f4f4f4"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#444444"))
        self.last_text.setPalette(palette)
        rv.addWidget(self.last_title)
        rv.addWidget(self.last_text, 1)
        self.filler = QWidget()  # takes the space when there is no reference text
        rv.addWidget(self.filler, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        session.textChanged.connect(self._text_changed)
        self.refresh_reference()
        self._update_count()

    def refresh_reference(self) -> None:
        last = self.session.doc.last_year
        text = last.texts.get(self.key, "")
        year = f"{last.year} 年" if last.year else "上年"
        self.last_title.setText(f"<b>{year}报告的本节内容</b>（只读，供参考）")
        self.last_text.setPlainText(text)
        self.last_title.setVisible(bool(text))
        self.last_text.setVisible(bool(text))
        self.filler.setVisible(not text)

    def _text_changed(self, key: str, _origin: object) -> None:
        if key == self.key:
            self._update_count()

    def _update_count(self) -> None:
        n = char_count(self.session.doc.texts.get(self.key, ""))
        if self.key == "text.overview":
            over = n > OVERVIEW_LIMIT
            colour = SEVERITY_COLOUR[Severity.ERROR] if over else "#2d3a4a"
            extra = f"，超出 {n - OVERVIEW_LIMIT} 字" if over else ""
            self.count.setText(
                f'<span style="color:{colour}">已写 {n} 字（不计空白）/ '
                f"原则上不超过 {OVERVIEW_LIMIT} 字{extra}</span>"
            )
        else:
            self.count.setText(f"已写 {n} 字（不计空白）")
