"""Recovery copies written while the user works: a bounded delay, off the GUI thread, loud failures.

A change starts two clocks: a pause timer (``IDLE_MS`` after the latest change) and a
deadline (``MAX_DELAY_MS`` after the first change not yet written), so that a clerk who
types steadily still gets a copy at least every few seconds. The window also writes one at
once on a section switch, when it loses the focus, and before every modal dialog.

The GUI thread only copies the document (a fraction of a millisecond, see
``benchmarks/bench_recovery.py``); one background thread encodes it and writes it to disk,
fsync included; when copies come faster than the disk, only the newest waiting one is written.
Removing the copy (after a save) goes through the same thread, so it can never be undone
by a late write. A failed write shows a banner at the top of the window, in words, and is
retried every ``RETRY_MS`` until a write succeeds.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal

from app.io.errors import WriteError

if TYPE_CHECKING:
    from app.ui.recovery_banner import RecoveryBanner
    from app.ui.session import Session
    from app.ui.window import MainWindow

IDLE_MS = 1000  # a copy this long after the latest change …
MAX_DELAY_MS = 3000  # … and at the latest this long after the first unwritten change
RETRY_MS = 5000  # after a failed write
WAIT_S = 5.0  # how long closing the window waits for a write in progress

Job = Callable[[], None]


class DiskThread:
    """One background thread that runs the newest job submitted (older waiting ones are
    dropped) and reports each result through ``done(job_id, error)``."""

    def __init__(self, done: Callable[[int, str], None]) -> None:
        self._done = done
        self._cond = threading.Condition()
        self._job: tuple[int, Job] | None = None
        self._busy = False
        self._thread: threading.Thread | None = None
        self.write_seconds: deque[float] = deque(maxlen=1000)  # time of each recent job

    def submit(self, job_id: int, job: Job) -> None:
        with self._cond:
            self._job = (job_id, job)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="nianbao-recovery", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()

    def wait_idle(self, timeout: float = WAIT_S) -> bool:
        """Wait until nothing is waiting or running; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self._job is None and not self._busy, timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._job is not None)
                assert self._job is not None
                job_id, job = self._job
                self._job = None
                self._busy = True
            error = ""
            start = time.perf_counter()
            try:
                job()
            except WriteError as exc:
                error = str(exc)
            except Exception as exc:  # never let the thread die: the next write may succeed
                from app.io.applog import log_exception

                error = f"程序内部错误（{log_exception('写入恢复副本', exc)}）"
            self.write_seconds.append(time.perf_counter() - start)
            try:
                self._done(job_id, error)
            except RuntimeError:  # the window is gone (deleted without closing): nobody to tell
                pass
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


class RecoveryWriter(QObject):
    """Writes the window's recovery copy: after a pause, or at the latest after a bounded
    delay; at once on :meth:`flush`; removes it on :meth:`discard`."""

    _finished = Signal(int, str)  # job id, error ("" when written); emitted by the thread
    written = Signal()  # a copy reached the disk (after the failure banner, if any, hid)
    failed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pending = False  # a change not yet handed to the disk thread
        self.failing = ""  # the reason of the latest failed write, "" when fine
        self.gui_seconds: deque[float] = deque(maxlen=1000)  # GUI-thread time of recent copies
        self._next_id = 0
        self._removal = -1  # id of the latest removal job
        self._disk = DiskThread(self._finished.emit)
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(IDLE_MS)
        self.idle.timeout.connect(self.flush)
        self.deadline = QTimer(self)
        self.deadline.setSingleShot(True)
        self.deadline.setInterval(MAX_DELAY_MS)
        self.deadline.timeout.connect(self.flush)
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.setInterval(RETRY_MS)
        self.retry.timeout.connect(self._retry)

        self._banner: RecoveryBanner | None = None  # made at the first failure
        window.nav.currentRowChanged.connect(self._section_switched)
        window.installEventFilter(self)

    @property
    def banner(self) -> RecoveryBanner:
        """The failure banner, put at the top of the window the first time it is needed."""
        if self._banner is None:
            from app.ui.recovery_banner import RecoveryBanner

            self._banner = RecoveryBanner(self.window)
            self.window.addToolBarBreak()
            self.window.addToolBar(self._banner)
        return self._banner

    @property
    def disk_seconds(self) -> deque[float]:
        return self._disk.write_seconds

    # -- triggers ---------------------------------------------------------------------
    def changed(self) -> None:
        """The document changed and differs from the saved file."""
        self.pending = True
        self.idle.start()
        if not self.deadline.isActive():
            self.deadline.start()

    def watch(self, session: Session) -> None:
        """Follow every change of ``session``, including a text typed into one undo step."""
        session.cellsChanged.connect(self._session_changed)
        session.textChanged.connect(self._session_changed)
        session.metaChanged.connect(self._session_changed)

    def _session_changed(self, *_args: object) -> None:
        if self.window.is_modified():
            self.changed()

    def _section_switched(self, _row: int) -> None:
        self.flush()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowDeactivate:
            self.flush()
        return False

    def _retry(self) -> None:
        if self.failing:
            self.pending = True
            self.flush()

    # -- writing ------------------------------------------------------------------------
    def flush(self, wait: bool = False) -> None:
        """Hand the current document to the disk thread now, if it has unwritten changes;
        ``wait``: return only when it is on disk (or failed)."""
        self.idle.stop()
        self.deadline.stop()
        w = self.window
        if not self.pending or w.session is None or not w.is_modified():
            self.pending = False
            return
        self.pending = False
        start = time.perf_counter()
        # The GUI thread only takes a private copy (dictionaries of a few hundred entries;
        # texts are shared, being immutable); encoding and the disk are the thread's.
        doc = w.session.committed_document().copy()
        original, title = w.path, w.display_name()
        self.gui_seconds.append(time.perf_counter() - start)
        store, session = w.store, w.session_id

        def write() -> None:
            store.write_bytes(session, store.encode(session, doc, original, title))

        self._submit(write)
        if wait:
            self.wait()

    def discard(self) -> None:
        """The work is saved (or abandoned): no copy is needed any more."""
        self.pending = False
        self.idle.stop()
        self.deadline.stop()
        self.retry.stop()
        store, session = self.window.store, self.window.session_id
        self._submit(lambda: store.remove(session), removal=True)

    def wait(self, timeout: float = WAIT_S) -> None:
        """Block until the disk thread is idle, then deliver its results."""
        self._disk.wait_idle(timeout)
        from PySide6.QtCore import QCoreApplication

        QCoreApplication.sendPostedEvents(self)

    def _submit(self, job: Job, removal: bool = False) -> None:
        self._next_id += 1
        if removal:
            self._removal = self._next_id
        self._disk.submit(self._next_id, job)

    def _on_finished(self, job_id: int, error: str) -> None:
        if job_id == self._removal:  # nothing left to protect: forget any failure
            self.failing = ""
            self.retry.stop()
            if self._banner is not None:
                self._banner.hide()
        elif error:
            self._report_failure(error)
        elif self.failing:
            self.failing = ""
            self.retry.stop()
            if self._banner is not None:
                self._banner.hide()
            self.window.status("恢复副本已重新写入")
            self.written.emit()
        else:
            self.written.emit()

    def _report_failure(self, reason: str) -> None:
        first = not self.failing
        self.failing = reason
        self.banner.show_failure(reason, RETRY_MS // 1000)
        self.window.status(f"无法写入恢复副本：{reason}")
        if first:
            self.failed.emit(reason)
        self.retry.start()
