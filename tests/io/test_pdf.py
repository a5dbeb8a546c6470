"""The printed report: content and order read back with pypdf, fonts, missing glyphs, layout."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main as cli_main
from app.core.document import Document
from app.form import FORM, Label, TableDef
from app.io import pdf_fonts
from app.io.errors import WriteError
from app.io.jsonfile import read_json, write_json
from app.io.pdf import (
    MissingGlyphsError,
    format_date,
    missing_glyphs,
    paragraphs,
    render_pdf,
    write_pdf,
)
from app.io.pdf_wrap import CANNOT_END, CANNOT_START, paragraph_class
from app.resources import sample_path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = sample_path()
BUDGET_BYTES = 300 * 1024


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def raw_pages(data: bytes) -> list[str]:
    return [squash(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def pages_text(data: bytes) -> list[str]:
    """Each page's text without its page number (drawn first, as 「—N—」)."""
    return [re.sub(r"^—\d+—", "", t) for t in raw_pages(data)]


def in_order(text: str, items: list[str]) -> int:
    """Find ``items`` one after the other in ``text``; return how many were found."""
    pos = 0
    for n, item in enumerate(items):
        found = text.find(squash(item), pos)
        if found < 0:
            return n
        pos = found + len(squash(item))
    return len(items)


def row_strings(doc: Document, table: TableDef) -> list[str]:
    """Each grid row as it must read: its labels and figures, left to right."""
    rows: dict[int, list[tuple[int, str]]] = {}
    for lab in table.labels:
        rows.setdefault(lab.row, []).append((lab.col, lab.text))
    for cell in table.cells:
        value = doc.values[cell.key]
        text = (
            "0"
            if value is None
            else (format(value, "f") if isinstance(value, Decimal) else str(value))
        )
        rows.setdefault(cell.row, []).append((cell.col, text))
    return ["".join(t for _, t in sorted(items)) for _, items in sorted(rows.items())]


@pytest.fixture(scope="module")
def sample() -> Document:
    return read_json(SAMPLE)


@pytest.fixture(scope="module")
def sample_pdf(sample: Document) -> bytes:
    return render_pdf(sample)


LONG_SENTENCE = (
    "本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，围绕“民有所呼、政有所应”，"
    "持续推进决策、执行、管理、服务、结果公开；（一）主动公开政府信息1956条。"
)


def long_document() -> Document:
    """Long texts (about 1500 characters a section), seven-digit counts, a six-decimal fee."""
    doc = read_json(SAMPLE)
    doc.agency = "河南省济源市克井镇人民政府办公室"
    for key in FORM.text_keys:
        doc.texts[key] = "\n".join([LONG_SENTENCE * 3] * 7)
    doc.texts["note.t3"] = "注：“三安全一稳定”指国家安全、公共安全、经济安全和社会稳定。"
    for i, key in enumerate(FORM.input_keys):
        cell = FORM.cells[key]
        if cell.kind.value == "money":
            doc.set(key, Decimal("4166.241619"))
        else:
            doc.set(key, 1_000_000 + 104_729 * i if i % 3 else i)
    doc.date = "2024-01-20"
    return doc


@pytest.fixture(scope="module")
def long_pdf() -> tuple[Document, bytes]:
    doc = long_document()
    return doc, render_pdf(doc)


@pytest.fixture
def bundled_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Only the fonts shipped in resources/fonts (the machine's own fonts ignored)."""
    monkeypatch.setenv("NIANBAO_PDF_FONTS", "bundled")
    pdf_fonts.clear_cache()
    yield
    monkeypatch.delenv("NIANBAO_PDF_FONTS")
    pdf_fonts.clear_cache()


# ---------------------------------------------------------------- content and order


def test_title_headings_and_texts_in_order(sample: Document, sample_pdf: bytes) -> None:
    text = "".join(pages_text(sample_pdf))
    expected = [FORM.title(sample.agency, sample.year)]
    for section in FORM.sections:
        expected.append(section.title)
        if section.is_text:
            expected += paragraphs(sample.texts[section.key])
    assert in_order(text, expected) == len(expected)
    # the published wording, checked against the source rather than the code
    assert "克井镇人民政府2023年政府信息公开工作年度报告" in text
    assert squash("2023 年未收取信息公开处理费用。") in text


@pytest.mark.parametrize("table_id", ["t2", "t3", "t4"])
def test_every_label_and_figure_in_its_row(
    sample: Document, sample_pdf: bytes, table_id: str
) -> None:
    text = "".join(pages_text(sample_pdf))
    table = FORM.table(table_id)
    start = text.find(squash(FORM.section(table_id).title))
    assert start >= 0
    rows = row_strings(sample, table)
    assert in_order(text[start:], rows) == len(rows), rows


def test_sample_figures_as_published(sample_pdf: bytes) -> None:
    text = "".join(pages_text(sample_pdf))
    assert "行政处罚65" in text
    assert "行政事业性收费256.1789" in text
    assert "（一）予以公开3000003" in text
    assert "1.本机关不掌握相关政府信息7000007" in text
    assert "（七）总计130000013" in text


def test_large_numbers_and_fee_print_exactly(long_pdf: tuple[Document, bytes]) -> None:
    doc, data = long_pdf
    text = "".join(pages_text(data))
    assert "4166.241619" in text
    for table in FORM.tables:
        rows = row_strings(doc, table)
        assert in_order(text, rows) == len(rows)


def test_blank_cells_print_as_zero() -> None:
    doc = Document(agency="测试镇人民政府", year=2024)
    text = "".join(pages_text(render_pdf(doc)))
    assert "规章000" in text
    assert "行政事业性收费0" in text
    assert "四、结转下年度继续办理0000000" in text


def test_notes_and_signature(long_pdf: tuple[Document, bytes]) -> None:
    doc, data = long_pdf
    pages = pages_text(data)
    text = "".join(pages)
    assert squash(doc.texts["note.t3"]) in text
    assert pages[-1].endswith("河南省济源市克井镇人民政府办公室2024年1月20日")


def test_no_signature_without_date(sample_pdf: bytes) -> None:
    last = pages_text(sample_pdf)[-1]
    assert last.startswith(squash("2023 年未收取信息公开处理费用。")) or "处理费用。" in last
    assert "年1月" not in last


def test_page_numbers_and_a4(sample_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(sample_pdf))
    for n, (page, text) in enumerate(
        zip(reader.pages, raw_pages(sample_pdf), strict=True), start=1
    ):
        assert text.startswith(f"—{n}—")
        box = page.mediabox
        assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1


def test_date_formatting() -> None:
    assert format_date("2024-01-20") == "2024年1月20日"
    assert format_date("2024/1/5") == "2024年1月5日"
    assert format_date("2024年1月20日") == "2024年1月20日"


def test_paragraphs_are_lines_without_typed_indentation() -> None:
    assert paragraphs("\u3000\u3000第一段。\n\n  第二段。\r\n\t第三段\u200b。") == [
        "第一段。",
        "第二段。",
        "第三段。",
    ]


# ---------------------------------------------------------------- fonts


def test_all_fonts_embedded_and_small(sample_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(sample_pdf))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            names.add(font["/BaseFont"])
            assert font["/Subtype"] == "/TrueType", font
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
    assert names and not any("Helvetica" in n for n in names)
    assert len(sample_pdf) <= BUDGET_BYTES


def test_missing_characters_are_reported_with_their_section(bundled_fonts: None) -> None:
    doc = read_json(SAMPLE)
    doc.texts["text.overview"] += (
        "\n我镇堃字号码。"  # 堃 is not in GB2312: not in the bundled subset
    )
    doc.texts["text.problems"] += "😀"
    missing = missing_glyphs(doc)
    assert ("一、总体情况", "堃") in missing
    assert ("五、存在的主要问题及改进情况", "😀") in missing
    with pytest.raises(MissingGlyphsError) as info:
        render_pdf(doc)
    message = str(info.value)
    assert "堃" in message and "一、总体情况" in message
    assert "😀" in message and "五、存在的主要问题及改进情况" in message
    assert "U+1F600" in message


def test_missing_character_in_agency_named_in_title(bundled_fonts: None) -> None:
    doc = Document(agency="🏛镇人民政府", year=2024)
    assert ("机关名称（标题）", "🏛") in missing_glyphs(doc)


def test_emoji_refused_with_any_fonts(tmp_path: Path) -> None:
    doc = read_json(SAMPLE)
    doc.texts["text.other"] = "未收取信息处理费。👍"
    target = tmp_path / "out.pdf"
    with pytest.raises(WriteError, match="👍"):
        write_pdf(doc, target)
    assert not target.exists()


def test_cli_convert_names_character_and_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = read_json(SAMPLE)
    doc.texts["text.problems"] += "😀"
    src = tmp_path / "in.json"
    write_json(doc, src)
    out = tmp_path / "out.pdf"
    assert cli_main(["convert", str(src), str(out)]) != 0
    err = capsys.readouterr().err
    assert "😀" in err and "五、存在的主要问题及改进情况" in err
    assert not out.exists()


def test_cli_convert_writes_pdf(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    assert cli_main(["convert", str(SAMPLE), str(out)]) == 0
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 4


def test_importing_the_module_loads_neither_reportlab_nor_fonts() -> None:
    code = "import sys, app.io.pdf; print('reportlab' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# ---------------------------------------------------------------- layout


def group_labels(table: TableDef) -> list[Label]:
    """Merged row labels that hold rows only, not other merged labels (（三）不予公开 …)."""
    merged = [lab for lab in table.labels if lab.rowspan > 1 and not lab.header]
    return [
        lab
        for lab in merged
        if not any(
            o is not lab and lab.row <= o.row and o.row + o.rowspan <= lab.row + lab.rowspan
            for o in merged
        )
    ]


def check_groups_whole(pages: list[str], context: object) -> None:
    """Each merged group label is on one page with all the rows it spans."""
    for table in FORM.tables:
        for lab in group_labels(table):
            rows = [x.text for x in table.labels if lab.row <= x.row < lab.row + lab.rowspan]
            assert any(all(squash(r) in p for r in rows) for p in pages), (context, lab.text)


def check_table_three_pages(pages: list[str], context: object) -> int:
    """Every page with rows of table 三 repeats its header and shows 三、本年度办理结果 beside
    any result row; returns on how many pages the table lies."""
    t3 = FORM.table("t3")
    results = [lab.text for lab in t3.labels if 5 <= lab.row <= 26 and lab.col > 0]
    with_t3 = [p for p in pages if squash("申请人情况") in p]
    for page in with_t3:
        assert squash("法人或其他组织") in page and squash(t3.note) in page, context
        if any(squash(r) in page for r in results):
            assert squash("三、本年度办理结果") in page, context
    return len(with_t3)


def test_table_three_header_repeats_and_labels_follow_rows(
    long_pdf: tuple[Document, bytes],
) -> None:
    _doc, data = long_pdf
    pages = pages_text(data)
    assert check_table_three_pages(pages, "long") >= 2, "table 三 should cross a page"
    check_groups_whole(pages, "long")
    assert len(group_labels(FORM.table("t3"))) == 4  # （三）…（六）


def test_table_two_whole_and_table_three_without_a_sliver() -> None:
    """Move the tables down two lines at a time over a page: 表二 (it fits on a page) is
    never split, 表三 never starts with a sliver (its first page holds at least the rows of
    （三）不予公开), a merged label never loses its rows, a heading never ends a page."""
    t2 = FORM.table("t2")
    titles = [lab.text for lab in t2.labels if lab.colspan == t2.n_cols]
    splits = t3_pages = 0
    for lines in range(0, 22, 2):
        doc = read_json(SAMPLE)
        doc.texts["text.overview"] = "\n".join(["本年度主动公开政府信息。"] * (8 + lines))
        pages = pages_text(render_pdf(doc))
        rows = row_strings(doc, t2)
        on_pages = [[i for i, p in enumerate(pages) if r in p] for r in rows]
        if len({tuple(x) for x in on_pages}) > 1:
            splits += 1
        t3_first = next(p for p in pages if squash("申请人情况") in p)
        assert squash("8.属于行政查询事项") in t3_first, lines
        for title in titles:
            i = rows.index(title)
            # the block's title, its 信息内容 header and its data rows share a page
            block_end = next((j for j in range(i + 1, len(rows)) if rows[j] in titles), len(rows))
            shared = set.intersection(*(set(on_pages[j]) for j in range(i, block_end)))
            assert shared, (lines, title, on_pages)
        check_groups_whole(pages, lines)
        for page in pages:  # a heading never ends a page
            assert not any(page.endswith(squash(sec.title)) for sec in FORM.sections), lines
        t3_pages = max(t3_pages, check_table_three_pages(pages, lines))
    assert splits == 0, "table 二 fits on a page: it is never split"
    assert t3_pages >= 2, "and table 三 too"


def _lines(text: str, width: float) -> list[str]:
    from reportlab.lib.styles import ParagraphStyle

    fonts = pdf_fonts.load_fonts()
    style = ParagraphStyle("t", fontName=fonts.name("body"), fontSize=16, wordWrap="CJK")
    para = paragraph_class()(text, style)
    para.wrap(width, 10_000)
    return ["".join(w.text for w in line.words).strip() for line in para.blPara.lines]


@pytest.mark.parametrize("width", [100 + 7 * i for i in range(40)])
def test_line_breaking_follows_chinese_rules(width: float) -> None:
    text = (
        "本年度，我镇围绕“民有所呼、政有所应”，做好《条例》宣传；共受理申请13件（其中1件"
        "逾期）。主动公开信息1956条，“三安全一稳定”……等等！2023年收费4166.241619万元。"
    )
    lines = _lines(text, width)
    assert "".join(lines) == text.replace(" ", "")
    for line in lines[1:]:
        assert line[0] not in CANNOT_START, (width, lines)
    for line in lines[:-1]:
        assert line[-1] not in CANNOT_END, (width, lines)
    for number in ("1956", "4166.241619", "2023"):
        assert any(number in line for line in lines), (number, lines)


def test_damaged_installation_without_bundled_fonts(
    bundled_fonts: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf_fonts, "FONTS_DIR", tmp_path)
    pdf_fonts.clear_cache()
    with pytest.raises(WriteError, match="重新安装"):
        render_pdf(read_json(SAMPLE))


def test_system_fonts_preferred_by_their_windows_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import shutil

    bundled = pdf_fonts.FONTS_DIR
    windows = tmp_path / "Windows" / "Fonts"
    windows.mkdir(parents=True)
    shutil.copy(bundled / "nianbao-song.ttf", windows / "SIMFANG.TTF")  # names vary in case
    shutil.copy(bundled / "nianbao-hei.ttf", windows / "simhei.ttf")
    monkeypatch.setattr(pdf_fonts, "_font_dirs", lambda: [windows])
    monkeypatch.delenv("NIANBAO_PDF_FONTS", raising=False)
    pdf_fonts.clear_cache()
    try:
        fonts = pdf_fonts.load_fonts()
        assert fonts.roles["body"].path.name == "SIMFANG.TTF"
        assert fonts.roles["heading"].path.name == "simhei.ttf"
        assert fonts.roles["title"].path.parent == bundled  # no simsun.ttc: the bundle
        reader = PdfReader(io.BytesIO(render_pdf(read_json(SAMPLE))))
        assert len(reader.pages) >= 4
    finally:
        pdf_fonts.clear_cache()


@pytest.mark.skipif(
    "uming.ttc" not in pdf_fonts.system_font_files(), reason="needs fonts-arphic-uming"
)
def test_rare_character_drawn_with_an_installed_fallback_font() -> None:
    pdf_fonts.clear_cache()
    doc = read_json(SAMPLE)
    doc.agency = "堃镇人民政府"  # not in the GB2312 subset, but in the full AR PL UMing
    assert missing_glyphs(doc) == []
    data = render_pdf(doc)
    assert "堃镇人民政府" in pages_text(data)[0]
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(data)).pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert len(fonts) >= 3  # body and title subsets, headings, plus the fallback's subset


def test_same_document_same_bytes(sample: Document, sample_pdf: bytes) -> None:
    """Preview, print and export each render the document: they must get the same PDF."""
    assert render_pdf(read_json(SAMPLE)) == sample_pdf


def test_markup_characters_print_literally() -> None:
    doc = read_json(SAMPLE)
    doc.texts["text.other"] = "未收取信息处理费 <b>费用</b> & 其他 <br/> 说明。"
    text = "".join(pages_text(render_pdf(doc)))
    assert squash("未收取信息处理费 <b>费用</b> & 其他 <br/> 说明。") in text


def test_long_agency_name_wraps_inside_the_title() -> None:
    doc = Document(
        agency="某某省某某市某某县某某乡镇人民政府办公室行政审批服务中心综合科", year=2024
    )
    data = render_pdf(doc)
    assert squash(FORM.title(doc.agency, doc.year)) in pages_text(data)[0]


def test_body_lines_are_justified_by_character_spacing(sample_pdf: bytes) -> None:
    """reportlab alone leaves CJK lines ragged; ours set a small character spacing (Tc)."""
    content = PdfReader(io.BytesIO(sample_pdf)).pages[0].get_contents()
    assert content is not None
    spacings = [float(x) for x in re.findall(rb"(-?[\d.]+) Tc", content.get_data())]
    assert any(0 < abs(s) < 2 for s in spacings), spacings
    assert spacings[-1] == 0  # reset after each justified line


def test_text_heading_never_ends_a_page() -> None:
    """Move 「六、其他需要报告的事项」 a line at a time down over a page."""
    six = squash(FORM.section("text.other").title)
    bottoms = 0
    for lines in range(22):
        doc = read_json(SAMPLE)
        doc.texts["text.problems"] = "\n".join(["问题：信息公开更新不及时。"] * (3 + lines))
        pages = pages_text(render_pdf(doc))
        page = next(p for p in pages if six in p)
        assert not page.endswith(six), lines
        assert page.index(six) + len(six) < len(page)
        if pages.index(page) > 0 and page.startswith(six):
            bottoms += 1  # moved to the next page rather than left alone at the bottom
    assert bottoms > 0
