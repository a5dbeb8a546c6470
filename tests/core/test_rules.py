"""Every rule of DESIGN §4 fires on a wrong report and stays silent on a right one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import sample
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.document import Document, next_year
from app.core.findings import Finding, Severity
from app.core.rules import RULES, check
from app.form import FORM

COLS = ["natural", "commercial", "research", "social", "legal", "other_org", "total"]
INPUT_COLS = COLS[:-1]


def fired(doc: Document, rule: str) -> list[Finding]:
    return [f for f in check(doc) if f.rule == rule]


def test_sample_has_no_findings_at_all() -> None:
    assert check(sample()) == []


def test_every_rule_of_the_design_is_registered() -> None:
    ids = {r.id for r in RULES}
    assert ids == {
        "balance", "count", "fee", "carry_over", "required", "overview_length",
        "processing_fee", "same_as_last_year", "in_force_balance", "town_regulations",
        "stale_year", "text_vs_table", "other_share", "blank", "ten_times",
        "doubled_word", "half_width_punctuation", "text_contradicts_table", "section_number",
    }  # fmt: skip
    severities = {r.id: r.severity for r in RULES}
    for rid in ("balance", "count", "fee", "carry_over", "required"):
        assert severities[rid] is Severity.ERROR


# ---------------------------------------------------------------- balance


def test_balance_names_column_items_and_both_numbers() -> None:
    doc = sample()
    doc.set("t3.granted.natural", 2)  # results now 12, new 13
    found = fired(doc, "balance")
    assert [f.message for f in found] == [
        "表三·自然人列：第一项+第二项=13，第三项（七）+第四项=12，相差 1",
        "表三·总计列：第一项+第二项=13，第三项（七）+第四项=12，相差 1",
    ]
    assert found[0].keys == (
        "t3.new.natural", "t3.carried.natural", "t3.results_total.natural", "t3.carry_forward.natural"
    )  # fmt: skip
    assert found[0].severity is Severity.ERROR


def test_balance_per_column_for_organisations() -> None:
    doc = sample()
    doc.set("t3.new.legal", 2)
    doc.set("t3.granted.legal", 1)
    doc.set("t3.carry_forward.legal", 1)
    assert fired(doc, "balance") == []
    doc.set("t3.carried.legal", 1)
    assert [f.keys[0] for f in fired(doc, "balance")] == ["t3.new.legal", "t3.new.total"]


@settings(max_examples=80, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            f"t3.{row}.{col}": st.integers(0, 30)
            for row in ("new", "carried", "granted", "unavailable.not_held", "carry_forward")
            for col in INPUT_COLS
        }
    )
)
def test_balance_fires_exactly_when_the_identity_fails(values: dict[str, int]) -> None:
    doc = Document(values=dict(values))
    flagged = {f.keys[0].split(".")[-1] for f in fired(doc, "balance")}
    expected = set()
    for col in INPUT_COLS:
        left = values[f"t3.new.{col}"] + values[f"t3.carried.{col}"]
        right = sum(
            values[f"t3.{r}.{col}"] for r in ("granted", "unavailable.not_held", "carry_forward")
        )
        if left != right:
            expected.add(col)
    s = lambda r: sum(values[f"t3.{r}.{c}"] for c in INPUT_COLS)  # noqa: E731
    if s("new") + s("carried") != s("granted") + s("unavailable.not_held") + s("carry_forward"):
        expected.add("total")
    assert flagged == expected


# ---------------------------------------------------------------- count / fee


def test_count_refuses_negative_and_non_integer_values() -> None:
    doc = sample()
    doc.set("t2.licensing.decisions", -1)
    doc.set("t4.review.upheld", Decimal("1.5"))  # e.g. from a hand-edited JSON file
    found = fired(doc, "count")
    assert {f.keys[0] for f in found} == {"t2.licensing.decisions", "t4.review.upheld"}
    assert any("负数" in f.message and "行政许可" in f.message for f in found)


def test_fee_refuses_negative_and_seven_decimals() -> None:
    doc = sample()
    doc.set("t2.fees.amount", Decimal("-2"))
    assert "负数" in fired(doc, "fee")[0].message
    doc.set("t2.fees.amount", Decimal("1.1234567"))
    assert "6 位小数" in fired(doc, "fee")[0].message
    doc.set("t2.fees.amount", Decimal("4166.241619"))
    assert fired(doc, "fee") == []


# ---------------------------------------------------------------- carry_over


def test_carry_over_checks_all_seven_columns_against_last_year() -> None:
    last = sample()
    last.set("t3.carry_forward.legal", 2)
    last.set("t3.granted.legal", 0)
    doc = next_year(last)
    assert fired(doc, "carry_over") == []
    doc.set("t3.carried.legal", 1)
    found = fired(doc, "carry_over")
    assert [f.keys for f in found] == [("t3.carried.legal",), ("t3.carried.total",)]
    assert (
        "法律服务机构" in found[0].message and "1" in found[0].message and "2" in found[0].message
    )


def test_carry_over_silent_without_last_year() -> None:
    doc = sample()
    doc.set("t3.carried.natural", 4)
    assert fired(doc, "carry_over") == []


# ---------------------------------------------------------------- required


@pytest.mark.parametrize(
    "change,key",
    [
        (lambda d: setattr(d, "agency", " "), "agency"),
        (lambda d: setattr(d, "year", None), "year"),
        (lambda d: d.texts.update({"text.overview": ""}), "text.overview"),
        (lambda d: d.texts.update({"text.problems": "无。"}), "text.problems"),
        (lambda d: d.texts.update({"text.problems": "暂无问题"}), "text.problems"),
    ],
)
def test_required(change, key: str) -> None:  # type: ignore[no-untyped-def]
    doc = sample()
    change(doc)
    assert [f.keys for f in fired(doc, "required")] == [(key,)]


# ---------------------------------------------------------------- warnings


def test_overview_length_counts_characters_without_whitespace() -> None:
    doc = sample()
    doc.texts["text.overview"] = "字" * 1000 + "\n \n" * 50
    assert fired(doc, "overview_length") == []
    doc.texts["text.overview"] = "字" * 1001
    assert "1001" in fired(doc, "overview_length")[0].message


@pytest.mark.parametrize(
    "text",
    ["2023 年未收取信息公开处理费用。", "本年度未收取信息处理费。", "全年共收取处理费 0 元。"],
)
def test_processing_fee_accepts_the_wordings_offices_use(text: str) -> None:
    doc = sample()
    doc.texts["text.other"] = text
    assert fired(doc, "processing_fee") == []


def test_processing_fee_missing_and_stronger_with_fee_notices() -> None:
    doc = sample()
    doc.texts["text.other"] = "无。"
    weak = fired(doc, "processing_fee")[0].message
    doc.set("t3.other.no_fee.natural", 2)
    strong = fired(doc, "processing_fee")[0].message
    assert "收费通知" in strong and "2 件" in strong and "收费通知" not in weak


def test_same_as_last_year() -> None:
    last = sample()
    doc = next_year(last)
    doc.texts["text.problems"] = last.texts["text.problems"].replace("加强", "强化", 1)
    assert fired(doc, "same_as_last_year")
    doc.texts["text.problems"] = (
        "一是依申请公开答复文书格式不够统一，二是政策解读形式单一。下一步将制定答复模板，"
        "并通过图解、视频等方式开展解读。"
    )
    assert fired(doc, "same_as_last_year") == []


def test_in_force_balance_uses_last_years_in_force() -> None:
    last = sample()
    last.set("t2.normative.in_force", 10)
    doc = next_year(last)
    for k, v in {"issued": 3, "repealed": 1, "in_force": 12}.items():
        doc.set(f"t2.normative.{k}", v)
    assert fired(doc, "in_force_balance") == []
    doc.set("t2.normative.in_force", 11)
    f = fired(doc, "in_force_balance")[0]
    assert f.keys == ("t2.normative.in_force",) and "10 + 本年制发 3 − 本年废止 1 = 12" in f.message


def test_town_regulations() -> None:
    doc = sample()
    doc.set("t2.regulations.issued", 1)
    assert fired(doc, "town_regulations")[0].keys == ("t2.regulations.issued",)
    doc.agency_level = "县级部门"
    doc.agency = "某县司法局"
    assert fired(doc, "town_regulations") == []
    doc.agency_level = ""
    doc.agency = "某某街道办事处"
    assert fired(doc, "town_regulations")


def test_stale_year_flags_copied_sentence_openings_only() -> None:
    doc = sample()
    doc.year = 2024  # the sample's texts speak of 2023: as if copied into the 2024 report
    found = fired(doc, "stale_year")
    assert [f.keys for f in found] == [("text.overview",), ("text.other",)]
    assert "2023 年," in found[0].message or "2023 年，" in found[0].message
    doc.texts["text.overview"] = "2024年，我镇依据《2023年政务公开工作要点》开展工作。"
    doc.texts["text.other"] = "本年度未收取信息处理费。"
    assert fired(doc, "stale_year") == []


@pytest.mark.parametrize(
    "text,topic_key",
    [
        ("本年度共受理政府信息公开申请 14 件。", "t3.new.total"),
        ("本年新收政府信息公开申请12件。", "t3.new.total"),
        ("2023年，共收到政府信息公开申请 15 件。", "t3.new.total"),
        ("上年结转2件。", "t3.carried.total"),
        ("结转下年度继续办理3件。", "t3.carry_forward.total"),
        ("本年度发生行政复议1件。", "t4.review.total"),
        ("发生行政诉讼2起。", "t4.direct_suit.total"),
        ("其中予以公开4件。", "t3.granted.total"),
        ("其中自然人12件。", "t3.new.natural"),
        ("办结政府信息公开申请12件。", "t3.results_total.total"),
        ("作出行政处罚决定60件。", "t2.penalty.decisions"),
        ("收取行政事业性收费256.18万元。", "t2.fees.amount"),
        ("其中无法提供10件。", "t3.unavailable.needs_creation.total"),
    ],
)
def test_text_vs_table_fires_on_contradictions(text: str, topic_key: str) -> None:
    doc = sample()
    doc.texts["text.overview"] = text
    found = fired(doc, "text_vs_table")
    assert len(found) == 1 and topic_key in found[0].keys


@pytest.mark.parametrize(
    "text",
    [
        "本年度共受理政府信息公开申请 13 件，均按时答复。",  # the sample's own sentence
        "全年未发生行政复议和行政诉讼。",
        "行政复议、行政诉讼各0件。",
        "在政务新媒体发布信息 485 条。",
        "2022年，共收到政府信息公开申请 15 件。",  # another year: not compared
        "办结13件，其中予以公开3件、不予公开1件、无法提供9件，其中自然人13件。",
        "作出行政处罚决定65件，收取行政事业性收费256.1789万元，未制发规范性文件。",
        "法人或其他组织0件，部分公开0件。",
        "2022年予以公开5件，较上年有所减少。",  # a label's figure of another year
        "与上年相比，上年予以公开8件。",
        "12345热线工单按时办结1200件。",  # not applications
    ],
)
def test_text_vs_table_silent_when_consistent_or_unclear(text: str) -> None:
    doc = sample()
    doc.texts["text.overview"] = text
    assert fired(doc, "text_vs_table") == []


def test_text_vs_table_names_a_group_of_results_once() -> None:
    doc = sample()
    doc.texts["text.overview"] = "其中无法提供10件。"
    (f,) = fired(doc, "text_vs_table")
    assert f.message == "「一、总体情况」写「无法提供10件」，而表三「无法提供」各项合计为 9"


def test_other_share() -> None:
    doc = sample()
    doc.set("t3.new.natural", 20)
    doc.set("t3.granted.natural", 5)
    doc.set("t3.other.other.natural", 3)  # 3 of 5 + 1 + 7 + 2 + 3 = 18: 17 %
    assert "占「（七）总计」18 件" in fired(doc, "other_share")[0].message
    doc.set("t3.other.other.natural", 2)
    doc.set("t3.granted.natural", 8)  # 2 of 20 = 10 %: not more than 10 %
    assert fired(doc, "other_share") == []


def test_other_share_needs_ten_results() -> None:
    doc = Document(values={"t3.other.other.natural": 5, "t3.granted.natural": 4})
    assert fired(doc, "other_share") == []


def test_blank_lists_unfilled_cells_per_table() -> None:
    doc = sample()
    doc.set("t4.review.pending", None)
    doc.set("t3.partial.social", None)
    found = fired(doc, "blank")
    assert [f.keys for f in found] == [("t3.partial.social",), ("t4.review.pending",)]
    assert all(f.severity is Severity.WARNING for f in found)
    assert "打印时按 0" in found[0].message
    assert "（三）" not in found[0].message and "部分公开" in found[0].message


def test_blank_counts_many_cells_without_naming_them() -> None:
    found = fired(Document(), "blank")
    assert [f.message for f in found] == [
        "表二有 10 个单元格未填写（打印时按 0 处理）",
        "表三有 144 个单元格未填写（打印时按 0 处理）",  # 24 input rows × 6 columns
        "表四有 12 个单元格未填写（打印时按 0 处理）",
    ]


def test_messages_never_show_keys() -> None:
    doc = Document(year=2024, texts={"text.problems": "无"})
    doc.set("t3.new.natural", 3)
    doc.set("t2.fees.amount", Decimal("-1"))
    doc.last_year.texts["text.problems"] = "无"
    for f in check(doc):
        assert "t3." not in f.message and "t2." not in f.message and "text." not in f.message
        assert all(
            k in FORM.cells or k in ("agency", "year") or k.startswith("text.") for k in f.keys
        )


# ---------------------------------------------------------------- ten_times


def test_ten_times_last_year_is_a_typo_warning() -> None:
    last = sample()
    last.set("t3.new.natural", 13)
    last.set("t2.penalty.decisions", 65)
    doc = next_year(last)
    doc.set("t3.new.natural", 14)
    doc.set("t2.penalty.decisions", 650)  # one digit too many: 10×, not more
    assert fired(doc, "ten_times") == []
    doc.set("t3.new.natural", 140)
    doc.set("t2.fees.amount", Decimal("2561789"))  # 元 typed where 万元 is asked
    found = fired(doc, "ten_times")
    assert {f.keys for f in found} == {("t2.fees.amount",), ("t3.new.natural",)}
    msg = next(f.message for f in found if f.keys == ("t3.new.natural",))
    assert "本年 140" in msg and "上年 13" in msg and "超过 10 倍" in msg and "自然人" in msg
    assert all(f.severity is Severity.WARNING for f in found)


def test_ten_times_silent_for_small_figures_and_without_last_year() -> None:
    last = sample()
    last.set("t3.new.legal", 1)
    doc = next_year(last)
    doc.set("t3.new.legal", 12)  # 1 → 12 happens
    assert fired(doc, "ten_times") == []
    alone = sample()
    alone.set("t3.new.natural", 100000)
    assert fired(alone, "ten_times") == []
