"""Build the bundled CJK font subsets in this folder (a build-time tool, not used at run time).

The program prefers the system's 仿宋/宋体/黑体 fonts; these subsets are the fallback for
machines without them. They are cut from two freely licensed TrueType fonts packaged by
Debian, to the characters offices write: GB2312 (levels 1 and 2 and its symbols), ASCII,
full-width forms, the punctuation of official documents, and every character of the form
definition. Run from the repository root after ``pip install fonttools`` and
``apt-get install fonts-arphic-uming fonts-wqy-microhei``:

    python resources/fonts/build_subsets.py
"""

from __future__ import annotations

import contextlib
import datetime
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

SOURCES = {
    # output file: (source collection, font index in it, character set)
    # AR PL UMing CN: body text, title and tables (宋体-style); everything offices write.
    "nianbao-song.ttf": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0, "full"),
    # WenQuanYi Micro Hei: the section headings only (黑体-style), so just the form's words.
    "nianbao-hei.ttf": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, "form"),
}

EXTRA = (
    "“”‘’、。，；：（）《》〈〉【】〔〕「」『』—–―…·・‧〇　"
    "％‰℃§№°±×÷≤≥≠≈∶～￥"
    "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑"
    "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ○●◎◇◆□■△▲☆★※→←↑↓"
)


def gb2312_chars() -> set[str]:
    chars: set[str] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((hi, lo)).decode("gb2312"))
    return chars


def form_chars() -> set[str]:
    from app.form import FORM

    texts: list[str] = [FORM.title_template, FORM.notice]
    for s in FORM.sections:
        texts += [s.title, s.guidance, s.placeholder]
    for t in FORM.tables:
        texts += [lab.text for lab in t.labels] + [t.note]
        texts += [c.row_name + c.col_name + c.unit for c in t.cells]
    texts += [m.label for m in FORM.meta] + [c for m in FORM.meta for c in m.choices]
    texts += list(FORM.text_notes.values())
    return set("".join(texts))


def wanted(which: str) -> set[str]:
    chars = form_chars() | set(EXTRA)
    if which == "full":
        chars |= gb2312_chars()
    chars |= {chr(c) for c in range(0x20, 0x7F)}
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}
    chars |= set("年月日第页共—")
    return chars


def build(out_name: str, source: str, index: int, chars: set[str]) -> None:
    font = TTCollection(source).fonts[index]
    cmap = font.getBestCmap()
    present = {c for c in chars if ord(c) in cmap}
    missing = sorted(chars - present)
    options = subset.Options()
    options.layout_features = []  # no OpenType layout: reportlab does not use it
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables += ["EBDT", "EBLC", "EBSC", "bdat", "bloc", "GSUB", "GPOS", "GDEF"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(c) for c in present])
    sub.subset(font)
    # The Arphic Public License asks for a notice in each modified file: how and when.
    notice = (
        f"Modified on {datetime.date.today().isoformat()} for the nianbao-zhushou program by "
        "resources/fonts/build_subsets.py with fontTools: subset to the characters listed "
        "there; hinting, embedded bitmaps and OpenType layout tables removed. "
        "Glyph outlines are unchanged."
    )
    font["name"].setName(notice, 10, 3, 1, 0x409)  # Description (Windows, English)
    font["name"].setName(notice, 10, 1, 0, 0)  # Description (Mac Roman)
    out = HERE / out_name
    font.save(out)
    print(f"{out_name}: {len(present)} characters, {out.stat().st_size // 1024} KB")
    if missing:
        print(f"  not in source: {''.join(c for c in missing if c.isprintable())}")


def main() -> None:
    for out_name, (source, index, which) in SOURCES.items():
        build(out_name, source, index, wanted(which))


if __name__ == "__main__":
    main()
