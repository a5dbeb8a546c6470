"""Table 四 (复议诉讼): each group by its label, its results' headers below it (official
layout) or beside it (a transposed homemade layout)."""

from __future__ import annotations

from app.form import FORM
from app.io.recognise.base import Cell, Context, Found, locate_box, raw_at, row_strings, span
from app.io.recognise.labels import (
    FUZZY_MIN_LEN,
    HEADER_SPAN,
    T4_GROUP_KEYS,
    T4_RESULT_KEYS,
    best,
    norm,
)
from app.io.sheetgrid import Pos, Sheet


def locate_t4(ctx: Context, found: Found) -> None:
    groups: list[tuple[Sheet, Pos, str]] = []
    for sheet, pos, text in ctx.texts_index:
        key = T4_GROUP_KEYS.get(norm(text))
        if key is None and len(norm(text)) >= FUZZY_MIN_LEN:
            k2, s = best(norm(text), T4_GROUP_KEYS)
            key = k2 if s >= 0.85 else None
        if key:
            groups.append((sheet, pos, key))
    boxes: list[tuple[Sheet, int, int, int, int]] = []
    for sheet, pos, gkey in groups:
        if any(k.startswith(f"t4.{gkey}.") for k in found.cells):
            continue
        cells = t4_group(sheet, pos)
        if not cells:
            continue
        for res, cpos in cells.items():
            found.cells[f"t4.{gkey}.{res}"] = Cell(sheet, cpos)
            boxes.append((sheet, pos[0], min(pos[1], cpos[1]), cpos[0], cpos[1]))
    locate_box(ctx, "t4", FORM.table("t4").short_name, boxes, found, rows_above=0)


def t4_group(sheet: Sheet, pos: Pos) -> dict[str, Pos]:
    r, _c = pos
    _, c0, bottom, c1 = span(sheet, pos)
    out: dict[str, Pos] = {}
    # Official layout: the results' headers below the group label, within its columns.
    for rr in range(bottom + 1, bottom + 4):
        for cc, v in row_strings(sheet, rr, c0, c1):
            res = T4_RESULT_KEYS.get(norm(v))
            if res and res not in out:
                hb = sheet.box((rr, cc))[2]
                out[res] = (hb + 1, cc)
    if out:
        data_row = max(p[0] for p in out.values())
        for rr in range(data_row, data_row + 3):
            if any(
                raw_at(sheet, (rr, p[1])) is not None
                and not (
                    isinstance(sheet.values.get((rr, p[1])), str)
                    and norm(str(sheet.values.get((rr, p[1])))) in T4_RESULT_KEYS
                )
                for p in out.values()
            ):
                data_row = rr
                break
        return {k: (data_row, p[1]) for k, p in out.items()}
    # Transposed layout: groups down the left, results across the top.
    for rr in range(r - 1, max(-1, r - 5), -1):
        for cc, v in row_strings(sheet, rr, c1 + 1, c1 + HEADER_SPAN):
            res = T4_RESULT_KEYS.get(norm(v))
            if res and res not in out:
                out[res] = (r, cc)
        if out:
            break
    return out
