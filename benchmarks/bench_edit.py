"""One cell edit → recalculation + every rule (DESIGN §7: median ≤ 0.5 ms, pure Python).

Prints the median, its ratio to the budget and to a baseline measured in the same run
(copying the document's value mapping: the cheapest honest "touch every cell" operation).
Run: python benchmarks/bench_edit.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.rules import check
from app.io.jsonfile import read_json
from app.resources import sample_path

BUDGET_MS = 0.5
RUNS = 3000
SAMPLE = sample_path()


def _median_ms(fn, runs: int = RUNS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    doc = read_json(SAMPLE)
    doc.last_year.texts["text.problems"] = doc.texts["text.problems"]  # exercise every text rule
    keys = [
        "t3.granted.natural",
        "t3.withheld.third_party.legal",
        "t4.review.pending",
        "t2.penalty.decisions",
    ]
    check(doc)  # warm the text caches, as the window does on opening

    def edit(i: int) -> None:
        doc.set(keys[i % len(keys)], i % 7)
        check(doc)

    def baseline(i: int) -> None:
        dict(doc.values)

    text = doc.texts["text.overview"]

    def typed(i: int) -> None:  # one more character in 一: every text rule reads it afresh
        doc.texts["text.overview"] = text + "字" * (i % 500 + 1)
        check(doc)

    typing = _median_ms(typed, 500)
    doc.texts["text.overview"] = text
    check(doc)
    base = _median_ms(baseline)
    median = _median_ms(edit)
    print(f"one character typed in 一 ({len(text)} characters) + all rules: median {typing:.3f} ms")
    print(f"edit + recompute + all rules: median {median:.3f} ms over {RUNS} runs")
    print(f"  ratio to budget ({BUDGET_MS} ms): {median / BUDGET_MS:.2f}")
    print(f"  baseline (copy of all cell values): median {base:.4f} ms; ratio {median / base:.1f}x")
    sys.exit(0 if median <= BUDGET_MS else 1)


if __name__ == "__main__":
    main()
