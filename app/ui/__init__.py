"""The window of 年报助手: Qt widgets and models that adapt the core to the screen.

Importing the package loads PySide6 and shortens its per-module import hook
(``app.ui.pyside_fix``). The guard against PySide6 6.12's reference-count bug on
Python 3.11 is switched on by :func:`app.ui.main.application` (or by calling
``app.ui.pyside_fix.protect``).
"""

from app.ui.pyside_fix import quicken_module_scan

quicken_module_scan()
