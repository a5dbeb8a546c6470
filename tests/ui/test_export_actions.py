"""文件 → 导出 Word / 导出网页 / 复制为网页格式, driven through the window's menu."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtGui import QGuiApplication
from uihelpers import Dialogs

from app.form import FORM
from app.ui import dialogs
from app.ui.window import MainWindow


def file_menu_texts(window: MainWindow) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [a.text() for a in menu.actions()]  # type: ignore[union-attr]


def test_menu_has_the_new_exports_after_pdf(window: MainWindow) -> None:
    texts = file_menu_texts(window)
    i = texts.index(window.act_pdf.text())
    assert texts[i + 1 : i + 4] == ["导出 Word(&W)…", "导出网页(&H)…", "复制为网页格式(&B)"]


@pytest.mark.parametrize(("action", "suffix"), [("act_word", ".docx"), ("act_web", ".html")])
def test_export_proposes_the_official_name_and_writes(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, action: str, suffix: str
) -> None:
    asked: list[str] = []
    target = tmp_path / "out"

    def save(parent: Any, caption: str, default: str, pattern: str, path: Any = None) -> str:
        asked.append(default)
        return str(target)

    monkeypatch.setattr(dialogs, "save_file_name", save)
    getattr(window, action).trigger()
    doc = window.doc
    assert Path(asked[0]).name == f"{doc.agency}{doc.year}年政府信息公开工作年度报告{suffix}"
    written = target.with_suffix(suffix)
    assert written.exists()
    if suffix == ".docx":
        word = docx.Document(io.BytesIO(written.read_bytes()))
        assert len(word.tables) == 3
    else:
        assert FORM.title(doc.agency, doc.year) in written.read_text("utf-8")


def test_errors_first_and_back_means_nothing_written(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    recorder = Dialogs(monkeypatch)  # answers with the default: 返回修改
    called: list[str] = []
    monkeypatch.setattr(dialogs, "save_file_name", lambda *a, **k: called.append("asked") or "")
    window.session.set_values({"t3.new.natural": 14})
    window.act_word.trigger()
    assert recorder.asked and "错误" in recorder.asked[0][1]
    assert called == []


def test_copy_as_web_page_puts_html_and_text(window: MainWindow) -> None:
    window.act_copy_web.trigger()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.hasText()
    html = mime.html()
    assert "<table" in html and 'rowspan="' in html and "三、<br>本年度<br>办理<br>结果" in html
    text = mime.text()
    assert text.startswith(FORM.title(window.doc.agency, window.doc.year))
    assert "\t" in text
