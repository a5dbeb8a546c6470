"""The first hour with the program: folders, last year's file opened by mistake, guidance."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from uihelpers import Dialogs

from app.resources import sample_path
from app.ui.guidance import NEW_FROM_OLD, OPEN_AS_IS, reporting_year
from app.ui.main import application, create_window
from app.ui.window import MainWindow


@pytest.fixture
def fresh(qtbot: Any) -> Any:
    application()  # (QSettings needs the program's name first)
    QSettings().remove("last_folder")
    QSettings().remove("recent")
    w = create_window(None)
    qtbot.addWidget(w)
    yield w
    w.extra_dirty = False
    if w.session is not None:
        w.session.undo_stack.setClean()


class FileDialogs:
    """Records the folder each file dialog starts in and answers with ``answer``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: str = "") -> None:
        from app.ui import dialogs

        self.answer = answer
        self.started_in: list[str] = []
        monkeypatch.setattr(dialogs, "open_file_name", self.open)
        monkeypatch.setattr(dialogs, "save_file_name", self.save)

    def open(self, parent: Any, caption: str, filter: str, directory: str = "", **kw: Any) -> str:
        self.started_in.append(directory)
        return self.answer

    def save(self, parent: Any, caption: str, default: str, filter: str, **kw: Any) -> str:
        self.started_in.append(str(Path(default).parent))
        return self.answer


def test_dialogs_start_in_documents_then_in_the_last_folder(
    fresh: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    files = FileDialogs(monkeypatch)
    fresh.file_open()
    fresh.file_from_last_year()
    assert files.started_in == [docs, docs]
    # saved elsewhere: 打开 and 从上年报告新建 start there
    elsewhere = tmp_path / "2024年报"
    elsewhere.mkdir()
    assert fresh.save_to(str(elsewhere / "本年.xlsx"))
    fresh.file_open()
    fresh.file_from_last_year()
    assert files.started_in[2:] == [str(elsewhere.resolve())] * 2
    # last year's file chosen in a third folder: the next dialog starts there
    third = tmp_path / "上年"
    third.mkdir()
    last = third / "2023.json"
    shutil.copy(sample_path(), last)
    files.answer = str(last)
    fresh.file_from_last_year()
    assert fresh.doc.year == 2024
    files.answer = ""
    fresh.extra_dirty = False  # (the new report is unsaved: 打开 would ask first)
    fresh.file_open()
    assert files.started_in[-1] == str(third.resolve())


def test_opening_an_earlier_years_report_offers_this_years(
    fresh: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    last = tmp_path / "克井镇2023年报.json"
    shutil.copy(sample_path(), last)
    FileDialogs(monkeypatch, answer=str(last))
    asked = Dialogs(monkeypatch, answer=NEW_FROM_OLD)
    fresh.file_open()
    _title, text, buttons = asked.asked[-1]
    assert buttons == [NEW_FROM_OLD, OPEN_AS_IS] and "2023 年度的报告" in text
    assert fresh.doc.year == 2024 and fresh.path is None  # last year's file is left alone
    assert (
        fresh.doc.values["t3.carried.total"] == fresh.doc.last_year.values["t3.carry_forward.total"]
    )
    # 仍然打开: the old report itself
    asked.answer = OPEN_AS_IS
    fresh.extra_dirty = False
    fresh.file_open()
    assert fresh.doc.year == 2023 and fresh.path == str(last.resolve())


def test_reporting_year() -> None:
    assert reporting_year(date(2027, 1, 15)) == 2026
    assert reporting_year(date(2026, 11, 30)) == 2026
    assert reporting_year(date(2026, 6, 1)) == 2025
