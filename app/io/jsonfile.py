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
from app.core.limits import YEAR_MAX, YEAR_MIN, clean_text, document_problem
from app.core.values import Value, ValueError_, digits_of, parse_imported
from app.form import FORM
from app.io.errors import ReadError, describe_os_error

FORMAT_ID = "nianbao-zhushou"
VERSION = 1
MAX_JSON_BYTES = 8 * 1024 * 1024  # the largest report within app.core.limits is below 5 MB


def _encode_values(values: dict[str, Value]) -> dict[str, Any]:
    """Blank cells are left out; the fee amount becomes an exact decimal string."""
    return {
        k: format(v, "f") if isinstance(v, Decimal) else v
        for k, v in values.items()
        if v is not None
    }


def to_json(doc: Document) -> dict[str, Any]:
    """The JSON data of ``doc``; texts are cleaned of lone surrogates (never unsavable)."""
    c = clean_text
    out = {
        "format": FORMAT_ID,
        "version": VERSION,
        "agency": c(doc.agency),
        "year": doc.year,
        "agency_level": c(doc.agency_level),
        "date": c(doc.date),
        "values": _encode_values(doc.values),
        "texts": {k: c(v) for k, v in doc.texts.items() if v},
        "last_year": {
            "agency": c(doc.last_year.agency),
            "year": doc.last_year.year,
            "values": _encode_values(doc.last_year.values),
            "texts": {k: c(v) for k, v in doc.last_year.texts.items() if v},
        },
    }
    if doc.included:  # optional: only a 汇总 has it, and older files never do
        out["included"] = _encode_included(doc.included)
    return out


def _encode_included(included: tuple[Included, ...]) -> list[dict[str, Any]]:
    return [
        {
            "agency": clean_text(i.agency),
            "file": clean_text(i.file),
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


# Where a part of the file is, in the words of the report (never the JSON key names).
THIS_YEAR, LAST_YEAR = "本年报告", "上年报告"
DAMAGED = "文件内容不完整或已被改动"


def _decode_values(raw: Any, where: str, skip_computed: bool) -> dict[str, Value]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ReadError(f"{DAMAGED}：{where}的表格数据无法识别")
    out: dict[str, Value] = {}
    for key, v in raw.items():
        cell = FORM.cells.get(key)
        if cell is None:
            raise ReadError(f"{DAMAGED}：{where}中有一个本程序不认识的表格项")
        if skip_computed and cell.computed:  # recomputed from the inputs on reading
            continue
        if isinstance(v, float):  # parse_float=Decimal makes this unreachable for our files
            v = Decimal(repr(v))
        try:
            out[key] = parse_imported(v, cell.kind, digits_of(key)).value
        except ValueError_ as exc:
            raise ReadError(f"{where}「{FORM.describe(key)}」：{exc}") from exc
    return out


def _decode_texts(raw: Any, where: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise ReadError(f"{DAMAGED}：{where}的正文无法识别")
    known = set(FORM.text_keys) | set(FORM.text_notes)
    if any(k not in known for k in raw):
        raise ReadError(f"{DAMAGED}：{where}中有一段本程序不认识的正文")
    return {k: clean_text(v) for k, v in raw.items()}


def _text(raw: Any, what: str) -> str:
    if raw is None:
        return ""
    if isinstance(raw, (int, Decimal)) and not isinstance(raw, bool):
        return str(raw)  # e.g. a date typed as a number by hand
    if not isinstance(raw, str):
        raise ReadError(f"{DAMAGED}：{what}应是文字")
    return clean_text(raw)


def _year(raw: Any, where: str) -> int | None:
    """A year between YEAR_MIN and YEAR_MAX, checked before any arithmetic."""
    if raw is None or raw == "":
        return None
    wrong = ReadError(f"{where}的报告年度不是有效的年份（应为 {YEAR_MIN}—{YEAR_MAX} 之间的整数）")
    if isinstance(raw, bool) or not isinstance(raw, (int, str, Decimal)):
        raise wrong
    if isinstance(raw, str):
        if not (raw.strip().isascii() and raw.strip().isdigit() and len(raw.strip()) <= 4):
            raise wrong
        raw = int(raw.strip())
    if isinstance(raw, Decimal):
        if not raw.is_finite() or (not raw.is_zero() and raw.adjusted() > 4):
            raise wrong
        if raw != raw.to_integral_value():
            raise wrong
        raw = int(raw)
    year = int(raw)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise wrong
    return year


def _decode_included(raw: Any) -> tuple[Included, ...]:
    """The reports a 汇总 adds up (absent in ordinary reports and in older files)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(i, dict) for i in raw):
        raise ReadError(f"{DAMAGED}：汇总范围（所含报告的列表）无法识别")
    where = "汇总范围"
    return tuple(
        Included(
            agency=_text(i.get("agency"), "汇总范围中的机关名称"),
            file=_text(i.get("file"), "汇总范围中的文件名"),
            year=_year(i.get("year"), where),
            figures=tuple(_decode_values(i.get("figures"), where, skip_computed=False).items()),
        )
        for i in raw
    )


def from_json(data: Any) -> Document:
    if not isinstance(data, dict) or data.get("format") != FORMAT_ID:
        raise ReadError("不是年报助手的 JSON 文件")
    version = data.get("version")
    if version != VERSION:
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            raise ReadError("文件由更新版本的年报助手保存，请升级本程序后再打开")
        raise ReadError(f"{DAMAGED}：无法识别文件格式的版本")
    values = _decode_values(data.get("values"), THIS_YEAR, skip_computed=True)
    last = data.get("last_year") or {}
    if not isinstance(last, dict):
        raise ReadError(f"{DAMAGED}：上年报告的参考数据无法识别")
    doc = Document(
        agency=_text(data.get("agency"), "机关名称"),
        year=_year(data.get("year"), THIS_YEAR),
        agency_level=_text(data.get("agency_level"), "机关层级"),
        date=_text(data.get("date"), "成文日期"),
        values=values,
        texts=_decode_texts(data.get("texts"), THIS_YEAR),
        last_year=LastYear(
            values=_decode_values(last.get("values"), LAST_YEAR, skip_computed=False),
            texts=_decode_texts(last.get("texts"), LAST_YEAR),
            agency=_text(last.get("agency"), "上年报告的机关名称"),
            year=_year(last.get("year"), LAST_YEAR),
        ),
        included=_decode_included(data.get("included")),
    )
    problem = document_problem(doc)
    if problem:
        raise ReadError(f"{problem}，不像是一份年度报告")
    return doc


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
