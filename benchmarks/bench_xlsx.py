"""Excel import and export (DESIGN §7: import of a typical report ≤ 150 ms, export ≤ 200 ms).

Reads fixture 1 (the official tables pasted on one sheet at an offset, with texts) and our
own workbook of the sample, writes the sample, and prints the medians over RUNS runs with
their ratio to the budget and to a baseline measured in the same run: openpyxl's own
``load_workbook`` of the same file (what any reader has to pay) and openpyxl saving an
empty workbook. Also the supervising office's batch check (read + rules) over all the
spreadsheet fixtures, in files per second. Run: python benchmarks/bench_xlsx.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import median_ms  # noqa: E402

from app.io.jsonfile import read_json  # noqa: E402
from app.resources import sample_path  # noqa: E402

RUNS = 30
READ_BUDGET_MS = 150.0
WRITE_BUDGET_MS = 200.0
FIXTURE = ROOT / "tests" / "fixtures" / "f01_one_sheet_offset.xlsx"
SAMPLE = sample_path()


def main() -> None:
    import openpyxl

    from app.io.xlsx_read import read_workbook
    from app.io.xlsx_write import workbook_bytes

    doc = read_json(SAMPLE)
    own = io.BytesIO(workbook_bytes(doc))
    own_path = ROOT / "benchmarks" / ".bench_own.xlsx"
    own_path.write_bytes(own.getvalue())
    try:
        read_f01 = median_ms(lambda: read_workbook(FIXTURE), RUNS)
        base_f01 = median_ms(lambda: openpyxl.load_workbook(FIXTURE), RUNS)
        read_own = median_ms(lambda: read_workbook(own_path), RUNS)
        base_own = median_ms(lambda: openpyxl.load_workbook(own_path), RUNS)
    finally:
        own_path.unlink(missing_ok=True)
    write = median_ms(lambda: workbook_bytes(doc), RUNS)

    def empty_save() -> None:
        openpyxl.Workbook().save(io.BytesIO())

    base_write = median_ms(empty_save, RUNS)

    # batch check (DESIGN §7: ≥ 20 report files per second per core): read + rules, all fixtures
    from app.core.rules import check

    files = sorted((ROOT / "tests" / "fixtures").glob("f*.xls*"))

    def batch() -> None:
        for f in files:
            check(read_workbook(f)[0])

    batch_ms = median_ms(batch, 5)
    per_second = len(files) / (batch_ms / 1000)
    print(f"runs per figure: {RUNS} (median)")
    print(
        f"read fixture 1 (pasted tables):  {read_f01:7.1f} ms  budget {READ_BUDGET_MS:.0f} ms"
        f"  ratio {read_f01 / READ_BUDGET_MS:.2f}  vs openpyxl load_workbook {base_f01:.1f} ms"
        f"  ratio {read_f01 / base_f01:.2f}"
    )
    print(
        f"read own workbook (sample):      {read_own:7.1f} ms  budget {READ_BUDGET_MS:.0f} ms"
        f"  ratio {read_own / READ_BUDGET_MS:.2f}  vs openpyxl load_workbook {base_own:.1f} ms"
        f"  ratio {read_own / base_own:.2f}"
    )
    print(
        f"write sample workbook:           {write:7.1f} ms  budget {WRITE_BUDGET_MS:.0f} ms"
        f"  ratio {write / WRITE_BUDGET_MS:.2f}  vs openpyxl saving an empty workbook"
        f" {base_write:.1f} ms  ratio {write / base_write:.2f}"
    )
    print(
        f"batch check of {len(files)} fixture files: {per_second:5.1f} files/s (one core)"
        f"  budget ≥ 20 files/s  ratio {per_second / 20:.2f}"
    )


if __name__ == "__main__":
    main()
