"""Table 三 (依申请): the columns from the header around 「自然人」, then the rows below by
their labels, whether merged, shifted into the data columns (pasted web pages) or in the
2019 shape (a single （六）其他处理 row)."""

from __future__ import annotations

from app.form import format2019 as f19
from app.form.format2021 import T3_COLUMNS
from app.io.recognise.base import (
    Cell,
    Context,
    Found,
    area,
    numberish,
    place,
    raw_at,
    row_place,
    row_strings,
    sheet_label,
)
from app.io.recognise.labels import (
    FUZZY_MIN_LEN,
    HEADER_SPAN,
    LABEL_COLS,
    MAX_TABLE_ROWS,
    NATURAL,
    T3_COLS,
    T3_CONTEXT,
    T3_GROUPS,
    T3_NOTE_ANCHOR,
    T3_NOTE_NORM,
    T3_OTHER_2019_KEY,
    T3_OTHER_2019_ROW,
    T3_OTHER_GROUP,
    T3_OTHER_UNREAD,
    T3_ROWS,
    TOTAL_VARIANT,
    bare,
    best,
    norm,
)
from app.io.sheetgrid import Pos, Sheet


def locate_t3(ctx: Context, found: Found) -> None:
    natural = norm(NATURAL)
    for sheet, pos, text in ctx.texts_index:
        if norm(text) != natural:
            continue
        cols = t3_columns(sheet, pos)
        if cols is None:
            continue
        if "t3" in found.tables:
            ctx.report.warn(
                "second_table",
                f"文件中还有一张表三（{place(sheet, pos)} 附近），只读取了第一张，"
                "请确认读取的是本年度的数据",
            )
            return
        col_of, header_bottom = cols
        t3_rows(ctx, sheet, col_of, header_bottom, found)


def t3_columns(sheet: Sheet, nat: Pos) -> tuple[dict[str, int], int] | None:
    """Columns of table 三 from its header around the 自然人 cell, and the header's last row."""
    r, c = nat
    col_of: dict[str, int] = {"natural": c}
    bottom = sheet.box(nat)[2]
    total_label = norm(dict(T3_COLUMNS)["total"])
    # the organisations' columns: one header row, 商业企业 … 其他
    for rr in range(r, r + 4):
        row: dict[str, int] = {}
        for cc, v in row_strings(sheet, rr, c + 1, c + HEADER_SPAN):
            n = norm(v)
            key = T3_COLS.get(n) or best(n, T3_COLS)[0]
            if key and key not in ("natural", "total") and key not in row:
                row[key] = cc
        if "commercial" in row:
            col_of.update(row)
            bottom = max([bottom] + [sheet.box((rr, cc))[2] for cc in row.values()])
            break
    if "commercial" not in col_of:
        return None
    right = max(col_of.values())
    for rr in range(r - 1, bottom + 1):
        for cc, v in row_strings(sheet, rr, right + 1, right + 6):
            if norm(v) in (total_label, TOTAL_VARIANT):
                col_of["total"] = cc
                bottom = max(bottom, sheet.box((rr, cc))[2])
                break
        if "total" in col_of:
            break
    return col_of, bottom


def t3_rows(
    ctx: Context, sheet: Sheet, col_of: dict[str, int], header_bottom: int, found: Found
) -> None:
    first = min(col_of.values())
    group = ""
    shifted: list[tuple[int, str, int]] = []
    seen: dict[str, int] = {}
    last_row = header_bottom
    done = False
    blank_run = 0
    for r in range(header_bottom + 1, header_bottom + 1 + MAX_TABLE_ROWS):
        labels = row_strings(sheet, r, max(0, first - LABEL_COLS), first - 1)
        has_data = any(raw_at(sheet, (r, c)) is not None for c in col_of.values())
        if not labels and not has_data:
            blank_run += 1
            if blank_run >= 4 or done:
                break
            continue
        blank_run = 0
        shift = t3_shift(sheet, r, first)
        if shift:
            labels = row_strings(sheet, r, max(0, first - LABEL_COLS), first - 1 + shift)
            has_data = any(raw_at(sheet, (r, c + shift)) is not None for c in col_of.values())
        row_key, group_here, text = t3_row_key(labels, group)
        if group_here:
            group = group_here
        if not row_key and group_here == T3_OTHER_GROUP and has_data:
            row_key = T3_OTHER_2019_KEY
            found.t3_single_other = True
            ctx.report.info(
                "single_other",
                f"表三「{f19.T3_2019_OTHER_LABEL}」只有一行（2019 年格式），已读入"
                f"「{f19.T3_2019_OTHER_LABEL}·{T3_OTHER_2019_ROW}」；{T3_OTHER_UNREAD}两项文件中没有，保持空白",
                tuple(f"t3.{T3_OTHER_2019_KEY}.{c}" for c, _ in T3_COLUMNS),
            )
        if done and not row_key:
            if has_data and text:
                ctx.report.warn(
                    "extra_row",
                    f"表三后面的「{text}」（{row_place(sheet, r)}）不是官方表格的项目，未导入",
                )
            break
        if not row_key:
            if has_data and text:
                ctx.report.warn(
                    "extra_row",
                    f"表三中的「{text}」（{row_place(sheet, r)}）不是官方表格的项目，未导入",
                )
            elif has_data:
                ctx.report.warn(
                    "extra_row",
                    f"表三{row_place(sheet, r)}有数字但没有项目名称，未导入",
                )
            continue
        if row_key in seen:
            if has_data:
                ctx.report.warn(
                    "extra_row",
                    f"表三「{text}」在{row_place(sheet, seen[row_key])}和第 {sheet.line(r)} 行"
                    "出现了两次，只读入了第一次",
                )
            continue
        seen[row_key] = r
        last_row = r
        if shift:
            shifted.append((r, row_key, shift))
        for col_key, c in col_of.items():
            found.cells[f"t3.{row_key}.{col_key}"] = Cell(sheet, (r, c + shift))
        if row_key == "carry_forward":
            done = True
    shift_of = {r: n for r, _, n in shifted}
    t3_extra_columns(ctx, sheet, col_of, header_bottom, seen, shift_of)
    if shifted:
        rows = "、".join(str(sheet.line(r)) for r, _, _ in shifted)
        ctx.report.info(
            "shifted_row",
            f"表三{sheet_label(sheet)}第 {rows} 行的数字比表头错后一列（常见于从网页复制的"
            "表格），已按顺序对应到各列",
            tuple(f"t3.{k}.{c}" for _, k, _ in shifted for c in col_of),
        )
    found.tables.add("t3")
    top = max(0, header_bottom - 2)
    c0 = max(0, first - 3)
    found.located.append(f"表三：{area(sheet, (top, c0), (last_row, max(col_of.values())))}")


def t3_extra_columns(
    ctx: Context,
    sheet: Sheet,
    col_of: dict[str, int],
    header_bottom: int,
    seen: dict[str, int],
    shift_of: dict[int, int],
) -> None:
    """Homemade columns right of table 三 (备注, 办结率 …) holding figures: not imported."""
    right = max(col_of.values())
    for c in range(right + 1, right + 4):
        rows = seen.values()
        if not any(numberish(raw_at(sheet, (r, c + shift_of.get(r, 0)))) for r in rows):
            continue
        head = [
            str(v).strip()
            for r in range(header_bottom - 3, header_bottom + 1)
            if isinstance(v := sheet.values.get((r, c)), str)
        ]
        named = f"（表头「{'·'.join(head)}」）" if head else ""
        ctx.report.warn(
            "extra_column",
            f"表三右侧{sheet_label(sheet)}第 {c + 1} 列{named}有数字，不是官方表格的项目，未导入",
        )


def t3_shift(sheet: Sheet, r: int, first: int) -> int:
    """How many columns a row's labels run into the data columns (0, 1 or 2)."""
    shift = 0
    for c in range(first, first + 2):
        v = sheet.values.get((r, c))
        if isinstance(v, str) and is_t3_label(v):
            shift = c - first + 1
    return shift


def is_t3_label(v: str) -> bool:
    n = bare(v)
    if not n or n in T3_CONTEXT:
        return bool(n)
    return n in T3_GROUPS or bool(best(n, T3_ROWS)[0])


def t3_row_key(labels: list[tuple[int, str]], group: str) -> tuple[str, str, str]:
    """(row key or "", group label seen on this row or "", the row's label text)."""
    row_key, top, group_here = "", 0.0, ""
    texts: list[str] = []
    for _, raw in labels:
        n = bare(raw)
        if not n or norm(raw) == T3_NOTE_NORM or n in T3_CONTEXT or T3_NOTE_ANCHOR in n:
            continue
        texts.append(raw.strip().replace("\n", ""))
        g = T3_GROUPS.get(n)
        if g is None and len(n) >= FUZZY_MIN_LEN:
            g2, s = best(n, T3_GROUPS)
            g = g2 if s >= 0.9 else None
        if g is not None:
            group_here = g
            continue
        key, s = best(n, T3_ROWS)
        if key == T3_OTHER_2019_KEY and (group_here or group) != T3_OTHER_GROUP:
            key = ""  # 「3.其他」 belongs under （六）
        if key and s > top:
            row_key, top = key, s
    if not row_key and len(labels) > 1:
        joined = bare("".join(v for _, v in labels))
        key, _ = best(joined, T3_ROWS)
        row_key = key
    return row_key, group_here, " ".join(texts)
