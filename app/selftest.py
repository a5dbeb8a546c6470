"""``python -m app --selftest``: prove that an installed copy of the program works.

It runs headless (``QT_QPA_PLATFORM=offscreen`` unless set, ``NIANBAO_NO_DIALOGS=1``) and
offline, the way the build scripts smoke-test the frozen program: open the bundled sample,
run every rule, show the main window, export Excel and PDF, read the Excel file back, open the
PDF with QtPdf, show the print preview and print it to a PDF-file printer, load Qt's Chinese
translation, sort Chinese in pinyin order, and check that nothing tried to reach the network. It prints one Chinese line per step (通过/失败) and
returns 0 only when every step passed, 1 otherwise; it never lets a traceback escape.

The frozen Windows program has no console, so when ``NIANBAO_SELFTEST_LOG`` names a file the
same lines are also written there (UTF-8). When ``NIANBAO_SELFTEST_SHOTS`` names a folder, the
window's screenshot and the PDF's first page are saved there as PNG, to look at.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import APP_NAME, __version__
from app.resources import resource_path, sample_path


class StepFailed(Exception):
    """A check inside a step did not hold; the message is Chinese and shown as is."""


class Skipped(Exception):
    """The step needs the result of an earlier step that failed."""


@dataclass
class Context:
    """What the steps hand to each other."""

    tmp: Path
    doc: Any = None
    window: Any = None
    xlsx: Path | None = None
    pdf: Path | None = None
    pdf_pages: int = 0
    network_attempts: list[str] = field(default_factory=list)

    def need(self, name: str) -> Any:
        value = getattr(self, name)
        if value is None:
            raise Skipped
        return value


# ---------------------------------------------------------------- network guard

_guard_installed = False
_guard_target: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _guard_target is not None and event in ("socket.connect", "socket.getaddrinfo"):
        _guard_target.append(f"{event} {args[1:2]!r}")


def _install_network_guard(record: list[str]) -> None:
    """Record every socket connect/lookup from Python code while the selftest runs.

    Audit hooks cannot be removed, so one hook is installed once and switched by a flag.
    """
    global _guard_installed, _guard_target
    if not _guard_installed:
        sys.addaudithook(_audit)
        _guard_installed = True
    _guard_target = record


def _remove_network_guard() -> None:
    global _guard_target
    _guard_target = None


# ---------------------------------------------------------------- Qt helpers


def _qapp() -> Any:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "nianbao"])
    return app


def _process_events(rounds: int = 5) -> None:
    from PySide6.QtCore import QCoreApplication

    for _ in range(rounds):
        QCoreApplication.processEvents()


def _save_shot(image: Any, name: str) -> None:
    folder = os.environ.get("NIANBAO_SELFTEST_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(folder) / name))


# ---------------------------------------------------------------- steps


def step_sample(ctx: Context) -> str:
    from app.io.files import read_document

    path = sample_path()
    if not path.is_file():
        raise StepFailed(f"找不到示例报告文件「{path}」")
    doc, _report = read_document(path)
    if not doc.agency or not doc.year:
        raise StepFailed("示例报告缺少机关名称或年度")
    ctx.doc = doc
    return f"{doc.agency} {doc.year} 年度"


def step_rules(ctx: Context) -> str:
    from app.core.findings import Severity
    from app.core.rules import RULES, check

    doc = ctx.need("doc")
    findings = check(doc)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise StepFailed(f"示例报告有 {len(errors)} 个错误，第一个：{errors[0].message}")
    return f"{len(RULES)} 条规则，0 个错误，{len(findings)} 条其他提示"


def step_window(ctx: Context) -> str:
    from app.ui.main import create_window

    window = create_window(None)
    window.show()
    _process_events()
    if not window.isVisible():
        raise StepFailed("主窗口没有显示出来")
    pixmap = window.grab()
    if pixmap.isNull() or pixmap.width() < 100 or pixmap.height() < 100:
        raise StepFailed(f"主窗口截图无效（{pixmap.width()}×{pixmap.height()}）")
    image = pixmap.toImage()
    if (
        len({image.pixel(x, y) for x in range(0, image.width(), 7) for y in (image.height() // 2,)})
        < 2
    ):
        raise StepFailed("主窗口是一片空白")
    if window.windowIcon().pixmap(32, 32).isNull():  # the .ico and the image plugin shipped
        raise StepFailed("窗口图标没有载入")
    _save_shot(image, "window.png")
    ctx.window = window
    title = window.windowTitle().replace("[*]", "")
    return f"{pixmap.width()}×{pixmap.height()}，标题「{title}」"


def step_xlsx_write(ctx: Context) -> str:
    from app.io.files import write_document

    doc = ctx.need("doc")
    path = ctx.tmp / "自检.xlsx"
    write_document(doc, path)
    data = path.read_bytes()
    if not data.startswith(b"PK"):
        raise StepFailed("写出的文件不是 Excel（.xlsx）格式")
    ctx.xlsx = path
    return f"{len(data) // 1024} KB"


def step_xlsx_read(ctx: Context) -> str:
    from app.io.files import read_document

    doc = ctx.need("doc")
    path = ctx.need("xlsx")
    back, report = read_document(path)
    if not doc.same_content(back):
        diff = [k for k in doc.form.input_keys if doc.values[k] != back.values.get(k)]
        where = "、".join(doc.form.describe(k) for k in diff[:3]) or "机关名称、年度或文字部分"
        raise StepFailed(f"读回的内容与原报告不一致：{where}")
    errors = [f for f in report.findings if f.severity.value == "error"]
    if errors:
        raise StepFailed(f"读回时报告了错误：{errors[0].message}")
    return "内容一致"


def step_docx(ctx: Context) -> str:
    """Word and web page export; the Word file read back by the Word reader."""
    from app.io.files import read_document, write_document
    from app.io.layout import paragraphs

    doc = ctx.need("doc")
    path = ctx.tmp / "自检.docx"
    write_document(doc, path)
    write_document(doc, ctx.tmp / "自检.html")
    back, _report = read_document(path)
    if (back.agency, back.year) != (doc.agency, doc.year):
        raise StepFailed("从 Word 文件读回的机关名称或年度与原报告不一致")
    diff = [k for k in doc.form.cells if back.number(k) != doc.number(k)]
    diff += [k for k in doc.form.text_keys if back.texts[k] != "\n".join(paragraphs(doc.texts[k]))]
    if diff:
        where = "、".join(
            doc.form.describe(k) if k in doc.form.cells else doc.form.section(k).title
            for k in diff[:3]
        )
        raise StepFailed(f"从 Word 文件读回的内容与原报告不一致：{where}")
    tables = (ctx.tmp / "自检.html").read_text("utf-8").count("<table")
    if tables != len(doc.form.tables):
        raise StepFailed(f"网页中有 {tables} 个表格，应为 {len(doc.form.tables)} 个")
    return f"{path.stat().st_size // 1024} KB，读回一致"


_PAGE_RE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def step_pdf_write(ctx: Context) -> str:
    from app.io.files import write_document

    doc = ctx.need("doc")
    path = ctx.tmp / "自检.pdf"
    write_document(doc, path)
    data = path.read_bytes()
    if not data.startswith(b"%PDF"):
        raise StepFailed("写出的文件不是 PDF")
    if b"%%EOF" not in data[-1024:]:
        raise StepFailed("PDF 文件不完整")
    pages = len(_PAGE_RE.findall(data))
    if pages < 1:
        raise StepFailed("PDF 中没有页面")
    ctx.pdf, ctx.pdf_pages = path, pages
    return f"{pages} 页，{len(data) // 1024} KB"


def step_pdf_read(ctx: Context) -> str:
    """Our own printout read back as last year's report (the PDF reader's native library
    and every reader module must be in the bundle)."""
    from app.io.files import read_document

    doc = ctx.need("doc")
    back, _report = read_document(ctx.need("pdf"))
    diff = [k for k in doc.form.input_keys if doc.number(k) != back.number(k)]
    if diff or (back.agency, back.year) != (doc.agency, doc.year):
        where = "、".join(doc.form.describe(k) for k in diff[:3]) or "机关名称或年度"
        raise StepFailed(f"从 PDF 读回的内容与原报告不一致：{where}")
    return "表格数字一致"


def _dark_pixels(image: Any, step: int = 3) -> int:
    return sum(
        1
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if image.pixelColor(x, y).lightness() < 128
    )


def step_pdf_view(ctx: Context) -> str:
    """Open the PDF with QtPdf (the print preview's engine) and render page 1."""
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    path = ctx.need("pdf")
    _qapp()
    pdf = QPdfDocument()
    status = pdf.load(str(path))
    if status != QPdfDocument.Error.None_:
        raise StepFailed(f"打印预览组件无法打开 PDF（{status.name}）")
    if pdf.pageCount() != ctx.pdf_pages:
        raise StepFailed(f"打印预览看到 {pdf.pageCount()} 页，文件中有 {ctx.pdf_pages} 页")
    try:
        image = pdf.render(0, QSize(595, 842))
    finally:
        pdf.close()
    if image.isNull():
        raise StepFailed("打印预览无法绘制第 1 页")
    _save_shot(image, "pdf-page-1.png")
    if _dark_pixels(image) < 20:
        raise StepFailed("打印预览绘制的第 1 页是空白的")
    return f"{ctx.pdf_pages} 页，第 1 页已绘制"


def step_print(ctx: Context) -> str:
    """The window's print preview dialog, then printing its pages to a PDF-file printer."""
    from PySide6.QtPrintSupport import QPrinter

    from app.ui import printing

    doc, path = ctx.need("doc"), ctx.need("pdf")
    _qapp()
    dialog = printing.PreviewDialog(ctx.window, doc, [], path.read_bytes())
    try:
        dialog.show()
        _process_events()
        if dialog.page_count() != ctx.pdf_pages:
            raise StepFailed(f"打印预览显示 {dialog.page_count()} 页，应为 {ctx.pdf_pages} 页")
        # QPdfView renders pages in a worker thread: wait (at most 5 s) for page 1 to show.
        deadline = time.monotonic() + 5
        while True:
            _process_events(1)
            page_area = dialog.view.viewport().grab().toImage()
            if _dark_pixels(page_area, 5) >= 20 or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        _save_shot(dialog.grab().toImage(), "print-preview.png")
        if _dark_pixels(page_area, 5) < 20:
            raise StepFailed("打印预览中的页面是空白的")
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printed = ctx.tmp / "打印输出.pdf"
        printer.setOutputFileName(str(printed))
        sheets = printing.print_pages(dialog.pdf, printer)
    finally:
        dialog.close()
        dialog.deleteLater()
        _process_events(1)
    data = printed.read_bytes() if printed.is_file() else b""
    if sheets != ctx.pdf_pages or not data.startswith(b"%PDF"):
        raise StepFailed(f"打印了 {sheets} 页，应为 {ctx.pdf_pages} 页")
    if len(_PAGE_RE.findall(data)) != ctx.pdf_pages:
        raise StepFailed("打印输出的页数与报告不符")
    return f"预览 {ctx.pdf_pages} 页，打印 {sheets} 页"


def step_translation(ctx: Context) -> str:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    _qapp()
    places = [
        resource_path("translations"),
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    ]
    for place in places:
        translator = QTranslator()
        if translator.load("qtbase_zh_CN", str(place)):
            text = translator.translate("QPlatformTheme", "Cancel") or translator.translate(
                "QDialogButtonBox", "Cancel"
            )
            return f"qtbase_zh_CN（“Cancel” → “{text or '？'}”）"
    raise StepFailed("找不到 Qt 的中文翻译文件 qtbase_zh_CN.qm，标准对话框将显示英文")


def step_collation(ctx: Context) -> str:
    """Chinese sorting (pinyin): proves Qt's locale data (ICU on Linux) is complete."""
    from PySide6.QtCore import QCollator, QLocale

    _qapp()
    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    words = ["上海", "阿坝", "北京"]
    got = sorted(words, key=collator.sortKey)
    if got != ["阿坝", "北京", "上海"]:
        raise StepFailed(f"中文排序不按拼音：{'、'.join(got)}")
    return "按拼音排序正常"


def step_offline(ctx: Context) -> str:
    if ctx.network_attempts:
        raise StepFailed(f"程序尝试访问网络：{ctx.network_attempts[0]}")
    return "没有任何联网尝试"


Step = Callable[[Context], str]


def steps() -> list[tuple[str, Step]]:
    """The steps in order, looked up at call time (tests replace one to see it fail)."""
    g = globals()
    return [
        ("打开示例报告", g["step_sample"]),
        ("检查规则", g["step_rules"]),
        ("显示主窗口", g["step_window"]),
        ("导出 Excel", g["step_xlsx_write"]),
        ("读回 Excel", g["step_xlsx_read"]),
        ("生成 PDF", g["step_pdf_write"]),
        ("读回 PDF", g["step_pdf_read"]),
        ("导出 Word 和网页", g["step_docx"]),
        ("打印预览打开 PDF", g["step_pdf_view"]),
        ("打印预览与打印", g["step_print"]),
        ("中文界面翻译", g["step_translation"]),
        ("中文排序", g["step_collation"]),
        ("离线运行", g["step_offline"]),
    ]


# ---------------------------------------------------------------- running


class _Output:
    def __init__(self) -> None:
        self.log: Any = None
        log_name = os.environ.get("NIANBAO_SELFTEST_LOG")
        if log_name:
            try:
                self.log = open(log_name, "w", encoding="utf-8")  # noqa: SIM115
            except OSError:
                self.log = None

    def line(self, text: str) -> None:
        stream = sys.stdout
        if stream is not None:  # None in the windowed (no console) Windows build
            try:
                stream.write(text + "\n")
            except UnicodeEncodeError:
                enc = getattr(stream, "encoding", None) or "ascii"
                stream.write(text.encode(enc, "backslashreplace").decode(enc) + "\n")
            except (OSError, ValueError):
                pass
            else:
                stream.flush()
        if self.log is not None:
            self.log.write(text + "\n")
            self.log.flush()

    def close(self) -> None:
        if self.log is not None:
            self.log.close()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, ImportError) and not type(exc).__module__.startswith("app."):
        return f"缺少程序组件「{exc.name or text}」"
    if isinstance(exc, StepFailed) or type(exc).__module__.startswith("app."):
        return text or type(exc).__name__
    return f"{type(exc).__name__}：{text}" if text else type(exc).__name__


def run_selftest() -> int:
    """Run every step; 0 when all passed, 1 otherwise."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["NIANBAO_NO_DIALOGS"] = "1"
    out = _Output()
    failed = 0
    started = time.perf_counter()
    out.line(f"{APP_NAME} {__version__} 自检")
    try:
        with tempfile.TemporaryDirectory(prefix="nianbao-selftest-") as tmp:
            ctx = Context(tmp=Path(tmp))
            _install_network_guard(ctx.network_attempts)
            all_steps = steps()
            for number, (label, step) in enumerate(all_steps, 1):
                head = f"[{number}/{len(all_steps)}] {label}"
                t0 = time.perf_counter()
                try:
                    detail = step(ctx)
                except Skipped:
                    failed += 1
                    out.line(f"{head}：失败（前面的步骤失败，无法进行）")
                    continue
                except Exception as exc:
                    failed += 1
                    out.line(f"{head}：失败：{_describe(exc)}")
                    continue
                ms = (time.perf_counter() - t0) * 1000
                out.line(f"{head}：通过（{detail}；{ms:.0f} 毫秒）")
            _remove_network_guard()
            if ctx.window is not None:
                try:
                    ctx.window.close()
                    _process_events(1)
                except Exception:  # pragma: no cover - closing must not change the verdict
                    pass
    except Exception as exc:  # the temporary folder itself, or anything outside a step
        failed += 1
        out.line(f"自检无法进行：{_describe(exc)}")
    finally:
        _remove_network_guard()
    total = time.perf_counter() - started
    if failed:
        out.line(f"自检失败：{failed} 项未通过（用时 {total:.1f} 秒）")
    else:
        out.line(f"自检通过：全部步骤正常（用时 {total:.1f} 秒）")
    out.close()
    return 1 if failed else 0
