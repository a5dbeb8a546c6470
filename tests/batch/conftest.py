"""Fixtures of the supervising office's tests: a folder of reports (see ``batchfolder``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batchfolder import batch_folder

__all__ = ["batch_folder"]
