"""The import report dialog: summary first, grouped copyable details, never taller than the screen."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication

from app.ui.import_dialog import ImportReportDialog
from app.ui.main import create_window

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def wps_with_notes(folder: Path) -> Path:
    """A WPS workbook whose clerk wrote 「件」 after every count of 表三 (one note each)."""
    import openpyxl

    wb = openpyxl.load_workbook(FIXTURES / "f03_wps_text_numbers.xlsx")
    ws = wb["WpsSheet"]
    for row in ws.iter_rows(min_row=23, max_row=47, min_col=4, max_col=9):
        for cell in row:
            if isinstance(cell.value, str) and re.fullmatch(r"[1-9]\d*", cell.value):
                cell.value = f"{cell.value}件"
    ws["J23"] = "150"  # and one wrong total
    out = folder / "宁陵县市场监督管理局2023年报.xlsx"
    wb.save(out)
    return out


def test_import_report_is_a_dialog_that_fits_the_screen(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import dialogs

    path = wps_with_notes(tmp_path)
    shown: list[ImportReportDialog] = []
    monkeypatch.setattr(dialogs, "headless", lambda: False)
    monkeypatch.setattr(ImportReportDialog, "exec", lambda self: shown.append(self) or 0)
    w = create_window(None)
    qtbot.addWidget(w)
    assert w.new_from_last_year(str(path))
    (dlg,) = shown
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    area = dlg.screen().availableGeometry()
    assert dlg.frameGeometry().height() <= area.height()
    assert dlg.details.verticalScrollBar().maximum() > 0  # the details scroll
    assert dlg.details.isReadOnly()
    summary = dlg.summary.text()
    assert summary.startswith("从「宁陵县市场监督管理局2023年报.xlsx」读入了表二、表三、表四")
    assert re.search(r"\d{2} 个数值是按假设读入的", summary)
    assert (
        "文件中有 1 个合计与分项不符，已按分项重新计算：表三「一、本年新收政府信息公开申请数量」行"
        "「总计」列。" in summary
    )
    assert "已据此新建 2024 年度报告" in summary
    text = dlg.details.toPlainText()
    assert text.index("【文件中的合计有误") < text.index("【按假设读入")
    assert "「120件」读作 120" in text
    dlg.copy_button.click()
    assert "「120件」读作 120" in QGuiApplication.clipboard().text()
    # the findings stay in the problems list
    w.problems.rebuild()
    listed = [i.text(0) for i in w.problems.items()]
    assert sum("读作" in t for t in listed) >= 40
    w.extra_dirty = False


def test_import_dialog_small_screen_height_cap(qtbot: Any, tmp_path: Path) -> None:
    from app.io.files import read_document

    _doc, report = read_document(wps_with_notes(tmp_path))
    report.findings *= 5  # a very long report
    dlg = ImportReportDialog(None, "导入报告", report)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    assert dlg.height() <= dlg.screen().availableGeometry().height() - 40


def test_opening_someone_elses_workbook_shows_its_import_report(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from uihelpers import Dialogs

    from app.ui import dialogs
    from app.ui.guidance import OPEN_AS_IS

    path = wps_with_notes(tmp_path)
    recorded = Dialogs(monkeypatch, answer=OPEN_AS_IS)  # (a 2023 report: not as last year's)
    monkeypatch.setattr(dialogs, "open_file_name", lambda *a, **k: str(path))
    w = create_window(None)
    qtbot.addWidget(w)
    w.file_open()
    assert w.doc.agency == "宁陵县市场监督管理局" and w.path is None
    title, text = recorded.informed[-1]
    assert title == "导入报告" and "「120件」读作 120" in text and "原文件不会被覆盖" in text
    w.extra_dirty = False
