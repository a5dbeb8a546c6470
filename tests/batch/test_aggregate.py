"""汇总: every cell the sum of the reports', exact; refusals; the parent comparison."""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest
from batchfolder import random_report

from app.core.aggregate import Part, SumError, compare_parent, sum_documents
from app.core.document import Document
from app.core.rules import check
from app.form import FORM


def parts(n: int, seed: int = 5) -> list[Part]:
    rng = random.Random(seed)
    return [Part(random_report(rng, f"第{k}局"), f"r{k}.json") for k in range(n)]


def test_sum_of_n_reports_is_the_cell_by_cell_sum() -> None:
    ps = parts(7)
    ps[2].doc.set("t2.fees.amount", Decimal("0.000001"))
    ps[3].doc.set("t2.fees.amount", Decimal("4166.241619"))
    doc = sum_documents(ps, agency="某县").doc
    for key in FORM.cells:  # inputs and totals alike
        expected = 0
        for p in ps:
            v = p.doc.values[key]
            expected += 0 if v is None else v
        assert doc.values[key] == expected, key
    fees = [p.doc.values["t2.fees.amount"] for p in ps]
    assert doc.values["t2.fees.amount"] == sum(fees, Decimal(0))  # exact, no float
    millionths = sum(int(v * 10**6) for v in fees if v is not None)  # integer arithmetic
    assert doc.values["t2.fees.amount"] * 10**6 == millionths
    assert doc.agency == "某县" and doc.year == 2023
    assert all(t == "" for t in doc.texts.values())  # texts left for the office
    assert [i.file for i in doc.included] == [p.file for p in ps]
    figures = dict(doc.included[1].figures)
    assert figures["t3.new.total"] == ps[1].doc.values["t3.new.total"]
    assert not [f for f in check(doc) if f.rule == "balance"]  # balanced parts, balanced sum


def test_sum_of_one_report_is_that_report() -> None:
    (p,) = parts(1, seed=8)
    doc = sum_documents([p]).doc
    assert doc.values == p.doc.values


def test_blank_everywhere_stays_blank_otherwise_blank_counts_as_zero() -> None:
    a, b = Document(agency="甲", year=2023), Document(agency="乙", year=2023)
    a.set("t3.new.natural", 3)
    doc = sum_documents([Part(a, "a"), Part(b, "b")]).doc
    assert doc.values["t3.new.natural"] == 3
    assert doc.values["t3.new.commercial"] is None
    assert doc.values["t2.fees.amount"] is None


def test_last_year_summed_only_when_every_report_has_it() -> None:
    ps = parts(3)
    for k, p in enumerate(ps):
        p.doc.last_year.values = {"t3.carry_forward.natural": k + 1, "t3.new.total": 10}
        p.doc.last_year.year = 2022
    doc = sum_documents(ps).doc
    assert doc.last_year.values["t3.carry_forward.natural"] == 6
    assert doc.last_year.values["t3.new.total"] == 30
    assert doc.last_year.year == 2022
    ps[1].doc.last_year.values = {}
    assert sum_documents(ps).doc.last_year.values == {}


def test_refusals_say_why() -> None:
    ps = parts(3)
    ps[1].doc.year = 2022
    with pytest.raises(SumError, match="年度不一致") as exc:
        sum_documents(ps)
    assert exc.value.reason == "years"
    result = sum_documents(ps, year=2023)
    assert [p.file for p in result.skipped_years] == ["r1.json"]
    assert len(result.doc.included) == 2
    with pytest.raises(SumError, match="没有 2019 年度"):
        sum_documents(ps, year=2019)

    twice = parts(2)
    twice[1].doc.agency = " 第0局 "
    with pytest.raises(
        SumError, match=re.escape("同一机关「 第0局 」有两份报告（r0.json、r1.json）")
    ):
        sum_documents(twice)

    bad = [p._replace(has_errors=k == 1) for k, p in enumerate(parts(2))]
    with pytest.raises(SumError, match=r"1 份报告有错误（r1.json）") as exc:
        sum_documents(bad)
    assert exc.value.reason == "errors"
    assert [p.file for p in sum_documents(bad, include_errors=True).with_errors] == ["r1.json"]
    with pytest.raises(SumError):
        sum_documents([])


def test_parent_compared_cell_by_cell_in_words() -> None:
    ps = parts(3)
    total = sum_documents(ps).doc
    parent = total.copy()
    assert compare_parent(parent, total) == []
    parent.set("t3.granted.natural", parent.number("t3.granted.natural") + 5)
    found = compare_parent(parent, total)
    keys = [f.keys[0] for f in found]
    # the cell and the totals it feeds: the row's 总计, the column's （七）总计 and its 总计
    assert keys == [
        "t3.granted.natural",
        "t3.granted.total",
        "t3.results_total.natural",
        "t3.results_total.total",
    ]
    assert all(f.severity.value == "warning" for f in found)
    assert found[0].message.startswith("表三「（一）予以公开」行「自然人」列：本级报告 ")
    assert found[0].message.endswith("多 5")
