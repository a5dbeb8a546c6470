"""Label matching for the recogniser: normalised labels, a forgiving matcher, and the
candidate labels of every table, row and column, all taken from the form (DESIGN §5).

A label is compared after NFKC, without spaces, line breaks, punctuation or an item number
(一、 （一） 1. …); small typos are accepted by a difflib ratio, short labels must match exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher

from app.form import FORM
from app.form import format2019 as f19
from app.form.format2021 import (
    T2_BLOCKS,
    T2_CONTENT_HEADER,
    T2_FIRST_BLOCK_COLS,
    T3_APPLICANTS,
    T3_CARRY_FORWARD,
    T3_COLUMNS,
    T3_NOTE,
    T3_ORGS,
    T3_RESULT_GROUPS,
    T3_RESULTS,
    T3_RESULTS_TOTAL,
    T3_TOP_ROWS,
    T4_GROUPS,
    T4_RESULTS,
    T4_SUIT,
)

FUZZY = 0.8  # difflib ratio for a label with a typo
FUZZY_MIN_LEN = 4  # shorter labels must match exactly
LABEL_COLS = 25  # how far left of the data columns row labels are looked for
HEADER_SPAN = 40  # how far right of a label its column headers are looked for
MAX_TABLE_ROWS = 80

# ---------------------------------------------------------------- label matching

_DROP = re.compile(r"[\s、，,。.．:：;；·•・\"'“”‘’「」『』()（）\[\]【】<>《》〈〉_—–\-]+")
_NUMBERING = re.compile(r"^(?:第?[一二三四五六七八九十]{1,3}(?:项)?|\d{1,2})(?=\D)")


def norm(text: str) -> str:
    """A label reduced to its letters: NFKC, no spaces, line breaks or punctuation."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text)).lower()


def bare(text: str) -> str:
    """``norm`` without a leading item number (一、 （一） 1. …)."""
    n = norm(text)
    stripped = _NUMBERING.sub("", n, count=1)
    return stripped or n


def score(text: str, label: str, text_counts: Counter[str] | None = None) -> float:
    """How well ``text`` (normalised) matches ``label`` (normalised): 0 … 1."""
    if not text or not label:
        return 0.0
    if text == label:
        return 1.0
    short, long_ = sorted((text, label), key=len)
    if len(short) < FUZZY_MIN_LEN:
        return 0.0
    if long_.startswith(short) and len(short) >= 4:
        return 0.85 + 0.1 * len(short) / len(long_)
    total = len(text) + len(label)
    if 2 * len(short) < FUZZY * total:
        return 0.0  # too different in length
    tc = text_counts if text_counts is not None else Counter(text)
    if 2 * sum((tc & _label_counts(label)).values()) < FUZZY * total:
        return 0.0  # too few characters in common
    r = SequenceMatcher(None, text, label).ratio()
    return r if r >= FUZZY else 0.0


_LABEL_COUNTS: dict[str, Counter[str]] = {}
_BEST_CACHE: dict[tuple[str, int], tuple[str, float]] = {}


def _label_counts(label: str) -> Counter[str]:
    c = _LABEL_COUNTS.get(label)
    if c is None:
        c = _LABEL_COUNTS[label] = Counter(label)
    return c


def best(text: str, candidates: dict[str, str]) -> tuple[str, float]:
    """The candidate key whose label best matches ``text`` (normalised); ("", 0) if none.

    ``candidates`` must be one of this module's constant tables (results are memoised).
    """
    if text in candidates:
        return candidates[text], 1.0
    if len(text) < FUZZY_MIN_LEN:
        return "", 0.0
    memo = (text, id(candidates))
    hit = _BEST_CACHE.get(memo)
    if hit is not None:
        return hit
    found, top = "", 0.0
    tc = Counter(text)
    for label, key in candidates.items():
        s = score(text, label, tc)
        if s > top:
            found, top = key, s
    if len(_BEST_CACHE) > 50_000:
        _BEST_CACHE.clear()
    _BEST_CACHE[memo] = (found, top)
    return found, top


# ---------------------------------------------------------------- the candidates, from FORM

T3_GROUPS: dict[str, str] = {}  # bare group label → group prefix ("withheld")
T3_ROWS: dict[str, str] = {}  # bare row label → row key
for _group, _rows in T3_RESULT_GROUPS:
    if _group is not None:
        T3_GROUPS[bare(_group)] = _rows[0][0].split(".")[0]
    for _k, _label in _rows:
        T3_ROWS[bare(_label)] = _k
for _k, _label in (*T3_TOP_ROWS, T3_RESULTS_TOTAL, T3_CARRY_FORWARD):
    T3_ROWS[bare(_label)] = _k
T3_CONTEXT = {bare(T3_RESULTS), norm(T3_APPLICANTS), norm(T3_ORGS)}
T3_NOTE_NORM = norm(T3_NOTE)
T3_COLS = {norm(label): key for key, label in T3_COLUMNS}
T3_OTHER_GROUP = T3_GROUPS[bare(f19.T3_2019_OTHER_LABEL)]
T3_OTHER_2019_KEY = f19.T3_2019_OTHER_KEY.split(".", 1)[1]  # "other.other"
_OTHER_ROWS = next(
    rows for g, rows in T3_RESULT_GROUPS if g and rows[0][0] == "other.no_correction"
)
T3_OTHER_2019_ROW = dict(_OTHER_ROWS)[T3_OTHER_2019_KEY]  # "3.其他"
T3_OTHER_UNREAD = "".join(  # 「1.」「2.」
    f"「{label.split('.')[0]}.」" for k, label in _OTHER_ROWS if k != T3_OTHER_2019_KEY
)

# Table 二: rows and column headers of both formats.
T2_ROWS: dict[str, str] = {}
T2_HEADERS: dict[str, str] = {}  # bare header → "2021:<sub>" or "2019:<header label>"
for _title, _sub, _headers, _rows2 in T2_BLOCKS:
    for _k, _label in _rows2:
        T2_ROWS[bare(_label)] = _k
    for _i, _h in enumerate(_headers):
        T2_HEADERS[bare(_h)] = "2021:" + (T2_FIRST_BLOCK_COLS[_i] if len(_headers) == 3 else _sub)
for _title, _headers, _rows2 in f19.T2_2019_BLOCKS:
    for _k, _label in _rows2:
        T2_ROWS.setdefault(bare(_label), _k)
    for _h in _headers:
        T2_HEADERS.setdefault(bare(_h), "2019:" + _h)
T2_CONTENT = norm(T2_CONTENT_HEADER)
T2_ROW_NAMES = {k: label for _, _, _, rows in T2_BLOCKS for k, label in rows}

T4_GROUP_KEYS = {norm(label): key for key, label in T4_GROUPS}
T4_RESULT_KEYS = {norm(label): key for key, label in T4_RESULTS}
T4_SUIT_NORM = norm(T4_SUIT)

SECTION_TITLES = {bare(s.title): s.key for s in FORM.sections} | {
    norm(s.heading): s.key for s in FORM.sections
}
_META = {m.key: m.label for m in FORM.meta}
# The form's own labels plus the variants offices use on homemade cover sheets.
AGENCY_LABEL_VARIANTS = (
    "单位名称", "填报单位", "报告单位", "填报机关", "报送单位", "报送单位（盖章）",
    "填报单位（盖章）", "单位（盖章）", "编制单位", "报告机关", "机关名称（盖章）",
)  # fmt: skip
META_AGENCY_LABELS = {norm(_META["agency"])} | {norm(x) for x in AGENCY_LABEL_VARIANTS}
META_YEAR_LABELS = {norm(_META["year"])} | {norm(x) for x in ("年度", "年份", "统计年度")}
# Common variants of a label that are not typos: 合计 for 总计.
TOTAL_VARIANT = norm("合计")
T2_BLOCK_PREFIX = norm(T2_BLOCKS[0][0])[:5]  # 第二十条第: the start of every block title
assert all(norm(b[0]).startswith(T2_BLOCK_PREFIX) for b in T2_BLOCKS)
T3_NOTE_ANCHOR = norm(T3_NOTE)[:9]  # 「本列数据的勾稽关系」 without its bracket
NATURAL = dict(T3_COLUMNS)["natural"]
T3_ROWS.setdefault(TOTAL_VARIANT, T3_RESULTS_TOTAL[0])
T4_RESULT_KEYS.setdefault(TOTAL_VARIANT, "total")
