"""One dispatch from a file (or pasted text) to the adapter of its kind (DESIGN §10).

Every source kind has a small adapter module exposing ``load(data: bytes, name: str) -> Book``
(sheets of cells with merges, :mod:`app.io.sheetgrid`); the one recogniser
(:mod:`app.io.recognise`) reads the report from that book. The kind is decided by what the
bytes are (zip package parts, OLE streams, ``%PDF``, an HTML tag, text) and, where the bytes
do not tell, by the file's extension. WPS's own formats (.et, .wps) and Word 97–2003 (.doc)
get a message telling the user how to save them in a readable format.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

from app.core.document import Document
from app.io.errors import ReadError
from app.io.report import ImportReport
from app.io.xlsx_safety import OLE_MAGIC, ZIP_MAGIC

SPREADSHEET, ODS, DOCX, HTML, TEXT, PDF = "spreadsheet", "ods", "docx", "html", "text", "pdf"


class SourceKind(NamedTuple):
    module: str  # the adapter module under app.io
    label: str  # what the user calls such a file
    suffixes: tuple[str, ...]


KINDS: dict[str, SourceKind] = {
    SPREADSHEET: SourceKind("source_xlsx", "Excel 表格", (".xlsx", ".xlsm", ".xls")),
    ODS: SourceKind("source_ods", "ODF 表格", (".ods",)),
    DOCX: SourceKind("source_docx", "Word 文档", (".docx", ".docm")),
    HTML: SourceKind(
        "source_html", "网页", (".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml")
    ),
    TEXT: SourceKind("source_text", "文字文件", (".txt",)),
    PDF: SourceKind("source_pdf", "PDF 文件", (".pdf",)),
}
BY_SUFFIX = {s: kind for kind, k in KINDS.items() for s in k.suffixes}

# Formats only WPS/Word can read: the user is told what to save them as.
SAVE_AS = {
    ".et": ("WPS 表格文件（.et）", ".xlsx"),
    ".ett": ("WPS 表格模板（.ett）", ".xlsx"),
    ".wps": ("WPS 文字文件（.wps）", ".docx"),
    ".wpt": ("WPS 文字模板（.wpt）", ".docx"),
    ".doc": ("Word 97-2003 文档（.doc）", ".docx"),
    ".dot": ("Word 97-2003 模板（.dot）", ".docx"),
    ".odt": ("ODF 文字文档（.odt）", ".docx"),
    ".rtf": ("RTF 文档", ".docx"),
}
WORD_STREAM = "WordDocument".encode("utf-16-le")
WPS_STREAM = "WpsDocument".encode("utf-16-le")
_HTML_HEADS = (b"<!doctype html", b"<html", b"<head", b"<meta", b"<table", b"<body", b"<!--")


def available(kind: str) -> bool:
    """Whether the adapter of ``kind`` is part of this program."""
    return importlib.util.find_spec(f"app.io.{KINDS[kind].module}") is not None


def read_suffixes() -> tuple[str, ...]:
    """Every extension a report can be read from (JSON is read by app.io.files)."""
    return tuple(s for kind, k in KINDS.items() if available(kind) for s in k.suffixes)


def refuse_binary_office(name: str, suffix: str = "") -> ReadError:
    """Formats only WPS/Word read: what to save the file as (by ``suffix`` or the name's)."""
    suffix = suffix or Path(name).suffix.lower()
    label, target = SAVE_AS.get(suffix, ("WPS/Word 专用格式的文件", ".docx"))
    return ReadError(
        f"「{name}」是 {label}，本程序不能直接读取：请在 WPS 或 Office 中打开它，"
        f"「另存为」{target} 格式后再打开"
    )


def detect(data: bytes, name: str) -> str:
    """The kind of source ``data`` is, by its bytes first and its extension second."""
    suffix = Path(name).suffix.lower()
    ext_kind = BY_SUFFIX.get(suffix)
    if data.startswith(OLE_MAGIC):
        if suffix in SAVE_AS or WORD_STREAM in data or WPS_STREAM in data:
            raise refuse_binary_office(name)
        return SPREADSHEET  # .xls (or an encrypted package: the spreadsheet path says so)
    if data.startswith(ZIP_MAGIC):
        return _zip_kind(data, suffix, ext_kind)
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data.startswith(b"%PDF"):
        return PDF
    if head.startswith(b"{\\rtf"):
        raise refuse_binary_office(name, ".rtf")
    if ext_kind == SPREADSHEET and not head.startswith(b"<"):
        return SPREADSHEET  # junk renamed .xlsx: the spreadsheet path explains
    if head.startswith(_HTML_HEADS) or (head.startswith(b"<?xml") and b"<html" in head):
        return HTML
    if ext_kind == HTML or (b"mime-version:" in head and b"multipart/related" in head):
        return HTML  # a page saved as one file (.mht/.mhtml)
    if ext_kind in (TEXT, HTML):
        return ext_kind
    if suffix in SAVE_AS:
        raise refuse_binary_office(name)
    if ext_kind is not None:
        return ext_kind
    rare = (".docm", ".shtml", ".xhtml", ".mht", ".mhtml")
    known = "、".join(s for s in read_suffixes() if s not in rare)
    raise ReadError(f"不支持的文件类型「{suffix or name}」：请选择 {known} 或 .json 文件")


def _zip_kind(data: bytes, suffix: str, ext_kind: str | None) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return ext_kind or SPREADSHEET  # the adapter reports the damage in its own words
    with zf:
        names = set(zf.namelist())
        if "word/document.xml" in names and available(DOCX):
            return DOCX
        mimetype = ""
        if "content.xml" in names and "mimetype" in names and available(ODS):
            try:  # its first bytes only: the member may be damaged or a bomb
                with zf.open("mimetype") as member:
                    mimetype = member.read(100).decode("ascii", "replace")
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
                mimetype = ""  # the adapter reports the damage in its own words
    if "content.xml" in names and available(ODS):
        if "spreadsheet" in mimetype or (not mimetype and ext_kind == ODS):
            return ODS
        if "text" in mimetype:
            raise ReadError(
                "这是 ODF 文字文档（.odt），本程序不能直接读取：请在 WPS 或 Office 中打开它，"
                "「另存为」.docx 格式后再打开"
            )
    if ext_kind in (DOCX, ODS) and available(ext_kind):
        return ext_kind
    return SPREADSHEET


def read_source(data: bytes, name: str, kind: str | None = None) -> tuple[Document, ImportReport]:
    """Read a report from a source's bytes; ``kind`` as :func:`detect` says unless given."""
    from app.io.recognise import recognise
    from app.io.sheetgrid import close_book
    from app.io.source_grid import read_errors

    if not data:
        raise ReadError(f"文件「{name}」是空文件")
    kind = kind or detect(data, name)
    spec = KINDS[kind]
    if not available(kind):
        raise ReadError(f"本版本还不能读取{spec.label}「{name}」：请另存为 .xlsx 后再打开")
    adapter = importlib.import_module(f"app.io.{spec.module}")
    what = "Excel 表格" if kind == SPREADSHEET else spec.label
    with read_errors(name, f" {what}", defused=True):
        if kind == PDF:
            return _read_pdf(adapter, data, name)
        book = adapter.load(data, name)
        if book.source == "文件" and kind != SPREADSHEET:
            book.source = spec.label
        for sheet in book.sheets:
            if kind == DOCX and sheet.style == "sheet":
                sheet.style = "table"  # a document's tables: rows and columns, not A1
        try:
            document, report = recognise(book, name)
        finally:
            close_book(book)
        return document, report


def _read_pdf(adapter: Any, data: bytes, name: str) -> tuple[Document, ImportReport]:
    """A PDF by its ruled tables; failing that, by its text line by line (tables printed
    without lines), put back into the official tables as text pulled out of a PDF is."""
    from app.io.recognise import NoReportTables, recognise
    from app.io.source_text import book_from_text

    book = adapter.load(data, name)
    book.source = KINDS[PDF].label
    for sheet in book.sheets:
        sheet.style = "table"
    try:
        return recognise(book, name)
    except NoReportTables as no_tables:
        if not hasattr(adapter, "load_text"):
            raise
        text_book = book_from_text(adapter.load_text(data, name), name)
        text_book.source = KINDS[PDF].label
        for sheet in text_book.sheets:
            sheet.name = "PDF 文字"
        text_book.notes.insert(0, ("pdf_text", "PDF 中的表格没有画线，已按 PDF 的文字逐行读入表格"))
        try:
            return recognise(text_book, name)
        except NoReportTables:
            raise no_tables from None


def read_path(path: Path) -> tuple[Document, ImportReport]:
    """Read a report from a file that passed app.io.files.check_file."""
    from app.io.files import file_bytes

    return read_source(file_bytes(path), path.name)


def read_text(text: str, name: str = "粘贴的文字") -> tuple[Document, ImportReport]:
    """Read a report from text the user pasted (copied from a web page or a PDF)."""
    return read_source(text.encode("utf-8"), name, TEXT)
