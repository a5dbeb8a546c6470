"""Bad and hostile files: a one-line Chinese ReadError, never a traceback or a hang; and a
fuzz test feeding hundreds of mutated workbooks to the reader."""

from __future__ import annotations

import io
import random
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from build_xlsx_fixtures import HERE, HOSTILE, HOSTILE_FILES  # type: ignore[import-not-found]
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.io.errors import ReadError
from app.io.files import read_document
from app.io.xlsx_read import read_bytes

BASE = HERE / "f01_one_sheet_offset.xlsx"
XLS = HERE / "f04_legacy.xls"
EXPECTED_WORDS = {
    "zipbomb.xlsx": "解压后过大",
    "billion_laughs.xlsx": "不安全的 XML",
    "xxe.xlsx": "不安全的 XML",
    "encrypted.xlsx": "密码",
    "truncated.xlsx": "损坏",
    "text_renamed.xlsx": "不是 Excel",
    "empty.xlsx": "空文件",
    "html_renamed.xls": "网页",
    "word_renamed.xlsx": "Word",
    "garbage.xls": "损坏",
}


def is_chinese_one_liner(message: str) -> bool:
    return "\n" not in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_hostile_file_is_refused_with_a_clear_message(name: str) -> None:
    start = time.perf_counter()
    with pytest.raises(ReadError) as info:
        read_document(HOSTILE / name)
    assert time.perf_counter() - start < 5
    message = str(info.value)
    assert is_chinese_one_liner(message)
    assert EXPECTED_WORDS[name] in message
    assert "Traceback" not in message


def test_hostile_files_are_small() -> None:
    assert all((HOSTILE / n).stat().st_size < 100_000 for n in HOSTILE_FILES)


def test_openpyxl_parses_with_defusedxml() -> None:
    """The second line of defence: openpyxl itself refuses entity declarations."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
    with pytest.raises(Exception) as info:
        openpyxl.load_workbook(HOSTILE / "xxe.xlsx")
    chain: list[BaseException] = []
    exc: BaseException | None = info.value
    while exc is not None:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    assert any(type(e).__module__.startswith("defusedxml") for e in chain)


def test_a_spreadsheet_without_any_report_table_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "工资表"
    wb.active["B2"] = 3000
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(ReadError, match="没有找到"):
        read_document(tmp_path / "other.xlsx")


def _mutations(data: bytes, n: int, seed: int) -> list[bytes]:
    rnd = random.Random(seed)
    out: list[bytes] = []
    for i in range(n):
        b = bytearray(data)
        kind = i % 3
        if kind == 0:  # flip a few bytes
            for _ in range(rnd.randint(1, 8)):
                pos = rnd.randrange(len(b))
                b[pos] = rnd.randrange(256)
        elif kind == 1:  # truncate
            b = b[: rnd.randrange(1, len(b))]
        else:  # overwrite a run with garbage
            pos = rnd.randrange(len(b))
            b[pos : pos + 64] = bytes(rnd.randrange(256) for _ in range(64))
        out.append(bytes(b))
    return out


def _read_or_refuse(data: bytes, name: str) -> str:
    try:
        read_bytes(data, name)
    except ReadError as exc:
        assert is_chinese_one_liner(str(exc)), str(exc)
        return "refused"
    return "read"


def _xml_mutations(data: bytes, n: int, seed: int) -> list[bytes]:
    """Mutate the unpacked XML parts and re-zip them, so the mutations reach the parsers."""
    rnd = random.Random(seed)
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {i.filename: src.read(i) for i in src.infolist()}
    xml_names = [k for k in parts if k.endswith(".xml")]
    out: list[bytes] = []
    for _ in range(n):
        name = rnd.choice(xml_names)
        body = bytearray(parts[name])
        for _ in range(rnd.randint(1, 6)):
            pos = rnd.randrange(len(body))
            body[pos] = rnd.choice(b'<>/="&;abcAZ09 \x00\xff')
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for k, v in parts.items():
                z.writestr(k, bytes(body) if k == name else v)
        out.append(buf.getvalue())
    return out


def test_fuzz_mutated_xlsx_and_xls() -> None:
    start = time.perf_counter()
    outcomes: dict[str, int] = {}
    batches = (
        (_mutations(BASE.read_bytes(), 200, seed=1), "fuzz.xlsx"),
        (_xml_mutations(BASE.read_bytes(), 150, seed=3), "fuzz.xlsx"),
        (_mutations(XLS.read_bytes(), 120, seed=2), "fuzz.xls"),
    )
    for datas, name in batches:
        for data in datas:
            r = _read_or_refuse(data, name)
            outcomes[r] = outcomes.get(r, 0) + 1
    assert sum(outcomes.values()) == 470
    assert outcomes.get("refused", 0) > 0 and outcomes.get("read", 0) > 0
    assert time.perf_counter() - start < 20


def _cells(path: Path) -> list[tuple[str, str]]:
    wb = openpyxl.load_workbook(path)
    return [
        (ws.title, c.coordinate)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None and not isinstance(c, openpyxl.cell.cell.MergedCell)
    ]


CELLS = _cells(BASE)
CONTENT = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=8),
    st.text(max_size=30),
    st.sampled_from(["—", "无", "=SUM(A1:A3)", "=1/0", "=A1", "=VLOOKUP(1,A:B,2)", "12件", "１２"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(CELLS), CONTENT), min_size=1, max_size=25))
def test_fuzz_mutated_cell_contents(changes: list[tuple[tuple[str, str], object]]) -> None:
    wb = openpyxl.load_workbook(BASE)
    for (sheet, coord), value in changes:
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch >= " " or ch in "\n\t")
        if isinstance(value, Decimal):
            value = float(value)
        wb[sheet][coord].value = value
    buf = io.BytesIO()
    wb.save(buf)
    _read_or_refuse(buf.getvalue(), "cells.xlsx")


def test_too_many_cells_is_refused_not_ground_through(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.io.sheetgrid as grid

    monkeypatch.setattr(grid, "MAX_CELLS", 50)
    with pytest.raises(ReadError, match="单元格过多"):
        read_bytes(BASE.read_bytes(), "many.xlsx")
    with pytest.raises(ReadError, match="单元格过多"):
        read_bytes(XLS.read_bytes(), "many.xls")


def test_zip_ratio_check_rejects_a_highly_compressed_part(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.io.xlsx_safety as safety

    monkeypatch.setattr(safety, "RATIO_MIN_BYTES", 100)
    monkeypatch.setattr(safety, "MAX_RATIO", 2)
    with pytest.raises(ReadError, match="压缩比异常"):
        read_bytes(BASE.read_bytes(), "ratio.xlsx")
