"""The form definition matches the official template, cell by cell and span by span."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.form import FORM
from app.form.model import TableDef

# A copy of shared/reference/format-2021-table-layout.txt (extracted from the official template).
LAYOUT = Path(__file__).resolve().parent / "data" / "format-2021-table-layout.txt"

# Written here from the official template, independently of app/form, for a cross-check.
EXPECTED_T3_ROW_KEYS = [
    "new", "carried", "granted", "partial",
    "withheld.state_secret", "withheld.law_prohibited", "withheld.security_stability",
    "withheld.third_party", "withheld.internal_affairs", "withheld.process_info",
    "withheld.enforcement_file", "withheld.query",
    "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear",
    "not_processed.complaint", "not_processed.duplicate", "not_processed.publication",
    "not_processed.excessive", "not_processed.confirmation",
    "other.no_correction", "other.no_fee", "other.other",
    "results_total", "carry_forward",
]  # fmt: skip
T3_COLS = ["natural", "commercial", "research", "social", "legal", "other_org", "total"]


def _layout_tables() -> list[list[list[tuple[str, int, str]]]]:
    """Parse the reference layout: per table, per row, (text, span, vmerge) cells."""
    tables: list[list[list[tuple[str, int, str]]]] = []
    current: list[list[tuple[str, int, str]]] | None = None
    for line in LAYOUT.read_text(encoding="utf-8").splitlines():
        if line.startswith("[TABLE"):
            current = []
        elif line.startswith("[/TABLE"):
            assert current is not None
            tables.append(current)
            current = None
        elif current is not None and re.match(r"\s+r\d\d:", line):
            cells = []
            for raw in line.split(":", 1)[1].split(" | "):
                raw = raw.strip()
                span = int(m.group(1)) if (m := re.search(r"\[span(\d+)\]", raw)) else 1
                vm = m.group(1) if (m := re.search(r"\[vM:(\w+)\]", raw)) else ""
                text = re.sub(r"\[[^\]]*\]", "", raw)
                cells.append((text, span, vm))
            current.append(cells)
    return tables


def _grid_of(table: TableDef) -> dict[tuple[int, int], tuple[str, int, int]]:
    """(row, col) → (text or key, rowspan, colspan) for every placed item."""
    out: dict[tuple[int, int], tuple[str, int, int]] = {}
    for lab in table.labels:
        out[(lab.row, lab.col)] = (lab.text, lab.rowspan, lab.colspan)
    for c in table.cells:
        out[(c.row, c.col)] = ("·", 1, c.colspan)
    return out


@pytest.mark.parametrize("index,table_id", [(0, "t2"), (1, "t3"), (2, "t4")])
def test_tables_match_the_official_layout_cell_by_cell(index: int, table_id: str) -> None:
    reference = _layout_tables()[index]
    table = FORM.table(table_id)
    grid = _grid_of(table)
    assert table.n_rows == len(reference)
    seen = 0
    for r, row in enumerate(reference):
        col = 0
        for text, span, vm in row:
            if vm == "continue":
                col += span
                continue
            placed = grid.get((r, col))
            assert placed is not None, f"{table_id} r{r + 1} c{col}: nothing placed for {text!r}"
            ptext, _, pcolspan = placed
            assert ptext == text, f"{table_id} r{r + 1} c{col}"
            assert pcolspan == span, f"{table_id} r{r + 1} c{col} colspan"
            if vm == "restart":
                depth = 1
                while r + depth < len(reference):
                    below = reference[r + depth]
                    # find the cell at the same grid column in the row below
                    c2 = 0
                    cont = False
                    for _t, s, v in below:
                        if c2 == col:
                            cont = v == "continue"
                            break
                        c2 += s
                    if not cont:
                        break
                    depth += 1
                assert placed[1] == depth, f"{table_id} r{r + 1} c{col} rowspan"
            seen += 1
            col += span
        assert col == table.n_cols
    assert seen == len(grid)


def test_cell_keys_follow_the_vocabulary() -> None:
    t3 = {f"t3.{r}.{c}" for r in EXPECTED_T3_ROW_KEYS for c in T3_COLS}
    t2 = {
        *(f"t2.{r}.{c}" for r in ("regulations", "normative") for c in ("issued", "repealed", "in_force")),
        "t2.licensing.decisions", "t2.penalty.decisions", "t2.coercion.decisions", "t2.fees.amount",
    }  # fmt: skip
    t4 = {
        f"t4.{g}.{c}"
        for g in ("review", "direct_suit", "suit_after_review")
        for c in ("upheld", "corrected", "other", "pending", "total")
    }
    assert set(FORM.cells) == t2 | t3 | t4
    assert len(FORM.table("t2").cells) == 10
    assert len(FORM.table("t3").cells) == 25 * 7
    assert len(FORM.table("t4").cells) == 15


def test_computed_cells_are_exactly_the_totals() -> None:
    computed = set(FORM.computed_keys)
    expected = {f"t3.{r}.total" for r in EXPECTED_T3_ROW_KEYS}
    expected |= {f"t3.results_total.{c}" for c in T3_COLS}
    expected |= {f"t4.{g}.total" for g in ("review", "direct_suit", "suit_after_review")}
    assert computed == expected
    assert len(FORM.cell("t3.results_total.natural").parts) == 21
    assert FORM.cell("t4.review.total").parts == (
        "t4.review.upheld", "t4.review.corrected", "t4.review.other", "t4.review.pending"
    )  # fmt: skip


def test_sections_in_official_order_with_exact_headings() -> None:
    assert [s.title for s in FORM.sections] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert "一千字" in FORM.section("text.overview").guidance
    assert "信息处理费" in FORM.section("text.other").guidance


def test_fee_is_the_only_money_cell() -> None:
    money = [k for k, c in FORM.cells.items() if c.kind.value == "money"]
    assert money == ["t2.fees.amount"]
    assert FORM.cell("t2.fees.amount").unit == "万元"


def test_describe_names_table_row_and_column_in_official_words() -> None:
    assert FORM.describe("t3.withheld.third_party.natural") == (
        "表三「（三）不予公开·4.保护第三方合法权益」行「自然人」列"
    )
    assert (
        FORM.describe("t4.suit_after_review.upheld")
        == "表四「行政诉讼·复议后起诉」行「结果维持」列"
    )
    assert FORM.title("克井镇人民政府", 2023) == "克井镇人民政府2023年政府信息公开工作年度报告"
