"""The generic grid model: Qt's model tester, the official layout, roles and colours."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.core.document import Document
from app.core.findings import Severity
from app.form import FORM
from app.io.jsonfile import read_json
from app.resources import sample_path
from app.ui.session import Session
from app.ui.table_model import COLOURS, GridModel, Role
from app.ui.table_view import GridView

TABLES = [t.id for t in FORM.tables]


@pytest.fixture
def session(qapp: Any) -> Session:
    return Session(read_json(sample_path()))


@pytest.mark.parametrize("table_id", TABLES)
def test_qt_model_tester(qtmodeltester: Any, session: Session, table_id: str) -> None:
    model = GridModel(FORM.table(table_id), session)
    qtmodeltester.check(model)  # Qt's own QAbstractItemModelTester
    qtmodeltester.check(model, force_py=True)  # pytest-qt's Python port, stricter on roles
    # and after a change, with the signals the model emits
    key = next(c.key for c in FORM.table(table_id).cells if not c.computed)
    session.set_values({key: 3})
    qtmodeltester.check(model, force_py=True)


def test_table3_shape_labels_and_spans(session: Session) -> None:
    model = GridModel(FORM.table("t3"), session)
    assert (model.rowCount(), model.columnCount()) == (28, 10)
    assert model.index(0, 3).data() == "申请人情况"
    assert model.index(1, 4).data() == "法人或其他组织"
    assert model.index(2, 4).data() == "商业企业"
    assert model.index(3, 0).data() == "一、本年新收政府信息公开申请数量"
    spans = set(model.spans())
    assert (0, 3, 1, 7) in spans  # 申请人情况 over the seven columns
    assert (1, 3, 2, 1) in spans  # 自然人 over two header rows
    assert (5, 0, 22, 1) in spans  # 三、本年度办理结果 down the 22 result rows


def test_view_applies_the_official_spans(qtbot: Any, session: Session) -> None:
    model = GridModel(FORM.table("t4"), session)
    view = GridView(model)
    qtbot.addWidget(view)
    assert view.horizontalHeader().isHidden() and view.verticalHeader().isHidden()
    assert (view.rowSpan(0, 0), view.columnSpan(0, 0)) == (1, 5)  # 行政复议
    assert (view.rowSpan(0, 5), view.columnSpan(0, 5)) == (1, 10)  # 行政诉讼
    assert (view.rowSpan(1, 0), view.columnSpan(1, 0)) == (2, 1)  # 结果维持 (复议)


def test_values_flags_and_colours(session: Session) -> None:
    model = GridModel(FORM.table("t3"), session)
    new_nat = model.index_of("t3.new.natural")
    new_total = model.index_of("t3.new.total")
    label = model.index(3, 0)
    assert new_nat.data() == "13"  # the sample's figure (published report)
    assert new_total.data() == "13"
    assert model.flags(new_nat) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(new_total) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(label) & Qt.ItemFlag.ItemIsEditable
    assert new_total.data(Role.KIND) == "computed"
    assert new_total.data(Qt.ItemDataRole.BackgroundRole).color() == COLOURS["computed"]
    assert new_nat.data(Qt.ItemDataRole.TextAlignmentRole) == int(Qt.AlignmentFlag.AlignCenter)
    # Breaking the balance paints the column's cells red, with the message as tooltip.
    session.set_values({"t3.new.natural": 14})
    assert new_total.data() == "14"
    assert new_nat.data(Role.SEVERITY) == Severity.ERROR.value
    assert new_nat.data(Qt.ItemDataRole.BackgroundRole).color() == COLOURS[Severity.ERROR]
    tip = new_nat.data(Qt.ItemDataRole.ToolTipRole)
    assert "表三·自然人列" in tip and "14" in tip and "相差 1" in tip


def test_blank_cells_are_marked_and_money_shows_its_decimals(qapp: Any) -> None:
    doc = Document()
    doc.set("t2.fees.amount", __import__("decimal").Decimal("4166.241619"))
    session = Session(doc)
    model = GridModel(FORM.table("t2"), session)
    assert model.index_of("t2.fees.amount").data() == "4166.241619"
    blank = model.index_of("t2.licensing.decisions")
    assert blank.data() == ""
    assert blank.data(Role.BLANK) is True
    assert blank.data(Role.SEVERITY) == Severity.WARNING.value  # the `blank` rule
    assert "未填写" in blank.data(Qt.ItemDataRole.ToolTipRole)


def test_only_changed_cells_are_signalled(qtbot: Any, session: Session) -> None:
    model = GridModel(FORM.table("t4"), session)
    seen: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _r=None: seen.append((a.row(), a.column())))
    session.set_values({"t4.review.upheld": 2})
    cols = {c for _, c in seen}
    # the edited cell and its total, nothing in the other two groups' value cells
    assert {0, 4} <= cols
    assert not cols & set(range(5, 15))
