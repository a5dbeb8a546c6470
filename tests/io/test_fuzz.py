"""Fuzzing every reader in the suite (bounded: about ten seconds): mutated xlsx, xls and JSON
files of the classes a reliability review found (huge numbers, merges, long strings, entity
tricks, nesting, broken packages, encodings …) either read or are refused with one Chinese
sentence, each within a few seconds; what is read can be saved and read back.
The table of targets is tests/fuzz/mutations.py; the long run is scripts/soak.py."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))

from mutations import TARGETS, Target, inputs

from app.core.document import Document
from app.io.errors import ReadError
from app.io.jsonfile import dumps, loads

PER_KIND = 60
SECONDS_PER_INPUT = 8


class Hang(BaseException):  # not an Exception: readers turn those into ReadError
    pass


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Turn a reader that runs too long into a test failure instead of a stuck suite."""
    if os.name != "posix":
        yield
        return

    def alarm(_sig: int, _frame: object) -> None:
        raise Hang

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.kind)
def test_mutated_files_read_or_are_refused_in_one_sentence(target: Target) -> None:
    refused = read = 0
    for mutation, data in inputs(target, PER_KIND, seed=15):
        start = time.perf_counter()
        try:
            with deadline(SECONDS_PER_INPUT):
                result = target.read(data, f".{target.kind}")
        except ReadError as exc:
            message = str(exc)
            assert message and "\n" not in message and "Traceback" not in message, mutation
            assert not any(w in message for w in ("Error", "None", "errno")), (mutation, message)
            refused += 1
            continue
        except Hang:
            pytest.fail(f"{target.kind} {mutation}: no answer in {SECONDS_PER_INPUT} s")
        except Exception as exc:  # any other exception is a crash
            pytest.fail(f"{target.kind} {mutation}: {type(exc).__name__}: {exc}")
        assert time.perf_counter() - start < SECONDS_PER_INPUT
        doc, _report = result  # type: ignore[misc]
        assert isinstance(doc, Document)
        assert loads(dumps(doc)).same_content(doc), mutation  # what we read, we can save
        read += 1
    assert refused + read == PER_KIND
