"""Reading the report from documents (.docx, .pdf, .ods; DESIGN §10): every value read equals
what the fixture generator put into the file, the texts and the title are found, a wrong
published total is reported on its cell, and hostile files are refused quickly with one
Chinese sentence."""

from __future__ import annotations

import importlib
import io
import random
import re
import time
import zipfile
from pathlib import Path

import pytest
from build_docs_fixtures import DOC_FIXTURES  # type: ignore[import-not-found]
from build_xlsx_fixtures import HERE, HOSTILE  # type: ignore[import-not-found]

from app.core.document import Document
from app.core.findings import Severity
from app.form import FORM
from app.io.errors import ReadError
from app.io.recognise import recognise
from app.io.report import ImportReport
from app.io.sheetgrid import Book

LOADERS = {".docx": "app.io.source_docx", ".pdf": "app.io.source_pdf", ".ods": "app.io.source_ods"}


def load(data: bytes, name: str) -> Book:
    module = importlib.import_module(LOADERS[Path(name).suffix])
    book: Book = module.load(data, name)
    return book


def read(name: str) -> tuple[Document, ImportReport]:
    return recognise(load((HERE / name).read_bytes(), name), name)


def available(name: str) -> bool:
    try:
        importlib.import_module(LOADERS[Path(name).suffix])
    except ImportError:
        return False
    return True


NAMES = sorted(n for n in DOC_FIXTURES if available(n))


@pytest.mark.parametrize("name", NAMES)
def test_every_value_is_what_the_generator_put_in(name: str) -> None:
    fx = DOC_FIXTURES[name]
    doc, report = read(name)
    wrong = {
        k: (fx.values.get(k), doc.values[k])
        for k in FORM.input_keys
        if doc.values[k] != fx.values.get(k)
    }
    assert not wrong, f"{name}: (expected, read) {wrong}"
    assert (doc.agency, doc.year) == (fx.agency, fx.year)
    for key, text in fx.texts.items():
        if name.endswith(".pdf"):  # a PDF keeps no line breaks, nor spaces beside Chinese
            assert squeeze(doc.texts[key]) == squeeze(text), key
        else:
            assert doc.texts[key] == text, key
    assert len(report.located) == 3


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", NAMES)
def test_report_mentions_what_it_should(name: str) -> None:
    fx = DOC_FIXTURES[name]
    _, report = read(name)
    found: dict[str, set[str]] = {}
    for f in report.findings:
        found.setdefault(f.rule, set()).update(f.keys)
    for rule, keys in fx.mentions.items():
        assert set(keys) <= found.get(f"import.{rule}", set()), (rule, sorted(found))
    text = "\n".join(report.lines())
    for word in fx.words:
        assert word in text, word
    # nothing else is wrong: no unknown rows, second tables, unreadable cells …
    warned = {f.rule for f in report.findings if f.severity is not Severity.INFO}
    assert warned <= {f"import.{rule}" for rule in fx.mentions}, "\n".join(report.lines())


# ---------------------------------------------------------------- Word specifics


def _docx(body: str) -> bytes:
    from build_docs_fixtures import docx_bytes  # type: ignore[import-not-found]

    return docx_bytes([body])  # type: ignore[no-any-return]


def test_docx_merges_are_the_templates() -> None:
    book = load((HERE / "d01_template_filled.docx").read_bytes(), "d.docx")
    sheet = book.sheets[0]
    t3_note = next(p for p, v in sheet.values.items() if str(v).startswith("（本列数据"))
    r, c = t3_note
    assert sheet.box(t3_note) == (r, c, r + 2, c + 2)  # span 3, rows 1–3 of the table
    result = next(p for p, v in sheet.values.items() if v == "三、本年度办理结果")
    assert sheet.box(result)[2] - result[0] == 21  # 21 outcome rows
    assert sheet.anchor((result[0] + 5, result[1])) == result


def test_docx_split_table_continues_on_the_next_rows() -> None:
    book = load((HERE / "d02_messy_split_table.docx").read_bytes(), "d.docx")
    sheet = book.sheets[0]
    first = next(p for p, v in sheet.values.items() if v == "一、本年新收政府信息公开申请数量")
    last = next(p for p, v in sheet.values.items() if v == "四、结转下年度继续办理")
    assert last[0] - first[0] == 24  # no gap row between the two parts


def test_docx_paragraph_details() -> None:
    w = "<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二</w:t></w:r><w:r><w:t>行</w:t></w:r>"
    w += "<w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>"
    w += "<w:ins><w:r><w:t>，插入的</w:t></w:r></w:ins></w:p>"
    w += "<w:p/><w:sdt><w:sdtContent><w:p><w:r><w:t>控件里的</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    sheet = load(_docx(w), "x.docx").sheets[0]
    assert sheet.values == {(0, 0): "第一行\n第二行，插入的", (1, 0): "控件里的"}


def test_docx_numbers_are_numbers() -> None:
    w = "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>"
    w += "<w:tc><w:p><w:r><w:t> 13 </w:t></w:r></w:p></w:tc>"
    w += "<w:tc><w:p><w:r><w:t>１３件</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    assert load(_docx(w), "x.docx").sheets[0].values == {(0, 0): 13, (0, 1): "１３件"}


# ---------------------------------------------------------------- hostile files


def _refused(data: bytes, name: str, budget: float = 2.0) -> str:
    t0 = time.perf_counter()
    with pytest.raises(ReadError) as exc:
        load(data, name)
    assert time.perf_counter() - t0 < budget, name
    msg = str(exc.value)
    assert msg and "\n" not in msg and name in msg
    assert "Traceback" not in msg and not any(w in msg for w in ("Error", "error", "None"))
    return msg


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("zipbomb.docx", "过大"),
        ("xxe.docx", "不安全"),
        ("billion_laughs.docx", "不安全"),
        ("truncated.docx", "损坏"),
        ("junk_renamed.docx", "不是 Word"),
        ("xlsx_renamed.docx", "Excel"),
    ],
)
def test_hostile_docx(name: str, words: str) -> None:
    assert words in _refused((HOSTILE / name).read_bytes(), name)


def test_docx_that_is_not_a_word_document() -> None:
    assert "旧版 Word" in _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "a.docx")
    assert "空白" in _refused(_docx("<w:p/>"), "a.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document xmlns:w='x'><w:body>")
    assert "损坏" in _refused(buf.getvalue(), "a.docx")


def test_docx_with_too_many_tables() -> None:
    table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    assert "表格过多" in _refused(_docx(table * 300), "a.docx")


# ---------------------------------------------------------------- PDF specifics


def make_pdf(pages: list[bytes]) -> bytes:
    """A minimal PDF with one content stream per page (written here, not by the program)."""
    objs: list[bytes] = []
    n = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    for i, content in enumerate(pages):
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * i} 0 R"
            " /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
            " >> >> >> >>".encode()
        )
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % k + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    )
    return out.getvalue()


def test_pdf_table_from_rules_with_merges() -> None:
    # a 2 × 3 grid whose top row is one merged cell, with text in three cells
    rules = b"0.5 w 100 700 m 400 700 l S 100 650 m 400 650 l S 100 600 m 400 600 l S "
    rules += b"100 700 m 100 600 l S 400 700 m 400 600 l S 200 650 m 200 600 l S "
    rules += b"300 650 m 300 600 l S "
    text = b"BT /F1 12 Tf 110 670 Td (Head) Tj ET BT /F1 12 Tf 110 620 Td (13) Tj ET "
    text += b"BT /F1 12 Tf 310 620 Td (x 7) Tj ET BT /F1 12 Tf 100 750 Td (Title line) Tj ET"
    sheet = load(make_pdf([rules + text]), "t.pdf").sheets[0]
    assert sheet.values == {(0, 0): "Title line", (1, 0): "Head", (2, 0): 13, (2, 2): "x 7"}
    assert sheet.box((1, 0)) == (1, 0, 1, 2)


def test_pdf_page_numbers_are_dropped() -> None:
    text = b"BT /F1 12 Tf 100 750 Td (Report) Tj ET BT /F1 10 Tf 290 30 Td (- 1 -) Tj ET"
    assert load(make_pdf([text]), "t.pdf").sheets[0].values == {(0, 0): "Report"}


def test_scanned_pdf_says_it_has_no_text() -> None:
    drawing = b"0.5 w 100 700 m 400 700 l S 100 100 400 500 re f"
    assert "扫描件" in _refused(make_pdf([drawing, drawing]), "scan.pdf")


def test_pdf_with_2000_pages_is_refused_quickly() -> None:
    msg = _refused(make_pdf([b"BT /F1 12 Tf 100 750 Td (x) Tj ET"] * 2000), "big.pdf", 1.0)
    assert "2000 页" in msg


def test_broken_pdfs() -> None:
    good = (HERE / "p01_from_word.pdf").read_bytes()
    assert "损坏" in _refused(b"%PDF-1.7\n" + bytes(range(256)) * 20, "junk.pdf")
    assert "不是 PDF" in _refused((HOSTILE / "junk_renamed.pdf").read_bytes(), "junk_renamed.pdf")
    # a damaged cross-reference table or a cut-off file: PDFium repairs what it can; either
    # the report is still read or one sentence says the file is damaged
    xref = good.rindex(b"xref")
    broken = good[:xref] + b"xref\n0 9999999\nGARBAGE" + good[xref + 40 :]
    for data in (broken, good[: len(good) // 2], good.replace(b"/Root", b"/Rxxt")):
        t0 = time.perf_counter()
        try:
            load(data, "broken.pdf")
        except ReadError as exc:
            assert "broken.pdf" in str(exc) and "\n" not in str(exc)
        assert time.perf_counter() - t0 < 2.0


# ---------------------------------------------------------------- .ods specifics

ODS_HEAD = (
    '<?xml version="1.0"?><office:document-content'
    ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
    '<office:body><office:spreadsheet><table:table table:name="表1">'
)
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def make_ods(rows: str, mimetype: str = "application/vnd.oasis.opendocument.spreadsheet") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", mimetype)
        z.writestr("content.xml", ODS_HEAD + rows + ODS_TAIL)
    return buf.getvalue()


def test_ods_cells_merges_and_repeats() -> None:
    rows = (
        '<table:table-row table:number-rows-repeated="3"><table:table-cell'
        ' table:number-columns-repeated="9"/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-spanned="2"'
        ' table:number-rows-spanned="2" office:value-type="string"><text:p>规<text:s/>章'
        "</text:p><text:p>第二行</text:p></table:table-cell><table:covered-table-cell/>"
        '<table:table-cell table:number-columns-repeated="2" office:value-type="float"'
        ' office:value="7"><text:p>7</text:p></table:table-cell>'
        '<table:table-cell office:value-type="float" office:value="18.871"/></table:table-row>'
    )
    sheet = load(make_ods(rows), "t.ods").sheets[0]
    assert sheet.name == "表1"
    assert sheet.values == {(3, 0): "规 章\n第二行", (3, 2): 7, (3, 3): 7, (3, 4): 18.871}
    assert sheet.box((3, 0)) == (3, 0, 4, 1)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (make_ods("", "application/vnd.oasis.opendocument.text"), ".odt"),
        (
            make_ods(
                '<table:table-row table:number-rows-repeated="1000000"><table:table-cell'
                ' office:value-type="float" office:value="1"/></table:table-row>'
            ),
            "单元格过多",
        ),
        (make_ods(" " * (11 * 1024 * 1024)), "过大"),
        (make_ods("<table:table-row>"), "损坏"),
        (make_ods("<!DOCTYPE x [<!ENTITY a 'b'>]>"), "不安全"),
        ((HOSTILE / "junk_renamed.ods").read_bytes(), "损坏"),
        ((HERE / "d01_template_filled.docx").read_bytes(), "不是 ODF"),
    ],
)
def test_hostile_ods(data: bytes, words: str) -> None:
    assert words in _refused(data, "bad.ods")


# ---------------------------------------------------------------- fuzz


def _mutate(data: bytes, rnd: random.Random, i: int) -> bytes:
    b = bytearray(data)
    kind = i % 3
    if kind == 0:  # flip a few bytes
        for _ in range(rnd.randint(1, 8)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
    elif kind == 1:  # cut off
        b = b[: rnd.randrange(1, len(b))]
    else:  # a run of garbage
        pos = rnd.randrange(len(b))
        b[pos : pos + 64] = bytes(rnd.randrange(256) for _ in range(64))
    return bytes(b)


def _rezipped(package: bytes, part: str, rnd: random.Random, i: int) -> bytes:
    """The package with one XML part mutated (so that the mutation reaches the parser)."""
    src = zipfile.ZipFile(io.BytesIO(package))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info.filename, _mutate(data, rnd, i) if info.filename == part else data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("d02_messy_split_table.docx", "word/document.xml"),
        ("p02_messy_from_word.pdf", None),
        ("o01_libreoffice.ods", "content.xml"),
    ],
)
def test_fuzz_mutated_documents(name: str, part: str | None) -> None:
    rnd = random.Random(name)
    base = (HERE / name).read_bytes()
    outcomes = {"read": 0, "refused": 0}
    for i in range(60):
        data = _rezipped(base, part, rnd, i) if part and i % 2 else _mutate(base, rnd, i)
        t0 = time.perf_counter()
        try:
            book = load(data, name)
            recognise(book, name)
            outcomes["read"] += 1
        except ReadError as exc:
            msg = str(exc)
            assert msg and "\n" not in msg and name in msg, msg
            outcomes["refused"] += 1
        assert time.perf_counter() - t0 < 2.0
    assert outcomes["refused"] > 0


def test_pdf_table_without_outer_sides() -> None:
    # rows ruled across, one inner column rule, no left or right side
    rules = b"0.5 w 100 700 m 400 700 l S 100 650 m 400 650 l S 100 600 m 400 600 l S "
    rules += b"250 700 m 250 600 l S "
    text = b"BT /F1 12 Tf 110 670 Td (A) Tj ET BT /F1 12 Tf 260 620 Td (42) Tj ET"
    sheet = load(make_pdf([rules + text]), "t.pdf").sheets[0]
    assert sheet.values == {(0, 0): "A", (1, 1): 42}


def test_sources_refuse_huge_and_empty_data() -> None:
    for suffix in LOADERS:
        assert "空文件" in _refused(b"", "a" + suffix)
        assert "过大" in _refused(b"PK" + b"\0" * (51 * 1024 * 1024), "a" + suffix)
