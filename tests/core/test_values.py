"""Typed and imported cell values: what is accepted, what is refused and why."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.values import ValueError_, format_value, parse_imported, parse_typed
from app.form import Kind

C, M = Kind.COUNT, Kind.MONEY


@pytest.mark.parametrize(
    "text,expected",
    [
        ("13", 13),
        ("１２３", 123),  # full-width digits from the IME
        ("12件", 12),
        (" 1,234 ", 1234),
        ("1，234", 1234),  # full-width comma
        ("0", 0),
        ("12.0", 12),
        ("", None),
        ("   ", None),
    ],
)
def test_typed_counts(text: str, expected: int | None) -> None:
    assert parse_typed(text, C) == expected


@pytest.mark.parametrize(
    "text,reason",
    [
        ("-3", "负数"),
        ("0.5", "整数"),
        ("abc", "不是数字"),
        ("1,23", "不是数字"),
        ("一", "不是数字"),
    ],
)
def test_typed_counts_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError_) as exc:
        parse_typed(text, C)
    assert reason in str(exc.value)


def test_typed_money_is_decimal_without_float_error() -> None:
    assert parse_typed("256.1789", M) == Decimal("256.1789")
    assert isinstance(parse_typed("4166.241619", M), Decimal)
    assert format_value(parse_typed("4166.241619", M)) == "4166.241619"
    assert parse_typed("１８．８７１０", M) == Decimal("18.871")
    with pytest.raises(ValueError_, match="6 位小数"):
        parse_typed("1.1234567", M)


@pytest.mark.parametrize(
    "raw,value,note_has",
    [
        ("22（其中修订16件）", 22, "其中修订16件"),
        ("—", 0, "按 0"),
        ("/", 0, "按 0"),
        ("无", 0, "按 0"),
        ("-", 0, "按 0"),
        (" 13 件", 13, "13"),
        (7.0, 7, ""),
        (None, None, ""),
    ],
)
def test_imported_values_say_what_was_assumed(
    raw: object, value: int | None, note_has: str
) -> None:
    parsed = parse_imported(raw, C)
    assert parsed.value == value
    assert note_has in parsed.note
    if not note_has:
        assert parsed.note == ""


def test_imported_float_money_loses_no_digits() -> None:
    assert parse_imported(18.871, M).value == Decimal("18.871")
    assert parse_imported(4166.241619, M).value == Decimal("4166.241619")
    assert parse_imported(0.1 + 0.2, M).value == Decimal("0.3")  # float noise rounded to 6 places
