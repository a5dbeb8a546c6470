"""PySide calls returning None/True must not drain those objects (PySide6 6.12, Python 3.11).

The guard is switched on only where the bug is: the expectations below measure it first.
"""

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


def _python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (conftest's headless settings are inherited)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def _pyside_drains_none() -> bool:
    """Whether this PySide has the bug, measured in a fresh process independently of protect()."""
    out = _python(
        "import os, sys\n"
        "from PySide6.QtCore import QObject\n"
        "probe = QObject()\n"
        "before = sys.getrefcount(None)\n"
        "for _ in range(200):\n"
        "    probe.setObjectName('p')\n"
        "print(sys.getrefcount(None) < before - 100, flush=True)\n"
        "os._exit(0)\n"  # no clean-up with a drained None
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip() == "True"


def _run(guard: str) -> subprocess.CompletedProcess[str]:
    return _python(CODE.format(guard=guard))


def test_guarded_process_survives_many_calls() -> None:
    out = _run("from app.ui.pyside_fix import protect; protect()")
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


def test_started_window_switches_the_guard_and_collection_on_after_its_first_frame() -> None:
    code = """
import gc, sys
from PySide6.QtCore import QTimer
from app.ui import pyside_fix
from app.ui.main import application
import app.ui.window as win
from app.cli import main
app = application(guard=False)
print("before", pyside_fix._done, gc.isenabled())
shown = win.MainWindow.show
def done():
    print("after", pyside_fix._done, gc.isenabled())
    app.quit()
def show(self):
    print("starting", pyside_fix._done, gc.isenabled())
    shown(self)
    QTimer.singleShot(200, done)  # counted from the show, however slow the start was
win.MainWindow.show = show
win.MainWindow.maybe_save = lambda self: True
sys.exit(main([]))
"""
    out = _python(code)
    assert out.returncode == 0, out.stderr[-2000:]
    guarded = str(sys.version_info < (3, 12) and _pyside_drains_none())
    assert out.stdout.splitlines() == [
        "before False True",
        "starting False False",
        f"after {guarded} True",
    ]


def test_quick_module_scan_answers_as_pyside_does() -> None:
    import app.ui  # installs the quick scan
    import app.ui.window  # noqa: F401

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None:
        return  # a PySide without the __feature__ hook: nothing was replaced
    quick = feature._mod_uses_pyside
    assert getattr(quick, "quick", False)
    original = quick.original
    modules = [
        m
        for name, m in sorted(sys.modules.items())
        if name.startswith(("app.", "json", "decimal", "enum"))
        and str(getattr(m, "__file__", "")).endswith(".py")
    ]
    assert len(modules) > 20
    answers = {m.__name__: quick(m) for m in modules}
    assert answers == {m.__name__: bool(original(m)) for m in modules}
    assert answers["app.ui.window"] is True
    assert answers["app.core.rules"] is False
