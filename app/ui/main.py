"""Starting the window: the QApplication (Chinese translations loaded) and the main window.

``python -m app [FILE]`` calls :func:`run_window`. Start-up stays light: no openpyxl,
reportlab or printing module is imported here; the sample report is read as JSON.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from app import APP_NAME, __version__
from app.resources import resource_path
from app.ui.pyside_fix import protect
from app.ui.window import MainWindow

ORG_NAME = "nianbao"
APP_ID = "nianbao-zhushou"
WINDOW_ICON = ("icons", "nianbao.ico")  # multi-size, drawn by installer/make_icon.py
QUIT_ENV = "NIANBAO_QUIT_AFTER_START"  # quit as soon as the window is shown (smoke tests)


# Qt's Chinese catalogue, and ours for the few Qt strings it lacks (the file dialog's).
TRANSLATIONS = ("qtbase_zh_CN.qm", "nianbao_qt_zh_CN.qm")


def _load_translations(app: QCoreApplication) -> None:
    for name in TRANSLATIONS:
        translator = QTranslator(app)
        if translator.load(str(resource_path("translations", name))):
            app.installTranslator(translator)


def _set_window_icon(app: QApplication) -> None:
    """The program's icon on every window: title bar, Alt+Tab and the taskbar (on Windows
    the exe's own icon does not reach the window). Decoding it takes a few milliseconds."""
    if app.property("nianbao_icon"):
        return
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(resource_path(*WINDOW_ICON))))
    app.setProperty("nianbao_icon", True)


def application(argv: list[str] | None = None, guard: bool = True) -> QApplication:
    """The running QApplication, created (with translations) when there is none.

    ``guard`` switches on the PySide reference-count guard and sets the window icon now
    (``run_window`` leaves both until just after the first frame).
    """
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication([sys.argv[0] if sys.argv else "nianbao", *(argv or [])])
    if not app.property("nianbao_ready"):
        QCoreApplication.setOrganizationName(ORG_NAME)
        QCoreApplication.setApplicationName(APP_ID)
        QCoreApplication.setApplicationVersion(__version__)
        QApplication.setApplicationDisplayName(APP_NAME)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        _load_translations(app)
        app.setProperty("nianbao_ready", True)
    if guard:
        protect()
        _set_window_icon(app)
    return app


def create_window(
    path: str | None = None, recover: bool = False, guard: bool = True, start: bool = False
) -> MainWindow:
    """The main window with ``path`` (or the sample report as an untitled copy, or with
    ``start`` the start page), not shown."""
    application(guard=guard)
    window = MainWindow()
    if path is None and start:
        from app.ui import start_page

        start_page.enter(window)
    elif path is None:
        window.open_sample()
    elif not window.open_path(path):
        from app.core.document import Document

        window.set_document(Document(), None)
    if recover:
        window.offer_recovery()
    return window


def _quit_when_ready(app: QApplication, window: MainWindow) -> None:
    window.repaint()
    if sys.stdout is not None:  # None in the windowed Windows program
        sys.stdout.write(f"window ready: {window.windowTitle()}\n")
        sys.stdout.flush()
    window.maybe_save = lambda: True  # type: ignore[method-assign]
    app.quit()


def _after_first_frame() -> None:
    """What start-up leaves until the window is up: the PySide guard (thousands of calls
    are needed before its bug bites), the window icon and cycle collection (``app.cli``
    pauses it)."""
    protect()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        _set_window_icon(app)
    gc.enable()


START_FLAG = "--start-page"  # python -m app --start-page: the installed program's first screen


def wants_start_page(argv: list[str]) -> bool:
    """The installed program starts on the start page; from source (the README's start
    command) the sample report opens, so that a newcomer sees the program at work."""
    if any(not a.startswith("-") for a in argv):
        return False  # a file to open
    return START_FLAG in argv or bool(getattr(sys, "frozen", False))


def run_window(argv: list[str]) -> int:
    """``python -m app [FILE]``: show the window and run the event loop."""
    args = [a for a in argv if not a.startswith("-")]
    app = application(guard=False)
    window = create_window(args[0] if args else None, guard=False, start=wants_start_page(argv))
    window.show()
    QTimer.singleShot(0, window.offer_recovery)
    if os.environ.get(QUIT_ENV, "") not in ("", "0"):
        # Smoke tests and the start-up benchmark: quit once the window is up and painted.
        QTimer.singleShot(0, lambda: _quit_when_ready(app, window))
    QTimer.singleShot(0, _after_first_frame)
    _keep: Any = window
    rc = app.exec()
    del _keep
    return int(rc)
