"""The command line on a console or redirect that cannot write every character.

Windows writes redirected output in the console's code page (GBK on Chinese PCs, cp1252 on
the build runner) unless Python runs in UTF-8 mode. These tests force such an encoding with
PYTHONIOENCODING and use a file name with a character outside both code pages (an emoji):
the program must finish with its normal exit code, print no traceback, and its --json output
must still parse to the same text.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import APP_NAME
from app.console import json_text, program_name, write_line
from app.resources import sample_path

ROOT = Path(__file__).resolve().parents[1]
ODD = "报告😀"  # 😀 is in neither cp1252 nor GBK; 报告 is not in cp1252


def _env(encoding: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONIOENCODING=encoding, PYTHONUTF8="0", **extra)
    env.pop("PYTHONLEGACYWINDOWSSTDIO", None)
    return env


def _run(encoding: str, *args: str, **extra: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=_env(encoding, **extra),
        capture_output=True,
        timeout=60,
    )


def _unescape(data: bytes, encoding: str) -> str:
    """What the user reads: the code page's text with the \\uXXXX escapes resolved."""
    text = data.decode(encoding)
    return codecs.decode(text.encode("ascii", "backslashreplace"), "unicode_escape")


@pytest.fixture
def odd_report(tmp_path: Path) -> Path:
    path = tmp_path / f"{ODD}.json"
    shutil.copy(sample_path(), path)
    return path


def test_version_through_a_cp1252_pipe() -> None:
    # literally: PYTHONIOENCODING=cp1252 python -m app --version | cat
    out = subprocess.run(
        f"{sys.executable} -m app --version | cat; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        cwd=ROOT,
        env=_env("cp1252"),
        capture_output=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    assert b"Traceback" not in out.stderr
    assert _unescape(out.stdout, "cp1252").startswith(f"{APP_NAME} ")


@pytest.mark.parametrize("encoding", ["cp1252", "gbk"])
def test_check_json_redirected_to_a_file(tmp_path: Path, odd_report: Path, encoding: str) -> None:
    target = tmp_path / "findings.json"
    with target.open("wb") as fh:  # check … --json > findings.json
        out = subprocess.run(
            [sys.executable, "-m", "app", "check", str(sample_path()), str(odd_report), "--json"],
            cwd=ROOT,
            env=_env(encoding),
            stdout=fh,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    data = json.loads(target.read_bytes().decode(encoding))
    assert [r["file"] for r in data] == [str(sample_path()), str(odd_report)]
    # the two files hold the same report: only the cross-report checks speak
    assert all(f["rule"].startswith("batch.") for r in data for f in r["findings"])


def test_check_json_keeps_readable_chinese_where_it_can(tmp_path: Path) -> None:
    doc = json.loads(sample_path().read_text(encoding="utf-8"))
    doc["values"]["t3.granted.natural"] = 2  # one balance error, with a Chinese message
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = _run("gbk", "check", str(wrong), "--json")
    assert out.returncode == 1
    text = out.stdout.decode("gbk")
    assert "表三" in text  # GBK can write the message: no escapes
    assert json.loads(text)[0]["rule"] == "balance"


@pytest.mark.parametrize("encoding", ["cp1252", "gbk"])
def test_check_text_output_escapes_what_the_code_page_lacks(
    odd_report: Path, encoding: str
) -> None:
    out = _run(encoding, "check", str(odd_report))
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    shown = _unescape(out.stdout, encoding)
    assert f"== {odd_report}" in shown and "未发现问题。" in shown
    if encoding == "gbk":
        assert "未发现问题。" in out.stdout.decode("gbk")  # Chinese stays Chinese


def test_unreadable_file_error_line_in_cp1252(tmp_path: Path) -> None:
    bad = tmp_path / f"{ODD}.json"
    bad.write_text("{not json", encoding="utf-8")
    out = _run("cp1252", "check", str(bad))
    assert out.returncode == 2
    assert b"Traceback" not in out.stderr
    assert "JSON 格式错误" in _unescape(out.stderr, "cp1252")


def test_help_and_usage_error_in_cp1252() -> None:
    out = _run("cp1252", "--help")
    assert out.returncode == 0 and "显示本帮助并退出" in _unescape(out.stdout, "cp1252")
    out = _run("cp1252", "check")
    assert out.returncode == 2 and b"Traceback" not in out.stderr
    assert "缺少以下参数" in _unescape(out.stderr, "cp1252")


def test_window_start_line_in_cp1252(tmp_path: Path) -> None:
    out = _run(
        "cp1252",
        NIANBAO_QUIT_AFTER_START="1",
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    assert b"Traceback" not in out.stderr
    assert "window ready" in out.stdout.decode("cp1252")


def test_write_line_escapes_on_a_strict_stream() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252", errors="strict")
    write_line(stream, "总计 ok 😀")
    assert raw.getvalue() == b"\\u603b\\u8ba1 ok \\U0001f600\n"
    write_line(None, "nothing to write to")  # the windowed program: no error


def test_json_text_falls_back_to_ascii_escapes() -> None:
    data = [{"file": f"{ODD}.json", "message": "表三·自然人列"}]
    strict = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    escaped = json_text(data, strict)
    assert escaped.isascii() and json.loads(escaped) == data
    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    assert ODD in json_text(data, utf8)


def test_program_name_when_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.cli import _parser

    assert program_name() == "python -m app"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(
        sys, "executable", r"C:\Users\张三\AppData\Local\Programs\年报助手\nianbao-cli.exe"
    )
    assert program_name() == "nianbao-cli"
    parser = _parser()
    assert parser.prog == "nianbao-cli"
    assert parser.format_usage().startswith("用法：nianbao-cli ")
    assert "python -m app" not in parser.format_help()
    monkeypatch.setattr(sys, "executable", "/opt/nianbao/nianbao")  # the Linux bundle
    assert program_name() == "nianbao"
