"""The fast XML reader of .xlsx packages sees exactly what openpyxl sees, and hands over
to openpyxl for what only openpyxl reads (shared formulas with no stored result)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from app.io import sheetgrid
from app.io.xlsx_read import read_bytes
from app.io.xlsx_safety import check_package

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PACKAGES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".xlsx", ".xlsm"))


def _snapshot(book: sheetgrid.Book) -> list[tuple[str, dict, dict, dict]]:  # type: ignore[type-arg]
    sheetgrid.fill_cached_values(book)
    return [(s.name, s.values, s.merges, s.formulas) for s in book.sheets]


@pytest.mark.parametrize("path", PACKAGES, ids=lambda p: p.name)
def test_native_reader_matches_openpyxl(path: Path) -> None:
    data = path.read_bytes()
    native = sheetgrid._from_package(check_package(data, path.name), data, path.name, False)
    reference = sheetgrid._from_openpyxl(data, path.name, False)
    try:
        assert _snapshot(native) == _snapshot(reference)
    finally:
        sheetgrid.close_book(reference)


def _with_shared_formulas(data: bytes) -> bytes:
    """f09 with its row totals J24:J31 turned into followers of a shared formula in J23."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = part.decode("utf-8")
                xml = xml.replace(
                    '<c r="J23"><f>SUM(D23:I23)</f>',
                    '<c r="J23"><f t="shared" ref="J23:J31" si="0">SUM(D23:I23)</f>',
                )
                xml, n = re.subn(
                    r'<c r="J(2[4-9]|3[01])"><f>SUM\(D\d+:I\d+\)</f>',
                    r'<c r="J\1"><f t="shared" si="0"/>',
                    xml,
                )
                assert n == 8
                part = xml.encode("utf-8")
            dst.writestr(info, part)
    return out.getvalue()


def test_shared_formulas_without_results_are_read_through_openpyxl(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = (FIXTURES / "f09_formulas_no_cache.xlsx").read_bytes()
    shared = _with_shared_formulas(original)
    calls = []
    real = sheetgrid._from_openpyxl
    monkeypatch.setattr(sheetgrid, "_from_openpyxl", lambda *a: calls.append(a[1]) or real(*a))
    doc, report = read_bytes(shared, "shared.xlsx")
    assert calls == ["shared.xlsx"]
    expected, expected_report = read_bytes(original, "shared.xlsx")
    assert doc.same_content(expected)
    assert doc.values["t3.new.natural"] == 120
    assert sorted(f.rule for f in report.findings) == sorted(
        f.rule for f in expected_report.findings
    )


def test_reading_a_typical_workbook_does_not_import_openpyxl(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from app.io.files import read_document\n"
        f"doc, _ = read_document(Path({str(FIXTURES / 'f01_one_sheet_offset.xlsx')!r}))\n"
        "print(doc.values['t3.new.total'], 'openpyxl' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.split()[1] == "False"
