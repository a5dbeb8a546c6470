"""The 基本信息 page and the helpers every page uses (headings, guidance, findings).

Every edit on a page becomes an undoable command of the session; the pages follow the
session's signals, so undo/redo and edits from elsewhere show up here. The text and table
pages live in ``text_page`` and ``table_page`` and load when first shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.findings import Finding, Severity
from app.form import FORM
from app.ui.commands import SetMeta
from app.ui.session import Session

SEVERITY_COLOUR = {Severity.ERROR: "#b3261e", Severity.WARNING: "#8a5a00", Severity.INFO: "#1d5a9e"}


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    return label


def guidance_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#4a5563"))
    label.setPalette(palette)
    return label


def findings_html(findings: list[Finding]) -> str:
    rows = []
    for f in findings:
        colour = SEVERITY_COLOUR[f.severity]
        rows.append(f'<span style="color:{colour}">● {f.severity.label}：</span>{_esc(f.message)}')
    return "<br>".join(rows)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FindingsLabel(QLabel):
    """The findings anchored to some keys, kept up to date as the session changes."""

    def __init__(self, session: Session, keys: tuple[str, ...]) -> None:
        super().__init__()
        self.session = session
        self.keys = keys
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        session.findingsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        seen: list[Finding] = []
        for k in self.keys:
            for f in self.session.findings_for(k):
                if f not in seen and f.rule != "blank":
                    seen.append(f)
        self.setText(findings_html(seen))
        self.setVisible(bool(seen))


class MetaPage(QWidget):
    """基本信息: agency, year, level and date."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.fields: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(heading(FORM.meta_heading))
        self.title_preview = guidance_label("")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for meta in FORM.meta:
            label = meta.label + ("（必填）" if meta.required else "")
            if meta.choices:
                combo = QComboBox()
                combo.addItem("（未选择）", "")
                for choice in meta.choices:
                    combo.addItem(choice, choice)
                combo.setObjectName(meta.key)
                combo.activated.connect(self._combo_activated)
                widget: QWidget = combo
            else:
                edit = QLineEdit()
                if meta.key == "year":
                    edit.setPlaceholderText("例如 2024")
                    edit.setMaxLength(8)
                elif meta.key == "date":
                    edit.setPlaceholderText("例如 2025年1月20日")
                elif meta.key == "agency":
                    edit.setPlaceholderText("例如 ××县人民政府办公室")
                edit.setObjectName(meta.key)
                edit.editingFinished.connect(self._line_finished)
                widget = edit
            widget.setAccessibleName(meta.label)
            self.fields[meta.key] = widget
            form.addRow(label, widget)
        box = QWidget()
        box.setMaximumWidth(720)
        box.setLayout(form)
        layout.addWidget(box)
        layout.addWidget(QLabel("报告标题："))
        layout.addWidget(self.title_preview)
        self.findings = FindingsLabel(session, tuple(m.key for m in FORM.meta))
        layout.addWidget(self.findings)
        layout.addStretch(1)
        session.metaChanged.connect(self._meta_changed)
        session.findingsChanged.connect(self.mark)
        self.load()
        self.mark()

    def mark(self) -> None:
        """Flag the fields that have findings (red border, message as tooltip)."""
        for key, widget in self.fields.items():
            findings = self.session.findings_for(key)
            style = ""
            if findings:
                colour = SEVERITY_COLOUR[findings[0].severity]
                style = f"border: 1px solid {colour}; background: #fff4f2;"
            name = type(widget).__name__
            sheet = f"{name} {{ {style} }}" if style else ""
            if widget.styleSheet() != sheet:  # style sheets are costly: only on change
                widget.setStyleSheet(sheet)
            widget.setToolTip("\n".join(f.message for f in findings))

    def load(self) -> None:
        doc = self.session.doc
        for key, widget in self.fields.items():
            value = getattr(doc, key)
            if isinstance(widget, QComboBox):
                i = widget.findData(value or "")
                if i < 0:
                    widget.addItem(str(value), value)
                    i = widget.count() - 1
                widget.setCurrentIndex(i)
            elif isinstance(widget, QLineEdit):
                text = "" if value is None else str(value)
                if widget.text() != text:
                    widget.setText(text)
        self.title_preview.setText(FORM.title(doc.agency or "××", doc.year))

    def _meta_changed(self, _key: str) -> None:
        self.load()

    def _line_finished(self) -> None:
        sender = self.sender()
        if sender is not None:
            self._line_changed(sender.objectName())

    def _combo_activated(self, _index: int) -> None:
        sender = self.sender()
        if sender is not None:
            self._combo_changed(sender.objectName())

    def _line_changed(self, key: str) -> None:
        widget = self.fields[key]
        assert isinstance(widget, QLineEdit)
        text = widget.text().strip()
        value: Any = text
        if key == "year":
            from app.core.values import normalise

            t = normalise(text).removesuffix("年")
            if not t:
                value = None
            elif t.isdigit() and 1990 <= int(t) <= 2100:
                value = int(t)
            else:
                self._status(f"报告年度「{text}」不是有效年份，请填写四位数字，例如 2024")
                widget.setText("" if self.session.doc.year is None else str(self.session.doc.year))
                return
        self._set(key, value)

    def _combo_changed(self, key: str) -> None:
        widget = self.fields[key]
        assert isinstance(widget, QComboBox)
        self._set(key, widget.currentData() or "")

    def _set(self, key: str, value: Any) -> None:
        old = getattr(self.session.doc, key)
        if old == value:
            return
        label = FORM.meta_field(key).label
        self.session.push(SetMeta(self.session, key, old, value, label))

    def _status(self, text: str) -> None:
        from app.ui.dialogs import show_status

        show_status(self, text)

    def focus_key(self, key: str) -> None:
        w = self.fields.get(key)
        if w is not None:
            w.setFocus(Qt.FocusReason.OtherFocusReason)
