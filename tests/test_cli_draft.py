"""``python -m app draft``: the standard sentences for review and scripts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.core.drafting import draft
from app.io.jsonfile import dumps, read_json
from app.resources import sample_path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = sample_path()


def test_draft_prints_both_sections_with_their_headings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", str(SAMPLE)]) == 0
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    assert out[0] == "一、总体情况"
    assert out[1].startswith("本年度，未制发、废止规章和行政规范性文件；作出行政处罚决定65件")
    assert out[2].startswith("本年度共收到政府信息公开申请13件，其中自然人13件。")
    assert out[3] == "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    assert out[5:7] == ["六、其他需要报告的事项", "本年度未收取信息处理费。"]
    assert "不一致" not in "\n".join(out)  # the sample's texts agree with its tables
    assert captured.err == ""  # every cell filled: no note


def test_draft_one_section_prints_only_its_sentences(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", str(SAMPLE), "--section", "overview"]) == 0
    out = capsys.readouterr().out
    assert out == draft(read_json(SAMPLE), "text.overview") + "\n"
    assert (
        main(["draft", str(SAMPLE), "--section", "other", "--fee-yuan", "200", "--fee-count", "2"])
        == 0
    )
    assert capsys.readouterr().out == "本年度共收取信息处理费200元，涉及政府信息公开申请2件。\n"


def test_draft_lists_the_figures_the_tables_no_longer_support(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = read_json(SAMPLE)
    doc.set("t3.new.natural", 14)
    doc.set("t3.granted.natural", 4)
    doc.set("t4.review.pending", None)
    path = tmp_path / "changed.json"
    path.write_text(dumps(doc), encoding="utf-8")
    assert main(["draft", str(path)]) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert captured.err == "注意：表格中还有 1 个单元格未填写，以下表述按 0 计算。\n"
    assert (
        "「一、总体情况」「本年度共受理政府信息公开申请 13 件」→「本年度共受理政府信息公开申请 14 件」"
        in out
    )


def test_draft_says_what_is_wrong_in_one_chinese_line() -> None:
    for args, said in (
        (["draft", "no-such-file.xlsx"], "找不到文件"),
        (["draft", str(SAMPLE), "--fee-yuan", "二百"], "「二百」不是金额"),
        (["draft", str(SAMPLE), "--fee-count", "两件"], "「两件」不是件数"),
    ):
        out = subprocess.run(
            [sys.executable, "-m", "app", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == 2
        assert said in out.stderr and "Traceback" not in out.stderr
