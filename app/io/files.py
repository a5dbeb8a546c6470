"""Reading and writing a report by file type: the one entry point the CLI and UI use.

Each format's module is imported only when a file of that type is read or written,
so that starting the program does not pay for openpyxl or reportlab.
"""

from __future__ import annotations

from pathlib import Path

from app.core.document import Document
from app.core.limits import clean_document, document_problem
from app.io.errors import ReadError, WriteError, describe_os_error
from app.io.report import ImportReport

MAX_FILE_BYTES = 50 * 1024 * 1024
# Files a folder is searched for (check FOLDER). A .txt given by name is read too, but .txt
# files in a folder are usually notes, not reports.
READ_SUFFIXES = (".json", ".xlsx", ".xlsm", ".xls", ".ods", ".docx", ".html", ".htm", ".pdf")
WRITE_SUFFIXES = (".json", ".xlsx", ".pdf", ".docx", ".html")
FINAL_SUFFIXES = (".pdf", ".docx", ".html", ".htm")  # the report as published: checked first


def check_file(p: Path) -> None:
    """Raise :class:`ReadError` unless ``p`` is a readable file of a report's size."""
    try:
        size = p.stat().st_size
    except FileNotFoundError as exc:
        raise ReadError(f"找不到文件「{p}」") from exc
    except OSError as exc:
        raise ReadError(f"无法读取文件「{p}」：{describe_os_error(exc)}") from exc
    if p.is_dir():
        raise ReadError(f"「{p}」是文件夹，不是文件")
    if size > MAX_FILE_BYTES:
        raise ReadError(f"文件「{p.name}」过大（{size // 1024 // 1024} MB），不像是一份年度报告")
    if size == 0:
        raise ReadError(f"文件「{p.name}」是空文件")


def file_bytes(p: Path) -> bytes:
    """The bytes of a file that passed :func:`check_file`."""
    try:
        return p.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取文件「{p.name}」：{describe_os_error(exc)}") from exc


def read_document(path: str | Path) -> tuple[Document, ImportReport]:
    """Read any supported file; raise :class:`ReadError` with a Chinese message.

    Whatever the format, the document is held to ``app.core.limits``: lone surrogates
    replaced, over-long texts refused, so that it can be saved again."""
    doc, report = _read(Path(path))
    clean_document(doc)
    problem = document_problem(doc)
    if problem:
        raise ReadError(f"文件「{Path(path).name}」中{problem}，不像是一份年度报告")
    return doc, report


def _read(p: Path) -> tuple[Document, ImportReport]:
    suffix = p.suffix.lower()
    check_file(p)
    if suffix == ".json":
        from app.io.jsonfile import read_json

        return read_json(p), ImportReport(source=p.name, format="json")
    from app.io.sources import read_path

    return read_path(p)


def write_document(doc: Document, path: str | Path, draft: bool = False) -> None:
    """Write ``doc`` in the format named by the suffix; raise :class:`WriteError`.

    ``draft`` marks a final format (PDF, Word, web page) 「草稿（未通过检查）」 on every page."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".json":
        from app.io.jsonfile import write_json

        write_json(doc, p)
        return
    if suffix == ".xlsx":
        from app.io.xlsx_write import write_workbook

        write_workbook(doc, p)
        return
    if suffix == ".pdf":
        from app.io.pdf import write_pdf

        write_pdf(doc, p, draft)
        return
    if suffix == ".docx":
        from app.io.docx_write import write_docx

        write_docx(doc, p, draft)
        return
    if suffix in (".html", ".htm"):
        from app.io.html_write import write_html

        write_html(doc, p, draft)
        return
    raise WriteError(
        f"不支持写入「{suffix or p.name}」类型：请用 .xlsx、.pdf、.docx、.html 或 .json"
    )
