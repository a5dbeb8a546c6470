"""Reading a report file off the GUI thread, with a progress dialog and 取消.

:func:`read_file` runs ``app.io.files.read_document`` in a worker thread and keeps the
window's event loop running meanwhile; a file that takes longer than ``SHOW_AFTER_MS``
gets a busy dialog 「正在读取…」 with a 取消 button. Cancelling returns control at
once (the worker, bounded by the readers' limits, finishes in the background and its
result is dropped). Any failure, expected or not, comes back as one :class:`ReadError`
sentence; an unexpected one is logged (``app.io.applog``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.io.errors import ReadError

if TYPE_CHECKING:
    from app.core.document import Document
    from app.io.report import ImportReport

SHOW_AFTER_MS = 300
QUICK_S = 0.05  # a read done within this never enters an event loop


class Cancelled(Exception):
    """The user pressed 取消 while a file was being read."""


class _Relay(QObject):
    done = Signal()


_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.Shortcut,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Close,
    }
)


class _InputGate(QObject):
    """While a file is read, the user's input reaches only the progress dialog: nothing can
    start a second action (another open, a save) inside the waiting loop."""

    def __init__(self) -> None:
        super().__init__()
        self.allowed: QWidget | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _INPUT:
            return False
        if not isinstance(watched, QWidget):
            return False  # a QWindow passes its events on to its widgets: judged there
        allowed = self.allowed
        return allowed is None or not (watched is allowed or allowed.isAncestorOf(watched))


def read_file(parent: QWidget | None, path: str) -> tuple[Document, ImportReport]:
    """The document in ``path``; raises ReadError (one sentence) or Cancelled."""
    from app.ui import dialogs

    name = Path(path).name
    result: dict[str, Any] = {}
    finished = threading.Event()
    relay = _Relay()
    loop = QEventLoop()
    relay.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        try:
            from app.io.files import read_document

            result["value"] = read_document(path)
        except ReadError as exc:
            result["error"] = exc
        except RecursionError as exc:
            result["error"] = ReadError(f"文件「{name}」结构异常，无法读取")
            result["error"].__cause__ = exc
        except MemoryError:
            result["error"] = ReadError(f"文件「{name}」过大，无法读取")
        except Exception as exc:
            from app.io.applog import internal_error

            result["error"] = ReadError(internal_error(f"读取文件「{name}」", exc))
        finally:
            finished.set()
            relay.done.emit()

    threading.Thread(target=work, name="nianbao-read", daemon=True).start()
    if not finished.wait(QUICK_S):
        progress = None
        if not dialogs.headless():
            from PySide6.QtWidgets import QProgressDialog

            progress = QProgressDialog(f"正在读取「{name}」…", "取消", 0, 0, parent)
            progress.setWindowTitle("打开文件")
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setAutoClose(False)
            progress.setAutoReset(False)
            show = QTimer(progress)  # QProgressDialog's own delay needs setValue() calls
            show.setSingleShot(True)
            show.timeout.connect(progress.show)
            show.start(SHOW_AFTER_MS)
            progress.canceled.connect(loop.quit)
        if not finished.is_set():
            gate = _InputGate()
            gate.allowed = progress
            app = QCoreApplication.instance()
            assert app is not None
            app.installEventFilter(gate)
            try:
                loop.exec()
            finally:
                app.removeEventFilter(gate)
        cancelled = progress is not None and progress.wasCanceled()
        if progress is not None:
            progress.reset()
            progress.hide()
            progress.deleteLater()
        if cancelled and not finished.is_set():
            raise Cancelled
    if "error" in result:
        raise result["error"]
    value: tuple[Document, ImportReport] = result["value"]
    return value
