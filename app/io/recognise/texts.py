"""Metadata (agency, year) and the narrative sections 一、五、六 of other people's files."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from app.core.document import Document
from app.form import FORM
from app.io.recognise.base import (
    Context,
    Found,
    is_anchor,
    place,
    right_of,
    row_has_numbers,
    row_strings,
    to_year,
)
from app.io.recognise.headings import split_heading
from app.io.recognise.labels import (
    META_AGENCY_LABELS,
    META_YEAR_LABELS,
    SECTION_TITLES,
    bare,
    norm,
)
from app.io.recognise.titles import arabic_years, looks_like_agency, parse_title
from app.io.sheetgrid import Pos, Sheet
from app.io.xlsx_write import CONTINUED

TEXT_YEAR = re.compile(r"\s*((?:19|20)\d\d)\s*年(?!\d)")
DATE = re.compile(r"(?:19|20)\d\d年\d{1,2}月\d{1,2}日")


def read_meta(ctx: Context, doc: Document) -> None:
    """Agency and year from the title, labelled cells, the signature or the file name."""
    for sheet, pos, text in ctx.texts_index:
        title = parse_title(text)
        if title is None:
            continue
        doc.year = title.year
        where = f"标题「{text.strip()}」（{place(sheet, pos)}）"
        if title.agency:
            doc.agency = title.agency
            ctx.report.info(
                "meta_title", f"机关名称「{doc.agency}」和报告年度 {doc.year} 取自{where}"
            )
        else:
            near = _agency_near(sheet, pos)
            if near is not None:
                doc.agency, at = near
                ctx.report.info(
                    "meta_title",
                    f"报告年度 {doc.year} 取自{where}，机关名称「{doc.agency}」取自标题旁的"
                    f"{place(sheet, at)}",
                )
            else:
                ctx.report.info(
                    "meta_title", f"报告年度 {doc.year} 取自{where}，标题中没有机关名称"
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
            y = to_year(re.sub(r"[年度\s]", "", arabic_years(value)))
            if y:
                doc.year = y
                ctx.report.info("meta_label", f"报告年度 {y} 取自{place(sheet, pos)}")
    if not doc.agency:
        _agency_from_signature(ctx, doc)
    if not doc.agency or doc.year is None:
        title = parse_title(Path(ctx.name).stem)
        if title is not None:
            if not doc.agency and title.agency:
                doc.agency = title.agency
                ctx.report.info("meta_file", f"机关名称「{doc.agency}」取自文件名")
            if doc.year is None:
                doc.year = title.year
                ctx.report.info("meta_file", f"报告年度 {doc.year} 取自文件名")


def meta_from_text(ctx: Context, doc: Document) -> None:
    """The year from the first words of 一 when nothing else gave it; what is still missing."""
    if doc.year is None:
        m = TEXT_YEAR.match(arabic_years(doc.texts.get("text.overview", "")))
        if m:
            doc.year = int(m.group(1))
            ctx.report.warn(
                "meta_text_year",
                f"文件中没有写明报告年度，按「{FORM.section('text.overview').title}」开头的"
                f"「{m.group(0).strip()}」取为 {doc.year} 年，请核对",
                ("year",),
            )
    if not doc.agency:
        ctx.report.warn("meta_missing", "文件中没有找到机关名称，请填写", ("agency",))
    if doc.year is None:
        ctx.report.warn("meta_missing", "文件中没有找到报告年度，请填写", ("year",))


def _agency_near(sheet: Sheet, pos: Pos) -> tuple[str, Pos] | None:
    """An agency's name just above (or below) a title that names none."""
    r, c = pos
    for rr in (r - 1, r - 2, r + 1):
        for cc, v in row_strings(sheet, rr, c - 2, c + 12):
            name = v.strip().strip("（）()")
            if looks_like_agency(name):
                return re.sub(r"\s+", "", name), (rr, cc)
    return None


def _agency_from_signature(ctx: Context, doc: Document) -> None:
    """The signature at the end: an agency's name with the date on the next line."""
    for sheet, pos, text in reversed(ctx.texts_index):
        if not looks_like_agency(text):
            continue
        below = row_strings(sheet, pos[0] + 1, pos[1] - 2, pos[1] + 12)
        if below and DATE.fullmatch(re.sub(r"\s+", "", arabic_years(below[0][1]))):
            doc.agency = re.sub(r"\s+", "", text.strip())
            ctx.report.info(
                "meta_signature", f"机关名称「{doc.agency}」取自落款（{place(sheet, pos)}）"
            )
            return


def read_texts(ctx: Context, doc: Document) -> None:
    heads: list[tuple[Sheet, Pos, str, str, str]] = []
    for sheet, pos, text in ctx.texts_index:
        first_line = text.strip().split("\n", 1)[0]
        key = SECTION_TITLES.get(bare(first_line)) or SECTION_TITLES.get(norm(first_line))
        lead = ""
        if not key:
            heading = split_heading(first_line)
            if heading is None:
                continue
            key, lead = heading.key, heading.rest
        heads.append((sheet, pos, key, text, lead))
    for sheet, pos, key, text, lead in heads:
        if not key.startswith("text.") or doc.texts.get(key):
            continue
        body = section_body(sheet, pos, text, lead)
        if body:
            doc.texts[key] = body
            title = FORM.section(key).title
            ctx.report.info(
                "text",
                f"读入了「{title}」的文字（{place(sheet, pos)} 起，{len(body)} 字）",
            )
    _split_signature(ctx, doc)


def _ends_text(line: str) -> bool:
    """Whether ``line`` is a section heading or a table's anchor (where a text ends)."""
    n = bare(line.split("\n", 1)[0])
    return (
        n in SECTION_TITLES
        or norm(line) in SECTION_TITLES
        or is_anchor(line)
        or split_heading(line) is not None
    )


def read_notes(ctx: Context, doc: Document, found: Found) -> None:
    """In a document (Word, web page, PDF, text), the paragraphs right under a table, up to
    the next heading or table, are that table's note (表三备注 …)."""
    for table in doc.form.tables:
        spots = [found.cells[c.key] for c in table.cells if c.key in found.cells]
        if not spots:
            continue
        sheet = spots[-1].sheet
        if sheet.style == "sheet":  # a spreadsheet: what sits under a table is anyone's guess
            continue
        last = max(s.pos[0] for s in spots if s.sheet is sheet)
        parts: list[str] = []
        for r in range(last + 1, last + 50):
            row = row_strings(sheet, r, 0, 60)
            if len(row) != 1 or _ends_text(row[0][1].strip()):
                break  # a blank line, a table's row, a heading
            parts.append(row[0][1].strip())
        key = f"note.{table.id}"
        if parts and key in doc.texts and not doc.texts[key]:
            doc.texts[key] = "\n".join(parts)
            label = doc.form.text_notes.get(key, key)
            ctx.report.info("text", f"读入了{label}（{place(sheet, (last + 1, 0))} 起）")


def _split_signature(ctx: Context, doc: Document) -> None:
    """The 落款 under the last section (the agency, then the 成文日期 on its own line) is not
    part of that section's text; the date becomes the report's 成文日期."""
    for key in reversed(FORM.text_keys):
        lines = doc.texts.get(key, "").rstrip().split("\n")
        if lines == [""]:
            continue
        date = re.sub(r"\s+", "", arabic_years(lines[-1]))
        if len(lines) >= 3 and DATE.fullmatch(date) and looks_like_agency(lines[-2].strip()):
            doc.texts[key] = "\n".join(lines[:-2]).rstrip()
            if not doc.date:
                doc.date = date
                ctx.report.info("meta_date", f"成文日期「{date}」取自落款")
        return


def section_body(sheet: Sheet, pos: Pos, text: str, lead: str = "") -> str:
    """The text under a heading: the rest of its cell, the cell right of it, or the rows
    below up to the next heading or table (``lead``: the heading's own line's text)."""
    r, c = pos
    parts: list[str] = [lead] if lead else []
    _first, _, rest = text.strip().partition("\n")
    if rest.strip():
        parts.append(rest.strip())
    right = right_of(sheet, pos)
    if right and not parts:
        if sheet.values.get((r + 1, c)) != CONTINUED:
            return right
        parts.append(right)  # our workbook: one paragraph a row, 「（续）」 beside the rest
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
        if line == CONTINUED and len(row) > 1:
            line = row[1][1].strip()
        if _ends_text(line):
            break
        parts.append(line)
    return "\n".join(parts)
