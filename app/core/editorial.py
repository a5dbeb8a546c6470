"""Editor-like checks of the texts: slips an editor marks in red before a report goes out.

- ``doubled_word``: a word typed twice (「资金资金」, 「的的」), never a legitimate
  reduplication (「常常」, 「一一」, 「方方面面」, 「研究研究」): two- to four-character words
  repeated, except those starting with 「一」 and a short list of verbs whose doubling is
  Chinese; single characters only from a short list whose doubling is always a slip.
- ``half_width_punctuation``: 「,」 「;」 「:」 「?」 「!」 or brackets around Chinese words
  between Chinese characters.
- ``text_contradicts_table``: a statement the tables contradict (「所有申请均已按期办结」
  while some are carried forward; 「未收到政府信息公开申请」 while 一 > 0; 「未发生行政复议、
  行政诉讼」 while table 四 has cases).
- ``section_number``: an official heading written with the wrong number (「七、其他需要报告
  的事项」).

All are warnings. The searches are cached on the text, so a cell edit costs a lookup;
:func:`marks` gives the places in a text for the editor to underline. The rules register
themselves in ``app.core.rules.RULES`` when that module is imported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from app.core.document import Document
from app.core.findings import Finding, Severity
from app.core.rules import rule, table_figure, topic_place
from app.core.textscan import TOPIC_KEYS
from app.form import FORM

W = Severity.WARNING
CJK = "\u3400-\u4dbf\u4e00-\u9fff"
NUMERALS = "一二三四五六七八九十"
CONTEXT = 3  # characters quoted on each side of a slip
NAMED = 3  # places named in one message

# Words whose doubling is Chinese (「研究研究」, 「很多很多」) or that end one word and start
# the next (天主教主教团) — never marked.
REDUPLICATED = frozenset(
    (
        *("研究", "讨论", "学习", "商量", "考虑", "休息", "了解", "交流", "分析", "检查"),
        *("整理", "活动", "思考", "锻炼", "比较", "总结", "打扫", "收拾", "掂量", "彼此"),
        *("很多", "许多", "好多", "大批", "大把", "大片", "千万", "很久", "许久", "好久"),
        *("良久", "几百", "几十", "几千", "主教"),
    )
)
# Single characters whose doubling is always a slip, with the characters before them that
# make a word of the first one (「目的的」 is 目的 + 的) or after them (「的的确确」).
DOUBLED_CHARS: dict[str, tuple[str, str]] = {"的": ("目有别端标", "确"), "们": ("", "")}

# Character classes of all of CJK cost milliseconds to compile (start-up checks the
# sample): the patterns use \w and the matches are then tested with :func:`_cjk`.
_DOUBLED = r"(\w{2,4})\1"
_DOUBLED_CHAR = rf"([{''.join(DOUBLED_CHARS)}])\1"
_HALF_WIDTH = r"[,;:?!] ?|\([^()\n]*\)"


def _cjk(text: str) -> bool:
    return bool(text) and all("\u3400" <= ch <= "\u9fff" for ch in text)


class Place(NamedTuple):
    """A slip in a text: where it stands and the words quoted around it."""

    start: int
    end: int
    quote: str
    note: str  # what is wrong, for the message


def _quote(text: str, start: int, end: int) -> str:
    """The slip with a few characters of its line on each side."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    a, b = max(line_start, start - CONTEXT), min(line_end, end + CONTEXT)
    return ("…" if a > line_start else "") + text[a:b] + ("…" if b < line_end else "")


@lru_cache(maxsize=16)
def doubled_words(text: str) -> tuple[Place, ...]:
    out: list[Place] = []
    for m in re.finditer(_DOUBLED, text):
        word = m.group(1)
        if not _cjk(word) or word[0] == "一" or word in REDUPLICATED or len(set(word)) == 1:
            continue
        out.append(Place(m.start(), m.end(), _quote(text, m.start(), m.end()), word))
    for m in re.finditer(_DOUBLED_CHAR, text):
        before, after = DOUBLED_CHARS[m.group(1)]
        prev = text[m.start() - 1] if m.start() else ""
        nxt = text[m.end()] if m.end() < len(text) else ""
        if (prev and prev in before) or (nxt and nxt in after):
            continue
        out.append(Place(m.start(), m.end(), _quote(text, m.start(), m.end()), m.group(1)))
    return tuple(sorted(out))


@lru_cache(maxsize=16)
def half_width_punctuation(text: str) -> tuple[Place, ...]:
    if not any(ch in text for ch in ",;:?!("):
        return ()
    out = []
    for m in re.finditer(_HALF_WIDTH, text):
        a, b = m.span()
        before = text[a - 1] if a else ""
        after = text[b] if b < len(text) else ""
        inner = m.group(0)
        if inner[0] == "(":
            # brackets around Chinese words, next to a Chinese character
            if not any(_cjk(ch) for ch in inner) or not (_cjk(before) or _cjk(after)):
                continue
        elif not (_cjk(before) and _cjk(after)):
            continue
        out.append(Place(a, b, _quote(text, a, b), inner.strip()))
    return tuple(out)


HEADINGS = {s.heading: s.number for s in FORM.sections}
_HEADING = rf"([{NUMERALS}]+)\s*[、.．]\s*(" + "|".join(map(re.escape, HEADINGS)) + ")"


@lru_cache(maxsize=16)
def wrong_section_numbers(text: str) -> tuple[Place, ...]:
    if "、" not in text and "." not in text and "．" not in text:
        return ()
    if not any(h in text for h in HEADINGS):
        return ()
    out = []
    for m in re.finditer(_HEADING, text):
        right = HEADINGS[m.group(2)]
        if m.group(1) != right:
            out.append(Place(m.start(), m.end(), m.group(0), f"{right}、{m.group(2)}"))
    return tuple(out)


# ---------------------------------------------------------------- statements vs tables

_NOT_ALL = "未没尚非"
_APPLICATIONS = "(?:政府信息公开|依申请公开|信息公开)?申请"
# A claim ends its clause: 「未收到申请人补正材料」 and 「未出现行政复议被纠错的情况」 are
# not claims that there were none.
_ENDS = r"(?:的情况|情况|事项)?(?=[。；;，,、）)\n]|$)"
# (claim, words the pattern needs — one of each group —, pattern, topics whose figure the
# claim says is 0). A text without the words is not searched.
CLAIMS: tuple[tuple[str, tuple[tuple[str, ...], ...], str, tuple[str, ...]], ...] = (
    (
        "all_done",
        (("办结", "完毕"),),
        rf"(?<![{_NOT_ALL}])(?:所有|全部)?(?:申请)?(?:均已|均已经|已全部|均|全部)"
        r"(?:在法定期限内|按期|按时|依法|及时)?(?:办结|办理完毕|答复完毕)",
        ("carry_forward",),
    ),
    (
        "no_new",
        (("未", "没有"), ("申请",)),
        rf"(?:未|没有)(?:新收|收到|受理|接到|接收)(?:过)?(?:任何)?{_APPLICATIONS}{_ENDS}",
        ("new",),
    ),
    (
        "no_appeals",
        (("未", "没有", "无"), ("行政复议", "行政诉讼")),
        r"(?:未|没有|无)(?:发生|收到|产生|出现|涉及)?(?:因[^。；;，,\n]{0,14}?(?:引起的|引发的|产生的)?)?"
        r"(?:被申请|被提起)?(?P<what>行政复议(?:案件)?(?:[、和及或与](?:被提起)?行政诉讼)?|行政诉讼)"
        rf"(?:案件|申请)?{_ENDS}",
        ("review", "suit"),
    ),
    ("no_carried", (("无",), ("结转",)), r"无上年(?:度)?结转|上年(?:度)?无结转", ("carried",)),
    ("no_forward", (("无",), ("结转",)), r"无结转(?:至)?下(?:一)?年度?", ("carry_forward",)),
)
# Matters other than applications that reports say were all 办结.
OTHER_MATTERS = ("建议", "提案", "信访", "投诉", "举报", "热线", "诉求", "案件", "事项")
_CLAUSE_START = re.compile(r"[。；;！!？?\n]")
_YEAR = re.compile(r"(\d{4})\s*年")


class Claim(NamedTuple):
    topics: tuple[str, ...]
    phrase: str
    start: int
    end: int
    years: tuple[int, ...]  # years the clause names before the claim
    last_year: bool  # the clause speaks of last year (上年结转的申请均已办结)


@lru_cache(maxsize=16)
def claims(text: str) -> tuple[Claim, ...]:
    """Statements in ``text`` that some figure of the tables is 0."""
    out = []
    for claim, words, pattern, topics in CLAIMS:
        if not all(any(w in text for w in group) for group in words):
            continue
        for m in re.finditer(pattern, text):
            what = m.groupdict().get("what")
            said = tuple(
                t for t in topics if what is None or ("复议" if t == "review" else "诉讼") in what
            )
            cut = max((c.end() for c in _CLAUSE_START.finditer(text, 0, m.start())), default=0)
            before = text[cut : m.start()]
            years = tuple(int(y) for y in _YEAR.findall(before))
            part = re.split(r"[，,、]", before)[-1]  # the claim's own part of the sentence
            past = any(w in part for w in ("上年", "去年", "上一年"))
            if claim == "all_done" and (
                "申请" not in before + m.group(0) or any(w in before for w in OTHER_MATTERS)
            ):
                continue  # 「人大代表建议…均已按期办结」 speaks of something else
            out.append(Claim(said, m.group(0), m.start(), m.end(), years, past))
    return tuple(sorted(out, key=lambda c: c.start))


def contradicted(doc: Document, text: str) -> Iterator[tuple[Claim, list[str]]]:
    """Claims of ``text`` that the tables of ``doc`` contradict, with the topics that do."""
    for c in claims(text):
        if c.last_year or any(y != doc.year for y in c.years):
            continue
        wrong = [t for t in c.topics if table_figure(doc, t)[0]]
        if wrong:
            yield c, wrong


# ---------------------------------------------------------------- the rules


def _where(key: str) -> str:
    return f"「{FORM.section(key).title}」"


@rule("doubled_word", W, "字词重复")
def _doubled_word(doc: Document) -> Iterator[Finding]:
    for key in FORM.text_keys:
        for p in doubled_words(doc.texts.get(key, "")):
            yield Finding(
                "doubled_word",
                W,
                (key,),
                f"{_where(key)}写「{p.quote}」：「{p.note}」疑似重复输入",
            )


@rule("half_width_punctuation", W, "中文里的半角标点")
def _half_width(doc: Document) -> Iterator[Finding]:
    for key in FORM.text_keys:
        places = half_width_punctuation(doc.texts.get(key, ""))
        if places:
            named = "".join(f"「{p.quote}」" for p in places[:NAMED])
            more = f"等 {len(places)} 处" if len(places) > NAMED else ""
            yield Finding(
                "half_width_punctuation",
                W,
                (key,),
                f"{_where(key)}的汉字之间有半角标点：{named}{more}，中文行文应使用全角标点（，；：？！（））",
            )


@rule("text_contradicts_table", W, "正文表述与表格不符")
def _contradicts(doc: Document) -> Iterator[Finding]:
    for key in FORM.text_keys:
        for claim, wrong in contradicted(doc, doc.texts.get(key, "")):
            figures = "，".join(f"{topic_place(t)}为 {table_figure(doc, t)[0]}" for t in wrong)
            keys = tuple(k for t in wrong for k in TOPIC_KEYS[t])
            yield Finding(
                "text_contradicts_table",
                W,
                (key, *keys),
                f"{_where(key)}写「{claim.phrase}」，而{figures}",
            )


@rule("section_number", W, "部分序号有误")
def _section_number(doc: Document) -> Iterator[Finding]:
    for key in FORM.text_keys:
        for p in wrong_section_numbers(doc.texts.get(key, "")):
            yield Finding(
                "section_number",
                W,
                (key,),
                f"{_where(key)}写「{p.quote}」：年度报告格式中该部分为「{p.note}」",
            )


def marks(doc: Document, key: str) -> list[Place]:
    """Every place in text ``key`` that these rules warn about, for the editor to mark."""
    text = doc.texts.get(key, "")
    out = [
        *doubled_words(text),
        *half_width_punctuation(text),
        *wrong_section_numbers(text),
    ]
    out.extend(Place(c.start, c.end, c.phrase, "与表格不符") for c, _ in contradicted(doc, text))
    return sorted(out)
