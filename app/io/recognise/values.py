"""The values of the located cells: read leniently, every assumption reported; totals in
the file compared with the recomputed ones; cells the file lacks listed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.core.document import Document
from app.core.values import Parsed, Value, ValueError_, parse_imported
from app.form import FORM, Kind
from app.io.recognise.base import Cell, Context, Found, show
from app.io.sheetgrid import FormulaError, evaluate


def read_values(
    ctx: Context, found: Found, own: bool
) -> tuple[dict[str, Value], dict[str, tuple[Value, Cell]]]:
    values: dict[str, Value] = {}
    totals: dict[str, tuple[Value, Cell]] = {}
    blanks: dict[str, list[str]] = {}
    zeros: dict[str, list[str]] = {}
    for key, cell in found.cells.items():
        cd = FORM.cells[key]
        sheet, pos = cell.sheet, cell.pos
        table = FORM.table(cd.table).short_name
        if pos in sheet.formulas:
            if cd.computed and own:
                continue
            try:
                d = evaluate(ctx.book, sheet, sheet.formulas[pos])
                parsed = parse_imported(d, cd.kind)
            except (FormulaError, ValueError_) as exc:
                if not cd.computed:
                    ctx.report.error(
                        "unreadable",
                        f"{FORM.describe(key)}（{cell.where}）是公式「{sheet.formulas[pos][:60]}」，"
                        f"文件没有保存计算结果，本程序也无法计算（{exc}），未读入，请手工填写",
                        (key,),
                    )
                continue
            if not cd.computed:
                ctx.report.info(
                    "formula",
                    f"{FORM.describe(key)}（{cell.where}）是没有保存结果的公式"
                    f"「{sheet.formulas[pos][:60]}」，已按引用的单元格算出 {parsed.value}",
                    (key,),
                )
        else:
            raw = sheet.values.get(pos)
            if raw is None:
                if not own and not cd.computed:
                    blanks.setdefault(table, []).append(key)
                    values[key] = 0 if cd.kind is Kind.COUNT else Decimal(0)
                continue
            try:
                parsed = parse_cell(raw, cd.kind)
            except ValueError_ as exc:
                if cd.computed:
                    ctx.report.info(
                        "total_text",
                        f"{FORM.describe(key)}（{cell.where}）的内容「{show(raw)}」不是数字，"
                        "合计由本程序按各项重新计算",
                        (key,),
                    )
                    continue
                ctx.report.error(
                    "unreadable",
                    f"{FORM.describe(key)}（{cell.where}）的内容「{show(raw)}」无法识别为数字（{exc}），"
                    "未读入，请手工填写",
                    (key,),
                )
                continue
        if parsed.note:
            if parsed.value == 0 and "按 0 读入" in parsed.note:
                zeros.setdefault(table, []).append(key)
            else:
                ctx.report.info("note", f"{FORM.describe(key)}：{parsed.note}", (key,))
        if cd.computed:
            totals[key] = (parsed.value, cell)
        else:
            values[key] = parsed.value
    for table, keys in blanks.items():
        ctx.report.info(
            "blank_as_zero", f"{table}有 {len(keys)} 个空白单元格，按 0 读入", tuple(keys)
        )
    for table, keys in zeros.items():
        ctx.report.info(
            "dash_as_zero",
            f"{table}有 {len(keys)} 个单元格填的是「—」「/」「无」等，按 0 读入",
            tuple(keys),
        )
    return values, totals


def parse_cell(raw: Any, kind: Kind) -> Parsed:
    if isinstance(raw, (str, int, float, Decimal)) and not isinstance(raw, bool):
        return parse_imported(raw, kind)
    raise ValueError_("不是数字")


def check_totals(ctx: Context, doc: Document, totals: dict[str, tuple[Value, Cell]]) -> None:
    for key, (file_value, cell) in totals.items():
        if file_value is None:
            continue
        computed = doc.number(key)
        if file_value != computed:
            split = split_cell(doc, key, file_value)
            if split is not None:
                a, b = split
                ctx.report.warn(
                    "split_cell",
                    f"{FORM.describe(key)}：文件中的合计为 {file_value}（{cell.where}），各项相加为 "
                    f"{computed}；{FORM.describe(a)}「{doc.values[a]}」和{FORM.describe(b)}"
                    f"「{doc.values[b]}」疑似拆格（原本可能是一格「{doc.values[a]}{doc.values[b]}」，"
                    "合在一起正好等于文件中的合计），请对照原件核对这两格",
                    (a, b, key),
                )
            ctx.report.warn(
                "wrong_total",
                f"{FORM.describe(key)}：文件中的合计为 {file_value}（{cell.where}），"
                f"按各项相加应为 {computed}，已按 {computed} 计算（文件中的合计有误）",
                (key,),
            )


def split_cell(doc: Document, key: str, file_total: Value) -> tuple[str, str] | None:
    """Two neighbouring parts of a total, single digits both, that joined into one number
    (the rest moving one cell left, the last part becoming 0) make the parts add up to the
    file's total: a number a web or PDF table split over two cells (「12」 → 「1」「2」)."""
    parts = [p for p in FORM.cells[key].parts if not FORM.cells[p].computed]
    if len(parts) < 2 or len(parts) != len(FORM.cells[key].parts):
        return None
    nums = [doc.values.get(p) for p in parts]
    if not all(isinstance(n, int) for n in nums):
        return None
    ints = [int(n) for n in nums if isinstance(n, int)]
    for i in range(len(ints) - 1):
        a, b = ints[i], ints[i + 1]
        if not (0 < a <= 9 and 0 <= b <= 9):
            continue
        joined = [*ints[:i], 10 * a + b, *ints[i + 2 :]]
        if sum(joined) == file_total:  # the shift moved a 0 (or nothing) off the end
            return parts[i], parts[i + 1]
    return None


def report_missing(ctx: Context, found: Found, values: dict[str, Value]) -> None:
    for table in FORM.tables:
        if table.id not in found.tables:
            ctx.report.warn(
                "missing_table",
                f"文件中没有找到{table.short_name}，其中各项保持空白",
                tuple(c.key for c in table.cells if not c.computed),
            )
            continue
        missing = [
            c.key
            for c in table.cells
            if not c.computed and c.key not in found.cells and c.key not in values
        ]
        if found.t3_single_other:
            missing = [k for k in missing if not k.startswith("t3.other.")]
        if missing:
            names = "、".join(dict.fromkeys(FORM.describe(k) for k in missing[:6]))
            more = f"等 {len(missing)} 项" if len(missing) > 6 else ""
            why = "（2019 年格式没有这些项）" if table.id == "t2" and found.t2_2019 else ""
            ctx.report.warn(
                "missing",
                f"文件中没有{names}{more}{why}，保持空白，请填写",
                tuple(missing),
            )
