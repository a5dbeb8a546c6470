"""Editing the tables like a spreadsheet, driven with real key events on the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from uihelpers import press, select, select_range, show_table, type_into

from app.core.findings import Severity
from app.ui.table_model import Role
from app.ui.window import MainWindow

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def sev(w: MainWindow, key: str) -> Severity | None:
    return w.session.worst(key) if w.session else None


def test_table3_totals_and_flags_while_typing_then_enter(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t3")
    select(view, "t3.new.natural")
    assert (doc.values["t3.new.natural"], doc.values["t3.new.total"]) == (13, 13)
    assert sev(window, "t3.new.natural") is None

    type_into(view, "2")
    editor = view.editor_widget()
    assert editor is not None and editor.text() == "2"  # typing replaced the old 13
    # while the editor is still open, the total and the balance flag already follow
    assert doc.values["t3.new.total"] == 2
    assert sev(window, "t3.new.natural") is Severity.ERROR
    total = view.grid.index_of("t3.new.total")
    assert total.data() == "2"
    QTest.keyClicks(editor, "0")
    assert doc.values["t3.new.total"] == 20
    assert window.session.undo_stack.count() == 0  # previews are not undo steps

    press(editor, K.Key_Return)
    assert view.editor_widget() is None
    assert doc.values["t3.new.natural"] == 20 and doc.values["t3.new.total"] == 20
    assert window.session.undo_stack.count() == 1
    assert window.isWindowModified()
    # Enter moved down to the next input cell of the column
    assert view.currentIndex().data(Role.KEY) == "t3.carried.natural"


def test_escape_restores_old_value_totals_and_flags(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t3")
    select(view, "t3.granted.commercial")
    type_into(view, "5")
    assert doc.values["t3.results_total.commercial"] == 5
    assert sev(window, "t3.results_total.commercial") is Severity.ERROR
    press(view.editor_widget(), K.Key_Escape)
    assert view.editor_widget() is None
    assert doc.values["t3.granted.commercial"] == 0
    assert doc.values["t3.results_total.commercial"] == 0
    assert sev(window, "t3.results_total.commercial") is None
    assert window.session.undo_stack.count() == 0
    assert not window.isWindowModified()


def test_table2_flag_while_typing(window: MainWindow) -> None:
    view = show_table(window, "t2")
    select(view, "t2.regulations.issued")
    assert sev(window, "t2.regulations.issued") is None
    type_into(view, "3")
    # a 乡镇 cannot make 规章: the warning shows before Enter
    assert sev(window, "t2.regulations.issued") is Severity.WARNING
    index = view.grid.index_of("t2.regulations.issued")
    assert index.data(Role.SEVERITY) == "warning"
    press(view.editor_widget(), K.Key_Tab)
    assert window.doc.values["t2.regulations.issued"] == 3
    assert view.currentIndex().data(Role.KEY) == "t2.regulations.repealed"  # Tab moved right


def test_table4_total_while_typing_and_money_cell(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t4")
    select(view, "t4.direct_suit.corrected")
    type_into(view, "4")
    assert doc.values["t4.direct_suit.total"] == 4
    assert view.grid.index_of("t4.direct_suit.total").data() == "4"
    press(view.editor_widget(), K.Key_Return)
    assert doc.values["t4.direct_suit.corrected"] == 4

    view2 = show_table(window, "t2")
    select(view2, "t2.fees.amount")
    type_into(view2, "１８.８７１０")  # full-width digits from the IME
    press(view2.editor_widget(), K.Key_Return)
    assert str(doc.values["t2.fees.amount"]) == "18.8710"


def test_invalid_text_is_refused_but_kept(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t3")
    select(view, "t3.new.natural")
    type_into(view, "1.5")
    editor = view.editor_widget()
    assert editor is not None
    assert "件数必须是整数" in window.statusBar().currentMessage()
    assert "color" in editor.styleSheet()  # shown in red
    assert doc.values["t3.new.natural"] == 13  # the invalid text previews nothing
    press(editor, K.Key_Return)
    editor = view.editor_widget()
    assert editor is not None and editor.text() == "1.5"  # the editor stays, text kept
    assert doc.values["t3.new.natural"] == 13
    assert window.session.undo_stack.count() == 0
    # a letter in a count cell
    editor.clear()
    QApplication.processEvents()
    QTest.keyClicks(editor, "a")
    assert "不是数字" in window.statusBar().currentMessage()
    press(editor, K.Key_Escape)
    assert doc.values["t3.new.natural"] == 13


def test_invalid_text_survives_clicking_elsewhere(window: MainWindow, qtbot: object) -> None:
    view = show_table(window, "t3")
    select(view, "t3.new.natural")
    type_into(view, "十")
    # moving the current cell closes the editor through the delegate's commit path
    view.setCurrentIndex(view.grid.index_of("t3.granted.natural"))
    QApplication.processEvents()
    QApplication.processEvents()
    editor = view.editor_widget()
    assert editor is not None and editor.text() == "十"
    assert view.currentIndex().data(Role.KEY) == "t3.new.natural"
    assert window.doc.values["t3.new.natural"] == 13
    press(editor, K.Key_Escape)


def test_paste_block_from_spreadsheet_is_one_undo_step(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t3")
    select(view, "t3.granted.natural")
    QGuiApplication.clipboard().setText("1\t2\n3\t4\n")
    press(view, K.Key_V, CTRL)
    assert doc.values["t3.granted.natural"] == 1
    assert doc.values["t3.granted.commercial"] == 2
    assert doc.values["t3.partial.natural"] == 3
    assert doc.values["t3.partial.commercial"] == 4
    assert doc.values["t3.results_total.natural"] == 14  # 13 − 3 (old 予以公开) + 1 + 3
    assert window.session.undo_stack.count() == 1
    assert "已粘贴 4 个单元格" in window.statusBar().currentMessage()
    press(view, K.Key_Z, CTRL)
    assert doc.values["t3.granted.natural"] == 3
    assert doc.values["t3.partial.commercial"] == 0
    press(view, K.Key_Y, CTRL)
    assert doc.values["t3.partial.commercial"] == 4


def test_one_value_pasted_into_a_selected_range_fills_it(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t3")
    # includes the computed 总计 column
    select_range(view, "t3.withheld.state_secret.research", "t3.withheld.third_party.total")
    QGuiApplication.clipboard().setText("2\n")
    press(view, K.Key_V, CTRL)
    for row in ("state_secret", "law_prohibited", "security_stability", "third_party"):
        for col in ("research", "social", "legal", "other_org"):
            assert doc.values[f"t3.withheld.{row}.{col}"] == 2
        assert doc.values[f"t3.withheld.{row}.commercial"] == 0  # outside the selection
    assert doc.values["t3.withheld.third_party.total"] == 1 + 8  # computed, not pasted
    assert window.session.undo_stack.count() == 1
    assert "已粘贴 16 个单元格" in window.statusBar().currentMessage()


def test_paste_skips_totals_and_reports_unreadable_values(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t3")
    select(view, "t3.new.other_org")
    # other_org, then the computed 总计 column, then past the table's edge
    QGuiApplication.clipboard().setText("7\t99\t5\nabc\t1\t2")
    press(view, K.Key_V, CTRL)
    assert doc.values["t3.new.other_org"] == 7
    assert doc.values["t3.new.total"] == 20  # computed, not the pasted 99
    assert doc.values["t3.carried.other_org"] == 0  # «abc» was not read
    message = window.statusBar().currentMessage()
    assert "跳过 2 个标题或合计格" in message
    assert "1 个数值无法读取" in message
    problems = [f.message for f in window.session.findings if f.rule == "paste"]
    assert len(problems) == 1 and "abc" in problems[0] and "上年结转" in problems[0]
    assert window.session.worst("t3.carried.other_org") is Severity.ERROR


def test_delete_clears_selection_in_one_step_and_copy(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t3")
    select_range(view, "t3.new.natural", "t3.carried.total")
    press(view, K.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == "\n".join(
        ["13\t0\t0\t0\t0\t0\t13", "0\t0\t0\t0\t0\t0\t0"]
    )
    press(view, K.Key_Delete)
    assert doc.values["t3.new.natural"] is None
    assert doc.values["t3.carried.legal"] is None
    assert doc.values["t3.new.total"] == 0
    assert view.grid.index_of("t3.new.natural").data(Role.BLANK) is True
    assert window.session.undo_stack.count() == 1
    press(view, K.Key_Z, CTRL)
    assert doc.values["t3.new.natural"] == 13 and doc.values["t3.carried.legal"] == 0


def test_undo_redo_every_edit(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t4")
    select(view, "t4.review.upheld")
    for text in ("1", "2", "3"):
        type_into(view, text)
        press(view.editor_widget(), K.Key_Tab)
    assert [doc.values[f"t4.review.{c}"] for c in ("upheld", "corrected", "other")] == [1, 2, 3]
    assert doc.values["t4.review.total"] == 6
    for expected in (3, 1, 0):
        press(view, K.Key_Z, CTRL)
        assert doc.values["t4.review.total"] == expected
    assert not window.isWindowModified()
    press(view, K.Key_Y, CTRL)
    press(view, K.Key_Y, CTRL)
    assert doc.values["t4.review.total"] == 3
    assert window.isWindowModified()


def test_paste_into_merged_cells_reports_what_did_not_fit(window: MainWindow) -> None:
    view = show_table(window, "t2")
    select(view, "t2.licensing.decisions")  # one cell spanning the three value columns
    QGuiApplication.clipboard().setText("5\t6\n7\n")
    press(view, K.Key_V, CTRL)
    assert window.doc.values["t2.licensing.decisions"] == 5
    message = window.statusBar().currentMessage()
    assert "已粘贴 1 个单元格" in message
    assert "1 个数值落在合并单元格的其余部分" in message
    assert "跳过 1 个标题或合计格" in message  # 7 lands on the next block's title row


def test_backspace_double_click_and_cells_that_cannot_be_typed_into(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t3")
    select(view, "t3.granted.natural")  # 3 in the sample
    press(view, K.Key_Backspace)  # empties the cell and starts editing, as in Excel
    editor = view.editor_widget()
    assert editor is not None and editor.text() == ""
    assert doc.values["t3.results_total.natural"] == 10  # previewed as blank (0 in totals)
    press(editor, K.Key_Escape)
    assert doc.values["t3.granted.natural"] == 3

    index = view.grid.index_of("t3.granted.natural")
    centre = view.visualRect(index).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    editor = view.editor_widget()
    assert editor is not None and editor.text() == "3"  # double click keeps the content
    press(editor, K.Key_Escape)

    select(view, "t3.new.total")
    QTest.keyClicks(view, "9")
    assert view.editor_widget() is None and doc.values["t3.new.total"] == 13
    assert "自动计算的合计" in window.statusBar().currentMessage()
    view.setCurrentIndex(view.grid.index(3, 0))  # the label 一、本年新收…
    QTest.keyClicks(view, "9")
    assert view.editor_widget() is None
    assert "标题格" in window.statusBar().currentMessage()


def test_input_method_commit_of_full_width_digits(window: MainWindow) -> None:
    """A Chinese IME delivers text as QInputMethodEvent commits, often full-width."""
    from PySide6.QtGui import QInputMethodEvent

    doc = window.doc
    view = show_table(window, "t3")
    select(view, "t3.carried.legal")
    view.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
    composing = QInputMethodEvent("１", [])
    QApplication.sendEvent(view, composing)  # pre-edit only: nothing is committed yet
    commit = QInputMethodEvent()
    commit.setCommitString("１２")
    editor = view.editor_widget()
    QApplication.sendEvent(editor if editor is not None else view, commit)
    QApplication.processEvents()
    editor = view.editor_widget()
    assert editor is not None and editor.text() == "１２"
    assert doc.values["t3.carried.total"] == 12  # previewed while the editor is open
    press(editor, K.Key_Return)
    assert doc.values["t3.carried.legal"] == 12
    assert window.session.undo_stack.count() == 1


def test_enter_after_typing_does_not_check_the_report_again(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    view = show_table(window, "t3")
    select(view, "t3.new.natural")
    type_into(view, "21")
    checks: list[int] = []
    session.findingsChanged.connect(lambda: checks.append(1))
    press(view.editor_widget(), K.Key_Return)
    # the preview already shows what the value gives: Enter only records the undo step
    assert window.doc.values["t3.new.natural"] == 21
    assert session.undo_stack.count() == 1
    assert checks == []
    session.undo_stack.undo()
    assert window.doc.values["t3.new.natural"] == 13 and checks == [1]


def test_undoing_a_paste_takes_its_refused_cells_back(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t3")
    select(view, "t3.new.natural")
    type_into(view, "20")
    press(view.editor_widget(), K.Key_Return)
    select(view, "t3.granted.natural")
    QGuiApplication.clipboard().setText("4\t甲\t乙\n")
    press(view, K.Key_V, CTRL)
    assert len([f for f in window.session.findings if f.rule == "paste"]) == 2
    press(view, K.Key_Z, CTRL)
    assert [f for f in window.session.findings if f.rule == "paste"] == []
    assert window.session.worst("t3.granted.commercial") is None
    assert doc.values["t3.granted.natural"] == 3 and doc.values["t3.new.natural"] == 20
    press(view, K.Key_Y, CTRL)  # redo brings value and refusals back together
    assert doc.values["t3.granted.natural"] == 4
    assert len([f for f in window.session.findings if f.rule == "paste"]) == 2
    # a paste of nothing but unreadable text is its own step: undo takes back only it
    select(view, "t3.partial.natural")
    QGuiApplication.clipboard().setText("无法\n")
    press(view, K.Key_V, CTRL)
    assert len([f for f in window.session.findings if f.rule == "paste"]) == 1
    press(view, K.Key_Z, CTRL)
    assert len([f for f in window.session.findings if f.rule == "paste"]) == 2
    assert doc.values["t3.granted.natural"] == 4


# Last year's 表三 as Excel / WPS copy it with the labels: merged cells give their text once,
# then empty cells; a typo in one label; the 总计 column comes along.
LABELLED_T3 = "\n".join(
    [
        "一、本年新收政府信息公开申请数量\t\t\t21\t2\t0\t1\t0\t0\t24",
        "二、上年结转政府信息公开申请数量\t\t\t3\t0\t0\t0\t0\t0\t3",
        "三、本年度办理结果\t（一）予以公开\t\t11\t1\t0\t1\t0\t0\t13",
        "\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0",
        "\t\t2.其他法律行政止公开\t2\t0\t0\t0\t0\t0\t2",
        "四、结转下年度继续办理\t\t\t4\t0\t0\t0\t0\t0\t4",
    ]
)


def test_paste_with_row_labels_is_aligned_by_the_labels(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t3")
    select(view, "t3.new.natural")  # where a clerk clicks before pasting the numbers
    QGuiApplication.clipboard().setText(LABELLED_T3)
    press(view, K.Key_V, CTRL)
    assert doc.values["t3.new.natural"] == 21 and doc.values["t3.new.commercial"] == 2
    assert doc.values["t3.new.social"] == 1
    assert doc.values["t3.carried.natural"] == 3
    assert doc.values["t3.granted.natural"] == 11 and doc.values["t3.granted.social"] == 1
    assert doc.values["t3.withheld.state_secret.natural"] == 0
    assert doc.values["t3.withheld.law_prohibited.natural"] == 2  # label with a typo
    assert doc.values["t3.carry_forward.natural"] == 4
    assert [f for f in window.session.findings if f.rule == "paste"] == []
    message = window.statusBar().currentMessage()
    assert "按行标题对齐：6 行，已粘贴 36 个单元格；跳过 6 个标题或合计格" in message
    assert window.session.undo_stack.count() == 1


def test_paste_with_row_labels_into_table2_without_totals(window: MainWindow) -> None:
    doc = window.doc
    view = show_table(window, "t2")
    select(view, "t2.penalty.decisions")
    QGuiApplication.clipboard().setText("规 章\t0\t0\t1\n行政规范性文件\t3\t1\t12\n其他事项\t5\n")
    press(view, K.Key_V, CTRL)
    assert [doc.values[f"t2.normative.{c}"] for c in ("issued", "repealed", "in_force")] == [
        3,
        1,
        12,
    ]
    assert doc.values["t2.regulations.in_force"] == 1
    message = window.statusBar().currentMessage()
    assert "按行标题对齐：2 行" in message and "（「其他事项」）不是本表的行" in message


def test_input_error_is_shown_at_the_cell_until_corrected(
    window: MainWindow, qtbot: object
) -> None:
    view = show_table(window, "t3")
    select(view, "t3.granted.research")
    type_into(view, "1.5")
    balloon = view.balloon
    assert balloon is not None and balloon.isVisible()
    assert "件数必须是整数" in balloon.text() and "科研机构" in balloon.text()
    cell = view.visualRect(view.grid.index_of("t3.granted.research"))
    cell.translate(view.viewport().geometry().topLeft())
    box = balloon.geometry()
    assert abs(box.top() - cell.bottom()) < 8 or abs(box.bottom() - cell.top()) < 8
    assert box.left() <= cell.right() and box.right() >= cell.left()
    editor = view.editor_widget()
    assert editor is not None
    press(editor, K.Key_Return)  # refused: the balloon stays
    assert balloon.isVisible() and view.editor_widget() is not None
    press(editor, K.Key_Backspace)
    press(editor, K.Key_Backspace)  # «1» is valid: balloon and status message go
    assert not balloon.isVisible()
    assert "件数必须是整数" not in window.statusBar().currentMessage()
    press(editor, K.Key_Return)
    assert window.doc.values["t3.granted.research"] == 1
    # Esc gives an invalid entry up: nothing stale is left behind
    type_into(view, "x")
    assert balloon.isVisible()
    press(view.editor_widget(), K.Key_Escape)
    assert not balloon.isVisible() and window.statusBar().currentMessage() == ""


def test_invalid_entry_survives_switching_to_another_section(window: MainWindow) -> None:
    view = show_table(window, "t3")
    select(view, "t3.new.natural")
    type_into(view, "十")
    window.nav.setFocus()
    window.show_section("t2")  # the clerk clicks another section
    QApplication.processEvents()
    QApplication.processEvents()
    assert window.doc.values["t3.new.natural"] == 13
    assert "未填入" in window.statusBar().currentMessage()
    show_table(window, "t3")
    QApplication.processEvents()
    QApplication.processEvents()
    editor = view.editor_widget()
    assert editor is not None and editor.text() == "十"  # given back, not dropped
    assert view.balloon is not None and view.balloon.isVisible()
    press(editor, K.Key_Escape)
