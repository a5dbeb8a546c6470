"""The report being edited: metadata, cell values by key, texts, and last year's reference.

Computed cells are kept up to date by :meth:`Document.set`, which recomputes only the
totals that depend on the edited cell, so an edit costs a handful of additions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from app.core.values import Value
from app.form import FORM, FormDef


class LastYear:
    """Last year's report as reference: figures and texts under the same keys."""

    def __init__(
        self,
        values: dict[str, Value] | None = None,
        texts: dict[str, str] | None = None,
        agency: str = "",
        year: int | None = None,
    ) -> None:
        self.values: dict[str, Value] = {} if values is None else values
        self.texts: dict[str, str] = {} if texts is None else texts
        self.agency = agency
        self.year = year

    def _fields(self) -> tuple[object, ...]:
        return (self.values, self.texts, self.agency, self.year)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LastYear) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"LastYear(agency={self.agency!r}, year={self.year!r})"


class Included(NamedTuple):
    """One report added into a 汇总 (summed) report: who, from which file, key figures."""

    agency: str
    file: str  # the file's name as the user knows it
    year: int | None = None
    figures: tuple[tuple[str, Value], ...] = ()  # (cell key, value) of the key totals


class Document:
    """A report. ``values`` holds every cell key of the form, ``None`` when blank.

    ``included`` is empty for an ordinary report; for a 汇总 it lists the reports summed.
    """

    def __init__(
        self,
        agency: str = "",
        year: int | None = None,
        agency_level: str = "",
        date: str = "",
        values: dict[str, Value] | None = None,
        texts: dict[str, str] | None = None,
        last_year: LastYear | None = None,
        form: FormDef = FORM,
        included: tuple[Included, ...] = (),
    ) -> None:
        self.agency = agency
        self.year = year
        self.agency_level = agency_level
        self.date = date
        self.values: dict[str, Value] = {} if values is None else values
        self.texts: dict[str, str] = {} if texts is None else texts
        self.last_year = LastYear() if last_year is None else last_year
        self.form = form
        self.included = included
        for key in form.cells:
            self.values.setdefault(key, None)
        for key in (*form.text_keys, *form.text_notes):
            self.texts.setdefault(key, "")
        self.recompute()

    def _fields(self) -> tuple[object, ...]:
        return (
            self.agency,
            self.year,
            self.agency_level,
            self.date,
            self.values,
            self.texts,
            self.last_year,
            self.included,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Document) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Document(agency={self.agency!r}, year={self.year!r})"

    # -- values ------------------------------------------------------------------
    def get(self, key: str) -> Value:
        return self.values[key]

    def number(self, key: str) -> int | Decimal:
        """The value with blank as 0, as totals and rules see it."""
        v = self.values[key]
        return 0 if v is None else v

    def set(self, key: str, value: Value) -> None:
        """Set an input cell and bring every total that depends on it up to date."""
        cell = self.form.cells[key]
        if cell.computed:
            raise KeyError(f"{key} is computed")
        self.values[key] = value
        self._update_dependents(key)

    def _update_dependents(self, key: str) -> None:
        for dep in self.form.dependents(key):
            self.values[dep] = self._sum(dep)
            self._update_dependents(dep)

    def _sum(self, key: str) -> Value:
        parts = [self.values[p] for p in self.form.cells[key].parts]
        return sum(p for p in parts if p is not None)  # type: ignore[misc]

    def recompute(self) -> None:
        """Recompute every computed cell (after bulk changes such as loading)."""
        done: set[str] = set()

        def compute(key: str) -> None:
            for part in self.form.cells[key].parts:
                if self.form.cells[part].computed and part not in done:
                    compute(part)
            self.values[key] = self._sum(key)
            done.add(key)

        for key in self.form.computed_keys:
            if key not in done:
                compute(key)

    def input_items(self) -> dict[str, Value]:
        return {k: self.values[k] for k in self.form.input_keys}

    def copy(self) -> Document:
        return Document(
            agency=self.agency,
            year=self.year,
            agency_level=self.agency_level,
            date=self.date,
            values=dict(self.values),
            texts=dict(self.texts),
            last_year=LastYear(
                dict(self.last_year.values),
                dict(self.last_year.texts),
                self.last_year.agency,
                self.last_year.year,
            ),
            included=self.included,
        )

    def same_content(self, other: Document) -> bool:
        """Equal metadata, input values, texts and reference, ignoring blank texts."""

        def texts(d: dict[str, str]) -> dict[str, str]:
            return {k: v for k, v in d.items() if v}

        def vals(d: dict[str, Value]) -> dict[str, Value]:
            return {k: v for k, v in d.items() if v is not None}

        return (
            (self.agency, self.year, self.agency_level, self.date)
            == (other.agency, other.year, other.agency_level, other.date)
            and self.input_items() == other.input_items()
            and texts(self.texts) == texts(other.texts)
            and vals(self.last_year.values) == vals(other.last_year.values)
            and texts(self.last_year.texts) == texts(other.last_year.texts)
            and (self.last_year.agency, self.last_year.year)
            == (other.last_year.agency, other.last_year.year)
            and self.included == other.included
        )


def next_year(last: Document) -> Document:
    """Start next year's report from last year's: DESIGN §1 step 1."""
    doc = Document(
        agency=last.agency,
        year=None if last.year is None else last.year + 1,
        agency_level=last.agency_level,
    )
    for col in _t3_cols(doc.form):
        src = f"t3.carry_forward.{col}"
        dst = f"t3.carried.{col}"
        if not doc.form.cells[dst].computed:
            doc.set(dst, last.values.get(src))
    doc.last_year = LastYear(
        values={k: v for k, v in last.values.items() if v is not None},
        texts={k: v for k, v in last.texts.items() if v},
        agency=last.agency,
        year=last.year,
    )
    return doc


def _t3_cols(form: FormDef) -> list[str]:
    return [k.rsplit(".", 1)[1] for k in form.cells if k.startswith("t3.carry_forward.")]
