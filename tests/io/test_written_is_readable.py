"""What we write, we read: random documents across the whole accepted range (app.core.limits)
go through every writer and come back identical through our reader; the largest documents
the limits allow are read back too (not refused as too large or as a zip bomb)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.document import Document, LastYear
from app.core.limits import MAX_FIELD_CHARS, MAX_TEXT_CHARS, YEAR_MAX, YEAR_MIN, clean_text
from app.core.values import MAX_NUMBER, MONEY_PLACES
from app.form import FORM, Kind
from app.io.files import read_document, write_document
from app.io.jsonfile import MAX_JSON_BYTES, dumps, from_json, loads, parse_text
from app.io.recovery import RecoveryStore
from app.io.xlsx_read import read_bytes
from app.io.xlsx_write import workbook_bytes

TOP = int(MAX_NUMBER) - 1
TEXT_KEYS = (*FORM.text_keys, *FORM.text_notes)


def count() -> st.SearchStrategy[int]:
    return st.one_of(st.integers(0, TOP), st.sampled_from([0, 1, TOP, 10**8]))


def money() -> st.SearchStrategy[Decimal]:
    places = st.integers(0, MONEY_PLACES)
    digits = st.integers(0, TOP * 10**MONEY_PLACES + 999_999)
    extreme = st.sampled_from(
        [Decimal("999999999.999999"), Decimal("180602277.365526"), Decimal("0.000001")]
    )
    normal = st.builds(
        lambda d, p: Decimal(d % (MAX_NUMBER * 10**p)).scaleb(-p), digits, places
    ).map(lambda d: d.normalize() if d == d.to_integral_value() else d)
    return st.one_of(normal, extreme)


def value_for(key: str) -> st.SearchStrategy[int | Decimal | None]:
    kind = FORM.cells[key].kind
    return st.one_of(st.none(), money() if kind is Kind.MONEY else count())


# Any Unicode, including what must be cleaned (lone surrogates, CR, control characters),
# Excel-escape look-alikes, formula look-alikes and leading or trailing spaces.
ANY_TEXT = st.one_of(
    st.text(st.characters(codec=None, categories=None), max_size=60),
    st.sampled_from(["=SUM(A1)", "_x0041_ 与 _x005F_", "  前后空格  ", "a\r\nb\rc", "\ud83d半"]),
)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    inputs = {k: draw(value_for(k)) for k in FORM.input_keys if draw(st.booleans())}
    last_values = {
        k: v for k in FORM.cells if draw(st.integers(0, 3)) == 0 and (v := draw(value_for(k)))
    }
    years = st.one_of(st.none(), st.integers(YEAR_MIN, YEAR_MAX))
    texts = {k: draw(ANY_TEXT) for k in TEXT_KEYS if draw(st.booleans())}
    doc = Document(
        agency=draw(ANY_TEXT),
        year=draw(years),
        agency_level=draw(st.sampled_from(["", *FORM.meta_field("agency_level").choices])),
        date=draw(ANY_TEXT),
        values=inputs,
        texts=texts,
        last_year=LastYear(
            values=last_values,
            texts={k: draw(ANY_TEXT) for k in TEXT_KEYS if draw(st.booleans())},
            agency=draw(ANY_TEXT),
            year=draw(years),
        ),
    )
    return doc


def expected(doc: Document) -> Document:
    """What any reader gives for ``doc``: texts as app.core.limits cleans them."""
    out = doc.copy()
    for holder in (out, out.last_year):
        holder.agency = clean_text(holder.agency)
    out.date = clean_text(out.date)
    for texts in (out.texts, out.last_year.texts):
        for k, v in texts.items():
            texts[k] = clean_text(v)
    return out


def assert_same(back: Document, want: Document) -> None:
    assert back.same_content(want)
    assert back.values == want.values  # totals recomputed to the same numbers


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_writer_is_read_back_identically(doc: Document) -> None:
    want = expected(doc)
    assert_same(loads(dumps(doc)), want)
    back, report = read_bytes(workbook_bytes(doc), "r.xlsx")
    assert report.format == "own"
    assert_same(back, want)
    store = RecoveryStore("/nonexistent")
    raw = store.encode("s", doc, None, "t").decode("utf-8")
    assert_same(from_json(parse_text(raw)["document"]), want)


def largest_document() -> Document:
    """Every text at its limit in the costliest characters for each format, every number
    at its largest, last year filled as well."""
    costly = ("😀字\x01_x0041_" * MAX_TEXT_CHARS)[:MAX_TEXT_CHARS]  # 4-byte, 3-byte, escapes
    values = {k: (Decimal("999999999.999999") if FORM.cells[k].kind is Kind.MONEY else TOP)
              for k in FORM.input_keys}  # fmt: skip
    doc = Document(
        agency=("局" * MAX_FIELD_CHARS),
        year=YEAR_MAX,
        date=("日" * MAX_FIELD_CHARS),
        values=values,
        texts={k: costly for k in TEXT_KEYS},
    )
    doc.last_year = LastYear(
        values=dict(doc.values),  # computed totals of 126 cells at the largest count
        texts={k: ("重" * MAX_TEXT_CHARS) for k in TEXT_KEYS},  # compresses 1000:1
        agency="局" * MAX_FIELD_CHARS,
        year=YEAR_MAX,
    )
    return doc


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_the_largest_document_is_read_back(tmp_path: Path, suffix: str) -> None:
    doc = largest_document()
    assert max(v for v in doc.values.values() if isinstance(v, int)) >= 10**11
    path = tmp_path / f"big{suffix}"
    write_document(doc, path)
    if suffix == ".json":
        assert path.stat().st_size < MAX_JSON_BYTES
    back, _ = read_document(path)
    assert_same(back, expected(doc))


def test_text_beyond_the_limit_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    doc = Document(texts={"text.overview": "字" * (MAX_TEXT_CHARS + 1)})
    path = tmp_path / "long.xlsx"
    path.write_bytes(workbook_bytes(doc))
    from app.io.errors import ReadError

    with pytest.raises(ReadError, match=r"一、总体情况.*上限"):
        read_document(path)


def test_fee_with_fifteen_digits_survives_the_spreadsheet() -> None:
    doc = Document(values={"t2.fees.amount": Decimal("180602277.365526")})
    doc.last_year.values["t2.fees.amount"] = Decimal("999999999.999999")
    back, _ = read_bytes(workbook_bytes(doc), "fee.xlsx")
    assert back.values["t2.fees.amount"] == Decimal("180602277.365526")
    assert back.last_year.values["t2.fees.amount"] == Decimal("999999999.999999")
    # and the spreadsheet's own cell, what Excel shows and sums, has the same value
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(doc)))
    shown = [c.value for ws in wb for row in ws.iter_rows() for c in row
             if isinstance(c.value, float) and 180602277 < c.value < 180602278]  # fmt: skip
    assert shown and Decimal(repr(shown[0])) == Decimal("180602277.365526")
