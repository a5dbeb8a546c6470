"""Atomic file replacement: temporary file in the same folder, flush, fsync, replace.

The previous version is kept beside the file as ``<name>.bak``. Any failure raises
:class:`WriteError` with a message that tells the user what to do; the target is intact,
and so is the previous backup: the new backup is made under a temporary name (a hard link
where the file system allows it, which needs no disk space) and only then replaces the old
one. Temporary names are short, so that a file whose own name is at the system's limit
(255 bytes: 85 Chinese characters) can still be saved.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from pathlib import Path

from app.io.errors import WriteError, describe_os_error

NAME_MAX = 255  # bytes of one file name on the usual file systems (ext4, NTFS in UTF-16 units)
TMP_PREFIX = ".nb-"  # temporary files: ".nb-XXXXXXXX.tmp", whatever the target is called


def _explain(exc: OSError, path: Path) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"无法保存到「{path}」：没有写入权限，或文件正被 Excel/WPS 打开。"
            "请关闭打开该文件的程序，或用「另存为」保存到其他文件夹。"
        )
    if exc.errno == errno.ENOSPC:
        return f"无法保存到「{path}」：磁盘空间不足。请清理磁盘或另存到其他位置。"
    if exc.errno == errno.ENOENT:
        return f"无法保存到「{path}」：文件夹不存在。请用「另存为」选择其他位置。"
    return f"无法保存到「{path}」：{describe_os_error(exc)}。请用「另存为」保存到其他位置。"


def _mode_for(path: Path) -> int:
    """The existing file's permissions, or the usual ones for a new file (mkstemp gives 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def backup_path(path: Path) -> Path:
    """``<name>.bak`` beside ``path``; the stem is shortened when that name would be too long."""
    name = path.name + ".bak"
    stem = path.name
    while len(name.encode("utf-8")) > NAME_MAX and stem:
        stem = stem[:-1]
        name = stem + "….bak"
    return path.with_name(name)


def _make_backup(path: Path) -> None:
    """Replace ``<name>.bak`` by the current ``path``, never leaving a partial backup."""
    bak = backup_path(path)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".bak", dir=path.parent)
    os.close(fd)
    try:
        os.unlink(tmp)
        try:
            os.link(path, tmp)  # same content, no space needed
        except OSError:
            shutil.copy2(path, tmp)  # FAT, some network shares: a full copy
        os.replace(tmp, bak)
        tmp = ""
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write_bytes_atomic(path: Path, data: bytes, backup: bool = True) -> None:
    path = Path(path)
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, _mode_for(path))
        if backup and path.exists():
            _make_backup(path)
        os.replace(tmp_name, path)
        tmp_name = ""
    except OSError as exc:
        raise WriteError(_explain(exc, path)) from exc
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
