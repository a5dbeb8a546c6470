"""The start page: shown when no report is open; three choices, recent files, the sample."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from uihelpers import Dialogs, press

from app.resources import sample_path
from app.ui.main import application, create_window
from app.ui.start_page import BLANK, FROM_LAST, OPEN, StartPage
from app.ui.window import MainWindow


@pytest.fixture
def started(qtbot: Any, tmp_path: Path) -> Any:
    report = tmp_path / "本镇2024年报.json"
    shutil.copy(sample_path(), report)
    application()  # (QSettings needs the program's name first)
    QSettings().setValue("recent", [str(report)])
    w = create_window(None, start=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    if w.session is not None:
        w.extra_dirty = False
        w.session.undo_stack.setClean()
    QSettings().remove("recent")


def test_start_page_offers_three_choices_recent_files_and_the_sample(
    started: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = started
    page = w.start_page
    assert isinstance(page, StartPage) and page.isVisible()
    assert not w.problems.isVisible()
    assert w.session is None and w.windowTitle() == "年报助手"
    assert list(page.buttons) == [FROM_LAST, BLANK, OPEN]
    assert "推荐" in page.buttons[FROM_LAST].text()
    assert page.buttons[FROM_LAST].hasFocus()
    assert not w.act_save.isEnabled() and not w.act_print.isEnabled()
    assert page.recent.item(0).text().startswith("本镇2024年报.json")
    # the sample, behind its link
    page.sample.linkActivated.emit("sample")
    assert w.session is not None and w.doc.agency == "克井镇人民政府"
    assert not page.isVisible() and w.splitter.isVisible() and w.act_save.isEnabled()
    assert w.problems.isVisible()  # hidden on the start page, back with a report


def test_blank_report_from_the_start_page_then_close_returns_to_it(
    started: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = started
    page = w.start_page
    assert isinstance(page, StartPage)
    page.buttons[BLANK].click()
    assert w.session is not None and w.doc.agency == ""
    assert w.stack.currentWidget() is w.meta_page
    # 文件 → 关闭: unsaved work is asked about first (取消 keeps the report)
    dialogs = Dialogs(monkeypatch, answer="取消")
    w.session.set_values({"t3.new.natural": 1})
    assert not w.file_close()
    assert w.session is not None
    dialogs.answer = "不保存(&N)"
    assert w.act_close.isEnabled()
    w.act_close.trigger()
    assert w.session is None and page.isVisible()
    assert w.problems.tree.topLevelItemCount() == 0
    assert not w.isWindowModified()


def test_recent_file_and_from_last_year_buttons(
    started: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = started
    page = w.start_page
    assert isinstance(page, StartPage)
    Dialogs(monkeypatch, answer="仍然打开此报告")
    item = page.recent.item(0)
    page.recent.setCurrentItem(item)
    page.recent.setFocus()
    press(page.recent, Qt.Key.Key_Return)
    assert w.session is not None and w.path is not None and w.path.endswith("本镇2024年报.json")
    w.file_close()
    asked: list[str] = []
    from app.ui import dialogs

    monkeypatch.setattr(
        dialogs, "open_file_name", lambda *a, **k: asked.append(a[1]) or str(sample_path())
    )
    page.buttons[FROM_LAST].click()
    QApplication.processEvents()
    assert asked == ["选择上年的年度报告文件"]
    assert w.doc.year == 2024 and w.doc.last_year.year == 2023


def test_readme_start_command_still_opens_the_sample(qtbot: Any) -> None:
    w = create_window(None)  # python -m app, as scripts/start.sh runs it
    qtbot.addWidget(w)
    assert w.session is not None and w.doc.agency == "克井镇人民政府"
    assert w.start_page is None  # not even imported for it


def test_start_page_from_the_command_line() -> None:
    from app.cli import _parser

    assert _parser().parse_args(["--start-page"]).start_page


def test_installed_program_starts_on_the_start_page(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from app.ui.main import wants_start_page

    assert not wants_start_page([])  # python -m app, scripts/start.sh: the sample
    assert wants_start_page(["--start-page"])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert wants_start_page([])
    assert not wants_start_page(["报告.xlsx"])
