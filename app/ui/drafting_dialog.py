"""Standard sentences in a text section's editor: insert them, keep their figures true.

:class:`DraftingBar` sits above the editor of a text section. Its 「插入标准表述…」 opens
:class:`DraftDialog`, which previews the sentences written from the current tables
(``app.core.drafting``) and inserts the chosen ones at the cursor as one undo step.
When figures in the text no longer match the tables, the bar offers 「更新文字中的数字…」:
:class:`UpdateDialog` lists each change (old phrase → new phrase, and the table cell it
comes from) and applies only the ones the user keeps ticked — never a silent rewrite.
:func:`mark_slips` underlines in the editor the places the editor's text rules warn about.

Loaded with the text pages, when a text section is first shown.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape as _esc

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.drafting import (
    OTHER,
    SECTION_PARTS,
    FeeCharged,
    NumberUpdate,
    Part,
    apply_updates,
    number_updates,
    other_parts,
    read_count,
    read_yuan,
    unfilled,
)
from app.core.editorial import marks
from app.core.findings import Severity
from app.form import SectionDef
from app.ui.commands import SetText
from app.ui.pages import SEVERITY_COLOUR
from app.ui.session import Session

INSERT = "插入标准表述…"
UPDATE = "更新文字中的数字…"


class InsertText(SetText):
    """A change of a text made by a command of the bar: one undo step of its own, never
    merged with the typing before or after it."""

    def id(self) -> int:
        return -1


def insertion(text: str, pos: int, block: str) -> tuple[str, int]:
    """``text`` with ``block`` inserted at ``pos`` as paragraphs of their own, and the
    position just after the inserted block."""
    before, after = text[:pos], text[pos:]
    if before and not before.endswith("\n"):
        block = "\n" + block
    if after and not after.startswith("\n"):
        block += "\n"
    return before + block + after, len(before) + len(block.rstrip("\n"))


def to_qt(text: str, i: int) -> int:
    """A position in ``text`` as Qt counts it (UTF-16 units: 𠀀 and other characters
    outside the BMP count twice)."""
    return i if text.isascii() else len(text[:i].encode("utf-16-le")) // 2


def from_qt(text: str, pos: int) -> int:
    """A Qt cursor position as a position in ``text``."""
    if text.isascii():
        return pos
    return len(text.encode("utf-16-le")[: 2 * pos].decode("utf-16-le", errors="ignore"))


def _preview_box(font_of: QWidget) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setFont(font_of.font())
    box.setAccessibleName("预览")
    return box


class _SectionDialog(QDialog):
    """A window-modal dialog of the bar about one section: its title, an introduction
    on top and the accept/cancel buttons at the bottom."""

    def __init__(
        self, session: Session, section: SectionDef, parent: QWidget, title: str, intro: str
    ) -> None:
        super().__init__(parent.window())
        self.session = session
        self.section = section
        self.setWindowTitle(f"{title} — {section.title}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.body = QVBoxLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        self.body.addWidget(label)

    def _add_buttons(self, accept: str) -> QPushButton:
        """Add the buttons at the bottom; the accept button, to enable and disable."""
        buttons = QDialogButtonBox()
        button = buttons.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.body.addWidget(buttons)
        return button


class DraftDialog(_SectionDialog):
    """Preview of the standard sentences of one section; the ticked ones are inserted."""

    def __init__(self, session: Session, section: SectionDef, editor: QPlainTextEdit) -> None:
        super().__init__(
            session,
            section,
            editor,
            "插入标准表述",
            "以下表述根据当前表格中的数字生成，插入到光标处后可自由修改。"
            "表格数字以后有变化时，可用「更新文字中的数字」使正文与表格一致。",
        )
        layout = self.body
        blank = unfilled(session.doc)
        self.blank_note = QLabel(
            f'<span style="color:{SEVERITY_COLOUR[Severity.WARNING]}">表格中还有 {blank} 个单元格'
            "未填写，生成表述时按 0 计算。</span>"
        )
        self.blank_note.setVisible(bool(blank))
        layout.addWidget(self.blank_note)
        self.fee_yuan = QLineEdit()
        self.fee_count = QLineEdit()
        self.fee_note = QLabel()
        if section.key == OTHER:
            form = QFormLayout()
            self.fee_yuan.setPlaceholderText("未收取请留空")
            self.fee_count.setPlaceholderText("可留空")
            form.addRow("本年实际收取信息处理费（元）：", self.fee_yuan)
            form.addRow("涉及的政府信息公开申请（件）：", self.fee_count)
            layout.addLayout(form)
            layout.addWidget(self.fee_note)
            self.fee_yuan.textChanged.connect(self._refresh)
            self.fee_count.textChanged.connect(self._refresh)
        self.boxes: list[QCheckBox] = []
        for part in self._parts():
            box = QCheckBox(part.title)
            box.setChecked(True)
            box.toggled.connect(self._refresh)
            self.boxes.append(box)
            layout.addWidget(box)
        layout.addWidget(QLabel("<b>预览</b>"))
        self.preview = _preview_box(editor)
        layout.addWidget(self.preview, 1)
        self.insert_button = self._add_buttons("插入")
        self.resize(640, 440)
        self._refresh()

    def fee(self) -> FeeCharged:
        """What the office entered as charged; a figure that cannot be read is left out."""
        notes = []
        yuan: Decimal | None = None
        count: int | None = None
        raw = self.fee_yuan.text().strip()
        if raw.removesuffix("元"):
            yuan = read_yuan(raw)
            if yuan is None:
                notes.append(f"「{raw.removesuffix('元')}」不是金额")
        raw = self.fee_count.text().strip()
        if raw.removesuffix("件"):
            count = read_count(raw)
            if count is None:
                notes.append(f"「{raw.removesuffix('件')}」不是件数")
        self.fee_note.setText(
            f'<span style="color:{SEVERITY_COLOUR[Severity.ERROR]}">{_esc("；".join(notes))}</span>'
            if notes
            else ""
        )
        return FeeCharged(yuan, count)

    def _parts(self) -> list[Part]:
        if self.section.key == OTHER:
            return other_parts(self.session.doc, self.fee())
        return SECTION_PARTS[self.section.key](self.session.doc)

    def text(self) -> str:
        """The ticked sentences, one paragraph a line."""
        parts = self._parts()
        return "\n".join(
            p.text for p, box in zip(parts, self.boxes, strict=True) if box.isChecked()
        )

    def _refresh(self) -> None:
        text = self.text()
        self.preview.setPlainText(text)
        self.insert_button.setEnabled(bool(text))


class UpdateDialog(_SectionDialog):
    """Each figure of the text that the tables contradict, with the figure they give."""

    def __init__(
        self, session: Session, section: SectionDef, updates: list[NumberUpdate], parent: QWidget
    ) -> None:
        super().__init__(
            session,
            section,
            parent,
            "更新文字中的数字",
            f"「{section.title}」中有 {len(updates)} 处数字与表格不一致。"
            "勾选要更新的数字（只改数字，不改其他文字）：",
        )
        self.updates = updates
        layout = self.body
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["原文", "更新为", "表格依据"])
        self.list.setRootIsDecorated(False)
        self.list.setAccessibleName("要更新的数字")
        for u in updates:
            item = QTreeWidgetItem([u.phrase, u.after, f"{u.place}为 {u.new}"])
            item.setCheckState(0, Qt.CheckState.Checked)
            item.setToolTip(2, f"{u.place}为 {u.new}")
            self.list.addTopLevelItem(item)
        for col in range(3):
            self.list.resizeColumnToContents(col)
        self.list.itemChanged.connect(self._refresh)
        layout.addWidget(self.list, 1)
        layout.addWidget(QLabel("<b>预览：要修改的段落</b>（删除线为原数字，加粗为表格中的数字）"))
        self.preview = QTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("预览")
        layout.addWidget(self.preview, 2)
        self.update_button = self._add_buttons("更新所选数字")
        self.resize(980, 520)
        self._refresh()

    def chosen(self) -> list[NumberUpdate]:
        checked = Qt.CheckState.Checked
        items = [self.list.topLevelItem(i) for i in range(len(self.updates))]
        return [
            u
            for u, it in zip(self.updates, items, strict=True)
            if it and it.checkState(0) == checked
        ]

    def _refresh(self) -> None:
        """Show each paragraph that changes: the old figure struck out, the new in bold."""
        chosen = sorted(self.chosen(), key=lambda u: u.start)
        text = self.session.doc.texts.get(self.section.key, "")
        paragraphs = []
        line_start = 0
        for line in text.split("\n"):
            line_end = line_start + len(line)
            mine = [u for u in chosen if line_start <= u.start < line_end]
            if mine:
                html, at = [], line_start
                for u in mine:
                    html.append(_esc(text[at : u.start]))
                    html.append(
                        f'<s style="color:{SEVERITY_COLOUR[Severity.ERROR]}">{_esc(u.old)}</s>'
                    )
                    html.append(f'<b style="color:#1d5a9e">{_esc(u.new)}</b>')
                    at = u.end
                html.append(_esc(text[at:line_end]))
                paragraphs.append("<p>" + "".join(html) + "</p>")
            line_start = line_end + 1
        self.preview.setHtml("".join(paragraphs))
        self.update_button.setEnabled(bool(chosen))


class DraftingBar(QWidget):
    """The buttons above a text editor: insert the standard sentences; the offer to
    update the figures when the tables changed."""

    def __init__(
        self,
        session: Session,
        section: SectionDef,
        editor: QPlainTextEdit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.section = section
        self.key = section.key
        self.editor = editor
        self.dialog: DraftDialog | UpdateDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.insert_button = QPushButton(INSERT)
        self.insert_button.setToolTip("根据表二、表三、表四的数字生成常用表述，预览后插入光标处")
        self.insert_button.clicked.connect(self.open_draft)
        self.insert_button.setVisible(self.key in SECTION_PARTS)
        row.addWidget(self.insert_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.offer = QFrame()
        self.offer.setObjectName("numberOffer")
        self.offer.setStyleSheet("#numberOffer { background: #fff4d6; border: 1px solid #e0c070; }")
        offer_row = QHBoxLayout(self.offer)
        offer_row.setContentsMargins(8, 4, 8, 4)
        self.offer_text = QLabel()
        self.offer_text.setWordWrap(True)
        offer_row.addWidget(self.offer_text, 1)
        self.update_button = QPushButton(UPDATE)
        self.update_button.clicked.connect(self.open_updates)
        offer_row.addWidget(self.update_button)
        layout.addWidget(self.offer)
        self.updates: list[NumberUpdate] = []
        session.findingsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.updates = number_updates(self.session.doc, (self.key,))
        n = len(self.updates)
        self.offer_text.setText(f"正文中有 {n} 处数字与表格不一致（表格数字可能已修改）。")
        self.offer.setVisible(bool(n))
        mark_slips(self.session, self.key, self.editor)

    def open_draft(self) -> DraftDialog:
        dialog = DraftDialog(self.session, self.section, self.editor)
        dialog.accepted.connect(lambda: self.insert(dialog.text()))
        self._show(dialog)
        return dialog

    def open_updates(self) -> UpdateDialog:
        dialog = UpdateDialog(self.session, self.section, list(self.updates), self)
        dialog.accepted.connect(lambda: self.apply(dialog.chosen()))
        self._show(dialog)
        return dialog

    def _show(self, dialog: DraftDialog | UpdateDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._closed)
        dialog.open()

    def _closed(self) -> None:
        self.dialog = None

    def insert(self, block: str) -> None:
        """Insert ``block`` at the editor's cursor as one undo step."""
        if not block:
            return
        old = self.session.doc.texts.get(self.key, "")
        new, end = insertion(old, from_qt(old, self.editor.textCursor().position()), block)
        self.session.push(
            InsertText(self.session, self.key, old, new, f"{self.section.title}·插入标准表述")
        )
        cursor = self.editor.textCursor()
        cursor.setPosition(to_qt(new, end))
        self.editor.setTextCursor(cursor)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def apply(self, chosen: list[NumberUpdate]) -> None:
        """Replace the chosen figures as one undo step."""
        old = self.session.doc.texts.get(self.key, "")
        new = apply_updates(old, chosen)
        if new != old:
            self.session.push(
                InsertText(self.session, self.key, old, new, f"{self.section.title}·更新数字")
            )


def mark_slips(session: Session, key: str, editor: QPlainTextEdit) -> None:
    """Underline in ``editor`` the places the editor's text rules warn about."""
    if editor.toPlainText() != session.doc.texts.get(key, ""):
        return  # the editor is being reloaded; the next refresh marks it
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(QColor(SEVERITY_COLOUR[Severity.WARNING]))
    fmt.setBackground(QColor("#fff4d6"))
    selections = []
    text = session.doc.texts.get(key, "")
    for place in marks(session.doc, key):
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(editor.document())
        cursor.setPosition(to_qt(text, place.start))
        cursor.setPosition(to_qt(text, place.end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = fmt
        selections.append(sel)
    editor.setExtraSelections(selections)
