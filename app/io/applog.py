"""The program's log file: the technical detail of unexpected failures, for the user to send.

The user sees one Chinese sentence; the traceback goes to ``logs/nianbao.log`` in the
user's data folder (the folder Qt calls AppDataLocation for organisation ``nianbao`` and
application ``nianbao-zhushou``, computed here without Qt so the command line can use it;
``NIANBAO_DATA_DIR`` overrides it). The file is kept small: past ``MAX_LOG_BYTES`` it
becomes ``nianbao.log.1`` and a new one starts. Logging itself never raises.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from pathlib import Path

ENV_DATA_DIR = "NIANBAO_DATA_DIR"
ORG, APP = "nianbao", "nianbao-zhushou"
MAX_LOG_BYTES = 1024 * 1024
_lock = threading.Lock()


def data_dir() -> Path:
    """The per-user folder for the program's own files (log, recovery copies)."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORG / APP


def log_path() -> Path:
    return data_dir() / "logs" / "nianbao.log"


def log_exception(action: str, exc: BaseException) -> str:
    """Append ``exc`` with its traceback to the log; return, in Chinese, where it went."""
    path = log_path()
    detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    entry = f"[{stamp}] {action}\n{detail}\n"
    try:
        with _lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                if path.stat().st_size > MAX_LOG_BYTES:
                    os.replace(path, path.with_name(path.name + ".1"))
            except FileNotFoundError:
                pass
            with open(path, "a", encoding="utf-8", errors="replace") as fh:
                fh.write(entry)
    except OSError:
        return "详细信息无法写入日志文件"
    return f"详细信息已记录在日志文件「{path}」中"


def internal_error(action: str, exc: BaseException) -> str:
    """One sentence for an unexpected failure while doing ``action`` (logged first)."""
    return f"{action}时程序出错，未能完成。{log_exception(action, exc)}，可发送给技术支持。"
