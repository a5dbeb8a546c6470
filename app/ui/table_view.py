"""The grid of one official table, edited like a spreadsheet (Excel / WPS habits).

Typing starts editing and replaces the cell; every keystroke previews its value (totals
and flags update while typing); Enter commits and moves down, Tab right, Esc reverts.
Delete clears the selected input cells; Ctrl+C / Ctrl+V exchange tab-separated blocks.
A value that cannot be read is never dropped silently: the status bar says why, and an
invalid typed text stays in its editor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.core.findings import Finding, Severity
from app.core.values import Value, ValueError_, format_value, parse_typed
from app.form import FORM, CellDef
from app.ui.frozen import FrozenPanes
from app.ui.table_model import GridModel, Index, Role

if TYPE_CHECKING:
    from app.ui.balloon import Balloon

MIN_UNIT_PX = 64  # width of one col_weight unit when the window is narrow
PLACEHOLDER = "未填"
INVALID_STYLE = "QLineEdit { color: #c0000a; background: #fff0f0; }"
MOVES = {"down": (1, 0), "up": (-1, 0), "right": (0, 1), "left": (0, -1)}


def move_for(event: QKeyEvent) -> str | None:
    """Where Enter, Shift+Enter, Tab and Shift+Tab move, as in a spreadsheet; else None."""
    key = event.key()
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        return "up" if shift else "down"
    if key == Qt.Key.Key_Tab:
        return "right"
    if key == Qt.Key.Key_Backtab:
        return "left"
    return None


class CellDelegate(QStyledItemDelegate):
    """A line editor whose every keystroke previews its value in the document."""

    def __init__(self, view: GridView) -> None:
        super().__init__(view)
        self.view = view

    # -- editor lifecycle ------------------------------------------------------------
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setProperty("loaded", False)
        pidx = QPersistentModelIndex(index)
        editor.textEdited.connect(lambda text, e=editor, i=pidx: self._typed(e, i, text))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        # The model changes this very cell while previewing: never overwrite what is typed.
        if editor.property("loaded"):
            return
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.setProperty("loaded", True)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        cell = self.view.grid.cell_at(index.row(), index.column())
        if cell is None or cell.computed:
            return
        try:
            value = parse_typed(editor.text(), cell.kind)
        except ValueError_ as exc:
            # Closed by a click elsewhere: refuse, say why, and give the text back.
            self.view.refused(cell, editor.text(), str(exc))
            return
        self.view.session.commit_preview(cell.key, value)

    def destroyEditor(self, editor: QWidget, index: Index) -> None:
        self.view.session.end_preview()
        if not self.view.held:
            self.view.input_ok()  # Esc, or a valid entry: the balloon has nothing to say
        super().destroyEditor(editor, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        editor.setGeometry(option.rect)

    # -- typing --------------------------------------------------------------------------
    def _typed(self, editor: QLineEdit, index: QPersistentModelIndex, text: str) -> None:
        cell = self.view.grid.cell_at(index.row(), index.column())
        if cell is None or cell.computed:
            return
        try:
            value = parse_typed(text, cell.kind)
        except ValueError_ as exc:
            editor.setStyleSheet(INVALID_STYLE)
            editor.setToolTip(str(exc))
            self.view.input_error(index, f"{FORM.describe(cell.key)}：{exc}")
            self.view.session.end_preview()
            return
        if editor.styleSheet():
            editor.setStyleSheet("")
            editor.setToolTip("")
            self.view.input_ok()
        self.view.session.preview(cell.key, value)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(obj, QLineEdit):
            assert isinstance(event, QKeyEvent)
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return self._fill_selection(obj)
            move = move_for(event)
            if move is not None:
                return self._commit_and_move(obj, move)
        return super().eventFilter(obj, event)

    def _commit_and_move(self, editor: QLineEdit, move: str) -> bool:
        index = self.view.currentIndex()
        cell = self.view.grid.cell_at(index.row(), index.column())
        if cell is not None and not cell.computed:
            try:
                parse_typed(editor.text(), cell.kind)
            except ValueError_ as exc:
                self.view.input_error(
                    QPersistentModelIndex(index),
                    f"{FORM.describe(cell.key)}：{exc}（请改正或按 Esc 放弃）",
                )
                return True  # the editor stays open with the text
        self.close_committing(editor)
        self.view.step(move)
        return True

    def _fill_selection(self, editor: QLineEdit) -> bool:
        """Ctrl+Enter: the typed value into every selected input cell, as one step."""
        index = self.view.currentIndex()
        cell = self.view.grid.cell_at(index.row(), index.column())
        if cell is None or cell.computed:
            return True
        try:
            value = parse_typed(editor.text(), cell.kind)
        except ValueError_ as exc:
            self.view.input_error(QPersistentModelIndex(index), f"{FORM.describe(cell.key)}：{exc}")
            return True
        keys = self.view.selected_input_keys()
        if cell.key not in keys:
            keys.append(cell.key)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)  # no commit
        values: dict[str, Value] = {}
        for key in keys:
            kind = FORM.cells[key].kind
            try:
                values[key] = value if kind is cell.kind else parse_typed(editor.text(), kind)
            except ValueError_:
                continue  # e.g. 1.5 typed for a range that includes a count cell
        if self.view.session.set_values(values, f"填充 {len(values)} 个单元格"):
            self.view.message.emit(f"已将 {len(values)} 个单元格填为 {format_value(value)}")
        return True

    def close_committing(self, editor: QLineEdit) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    # -- painting ------------------------------------------------------------------------
    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        if index.data(Role.BLANK):
            painter.save()
            painter.setPen(QColor("#b9b0a0"))
            font = QFont(option.font)  # type: ignore[attr-defined]
            font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
            painter.setFont(font)
            painter.drawText(option.rect, Qt.AlignmentFlag.AlignCenter, PLACEHOLDER)  # type: ignore[attr-defined]
            painter.restore()


class GridView(QTableView):
    """A QTableView that looks like the printed table and edits like a spreadsheet."""

    message = Signal(str)  # for the status bar

    def __init__(self, grid: GridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tab_origin: int | None = None  # column where a run of Tabs began
        self._stepping = False
        self.grid = grid
        self.session = grid.session
        self.setModel(grid)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        for row, col, rs, cs in grid.spans():
            self.setSpan(row, col, rs, cs)
        self.setItemDelegate(CellDelegate(self))
        self.setWordWrap(True)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTabKeyNavigation(False)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QTableView { gridline-color: #7d8590; background: white; "
            "selection-background-color: #2f6fbf; selection-color: white; "
            "border: 2px solid #c3c9d1; }"
            "QTableView:focus { border-color: #2f6fbf; }"  # the same width: nothing moves
        )
        self.setCornerButtonEnabled(False)
        self.setAccessibleName(f"{grid.table.short_name}")
        first = next((c for c in grid.table.cells if not c.computed), None)
        if first is not None:
            self.setCurrentIndex(grid.index(first.row, first.col))
        self._fit_pending = False
        self.balloon: Balloon | None = None
        self.held = False  # a refused entry is being given back to its editor
        self._pending: tuple[QPersistentModelIndex, str] | None = None
        self.fit()
        self.panes = FrozenPanes(self, grid.table, grid.spans())

    # -- geometry: column widths from col_weights, rows fit wrapped labels ----------------
    def fit(self) -> None:
        weights = self.grid.table.col_weights
        width = max(self.viewport().width(), 1)
        unit = max(width / sum(weights), MIN_UNIT_PX)
        widths = [int(unit * w) for w in weights]
        if unit * sum(weights) <= width + 1:
            widths[-1] += max(0, width - sum(widths))
        for col, w in enumerate(widths):
            self.setColumnWidth(col, w)
        self._fit_rows(widths)

    def _fit_rows(self, widths: list[int]) -> None:
        fm = QFontMetrics(self.font())
        base = fm.height() + 14
        heights = [base] * self.grid.table.n_rows
        tall: list[tuple[int, int, int]] = []

        def need(text: str, col: int, colspan: int) -> int:
            w = max(sum(widths[col : col + colspan]) - 12, 20)
            flags = int(Qt.TextFlag.TextWordWrap)
            return fm.boundingRect(QRect(0, 0, w, 100000), flags, text).height() + 12

        for lab in self.grid.table.labels:
            h = need(lab.text, lab.col, lab.colspan)
            if lab.rowspan == 1:
                heights[lab.row] = max(heights[lab.row], h)
            else:
                tall.append((lab.row, lab.rowspan, h))
        for row, span, h in tall:
            have = sum(heights[row : row + span])
            if h > have:
                extra = -(-(h - have) // span)
                for r in range(row, row + span):
                    heights[r] += extra
        for row, h in enumerate(heights):
            self.setRowHeight(row, h)
        frame = 2 * self.frameWidth()
        total = sum(heights) + frame
        scroll = self.horizontalScrollBar().sizeHint().height()
        if sum(widths) > self.viewport().width() + 1:
            total += scroll
        self.setMaximumHeight(total)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self._refit)

    def _refit(self) -> None:
        self._fit_pending = False
        self.fit()

    def viewportEvent(self, event: QEvent) -> bool:
        panes = getattr(self, "panes", None)
        if event.type() == QEvent.Type.Paint and panes is not None:
            # The frozen panes cover part of the viewport: paint only what shows.
            assert isinstance(event, QPaintEvent)
            region = event.region().subtracted(panes.covered())
            if region.isEmpty():
                return True
            if region != event.region():
                return super().viewportEvent(QPaintEvent(region))
        return super().viewportEvent(event)

    def updateGeometries(self) -> None:
        super().updateGeometries()
        panes = getattr(self, "panes", None)
        if panes is not None:
            panes.place()

    def scrollTo(
        self,
        index: Index,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        """As QTableView, but a cell is never left under the frozen rows or columns."""
        super().scrollTo(index, hint)
        panes = getattr(self, "panes", None)
        if panes is None or not index.isValid():
            return
        rect = self.visualRect(index)
        if index.row() >= panes.rows and rect.top() < panes.height():
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() - (panes.height() - rect.top()))
        if index.column() >= panes.cols and rect.left() < panes.width():
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - (panes.width() - rect.left()))

    def sizeHint(self) -> Any:
        hint = super().sizeHint()
        hint.setHeight(self.maximumHeight())
        return hint

    # -- moving like a spreadsheet ---------------------------------------------------
    def next_input(self, row: int, col: int, move: str) -> QModelIndex | None:
        """The next input cell from (row, col) in a direction, skipping labels and totals."""
        dr, dc = MOVES[move]
        here = self.grid.cell_at(row, col)
        r, c = row, col
        if here is not None and dc > 0:
            c = here.col + here.colspan - 1
        while True:
            r, c = r + dr, c + dc
            if not (0 <= r < self.grid.table.n_rows and 0 <= c < self.grid.table.n_cols):
                return None
            cell = self.grid.cell_at(r, c)
            if cell is not None and cell is not here and not cell.computed:
                return self.grid.index(cell.row, cell.col)

    def step(self, move: str) -> None:
        cur = self.currentIndex()
        if not cur.isValid():
            return
        origin = self._tab_origin
        target = self.next_input(cur.row(), cur.column(), move)
        if move == "down" and origin is not None:
            # Enter after a run of Tabs: the next row, in the column where the run began
            target = self._below_in_column(cur.row(), origin) or target
            origin = None
        elif move == "right":
            origin = cur.column() if origin is None else origin
        else:
            origin = None
        if target is not None:
            self._stepping = True
            self.setCurrentIndex(target)
            self.scrollTo(target)
            self._stepping = False
        self._tab_origin = origin

    def _below_in_column(self, row: int, col: int) -> QModelIndex | None:
        for r in range(row + 1, self.grid.table.n_rows):
            cell = self.grid.cell_at(r, col)
            if cell is not None and not cell.computed:
                return self.grid.index(cell.row, cell.col)
        return None

    def currentChanged(self, current: Index, previous: Index) -> None:
        super().currentChanged(current, previous)
        if not self._stepping:
            self._tab_origin = None  # a click or an arrow key ends a run of Tabs

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing:
            move = move_for(event)
            if move is not None:
                self.step(move)
                return
            if event.key() == Qt.Key.Key_Delete:
                self.clear_selection_values()
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            cur = self.currentIndex()
            cell = self.grid.cell_at(cur.row(), cur.column()) if cur.isValid() else None
            if event.key() == Qt.Key.Key_Backspace and cell is not None and not cell.computed:
                # like a spreadsheet: Backspace empties the cell and starts editing it
                if self.edit(cur, QAbstractItemView.EditTrigger.EditKeyPressed, event):
                    editor = self.editor_widget()
                    if editor is not None:
                        editor.clear()
                        editor.textEdited.emit("")
                return
            typed = event.text()
            plain = not event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
            )
            if typed and typed.isprintable() and plain and (cell is None or cell.computed):
                if cell is not None:
                    self.message.emit(
                        f"{FORM.describe(cell.key)}是自动计算的合计，不能直接填写；"
                        "请修改它所合计的单元格"
                    )
                else:
                    self.message.emit("这是表格的标题格，不能填写；请选择数字填报格")
                return
        super().keyPressEvent(event)

    # -- invalid text given back -------------------------------------------------------
    def input_error(self, index: QPersistentModelIndex, text: str) -> None:
        """Say at the cell (and in the status bar) why its text cannot be taken."""
        from app.ui.balloon import Balloon

        if self.balloon is None:
            self.balloon = Balloon(self)
        self.balloon.show_at(index, text)
        self.message.emit(text)

    def input_ok(self) -> None:
        """The entry is valid again (or given up): the balloon and its message go."""
        if self.balloon is not None and self.balloon.index.isValid():
            self.balloon.dismiss()
            self.message.emit("")

    def refused(self, cell: CellDef, text: str, reason: str) -> None:
        pidx = QPersistentModelIndex(self.grid.index(cell.row, cell.col))
        self.held = True
        self.input_error(
            pidx, f"{FORM.describe(cell.key)}：{reason}，未填入（请改正或按 Esc 放弃）"
        )
        QTimer.singleShot(0, lambda: self._reopen(pidx, text))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._pending is not None:  # refused while another section was shown
            pidx, text = self._pending
            self._pending = None
            QTimer.singleShot(0, lambda: self._reopen(pidx, text))

    def _reopen(self, pidx: QPersistentModelIndex, text: str) -> None:
        if not pidx.isValid():
            self.held = False
            return
        if not self.isVisible():
            self._pending = (pidx, text)  # given back when the table is shown again
            return
        self.held = False
        index = self.grid.index(pidx.row(), pidx.column())
        self.setCurrentIndex(index)
        if self.state() == QAbstractItemView.State.EditingState:
            return
        self.edit(index)
        editor = self.editor_widget()
        if editor is not None:
            editor.setText(text)
            editor.textEdited.emit(text)

    def commit_editor(self) -> None:
        """Commit and close an open cell editor, as Enter would (before save, print, close)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.editor_widget()
        delegate = self.itemDelegate()
        if editor is not None and isinstance(delegate, CellDelegate):
            delegate.close_committing(editor)

    def editor_widget(self) -> QLineEdit | None:
        """The open cell editor, if any (tests use it too)."""
        for child in self.viewport().findChildren(QLineEdit):
            if child.isVisible():
                return child
        return None

    # -- clipboard and Delete ----------------------------------------------------------
    def _selection_rect(self) -> tuple[int, int, int, int] | None:
        indexes = self.selectedIndexes() or [self.currentIndex()]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return None
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), min(cols), max(rows), max(cols)

    def selected_input_keys(self) -> list[str]:
        """The input cells in the selection (or the current cell), in reading order."""
        keys: list[str] = []
        indexes = sorted(
            self.selectedIndexes() or [self.currentIndex()], key=lambda i: (i.row(), i.column())
        )
        for i in indexes:
            c = self.grid.cell_at(i.row(), i.column())
            if c is not None and not c.computed and c.key not in keys:
                keys.append(c.key)
        return keys

    def fill_blank_zero(self) -> None:
        """「空白格填 0」: the blank input cells of the selection (or of the table), one step."""
        if len(self.selectedIndexes()) > 1:
            keys, scope = self.selected_input_keys(), "所选单元格"
        else:
            keys = [c.key for c in self.grid.table.cells if not c.computed]
            scope = self.grid.table.short_name
        doc = self.session.doc
        values: dict[str, Value] = {
            k: parse_typed("0", FORM.cells[k].kind) for k in keys if doc.values[k] is None
        }
        if not values:
            self.message.emit(f"{scope}中没有空白格")
            return
        self.session.set_values(values, f"空白格填 0（{len(values)} 格）")
        self.message.emit(f"已将{scope}中 {len(values)} 个空白格填为 0（可撤销）")

    def clear_selection_values(self) -> None:
        keys = self.selected_input_keys()
        if not keys:
            self.message.emit("所选单元格中没有可清除的填报格（标题和合计不能修改）")
            return
        values: dict[str, Value] = dict.fromkeys(keys)
        if self.session.set_values(values, f"清除 {len(keys)} 个单元格"):
            self.message.emit(f"已清除 {len(keys)} 个单元格")

    def copy_selection(self) -> str:
        rect = self._selection_rect()
        if rect is None:
            return ""
        r0, c0, r1, c1 = rect
        lines = []
        for r in range(r0, r1 + 1):
            row = []
            for c in range(c0, c1 + 1):
                # a merged cell's text once, at its top-left, like Excel copies merges
                text = self.grid.index(r, c).data() if self._is_top_left(r, c) else ""
                row.append(str(text or ""))
            lines.append("\t".join(row))
        text = "\n".join(lines)
        QGuiApplication.clipboard().setText(text)
        n = (r1 - r0 + 1) * (c1 - c0 + 1)
        self.message.emit(f"已复制 {n} 个单元格")
        return text

    def _is_top_left(self, r: int, c: int) -> bool:
        cell = self.grid.cell_at(r, c)
        if cell is not None:
            return (cell.row, cell.col) == (r, c)
        lab = self.grid.label_at(r, c)
        return lab is None or (lab.row, lab.col) == (r, c)

    def paste(self, text: str | None = None) -> None:
        """Paste a tab-separated block (from Excel / WPS) at the current cell, one undo step."""
        if text is None:
            text = QGuiApplication.clipboard().text()
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if not lines:
            self.message.emit("剪贴板中没有可粘贴的内容")
            return
        cur = self.currentIndex()
        rect = self._selection_rect()
        r0, c0 = (rect[0], rect[1]) if rect else (cur.row(), cur.column())
        if rect and len(lines) == 1 and "\t" not in lines[0] and rect[2:] != rect[:2]:
            # One value into a selected range fills the whole range, as in Excel / WPS.
            lines = ["\t".join([lines[0]] * (rect[3] - c0 + 1))] * (rect[2] - r0 + 1)
        aligned = None
        if any(ch.isalpha() for ch in text):  # words: maybe row labels copied along
            from app.ui.paste_labels import align_by_labels

            aligned = align_by_labels(lines, self.grid.table)
        if aligned is not None:
            placements = aligned.placements
            r0 = min((p[0] for p in placements), default=r0)
            c0 = min((p[1] for p in placements), default=c0)
        else:
            placements = [
                (r0 + i, c0 + j, raw)
                for i, line in enumerate(lines)
                for j, raw in enumerate(line.split("\t"))
            ]
        values: dict[str, Value] = {}
        bad: list[Finding] = []
        skipped = covered = 0
        outside = aligned.overflow if aligned is not None else 0
        for r, c, raw in placements:
            if not (r < self.grid.table.n_rows and c < self.grid.table.n_cols):
                outside += 1 if raw.strip() else 0
                continue
            cell = self.grid.cell_at(r, c)
            if cell is None or cell.computed:
                skipped += 1 if raw.strip() else 0
                continue
            if (cell.row, cell.col) != (r, c) or cell.key in values:
                covered += 1 if raw.strip() else 0  # inside a merged cell already filled
                continue
            try:
                values[cell.key] = parse_typed(raw, cell.kind)
            except ValueError_ as exc:
                bad.append(
                    Finding(
                        "paste",
                        Severity.ERROR,
                        (cell.key,),
                        f"粘贴到{FORM.describe(cell.key)}的「{raw.strip()}」无法读取："
                        f"{exc}，未填入",
                    )
                )
        changed = self.session.set_values(values, f"粘贴 {len(values)} 个单元格", bad)
        parts = [f"已粘贴 {len(values)} 个单元格" if changed or values else "没有粘贴任何数值"]
        if aligned is not None:
            parts[0] = f"按行标题对齐：{aligned.rows} 行，" + parts[0]
            if aligned.unmatched:
                names = "、".join(f"「{u}」" for u in aligned.unmatched[:3])
                parts.append(f"{len(aligned.unmatched)} 行的标题（{names}）不是本表的行，未粘贴")
        if skipped:
            parts.append(f"跳过 {skipped} 个标题或合计格")
        if outside:
            parts.append(f"{outside} 个数值超出表格范围，未粘贴")
        if covered:
            parts.append(f"{covered} 个数值落在合并单元格的其余部分，未粘贴")
        if bad:
            parts.append(f"{len(bad)} 个数值无法读取，未填入（见问题列表）")
        self.message.emit("；".join(parts))
        if values or bad:
            last = max(
                (self.grid.index_of(k) for k in [*values, *(f.keys[0] for f in bad)]),
                key=lambda x: (x.row(), x.column()),
            )
            self.selectionModel().select(
                self._range(r0, c0, last.row(), max(last.column(), c0)),
                self.selectionModel().SelectionFlag.ClearAndSelect,
            )

    def _range(self, r0: int, c0: int, r1: int, c1: int) -> Any:
        from PySide6.QtCore import QItemSelection

        return QItemSelection(self.grid.index(r0, c0), self.grid.index(r1, c1))

    def select_key(self, key: str) -> bool:
        index = self.grid.index_of(key)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
