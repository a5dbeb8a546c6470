"""The main window: sections, texts, metadata, the problems list, files, recovery."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from uihelpers import Dialogs, press, send_text, show_table

from app.core.findings import Severity
from app.form import FORM
from app.io.files import read_document
from app.io.jsonfile import read_json
from app.resources import sample_path
from app.ui.main import create_window
from app.ui.table_model import Role
from app.ui.window import CANCEL, DISCARD, MainWindow

ROOT = Path(__file__).resolve().parents[2]
CTRL = Qt.KeyboardModifier.ControlModifier


def test_sections_in_official_order(window: MainWindow) -> None:
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["基本信息", *(s.title for s in FORM.sections)]
    for i in range(window.nav.count()):
        window.nav.setCurrentRow(i)
        assert window.stack.currentIndex() == i
    assert window.windowTitle().startswith("克井镇人民政府2023年政府信息公开工作年度报告")
    assert not window.isWindowModified()
    assert window.path is None  # the sample opens as an untitled copy


def test_text_is_checked_while_typing_and_undoable(window: MainWindow, qtbot: Any) -> None:
    window.show_section("text.problems")
    page = window.text_page("text.problems")
    page.editor.setFocus()
    page.editor.selectAll()
    send_text(page.editor, "无")
    assert window.doc.texts["text.problems"] == "无"
    assert window.isWindowModified()
    rules = {f.rule for f in window.session.findings_for("text.problems")}
    assert "required" in rules
    assert page.findings.isVisibleTo(page) and "须如实写明" in page.findings.text()
    qtbot.waitUntil(lambda: any("只写了「无」" in i.text(0) for i in window.problems.items()))
    press(page.editor, Qt.Key.Key_Z, CTRL)
    assert window.doc.texts["text.problems"] == read_json(sample_path()).texts["text.problems"]
    assert page.editor.toPlainText() == window.doc.texts["text.problems"]
    assert "required" not in {f.rule for f in window.session.findings_for("text.problems")}


def test_overview_character_count(window: MainWindow) -> None:
    window.show_section("text.overview")
    page = window.text_page("text.overview")
    assert "/ 原则上不超过 1000 字" in page.count.text()
    page.editor.setPlainText("政" * 1001)
    assert "已写 1001 字" in page.count.text() and "超出 1 字" in page.count.text()
    assert any(f.rule == "overview_length" for f in window.session.findings)


def test_last_year_text_is_shown_as_reference(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    Dialogs(monkeypatch)
    w = create_window(None)
    qtbot.addWidget(w)
    assert w.new_from_last_year(str(sample_path()))
    page = w.text_page("text.problems")
    assert page.last_text.toPlainText() == read_json(sample_path()).texts["text.problems"]
    assert page.last_text.isReadOnly()
    assert page.editor.toPlainText() == ""
    w.extra_dirty = False


def test_metadata_edit_is_undoable(window: MainWindow) -> None:
    window.show_section("meta")
    assert window.meta_page is not None
    field = window.meta_page.fields["agency"]
    field.setFocus()
    field.selectAll()  # type: ignore[attr-defined]
    send_text(field, "某某街道办事处")
    press(field, Qt.Key.Key_Return)
    assert window.doc.agency == "某某街道办事处"
    assert "某某街道办事处2023年" in window.meta_page.title_preview.text()
    window.session.undo_stack.undo()
    assert window.doc.agency == "克井镇人民政府"
    assert field.text() == "克井镇人民政府"  # type: ignore[attr-defined]
    field.clear()  # type: ignore[attr-defined]
    press(field, Qt.Key.Key_Return)
    assert window.doc.agency == ""
    assert "未填写机关名称" in field.toolTip() and "border" in field.styleSheet()


def test_problems_list_jumps_to_the_cell(window: MainWindow, qtbot: Any) -> None:
    window.session.set_values({"t2.regulations.issued": 1})  # a 镇 cannot make 规章
    window.show_section("meta")
    qtbot.waitUntil(lambda: window.problems.counts[Severity.WARNING] > 0)
    item = next(i for i in window.problems.items() if "规章" in i.text(0))
    tree = window.problems.tree
    tree.setCurrentItem(item)
    tree.setFocus()
    press(tree, Qt.Key.Key_Return)  # activate with the keyboard
    assert window.stack.currentWidget() is window.table_page("t2")
    assert window.table_page("t2").view.currentIndex().data(Role.KEY) == "t2.regulations.issued"
    # A cell finding: balance error after breaking table 三
    window.session.set_values({"t3.carry_forward.legal": 1})
    qtbot.waitUntil(lambda: window.problems.counts[Severity.ERROR] > 0)
    item = next(i for i in window.problems.items() if "法律服务机构列" in i.text(0))
    finding = item.data(0, Qt.ItemDataRole.UserRole)
    window.problems.tree.itemActivated.emit(item, 0)
    view = window.table_page("t3").view
    assert window.stack.currentWidget() is window.table_page("t3")
    assert view.currentIndex().data(Role.KEY) == finding.keys[0]
    assert window.counts_label.text() == "错误 2  警告 1  提示 0"  # 法律服务机构 and 总计 columns


def test_save_and_reopen_json(window: MainWindow, tmp_path: Path) -> None:
    window.session.set_values({"t3.new.natural": 20, "t2.fees.amount": None})
    assert window.isWindowModified()
    target = tmp_path / "报告.json"
    assert window.save_to(str(target))
    assert not window.isWindowModified()
    assert "报告.json" in window.windowTitle()
    back, _ = read_document(target)
    assert back.same_content(window.doc)
    assert back.values["t3.new.natural"] == 20
    assert window.open_path(str(target))
    assert window.doc.same_content(back)
    assert window.path == str(target.resolve())
    assert window.recent_files()[0] == str(target.resolve())
    # saving again keeps the previous version as a backup
    window.session.set_values({"t3.new.natural": 21})
    assert window.file_save()
    assert (tmp_path / "报告.json.bak").exists()
    assert read_json(tmp_path / "报告.json.bak").values["t3.new.natural"] == 20
    assert read_document(target)[0].values["t3.new.natural"] == 21


@pytest.mark.skipif(
    not (ROOT / "app" / "io" / "xlsx_write.py").exists(), reason="the Excel writer has not landed"
)
def test_save_and_reopen_xlsx(window: MainWindow, tmp_path: Path) -> None:
    window.session.set_values({"t3.granted.legal": 2, "t3.new.legal": 2})
    window.doc.texts["text.other"] = "本年未收取信息处理费。"
    target = tmp_path / "report.xlsx"
    assert window.save_to(str(target))
    assert not window.isWindowModified()
    original = window.doc.copy()
    assert window.open_path(str(target))
    assert window.path == str(target.resolve())  # our own workbook: Save writes it again
    assert window.doc.same_content(original)
    assert not window.isWindowModified()


def test_failed_save_keeps_the_document(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs = Dialogs(monkeypatch)
    target = tmp_path / "locked.json"
    assert window.save_to(str(target))
    before = target.read_bytes()
    window.session.set_values({"t3.new.natural": 77})

    def locked(src: Any, dst: Any) -> None:  # what Windows says when Excel holds the file
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    assert not window.file_save()
    assert window.isWindowModified()
    assert window.doc.values["t3.new.natural"] == 77
    assert target.read_bytes() == before
    assert dialogs.informed and "没有写入权限" in dialogs.informed[-1][1]
    assert "另存为" in dialogs.informed[-1][1]
    assert "保存失败" in window.statusBar().currentMessage()
    assert not list(tmp_path.glob(".locked.json.*.tmp"))


def test_close_asks_about_unsaved_work(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, _recovery_dir: Path
) -> None:
    dialogs = Dialogs(monkeypatch, answer=CANCEL)
    w = create_window(None)
    qtbot.addWidget(w)
    w.show()
    w.autosave.setInterval(10)
    w.session.set_values({"t3.new.natural": 1})
    qtbot.waitUntil(lambda: any(_recovery_dir.glob("*.recovery.json")))
    assert not w.close()  # 取消
    assert dialogs.asked and "未保存的修改" in dialogs.asked[-1][1]
    dialogs.answer = DISCARD
    assert w.close()
    assert not any(_recovery_dir.glob("*.recovery.json"))  # a clean close removes the copy


def test_autosave_and_clean_save_remove_the_copy(
    window: MainWindow, tmp_path: Path, qtbot: Any, _recovery_dir: Path
) -> None:
    window.autosave.setInterval(20)
    window.session.set_values({"t3.new.natural": 5})
    qtbot.waitUntil(lambda: any(_recovery_dir.glob("*.recovery.json")))
    assert window.save_to(str(tmp_path / "r.json"))
    assert not any(_recovery_dir.glob("*.recovery.json"))
    # undoing back to the saved state also needs no copy
    window.session.set_values({"t3.new.natural": 6})
    window.session.undo_stack.undo()
    assert not window.isWindowModified()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_killed_process_is_recovered(qtbot: Any, _recovery_dir: Path) -> None:
    script = textwrap.dedent(
        """
        import sys, time
        from PySide6.QtWidgets import QApplication
        from app.ui.main import create_window
        w = create_window(None)
        w.show()
        w.autosave.setInterval(50)
        w.session.set_values({"t3.new.natural": 42})          # the test hook: one edit
        w.doc.texts  # noqa
        app = QApplication.instance()
        deadline = time.time() + 20
        while not list(w.store.directory.glob("*.recovery.json")) and time.time() < deadline:
            app.processEvents(); time.sleep(0.01)
        print("READY", flush=True)
        while True:
            app.processEvents(); time.sleep(0.05)
        """
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NIANBAO_RECOVERY_DIR=str(_recovery_dir))
    proc = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    assert len(list(_recovery_dir.glob("*.recovery.json"))) == 1

    w = create_window(None, recover=True)  # headless: the offer is answered 恢复
    qtbot.addWidget(w)
    assert w.doc.values["t3.new.natural"] == 42
    assert w.doc.values["t3.new.total"] == 42
    assert w.isWindowModified()
    # the old copy is gone; this session's own copy replaces it
    copies = list(_recovery_dir.glob("*.recovery.json"))
    assert [c.name.startswith(w.session_id) for c in copies] == [True]
    w.maybe_save = lambda: True  # type: ignore[method-assign]


def test_recovery_can_be_discarded(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, _recovery_dir: Path
) -> None:
    from app.io.recovery import RecoveryStore

    doc = read_json(sample_path())
    doc.set("t3.new.natural", 9)
    RecoveryStore(_recovery_dir).write("1-999999", doc, None, "x")
    dialogs = Dialogs(monkeypatch, answer="丢弃")
    w = create_window(None, recover=True)
    qtbot.addWidget(w)
    assert dialogs.asked and "恢复" in dialogs.asked[0][0]
    # 丢弃 deletes work for good: it is confirmed first, naming the time of the copy
    assert len(dialogs.asked) == 2 and "无法找回" in dialogs.asked[1][1]
    assert "1970" not in dialogs.asked[0][1] and "1970" not in dialogs.asked[1][1]
    assert w.doc.values["t3.new.natural"] == 13
    assert not any(_recovery_dir.glob("*.recovery.json"))


def test_recovery_discard_can_be_taken_back(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, _recovery_dir: Path
) -> None:
    from app.io.recovery import RecoveryStore

    doc = read_json(sample_path())
    doc.set("t3.new.natural", 9)
    RecoveryStore(_recovery_dir).write("1-999999", doc, None, "x")
    from app.ui import dialogs

    answers = iter(["丢弃", "恢复"])  # 丢弃, then 「确定丢弃吗？」 → keep it after all
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: next(answers))
    w = create_window(None, recover=True)
    qtbot.addWidget(w)
    assert w.doc.values["t3.new.natural"] == 9
    w.extra_dirty = False
    w.session.undo_stack.setClean()


def test_new_from_last_year(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    dialogs = Dialogs(monkeypatch)
    w = create_window(None)
    qtbot.addWidget(w)
    assert w.new_from_last_year(str(sample_path()))
    assert w.doc.year == 2024 and w.doc.agency == "克井镇人民政府"
    assert w.path is None and w.isWindowModified()
    assert dialogs.informed and "读取文件" in dialogs.informed[0][1]
    # last year's 结转下年度 of the sample, column by column
    last = read_json(sample_path())
    for col in ("natural", "commercial", "total"):
        assert w.doc.values[f"t3.carried.{col}"] == last.values[f"t3.carry_forward.{col}"]
    w.extra_dirty = False


def test_startup_loads_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from app.ui.main import create_window\n"
        "w = create_window(None)\n"
        "heavy = [m for m in ('openpyxl', 'reportlab', 'app.ui.printing', 'PySide6.QtPdf',"
        " 'PySide6.QtPrintSupport') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_screenshots_of_every_section(window: MainWindow, qtbot: Any) -> None:
    folder = ROOT / "screenshots"
    folder.mkdir(exist_ok=True)
    window.resize(1360, 900)
    qtbot.wait(80)  # toolbar icons and dock size arrive just after the first frame
    assert not window.act_new.icon().isNull()
    names = ["meta", *(s.key.replace(".", "-") for s in FORM.sections)]
    for i, name in enumerate(names):
        window.nav.setCurrentRow(i)
        QApplication.processEvents()
        image = window.grab()
        assert not image.isNull()
        assert image.save(str(folder / f"{i}-{name}.png"))
    view = show_table(window, "t3")
    view.select_key("t3.new.natural")
    assert (folder / "3-t3.png").stat().st_size > 10_000


def test_print_actions_load_printing_lazily_with_doc_and_findings(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import printing

    calls: list[tuple[str, Any, Any]] = []
    for name in ("print_preview", "print_document", "export_pdf"):
        monkeypatch.setattr(
            printing,
            name,
            lambda parent, doc, findings, _n=name, **kw: calls.append((_n, doc, findings)) or True,
        )
    window.session.set_values({"t3.new.natural": 14})
    window.act_preview.trigger()
    window.act_print.trigger()
    window.act_pdf.trigger()
    assert [c[0] for c in calls] == ["print_preview", "print_document", "export_pdf"]
    assert all(c[1] is window.doc for c in calls)
    assert any(f.rule == "balance" for f in calls[0][2])
    assert window.act_print.shortcut().toString() == "Ctrl+P"


def test_qt_dialogs_are_translated(window: MainWindow) -> None:
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QPlatformTheme", "Save") == "保存"


def test_a_qt_warning_fails_the_test(tmp_path: Path) -> None:
    test = tmp_path / "test_warns.py"
    test.write_text(
        "from PySide6.QtCore import qWarning\n"
        "def test_warns(qapp):\n"
        "    qWarning('something is wrong')\n",
        encoding="utf-8",
    )
    conftest = ROOT / "tests" / "conftest.py"
    (tmp_path / "conftest.py").write_text(conftest.read_text(encoding="utf-8"), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT)),
    )
    assert out.returncode == 1, out.stdout[-2000:]
    assert "something is wrong" in out.stdout


def test_new_and_save_as_through_the_menu(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from app.ui import dialogs

    window.act_new.trigger()
    assert window.doc.agency == "" and window.doc.year == date.today().year - 1
    assert window.doc.values["t3.new.natural"] is None
    assert not window.isWindowModified()
    assert window.stack.currentWidget() is window.page_for("meta")
    window.session.set_values({"t4.review.pending": 1})
    asked: list[str] = []

    def save_name(parent: Any, caption: str, default: str, filter: str, **kw: Any) -> str:
        asked.append(default)
        return str(tmp_path / "新报告")  # no suffix: the program's own .xlsx is added

    monkeypatch.setattr(dialogs, "save_file_name", save_name)
    assert window.act_save.isEnabled()
    window.act_save.trigger()  # untitled: Save asks for a name
    assert asked and asked[0].endswith(".xlsx")
    assert (tmp_path / "新报告.xlsx").exists()
    assert window.path == str((tmp_path / "新报告.xlsx").resolve())
    assert not window.isWindowModified()
    assert "新报告.xlsx" in window.windowTitle()


def test_bundled_font_registration(qapp: Any) -> None:
    from PySide6.QtGui import QFontDatabase

    from app.ui.fonts import ensure_cjk_font

    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        assert ensure_cjk_font() == []  # the system's own CJK fonts are used
    families = ensure_cjk_font(force=True)
    assert families, "the bundled fonts could not be registered"
    assert any(
        QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(f)
        for f in families
    )


@pytest.mark.skipif(
    not (ROOT / "tests" / "fixtures" / "f07_wrong_totals.xlsx").exists(), reason="no fixture"
)
def test_opening_someone_elses_spreadsheet(window: MainWindow, qtbot: Any) -> None:
    source = ROOT / "tests" / "fixtures" / "f07_wrong_totals.xlsx"
    before = source.read_bytes()
    assert window.open_path(str(source))
    # never saved over their file in our layout: untitled, modified, named after it
    assert window.path is None and window.isWindowModified()
    assert window.display_name() == "f07_wrong_totals"
    assert window.session.import_findings, "the import report is shown in the problems list"
    qtbot.waitUntil(lambda: any(i.text(0).startswith("［导入］") for i in window.problems.items()))
    assert "保存时请选择新的文件名" in window.statusBar().currentMessage()
    assert source.read_bytes() == before


def test_unreadable_file_says_why(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs = Dialogs(monkeypatch)
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"this is not a zip file at all")
    before = window.doc
    assert not window.open_path(str(bad))
    assert window.doc is before  # the open report stays
    assert dialogs.informed and "坏文件.xlsx" in dialogs.informed[-1][1]


def test_python_m_app_starts_the_window(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        NIANBAO_QUIT_AFTER_START="1",
        NIANBAO_RECOVERY_DIR=str(tmp_path),
    )
    out = subprocess.run(
        [sys.executable, "-m", "app", str(sample_path())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "window ready: kejing-town-2023.json[*] - 年报助手"
