"""The command line never shows a traceback: unexpected failures become one Chinese line,
exit 2, with the detail in the log file; a batch goes on past every bad file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app import cli
from app.core.document import Document
from app.io.jsonfile import dumps, read_json
from app.resources import sample_path

ROOT = Path(__file__).resolve().parents[1]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    doc = read_json(sample_path())
    (folder / "a.json").write_text(dumps(doc), encoding="utf-8")
    (folder / "b.json").write_text("{broken", encoding="utf-8")
    doc.agency = "出错镇"
    (folder / "c.json").write_text(dumps(doc), encoding="utf-8")
    (folder / "d.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    return folder


@pytest.fixture
def crashing_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """A defect in the rules that only one report triggers."""
    from app.core import rules

    original = rules.check

    def check(doc: Document) -> Any:
        if doc.agency == "出错镇":
            raise ZeroDivisionError("a bug")
        return original(doc)

    monkeypatch.setattr(rules, "check", check)


def test_check_folder_goes_on_past_every_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], crashing_rules: None, _data_dir: Path
) -> None:
    assert cli.main(["check", str(_folder(tmp_path))]) == cli.EXIT_UNREADABLE
    out, err = capsys.readouterr()
    assert "共检查 4 个文件：0 个有错误，3 个无法读取，1 个没有错误。" in out
    assert "Traceback" not in out + err and "ZeroDivisionError" not in out + err
    lines = [line for line in err.splitlines() if line]
    assert len(lines) == 3  # one line per bad file
    assert any("c.json" in line and "程序出错" in line and "日志" in line for line in lines)
    log = (_data_dir / "logs" / "nianbao.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError: a bug" in log and "Traceback" in log


def test_check_json_still_lists_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], crashing_rules: None
) -> None:
    assert cli.main(["check", "--json", str(_folder(tmp_path))]) == cli.EXIT_UNREADABLE
    results = json.loads(capsys.readouterr().out)
    assert [Path(r["file"]).name for r in results] == ["a.json", "b.json", "c.json", "d.xlsx"]
    assert ["error" in r for r in results] == [False, True, True, True]


def test_unexpected_failure_while_writing_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.io.files as files

    def broken(doc: Document, path: object) -> None:
        raise KeyError("t9.nothing")

    monkeypatch.setattr(files, "write_document", broken)
    rc = cli.main(["convert", str(sample_path()), str(tmp_path / "out.xlsx")])
    assert rc == cli.EXIT_UNREADABLE
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "程序出错" in err and "t9.nothing" not in err


def test_a_word_that_is_neither_command_nor_file_exits_2(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "app", "summe", "a.xlsx"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,  # it used to open a window and never return
        env={"PATH": "", "QT_QPA_PLATFORM": "offscreen", "NIANBAO_DATA_DIR": str(tmp_path)},
    )
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "「summe」既不是命令" in out.stderr
    assert out.stdout == ""


def test_dispatch_is_a_table() -> None:
    parser = cli._parser()
    args = parser.parse_args(["convert", "a", "b"])
    assert set(cli.COMMANDS) == {"check", "convert", "new", "draft", "sum"}
    assert callable(cli.COMMANDS[args.command].run)


def test_lone_surrogates_never_stop_check_convert_or_print(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = read_json(sample_path())
    text = dumps(doc).replace('"text.other": "', '"text.other": "\\ud83d半个表情\\ude00', 1)
    text = text.replace('"agency": "', '"agency": "\\udc80', 1)
    src = tmp_path / "s.json"
    src.write_text(text, encoding="utf-8")
    for args in (["check", str(src)], ["check", "--json", str(src)]):
        out = subprocess.run(
            [sys.executable, "-m", "app", *args], cwd=ROOT, capture_output=True, timeout=60
        )
        assert out.returncode in (0, 1), out.stderr.decode("utf-8", "replace")
        out.stdout.decode("utf-8")  # valid UTF-8
    for suffix in (".json", ".xlsx"):
        assert cli.main(["convert", str(src), str(tmp_path / f"o{suffix}")]) == 0
    # the replacement character marks the spot; the PDF names it instead of a blank box
    assert cli.main(["convert", str(src), str(tmp_path / "o.pdf")]) == 2
    from app.io.files import read_document

    for suffix in (".json", ".xlsx"):
        back, _ = read_document(tmp_path / f"o{suffix}")
        assert back.texts["text.other"].startswith("\ufffd半个表情\ufffd")
        assert back.agency.startswith("\ufffd")
    err = capsys.readouterr().err
    assert "U+FFFD" in err and "Traceback" not in err
