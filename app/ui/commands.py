"""The undoable edits: cell values, metadata fields and texts (QUndoCommand subclasses).

Each command only tells the :class:`~app.ui.session.Session` what to apply; the session
updates the Document, re-runs the rules and emits the change signals.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from app.core.values import Value

if TYPE_CHECKING:
    from app.core.findings import Finding
    from app.ui.session import Session

TEXT_MERGE_ID = 1001
TEXT_MERGE_SECONDS = 1.5


class SetValues(QUndoCommand):
    """Set one or more input cells (a typed value, a paste, a Delete) as one step.

    ``extra`` (a paste's refused cells) replaces the session's extra findings with the
    step; undoing it puts the earlier ones back.
    """

    def __init__(
        self,
        session: Session,
        old: dict[str, Value],
        new: dict[str, Value],
        text: str = "",
        extra: list[Finding] | None = None,
    ) -> None:
        super().__init__(text or "修改单元格")
        self.session = session
        self.old = old
        self.new = new
        self.extra = extra
        self.old_extra = list(session.extra_findings)

    def redo(self) -> None:
        self.session.apply_values(self.new)
        if self.extra is not None:
            self.session.set_extra_findings(self.extra)

    def undo(self) -> None:
        self.session.apply_values(self.old)
        if self.extra is not None:
            self.session.set_extra_findings(self.old_extra)


class SetMeta(QUndoCommand):
    """Change a metadata field (机关名称, 报告年度, 机关层级, 成文日期)."""

    def __init__(self, session: Session, key: str, old: object, new: object, label: str) -> None:
        super().__init__(f"修改{label}")
        self.session = session
        self.key = key
        self.old = old
        self.new = new

    def redo(self) -> None:
        self.session.apply_meta(self.key, self.new)

    def undo(self) -> None:
        self.session.apply_meta(self.key, self.old)


class SetText(QUndoCommand):
    """Change a text section; consecutive typing in the same text merges into one step.

    ``origin`` is the editor the text came from: on the first redo the editor already shows
    the new text and is not touched again.
    """

    def __init__(
        self, session: Session, key: str, old: str, new: str, label: str, origin: object = None
    ) -> None:
        super().__init__(f"修改「{label}」")
        self.session = session
        self.key = key
        self.old = old
        self.new = new
        self.origin = origin
        self.stamp = time.monotonic()

    def id(self) -> int:
        return TEXT_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetText) or other.key != self.key:
            return False
        if other.stamp - self.stamp > TEXT_MERGE_SECONDS:
            return False
        self.new = other.new
        self.stamp = other.stamp
        return True

    def redo(self) -> None:
        origin, self.origin = self.origin, None
        self.session.apply_text(self.key, self.new, origin)

    def undo(self) -> None:
        self.session.apply_text(self.key, self.old, None)
