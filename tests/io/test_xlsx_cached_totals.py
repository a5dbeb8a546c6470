"""Our workbook stores each total's result beside its formula, so that readers which do not
calculate (previewers, pandas, openpyxl with data_only) see the same totals as Excel/WPS."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.document import Document
from app.form import FORM
from app.io.jsonfile import read_json
from app.io.xlsx_read import read_workbook
from app.io.xlsx_write import SHEET_REPORT, write_workbook
from app.resources import sample_path

SAMPLE = sample_path()
COUNT_KEYS = [k for k in FORM.input_keys if FORM.cells[k].kind.value == "count"]


def _totals_as_stored(path: Path) -> list[tuple[str, object]]:
    """(formula, stored result) of every formula cell of the report sheet."""

    def cells(data_only: bool) -> dict[str, object]:
        ws = openpyxl.load_workbook(path, read_only=True, data_only=data_only)[SHEET_REPORT]
        return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}

    formulas, results = cells(False), cells(True)
    return [
        (v, results.get(k)) for k, v in formulas.items() if isinstance(v, str) and v.startswith("=")
    ]


def _expected_totals(doc: Document) -> list[int]:
    return sorted(int(doc.number(k)) for k in FORM.computed_keys)


def test_sample_totals_are_stored_with_their_formulas(tmp_path: Path) -> None:
    doc = read_json(SAMPLE)
    write_workbook(doc, tmp_path / "r.xlsx")
    stored = _totals_as_stored(tmp_path / "r.xlsx")
    assert len(stored) == len(FORM.computed_keys) == 34
    assert sorted(v for _, v in stored) == _expected_totals(doc)  # type: ignore[type-var]


@settings(max_examples=15, deadline=None)
@given(st.dictionaries(st.sampled_from(COUNT_KEYS), st.integers(0, 10**6), max_size=60))
def test_stored_totals_follow_the_document(tmp_path_factory, values) -> None:  # type: ignore[no-untyped-def]
    doc = Document(values=dict(values))
    path = tmp_path_factory.mktemp("x") / "r.xlsx"
    write_workbook(doc, path)
    stored = _totals_as_stored(path)
    assert sorted(v for _, v in stored) == _expected_totals(doc)  # type: ignore[type-var]
    again, _ = read_workbook(path)
    assert again.same_content(doc)
