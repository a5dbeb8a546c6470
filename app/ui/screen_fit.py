"""The window's size and layout: fitted to the screen, remembered between sessions.

The first start sizes the window to the available screen (a 1366×768 laptop must see the
status bar with the error counts); on short screens (≤ 800 px high) the problems list is
lower, on narrow ones (≤ 1100 px) the section list narrower too, so the table comes first. Size, position,
the problems list and the section list's width are kept with QSettings when the window
closes and restored at the next start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtWidgets import QSplitter

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

PREFERRED = QSize(1280, 840)
FRAME_ALLOWANCE = QSize(16, 48)  # title bar and borders the window manager adds
SMALL_WIDTH = 1100
SMALL_HEIGHT = 800
NAV_SMALL = 170
MARK_ROOM = 26  # the section list's error/warning marks
DOCK_HEIGHT = 170
DOCK_HEIGHT_SMALL = 90
KEYS = ("window/geometry", "window/state", "window/splitter")


def available(window: QMainWindow) -> QRect:
    from PySide6.QtGui import QGuiApplication

    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def is_small(area: QRect) -> bool:
    """Short (a 1366×768 laptop): a lower problems list and note field."""
    return area.width() <= SMALL_WIDTH or area.height() <= SMALL_HEIGHT


def is_narrow(area: QRect) -> bool:
    """Narrow (1024 px): a narrower section list too."""
    return area.width() <= SMALL_WIDTH


def first_size(area: QRect) -> QSize:
    """The window's size on a screen it has never been on."""
    room = area.size() - FRAME_ALLOWANCE
    return PREFERRED.boundedTo(room)


def fit(window: QMainWindow, splitter: QSplitter, nav_width: int) -> bool:
    """Restore the remembered geometry, or size to the screen; True when restored."""
    from app.ui.window import settings

    s = settings()
    geometry = s.value(KEYS[0])
    area = available(window)
    name_items(splitter)
    if (
        isinstance(geometry, QByteArray)
        and window.restoreGeometry(geometry)
        and area.contains(window.frameGeometry().center())
    ):
        return True
    size = first_size(area)
    window.resize(size)
    window.move(area.center() - QRect(0, 0, size.width(), size.height()).center())
    nav = min(nav_width, NAV_SMALL) if is_narrow(area) else nav_width + MARK_ROOM
    splitter.setSizes([nav, size.width() - nav])
    return False


def name_items(splitter: QSplitter) -> None:
    """Each section's full title as its tooltip (a narrow list elides them)."""
    from PySide6.QtWidgets import QListWidget

    nav = splitter.widget(0)
    if isinstance(nav, QListWidget):
        for i in range(nav.count()):
            item = nav.item(i)
            if item is not None:
                item.setToolTip(item.text())


def restore_layout(window: QMainWindow, splitter: QSplitter) -> None:
    """The problems list and section list as they were (just after the first frame)."""
    from app.ui.window import settings

    s = settings()
    state = s.value(KEYS[1])
    if isinstance(state, QByteArray):
        window.restoreState(state)
    sizes = s.value(KEYS[2])
    if isinstance(sizes, QByteArray):
        splitter.restoreState(sizes)


def dock_height(window: QMainWindow) -> int:
    return DOCK_HEIGHT_SMALL if is_small(available(window)) else DOCK_HEIGHT


def remember(window: QMainWindow, splitter: QSplitter) -> None:
    from app.ui.window import settings

    s = settings()
    s.setValue(KEYS[0], window.saveGeometry())
    s.setValue(KEYS[1], window.saveState())
    s.setValue(KEYS[2], splitter.saveState())
