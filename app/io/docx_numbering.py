"""Word's automatic numbering (一、 （一） 1.) put back in front of the paragraphs it numbers.

A heading numbered by a list style, or the items 1. 2. 3. of a table's row labels, carry no
number in their text: Word computes it from ``word/numbering.xml``. This follows the
counters the way Word does for the common cases (per list, a level restarts when a
higher one advances, ``startOverride``, numbering through paragraph styles) and formats them
in the number formats Chinese documents use. Bullets give nothing.
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9
_DIGITS = "〇一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese(n: int, digits: str = _DIGITS, ten: str = "十") -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (counting style)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n - 10] if n > 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        out = digits[hundreds] + "百"
        if rest == 0:
            return out
        if rest < 10:
            return out + "零" + digits[rest]
        return out + digits[rest // 10] + ten + (digits[rest % 10] if rest % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    """A counter in one of Word's number formats (``w:numFmt``)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting"):
        return chinese(n)
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese(n, _LEGAL, "拾")
    if fmt in ("ideographTraditional", "ideographZodiac") and 1 <= n <= 10:
        return _STEMS[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt.startswith("decimalFullWidth"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)


def _val(node: Any, tag: str, default: str | None = None) -> str | None:
    child = node.find(f"{W}{tag}") if node is not None else None
    return default if child is None else child.get(f"{W}val", default)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class Numbering:
    """The numbering of one document, with its counters as the document is read in order."""

    def __init__(self, numbering: Any, styles: Any | None) -> None:
        # abstract list → level → (start, format, text)
        self.abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for a in numbering.iter(f"{W}abstractNum"):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in a.findall(f"{W}lvl"):
                ilvl = _int(lvl.get(f"{W}ilvl"), 0)
                start = _int(_val(lvl, "start"), 1)
                levels[ilvl] = (
                    start,
                    _val(lvl, "numFmt", "decimal") or "",
                    _val(lvl, "lvlText", "") or "",
                )
            self.abstract[a.get(f"{W}abstractNumId", "")] = levels
        # list instance → (abstract list, level → start override)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        for num in numbering.iter(f"{W}num"):
            overrides = {
                _int(o.get(f"{W}ilvl"), 0): _int(_val(o, "startOverride"), 1)
                for o in num.findall(f"{W}lvlOverride")
                if o.find(f"{W}startOverride") is not None
            }
            self.nums[num.get(f"{W}numId", "")] = (_val(num, "abstractNumId", "") or "", overrides)
        self.styles: dict[str, tuple[str, int]] = {}  # paragraph style → (list, level)
        if styles is not None:
            based: dict[str, str] = {}
            for st in styles.iter(f"{W}style"):
                sid = st.get(f"{W}styleId", "")
                ppr = st.find(f"{W}pPr")
                numpr = ppr.find(f"{W}numPr") if ppr is not None else None
                if numpr is not None:
                    self.styles[sid] = (
                        _val(numpr, "numId", "") or "",
                        _int(_val(numpr, "ilvl"), 0),
                    )
                parent = _val(st, "basedOn")
                if parent:
                    based[sid] = parent
            for sid, parent in based.items():
                for _ in range(8):  # numbering inherited along basedOn
                    if sid in self.styles or parent is None:
                        break
                    if parent in self.styles:
                        self.styles[sid] = self.styles[parent]
                    parent = based.get(parent)
        self.counters: dict[str, list[int | None]] = {}
        self.used: set[str] = set()

    def prefix(self, p: Any) -> str:
        """The number Word shows in front of paragraph ``p`` (advancing the counters)."""
        ppr = p.find(f"{W}pPr")
        if ppr is None:
            return ""
        numpr = ppr.find(f"{W}numPr")
        if numpr is not None:
            num_id = _val(numpr, "numId")
            ilvl = _int(_val(numpr, "ilvl"), 0)
            if num_id is None:
                style = self.styles.get(_val(ppr, "pStyle") or "")
                num_id = style[0] if style else None
        else:
            style = self.styles.get(_val(ppr, "pStyle") or "")
            if style is None:
                return ""
            num_id, ilvl = style
        if not num_id or num_id == "0" or num_id not in self.nums or not 0 <= ilvl < LEVELS:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, [None] * LEVELS)
        if num_id not in self.used:
            self.used.add(num_id)
            for lv, start in overrides.items():
                if 0 <= lv < LEVELS:
                    counters[lv] = start - 1
        start, fmt, text = levels[ilvl]
        current = counters[ilvl]
        counters[ilvl] = start if current is None else current + 1
        for deeper in range(ilvl + 1, LEVELS):
            counters[deeper] = None
        if fmt in ("bullet", "none") or not text:
            return ""
        for lv in range(LEVELS - 1, -1, -1):
            token = f"%{lv + 1}"
            if token in text:
                lv_start, lv_fmt, _ = levels.get(lv, (1, "decimal", ""))
                n = counters[lv]
                text = text.replace(token, format_number(lv_start if n is None else n, lv_fmt))
        return text
