"""Pasting a block copied together with its row labels (last year's 表三 from Excel).

When the lines of a pasted block carry text that matches the table's row labels, the
numbers are placed by those labels, not by the current cell: the label columns Excel
copies along would otherwise shift every number sideways. The labels are matched with the
import reader's forgiving matcher (spaces, numbering styles, small typos), the one place
that knows how real files spell them.
"""

from __future__ import annotations

from typing import NamedTuple

from app.form import CellDef, TableDef

# label text normalised → grid row, per table; kept for good (the matcher memoises by id)
_CANDIDATES: dict[str, dict[str, str]] = {}


class Aligned(NamedTuple):
    """Where a labelled block's values go."""

    placements: list[tuple[int, int, str]]  # (grid row, grid column, pasted text)
    rows: int  # lines placed by their label
    unmatched: list[str]  # labels of lines with numbers that match no row
    overflow: int  # values beyond the end of their row


def _bare(text: str) -> str:
    from app.io.recognise.labels import bare  # the import reader's label matcher (loaded on paste)

    return bare(text)


def _best(text: str, candidates: dict[str, str]) -> str:
    from app.io.recognise.labels import best

    return best(text, candidates)[0]


def _candidates(table: TableDef) -> dict[str, str]:
    found = _CANDIDATES.get(table.id)
    if found is None:
        rows_with_inputs = {c.row for c in table.cells if not c.computed}
        found = {}
        for lab in table.labels:
            if not lab.header and lab.rowspan == 1 and lab.row in rows_with_inputs:
                found.setdefault(_bare(lab.text), str(lab.row))
        _CANDIDATES[table.id] = found
    return found


def _row_of(text: str, table: TableDef) -> int | None:
    norm = _bare(text)
    if not norm or norm.isdigit():
        return None
    key = _best(norm, _candidates(table))
    return int(key) if key else None


def align_by_labels(lines: list[str], table: TableDef) -> Aligned | None:
    """The placements of a block whose lines start with row labels; None when it has none."""
    if not _candidates(table):
        return None
    cells_by_row: dict[int, list[CellDef]] = {}
    for cell in table.cells:
        cells_by_row.setdefault(cell.row, []).append(cell)
    placements: list[tuple[int, int, str]] = []
    rows = 0
    unmatched: list[str] = []
    overflow = 0
    for line in lines:
        parts = line.split("\t")
        found = None
        for j in range(len(parts) - 1, -1, -1):
            row = _row_of(parts[j], table) if parts[j].strip() else None
            if row is not None:
                found = (j, row)
                break
        if found is None:
            label = next((p.strip() for p in parts if p.strip()), "")
            has_number = any(p.strip() and p.strip()[0].isdigit() for p in parts)
            if has_number:
                unmatched.append(label)
            continue
        j, row = found
        data = parts[j + 1 :]
        if not any(d.strip() for d in data):
            continue
        row_cells = sorted(cells_by_row.get(row, []), key=lambda c: c.col)
        inputs = [c for c in row_cells if not c.computed]
        # the empty cells of the label's merged columns come along in Excel's copy
        while len(data) > len(row_cells) and not data[0].strip():
            data = data[1:]
        target = inputs if len(data) == len(inputs) else row_cells
        placements += [(c.row, c.col, raw) for c, raw in zip(target, data, strict=False)]
        overflow += sum(1 for raw in data[len(target) :] if raw.strip())
        rows += 1
    if rows == 0:
        return None
    return Aligned(placements, rows, unmatched, overflow)
