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
            elif isinstance(c.value, str):
                assert c.protection.locked, c.coordinate  # labels cannot be typed over
            if not c.protection.locked:
                unlocked += 1
    assert formulas == len(FORM.computed_keys)
    assert unlocked == len(FORM.input_keys)  # blank input cells too


def test_table_three_columns_are_sheet_columns() -> None:
    t3 = FORM.table("t3")
    for col in range(t3.label_cols, t3.n_cols):
        first, last = GRID.span("t3", col, 1)
        assert first == last, col
    for table in FORM.tables:  # every other table still has a column of its own per column
        edges = GRID.starts[table.id]
        assert all(a < b for a, b in itertools.pairwise(edges)), table.id
