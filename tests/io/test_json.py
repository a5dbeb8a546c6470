"""The JSON interchange format: layout, exact decimals, identity, clear errors."""

from __future__ import annotations

import contextlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.document import Document, LastYear
from app.core.limits import clean_document
from app.form import FORM
from app.io.errors import ReadError
from app.io.jsonfile import dumps, loads, read_json, write_json
from app.resources import sample_path

SAMPLE = sample_path()
COUNT_KEYS = [k for k in FORM.input_keys if k != "t2.fees.amount"]


def test_layout_is_flat_keys_with_fee_as_exact_string() -> None:
    doc = read_json(SAMPLE)
    data = json.loads(dumps(doc))
    assert data["format"] == "nianbao-zhushou" and data["version"] == 1
    assert data["agency"] == "克井镇人民政府" and data["year"] == 2023
    assert data["values"]["t2.fees.amount"] == "256.1789"
    assert data["values"]["t3.new.natural"] == 13
    assert set(data["texts"]) == {"text.overview", "text.problems", "text.other"}
    assert data["last_year"] == {"agency": "", "year": None, "values": {}, "texts": {}}


def test_fee_given_as_json_number_keeps_every_digit() -> None:
    text = '{"format": "nianbao-zhushou", "version": 1, "values": {"t2.fees.amount": 4166.241619}}'
    assert loads(text).values["t2.fees.amount"] == Decimal("4166.241619")


def test_blank_cells_are_absent_or_null() -> None:
    text = (
        '{"format": "nianbao-zhushou", "version": 1, "year": 2025,'
        ' "values": {"t3.new.natural": null, "t3.new.legal": 2}}'
    )
    doc = loads(text)
    assert doc.values["t3.new.natural"] is None
    assert doc.values["t3.new.commercial"] is None
    assert doc.values["t3.new.total"] == 2


@pytest.mark.parametrize(
    "text,message",
    [
        ("{", "JSON 格式错误"),
        ("[]", "不是年报助手"),
        ('{"format": "nianbao-zhushou", "version": 9}', "版本"),
        ('{"format": "nianbao-zhushou", "version": 1, "values": {"t9.x": 1}}', "不认识的表格项"),
        (
            '{"format": "nianbao-zhushou", "version": 1, "values": {"t3.new.natural": "abc"}}',
            "不是数字",
        ),
        ('{"format": "nianbao-zhushou", "version": 1, "year": "二〇二三"}', "报告年度"),
        ('{"format": "nianbao-zhushou", "version": 1, "texts": {"text.x": "a"}}', "不认识的正文"),
    ],
)
def test_bad_files_get_a_chinese_message(text: str, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        loads(text)


values_strategy = st.fixed_dictionaries(
    {},
    optional={k: st.none() | st.integers(0, 10**7) for k in COUNT_KEYS}
    | {"t2.fees.amount": st.none() | st.decimals(0, 10**6, places=6)},
)
texts_strategy = st.fixed_dictionaries(
    {}, optional={k: st.text(min_size=1, max_size=60) for k in FORM.text_keys}
)


@settings(max_examples=40, deadline=None)
@given(
    values_strategy,
    texts_strategy,
    values_strategy,
    st.text(max_size=20),
    st.none() | st.integers(2000, 2100),
)
def test_write_read_identity(values, texts, last_values, agency, year) -> None:  # type: ignore[no-untyped-def]
    doc = Document(
        agency=agency, year=year, values=dict(values), texts=dict(texts),
        last_year=LastYear(values={k: v for k, v in last_values.items() if v is not None}),
    )  # fmt: skip
    again = loads(dumps(doc))
    want = doc.copy()
    clean_document(want)  # control characters and lone surrogates: app.core.limits
    assert again.same_content(want)


def test_write_is_atomic_and_keeps_a_backup(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    doc = read_json(SAMPLE)
    write_json(doc, target)
    doc.set("t3.new.natural", 14)
    write_json(doc, target)
    assert read_json(target).values["t3.new.natural"] == 14
    assert read_json(tmp_path / "r.json.bak").values["t3.new.natural"] == 13
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "r.json.bak"]


def test_saved_file_is_readable_like_any_new_file(tmp_path: Path) -> None:
    import os

    target = tmp_path / "r.json"
    write_json(read_json(SAMPLE), target)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o640)
    write_json(read_json(SAMPLE), target)
    assert target.stat().st_mode & 0o777 == 0o640


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
known_keys = st.sampled_from(
    ["format", "version", "agency", "year", "values", "texts", "last_year", "date"]
)
cell_values = st.dictionaries(st.sampled_from(sorted(FORM.cells)), json_values, max_size=6)


@pytest.mark.parametrize(
    "number",
    ["NaN", "Infinity", "-Infinity", "1e999999", "1e30", '"1e5"', '"12a"', "-3", "9" * 5000],
)
def test_absurd_numbers_are_refused_with_a_message(number: str) -> None:
    for key in ("t3.new.natural", "t2.fees.amount"):
        text = f'{{"format": "nianbao-zhushou", "version": 1, "values": {{"{key}": {number}}}}}'
        with pytest.raises(ReadError):
            loads(text)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(known_keys | st.text(max_size=6), json_values, max_size=8),
    cell_values,
    cell_values,
)
def test_reader_fuzz_random_structures_only_raise_read_error(data, values, last) -> None:  # type: ignore[no-untyped-def]
    data.setdefault("format", "nianbao-zhushou")
    data.setdefault("version", 1)
    data.setdefault("values", values)
    data.setdefault("last_year", {"values": last})
    with contextlib.suppress(ReadError):
        loads(json.dumps(data))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_reader_fuzz_mutated_sample_only_raises_read_error(data: st.DataObject) -> None:
    raw = bytearray(SAMPLE.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i] = data.draw(st.integers(0, 255))
    with contextlib.suppress(ReadError):
        loads(raw.decode("utf-8", errors="replace"))
