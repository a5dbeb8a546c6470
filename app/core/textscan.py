"""Pure text helpers for the rules: character counts, similarity, numbers stated in prose.

Every function here is cached on its string arguments, because the texts rarely change
while the numbers are being typed and the rules run on every keystroke.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from app.form.format2021 import (
    T2_BLOCKS,
    T2_FIRST_BLOCK_COLS,
    T3_APPLICANT_COLS,
    T3_COLUMNS,
    T3_ORGS,
    T3_RESULT_GROUPS,
    T4_GROUPS,
)


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


def plain_name(label: str) -> str:
    """A form label as prose names it: 「（二）部分公开（区分处理的…）」 → 「部分公开」."""
    return re.sub(r"^（[一二三四五六七八九十]+）", "", label).split("（", 1)[0]


NO_FEE_ROW = "other.no_fee"


def plain_item(label: str) -> str:
    """An item of table 三 without its number: 「2.重复申请」 → 「重复申请」."""
    return re.sub(r"^\d+\.", "", label)


def _label_alternatives(label: str) -> str:
    """「行政规范性文件」 is also written 「规范性文件」."""
    if label.startswith("行政") and len(label) > 4:
        return f"(?:行政)?{re.escape(label[2:])}"
    return re.escape(label)


def _labelled() -> tuple[
    dict[str, tuple[str, ...]], dict[str, str], list[tuple[str, tuple[str, ...], str]]
]:
    """Topics named by a form label right before the figure (「予以公开3件」), built from
    the form: the cells each topic stands for, its name in prose, and its pattern."""
    keys: dict[str, tuple[str, ...]] = {
        "new": ("t3.new.total",),
        "carried": ("t3.carried.total",),
        "carry_forward": ("t3.carry_forward.total",),
        "review": ("t4.review.total",),
        "suit": ("t4.direct_suit.total", "t4.suit_after_review.total"),
        "results_total": ("t3.results_total.total",),
    }
    names: dict[str, str] = {}
    patterns: list[tuple[str, tuple[str, ...], str]] = [
        ("results_total", ("办结", "申请", "件"), r"办结(?:政府信息公开)?申请\s*(?P<n>\d+)\s*件"),
    ]
    num = r"\s*(?P<n>\d+)\s*件"
    orgs = T3_APPLICANT_COLS[1:]
    columns = dict(T3_COLUMNS)
    for col in T3_APPLICANT_COLS:
        name = columns[col] + (T3_ORGS if col == T3_APPLICANT_COLS[-1] else "")
        topic = f"applicant.{col}"
        keys[topic], names[topic] = (f"t3.new.{col}",), name
        patterns.append((topic, (name, "件"), rf"{re.escape(name)}(?:申请)?{num}"))
    keys["applicant.orgs"] = tuple(f"t3.new.{c}" for c in orgs)
    names["applicant.orgs"] = T3_ORGS
    patterns.append(
        (
            "applicant.orgs",
            (T3_ORGS, "件"),
            rf"(?<!{columns[orgs[-1]]}){re.escape(T3_ORGS)}(?:申请)?{num}",
        )
    )
    for group, rows in T3_RESULT_GROUPS:
        first = rows[0][0]
        gid = first.split(".", 1)[0]
        name = plain_name(group or rows[0][1])
        topic = f"result.{gid}"
        keys[topic] = tuple(f"t3.{r}.total" for r, _ in rows)
        names[topic] = name
        patterns.append((topic, (name, "件"), rf"{re.escape(name)}(?:申请)?{num}"))
        for row_key, row_label in rows:
            if row_key == NO_FEE_ROW:  # 六 reports the fee notices not paid
                keys[row_key], names[row_key] = (f"t3.{row_key}.total",), plain_item(row_label)
                patterns.append((row_key, ("收费通知", "件"), re.escape(names[row_key]) + num))
    for _, col_key, headers, rows in T2_BLOCKS:
        for row_key, row_label in rows:
            alt = _label_alternatives(row_label)
            words = (row_label[2:] if alt.startswith("(?:行政)") else row_label,)
            if len(headers) == 3:
                for sub, header in zip(T2_FIRST_BLOCK_COLS, headers, strict=True):
                    verb = header.removeprefix("本年").removesuffix("件数")
                    topic = f"t2.{row_key}.{sub}"
                    keys[topic], names[topic] = (topic,), verb
                    patterns.append((topic, (verb, *words, "件"), rf"{verb}{alt}{num}"))
            elif col_key == "decisions":
                topic = f"t2.{row_key}.{col_key}"
                keys[topic], names[topic] = (topic,), row_label
                patterns.append((topic, (*words, "决定", "件"), rf"{alt}(?:处理)?决定{num}"))
            else:
                topic = f"t2.{row_key}.{col_key}"
                keys[topic], names[topic] = (topic,), row_label
                patterns.append(
                    (
                        topic,
                        (*words, "万元"),
                        rf"{alt}[^。；;，,、\d\n]{{0,6}}?(?P<n>\d+(?:\.\d+)?)\s*万元",
                    )
                )
    for group, name in T4_GROUPS[1:]:
        topic = group
        keys[topic], names[topic] = (f"t4.{group}.total",), name
        patterns.append((topic, (name, "件"), rf"{re.escape(name)}(?:的)?(?:案件)?{num}"))
    return keys, names, patterns


TOPIC_KEYS, TOPIC_NAMES, _LABELLED = _labelled()
LABELLED_PATTERNS = tuple(_LABELLED)

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
    *LABELLED_PATTERNS,
)


Number = int | Decimal


class Stated(NamedTuple):
    """A figure a text states: its topic, the number, the phrase (as normalised for
    reading), the year the phrase names (or None), and where the number and the phrase
    stand in the original text."""

    topic: str
    number: Number
    phrase: str
    year: int | None
    start: int
    end: int
    phrase_start: int
    phrase_end: int


def _matches(t: str, skip_absent: bool) -> Iterator[tuple[str, re.Match[str]]]:
    for topic, words, pattern in STATED_PATTERNS:
        if skip_absent and not all(w in t for w in words):
            continue
        for m in re.finditer(pattern, t):
            if topic == "carry_forward" or "结转下" not in m.group(0):
                yield topic, m


def _number(digits: str) -> Number:
    return Decimal(digits) if "." in digits else int(digits)


LAST_YEAR = 0  # the year of a figure its clause says is last year's (上年/去年)
_ORIGINAL_TOPICS = frozenset(("new", "carried", "carry_forward", "review", "suit"))


def _year(topic: str, m: re.Match[str]) -> int | None:
    """The year a figure is of: named in its phrase (「2023年共收到…」) or, for a figure
    named by a label (「予以公开3件」), the last year named earlier in its sentence
    (「2022年予以公开5件」); ``LAST_YEAR`` when its part of the sentence says 上年/去年."""
    year = m.groupdict().get("year")
    if year:
        return int(year)
    if topic in _ORIGINAL_TOPICS:
        return None
    t = m.string
    start = max(t.rfind(c, 0, m.start()) for c in "。；;！!？?\n") + 1
    before = t[start : m.start()]
    part = re.split(r"[,，、]", before)[-1]
    if "上年" in part or "去年" in part:
        return LAST_YEAR
    years = re.findall(r"(\d{4})\s*年", before)
    return int(years[-1]) if years else None


@lru_cache(maxsize=16)
def _found(t: str) -> tuple[tuple[str, re.Match[str], int | None], ...]:
    """The matches in a normalised text with their years, searched once for both the rule
    (:func:`stated_numbers`) and the editor's offer (:func:`stated_spans`) on a keystroke."""
    return tuple((topic, m, _year(topic, m)) for topic, m in _matches(t, True))


@lru_cache(maxsize=64)
def stated_numbers(text: str) -> tuple[tuple[str, Number, str, int | None], ...]:
    """Figures a text states about the tables: (topic, number, quoted phrase, year named).

    Topics: ``new`` (本年新收/受理…申请 N 件), ``carried`` (上年结转 N 件),
    ``carry_forward`` (结转下年度 N 件), ``review`` (行政复议 N 件), ``suit`` (行政诉讼 N 件),
    and the topics named by a form label right before the figure (``TOPIC_KEYS``:
    「予以公开3件」, 「自然人13件」, 「制发行政规范性文件2件」, 「行政事业性收费1.5万元」…).
    The patterns are deliberately narrow: a number is taken only when the clause
    names the subject and the unit right after it. ``year`` is the year the phrase
    names (「2024年，共收到…」), so that figures of another year are not compared.
    """
    return _stated_in(_clean(text))


def _stated_in(t: str, skip_absent: bool = True) -> tuple[tuple[str, Number, str, int | None], ...]:
    """The search itself; ``skip_absent`` skips a pattern whose words ``t`` lacks."""
    if skip_absent:
        return tuple((topic, _number(m.group("n")), m.group(0), y) for topic, m, y in _found(t))
    return tuple(
        (topic, _number(m.group("n")), m.group(0), _year(topic, m))
        for topic, m in _matches(t, skip_absent)
    )


@lru_cache(maxsize=16)
def stated_spans(text: str) -> tuple[Stated, ...]:
    """The figures of :func:`stated_numbers`, each with the place of its number in ``text``
    (the original text, before full-width characters were normalised)."""
    pieces = [unicodedata.normalize("NFKC", ch) for ch in text]
    t = "".join(pieces)
    origin: Sequence[int] = range(len(text) + 1)  # each character normalised to one
    if len(t) != len(text):  # some to several (「㈠」 → 「(一)」)
        origin = [i for i, p in enumerate(pieces) for _ in p]
        origin.append(len(text))
    out = []
    for topic, m, year in _found(t):
        (a, b), (pa, pb) = m.span("n"), m.span()
        number = _number(m.group("n"))
        at = (origin[a], origin[b - 1] + 1, origin[pa], origin[pb - 1] + 1)
        out.append(Stated(topic, number, m.group(0), year, *at))
    return tuple(out)


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
