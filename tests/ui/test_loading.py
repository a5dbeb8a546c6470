"""Files are read off the GUI thread, with 取消; every failure of a file action in the window
is one sentence, with the technical detail in the log file."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QProgressDialog, QPushButton
from uihelpers import Dialogs

import app.io.files as files
from app.resources import sample_path
from app.ui import dialogs as dialogs_module
from app.ui import loading
from app.ui.window import MainWindow


def _slow_reader(monkeypatch: pytest.MonkeyPatch, release: threading.Event) -> None:
    original = files.read_document

    def slow(path: Any) -> Any:
        release.wait(10)
        return original(sample_path())

    monkeypatch.setattr(files, "read_document", slow)


def test_the_window_keeps_running_while_a_file_is_read(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    release = threading.Event()
    _slow_reader(monkeypatch, release)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    QTimer.singleShot(400, release.set)
    path = tmp_path / "r.json"
    path.write_bytes(sample_path().read_bytes())
    assert window.open_path(str(path))
    timer.stop()
    assert len(ticks) >= 8  # the event loop ran all along (a blocked GUI gets none)
    assert window.path == str(path.resolve())


def test_no_other_action_starts_while_a_file_is_read(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    release = threading.Event()
    _slow_reader(monkeypatch, release)
    other = QLineEdit()
    other.show()
    typed: list[str] = []

    def type_into_it() -> None:
        QTest.keyClicks(other, "abc")
        typed.append(other.text())
        release.set()

    QTimer.singleShot(100, type_into_it)
    path = tmp_path / "r.json"
    path.write_bytes(sample_path().read_bytes())
    assert window.open_path(str(path))
    assert typed == [""]  # the keys did not get through while the file was read
    QTest.keyClicks(other, "abc")
    assert other.text() == "abc"  # and do afterwards


def test_cancel_returns_at_once_and_keeps_the_document(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    release = threading.Event()
    _slow_reader(monkeypatch, release)
    monkeypatch.setattr(dialogs_module, "headless", lambda: False)
    monkeypatch.setattr(loading, "SHOW_AFTER_MS", 0)
    seen: list[str] = []

    def press_cancel() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QProgressDialog) and w.isVisible():
                seen.append(w.labelText())
                (button,) = [b for b in w.findChildren(QPushButton) if b.text() == "取消"]
                QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # as the user does
                return
        QTimer.singleShot(20, press_cancel)

    QTimer.singleShot(50, press_cancel)
    before = window.doc
    start = time.monotonic()
    assert not window.open_path(str(tmp_path / "big.xlsx"))
    assert time.monotonic() - start < 3
    release.set()
    assert seen and "正在读取「big.xlsx」" in seen[0]
    assert window.doc is before
    assert "已取消" in window.statusBar().currentMessage()


def test_an_unexpected_reader_failure_is_one_sentence_and_logged(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, _data_dir: Path
) -> None:
    dialogs = Dialogs(monkeypatch)

    def broken(path: Any) -> Any:
        raise IndexError("list index out of range")

    monkeypatch.setattr(files, "read_document", broken)
    assert not window.open_path(str(tmp_path / "x.xlsx"))
    title, text = dialogs.informed[-1]
    assert title == "无法打开文件"
    assert "程序出错" in text and "IndexError" not in text and "\n" not in text
    assert "IndexError: list index out of range" in (_data_dir / "logs" / "nianbao.log").read_text(
        encoding="utf-8"
    )


def test_an_unexpected_save_failure_keeps_the_work_and_says_so(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dialogs = Dialogs(monkeypatch)

    def broken(doc: Any, path: Any) -> None:
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(files, "write_document", broken)
    window.session.set_values({"t3.new.natural": 3})
    assert not window.save_to(str(tmp_path / "r.xlsx"))
    assert window.isWindowModified()
    title, text = dialogs.informed[-1]
    assert title == "保存失败" and "程序出错" in text and "未保存的修改没有丢失" in text
    assert "surrogates" not in text


def test_an_unexpected_pdf_failure_is_reported(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import printing

    dialogs = Dialogs(monkeypatch)
    monkeypatch.setattr(printing, "export_pdf", lambda *a: 1 / 0)
    assert not window.export_pdf()
    assert dialogs.informed[-1][0] == "导出 PDF失败"


def test_an_unexpected_failure_while_restoring_is_one_sentence(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, _recovery_dir: Path
) -> None:
    from app.io.jsonfile import read_json
    from app.io.recovery import RecoveryStore
    from app.ui.main import create_window

    RecoveryStore(_recovery_dir).write("1-999999", read_json(sample_path()), None, "x")
    monkeypatch.setattr(RecoveryStore, "load", lambda self, entry: {}["document"])
    dialogs = Dialogs(monkeypatch)
    w = create_window(None, recover=True)
    qtbot.addWidget(w)
    title, text = dialogs.informed[-1]
    assert title == "无法恢复" and "程序出错" in text and "KeyError" not in text
    w.maybe_save = lambda: True  # type: ignore[method-assign]
