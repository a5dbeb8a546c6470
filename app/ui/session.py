"""The document being edited in the window, with its findings, undo stack and change signals.

Every edit — a cell, a metadata field, a text — goes through :meth:`Session.push` as an
undoable command (``app.ui.commands``). Applying a change updates the Document (which
recomputes its totals), re-runs the rules and emits ``cellsChanged`` with exactly the
cells whose value or findings changed, so the table models repaint only those.

While a number is being typed, :meth:`preview` applies it to the document without an
undo step; :meth:`commit_preview` turns it into one, :meth:`end_preview` restores the old
value (Esc).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.core.document import Document
from app.core.findings import Finding, Severity
from app.core.limits import clean_text
from app.core.rules import check
from app.core.values import Value
from app.form import FORM

META_KEYS = tuple(m.key for m in FORM.meta)


def _same(a: Value, b: Value) -> bool:
    """The same entry: 1 and Decimal("1"), or 18.871 and 18.8710, are different entries."""
    return type(a) is type(b) and str(a) == str(b)


def _signature(findings: list[Finding]) -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for f in findings:
        for k in f.keys:
            out.setdefault(k, []).append((f.severity.value, f.message))
    return {k: tuple(v) for k, v in out.items()}


class Session(QObject):
    """One open report: the Document, its findings and its undo history."""

    cellsChanged = Signal(object)  # set[str] of cell keys to repaint
    metaChanged = Signal(str)  # meta key
    textChanged = Signal(str, object)  # text key, the command's origin (editor or None)
    findingsChanged = Signal()

    def __init__(
        self,
        doc: Document,
        parent: QObject | None = None,
        import_findings: list[Finding] | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.undo_stack = QUndoStack(self)
        self.import_findings: list[Finding] = list(import_findings or [])
        self.extra_findings: list[Finding] = []  # e.g. values a paste could not read
        self.rule_findings: list[Finding] = check(doc)
        self._by_key: dict[str, list[Finding]] = {}
        self._sig = _signature(self.rule_findings)
        self._preview: tuple[str, Value] | None = None  # (key, committed value)
        self._index()

    # -- findings ----------------------------------------------------------------
    @property
    def findings(self) -> list[Finding]:
        return [*self.rule_findings, *self.import_findings, *self.extra_findings]

    def _index(self) -> None:
        by_key: dict[str, list[Finding]] = {}
        for f in self.findings:
            for k in f.keys:
                by_key.setdefault(k, []).append(f)
        for v in by_key.values():
            v.sort(key=lambda f: f.severity.rank)
        self._by_key = by_key

    def findings_for(self, key: str) -> list[Finding]:
        return self._by_key.get(key, [])

    def worst(self, key: str) -> Severity | None:
        f = self._by_key.get(key)
        return f[0].severity if f else None

    def recheck(self, touched: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
        """Re-run the rules; return ``touched`` plus every key whose findings changed."""
        self.rule_findings = check(self.doc)
        sig = _signature(self.rule_findings)
        old = self._sig
        changed = set(touched)
        for k in old.keys() | sig.keys():
            if old.get(k) != sig.get(k):
                changed.add(k)
        self._sig = sig
        self._index()
        return changed

    def set_extra_findings(self, findings: list[Finding]) -> None:
        old, self.extra_findings = self.extra_findings, list(findings)
        self._index()
        self.cellsChanged.emit({k for f in old + findings for k in f.keys})
        self.findingsChanged.emit()

    # -- applying changes (called by commands and the preview) ---------------------
    def _affected(self, keys: list[str]) -> set[str]:
        out: set[str] = set()
        stack = list(keys)
        while stack:
            k = stack.pop()
            if k not in out:
                out.add(k)
                stack.extend(FORM.dependents(k))
        return out

    def apply_values(self, values: dict[str, Value]) -> None:
        # Enter after typing re-applies what the preview already shows: nothing to redo.
        values = {k: v for k, v in values.items() if not _same(self.doc.values[k], v)}
        if not values:
            return
        for key, value in values.items():
            self.doc.set(key, value)
        touched = self._affected(list(values))
        if self.extra_findings and any(k in values for f in self.extra_findings for k in f.keys):
            self.extra_findings = [
                f for f in self.extra_findings if not any(k in values for k in f.keys)
            ]
        self.cellsChanged.emit(self.recheck(touched))
        self.findingsChanged.emit()

    def apply_meta(self, key: str, value: object) -> None:
        if isinstance(value, str):
            value = clean_text(value)  # half an emoji could not be saved
        setattr(self.doc, key, value)
        changed = self.recheck()
        self.metaChanged.emit(key)
        self.cellsChanged.emit(changed)
        self.findingsChanged.emit()

    def apply_text(self, key: str, text: str, origin: object = None) -> None:
        self.doc.texts[key] = text
        changed = self.recheck()
        self.textChanged.emit(key, origin)
        self.cellsChanged.emit(changed)
        self.findingsChanged.emit()

    # -- the undoable path ---------------------------------------------------------
    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def set_values(
        self, values: dict[str, Value], text: str = "", extra: list[Finding] | None = None
    ) -> bool:
        """Set input cells as one undo step; False when nothing would change.

        ``extra`` (a paste's refused cells) becomes the extra findings within the same step.
        """
        from app.ui.commands import SetValues

        old = {k: self.doc.values[k] for k in values}
        if self._preview is not None and self._preview[0] in values:
            old[self._preview[0]] = self._preview[1]
            self._preview = None
        new = {k: v for k, v in values.items() if not _same(old[k], v)}
        if not new and not extra:
            if extra is not None:
                self.set_extra_findings(extra)
            return False
        self.push(SetValues(self, {k: old[k] for k in new}, new, text, extra))
        return bool(new)

    # -- typing preview ------------------------------------------------------------
    def preview(self, key: str, value: Value) -> None:
        """Show what ``value`` would give, without an undo step (as the user types)."""
        if self._preview is None:
            self._preview = (key, self.doc.values[key])
        elif self._preview[0] != key:
            self.end_preview()
            self._preview = (key, self.doc.values[key])
        self.apply_values({key: value})

    def end_preview(self) -> None:
        """Put back the committed value of the cell being previewed (Esc)."""
        if self._preview is None:
            return
        key, value = self._preview
        self._preview = None
        self.apply_values({key: value})

    def commit_preview(self, key: str, value: Value) -> bool:
        """Turn the typed value into one undoable edit (Enter / Tab)."""
        return self.set_values({key: value}, f"修改{FORM.describe(key)}")

    def committed_document(self) -> Document:
        """The document without an uncommitted preview (what autosave writes)."""
        if self._preview is None:
            return self.doc
        copy = self.doc.copy()
        copy.set(*self._preview)
        return copy
