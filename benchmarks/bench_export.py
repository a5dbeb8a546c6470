"""Benchmark: the sample report as Word (.docx ≤ 300 ms) and web page (.html ≤ 50 ms), DESIGN §7.

Run from the repository root: ``python benchmarks/bench_export.py [--runs N]``.

Figures, each the median of N runs (default 11):
- .docx cold: a fresh Python process per run, from before python-docx is imported to the
  file's bytes (import + layout + document); warm: the same in one process, after the first;
- baseline .docx, measured in the same run the same way: a fresh process importing
  python-docx and saving an empty document with one paragraph;
- .html warm (layout + page), and its baseline: the same document serialised as JSON.
It prints the ratios to the budgets and to the baselines, and the files' sizes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "kejing-town-2023.json"
DOCX_BUDGET_MS, HTML_BUDGET_MS = 300.0, 50.0

REPORT = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from app.io.jsonfile import read_json
doc = read_json(Path({sample!r}))
t0 = time.perf_counter()
from app.io.docx_write import docx_bytes
data = docx_bytes(doc)
print(json.dumps({{"t": time.perf_counter() - t0, "bytes": len(data)}}))
"""

BASELINE = """
import io, json, time
t0 = time.perf_counter()
import docx
d = docx.Document()
d.add_paragraph("克井镇人民政府2023年政府信息公开工作年度报告")
buf = io.BytesIO()
d.save(buf)
print(json.dumps({{"t": time.perf_counter() - t0}}))
"""


def fresh(code: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def warm(fn: object, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    runs = max(5, parser.parse_args().runs)

    cold, base = [], []
    size = 0
    for _ in range(runs):
        r = fresh(REPORT.format(root=str(ROOT), sample=str(SAMPLE)))
        cold.append(r["t"])
        size = int(r["bytes"])
        base.append(fresh(BASELINE.format())["t"])

    sys.path.insert(0, str(ROOT))
    from app.io.docx_write import docx_bytes
    from app.io.html_write import html_text
    from app.io.jsonfile import dumps, read_json

    doc = read_json(SAMPLE)
    docx_bytes(doc)
    docx_warm = warm(lambda: docx_bytes(doc), runs)
    html_warm = warm(lambda: html_text(doc), runs * 5)
    json_warm = warm(lambda: dumps(doc), runs * 5)
    html_size = len(html_text(doc).encode("utf-8"))

    c, b, w = median_ms(cold), median_ms(base), median_ms(docx_warm)
    h, j = median_ms(html_warm), median_ms(json_warm)
    print(f"Export of the sample report, median of {runs} runs ({runs * 5} for .html)")
    print(f"  .docx cold (fresh process: python-docx import + layout + file): {c:7.1f} ms")
    print(f"  .docx warm (same process):                                      {w:7.1f} ms")
    print(f"  baseline .docx (fresh process: one-paragraph document):         {b:7.1f} ms")
    print(f"  .html (layout + page):                                          {h:7.2f} ms")
    print(f"  baseline .html (the same document as JSON):                     {j:7.2f} ms")
    print(f"  sizes: .docx {size / 1024:.1f} KB, .html {html_size / 1024:.1f} KB")
    print(f"ratio to budget {DOCX_BUDGET_MS:.0f} ms (.docx cold): {c / DOCX_BUDGET_MS:.2f}")
    print(f"ratio to budget {HTML_BUDGET_MS:.0f} ms (.html):       {h / HTML_BUDGET_MS:.2f}")
    print(f"ratio .docx cold / baseline:          {c / b:.2f}")
    print(f"ratio .html / baseline:               {h / j:.2f}")


if __name__ == "__main__":
    main()
