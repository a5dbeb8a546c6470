"""convert to the final formats: checked first; --force and --draft; .docx and .html."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from app.cli import main
from app.io.jsonfile import read_json, write_json
from app.resources import sample_path


@pytest.fixture
def unbalanced(tmp_path: Path) -> Path:
    doc = read_json(sample_path())
    doc.set("t3.new.natural", 14)  # 表三 no longer balances
    path = tmp_path / "错的.json"
    write_json(doc, path)
    return path


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html"])
def test_report_with_errors_is_not_exported(
    unbalanced: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = unbalanced.with_suffix(suffix)
    assert main(["convert", str(unbalanced), str(out)]) == 1
    err = capsys.readouterr().err
    assert "自然人" in err and "未导出" in err and "--force" in err
    assert not out.exists()


def test_force_exports_without_mark(unbalanced: Path) -> None:
    out = unbalanced.with_suffix(".docx")
    assert main(["convert", str(unbalanced), str(out), "--force"]) == 0
    word = docx.Document(io.BytesIO(out.read_bytes()))
    assert "草稿" not in word.sections[0].header.paragraphs[0].text


def test_draft_exports_with_mark(unbalanced: Path) -> None:
    out = unbalanced.with_suffix(".html")
    assert main(["convert", str(unbalanced), str(out), "--draft"]) == 0
    assert "草稿（未通过检查）" in out.read_text("utf-8")


def test_workbook_and_json_are_not_final(unbalanced: Path) -> None:
    assert main(["convert", str(unbalanced), str(unbalanced.with_suffix(".xlsx"))]) == 0


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_sample_converts(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"报告{suffix}"
    assert main(["convert", str(sample_path()), str(out)]) == 0
    assert out.stat().st_size > 1000
    assert capsys.readouterr().err == ""
