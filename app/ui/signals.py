"""Emitting Qt signals from Python safely: a guard against a PySide6 reference-count bug.

In PySide6 6.12.0 ``SignalInstance.emit()`` returns ``True`` without taking a reference
to it, so every emit from Python lowers ``True``'s reference count by one; after a few
thousand emits (minutes of typing) the interpreter aborts with "bool_dealloc:
deallocating True". :func:`emit` gives the missing reference back when — and only when —
the running PySide6 is found to have the bug. Every emit in ``app.ui`` goes through here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

_incref: Callable[[object], None] | None = None


class _Probe(QObject):
    ping = Signal()


def _install() -> None:
    """Probe the running PySide6 once; enable the repair if its emit leaks."""
    global _incref
    probe = _Probe()
    before = sys.getrefcount(True)
    results: list[Any] = [probe.ping.emit() for _ in range(16)]  # type: ignore[func-returns-value]
    after = sys.getrefcount(True)
    # Each kept result should have added one reference; with the bug none was added.
    if any(r is not True for r in results) or after - before >= len(results):
        return
    import ctypes

    fn = ctypes.pythonapi.Py_IncRef
    fn.argtypes = [ctypes.py_object]
    fn.restype = None
    _incref = fn
    for r in results:  # give back what the probe itself took
        fn(r)


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, without draining ``True``'s reference count."""
    result = signal.emit(*args)
    if _incref is not None and isinstance(result, bool):
        _incref(result)


_install()
