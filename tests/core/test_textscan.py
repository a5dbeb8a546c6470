"""The text helpers skip a pattern only when the text lacks a word the pattern needs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import textscan
from app.core.textscan import (
    STATED_PATTERNS,
    stale_year_phrases,
    stated_numbers,
)

# Texts built like real report sentences, with the variants each pattern allows, mixed with
# loose pieces, so that the patterns often match and often almost match.
PIECES = (
    "本年",
    "本年度",
    "全年",
    "2023年",
    "2022年",
    "2024年度",
    "，",
    "。",
    "；",
    "、",
    "\n",
    "我镇",
    "共",
    "新收",
    "收到",
    "受理",
    "政府信息公开",
    "申请",
    "件",
    "起",
    "上年",
    "结转",
    "下年度",
    "至下一年度",
    "行政复议",
    "行政诉讼",
    "案件",
    "和",
    "未发生",
    "截至",
    "12月31日",
    "底",
    "0",
    "3",
    "13",
    "２",
    "１０",
    " ",
)
opt = st.sampled_from
filler = st.lists(opt(("共", "政府信息公开", "依", "各类", " ", "的")), max_size=3).map("".join)
number = st.integers(0, 120).map(str) | opt(("１０", "２"))
new_sentence = st.tuples(
    opt(("本年", "全年", "年内", "本年度", "2023年", "2022 年度", "")),
    opt(("，", ",", "")),
    filler,
    opt(("新收", "收到", "受理", "接收")),
    filler,
    opt(("申请", "")),
    filler,
    number,
    opt((" 件", "件", "起")),
).map("".join)
carried_sentence = st.tuples(
    opt(("上年", "上年度", "")),
    opt(("结转", "结转至下一年度", "结转下年度", "结转下年")),
    filler,
    number,
    opt(("件", "起")),
).map("".join)
appeal_sentence = st.tuples(
    opt(("", "、", "和", "及")),
    opt(("行政复议", "行政诉讼")),
    opt(("申请", "案件", "")),
    filler,
    number,
    opt(("件", "起", "")),
).map("".join)
sentence = new_sentence | carried_sentence | appeal_sentence | opt(PIECES)
texts = st.lists(sentence, max_size=8).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_skipping_patterns_by_their_words_changes_no_result(text: str) -> None:
    unfiltered = textscan._stated_in(textscan._clean(text), skip_absent=False)
    assert stated_numbers(text) == unfiltered


def test_each_pattern_finds_its_sentence() -> None:
    # Guards the test above: every pattern can match at all.
    examples = (
        "本年共收到政府信息公开申请13件。",
        "上年结转3件。",
        "结转下年度2件。",
        "行政复议3件，",
        "行政诉讼0起。",
        "共办结政府信息公开申请13件，其中予以公开3件、部分公开1件、不予公开1件、无法提供2件、不予处理1件、"
        "其他处理1件。",
        "其中自然人3件、商业企业1件、科研机构1件、社会公益组织1件、法律服务机构1件、"
        "其他法人或其他组织1件；法人或其他组织5件。",
        "制发规章1件、废止规章1件、现行有效规章1件，制发行政规范性文件2件、废止规范性文件1件、"
        "现行有效行政规范性文件9件。",
        "作出行政许可决定2件、行政处罚决定65件、行政强制决定1件，行政事业性收费18.8710万元。",
        "未经复议直接起诉1件、复议后起诉2件。",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请1件。",
    )
    topics = {found[0] for e in examples for found in stated_numbers(e)}
    assert topics == {topic for topic, _, _ in STATED_PATTERNS}


@settings(max_examples=400, deadline=None)
@given(texts)
def test_skipping_texts_without_the_year_changes_no_result(text: str) -> None:
    unfiltered = textscan._stale_year_in(textscan._clean(text), 2023)
    assert stale_year_phrases(text, 2024) == unfiltered


def test_stale_year_still_finds_a_copied_opening() -> None:
    assert stale_year_phrases("2023年，我镇共收到申请13件。", 2024) == ("2023年,",)
