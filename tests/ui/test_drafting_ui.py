"""插入标准表述 and 更新文字中的数字 through the real widgets of the window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from uihelpers import press, select, send_text, show_table, type_into

from app.core.drafting import draft
from app.ui.drafting_dialog import DraftDialog, UpdateDialog, from_qt, insertion, to_qt
from app.ui.text_page import TextPage
from app.ui.window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


def text_rules(window: MainWindow, key: str = "text.overview") -> list[str]:
    return [f.message for f in window.session.findings_for(key) if f.rule == "text_vs_table"]


def open_page(window: MainWindow, key: str) -> TextPage:
    window.show_section(key)
    page = window.text_page(key)
    page.editor.setFocus()
    QApplication.processEvents()
    return page


def clear(page: TextPage) -> None:
    page.editor.selectAll()
    press(page.editor, Qt.Key.Key_Delete)


def insert_through_dialog(page: TextPage, qtbot: Any) -> DraftDialog:
    qtbot.mouseClick(page.drafting.insert_button, LEFT)
    dialog = page.drafting.dialog
    assert isinstance(dialog, DraftDialog) and dialog.isVisible()
    return dialog


def set_cell(window: MainWindow, key: str, text: str) -> None:
    view = show_table(window, key.split(".")[0])
    select(view, key)
    type_into(view, text)
    press(view.editor_widget(), Qt.Key.Key_Return)


def test_insert_into_an_empty_overview_is_accepted_by_the_rules(
    window: MainWindow, qtbot: Any
) -> None:
    page = open_page(window, "text.overview")
    clear(page)
    assert window.doc.texts["text.overview"] == ""
    dialog = insert_through_dialog(page, qtbot)
    assert not dialog.blank_note.isVisibleTo(dialog)  # the sample has every cell filled
    expected = draft(window.doc, "text.overview")
    assert dialog.preview.toPlainText() == expected
    assert "本年度共收到政府信息公开申请13件，其中自然人13件" in expected
    qtbot.mouseClick(dialog.insert_button, LEFT)
    assert window.doc.texts["text.overview"] == expected
    assert page.editor.toPlainText() == expected
    assert window.session.findings_for("text.overview") == []  # no warning of any rule
    assert not page.drafting.offer.isVisibleTo(page)
    # one undo step, not merged with the Delete before it
    press(page.editor, Qt.Key.Key_Z, CTRL)
    assert window.doc.texts["text.overview"] == ""
    press(page.editor, Qt.Key.Key_Y, CTRL)
    assert window.doc.texts["text.overview"] == expected


def test_unticked_sentences_are_left_out(window: MainWindow, qtbot: Any) -> None:
    page = open_page(window, "text.overview")
    clear(page)
    dialog = insert_through_dialog(page, qtbot)
    for box in dialog.boxes[:2]:
        box.setChecked(False)
    assert (
        dialog.preview.toPlainText() == "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    )
    dialog.boxes[2].setChecked(False)
    assert not dialog.insert_button.isEnabled()
    qtbot.mouseClick(dialog.findChildren(type(dialog.insert_button))[-1], LEFT)  # 取消
    assert window.doc.texts["text.overview"] == ""


def test_insert_at_the_cursor_after_typing_is_its_own_undo_step(
    window: MainWindow, qtbot: Any
) -> None:
    page = open_page(window, "text.other")
    clear(page)
    send_text(page.editor, "一、本机关")  # typing merges into one step…
    dialog = insert_through_dialog(page, qtbot)
    send_text(dialog.fee_yuan, "200")
    send_text(dialog.fee_count, "2")
    assert dialog.preview.toPlainText() == "本年度共收取信息处理费200元，涉及政府信息公开申请2件。"
    qtbot.mouseClick(dialog.insert_button, LEFT)
    text = window.doc.texts["text.other"]
    assert text == "一、本机关\n本年度共收取信息处理费200元，涉及政府信息公开申请2件。"
    assert page.editor.textCursor().position() == len(text)
    press(page.editor, Qt.Key.Key_Z, CTRL)  # …the insertion is undone alone
    assert window.doc.texts["text.other"] == "一、本机关"


def test_a_fee_that_is_not_a_number_is_said_and_left_out(window: MainWindow, qtbot: Any) -> None:
    window.session.set_values({"t4.review.pending": None, "t2.fees.amount": None})
    page = open_page(window, "text.other")
    dialog = insert_through_dialog(page, qtbot)
    assert dialog.blank_note.isVisibleTo(dialog) and "2 个单元格未填写" in dialog.blank_note.text()
    send_text(dialog.fee_yuan, "二百")
    assert "「二百」不是金额" in dialog.fee_note.text()
    assert dialog.preview.toPlainText() == "本年度未收取信息处理费。"
    dialog.reject()


def test_sections_without_standard_sentences_have_no_button(window: MainWindow) -> None:
    page = open_page(window, "text.problems")
    assert not page.drafting.insert_button.isVisibleTo(page)
    assert open_page(window, "text.overview").drafting.insert_button.isVisibleTo(page)


def test_after_table_three_changes_the_update_fixes_exactly_the_affected_figures(
    window: MainWindow, qtbot: Any
) -> None:
    page = open_page(window, "text.overview")
    clear(page)
    qtbot.mouseClick(insert_through_dialog(page, qtbot).insert_button, LEFT)
    before = window.doc.texts["text.overview"]
    set_cell(window, "t3.new.commercial", "2")
    set_cell(window, "t3.granted.commercial", "2")
    assert len(text_rules(window)) == 3  # the rule warns: 收到, 办结, 予以公开
    page = open_page(window, "text.overview")
    assert page.drafting.offer.isVisibleTo(page)
    assert "3 处数字与表格不一致" in page.drafting.offer_text.text()
    assert window.doc.texts["text.overview"] == before  # nothing rewritten on its own
    qtbot.mouseClick(page.drafting.update_button, LEFT)
    dialog = page.drafting.dialog
    assert isinstance(dialog, UpdateDialog)
    rows = [
        [dialog.list.topLevelItem(i).text(c) for c in range(2)]  # type: ignore[union-attr]
        for i in range(dialog.list.topLevelItemCount())
    ]
    assert rows == [
        ["本年度共收到政府信息公开申请13件", "本年度共收到政府信息公开申请15件"],
        ["办结政府信息公开申请13件", "办结政府信息公开申请15件"],
        ["予以公开3件", "予以公开5件"],
    ]
    # the preview shows the one paragraph that changes: old figures struck out, new in bold
    shown = dialog.preview.toPlainText()
    assert (
        shown.startswith("本年度共收到政府信息公开申请1315件，其中自然人13件。")
        and "\n" not in shown
    )
    assert "<s" in dialog.preview.toHtml() or "line-through" in dialog.preview.toHtml()
    qtbot.mouseClick(dialog.update_button, LEFT)
    after = window.doc.texts["text.overview"]
    assert after == before.replace("申请13件", "申请15件").replace("予以公开3件", "予以公开5件")
    assert text_rules(window) == []
    assert not page.drafting.offer.isVisibleTo(page)
    press(page.editor, Qt.Key.Key_Z, CTRL)  # one undo step brings the old figures back
    assert window.doc.texts["text.overview"] == before


def test_an_unticked_change_is_not_made(window: MainWindow, qtbot: Any) -> None:
    page = open_page(window, "text.overview")
    original = window.doc.texts["text.overview"]  # the sample: 「受理政府信息公开申请 13 件」
    set_cell(window, "t3.new.natural", "14")
    set_cell(window, "t3.granted.natural", "4")
    page = open_page(window, "text.overview")
    qtbot.mouseClick(page.drafting.update_button, LEFT)
    dialog = page.drafting.dialog
    assert isinstance(dialog, UpdateDialog) and dialog.list.topLevelItemCount() == 1
    dialog.list.topLevelItem(0).setCheckState(0, Qt.CheckState.Unchecked)  # type: ignore[union-attr]
    assert not dialog.update_button.isEnabled()
    dialog.reject()
    assert window.doc.texts["text.overview"] == original
    qtbot.mouseClick(page.drafting.update_button, LEFT)
    dialog = page.drafting.dialog
    assert isinstance(dialog, UpdateDialog)
    qtbot.mouseClick(dialog.update_button, LEFT)
    assert "受理政府信息公开申请 14 件" in window.doc.texts["text.overview"]


def test_slips_are_marked_in_the_editor_while_typing(window: MainWindow) -> None:
    page = open_page(window, "text.problems")
    clear(page)
    send_text(page.editor, "加强资金资金管理,提高能力。")
    selections = page.editor.extraSelections()
    marked = [s.cursor.selectedText() for s in selections]
    assert marked == ["资金资金", ","]
    assert "「资金」疑似重复输入" in page.findings.text()


def test_insertion_as_paragraphs_of_their_own() -> None:
    assert insertion("", 0, "甲。") == ("甲。", 2)
    assert insertion("前文。后文。", 3, "甲。") == ("前文。\n甲。\n后文。", 6)
    assert insertion("前文。\n", 4, "甲。") == ("前文。\n甲。", 6)


def test_slips_after_a_character_outside_the_bmp_are_marked_in_place(window: MainWindow) -> None:
    page = open_page(window, "text.problems")
    clear(page)
    send_text(page.editor, "𠀀村加强资金资金管理。")
    (sel,) = page.editor.extraSelections()
    assert sel.cursor.selectedText() == "资金资金"
    text = "𠀀村甲"
    assert to_qt(text, 2) == 3 and from_qt(text, 3) == 2 and from_qt(text, to_qt(text, 3)) == 3
