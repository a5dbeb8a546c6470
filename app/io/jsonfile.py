"""The JSON interchange format: a versioned document with flat cell keys.

Layout (see README): ``format``, ``version``, the metadata, ``values`` (cell key → number;
the fee amount as a decimal string), ``texts`` and ``last_year`` with the same keys.
Computed cells are written for the reader's convenience and recomputed on reading.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.core.document import Document, Included, LastYear
from app.core.values import Value, ValueError_, parse_imported
from app.form import FORM
from app.io.errors import ReadError, describe_os_error

FORMAT_ID = "nianbao-zhushou"
VERSION = 1
MAX_JSON_BYTES = 5 * 1024 * 1024


def _encode_values(values: dict[str, Value]) -> dict[str, Any]:
    """Blank cells are left out; the fee amount becomes an exact decimal string."""
    return {
        k: format(v, "f") if isinstance(v, Decimal) else v
        for k, v in values.items()
        if v is not None
    }


def to_json(doc: Document) -> dict[str, Any]:
    out = {
        "format": FORMAT_ID,
        "version": VERSION,
        "agency": doc.agency,
        "year": doc.year,
        "agency_level": doc.agency_level,
        "date": doc.date,
        "values": _encode_values(doc.values),
        "texts": {k: v for k, v in doc.texts.items() if v},
        "last_year": {
            "agency": doc.last_year.agency,
            "year": doc.last_year.year,
            "values": _encode_values(doc.last_year.values),
            "texts": {k: v for k, v in doc.last_year.texts.items() if v},
        },
    }
    if doc.included:  # optional: only a 汇总 has it, and older files never do
        out["included"] = _encode_included(doc.included)
    return out


def _encode_included(included: tuple[Included, ...]) -> list[dict[str, Any]]:
    return [
        {
            "agency": i.agency,
            "file": i.file,
            "year": i.year,
            "figures": _encode_values(dict(i.figures)),
        }
        for i in included
    ]


def included_text(doc: Document) -> str:
    """The 汇总's list of included reports as JSON text (kept in our workbooks' info sheet)."""
    return json.dumps(_encode_included(doc.included), ensure_ascii=False)


def included_from_text(text: str) -> tuple[Included, ...]:
    """The list :func:`included_text` wrote; raise :class:`ReadError` when damaged."""
    return _decode_included(parse_text(text))


def dumps(doc: Document) -> str:
    return json.dumps(to_json(doc), ensure_ascii=False, indent=2) + "\n"


def _decode_values(raw: Any, where: str) -> dict[str, Value]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ReadError(f"{where}应为键值表")
    out: dict[str, Value] = {}
    for key, v in raw.items():
        cell = FORM.cells.get(key)
        if cell is None:
            raise ReadError(f"{where}中有未知的单元格「{key}」")
        if isinstance(v, float):  # parse_float=Decimal makes this unreachable for our files
            v = Decimal(repr(v))
        try:
            out[key] = parse_imported(v, cell.kind).value
        except ValueError_ as exc:
            raise ReadError(f"{where}「{FORM.describe(key)}」：{exc}") from exc
    return out


def _decode_texts(raw: Any, where: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise ReadError(f"{where}应为文字键值表")
    known = set(FORM.text_keys) | set(FORM.text_notes)
    unknown = [k for k in raw if k not in known]
    if unknown:
        raise ReadError(f"{where}中有未知的文字项「{unknown[0]}」")
    return dict(raw)


def _year(raw: Any) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, str, Decimal)):
        raise ReadError("报告年度应为整数")
    try:
        return int(raw)
    except (ValueError, ArithmeticError) as exc:
        raise ReadError(f"报告年度「{raw}」不是整数") from exc


def _decode_included(raw: Any) -> tuple[Included, ...]:
    """The reports a 汇总 adds up (absent in ordinary reports and in older files)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(i, dict) for i in raw):
        raise ReadError("included 应为列表")
    return tuple(
        Included(
            agency=str(i.get("agency") or ""),
            file=str(i.get("file") or ""),
            year=_year(i.get("year")),
            figures=tuple(_decode_values(i.get("figures"), "included.figures").items()),
        )
        for i in raw
    )


def from_json(data: Any) -> Document:
    if not isinstance(data, dict) or data.get("format") != FORMAT_ID:
        raise ReadError("不是年报助手的 JSON 文件")
    if data.get("version") != VERSION:
        raise ReadError(f"JSON 文件版本 {data.get('version')} 不受支持")
    computed = set(FORM.computed_keys)
    values = {
        k: v for k, v in _decode_values(data.get("values"), "values").items() if k not in computed
    }
    last = data.get("last_year") or {}
    if not isinstance(last, dict):
        raise ReadError("last_year 应为键值表")
    return Document(
        agency=str(data.get("agency") or ""),
        year=_year(data.get("year")),
        agency_level=str(data.get("agency_level") or ""),
        date=str(data.get("date") or ""),
        values=values,
        texts=_decode_texts(data.get("texts"), "texts"),
        last_year=LastYear(
            values=_decode_values(last.get("values"), "last_year.values"),
            texts=_decode_texts(last.get("texts"), "last_year.texts"),
            agency=str(last.get("agency") or ""),
            year=_year(last.get("year")),
        ),
        included=_decode_included(data.get("included")),
    )


def parse_text(text: str) -> Any:
    """JSON text as Python data (decimals exact); raise :class:`ReadError` when malformed."""
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ReadError(f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）") from exc
    except (ValueError, RecursionError) as exc:  # a 5000-digit number, or absurd nesting
        raise ReadError("JSON 格式错误（数字过长或嵌套过深）") from exc


def loads(text: str) -> Document:
    return from_json(parse_text(text))


def read_json(path: Path) -> Document:
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise ReadError("文件过大，不像是一份年度报告")
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError("文件不是 UTF-8 编码的 JSON") from exc
    except OSError as exc:
        raise ReadError(f"无法读取文件：{describe_os_error(exc)}") from exc
    return loads(text)


def write_json(doc: Document, path: Path) -> None:
    from app.io.atomic import write_bytes_atomic

    write_bytes_atomic(path, dumps(doc).encode("utf-8"))
