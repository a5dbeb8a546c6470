"""Merged cells are bounded like unpacked bytes: a small file with thousands of large merges
is refused at once, instead of costing seconds and gigabytes."""

from __future__ import annotations

import io
import re
import resource
import time
import zipfile
from pathlib import Path

import pytest

import app.io.sheetgrid as grid
from app.io.errors import ReadError
from app.io.xlsx_read import read_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BASE = FIXTURES / "f01_one_sheet_offset.xlsx"


def with_merges(count: int, size: int) -> bytes:
    """The fixture with ``count`` extra merges of ``size``×``size`` cells, side by side."""
    refs = []
    for i in range(count):
        r0 = 200 + (i // 50) * size
        c0 = (i % 50) * size
        refs.append(
            f'<mergeCell ref="{grid.a1((r0, c0))}:{grid.a1((r0 + size - 1, c0 + size - 1))}"/>'
        )
    out = io.BytesIO()
    with zipfile.ZipFile(BASE) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"<mergeCells count=\"(\d+)\">",
                    lambda m: f'<mergeCells count="{int(m.group(1)) + count}">' + "".join(refs),
                    text,
                )
                data = text.encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize("count,size", [(3_000, 100), (30_000, 2), (60, 40)])
def test_many_or_large_merges_are_refused_cheaply(count: int, size: int) -> None:
    data = with_merges(count, size)
    assert len(data) < 400_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(ReadError, match="合并单元格过多"):
        read_bytes(data, "merges.xlsx")
    assert time.perf_counter() - start < 5  # it took 28 s (and 5 GB) before
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 200


def test_an_ordinary_report_is_far_below_the_limits() -> None:
    read_bytes(with_merges(20, 3), "ok.xlsx")  # a few more merges than usual: still read


@pytest.mark.parametrize("name", ["f04_legacy.xls", "f01_one_sheet_offset.xlsx"])
def test_the_limit_holds_for_every_reader(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grid, "MAX_MERGES", 10)
    with pytest.raises(ReadError, match="合并单元格过多"):
        read_bytes((FIXTURES / name).read_bytes(), name)
    monkeypatch.setattr(grid, "MAX_MERGES", 2_000)
    monkeypatch.setattr(grid, "MAX_MERGED_CELLS", 50)
    with pytest.raises(ReadError, match="合并单元格过多"):
        read_bytes((FIXTURES / name).read_bytes(), name)
