"""The page of a table section: heading, guidance, the grid and the optional note.

Kept apart from ``app.ui.pages`` so that the grid's modules load only when a table is
first shown, not at start-up.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.form import FORM, SectionDef
from app.ui.pages import guidance_label, heading
from app.ui.screen_fit import is_small
from app.ui.session import Session
from app.ui.table_model import GridModel
from app.ui.table_view import GridView
from app.ui.text_page import TextBinding, TextEditor


class TablePage(QWidget):
    """A table section: heading, guidance, the grid and the optional note under it."""

    def __init__(self, session: Session, section: SectionDef) -> None:
        super().__init__()
        self.section = section
        self.table = FORM.table(section.key)
        self.model = GridModel(self.table, session)
        self.view = GridView(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(section.title))
        guide = guidance_label(section.guidance)
        layout.addWidget(guide)
        layout.addWidget(self.view, 1)
        note_key = f"note.{self.table.id}"
        note_name = FORM.text_notes[note_key]  # 表二备注 …
        layout.addWidget(QLabel(f"{note_name}（可选，打印在表格下方）："))
        self.note = TextEditor(session)
        self.note.setPlaceholderText("如需对本表数据作说明，在此填写")
        small = is_small(self.screen().availableGeometry())
        self.note.setMaximumHeight(44 if small else 70)  # the table first on a small screen
        self.note.setAccessibleName(note_name)
        self.note_binding = TextBinding(session, note_key, self.note, note_name)
        layout.addWidget(self.note)
        layout.addStretch(0)
