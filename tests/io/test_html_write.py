"""The web page: one self-contained file, semantic headings, real tables with their merges."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from app.core.document import Document
from app.form import FORM
from app.io.html_write import html_text, plain_text, write_html
from app.io.jsonfile import read_json
from app.resources import sample_path


class Page(HTMLParser):
    """Collects tags, attributes and each table's cells as (tag, text, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: list[list[list[tuple[str, str, dict[str, str | None]]]]] = []
        self.headings: list[tuple[str, str]] = []
        self._cell: list[str] | None = None
        self._attrs: dict[str, str | None] = {}
        self._tag = ""
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell, self._attrs, self._tag = [], dict(attrs), tag
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")
        elif tag in ("h1", "h2"):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append((self._tag, "".join(self._cell), self._attrs))
            self._cell = None
        elif tag in ("h1", "h2") and self._heading is not None:
            self.headings.append((tag, "".join(self._heading)))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)


@pytest.fixture(scope="module")
def sample() -> Document:
    return read_json(sample_path())


@pytest.fixture(scope="module")
def page(sample: Document) -> Page:
    p = Page()
    p.feed(html_text(sample))
    return p


def test_self_contained_without_scripts_or_style_sheets(sample: Document) -> None:
    text = html_text(sample)
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    lower = text.lower()
    for banned in ("<script", "<style", "<link", "src=", "href=", "javascript:", "class="):
        assert banned not in lower


def test_semantic_headings(sample: Document, page: Page) -> None:
    assert page.headings[0] == ("h1", FORM.title(sample.agency, sample.year))
    assert [t for tag, t in page.headings if tag == "h2"] == [s.title for s in FORM.sections]


def test_tables_keep_every_merge_with_scoped_headers(sample: Document, page: Page) -> None:
    assert len(page.tables) == 3
    for rows, tdef in zip(page.tables, FORM.tables, strict=True):
        assert len(rows) == tdef.n_rows
        # every row covers the whole grid once its rowspans from above are counted
        covered = [0] * tdef.n_rows
        for r, row in enumerate(rows):
            for _tag, _text, attrs in row:
                rs, cs = int(attrs.get("rowspan") or 1), int(attrs.get("colspan") or 1)
                for k in range(r, r + rs):
                    covered[k] += cs
        assert covered == [tdef.n_cols] * tdef.n_rows, tdef.id
        cells = [c for row in rows for c in row]
        labels = [(t, a) for tag, t, a in cells if tag == "th"]
        in_order = sorted(tdef.labels, key=lambda lab: (lab.row, lab.col))
        assert [t.replace("\n", "") for t, _ in labels] == [lab.text for lab in in_order]
        for (_, attrs), lab in zip(labels, in_order, strict=True):
            want = "col" if lab.header else "row"
            assert (attrs["scope"] or "").startswith(want)
            assert "border:1px solid #000" in (attrs["style"] or "")
        figures = [t for tag, t, _ in cells if tag == "td"]
        want_figures = [
            "0" if sample.values[c.key] is None else str(sample.values[c.key])
            for c in sorted(tdef.cells, key=lambda c: (c.row, c.col))
        ]
        assert figures == want_figures


def test_narrow_labels_keep_their_words(page: Page) -> None:
    t3 = [t for row in page.tables[1] for tag, t, _ in row if tag == "th"]
    assert "三、\n本年度\n办理\n结果" in t3
    assert "（三）\n不予公开" in t3
    assert "自然人" in t3


def test_markup_in_texts_is_escaped() -> None:
    doc = Document(agency="某镇<人民>&政府", year=2024)
    doc.texts["text.other"] = "<script>alert(1)</script> & 说明"
    text = html_text(doc)
    assert "<script" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 说明" in text


def test_draft_mark_and_file(sample: Document, tmp_path: object) -> None:
    text = html_text(sample, draft=True)
    assert "草稿（未通过检查）" in text
    assert "草稿" not in html_text(sample)
    path = tmp_path / "r.html"  # type: ignore[operator]
    write_html(sample, path)
    assert path.read_bytes().decode("utf-8") == html_text(sample)


def test_plain_text_rows_are_tab_separated(sample: Document) -> None:
    text = plain_text(sample)
    assert text.splitlines()[0] == FORM.title(sample.agency, sample.year)
    t3 = FORM.table("t3")
    row = next(line for line in text.splitlines() if line.startswith("一、本年新收"))
    cells = row.split("\t")
    assert len(cells) == t3.n_cols and cells[3] == "13" and cells[-1] == "13"
    assert re.search(r"^\u3000\u30002023 年，", text, flags=re.M)


def test_body_has_no_margin_for_word_processors_to_copy(sample: Document) -> None:
    """LibreOffice and WPS turn the body's margin into every paragraph's and cell's margin
    when the page is pasted: the body has none (it is only centred in a browser)."""
    body = re.search(r'<body style="([^"]*)"', html_text(sample))
    assert body is not None
    assert "padding" not in body.group(1)
    assert re.search(r"margin:0 auto(;|$)", body.group(1))
    assert "em;" not in html_text(sample).replace("line-height", "")  # indents in points
