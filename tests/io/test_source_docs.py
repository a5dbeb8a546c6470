"""Reading the report from documents (.docx, .pdf, .ods; DESIGN §10): every value read equals
what the fixture generator put into the file, the texts and the title are found, a wrong
published total is reported on its cell, and hostile files are refused quickly with one
Chinese sentence."""

from __future__ import annotations

import importlib
import io
import time
import zipfile
from pathlib import Path

import pytest
from build_docs_fixtures import DOC_FIXTURES  # type: ignore[import-not-found]
from build_xlsx_fixtures import HERE, HOSTILE  # type: ignore[import-not-found]

from app.core.document import Document
from app.form import FORM
from app.io.errors import ReadError
from app.io.report import ImportReport
from app.io.sheetgrid import Book
from app.io.xlsx_read import _Reader

LOADERS = {".docx": "app.io.source_docx", ".pdf": "app.io.source_pdf", ".ods": "app.io.source_ods"}


def load(data: bytes, name: str) -> Book:
    module = importlib.import_module(LOADERS[Path(name).suffix])
    book: Book = module.load(data, name)
    return book


def read(name: str) -> tuple[Document, ImportReport]:
    return _Reader(load((HERE / name).read_bytes(), name), name).read()


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
        assert doc.texts[key] == text, key
    assert len(report.located) == 3


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
    if "wrong_total" not in fx.mentions:
        assert "import.wrong_total" not in found


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
