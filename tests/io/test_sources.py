"""Reading a report from text and web pages (DESIGN §10): every value is what the fixture
builder put in, titles and headings in every shape, the import report says what it should,
and hostile input gets one Chinese sentence, quickly."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from build_source_fixtures import (  # type: ignore[import-not-found]
    FIXTURES,
    HOSTILE,
    HOSTILE_WORDS,
    SOURCES,
)

from app.core.findings import Severity
from app.form import FORM
from app.io.errors import ReadError
from app.io.files import read_document
from app.io.recognise.headings import split_heading
from app.io.recognise.titles import parse_title
from app.io.sources import detect, read_source, read_text
from app.resources import sample_path

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "tests" / "fixtures" / "kejing-town-2023-published.txt"


def is_chinese_one_liner(message: str) -> bool:
    return "\n" not in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_every_value_is_what_the_builder_put_in(name: str) -> None:
    fx = FIXTURES[name]
    doc, report = read_document(SOURCES / name)
    wrong = {
        k: (fx.values.get(k), doc.values[k])
        for k in FORM.input_keys
        if doc.values[k] != fx.values.get(k)
    }
    assert not wrong, f"{name}: (expected, read) {wrong}"
    assert (doc.agency, doc.year) == (fx.agency, fx.year)
    for key, text in fx.texts.items():
        got = doc.texts.get(key, "")
        if name.endswith(".pdf"):  # a PDF keeps no line breaks, nor spaces beside Chinese
            got = re.sub(r"\s+", "", got)
        assert got == text, key
    assert len(report.located) == 3


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_the_import_report_says_what_it_should(name: str) -> None:
    fx = FIXTURES[name]
    _, report = read_document(SOURCES / name)
    found: dict[str, set[str]] = {}
    for f in report.findings:
        found.setdefault(f.rule, set()).update(f.keys)
    for rule, keys in fx.mentions.items():
        assert f"import.{rule}" in found, rule
        assert set(keys) <= found[f"import.{rule}"], (rule, sorted(found))
    text = "\n".join(report.lines())
    for word in fx.words:
        assert word in text, word
    expected = {f"import.{r}" for r in fx.mentions} | {
        "import.meta_missing",
        "import.meta_text_year",
    }
    warned = {f.rule for f in report.findings if f.severity is not Severity.INFO}
    assert warned <= expected, text
    assert "（标题中没有）" not in text


def test_published_totals_errors_are_reported_on_their_cells() -> None:
    _, report = read_document(SOURCES / "h01_cms_gbk.html")
    wrong = [f for f in report.findings if f.rule == "import.wrong_total"]
    assert {f.keys for f in wrong} == {
        ("t3.new.total",),
        ("t3.results_total.natural",),
        ("t4.review.total",),
    }
    assert all("网页源代码第" in f.message for f in wrong)


def test_convert_the_published_text_gives_the_sample(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    run = subprocess.run(
        [sys.executable, "-m", "app", "convert", str(PUBLISHED), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    got, want = (json.loads(p.read_text(encoding="utf-8")) for p in (out, sample_path()))
    assert got["values"] == want["values"]
    assert got["texts"] == want["texts"]
    assert (got["agency"], got["year"]) == (want["agency"], want["year"])


def test_pasted_text_reads_like_the_file() -> None:
    doc, report = read_text(PUBLISHED.read_text(encoding="utf-8"))
    assert (
        doc.values["t2.fees.amount"] == FIXTURES["s01_published_copy.txt"].values["t2.fees.amount"]
    )
    assert report.source == "粘贴的文字"


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("克井镇人民政府 2023 年政府信息公开工作年度报告", "克井镇人民政府", 2023),
        ("2023年克井镇人民政府政府信息公开工作年度报告", "克井镇人民政府", 2023),
        ("附件1：某县统计局2020年度政府信息公开工作年度报告", "某县统计局", 2020),
        ("某县教育局政府信息公开工作年度报告【2023】", "某县教育局", 2023),
        ("某县教育局二○二三年政务公开年报", "某县教育局", 2023),
        ("关于2023年政府信息公开工作的年度报告", "", 2023),
    ],
)
def test_title_shapes(title: str, agency: str, year: int) -> None:
    assert parse_title(title) == (agency, year)


@pytest.mark.parametrize(
    "text",
    [
        "现将2023年政府信息公开工作年度报告如下",
        "根据2023年政府信息公开工作年度报告，本局",
        "工资表",
    ],
)
def test_sentences_are_not_titles(text: str) -> None:
    assert parse_title(text) is None


@pytest.mark.parametrize(
    ("line", "key", "rest"),
    [
        ("五、政府信息公开工作存在的主要问题及改进情况", "text.problems", ""),
        ("（五）存在的主要问题及改进情况", "text.problems", ""),
        ("第五部分 存在的主要问题及改进情况", "text.problems", ""),
        ("一、总体情况。2023年，本局认真贯彻", "text.overview", "2023年，本局认真贯彻"),
        (
            "六、其他需要报告的事项：本年度未收取信息处理费。",
            "text.other",
            "本年度未收取信息处理费。",
        ),
    ],
)
def test_heading_shapes(line: str, key: str, rest: str) -> None:
    h = split_heading(line)
    assert h is not None and (h.key, h.rest) == (key, rest)


@pytest.mark.parametrize(
    "line", ["（一）主动公开。2023 年", "三、本年度办理结果", "（五）不予处理"]
)
def test_numbered_paragraphs_and_rows_are_not_headings(line: str) -> None:
    assert split_heading(line) is None


def test_a_heading_run_into_its_first_sentence_keeps_the_sentence() -> None:
    text = PUBLISHED.read_text(encoding="utf-8").replace(
        "六、其他需要报告的事项\n\n2023 年", "六、其他需要报告的事项。2023 年"
    )
    doc, _ = read_text(text)
    assert doc.texts["text.other"] == "2023 年未收取信息公开处理费用。"


def test_a_split_number_is_said_so() -> None:
    page = (SOURCES / "h02_utf8_2019_headings.html").read_text(encoding="utf-8")
    row = page.index("一、本年新收政府信息公开申请数量")
    end = page.index("</tr>", row)
    # 「13」 printed as 「1」「3」 in two cells, the row's last applicant cell lost
    cells = page[row:end].replace("&nbsp;13<", "&nbsp;1<", 1).replace("&nbsp;0<", "&nbsp;3<", 1)
    _, report = read_source((page[:row] + cells + page[end:]).encode("utf-8"), "split.html")
    split = [f for f in report.findings if f.rule == "import.split_cell"]
    assert split and split[0].keys == ("t3.new.natural", "t3.new.commercial", "t3.new.total")
    assert "疑似拆格" in split[0].message


def test_a_split_number_in_pdf_text_is_joined_and_said_so() -> None:
    text = (SOURCES / "s02_pdf_text_pdfplumber.txt").read_text(encoding="utf-8")
    text = text.replace(
        "一、本年新收政府信息公开申请数量 13 0", "一、本年新收政府信息公开申请数量 1 3 0"
    )
    doc, report = read_text(text)
    assert doc.values["t3.new.natural"] == 13
    assert "疑似拆格" in "\n".join(report.lines())


@pytest.mark.parametrize("name", sorted(HOSTILE_WORDS))
def test_hostile_input_is_refused_with_one_sentence(name: str) -> None:
    start = time.perf_counter()
    with pytest.raises(ReadError) as info:
        read_document(HOSTILE / name)
    assert time.perf_counter() - start < 5
    assert is_chinese_one_liner(str(info.value))
    assert HOSTILE_WORDS[name] in str(info.value)


def test_a_50_mb_page_is_refused_quickly(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    row = "<tr><td>规章</td><td>1</td></tr>" * 1000
    with page.open("w", encoding="utf-8") as fh:
        fh.write("<html><body><table>")
        while fh.tell() < 50 * 1024 * 1024 - 100_000:
            fh.write(row)
        fh.write("</table></body></html>")
    start = time.perf_counter()
    with pytest.raises(ReadError, match="过大"):
        read_document(page)
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize(
    "line",
    [
        "某某项目名称第{n}项 1 2 3 4 5 6 7",
        "第{n}项\t1\t2\t3",
        "三、收到和处理政府信息公开申请情况{n}",
    ],
)
def test_endless_text_is_read_or_refused_quickly(line: str) -> None:
    for lines in (9_000, 12_000):  # under the limit on lines (read, found no report), over it
        text = "\n".join(line.format(n=n) for n in range(lines))
        start = time.perf_counter()
        with pytest.raises(ReadError) as info:
            read_text(text)
        assert time.perf_counter() - start < 3
        assert is_chinese_one_liner(str(info.value))


def test_a_page_of_endless_tags_is_refused_quickly(tmp_path: Path) -> None:
    page = tmp_path / "tags.html"
    page.write_bytes(b"<html><body>" + b"<b>" * 20_000 + b"<br/>" * 90_000)
    start = time.perf_counter()
    with pytest.raises(ReadError, match="复杂"):
        read_document(page)
    assert time.perf_counter() - start < 3


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gbk"),
        ('<meta charset="GB18030">', "gb18030"),
        ("<meta charset='utf-8'>", "utf-8"),
        ("", "utf-8"),
        ("", "gb18030"),  # undeclared and not UTF-8
    ],
)
def test_the_page_is_decoded_by_its_own_declaration(head: str, encoding: str) -> None:
    page = (SOURCES / "h02_utf8_2019_headings.html").read_text(encoding="utf-8")
    page = page.replace('<meta charset="utf-8">', head)
    doc, _ = read_source(page.encode(encoding), "page.htm")
    assert doc.agency == "克井镇人民政府" and doc.texts["text.other"]


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"<html><body>x</body></html>", "report.xls", "html"),  # web systems' 「Excel」
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "a.doc", "html"),
        ("克井镇\t2023".encode(), "a.txt", "text"),
        (b"%PDF-1.7\n", "a.txt", "pdf"),
    ],
)
def test_the_kind_is_what_the_bytes_are(data: bytes, name: str, kind: str) -> None:
    assert detect(data, name) == kind


def test_cli_refuses_hostile_input_with_exit_2() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "app", "check", str(HOSTILE / "junk_renamed.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and is_chinese_one_liner(run.stderr.strip())


def _mutations(data: bytes, n: int, seed: int) -> list[bytes]:
    rnd = random.Random(seed)
    out: list[bytes] = []
    for i in range(n):
        b = bytearray(data)
        if i % 3 == 0:
            for _ in range(rnd.randint(1, 20)):
                b[rnd.randrange(len(b))] = rnd.randrange(256)
        elif i % 3 == 1:
            b = b[: rnd.randrange(1, len(b))]
        else:
            pos = rnd.randrange(len(b))
            b[pos:pos] = bytes(rnd.choice(b"<>\t\n0123456789/\"'&;") for _ in range(64))
        out.append(bytes(b))
    return out


@pytest.mark.parametrize(
    ("name", "seed"),
    [("s01_published_copy.txt", 1), ("s02_pdf_text_pdfplumber.txt", 2), ("h01_cms_gbk.html", 3)],
)
def test_fuzz_mutated_text_and_pages(name: str, seed: int) -> None:
    data = (SOURCES / name).read_bytes()
    for mutated in _mutations(data, 30, seed):
        t0 = time.perf_counter()
        try:
            read_source(mutated, name)
        except ReadError as exc:
            assert is_chinese_one_liner(str(exc)), str(exc)
        assert time.perf_counter() - t0 < 2


def test_new_from_a_saved_web_page(tmp_path: Path) -> None:
    out = tmp_path / "2024.json"
    run = subprocess.run(
        [sys.executable, "-m", "app", "new", "--from", str(SOURCES / "h01_cms_gbk.html"), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    fx = FIXTURES["h01_cms_gbk.html"]
    assert (doc["agency"], doc["year"]) == (fx.agency, 2024)
    assert doc["values"]["t3.carried.natural"] == fx.values["t3.carry_forward.natural"]


def test_a_year_first_title_in_a_2019_workbook_keeps_agency_and_year(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(ROOT / "tests" / "fixtures" / "f05_format2019.xlsx")
    wb.worksheets[0]["A1"] = "2020年某某县统计局政府信息公开工作年度报告"
    wb.save(tmp_path / "2019.xlsx")
    doc, report = read_document(tmp_path / "2019.xlsx")
    assert (doc.agency, doc.year) == ("某某县统计局", 2020)
    assert report.format == "2019"


def test_pdf_text_with_a_row_missing_is_matched_by_labels_and_says_so() -> None:
    text = (SOURCES / "s02_pdf_text_pdfplumber.txt").read_text(encoding="utf-8")
    text = text.replace("（一）予以公开 3 0 0 0 0 0 3\n", "")
    doc, report = read_text(text)
    fx = FIXTURES["s02_pdf_text_pdfplumber.txt"]
    wrong = [
        k
        for k in FORM.input_keys
        if k.startswith("t3.") and not k.startswith("t3.granted.") and doc.values[k] != fx.values[k]
    ]
    assert not wrong
    assert doc.values["t3.granted.natural"] == 0  # absent from the text: blank, read as 0
    assert "按项目名称对应" in "\n".join(report.lines())
