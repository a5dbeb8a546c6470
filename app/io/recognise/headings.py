"""Section headings in the shapes offices write them (DESIGN §10).

「五、存在的主要问题及改进情况」 as the 2021 format has it, the 2019 format's
「五、政府信息公开工作存在的主要问题及改进情况」, 「（五）…」 or 「第五部分 …」 numbering,
spaces anywhere, and the heading run into the first sentence (「一、总体情况。2023年，…」).
A heading is recognised only when its number and its words agree, so that the numbered
paragraphs inside a section (「（一）主动公开。…」) are never taken for headings.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from app.form import FORM

# Words each section's heading may use besides the form's own heading (2019 format, variants
# seen); the form's own is read from app.form.
VARIANTS: dict[str, tuple[str, ...]] = {
    "一": ("概述", "总体概况", "基本情况"),
    "二": ("主动公开政府信息的情况", "主动公开情况"),
    "三": (
        "收到和处理政府信息公开申请的情况",
        "依申请公开政府信息情况",
        "依申请公开情况",
    ),
    "四": (
        "政府信息公开行政复议和行政诉讼情况",
        "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "行政复议、行政诉讼情况",
    ),
    "五": (
        "政府信息公开工作存在的主要问题及改进情况",
        "存在的主要问题和改进情况",
        "主要问题及改进情况",
        "存在的问题及改进措施",
        "存在的主要问题及改进措施",
    ),
    "六": ("其他需要报告事项", "其他事项"),
}
ARABIC = dict(zip("123456", "一二三四五六", strict=True))
_NUMBER = re.compile(
    r"^\s*(?:第\s*([一二三四五六])\s*部分\s*[、.．:：,，]?"
    r"|[（(]\s*([一二三四五六])\s*[)）]\s*[、.．]?"
    r"|([一二三四五六])\s*[、.．,，:：]"
    r"|([1-6])\s*[、.．](?!\d))\s*"
)
_NARROW = str.maketrans("０１２３４５６７８９（）．，：；\u3000", "0123456789().,:; ")
_AFTER = re.compile(r"\s*[。：:，,；;.．]?\s*")


def _pattern(words: str) -> re.Pattern[str]:
    return re.compile(r"\s*".join(re.escape(ch) for ch in words))


_BY_NUMBER: dict[str, tuple[str, list[re.Pattern[str]]]] = {}
for _s in FORM.sections:
    _words = dict.fromkeys((_s.heading, *VARIANTS.get(_s.number, ())))
    # longest first, so that the 2019 wording wins over its shorter 2021 tail
    _BY_NUMBER[_s.number] = (_s.key, [_pattern(w) for w in sorted(_words, key=len, reverse=True)])


class Heading(NamedTuple):
    key: str  # the section's key (text.overview, t2 …)
    heading: str  # the heading as written
    rest: str  # text after the heading on the same line ("" when the heading stands alone)


def split_heading(text: str) -> Heading | None:
    """The section heading ``text`` starts with, if any, and what follows it."""
    head = text[:80].translate(_NARROW)  # same length: positions carry over to ``text``
    m = _NUMBER.match(head)
    if not m:
        return None
    number = next(g for g in m.groups() if g)
    number = ARABIC.get(number, number)
    entry = _BY_NUMBER.get(number)
    if entry is None:
        return None
    key, patterns = entry
    for pat in patterns:
        w = pat.match(head, m.end())
        if w:
            end = w.end()
            a = _AFTER.match(head, end)
            rest_start = a.end() if a else end
            return Heading(key, text[:end].strip(), text[rest_start:].strip())
    return None
