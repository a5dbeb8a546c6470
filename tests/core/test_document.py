"""The document keeps every computed cell equal to the sum of its parts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import sample
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.document import Document, next_year
from app.form import FORM

INPUTS = [k for k in FORM.input_keys if FORM.cells[k].kind.value == "count"]


def test_sample_totals_are_those_published() -> None:
    doc = sample()
    # figures as printed in the published 克井镇 2023 report
    assert doc.values["t3.new.total"] == 13
    assert doc.values["t3.results_total.natural"] == 13
    assert doc.values["t3.results_total.total"] == 13
    assert doc.values["t3.unavailable.not_held.total"] == 7
    assert doc.values["t2.penalty.decisions"] == 65
    assert doc.values["t2.fees.amount"] == Decimal("256.1789")


def test_edit_updates_row_column_and_grand_totals() -> None:
    doc = Document()
    doc.set("t3.granted.legal", 4)
    doc.set("t3.partial.legal", 2)
    doc.set("t3.granted.natural", 5)
    assert doc.values["t3.granted.total"] == 9
    assert doc.values["t3.results_total.legal"] == 6
    assert doc.values["t3.results_total.total"] == 11
    doc.set("t3.granted.legal", None)
    assert doc.values["t3.granted.total"] == 5
    assert doc.values["t3.results_total.total"] == 7
    doc.set("t4.direct_suit.pending", 3)
    assert doc.values["t4.direct_suit.total"] == 3


def test_computed_cells_cannot_be_typed() -> None:
    with pytest.raises(KeyError):
        Document().set("t3.new.total", 3)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(INPUTS), st.none() | st.integers(0, 10**7), max_size=80))
def test_computed_cells_always_equal_the_sums_of_their_parts(edits: dict[str, int | None]) -> None:
    doc = Document()
    for key, value in edits.items():
        doc.set(key, value)
    fresh = Document(values=dict(doc.input_items()))  # full recompute from scratch
    for key in FORM.computed_keys:
        parts = FORM.cells[key].parts
        assert doc.values[key] == sum(doc.number(p) for p in parts)
        assert doc.values[key] == fresh.values[key]


def test_next_year_carries_agency_and_all_seven_columns() -> None:
    last = sample()
    for i, col in enumerate(("natural", "commercial", "research", "social", "legal", "other_org")):
        last.set(f"t3.carry_forward.{col}", i + 1)
    doc = next_year(last)
    assert doc.year == 2024
    assert doc.agency == "克井镇人民政府"
    assert doc.values["t3.carried.legal"] == 5
    assert doc.values["t3.carried.total"] == 21
    assert doc.values["t3.new.natural"] is None
    assert doc.last_year.values["t3.carry_forward.total"] == 21
    assert doc.last_year.texts["text.problems"] == last.texts["text.problems"]
