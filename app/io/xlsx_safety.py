"""Checks made on a spreadsheet's bytes before any parser sees them.

What kind of file it really is (whatever its suffix), whether it is encrypted, and
whether a zip package would unpack to something unreasonable (zip bomb) or carries XML
entity declarations (billion laughs, external entities). Every refusal is a
:class:`ReadError` with a one-line Chinese message.
"""

from __future__ import annotations

import io
import zipfile
from enum import Enum

from app.io.errors import ReadError

MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 10 * 1024 * 1024  # one unpacked part (a worksheet's XML)
MAX_TOTAL_BYTES = 40 * 1024 * 1024  # the whole unpacked package
MAX_RATIO = 200  # compression ratio above which a large member is a bomb
RATIO_MIN_BYTES = 2 * 1024 * 1024  # small members may compress as well as they like
XML_PROLOGUE_BYTES = 4096  # a DOCTYPE must come before the root element

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


class Kind(Enum):
    XLSX = "xlsx"  # an Office Open XML package (.xlsx, .xlsm)
    XLS = "xls"  # an OLE compound file holding a BIFF workbook


def encrypted(name: str) -> ReadError:
    return ReadError(f"文件「{name}」设置了打开密码（已加密），请在 Excel/WPS 中取消密码后再导入")


def unsafe_xml(name: str) -> ReadError:
    return ReadError(f"文件「{name}」含有不安全的 XML 声明（可能是恶意文件），已拒绝打开")


def too_many_cells(name: str) -> ReadError:
    return ReadError(f"文件「{name}」的单元格过多，不像是一份年度报告")


def sniff(data: bytes, name: str) -> Kind:
    """What ``data`` really is; raise ReadError for anything that is not a workbook."""
    if not data:
        raise ReadError(f"文件「{name}」是空文件")
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise encrypted(name)
        return Kind.XLS
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK"):
        return Kind.XLSX
    head = data[:512].lstrip()
    if head[:5].lower() in (b"<html", b"<!doc", b"<?xml", b"<tabl"):
        raise ReadError(
            f"文件「{name}」是网页或 XML 文件，只是扩展名为 Excel：请在 Excel/WPS 中另存为 .xlsx 后再导入"
        )
    if data.startswith(b"%PDF"):
        raise ReadError(f"文件「{name}」是 PDF 文件，不是 Excel 表格")
    raise ReadError(f"文件「{name}」不是 Excel 表格（可能是改了扩展名的其他文件）")


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Open a zip package (any kind: .xlsx, .docx, .ods) with a bound on its parts."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(f"文件「{name}」已损坏，无法打开") from exc
    if len(infos) > MAX_MEMBERS:
        raise ReadError(f"文件「{name}」包含的部件过多，不像是一份年度报告")
    return zf


def check_package(data: bytes, name: str) -> zipfile.ZipFile:
    """Open the zip package after checking its parts' sizes and XML prologues."""
    zf = open_zip(data, name)
    names = {i.filename for i in zf.infolist()}
    if "word/document.xml" in names:
        raise ReadError(
            f"文件「{name}」是 Word 文档，不是 Excel 表格：请把表格复制到 Excel/WPS 表格中"
        )
    if "ppt/presentation.xml" in names:
        raise ReadError(f"文件「{name}」是演示文稿，不是 Excel 表格")
    if "EncryptedPackage" in names:
        raise encrypted(name)
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise ReadError(f"文件「{name}」不是 Excel 表格（缺少工作簿内容）")
    if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
        raise ReadError(
            f"文件「{name}」是 .xlsb 二进制工作簿：请在 Excel/WPS 中另存为 .xlsx 后再导入"
        )
    check_members(zf, name)
    return zf


def check_members(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse a package whose parts unpack too large (zip bomb) or declare XML entities."""
    infos = zf.infolist()
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise ReadError(f"文件「{name}」解压后过大，不像是一份年度报告（可能是恶意文件）")
        if size > RATIO_MIN_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadError(f"文件「{name}」的压缩比异常（可能是“压缩炸弹”），已拒绝打开")
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")) and info.file_size:
            _check_prologue(zf, info, name)


def _check_prologue(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    try:
        with zf.open(info) as fh:
            head = fh.read(XML_PROLOGUE_BYTES)
    except Exception as exc:  # BadZipFile, OSError, zlib.error and friends
        raise ReadError(f"文件「{name}」已损坏，无法打开") from exc
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    upper = head.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise unsafe_xml(name)
