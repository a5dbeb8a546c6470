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
from decimal import Decimal
from pathlib import Path

import pytest
from build_docs_fixtures import DOC_FIXTURES  # type: ignore[import-not-found]
from build_xlsx_fixtures import HERE, HOSTILE  # type: ignore[import-not-found]
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    return read_bytes((HERE / name).read_bytes(), name)


def read_bytes(data: bytes, name: str) -> tuple[Document, ImportReport]:
    return recognise(load(data, name), name)


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
    line = b"Annual report on open government information"
    text = b"BT /F1 12 Tf 100 750 Td (%s) Tj ET BT /F1 10 Tf 290 30 Td (- 1 -) Tj ET" % line
    assert load(make_pdf([text]), "t.pdf").sheets[0].values == {(0, 0): line.decode()}


def test_scanned_pdf_says_it_has_no_text() -> None:
    drawing = b"0.5 w 100 700 m 400 700 l S 100 100 400 500 re f"
    assert "扫描件" in _refused(make_pdf([drawing, drawing]), "scan.pdf")
    # images of pages with only their page numbers as text
    numbered = [drawing + b" BT /F1 10 Tf 290 30 Td (- %d -) Tj ET" % i for i in (1, 2, 3)]
    assert "扫描件" in _refused(make_pdf(numbered), "scan.pdf")


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
        '<table:table-cell office:value-type="float" office:value="18.871"/>'
        '<table:table-cell office:value-type="string" office:string-value="件"/></table:table-row>'
    )
    sheet = load(make_ods(rows), "t.ods").sheets[0]
    assert sheet.name == "表1"
    assert sheet.values == {
        (3, 0): "规 章\n第二行",
        (3, 2): 7,
        (3, 3): 7,
        (3, 4): 18.871,
        (3, 5): "件",
    }
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


def test_pdf_page_drawn_with_thousands_of_rules_is_refused_quickly() -> None:
    rules = b"".join(b"0 %d m 5 %d l S " % (3 * i, 3 * i) for i in range(1200))
    rules += b"".join(b"%d 0 m %d 5 l S " % (3 * i, 3 * i) for i in range(1200))
    text = b"BT /F1 12 Tf 100 750 Td (x) Tj ET"
    assert "过于复杂" in _refused(make_pdf([rules + text]), "map.pdf", 1.5)


def test_pdf_double_borders_make_no_empty_rows_or_columns() -> None:
    rules = b"0.5 w 100 700 m 400 700 l S 100 697 m 400 697 l S 100 650 m 400 650 l S "
    rules += b"100 600 m 400 600 l S 100 603 m 400 603 l S "
    rules += b"100 700 m 100 600 l S 103 700 m 103 600 l S 250 700 m 250 600 l S "
    rules += b"400 700 m 400 600 l S 397 700 m 397 600 l S "
    text = b"BT /F1 12 Tf 110 670 Td (A) Tj ET BT /F1 12 Tf 260 620 Td (42) Tj ET"
    sheet = load(make_pdf([rules + text]), "t.pdf").sheets[0]
    assert sheet.values == {(0, 0): "A", (1, 1): 42}


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _with_parts(docx: bytes, parts: dict[str, str]) -> bytes:
    buf = io.BytesIO(docx)
    with zipfile.ZipFile(buf, "a") as z:
        for part, xml in parts.items():
            z.writestr(part, f'<w:{xml[0]} xmlns:w="{W_NS}">{xml[1:]}</w:{xml[0]}>')
    return buf.getvalue()


def test_docx_automatic_numbering_is_shown() -> None:
    # headings numbered through their style 「一、」, items of 一 「（一）」, row labels 「1.」
    numbering = (
        'n<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="•"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>'
    )
    styles = (
        'styles<w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr>'
        '<w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="H1x"><w:basedOn w:val="H1"/></w:style>'
    )

    def p(text: str, ppr: str = "") -> str:
        return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"

    def num(num_id: int, ilvl: int = 0) -> str:
        return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'

    def cell(text: str, num_id: int) -> str:
        return f"<w:tc>{p(text, num(num_id))}</w:tc>"

    body = p("总体情况", '<w:pStyle w:val="H1"/>') + p("主动公开。", num(1, 1))
    body += p("依申请公开。", num(1, 1)) + p("要点", num(4))
    body += p("主动公开政府信息情况", '<w:pStyle w:val="H1x"/>')
    body += "<w:tbl><w:tr>" + cell("属于国家秘密", 2) + "</w:tr><w:tr>"
    body += cell("其他法律行政法规禁止公开", 2) + "</w:tr></w:tbl>"
    body += p("本机关不掌握相关政府信息", num(3))
    data = _with_parts(_docx(body), {"word/numbering.xml": numbering, "word/styles.xml": styles})
    values = [v for _, v in sorted(load(data, "n.docx").sheets[0].values.items())]
    assert values == [
        "一、总体情况",
        "（一）主动公开。",
        "（二）依申请公开。",
        "要点",
        "二、主动公开政府信息情况",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "1.本机关不掌握相关政府信息",
    ]


def test_chinese_numbers() -> None:
    from app.io.docx_numbering import chinese, format_number

    got = [chinese(n) for n in (1, 10, 11, 20, 21, 100, 105, 110, 999)]
    assert got == [
        "一",
        "十",
        "十一",
        "二十",
        "二十一",
        "一百",
        "一百零五",
        "一百一十",
        "九百九十九",
    ]
    assert format_number(3, "chineseLegalSimplified") == "叁"
    assert format_number(12, "decimalFullWidth") == "１２"
    assert format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(2, "ideographTraditional") == "乙"


def test_docx_with_pictures_of_the_tables() -> None:
    body = "<w:p><w:r><w:t>二、主动公开政府信息情况</w:t></w:r></w:p>"
    body += "<w:p><w:r><w:drawing/></w:r></w:p>"
    assert "图片" in _refused(_docx(body), "pictures.docx")


def test_pdf_as_plain_text_for_tables_without_lines() -> None:
    from app.io.source_pdf import load_text

    rows = b" ".join(
        b"BT /F1 11 Tf 100 %d Td (%s) Tj ET BT /F1 11 Tf 300 %d Td (%d) Tj ET "
        b"BT /F1 11 Tf 360 %d Td (%d) Tj ET"
        % (700 - 20 * i, label, 700 - 20 * i, i, 700 - 20 * i, 2 * i)
        for i, label in enumerate((b"Rules", b"Normative documents", b"Licensing"))
    )
    footer = b" BT /F1 10 Tf 290 30 Td (- 1 -) Tj ET"
    text = load_text(make_pdf([rows + footer]), "t.pdf")
    assert text == "Rules 0 0\nNormative documents 1 2\nLicensing 2 4"


def test_docx_report_inside_a_frame_table() -> None:
    # a page-layout table of one column holding the title and the real tables
    inner = "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>"
    inner += "<w:tc><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc>"
    inner += "<w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    frame = "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>"
    frame += "<w:tr><w:tc><w:p><w:r><w:t>标题</w:t></w:r></w:p></w:tc></w:tr>"
    frame += f"<w:tr><w:tc><w:p/>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    sheet = load(_docx(frame), "frame.docx").sheets[0]
    assert sheet.values == {(0, 0): "标题", (1, 0): "规章", (1, 1): 3}


def test_pdf_with_an_open_password() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(HERE / "p02_messy_from_word.pdf").pages:
        writer.add_page(page)
    writer.encrypt(user_password="nianbao", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    assert "密码" in _refused(buf.getvalue(), "locked.pdf")


@pytest.mark.parametrize("which", ["sample", "city"])
def test_the_programs_own_pdf_reads_back(which: str) -> None:
    """The printout (reportlab: stroked rules, subset TrueType fonts) read as last year's
    report gives back every figure; the city figures differ in every cell, so a shifted
    row or column cannot go unnoticed."""
    from build_xlsx_fixtures import city_values, sample_values  # type: ignore[import-not-found]

    from app.io.pdf import render_pdf

    if which == "sample":
        values, texts = sample_values()
        doc = Document("克井镇人民政府", 2023, values=dict(values), texts=dict(texts))
    else:
        doc = Document("洛阳市自然资源和规划局", 2023, values=dict(city_values()))
        for i, key in enumerate(k for k in FORM.input_keys if k.startswith("t3.")):
            doc.values[key] = 100 + i
        doc.recompute()
    back, report = read_bytes(render_pdf(doc), "own.pdf")
    assert {k: back.values[k] for k in FORM.input_keys} == {
        k: doc.values[k] for k in FORM.input_keys
    }
    assert (back.agency, back.year) == (doc.agency, doc.year)
    for key in ("text.overview", "text.problems", "text.other"):
        assert squeeze(back.texts[key]) == squeeze(doc.texts[key])
    assert not [f for f in report.findings if f.severity is not Severity.INFO]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(0, 10**6), min_size=len(FORM.input_keys), max_size=len(FORM.input_keys)),
    st.decimals(0, 10**6, places=4, allow_nan=False, allow_infinity=False),
)
def test_printout_to_pdf_and_back_is_the_same(numbers: list[int], fee: Decimal) -> None:
    from app.io.pdf import render_pdf

    doc = Document("某县人民政府办公室", 2024)
    for key, n in zip(FORM.input_keys, numbers, strict=True):
        doc.values[key] = fee if key == "t2.fees.amount" else n
    doc.recompute()
    back, _ = read_bytes(render_pdf(doc), "own.pdf")
    assert {k: back.values[k] for k in FORM.input_keys} == {
        k: doc.values[k] for k in FORM.input_keys
    }


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(0, 10**7), min_size=len(FORM.input_keys), max_size=len(FORM.input_keys)),
    st.decimals(0, 10**6, places=6, allow_nan=False, allow_infinity=False),
    st.sampled_from(["plain", "件", "fullwidth"]),
    st.sampled_from([None, 5, 15, 26]),
)
def test_word_template_filled_with_anything_reads_back(
    numbers: list[int], fee: Decimal, style: str, split: int | None
) -> None:
    from build_docs_fixtures import (  # type: ignore[import-not-found]
        FULLWIDTH,
        docx_bytes,
        fill,
        para,
        report_body,
        template_tables,
    )

    values = dict(zip(FORM.input_keys, numbers, strict=True))
    values["t2.fees.amount"] = fee

    def show(key: str, v: object) -> str:
        text = format(v, "f") if isinstance(v, Decimal) else str(v)
        if style == "件" and key != "t2.fees.amount":
            return text + "件"
        return text.translate(FULLWIDTH) if style == "fullwidth" else text

    texts = {k: "情况说明。" for k in ("text.overview", "text.problems", "text.other")}
    title = [para("某县人民政府办公室2024年政府信息公开工作年度报告", "center")]
    body = report_body(title, fill(template_tables(), values, show), texts, t3_split=split)
    back, _ = read_bytes(docx_bytes(body), "any.docx")
    assert {k: back.values[k] for k in FORM.input_keys} == values
