"""The one layout description: label lines, column widths, keep rules, PDF page numbers."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.core.document import Document
from app.form import FORM
from app.io import layout as lay
from app.io.jsonfile import read_json
from app.io.pdf import render_pdf
from app.resources import sample_path


@pytest.mark.parametrize(
    ("text", "room", "lines"),
    [
        ("三、本年度办理结果", 3.2, ("三、", "本年度", "办理", "结果")),
        ("（三）不予公开", 4.9, ("（三）", "不予公开")),
        ("自然人", 3.2, ("自然人",)),
        ("社会公益组织", 2.2, ("社会", "公益", "组织")),
        ("尚未审结", 2.2, ("尚未", "审结")),
        ("1.属于国家秘密", 3.5, ("1.属于", "国家", "秘密")),
        ("（四）无法提供", 10, ("（四）无法提供",)),
        ("4.保护第三方合法权益", 8.5, ("4.保护第三方合法", "权益")),  # no 权/益
        ("3.危及“三安全一稳定”", 8.5, ("3.危及“三安全一", "稳定”")),
    ],
)
def test_labels_break_between_words(text: str, room: float, lines: tuple[str, ...]) -> None:
    assert lay.label_lines(text, room) == lines


def test_a_word_longer_than_the_line_is_still_broken() -> None:
    assert lay.label_lines("自然人", 2.2) == ("自然", "人")


def test_every_narrow_label_fits_its_cell_and_keeps_its_words() -> None:
    doc = read_json(sample_path())
    size = lay.FONTS[lay.TABLE].size
    narrow = 0
    for tdef in FORM.tables:
        table = lay.table_layout(doc, tdef)
        assert abs(sum(table.widths) - lay.PAGE.frame_width) < 0.01
        for cell in table.cells:
            if cell.number:
                continue
            width = sum(table.widths[cell.col : cell.col + cell.colspan]) - 2 * lay.CELL_PAD
            for line in cell.lines or (cell.text,):
                if cell.lines:
                    assert lay.ems(line) * size <= width + 0.01, (cell.text, line)
            if cell.colspan == 1:  # a one-column label's words fit whole (自然人)
                words = lay.label_words(cell.text)
                assert max(lay.ems(w) for w in words) * size <= width, cell.text
            narrow += bool(cell.lines)
            assert "".join(cell.lines) in ("", cell.text)
    assert narrow >= 10


def test_keep_rules() -> None:
    doc = Document()
    t2, t3, t4 = (lay.table_layout(doc, t) for t in FORM.tables)
    assert t2.keep_together and t4.keep_together and not t3.keep_together
    # 表三's first piece reaches past （三）不予公开: never a sliver of two rows
    withheld = next(lab for lab in FORM.table("t3").labels if lab.text == "（三）不予公开")
    assert t3.min_first >= withheld.row + withheld.rowspan


def number_positions(page: Any, text: str) -> list[float]:
    """x of each place ``text`` is drawn on ``page``."""
    spots: list[float] = []

    def visit(found: str, _cm: object, tm: list[float], *_: object) -> None:
        if found.strip() == text:
            spots.append(tm[4])

    page.extract_text(visitor_text=visit)
    return spots


def test_page_numbers_odd_right_even_left() -> None:
    reader = PdfReader(io.BytesIO(render_pdf(read_json(sample_path()))))
    width = float(reader.pages[0].mediabox.width)
    assert len(reader.pages) >= 2
    for n, page in enumerate(reader.pages, start=1):
        spots = number_positions(page, f"— {n} —")
        assert spots, n
        assert (spots[0] > width / 2) == (n % 2 == 1), (n, spots)


def test_draft_mark_on_every_pdf_page() -> None:
    data = render_pdf(read_json(sample_path()), draft=True)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    assert all("草稿（未通过检查）" in p for p in pages)
    plain = PdfReader(io.BytesIO(render_pdf(read_json(sample_path())))).pages[0].extract_text()
    assert "草稿" not in plain


def test_system_font_found_by_its_family_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A 仿宋_GB2312 installed under any file name is found through its name table."""
    import shutil

    from app.io import pdf_fonts

    fonts_dir = tmp_path / "Fonts"
    fonts_dir.mkdir()
    shutil.copy(pdf_fonts.FONTS_DIR / "nianbao-song.ttf", fonts_dir / "FZ_odd_name_01.TTF")
    family = next(iter(pdf_fonts.font_families(fonts_dir / "FZ_odd_name_01.TTF")[0][1]))
    assert family == "ar pl uming cn"  # read from the file's own name table
    families = dict(pdf_fonts.FAMILIES)
    families["body"] = ("AR PL UMing CN", *families["body"])
    monkeypatch.setattr(pdf_fonts, "FAMILIES", families)
    monkeypatch.setattr(pdf_fonts, "_font_dirs", lambda: [fonts_dir])
    monkeypatch.delenv("NIANBAO_PDF_FONTS", raising=False)
    pdf_fonts.clear_cache()
    try:
        loaded = pdf_fonts.load_fonts()
        assert loaded.roles["body"].path.name == "FZ_odd_name_01.TTF"
        assert loaded.roles["heading"].path.parent == pdf_fonts.FONTS_DIR  # no 黑体 here
    finally:
        pdf_fonts.clear_cache()


def test_font_names_of_a_damaged_file_are_empty(tmp_path: Path) -> None:
    from app.io import pdf_fonts

    bad = tmp_path / "bad.ttc"
    bad.write_bytes(b"ttcf\x00\x01\x00\x00\xff\xff\xff\xff" + b"\x00" * 20)
    assert pdf_fonts.font_families(bad) in ([], [(0, set())])
