"""The ``draft`` command: the standard sentences of 一 and 六 written from a report's tables.

``python -m app draft FILE [--section overview|other] [--fee-yuan 元] [--fee-count 件]``
prints the sentences 插入标准表述 offers in the window and, for the whole report, the
figures of its texts that the tables no longer support.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from app.cli import EXIT_OK, EXIT_UNREADABLE, _error, _print
from app.io.errors import ReadError


def add_draft_arguments(d: Any) -> None:
    """Add the ``draft`` command's arguments to its parser ``d``."""
    d.add_argument("file", metavar="FILE")
    d.add_argument("--section", choices=("overview", "other"), help="只输出这一部分的表述")
    d.add_argument(
        "--fee-yuan", type=_fee_yuan, metavar="元", help="本年实际收取的信息处理费（元）"
    )
    d.add_argument(
        "--fee-count", type=_fee_count, metavar="件", help="收取信息处理费涉及的申请件数"
    )


def _fee_yuan(text: str) -> Decimal:
    from app.core.drafting import read_yuan

    value = read_yuan(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"「{text}」不是金额")
    return value


def _fee_count(text: str) -> int:
    from app.core.drafting import read_count

    value = read_count(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"「{text}」不是件数")
    return value


def draft_file(
    src: str, section: str | None, fee_yuan: Decimal | None, fee_count: int | None
) -> int:
    """Print the standard sentences of 一 and 六, and the figures of the texts that the
    tables no longer support. The report's modules load here: the parser is built for
    every command."""
    from app.core.drafting import (
        OTHER,
        OVERVIEW,
        FeeCharged,
        number_updates,
        other_parts,
        overview_parts,
        unfilled,
    )
    from app.form import FORM
    from app.io.files import read_document

    try:
        doc, _ = read_document(src)
    except ReadError as exc:
        _error(f"{src}：{exc}")
        return EXIT_UNREADABLE
    blank = unfilled(doc)
    if blank:
        _error(f"注意：表格中还有 {blank} 个单元格未填写，以下表述按 0 计算。")
    fee = FeeCharged(fee_yuan, fee_count)
    sections = {
        "overview": (OVERVIEW, overview_parts(doc)),
        "other": (OTHER, other_parts(doc, fee)),
    }
    for name, (key, parts) in sections.items():
        if section not in (None, name):
            continue
        if section is None:
            _print(FORM.section(key).title)
        for part in parts:
            _print(part.text)
        if section is None:
            _print("")
    updates = number_updates(doc)
    if updates and section is None:
        _print("正文中与表格不一致的数字（可在窗口中用「更新文字中的数字」更新）：")
        for u in updates:
            _print(
                f"  「{FORM.section(u.text_key).title}」「{u.phrase}」→「{u.after}」（{u.place}为 {u.new}）"
            )
    return EXIT_OK
