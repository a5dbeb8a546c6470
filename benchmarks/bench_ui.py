"""One typed cell in the window → model updated and flags repainted (DESIGN §7: ≤ 16 ms).

Drives the real window offscreen: a cell editor of table 三 is open and keystrokes are
delivered to it one at a time (digits and Backspace, so every keystroke changes the value,
the column's totals and the balance flags). Each sample is the time from delivering the
key event until the queued events are processed — which includes Qt repainting the
changed cells (paint events on the grid are counted to make sure they happened). A second
figure forces a synchronous repaint of the whole visible grid after each keystroke: a
worst case, as if every cell had changed.
Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_ui.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["NIANBAO_NO_DIALOGS"] = "1"
os.environ["NIANBAO_RECOVERY_DIR"] = tempfile.mkdtemp(prefix="nianbao-bench-")

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from app.ui.main import create_window

BUDGET_MS = 16.0
WARMUP = 30
RUNS = 400


def _key(widget: object, key: Qt.Key, text: str) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))  # type: ignore[arg-type]


def main() -> None:
    window = create_window(None)
    window.resize(1280, 840)
    window.show()
    app = QApplication.instance()
    assert app is not None
    window.show_section("t3")
    view = window.table_pages["t3"].view
    view.setFocus()
    view.select_key("t3.new.natural")
    for _ in range(5):
        app.processEvents()
    _key(view, Qt.Key.Key_1, "1")  # the first key opens the editor
    app.processEvents()
    editor = view.editor_widget()
    assert editor is not None
    doc = window.doc
    strokes = [(Qt.Key.Key_2, "2"), (Qt.Key.Key_Backspace, "")]

    def sample(i: int, repaint: bool) -> float:
        key, text = strokes[i % 2]
        t0 = time.perf_counter()
        _key(editor, key, text)
        app.processEvents()
        if repaint:
            view.viewport().repaint()
        return time.perf_counter() - t0

    class PaintCounter(QObject):
        count = 0

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                PaintCounter.count += 1
            return False

    counter = PaintCounter()
    view.viewport().installEventFilter(counter)
    for i in range(WARMUP):
        sample(i, True)
    PaintCounter.count = 0
    events = [sample(i, False) for i in range(RUNS)]
    painted = PaintCounter.count
    full = [sample(i, True) for i in range(RUNS)]
    # sanity: the last keystrokes did change the document while the editor is open
    assert doc.values["t3.new.total"] in (1, 12), doc.values["t3.new.total"]

    def report(name: str, times: list[float]) -> float:
        ms = sorted(t * 1000 for t in times)
        med = statistics.median(ms)
        p90 = ms[int(len(ms) * 0.9)]
        print(f"{name}: median {med:.2f} ms, p90 {p90:.2f} ms ({len(ms)} keystrokes)")
        return med

    med = report("keystroke → model + totals + rules + changed cells repainted", events)
    print(f"  ({painted} paint events of the grid for {RUNS} keystrokes)")
    assert painted >= RUNS, "the grid was not repainted after every keystroke"
    report("worst case, whole visible grid repainted after each keystroke", full)
    print(
        f"budget {BUDGET_MS:.0f} ms: ratio {med / BUDGET_MS:.2f} ({'OK' if med <= BUDGET_MS else 'OVER'})"
    )
    window.maybe_save = lambda: True  # type: ignore[method-assign]
    window.close()


if __name__ == "__main__":
    main()
