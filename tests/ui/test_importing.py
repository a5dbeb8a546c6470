"""Last year's report brought into the window from every source: 打开, 从上年报告新建, a file
dropped onto the window, and report text pasted (编辑 → 粘贴上年报告文字, Ctrl+V)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication
from uihelpers import Dialogs, press, select, show_table

from app.core.document import Document
from app.io.files import READ_SUFFIXES
from app.io.jsonfile import read_json
from app.resources import sample_path
from app.ui import importing
from app.ui.main import create_window
from app.ui.window import MainWindow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SOURCES = FIXTURES / "sources"
PUBLISHED = FIXTURES / "kejing-town-2023-published.txt"
CTRL = Qt.KeyboardModifier.ControlModifier
SAMPLE = read_json(sample_path())
# One file of every kind a report is kept in (the .docx/.pdf/.ods from the document fixtures).
EVERY_KIND = [
    SOURCES / "s01_published_copy.txt",
    SOURCES / "s02_pdf_text_pdfplumber.txt",
    SOURCES / "h02_utf8_2019_headings.html",
    FIXTURES / "d03_official_layout.docx",
    FIXTURES / "p03_official_layout.pdf",
    FIXTURES / "o02_template_text.ods",
]


@pytest.fixture
def blank(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    dialogs = Dialogs(monkeypatch)
    w = create_window(None)
    qtbot.addWidget(w)
    w.file_new()
    w.show()
    qtbot.waitExposed(w)
    yield w, dialogs
    w.extra_dirty = False
    w.maybe_save = lambda: True  # type: ignore[method-assign]
    w.close()


def same_values(doc: Document, expected: Document) -> list[str]:
    return [k for k, v in expected.values.items() if v is not None and doc.values.get(k) != v]


def test_the_file_dialog_offers_every_readable_kind() -> None:
    for suffix in (*READ_SUFFIXES, ".txt"):
        assert f"*{suffix}" in importing.OPEN_FILTER.split(";;")[0]


@pytest.mark.parametrize("path", EVERY_KIND, ids=lambda p: p.name)
def test_open_reads_every_kind(blank: Any, path: Path) -> None:
    w, _ = blank
    if not path.exists():
        pytest.skip("fixture not built")
    assert w.open_path(str(path))
    assert w.path is None and w.isWindowModified()  # never overwritten in our layout
    assert w.doc.agency and w.doc.year
    assert "导入" in w.statusBar().currentMessage()


def test_new_from_last_years_published_text(blank: Any) -> None:
    w, dialogs = blank
    assert w.new_from_last_year(str(PUBLISHED))
    assert (w.doc.agency, w.doc.year) == ("克井镇人民政府", 2024)
    for col in ("natural", "commercial", "total"):
        assert w.doc.values[f"t3.carried.{col}"] == SAMPLE.values[f"t3.carry_forward.{col}"]
    text = dialogs.informed[-1][1]
    assert "机关名称「克井镇人民政府」沿用上年" in text and "已据此新建 2024 年度报告" in text


def test_without_an_agency_the_carry_over_never_claims_one(blank: Any) -> None:
    w, dialogs = blank
    assert w.new_from_last_year(str(SOURCES / "t09_no_title.txt"))
    text = dialogs.informed[-1][1]
    assert w.doc.agency == ""
    assert "沿用上年" not in text and "没有机关名称" in text
    assert w.doc.year == 2024  # from 「2023 年，…」 at the start of 一, with a warning
    assert any(f.rule == "import.meta_text_year" for f in w.session.findings)


def test_pasting_report_text_from_the_edit_menu(blank: Any) -> None:
    w, dialogs = blank
    QGuiApplication.clipboard().setText(PUBLISHED.read_text(encoding="utf-8"))
    dialogs.answer = importing.NEW_FROM
    w.act_paste_report.trigger()
    assert dialogs.asked and dialogs.asked[0][0] == importing.PASTE_TITLE
    assert "克井镇人民政府 2023 年度报告" in dialogs.asked[0][1]
    assert (w.doc.agency, w.doc.year) == ("克井镇人民政府", 2024)
    assert w.doc.last_year.values["t2.penalty.decisions"] == 65


def test_pasting_opens_as_is_when_asked(blank: Any) -> None:
    w, dialogs = blank
    dialogs.answer = importing.OPEN_AS_IS
    assert importing.import_text(w, (SOURCES / "s02_pdf_text_pdfplumber.txt").read_text("utf-8"))
    assert w.doc.year == 2023 and not same_values(w.doc, SAMPLE)


def test_pasting_nothing_or_no_report_says_so(blank: Any) -> None:
    w, dialogs = blank
    QGuiApplication.clipboard().setText("")
    w.act_paste_report.trigger()
    assert "剪贴板中没有文字" in dialogs.informed[-1][1]
    QGuiApplication.clipboard().setText("会议通知\n各科室：定于周五开会。")
    w.act_paste_report.trigger()
    assert "无法读取粘贴的文字" in dialogs.informed[-1][1]
    assert w.doc.year != 2024 and not w.doc.agency


def test_ctrl_v_of_a_report_on_an_empty_report_offers_the_import(blank: Any) -> None:
    w, dialogs = blank
    view = show_table(w, "t3")
    select(view, "t3.new.natural")
    QGuiApplication.clipboard().setText(PUBLISHED.read_text(encoding="utf-8"))
    dialogs.answer = importing.NEW_FROM
    press(view, Qt.Key.Key_V, CTRL)
    assert dialogs.asked and dialogs.asked[0][0] == importing.PASTE_TITLE
    assert w.doc.year == 2024


def test_ctrl_v_of_cells_still_pastes_into_the_grid(blank: Any) -> None:
    w, dialogs = blank
    view = show_table(w, "t3")
    select(view, "t3.new.natural")
    QGuiApplication.clipboard().setText("5\t6")
    press(view, Qt.Key.Key_V, CTRL)
    assert not dialogs.asked
    assert (w.doc.values["t3.new.natural"], w.doc.values["t3.new.commercial"]) == (5, 6)


def _drop(w: MainWindow, path: Path) -> None:
    """A file dragged in from the file manager: enter, then drop (Qt delivers a drop only
    after the enter was accepted)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPointF(50, 50), *args)
    QApplication.sendEvent(w, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(w, QDropEvent(QPointF(50, 50), *args))


def test_a_dropped_file_opens_or_starts_this_years_report(blank: Any) -> None:
    w, dialogs = blank
    _drop(w, SOURCES / "h01_cms_gbk.html")
    assert dialogs.asked[-1][0] == "打开拖入的文件"
    assert (w.doc.agency, w.doc.year) == ("宁陵县市场监督管理局", 2023)
    dialogs.answer = "作为上年报告新建本年报告"
    w.maybe_save = lambda: True  # the imported page is unsaved: not asked about here
    _drop(w, PUBLISHED)
    assert (w.doc.agency, w.doc.year) == ("克井镇人民政府", 2024)


def test_pasting_a_report_into_an_empty_text_offers_the_import(blank: Any) -> None:
    w, dialogs = blank
    w.show_section("text.overview")
    editor = w.text_page("text.overview").editor
    editor.setFocus()
    report = PUBLISHED.read_text(encoding="utf-8")
    QGuiApplication.clipboard().setText(report)
    dialogs.answer = importing.CANCEL  # declined: the text is pasted as it is
    press(editor, Qt.Key.Key_V, CTRL)
    assert dialogs.asked[-1][0] == importing.PASTE_TITLE
    assert editor.toPlainText() == report.replace("\r\n", "\n")
