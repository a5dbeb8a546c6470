"""The core, the form definition and the file formats never depend on Qt (DESIGN §6)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_FREE = ("app/core", "app/form", "app/io")


def _modules() -> list[str]:
    out = []
    for pkg in QT_FREE:
        for path in sorted((ROOT / pkg).glob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            out.append(name.removesuffix(".__init__"))
    return out


def test_no_qt_import_statement_in_core_form_io() -> None:
    offenders = []
    for pkg in QT_FREE:
        for path in (ROOT / pkg).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                offenders += [
                    f"{path}: {n}" for n in names if n.split(".")[0] in ("PySide6", "shiboken6")
                ]
    assert offenders == []


def test_importing_every_core_form_io_module_loads_no_qt() -> None:
    modules = _modules()
    assert len(modules) >= 10
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_cli_check_loads_neither_qt_nor_heavy_writers() -> None:
    code = (
        "import sys\n"
        "from app.cli import main\n"
        "rc = main(['check', 'resources/samples/kejing-town-2023.json'])\n"
        "heavy = [m for m in ('PySide6', 'openpyxl', 'reportlab') if m in sys.modules]\n"
        "print(rc, heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "0 []"
