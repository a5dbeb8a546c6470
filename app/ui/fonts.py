"""A Chinese font for the window when the system has none (bare Linux machines, CI).

Windows, macOS and the Chinese Linux distributions always have CJK fonts, so this runs
after the first frame rather than delaying start-up: when no installed family covers
Simplified Chinese, the TrueType fonts bundled for the PDF (``resources/fonts``, a GB2312
subset of AR PL UMing and a WenQuanYi Micro Hei subset) are registered with Qt and the
window is laid out again.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from app.resources import resource_path


def ensure_cjk_font(force: bool = False) -> list[str]:
    """Register the bundled fonts if no CJK font is installed (or ``force``); the families."""
    if not force and QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return []
    folder = resource_path("fonts")
    if not folder.is_dir():
        return []
    added: list[str] = []
    for f in sorted(folder.iterdir()):
        if f.suffix.lower() in (".ttf", ".ttc", ".otf"):
            font_id = QFontDatabase.addApplicationFont(str(f))
            if font_id >= 0:
                added += QFontDatabase.applicationFontFamilies(font_id)
    app = QApplication.instance()
    if added and isinstance(app, QApplication):
        app.setFont(app.font())  # lay every widget out again with the new fallback
    return added
