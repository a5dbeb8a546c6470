"""The printed report's fonts: which TrueType files to use, and which characters they can draw.

Four roles follow the habits of official documents (GB/T 9704): ``body`` (仿宋_GB2312),
``title`` (方正小标宋简体, else 宋体), ``heading`` (黑体) and ``table`` (宋体). For each role the
system's own font is preferred when present: found by the family names in the fonts' own
name tables (「仿宋_GB2312」 or 「FangSong_GB2312」, whatever the file is called), then by the
usual Windows file names (simfang.ttf, simsun.ttc, simhei.ttf) in the usual font folders;
otherwise the subsets bundled in ``resources/fonts`` are used (a Ming face for body, title
and tables, a sans face for headings; see the README there).

A character the role's font lacks is drawn with the first *fallback* font that has it (the
other roles' fonts, the bundled ones, then the large CJK fonts commonly installed), so a rare
character in a town's name still prints. :meth:`FontSet.font_for` returns ``None`` when no
font has the character: the caller must report it, never print an empty box.

Nothing is loaded at import time; :func:`load_fonts` reads and registers the files once per
process (``clear_cache`` forgets them, for benchmarks). The environment variable
``NIANBAO_PDF_FONTS=bundled`` ignores the system's fonts (tests use it to be reproducible).
"""

from __future__ import annotations

import functools
import os
import struct
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.io.errors import WriteError
from app.resources import resource_path

BODY, TITLE, HEADING, TABLE = "body", "title", "heading", "table"
ROLES = (BODY, TITLE, HEADING, TABLE)

FONTS_DIR = resource_path("fonts")
BUNDLED: dict[str, str] = {
    BODY: "nianbao-song.ttf",
    TITLE: "nianbao-song.ttf",
    HEADING: "nianbao-hei.ttf",
    TABLE: "nianbao-song.ttf",
}

# Family names per role as fonts name themselves (Chinese and English records), best first.
FAMILIES: dict[str, tuple[str, ...]] = {
    BODY: ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "华文仿宋", "STFangsong"),
    TITLE: (
        "方正小标宋简体",
        "FZXiaoBiaoSong-B05S",
        "方正小标宋_GBK",
        "FZXiaoBiaoSong-B05",
        "宋体",
        "SimSun",
        "华文宋体",
        "STSong",
    ),
    HEADING: ("黑体", "SimHei", "华文黑体", "STHeiti"),
    TABLE: ("宋体", "SimSun", "华文宋体", "STSong"),
}
MAX_FONT_FILES = 4000  # name tables read at most (a font folder is not unbounded)
# A font covering GB2312 is several megabytes; smaller files (Latin, symbols) are not opened,
# which keeps the scan of a Windows font folder (hundreds of files) to a few milliseconds.
MIN_CJK_FONT_BYTES = 1_000_000
MAX_NAME_TABLE = 256 * 1024

# Preferred system fonts per role: (file name, index in a collection), best first.
SYSTEM: dict[str, tuple[tuple[str, int], ...]] = {
    BODY: (("simfang.ttf", 0), ("stfangso.ttf", 0), ("fangsong_gb2312.ttf", 0)),
    TITLE: (("simsun.ttc", 0), ("simsun.ttf", 0), ("stsong.ttf", 0)),
    HEADING: (("simhei.ttf", 0), ("stheiti.ttf", 0)),
    TABLE: (("simsun.ttc", 0), ("simsun.ttf", 0), ("stsong.ttf", 0)),
}
# Large CJK fonts consulted only for characters the role fonts lack (serif faces first).
FALLBACK: tuple[tuple[str, int], ...] = (
    ("simsun.ttc", 0),
    ("simsunb.ttf", 0),  # SimSun-ExtB
    ("uming.ttc", 0),
    ("simkai.ttf", 0),
    ("ukai.ttc", 0),
    ("simhei.ttf", 0),
    ("msyh.ttc", 0),
    ("wqy-zenhei.ttc", 0),
    ("wqy-microhei.ttc", 0),
    ("droidsansfallbackfull.ttf", 0),
)


def _font_dirs() -> list[Path]:
    dirs: list[Path] = []
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    elif sys.platform == "win32":  # pragma: no cover - Windows without WINDIR
        dirs.append(Path("C:/Windows/Fonts"))
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    home = Path.home()
    dirs += [
        home / ".local" / "share" / "fonts",
        home / ".fonts",
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path("/Library/Fonts"),
    ]
    return dirs


@functools.cache
def system_font_files() -> dict[str, Path]:
    """Font files on this machine by lower-case file name (first found wins)."""
    found: dict[str, Path] = {}
    for d in _font_dirs():
        if not d.is_dir():
            continue
        for root, _dirs, files in os.walk(d):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(name.lower(), Path(root) / name)
    return found


def _name_strings(data: bytes) -> set[str]:
    """Family names (name ids 1 and 16) recorded in a TrueType ``name`` table."""
    names: set[str] = set()
    _fmt, count, strings = struct.unpack(">HHH", data[:6])
    for i in range(min(count, 2000)):
        rec = data[6 + 12 * i : 18 + 12 * i]
        if len(rec) < 12:
            break
        platform, encoding, _lang, name_id, length, offset = struct.unpack(">6H", rec)
        if name_id not in (1, 16):
            continue
        raw = data[strings + offset : strings + offset + length]
        if platform in (0, 3):
            codec = "utf-16-be"
        elif platform == 1:
            codec = "gb2312" if encoding == 25 else "mac_roman"
        else:
            continue
        text = raw.decode(codec, "ignore").strip("\x00 ")
        if text:
            names.add(text.casefold())
    return names


def font_families(path: Path) -> list[tuple[int, set[str]]]:
    """(index in the collection, family names) of each font in a .ttf/.ttc file."""
    out: list[tuple[int, set[str]]] = []
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            offsets = [0]
            if head[:4] == b"ttcf":
                (n,) = struct.unpack(">I", head[8:12])
                offsets = list(struct.unpack(f">{min(n, 64)}I", f.read(4 * min(n, 64))))
            for index, start in enumerate(offsets):
                f.seek(start)
                (n_tables,) = struct.unpack(">H", f.read(12)[4:6])
                directory = f.read(16 * min(n_tables, 200))
                for t in range(len(directory) // 16):
                    entry = directory[16 * t : 16 * t + 16]
                    if entry[:4] == b"name":
                        offset, length = struct.unpack(">II", entry[8:16])
                        f.seek(offset)
                        out.append((index, _name_strings(f.read(min(length, MAX_NAME_TABLE)))))
                        break
    except (OSError, struct.error, ValueError):
        return out
    return out


@functools.cache
def system_families() -> dict[str, tuple[Path, int]]:
    """Fonts on this machine by case-folded family name (first found wins)."""
    found: dict[str, tuple[Path, int]] = {}
    for path in list(system_font_files().values())[:MAX_FONT_FILES]:
        try:
            if path.stat().st_size < MIN_CJK_FONT_BYTES:
                continue
        except OSError:
            continue
        for index, names in font_families(path):
            for name in names:
                found.setdefault(name, (path, index))
    return found


@dataclass
class LoadedFont:
    """A registered reportlab font and the characters it can draw."""

    name: str  # the name registered with reportlab
    path: Path
    chars: frozenset[int]

    def has(self, char: str) -> bool:
        return ord(char) in self.chars


@dataclass
class FontSet:
    """The fonts of the three roles, plus fallbacks loaded on demand."""

    roles: dict[str, LoadedFont]
    fallback_specs: list[tuple[Path, int]] = field(default_factory=list)
    _fallbacks: list[LoadedFont] | None = None

    def name(self, role: str) -> str:
        return self.roles[role].name

    def fallbacks(self) -> Iterator[LoadedFont]:
        yield from self.roles.values()
        if self._fallbacks is None:
            loaded: list[LoadedFont] = []
            for path, index in self.fallback_specs:
                f = _load(path, index)
                if f is not None:
                    loaded.append(f)
            self._fallbacks = loaded
        yield from self._fallbacks

    def font_for(self, char: str, role: str) -> str | None:
        """The font that draws ``char`` in ``role``: the role's own or a fallback."""
        if self.roles[role].has(char):
            return self.roles[role].name
        for f in self.fallbacks():
            if f.has(char):
                return f.name
        return None


_loaded: dict[tuple[str, int], LoadedFont | None] = {}


def _load(path: Path, index: int) -> LoadedFont | None:
    """Load and register a TrueType font; ``None`` if it cannot be embedded."""
    key = (str(path), index)
    if key in _loaded:
        return _loaded[key]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    tag = f"{zlib.crc32(f'{path}#{index}'.encode()):08X}"  # same file, same name: same PDF
    name = f"NB-{path.stem}-{index}-{tag}"
    result: LoadedFont | None
    try:
        font = TTFont(name, str(path), subfontIndex=index)
        # reportlab shares one registration between fonts of the same PostScript name (the
        # bundled subset and the full AR PL UMing are both "UMingCN"): make it unique, or the
        # fallback would silently draw with the subset, i.e. print empty boxes.
        font.face.name = bytes(font.face.name) + f"-{tag}".encode()
        pdfmetrics.registerFont(font)
        # one face for every style, so <b>/<i> in markup can never pick another font
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        result = LoadedFont(name, path, frozenset(font.face.charToGlyph))
    except (TTFError, OSError, ValueError, KeyError, IndexError, struct.error):
        # CFF outlines (.otf in a collection), no embedding rights, damaged file …
        result = None
    _loaded[key] = result
    return result


def _use_system() -> bool:
    return os.environ.get("NIANBAO_PDF_FONTS", "").lower() != "bundled"


@functools.cache
def load_fonts() -> FontSet:
    """The fonts for this machine (loaded once per process)."""
    system = system_font_files() if _use_system() else {}
    roles: dict[str, LoadedFont] = {}
    families = system_families() if _use_system() else {}
    for role in ROLES:
        chosen: LoadedFont | None = None
        for family in FAMILIES[role]:
            spot = families.get(family.casefold())
            if spot is not None:
                chosen = _load(*spot)
                if chosen is not None:
                    break
        for file_name, index in SYSTEM[role] if chosen is None else ():
            path = system.get(file_name)
            if path is not None:
                chosen = _load(path, index)
                if chosen is not None:
                    break
        if chosen is None:
            chosen = _load(FONTS_DIR / BUNDLED[role], 0)
        if chosen is None:  # the bundle is part of the program: damaged installation
            raise WriteError(
                f"找不到程序自带的字体文件「{FONTS_DIR / BUNDLED[role]}」，无法生成 PDF。"
                "请重新安装本程序。"
            )
        roles[role] = chosen
    specs: list[tuple[Path, int]] = []
    for file_name in dict.fromkeys(BUNDLED.values()):
        specs.append((FONTS_DIR / file_name, 0))
    for file_name, index in FALLBACK:
        path = system.get(file_name)
        if path is not None:
            specs.append((path, index))
    return FontSet(roles=roles, fallback_specs=specs)


def clear_cache() -> None:
    """Forget every loaded font (the next :func:`load_fonts` reads the files again)."""
    load_fonts.cache_clear()
    system_font_files.cache_clear()
    system_families.cache_clear()
    _loaded.clear()
