"""The log file of unexpected failures: where it is, what it holds, that it stays small."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.io import applog


def _fail() -> None:
    raise ValueError("the technical detail")


def test_the_detail_goes_to_the_log_and_the_user_gets_one_sentence(_data_dir: Path) -> None:
    try:
        _fail()
    except ValueError as exc:
        sentence = applog.internal_error("保存到「r.xlsx」", exc)
    assert "\n" not in sentence and "technical" not in sentence
    assert str(_data_dir / "logs" / "nianbao.log") in sentence
    log = applog.log_path().read_text(encoding="utf-8")
    assert "保存到「r.xlsx」" in log and "ValueError: the technical detail" in log
    assert "in _fail" in log  # the traceback


def test_the_log_is_rotated(_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(applog, "MAX_LOG_BYTES", 2000)
    for i in range(20):
        applog.log_exception(f"第 {i} 次", RuntimeError("x" * 200))
    assert applog.log_path().stat().st_size < 4000
    assert applog.log_path().with_name("nianbao.log.1").exists()


def test_an_unwritable_log_never_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv(applog.ENV_DATA_DIR, str(blocker))  # a file where the folder should be
    assert applog.log_exception("读取", OSError("x")) == "详细信息无法写入日志文件"


def test_the_default_folder_is_the_users_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(applog.ENV_DATA_DIR)
    monkeypatch.setenv("XDG_DATA_HOME", "/home/clerk/.local/share")
    monkeypatch.setattr(applog.sys, "platform", "linux")
    assert applog.data_dir() == Path("/home/clerk/.local/share/nianbao/nianbao-zhushou")
