"""Every check of DESIGN §4: pure functions from a document to findings.

Each rule is registered with its id and severity in ``RULES``; :func:`check` runs them
all. Rules read the form definition for every label they name, so messages use the
official wording of the table, row and column. Nothing here knows about Qt or files.
"""

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import NamedTuple

from app.core.document import Document
from app.core.findings import Finding, Severity
from app.core.textscan import (
    TOPIC_KEYS,
    TOPIC_NAMES,
    char_count,
    similarity,
    stale_year_phrases,
    stated_numbers,
)
from app.core.values import MONEY_PLACES, format_value, places
from app.form import FORM, Kind
from app.form.format2021 import (
    AGENCY_LEVELS,
    T3_CARRY_FORWARD,
    T3_COLUMNS,
    T3_ITEM_NAMES,
    T3_OUTCOME_ROWS,
    T3_RESULT_GROUPS,
    T3_RESULTS_TOTAL,
    T3_TOP_ROWS,
)

E, W = Severity.ERROR, Severity.WARNING
OVERVIEW_LIMIT = 1000
SIMILARITY_LIMIT = 0.8
PROBLEMS_MIN_CHARS = 10
OTHER_SHARE = Decimal("0.1")
OTHER_SHARE_MIN_RESULTS = 10
BLANK_NAMED = 3  # blank cells named one by one in the message; more are only counted
NON_ANSWERS = frozenset({"无", "无。", "没有", "没有。", "暂无", "暂无。", "/", "—", "-"})
FEE_WORDS = ("处理费",)
TOWN_LEVEL = AGENCY_LEVELS[0]  # 乡镇/街道
TOWN_SUFFIXES = ("镇", "乡", "街道", "街道办事处", "镇人民政府", "乡人民政府", "苏木", "民族乡")

Check = Callable[[Document], Iterator[Finding]]


class Rule(NamedTuple):
    id: str
    severity: Severity
    title: str
    run: Check


RULES: list[Rule] = []


def rule(rule_id: str, severity: Severity, title: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        RULES.append(Rule(rule_id, severity, title, fn))
        return fn

    return register


def check(doc: Document) -> list[Finding]:
    """All findings for ``doc``, errors first, in the order of the rules."""
    out: list[Finding] = []
    for r in RULES:
        out.extend(r.run(doc))
    out.sort(key=lambda f: f.severity.rank)
    return out


def _section(key: str) -> str:
    return FORM.section(key).title


T2, T3 = FORM.table("t2").short_name, FORM.table("t3").short_name
OTHER_GROUP = next(g for g, rows in T3_RESULT_GROUPS if g and rows[0][0].startswith("other."))
OTHER_KEYS = tuple(f"t3.{r}.total" for r in T3_OUTCOME_ROWS if r.startswith("other."))
# The rules run on every keystroke: the cells they walk are listed once.
COUNT_KEYS = tuple(k for k in FORM.input_keys if FORM.cells[k].kind is Kind.COUNT)
MONEY_KEYS = tuple(k for k in FORM.input_keys if FORM.cells[k].kind is Kind.MONEY)
TEN_TIMES = 10
TEN_TIMES_MIN = 20  # smaller figures grow tenfold for real (1 → 12 applications)
TEN_TIMES_KEYS = COUNT_KEYS + MONEY_KEYS
TABLE_INPUTS = tuple((t, tuple(c.key for c in t.cells if not c.computed)) for t in FORM.tables)


# ---------------------------------------------------------------- errors


@rule("balance", E, "表三勾稽关系")
def _balance(doc: Document) -> Iterator[Finding]:
    n = doc.number
    for col, col_name in T3_COLUMNS:
        left = n(f"t3.new.{col}") + n(f"t3.carried.{col}")
        right = n(f"t3.results_total.{col}") + n(f"t3.carry_forward.{col}")
        if left != right:
            i = T3_ITEM_NAMES
            yield Finding(
                "balance",
                E,
                tuple(
                    f"t3.{r}.{col}" for r in ("new", "carried", "results_total", "carry_forward")
                ),
                f"{T3}·{col_name}列：{i['new']}+{i['carried']}={left}，"
                f"{i['results_total']}+{i['carry_forward']}={right}，相差 {abs(left - right)}",
            )


@rule("count", E, "件数须为非负整数")
def _count(doc: Document) -> Iterator[Finding]:
    for key in COUNT_KEYS:
        v = doc.values[key]
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, int):
            yield Finding("count", E, (key,), f"{FORM.describe(key)}：「{v}」不是整数件数")
        elif v < 0:
            yield Finding("count", E, (key,), f"{FORM.describe(key)}：件数不能为负数（{v}）")


@rule("fee", E, "收费金额格式")
def _fee(doc: Document) -> Iterator[Finding]:
    for key in MONEY_KEYS:
        v = doc.values[key]
        if v is None:
            continue
        where = FORM.describe(key)
        if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
            yield Finding("fee", E, (key,), f"{where}：「{v}」不是金额")
        elif v < 0:
            yield Finding("fee", E, (key,), f"{where}：金额不能为负数（{format_value(v)}）")
        elif isinstance(v, Decimal) and places(v) > MONEY_PLACES:
            yield Finding(
                "fee",
                E,
                (key,),
                f"{where}：金额最多保留 {MONEY_PLACES} 位小数（{format_value(v)}）",
            )


@rule("carry_over", E, "上年结转与上年报告一致")
def _carry_over(doc: Document) -> Iterator[Finding]:
    last = doc.last_year.values
    if not any(last.get(f"t3.carry_forward.{c}") is not None for c, _ in T3_COLUMNS):
        return
    for col, col_name in T3_COLUMNS:
        before = last.get(f"t3.carry_forward.{col}")
        before_n = 0 if before is None else before
        now = doc.number(f"t3.carried.{col}")
        if now != before_n:
            yield Finding(
                "carry_over",
                E,
                (f"t3.carried.{col}",),
                f"{T3}·{col_name}列：本年「{T3_TOP_ROWS[1][1]}」为 {now}，"
                f"上年报告「{T3_CARRY_FORWARD[1]}」为 {before_n}，两者应相等",
            )


@rule("required", E, "必填内容")
def _required(doc: Document) -> Iterator[Finding]:
    for field in FORM.meta:
        value = getattr(doc, field.key)
        if field.required and (value is None or not str(value).strip()):
            yield Finding("required", E, (field.key,), f"{FORM.meta_heading}：未填写{field.label}")
    for key in ("text.overview", "text.problems"):
        if not doc.texts.get(key, "").strip():
            yield Finding("required", E, (key,), f"「{_section(key)}」未填写")
    problems = doc.texts.get("text.problems", "").strip()
    if problems and (problems in NON_ANSWERS or char_count(problems) < PROBLEMS_MIN_CHARS):
        yield Finding(
            "required",
            E,
            ("text.problems",),
            f"「{_section('text.problems')}」只写了「{problems}」：须如实写明存在的问题和改进措施",
        )


# ---------------------------------------------------------------- warnings


@rule("overview_length", W, "总体情况篇幅")
def _overview_length(doc: Document) -> Iterator[Finding]:
    n = char_count(doc.texts.get("text.overview", ""))
    if n > OVERVIEW_LIMIT:
        yield Finding(
            "overview_length",
            W,
            ("text.overview",),
            f"「{_section('text.overview')}」共 {n} 字，超过原则上不超过的 {OVERVIEW_LIMIT} 字",
        )


@rule("processing_fee", W, "信息处理费情况")
def _processing_fee(doc: Document) -> Iterator[Finding]:
    text = doc.texts.get("text.other", "")
    if any(w in text for w in FEE_WORDS):
        return
    notices = doc.number("t3.other.no_fee.total")
    where = f"「{_section('text.other')}」"
    if notices:
        msg = (
            f"{where}未报告收取信息处理费情况，而{FORM.describe('t3.other.no_fee.total')}有 {notices} 件，"
            "说明发出过收费通知，必须在此报告收费情况"
        )
    else:
        msg = f"{where}未报告收取信息处理费情况（未收取也须写明，如「本年度未收取信息处理费」）"
    yield Finding("processing_fee", W, ("text.other", "t3.other.no_fee.total"), msg)


@rule("same_as_last_year", W, "问题与改进年年雷同")
def _same_as_last_year(doc: Document) -> Iterator[Finding]:
    now = doc.texts.get("text.problems", "")
    before = doc.last_year.texts.get("text.problems", "")
    if not now.strip() or not before.strip():
        return
    s = similarity(now, before)
    if s >= SIMILARITY_LIMIT:
        yield Finding(
            "same_as_last_year",
            W,
            ("text.problems",),
            f"「{_section('text.problems')}」与上年报告的相似度为 {s:.0%}，格式要求不得年年雷同",
        )


@rule("in_force_balance", W, "现行有效件数衔接")
def _in_force_balance(doc: Document) -> Iterator[Finding]:
    last = doc.last_year.values
    for row in ("regulations", "normative"):
        before = last.get(f"t2.{row}.in_force")
        keys = [f"t2.{row}.{c}" for c in ("issued", "repealed", "in_force")]
        if before is None or any(doc.values[k] is None for k in keys):
            continue
        issued, repealed, in_force = (doc.number(k) for k in keys)
        expected = before + issued - repealed
        if expected != in_force:
            name = FORM.cells[keys[0]].row_name
            yield Finding(
                "in_force_balance",
                W,
                (keys[2],),
                f"{T2}·{name}：上年现行有效 {before} + 本年制发 {issued} − 本年废止 {repealed} = "
                f"{expected}，而{FORM.cells[keys[2]].col_name}填 {in_force}（如有文件到期失效，可忽略）",
            )


def _is_town(doc: Document) -> bool:
    if doc.agency_level:
        return doc.agency_level == TOWN_LEVEL
    return doc.agency.strip().endswith(TOWN_SUFFIXES)


@rule("town_regulations", W, "乡镇不制定规章")
def _town_regulations(doc: Document) -> Iterator[Finding]:
    if not _is_town(doc):
        return
    keys = tuple(
        k
        for k in ("t2.regulations.issued", "t2.regulations.repealed", "t2.regulations.in_force")
        if doc.number(k)
    )
    if keys:
        regulations = FORM.cells[keys[0]].row_name
        normative = FORM.cells["t2.normative.issued"].row_name
        yield Finding(
            "town_regulations",
            W,
            keys,
            f"{T2}「{regulations}」：乡镇、街道无权制定规章，{regulations}各项一般应为 0"
            f"（本机关的文件请填入「{normative}」）",
        )


@rule("stale_year", W, "正文年份沿用上年")
def _stale_year(doc: Document) -> Iterator[Finding]:
    if doc.year is None:
        return
    for key in FORM.text_keys:
        phrases = stale_year_phrases(doc.texts.get(key, ""), doc.year)
        if phrases:
            quoted = "、".join(f"「{p}」" for p in phrases[:3])
            yield Finding(
                "stale_year",
                W,
                (key,),
                f"「{_section(key)}」写有 {quoted}：本报告是 {doc.year} 年度的，"
                "是否沿用了上年报告的文字？",
            )


def table_figure(doc: Document, topic: str) -> tuple[int | Decimal, frozenset[int | Decimal]]:
    """What the tables say about a topic of ``stated_numbers``: the figure, and every
    figure a text may state for it without contradicting the tables."""
    figure = sum((doc.number(k) for k in TOPIC_KEYS[topic]), start=0)
    if topic == "new":  # 「受理…申请」 often counts the carried-over ones too
        return figure, frozenset((figure, figure + doc.number("t3.carried.total")))
    return figure, frozenset((figure,))


def topic_place(topic: str) -> str:
    """The cells a topic stands for, in the official words."""
    keys = TOPIC_KEYS[topic]
    if len(keys) > 2:  # a group of table 三's results: 「（三）不予公开」 and its items
        return f"{T3}「{TOPIC_NAMES[topic]}」各项合计"
    return "、".join(FORM.describe(k) for k in keys)


@rule("text_vs_table", W, "正文数字与表格不符")
def _text_vs_table(doc: Document) -> Iterator[Finding]:
    for text_key in FORM.text_keys:
        for topic, stated, phrase, year in stated_numbers(doc.texts.get(text_key, "")):
            if year is not None and year != doc.year:
                continue  # a figure of another year (「2022年收到…」) is no contradiction
            table_n, accepted = table_figure(doc, topic)
            if stated not in accepted:
                yield Finding(
                    "text_vs_table",
                    W,
                    (text_key, *TOPIC_KEYS[topic]),
                    f"「{_section(text_key)}」写「{phrase}」，而{topic_place(topic)}为 "
                    f"{format_value(table_n)}",
                )


@rule("other_share", W, "其他处理占比")
def _other_share(doc: Document) -> Iterator[Finding]:
    total = doc.number("t3.results_total.total")
    other = sum(doc.number(k) for k in OTHER_KEYS)
    if total >= OTHER_SHARE_MIN_RESULTS and other > total * OTHER_SHARE:
        yield Finding(
            "other_share",
            W,
            OTHER_KEYS,
            f"{T3}「{OTHER_GROUP}」共 {other} 件，占「{T3_RESULTS_TOTAL[1]}」{total} 件的 "
            f"{other / total:.0%}，超过 {OTHER_SHARE:.0%}：请核实是否应归入其他处理结果",
        )


@rule("ten_times", W, "比上年多出 10 倍以上")
def _ten_times(doc: Document) -> Iterator[Finding]:
    """A typo check: a figure more than ten times last year's (one digit too many, or 元
    typed where 万元 is asked)."""
    last = doc.last_year.values
    if not last:
        return
    for key in TEN_TIMES_KEYS:
        before = last.get(key)
        now = doc.values[key]
        if not before or now is None or isinstance(now, bool) or isinstance(before, bool):
            continue
        if before > 0 and now >= TEN_TIMES_MIN and now > before * TEN_TIMES:
            yield Finding(
                "ten_times",
                W,
                (key,),
                f"{FORM.describe(key)}：本年 {format_value(now)}，上年 {format_value(before)}，"
                f"是上年的 {now / before:.0f} 倍（超过 {TEN_TIMES} 倍），"
                "请核对是否多输了数字或单位",
            )


@rule("blank", W, "未填写的单元格")
def _blank(doc: Document) -> Iterator[Finding]:
    for table, inputs in TABLE_INPUTS:
        keys = tuple(k for k in inputs if doc.values[k] is None)
        if keys:
            named = "、".join(FORM.describe(k) for k in keys[:BLANK_NAMED])
            where = f"：{named}" if len(keys) <= BLANK_NAMED else ""
            yield Finding(
                "blank",
                W,
                keys,
                f"{table.short_name}有 {len(keys)} 个单元格未填写{where}（打印时按 0 处理）",
            )


# The editor's checks of the texts register themselves here (after the rules above).
import app.core.editorial  # noqa: E402, F401
