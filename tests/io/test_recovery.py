"""The recovery store: write, list, load and remove recovery copies (no Qt)."""

from __future__ import annotations

import os
from pathlib import Path

from app.core.document import Document
from app.io.jsonfile import read_json
from app.io.recovery import RecoveryStore
from app.resources import sample_path


def _doc() -> Document:
    doc = read_json(sample_path())
    doc.set("t3.new.natural", 99)
    doc.texts["text.other"] = "恢复测试"
    return doc


def test_write_list_load_remove(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "rec")
    assert store.entries() == []
    doc = _doc()
    store.write("s1", doc, "/some/report.xlsx", "report.xlsx")
    (entry,) = store.entries()
    assert entry.session == "s1"
    assert entry.original == "/some/report.xlsx"
    assert entry.title == "report.xlsx"
    assert entry.pid == os.getpid()
    back = store.load(entry)
    assert back.same_content(doc)
    assert back.values["t3.new.total"] == 99  # totals are recomputed on loading
    store.remove("s1")
    assert store.entries() == []


def test_rewrite_replaces_and_exclude_own_session(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    doc = _doc()
    store.write("mine", doc, None)
    doc.set("t3.new.natural", 5)
    store.write("mine", doc, None)
    store.write("other", Document(agency="甲"), None)
    assert len(store.entries()) == 2
    (other,) = store.entries(exclude="mine")
    assert other.session == "other"
    assert store.load(store.entries(exclude="other")[0]).values["t3.new.natural"] == 5


def test_unreadable_files_are_skipped(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    (tmp_path / "broken.recovery.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "alien.recovery.json").write_text('{"format": "x"}', encoding="utf-8")
    # a number too long for Python's int(): a damaged copy must not stop the program starting
    huge = '{"format": "nianbao-recovery", "pid": ' + "9" * 5000 + "}"
    (tmp_path / "huge.recovery.json").write_text(huge, encoding="utf-8")
    store.write("good", _doc(), None)
    assert [e.session for e in store.entries()] == ["good"]


def test_orphaned_ignores_live_other_processes(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.write("dead", _doc(), None)
    # A copy whose writer is a live process (pid 1 always exists) is not offered.
    path = store.write("alive", _doc(), None)
    path.write_text(
        path.read_text(encoding="utf-8").replace(f'"pid": {os.getpid()}', '"pid": 1'),
        encoding="utf-8",
    )
    sessions = {e.session for e in store.orphaned()}
    assert "alive" not in sessions
    assert "dead" in sessions  # written by this process, which is not "another" process


def test_saved_time_is_read_back_and_newest_comes_first(tmp_path: Path) -> None:
    import time

    store = RecoveryStore(tmp_path)
    store.write("older", _doc(), None, "旧")
    store.write("newer", _doc(), None, "新")
    # Two copies a minute apart, as the JSON parser reads them back (with a fraction).
    for session, saved_at in (("older", "1764500000.25"), ("newer", "1764500060.75")):
        p = store.path_for(session)
        text = p.read_text(encoding="utf-8")
        head, _, rest = text.partition('"saved_at": ')
        p.write_text(head + '"saved_at": ' + saved_at + rest[rest.index(",") :], "utf-8")
    entries = store.entries()
    assert [e.session for e in entries] == ["newer", "older"]
    assert entries[0].saved_at == 1764500060.75
    assert entries[0].when == time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(1764500060.75))
    assert not entries[0].when.startswith("1970")
