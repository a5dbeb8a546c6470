"""Reviewing a folder of reports (DESIGN §11): one row per file and the cross-report checks.

A :class:`Reviewed` holds what one file gave (its document and findings, or why it could
not be read). :func:`cross_check` adds what a reviewer sees only across files: the same
agency twice, two reports with identical tables, a report of another year than most, and
a carry-over that does not match the agency's own report of last year when both are there.
:func:`place` names a finding's cells in words built from the form's labels
(「表三·自然人列·（七）总计」). No Qt and no file access here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from app.core.aggregate import agency_name
from app.core.document import Document, LastYear
from app.core.findings import Finding, Severity
from app.form import FORM

FORMAT_NAMES = {
    "json": "JSON 文件",
    "own": "本程序导出的表格",
    "2021": "2021 年格式表格",
    "2019": "2019 年格式表格",
    "hybrid": "新旧格式混合的表格",
}
STATUS_UNREADABLE, STATUS_ERRORS, STATUS_WARNINGS, STATUS_OK = (
    "无法读取",
    "有错误",
    "有警告",
    "未发现问题",
)
RULE_SAME_AGENCY = "batch.same_agency"
RULE_SAME_TABLES = "batch.same_tables"
RULE_OTHER_YEAR = "batch.other_year"
RULE_CARRY_OVER = "batch.carry_over"
CROSS_RULES = (RULE_SAME_AGENCY, RULE_SAME_TABLES, RULE_OTHER_YEAR, RULE_CARRY_OVER)
NAMES_SHOWN = 3
WHOLE_REPORT = "全文"


class Reviewed(NamedTuple):
    """One file of a batch: its document and findings, or the reason it is unreadable."""

    path: str
    name: str  # the file name shown to the user
    doc: Document | None
    format: str = ""  # the import report's format id ("json", "2021", …)
    findings: tuple[Finding, ...] = ()
    reason: str = ""  # why the file cannot be read (then ``doc`` is None)

    @property
    def agency(self) -> str:
        return "" if self.doc is None else self.doc.agency

    @property
    def year(self) -> int | None:
        return None if self.doc is None else self.doc.year

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def status(self) -> str:
        if self.doc is None:
            return STATUS_UNREADABLE
        if self.errors:
            return STATUS_ERRORS
        return STATUS_WARNINGS if self.warnings else STATUS_OK

    @property
    def first_problem(self) -> Finding | None:
        """The first error, else the first warning (what the list shows and opens at)."""
        for sev in (Severity.ERROR, Severity.WARNING):
            for f in self.findings:
                if f.severity is sev:
                    return f
        return None

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES.get(self.format, self.format)

    @property
    def cross(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.rule in CROSS_RULES)


def place(keys: Sequence[str]) -> str:
    """Where a finding is, in the form's words: 「表三·自然人列·（七）总计」, 「表三·自然人列」,
    「五、存在的主要问题及改进情况」, 「基本信息·机关名称」; 「全文」 when it names no cell."""
    cells = [FORM.cells[k] for k in keys if k in FORM.cells]
    if cells:
        tables = list(dict.fromkeys(c.table for c in cells))
        if len(tables) > 1:
            return "、".join(FORM.table(t).short_name for t in tables)
        short = FORM.table(tables[0]).short_name
        cols = {c.col_name for c in cells}
        rows = {c.row_name for c in cells}
        col = cols.pop() if len(cols) == 1 else ""
        row = rows.pop() if len(rows) == 1 else ""
        parts = [short]
        if col:
            parts.append(f"{col}列")
        if row:
            parts.append(row if col else f"{row}行")
        return "·".join(parts)
    for k in keys:
        if k in FORM.text_keys:
            return FORM.section(k).title
        if k in FORM.text_notes:
            return FORM.text_notes[k]
        if any(m.key == k for m in FORM.meta):
            return f"{FORM.meta_heading}·{FORM.meta_field(k).label}"
    return WHOLE_REPORT


def _table_signature(doc: Document) -> tuple[object, ...] | None:
    """The tables' input figures (blank as 0); None for tables with nothing in them,
    which every empty report shares without having copied anything."""
    sig = tuple(doc.number(k) for k in FORM.input_keys)
    return sig if any(sig) else None


def names(items: Sequence[Reviewed], shown: int = NAMES_SHOWN) -> str:
    """「a.xlsx、b.xlsx」, or 「a.xlsx、b.xlsx、c.xlsx 等 12 个文件」 for long lists."""
    listed = "、".join(i.name for i in items[:shown])
    return listed if len(items) <= shown else f"{listed} 等 {len(items)} 个文件"


def carry_over(this: Reviewed, last: Reviewed) -> list[Finding]:
    """The carry-over rule against the agency's own report of last year in the batch."""
    from app.core.rules import RULES

    assert this.doc is not None and last.doc is not None
    probe = this.doc.copy()
    probe.last_year = LastYear(values=dict(last.doc.values), year=last.doc.year)
    rule = next(r for r in RULES if r.id == "carry_over")
    return [
        Finding(RULE_CARRY_OVER, f.severity, f.keys, f"与上年报告「{last.name}」相比：{f.message}")
        for f in rule.run(probe)
    ]


def cross_check(items: Sequence[Reviewed]) -> list[Reviewed]:
    """``items`` with the cross-report findings added (after their own; warnings, except a
    carry-over that contradicts last year's report in the batch, an error as in one report);
    earlier cross-report findings are replaced, so this can run again as files arrive."""
    readable = [i for i in items if i.doc is not None]
    extra: dict[str, list[Finding]] = {i.path: [] for i in items}
    by_agency: dict[str, list[Reviewed]] = {}
    by_tables: dict[tuple[object, ...], list[Reviewed]] = {}
    for i in readable:
        assert i.doc is not None
        name = agency_name(i.doc.agency)
        if name:
            by_agency.setdefault(name, []).append(i)
        sig = _table_signature(i.doc)
        if sig is not None:
            by_tables.setdefault(sig, []).append(i)
    for group in by_agency.values():
        for i in group if len(group) > 1 else ():
            same_year = [o for o in group if o is not i and o.year == i.year]
            if same_year:
                extra[i.path].append(
                    Finding(
                        RULE_SAME_AGENCY,
                        Severity.WARNING,
                        ("agency",),
                        f"同一机关「{i.agency}」还有一份报告：{names(same_year)}",
                    )
                )
            for last in (o for o in group if i.year is not None and o.year == i.year - 1):
                extra[i.path].extend(carry_over(i, last))
    for group in by_tables.values():
        for i in group if len(group) > 1 else ():
            others = names([o for o in group if o is not i])
            extra[i.path].append(
                Finding(
                    RULE_SAME_TABLES,
                    Severity.WARNING,
                    (),
                    f"表二、表三、表四的数字与另一份报告完全相同（{others}），请核实是否照抄",
                )
            )
    years = Counter(i.year for i in readable if i.year is not None)
    if years:
        usual, n = years.most_common(1)[0]
        if n * 2 > sum(years.values()):
            for i in readable:
                if i.year is not None and i.year != usual:
                    extra[i.path].append(
                        Finding(
                            RULE_OTHER_YEAR,
                            Severity.WARNING,
                            ("year",),
                            f"报告年度为 {i.year} 年，本批其他报告多为 {usual} 年",
                        )
                    )
    out = []
    for i in items:
        own = tuple(f for f in i.findings if f.rule not in CROSS_RULES)
        out.append(i._replace(findings=own + tuple(extra[i.path])))
    return out


def summary_line(items: Sequence[Reviewed]) -> str:
    """「共 N 份：a 份有错误，b 份无法读取，c 份没有错误。」"""
    bad = sum(1 for i in items if i.status == STATUS_UNREADABLE)
    errs = sum(1 for i in items if i.status == STATUS_ERRORS)
    return (
        f"共 {len(items)} 个文件：{errs} 个有错误，{bad} 个无法读取，"
        f"{len(items) - bad - errs} 个没有错误。"
    )
