"""One generic table model for the three official tables, built from a TableDef.

The grid is the printed table: header rows and label columns are cells of the model,
with the official merged cells given by :meth:`GridModel.spans` (the view calls
``setSpan``). Data cells show the document's values; computed cells are read-only; the
background says computed (grey), error (red) or warning (amber), and the tooltip gives the
findings' messages in the official words.
"""

from __future__ import annotations

from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.core.findings import Severity
from app.core.values import MONEY_PLACES, ValueError_, format_value, parse_typed
from app.form import FORM, CellDef, Label, TableDef
from app.ui.session import Session

Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    KEY = Qt.ItemDataRole.UserRole + 1  # the cell key, or None for labels
    KIND = Qt.ItemDataRole.UserRole + 2  # "header", "label", "input", "computed", "empty"
    SEVERITY = Qt.ItemDataRole.UserRole + 3  # worst finding's Severity value, or None
    BLANK = Qt.ItemDataRole.UserRole + 4  # True for a data cell with no value yet


COLOURS = {
    "header": QColor("#e8edf3"),
    "label": QColor("#f6f8fa"),
    "computed": QColor("#e6e6e6"),
    Severity.ERROR: QColor("#f8c9c4"),
    Severity.WARNING: QColor("#fde5b0"),
    Severity.INFO: QColor("#dbe9f8"),
    "blank": QColor("#fff7e3"),
}
BRUSHES = {k: QBrush(v) for k, v in COLOURS.items()}
TEXT_BRUSH = QBrush(QColor("#1a1a1a"))
COMPUTED_TEXT_BRUSH = QBrush(QColor("#333333"))
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
LABEL_ALIGN = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
# A label spanning more rows than fit on screen sits at the top of its block, so it is
# seen when the block scrolls into view (三、本年度办理结果 spans 22 rows).
TALL_ALIGN = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
TALL_ROWS = 10


class GridModel(QAbstractTableModel):
    """The cells of one official table over the session's document."""

    def __init__(self, table: TableDef, session: Session) -> None:
        super().__init__(session)
        self.table = table
        self.session = session
        self._labels: dict[tuple[int, int], Label] = {}
        self._cells: dict[tuple[int, int], CellDef] = {}
        self._pos: dict[str, tuple[int, int]] = {}
        self._owner: dict[tuple[int, int], tuple[int, int]] = {}  # covered position → top-left
        for lab in table.labels:
            self._labels[(lab.row, lab.col)] = lab
            self._cover(lab.row, lab.col, lab.rowspan, lab.colspan)
        for c in table.cells:
            self._cells[(c.row, c.col)] = c
            self._pos[c.key] = (c.row, c.col)
            self._cover(c.row, c.col, 1, c.colspan)
        session.cellsChanged.connect(self._on_cells_changed)

    def _cover(self, row: int, col: int, rowspan: int, colspan: int) -> None:
        for r in range(row, row + rowspan):
            for c in range(col, col + colspan):
                self._owner[(r, c)] = (row, col)

    # -- structure -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.table.n_rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.table.n_cols

    def spans(self) -> list[tuple[int, int, int, int]]:
        """(row, col, rowspan, colspan) of every merged cell, for QTableView.setSpan."""
        out = [
            (lab.row, lab.col, lab.rowspan, lab.colspan)
            for lab in self.table.labels
            if lab.rowspan > 1 or lab.colspan > 1
        ]
        out += [(c.row, c.col, 1, c.colspan) for c in self.table.cells if c.colspan > 1]
        return out

    def cell_at(self, row: int, col: int) -> CellDef | None:
        """The data cell covering a grid position (also inside its span), if any."""
        owner = self._owner.get((row, col))
        return self._cells.get(owner) if owner else None

    def label_at(self, row: int, col: int) -> Label | None:
        owner = self._owner.get((row, col))
        return self._labels.get(owner) if owner else None

    def index_of(self, key: str) -> QModelIndex:
        pos = self._pos.get(key)
        return self.index(*pos) if pos else QModelIndex()

    # -- data ------------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        c = self._cells.get((index.row(), index.column()))
        if c is not None and not c.computed:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        pos = (index.row(), index.column())
        cell = self._cells.get(pos)
        if cell is not None:
            return self._cell_data(cell, role)
        lab = self._labels.get(pos)
        if lab is not None:
            return self._label_data(lab, role)
        if role == Role.KIND:
            return "empty"
        return None

    def _label_data(self, lab: Label, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return lab.text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if lab.rowspan > TALL_ROWS:
                return TALL_ALIGN
            return CENTRE if lab.header or lab.rowspan > 1 else LABEL_ALIGN
        if role == Qt.ItemDataRole.BackgroundRole:
            return BRUSHES["header" if lab.header else "label"]
        if role == Qt.ItemDataRole.ForegroundRole:
            return TEXT_BRUSH
        if role == Role.KIND:
            return "header" if lab.header else "label"
        if role == Qt.ItemDataRole.ToolTipRole and lab.text == self.table.note:
            return lab.text
        return None

    def _cell_data(self, cell: CellDef, role: int) -> Any:
        value = self.session.doc.values[cell.key]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return format_value(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTRE
        if role == Qt.ItemDataRole.BackgroundRole:
            worst = self.session.worst(cell.key)
            if worst is not None:
                findings = self.session.findings_for(cell.key)
                if all(f.rule == "blank" for f in findings):
                    return BRUSHES["blank"]
                return BRUSHES[worst]
            if cell.computed:
                return BRUSHES["computed"]
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return COMPUTED_TEXT_BRUSH if cell.computed else TEXT_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(cell)
        if role == Role.KEY:
            return cell.key
        if role == Role.KIND:
            return "computed" if cell.computed else "input"
        if role == Role.SEVERITY:
            worst = self.session.worst(cell.key)
            return None if worst is None else worst.value
        if role == Role.BLANK:
            return value is None
        return None

    def _tooltip(self, cell: CellDef) -> str:
        lines = [f.message for f in self.session.findings_for(cell.key)]
        if not lines:
            lines.append(FORM.describe(cell.key))
            if cell.computed:
                lines.append("自动计算，不能直接填写")
            elif cell.unit == "万元":
                lines.append(f"单位：万元，最多 {MONEY_PLACES} 位小数")
        last = self.session.doc.last_year.values.get(cell.key)
        if last is not None:
            lines.append(f"上年报告：{format_value(last)}")
        return "\n".join(lines)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        cell = self._cells.get((index.row(), index.column()))
        if cell is None or cell.computed:
            return False
        if isinstance(value, str):
            try:
                parsed = parse_typed(value, cell.kind)
            except ValueError_:
                return False
        elif value is None or isinstance(value, (int, Decimal)):
            parsed = value
        else:
            return False
        self.session.set_values({cell.key: parsed}, f"修改{FORM.describe(cell.key)}")
        return True

    def _on_cells_changed(self, keys: set[str]) -> None:
        roles = [
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ToolTipRole,
            Role.SEVERITY,
            Role.BLANK,
        ]
        for key in keys:
            pos = self._pos.get(key)
            if pos is not None:
                idx = self.index(*pos)
                self.dataChanged.emit(idx, idx, roles)
