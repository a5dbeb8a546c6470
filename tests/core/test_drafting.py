"""Standard sentences from the tables, and the proposed updates that keep their figures true."""

from __future__ import annotations

import re
from decimal import Decimal

from helpers import sample
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.document import Document
from app.core.drafting import (
    FeeCharged,
    active_disclosure,
    appeals,
    applications,
    apply_updates,
    draft,
    number_updates,
    other_parts,
    overview_parts,
    processing_fee,
)
from app.core.findings import Finding
from app.core.rules import check
from app.core.textscan import stated_numbers, stated_spans
from app.form import FORM, Kind


def warnings(doc: Document, rule: str = "text_vs_table") -> list[Finding]:
    return [f for f in check(doc) if f.rule == rule]


def zeros() -> Document:
    doc = Document(agency="某某局", year=2023)
    for key in FORM.input_keys:
        doc.set(key, Decimal(0) if FORM.cells[key].kind is Kind.MONEY else 0)
    return doc


# ---------------------------------------------------------------- the sample


def test_sample_sentences_in_the_offices_wording() -> None:
    doc = sample()
    assert active_disclosure(doc) == (
        "本年度，未制发、废止规章和行政规范性文件；作出行政处罚决定65件，"
        "未作出行政许可、行政强制决定；收取行政事业性收费256.1789万元。"
    )
    assert applications(doc) == (
        "本年度共收到政府信息公开申请13件，其中自然人13件。"
        "本年度办结政府信息公开申请13件，其中予以公开3件、不予公开1件、无法提供9件，"
        "无结转下年度继续办理的申请。"
    )
    assert appeals(doc) == "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    assert processing_fee(doc) == "本年度未收取信息处理费。"
    assert [p.title for p in overview_parts(doc)] == [
        "主动公开（表二）",
        "依申请公开（表三）",
        "行政复议、行政诉讼（表四）",
    ]


def test_inserted_into_an_empty_overview_the_rules_accept_it() -> None:
    doc = sample()
    doc.texts["text.overview"] = ""
    doc.texts["text.other"] = ""
    doc.texts["text.overview"] = draft(doc, "text.overview")
    doc.texts["text.other"] = draft(doc, "text.other")
    assert check(doc) == []  # not a single warning, of any rule
    assert number_updates(doc) == []


def test_after_a_change_to_table_three_the_update_fixes_exactly_the_affected_figures() -> None:
    doc = sample()
    doc.texts["text.overview"] = draft(doc, "text.overview")
    before = doc.texts["text.overview"]
    doc.set("t3.new.commercial", 2)  # two more applications, both granted
    doc.set("t3.granted.commercial", 2)
    found = warnings(doc)
    assert len(found) == 3
    updates = number_updates(doc)
    assert [(u.phrase, u.old, u.new) for u in updates] == [
        ("本年度共收到政府信息公开申请13件", "13", "15"),
        ("办结政府信息公开申请13件", "13", "15"),
        ("予以公开3件", "3", "5"),
    ]
    assert updates[0].after == "本年度共收到政府信息公开申请15件"
    assert "表三「（一）予以公开」行「总计」列" in updates[2].place
    doc.texts["text.overview"] = apply_updates(before, updates)
    assert warnings(doc) == []
    # only those three figures changed: 自然人13件 stays
    assert doc.texts["text.overview"] == before.replace("申请13件", "申请15件").replace(
        "予以公开3件", "予以公开5件"
    )


def test_updates_leave_other_years_and_the_sample_alone() -> None:
    doc = sample()
    assert number_updates(doc) == []
    doc.texts["text.overview"] = (
        "2022年，共收到政府信息公开申请 9 件。本年度共受理政府信息公开申请 12 件。"
    )
    (u,) = number_updates(doc)
    assert (u.old, u.new) == ("12", "13")
    assert apply_updates(doc.texts["text.overview"], [u]).endswith("申请 13 件。")


def test_update_finds_full_width_digits_after_an_ellipsis() -> None:
    doc = sample()
    text = "……本年度共收到政府信息公开申请１２件。"
    doc.texts["text.overview"] = text
    (u,) = number_updates(doc)
    assert text[u.start : u.end] == "１２" and u.new == "13"
    assert apply_updates(text, [u]) == "……本年度共收到政府信息公开申请13件。"


def test_apply_skips_an_update_the_text_no_longer_fits() -> None:
    doc = sample()
    doc.texts["text.overview"] = "本年度共收到政府信息公开申请12件。"
    updates = number_updates(doc)
    assert apply_updates("本年度共收到", updates) == "本年度共收到"


# ---------------------------------------------------------------- edge cases


def test_all_zero() -> None:
    doc = zeros()
    assert active_disclosure(doc) == (
        "本年度，未制发、废止规章和行政规范性文件；未作出行政许可、行政处罚、行政强制决定；"
        "未收取行政事业性收费。"
    )
    assert applications(doc) == "本年度未收到政府信息公开申请，也无上年结转的申请。"
    assert appeals(doc) == "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    assert processing_fee(doc) == "本年度未收取信息处理费。"
    assert not re.search(r"\d", draft(doc, "text.overview"))  # no 「0件」 anywhere


def test_a_blank_report_drafts_like_an_all_zero_one() -> None:
    assert draft(Document(), "text.overview") == draft(zeros(), "text.overview")
    assert draft(Document(), "text.problems") == ""


def test_one_applicant_kind_and_carry_over_both_ways() -> None:
    doc = zeros()
    doc.set("t3.new.commercial", 4)
    doc.set("t3.carried.commercial", 2)
    doc.set("t3.partial.commercial", 3)
    doc.set("t3.withheld.third_party.commercial", 2)
    doc.set("t3.carry_forward.commercial", 1)
    assert applications(doc) == (
        "本年度共收到政府信息公开申请4件，其中商业企业4件，上年结转政府信息公开申请2件。"
        "本年度办结政府信息公开申请5件，其中部分公开3件、不予公开2件，结转下年度继续办理1件。"
    )
    doc.texts["text.overview"] = applications(doc)
    assert warnings(doc) == []


def test_nothing_new_but_carried_over() -> None:
    doc = zeros()
    doc.set("t3.carried.other_org", 2)
    doc.set("t3.carry_forward.other_org", 2)
    assert applications(doc) == (
        "本年度未收到政府信息公开申请，上年结转政府信息公开申请2件。"
        "本年度未办结政府信息公开申请，结转下年度继续办理2件。"
    )


def test_every_applicant_kind_named_by_the_form() -> None:
    doc = zeros()
    for i, col in enumerate(("natural", "research", "social", "legal", "other_org"), start=1):
        doc.set(f"t3.new.{col}", i)
        doc.set(f"t3.granted.{col}", i)
    assert (
        "其中自然人1件、科研机构2件、社会公益组织3件、法律服务机构4件、其他法人或其他组织5件"
        in (applications(doc))
    )


def test_wan_yuan_with_decimals_as_entered() -> None:
    doc = zeros()
    doc.set("t2.fees.amount", Decimal("18.8710"))
    assert "收取行政事业性收费18.8710万元" in active_disclosure(doc)
    doc.set("t2.fees.amount", Decimal("4166.241619"))
    doc.texts["text.overview"] = active_disclosure(doc)
    assert "4166.241619万元" in doc.texts["text.overview"] and warnings(doc) == []
    doc.set("t2.fees.amount", Decimal("4166.24"))
    (u,) = number_updates(doc)
    assert (u.old, u.new) == ("4166.241619", "4166.24")


def test_documents_and_decisions() -> None:
    doc = zeros()
    doc.set("t2.normative.issued", 3)
    doc.set("t2.normative.in_force", 12)
    doc.set("t2.regulations.in_force", 2)
    doc.set("t2.licensing.decisions", 120)
    doc.set("t2.coercion.decisions", 1)
    assert active_disclosure(doc) == (
        "本年度，未制发、废止规章，现行有效规章2件，制发行政规范性文件3件，未废止行政规范性文件，"
        "现行有效行政规范性文件12件；作出行政许可决定120件、行政强制决定1件，未作出行政处罚决定；"
        "未收取行政事业性收费。"
    )


def test_appeals_every_shape() -> None:
    doc = zeros()
    doc.set("t4.review.upheld", 2)
    assert appeals(doc) == (
        "本年度因政府信息公开引起的行政复议案件2件，未发生因政府信息公开引起的行政诉讼案件。"
    )
    doc.set("t4.direct_suit.pending", 5)
    assert appeals(doc) == "本年度因政府信息公开引起的行政复议案件2件，行政诉讼案件5件。"
    doc.set("t4.suit_after_review.corrected", 2)
    assert appeals(doc) == (
        "本年度因政府信息公开引起的行政复议案件2件，行政诉讼案件7件"
        "（其中未经复议直接起诉5件、复议后起诉2件）。"
    )
    doc.set("t4.review.upheld", 0)
    assert appeals(doc).startswith("本年度未发生因政府信息公开引起的行政复议案件，因政府信息公开")
    doc.texts["text.overview"] = appeals(doc)
    assert warnings(doc) == []


def test_processing_fee_entered_and_unpaid_notices() -> None:
    doc = zeros()
    assert processing_fee(doc, FeeCharged(Decimal("200"), 2)) == (
        "本年度共收取信息处理费200元，涉及政府信息公开申请2件。"
    )
    assert processing_fee(doc, FeeCharged(Decimal("50.5"))) == "本年度共收取信息处理费50.5元。"
    doc.set("t3.new.natural", 1)
    doc.set("t3.other.no_fee.natural", 1)
    text = processing_fee(doc)
    assert text == (
        "本年度未收取信息处理费；申请人逾期未按收费通知要求缴纳费用、"
        "行政机关不再处理其政府信息公开申请1件。"
    )
    doc.texts["text.other"] = text
    assert warnings(doc) == [] and warnings(doc, "processing_fee") == []
    assert other_parts(doc)[0].title == "信息处理费情况"


# ---------------------------------------------------------------- every figure is checked

counts = st.integers(min_value=0, max_value=40)
COUNT_INPUTS = [k for k in FORM.input_keys if FORM.cells[k].kind is Kind.COUNT]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(counts, min_size=len(COUNT_INPUTS), max_size=len(COUNT_INPUTS)),
    st.decimals(min_value=0, max_value=99999, places=4, allow_nan=False),
    st.sampled_from((0, 1)),
)
def test_every_figure_written_is_read_back_and_accepted(
    values: list[int], fee: Decimal, sparse: int
) -> None:
    doc = Document(year=2023)
    for key, n in zip(COUNT_INPUTS, values, strict=True):
        doc.set(key, n if not sparse or n % 3 == 0 else 0)
    doc.set("t2.fees.amount", fee)
    for key in ("text.overview", "text.other"):
        text = draft(doc, key)
        doc.texts[key] = text
        covered = {i for s in stated_spans(text) for i in range(s.start, s.end)}
        digits = {m.start() for m in re.finditer(r"\d", text)}
        assert digits <= covered, text
    assert warnings(doc) == []


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet="本年度共收到受理政府信息公开申请上结转下行政复议诉讼予以件，。、１２3４ 5……",
        max_size=60,
    )
)
def test_spans_are_the_figures_the_rule_reads(text: str) -> None:
    spans = stated_spans(text)
    assert [(s.topic, s.number, s.phrase, s.year) for s in spans] == list(stated_numbers(text))
    for s in spans:
        assert text[s.start : s.end].strip()


def test_zero_statements_are_checked_too() -> None:
    doc = zeros()
    doc.texts["text.overview"] = draft(doc, "text.overview")
    assert [f for f in check(doc) if "text.overview" in f.keys] == []
    doc.set("t3.new.natural", 1)
    doc.set("t3.carry_forward.natural", 1)
    doc.set("t4.direct_suit.pending", 1)
    said = {
        f.message.split("」")[1].lstrip("写「") for f in warnings(doc, "text_contradicts_table")
    }
    assert said == {
        "未收到政府信息公开申请",
        "未发生因政府信息公开引起的行政复议、行政诉讼案件",
    }
    assert number_updates(doc) == []  # no figure to update: the sentence is to be redrafted
