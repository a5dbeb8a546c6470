"""Reading real-world spreadsheet shapes (DESIGN §5): every value read equals the value the
fixture generator put into the file, and the import report says what it should."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from build_xlsx_fixtures import (  # type: ignore[import-not-found]
    EXTRA_ROWS,
    FIXTURES,
    HERE,
    NOTES_IN_CELLS,
    WPS_ZEROS,
    WRONG_TOTALS,
    Paste,
    paste_report,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.findings import Severity
from app.form import FORM, Kind
from app.io.files import read_document
from app.io.report import ImportReport
from app.io.xlsx_read import read_bytes
from app.resources import sample_path


def read(name: str) -> tuple[object, ImportReport]:
    return read_document(HERE / name)


def rules(report: ImportReport) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in report.findings:
        out.setdefault(f.rule, set()).update(f.keys)
    return out


def test_at_least_twelve_shapes() -> None:
    assert len(FIXTURES) >= 12
    assert {p.suffix for p in HERE.glob("f*.*")} >= {".xlsx", ".xls", ".xlsm"}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_every_value_is_what_the_generator_put_in(name: str) -> None:
    fx = FIXTURES[name]
    doc, report = read_document(HERE / name)
    wrong = {
        k: (fx.values.get(k), doc.values[k])
        for k in FORM.input_keys
        if doc.values[k] != fx.values.get(k)
    }
    assert not wrong, f"{name}: (expected, read) {wrong}"
    assert (doc.agency, doc.year) == (fx.agency, fx.year)
    for key, text in fx.texts.items():
        assert doc.texts[key] == text
    assert report.format == fx.format
    assert report.source == name


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_report_mentions_what_it_should(name: str) -> None:
    fx = FIXTURES[name]
    _, report = read_document(HERE / name)
    found = rules(report)
    for rule, keys in fx.mentions.items():
        assert f"import.{rule}" in found, f"{name}: no {rule} in {sorted(found)}"
        assert set(keys) <= found[f"import.{rule}"], (rule, set(keys) - found[f"import.{rule}"])
    text = "\n".join(report.lines())
    for word in fx.words:
        assert word in text, (name, word)
    # every table was found, and the report says where
    assert len(report.located) == 3
    assert all("工作表「" in loc for loc in report.located)


def test_totals_that_disagree_are_reported_on_the_totals_key_with_both_numbers() -> None:
    doc, report = read("f07_wrong_totals.xlsx")
    wrong = {f.keys: f for f in report.findings if f.rule == "import.wrong_total"}
    assert set(wrong) == {(k,) for k in WRONG_TOTALS}
    for key, shown in WRONG_TOTALS.items():
        f = wrong[(key,)]
        assert f.severity is Severity.WARNING
        assert str(shown) in f.message and str(doc.values[key]) in f.message
        assert doc.values[key] != shown  # the parts win: the total is recomputed
    assert doc.values["t3.new.total"] == 146


def test_wps_dashes_and_blanks_are_zero_and_said_so() -> None:
    doc, report = read("f03_wps_text_numbers.xlsx")
    found = rules(report)
    said = found["import.dash_as_zero"] | found["import.blank_as_zero"]
    assert set(WPS_ZEROS) <= said
    for key in WPS_ZEROS:
        assert doc.values[key] == 0
    assert doc.values["t2.licensing.decisions"] == 1532  # 「1,532」
    assert doc.values["t3.new.natural"] == 120  # 「120件」
    assert doc.values["t3.new.commercial"] == 15  # full-width digits


def test_notes_inside_cells_are_read_with_a_note() -> None:
    doc, report = read("f11_notes_in_cells.xlsx")
    notes = {f.keys[0]: f.message for f in report.findings if f.rule == "import.note"}
    for key, raw in NOTES_IN_CELLS.items():
        assert key in notes and raw.strip() in notes[key]
    assert doc.values["t2.normative.in_force"] == 12


def test_homemade_rows_are_reported_not_imported() -> None:
    doc, report = read("f08_extra_rows.xlsx")
    msgs = [f.message for f in report.findings if f.rule == "import.extra_row"]
    for rows in EXTRA_ROWS.values():
        for label, _ in rows:
            assert any(label in m for m in msgs), label
    assert doc.values["t3.new.natural"] == 120  # not 80 (网上申请) nor their sum


def test_2019_format_mapping_and_ignored_cells() -> None:
    doc, report = read("f05_format2019.xlsx")
    assert report.format == "2019"
    mapping = next(f for f in report.findings if f.rule == "import.format2019")
    assert "本年新制作数量" in mapping.message and "本年制发件数" in mapping.message
    assert set(mapping.keys) == {
        "t2.regulations.issued",
        "t2.regulations.in_force",
        "t2.normative.issued",
        "t2.normative.in_force",
        "t2.licensing.decisions",
        "t2.penalty.decisions",
        "t2.coercion.decisions",
    }
    ignored = " ".join(f.message for f in report.findings if f.rule == "import.ignored")
    for word in ("本年新公开数量", "其他对外管理服务事项", "政府集中采购", "元"):
        assert word in ignored
    assert doc.values["t2.fees.amount"] is None  # the 2019 （八） has no amount
    assert doc.values["t2.regulations.repealed"] is None
    single = next(f for f in report.findings if f.rule == "import.single_other")
    assert "t3.other.other.natural" in single.keys


def test_formulas_without_cached_values() -> None:
    doc, report = read("f09_formulas_no_cache.xlsx")
    assert doc.values["t3.new.natural"] == 120  # =100+20
    assert doc.values["t3.granted.natural"] == 60  # =SUM('计算'!B2:B4)
    bad = [f for f in report.findings if f.rule == "import.unreadable"]
    assert [f.keys for f in bad] == [("t2.penalty.decisions",)]
    assert bad[0].severity is Severity.ERROR
    assert doc.values["t2.penalty.decisions"] is None  # never invented


def test_published_report_pasted_from_the_web() -> None:
    doc, report = read("f13_published_paste.xlsx")
    assert doc.values["t3.withheld.third_party.natural"] == 1
    assert doc.values["t3.unavailable.not_held.natural"] == 7
    assert any(f.rule == "import.shifted_row" for f in report.findings)
    assert not any(f.rule.startswith("import.extra") for f in report.findings)
    assert doc.texts["text.other"] == "2023 年未收取信息公开处理费用。"


def test_macros_are_never_run_and_said_so() -> None:
    _, report = read("f12_macro.xlsm")
    assert any(f.rule == "import.macros" for f in report.findings)


def test_split_tables_are_located_on_their_sheets() -> None:
    _, report = read("f02_split_sheets.xlsx")
    joined = " ".join(report.located)
    for sheet in ("表2 主动公开", "依申请(表三)", "复议诉讼 "):
        assert f"「{sheet}」" in joined


def test_a_second_copy_of_table_three_is_reported(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(HERE / "f01_one_sheet_offset.xlsx")
    copy = wb.copy_worksheet(wb["Sheet1"])
    copy.title = "去年"
    wb.save(tmp_path / "two.xlsx")
    doc, report = read_document(tmp_path / "two.xlsx")
    assert any(f.rule == "import.second_table" and "去年" in f.message for f in report.findings)
    assert (
        doc.values["t3.new.natural"]
        == FIXTURES["f01_one_sheet_offset.xlsx"].values["t3.new.natural"]
    )


def test_our_workbook_without_its_info_sheet_is_read_like_anyone_elses(tmp_path: Path) -> None:
    from app.io.files import write_document
    from app.io.jsonfile import read_json

    sample = read_json(sample_path())
    sample.set("t3.new.legal", None)
    write_document(sample, tmp_path / "own.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "own.xlsx")
    del wb["报告信息"]
    wb.save(tmp_path / "own.xlsx")
    doc, report = read_document(tmp_path / "own.xlsx")
    assert report.format == "2021"
    assert (doc.agency, doc.year) == ("克井镇人民政府", 2023)  # from the title
    assert doc.texts == sample.texts  # from the text sheet
    assert doc.values["t3.new.legal"] == 0  # a blank in someone else's file: 0, and said so
    assert "t3.new.legal" in rules(report)["import.blank_as_zero"]


@pytest.mark.parametrize(
    ("cells", "agency", "year"),
    [
        ({"A1": "附件1：嵩县林业局关于2022年政府信息公开工作年度报告"}, "嵩县林业局", 2022),
        (
            {"A1": "填报单位：伊川县水利局", "A2": "报告年度", "B2": "２０２１年度"},
            "伊川县水利局",
            2021,
        ),
        ({"B3": "机关名称", "D3": "栾川县民政局", "B4": "年度", "C4": 2020}, "栾川县民政局", 2020),
    ],
)
def test_agency_and_year_from_titles_and_label_cells(
    cells: dict[str, object], agency: str, year: int, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(HERE / "f02_split_sheets.xlsx")
    cover = wb["封面"]
    cover.delete_rows(1, 10)
    for ref, value in cells.items():
        cover[ref] = value
    wb.save(tmp_path / "meta.xlsx")
    doc, report = read_document(tmp_path / "meta.xlsx")
    assert (doc.agency, doc.year) == (agency, year)
    assert any(f.rule.startswith("import.meta_") for f in report.findings)


def test_missing_agency_and_year_are_asked_for(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(HERE / "f02_split_sheets.xlsx")
    del wb["封面"]
    wb.save(tmp_path / "表格.xlsx")
    doc, report = read_document(tmp_path / "表格.xlsx")
    assert (doc.agency, doc.year) == ("", None)
    missing = {f.keys for f in report.findings if f.rule == "import.meta_missing"}
    assert missing == {("agency",), ("year",)}


FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def pasted_reports(draw: st.DrawFn) -> tuple[dict[str, object], dict[str, str], int, int, Any]:
    """Random figures pasted in the official layout, each cell written in a random style."""
    values: dict[str, object] = {}
    styles: dict[str, str] = {}
    for key in FORM.input_keys:
        if FORM.cells[key].kind is Kind.MONEY:
            values[key] = Decimal(draw(st.integers(0, 10**12))).scaleb(-6)
            styles[key] = draw(st.sampled_from(["number", "text"]))
        else:
            values[key] = draw(st.integers(0, 10**7))
            styles[key] = draw(st.sampled_from(["number", "text", "unit", "wide", "comma"]))
    return values, styles, draw(st.integers(1, 30)), draw(st.integers(1, 12)), draw(st.randoms())


def _styled(styles: dict[str, str]) -> Callable[[str, object], object]:
    def cell(key: str, v: object) -> object:
        style = styles.get(key, "number")
        if isinstance(v, Decimal):
            return float(v) if style == "number" else format(v, "f")
        if style == "text":
            return str(v)
        if style == "unit":
            return f"{v}件"
        if style == "wide":
            return str(v).translate(FULL_WIDTH)
        if style == "comma":
            return f"{v:,}"
        return v

    return cell


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pasted_reports())
def test_any_figures_pasted_anywhere_in_any_style_are_read_back(
    case: tuple[dict[str, object], dict[str, str], int, int, Any],
) -> None:
    values, styles, top, left, rnd = case

    def mangle(_table: str, label: str) -> str:
        """Stray spaces, line breaks and half-width brackets, as people type them."""
        if rnd.random() < 0.5:
            label = label.replace("（", "(").replace("）", ")")
        if len(label) > 1 and rnd.random() < 0.4:
            i = rnd.randrange(1, len(label))
            label = label[:i] + rnd.choice([" ", "\n", "　"]) + label[i:]
        return label

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "随机"
    ws.cell(row=top, column=left, value="某县某局2023年政府信息公开工作年度报告")
    paste_report(ws, top + 2, left, Paste(values, label=mangle, cell=_styled(styles)))
    buf = io.BytesIO()
    wb.save(buf)
    doc, report = read_bytes(buf.getvalue(), "random.xlsx")
    for key in FORM.input_keys:
        assert doc.values[key] == values[key], key
    assert not [f for f in report.findings if f.severity is Severity.ERROR]


def test_a_homemade_table_four_with_groups_down_the_side() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "某县某局2023年政府信息公开工作年度报告"
    for i, h in enumerate(["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
        ws.cell(row=3, column=2 + i, value=h)
    figures = {
        "review": [3, 1, 0, 1],
        "direct_suit": [2, 0, 1, 0],
        "suit_after_review": [1, 0, 0, 1],
    }
    labels = {
        "review": "行政复议",
        "direct_suit": "未经复议直接起诉",
        "suit_after_review": "复议后起诉",
    }
    for r, (group, nums) in enumerate(figures.items(), start=4):
        ws.cell(row=r, column=2, value=labels[group])
        for i, n in enumerate([*nums, sum(nums)]):
            ws.cell(row=r, column=3 + i, value=n)
    buf = io.BytesIO()
    wb.save(buf)
    doc, report = read_bytes(buf.getvalue(), "t4.xlsx")
    for group, nums in figures.items():
        for res, n in zip(("upheld", "corrected", "other", "pending"), nums, strict=True):
            assert doc.values[f"t4.{group}.{res}"] == n
    assert report.located == ["表四：工作表「Sheet」B4:G6"]
    assert {f.rule for f in report.findings} >= {"import.missing_table"}  # 表二、表三 absent
