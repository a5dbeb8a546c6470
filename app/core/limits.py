"""What a report may hold, so that everything the program writes it can read back.

- Numbers: below ``MAX_NUMBER`` (10⁹, see ``app.core.values``): then every total of the
  form (at most 126 cells added up) stays below 10¹², and a fee with its 6 decimals has
  at most 15 significant digits, which a spreadsheet's number keeps exactly.
- Texts: at most ``MAX_TEXT_CHARS`` characters per section or note (a report's longest
  section has a few thousand), ``MAX_FIELD_CHARS`` per metadata field (what a text field
  and a spreadsheet cell hold); a year between ``YEAR_MIN`` and ``YEAR_MAX``.
- Text is Unicode: a lone surrogate (half of an emoji, which Windows programs and JSON
  escapes can produce) cannot be saved as UTF-8 and becomes U+FFFD (�) where text enters
  the program; writers repeat the cleaning so that no save, print or recovery copy fails.
  Line ends become LF and control characters a spreadsheet cannot hold (all of C0 but
  tab and LF, U+FFFE, U+FFFF) are dropped, so that every format keeps the same text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.document import Document

MAX_TEXT_CHARS = 50_000
MAX_FIELD_CHARS = 32_767
YEAR_MIN, YEAR_MAX = 1990, 2200

_SURROGATE = re.compile("[\ud800-\udfff]")
_UNFIT = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` as every format keeps it: surrogate pairs joined, lone surrogates replaced
    by U+FFFD, CR LF and CR as LF, other control characters dropped."""
    if _UNFIT.search(text) is None:  # nearly always: one scan, no copy
        return text
    if _SURROGATE.search(text) is not None:
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def clean_document(doc: Document) -> None:
    """Replace lone surrogates in every text of ``doc`` (in place)."""
    for fields in (doc, doc.last_year):
        for name in ("agency", "agency_level", "date"):
            value = getattr(fields, name, None)
            if isinstance(value, str):
                setattr(fields, name, clean_text(value))
    for texts in (doc.texts, doc.last_year.texts):
        for key, value in texts.items():
            texts[key] = clean_text(value)


def text_problem(label: str, text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """A sentence when ``text`` is longer than allowed, else ""."""
    if len(text) <= limit:
        return ""
    return f"「{label}」有 {len(text)} 个字，超过了 {limit} 字的上限"


def document_problem(doc: Document) -> str:
    """The first limit ``doc`` breaks, in a sentence ("" when within every limit)."""
    from app.form import FORM

    titles = {s.key: s.title for s in FORM.sections if s.is_text} | dict(FORM.text_notes)
    for prefix, texts in (("", doc.texts), ("上年报告", doc.last_year.texts)):
        for key, value in texts.items():
            problem = text_problem(prefix + titles.get(key, key), value)
            if problem:
                return problem
    for m in FORM.meta:
        value = getattr(doc, m.key, "")
        if isinstance(value, str):
            problem = text_problem(m.label, value, MAX_FIELD_CHARS)
            if problem:
                return problem
    return text_problem("上年报告机关名称", doc.last_year.agency, MAX_FIELD_CHARS)
