"""The official tables drawn from the form onto a sheet of cells (labels, merges, values).

Sources that lose a table's geometry (text pulled out of a PDF) keep its values in order;
the adapter puts them back into the official layout with :func:`render_table`, and the
recogniser then reads that layout by its labels like any other file.
"""

from __future__ import annotations

from typing import Any

from app.form.model import TableDef
from app.io.sheetgrid import Sheet


def render_table(
    sheet: Sheet,
    table: TableDef,
    top: int,
    values: dict[str, Any],
    line: int = 0,
    key_lines: dict[str, int] | None = None,
) -> int:
    """Draw ``table`` with its top row at ``top``; returns the first row below it.

    ``values`` maps cell keys to what the source holds (missing keys stay empty);
    ``line`` is the source line the table came from and ``key_lines`` the line each value
    came from, for messages.
    """
    for lab in table.labels:
        r, c = top + lab.row, lab.col
        sheet.values[(r, c)] = lab.text
        if lab.rowspan > 1 or lab.colspan > 1:
            sheet.merge(r, c, r + lab.rowspan - 1, c + lab.colspan - 1)
    for cd in table.cells:
        r, c = top + cd.row, cd.col
        if cd.colspan > 1:
            sheet.merge(r, c, r, c + cd.colspan - 1)
        if cd.key in values and values[cd.key] is not None:
            sheet.values[(r, c)] = values[cd.key]
    if line:
        for r in range(top, top + table.n_rows):
            sheet.line_of[r] = line
    for cd in table.cells:
        if key_lines and cd.key in key_lines:
            sheet.line_of[top + cd.row] = key_lines[cd.key]
    return top + table.n_rows
