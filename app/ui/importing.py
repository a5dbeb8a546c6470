"""Bringing last year's report into the window from anywhere (DESIGN §10).

The file dialogs' filter for every readable kind (Excel/WPS tables, Word, PDF, web pages,
text), a file dropped onto the window, and report text pasted from a web page or a PDF:
「编辑 → 粘贴上年报告文字」, or Ctrl+V on an empty new report with a report's text on the
clipboard, which offers the import instead of pasting it into a grid. The window keeps one
line for all of it (:func:`install`); nothing here is imported before the window exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

from app.form import FORM

if TYPE_CHECKING:
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QWidget

    from app.core.document import Document
    from app.io.report import ImportReport
    from app.ui.window import MainWindow

OPEN_FILTER = (
    "年度报告文件 (*.xlsx *.xlsm *.xls *.ods *.docx *.pdf *.html *.htm *.mht *.mhtml *.txt *.json);;"
    "Excel / WPS 表格 (*.xlsx *.xlsm *.xls *.ods);;Word 文档 (*.docx);;PDF 文件 (*.pdf);;"
    "网页 (*.html *.htm *.mht *.mhtml);;文字 (*.txt);;JSON 文件 (*.json);;所有文件 (*)"
)
__all__ = ["OPEN_FILTER", "install"]
PASTE_TITLE = "粘贴上年报告文字"
NEW_FROM, OPEN_AS_IS, CANCEL = "据此新建本年报告", "按原样打开", "取消"
# Words a report's text has and ordinary clipboard contents (a few cells) do not.
REPORT_WORDS = ("政府信息公开", "本年新收", "行政复议", "主动公开", "结转下年度")


def install(window: MainWindow) -> None:
    """Drops, the Edit menu's paste-a-report action and Ctrl+V on an empty report."""
    from PySide6.QtGui import QAction

    window.setAcceptDrops(True)
    watcher = _Filter(window)
    window.installEventFilter(watcher)
    act = QAction(window)  # QAction(text, parent) would make PySide set up QIcon's enums
    act.setText("粘贴上年报告文字(&R)…")
    act.setStatusTip("把从网页或 PDF 中复制的上年报告文字读入，据此新建本年报告")
    act.triggered.connect(lambda: paste_report(window))
    window.act_paste_report = act  # type: ignore[attr-defined]
    window.edit_menu.addSeparator()
    window.edit_menu.addAction(act)
    window.stack.widgetAdded.connect(lambda i: watcher.watch(window.stack.widget(i)))
    window.import_filter = watcher  # type: ignore[attr-defined]  # kept alive


def looks_like_report(text: str) -> bool:
    """Whether clipboard text is a report (long, with the report's words), not a few cells."""
    return len(text) >= 200 and sum(w in text for w in REPORT_WORDS) >= 3


def is_empty(doc: Document) -> bool:
    """A new report nobody has typed into yet."""
    typed = any(doc.values.get(k) is not None for k in FORM.input_keys)
    return not doc.agency and not typed and not any(doc.texts.values())


def offers_import(window: MainWindow, in_grid: bool) -> bool:
    """Ctrl+V on an empty report with a report's text on the clipboard: the import is
    offered. True when the paste is done with: always in a grid (a whole report is no
    block of cells), in a text only when the import was taken (else the text is pasted)."""
    from PySide6.QtGui import QGuiApplication

    text = QGuiApplication.clipboard().text()
    if is_empty(window.doc) and looks_like_report(text):
        return import_text(window, text) or in_grid
    return False


def paste_report(window: MainWindow) -> None:
    """编辑 → 粘贴上年报告文字: read the clipboard's text as last year's report."""
    from PySide6.QtGui import QGuiApplication

    from app.ui import dialogs

    text = QGuiApplication.clipboard().text()
    if not text.strip():
        dialogs.inform(
            window,
            PASTE_TITLE,
            "剪贴板中没有文字：请先在网页或 PDF 中全选（Ctrl+A）并复制（Ctrl+C）上年的年度报告，"
            "再选此项",
        )
        return
    import_text(window, text)


def import_text(window: MainWindow, text: str) -> bool:
    """Read ``text`` as a report and let the user start this year's from it or open it."""
    from app.io.errors import ReadError
    from app.io.sources import read_text
    from app.ui import dialogs

    try:
        last, report = read_text(text)
    except ReadError as exc:
        dialogs.inform(window, PASTE_TITLE, f"无法读取粘贴的文字：{exc}", icon="warning")
        return False
    who = f"{last.agency or '（未写机关名称）'} {last.year or ''} 年度报告".replace("  ", " ")
    choice = dialogs.ask(
        window,
        PASTE_TITLE,
        f"从粘贴的文字中读出了{who}。要据此新建本年的报告，还是按原样打开？",
        (NEW_FROM, OPEN_AS_IS, CANCEL),
        NEW_FROM,
        escape=CANCEL,
        detail="\n".join(report.lines()),
    )
    if choice == CANCEL or not window.maybe_save():
        return False
    if choice == NEW_FROM:
        window.start_from_last_year(last, report)
    else:
        open_read(window, last, report, "粘贴的文字")
    return True


def open_read(window: MainWindow, doc: Document, report: ImportReport, source: str) -> None:
    """A report read from a source that is not ours, opened as an unsaved copy."""
    window.set_document(
        doc, None, report.findings, dirty=True, suggested=FORM.title(doc.agency, doc.year)
    )
    n = len(report.findings)
    extra = f"，导入报告有 {n} 条（见问题列表）" if n else ""
    window.status(f"已从{source}导入{extra}；保存时请选择文件名")


def dropped_file(event: QDropEvent | QDragEnterEvent) -> str | None:
    """The local file being dragged, if exactly one."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
    return files[0] if len(files) == 1 and Path(files[0]).is_file() else None


def drop(window: MainWindow, path: str) -> bool:
    """A file dropped onto the window: open it, or start this year's report from it."""
    from app.ui import dialogs

    name = Path(path).name
    choice = dialogs.ask(
        window,
        "打开拖入的文件",
        f"如何使用「{name}」？",
        ("打开", "作为上年报告新建本年报告", CANCEL),
        "打开",
        escape=CANCEL,
    )
    if choice == CANCEL or not window.maybe_save():
        return False
    if choice == "打开":
        return window.open_path(path)
    return window.new_from_last_year(path)


class _Filter(QObject):
    """Files dropped onto the window; Ctrl+V in the grids before they paste (grids are
    built when first shown, so each is watched when its page is added)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def watch(self, page: QWidget | None) -> None:
        from PySide6.QtWidgets import QPlainTextEdit, QWidget

        # a table page's grid is its ``view``, a text page's editor its ``editor`` (no
        # search of the page's children, and no import of the grid before it is needed)
        for widget in (getattr(page, "view", None), getattr(page, "editor", None)):
            if not isinstance(widget, QWidget):
                continue
            if isinstance(widget, QPlainTextEdit) and widget.isReadOnly():
                continue  # last year's text beside it is read-only
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            from PySide6.QtGui import QKeyEvent, QKeySequence

            if isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Paste):
                from app.ui.table_view import GridView

                return offers_import(self.window, isinstance(watched, GridView))
        elif kind in (QEvent.Type.DragEnter, QEvent.Type.Drop) and watched is self.window:
            from PySide6.QtGui import QDragEnterEvent, QDropEvent

            path = dropped_file(event) if isinstance(event, QDropEvent) else None
            if path and isinstance(event, QDropEvent):
                event.acceptProposedAction()
                if not isinstance(event, QDragEnterEvent):  # a drop (QDragEnterEvent is one too)
                    drop(self.window, path)
                return True
        return False
