"""Chinese line breaking (禁则) for reportlab's CJK paragraphs.

reportlab breaks CJK text between any two characters and only knows the Japanese list of
characters that may not start a line, without the full-width comma, semicolon, colon,
closing quotes or 》; nor does it keep opening quotes and brackets off the end of a line.
:func:`paragraph_class` returns a ``Paragraph`` whose CJK line breaking follows the usual
Chinese rules (reportlab itself is not modified):

- a closing punctuation mark (，。、；：？！”’）》】〕…) never starts a line: the character
  before it moves down with it (nothing hangs into the margin or over a table's rule);
- an opening mark (“‘（《【〔) never ends a line: it moves down with the next character;
- a run of Latin letters or digits (a number, a year) is not cut in the middle;
- justified lines are filled by character spacing (reportlab only widens spaces).
"""

from __future__ import annotations

import functools
from typing import Any

CANNOT_START = frozenset(
    "，。、；：？！”’）》〉】〕」』…·—～%‰℃,.;:?!)]}\u3001\u3002\uff09\uff0c\uff1b\uff1a"
)
CANNOT_END = frozenset("“‘（《〈【〔「『([{￥$")


def _install_justification() -> None:
    """Justify our CJK lines by character spacing.

    reportlab justifies a line by widening its spaces, and CJK lines have none, so
    ``alignment=TA_JUSTIFY`` leaves them ragged. Its line-drawing function is replaced by one
    that, for lines made by :func:`cjk_frag_split` only (they carry ``cjk_chars``), sets the
    PDF character spacing so the line fills its width; every other line is drawn by
    reportlab's own function unchanged.
    """
    from reportlab.platypus import paragraph as rl

    if getattr(rl._justifyDrawParaLineX, "nianbao", False):
        return
    original = rl._justifyDrawParaLineX

    def justify(tx: Any, offset: float, line: Any, last: int = 0) -> Any:
        n = getattr(line, "cjk_chars", 0)
        extra = float(getattr(line, "extraSpace", 0.0))
        if n < 2 or last or line.lineBreak or abs(extra) < 1e-6:
            return original(tx, offset, line, last)
        tx._x_offset = offset
        rl.setXPos(tx, offset)
        tx.setCharSpace(extra / (n - 1))
        try:
            rl._putFragLine(offset, tx, line, last, "justify")
        finally:
            tx.setCharSpace(0)
        rl.setXPos(tx, -offset)
        return None

    justify.nianbao = True  # type: ignore[attr-defined]
    rl._justifyDrawParaLineX = justify


@functools.cache
def paragraph_class() -> Any:
    """reportlab's ``Paragraph`` with :func:`cjk_frag_split` for ``wordWrap="CJK"``."""
    from reportlab.platypus.paragraph import Paragraph, ParaLines, _handleBulletWidth

    _install_justification()

    class CJKParagraph(Paragraph):  # type: ignore[misc]
        def breakLinesCJK(self, maxWidths: Any) -> Any:
            if not isinstance(maxWidths, (list, tuple)):
                maxWidths = [maxWidths]
            style = self.style
            self.height = 0
            _handleBulletWidth(self.bulletText, style, maxWidths)
            if not self.frags:
                return ParaLines(
                    kind=0,
                    fontSize=style.fontSize,
                    fontName=style.fontName,
                    textColor=style.textColor,
                    lines=[],
                    ascent=style.fontSize,
                    descent=-0.2 * style.fontSize,
                )
            if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
                return self.blPara
            self._cjk_widths = tuple(maxWidths)
            rest = getattr(self, "_cjk_rest", None)
            if rest is not None and all(abs(w - rest[0]) < 1e-6 for w in maxWidths):
                return ParaLines(kind=1, lines=rest[1])  # already broken: see split
            auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
            return cjk_frag_split(self.frags, maxWidths, auto not in ("", "off"))

        def _get_split_blParaFunc(self) -> Any:
            if self.blPara.kind == 1:
                return _split_lines
            return super()._get_split_blParaFunc()

        def split(self, availWidth: Any, availHeight: Any) -> Any:
            """reportlab's split, but the part that goes on to the next page keeps the
            lines already broken: breaking the rest again on every page made a long
            paragraph cost time quadratic in its length."""
            parts = super().split(availWidth, availHeight)
            widths = getattr(self, "_cjk_widths", ())
            blpara = getattr(self, "blPara", None)
            if len(parts) == 2 and blpara is not None and blpara.kind == 1 and widths:
                later = widths[1:] or widths
                if all(abs(w - later[0]) < 1e-6 for w in later):
                    first = parts[0]
                    done = len(first.blPara.lines)
                    parts[1]._cjk_rest = (later[0], blpara.lines[done:])
            return parts

    return CJKParagraph


def _split_lines(blPara: Any, start: int, stop: int) -> list[Any]:
    """The fragments of lines ``start:stop`` (reportlab's version appends a space to the
    last fragment of each line, changing the lines it is given)."""
    return [w for line in blPara.lines[start:stop] for w in line.words]


def _is_latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "._-/%")


def cjk_frag_split(frags: Any, maxWidths: Any, calcBounds: Any, encoding: str = "utf8") -> Any:
    """reportlab's ``cjkFragSplit`` with Chinese line-breaking rules."""
    from reportlab.lib.utils import isBytes
    from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine
    from reportlab.rl_config import _FUZZ

    chars: list[Any] = []
    for f in frags:
        text = f.text
        if isBytes(text):
            text = text.decode(encoding)
        if text:
            chars.extend(cjkU(t, f, encoding) for t in text)
        else:
            chars.append(cjkU(text, f, encoding))
    lines: list[Any] = []
    i = start = 0
    width_used = 0.0
    max_width = maxWidths[0]
    n = len(chars)
    while i < n:
        u = chars[i]
        i += 1
        width_used += _width(u, max_width)
        line_break = hasattr(u.frag, "lineBreak")
        if not ((width_used > max_width + _FUZZ and width_used > 0) or line_break):
            continue
        nxt = i
        if not line_break:
            end = i - 1  # index of the character that overflowed
            if str(u).isspace() and end > start:
                i, nxt = end, end + 1  # a space where the line breaks is not printed
            else:
                i = nxt = _break_before(chars, start, end)
        used = sum(_width(c, max_width) for c in chars[start:i])
        line = makeCJKParaLine(
            chars[start:i], max_width, used, max_width - used, line_break, calcBounds
        )
        line.cjk_chars = i - start  # lets the justification spread it by character spacing
        lines.append(line)
        try:
            max_width = maxWidths[len(lines)]
        except IndexError:
            max_width = maxWidths[-1]
        start = i = nxt
        width_used = 0
    if start < n:
        used = sum(_width(c, max_width) for c in chars[start:])
        lines.append(
            makeCJKParaLine(chars[start:], max_width, used, max_width - used, False, calcBounds)
        )
    return ParaLines(kind=1, lines=lines)


def _break_before(chars: list[Any], start: int, end: int) -> int:
    """Where the line from ``start`` ends, given that ``chars[end]`` does not fit."""
    cut = end
    if _is_latin(str(chars[cut])):
        # do not cut a number or a Latin word: go back to its start
        j = cut
        while j > start and _is_latin(str(chars[j - 1])):
            j -= 1
        if j > start:
            cut = j
    # the next line may not start with a closing mark: move a character down with it
    while cut - 1 > start and str(chars[cut]) in CANNOT_START:
        cut -= 1
    # an opening mark moves down with what follows it
    while cut - 1 > start and str(chars[cut - 1]) in CANNOT_END:
        cut -= 1
    return cut if cut > start else max(end, start + 1)  # one overlong item: break it anyway


def _width(u: Any, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)
