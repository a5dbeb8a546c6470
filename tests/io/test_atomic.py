"""Atomic saves: a failed save keeps both the file and its previous backup intact; long
legal file names save."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from app.io.atomic import backup_path, write_bytes_atomic
from app.io.errors import WriteError
from app.io.files import read_document, write_document
from app.resources import sample_path


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_disk_full_while_backing_up_keeps_the_old_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.json"
    write_bytes_atomic(target, b'{"v": 1}' * 2000)
    write_bytes_atomic(target, b'{"v": 2}' * 2000)  # r.json.bak now holds version 1
    bak = (tmp_path / "r.json.bak").read_bytes()

    def no_links(src: object, dst: object) -> None:  # FAT, network shares
        raise OSError(errno.EPERM, "links not supported")

    def copy_until_full(src: str, dst: str, **_kw: object) -> str:
        with open(dst, "wb") as out:  # the first 8 KB land, then the disk is full
            out.write(Path(src).read_bytes()[:8192])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(shutil, "copyfile", copy_until_full)
    with pytest.raises(WriteError, match="磁盘空间不足"):
        write_bytes_atomic(target, b'{"v": 3}' * 2000)
    assert (tmp_path / "r.json.bak").read_bytes() == bak
    assert target.read_bytes() == b'{"v": 2}' * 2000
    assert _names(tmp_path) == ["r.json", "r.json.bak"]  # no temporary file left behind


def test_disk_full_while_writing_keeps_file_and_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.json"
    write_bytes_atomic(target, b"1")
    write_bytes_atomic(target, b"2")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError, match="磁盘空间不足"):
        write_bytes_atomic(target, b"3")
    assert target.read_bytes() == b"2"
    assert (tmp_path / "r.json.bak").read_bytes() == b"1"
    assert _names(tmp_path) == ["r.json", "r.json.bak"]


def test_backup_is_a_separate_copy_of_the_previous_version(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    for i in range(3):
        write_bytes_atomic(target, str(i).encode())
    assert target.read_bytes() == b"2"
    assert (tmp_path / "r.json.bak").read_bytes() == b"1"


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_a_long_legal_chinese_name_saves_twice(tmp_path: Path, suffix: str) -> None:
    name = "关" * 82 + suffix  # 251 bytes, the longest name many clerks' titles give
    assert len(name.encode("utf-8")) == 251
    doc, _ = read_document(sample_path())
    write_document(doc, tmp_path / name)
    doc.set("t3.new.natural", 99)
    write_document(doc, tmp_path / name)
    assert read_document(tmp_path / name)[0].values["t3.new.natural"] == 99
    assert (tmp_path / (name + ".bak")).exists()
    assert _names(tmp_path) == sorted([name, name + ".bak"])


def test_backup_name_of_a_name_at_the_limit_is_shortened(tmp_path: Path) -> None:
    name = "关" * 83 + ".json"  # 254 bytes: «.bak» would pass the limit of 255
    target = tmp_path / name
    write_bytes_atomic(target, b"1")
    write_bytes_atomic(target, b"2")
    bak = backup_path(target)
    assert len(bak.name.encode("utf-8")) <= 255 and bak.name.endswith(".bak")
    assert bak.read_bytes() == b"1"
