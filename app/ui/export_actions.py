"""文件 → 导出 Word / 导出网页 / 复制为网页格式: the report's other final forms from the window.

:func:`install` adds the three actions to the window's 文件 menu, after 导出 PDF. Exports
follow the PDF's habits (:mod:`app.ui.printing`): a report with errors lists them first
and the user chooses 「返回修改」 or to go on; the save dialog proposes
「<机关><年度>年政府信息公开工作年度报告.docx」 beside the open file; failures are told in one
sentence. 复制为网页格式 puts the web page and a plain-text version on the clipboard, so the
clerk pastes into the CMS editor, WPS or Word directly. The writers are imported on use.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QWidget

from app.core.document import Document
from app.core.findings import Finding
from app.io.errors import WriteError
from app.ui import dialogs

WORD = ("导出 Word", ".docx", "Word 文档 (*.docx)")
WEB = ("导出网页", ".html", "网页 (*.html *.htm)")


def proposed_path(parent: QWidget | None, doc: Document, suffix: str) -> str:
    """Where the PDF export would propose to write (beside the open file, named after the
    report's title), with this format's suffix."""
    from app.ui.printing import default_pdf_path

    return str(Path(default_pdf_path(parent, doc)).with_suffix(suffix))


def export(
    parent: QWidget | None,
    doc: Document,
    findings: list[Finding],
    kind: tuple[str, str, str],
    path: str | None = None,
) -> bool:
    """Export as Word or web page (errors first, then a file dialog unless ``path``)."""
    from app.ui.printing import confirm_errors

    caption, suffix, pattern = kind
    if not confirm_errors(parent, findings, "导出"):
        dialogs.show_status(parent, "已取消导出：请先修改错误")
        return False
    target = path or dialogs.save_file_name(
        parent, caption, proposed_path(parent, doc, suffix), pattern
    )
    if not target:
        dialogs.show_status(parent, f"已取消{caption}")
        return False
    if Path(target).suffix.lower() not in (suffix, ".htm" if suffix == ".html" else suffix):
        target += suffix
    write = _writer(suffix)
    try:
        write(doc, Path(target))
    except WriteError as exc:
        dialogs.inform(parent, f"{caption}失败", str(exc), icon="warning")
        dialogs.show_status(parent, f"{caption}失败")
        return False
    dialogs.show_status(parent, f"已{caption}：{target}")
    return True


def _writer(suffix: str) -> Callable[[Document, Path], None]:
    if suffix == ".docx":
        from app.io.docx_write import write_docx

        return write_docx
    from app.io.html_write import write_html

    return write_html


def copy_as_web_page(parent: QWidget | None, doc: Document) -> QMimeData:
    """Put the report on the clipboard as HTML (rich text) and as plain text."""
    from app.io.html_write import html_text, plain_text

    mime = QMimeData()
    mime.setHtml(html_text(doc))
    mime.setText(plain_text(doc))
    QGuiApplication.clipboard().setMimeData(mime)
    dialogs.show_status(parent, "已复制为网页格式：可粘贴到网站编辑器、WPS 或 Word")
    return mime


def install(window: QMainWindow, after: QAction) -> tuple[QAction, QAction, QAction]:
    """Add 导出 Word…, 导出网页… and 复制为网页格式 to the menu holding ``after``."""

    def current() -> tuple[Document, list[Finding]]:
        finish = getattr(window, "finish_editing", None)
        if callable(finish):
            finish()
        return window.doc, window.findings()  # type: ignore[attr-defined]

    def run(kind: tuple[str, str, str]) -> Callable[[], Any]:
        return lambda: export(window, *current(), kind)

    actions = []
    for text, slot in (
        ("导出 Word(&W)…", run(WORD)),
        ("导出网页(&H)…", run(WEB)),
        ("复制为网页格式(&B)", lambda: copy_as_web_page(window, current()[0])),
    ):
        action = QAction(window)
        action.setText(text)
        action.triggered.connect(slot)
        actions.append(action)
    for widget in after.associatedObjects():
        menu_actions = getattr(widget, "actions", None)
        if not callable(menu_actions) or not hasattr(widget, "insertActions"):
            continue
        items = menu_actions()
        if after in items:
            i = items.index(after)
            before = items[i + 1] if i + 1 < len(items) else None
            widget.insertActions(before, actions)  # type: ignore[arg-type]
    return actions[0], actions[1], actions[2]
