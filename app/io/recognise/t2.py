"""Table 二 (主动公开): rows by their labels, columns by the block headers above them,
in the 2021 format or the 2019 one (mapped to 2021 keys where the two agree)."""

from __future__ import annotations

from app.form import FORM
from app.form import format2019 as f19
from app.io.recognise.base import (
    Cell,
    Context,
    Found,
    first_in,
    first_pos,
    is_anchor,
    is_zero,
    locate_box,
    numberish,
    place,
    raw_at,
    row_place,
    row_strings,
)
from app.io.recognise.labels import (
    FUZZY_MIN_LEN,
    HEADER_SPAN,
    SECTION_TITLES,
    T2_BLOCK_PREFIX,
    T2_CONTENT,
    T2_HEADERS,
    T2_ROW_NAMES,
    T2_ROWS,
    bare,
    best,
    norm,
)
from app.io.sheetgrid import Pos, Sheet


def locate_t2(ctx: Context, found: Found) -> None:
    boxes: list[tuple[Sheet, int, int, int, int]] = []
    seen_rows: set[str] = set()
    for sheet, pos, text in ctx.texts_index:
        n = bare(text)
        if len(n) > 20:
            continue
        row_key, s = best(n, T2_ROWS)
        if not row_key or (len(n) < FUZZY_MIN_LEN and s < 1.0):
            continue
        headers = t2_headers(sheet, pos)
        if not headers:
            continue
        if row_key in seen_rows:
            continue
        seen_rows.add(row_key)
        r = pos[0]
        for c0, c1, header in headers:
            target = t2_key(row_key, header, found)
            if target is None:
                raw = first_in(sheet, r, c0, c1)
                if raw is not None and not is_zero(raw):
                    where = place(sheet, (r, c0))
                    label = header.split(":", 1)[1]
                    unit = (
                        "，该项以元为单位"
                        if row_key == "procurement" and label == f19.T2_2019_BLOCKS[-1][1][1]
                        else ""
                    )
                    ctx.report.info(
                        "ignored",
                        f"表二「{text.strip()}」的「{label}」（{where}，值「{raw}」{unit}）在 2021 年格式中"
                        "没有对应项，未读入",
                    )
                continue
            cpos = first_pos(sheet, r, c0, c1)
            if target in found.cells:
                continue
            found.cells[target] = Cell(sheet, cpos)
            boxes.append((sheet, r, pos[1], r, c1))
    locate_box(ctx, "t2", FORM.table("t2").short_name, boxes, found)
    t2_extra_rows(ctx, boxes)


def t2_extra_rows(ctx: Context, boxes: list[tuple[Sheet, int, int, int, int]]) -> None:
    """Homemade rows among (or just after) table 二's rows: reported, not imported."""
    if not boxes:
        return
    sheet = boxes[0][0]
    mine = [b for b in boxes if b[0] is sheet]
    label_col = min(b[2] for b in mine)
    right = max(b[4] for b in mine)
    known_rows = {b[1] for b in mine}
    for r in range(min(known_rows), max(known_rows) + 3):
        if r in known_rows:
            continue
        v = sheet.values.get((r, label_col))
        if not isinstance(v, str) or not v.strip():
            continue
        n = bare(v)
        if (
            n == T2_CONTENT
            or best(n, T2_HEADERS)[0]
            or best(n, T2_ROWS)[0]
            or norm(v).startswith(T2_BLOCK_PREFIX)
            or bare(v) in SECTION_TITLES
            or is_anchor(v)
        ):
            continue
        nums = [x for c in range(label_col + 1, right + 1) if numberish(x := raw_at(sheet, (r, c)))]
        if nums:
            ctx.report.warn(
                "extra_row",
                f"表二中的「{v.strip()}」（{row_place(sheet, r)}）不是官方表格的项目，未导入",
            )


def t2_headers(sheet: Sheet, pos: Pos) -> list[tuple[int, int, str]]:
    """The column headers above a table 二 row label: (first col, last col, header id)."""
    r, c = pos
    for h in range(r - 1, max(-1, r - 6), -1):
        row_cells = row_strings(sheet, h, c + 1, c + HEADER_SPAN)
        headers: list[tuple[int, int, str]] = []
        for cc, v in row_cells:
            hid, _s = best(bare(v), T2_HEADERS)
            if hid:
                box = sheet.box((h, cc))
                headers.append((cc, box[3], hid))
        if headers:
            return headers  # rows of other labels (行政处罚 above 行政强制) are passed over
    return []


def t2_key(row_key: str, header: str, found: Found) -> str | None:
    fmt, h = header.split(":", 1)
    if fmt == "2021":
        key = f"t2.{row_key}.{h}"
        return key if key in FORM.cells and not FORM.cells[key].computed else None
    found.t2_2019 = True
    target = f19.T2_2019_TO_2021.get((row_key, h))
    if target is not None:
        row_name = T2_ROW_NAMES.get(row_key, row_key)
        note = f"「{row_name}·{h}」→「{FORM.cells[target].col_name}」"
        if note not in found.mapped_2019:
            found.mapped_2019.append(note)
            found.mapped_keys.append(target)
    return target
