"""The workbook for someone who keeps working in WPS/Excel: totals protected, inputs open."""

from __future__ import annotations

import itertools
from pathlib import Path

import openpyxl

from app.form import FORM
from app.io.jsonfile import read_json
from app.io.xlsx_write import GRID, write_workbook
from app.resources import sample_path


def test_totals_locked_inputs_unlocked_sheet_protected_without_password(tmp_path: Path) -> None:
    write_workbook(read_json(sample_path()), tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["年度报告"]
    assert ws.protection.sheet and not ws.protection.password
    covered = {spot for rng in ws.merged_cells.ranges for spot in rng.cells} - {
        (rng.min_row, rng.min_col) for rng in ws.merged_cells.ranges
    }
    formulas = unlocked = 0
    for row in ws.iter_rows():
        for c in row:
            if (c.row, c.column) in covered:
                continue
            if isinstance(c.value, str) and c.value.startswith("="):
                formulas += 1
                assert c.protection.locked, c.coordinate
            elif isinstance(c.value, str) and ws.cell(c.row, 1).value != "（续）":
                assert c.protection.locked, c.coordinate  # labels cannot be typed over
            if not c.protection.locked:
                unlocked += 1
    assert formulas == len(FORM.computed_keys)
    paragraphs = sum(1 for c in ws["A"] if c.value == "（续）")
    assert paragraphs >= 3
    assert unlocked == len(FORM.input_keys) + paragraphs  # blank input cells too


def test_table_three_columns_are_sheet_columns() -> None:
    t3 = FORM.table("t3")
    for col in range(t3.label_cols, t3.n_cols):
        first, last = GRID.span("t3", col, 1)
        assert first == last, col
    for table in FORM.tables:  # every other table still has a column of its own per column
        edges = GRID.starts[table.id]
        assert all(a < b for a, b in itertools.pairwise(edges)), table.id


def test_texts_print_whole_one_paragraph_a_row(tmp_path: Path) -> None:
    from app.io.files import read_document

    doc = read_json(sample_path())
    long_para = "本年度我镇认真落实政务公开各项要求，持续完善工作机制。" * 120  # 3240 字
    doc.texts["text.problems"] = "存在的主要问题：\n\n信息更新不够及时。\n" + long_para
    write_workbook(doc, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["年度报告"]
    rows = [(r[0].value, r[1].value) for r in ws.iter_rows(min_row=2) if r[0].value]
    title = FORM.section("text.problems").title
    start = [label for label, _ in rows].index(title)
    mine = [rows[start]]
    for label, text in rows[start + 1 :]:
        if label != "（续）":
            break
        mine.append((label, text))
    assert mine[0][1] is None  # the heading's own row
    assert mine[1][1] == "存在的主要问题：\n" and mine[3][1] == "信息更新不够及时。\n"
    assert len(mine) >= 7  # the long paragraph continues over rows, cut after a 。
    assert all((text or "").endswith(("。", "\n", "：\n")) or text is None for _, text in mine)
    for row in ws.iter_rows(min_row=2):
        assert (ws.row_dimensions[row[0].row].height or 0) <= 409
    back, _ = read_document(tmp_path / "r.xlsx")
    assert back.texts == doc.texts
