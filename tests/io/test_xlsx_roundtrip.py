"""Our own workbook: the official layout a person recognises, live formulas, print setup,
and write → read restoring the document exactly (property test on random documents)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.document import Document, LastYear
from app.form import FORM, Kind
from app.io.errors import WriteError
from app.io.files import read_document, write_document
from app.io.jsonfile import read_json
from app.io.xlsx_read import read_bytes
from app.io.xlsx_write import workbook_bytes, write_workbook
from app.resources import sample_path

SAMPLE = sample_path()


def sample() -> Document:
    return read_json(SAMPLE)


def full_doc() -> Document:
    """Every kind of content: blanks, a 6-decimal fee, notes, last year's reference."""
    doc = sample()
    doc.set("t3.new.legal", None)
    doc.set("t2.fees.amount", Decimal("4166.241619"))
    doc.date = "2024年1月20日"
    doc.texts["note.t3"] = "本表数据截至2023年12月31日。\n第二行"
    doc.texts["text.other"] = "=SUM(A1) 不是公式\n  前后空格  "
    last = sample()
    doc.last_year = LastYear(
        values={k: v for k, v in last.values.items() if v is not None},
        texts={"text.problems": last.texts["text.problems"], "note.t2": "上年备注"},
        agency="克井镇人民政府",
        year=2022,
    )
    doc.last_year.values["t2.fees.amount"] = Decimal("18.8710")
    return doc


def test_sample_round_trips_exactly(tmp_path: Path) -> None:
    doc = sample()
    write_document(doc, tmp_path / "r.xlsx")
    back, report = read_document(tmp_path / "r.xlsx")
    assert back.same_content(doc)
    assert report.format == "own"
    assert not [f for f in report.findings if f.severity.value != "info"]


def test_everything_round_trips(tmp_path: Path) -> None:
    doc = full_doc()
    write_workbook(doc, tmp_path / "r.xlsx")
    back, _ = read_document(tmp_path / "r.xlsx")
    assert back.same_content(doc)
    assert back.values["t3.new.legal"] is None  # blank stays blank, not 0
    assert back.values["t2.fees.amount"] == Decimal("4166.241619")
    assert back.last_year.values["t2.fees.amount"] == Decimal("18.8710")
    assert back.texts["text.other"] == doc.texts["text.other"]


def test_text_that_looks_like_an_excel_escape_survives() -> None:
    doc = sample()
    doc.texts["text.other"] = "代码 _x000D_ 与 _x005F_x0041_ 原样保留\n第二行"
    back, _ = read_bytes(workbook_bytes(doc), "esc.xlsx")
    assert back.texts["text.other"] == doc.texts["text.other"]


def test_very_long_text_is_split_over_cells_and_joined_back() -> None:
    doc = sample()
    doc.texts["text.overview"] = ("很长的总体情况。" * 5000)[:40001]
    back, _ = read_bytes(workbook_bytes(doc), "long.xlsx")
    assert back.texts["text.overview"] == doc.texts["text.overview"]


def test_layout_formulas_and_print_setup(tmp_path: Path) -> None:
    doc = sample()
    path = tmp_path / "r.xlsx"
    write_workbook(doc, path)
    wb = openpyxl.load_workbook(path)  # data_only=False: the formulas themselves
    assert wb.sheetnames == ["年度报告", "报告信息"]
    ws = wb["年度报告"]
    assert ws["A1"].value == "克井镇人民政府2023年政府信息公开工作年度报告"
    # the information sheet is for the program: hidden, so it is not printed either
    assert [w.sheet_state for w in wb.worksheets] == ["visible", "hidden"]
    # printing the workbook prints the report in its order: title, 一 … 六
    column_a = [c.value for c in ws["A"]]
    rows = [column_a.index(s.title) for s in FORM.sections]
    assert rows == sorted(rows) and rows[0] > 0
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for table in FORM.tables:
        for label in table.labels:
            assert label.text in texts
    formulas = [
        c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] == "="
    ]
    assert len(formulas) == len(FORM.computed_keys)
    assert all(
        re.fullmatch(r"=SUM\([A-Z]+\d+(:[A-Z]+\d+|(,[A-Z]+\d+)+)\)", c.value) for c in formulas
    )
    # typing in WPS/Excel is checked: whole numbers ≥ 0, the fee a decimal ≥ 0
    rules = {dv.type: len(str(dv.sqref).split()) for dv in ws.data_validations.dataValidation}
    assert rules == {"whole": len(FORM.input_keys) - 1, "decimal": 1}
    # the labels are merged across their columns as in the template; every number cell of
    # 表三 is one cell (a block pasted from another workbook lands cell by cell)
    assert len(ws.merged_cells.ranges) > 60
    merged = {c for rng in ws.merged_cells.ranges for c in rng.cells}
    t3 = FORM.table("t3")
    top = next(c.row for row in ws.iter_rows() for c in row if c.value == t3.note)
    values = {(top + cd.row, cd.col): cd for cd in t3.cells}
    left = min(cd.col for cd in t3.cells)
    first = next(
        c.column
        for c in ws[top + 3]
        if c.value == doc.values["t3.new.natural"] or c.value == doc.number("t3.new.natural")
    )
    for (r, col), cd in values.items():
        spot = (r, first + col - left)
        assert spot not in merged, cd.key
        cell = ws.cell(*spot)
        assert cell.value is None or isinstance(cell.value, int) or str(cell.value)[:1] == "="
    # each formula adds up to the model's total (evaluated here with openpyxl ranges)
    got = sorted(_sum(ws, c.value) for c in formulas)
    want = sorted(doc.number(k) for k in FORM.computed_keys)
    assert got == want


def _sum(ws: openpyxl.worksheet.worksheet.Worksheet, formula: str) -> int:
    from openpyxl.utils.cell import range_boundaries

    total = 0
    for part in formula[len("=SUM(") : -1].split(","):
        c0, r0, c1, r1 = range_boundaries(part)
        for row in ws.iter_rows(min_row=r0, max_row=r1, min_col=c0, max_col=c1, values_only=True):
            for v in row:
                if isinstance(v, str) and v.startswith("=SUM("):
                    total += _sum(ws, v)  # a total of totals
                elif isinstance(v, int):
                    total += v
    return total


def test_fee_is_a_number_in_excel_with_its_decimals_shown(tmp_path: Path) -> None:
    doc = sample()
    doc.set("t2.fees.amount", Decimal("18.8710"))
    path = tmp_path / "r.xlsx"
    write_workbook(doc, path)
    ws = openpyxl.load_workbook(path)["年度报告"]
    fee = [c for row in ws.iter_rows() for c in row if c.value == pytest.approx(18.871)]
    assert len(fee) == 1 and fee[0].number_format == "0.0000"


def test_edits_made_in_a_spreadsheet_program_are_read(tmp_path: Path) -> None:
    """A user changes a figure and overwrites a total with a wrong number in WPS."""
    doc = sample()
    path = tmp_path / "r.xlsx"
    write_workbook(doc, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["年度报告"]
    row = next(r for r in ws.iter_rows() if r[0].value == "一、本年新收政府信息公开申请数量")
    numbers = [c for c in row if c.value is not None and c.column > 1]
    numbers[0].value = 14  # 自然人
    numbers[-1].value = 99  # 总计: a number instead of the formula
    wb.save(path)
    back, report = read_document(path)
    assert back.values["t3.new.natural"] == 14
    assert back.values["t3.new.total"] == 14
    wrong = [f for f in report.findings if f.rule == "import.wrong_total"]
    assert [f.keys for f in wrong] == [("t3.new.total",)] and "99" in wrong[0].message


def test_unwritable_target_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError):
        write_workbook(sample(), tmp_path / "missing" / "r.xlsx")


# ---------------------------------------------------------------- property test

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
TEXT_CHARS = st.one_of(CJK, st.sampled_from(list("，。；：、（）“”0123456789 \n=-—Aa_xDF")))


@st.composite
def documents(draw: st.DrawFn) -> Document:
    doc = Document(
        agency=draw(st.text(CJK, min_size=0, max_size=20)),
        year=draw(st.one_of(st.none(), st.integers(2000, 2100))),
        agency_level=draw(st.sampled_from(["", "乡镇/街道", "县级部门"])),
        date=draw(st.sampled_from(["", "2024年1月20日"])),
    )
    for key in FORM.input_keys:
        if draw(st.booleans()):
            continue  # blank
        if FORM.cells[key].kind is Kind.MONEY:
            cents = draw(st.integers(0, 10**13))
            value: int | Decimal = Decimal(cents).scaleb(-6).normalize()
            if value == value.to_integral_value():
                value = Decimal(int(value))
        else:
            value = draw(st.integers(0, 10**7))
        doc.set(key, value)
    for key in (*FORM.text_keys, *FORM.text_notes):
        doc.texts[key] = draw(st.text(TEXT_CHARS, max_size=60))
    if draw(st.booleans()):
        doc.last_year = LastYear(
            values={
                k: draw(st.integers(0, 10**7))
                for k in draw(st.lists(st.sampled_from(FORM.input_keys[:20]), max_size=5))
                if FORM.cells[k].kind is Kind.COUNT
            },
            texts={"text.problems": draw(st.text(TEXT_CHARS, max_size=40))},
            agency=draw(st.text(CJK, max_size=10)),
            year=draw(st.one_of(st.none(), st.integers(2000, 2100))),
        )
    return doc


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_write_then_read_is_the_identity(doc: Document) -> None:
    back, _ = read_bytes(workbook_bytes(doc), "random.xlsx")
    assert back.same_content(doc)


def test_our_workbook_saved_again_by_libreoffice_reads_back_exactly() -> None:
    """Shared strings, stored formula results, another program's styles: still our file."""
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "own_resaved_by_libreoffice.xlsx"
    back, report = read_document(fixture)
    assert report.format == "own"
    assert back.same_content(sample())
