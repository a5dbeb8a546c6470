"""Recovery copies of unsaved work, so that a crash or a killed process loses nothing.

The window writes the document it is editing, as JSON, into a per-user recovery folder
shortly after every change, and removes the copy when the work is saved or closed
cleanly. A copy still there at the next start belongs to a session that ended badly; the
window offers to restore it. Pure Python: the folder is given by the caller.
"""

import contextlib
import json
import os
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from app.core.document import Document
from app.io.errors import ReadError, WriteError, describe_os_error
from app.io.jsonfile import from_json, parse_text, to_json

ENV_DIR = "NIANBAO_RECOVERY_DIR"
MARK = "nianbao-recovery"
SUFFIX = ".recovery.json"


class RecoveryEntry(NamedTuple):
    """One recovery copy on disk."""

    path: Path  # the recovery file itself
    session: str  # id of the session that wrote it
    original: str | None  # the file the user was editing, None for an untitled report
    saved_at: float  # time.time() of the last write
    title: str  # what the user calls the report (file name or 「未命名」)
    pid: int

    @property
    def when(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))


class RecoveryStore:
    """The recovery folder: write, list, load and remove recovery copies."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    @staticmethod
    def new_session_id() -> str:
        return f"{int(time.time() * 1000)}-{os.getpid()}"

    def path_for(self, session: str) -> Path:
        return self.directory / f"{session}{SUFFIX}"

    def write(self, session: str, doc: Document, original: str | None, title: str = "") -> Path:
        """Write (replace) the recovery copy of ``session``; raises WriteError on failure."""
        return self.write_bytes(session, self.encode(session, doc, original, title))

    def encode(self, session: str, doc: Document, original: str | None, title: str = "") -> bytes:
        """The bytes of a recovery copy (cheap: done on the GUI thread, written elsewhere)."""
        payload = {
            "format": MARK,
            "session": session,
            "original": original,
            "title": title,
            "saved_at": time.time(),
            "pid": os.getpid(),
            "document": to_json(doc),
        }
        # a file name that is not valid Unicode (Linux) must not stop the copy
        return json.dumps(payload, ensure_ascii=False).encode("utf-8", "replace")

    def write_bytes(self, session: str, data: bytes) -> Path:
        """Write an encoded copy; raises WriteError on failure."""
        from app.io.atomic import write_bytes_atomic  # tempfile and shutil: not at start-up

        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(
                f"无法创建恢复副本文件夹「{self.directory}」：{describe_os_error(exc)}"
            ) from exc
        path = self.path_for(session)
        write_bytes_atomic(path, data, backup=False)
        return path

    def remove(self, session: str) -> None:
        with contextlib.suppress(OSError):
            self.path_for(session).unlink()

    def entries(self, exclude: str | None = None) -> list[RecoveryEntry]:
        """Readable recovery copies, newest first (unreadable ones are skipped)."""
        out: list[RecoveryEntry] = []
        if not self.directory.is_dir():
            return out
        for p in self.directory.glob(f"*{SUFFIX}"):
            try:
                head = self._load_raw(p)
            except ReadError:
                continue
            session = str(head.get("session") or p.name[: -len(SUFFIX)])
            if session == exclude:
                continue
            original = head.get("original")
            saved_at = head.get("saved_at")
            pid = head.get("pid")
            out.append(
                RecoveryEntry(
                    path=p,
                    session=session,
                    original=original if isinstance(original, str) else None,
                    saved_at=_seconds(saved_at),
                    title=str(head.get("title") or ""),
                    pid=pid if isinstance(pid, int) else 0,
                )
            )
        out.sort(key=lambda e: e.saved_at, reverse=True)
        return out

    def orphaned(self, exclude: str | None = None) -> list[RecoveryEntry]:
        """Copies left by sessions that are no longer running (crashed or killed)."""
        return [e for e in self.entries(exclude) if not _running(e.pid)]

    def load(self, entry: RecoveryEntry) -> Document:
        """The document of a recovery copy; raises ReadError when it cannot be read."""
        return from_json(self._load_raw(entry.path).get("document"))

    @staticmethod
    def _load_raw(path: Path) -> dict[str, Any]:
        try:
            data = parse_text(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ReadError) as exc:
            raise ReadError(f"无法读取恢复文件「{path.name}」") from exc
        if not isinstance(data, dict) or data.get("format") != MARK:
            raise ReadError(f"「{path.name}」不是恢复文件")
        return data


def _seconds(value: Any) -> float:
    """``saved_at`` as read back: the JSON parser gives a Decimal for ``1764500000.123``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return 0.0
    try:
        seconds = float(value)
    except (OverflowError, ValueError):
        return 0.0
    return seconds if 0.0 <= seconds < 1e11 else 0.0


def _running(pid: int) -> bool:
    """Whether another live process has this id (POSIX only; elsewhere assume not)."""
    if pid <= 0 or pid == os.getpid() or os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
