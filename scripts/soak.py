"""Soak test of every reader: thousands of mutated files, outside the test suite.

Run from the repository root: ``python scripts/soak.py [--per-kind N] [--seed S]``
(default 400 inputs per kind of tests/fuzz/mutations.py's TARGETS: 1,200 in all).

A worker process reads the inputs one by one through the program's entry point
(``app.io.files.read_document``); for every document it reads it also writes .json and
.xlsx and reads them back. The parent watches it: an input without an answer within
``--timeout`` seconds is a hang (the worker is killed and restarted after that input).
Per input the worker measures its peak resident memory (Linux: VmHWM, reset before each
input). The summary gives inputs, read, refused, crashes (any exception other than the
one-sentence ReadError, with its traceback), hangs and the peak memory, and exits 1 when
there is a crash, a hang or an input above 1 GB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))

LIMIT_MB = 1024


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def worker(per_kind: int, seed: int, start: int) -> None:
    """Process inputs from index ``start``; one JSON line per input on stdout."""
    from mutations import TARGETS, inputs

    from app.io.errors import ReadError
    from app.io.jsonfile import dumps, loads
    from app.io.xlsx_read import read_bytes
    from app.io.xlsx_write import workbook_bytes

    index = 0
    for target in TARGETS:
        for mutation, data in inputs(target, per_kind, seed):  # made one at a time
            if index < start:
                index += 1
                if index % 20 == 0:
                    print(json.dumps({"skipping": index}), flush=True)  # alive
                continue
            print(json.dumps({"start": index}), flush=True)
            _reset_peak()
            t = time.perf_counter()
            record: dict[str, object] = {"i": index, "kind": target.kind, "mutation": mutation}
            try:
                doc, _report = target.read(data, f".{target.kind}")  # type: ignore[misc]
                loads(dumps(doc))
                read_bytes(workbook_bytes(doc), "again.xlsx")
                record["outcome"] = "read"
            except ReadError as exc:
                text = str(exc)
                record["outcome"] = "refused" if text and "\n" not in text else "bad message"
                record["message"] = text
            except BaseException as exc:
                record["outcome"] = "crash"
                record["error"] = "".join(traceback.format_exception(exc))[-2000:]
            record["seconds"] = round(time.perf_counter() - t, 3)
            record["peak_mb"] = round(_peak_mb(), 1)
            record["bytes"] = len(data)
            print(json.dumps(record), flush=True)  # ASCII: messages may quote half an emoji
            index += 1
    print(json.dumps({"end": index}), flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-kind", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--worker", type=int, default=-1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker >= 0:
        worker(args.per_kind, args.seed, args.worker)
        return 0

    from mutations import TARGETS

    total = args.per_kind * len(TARGETS)
    records: list[dict[str, object]] = []
    hangs: list[int] = []
    start = 0
    began = time.time()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    while start < total:
        cmd = [sys.executable, __file__, "--per-kind", str(args.per_kind), "--seed",
               str(args.seed), "--worker", str(start)]  # fmt: skip
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        assert proc.stdout is not None
        current = start
        import selectors

        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        last = time.monotonic()
        finished = False
        while True:
            if not sel.select(timeout=1.0):
                if time.monotonic() - last > args.timeout:
                    proc.kill()
                    proc.wait()
                    hangs.append(current)
                    print(f"hang at input {current}", flush=True)
                    start = current + 1
                    break
                continue
            line = proc.stdout.readline()
            if not line:  # the worker died (killed by the system, or a crash of Python)
                proc.wait()
                records.append(
                    {"i": current, "outcome": "crash", "error": f"worker exit {proc.returncode}"}
                )
                start = current + 1
                break
            last = time.monotonic()
            item = json.loads(line)
            if "skipping" in item:
                continue
            if "start" in item:
                current = int(item["start"])
            elif "end" in item:
                finished = True
                proc.wait()
                break
            else:
                records.append(item)
                if len(records) % 100 == 0:
                    print(f"{len(records)} inputs, {time.time() - began:.0f} s", flush=True)
        if finished:
            break

    outcomes = Counter(str(r["outcome"]) for r in records)
    peak = max((float(r.get("peak_mb", 0)) for r in records), default=0.0)  # type: ignore[arg-type]
    slowest = max(records, key=lambda r: float(r.get("seconds", 0)))  # type: ignore[arg-type]
    print()
    print(
        f"inputs: {len(records) + len(hangs)}  ({', '.join(t.kind for t in TARGETS)}; seed {args.seed})"
    )
    print(f"read: {outcomes['read']}  refused: {outcomes['refused']}  "
          f"crashes: {outcomes['crash'] + outcomes['bad message']}  hangs: {len(hangs)}")  # fmt: skip
    print(f"peak memory of one input: {peak:.0f} MB (limit {LIMIT_MB} MB)")
    print(
        f"slowest input: {slowest.get('seconds')} s ({slowest.get('kind')} {slowest.get('mutation')})"
    )
    print(f"wall time: {time.time() - began:.0f} s")
    by_kind = Counter((str(r.get("kind")), str(r["outcome"])) for r in records)
    for (kind, outcome), n in sorted(by_kind.items()):
        print(f"  {kind:5} {outcome:8} {n}")
    for r in records:
        if r["outcome"] in ("crash", "bad message"):
            print(
                f"--- crash: {r.get('kind')} {r.get('mutation')} #{r['i']}\n{r.get('error') or r.get('message')}"
            )
    bad = outcomes["crash"] + outcomes["bad message"] + len(hangs)
    return 1 if bad or peak > LIMIT_MB else 0


if __name__ == "__main__":
    sys.exit(main())
