"""Standard sentences written from the tables, and keeping their figures true.

:func:`draft` turns the tables into the sentences a text section usually carries, in
the wording offices use: for 「一、总体情况」 the 主动公开 sentence (table 二), the
依申请公开 paragraph (table 三) and the 行政复议/行政诉讼 sentence (table 四); for
「六、其他需要报告的事项」 the 信息处理费 statement. Only non-zero kinds are named and a
zero reads naturally (「未收到…」, not 「收到0件」). Every figure is written the way
``textscan`` reads figures back, so the ``text_vs_table`` rule checks each of them.

:func:`number_updates` finds the figures of a text that no longer match the tables
(the same ones ``text_vs_table`` warns about) and proposes the new figure for each;
:func:`apply_updates` applies the ones the user accepted. Nothing here knows about Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from app.core.document import Document
from app.core.rules import table_figure, topic_place
from app.core.textscan import NO_FEE_ROW, TOPIC_KEYS, TOPIC_NAMES, stated_spans
from app.core.values import format_value
from app.form import FORM
from app.form.format2021 import (
    T2_BLOCKS,
    T2_FIRST_BLOCK_COLS,
    T3_APPLICANT_COLS,
    T3_RESULT_GROUPS,
    T4_SUIT,
)

OVERVIEW, OTHER = "text.overview", "text.other"
THIS_YEAR = "本年度"
APPLICATION = "政府信息公开申请"
CAUSE = "因政府信息公开引起的"
PROCESSING_FEE = "信息处理费"
REVIEW = FORM.cells["t4.review.total"].row_name  # 行政复议


class Part(NamedTuple):
    """One standard sentence or paragraph, with the name the dialog shows for it."""

    title: str
    text: str


class FeeCharged(NamedTuple):
    """信息处理费 actually charged, as the office enters it (not part of the tables)."""

    yuan: Decimal | None = None
    applications: int | None = None


def read_yuan(text: str) -> Decimal | None:
    """An amount of 元 as the office types it (「120」, 「120元」); None when it is none."""
    try:
        value = Decimal(text.removesuffix("元"))
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


def read_count(text: str) -> int | None:
    """A number of applications as typed (「3」, 「3件」); None when it is none."""
    digits = text.removesuffix("件")
    return int(digits) if digits.isdigit() else None


def _n(doc: Document, keys: Iterable[str]) -> int:
    return int(sum((doc.number(k) for k in keys), start=0))


def _figure(doc: Document, topic: str) -> int:
    return _n(doc, TOPIC_KEYS[topic])


def _table(table_id: str) -> str:
    return FORM.table(table_id).short_name


def _list(items: list[str]) -> str:
    return "、".join(items)


# ---------------------------------------------------------------- 一、总体情况


def _documents(doc: Document) -> str:
    """制发/废止/现行有效 规章 and 行政规范性文件 (table 二, first block)."""
    rows = T2_BLOCKS[0][3]
    verbs = [TOPIC_NAMES[f"t2.{rows[0][0]}.{c}"] for c in T2_FIRST_BLOCK_COLS]
    clauses: list[str] = []
    for row_key, row_label in rows:
        figures = [doc.number(f"t2.{row_key}.{c}") for c in T2_FIRST_BLOCK_COLS]
        if not any(figures):
            continue
        *changes, in_force = zip(verbs, figures, strict=True)
        clauses.extend(f"{verb}{row_label}{n}件" for verb, n in changes if n)
        not_done = [verb for verb, n in changes if not n]
        if not_done:
            clauses.append(f"未{_list(not_done)}{row_label}")
        if in_force[1]:
            clauses.append(f"{in_force[0]}{row_label}{in_force[1]}件")
    if not clauses:
        return f"未{_list(verbs[:2])}{'和'.join(label for _, label in rows)}"
    return "，".join(clauses)


def _decisions(doc: Document) -> str:
    """行政许可, 行政处罚, 行政强制 decisions (table 二, blocks （五） and （六）)."""
    made: list[str] = []
    none: list[str] = []
    for _, col_key, _, rows in T2_BLOCKS:
        if col_key != "decisions":
            continue
        for row_key, row_label in rows:
            n = doc.number(f"t2.{row_key}.{col_key}")
            (made if n else none).append(f"{row_label}决定{n}件" if n else row_label)
    parts = []
    if made:
        parts.append(f"作出{_list(made)}")
    if none:
        parts.append(f"未作出{_list(none)}决定")
    return "，".join(parts)


def _fees(doc: Document) -> str:
    """行政事业性收费 in 万元, written as entered (18.8710 stays 18.8710)."""
    key = "t2.fees.amount"
    name, unit = TOPIC_NAMES[key], FORM.cells[key].unit
    amount = doc.number(key)
    if not amount:
        return f"未收取{name}"
    return f"收取{name}{format_value(amount)}{unit}"


def active_disclosure(doc: Document) -> str:
    """The 主动公开 sentence from table 二."""
    return f"{THIS_YEAR}，{_documents(doc)}；{_decisions(doc)}；{_fees(doc)}。"


def _named(doc: Document, topics: Iterable[str]) -> list[str]:
    return [f"{TOPIC_NAMES[t]}{n}件" for t in topics if (n := _figure(doc, t))]


APPLICANT_TOPICS = tuple(f"applicant.{c}" for c in T3_APPLICANT_COLS)
RESULT_TOPICS = tuple(f"result.{rows[0][0].split('.', 1)[0]}" for _, rows in T3_RESULT_GROUPS)


def applications(doc: Document) -> str:
    """The 依申请公开 paragraph from table 三: received (by applicant), carried over,
    results (by kind), carried forward; only the non-zero kinds are named."""
    new, carried = _figure(doc, "new"), _figure(doc, "carried")
    done, forward = _figure(doc, "results_total"), _figure(doc, "carry_forward")
    if new:
        first = f"{THIS_YEAR}共收到{APPLICATION}{new}件，其中{_list(_named(doc, APPLICANT_TOPICS))}"
    else:
        first = f"{THIS_YEAR}未收到{APPLICATION}"
    if carried:
        first += f"，上年结转{APPLICATION}{carried}件"
    elif not new:
        return f"{first}，也无上年结转的申请。"
    if done:
        second = f"{THIS_YEAR}办结{APPLICATION}{done}件，其中{_list(_named(doc, RESULT_TOPICS))}"
    else:
        second = f"{THIS_YEAR}未办结{APPLICATION}"
    if forward:
        second += f"，结转下年度继续办理{forward}件"
    else:
        second += "，无结转下年度继续办理的申请"
    return f"{first}。{second}。"


def appeals(doc: Document) -> str:
    """The 行政复议/行政诉讼 sentence from table 四."""
    review = _figure(doc, "review")
    direct, after = _figure(doc, "direct_suit"), _figure(doc, "suit_after_review")
    suit = direct + after
    if not review and not suit:
        return f"{THIS_YEAR}未发生{CAUSE}{REVIEW}、{T4_SUIT}案件。"
    detail = ""
    if direct and after:
        detail = f"（其中{_list(_named(doc, ('direct_suit', 'suit_after_review')))}）"
    if review and suit:
        return f"{THIS_YEAR}{CAUSE}{REVIEW}案件{review}件，{T4_SUIT}案件{suit}件{detail}。"
    if review:
        return f"{THIS_YEAR}{CAUSE}{REVIEW}案件{review}件，未发生{CAUSE}{T4_SUIT}案件。"
    return f"{THIS_YEAR}未发生{CAUSE}{REVIEW}案件，{CAUSE}{T4_SUIT}案件{suit}件{detail}。"


def overview_parts(doc: Document) -> list[Part]:
    return [
        Part(f"主动公开（{_table('t2')}）", active_disclosure(doc)),
        Part(f"依申请公开（{_table('t3')}）", applications(doc)),
        Part(f"{REVIEW}、{T4_SUIT}（{_table('t4')}）", appeals(doc)),
    ]


# ---------------------------------------------------------------- 六、其他需要报告的事项


def processing_fee(doc: Document, fee: FeeCharged | None = None) -> str:
    """The 信息处理费 statement: 「本年度未收取信息处理费。」 unless the office enters what
    it charged; applications dropped for an unpaid fee notice (table 三) are named."""
    if fee is not None and fee.yuan:
        text = f"{THIS_YEAR}共收取{PROCESSING_FEE}{format_value(fee.yuan)}元"
        if fee.applications:
            text += f"，涉及{APPLICATION}{fee.applications}件"
    else:
        text = f"{THIS_YEAR}未收取{PROCESSING_FEE}"
    unpaid = _figure(doc, NO_FEE_ROW)
    if unpaid:
        text += f"；{TOPIC_NAMES[NO_FEE_ROW]}{unpaid}件"
    return text + "。"


def other_parts(doc: Document, fee: FeeCharged | None = None) -> list[Part]:
    return [Part(f"{PROCESSING_FEE}情况", processing_fee(doc, fee))]


SECTION_PARTS: dict[str, Callable[[Document], list[Part]]] = {
    OVERVIEW: overview_parts,
    OTHER: other_parts,
}


def unfilled(doc: Document) -> int:
    """Input cells not yet filled: the sentences count them as 0."""
    return sum(1 for k in FORM.input_keys if doc.values[k] is None)


def draft(doc: Document, text_key: str) -> str:
    """The standard sentences of a text section, one paragraph a line ("" if none)."""
    parts = SECTION_PARTS.get(text_key)
    return "\n".join(p.text for p in parts(doc)) if parts else ""


# ---------------------------------------------------------------- keeping figures true


class NumberUpdate(NamedTuple):
    """A figure of a text that the tables contradict, and the figure they give."""

    text_key: str
    start: int  # where the old figure stands in the text
    end: int
    old: str
    new: str
    phrase: str  # the phrase of the text the figure stands in
    at: int  # where the figure stands in the phrase
    place: str  # the table cells, in the official words

    @property
    def after(self) -> str:
        """The phrase with the new figure."""
        return self.phrase[: self.at] + self.new + self.phrase[self.at + len(self.old) :]


def number_updates(doc: Document, text_keys: Iterable[str] | None = None) -> list[NumberUpdate]:
    """Every figure the ``text_vs_table`` rule would warn about, with the tables' figure."""
    out: list[NumberUpdate] = []
    for key in FORM.text_keys if text_keys is None else text_keys:
        text = doc.texts.get(key, "")
        seen: set[tuple[int, int]] = set()
        for s in stated_spans(text):
            if (s.year is not None and s.year != doc.year) or (s.start, s.end) in seen:
                continue
            seen.add((s.start, s.end))
            figure, accepted = table_figure(doc, s.topic)
            if s.number not in accepted:
                old = text[s.start : s.end]
                out.append(
                    NumberUpdate(
                        key,
                        s.start,
                        s.end,
                        old,
                        format_value(figure),
                        text[s.phrase_start : s.phrase_end],
                        s.start - s.phrase_start,
                        topic_place(s.topic),
                    )
                )
    return out


def apply_updates(text: str, updates: Iterable[NumberUpdate]) -> str:
    """``text`` with the figures of ``updates`` replaced (all of one text)."""
    for u in sorted(updates, key=lambda u: u.start, reverse=True):
        if text[u.start : u.end] == u.old:
            text = text[: u.start] + u.new + text[u.end :]
    return text
