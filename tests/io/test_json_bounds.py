"""JSON numbers are range-checked before any arithmetic; messages speak of the report,
never of Python values or JSON key names."""

from __future__ import annotations

import re
import time

import pytest

from app.io.errors import ReadError
from app.io.jsonfile import loads

HEAD = '{"format": "nianbao-zhushou", "version": 1, '


@pytest.mark.parametrize("number", ["1e99999999", "1e1000000", "1e4300", "1e400", "-1e400"])
@pytest.mark.parametrize("where", ["year", "value", "last_value", "last_year"])
def test_absurd_numbers_are_refused_at_once(number: str, where: str) -> None:
    text = {
        "year": f'"year": {number}}}',
        "value": f'"values": {{"t3.new.natural": {number}}}}}',
        "last_value": f'"last_year": {{"values": {{"t2.fees.amount": {number}}}}}}}',
        "last_year": f'"last_year": {{"year": {number}}}}}',
    }[where]
    start = time.perf_counter()
    with pytest.raises(ReadError) as info:
        loads(HEAD + text)
    assert time.perf_counter() - start < 1.0  # 1e99999999 used never to return
    assert "数字过大" in str(info.value) or "年份" in str(info.value)


@pytest.mark.parametrize("year", ["2023.0", '"2023"', "2023"])
def test_ordinary_years_are_read(year: str) -> None:
    assert loads(HEAD + f'"year": {year}}}').year == 2023


@pytest.mark.parametrize("year", ["1e4", "2023.5", "-2023", "0", "99999", '"2023年"', "true"])
def test_a_year_is_a_small_integer(year: str) -> None:
    with pytest.raises(ReadError, match="年份"):
        loads(HEAD + f'"year": {year}}}')


def test_computed_totals_are_recomputed_not_judged() -> None:
    """A file's stale or huge totals do not matter: they are computed again."""
    doc = loads(HEAD + '"values": {"t3.new.natural": 5, "t3.new.total": 99999999999999}}')
    assert doc.values["t3.new.total"] == 5


PYTHONISH = re.compile(r"None|True|False|\{|\}|\[|\]|'|last_year|values|texts|version|\bt\d\.")


@pytest.mark.parametrize(
    "body",
    [
        '"version": null}',
        '"version": "1"}',
        '"version": 1, "values": []}',
        '"version": 1, "values": {"t9.x": 1}}',
        '"version": 1, "texts": "abc"}',
        '"version": 1, "texts": {"text.x": "a"}}',
        '"version": 1, "last_year": [1]}',
        '"version": 1, "last_year": {"texts": {"text.overview": 3}}}',
        '"version": 1, "agency": {"a": 1}}',
        '"version": 1, "values": {"t3.new.natural": true}}',
        '"version": 1, "values": {"t3.new.natural": null, "t2.fees.amount": false}}',
    ],
)
def test_messages_speak_the_clerks_language(body: str) -> None:
    with pytest.raises(ReadError) as info:
        loads('{"format": "nianbao-zhushou", ' + body)
    assert not PYTHONISH.search(str(info.value)), str(info.value)


def test_a_newer_version_says_to_upgrade() -> None:
    with pytest.raises(ReadError, match="更新版本"):
        loads('{"format": "nianbao-zhushou", "version": 2}')


def test_lone_surrogates_are_replaced_on_reading() -> None:
    doc = loads(HEAD + r'"agency": "镇\ud83d", "texts": {"text.other": "a\ude00b\ud83d\ude00"}}')
    assert doc.agency == "镇\ufffd"
    assert doc.texts["text.other"] == "a\ufffdb😀"


def test_overlong_text_is_refused_with_its_section() -> None:
    with pytest.raises(ReadError, match=r"六、其他需要报告的事项.*50000"):
        loads(HEAD + '"texts": {"text.other": "' + "字" * 50_001 + '"}}')
