"""Reading last year's report from every source through the one dispatch (DESIGN §7, §10):
a saved web page ≤ 150 ms, a .docx ≤ 150 ms, a PDF ≤ 500 ms.

For each source prints the median of RUNS reads of the file's bytes through
``app.io.sources.read_source`` (kind detection, the adapter, the recogniser), warm, in this
process, with its ratio to the budget and to the baseline measured in the same run: reading
spreadsheet fixture 1 (the same three tables pasted into a sheet) with the Excel reader.
For the web page it also prints the share the HTML parse alone takes. The first read of each
kind (imports of its libraries) is printed separately as "first".
Run: python benchmarks/bench_readers.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures"
SOURCES = FIXTURES / "sources"

RUNS = 25
BASELINE = FIXTURES / "f01_one_sheet_offset.xlsx"
CASES = [  # (label, file, budget in ms)
    ("html (GBK page with clutter)", SOURCES / "h01_cms_gbk.html", 150.0),
    ("txt (copied from the web)", SOURCES / "s01_published_copy.txt", 150.0),
    ("txt (extracted from a PDF)", SOURCES / "s02_pdf_text_pdfplumber.txt", 150.0),
    ("docx (template filled in)", FIXTURES / "d01_template_filled.docx", 150.0),
    ("pdf (official layout)", FIXTURES / "p03_official_layout.pdf", 500.0),
    ("pdf (tables without lines)", SOURCES / "p11_tables_without_lines.pdf", 500.0),
    ("ods", FIXTURES / "o02_template_text.ods", 150.0),
]


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    return statistics.median(timed(fn) for _ in range(runs))


def main() -> None:
    from app.io.source_html import decode, parse
    from app.io.sources import read_source

    base_data = BASELINE.read_bytes()
    first = timed(lambda: read_source(base_data, BASELINE.name))
    base = median_ms(lambda: read_source(base_data, BASELINE.name))
    print(f"runs {RUNS}, medians (warm); baseline xlsx {BASELINE.name}: {base:6.1f} ms")
    print(f"  {'xlsx (baseline)':32} first {first:6.1f} ms")
    failed = False
    for label, path, budget in CASES:
        if not path.exists():
            print(f"  {label:32} (fixture missing: {path.name})")
            continue
        data = path.read_bytes()
        try:
            first = timed(lambda data=data, path=path: read_source(data, path.name))
        except Exception as exc:  # an adapter not part of this build
            print(f"  {label:32} cannot be read here: {exc}")
            continue
        ms = median_ms(lambda data=data, path=path: read_source(data, path.name))
        failed |= ms > budget
        print(
            f"  {label:32} first {first:6.1f} ms, median {ms:6.1f} ms "
            f"({ms / budget:4.2f} of {budget:.0f} ms, {ms / base:4.2f} × xlsx)"
        )
        if path.suffix == ".html":
            text = decode(data)
            parse_ms = median_ms(lambda text=text, path=path: parse(text, path.name))
            print(f"  {'  of which HTML parse':32} median {parse_ms:6.1f} ms ({len(data)} bytes)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
