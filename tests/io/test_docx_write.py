"""The Word document: official fonts named explicitly, 公文 page, footers, tables with every merge."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import docx
import pytest
from docx.document import Document as WordDocument
from docx.shared import Mm

from app.core.document import Document
from app.form import FORM
from app.io.docx_write import docx_bytes, write_docx
from app.io.jsonfile import read_json
from app.resources import sample_path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def sample() -> Document:
    doc = read_json(sample_path())
    doc.date = "2024-01-20"
    doc.texts["note.t3"] = "注：“三安全一稳定”指国家安全、公共安全、经济安全和社会稳定。"
    return doc


@pytest.fixture(scope="module")
def data(sample: Document) -> bytes:
    return docx_bytes(sample)


@pytest.fixture(scope="module")
def word(data: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(data))


def part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_east_asian_fonts_named_explicitly(data: bytes) -> None:
    body = part(data, "word/document.xml")
    styles = part(data, "word/styles.xml")
    assert 'w:eastAsia="方正小标宋简体"' in body
    assert 'w:eastAsia="仿宋_GB2312"' in body
    assert 'w:eastAsia="黑体"' in body
    assert 'w:eastAsia="宋体"' in body
    assert "Theme" not in re.sub(r"<w:latentStyles.*?</w:latentStyles>", "", styles, flags=re.S)
    fonts = part(data, "word/fontTable.xml")
    assert re.search(r'w:name="方正小标宋简体"><w:altName w:val="宋体"/>', fonts)


def test_body_style_is_the_official_one(word: WordDocument) -> None:
    normal = word.styles["Normal"]
    fmt = normal.paragraph_format
    assert fmt.line_spacing.pt == 28.0  # exact 28 pt
    assert str(fmt.line_spacing_rule).startswith("EXACTLY")
    assert fmt.first_line_indent.pt == 32.0  # two characters of 三号
    assert normal.font.size.pt == 16.0
    heading = word.styles["Heading 1"]
    assert heading.font.size.pt == 16.0 and not heading.font.bold
    title = word.styles["Title"]
    assert title.font.size.pt == 22.0


def test_page_is_a4_with_official_margins(word: WordDocument) -> None:
    section = word.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    for got, want in zip(margins, (37, 35, 28, 26), strict=True):
        assert abs(got - Mm(want)) < Mm(0.1)


def test_page_numbers_odd_right_even_left(data: bytes, word: WordDocument) -> None:
    assert "<w:evenAndOddHeaders" in part(data, "word/settings.xml")
    section = word.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for para, side in ((odd, "right"), (even, "left")):
        xml = para._p.xml
        assert f'<w:jc w:val="{side}"/>' in xml
        assert "PAGE" in xml and "fldChar" in xml
        assert para.text.startswith("— ") and para.text.endswith(" —")


def test_title_headings_paragraphs_and_signature_in_order(
    sample: Document, word: WordDocument
) -> None:
    texts = [p.text for p in word.paragraphs if p.text.strip()]
    assert flat(texts[0]) == FORM.title(sample.agency, sample.year)
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.title for s in FORM.sections]
    assert texts[-2:] == [sample.agency, "2024年1月20日"]
    assert "注：“三安全一稳定”指国家安全、公共安全、经济安全和社会稳定。" in texts
    overview = sample.texts["text.overview"].split("\n")[0].strip()
    assert overview in texts


def test_tables_have_every_merge_and_figure(sample: Document, word: WordDocument) -> None:
    assert len(word.tables) == 3
    for table, tdef in zip(word.tables, FORM.tables, strict=True):
        assert len(table.rows) == tdef.n_rows
        assert len(table.columns) == tdef.n_cols
        xml = table._tbl.xml
        spans = [lab for lab in tdef.labels if lab.colspan > 1]
        spans += [c for c in tdef.cells if c.colspan > 1]
        # a merged block repeats its gridSpan on every row it covers
        want_spans = sum(getattr(x, "rowspan", 1) for x in spans)
        assert xml.count("<w:gridSpan ") == want_spans, tdef.id
        assert xml.count('<w:vMerge w:val="restart"/>') == sum(
            1 for lab in tdef.labels if lab.rowspan > 1
        )
        for lab in tdef.labels:
            assert flat(table.cell(lab.row, lab.col).text) == flat(lab.text), lab
        for cd in tdef.cells:
            value = sample.values[cd.key]
            want = "0" if value is None else str(value)
            assert table.cell(cd.row, cd.col).text == want, cd.key


def test_header_rows_repeat_and_rows_never_split(word: WordDocument) -> None:
    for table, tdef in zip(word.tables, FORM.tables, strict=True):
        for i, row in enumerate(table.rows):
            tr = row._tr.xml
            assert "<w:cantSplit/>" in tr
            assert ("<w:tblHeader/>" in tr) == (i < tdef.header_rows)


def test_table_two_kept_together_and_groups_kept_whole(word: WordDocument) -> None:
    def keeps(table: object) -> list[bool]:
        return ["<w:keepNext/>" in row._tr.xml for row in table.rows]  # type: ignore[attr-defined]

    t2 = keeps(word.tables[0])
    assert all(t2[:-1]) and not t2[-1]
    t3 = FORM.table("t3")
    k3 = keeps(word.tables[1])
    for lab in t3.labels:
        if not lab.header and lab.rowspan > 1 and lab.rowspan < 10:  # （三）… groups
            assert all(k3[lab.row : lab.row + lab.rowspan - 1]), lab.text


def test_narrow_labels_break_between_words(word: WordDocument) -> None:
    t3 = word.tables[1]
    lines = [t3.cell(r, c).text for r, c in ((5, 0), (7, 1), (1, 3))]
    assert lines[0].split("\n") == ["三、", "本年度", "办理", "结果"]
    assert lines[1].split("\n") == ["（三）", "不予公开"]
    assert lines[2] == "自然人"


def test_blank_cells_print_zero_and_the_fee_exactly() -> None:
    doc = Document(agency="某镇人民政府", year=2024)
    doc.set("t2.fees.amount", Decimal("4166.241619"))
    word = docx.Document(io.BytesIO(docx_bytes(doc)))
    t2 = word.tables[0]
    fee = FORM.cell("t2.fees.amount")
    assert t2.cell(fee.row, fee.col).text == "4166.241619"
    assert {
        t2.cell(c.row, c.col).text for c in FORM.table("t2").cells if c.kind.value == "count"
    } == {"0"}
    assert not [p for p in word.paragraphs if "年" in p.text and "月" in p.text]  # no date: no 落款


def test_draft_mark_in_every_header(sample: Document) -> None:
    word = docx.Document(io.BytesIO(docx_bytes(sample, draft=True)))
    section = word.sections[0]
    for header in (section.header, section.even_page_header):
        assert "草稿（未通过检查）" in header.paragraphs[0].text
    plain = docx.Document(io.BytesIO(docx_bytes(sample)))
    assert "草稿" not in plain.sections[0].header.paragraphs[0].text


def test_control_characters_and_markup_are_written_safely(tmp_path: object) -> None:
    doc = Document(agency="某镇<人民>&政府", year=2024)
    doc.texts["text.other"] = "未收取信息处理费\x01 <b>费用</b> & 说明。"
    path = tmp_path / "r.docx"  # type: ignore[operator]
    write_docx(doc, path)
    word = docx.Document(str(path))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "未收取信息处理费 <b>费用</b> & 说明。" in text
    assert "某镇<人民>&政府" in text
