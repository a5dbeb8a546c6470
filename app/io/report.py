"""The import report: what was read from where, what was assumed, what was ignored.

Its findings use rule ids starting with ``import.`` and are anchored to cell keys like
the rules' findings, so the window and ``check --json`` show both side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.findings import Finding, Severity


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
