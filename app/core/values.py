"""Turning what people type or what a spreadsheet holds into cell values.

A value is an ``int`` (counts), a ``Decimal`` (the fee amount, in 万元) or ``None``
(blank: not entered yet). Typed input is strict but forgiving of habits (full-width
digits, 「件」, thousands separators); import input is lenient and explains what it assumed.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from app.form.model import Kind

Value = int | Decimal | None

MONEY_PLACES = 6
MAX_NUMBER = Decimal(10) ** 9  # no count or amount comes near; see app.core.limits
MAX_DIGITS = 9  # digits before the point below MAX_NUMBER
TOTAL_DIGITS = 12  # a total adds up at most 126 cells: below 10¹² (last year's, as stored)
DASHES = frozenset({"-", "—", "–", "－", "——", "/", "／", "\\", "—-", "--", "~", "～"})
NONE_WORDS = frozenset({"无", "没有", "暂无", "空"})
_UNITS = ("件", "个", "项", "次", "条", "起", "人", "万元")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# A number followed by a remark: 「22（其中修订16件）」. The remark must not continue the
# number (「1e5」, 「1.2.3」, 「12a」 are not read).
# (Compiled on first use, by ``re``'s cache: the CJK units make compiling it slow.)
_LEADING_NUMBER = r"^([+-]?\d+(?:\.\d+)?)\s*(?:件|个|项|次|条|起|万元)?\s*([^0-9A-Za-z.,].*)$"


class ValueError_(ValueError):
    """A value that cannot be read; ``str()`` is a plain-Chinese reason."""


class Parsed(NamedTuple):
    value: Value
    note: str = ""  # what was assumed, for the import report ("「—」按 0 读入")


def normalise(text: str) -> str:
    """Full-width to half-width, IME punctuation to ASCII, whitespace removed."""
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("，", ",").replace("。", ".").replace("、", ",")
    return re.sub(r"\s+", "", t)


def _strip_unit(t: str) -> str:
    for u in _UNITS:
        if t.endswith(u):
            return t[: -len(u)]
    return t


def _to_decimal(t: str) -> Decimal:
    t = _strip_unit(t)
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", t):
        t = t.replace(",", "")
    if not _NUMBER.match(t):
        raise ValueError_(f"「{t}」不是数字")
    try:
        return Decimal(t)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ValueError_(f"「{t}」不是数字") from exc


def places(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def check_value(value: Decimal, kind: Kind, digits: int = MAX_DIGITS) -> Value:
    """Validate a number for a cell of ``kind`` and return it in the cell's type
    (``digits``: TOTAL_DIGITS for a computed cell's stored value)."""
    if not value.is_finite():
        raise ValueError_("不是有效数字")
    # Range first, with no arithmetic: abs() of 1E+1000000 overflows, int() of 1E+99999999
    # would build a number of a hundred million digits.
    if not value.is_zero() and value.adjusted() >= digits:
        raise ValueError_(f"数字过大（最多 {digits} 位整数），请核对")
    exp = value.as_tuple().exponent
    if isinstance(exp, int) and exp < -(MONEY_PLACES + 30) and not value.is_zero():
        raise ValueError_("小数位数过多")
    if value < 0:
        raise ValueError_("不能为负数")
    if kind is Kind.COUNT:
        if value != value.to_integral_value():
            raise ValueError_("件数必须是整数")
        return int(value)
    if places(value) > MONEY_PLACES:
        raise ValueError_(f"金额最多保留 {MONEY_PLACES} 位小数")
    return value.normalize() if value == value.to_integral_value() else value


def parse_typed(text: str, kind: Kind) -> Value:
    """Parse what a user typed into a cell. Empty means blank; errors say why in Chinese."""
    t = normalise(text)
    if not t:
        return None
    return check_value(_to_decimal(t), kind)


def parse_imported(raw: object, kind: Kind, digits: int = MAX_DIGITS) -> Parsed:
    """Parse a cell read from someone else's spreadsheet, saying what was assumed."""
    if raw is None:
        return Parsed(None)
    if isinstance(raw, bool):  # a TRUE/FALSE cell, or true/false in JSON: not 「True」
        raise ValueError_(f"是逻辑值「{'是' if raw else '否'}」，不是数字")
    if isinstance(raw, int):
        return Parsed(check_value(Decimal(raw), kind, digits))
    if isinstance(raw, float):
        d = Decimal(repr(raw))  # NaN and infinities are refused by check_value
        if kind is Kind.MONEY and places(d) > MONEY_PLACES:  # float noise from Excel
            d = d.quantize(Decimal(1).scaleb(-MONEY_PLACES)).normalize()
        return Parsed(check_value(d, kind, digits))
    if isinstance(raw, Decimal):
        return Parsed(check_value(raw, kind, digits))
    text = str(raw)
    t = normalise(text)
    if not t:
        return Parsed(None)
    if t in DASHES or t in NONE_WORDS:
        return Parsed(0 if kind is Kind.COUNT else Decimal(0), f"「{text.strip()}」按 0 读入")
    try:
        value = check_value(_to_decimal(t), kind, digits)
    except ValueError_:
        m = re.match(_LEADING_NUMBER, t)
        if not m:
            raise
        value = check_value(_to_decimal(m.group(1)), kind, digits)
        return Parsed(value, f"「{text.strip()}」读作 {value}，其余文字「{m.group(2)}」未读入")
    if t != str(value) and not re.fullmatch(r"\d+(\.\d+)?", t):
        return Parsed(value, f"「{text.strip()}」读作 {value}")
    return Parsed(value)


def digits_of(key: str) -> int:
    """How many digits before the point the cell ``key`` may hold."""
    from app.form import FORM

    return TOTAL_DIGITS if FORM.cells[key].computed else MAX_DIGITS


def format_value(value: Value) -> str:
    """How a value is shown in a cell: blank as empty, the fee without float noise."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
