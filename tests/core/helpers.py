"""Shared builders for core tests: the sample report and small variations of it."""

from __future__ import annotations

from app.core.document import Document
from app.io.jsonfile import read_json
from app.resources import sample_path

SAMPLE = sample_path()


def sample() -> Document:
    return read_json(SAMPLE)
