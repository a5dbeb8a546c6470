"""The window of 年报助手: Qt widgets and models that adapt the core to the screen.

Importing the package first guards against PySide6 6.12's reference-count bug on
Python 3.11 (see ``app.ui.pyside_fix``), before any widget code runs.
"""

from app.ui.pyside_fix import protect

protect()
