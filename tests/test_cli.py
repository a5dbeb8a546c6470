"""The command line as a user or a script calls it: output, JSON findings, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.io.jsonfile import dumps, read_json
from app.resources import sample_path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = sample_path()


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def wrong_report(tmp_path: Path) -> Path:
    doc = read_json(SAMPLE)
    doc.set("t3.granted.natural", 2)
    doc.texts["text.other"] = ""
    path = tmp_path / "wrong.json"
    path.write_text(dumps(doc), encoding="utf-8")
    return path


def test_check_sample_passes() -> None:
    out = run("check", str(SAMPLE))
    assert out.returncode == 0, out.stderr
    assert "未发现问题" in out.stdout


def test_check_groups_findings_by_severity_in_chinese(tmp_path: Path) -> None:
    out = run("check", str(wrong_report(tmp_path)))
    assert out.returncode == 1
    text = out.stdout
    assert "错误（2）" in text and "警告（1）" in text
    assert text.index("错误") < text.index("警告")
    assert "表三·自然人列：第一项+第二项=13，第三项（七）+第四项=12，相差 1" in text
    assert "Traceback" not in out.stderr


def test_check_json_lists_rule_severity_keys_message(tmp_path: Path) -> None:
    out = run("check", str(wrong_report(tmp_path)), "--json")
    assert out.returncode == 1
    findings = json.loads(out.stdout)
    assert {f["rule"] for f in findings} == {"balance", "processing_fee"}
    first = findings[0]
    assert set(first) == {"rule", "severity", "keys", "message"}
    assert first["severity"] == "error" and "t3.new.natural" in first["keys"]


def test_check_unreadable_file_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    out = run("check", str(SAMPLE), str(bad), str(tmp_path / "missing.json"))
    assert out.returncode == 2
    assert "JSON 格式错误" in out.stderr and "找不到文件" in out.stderr
    assert "Traceback" not in out.stderr
    assert "共检查 3 个文件：0 个有错误，2 个无法读取，1 个没有错误。" in out.stdout
    out = run("check", str(tmp_path / "notes.txt"))
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_convert_json_to_json(tmp_path: Path) -> None:
    target = tmp_path / "copy.json"
    out = run("convert", str(SAMPLE), str(target))
    assert out.returncode == 0, out.stderr
    assert read_json(target).same_content(read_json(SAMPLE))


def test_new_from_last_year(tmp_path: Path) -> None:
    target = tmp_path / "2024.json"
    out = run("new", "--from", str(SAMPLE), str(target))
    assert out.returncode == 0, out.stderr
    doc = read_json(target)
    assert doc.year == 2024 and doc.agency == "克井镇人民政府"
    assert doc.values["t3.carried.natural"] == 0
    assert doc.last_year.values["t2.penalty.decisions"] == 65


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0 and "年报助手" in out.stdout


def test_usage_errors_are_in_chinese() -> None:
    out = run("check")
    assert out.returncode == 2
    assert "缺少以下参数" in out.stderr and "用法" in out.stderr
    assert "usage" not in out.stderr and "error" not in out.stderr
    out = run("--help")
    assert "显示本帮助并退出" in out.stdout and "show" not in out.stdout


def test_check_a_folder_and_a_wildcard(tmp_path: Path) -> None:
    import shutil

    shutil.copy(SAMPLE, tmp_path / "a.json")
    wrong_report(tmp_path)  # wrong.json
    (tmp_path / "readme.txt").write_text("not a report", encoding="utf-8")
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")  # Excel's lock file of an open workbook
    out = run("check", str(tmp_path))
    assert out.returncode == 1
    assert "共检查 2 个文件：1 个有错误，0 个无法读取，1 个没有错误。" in out.stdout
    out = run("check", str(tmp_path / "*.json"), "--json")
    assert [r["file"] for r in json.loads(out.stdout)] == [
        str(tmp_path / "a.json"),
        str(tmp_path / "wrong.json"),
    ]
