"""Emitting signals must not drain ``True``'s reference count (PySide6 6.12.0 bug)."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QStringListModel

from app.core.document import Document
from app.ui.session import Session
from app.ui.signals import emit


def test_emit_keeps_true_alive(qapp: Any) -> None:
    model = QStringListModel(["a"])
    index = model.index(0, 0)
    before = sys.getrefcount(True)
    for _ in range(2000):
        emit(model.dataChanged, index, index)
    assert sys.getrefcount(True) >= before - 5


def test_many_edits_keep_true_alive(qapp: Any) -> None:
    session = Session(Document())
    before = sys.getrefcount(True)
    for i in range(300):  # each edit emits at least two signals: 600+ lost references if broken
        session.set_values({"t3.new.natural": i})
    assert sys.getrefcount(True) >= before - 100  # caches may drop a few genuine references
