"""Draw the program icon, resources/icons/nianbao.ico: the window icon (title bar, Alt+Tab,
taskbar; set in app.ui.main), the icon of nianbao.exe and of the installer.

A red rounded square with 「年报」 in white, in the bundled sans font, at the sizes Windows
asks for (16 to 256 px), stored as a multi-size .ico with PNG images (Windows Vista and
later read those). Run once after changing the design; the .ico is kept in the repository:

    QT_QPA_PLATFORM=offscreen python installer/make_icon.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = QColor("#c8161d")  # the red of official seals and headings


def draw(size: int, family: str) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = max(1.0, size / 32)
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(RED)
    p.drawRoundedRect(rect, size / 6, size / 6)
    p.setPen(QColor("white"))
    font = QFont(family)
    font.setBold(True)
    if size < 32:  # one character stays legible at 16 and 24 px
        font.setPixelSize(round(size * 0.78))
        p.setFont(font)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "报")
    else:
        font.setPixelSize(round(size * 0.40))
        p.setFont(font)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "年报")
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def ico(images: list[tuple[int, bytes]]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        side = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    font_id = QFontDatabase.addApplicationFont(str(ROOT / "resources/fonts/nianbao-hei.ttf"))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    family = families[0] if families else "sans-serif"
    out = ROOT / "resources" / "icons" / "nianbao.ico"
    out.write_bytes(ico([(s, draw(s, family)) for s in SIZES]))
    print(f"{out} ({out.stat().st_size // 1024} KB, font {family})")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
