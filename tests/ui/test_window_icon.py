"""The program's icon on the window (title bar, Alt+Tab, taskbar), from the shipped .ico."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon

from app.resources import resource_path
from app.ui.main import WINDOW_ICON
from app.ui.window import MainWindow


def test_window_has_the_program_icon(window: MainWindow) -> None:
    icon = window.windowIcon()
    assert not icon.isNull()
    for side in (16, 32, 256):  # title bar, taskbar, Alt+Tab on a high-DPI screen
        image = icon.pixmap(side, side).toImage()
        assert image.width() == side, side
        colours = [QColor(image.pixel(x, y)) for x in range(side) for y in range(side)]
        red = sum(1 for c in colours if c.red() > 150 and c.green() < 80 and c.alpha() > 200)
        assert red > len(colours) // 4, side  # the red square, not a generic icon


def test_icon_file_ships_with_the_resources() -> None:
    path = resource_path(*WINDOW_ICON)
    assert path.is_file() and path.read_bytes()[:4] == b"\0\0\1\0"  # an .ico directory
    sizes = {s.width() for s in QIcon(str(path)).availableSizes()}
    assert {16, 32, 48, 256} <= sizes
