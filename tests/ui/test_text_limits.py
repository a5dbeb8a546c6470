"""Texts in the window: the length limit holds at input, and a file with half an emoji in
it opens, saves in every format and gets its recovery copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from app.core.limits import MAX_TEXT_CHARS
from app.io.files import read_document
from app.io.jsonfile import dumps, read_json
from app.resources import sample_path
from app.ui.window import MainWindow


def test_a_paste_beyond_the_limit_is_refused_and_says_why(window: MainWindow) -> None:
    window.show_section("text.other")
    editor = window.text_page("text.other").editor
    before = window.doc.texts["text.other"]
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText("字" * MAX_TEXT_CHARS)  # what a paste does
    QApplication.processEvents()
    assert window.doc.texts["text.other"] == before
    assert editor.toPlainText() == before
    message = window.statusBar().currentMessage()
    assert "六、其他需要报告的事项" in message and "50000" in message and "没有生效" in message
    editor.insertPlainText("又一句。")  # ordinary typing goes on
    QApplication.processEvents()
    assert window.doc.texts["text.other"].endswith("又一句。")


def test_half_an_emoji_in_a_file_never_stops_saving(
    window: MainWindow, tmp_path: Path, _recovery_dir: Path, qtbot: Any
) -> None:
    doc = read_json(sample_path())
    text = dumps(doc).replace('"text.other": "', '"text.other": "\\ud83d', 1)
    src = tmp_path / "half.json"
    src.write_text(text, encoding="utf-8")
    assert window.open_path(str(src))
    assert window.doc.texts["text.other"].startswith("\ufffd")
    window.session.set_values({"t3.new.natural": 77})
    window.write_recovery(wait=True)
    assert not window.recovery.banner.isVisible()
    assert any(_recovery_dir.glob("*.recovery.json"))
    for name in ("out.xlsx", "out.json"):
        assert window.save_to(str(tmp_path / name))
        back, _ = read_document(tmp_path / name)
        assert back.values["t3.new.natural"] == 77
        assert back.texts["text.other"] == window.doc.texts["text.other"]
