"""批量检查: the supervising office's window over a folder of reports (DESIGN §11).

Files are read and checked one by one in a worker thread (:class:`ReviewWorker`), each
row appearing as its file is done, with a progress bar and 取消; the window stays
responsive. The list is sortable and filterable (``QSortFilterProxyModel`` over
:class:`BatchModel`); double-clicking a report opens it in the main window at its first
problem. 导出检查结果 writes the review workbook; 汇总 adds the listed reports up into a
new report in the main window, compared with the parent's own report when one is chosen.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.findings import Finding, Severity
from app.core.review import (
    STATUS_ERRORS,
    STATUS_UNREADABLE,
    STATUS_WARNINGS,
    Reviewed,
    cross_check,
    summary_line,
)
from app.ui.pages import SEVERITY_COLOUR

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from app.ui.session import Session
    from app.ui.window import MainWindow

COLUMNS = (
    "文件",
    "机关名称",
    "年度",
    "读取格式",
    "状态",
    "错误",
    "警告",
    "第一个问题",
    "跨报告提示",
)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
NUMBER_COLUMNS = (2, 5, 6)
FILTERS = ("全部报告", STATUS_ERRORS, STATUS_WARNINGS, STATUS_UNREADABLE, "跨报告提示")
STATUS_COLOURS = {
    STATUS_UNREADABLE: QColor("#6b6b6b"),
    STATUS_ERRORS: QColor(SEVERITY_COLOUR[Severity.ERROR]),
    STATUS_WARNINGS: QColor(SEVERITY_COLOUR[Severity.WARNING]),
}
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
NO_PARENT = "（不比对本级报告）"
SWITCH_INTERVAL_S = 0.0005
WORKER_NICENESS = 10


class BatchModel(QStandardItemModel):
    """One row per file read, in the order they arrive; ``items[row]`` is the file's result.

    A ``QStandardItemModel``: painting and sorting the list run in C++ without taking
    Python's lock, so the view stays fluid while the worker thread reads (a Python
    ``data()`` would wait for the lock on every cell painted).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(COLUMNS) + 1, parent)
        self.setHorizontalHeaderLabels([*COLUMNS, ""])
        self.items: list[Reviewed] = []

    @staticmethod
    def values(item: Reviewed) -> tuple[Any, ...]:
        first = item.first_problem
        return (
            item.name,
            item.agency,
            item.year,
            item.format_name,
            item.status,
            None if item.doc is None else item.errors,
            None if item.doc is None else item.warnings,
            item.reason if item.doc is None else (first.message if first else ""),
            "；".join(f.message for f in item.cross),
        )

    @staticmethod
    def kinds(item: Reviewed) -> str:
        """The hidden last column: what the 「显示」 filter matches."""
        return f"<{item.status}>" + ("<跨报告提示>" if item.cross else "")

    def _fill(self, row: int, item: Reviewed) -> None:
        colour = STATUS_COLOURS.get(item.status)
        for col, v in enumerate(self.values(item)):
            cell = self.item(row, col)
            if cell is None:
                cell = QStandardItem()
                cell.setEditable(False)
                self.setItem(row, col, cell)
            cell.setText("" if v is None else str(v))
            # numbers sort as numbers (blank first), texts as texts
            cell.setData(
                (-1 if v is None else v) if col in NUMBER_COLUMNS else cell.text(), SORT_ROLE
            )
            if col in (0, 7, 8):
                cell.setToolTip(item.path if col == 0 else cell.text())
            if col in (4, 7) and colour is not None:
                cell.setForeground(QBrush(colour))
        kinds = self.item(row, len(COLUMNS))
        if kinds is None:
            kinds = QStandardItem()
            self.setItem(row, len(COLUMNS), kinds)
        kinds.setText(self.kinds(item))

    def append(self, item: Reviewed) -> None:
        row = len(self.items)
        self.items.append(item)
        self.setRowCount(row + 1)
        self._fill(row, item)

    def clear_rows(self) -> None:
        self.items = []
        self.setRowCount(0)

    def update_all(self, items: Sequence[Reviewed]) -> None:
        """Replace the rows' contents (same files, same order: cross-report findings added)."""
        self.items = list(items)
        for row, item in enumerate(self.items):
            self._fill(row, item)


def kind_pattern(kind: str) -> str:
    """The filter on the hidden column for a choice of 「显示」."""
    return "" if kind == FILTERS[0] else f"<{kind}>"


class ReviewWorker(QObject):
    """Reads and checks files one by one (in its own thread); stops between files when
    cancelled."""

    reviewed = Signal(object)  # Reviewed
    finished = Signal(bool)  # True when every file was read, False when cancelled

    def __init__(self, paths: Sequence[str]) -> None:
        super().__init__()
        self.paths = list(paths)
        self.cancelled = threading.Event()

    def run(self) -> None:
        from app.io.batch import review_file

        # The window's thread gets Python's lock back sooner (default 5 ms per request):
        # every frame it paints asks for it a few times.
        before = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        nicer()
        try:
            for path in self.paths:
                if self.cancelled.is_set():
                    self.finished.emit(False)
                    return
                self.reviewed.emit(review_file(path))
            self.finished.emit(True)
        finally:
            sys.setswitchinterval(before)


def nicer() -> None:
    """Lower the calling thread's scheduling priority (Linux: a thread is a task), so that
    on a busy machine the window's thread runs first. Elsewhere the thread's QThread
    priority does this."""
    import os

    setpriority = getattr(os, "setpriority", None)
    if setpriority is None or not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError):  # not allowed: the thread runs at normal priority
        setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)


def choose_files(parent: QWidget, caption: str, path: Sequence[str] | None = None) -> list[str]:
    """Several report files ([] when cancelled); headless: ``path``."""
    from app.ui import dialogs

    if dialogs.headless():
        return list(path or [])
    from PySide6.QtWidgets import QFileDialog

    from app.ui.importing import OPEN_FILTER

    names, _selected = QFileDialog.getOpenFileNames(parent, caption, "", OPEN_FILTER)
    return [str(n) for n in names]


def choose_folder(parent: QWidget, caption: str, path: str = "") -> str:
    """A folder ("" when cancelled); headless: ``path``."""
    from app.ui import dialogs

    if dialogs.headless():
        return path
    from PySide6.QtWidgets import QFileDialog

    return str(QFileDialog.getExistingDirectory(parent, caption) or "")


def bring_to_front(window: QWidget) -> None:
    """Show ``window`` above the others (the headless platform cannot raise windows)."""
    from PySide6.QtGui import QGuiApplication

    window.show()
    if QGuiApplication.platformName() != "offscreen":
        window.raise_()
        window.activateWindow()


class BatchWindow(QMainWindow):
    """The list of reports of a folder, read in the background."""

    batchFinished = Signal(bool)  # completed (False: cancelled)

    def __init__(self, main: MainWindow | None = None) -> None:
        super().__init__(main)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setObjectName("batch")
        self.setWindowTitle("批量检查")
        self.resize(1180, 640)
        self.main = main
        self.thread_: QThread | None = None
        self.worker: ReviewWorker | None = None
        self.total = 0
        self._opened: Session | None = None  # the main window's session last opened from here

        self.model = BatchModel(self)
        # two C++ filters: the kind of report (hidden column), then the search text
        self.by_kind = QSortFilterProxyModel(self)
        self.by_kind.setSourceModel(self.model)
        self.by_kind.setFilterKeyColumn(len(COLUMNS))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.by_kind)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setColumnHidden(len(COLUMNS), True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # arrival order until a click
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.setAccessibleName("报告列表")
        header = self.view.horizontalHeader()
        for col, width in enumerate((210, 200, 56, 130, 80, 48, 48, 380, 260)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(self.open_index)
        self.view.activated.connect(self.open_index)

        self.btn_folder = QPushButton("选择文件夹…")
        self.btn_files = QPushButton("选择文件…")
        self.btn_cancel = QPushButton("取消")
        self.btn_export = QPushButton("导出检查结果…")
        self.btn_sum = QPushButton("汇总…")
        self.btn_folder.clicked.connect(lambda: self.choose_folder())
        self.btn_files.clicked.connect(lambda: self.choose_files())
        self.btn_cancel.clicked.connect(self.cancel)
        self.btn_export.clicked.connect(lambda: self.export())
        self.btn_sum.clicked.connect(lambda: self.sum_reports())
        self.search = QLineEdit()
        self.search.setPlaceholderText("筛选：文件名、机关名称、问题…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.kind = QComboBox()
        self.kind.addItems(FILTERS)
        self.kind.currentTextChanged.connect(
            lambda kind: self.by_kind.setFilterFixedString(kind_pattern(kind))
        )
        self.parent_box = QComboBox()
        self.parent_box.addItem(NO_PARENT)
        self.parent_box.setToolTip("本级机关自己的报告：不计入汇总，与下级报告的合计逐格比对")
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.summary = QLabel("请选择报告所在的文件夹，或选择几份报告文件。")

        top = QHBoxLayout()
        for w in (self.btn_folder, self.btn_files, self.progress, self.btn_cancel):
            top.addWidget(w)
        filt = QHBoxLayout()
        filt.addWidget(QLabel("显示："))
        filt.addWidget(self.kind)
        filt.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(QLabel("本级报告："))
        bottom.addWidget(self.parent_box)
        bottom.addWidget(self.btn_sum)
        bottom.addWidget(self.btn_export)
        box = QVBoxLayout()
        box.addLayout(top)
        box.addLayout(filt)
        box.addWidget(self.view, 1)
        box.addLayout(bottom)
        central = QWidget()
        central.setLayout(box)
        self.setCentralWidget(central)
        self._set_running(False)
        app = QApplication.instance()
        if app is not None:  # a thread still reading when the program ends would abort it
            app.aboutToQuit.connect(self.stop)

    # -- reading -------------------------------------------------------------------
    def choose_folder(self, path: str = "") -> None:
        folder = choose_folder(self, "选择报告所在的文件夹", path)
        if folder:
            self.start([folder])

    def choose_files(self, paths: Sequence[str] | None = None) -> None:
        names = choose_files(self, "选择要检查的报告文件", paths)
        if names:
            self.start(names)

    def start(self, names: Sequence[str]) -> None:
        """Read and check the report files of ``names`` (files or folders) in the background."""
        from app.io.batch import report_files, too_many

        self.cancel()
        self._join()
        paths = report_files(names)
        if too_many(paths):
            self.summary.setText(too_many(paths) + "。")
            return
        self.model.clear_rows()
        self.parent_box.clear()
        self.parent_box.addItem(NO_PARENT)
        self.total = len(paths)
        self.progress.setRange(0, max(self.total, 1))
        self.progress.setValue(0)
        if not paths:
            self.summary.setText("所选位置没有报告文件（.xlsx、.xls、.json）。")
            return
        self.summary.setText(f"正在读取 {self.total} 个文件…")
        self.worker = ReviewWorker(paths)
        self.thread_ = QThread(self)
        self.worker.moveToThread(self.thread_)
        self.thread_.started.connect(self.worker.run)
        self.worker.reviewed.connect(self._arrived)
        self.worker.finished.connect(self._finished)
        self._set_running(True)
        # What lives now (modules, Qt wrappers, the open report) is never garbage: the cycle
        # collector stops scanning it, so its full passes no longer stall the window.
        import gc

        gc.freeze()
        self.thread_.start(QThread.Priority.LowPriority)

    def _arrived(self, item: Reviewed) -> None:
        self.model.append(item)
        self.progress.setValue(len(self.model.items))
        if item.doc is not None:
            self.parent_box.addItem(item.name, item.path)

    def _finished(self, complete: bool) -> None:
        self._join()
        self.model.update_all(cross_check(self.model.items))
        self._set_running(False)
        done = summary_line(self.model.items)
        self.summary.setText(
            done
            if complete
            else f"已取消：{done}（未读取 {self.total - len(self.model.items)} 个）"
        )
        self.batchFinished.emit(complete)

    def _join(self) -> None:
        if self.thread_ is not None:
            self.thread_.quit()
            self.thread_.wait()
            self.thread_.deleteLater()
            self.thread_ = None
        if self.worker is not None:
            self.worker.deleteLater()
            self.worker = None

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancelled.set()

    def running(self) -> bool:
        return self.thread_ is not None

    def _set_running(self, running: bool) -> None:
        self.btn_cancel.setEnabled(running)
        for b in (self.btn_export, self.btn_sum, self.parent_box):
            b.setEnabled(not running and bool(self.model.items))

    def stop(self) -> None:
        """Cancel the reading and wait for the file being read (closing, quitting)."""
        self.cancel()
        self._join()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        event.accept()

    # -- the list --------------------------------------------------------------------
    def item_at(self, index: QModelIndex) -> Reviewed:
        row = self.by_kind.mapToSource(self.proxy.mapToSource(index)).row()
        return self.model.items[row]

    def open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_item(self.item_at(index))

    def open_item(self, item: Reviewed) -> bool:
        """Open a report in the main window at its first problem."""
        main = self.main
        if item.doc is None:
            self.summary.setText(f"「{item.name}」无法读取：{item.reason}")
            return False
        if main is None:
            return False
        opened = self._opened
        if opened is not None and main.session is opened and opened.undo_stack.isClean():
            # the last report opened from this list, looked at but not edited: a reviewer
            # going through the list is not asked each time whether to save a conversion
            main.extra_dirty = False
        if not main.maybe_save() or not main.open_path(item.path):
            return False
        self._opened = main.session
        first = item.first_problem
        if first is not None:
            main.jump_to(first)
        bring_to_front(main)
        return True

    # -- results ---------------------------------------------------------------------
    def export(self, path: str | None = None) -> bool:
        """导出检查结果: the review workbook (汇总 and 问题明细 sheets)."""
        from app.io.errors import WriteError
        from app.io.review_xlsx import write_review
        from app.ui import dialogs

        default = str(Path(self.model.items[0].path).parent / "年报检查结果.xlsx")
        target = dialogs.save_file_name(self, "导出检查结果", default, XLSX_FILTER, path)
        if not target:
            return False
        if not target.lower().endswith(".xlsx"):
            target += ".xlsx"
        try:
            write_review(self.model.items, target)
        except WriteError as exc:
            dialogs.inform(self, "导出失败", str(exc), icon="warning")
            return False
        self.summary.setText(f"检查结果已导出到「{target}」")
        return True

    def sum_reports(self) -> bool:
        """汇总 the readable reports into a new report in the main window."""
        from app.core.aggregate import Part, SumError, compare_parent, sum_documents
        from app.ui import dialogs

        parent_path = self.parent_box.currentData()
        items = [i for i in self.model.items if i.doc is not None]
        parent = next((i for i in items if i.path == parent_path), None)
        parts = [Part(i.doc, i.name, bool(i.errors)) for i in items if i is not parent and i.doc]
        year: int | None = None
        include_errors = False
        while True:
            try:
                result = sum_documents(parts, year=year, include_errors=include_errors)
                break
            except SumError as exc:
                if exc.reason == "errors":
                    answer = dialogs.ask(
                        self, "汇总", f"{exc}。", ["仍然汇总", "取消"], "取消", icon="warning"
                    )
                    if answer != "仍然汇总":
                        return False
                    include_errors = True
                elif exc.reason == "years":
                    years = sorted({p.doc.year for p in parts if p.doc.year is not None})
                    labels = [f"汇总 {y} 年度" for y in years]
                    answer = dialogs.ask(self, "汇总", f"{exc}。", [*labels, "取消"], "取消")
                    if answer == "取消":
                        return False
                    year = years[labels.index(answer)]
                else:
                    dialogs.inform(self, "无法汇总", f"{exc}。", icon="warning")
                    return False
        diffs: list[Finding] = []
        if parent is not None and parent.doc is not None:
            diffs = compare_parent(parent.doc, result.doc)
        findings = list(diffs)
        for p in result.with_errors:
            findings.append(
                Finding("sum.with_errors", Severity.INFO, (), f"已汇总有错误的报告「{p.file}」")
            )
        for p in result.skipped_years:
            findings.append(
                Finding(
                    "sum.skipped",
                    Severity.INFO,
                    (),
                    f"未汇总「{p.file}」（年度为 {p.doc.year or '未填'}）",
                )
            )
        main = self.main
        if main is None or not main.maybe_save():
            return False
        main.set_document(result.doc, None, findings, dirty=True, suggested="汇总报告")
        main.show_section("meta")
        n = len(result.doc.included)
        cmp = (
            f"，与本级报告「{parent.name}」有 {len(diffs)} 处不一致（见问题列表）" if parent else ""
        )
        main.status(f"已汇总 {n} 份报告{cmp}；请填写机关名称和正文后保存")
        bring_to_front(main)
        return True
