"""The supervising office (DESIGN §7, §11): reviewing 100 report files and summing 100
reports each ≤ 5 s, the batch window responsive throughout (no frame > 100 ms).

Builds a folder of 100 files like a January's: 60 workbooks this program wrote (random
consistent reports of distinct agencies), 30 copies of the spreadsheet fixtures (other
people's layouts, .xls among them) and 10 JSON files. Measures, median of RUNS runs:
- review: every file read and checked, plus the cross-report checks (what ``check FOLDER``
  and the window do), and writing the review workbook;
- sum: reading 100 reports of distinct agencies (the 70 above and 30 more workbooks),
  adding them up, writing the .xlsx;
- baseline in the same run: unzipping and parsing every XML part of the same workbooks
  (what any reader pays), ``xlrd`` opening the .xls files and ``json.loads`` of the JSON;
- the window: the batch window reading the folder in its worker thread while a 5 ms timer
  in the window's thread records the longest gap between its ticks (a frame's worst wait).
Run: python benchmarks/bench_batch.py (with BENCH_GAPS=1 it also prints the five longest
frame gaps and when they happened).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "batch"))

RUNS = 3
BUDGET_S = 5.0
FRAME_BUDGET_MS = 100.0
FIXTURES = ROOT / "tests" / "fixtures"


def build(folder: Path) -> tuple[list[Path], list[Path]]:
    """The 100 files to review, and 100 reports of distinct agencies to sum."""
    from batchfolder import random_report  # the tests' consistent random reports

    from app.io.jsonfile import write_json
    from app.io.xlsx_write import write_workbook

    rng = random.Random(2024)
    own: list[Path] = []
    for k in range(60):
        p = folder / f"单位{k:03d}.xlsx"
        write_workbook(random_report(rng, f"第{k + 1}镇人民政府"), p)
        own.append(p)
    for k in range(10):
        p = folder / f"单位J{k:03d}.json"
        write_json(random_report(rng, f"第{k + 1}局"), p)
        own.append(p)
    sheets = sorted(f for f in FIXTURES.iterdir() if f.suffix in (".xlsx", ".xls", ".xlsm"))
    others = []
    for k in range(30):
        src = sheets[k % len(sheets)]
        p = folder / f"外来{k:03d}{src.suffix}"
        shutil.copy(src, p)
        others.append(p)
    extra = folder.parent / "more"  # 30 more of distinct agencies: 100 to sum
    extra.mkdir()
    for k in range(30):
        p = extra / f"街道{k:03d}.xlsx"
        write_workbook(random_report(rng, f"第{k + 1}街道办事处"), p)
        own.append(p)
    return [*own[:70], *others], own


def median_s(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def review(files: list[Path], out: Path) -> None:
    from app.core.review import cross_check
    from app.io.batch import review_file
    from app.io.review_xlsx import write_review

    items = cross_check([review_file(str(f)) for f in files])
    write_review(items, out)


def summed(files: list[Path], out: Path) -> None:
    from app.core.aggregate import Part, sum_documents
    from app.io.files import read_document, write_document

    parts = [Part(read_document(f)[0], f.name) for f in files]
    write_document(sum_documents(parts, agency="某县").doc, out)


def baseline(files: list[Path]) -> None:
    """What any reader pays: unzip and parse every XML part (xlrd for .xls, json)."""
    import xml.etree.ElementTree as ET
    import zipfile

    import xlrd

    for f in files:
        if f.suffix == ".json":
            json.loads(f.read_text(encoding="utf-8"))
        elif f.suffix == ".xls":
            xlrd.open_workbook(str(f))
        else:
            with zipfile.ZipFile(f) as z:
                for name in z.namelist():
                    if name.endswith(".xml") or name.endswith(".rels"):
                        ET.fromstring(z.read(name))


def window_frames(folder: Path) -> tuple[float, float, int, float]:
    """(seconds to read the folder in the window, longest frame gap in ms, ticks, and the
    longest gap in ms of the same loop for 2 s with nothing to read: the machine's noise)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["NIANBAO_NO_DIALOGS"] = "1"
    from PySide6.QtCore import QTimer

    from app.ui.main import application, create_window

    app = application([])
    main = create_window(None)
    main.show()
    batch = main.batch_window()
    for _ in range(20):
        app.processEvents()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    t0 = last[0] = time.perf_counter()
    while time.perf_counter() - t0 < 2.0:  # baseline: the same loop with nothing to read
        app.processEvents()
        time.sleep(0.001)
    idle = max(gaps) * 1000
    gaps.clear()
    done: list[bool] = []
    batch.batchFinished.connect(done.append)
    t0 = time.perf_counter()
    last[0] = t0
    batch.start([str(folder)])
    while not done:
        app.processEvents()
        time.sleep(0.001)
    elapsed = time.perf_counter() - t0
    timer.stop()
    rows = batch.model.rowCount()
    assert rows == 100, rows
    batch.close()
    main.maybe_save = lambda: True  # type: ignore[method-assign]
    main.close()
    if os.environ.get("BENCH_GAPS"):
        stamps = [t0 + sum(gaps[: i + 1]) for i in range(len(gaps))]
        worst = sorted(range(len(gaps)), key=lambda i: -gaps[i])[:5]
        print(
            "worst gaps (end time since start s, ms):",
            [(round(stamps[i] - t0, 3), round(gaps[i] * 1000)) for i in worst],
        )
    return elapsed, max(gaps) * 1000, len(gaps), idle


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        files, own = build(folder)
        out = Path(tmp) / "out"
        out.mkdir()
        review(files[:3], out / "warm.xlsx")  # imports and caches, as in a running program
        t_review = median_s(lambda: review(files, out / "检查结果.xlsx"))
        t_sum = median_s(lambda: summed(own, out / "汇总.xlsx"))
        t_base = median_s(lambda: baseline(files))
        t_window, worst_ms, ticks, idle_ms = window_frames(folder)
    print(f"review 100 files (read + rules + cross checks + workbook): median {t_review:.2f} s")
    print(
        f"  = {t_review / BUDGET_S:.2f} × budget {BUDGET_S:.0f} s, "
        f"{t_review / t_base:.2f} × baseline (unzip + XML parse / xlrd / json of the same files, "
        f"{t_base:.2f} s); {100 / t_review:.0f} files/s"
    )
    print(
        f"sum 100 reports (read + add + write .xlsx): median {t_sum:.2f} s "
        f"= {t_sum / BUDGET_S:.2f} × budget, {t_sum / t_base:.2f} × baseline"
    )
    print(
        f"window reading 100 files: {t_window:.2f} s; longest frame gap {worst_ms:.0f} ms "
        f"= {worst_ms / FRAME_BUDGET_MS:.2f} × budget {FRAME_BUDGET_MS:.0f} ms ({ticks} ticks); "
        f"idle baseline {idle_ms:.0f} ms"
    )


if __name__ == "__main__":
    main()
