"""The start page, shown when no report is open (the installed program's first run, and
after 文件 → 关闭): three big choices, the recent files and the sample behind a link.

Imported only when shown, so starting with a report never pays for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME

if TYPE_CHECKING:
    from app.ui.window import MainWindow

FROM_LAST = "从上年报告新建"
BLANK = "新建空白报告"
OPEN = "打开报告文件"
CHOICES = (
    (
        FROM_LAST,
        "推荐：选择去年的报告（Excel、WPS 表格、Word 文档、网页、PDF 或复制的文字都可以），"
        "机关名称和「上年结转」自动带入，上年数据留作对照",
    ),
    (BLANK, "从空白表格开始填写本年的报告"),
    (OPEN, "继续填写或查看已保存的报告（.xlsx .json），或打开其他单位的报告"),
)
SAMPLE_LINK = "sample"
# Actions that need an open report: disabled while the start page is shown.
DOC_ACTIONS = (
    "act_save", "act_save_as", "act_preview", "act_print", "act_pdf",
    "act_copy", "act_paste", "act_clear", "act_next_problem",
)  # fmt: skip


class StartPage(QWidget):
    """The three choices, the recent files and the sample link."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.main = window
        self.dock_was_visible = True
        self.setObjectName("startPage")
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        outer.addLayout(column, 4)
        outer.addStretch(1)
        title = QLabel(APP_NAME)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        title.setFont(font)
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(QLabel("政府信息公开工作年度报告的填报、检查与打印。请选择："))
        self.buttons: dict[str, QPushButton] = {}
        slots = {
            FROM_LAST: window.file_from_last_year,
            BLANK: window.file_new,
            OPEN: window.file_open,
        }
        for i, (name, text) in enumerate(CHOICES, start=1):
            button = QPushButton(f"&{i}  {name}\n{text}")
            button.setObjectName(name)
            button.setMinimumHeight(64)
            button.setStyleSheet(
                "QPushButton { text-align: left; padding: 8px 16px; }"
                + ("QPushButton { font-weight: bold; }" if name == FROM_LAST else "")
            )
            button.clicked.connect(lambda _c=False, slot=slots[name]: slot())
            column.addWidget(button)
            self.buttons[name] = button
        self.buttons[FROM_LAST].setDefault(True)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        column.addWidget(line)
        column.addWidget(QLabel("最近打开的文件（双击打开）："))
        self.recent = QListWidget()
        self.recent.setAccessibleName("最近打开的文件")
        self.recent.setMaximumHeight(170)
        self.recent.itemActivated.connect(self._open_recent)
        column.addWidget(self.recent)
        self.sample = QLabel(
            f'初次使用？<a href="{SAMPLE_LINK}">打开示例报告</a>，看看填好的报告是什么样子'
            "（可随意修改，不会影响任何文件）。"
        )
        self.sample.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.sample.linkActivated.connect(lambda _link: window.open_sample())
        column.addWidget(self.sample)
        column.addStretch(2)  # the recent files: refresh(), each time the page is entered

    def refresh(self) -> None:
        self.recent.clear()
        files = self.main.recent_files()
        for path in files:
            item = QListWidgetItem(f"{Path(path).name}    {Path(path).parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 10))
            self.recent.addItem(item)
        if not files:
            empty = QListWidgetItem("（还没有打开过报告）")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(empty)

    def _open_recent(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(path, str):
            self.main._open_recent(path)


def enter(window: MainWindow) -> StartPage:
    """Close the report (if any) and show the start page."""
    from app import APP_NAME as name

    old = window.session
    window.session = None
    window.autosave.stop()
    if old is not None:
        window.undo_group.removeStack(old.undo_stack)
        old.deleteLater()
    window.drop_pages()
    window.problems.clear_session()
    window.path = None
    window.extra_dirty = False
    page = window.start_page
    if not isinstance(page, StartPage):
        page = StartPage(window)
        window.start_page = page
        window.central.addWidget(page)
    page.refresh()
    if window.central.currentWidget() is not page:
        page.dock_was_visible = window.problems.isVisibleTo(window) or not window.isVisible()
    window.problems.hide()  # nothing to list
    window.central.setCurrentWidget(page)
    for name_ in DOC_ACTIONS:
        getattr(window, name_).setEnabled(False)
    window.setWindowTitle(name)
    window.setWindowModified(False)
    window.status("")
    page.buttons[FROM_LAST].setFocus()
    return page


def leave(window: MainWindow) -> None:
    """A report is shown again."""
    page = window.start_page
    if isinstance(page, StartPage) and window.central.currentWidget() is page:
        window.problems.setVisible(page.dock_was_visible)
    window.central.setCurrentWidget(window.splitter)
    for name_ in DOC_ACTIONS:
        getattr(window, name_).setEnabled(True)
