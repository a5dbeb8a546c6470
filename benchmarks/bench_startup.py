"""Cold start to a usable window (DESIGN §7): ≤ 1.5 × a bare PySide6 window with one
QTableView; ≤ 2 × when an .xlsx report is given on the command line.

The program's modules are byte-compiled first, as an installed program's are. Every run
is a fresh process, timed from launch until the process reports (on stdout) that its
window is shown and painted; shutting down is not timed. The program looks up its
recovery folder and settings as it does for a user, in a scratch home. The three
programs run back to back in each round, so that drift of the machine affects them
alike; the budget is checked on the median of the ratios within a round.
Run: .venv/bin/python benchmarks/bench_startup.py [RUNS]   (default 15; at least 7)
On a shared machine a busy spell can move one run's figure by ±0.1: run it again.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1280, 840)
window.show()
def ready():
    window.repaint()
    sys.stdout.write("window ready\\n")
    sys.stdout.flush()
    app.quit()
QTimer.singleShot(0, ready)
sys.exit(app.exec())
"""

BUDGET_SAMPLE = 1.5
BUDGET_XLSX = 2.0


def _time(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from launch until the program reports its window shown and painted."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    rest, _ = proc.communicate(timeout=120)
    if proc.returncode != 0 or "window ready" not in line:
        raise SystemExit(f"{cmd} failed ({proc.returncode}):\n{line}{rest}")
    return elapsed


def main() -> None:
    runs = max(7, int(sys.argv[1]) if len(sys.argv) > 1 else 15)
    tmp = Path(tempfile.mkdtemp(prefix="nianbao-startup-"))
    from app.io.files import write_document
    from app.io.jsonfile import read_json
    from app.resources import sample_path

    xlsx = tmp / "report.xlsx"
    write_document(read_json(sample_path()), xlsx)  # the program's own workbook
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        NIANBAO_QUIT_AFTER_START="1",
        NIANBAO_NO_DIALOGS="1",
        # The program finds its recovery folder and settings the way it does for a user,
        # in a scratch home instead of the real one.
        XDG_DATA_HOME=str(tmp / "data"),
        XDG_CONFIG_HOME=str(tmp / "config"),
    )
    env.pop("NIANBAO_RECOVERY_DIR", None)
    # An installed program runs from byte-compiled modules (the installer and pip compile
    # them); do the same here instead of compiling every module from source at each start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "app"], cwd=ROOT, check=True)
    py = sys.executable
    programs = {
        "bare PySide6 window + QTableView": [py, "-c", BARE],
        "年报助手 with the sample": [py, "-m", "app"],
        "年报助手 with an .xlsx report": [py, "-m", "app", str(xlsx)],
    }
    for cmd in programs.values():  # warm the OS file cache once
        _time(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(runs):
        for name, cmd in programs.items():
            times[name].append(_time(cmd, env))
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    names = list(programs)
    for name in names:
        spread = ", ".join(f"{t * 1000:.0f}" for t in sorted(times[name]))
        print(f"{name}: median {medians[name] * 1000:.0f} ms  (runs: {spread})")
    fastest = {name: min(ts) for name, ts in times.items()}
    print(
        "fastest runs (less sensitive to a busy machine): "
        f"sample / bare {fastest[names[1]] / fastest[names[0]]:.2f}, "
        f".xlsx / bare {fastest[names[2]] / fastest[names[0]]:.2f}"
    )
    # Each round ran the three programs back to back: the ratio within a round is the
    # least disturbed by a machine whose speed drifts, so the budget is checked on the
    # median of those ratios (the ratio of the medians is printed beside it).
    bare = medians[names[0]]
    r1 = statistics.median(a / b for a, b in zip(times[names[1]], times[names[0]], strict=True))
    r2 = statistics.median(a / b for a, b in zip(times[names[2]], times[names[0]], strict=True))
    print(
        f"ratio of the medians: sample / bare {medians[names[1]] / bare:.2f}, "
        f".xlsx / bare {medians[names[2]] / bare:.2f}"
    )
    q1, _, q3 = statistics.quantiles(times[names[0]], n=4)
    if q3 > 1.15 * q1:
        print(
            f"note: the machine was busy (bare window runs {q1 * 1000:.0f}–{q3 * 1000:.0f} ms "
            "between the quartiles); run again for a steady figure"
        )
    print(
        f"median ratio within a round, sample / bare: {r1:.2f} (budget {BUDGET_SAMPLE}: {'OK' if r1 <= BUDGET_SAMPLE else 'OVER'})"
    )
    print(
        f"median ratio within a round, .xlsx / bare:  {r2:.2f} (budget {BUDGET_XLSX}: {'OK' if r2 <= BUDGET_XLSX else 'OVER'})"
    )


if __name__ == "__main__":
    main()
