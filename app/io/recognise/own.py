"""Our own workbooks (app.io.xlsx_write): the 「报告信息」 sheet's marker, metadata, exact
fee amount, last year's reference, and the texts sheet."""

from __future__ import annotations

from decimal import Decimal

from app.core.document import Document, LastYear
from app.core.values import Value, ValueError_, digits_of, parse_imported
from app.form import FORM, Kind
from app.io.errors import ReadError
from app.io.recognise.base import Context, Found, as_text, to_year
from app.io.recognise.labels import norm
from app.io.xlsx_write import (
    CONTINUED,
    FORMAT_MARKER,
    FORMAT_VERSION,
    LAST_PREFIX,
    SHEET_REPORT,
    SHEET_TEXTS,
    text_rows,
)


def find_own(ctx: Context) -> bool:
    for sheet in ctx.book.sheets:
        for (r, c), v in sheet.values.items():
            if v == "format" and sheet.values.get((r, c - 1)) == FORMAT_MARKER:
                ctx.info_sheet = sheet
                rows = sorted({p[0] for p in sheet.values})
                for row in rows:
                    key = sheet.values.get((row, c))
                    if not isinstance(key, str) or not key:
                        continue
                    value = sheet.values.get((row, c - 1))
                    exact = sheet.values.get((row, c + 1))
                    exact_text = exact if isinstance(exact, str) else ""
                    if key in ctx.info:  # a continued text
                        prev, _ = ctx.info[key]
                        value = f"{prev or ''}{'' if value is None else value}"
                    ctx.info[key] = (value, exact_text)
                version = ctx.info.get("version", (None, ""))[0]
                try:
                    newer = int(version or 0) > FORMAT_VERSION
                except (TypeError, ValueError):
                    newer = False
                if newer:
                    ctx.report.warn("version", "文件由更新版本的年报助手保存，部分内容可能没有读入")
                return True
    return False


def own_fee(ctx: Context, values: dict[str, Value], found: Found) -> None:
    for key, cd in FORM.cells.items():
        if cd.kind is not Kind.MONEY or key not in ctx.info:
            continue
        _, exact = ctx.info[key]
        v = values.get(key)
        if not exact or v is None:
            continue
        try:
            d = Decimal(exact)
        except ArithmeticError:
            continue
        cell = found.cells.get(key)
        raw = None if cell is None else cell.sheet.values.get(cell.pos)
        if isinstance(raw, (int, float)) and float(d) == float(raw):
            values[key] = d


def own_meta(ctx: Context, doc: Document) -> None:
    def text(key: str) -> str:
        v = ctx.info.get(key, (None, ""))[0]
        return "" if v is None else str(v)

    doc.agency = text("agency")
    doc.agency_level = text("agency_level")
    doc.date = text("date")
    doc.year = to_year(ctx.info.get("year", (None, ""))[0])
    last = LastYear(agency=text(LAST_PREFIX + "agency"))
    last.year = to_year(ctx.info.get(LAST_PREFIX + "year", (None, ""))[0])
    text_keys = {k for _, k in text_rows()}
    for full, (value, exact) in ctx.info.items():
        if not full.startswith(LAST_PREFIX):
            continue
        key = full[len(LAST_PREFIX) :]
        if key in FORM.cells:
            kind = FORM.cells[key].kind
            try:
                if exact and kind is Kind.MONEY:
                    last.values[key] = parse_imported(Decimal(exact), kind).value
                else:  # a total of last year's may pass the inputs' limit
                    last.values[key] = parse_imported(value, kind, digits_of(key)).value
            except (ValueError_, ArithmeticError):
                ctx.report.warn(
                    "unreadable", f"上年参考数据「{FORM.describe(key)}」无法读取：「{value}」"
                )
        elif key in text_keys and value is not None:
            last.texts[key] = str(value)
    doc.last_year = last
    included = ctx.info.get("included", (None, ""))[0]
    if included:  # a 汇总 saved by the program: the reports it adds up
        from app.io.jsonfile import included_from_text

        try:
            doc.included = included_from_text(str(included))
        except ReadError:
            ctx.report.warn("included", "汇总范围（所含报告的列表）已损坏，没有读入")


def own_texts(ctx: Context, doc: Document) -> None:
    # texts sit in the report sheet, in the report's order (in 「报告正文」 before version 2)
    sheet = ctx.book.sheet(SHEET_TEXTS) or ctx.book.sheet(SHEET_REPORT)
    if sheet is None:
        ctx.report.warn("texts", f"没有找到「{SHEET_TEXTS}」工作表，报告正文没有读入")
        return
    by_title = {norm(title): key for title, key in text_rows()}
    current = ""
    for r in sorted({p[0] for p in sheet.values}):
        label = sheet.values.get((r, 0))
        body = sheet.values.get((r, 1))
        body_text = "" if body is None else as_text(body)
        if isinstance(label, str) and label == CONTINUED and current:
            doc.texts[current] += body_text
            continue
        key = by_title.get(norm(label)) if isinstance(label, str) else None
        if key:
            current = key
            doc.texts[key] = body_text
