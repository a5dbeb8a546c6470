"""The one recogniser: a report read from sheets of cells by its labels (DESIGN §5, §10).

Every source (a workbook, a Word document, a web page, pasted text, a PDF) becomes a
:class:`~app.io.sheetgrid.Book` of sheets of cells with merges; this package finds the three
tables in it by their labels wherever they are, reads the values leniently, and writes an
:class:`~app.io.report.ImportReport` of everything assumed, ignored or corrected, anchored to
cell keys. The steps live in small modules: ``labels`` (matching), ``t2``/``t3``/``t4`` (the
tables), ``values``, ``texts`` (metadata and narrative sections) and ``own`` (the program's
own workbooks).
"""

from __future__ import annotations

from app.core.document import Document
from app.form import format2019 as f19
from app.io.errors import ReadError
from app.io.recognise.base import Context, Found
from app.io.recognise.own import find_own, own_fee, own_meta, own_texts
from app.io.recognise.t2 import locate_t2
from app.io.recognise.t3 import locate_t3
from app.io.recognise.t4 import locate_t4
from app.io.recognise.texts import meta_from_text, read_meta, read_notes, read_texts
from app.io.recognise.values import check_totals, read_values, report_missing
from app.io.report import ImportReport
from app.io.sheetgrid import Book, fill_cached_values


class NoReportTables(ReadError):
    """The source holds none of the report's tables (its message says so)."""


def recognise(book: Book, name: str) -> tuple[Document, ImportReport]:
    """The report in ``book`` (``name`` is the file's name, for messages); ReadError if none."""
    return read(Context(book, name))


def read(ctx: Context) -> tuple[Document, ImportReport]:
    own = find_own(ctx)
    if not own:
        fill_cached_values(ctx.book)
    found = Found()
    locate_t2(ctx, found)
    locate_t3(ctx, found)
    locate_t4(ctx, found)
    if not found.tables and not own:
        raise NoReportTables(
            f"{ctx.book.source}「{ctx.name}」中没有找到政府信息公开年度报告的表格（表二、表三、表四）"
        )
    ctx.report.located.extend(found.located)
    for rule, message in ctx.book.notes:
        if rule.endswith("_unread"):  # figures of the source that did not reach the tables
            ctx.report.warn(rule, message)
        else:
            ctx.report.info(rule, message)
    if ctx.book.has_macros:
        ctx.report.info("macros", "文件含有宏，宏没有运行，也不会保存到本程序的文件中")
    doc = Document()
    values, file_totals = read_values(ctx, found, own)
    if own:
        own_fee(ctx, values, found)
    for key, v in values.items():
        doc.values[key] = v
    doc.recompute()
    check_totals(ctx, doc, file_totals)
    report_missing(ctx, found, values)
    if own:
        ctx.report.format = "own"
        own_meta(ctx, doc)
        own_texts(ctx, doc)
    else:
        ctx.report.format = format_of(ctx, found)
        read_meta(ctx, doc)
        read_texts(ctx, doc)
        read_notes(ctx, doc, found)
        meta_from_text(ctx, doc)
    return doc, ctx.report


def format_of(ctx: Context, found: Found) -> str:
    if found.t2_2019:
        lines = "；".join(found.mapped_2019)
        ctx.report.info(
            "format2019",
            f"表二是 2019 年格式（{f19.NOTICE_2019}），已按 2021 年格式对应读入：{lines}",
            tuple(found.mapped_keys),
        )
    if found.t2_2019 and (found.t3_single_other or "t3" not in found.tables):
        return "2019"
    if found.t2_2019 or found.t3_single_other:
        return "hybrid"
    return "2021"
