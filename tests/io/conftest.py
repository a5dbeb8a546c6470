"""I/O tests: the fixture generator (tests/fixtures) is importable as ``build_xlsx_fixtures``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
