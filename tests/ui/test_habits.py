"""WPS/Excel habits and first-hour guidance, driven through the real window."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolBar
from uihelpers import Dialogs, press, select, select_range, show_table, type_into

from app.core.document import Document
from app.core.findings import Severity
from app.resources import sample_path
from app.ui.main import create_window
from app.ui.table_model import Role
from app.ui.window import MainWindow

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def from_last(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """This year's report started from the sample (last year's), shown."""
    Dialogs(monkeypatch)
    w = create_window(None)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.new_from_last_year(str(sample_path()))
    yield w
    w.extra_dirty = False
    w.session.undo_stack.setClean()


def test_new_from_last_year_is_on_the_toolbar_and_named_by_the_hint(window: MainWindow) -> None:
    toolbar = window.findChild(QToolBar, "toolbar")
    assert window.act_from_last in toolbar.actions()
    assert toolbar.actions().index(window.act_from_last) == 1  # right after 新建
    assert "「从上年报告新建」" in window.statusBar().currentMessage()


def test_section_list_marks_errors_and_warnings_with_counts(window: MainWindow, qtbot: Any) -> None:
    t3_row = 3
    item = window.nav.item(t3_row)
    assert item.icon().isNull()
    window.session.set_values({"t3.carry_forward.legal": 1, "t3.carry_forward.social": 2})
    qtbot.waitUntil(lambda: window.problems.counts[Severity.ERROR] > 0)
    assert not item.icon().isNull()
    errors, _warnings = item.data(Qt.ItemDataRole.UserRole)
    assert errors == 3  # 表三 does not balance in 法律服务机构列, 社会公益组织列 and 总计列
    assert "错误 3 条" in item.toolTip()
    assert window.nav.item(0).icon().isNull()  # 基本信息 is fine
    window.session.set_values({"t2.regulations.issued": 1})  # a town reporting 规章: warning
    qtbot.waitUntil(lambda: not window.nav.item(2).icon().isNull())
    assert window.nav.item(2).data(Qt.ItemDataRole.UserRole) == (0, 1)
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    qtbot.waitUntil(lambda: item.icon().isNull())


def test_help_guide_is_offline_and_has_the_official_requirements(window: MainWindow) -> None:
    window.habits.act_guide.trigger()
    from app.ui.help import GuideDialog

    guide = window.findChild(GuideDialog, "guide")
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    assert "从上年报告新建" in text and "国办公开办函〔2021〕30号" in text
    assert "篇幅原则上不超过一千字" in text and "信息处理费" in text
    guide.close()


def test_keyboard_sections_tab_and_visible_focus(window: MainWindow) -> None:
    window.nav.setCurrentRow(2)
    window.nav.setFocus()
    QApplication.processEvents()
    press(window.nav, K.Key_PageDown, CTRL)
    assert window.nav.currentRow() == 3
    view = window.table_page("t3").view
    assert view.hasFocus()  # switching with the keyboard lands in the grid
    press(view, K.Key_PageUp, CTRL)
    assert window.nav.currentRow() == 2
    window.nav.setFocus()
    press(window.nav, K.Key_Tab)  # one Tab from the section list into the grid
    assert window.table_page("t2").view.hasFocus()
    assert ":focus" in view.styleSheet() and ":focus" in window.nav.styleSheet()


def test_save_question_has_accelerators(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    dialogs = Dialogs(monkeypatch)
    w = create_window(None)
    qtbot.addWidget(w)
    w.session.set_values({"t3.new.natural": 1})
    assert not w.maybe_save()
    assert dialogs.asked[-1][2] == ["保存(&S)", "不保存(&N)", "取消"]
    w.session.undo_stack.setClean()


def test_ctrl_enter_fills_the_selection(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t3")
    select_range(view, "t3.granted.natural", "t3.partial.total")
    type_into(view, "5")
    press(view.editor_widget(), K.Key_Return, CTRL)
    for row in ("granted", "partial"):
        for col in ("natural", "commercial", "research", "social", "legal", "other_org"):
            assert doc.values[f"t3.{row}.{col}"] == 5
        assert doc.values[f"t3.{row}.total"] == 30  # computed, not filled
    assert view.editor_widget() is None
    assert window.session.undo_stack.count() == 1
    press(view, K.Key_Z, CTRL)
    assert doc.values["t3.granted.natural"] == 3 and doc.values["t3.partial.legal"] == 0


def test_fill_blank_with_zero_for_the_table_or_the_selection(
    window: MainWindow, qtbot: Any
) -> None:
    window.set_document(Document(agency="某镇", year=2024), None)
    doc = window.doc
    view = show_table(window, "t4")
    select_range(view, "t4.review.upheld", "t4.review.corrected")
    window.habits.act_fill_zero.trigger()
    assert doc.values["t4.review.upheld"] == 0 and doc.values["t4.review.corrected"] == 0
    assert doc.values["t4.review.other"] is None
    select(view, "t4.review.other")
    window.habits.act_fill_zero.trigger()  # nothing selected: the whole table
    assert all(doc.values[c.key] == 0 for c in view.grid.table.cells if not c.computed)
    assert "空白格填为 0" in window.statusBar().currentMessage()
    assert view.grid.index_of("t4.direct_suit.pending").data(Role.BLANK) is False
    press(view, K.Key_Z, CTRL)
    assert doc.values["t4.direct_suit.pending"] is None and doc.values["t4.review.upheld"] == 0
    press(view, K.Key_Z, CTRL)
    assert doc.values["t4.review.upheld"] is None


def test_enter_after_tabs_returns_to_the_starting_column(window: MainWindow) -> None:
    view = show_table(window, "t3")
    select(view, "t3.new.commercial")
    for text in ("1", "2", "3"):
        type_into(view, text)
        press(view.editor_widget(), K.Key_Tab)
    assert view.currentIndex().data(Role.KEY) == "t3.new.legal"
    type_into(view, "4")
    press(view.editor_widget(), K.Key_Return)
    assert view.currentIndex().data(Role.KEY) == "t3.carried.commercial"
    assert window.doc.values["t3.new.legal"] == 4
    press(view, K.Key_Return)  # a plain Enter just goes down
    assert view.currentIndex().data(Role.KEY) == "t3.granted.commercial"


def test_last_years_value_in_the_status_bar(from_last: MainWindow) -> None:
    w = from_last
    view = show_table(w, "t3")
    select(view, "t3.new.natural")
    QApplication.processEvents()
    assert w.habits.last_year.text() == "上年：13"
    assert w.habits.last_year.isVisible()
    select(view, "t3.carried.natural")
    assert w.habits.last_year.text() == "上年：0"


def test_ten_times_last_year_is_flagged_at_the_cell(from_last: MainWindow) -> None:
    w = from_last
    view = show_table(w, "t3")
    select(view, "t3.new.natural")
    type_into(view, "140")
    press(view.editor_widget(), K.Key_Return)
    (found,) = [f for f in w.session.findings_for("t3.new.natural") if f.rule == "ten_times"]
    assert found.severity is Severity.WARNING
    tip = view.grid.index_of("t3.new.natural").data(Qt.ItemDataRole.ToolTipRole)
    assert "是上年的 11 倍（超过 10 倍）" in tip


def test_section_keys_work_from_a_text_and_the_metadata(window: MainWindow) -> None:
    window.show_section("text.problems")
    editor = window.text_page("text.problems").editor
    editor.setFocus()
    press(editor, K.Key_PageDown, CTRL)
    assert window.stack.currentWidget() is window.text_page("text.other")
    assert window.text_page("text.other").editor.hasFocus()
    window.show_section("meta")
    field = window.meta_page.fields["agency"]
    field.setFocus()
    press(field, K.Key_PageUp, CTRL)
    assert window.nav.currentRow() == window.nav.count() - 1  # wraps round to 六
