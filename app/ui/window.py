"""The main window: navigation, the section pages, the problems list, files and recovery.

Files go through ``app.io.files`` (atomic save with a backup); a recovery copy of unsaved
work is written shortly after every change (``app.io.recovery``) and offered back after a
crash. Every modal dialog goes through ``app.ui.dialogs`` (which can turn them into log
lines for headless runs); printing is imported only when first used.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from app import APP_NAME
from app.core.document import Document, next_year
from app.core.findings import Finding, Severity
from app.form import FORM
from app.io.errors import ReadError, WriteError
from app.io.recovery import ENV_DIR, RecoveryEntry, RecoveryStore
from app.resources import sample_path
from app.ui.autosave import RecoveryWriter
from app.ui.pages import MetaPage
from app.ui.problems import ProblemsDock
from app.ui.session import META_KEYS, Session

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QCloseEvent

    from app.io.report import ImportReport
    from app.ui.table_page import TablePage
    from app.ui.text_page import TextPage

DECORATE_DELAY_MS = 40
MAX_RECENT = 8
UNTITLED = "未命名"
SAVE_FILTER = "Excel 工作簿 (*.xlsx);;JSON 文件 (*.json)"
OWN_SUFFIXES = (".xlsx", ".json")
SAVE, DISCARD, CANCEL = "保存(&S)", "不保存(&N)", "取消"  # Alt+S / Alt+N, Esc


def settings() -> QSettings:
    """The program's settings (recent files); QSettings is loaded only when first needed."""
    from PySide6.QtCore import QSettings

    return QSettings()


def recovery_dir() -> Path:
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".nianbao") / "recovery"


class MainWindow(QMainWindow):
    """The report window."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("main")
        self.store = RecoveryStore(recovery_dir())
        self.session_id = RecoveryStore.new_session_id()
        self.path: str | None = None
        self.suggested_name = ""
        self.extra_dirty = False
        self.session: Session | None = None
        self.undo_group = QUndoGroup(self)
        self.meta_page: MetaPage | None = None
        self.table_pages: dict[str, TablePage] = {}
        self.text_pages: dict[str, TextPage] = {}

        self.nav = QListWidget()
        self.nav.setAccessibleName("章节")
        self.nav.addItem(FORM.meta_heading)
        for s in FORM.sections:
            self.nav.addItem(s.title)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.nav.setFont(font)
        fm = self.nav.fontMetrics()
        widest = 0
        for i in range(self.nav.count()):
            item = self.nav.item(i)
            if item is not None:
                width = fm.horizontalAdvance(item.text())
                widest = max(widest, width)
                item.setSizeHint(QSize(width + 16, fm.height() + 14))
        self.nav.setMinimumWidth(160)
        self.nav_width = widest + 40
        self.stack = QStackedWidget()
        self.nav.currentRowChanged.connect(self._show_row)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.central = QStackedWidget()  # the report, or the start page (app.ui.start_page)
        self.central.addWidget(splitter)
        self.setCentralWidget(self.central)
        self.start_page: QWidget | None = None
        self.last_import: ImportReport | None = None  # of the last file opened

        self.problems = ProblemsDock(self)
        self.problems.activated.connect(self.jump_to)
        self.problems.countsChanged.connect(self._show_counts)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems)
        self._icons: list[tuple[QAction, str]] = []
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)

        self.recovery = RecoveryWriter(self)
        self.autosave = self.recovery.idle  # the pause before a copy (tests shorten it)

        self._build_actions()
        from app.ui import screen_fit

        self.layout_restored = screen_fit.fit(self, splitter, self.nav_width)
        # The first hour's habits and the paste/drop import come just after the first frame
        # (their modules and actions cost start-up milliseconds nobody sees).
        self.habits: Any = None
        QTimer.singleShot(0, self._install_extras)
        self.undo_group.cleanChanged.connect(self._clean_changed)
        self.undo_group.indexChanged.connect(self._index_changed)

        # Cosmetics just after the first frame: the window is usable (every button has its
        # text) before the style's icons, which cost PySide ~20 ms of enum set-up, arrive.
        QTimer.singleShot(DECORATE_DELAY_MS, self._decorate)

    def _install_extras(self) -> None:
        if self.habits is not None:
            return
        from app.ui import habits, importing

        self.habits = habits.install(self)
        importing.install(self)  # drops, 粘贴上年报告文字, Ctrl+V of a report's text
        self.habits.update_marks()
        self.habits._page_shown(self.stack.currentIndex())

    def _decorate(self) -> None:
        from PySide6.QtWidgets import QStyle

        from app.ui.fonts import ensure_cjk_font

        ensure_cjk_font()
        style = self.style()
        for action, name in self._icons:
            action.setIcon(style.standardIcon(getattr(QStyle.StandardPixmap, name)))
        from app.ui import screen_fit

        if self.layout_restored:
            screen_fit.restore_layout(self, self.splitter)
        else:
            height = screen_fit.dock_height(self)
            self.resizeDocks([self.problems], [height], Qt.Orientation.Vertical)

    # -- actions and menus ---------------------------------------------------------
    def _action(
        self, text: str, slot: Any, shortcut: Any = None, icon: str | None = None
    ) -> QAction:
        action = QAction(self)  # QAction(text, parent) would make PySide set up QIcon's enums
        action.setText(text)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        if icon is not None:
            self._icons.append((action, icon))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        SK = QKeySequence.StandardKey
        self.act_new = self._action("新建(&N)", self.file_new, SK.New, "SP_FileIcon")
        self.act_open = self._action("打开(&O)…", self.file_open, SK.Open, "SP_DialogOpenButton")
        self.act_from_last = self._action("从上年报告新建(&L)…", self.file_from_last_year)
        self.act_save = self._action("保存(&S)", self.file_save, SK.Save, "SP_DialogSaveButton")
        self.act_save_as = self._action(
            "另存为(&A)…", self.file_save_as, QKeySequence("Ctrl+Shift+S")
        )
        self.act_preview = self._action(
            "打印预览(&V)", self.print_preview, None, "SP_FileDialogContentsView"
        )
        self.act_print = self._action("打印(&P)…", self.print_document, SK.Print)
        self.act_pdf = self._action("导出 PDF(&E)…", self.export_pdf)
        self.act_quit = self._action("退出(&X)", self.close, QKeySequence("Ctrl+Q"))
        self.act_close = self._action("关闭(&C)", self.file_close, SK.Close)
        self.act_undo = self.undo_group.createUndoAction(self, "撤销")
        self.act_undo.setShortcuts([QKeySequence(SK.Undo)])
        self._icons.append((self.act_undo, "SP_ArrowBack"))
        self.act_redo = self.undo_group.createRedoAction(self, "重做")
        redo_keys = QKeySequence.keyBindings(SK.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:
            redo_keys.insert(0, QKeySequence("Ctrl+Y"))
        self.act_redo.setShortcuts(redo_keys)
        self._icons.append((self.act_redo, "SP_ArrowForward"))
        self.act_copy = self._action("复制(&C)", lambda: self._view_call("copy_selection"))
        self.act_paste = self._action("粘贴(&V)", lambda: self._view_call("paste"))
        self.act_clear = self._action("清除(&D)", lambda: self._view_call("clear_selection_values"))
        self.act_next_problem = self._action("下一个问题", self.next_problem, QKeySequence("F8"))
        self.act_about = self._action("关于(&A)", self.about)
        self.act_batch = self._action("批量检查(&B)…", self.batch_review)
        self.act_sum = self._action("汇总下级报告(&U)…", self.batch_sum)

        bar = self.menuBar()
        m = bar.addMenu("文件(&F)")
        for a in (self.act_new, self.act_open, self.act_from_last):
            m.addAction(a)
        self.recent_menu = QMenu("最近打开的文件(&R)", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m.addMenu(self.recent_menu)
        m.addSeparator()
        m.addAction(self.act_batch)
        m.addAction(self.act_sum)
        m.addSeparator()
        m.addAction(self.act_save)
        m.addAction(self.act_save_as)
        m.addSeparator()
        for a in (self.act_preview, self.act_print, self.act_pdf):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_close)
        m.addAction(self.act_quit)
        # app.ui.habits and app.ui.importing add their actions to these menus
        e = self.edit_menu = bar.addMenu("编辑(&E)")
        for a in (self.act_undo, self.act_redo):
            e.addAction(a)
        e.addSeparator()
        for a in (self.act_copy, self.act_paste, self.act_clear):
            e.addAction(a)
        v = self.view_menu = bar.addMenu("查看(&V)")
        toggle = self.problems.toggleViewAction()
        toggle.setText("问题列表")
        v.addAction(toggle)
        v.addAction(self.act_next_problem)
        h = self.help_menu = bar.addMenu("帮助(&H)")
        h.addAction(self.act_about)

        tb = QToolBar("工具栏", self)
        tb.setObjectName("toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for a in (self.act_new, self.act_open, self.act_save):
            tb.addAction(a)
        tb.addSeparator()
        # The menu's actions carry the command's name ("撤销 修改表三…"): too long for a button.
        self.tb_undo = self._action("撤销", self.undo_group.undo, None, "SP_ArrowBack")
        self.tb_redo = self._action("重做", self.undo_group.redo, None, "SP_ArrowForward")
        self.tb_undo.setEnabled(False)
        self.tb_redo.setEnabled(False)
        self.undo_group.canUndoChanged.connect(self.tb_undo.setEnabled)
        self.undo_group.canRedoChanged.connect(self.tb_redo.setEnabled)
        self.undo_group.undoTextChanged.connect(self._undo_text)
        self.undo_group.redoTextChanged.connect(self._redo_text)
        tb.addAction(self.tb_undo)
        tb.addAction(self.tb_redo)
        tb.addSeparator()
        tb.addAction(self.act_preview)
        self.addToolBar(tb)
        from app.ui import export_actions  # 导出 Word / 导出网页 / 复制为网页格式

        self.act_word, self.act_web, self.act_copy_web = export_actions.install(self, self.act_pdf)

    # -- the document ----------------------------------------------------------------
    def set_document(
        self,
        doc: Document,
        path: str | None,
        import_findings: list[Finding] | None = None,
        dirty: bool = False,
        suggested: str = "",
    ) -> None:
        """Show ``doc``: a fresh session, fresh pages, an empty undo history."""
        if self.start_page is not None:
            from app.ui import start_page

            start_page.leave(self)
        self.status("")  # a message about the previous document no longer applies
        old = self.session
        section = max(self.nav.currentRow(), 0)
        self.session = Session(doc, self, import_findings)
        self.path = path
        self.suggested_name = suggested
        self.extra_dirty = dirty
        # The new active stack's signals update the title and start (or stop) autosave.
        self.undo_group.addStack(self.session.undo_stack)
        self.undo_group.setActiveStack(self.session.undo_stack)
        self.recovery.watch(self.session)
        self.drop_pages()
        # Pages are built when first shown: start-up pays only for the visible one.
        for _ in range(1 + len(FORM.sections)):
            self.stack.addWidget(QWidget())
        self.nav.setCurrentRow(section)
        self._show_row(section)
        self.problems.set_session(self.session)
        self._show_included(doc)
        if old is not None:
            self.undo_group.removeStack(old.undo_stack)
            old.deleteLater()

    def drop_pages(self) -> None:
        """Remove the previous document's pages (built again when first shown)."""
        while (w := self.stack.widget(0)) is not None:
            self.stack.removeWidget(w)
            w.deleteLater()
        self.meta_page = None
        self.table_pages.clear()
        self.text_pages.clear()

    def _show_row(self, row: int) -> None:
        if row >= 0 and self.session is not None:
            self._page_at(row)
            self.stack.setCurrentIndex(row)

    def _page_at(self, row: int) -> QWidget:
        """The page of a navigation row, built on first use."""
        assert self.session is not None
        key = "meta" if row == 0 else FORM.sections[row - 1].key
        built = self.page_for(key, build=False)
        if built is not None:
            return built
        page: QWidget
        if row == 0:
            page = self.meta_page = MetaPage(self.session)
        else:
            section = FORM.sections[row - 1]
            if section.is_text:
                from app.ui.text_page import TextPage

                page = self.text_pages[key] = TextPage(self.session, section)
            else:
                from app.ui.table_page import TablePage

                tpage = self.table_pages[key] = TablePage(self.session, section)
                tpage.view.message.connect(self.status)
                page = tpage
        placeholder = self.stack.widget(row)
        self.stack.insertWidget(row, page)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        return page

    def page_for(self, key: str, build: bool = True) -> QWidget | None:
        """The page of a section key ("meta", "t3", "text.overview" …)."""
        page: QWidget | None
        if key == "meta":
            page = self.meta_page
        else:
            page = self.table_pages.get(key) or self.text_pages.get(key)
        if page is None and build:
            page = self._page_at(self._row_of(key))
        return page

    def table_page(self, table: str) -> TablePage:
        self.page_for(table)
        return self.table_pages[table]

    def text_page(self, key: str) -> TextPage:
        self.page_for(key)
        return self.text_pages[key]

    @staticmethod
    def _row_of(key: str) -> int:
        if key == "meta":
            return 0
        for i, s in enumerate(FORM.sections, start=1):
            if s.key == key:
                return i
        raise KeyError(key)

    @property
    def doc(self) -> Document:
        assert self.session is not None
        return self.session.doc

    def findings(self) -> list[Finding]:
        return [] if self.session is None else self.session.findings

    def is_modified(self) -> bool:
        if self.session is None:
            return False
        return self.extra_dirty or not self.session.undo_stack.isClean()

    def display_name(self) -> str:
        if self.path:
            return Path(self.path).name
        return self.suggested_name or UNTITLED

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.display_name()}[*] - {APP_NAME}")
        self.setWindowModified(self.is_modified())

    # Bound methods, not lambdas: Qt disconnects them when the window is destroyed.
    def _clean_changed(self, _clean: bool) -> None:
        self._update_title()

    def _index_changed(self, _index: int) -> None:
        self._changed()

    def _undo_text(self, text: str) -> None:
        self.tb_undo.setToolTip(f"撤销 {text}")

    def _redo_text(self, text: str) -> None:
        self.tb_redo.setToolTip(f"重做 {text}")

    def _changed(self) -> None:
        self._update_title()
        if self.is_modified():
            self.recovery.changed()
        else:
            self.recovery.discard()

    def status(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text, 10000)
        else:
            self.statusBar().clearMessage()

    def _show_counts(self, counts: dict[Severity, int]) -> None:
        self.counts_label.setText(
            "  ".join(f"{sev.label} {counts.get(sev, 0)}" for sev in Severity)
        )

    def current_view(self) -> Any:
        current = self.stack.currentWidget()
        for page in self.table_pages.values():
            if page is current:
                return page.view
        return None

    def _view_call(self, name: str) -> None:
        view = self.current_view()
        if view is None:
            self.status("请先选择表二、表三或表四中的单元格")
            return
        getattr(view, name)()

    def finish_editing(self) -> None:
        """Commit an open cell editor (before saving, printing or closing)."""
        for page in self.table_pages.values():
            page.view.commit_editor()
        focus = QApplication.focusWidget()
        meta = self.meta_page
        if isinstance(focus, QLineEdit) and meta is not None and meta.isAncestorOf(focus):
            focus.editingFinished.emit()
        self.recovery.flush()  # saving, printing and closing open dialogs: a copy first

    # -- navigation ------------------------------------------------------------------
    def show_section(self, key: str) -> None:
        """Switch to a section by its key ("meta", "t3", "text.overview" …)."""
        self.nav.setCurrentRow(self._row_of(key))

    def jump_to(self, finding: Finding) -> None:
        """Go to the cell or text a finding is anchored to (its first key)."""
        if not finding.keys:
            self.status(finding.message)
            return
        key = finding.keys[0]
        if key in FORM.cells:
            table = FORM.cells[key].table
            self.show_section(table)
            self.table_page(table).view.select_key(key)
        elif key in FORM.text_keys:
            self.show_section(key)
            self.text_page(key).editor.setFocus(Qt.FocusReason.OtherFocusReason)
        elif key in FORM.text_notes:  # note.t2 …
            table = key.removeprefix("note.")
            self.show_section(table)
            self.table_page(table).note.setFocus(Qt.FocusReason.OtherFocusReason)
        elif key in META_KEYS:
            self.show_section("meta")
            meta = self.page_for("meta")
            assert isinstance(meta, MetaPage)
            meta.focus_key(key)
        self.status(finding.message)

    def next_problem(self) -> None:
        items = self.problems.items()
        if not items:
            self.status("未发现问题")
            return
        current = self.problems.tree.currentItem()
        i = items.index(current) + 1 if current in items else 0
        item = items[i % len(items)]
        self.problems.tree.setCurrentItem(item)
        finding = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(finding, Finding):
            self.jump_to(finding)

    # -- files -----------------------------------------------------------------------
    def open_sample(self) -> None:
        """The demo report, as an untitled copy (Save asks for a name)."""
        from app.io.jsonfile import read_json

        doc = read_json(sample_path())
        self.set_document(doc, None, suggested=FORM.title(doc.agency, doc.year))
        self.status(
            f"这是示例报告（{doc.agency} {doc.year} 年）：可随意修改试用；"
            "开始本机关的报告请用工具栏的「从上年报告新建」或「新建」"
        )

    def _read(self, path: str, failure: str) -> tuple[Document, ImportReport] | None:
        """The document in ``path``, or None after telling the user why it cannot be read
        (read off the GUI thread, with 取消: ``app.ui.loading``)."""
        from app.ui.loading import Cancelled, read_file

        try:
            return read_file(self, path)
        except ReadError as exc:
            self._error(failure, str(exc))
        except Cancelled:
            self.status(f"已取消打开「{Path(path).name}」")
        return None

    def open_path(self, path: str) -> bool:
        """Open any readable report file; False (with a message) when it cannot be read."""
        read = self._read(path, "无法打开文件")
        if read is None:
            return False
        doc, report = read
        self.last_import = report
        p = Path(path)
        resolved = str(p.resolve())
        own = p.suffix.lower() == ".json" or (
            p.suffix.lower() == ".xlsx" and report.format == "own"
        )
        # Someone else's spreadsheet: never overwrite it in our layout without asking.
        self.set_document(
            doc,
            resolved if own else None,
            report.findings,
            dirty=not own,
            suggested="" if own else p.stem,
        )
        self._add_recent(resolved)
        if own:
            self.status(f"已打开「{p.name}」")
        else:
            n = len(report.findings)
            extra = f"，导入报告有 {n} 条（见问题列表）" if n else ""
            self.status(f"已从「{p.name}」导入{extra}；保存时请选择新的文件名")
        return True

    def file_new(self) -> None:
        if not self.maybe_save():
            return
        from datetime import date

        self.set_document(Document(year=date.today().year - 1), None)
        self.show_section("meta")
        self.status("已新建空白报告")

    def file_close(self) -> bool:
        """关闭: close the report (asking about unsaved work) and show the start page."""
        if not self.maybe_save():
            return False
        self.recovery.discard()
        from app.ui import start_page

        start_page.enter(self)
        return True

    def file_open(self) -> None:
        if not self.maybe_save():
            return
        from app.ui import dialogs
        from app.ui.importing import OPEN_FILTER

        name = dialogs.open_file_name(self, "打开年度报告", OPEN_FILTER, self._last_folder())
        if name and self.open_path(name):
            from app.ui.guidance import after_open

            after_open(self, name)

    def file_from_last_year(self) -> None:
        if not self.maybe_save():
            return
        from app.ui import dialogs
        from app.ui.importing import OPEN_FILTER

        name = dialogs.open_file_name(
            self, "选择上年的年度报告文件", OPEN_FILTER, self._last_folder()
        )
        if name:
            self.new_from_last_year(name)

    def new_from_last_year(self, path: str) -> bool:
        read = self._read(path, "无法读取上年报告")
        if read is None:
            return False
        settings().setValue("last_folder", str(Path(path).resolve().parent))
        self.start_from_last_year(*read)
        return True

    def start_from_last_year(self, last: Document, report: ImportReport) -> None:
        """This year's report from last year's, as read (from a file or pasted text)."""
        doc = next_year(last)
        # The import report speaks of last year's file: listed, but not anchored to cells.
        findings = [
            Finding(f.rule, f.severity, (), f"上年报告：{f.message}") for f in report.findings
        ]
        self.set_document(
            doc, None, findings, dirty=True, suggested=FORM.title(doc.agency, doc.year)
        )
        from app.io.report import carry_over_message
        from app.ui.import_dialog import show_import_report

        show_import_report(self, "从上年报告新建", report, carry_over_message(last, doc))
        self.show_section("meta")

    def file_save(self) -> bool:
        if self.path is None or Path(self.path).suffix.lower() not in OWN_SUFFIXES:
            return self.file_save_as()
        return self.save_to(self.path)

    def file_save_as(self) -> bool:
        from app.ui import dialogs

        name = self.suggested_name or FORM.title(self.doc.agency, self.doc.year) or UNTITLED
        folder = Path(self.path).parent if self.path else Path(self._last_folder())
        default = str(folder / f"{Path(name).stem}.xlsx")
        target = dialogs.save_file_name(self, "保存年度报告", default, SAVE_FILTER)
        if not target:
            return False
        if Path(target).suffix.lower() not in OWN_SUFFIXES:
            target += ".xlsx"
        return self.save_to(target)

    def save_to(self, path: str) -> bool:
        """Write the document; on failure keep it open and modified and say what to do."""
        from app.io.files import write_document

        self.finish_editing()
        assert self.session is not None
        try:
            write_document(self.session.committed_document(), path)
        except Exception as exc:  # WriteError says what to do; anything else is logged
            if not isinstance(exc, WriteError):
                from app.io.applog import internal_error

                exc = WriteError(internal_error(f"保存到「{path}」", exc))
            self._error("保存失败", f"{exc}\n\n报告仍在窗口中，未保存的修改没有丢失。")
            self.status(f"保存失败：{exc}")
            return False
        self.path = str(Path(path).resolve())
        self.suggested_name = ""
        self.extra_dirty = False
        self.session.undo_stack.setClean()
        self.recovery.discard()
        self._add_recent(self.path)
        self._update_title()
        self.status(f"已保存到「{self.path}」")
        return True

    def maybe_save(self) -> bool:
        """Ask about unsaved work; False when the user cancels."""
        self.finish_editing()
        if not self.is_modified():
            return True
        from app.ui import dialogs

        answer = dialogs.ask(
            self,
            "保存修改",
            f"「{self.display_name()}」有未保存的修改。是否保存？",
            [SAVE, DISCARD, CANCEL],
            CANCEL,
        )
        if answer == SAVE:
            return self.file_save()
        return bool(answer == DISCARD)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.recovery.discard()
        self.recovery.wait()
        from app.ui.screen_fit import remember

        remember(self, self.splitter)
        event.accept()

    def _error(self, title: str, text: str) -> None:
        from app.ui import dialogs

        dialogs.inform(self, title, text, icon="warning")

    # -- recent files ----------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = settings().value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def _add_recent(self, path: str) -> None:
        items = [path, *(p for p in self.recent_files() if p != path)][:MAX_RECENT]
        s = settings()
        s.setValue("recent", items)
        s.setValue("last_folder", str(Path(path).parent))

    def _last_folder(self) -> str:
        value = settings().value("last_folder", "")
        if value and Path(str(value)).is_dir():
            return str(value)
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return docs or str(Path.home())

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        if not files:
            a = self.recent_menu.addAction("（无）")
            a.setEnabled(False)
            return
        for i, path in enumerate(files, start=1):
            a = self.recent_menu.addAction(f"&{i} {Path(path).name}")
            a.setToolTip(path)
            a.triggered.connect(lambda _c=False, p=path: self._open_recent(p))

    def _open_recent(self, path: str) -> None:
        if self.maybe_save() and self.open_path(path):
            from app.ui.guidance import after_open

            after_open(self, path)

    # -- recovery ----------------------------------------------------------------------
    def write_recovery(self, wait: bool = False) -> None:
        """Write the recovery copy now (``app.ui.autosave`` decides when otherwise)."""
        self.recovery.pending = True
        self.recovery.flush(wait)

    def before_modal(self) -> None:
        """A modal dialog is about to open (``app.ui.dialogs``): write unwritten changes."""
        self.recovery.flush()

    def offer_recovery(self) -> bool:
        """After a crash: offer the newest recovery copy; True when one was restored."""
        try:
            entries = self.store.orphaned(exclude=self.session_id)
        except OSError:  # the recovery folder cannot be listed: the autosave banner will say
            return False
        if not entries:
            return False
        from app.ui import dialogs

        entry = entries[0]
        where = entry.original or "未保存过的报告"
        more = (
            f"\n（另有 {len(entries) - 1} 份较早的恢复副本，下次启动时再处理。）"
            if len(entries) > 1
            else ""
        )
        answer = dialogs.ask(
            self,
            "恢复未保存的工作",
            f"上次{APP_NAME}没有正常关闭。\n发现「{entry.title or where}」在 {entry.when} "
            f"自动保存的恢复副本（{where}）。\n\n恢复后请及时保存。{more}",
            ["恢复", "丢弃"],
            "恢复",
        )
        if answer != "恢复" and not self._confirm_discard(entry):
            return self.restore(entry)
        if answer != "恢复":
            self.store.remove(entry.session)
            self.status("已丢弃恢复副本")
            return False
        return self.restore(entry)

    def _confirm_discard(self, entry: RecoveryEntry) -> bool:
        """丢弃 deletes work for good: ask once more (the safe answer keeps it)."""
        from app.ui import dialogs

        answer = dialogs.ask(
            self,
            "丢弃恢复副本",
            f"丢弃后，{entry.when} 自动保存的未保存工作将被删除，无法找回。确定丢弃吗？",
            ["丢弃", "恢复"],
            "恢复",
            icon="warning",
        )
        return answer == "丢弃"

    def restore(self, entry: RecoveryEntry) -> bool:
        try:
            doc = self.store.load(entry)
        except Exception as exc:  # ReadError says why; anything else is logged
            from app.io.applog import internal_error

            text = str(exc) if isinstance(exc, ReadError) else internal_error("恢复", exc)
            self._error("无法恢复", text)
            return False
        self.set_document(doc, entry.original, dirty=True, suggested=entry.title)
        self.write_recovery(wait=True)
        self.store.remove(entry.session)
        self.status(f"已恢复 {entry.when} 的未保存工作，请及时保存")
        return True

    # -- printing (imported only when used: reportlab must not load at start-up) -------
    def print_preview(self) -> None:
        self.finish_editing()
        from app.ui import printing

        self._guard("打印预览", lambda: printing.print_preview(self, self.doc, self.findings()))

    def print_document(self) -> bool:
        self.finish_editing()
        from app.ui import printing

        return bool(
            self._guard("打印", lambda: printing.print_document(self, self.doc, self.findings()))
        )

    def export_pdf(self) -> bool:
        self.finish_editing()
        from app.ui import printing

        return bool(
            self._guard("导出 PDF", lambda: printing.export_pdf(self, self.doc, self.findings()))
        )

    def _guard(self, action: str, run: Any) -> Any:
        """``run()``; an unexpected failure becomes one sentence (detail in the log)."""
        try:
            return run()
        except Exception as exc:
            from app.io.applog import internal_error

            self._error(f"{action}失败", internal_error(action, exc))
            return None

    # -- supervising office (app.ui.batch_window, imported when first used) ------------
    def batch_window(self) -> Any:
        """The 批量检查 window, made on first use and kept (with its list) afterwards."""
        if getattr(self, "_batch", None) is None:
            from app.ui.batch_window import BatchWindow

            self._batch = BatchWindow(self)
        from app.ui.batch_window import bring_to_front

        bring_to_front(self._batch)
        return self._batch

    def batch_review(self) -> None:
        self.batch_window().choose_folder()

    def batch_sum(self) -> None:
        w = self.batch_window()
        w.summary.setText(
            "选择下级报告所在的文件夹（或在上方选择文件）；读完后可选本级报告，再按「汇总…」。"
        )
        w.choose_folder()

    def _show_included(self, doc: Document) -> None:
        """The 汇总范围 dock while a 汇总 is open."""
        dock = getattr(self, "_included", None)
        if not doc.included:
            if dock is not None:
                dock.hide()
            return
        if dock is None:
            from app.ui.included_dock import IncludedDock

            dock = self._included = IncludedDock(self)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            self.splitDockWidget(self.problems, dock, Qt.Orientation.Horizontal)
            self.resizeDocks([self.problems, dock], [3, 2], Qt.Orientation.Horizontal)
        dock.set_document(doc)
        dock.show()

    def about(self) -> None:
        from app import __version__
        from app.ui import dialogs

        dialogs.inform(
            self,
            f"关于{APP_NAME}",
            f"{APP_NAME} {__version__}\n政府信息公开工作年度报告的填报、检查与打印。\n"
            f"报告格式：{FORM.notice}",
        )
