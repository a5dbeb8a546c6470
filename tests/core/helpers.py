"""Shared builders for core tests: the sample report and small variations of it."""

from __future__ import annotations

from pathlib import Path

from app.core.document import Document
from app.io.jsonfile import read_json

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "kejing-town-2023.json"


def sample() -> Document:
    return read_json(SAMPLE)
