"""Reviewing a folder: one row per file, the cross-report checks, places in words, the
review workbook read back with openpyxl, and the 汇总's JSON and workbook appendix."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from batchfolder import YEAR, Folder

from app.core.aggregate import Part, sum_documents
from app.core.review import (
    RULE_OTHER_YEAR,
    RULE_SAME_AGENCY,
    RULE_SAME_TABLES,
    STATUS_UNREADABLE,
    cross_check,
    place,
)
from app.io.batch import report_files, review_file
from app.io.jsonfile import dumps, loads, read_json
from app.io.review_xlsx import write_review
from app.io.xlsx_read import read_workbook
from app.io.xlsx_write import write_workbook
from app.resources import sample_path


def review(folder: Path) -> list:  # type: ignore[type-arg]
    return cross_check([review_file(p) for p in report_files([str(folder)])])


def test_place_is_built_from_the_form_labels() -> None:
    assert place(("t3.results_total.natural",)) == "表三·自然人列·（七）总计"
    cols = tuple(f"t3.{r}.natural" for r in ("new", "carried", "results_total", "carry_forward"))
    assert place(cols) == "表三·自然人列"
    assert place(("t3.new.natural", "t3.new.legal")) == "表三·一、本年新收政府信息公开申请数量行"
    assert place(("t4.review.total",)) == "表四·总计列·行政复议"
    assert place(("text.problems",)) == "五、存在的主要问题及改进情况"
    assert place(("agency",)) == "基本信息·机关名称"
    assert place(("t2.fees.amount", "t3.new.total")) == "表二、表三"
    assert place(()) == "全文"


def test_every_file_is_a_row_and_cross_checks_are_made(batch_folder: Folder) -> None:
    items = review(batch_folder.path)
    names = [i.name for i in items]
    assert len(items) == 8  # 4 good + workbook + unreadable + duplicate + other year; no lock file
    assert "~$市场监管局年报.xlsx" not in names
    by = {i.name: i for i in items}
    bad = by[batch_folder.unreadable.name]
    assert bad.status == STATUS_UNREADABLE and bad.doc is None and bad.reason
    assert by[batch_folder.workbook.name].agency == "宁陵县市场监督管理局"
    assert by[batch_folder.workbook.name].format != "json"

    def rules(path: Path) -> set[str]:
        return {f.rule for f in by[path.name].findings}

    assert RULE_SAME_AGENCY in rules(batch_folder.good[0])
    assert RULE_SAME_AGENCY in rules(batch_folder.duplicate)
    assert RULE_SAME_AGENCY not in rules(batch_folder.good[1])
    assert RULE_OTHER_YEAR in rules(batch_folder.other_year)
    assert RULE_OTHER_YEAR not in rules(batch_folder.good[1])
    assert not any(RULE_SAME_TABLES in rules(p) for p in batch_folder.good)
    for p in batch_folder.good[1:]:
        assert by[p.name].errors == 0 and by[p.name].warnings == 0, by[p.name].findings


def test_identical_tables_are_found(tmp_path: Path) -> None:
    a = read_json(sample_path())
    b = a.copy()
    b.agency = "另一个镇人民政府"
    from app.io.jsonfile import write_json

    write_json(a, tmp_path / "a.json")
    write_json(b, tmp_path / "b.json")
    items = review(tmp_path)
    msgs = [f.message for i in items for f in i.findings if f.rule == RULE_SAME_TABLES]
    assert msgs == [
        "表二、表三、表四的数字与另一份报告完全相同（b.json），请核实是否照抄",
        "表二、表三、表四的数字与另一份报告完全相同（a.json），请核实是否照抄",
    ]


def test_review_workbook(batch_folder: Folder, tmp_path: Path) -> None:
    items = review(batch_folder.path)
    out = tmp_path / "检查结果.xlsx"
    write_review(items, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "问题明细"]
    summary, details = wb["汇总"], wb["问题明细"]
    for ws in (summary, details):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    head = [c.value for c in summary[1]]
    assert head[:7] == ["文件", "机关名称", "报告年度", "读取格式", "状态", "错误", "警告"]
    rows = {r[0]: r for r in summary.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == len(items)
    assert rows[batch_folder.unreadable.name][4] == "无法读取"
    assert head[9] == "跨报告问题"
    assert rows[batch_folder.duplicate.name][9].startswith("同一机关「第1镇人民政府」还有一份报告")
    good = rows[batch_folder.good[1].name]
    assert (good[1], good[2], good[4], good[5], good[6]) == (
        "第2镇人民政府",
        YEAR,
        "未发现问题",
        0,
        0,
    )
    detail = list(details.iter_rows(min_row=2, values_only=True))
    assert len(detail) == sum(len(i.findings) for i in items) + 1  # + the unreadable file
    assert [c.value for c in details[1]] == ["文件", "机关名称", "严重程度", "位置", "说明"]
    wrong = [r for r in detail if r[0] == batch_folder.workbook.name and r[2] == "错误"]
    assert ("五、存在的主要问题及改进情况") in {r[3] for r in wrong}
    year_rows = [
        r for r in detail if r[0] == batch_folder.other_year.name and r[3] == "基本信息·报告年度"
    ]
    assert year_rows and "本批其他报告多为 2023 年" in year_rows[0][4]


def test_sum_keeps_its_included_reports_in_json_and_in_the_workbook(tmp_path: Path) -> None:
    a = read_json(sample_path())
    b = a.copy()
    b.agency = "=另一个镇"  # a name that looks like a formula stays text
    doc = sum_documents([Part(a, "a.json"), Part(b, "b.json")], agency="某县").doc
    back = loads(dumps(doc))
    assert back == doc and back.included == doc.included
    data = json.loads(dumps(doc))
    assert [i["file"] for i in data["included"]] == ["a.json", "b.json"]
    old = json.loads(dumps(a))
    assert "included" not in old  # ordinary reports are written as before
    assert loads(json.dumps(old)).included == ()

    out = tmp_path / "汇总.xlsx"
    write_workbook(doc, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-1] == "附：汇总范围"
    ws = wb["附：汇总范围"]
    assert ws["A1"].value == "本汇总包括以下 2 份报告"
    assert [c.value for c in ws[2]][:5] == [
        "序号",
        "机关名称",
        "文件",
        "报告年度",
        "表三·总计列·一、本年新收政府信息公开申请数量",
    ]
    assert [c.value for c in ws[4]][:5] == [
        2,
        "=另一个镇",
        "b.json",
        2023,
        a.values["t3.new.total"],
    ]
    again, report = read_workbook(out)
    assert again.values == doc.values  # the appendix does not disturb reading the report
    assert again.included == doc.included  # saved as .xlsx, the 汇总 keeps its list
    assert not report.findings


def test_last_years_report_of_the_same_agency_checks_the_carry_over(tmp_path: Path) -> None:
    import random

    from batchfolder import random_report

    from app.core.review import RULE_CARRY_OVER
    from app.io.jsonfile import write_json

    rng = random.Random(4)
    last = random_report(rng, "第9镇人民政府", YEAR - 1)
    this = random_report(rng, "第9镇人民政府", YEAR)
    for col in ("natural", "legal"):  # carried over as it should be …
        this.set(f"t3.carried.{col}", last.values[f"t3.carry_forward.{col}"])
    this.set("t3.carried.commercial", last.number("t3.carry_forward.commercial") + 2)  # … not
    write_json(last, tmp_path / "2022.json")
    write_json(this, tmp_path / "2023.json")
    for k in range(3):
        write_json(random_report(rng, f"第{k}局", YEAR), tmp_path / f"局{k}.json")
    by = {i.name: i for i in review(tmp_path)}
    found = [f for f in by["2023.json"].findings if f.rule == RULE_CARRY_OVER]
    assert [f.keys for f in found if "商业企业" in f.message] == [("t3.carried.commercial",)]
    assert all(f.severity.value == "error" for f in found)
    assert found[0].message.startswith("与上年报告「2022.json」相比：表三·")
    assert not [f for f in by["2023.json"].findings if f.rule == RULE_SAME_AGENCY]
    assert not [f for f in by["2022.json"].findings if f.rule == RULE_CARRY_OVER]


def test_long_lists_of_files_are_shortened(tmp_path: Path) -> None:
    from app.io.jsonfile import write_json

    doc = read_json(sample_path())
    for k in range(6):
        write_json(doc, tmp_path / f"copy{k}.json")
    first = review(tmp_path)[0]
    msg = next(f.message for f in first.findings if f.rule == RULE_SAME_AGENCY)
    assert (
        msg
        == "同一机关「克井镇人民政府」还有一份报告：copy1.json、copy2.json、copy3.json 等 5 个文件"
    )
