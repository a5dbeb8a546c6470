"""The timing the benchmarks share (imported by the scripts, whose folder is on sys.path)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], runs: int, warm_up: bool = True) -> float:
    """Median wall time of ``runs`` calls of ``fn`` in milliseconds; with ``warm_up``, one
    uncounted call first (imports, caches)."""
    if warm_up:
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000
