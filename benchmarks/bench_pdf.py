"""Benchmark: the sample report's PDF against the DESIGN §7 budgets (≤ 400 ms, ≤ 300 KB).

Run from the repository root: ``python benchmarks/bench_pdf.py [--runs N]``.

Figures, each the median of N runs (default 11):
- cold: a fresh Python process per run, timing from before reportlab is imported to the
  PDF's bytes: reportlab import + font loading + layout (what the first 打印预览 costs);
- cold, reportlab already imported: font loading + layout in a fresh process;
- warm: fonts cached, layout only (every later preview in the same session);
- baseline, measured in the same run the same way: a one-page reportlab PDF with one
  paragraph in the same body font (cold, fresh process).
It prints the file size, the ratios to the budgets and to the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "kejing-town-2023.json"
BUDGET_MS = 400.0
BUDGET_KB = 300.0

REPORT = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from app.io.jsonfile import read_json
doc = read_json(Path({sample!r}))
t0 = time.perf_counter()
if {preimport}:
    import reportlab.platypus  # noqa: F401
t1 = time.perf_counter()
from app.io.pdf import render_pdf
data = render_pdf(doc)
t2 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "pdf": t2 - t1, "bytes": len(data)}}))
"""

BASELINE = """
import io, json, sys, time
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate
from app.io.pdf_fonts import load_fonts
fonts = load_fonts()  # the same body font file the report uses, loaded the same way
style = ParagraphStyle("p", fontName=fonts.name("body"), fontSize=16, leading=29, wordWrap="CJK")
buf = io.BytesIO()
SimpleDocTemplate(buf, pagesize=A4).build(
    [Paragraph("克井镇人民政府2023年政府信息公开工作年度报告。" * 4, style)]
)
t1 = time.perf_counter()
print(json.dumps({{"pdf": t1 - t0, "bytes": len(buf.getvalue())}}))
"""


def fresh(code: str) -> dict[str, float]:
    env = dict(os.environ)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    runs = max(10, parser.parse_args().runs)

    cold, cold_pre, base = [], [], []
    size = 0
    for _ in range(runs):
        r = fresh(REPORT.format(root=str(ROOT), sample=str(SAMPLE), preimport=False))
        cold.append(r["import"] + r["pdf"])
        size = int(r["bytes"])
        r = fresh(REPORT.format(root=str(ROOT), sample=str(SAMPLE), preimport=True))
        cold_pre.append(r["pdf"])
        base.append(fresh(BASELINE.format(root=str(ROOT)))["pdf"])

    sys.path.insert(0, str(ROOT))
    from app.io.jsonfile import read_json
    from app.io.pdf import render_pdf
    from app.io.pdf_fonts import load_fonts

    doc = read_json(SAMPLE)
    load_fonts()
    render_pdf(doc)
    warm = []
    for _ in range(runs):
        t = time.perf_counter()
        render_pdf(doc)
        warm.append(time.perf_counter() - t)

    c, cp, w, b = median_ms(cold), median_ms(cold_pre), median_ms(warm), median_ms(base)
    kb = size / 1024
    print(f"PDF of the sample report, median of {runs} runs")
    print(f"  cold (fresh process: reportlab import + fonts + layout): {c:7.1f} ms")
    print(f"  cold, reportlab already imported (fonts + layout):       {cp:7.1f} ms")
    print(f"  warm (fonts cached, layout only):                        {w:7.1f} ms")
    print(f"  baseline (fresh process: one-paragraph one-page PDF):    {b:7.1f} ms")
    print(f"  file size: {kb:.1f} KB")
    print(f"ratio to budget {BUDGET_MS:.0f} ms (cold, everything included): {c / BUDGET_MS:.2f}")
    print(f"ratio to budget {BUDGET_MS:.0f} ms (fonts + layout):            {cp / BUDGET_MS:.2f}")
    print(f"ratio to budget {BUDGET_KB:.0f} KB (file size):                 {kb / BUDGET_KB:.2f}")
    print(f"ratio cold report / cold baseline:                          {c / b:.2f}")


if __name__ == "__main__":
    main()
