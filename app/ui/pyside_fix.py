"""A guard against a reference-count bug of PySide6 6.12 on Python 3.11.

PySide6/shiboken 6.12 return ``None``, ``True`` and ``False`` to Python without taking a
reference to them (harmless from Python 3.12 on, where those objects are immortal). On
Python 3.11 every such call — each ``painter.save()``, ``signal.emit()``, ``setText()`` —
lowers the object's reference count by one, and after a few thousand calls (minutes of
typing) the interpreter aborts with "none_dealloc: deallocating None".

:func:`protect` detects the bug once and, if present, does for these five singletons what
Python 3.11 already does for its other static objects (small integers, the empty tuple):
it gives them a reference count of about a billion, so they can never reach zero. The
objects are statically allocated and never freed anyway; nothing else changes.
"""

from __future__ import annotations

import sys

IMMORTAL = 1_000_000_000
_done = False


def _drains() -> bool:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("probe")  # returns None
    return sys.getrefcount(None) < before - 32


def protect() -> bool:
    """Make None/True/False/… effectively immortal when PySide drains them; True if done."""
    global _done
    if _done:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or not _drains():
        return False
    import ctypes

    for obj in (None, True, False, Ellipsis, NotImplemented):
        count = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field
        if count.value < IMMORTAL:
            count.value += IMMORTAL
    _done = True
    return True
