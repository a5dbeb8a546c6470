"""Work-arounds for PySide6: a reference-count bug of 6.12 on Python 3.11, and a slow import hook.

PySide6/shiboken 6.12 return ``None``, ``True`` and ``False`` to Python without taking a
reference to them (harmless from Python 3.12 on, where those objects are immortal). On
Python 3.11 every such call — each ``painter.save()``, ``signal.emit()``, ``setText()`` —
lowers the object's reference count by one, and after a few thousand calls (minutes of
typing) the interpreter aborts with "none_dealloc: deallocating None". Measured on Python
3.11 with 1000 calls: 6.12.0 drains None by 1000; 6.8.0.2, 6.8.3, 6.9.3, 6.10.3 and 6.11.3
do not (so the Linux bundles built with 6.8/6.9 never switch the guard on).

:func:`protect` detects the bug once and, if present, does for these five singletons what
Python 3.11 already does for its other static objects (small integers, the empty tuple):
it gives them a reference count of about a billion, so they can never reach zero. The
objects are statically allocated and never freed anyway; nothing else changes. The
window calls it just after its first frame (it needs ``ctypes``, a few ms of start-up);
thousands of calls are needed before the bug bites.

:func:`quicken_module_scan`: after PySide is loaded, every module imported is read through
``inspect.getsource`` (line cache, tokenizer) only to learn whether its text contains
"PySide6" (PySide's ``__feature__`` switch). For a module with a ``.py`` file the same
question is answered by searching the file's bytes, about five times faster; anything
else still goes to PySide's own function. Start-up imports some fifty modules after PySide.
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


def quicken_module_scan() -> bool:
    """Answer PySide's "does this module use PySide6?" from the file's bytes; True if done."""
    import PySide6.QtCore  # noqa: F401  (loads PySide's support modules)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or getattr(original, "quick", False):
        return False

    def uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as f:
                    return b"PySide6" in f.read()
            except OSError:
                pass
        return bool(original(module))

    uses_pyside.quick = True  # type: ignore[attr-defined]
    uses_pyside.original = original  # type: ignore[attr-defined]
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010
    return True


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
