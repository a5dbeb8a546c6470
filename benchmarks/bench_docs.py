"""Reading the report from documents (DESIGN §7: a .docx ≤ 150 ms, a PDF ≤ 500 ms).

For each source (the Word template filled in, the four-page PDF LibreOffice made of the
公文-sized Word file, an .ods) prints two medians: cold, in a fresh interpreter, from the
first import to the document (what opening a file right after start costs), and warm, in
this process. Baseline, measured the same way in the same run: reading the spreadsheet
fixture 1 (the same three tables pasted into a sheet) with the program's Excel reader.
Run: python benchmarks/bench_docs.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures"

from timing import median_ms  # noqa: E402

RUNS = 20
COLD_RUNS = 7
SOURCES = {
    "docx": ("d01_template_filled.docx", "app.io.source_docx", 150.0),
    "pdf": ("p03_official_layout.pdf", "app.io.source_pdf", 500.0),
    "ods": ("o02_template_text.ods", "app.io.source_ods", 150.0),
}
BASELINE = "f01_one_sheet_offset.xlsx"

COLD = """
import time
t0 = time.perf_counter()
from pathlib import Path
name = {name!r}
data = Path({path!r}).read_bytes()
if {module!r}:
    import importlib
    from app.io.recognise import recognise
    book = importlib.import_module({module!r}).load(data, name)
    recognise(book, name)
else:
    from app.io.xlsx_read import read_bytes
    read_bytes(data, name)
print(time.perf_counter() - t0)
"""


def cold_ms(name: str, module: str) -> float:
    code = COLD.format(name=name, path=str(FIXTURES / name), module=module)
    times = []
    for _ in range(COLD_RUNS):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip()))
    return statistics.median(times) * 1000


def main() -> None:
    import importlib

    from app.io.recognise import recognise
    from app.io.xlsx_read import read_bytes

    base_data = (FIXTURES / BASELINE).read_bytes()
    base_cold = cold_ms(BASELINE, "")
    base_warm = median_ms(lambda: read_bytes(base_data, BASELINE), RUNS)
    print(f"cold runs {COLD_RUNS}, warm runs {RUNS} (medians)")
    print(f"baseline xlsx ({BASELINE}): cold {base_cold:6.1f} ms, warm {base_warm:6.1f} ms")
    for kind, (name, module, budget) in SOURCES.items():
        load = importlib.import_module(module).load
        data = (FIXTURES / name).read_bytes()
        cold = cold_ms(name, module)
        warm = median_ms(
            lambda load=load, data=data, name=name: recognise(load(data, name), name), RUNS
        )
        print(
            f"{kind:4} ({name}): cold {cold:6.1f} ms ({cold / budget:4.2f} of {budget:.0f} ms, "
            f"{cold / base_cold:4.2f} × xlsx), warm {warm:6.1f} ms ({warm / base_warm:4.2f} × xlsx)"
        )


if __name__ == "__main__":
    main()
