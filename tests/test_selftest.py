"""``python -m app --selftest``: passes on a working copy, fails (exit 1, no traceback) when
any step breaks; and the resource locator finds files from source and from a frozen bundle."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from app import selftest
from app.io.jsonfile import dumps, read_json
from app.resources import resource_path, resources_root, sample_path

ROOT = Path(__file__).resolve().parents[1]

# The steps a user sees, in order (written out here, not read from app.selftest).
STEPS = [
    "打开示例报告",
    "检查规则",
    "显示主窗口",
    "导出 Excel",
    "读回 Excel",
    "生成 PDF",
    "读回 PDF",
    "导出 Word 和网页",
    "打印预览打开 PDF",
    "打印预览与打印",
    "中文界面翻译",
    "中文排序",
    "离线运行",
]


def _step_lines(text: str) -> dict[str, str]:
    """Map each step label to the rest of its line ('：通过（…）' / '：失败…')."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("[") and "] " in line:
            label, _, rest = line.split("] ", 1)[1].partition("：")
            found[label] = rest
    return found


def test_selftest_command_passes(tmp_path: Path) -> None:
    log = tmp_path / "selftest.log"
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        NIANBAO_RECOVERY_DIR=str(tmp_path / "recovery"),
        NIANBAO_SELFTEST_LOG=str(log),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    out = subprocess.run(
        [sys.executable, "-m", "app", "--selftest"],
        cwd=tmp_path,  # not the checkout: the program must find its resources itself
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    lines = _step_lines(out.stdout)
    assert list(lines) == STEPS
    for label, rest in lines.items():
        assert rest.startswith("通过（"), f"{label}：{rest}"
    assert "克井镇人民政府 2023 年度" in lines["打开示例报告"]
    assert "0 个错误" in lines["检查规则"]
    assert "内容一致" in lines["读回 Excel"]
    assert "“Cancel” → “取消”" in lines["中文界面翻译"]
    assert out.stdout.rstrip().splitlines()[-1].startswith("自检通过")
    assert "Traceback" not in out.stdout + out.stderr
    # the same lines go to the log file (the windowed Windows program has no console)
    assert log.read_text(encoding="utf-8").splitlines() == out.stdout.splitlines()


def _run(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, str], str]:
    code = selftest.run_selftest()
    text = capsys.readouterr().out
    return code, _step_lines(text), text


def test_a_broken_step_fails_with_exit_1_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(ctx: selftest.Context) -> str:
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(selftest, "step_xlsx_write", broken)
    code, lines, text = _run(capsys)
    assert code == 1
    assert lines["导出 Excel"] == "失败：RuntimeError：磁盘已满"
    assert lines["读回 Excel"].startswith("失败（前面的步骤失败")  # depends on the export
    assert lines["生成 PDF"].startswith("通过")  # the others still run and report
    assert lines["显示主窗口"].startswith("通过")
    assert "自检失败：2 项未通过" in text
    assert "Traceback" not in text


def test_a_sample_with_errors_fails_the_rules_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = read_json(sample_path())
    doc.set("t3.granted.natural", doc.number("t3.granted.natural") + 1)  # breaks the balance
    wrong = tmp_path / "wrong.json"
    wrong.write_text(dumps(doc), encoding="utf-8")
    monkeypatch.setattr(selftest, "sample_path", lambda: wrong)
    monkeypatch.setattr(selftest, "step_window", lambda ctx: "（测试中跳过）")
    code, lines, _text = _run(capsys)
    assert code == 1
    # one extra 予以公开 for 自然人 unbalances two columns of table 三: 自然人 and 总计
    assert lines["检查规则"].startswith("失败：示例报告有 2 个错误，第一个：表三·自然人列")


def test_a_missing_module_is_named_in_chinese(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing(ctx: selftest.Context) -> str:
        import app.io.no_such_module  # type: ignore[import-not-found]  # noqa: F401

        return ""

    monkeypatch.setattr(selftest, "step_window", missing)
    code, lines, _text = _run(capsys)
    assert code == 1
    assert lines["显示主窗口"] == "失败：缺少程序组件「app.io.no_such_module」"


def test_a_network_attempt_fails_the_offline_step(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def phones_home(ctx: selftest.Context) -> str:
        with socket.socket() as s:
            s.settimeout(0.5)
            with contextlib.suppress(OSError):  # discard port: refused, no traffic leaves
                s.connect(("127.0.0.1", 9))
        return "（测试中跳过）"

    monkeypatch.setattr(selftest, "step_window", phones_home)
    code, lines, _text = _run(capsys)
    assert code == 1
    assert lines["离线运行"].startswith("失败：程序尝试访问网络")


def test_resources_from_source_checkout() -> None:
    assert resources_root() == ROOT / "resources"
    assert sample_path().is_file()
    assert resource_path("translations", "qtbase_zh_CN.qm").is_file()


def test_resources_from_frozen_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert (
        resource_path("fonts", "a.ttf") == tmp_path / "_internal" / "resources" / "fonts" / "a.ttf"
    )


def test_program_version_is_the_pyproject_version() -> None:
    """The installer and the exe take the version from pyproject.toml; the program shows
    app.__version__: a release must change both (README.md, "Building releases")."""
    from app import __version__

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    with open(ROOT / "pyproject.toml", "rb") as fh:
        assert tomllib.load(fh)["project"]["version"] == __version__
