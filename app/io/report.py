"""The import report: what was read from where, what was assumed, what was ignored.

Its findings use rule ids starting with ``import.`` and are anchored to cell keys like
the rules' findings, so the window and ``check --json`` show both side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.document import Document
from app.core.findings import Finding, Severity
from app.form import FORM
from app.form.format2021 import T3_CARRY_FORWARD, T3_TOP_ROWS


@dataclass
class ImportReport:
    source: str = ""  # file name as the user knows it
    format: str = ""  # "json", "2021", "2019", "hybrid", "own"
    located: list[str] = field(default_factory=list)  # 「表三：工作表「Sheet1」A5:J32」
    findings: list[Finding] = field(default_factory=list)

    def add(self, rule: str, severity: Severity, keys: tuple[str, ...], message: str) -> None:
        self.findings.append(Finding(f"import.{rule}", severity, keys, message))

    def info(self, rule: str, message: str, keys: tuple[str, ...] = ()) -> None:
        self.add(rule, Severity.INFO, keys, message)

    def warn(self, rule: str, message: str, keys: tuple[str, ...] = ()) -> None:
        self.add(rule, Severity.WARNING, keys, message)

    def error(self, rule: str, message: str, keys: tuple[str, ...] = ()) -> None:
        self.add(rule, Severity.ERROR, keys, message)

    def lines(self) -> list[str]:
        """The report as plain Chinese lines for a dialog or the terminal."""
        out = [f"读取文件：{self.source}"]
        out += [f"  位置：{loc}" for loc in self.located]
        out += [f"  {f.severity.label}：{f.message}" for f in self.findings]
        return out


def carry_over_message(last: Document, doc: Document) -> str:
    """What starting this year's report ``doc`` from ``last`` did, in one Chinese sentence,
    never claiming an agency, a year or a carry-over the file did not have."""
    if doc.year:
        parts = [f"已据此新建 {doc.year} 年度报告"]
    else:
        parts = ["已据此新建报告（上年报告中没有年度，请填写报告年度）"]
    if last.agency:
        parts.append(f"机关名称「{doc.agency}」沿用上年")
    else:
        parts.append(f"上年报告中没有机关名称，请在「{FORM.meta_heading}」中填写")
    carried, forward = T3_TOP_ROWS[1][1], T3_CARRY_FORWARD[1]
    prefix = f"t3.{T3_CARRY_FORWARD[0]}."
    if any(v is not None for k, v in last.values.items() if k.startswith(prefix)):
        parts.append(f"表三「{carried}」已按上年「{forward}」逐列填入")
    else:
        parts.append(f"上年报告中没有「{forward}」，表三「{carried}」请手工填写")
    return "，".join(parts) + "；上年的数据和文字作为参考显示。"
