"""The supervising office's command line: ``check FOLDER --xlsx`` and ``sum``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from batchfolder import YEAR, Folder, make_reports

from app.cli import main
from app.form import FORM
from app.io.jsonfile import read_json

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_check_folder_writes_the_workbook_and_keeps_exit_codes(
    batch_folder: Folder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "结果.xlsx"
    code, stdout, stderr = run(capsys, "check", str(batch_folder.path), "--xlsx", str(out))
    assert code == 2  # a file cannot be read
    assert f"{batch_folder.unreadable}：" in stderr
    assert "共检查 8 个文件：" in stdout and "1 个无法读取" in stdout
    assert "同一机关「第1镇人民政府」还有一份报告：第1镇（修改稿）.json" in stdout
    assert "报告年度为 2022 年，本批其他报告多为 2023 年" in stdout
    assert f"检查结果已写入 {out}" in stdout
    wb = openpyxl.load_workbook(out)
    assert wb["汇总"].max_row == 9

    good = tmp_path / "good"
    good.mkdir()
    make_reports(good, 3)
    assert run(capsys, "check", str(good))[0] == 0
    code, stdout, _ = run(capsys, "check", str(good), "--json")
    assert code == 0 and [r["findings"] for r in json.loads(stdout)] == [[], [], []]
    (good / "坏.json").write_text("{", encoding="utf-8")
    code, stdout, _ = run(capsys, "check", str(good), "--json")
    assert code == 2 and json.loads(stdout)[-1]["error"].startswith("JSON 格式错误")
    code, _, stderr = run(
        capsys, "check", str(good), "--xlsx", str(tmp_path / "无此文件夹" / "x.xlsx")
    )
    assert code == 2 and "无法保存" in stderr


def test_sum_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "towns"
    folder.mkdir()
    files = make_reports(folder, 5)
    out = tmp_path / "全县.json"
    code, stdout, stderr = run(capsys, "sum", str(folder), "-o", str(out), "--agency", "某某县")
    assert code == 0, stderr
    assert f"已汇总 5 份 {YEAR} 年度报告" in stdout
    doc = read_json(out)
    docs = [read_json(f) for f in files]
    assert doc.agency == "某某县" and doc.year == YEAR
    for key in FORM.input_keys:
        assert doc.values[key] == sum(d.number(key) for d in docs), key
    assert [i.file for i in doc.included] == [f.name for f in files]


def test_sum_refuses_with_one_sentence(
    batch_folder: Folder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sum.json"
    code, _, stderr = run(capsys, "sum", str(batch_folder.path), "-o", str(out))
    assert code == 2 and "无法读取" in stderr and not out.exists()
    batch_folder.unreadable.unlink()
    code, _, stderr = run(capsys, "sum", str(batch_folder.path), "-o", str(out))
    assert code == 2
    assert stderr.strip().splitlines()[-1] == (
        "无法汇总：报告年度不一致（2022 年 1 份、2023 年 6 份），请指定要汇总的年度（用 --year 指定）"
    )
    code, _, stderr = run(capsys, "sum", str(batch_folder.path), "-o", str(out), "--year", "2023")
    assert code == 2 and "同一机关「第1镇人民政府」有两份报告" in stderr
    batch_folder.duplicate.unlink()
    code, _, stderr = run(capsys, "sum", str(batch_folder.path), "-o", str(out), "--year", "2023")
    assert code == 2 and f"1 份报告有错误（{batch_folder.workbook.name}）" in stderr
    assert "--include-errors" in stderr
    code, stdout, stderr = run(
        capsys, "sum", str(batch_folder.path), "-o", str(out), "--year", "2023", "--include-errors"
    )
    assert code == 0, stderr
    assert f"未汇总（年度为 2022）：{batch_folder.other_year.name}" in stdout
    assert f"注意：已汇总有错误的报告 {batch_folder.workbook.name}" in stdout
    assert len(read_json(out).included) == 5


def test_sum_with_parent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "county"
    folder.mkdir()
    files = make_reports(folder, 4)
    parent = files[0]
    out = tmp_path / "sum.xlsx"
    code, stdout, stderr = run(capsys, "sum", str(folder), "-o", str(out), "--parent", str(parent))
    assert code == 0, stderr
    assert "已汇总 3 份" in stdout  # the parent is not part of its own sum
    assert f"本级报告「{parent.name}」与下级报告合计不一致之处" in stdout
    assert "警告：表三「一、本年新收政府信息公开申请数量」行「总计」列：本级报告 " in stdout
    assert "附：汇总范围" in openpyxl.load_workbook(out).sheetnames


def test_sum_in_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"not a workbook")
    p = subprocess.run(
        [sys.executable, "-m", "app", "sum", str(bad), "-o", str(tmp_path / "o.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 2 and "Traceback" not in p.stderr and "坏.xlsx" in p.stderr


def test_a_batch_is_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.io import batch

    monkeypatch.setattr(batch, "MAX_BATCH_FILES", 2)
    make_reports(tmp_path, 3)
    for command in (
        ["check", str(tmp_path)],
        ["sum", str(tmp_path), "-o", str(tmp_path / "o.json")],
    ):
        code, _, stderr = run(capsys, *command)
        assert code == 2
        assert stderr == "一次最多处理 2 个文件，所选位置有 3 个，请分批处理。\n"


def test_a_wrong_year_is_refused_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["sum", "x", "-o", "y.json", "--year", "20x3"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.endswith("错误：参数 --year：「20x3」不是年度\n")
