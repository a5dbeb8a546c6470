"""汇总: adding subordinate reports up into one, and comparing a parent's report with the sum.

Every input cell of the sum is the sum of the reports' cells: counts as integers, the fee
amount as an exact ``Decimal``; computed totals are recomputed by the document. Blank
cells: a cell blank in every report stays blank (so the 汇总 still shows what nobody
filled in); otherwise blanks count as 0, as the totals of one report already do. Last
year's figures are summed the same way when every report has them. Texts stay empty: the
supervising office writes its own. No I/O here: callers pass documents with their names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from app.core.document import Document, Included, LastYear
from app.core.findings import Finding, Severity
from app.core.values import Value, format_value
from app.form import FORM

# The figures of each included report listed with the 汇总 (window, workbook appendix).
KEY_FIGURES = (
    "t3.new.total",
    "t3.carried.total",
    "t3.results_total.total",
    "t3.carry_forward.total",
    "t4.review.total",
    "t2.fees.amount",
)


class SumError(Exception):
    """The reports cannot be summed as asked; ``str()`` is one Chinese sentence and
    ``reason`` one of ``empty``, ``years``, ``agency``, ``errors``."""

    def __init__(self, message: str, reason: str = "empty") -> None:
        super().__init__(message)
        self.reason = reason


class Part(NamedTuple):
    """A report offered to the sum: its document, file name and whether it has errors."""

    doc: Document
    file: str
    has_errors: bool = False


class SumResult(NamedTuple):
    doc: Document
    skipped_years: tuple[Part, ...]  # reports of another year than the one summed
    with_errors: tuple[Part, ...]  # included although they have errors


def agency_name(agency: str) -> str:
    """The agency as compared between reports: whitespace and full-width spaces removed."""
    return "".join(agency.split())


def add_values(values: Sequence[Value]) -> Value:
    """The sum of one cell over reports: blank when blank everywhere, else blanks count 0."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    if any(isinstance(v, Decimal) for v in present):
        return sum((Decimal(v) for v in present), Decimal(0))
    return sum(present)


def choose(
    parts: Sequence[Part], year: int | None = None, include_errors: bool = False
) -> tuple[list[Part], list[Part]]:
    """The parts to add up and those of other years; raise :class:`SumError` with the
    reason when the set cannot be summed (mixed years, an agency twice, errors)."""
    if not parts:
        raise SumError("没有可汇总的报告")
    skipped: list[Part] = []
    if year is None:
        years = Counter(p.doc.year for p in parts)
        if len(years) > 1:
            listed = "、".join(
                f"{'未填年度' if y is None else f'{y} 年'} {n} 份"
                for y, n in sorted(years.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
            )
            raise SumError(f"报告年度不一致（{listed}），请指定要汇总的年度", "years")
    else:
        skipped = [p for p in parts if p.doc.year != year]
        parts = [p for p in parts if p.doc.year == year]
        if not parts:
            raise SumError(f"没有 {year} 年度的报告")
    seen: dict[str, Part] = {}
    for p in parts:
        name = agency_name(p.doc.agency)
        if not name:
            continue
        if name in seen:
            raise SumError(
                f"同一机关「{p.doc.agency}」有两份报告（{seen[name].file}、{p.file}），"
                "请只保留一份再汇总",
                "agency",
            )
        seen[name] = p
    bad = [p for p in parts if p.has_errors]
    if bad and not include_errors:
        names = "、".join(p.file for p in bad)
        raise SumError(f"{len(bad)} 份报告有错误（{names}），请先更正，或确认仍要汇总", "errors")
    return list(parts), skipped


def included(p: Part) -> Included:
    return Included(
        agency=p.doc.agency,
        file=p.file,
        year=p.doc.year,
        figures=tuple((k, p.doc.values[k]) for k in KEY_FIGURES),
    )


def sum_documents(
    parts: Sequence[Part],
    agency: str = "",
    year: int | None = None,
    include_errors: bool = False,
) -> SumResult:
    """The 汇总 of ``parts`` (see the module's note on blank cells); raise SumError."""
    chosen, skipped = choose(parts, year, include_errors)
    docs = [p.doc for p in chosen]
    values = {k: add_values([d.values[k] for d in docs]) for k in FORM.input_keys}
    last = LastYear()
    if all(any(v is not None for v in d.last_year.values.values()) for d in docs):
        keys = FORM.cells.keys()
        summed = {k: add_values([d.last_year.values.get(k) for d in docs]) for k in keys}
        last_years = {d.last_year.year for d in docs}
        last = LastYear(
            values={k: v for k, v in summed.items() if v is not None},
            agency=agency,
            year=last_years.pop() if len(last_years) == 1 else None,
        )
    doc = Document(
        agency=agency,
        year=docs[0].year,
        values=values,
        last_year=last,
        included=tuple(included(p) for p in chosen),
    )
    return SumResult(doc, tuple(skipped), tuple(p for p in chosen if p.has_errors))


PARENT_RULE = "sum.parent_differs"


def compare_parent(parent: Document, children_sum: Document) -> list[Finding]:
    """Warnings for every cell where the parent's own figure differs from its
    subordinates' sum, in the form's order, each naming the cell in the official words."""
    out: list[Finding] = []
    for key in FORM.cells:
        mine, theirs = parent.number(key), children_sum.number(key)
        if mine == theirs:
            continue
        diff = mine - theirs
        gap: int | Decimal = -diff if diff < 0 else diff
        out.append(
            Finding(
                PARENT_RULE,
                Severity.WARNING,
                (key,),
                f"{FORM.describe(key)}：本级报告 {format_value(mine)}，"
                f"下级报告合计 {format_value(theirs)}，"
                f"{'多' if diff > 0 else '少'} {format_value(gap)}",
            )
        )
    return out
