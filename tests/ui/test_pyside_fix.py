"""PySide calls returning None/True must not drain those objects (PySide6 6.12, Python 3.11)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# 30 000 calls that return None or True to Python: far more than None's or True's
# reference count in a fresh process, so an unguarded affected PySide aborts here.
CODE = """
import sys
from PySide6.QtCore import QObject, QStringListModel, Signal
from PySide6.QtWidgets import QApplication
{guard}
app = QApplication([])
class O(QObject):
    ping = Signal()
o = O()
m = QStringListModel(["a"])
i = m.index(0, 0)
for _ in range(30000):
    o.setObjectName("x")
    o.ping.emit()
    m.dataChanged.emit(i, i)
    i.data(0x0100 + 7)
print("alive", sys.getrefcount(None) > 0, sys.getrefcount(True) > 0)
"""


def _run(guard: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-c", CODE.format(guard=guard)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_guarded_process_survives_many_calls() -> None:
    out = _run("import app.ui")
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "alive True True"


def test_protect_is_idempotent_and_keeps_counts_high() -> None:
    from app.ui.pyside_fix import protect

    protect()
    protect()
    if sys.version_info < (3, 12):
        from app.ui import pyside_fix

        if pyside_fix._done:
            assert sys.getrefcount(None) > 500_000_000
            assert sys.getrefcount(True) > 500_000_000
            assert sys.getrefcount(True) < 3_000_000_000  # added once, not twice
