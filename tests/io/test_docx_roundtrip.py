"""Word (and web page) export → reader gives the same report back (property test).

What the Word document carries: agency and year (in the title), every figure (a blank cell
prints as 0, so it reads back as 0), the texts of 一, 五 and 六 as printed paragraphs and the
成文日期 of the 落款 (as printed: 2024年1月20日) and the tables' notes.
"""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.document import Document
from app.core.values import MAX_DIGITS
from app.form import FORM
from app.io.files import read_document, write_document
from app.io.layout import format_date, paragraphs

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCT = st.sampled_from(list("，。；：、（）“”《》0123456789"))
AGENCY_ENDS = ("人民政府", "街道办事处", "市场监督管理局", "教育局", "人民政府办公室")


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """A sentence of a report: several words. (A paragraph that is nothing but a table's
    label, such as 「行政复议。」, is taken by the readers for the table's start.)"""
    words = draw(st.lists(st.text(CJK, min_size=2, max_size=6), min_size=3, max_size=8))
    marks = draw(st.lists(PUNCT, min_size=len(words), max_size=len(words)))
    return "".join(w + m for w, m in zip(words, marks, strict=True)) + "。"


@st.composite
def documents(draw: st.DrawFn) -> Document:
    agency = draw(st.text(CJK, min_size=2, max_size=8)) + draw(st.sampled_from(AGENCY_ENDS))
    doc = Document(agency=agency, year=draw(st.integers(2019, 2099)))
    if draw(st.booleans()):
        day = draw(st.dates(date(2000, 1, 1), date(2099, 12, 31)))
        doc.date = draw(st.sampled_from([day.isoformat(), f"{day.year}年{day.month}月{day.day}日"]))
    for key in FORM.input_keys:
        kind = FORM.cells[key].kind.value
        if draw(st.integers(0, 4)) == 0:
            continue  # blank: prints as 0
        if kind == "money":
            n = draw(st.integers(0, 6))  # decimal places; at most MAX_DIGITS before the point
            doc.set(key, Decimal(draw(st.integers(0, 10 ** (MAX_DIGITS + n) - 1))).scaleb(-n))
        else:
            doc.set(key, draw(st.integers(0, 10**6)))
    for key in FORM.text_keys:
        paras = draw(st.lists(sentences(), min_size=1, max_size=4))
        doc.texts[key] = "\n".join(paras)
    for key in FORM.text_notes:
        if draw(st.booleans()):
            prefix = draw(st.sampled_from(["注：", ""]))
            doc.texts[key] = prefix + "\n".join(draw(st.lists(sentences(), min_size=1, max_size=2)))
    return doc


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from([".docx", ".html"]))
def test_export_reads_back_identically(doc: Document, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"报告{suffix}"
        write_document(doc, path)
        back, report = read_document(path)
    assert (back.agency, back.year) == (doc.agency, doc.year)
    assert back.date == format_date(doc.date)
    for key in FORM.cells:
        assert back.number(key) == doc.number(key), key
    for key in (*FORM.text_keys, *FORM.text_notes):
        assert back.texts[key] == "\n".join(paragraphs(doc.texts[key])), key
    assert not [f for f in report.findings if f.severity.value == "error"]
