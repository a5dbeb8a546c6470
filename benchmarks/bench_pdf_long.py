"""Benchmark: PDF of a report whose 「六、其他需要报告的事项」 is one long paragraph.

Run from the repository root: ``python benchmarks/bench_pdf_long.py [--runs N]``.
For 2,000, 20,000 and 50,000 characters it prints the median time (N runs, default 3, in
this process, fonts loaded once) and the ratio to the baseline measured in the same run:
the sample report's PDF. Linear layout means the 50,000-character PDF costs about 25 times
the 2,000-character one's extra time, not 600 times; the target is about a second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.io.jsonfile import read_json
from app.io.pdf import render_pdf
from app.resources import sample_path


def timed(doc: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        render_pdf(doc)  # type: ignore[arg-type]
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    runs = ap.parse_args().runs
    sample = read_json(sample_path())
    render_pdf(sample)  # fonts loaded, reportlab imported
    base = timed(sample, runs)
    print(f"baseline (sample report): {base * 1000:.0f} ms")
    para = sample.texts["text.overview"].replace("\n", "")
    for chars in (2_000, 20_000, 50_000):
        doc = read_json(sample_path())
        doc.texts["text.other"] = (para * (chars // len(para) + 1))[:chars]
        t = timed(doc, runs)
        print(f"{chars:>6} characters: {t * 1000:.0f} ms, {t / base:.1f} × baseline")


if __name__ == "__main__":
    main()
