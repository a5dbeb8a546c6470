"""What a clerk used to WPS/Excel expects of the window, added to it in one place.

- 从上年报告新建 on the toolbar, 「空白格填 0」 in 编辑, 帮助 → 使用说明 (F1);
- Ctrl+PgUp / Ctrl+PgDn switch sections (like sheet tabs); Tab in the section list goes
  into the page; the widget with the keyboard focus is framed;
- the section list marks each section that has errors (red) or warnings (amber) with
  their number;
- the status bar shows last year's value of the current cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidget, QWidget

from app.core.findings import Finding, Severity
from app.core.values import format_value
from app.form import FORM

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

    from app.ui.window import MainWindow

FOCUS_STYLE = (
    "QListWidget { border: 2px solid #c3c9d1; } QListWidget:focus { border-color: #2f6fbf; }"
)
MARK_COLOURS = {Severity.ERROR: "#c0392b", Severity.WARNING: "#d68910"}


def section_of(key: str) -> str | None:
    """The section key ("meta", "t3", "text.overview" …) a finding's cell key belongs to."""
    cell = FORM.cells.get(key)
    if cell is not None:
        return cell.table
    if key in FORM.text_keys:
        return key
    if key in FORM.text_notes:
        return key.removeprefix("note.")
    if any(m.key == key for m in FORM.meta):
        return "meta"
    return None


def section_counts(findings: list[Finding]) -> dict[str, dict[Severity, int]]:
    """Per section, how many findings of each severity touch it (each finding once)."""
    out: dict[str, dict[Severity, int]] = {}
    for f in findings:
        if f.severity not in MARK_COLOURS:
            continue
        for section in {s for k in f.keys if (s := section_of(k)) is not None}:
            counts = out.setdefault(section, {})
            counts[f.severity] = counts.get(f.severity, 0) + 1
    return out


def _mark(colour: str, number: int) -> QIcon:
    from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap  # not needed at start-up

    size = 22
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(colour))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.setPen(QColor("white"))
    font = p.font()
    font.setBold(True)
    font.setPixelSize(12 if number < 100 else 9)
    p.setFont(font)
    p.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, str(min(number, 999)))
    p.end()
    return QIcon(pixmap)


class _NavKeys(QObject):
    """Tab in the section list moves into the page shown beside it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and not event.modifiers()
        ):
            return focus_page(self.window)
        return False


def focus_page(window: MainWindow) -> bool:
    """Give the keyboard focus to the working widget of the page shown."""
    page = window.stack.currentWidget()
    target: Any = getattr(page, "view", None) or getattr(page, "editor", None)
    if target is None:
        fields = getattr(page, "fields", None)
        if isinstance(fields, dict) and fields:
            target = next(iter(fields.values()))
    if isinstance(target, QWidget):
        target.setFocus(Qt.FocusReason.TabFocusReason)
        # a page shown for the first time may hand the activation away (seen with the
        # drafting bar's button); the user is working in this window, so keep it active
        QTimer.singleShot(0, window.activateWindow)
        return True
    return False


class Habits(QObject):
    """The additions to one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.marks: dict[tuple[str, int], Any] = {}  # (colour, number) → QIcon
        self.titles = [window.nav.item(i).text() for i in range(window.nav.count())]
        self._actions()
        window.nav.installEventFilter(_NavKeys(window))
        # a style sheet costs a few milliseconds: after the first frame
        QTimer.singleShot(0, lambda: window.nav.setStyleSheet(FOCUS_STYLE))
        window.problems.countsChanged.connect(self.update_marks)
        self.last_year = QLabel()
        self.last_year.setObjectName("lastYearValue")
        window.statusBar().insertPermanentWidget(0, self.last_year)
        window.stack.currentChanged.connect(self._page_shown)

    # -- actions -------------------------------------------------------------------
    def _actions(self) -> None:
        w = self.window
        tb = w.findChild(QObject, "toolbar")
        if tb is not None:
            tb.insertAction(w.act_open, w.act_from_last)  # type: ignore[attr-defined]
        w.act_from_last.setToolTip("用上年的报告文件开始本年的报告（推荐）")
        self.act_prev = self._shortcut("上一节", "Ctrl+PgUp", lambda: self.step_section(-1))
        self.act_next = self._shortcut("下一节", "Ctrl+PgDown", lambda: self.step_section(1))
        self.act_fill_zero = QAction(w)
        self.act_fill_zero.setText("空白格填 0(&Z)")
        self.act_fill_zero.setToolTip("把所选单元格（未选择时为整张表）中未填的格子填为 0")
        self.act_fill_zero.triggered.connect(lambda _c=False: w._view_call("fill_blank_zero"))
        self.act_guide = QAction(w)
        self.act_guide.setText("使用说明(&G)")
        self.act_guide.setShortcut(QKeySequence("F1"))
        self.act_guide.triggered.connect(lambda _c=False: self.show_guide())
        w.edit_menu.addAction(self.act_fill_zero)
        help_menu = w.help_menu
        if help_menu.actions():
            help_menu.insertAction(help_menu.actions()[0], self.act_guide)
        else:
            help_menu.addAction(self.act_guide)
        w.view_menu.addSeparator()
        w.view_menu.addAction(self.act_prev)
        w.view_menu.addAction(self.act_next)

    def _shortcut(self, text: str, keys: str, slot: Any) -> QAction:
        action = QAction(self.window)
        action.setText(text)
        action.setShortcut(QKeySequence(keys))  # (a window shortcut, QAction's default)
        action.triggered.connect(lambda _c=False: slot())
        self.window.addAction(action)
        return action

    def step_section(self, delta: int) -> None:
        nav = self.window.nav
        row = (nav.currentRow() + delta) % nav.count()
        nav.setCurrentRow(row)
        focus_page(self.window)

    def show_guide(self) -> None:
        from app.ui.help import show_guide

        show_guide(self.window)

    # -- section marks ---------------------------------------------------------------
    def update_marks(self, _counts: object = None) -> None:
        w = self.window
        nav: QListWidget = w.nav
        counts = section_counts(w.findings())
        keys = ["meta", *(s.key for s in FORM.sections)]
        for row, key in enumerate(keys):
            item = nav.item(row)
            if item is None:
                continue
            c = counts.get(key, {})
            errors, warnings = c.get(Severity.ERROR, 0), c.get(Severity.WARNING, 0)
            sev = Severity.ERROR if errors else Severity.WARNING if warnings else None
            if sev is None:
                if item.data(Qt.ItemDataRole.UserRole) is not None:
                    from PySide6.QtGui import QIcon

                    item.setIcon(QIcon())
                    item.setToolTip(self.titles[row])
                    item.setData(Qt.ItemDataRole.UserRole, None)
                continue
            number = errors or warnings
            icon = self.marks.get((MARK_COLOURS[sev], number))
            if icon is None:
                icon = self.marks[(MARK_COLOURS[sev], number)] = _mark(MARK_COLOURS[sev], number)
            item.setIcon(icon)
            item.setData(Qt.ItemDataRole.UserRole, (errors, warnings))
            parts = [f"错误 {errors} 条"] if errors else []
            parts += [f"警告 {warnings} 条"] if warnings else []
            item.setToolTip(f"{self.titles[row]}：{'，'.join(parts)}")

    # -- last year's value of the current cell -------------------------------------------
    def _page_shown(self, _index: int) -> None:
        view = self.window.current_view()
        self.last_year.setText("")
        if view is None:
            return
        if not view.property("lastYearShown"):
            view.setProperty("lastYearShown", True)
            view.selectionModel().currentChanged.connect(
                lambda current, _prev, v=view: self.show_last_year(v, current)
            )
        self.show_last_year(view, view.currentIndex())

    def show_last_year(self, view: Any, index: Any) -> None:
        key = view.grid.cell_at(index.row(), index.column()) if index.isValid() else None
        session = self.window.session
        if key is None or session is None or not session.doc.last_year.values:
            self.last_year.setText("")
            return
        last = session.doc.last_year.values.get(key.key)
        shown = "未填" if last is None else format_value(last)
        self.last_year.setText(f"上年：{shown}")
        self.last_year.setToolTip(f"上年报告中{FORM.describe(key.key)}的数值")


def install(window: MainWindow) -> Habits:
    return Habits(window)
