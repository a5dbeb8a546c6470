"""The editor's checks of the texts: they find the slips and stay silent on real texts."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest
from helpers import sample

from app.core.document import Document
from app.core.editorial import marks
from app.core.findings import Finding, Severity
from app.core.rules import check

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EDITORIAL = ("doubled_word", "half_width_punctuation", "text_contradicts_table", "section_number")


def fired(doc: Document, rule: str) -> list[Finding]:
    return [f for f in check(doc) if f.rule == rule]


def with_text(text: str, key: str = "text.overview") -> Document:
    doc = sample()
    doc.texts[key] = text
    return doc


def corpus() -> list[str]:
    raw = (FIXTURES / "report_texts.txt").read_text(encoding="utf-8")
    return [t.strip() for t in raw.split("\n=====\n")[1:]]


# ---------------------------------------------------------------- no false alarms


def test_no_false_alarm_on_the_sample_and_the_fixtures() -> None:
    from app.io.files import read_document

    files = sorted(glob.glob(str(FIXTURES / "*.xls*")))
    docs = [sample()] + [read_document(f)[0] for f in files]
    assert sum(1 for d in docs if any(d.texts.values())) >= 4  # texts to check, not empties
    for doc in docs:
        assert [f for f in check(doc) if f.rule in EDITORIAL] == []


@pytest.mark.parametrize("text", corpus())
def test_no_false_alarm_on_offices_texts(text: str) -> None:
    assert len(text) > 30
    for key in ("text.overview", "text.problems", "text.other"):
        doc = with_text(text, key)
        found = [f for f in check(doc) if f.rule in EDITORIAL]
        # the corpus speaks of its own tables; only the editor's slips count here
        assert [f.message for f in found if f.rule != "text_contradicts_table"] == []


def test_the_corpus_names_every_section_heading_with_its_number() -> None:
    texts = corpus()
    assert any(t.startswith("一、总体情况") for t in texts)
    assert any(t.startswith("六、其他需要报告的事项") for t in texts)


# ---------------------------------------------------------------- doubled words


@pytest.mark.parametrize(
    "text,word",
    [
        ("进一步加强资金资金管理。", "资金"),
        ("这是本机关的的工作。", "的"),
        ("我们们将继续努力。", "们"),
        ("做好政府信息政府信息公开。", "政府信息"),
    ],
)
def test_doubled_word_found(text: str, word: str) -> None:
    (f,) = fired(with_text(text), "doubled_word")
    assert f"「{word}」疑似重复输入" in f.message and f.keys == ("text.overview",)
    assert f.severity is Severity.WARNING


@pytest.mark.parametrize(
    "text",
    [
        "常常深入基层，逐一核对，一一答复。",
        "方方面面、认认真真、实实在在、的的确确。",
        "以公开为目的的宣传；有的的确需要改进。",
        "一件一件抓落实，一项一项促提升。",
        "请大家研究研究，很多很多群众。",
        "时时更新、人人参与、事事留痕、年年雷同。",
        "等等，哈哈哈哈。",
    ],
)
def test_legitimate_reduplication_is_not_a_slip(text: str) -> None:
    assert fired(with_text(text), "doubled_word") == []


# ---------------------------------------------------------------- punctuation


def test_half_width_punctuation_between_chinese_characters() -> None:
    (f,) = fired(
        with_text("加强学习,提高能力;依据条例(试行)开展工作:一是公开。"), "half_width_punctuation"
    )
    assert "「…强学习,提高能…」" in f.message and "等 4 处" in f.message


@pytest.mark.parametrize(
    "text",
    [
        "访问网站（www.xx.gov.cn）或网站(www.xx.gov.cn)查询。",
        "工作时间9:00-17:00，办结率100%，联系电话0391-1234567。",
        "加强学习，提高能力；依据条例（试行）开展工作：一是公开。",
        "APP下载量1,200次，“两微一端”。",
    ],
)
def test_punctuation_in_numbers_addresses_and_full_width_text_is_fine(text: str) -> None:
    assert fired(with_text(text), "half_width_punctuation") == []


# ---------------------------------------------------------------- section numbers


def test_wrong_section_number_in_a_text() -> None:
    (f,) = fired(
        with_text("七、其他需要报告的事项\n本年度未收取信息处理费。", "text.other"),
        "section_number",
    )
    assert f.message == (
        "「六、其他需要报告的事项」写「七、其他需要报告的事项」：年度报告格式中该部分为「六、其他需要报告的事项」"
    )
    assert fired(with_text("四、存在的主要问题及改进情况\n……"), "section_number")


def test_right_section_numbers_and_subsections_are_fine() -> None:
    text = "六、其他需要报告的事项\n（一）主动公开。一、二、三项工作。五、存在的主要问题及改进情况"
    assert fired(with_text(text, "text.other"), "section_number") == []


# ---------------------------------------------------------------- statements vs tables


def test_all_done_while_some_are_carried_forward() -> None:
    doc = with_text("本年度所有申请均已按期办结。")
    assert fired(doc, "text_contradicts_table") == []
    doc.set("t3.carry_forward.natural", 1)
    doc.set("t3.granted.natural", 2)
    (f,) = fired(doc, "text_contradicts_table")
    assert f.message == (
        "「一、总体情况」写「所有申请均已按期办结」，而表三「四、结转下年度继续办理」行「总计」列为 1"
    )
    assert f.keys == ("text.overview", "t3.carry_forward.total")


@pytest.mark.parametrize(
    "text",
    [
        "上年结转的3件申请均已办结。",  # last year's ones
        "全年承办人大代表建议12件，均已按期办结。",  # not applications
        "申请未全部办结。",
        "2022年，所有申请均已按期办结。",
    ],
)
def test_all_done_of_something_else_is_no_contradiction(text: str) -> None:
    doc = with_text(text)
    doc.year = 2023
    doc.set("t3.carry_forward.natural", 1)
    doc.set("t3.granted.natural", 2)
    assert fired(doc, "text_contradicts_table") == []


def test_no_applications_while_table_three_has_some() -> None:
    (f,) = fired(with_text("本年度未收到政府信息公开申请。"), "text_contradicts_table")
    assert "而表三「一、本年新收政府信息公开申请数量」行「总计」列为 13" in f.message
    assert fired(with_text("本年度未收到行政复议申请。"), "text_contradicts_table") == []
    assert fired(with_text("对未收到申请人补正材料的，依法处理。"), "text_contradicts_table") == []
    assert fired(with_text("全年没有收到任何申请"), "text_contradicts_table")


def test_a_case_without_correction_is_not_a_year_without_cases() -> None:
    doc = with_text("全年未出现行政复议被纠错的情况，未发生行政诉讼。")
    doc.set("t4.review.upheld", 1)
    assert fired(doc, "text_contradicts_table") == []
    doc = with_text("本年度未被申请行政复议，也未被提起行政诉讼。")
    doc.set("t4.suit_after_review.upheld", 1)
    (f,) = fired(doc, "text_contradicts_table")
    assert f.message.startswith("「一、总体情况」写「未被提起行政诉讼」")


def test_no_appeals_while_table_four_has_cases() -> None:
    text = "全年未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    doc = with_text(text)
    assert fired(doc, "text_contradicts_table") == []
    doc.set("t4.direct_suit.pending", 2)
    (f,) = fired(doc, "text_contradicts_table")
    assert "表四「行政诉讼·未经复议直接起诉」行「总计」列" in f.message
    assert "行政复议」行" not in f.message
    doc.set("t4.review.upheld", 1)
    (f,) = fired(doc, "text_contradicts_table")
    assert "表四「行政复议」行「总计」列为 1" in f.message
    doc = with_text("本年度未发生行政复议案件，行政诉讼案件2件。")
    doc.set("t4.direct_suit.pending", 2)
    assert fired(doc, "text_contradicts_table") == []


def test_no_carry_over_statements() -> None:
    doc = with_text(
        "本年度共收到政府信息公开申请13件，无上年结转申请，无结转下年度继续办理的申请。"
    )
    assert fired(doc, "text_contradicts_table") == []
    doc.set("t3.carried.natural", 1)
    doc.set("t3.carry_forward.natural", 1)
    assert len(fired(doc, "text_contradicts_table")) == 2


# ---------------------------------------------------------------- places to mark


def test_marks_point_at_the_slips() -> None:
    text = "加强资金资金管理,做好工作。本年度未收到政府信息公开申请。"
    doc = with_text(text)
    found = [(text[m.start : m.end], m.note) for m in marks(doc, "text.overview")]
    assert found == [("资金资金", "资金"), (",", ","), ("未收到政府信息公开申请", "与表格不符")]
