"""A supervising office's folder of reports, built from the sample and the fixtures.

``make_reports`` writes N consistent JSON reports of distinct agencies (random figures
whose table 三 balances, the sample's texts); ``batch_folder`` adds what a real January
brings: a workbook from the fixtures, an unreadable file, the same agency twice and a
report of another year.
"""

from __future__ import annotations

import random
import shutil
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

from app.core.document import Document
from app.form import FORM
from app.form.format2021 import T3_APPLICANT_COLS, T3_OUTCOME_ROWS
from app.io.jsonfile import read_json, write_json
from app.resources import sample_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
YEAR = 2023
OVERVIEW = (
    "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "做好主动公开，依法办理政府信息公开申请，加强政府信息管理和平台建设。"
)


def random_report(rng: random.Random, agency: str, year: int = YEAR) -> Document:
    """A report without errors: table 三 balances column by column, texts from the sample."""
    doc = read_json(sample_path())
    doc.agency, doc.year = agency, year
    doc.texts["text.overview"] = OVERVIEW  # the sample's own speaks of its own figures
    for key in FORM.input_keys:
        cell = FORM.cells[key]
        if cell.kind.value == "money":
            doc.set(key, Decimal(rng.randint(0, 10**6)) / Decimal(10**4))
        elif key.startswith("t3.other."):  # keeps （六）其他处理 under the 10 % warning
            doc.set(key, 0)
        elif key.startswith("t3."):
            doc.set(key, rng.randint(0, 4) if rng.random() < 0.5 else 0)
        else:
            doc.set(key, rng.randint(0, 30))
    for col in T3_APPLICANT_COLS:
        results = sum(doc.number(f"t3.{r}.{col}") for r in T3_OUTCOME_ROWS)
        carried = doc.number(f"t3.carried.{col}")
        forward = doc.number(f"t3.carry_forward.{col}")
        new = results + forward - carried
        if new < 0:
            doc.set(f"t3.carry_forward.{col}", forward - new)
            new = 0
        doc.set(f"t3.new.{col}", new)
    doc.set("t2.regulations.issued", 0)  # towns make no 规章; keeps the reports warning-free
    doc.set("t2.regulations.repealed", 0)
    doc.set("t2.regulations.in_force", 0)
    return doc


class Folder(NamedTuple):
    path: Path
    good: list[Path]  # the consistent JSON reports, distinct agencies, year 2023
    workbook: Path  # a fixture workbook (宁陵县市场监督管理局 2023)
    unreadable: Path
    duplicate: Path  # the same agency as good[0]
    other_year: Path  # year 2022


def make_reports(folder: Path, n: int, seed: int = 13) -> list[Path]:
    rng = random.Random(seed)
    out = []
    for k in range(n):
        p = folder / f"r{k:03d}_第{k + 1}镇.json"
        write_json(random_report(rng, f"第{k + 1}镇人民政府"), p)
        out.append(p)
    return out


@pytest.fixture
def batch_folder(tmp_path: Path) -> Folder:
    folder = tmp_path / "reports"
    folder.mkdir()
    good = make_reports(folder, 4)
    workbook = folder / "市场监管局年报.xlsx"
    shutil.copy(FIXTURES / "f14_libreoffice_resaved.xlsx", workbook)
    unreadable = folder / "损坏的报告.xlsx"
    unreadable.write_bytes(b"PK\x03\x04 this is not a workbook")
    rng = random.Random(99)
    duplicate = folder / "第1镇（修改稿）.json"
    write_json(random_report(rng, "第1镇人民政府"), duplicate)
    other_year = folder / "旧年度.json"
    write_json(random_report(rng, "某街道办事处", YEAR - 1), other_year)
    (folder / "~$市场监管局年报.xlsx").write_bytes(b"lock")  # Excel's lock file: skipped
    return Folder(folder, good, workbook, unreadable, duplicate, other_year)
