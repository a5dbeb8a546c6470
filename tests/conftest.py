"""Shared test set-up: headless Qt, no modal dialogs, temporary settings and recovery folder,
and any Qt warning fails the test that caused it."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["NIANBAO_NO_DIALOGS"] = "1"

# Messages of the headless platform itself, not of the program.
QT_IGNORED = (re.compile(r"This plugin does not support propagateSizeHints"),)


@pytest.fixture(scope="session", autouse=True)
def _pyside_guard() -> None:
    """The program switches the guard on in ``application()``; tests build widgets without it."""
    from app.ui.pyside_fix import protect

    protect()


@pytest.fixture(scope="session", autouse=True)
def _qt_settings_scope(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings (recent files …) go to a temporary folder, never the user's."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))


@pytest.fixture(autouse=True)
def _recovery_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "recovery"
    monkeypatch.setenv("NIANBAO_RECOVERY_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The log file of unexpected failures (``app.io.applog``) goes to a temporary folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _fail_on_qt_warnings() -> Iterator[None]:
    """Record Qt warnings and critical messages during the test and fail it if any."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    records: list[str] = []
    bad = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        if kind in bad and not any(p.search(message) for p in QT_IGNORED):
            records.append(f"{kind.name}: {message}")
        if previous is not None:
            previous(kind, context, message)

    previous = qInstallMessageHandler(handler)
    yield
    qInstallMessageHandler(previous)
    if records:
        pytest.fail("Qt warnings during the test:\n" + "\n".join(records), pytrace=False)
