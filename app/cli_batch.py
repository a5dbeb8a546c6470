"""The supervising office's commands: ``check`` over several files (with ``--xlsx``) and ``sum``.

``python -m app check FOLDER… [--json] [--xlsx OUT.xlsx]`` reviews every report like
``check`` does for one, adds the cross-report checks (same agency twice, identical tables,
another year than most) and can write the review workbook; exit codes as ``check``:
0 no errors, 1 errors, 2 a file unreadable (or the workbook not written).

``python -m app sum FILE_OR_FOLDER… -o OUT [--agency NAME] [--year Y] [--include-errors]
[--parent FILE]`` writes the 汇总 of the reports (see :mod:`app.core.aggregate`) and, with
``--parent``, lists where that report's own figures differ from the sum of the others.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from app.cli import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_UNREADABLE,
    _error,
    _print,
    _print_findings,
    _print_summary,
    expand,
)
from app.console import json_text
from app.io.errors import WriteError


def add_sum_arguments(s: Any) -> None:
    """The ``sum`` command's arguments on its parser ``s``."""
    s.add_argument("inputs", nargs="+", metavar="FILE_OR_FOLDER")
    s.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="汇总报告文件（.xlsx/.json/.pdf）"
    )
    s.add_argument("--agency", default="", metavar="NAME", help="汇总报告的机关名称")
    s.add_argument("--year", type=_year, metavar="Y", help="只汇总这一年度的报告")
    s.add_argument("--include-errors", action="store_true", help="有错误的报告也一并汇总")
    s.add_argument(
        "--parent", metavar="FILE", help="本级机关自己的报告：不计入汇总，与下级合计逐格比对"
    )


def _year(text: str) -> int:
    import argparse

    if not text.isdigit() or not 1900 < int(text) < 3000:
        raise argparse.ArgumentTypeError(f"「{text}」不是年度")
    return int(text)


def check_batch(names: Sequence[str], as_json: bool, xlsx: str | None) -> int:
    """``check`` over files and folders, with the cross-report checks and the workbook."""
    from app.core.review import cross_check
    from app.io.batch import review_file, too_many

    files = expand(names)
    if too_many(files):
        _error(too_many(files) + "。")
        return EXIT_UNREADABLE
    items = cross_check([review_file(name) for name in files])
    for i in items:
        if i.doc is None:
            _error(f"{i.path}：{i.reason}")
    if as_json:
        if len(items) == 1 and items[0].doc is not None:
            out: Any = [f.as_json() for f in items[0].findings]
        else:
            out = [
                {"file": i.path, "error": i.reason, "findings": []}
                if i.doc is None
                else {"file": i.path, "findings": [f.as_json() for f in i.findings]}
                for i in items
            ]
        _print(json_text(out, sys.stdout))
    else:
        for i in items:
            if i.doc is None:
                continue
            _print_findings(i.path, i.findings)
    unreadable = sum(1 for i in items if i.doc is None)
    with_errors = sum(1 for i in items if i.errors)
    if len(items) > 1 and not as_json:
        _print_summary(len(items), with_errors, unreadable)
    if xlsx:
        from app.io.review_xlsx import write_review

        try:
            write_review(items, xlsx)
        except WriteError as exc:
            _error(str(exc))
            return EXIT_UNREADABLE
        if not as_json:
            _print(f"检查结果已写入 {xlsx}")
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if with_errors else EXIT_OK


def sum_reports(
    inputs: Sequence[str],
    output: str,
    agency: str = "",
    year: int | None = None,
    include_errors: bool = False,
    parent: str | None = None,
) -> int:
    """Write the 汇总 of ``inputs`` to ``output``; exit 2 with one sentence when refused."""
    from pathlib import Path

    from app.core.aggregate import Part, SumError, compare_parent, sum_documents
    from app.io.batch import report_files, review_file, too_many
    from app.io.files import write_document

    names = report_files(expand(inputs))
    if too_many(names):
        _error(too_many(names) + "。")
        return EXIT_UNREADABLE
    parent_item = None
    if parent is not None:
        parent_item = review_file(parent)
        if parent_item.doc is None:
            _error(f"{parent}：{parent_item.reason}")
            return EXIT_UNREADABLE
        same = Path(parent).resolve()
        names = [n for n in names if Path(n).resolve() != same]
    items = [review_file(n) for n in names]
    bad = [i for i in items if i.doc is None]
    if bad:
        for i in bad:
            _error(f"{i.path}：{i.reason}")
        _error(f"有 {len(bad)} 个文件无法读取，未汇总。")
        return EXIT_UNREADABLE
    parts = [Part(i.doc, i.name, bool(i.errors)) for i in items if i.doc is not None]
    try:
        result = sum_documents(parts, agency, year, include_errors)
    except SumError as exc:
        hint = {"years": "（用 --year 指定）", "errors": "（仍要汇总请加 --include-errors）"}
        _error(f"无法汇总：{exc}{hint.get(exc.reason, '')}")
        return EXIT_UNREADABLE
    for p in result.skipped_years:
        _print(f"未汇总（年度为 {p.doc.year or '未填'}）：{p.file}")
    for p in result.with_errors:
        _print(f"注意：已汇总有错误的报告 {p.file}")
    doc = result.doc
    try:
        write_document(doc, output)
    except WriteError as exc:
        _error(str(exc))
        return EXIT_UNREADABLE
    _print(f"已汇总 {len(doc.included)} 份 {doc.year or ''} 年度报告，写入 {output}")
    if parent_item is not None and parent_item.doc is not None:
        diffs = compare_parent(parent_item.doc, doc)
        if diffs:
            _print(f"本级报告「{parent_item.name}」与下级报告合计不一致之处（{len(diffs)} 处）：")
            for f in diffs:
                _print(f"  {f.severity.label}：{f.message}")
        else:
            _print(f"本级报告「{parent_item.name}」与下级报告合计一致。")
    return EXIT_OK
