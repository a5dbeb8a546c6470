"""Metadata (agency, year) and the narrative sections 一、五、六 of other people's files."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from app.core.document import Document
from app.form import FORM
from app.io.recognise.base import (
    Context,
    is_anchor,
    place,
    right_of,
    row_has_numbers,
    row_strings,
    to_year,
)
from app.io.recognise.labels import (
    META_AGENCY_LABELS,
    META_YEAR_LABELS,
    SECTION_TITLES,
    TITLE_RE,
    bare,
    norm,
)
from app.io.sheetgrid import Pos, Sheet


def read_meta(ctx: Context, doc: Document) -> None:
    for sheet, pos, text in ctx.texts_index:
        compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
        m = TITLE_RE.match(compact)
        if m and len(compact) < 80:
            doc.agency = agency_from_title(m.group(1))
            doc.year = int(m.group(2))
            ctx.report.info(
                "meta_title",
                f"机关名称「{doc.agency or '（标题中没有）'}」和报告年度 {doc.year} 取自标题"
                f"「{text.strip()}」（{place(sheet, pos)}）",
            )
            break
    for sheet, pos, text in ctx.texts_index:
        head, _, rest = unicodedata.normalize("NFKC", text).partition(":")
        label = norm(head)
        value = rest.strip() or right_of(sheet, pos)
        if label in META_AGENCY_LABELS and not doc.agency and value:
            doc.agency = value
            ctx.report.info("meta_label", f"机关名称「{value}」取自{place(sheet, pos)}")
        elif label in META_YEAR_LABELS and doc.year is None and value:
            y = to_year(re.sub(r"[年度\s]", "", value))
            if y:
                doc.year = y
                ctx.report.info("meta_label", f"报告年度 {y} 取自{place(sheet, pos)}")
    if not doc.agency or doc.year is None:
        stem = re.sub(r"\s+", "", unicodedata.normalize("NFKC", Path(ctx.name).stem))
        m = TITLE_RE.match(stem)
        if m:
            if not doc.agency and agency_from_title(m.group(1)):
                doc.agency = agency_from_title(m.group(1))
                ctx.report.info("meta_file", f"机关名称「{doc.agency}」取自文件名")
            if doc.year is None:
                doc.year = int(m.group(2))
                ctx.report.info("meta_file", f"报告年度 {doc.year} 取自文件名")
    if not doc.agency:
        ctx.report.warn("meta_missing", "文件中没有找到机关名称，请填写", ("agency",))
    if doc.year is None:
        ctx.report.warn("meta_missing", "文件中没有找到报告年度，请填写", ("year",))


def read_texts(ctx: Context, doc: Document) -> None:
    heads: list[tuple[Sheet, Pos, str, str]] = []
    for sheet, pos, text in ctx.texts_index:
        first_line = text.strip().split("\n", 1)[0]
        key = SECTION_TITLES.get(bare(first_line)) or SECTION_TITLES.get(norm(first_line))
        if key:
            heads.append((sheet, pos, key, text))
    for sheet, pos, key, text in heads:
        if not key.startswith("text.") or doc.texts.get(key):
            continue
        body = section_body(sheet, pos, text)
        if body:
            doc.texts[key] = body
            title = FORM.section(key).title
            ctx.report.info(
                "text",
                f"读入了「{title}」的文字（{place(sheet, pos)} 起，{len(body)} 字）",
            )


def section_body(sheet: Sheet, pos: Pos, text: str) -> str:
    r, c = pos
    parts: list[str] = []
    _first, _, rest = text.strip().partition("\n")
    if rest.strip():
        parts.append(rest.strip())
    right = right_of(sheet, pos)
    if right and not parts:
        return right
    blank = 0
    for rr in range(r + 1, r + 200):
        row = row_strings(sheet, rr, max(0, c - 1), c + 3)
        if not row:
            blank += 1
            if blank >= 3 or (blank >= 1 and row_has_numbers(sheet, rr)):
                break
            continue
        blank = 0
        line = row[0][1].strip()
        n = bare(line.split("\n", 1)[0])
        if n in SECTION_TITLES or norm(line) in SECTION_TITLES or is_anchor(line):
            break
        parts.append(line)
    return "\n".join(parts)


def agency_from_title(text: str) -> str:
    """The agency in front of the year in a title, without 「附件1：」 or a trailing 「关于」."""
    text = re.sub(r"^(附件|附表)\d*[:：]?", "", text.strip())
    return re.sub(r"(关于|的)$", "", text).strip()
