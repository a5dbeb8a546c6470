"""Locating the files that ship with the program (fonts, samples, translations).

From a source checkout the ``resources/`` folder sits beside the ``app/`` package; in the
frozen program built by ``installer/nianbao.spec`` (PyInstaller, one-folder) it is copied to
``<bundle>/_internal/resources/`` and PyInstaller points ``sys._MEIPASS`` at ``_internal``.
:func:`resource_path` hides the difference: every module asks it, never ``__file__``.
No Qt here, so ``app.core`` and ``app.io`` may use it too.
"""

from __future__ import annotations

import sys
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def resources_root() -> Path:
    """The ``resources`` folder of the running program (source checkout or frozen bundle)."""
    base = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and base:
        return Path(base) / "resources"
    return _SOURCE_ROOT / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a shipped file, e.g. ``resource_path("samples", "kejing-town-2023.json")``.

    The path is returned whether or not the file exists; callers that need it check
    ``.is_file()`` and report a missing file in Chinese.
    """
    return resources_root().joinpath(*parts)


def sample_path() -> Path:
    """The sample report the program opens when started without a file."""
    return resource_path("samples", "kejing-town-2023.json")
