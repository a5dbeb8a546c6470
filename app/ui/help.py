"""帮助 → 使用说明: a short Chinese guide inside the program (offline), with the format's
official requirements read from the form definition (never copied by hand)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app import APP_NAME
from app.form import FORM

STEPS = (
    (
        "从上年报告开始",
        "点工具栏的「从上年报告新建」，选择去年报送的报告文件（Excel/WPS 表格，2019 年格式也可以）。"
        "机关名称沿用，报告年度加一，表三「二、上年结转」逐列取上年「四、结转下年度继续办理」；"
        "上年的数据和文字留作对照（选中单元格时，窗口底部显示上年的数值）。",
    ),
    (
        "填写表格",
        "像在 WPS/Excel 中一样：直接输入数字，回车向下，Tab 向右，连续 Tab 后回车回到起始列的下一行；"
        "Ctrl+回车把输入的数填入所有选中的格子；Delete 清除；Ctrl+C/Ctrl+V 与 Excel、WPS 互相复制粘贴"
        "（连同行标题复制的表格按行标题对齐）。合计自动计算。"
        "「编辑 → 空白格填 0」把未填的格子填为 0（可撤销）。",
    ),
    (
        "看懂标记",
        "红色格子是错误，黄色是警告，淡黄色是未填；输入无法识别时，格子旁边会出现红色提示，改正后消失。"
        "左侧章节名旁的红点、黄点和数字表示该部分的错误、警告条数。",
    ),
    (
        "检查",
        "窗口下方的「问题列表」列出全部错误和警告，双击一条即跳到对应的格子或正文；F8 跳到下一个问题。",
    ),
    (
        "保存和打印",
        "「保存」得到 .xlsx 文件（Excel、WPS 都能打开）；「打印预览」「打印」「导出 PDF」按公文格式排版。"
        "程序每隔几秒自动保存恢复副本，意外关闭后再次启动可以恢复。",
    ),
    (
        "键盘",
        "Ctrl+PgUp/Ctrl+PgDn 切换章节；在左侧章节列表按 Tab 进入表格或正文；Ctrl+Z 撤销，Ctrl+Y 重做；"
        "Ctrl+S 保存，Ctrl+P 打印。",
    ),
)


def guide_html() -> str:
    parts = [f"<h2>{escape(APP_NAME)} 使用说明</h2>"]
    parts.append("<ol>")
    for title, text in STEPS:
        parts.append(f"<li><b>{escape(title)}</b>：{escape(text)}</li>")
    parts.append("</ol>")
    parts.append(f"<h3>报告格式的要求（{escape(FORM.notice)}）</h3>")
    parts.append("<p>报告分六部分，顺序和标题如下；各部分的要求为通知原文：</p>")
    for s in FORM.sections:
        parts.append(f"<p><b>{escape(s.title)}</b><br>{escape(s.guidance or '')}</p>")
    parts.append(
        "<p>表三的勾稽关系：每一列「第一项加第二项之和，等于第三项加第四项之和」。"
        "数据截至报告年度的 12 月 31 日。</p>"
    )
    return "".join(parts)


class GuideDialog(QDialog):
    """The guide in a scrollable window (not modal: it can stay open beside the report)."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        self.setObjectName("guide")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHtml(guide_html())
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry()
        self.resize(min(760, screen.width() - 40), min(640, screen.height() - 80))


def show_guide(parent: QWidget) -> GuideDialog:
    existing = parent.findChild(GuideDialog, "guide")
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = existing or GuideDialog(parent)
    dialog.show()
    return dialog
