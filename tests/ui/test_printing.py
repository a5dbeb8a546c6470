"""Print preview, printing to a QPrinter, PDF export and the errors-first gate (headless)."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton, QWidget
from uihelpers import Dialogs

from app.core.document import Document
from app.core.findings import Finding, Severity
from app.io.jsonfile import read_json
from app.io.pdf import render_pdf
from app.resources import sample_path
from app.ui import dialogs, printing
from app.ui.printing import PreviewDialog, export_pdf, print_document, print_preview

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = sample_path()
ERROR = Finding(
    "balance", Severity.ERROR, ("t3.new.total",), "表三·总计列：第一项+第二项=13，相差 1"
)
WARNING = Finding("blank", Severity.WARNING, (), "有未填写的单元格")


@pytest.fixture(scope="module")
def sample() -> Document:
    return read_json(SAMPLE)


@pytest.fixture(scope="module")
def sample_pages(sample: Document) -> int:
    return len(PdfReader(io.BytesIO(render_pdf(sample))).pages)


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    w = QWidget()
    qtbot.addWidget(w)
    return w


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(96)
    return printer


def test_preview_shows_every_page(
    qtbot: Any, parent: QWidget, sample: Document, sample_pages: int
) -> None:
    print_preview(parent, sample, [WARNING])
    dialog = parent.findChild(PreviewDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle().startswith("打印预览")
    assert dialog.page_count() == sample_pages
    assert dialog.view.document().pageCount() == sample_pages
    assert f"共 {sample_pages} 页" in dialog.info.text()
    assert not dialog.warning.isVisible()  # a warning is not an error
    texts = {b.text() for b in dialog.findChildren(QPushButton)}
    assert {"打印…", "导出 PDF…", "关闭"} <= texts
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_preview_flags_errors(qtbot: Any, parent: QWidget, sample: Document) -> None:
    print_preview(parent, sample, [ERROR])
    dialog = parent.findChild(PreviewDialog)
    assert dialog is not None
    assert dialog.warning.isVisible() and "1 处错误" in dialog.warning.text()
    dialog.close()


def test_preview_exports_and_prints_the_previewed_bytes(
    qtbot: Any, parent: QWidget, sample: Document, sample_pages: int, tmp_path: Path
) -> None:
    dialog = PreviewDialog(parent, sample, [], render_pdf(sample))
    qtbot.addWidget(dialog)
    assert dialog.export(str(tmp_path / "预览导出"))
    exported = tmp_path / "预览导出.pdf"  # the suffix is added
    assert exported.read_bytes() == dialog.data
    printed = tmp_path / "printed.pdf"
    assert dialog.print_(pdf_printer(printed))
    assert len(PdfReader(str(printed)).pages) == sample_pages


def test_export_writes_the_pdf(
    parent: QWidget, sample: Document, sample_pages: int, tmp_path: Path
) -> None:
    target = tmp_path / "报告.pdf"
    assert export_pdf(parent, sample, [WARNING], str(target))
    reader = PdfReader(str(target))
    assert len(reader.pages) == sample_pages
    assert "克井镇人民政府" in reader.pages[0].extract_text()


def test_export_without_path_headless_is_a_cancel(
    parent: QWidget, sample: Document, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="app.ui"):
        assert not export_pdf(parent, sample, [])
    assert any("导出 PDF" in r.getMessage() for r in caplog.records)


def test_default_export_name_is_the_report_title(parent: QWidget, sample: Document) -> None:
    name = Path(printing.default_pdf_path(parent, sample)).name
    assert name == "克井镇人民政府2023年政府信息公开工作年度报告.pdf"


def test_print_to_pdf_printer_sends_every_page(
    parent: QWidget, sample: Document, sample_pages: int, tmp_path: Path
) -> None:
    out = tmp_path / "printed.pdf"
    assert print_document(parent, sample, [WARNING], printer=pdf_printer(out))
    reader = PdfReader(str(out))
    assert len(reader.pages) == sample_pages
    for page in reader.pages:  # one A4 page per sheet
        assert abs(float(page.mediabox.width) - 595.3) < 2
        assert abs(float(page.mediabox.height) - 841.9) < 2


def test_errors_first_back_to_editing(
    monkeypatch: pytest.MonkeyPatch, parent: QWidget, sample: Document, tmp_path: Path
) -> None:
    answers = Dialogs(monkeypatch, "返回修改")
    out = tmp_path / "printed.pdf"
    assert not print_document(parent, sample, [WARNING, ERROR], printer=pdf_printer(out))
    assert not out.exists()
    _title, text, buttons = answers.asked[-1]
    assert buttons == ["返回修改", "仍然打印"]
    assert "1 处错误" in text and ERROR.message in text and WARNING.message not in text
    target = tmp_path / "x.pdf"
    assert not export_pdf(parent, sample, [ERROR], str(target))
    assert answers.asked[-1][2] == ["返回修改", "仍然导出"]
    assert not target.exists()


def test_errors_first_print_anyway(
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    sample: Document,
    sample_pages: int,
    tmp_path: Path,
) -> None:
    Dialogs(monkeypatch, "仍然打印")
    out = tmp_path / "printed.pdf"
    assert print_document(parent, sample, [ERROR], printer=pdf_printer(out))
    assert len(PdfReader(str(out)).pages) == sample_pages


def test_errors_first_headless_default_is_back(
    parent: QWidget, sample: Document, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "printed.pdf"
    with caplog.at_level(logging.INFO, logger="app.ui"):
        assert not print_document(parent, sample, [ERROR], printer=pdf_printer(out))
    assert not out.exists()
    assert any("返回修改" in r.getMessage() for r in caplog.records)


def test_missing_glyph_is_shown_not_printed(
    monkeypatch: pytest.MonkeyPatch, parent: QWidget, sample: Document, tmp_path: Path
) -> None:
    answers = Dialogs(monkeypatch, "仍然导出")
    doc = sample.copy()
    doc.texts["text.problems"] += "😀"
    target = tmp_path / "x.pdf"
    assert not export_pdf(parent, doc, [], str(target))
    assert not target.exists()
    _title, text = answers.informed[-1]
    assert "😀" in text and "五、存在的主要问题及改进情况" in text
    out = tmp_path / "printed.pdf"
    assert not print_document(parent, doc, [], printer=pdf_printer(out))
    assert not out.exists()


def test_headless_dialog_helpers(caplog: pytest.LogCaptureFixture) -> None:
    assert dialogs.headless()
    with caplog.at_level(logging.INFO, logger="app.ui"):
        assert dialogs.ask(None, "标题", "问题？", ["是", "否"], "否") == "否"
        dialogs.inform(None, "提示", "第一行\n第二行", icon="warning")
        assert dialogs.save_file_name(None, "保存", "a.xlsx", "*.xlsx", path="/tmp/b.xlsx") == (
            "/tmp/b.xlsx"
        )
        assert dialogs.open_file_name(None, "打开", "*.xlsx") == ""
    messages = [r.getMessage() for r in caplog.records]
    assert any("问题？" in m and "否" in m for m in messages)
    assert any("第一行 / 第二行" in m for m in messages)
    with pytest.raises(ValueError):
        dialogs.ask(None, "标题", "问题？", ["是", "否"], "取消")


def test_copies_are_printed_when_the_driver_cannot(
    parent: QWidget, sample: Document, sample_pages: int, tmp_path: Path
) -> None:
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    printer.setCopyCount(2)
    assert not printer.supportsMultipleCopies()  # Qt's PDF output: copies are ours to make
    assert printer.copyCount() == 2
    assert printing.print_bytes(parent, render_pdf(sample), "年报", printer)
    assert len(PdfReader(str(out)).pages) == 2 * sample_pages
