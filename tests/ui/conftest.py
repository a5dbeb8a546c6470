"""Fixtures for the window tests: a shown main window with the sample report."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from app.ui.main import create_window
from app.ui.window import MainWindow


@pytest.fixture(autouse=True)
def _fresh_layout() -> None:
    """Each test's window starts as on a first run, not where the last test's closed."""
    from PySide6.QtCore import QSettings

    from app.ui.main import application
    from app.ui.screen_fit import KEYS

    application()
    for key in KEYS:
        QSettings().remove(key)


@pytest.fixture
def window(qtbot: Any) -> Iterator[MainWindow]:
    w = create_window(None)
    w.show()
    qtbot.waitExposed(w)
    yield w
    # Close without the unsaved-work question.
    w.maybe_save = lambda: True  # type: ignore[method-assign]
    w.close()
    w.deleteLater()
