"""What a check says: a finding with its rule, severity, anchored cell keys and message."""

from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Finding(NamedTuple):
    rule: str
    severity: Severity
    keys: tuple[str, ...]
    message: str

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "keys": list(self.keys),
            "message": self.message,
        }
