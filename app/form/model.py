"""Building blocks of a report definition: sections, tables laid out on a grid, and cells.

A table is described once, as the official Word template draws it: a grid of rows and
columns on which label blocks and data cells are placed with their spans. Every consumer
(the window's grids, the Excel writer and reader, the PDF, the rules' messages) reads
this description instead of keeping its own copy of labels or coordinates.
"""

from enum import Enum
from typing import NamedTuple


class Kind(str, Enum):
    """What a data cell holds."""

    COUNT = "count"  # a non-negative whole number of items
    MONEY = "money"  # an amount in 万元 with up to six decimals


class Label(NamedTuple):
    """A piece of printed text placed on a table's grid (header, row or column label)."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  # part of the column header (repeated when a table crosses pages)


class CellDef(NamedTuple):
    """A data cell of a table: where it sits, what it means and, if computed, from what."""

    key: str
    table: str  # table id, e.g. "t3"
    row: int
    col: int
    colspan: int
    row_name: str  # the official row wording used in messages
    col_name: str  # the official column wording used in messages (may be empty)
    kind: Kind = Kind.COUNT
    unit: str = "件"
    parts: tuple[str, ...] = ()  # keys summed by a computed cell; empty for input cells

    @property
    def computed(self) -> bool:
        return bool(self.parts)


class TableDef(NamedTuple):
    """One official table drawn on a grid of ``n_rows`` × ``n_cols``."""

    id: str  # "t2", "t3", "t4"
    number: str  # the table's section number: "二", "三", "四"
    n_rows: int
    n_cols: int
    labels: tuple[Label, ...]
    cells: tuple[CellDef, ...]
    header_rows: int  # leading grid rows that form the column header
    label_cols: int  # leading grid columns that hold row labels
    col_weights: tuple[float, ...]  # relative printed widths of the grid columns
    note: str = ""  # the official remark printed in the table (table 三), if any

    @property
    def short_name(self) -> str:
        return f"表{self.number}"


class SectionDef(NamedTuple):
    """One of the six sections of the report, in official order."""

    number: str  # "一" … "六"
    heading: str  # exact official heading without its number
    key: str  # text key ("text.overview") or table id ("t2")
    guidance: str  # the official guidance shown beside the editor
    placeholder: str = ""  # the template's hint, e.g. "（文字描述）"

    @property
    def title(self) -> str:
        return f"{self.number}、{self.heading}"

    @property
    def is_text(self) -> bool:
        return self.key.startswith("text.")


class MetaField(NamedTuple):
    """A metadata field of the report (机关名称, 报告年度 …)."""

    key: str
    label: str
    required: bool = False
    choices: tuple[str, ...] = ()


class FormDef:
    """A whole report format: metadata, sections and tables, with lookups by key."""

    def __init__(
        self,
        name: str,
        notice: str,  # the notice that defines the format
        title_template: str,
        meta: tuple[MetaField, ...],
        sections: tuple[SectionDef, ...],
        tables: tuple[TableDef, ...],
        text_notes: dict[str, str] | None = None,  # note.t2 → "表二备注"
        meta_heading: str = "基本信息",  # what the metadata is called on screen and in messages
    ) -> None:
        self.name = name
        self.notice = notice
        self.title_template = title_template
        self.meta = meta
        self.sections = sections
        self.tables = tables
        self.text_notes = dict(text_notes or {})
        self.meta_heading = meta_heading
        self._cells = {c.key: c for t in tables for c in t.cells}
        # read by the rules on every keystroke: built once
        self.input_keys = tuple(k for k, c in self._cells.items() if not c.computed)
        self.computed_keys = tuple(k for k, c in self._cells.items() if c.computed)
        self.text_keys = tuple(s.key for s in sections if s.is_text)
        dependents: dict[str, list[str]] = {}
        for c in self._cells.values():
            for p in c.parts:
                dependents.setdefault(p, []).append(c.key)
        self._dependents = {k: tuple(v) for k, v in dependents.items()}

    def __repr__(self) -> str:
        return f"FormDef({self.name!r})"

    @property
    def cells(self) -> dict[str, CellDef]:
        return self._cells

    def cell(self, key: str) -> CellDef:
        return self.cells[key]

    def table(self, table_id: str) -> TableDef:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def meta_field(self, key: str) -> MetaField:
        for m in self.meta:
            if m.key == key:
                return m
        raise KeyError(key)

    def section(self, key: str) -> SectionDef:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def dependents(self, key: str) -> tuple[str, ...]:
        """Computed cells whose value includes ``key`` directly."""
        return self._dependents.get(key, ())

    def describe(self, key: str) -> str:
        """The cell's place in the official words, e.g. 表三「一、本年新收…」行「自然人」列."""
        c = self.cells[key]
        t = self.table(c.table)
        where = f"{t.short_name}「{c.row_name}」"
        if c.col_name:
            where += f"行「{c.col_name}」列"
        return where

    def title(self, agency: str, year: int | None) -> str:
        return self.title_template.format(agency=agency, year="" if year is None else year)
