"""Qt's own file dialog (used where the desktop has none) is entirely Chinese."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QAbstractButton, QComboBox, QFileDialog, QLabel, QTreeView

from app.ui.file_dialog import make_dialog
from app.ui.main import application

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ENGLISH = re.compile(r"[A-Za-z]{3,}")


class Untranslated(QTranslator):
    """Records every string Qt asks for that the installed catalogues do not translate."""

    def __init__(self, installed: list[QTranslator]) -> None:
        super().__init__()
        self.installed = installed
        self.missing: set[tuple[str, str]] = set()

    def translate(self, context: str, source: str, disamb: Any = None, n: int = -1) -> Any:
        if not any(t.translate(context, source, disamb, n) for t in self.installed):
            self.missing.add((context, source))
        return None  # a null string: Qt asks the next catalogue

    def isEmpty(self) -> bool:
        return False


def test_file_dialog_speaks_chinese(qtbot: Any) -> None:
    from app.resources import resource_path
    from app.ui.main import TRANSLATIONS

    app = application()
    installed = []
    for name in TRANSLATIONS:
        t = QTranslator()
        assert t.load(str(resource_path("translations", name)))
        installed.append(t)
    spy = Untranslated(installed)
    app.installTranslator(spy)
    try:
        dialog = make_dialog(None, False, "打开年度报告", str(FIXTURES), "年度报告文件 (*.xlsx)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        tree = dialog.findChild(QTreeView, "treeView")
        assert tree is not None
        model = tree.model()
        qtbot.waitUntil(lambda: model.rowCount(tree.rootIndex()) > 5)
        dialog.grab()
    finally:
        app.removeTranslator(spy)
    assert spy.missing == set()
    texts = [w.text() for w in dialog.findChildren(QLabel)]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton) if w.isVisible()]
    assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts
    assert not [t for t in texts if ENGLISH.search(t)]
    rows = [
        [model.index(r, c, tree.rootIndex()).data() for c in range(4)]
        for r in range(model.rowCount(tree.rootIndex()))
    ]
    folder = next(row for row in rows if row[0] == "hostile")
    assert folder[2] == "文件夹" and folder[1] == ""
    sizes = [row[1] for row in rows if row[0].endswith(".xlsx")]
    assert sizes and all(re.fullmatch(r"\d+\.\d KB", s) for s in sizes)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row[3]) for row in rows)
    combo = dialog.findChild(QComboBox, "fileTypeCombo")
    assert combo is not None and combo.currentText() == "年度报告文件 (*.xlsx)"
