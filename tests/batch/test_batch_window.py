"""The 批量检查 window driven like a user: the list fills in, sorts, filters, opens a
report at its first problem, exports the workbook, cancels, and sums into the main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from batchfolder import Folder, make_reports
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.ui.batch_window import COLUMNS, FILTERS, BatchWindow
from app.ui.main import create_window
from app.ui.window import DISCARD, MainWindow

COL = {name: i for i, name in enumerate(COLUMNS)}


@pytest.fixture
def main(qtbot: Any) -> Iterator[MainWindow]:
    w = create_window(None)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.maybe_save = lambda: True  # type: ignore[method-assign]
    batch = getattr(w, "_batch", None)
    if batch is not None:
        batch.close()
    w.close()
    w.deleteLater()


def read_all(qtbot: Any, main: MainWindow, names: list[str]) -> BatchWindow:
    batch = main.batch_window()
    qtbot.waitExposed(batch)
    with qtbot.waitSignal(batch.batchFinished, timeout=30000):
        batch.start(names)
    return batch


def texts(batch: BatchWindow, column: str) -> list[str]:
    p = batch.proxy
    return [p.index(r, COL[column]).data() for r in range(p.rowCount())]


def row_of(batch: BatchWindow, name: str) -> int:
    return texts(batch, "文件").index(name)


def test_list_sort_filter_and_open(
    qtbot: Any, qtmodeltester: Any, main: MainWindow, batch_folder: Folder
) -> None:
    batch = read_all(qtbot, main, [str(batch_folder.path)])
    qtmodeltester.check(batch.proxy)
    assert batch.proxy.rowCount() == 8
    assert batch.progress.value() == 8
    assert batch.summary.text() == "共 8 个文件：1 个有错误，1 个无法读取，6 个没有错误。"
    bad = row_of(batch, batch_folder.unreadable.name)
    assert texts(batch, "状态")[bad] == "无法读取"
    assert texts(batch, "第一个问题")[bad]  # the reason, in words
    dup = row_of(batch, batch_folder.duplicate.name)
    assert "同一机关「第1镇人民政府」还有一份报告" in texts(batch, "跨报告提示")[dup]
    old = row_of(batch, batch_folder.other_year.name)
    assert texts(batch, "年度")[old] == "2022"

    # sort by the number of errors, most first (numbers, not text)
    batch.view.horizontalHeader().setSortIndicator(COL["错误"], Qt.SortOrder.DescendingOrder)
    errors = [int(t) for t in texts(batch, "错误") if t]
    assert errors == sorted(errors, reverse=True) and errors[0] > 0
    assert texts(batch, "文件")[0] == batch_folder.workbook.name

    batch.kind.setCurrentText(FILTERS[3])  # 无法读取
    assert texts(batch, "文件") == [batch_folder.unreadable.name]
    batch.kind.setCurrentText(FILTERS[4])  # 跨报告提示
    assert set(texts(batch, "文件")) == {
        batch_folder.good[0].name,
        batch_folder.duplicate.name,
        batch_folder.other_year.name,
    }
    batch.kind.setCurrentText(FILTERS[0])
    batch.search.setText("第2镇")  # as typed through the input method
    assert texts(batch, "机关名称") == ["第2镇人民政府"]
    batch.search.clear()

    # an unreadable file says why and opens nothing
    before = main.path
    batch.open_index(batch.proxy.index(row_of(batch, batch_folder.unreadable.name), 0))
    assert "无法读取" in batch.summary.text() and main.path == before

    # double-click: the report opens in the main window at its first problem
    row = row_of(batch, batch_folder.workbook.name)
    rect = batch.view.visualRect(batch.proxy.index(row, 0))
    QTest.mouseClick(batch.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(batch.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert main.doc.agency == "宁陵县市场监督管理局"
    first = next(f for f in main.findings() if f.severity.value == "error")
    assert main.stack.currentIndex() == main._row_of(first.keys[0])
    assert first.message in main.statusBar().currentMessage()


def test_export(qtbot: Any, main: MainWindow, batch_folder: Folder, tmp_path: Path) -> None:
    batch = read_all(qtbot, main, [str(batch_folder.path)])
    out = tmp_path / "检查结果"
    assert batch.export(str(out))
    wb = openpyxl.load_workbook(f"{out}.xlsx")
    assert wb.sheetnames == ["汇总", "问题明细"]
    assert wb["汇总"].max_row == 9
    assert "检查结果已导出" in batch.summary.text()


def test_cancel_stops_between_files(
    qtbot: Any, main: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from app.io import batch as batch_io

    real = batch_io.review_file

    def slow(path: str) -> Any:  # a big workbook takes this long
        time.sleep(0.02)
        return real(path)

    monkeypatch.setattr(batch_io, "review_file", slow)
    make_reports(tmp_path, 40)
    batch = main.batch_window()
    with qtbot.waitSignal(batch.batchFinished, timeout=30000) as blocker:
        batch.start([str(tmp_path)])
        assert batch.btn_cancel.isEnabled() and not batch.btn_export.isEnabled()
        qtbot.waitUntil(lambda: batch.model.rowCount() >= 2, timeout=10000)
        batch.btn_cancel.click()
    assert blocker.args == [False]
    assert 2 <= batch.model.rowCount() < 40
    assert batch.summary.text().startswith("已取消")
    assert not batch.btn_cancel.isEnabled()

    batch.start([str(tmp_path)])  # closing the window while it reads stops the reading
    qtbot.waitUntil(lambda: batch.model.rowCount() >= 1, timeout=10000)
    batch.close()
    assert not batch.running() and batch.model.rowCount() < 40


def test_sum_into_the_main_window(
    qtbot: Any, main: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import dialogs

    files = make_reports(tmp_path, 4)
    batch = read_all(qtbot, main, [str(tmp_path)])
    batch.parent_box.setCurrentIndex(batch.parent_box.findData(str(files[0])))
    assert batch.sum_reports()
    doc = main.doc
    assert [i.file for i in doc.included] == [f.name for f in files[1:]]
    assert main.is_modified() and main.path is None
    dock = main._included
    assert dock.isVisible() or dock.isVisibleTo(main)
    assert dock.table.rowCount() == 3
    assert dock.table.item(0, 2).text() == files[1].name
    diffs = [f for f in main.findings() if f.rule == "sum.parent_differs"]
    assert diffs and all(f.severity.value == "warning" for f in diffs)
    assert "与本级报告" in main.statusBar().currentMessage()

    # a report with errors is summed only after confirmation
    from app.io.jsonfile import read_json, write_json

    wrong = read_json(files[1])
    wrong.set("t3.granted.natural", wrong.number("t3.granted.natural") + 1)
    write_json(wrong, files[1])
    batch = read_all(qtbot, main, [str(tmp_path)])
    asked: list[str] = []

    def answer(parent: Any, title: str, text: str, buttons: Any, default: Any, **kw: Any) -> str:
        asked.append(text)
        return "取消"

    monkeypatch.setattr(dialogs, "ask", answer)
    assert not batch.sum_reports()
    assert asked == [f"1 份报告有错误（{files[1].name}），请先更正，或确认仍要汇总。"]
    monkeypatch.setattr(
        dialogs, "ask", lambda *a, **k: DISCARD if a[1] == "保存修改" else "仍然汇总"
    )
    assert batch.sum_reports()
    assert len(main.doc.included) == 4
    assert any(f.message == f"已汇总有错误的报告「{files[1].name}」" for f in main.findings())

    # saved and opened again it is still a 汇总; an ordinary report hides the list
    saved = tmp_path / "out" / "汇总.xlsx"
    saved.parent.mkdir()
    assert main.save_to(str(saved))
    assert main.open_path(str(saved))
    assert len(main.doc.included) == 4 and not dock.isHidden()
    main.open_sample()
    assert dock.isHidden()


def test_menu_actions_exist(main: MainWindow) -> None:
    names = [a.text() for a in main.menuBar().actions()[0].menu().actions()]
    assert "批量检查(&B)…" in names and "汇总下级报告(&U)…" in names


def test_browsing_the_list_asks_nothing_until_a_report_is_edited(
    qtbot: Any, main: MainWindow, batch_folder: Folder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import dialogs

    batch = read_all(qtbot, main, [str(batch_folder.path)])
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask", lambda p, title, *a, **k: asked.append(title) or "不保存")
    workbook = batch.proxy.index(row_of(batch, batch_folder.workbook.name), 0)
    other = batch.proxy.index(row_of(batch, batch_folder.good[1].name), 0)
    assert batch.open_index(workbook) is None and main.is_modified()  # imported: unsaved
    batch.open_index(other)
    assert asked == [] and main.doc.agency == "第2镇人民政府"
    batch.open_index(workbook)
    main.session.set_values({"t3.new.natural": 1})  # an edit: now it asks
    batch.open_index(other)
    assert asked == ["保存修改"]


def test_sum_in_the_window_asks_for_the_year_and_refuses_an_agency_twice(
    qtbot: Any, main: MainWindow, batch_folder: Folder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import dialogs

    batch = read_all(qtbot, main, [str(batch_folder.path)])
    asked: list[list[str]] = []
    told: list[str] = []

    def ask(parent: Any, title: str, text: str, buttons: Any, default: Any, **kw: Any) -> str:
        asked.append(list(buttons))
        return "汇总 2023 年度"

    monkeypatch.setattr(dialogs, "ask", ask)
    monkeypatch.setattr(dialogs, "inform", lambda p, title, text, **k: told.append(text))
    assert not batch.sum_reports()
    assert asked == [["汇总 2022 年度", "汇总 2023 年度", "取消"]]
    assert told and told[0].startswith("同一机关「第1镇人民政府」有两份报告")
    assert main.doc.included == ()
