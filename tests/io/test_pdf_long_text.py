"""A long text section prints in time linear in its length: the line breaker sees each
character a bounded number of times, however many pages the paragraph runs over."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from app.io import pdf_wrap
from app.io.jsonfile import read_json
from app.io.pdf import render_pdf
from app.resources import sample_path


def _long_doc(chars: int) -> Any:
    doc = read_json(sample_path())
    base = doc.texts["text.overview"].replace("\n", "")
    doc.texts["text.other"] = (base * (chars // len(base) + 1))[:chars]
    return doc


def test_line_breaking_work_is_linear_in_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = [0]
    original = pdf_wrap.cjk_frag_split

    def counting(frags: Any, *args: Any) -> Any:
        seen[0] += sum(len(f.text) for f in frags)
        return original(frags, *args)

    monkeypatch.setattr(pdf_wrap, "cjk_frag_split", counting)
    work = []
    for chars in (4000, 16000):
        seen[0] = 0
        data = render_pdf(_long_doc(chars))
        work.append(seen[0])
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        assert text.count("其他") >= 1
    # four times the text, about four times the work (it was sixteen times: every page
    # broke the rest of the paragraph into lines again)
    assert work[1] < 5 * work[0]
