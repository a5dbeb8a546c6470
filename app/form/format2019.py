"""The 2019 report format (国办公开办函〔2019〕60号), known only so that old files can be read.

The program never writes this format. Tables 三 and 四 are those of 2021 except that
（六）其他处理 is a single row; table 二 differs and is described here with how each of
its cells maps onto a 2021 key (cells with no 2021 counterpart map to ``None``).
"""

from __future__ import annotations

NOTICE_2019 = "国办公开办函〔2019〕60号"

# (block title, column headers, ((row id, row label), …))
T2_2019_BLOCKS: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    (
        "第二十条第（一）项",
        ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
        (("regulations", "规章"), ("normative", "规范性文件")),
    ),
    (
        "第二十条第（五）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
    ),
    (
        "第二十条第（六）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        (("penalty", "行政处罚"), ("coercion", "行政强制")),
    ),
    ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (("fees", "行政事业性收费"),)),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"), (("procurement", "政府集中采购"),)),
)

# (row id, column header) of the 2019 table 二 → the 2021 key it is read into, or None.
T2_2019_TO_2021: dict[tuple[str, str], str | None] = {
    ("regulations", "本年新制作数量"): "t2.regulations.issued",
    ("regulations", "本年新公开数量"): None,
    ("regulations", "对外公开总数量"): "t2.regulations.in_force",
    ("normative", "本年新制作数量"): "t2.normative.issued",
    ("normative", "本年新公开数量"): None,
    ("normative", "对外公开总数量"): "t2.normative.in_force",
    ("licensing", "处理决定数量"): "t2.licensing.decisions",
    ("penalty", "处理决定数量"): "t2.penalty.decisions",
    ("coercion", "处理决定数量"): "t2.coercion.decisions",
}

# The single 2019 row （六）其他处理 is read into this 2021 key.
T3_2019_OTHER_LABEL = "（六）其他处理"
T3_2019_OTHER_KEY = "t3.other.other"
