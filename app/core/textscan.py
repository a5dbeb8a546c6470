"""Pure text helpers for the rules: character counts, similarity, numbers stated in prose.

Every function here is cached on its string arguments, because the texts rarely change
while the numbers are being typed and the rules run on every keystroke.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=64)
def char_count(text: str) -> int:
    """Characters without whitespace, as offices count a report's length."""
    return sum(1 for ch in text if not ch.isspace())


@lru_cache(maxsize=64)
def _bigrams(text: str) -> frozenset[tuple[str, int]]:
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    counts: dict[str, int] = {}
    out = set()
    for i in range(len(t) - 1):
        bg = t[i : i + 2]
        n = counts.get(bg, 0)
        counts[bg] = n + 1
        out.add((bg, n))
    return frozenset(out)


@lru_cache(maxsize=64)
def similarity(a: str, b: str) -> float:
    """Dice coefficient over character bigrams (with multiplicity): 1.0 = same text."""
    x, y = _bigrams(a), _bigrams(b)
    if not x and not y:
        return 1.0 if a.strip() == b.strip() else 0.0
    return 2 * len(x & y) / (len(x) + len(y))


@lru_cache(maxsize=64)
def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


_CLAUSE = r"[^。；;，,！？!?\n]"

# (topic, words the pattern cannot match without, pattern). A text without the words is
# not searched, so the pattern is not even compiled (start-up checks the sample report).
STATED_PATTERNS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "new",
        ("申请", "件"),
        rf"(?:本年|全年|年内|本年度|(?P<year>\d{{4}})\s*年)(?:度)?[,，]?{_CLAUSE}{{0,8}}?"
        rf"(?:新收|收到|受理|接收){_CLAUSE}{{0,14}}?申请{_CLAUSE}{{0,4}}?(?P<n>\d+)\s*件",
    ),
    ("carried", ("上年", "结转", "件"), rf"上年(?:度)?结转{_CLAUSE}{{0,12}}?(?P<n>\d+)\s*件"),
    (
        "carry_forward",
        ("结转", "件"),
        rf"结转(?:至)?下(?:一)?年度?{_CLAUSE}{{0,10}}?(?P<n>\d+)\s*件",
    ),
    (
        "review",
        ("行政复议",),
        r"(?<![、和及与])行政复议(?:申请|案件)?[^。；;，,、和及与诉\d\n]{0,6}?(?P<n>\d+)\s*(?:件|起)",
    ),
    (
        "suit",
        ("行政诉讼",),
        r"(?<![、和及与])行政诉讼(?:案件)?[^。；;，,、和及与复\d\n]{0,6}?(?P<n>\d+)\s*(?:件|起)",
    ),
)


@lru_cache(maxsize=64)
def stated_numbers(text: str) -> tuple[tuple[str, int, str, int | None], ...]:
    """Figures a text states about the tables: (topic, number, quoted phrase, year named).

    Topics: ``new`` (本年新收/受理…申请 N 件), ``carried`` (上年结转 N 件),
    ``carry_forward`` (结转下年度 N 件), ``review`` (行政复议 N 件), ``suit`` (行政诉讼 N 件).
    The patterns are deliberately narrow: a number is taken only when the clause
    names the subject and the unit 件 right after it. ``year`` is the year the phrase
    names (「2024年，共收到…」), so that figures of another year are not compared.
    """
    return _stated_in(_clean(text))


def _stated_in(t: str, skip_absent: bool = True) -> tuple[tuple[str, int, str, int | None], ...]:
    """The search itself; ``skip_absent`` skips a pattern whose words ``t`` lacks."""
    found: list[tuple[str, int, str, int | None]] = []
    for topic, words, pattern in STATED_PATTERNS:
        if skip_absent and not all(w in t for w in words):
            continue
        for m in re.finditer(pattern, t):
            phrase = m.group(0)
            if topic == "carry_forward" or "结转下" not in phrase:
                year = m.groupdict().get("year")
                found.append((topic, int(m.group("n")), phrase, int(year) if year else None))
    return tuple(found)


def _stale_year_in(t: str, last: int) -> tuple[str, ...]:
    """Sentence openings of ``t`` that report on year ``last``: 「2024年，」, 「截至2024年底」."""
    pattern = (
        rf"(?:^|[。；;！!？?\n])\s*({last}\s*年(?:度)?\s*(?:[,，]|(?:未|共|全年|我|累计)))"
        rf"|(截至\s*{last}\s*年\s*(?:底|末|12\s*月\s*31\s*日))"
    )
    return tuple(next(g for g in m.groups() if g).strip() for m in re.finditer(pattern, t, re.M))


@lru_cache(maxsize=64)
def stale_year_phrases(text: str, year: int) -> tuple[str, ...]:
    """Phrases that speak of ``year - 1`` as the year being reported on.

    Only sentence openings such as 「2024年，我镇……」 or 「2024年度，」 and
    「截至2024年12月31日」 count; a year inside a title (《2024年工作要点》) does not.
    """
    t = _clean(text)
    last = year - 1
    if str(last) not in t:  # the pattern names the year in digits
        return ()
    return _stale_year_in(t, last)
