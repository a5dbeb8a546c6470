"""The import report as a dialog: a summary first, then every detail, grouped and copyable.

A real office's workbook can give dozens of notes (「120件」读作 120 in every cell); a
message box would grow taller than the screen. This dialog never does: the summary says
what was read, how many values were assumed and which totals in the file were wrong; the
details scroll in a read-only text that can be selected and copied. The findings also stay
in the problems list (the window keeps them in the session).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.findings import Finding
from app.io.report import ImportReport

WRONG_TOTALS = "文件中的合计有误（已按分项重算）"
TO_CHECK = "请核对或补填"
ASSUMED = "按假设读入"
NOT_IMPORTED = "未导入"
OTHER = "其他说明"
# import rule (without "import.") → group, in the order the groups are shown
KINDS: dict[str, str] = {
    "wrong_total": WRONG_TOTALS,
    "total_text": WRONG_TOTALS,
    "missing": TO_CHECK,
    "missing_table": TO_CHECK,
    "meta_missing": TO_CHECK,
    "unreadable": TO_CHECK,
    "formula": TO_CHECK,
    "shifted_row": TO_CHECK,
    "second_table": TO_CHECK,
    "texts": TO_CHECK,
    "version": TO_CHECK,
    "note": ASSUMED,
    "blank_as_zero": ASSUMED,
    "dash_as_zero": ASSUMED,
    "single_other": ASSUMED,
    "format2019": ASSUMED,
    "meta_title": ASSUMED,
    "meta_label": ASSUMED,
    "meta_file": ASSUMED,
    "agency": ASSUMED,
    "year": ASSUMED,
    "text": ASSUMED,
    "ignored": NOT_IMPORTED,
    "extra_row": NOT_IMPORTED,
    "extra_column": NOT_IMPORTED,
}
ORDER = (WRONG_TOTALS, TO_CHECK, ASSUMED, NOT_IMPORTED, OTHER)
VALUE_RULES = {"note", "blank_as_zero", "dash_as_zero"}  # findings about assumed values
NAMED = 3  # wrong totals named in the summary; the details list them all
SCREEN_MARGIN = 80  # px kept free above and below the dialog
FORMATS = {"2021": "2021 年格式", "2019": "2019 年格式", "hybrid": "2021 与 2019 年格式混用"}


def kind_of(finding: Finding) -> str:
    return KINDS.get(finding.rule.removeprefix("import."), OTHER)


def grouped(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {k: [] for k in ORDER}
    for f in findings:
        out[kind_of(f)].append(f)
    return {k: v for k, v in out.items() if v}


def summary(report: ImportReport) -> list[str]:
    """The few sentences a clerk reads first."""
    groups = grouped(report.findings)
    tables = "、".join(loc.split("：", 1)[0] for loc in report.located) or "报告"
    fmt = FORMATS.get(report.format, "")
    lines = [f"从「{report.source}」读入了{tables}" + (f"（{fmt}）" if fmt else "") + "。"]
    assumed = sum(
        max(len(f.keys), 1)
        for f in groups.get(ASSUMED, [])
        if f.rule.removeprefix("import.") in VALUE_RULES
    )
    if assumed:
        lines.append(f"{assumed} 个数值是按假设读入的（空白、「—」按 0，「120件」读作 120 等）。")
    wrong = groups.get(WRONG_TOTALS, [])
    if wrong:
        names = "、".join(f.message.split("：", 1)[0] for f in wrong[:NAMED])
        more = f"等 {len(wrong)} 处" if len(wrong) > NAMED else ""
        lines.append(f"文件中有 {len(wrong)} 个合计与分项不符，已按分项重新计算：{names}{more}。")
    else:
        lines.append("文件中的合计与分项相符。")
    if groups.get(TO_CHECK):
        lines.append(f"有 {len(groups[TO_CHECK])} 处需要您核对或补填。")
    if groups.get(NOT_IMPORTED):
        lines.append(f"有 {len(groups[NOT_IMPORTED])} 项不是官方表格的内容，未导入。")
    return lines


def details(report: ImportReport) -> str:
    """Every finding, grouped by kind, as plain text (what 复制全部 copies)."""
    parts: list[str] = []
    for kind, items in grouped(report.findings).items():
        parts.append(f"【{kind}（{len(items)}）】")
        parts += [f"· {f.message}" for f in items]
        parts.append("")
    if report.located:
        parts.append("【读取位置】")
        parts += [f"· {loc}" for loc in report.located]
    return "\n".join(parts).strip()


class ImportReportDialog(QDialog):
    """The import report of one file; ``closing`` says what was made of it."""

    def __init__(
        self, parent: QWidget | None, title: str, report: ImportReport, closing: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("importReport")
        layout = QVBoxLayout(self)
        text = summary(report)
        if closing:
            text.append(closing)
        self.summary = QLabel("\n".join(text))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        self.details = QPlainTextEdit(details(report))
        self.details.setReadOnly(True)
        self.details.setAccessibleName("导入报告详情")
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        if report.findings:
            note = QLabel("详细说明（可选中复制；这些内容也列在窗口下方的「问题列表」中）：")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("复制全部(&C)")
        self.copy_button.clicked.connect(self.copy_all)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        ok = buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self._fit_screen()

    def copy_all(self) -> None:
        text = f"{self.summary.text()}\n\n{self.details.toPlainText()}"
        QGuiApplication.clipboard().setText(text)

    def _fit_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        width = min(720, area.width() - 40)
        lines = self.details.toPlainText().count("\n") + 1
        line_h = self.details.fontMetrics().lineSpacing()
        wanted = self.summary.sizeHint().height() + min(lines, 24) * line_h * 1.3 + 140
        height = int(min(wanted, area.height() - SCREEN_MARGIN))
        self.setMaximumHeight(area.height() - SCREEN_MARGIN // 2)
        self.resize(width, max(height, 240))


def show_import_report(
    parent: QWidget | None, title: str, report: ImportReport, closing: str = ""
) -> None:
    """Show the import report (modal); headless runs get the plain lines as a log line."""
    from app.ui import dialogs

    if dialogs.headless():
        lines = report.lines()
        if closing:
            lines += ["", closing]
        dialogs.inform(parent, title, "\n".join(lines))
        return
    ImportReportDialog(parent, title, report, closing).exec()
