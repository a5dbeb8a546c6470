"""The command line with spreadsheets: convert both ways, start next year's report from last
year's .xlsx, .xls or 2019-format file, check with the import report merged, exit codes 0/1/2."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from build_xlsx_fixtures import FIXTURES, HERE, HOSTILE  # type: ignore[import-not-found]

from app.cli import main
from app.io.jsonfile import read_json
from app.io.xlsx_read import read_workbook
from app.resources import sample_path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = sample_path()
COLS = ("natural", "commercial", "research", "social", "legal", "other_org")


def test_convert_json_to_xlsx_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = tmp_path / "r.xlsx"
    back = tmp_path / "back.json"
    assert main(["convert", str(SAMPLE), str(xlsx)]) == 0
    assert main(["convert", str(xlsx), str(back)]) == 0
    assert read_json(back).same_content(read_json(SAMPLE))
    assert "已写入" in capsys.readouterr().out


@pytest.mark.parametrize(
    "name", ["f01_one_sheet_offset.xlsx", "f04_legacy.xls", "f05_format2019.xlsx"]
)
def test_new_from_last_years_spreadsheet(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fx = FIXTURES[name]
    out = tmp_path / "new.json"
    assert main(["new", "--from", str(HERE / name), str(out)]) == 0
    doc = read_json(out)
    assert doc.agency == fx.agency and doc.year == fx.year + 1
    for col in COLS:
        assert doc.values[f"t3.carried.{col}"] == fx.values[f"t3.carry_forward.{col}"]
    assert doc.last_year.year == fx.year
    assert doc.last_year.values["t3.new.natural"] == fx.values["t3.new.natural"]
    printed = capsys.readouterr().out
    assert f"读取文件：{name}" in printed and "位置：表三" in printed
    if fx.format == "2019":
        assert "2019 年格式" in printed


def test_new_from_writes_an_xlsx_that_keeps_last_year(tmp_path: Path) -> None:
    out = tmp_path / "new.xlsx"
    assert main(["new", "--from", str(HERE / "f04_legacy.xls"), str(out)]) == 0
    doc, report = read_workbook(out)
    assert report.format == "own"
    fee = FIXTURES["f04_legacy.xls"].values["t2.fees.amount"]
    assert doc.last_year.values["t2.fees.amount"] == fee == Decimal("4166.241619")
    assert doc.values["t2.fees.amount"] is None  # this year's figures start blank


def test_check_merges_the_import_report(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(HERE / "f07_wrong_totals.xlsx"), "--json"])
    findings = json.loads(capsys.readouterr().out)
    wrong = [f for f in findings if f["rule"] == "import.wrong_total"]
    assert {tuple(f["keys"]) for f in wrong} >= {("t3.new.total",), ("t4.review.total",)}
    assert code == 1  # the texts 一 and 五 are missing: errors of the rules


def test_check_a_clean_spreadsheet_exits_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx = tmp_path / "sample.xlsx"
    assert main(["convert", str(SAMPLE), str(xlsx)]) == 0
    assert main(["check", str(xlsx)]) == 0
    assert "未发现问题" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["encrypted.xlsx", "zipbomb.xlsx", "text_renamed.xlsx"])
def test_unreadable_files_exit_two_with_one_line(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "--from", str(HOSTILE / name), str(tmp_path / "x.json")]) == 2
    assert main(["check", str(HOSTILE / name)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(name in line for line in err)
    assert not (tmp_path / "x.json").exists()
