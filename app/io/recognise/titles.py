"""Agency and year from a report's title, in every shape offices write it (DESIGN §10).

Agency first or year first, 「2023年度」, 「关于2023年政府信息公开工作的年度报告」, the year in
brackets after the title, 「年报」 for 「年度报告」, Chinese-numeral years (二〇二三年), a
leading 「附件1：」. The title is recognised by its report words; what is left once the year
and those words are taken out is the agency (possibly nothing: a title without agency).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_CN_DIGITS = str.maketrans("〇○零OＯ0一二三四五六七八九", "00000012345678" + "9")
_CN_YEAR = re.compile(r"[一二][〇○零OＯ0一二三四五六七八九]{3}(?=\s*年)")
_REPORT = re.compile(
    r"(?:的)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:的)?(?:年度报告|年度工作报告|年报|工作报告|报告)"
)
# A year is written 「2023年」「2023年度」 or in brackets 「（2023年）」「【2023】」, never as a date.
_YEAR = re.compile(
    r"[(（\[【〔]\s*((?:19|20)\d\d)\s*(?:年度|年)?\s*[)）\]】〕]|((?:19|20)\d\d)\s*(?:年度|年)"
)
_LEADING = re.compile(r"^(?:(?:附件|附表)\s*\d*\s*[:：]?|(?:标题|名称|题名)\s*[:：])")
_TRIM = " \t:：,，、.．的"
MAX_TITLE = 80
# How an agency's name ends (a line above a title without agency, a signature).
AGENCY_ENDINGS = (
    "人民政府", "政府", "办事处", "委员会", "办公室", "办公厅", "局", "厅", "委", "署", "院",
    "所", "中心", "镇", "乡", "街道", "管委会", "公司", "站", "馆", "队", "处", "部", "会",
)  # fmt: skip


class Title(NamedTuple):
    agency: str  # "" when the title names no agency
    year: int


def arabic_years(text: str) -> str:
    """「二〇二三年」 → 「2023年」; other text unchanged."""
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)


def parse_title(text: str) -> Title | None:
    """The agency and year a title line names; None if ``text`` is not a report's title."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not s or len(s) > MAX_TITLE or re.search(r"[。,;；]", s):
        return None
    s = arabic_years(s)
    report = _REPORT.search(s)
    if report is None:
        return None
    tail = s[report.end() :]
    if tail and not _YEAR.fullmatch(tail):
        return None  # the report words mid-sentence: not a title
    years = list(_YEAR.finditer(s))
    if not years:
        return None
    year_m = years[0]
    year = int(year_m.group(1) or year_m.group(2))
    rest = s[: year_m.start()] + "\x00" + s[year_m.end() :]
    rest = _REPORT.sub("\x00", rest, count=1)
    rest = _LEADING.sub("", rest)
    parts = [p.strip(_TRIM) for p in rest.replace("关于", "\x00").split("\x00")]
    agency = max(parts, key=len) if parts else ""
    if re.search(r"[:：]|\d", agency):
        return None  # 「生成日期：2024-01-18 …」: a labelled line, not a title
    if agency.startswith(("(", "（")) or len(agency) < 2:
        agency = ""
    return Title(agency, year)


def looks_like_agency(text: str) -> bool:
    """Whether a short line reads as an agency's name (「克井镇人民政府」)."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return (
        2 <= len(s) <= 40
        and s.endswith(AGENCY_ENDINGS)
        and not re.search(r"[\d，。:：；;]", s)
        and _REPORT.search(s) is None
    )
