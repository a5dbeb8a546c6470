"""Benchmark: the cost of a recovery copy (DESIGN §8, issue 15) on the GUI thread and off it.

Run from the repository root: ``python benchmarks/bench_recovery.py [--runs N]``.
For the sample report and for the largest document app.core.limits allows it prints the
median (N runs, default 21) of
- GUI thread: the private copy of the document the window takes (``Document.copy``),
  against the 16 ms frame budget;
- background thread: encoding (``RecoveryStore.encode``) plus the atomic write with fsync
  (``RecoveryStore.write_bytes``), against a baseline measured in the same run: writing
  the same bytes with a plain ``open().write()`` (no temporary file, no fsync).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "io"))

from timing import median_ms

from app.core.document import Document
from app.io.jsonfile import read_json
from app.io.recovery import RecoveryStore
from app.resources import sample_path

FRAME_MS = 16.0


def measure(store: RecoveryStore, folder: Path, name: str, doc: Document, runs: int) -> None:
    data = store.encode("bench", doc, None, name)
    gui = median_ms(doc.copy, runs, warm_up=False)
    off = median_ms(
        lambda: store.write_bytes("bench", store.encode("bench", doc, None, "x")),
        runs,
        warm_up=False,
    )
    plain = median_ms(lambda: (folder / "plain.json").write_bytes(data), runs, warm_up=False)
    print(
        f"{name} ({len(data) / 1024:.0f} KB): GUI thread {gui:.2f} ms "
        f"({gui / FRAME_MS:.3f} × the 16 ms frame); background {off:.2f} ms "
        f"({off / max(plain, 1e-6):.1f} × a plain write of the bytes, {plain:.2f} ms)"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21)
    runs = ap.parse_args().runs
    from test_written_is_readable import largest_document

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = RecoveryStore(folder)
        measure(store, folder, "sample report", read_json(sample_path()), runs)
        measure(store, folder, "largest allowed", largest_document(), runs)


if __name__ == "__main__":
    main()
