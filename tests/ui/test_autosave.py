"""Recovery copies during steady work: bounded delay, written off the GUI thread, failures
shown and retried, and a window killed while a clerk types loses nothing older than the bound."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from uihelpers import send_text

from app.form import FORM
from app.ui import autosave, dialogs
from app.ui.window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def _copy(folder: Path) -> dict[str, Any] | None:
    files = list(folder.glob("*.recovery.json"))
    if not files:
        return None
    data: dict[str, Any] = json.loads(files[0].read_text(encoding="utf-8"))
    return data["document"]  # type: ignore[no-any-return]


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.005)


def test_steady_typing_still_gets_copies(window: MainWindow, _recovery_dir: Path) -> None:
    """Edits closer together than the pause timer: the deadline writes anyway."""
    rec = window.recovery
    rec.idle.setInterval(300)
    rec.deadline.setInterval(600)
    keys = FORM.input_keys[:40]
    start = time.monotonic()
    i = 0
    while time.monotonic() - start < 1.5:
        window.session.set_values({keys[i]: i + 100})
        i += 1
        _spin(0.1)  # an edit every 0.1 s: the 0.3 s pause never comes
    rec.wait()
    doc = _copy(_recovery_dir)
    assert doc is not None
    # everything typed more than the bound ago is in the copy
    assert sum(1 for k in keys[:i] if doc["values"].get(k) is not None) >= i - 8
    assert doc["values"][keys[0]] == 100


def test_typing_one_text_is_one_undo_step_but_still_saved(
    window: MainWindow, _recovery_dir: Path
) -> None:
    rec = window.recovery
    rec.idle.setInterval(50)
    window.show_section("text.other")
    editor = window.text_page("text.other").editor
    editor.setFocus()
    editor.selectAll()
    send_text(editor, "第一句")
    rec.flush(wait=True)
    send_text(editor, "第二句")  # merged into the same undo step: no index change
    assert window.session.undo_stack.count() == 1
    _spin(0.2)
    rec.wait()
    doc = _copy(_recovery_dir)
    assert doc is not None and doc["texts"]["text.other"] == "第一句第二句"


def test_section_switch_focus_loss_and_dialogs_write_at_once(
    window: MainWindow, _recovery_dir: Path
) -> None:
    rec = window.recovery
    rec.idle.setInterval(60_000)
    rec.deadline.setInterval(60_000)
    window.session.set_values({"t3.new.natural": 1})
    window.show_section("t4")
    rec.wait()
    assert _copy(_recovery_dir)["values"]["t3.new.natural"] == 1  # type: ignore[index]

    window.session.set_values({"t3.new.natural": 2})
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowDeactivate))
    rec.wait()
    assert _copy(_recovery_dir)["values"]["t3.new.natural"] == 2  # type: ignore[index]

    window.session.set_values({"t3.new.natural": 3})
    dialogs.inform(window.table_page("t4"), "提示", "一个模态对话框")  # the real module
    rec.wait()
    assert _copy(_recovery_dir)["values"]["t3.new.natural"] == 3  # type: ignore[index]


def test_disk_is_written_by_a_background_thread(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    original = window.store.write_bytes

    def spy(session: str, data: bytes) -> Path:
        threads.append(threading.current_thread().name)
        return original(session, data)

    monkeypatch.setattr(window.store, "write_bytes", spy)
    window.session.set_values({"t3.new.natural": 7})
    window.write_recovery(wait=True)
    assert threads and threading.main_thread().name not in threads
    assert window.recovery.gui_seconds and window.recovery.disk_seconds


def test_failed_copy_is_shown_and_retried(
    window: MainWindow, _recovery_dir: Path, qtbot: Any
) -> None:
    rec = window.recovery
    rec.retry.setInterval(50)
    _recovery_dir.parent.mkdir(parents=True, exist_ok=True)
    _recovery_dir.write_text("a file where the folder should be")  # the folder cannot be made
    window.session.set_values({"t3.new.natural": 8})
    window.write_recovery(wait=True)
    banner = rec.banner
    assert banner.isVisible()
    assert "无法写入恢复副本" in banner.label.text() and "请尽快保存" in banner.label.text()
    assert "Errno" not in banner.label.text()
    _recovery_dir.unlink()  # the disk is back: the retry succeeds without any new edit
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=3000)
    rec.wait()
    assert _copy(_recovery_dir)["values"]["t3.new.natural"] == 8  # type: ignore[index]


def test_saving_removes_the_copy_even_after_a_late_write(
    window: MainWindow, tmp_path: Path, _recovery_dir: Path
) -> None:
    window.session.set_values({"t3.new.natural": 4})
    window.write_recovery()  # not waited for: the removal must still come after it
    assert window.save_to(str(tmp_path / "r.json"))
    window.recovery.wait()
    assert not any(_recovery_dir.glob("*.recovery.json"))


# The real window in a child process: scripted edits at a clerk's pace (every 0.15–0.3 s,
# numbers through the undoable command path and characters typed into a text editor),
# each announced on stdout once applied; the parent kills it with SIGKILL.
CHILD = textwrap.dedent(
    """
    import random, sys, time
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication
    from app.form import FORM
    from app.ui.main import create_window

    w = create_window(None)
    w.show()
    app = QApplication.instance()
    editor = w.text_page("text.other").editor
    w.show_section("text.other")
    editor.setFocus()
    editor.selectAll()
    keys = FORM.input_keys
    rng = random.Random(15)
    print("READY", flush=True)
    for i in range(10_000):
        if i % 2:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                app.sendEvent(editor, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                Qt.KeyboardModifier.NoModifier, "字"))
            print(f"TEXT {i} {time.time()}", flush=True)
        else:
            w.session.set_values({keys[i // 2 % len(keys)]: i})
            print(f"CELL {keys[i // 2 % len(keys)]} {i} {time.time()}", flush=True)
        end = time.monotonic() + rng.uniform(0.15, 0.3)
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.005)
    """
)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_kill_while_typing_steadily_loses_nothing_older_than_the_bound(
    _recovery_dir: Path,
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NIANBAO_RECOVERY_DIR=str(_recovery_dir))
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY"
        start = time.time()
        while time.time() - start < 6.0:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line.split())
    finally:
        proc.send_signal(signal.SIGKILL)
        killed = time.time()
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    bound = autosave.MAX_DELAY_MS / 1000 + 1.0  # the deadline plus the write (slow CI disk)
    old_cells = [(k, int(v)) for kind, *rest in lines if kind == "CELL" for k, v, t in [rest]
                 if killed - float(t) > bound]  # fmt: skip
    old_chars = sum(1 for kind, _i, t in (x for x in lines if x[0] == "TEXT")
                    if killed - float(t) > bound)  # fmt: skip
    assert len(lines) >= 15 and old_cells and old_chars  # the clerk did type for a while
    doc = _copy(_recovery_dir)
    assert doc is not None, "no recovery copy after 6 s of steady typing"
    for key, value in old_cells:
        assert doc["values"].get(key) == value, key
    assert doc["texts"]["text.other"].startswith("字" * old_chars)
