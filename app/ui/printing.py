"""Print preview, printing and PDF export from the window: what is previewed is what is printed.

The PDF made by :mod:`app.io.pdf` is the one printed form of the report. The preview shows
its pages (QtPdf), printing rasterises exactly those pages onto the chosen printer (one PDF
page per sheet, never a second layout by Qt), and export writes those bytes. Before printing
or exporting a report that still has errors the user is shown them and chooses
「返回修改」 or to go on. All dialogs go through :mod:`app.ui.dialogs` (headless switch).
reportlab is imported only when a PDF is made.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QObject,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.document import Document
from app.core.findings import Finding, Severity
from app.io.errors import WriteError
from app.ui import dialogs

BACK = "返回修改"
PDF_FILTER = "PDF 文件 (*.pdf)"
MAX_RENDER_DPI = 600  # enough for any office printer; 1200 dpi pages would need ~0.5 GB
MAX_LISTED = 12


# ---------------------------------------------------------------- shared steps


def errors_of(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def confirm_errors(parent: QWidget | None, findings: list[Finding], action: str) -> bool:
    """With errors in the report, list them and let the user go back; True to go on."""
    errors = errors_of(findings)
    if not errors:
        return True
    listed = "\n".join(f"· {f.message}" for f in errors[:MAX_LISTED])
    if len(errors) > MAX_LISTED:
        listed += f"\n……另有 {len(errors) - MAX_LISTED} 处"
    go_on = f"仍然{action}"
    answer = dialogs.ask(
        parent,
        f"{action}前请先修改错误",
        f"报告中还有 {len(errors)} 处错误，{action}出来的报告将是错误的：\n\n{listed}\n\n"
        f"建议先「{BACK}」。",
        [BACK, go_on],
        BACK,
    )
    return answer == go_on


@contextlib.contextmanager
def _busy() -> Iterator[None]:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def render(parent: QWidget | None, doc: Document) -> bytes | None:
    """The report's PDF, or ``None`` after telling the user why it cannot be made."""
    from app.io.pdf import render_pdf

    try:
        with _busy():
            return render_pdf(doc)
    except WriteError as exc:
        dialogs.inform(parent, "无法生成 PDF", str(exc), icon="warning")
        dialogs.show_status(parent, "无法生成 PDF")
        return None


def load_pdf(data: bytes, parent: QObject | None = None) -> QPdfDocument:
    """A QPdfDocument over ``data`` (the buffer is kept alive by the document)."""
    pdf = QPdfDocument(parent) if parent is not None else QPdfDocument()
    buffer = QBuffer(pdf)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    pdf.load(buffer)
    return pdf


def _title(doc: Document) -> str:
    return doc.form.title(doc.agency, doc.year) or "政府信息公开工作年度报告"


def default_pdf_path(parent: QWidget | None, doc: Document) -> str:
    """Where export proposes to write: beside the open file, named after the report title."""
    window = parent.window() if parent is not None else None
    current = getattr(window, "path", None)
    folder = Path(current).parent if isinstance(current, str) and current else Path.home()
    name = "".join("_" if c in '\\/:*?"<>|' else c for c in _title(doc))
    return str(folder / f"{name}.pdf")


# ---------------------------------------------------------------- printing


def print_pages(pdf: QPdfDocument, printer: QPrinter, pages: list[int] | None = None) -> int:
    """Paint PDF pages on ``printer``, one per sheet, at the printer's resolution (capped).

    Each page is rendered by QtPdf to an image and drawn over the whole sheet (no margins:
    the PDF has its own); paper other than A4 gets the page scaled to fit, centred. Copies
    are repeated here when the driver cannot make them. Returns the number of sheets sent;
    raises ``OSError`` if printing cannot start.
    """
    pages = list(range(pdf.pageCount())) if pages is None else pages
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印：打印机不可用")
    sent = 0
    try:
        dpi = printer.resolution()
        render_dpi = min(dpi, MAX_RENDER_DPI)
        paper = printer.pageLayout().fullRectPixels(dpi)
        for page in [p for _ in range(copies) for p in pages]:
            if sent:
                printer.newPage()
            size_pt = pdf.pagePointSize(page)
            scale = min(paper.width() / size_pt.width(), paper.height() / size_pt.height())
            w, h = size_pt.width() * scale, size_pt.height() * scale
            target = QRectF((paper.width() - w) / 2, (paper.height() - h) / 2, w, h)
            image = pdf.render(
                page,
                QSize(
                    round(size_pt.width() / 72 * render_dpi),
                    round(size_pt.height() / 72 * render_dpi),
                ),
            )
            painter.fillRect(target, Qt.GlobalColor.white)
            painter.drawImage(target, image)
            sent += 1
    finally:
        painter.end()
    return sent


def _chosen_pages(printer: QPrinter, count: int) -> list[int]:
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        return list(range(count))
    return list(range(max(first, 1) - 1, min(last, count)))


def print_bytes(
    parent: QWidget | None, data: bytes, title: str, printer: QPrinter | None = None
) -> bool:
    """Print these PDF bytes: Qt's print dialog (not headless), then the pages."""
    pdf = load_pdf(data)
    try:
        count = pdf.pageCount()
        if count <= 0:
            dialogs.inform(parent, "无法打印", "PDF 没有可打印的页面。", icon="warning")
            return False
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        printer.setPageLayout(  # A4 as the report; the user may still choose other paper
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
        printer.setFromTo(0, 0)
        if not dialogs.headless():
            dialog = QPrintDialog(printer, parent)
            dialog.setWindowTitle("打印")
            dialog.setMinMax(1, count)
            dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                dialogs.show_status(parent, "已取消打印")
                return False
        pages = _chosen_pages(printer, count)
        try:
            with _busy():
                sent = print_pages(pdf, printer, pages)
        except OSError as exc:
            dialogs.inform(parent, "打印失败", f"{exc}。请检查打印机后重试。", icon="warning")
            dialogs.show_status(parent, "打印失败")
            return False
        where = printer.outputFileName() or printer.printerName() or "打印机"
        dialogs.show_status(parent, f"已将 {sent} 页发送到「{where}」")
        return True
    finally:
        pdf.deleteLater()


def print_document(
    parent: QWidget | None,
    doc: Document,
    findings: list[Finding],
    *,
    printer: QPrinter | None = None,
) -> bool:
    """Print the report (errors first, then Qt's print dialog); True when pages were sent.

    ``printer`` is for tests and scripted use: printing goes to it (after the dialog, which
    is skipped in headless mode) instead of a new ``QPrinter``.
    """
    if not confirm_errors(parent, findings, "打印"):
        dialogs.show_status(parent, "已取消打印：请先修改错误")
        return False
    data = render(parent, doc)
    if data is None:
        return False
    return print_bytes(parent, data, _title(doc), printer)


# ---------------------------------------------------------------- export


def _target(parent: QWidget | None, doc: Document, path: str | None) -> str:
    if path is None:
        path = dialogs.save_file_name(parent, "导出 PDF", default_pdf_path(parent, doc), PDF_FILTER)
    if path and Path(path).suffix.lower() != ".pdf":
        path += ".pdf"
    return path or ""


def export_pdf(
    parent: QWidget | None, doc: Document, findings: list[Finding], path: str | None = None
) -> bool:
    """Export the report as a PDF file (errors first, then a file dialog unless ``path``)."""
    if not confirm_errors(parent, findings, "导出"):
        dialogs.show_status(parent, "已取消导出：请先修改错误")
        return False
    from app.io.pdf import render_pdf

    return _write(parent, doc, path, lambda: render_pdf(doc))


def export_bytes(parent: QWidget | None, doc: Document, data: bytes, path: str | None) -> bool:
    """Write already rendered PDF bytes (the previewed ones) to a file the user chooses."""
    return _write(parent, doc, path, lambda: data)


def _write(
    parent: QWidget | None, doc: Document, path: str | None, produce: Callable[[], bytes]
) -> bool:
    """Ask for the target (unless ``path``), then write what ``produce`` makes; say how it went."""
    from app.io.atomic import write_bytes_atomic

    target = _target(parent, doc, path)
    if not target:
        dialogs.show_status(parent, "已取消导出 PDF")
        return False
    try:
        with _busy():
            write_bytes_atomic(Path(target), produce(), backup=False)
    except WriteError as exc:
        dialogs.inform(parent, "导出 PDF 失败", str(exc), icon="warning")
        dialogs.show_status(parent, "导出 PDF 失败")
        return False
    dialogs.show_status(parent, f"已导出 PDF：{target}")
    return True


# ---------------------------------------------------------------- preview


class PreviewDialog(QDialog):
    """The report's pages as they will print, with 打印… / 导出 PDF… / 关闭."""

    def __init__(
        self, parent: QWidget | None, doc: Document, findings: list[Finding], data: bytes
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.findings = list(findings)
        self.data = data
        self.setWindowTitle(f"打印预览 — {_title(doc)}")
        self.pdf = load_pdf(data, self)

        self.view = QPdfView(self)
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        info = f"共 {self.page_count()} 页 · A4"
        errors = errors_of(self.findings)
        self.info = QLabel(info, self)
        self.warning = QLabel(self)
        if errors:
            self.warning.setText(f"报告中还有 {len(errors)} 处错误，打印或导出前请先修改。")
            self.warning.setStyleSheet("color: #b00020; font-weight: bold;")
        self.warning.setVisible(bool(errors))

        self.fit_width = QPushButton("适合宽度", self)
        self.fit_page = QPushButton("整页", self)
        self.print_button = QPushButton("打印…", self)
        self.export_button = QPushButton("导出 PDF…", self)
        self.close_button = QPushButton("关闭", self)
        self.print_button.setDefault(True)
        self.fit_width.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.fit_page.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        self.print_button.clicked.connect(lambda: self.print_())
        self.export_button.clicked.connect(lambda: self.export())
        self.close_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.info)
        top.addWidget(self.warning)
        top.addStretch(1)
        top.addWidget(self.fit_width)
        top.addWidget(self.fit_page)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        for b in (self.print_button, self.export_button, self.close_button):
            bottom.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        screen = QGuiApplication.primaryScreen()
        height = int(screen.availableGeometry().height() * 0.85) if screen else 900
        self.resize(max(560, int(height * 0.8)), max(600, height))

    def page_count(self) -> int:
        return int(self.pdf.pageCount())

    def print_(self, printer: QPrinter | None = None) -> bool:
        if not confirm_errors(self, self.findings, "打印"):
            return False
        return print_bytes(self, self.data, _title(self.doc), printer)

    def export(self, path: str | None = None) -> bool:
        if not confirm_errors(self, self.findings, "导出"):
            return False
        return export_bytes(self, self.doc, self.data, path)


def print_preview(parent: QWidget, doc: Document, findings: list[Finding]) -> None:
    """Open the print preview (window-modal; non-modal and not waited for when headless)."""
    data = render(parent, doc)
    if data is None:
        return
    dialog = PreviewDialog(parent, doc, findings, data)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if dialogs.headless():
        dialog.show()
    else:
        dialog.open()
