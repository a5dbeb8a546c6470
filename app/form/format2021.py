"""The 2021 report format (国办公开办函〔2021〕30号): the one format the program produces.

Labels are copied character for character from the official Word template (see
``shared/reference/format-2021-table-layout.txt``); grid positions and spans follow it
exactly. This module is the only place where they are written.
"""

from __future__ import annotations

from app.form.model import CellDef, FormDef, Kind, Label, MetaField, SectionDef, TableDef

# ---------------------------------------------------------------- table 二


T2_BLOCKS: tuple[tuple[str, str, tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    # (block title, block key, column headers, rows (key, label))
    (
        "第二十条第（一）项",
        "",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        (("regulations", "规章"), ("normative", "行政规范性文件")),
    ),
    ("第二十条第（五）项", "decisions", ("本年处理决定数量",), (("licensing", "行政许可"),)),
    (
        "第二十条第（六）项",
        "decisions",
        ("本年处理决定数量",),
        (("penalty", "行政处罚"), ("coercion", "行政强制")),
    ),
    (
        "第二十条第（八）项",
        "amount",
        ("本年收费金额（单位：万元）",),
        (("fees", "行政事业性收费"),),
    ),
)
T2_FIRST_BLOCK_COLS = ("issued", "repealed", "in_force")
T2_CONTENT_HEADER = "信息内容"


def _table2() -> TableDef:
    labels: list[Label] = []
    cells: list[CellDef] = []
    r = 0
    for title, col_key, headers, rows in T2_BLOCKS:
        labels.append(Label(title, r, 0, colspan=4, header=True))
        labels.append(Label(T2_CONTENT_HEADER, r + 1, 0, header=True))
        span = 3 // len(headers)
        for i, h in enumerate(headers):
            labels.append(Label(h, r + 1, 1 + i * span, colspan=span, header=True))
        r += 2
        for row_key, row_label in rows:
            labels.append(Label(row_label, r, 0))
            for i, h in enumerate(headers):
                sub = T2_FIRST_BLOCK_COLS[i] if len(headers) == 3 else col_key
                money = col_key == "amount"
                cells.append(
                    CellDef(
                        key=f"t2.{row_key}.{sub}",
                        table="t2",
                        row=r,
                        col=1 + i * span,
                        colspan=span,
                        row_name=row_label,
                        col_name=h,
                        kind=Kind.MONEY if money else Kind.COUNT,
                        unit="万元" if money else "件",
                    )
                )
            r += 1
    return TableDef(
        id="t2",
        number="二",
        n_rows=r,
        n_cols=4,
        labels=tuple(labels),
        cells=tuple(cells),
        header_rows=0,
        label_cols=1,
        col_weights=(1.4, 1.0, 1.0, 1.0),
    )


# ---------------------------------------------------------------- table 三

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS = "申请人情况"
T3_ORGS = "法人或其他组织"
T3_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
T3_APPLICANT_COLS = tuple(k for k, _ in T3_COLUMNS[:-1])

T3_RESULTS = "三、本年度办理结果"
# Result groups: (group label or None, ((row key, row label), …)).
# A group of None holds rows whose label spans the two inner label columns.
T3_RESULT_GROUPS: tuple[tuple[str | None, tuple[tuple[str, str], ...]], ...] = (
    (None, (("granted", "（一）予以公开"),)),
    (None, (("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),)),
    (
        "（三）不予公开",
        (
            ("withheld.state_secret", "1.属于国家秘密"),
            ("withheld.law_prohibited", "2.其他法律行政法规禁止公开"),
            ("withheld.security_stability", "3.危及“三安全一稳定”"),
            ("withheld.third_party", "4.保护第三方合法权益"),
            ("withheld.internal_affairs", "5.属于三类内部事务信息"),
            ("withheld.process_info", "6.属于四类过程性信息"),
            ("withheld.enforcement_file", "7.属于行政执法案卷"),
            ("withheld.query", "8.属于行政查询事项"),
        ),
    ),
    (
        "（四）无法提供",
        (
            ("unavailable.not_held", "1.本机关不掌握相关政府信息"),
            ("unavailable.needs_creation", "2.没有现成信息需要另行制作"),
            ("unavailable.unclear", "3.补正后申请内容仍不明确"),
        ),
    ),
    (
        "（五）不予处理",
        (
            ("not_processed.complaint", "1.信访举报投诉类申请"),
            ("not_processed.duplicate", "2.重复申请"),
            ("not_processed.publication", "3.要求提供公开出版物"),
            ("not_processed.excessive", "4.无正当理由大量反复申请"),
            ("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    (
        "（六）其他处理",
        (
            (
                "other.no_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ),
            (
                "other.no_fee",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            ("other.other", "3.其他"),
        ),
    ),
)
T3_RESULTS_TOTAL = ("results_total", "（七）总计")
T3_TOP_ROWS = (
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried", "二、上年结转政府信息公开申请数量"),
)
T3_CARRY_FORWARD = ("carry_forward", "四、结转下年度继续办理")
# Short names of the four items the table's note speaks of, for messages.
T3_ITEM_NAMES = {
    "new": "第一项",
    "carried": "第二项",
    "results_total": "第三项（七）",
    "carry_forward": "第四项",
}

T3_OUTCOME_ROWS: tuple[str, ...] = tuple(k for _, rows in T3_RESULT_GROUPS for k, _ in rows)


def _table3() -> TableDef:
    first = 3  # first data column
    labels: list[Label] = [
        Label(T3_NOTE, 0, 0, rowspan=3, colspan=3, header=True),
        Label(T3_APPLICANTS, 0, first, colspan=7, header=True),
        Label(T3_COLUMNS[0][1], 1, first, rowspan=2, header=True),
        Label(T3_ORGS, 1, first + 1, colspan=5, header=True),
        Label(T3_COLUMNS[-1][1], 1, first + 6, rowspan=2, header=True),
    ]
    for i, (_, name) in enumerate(T3_COLUMNS[1:-1]):
        labels.append(Label(name, 2, first + 1 + i, header=True))

    row_plan: list[tuple[str, str]] = []  # (row key, label) in grid order
    r = 3
    for key, label in T3_TOP_ROWS:
        labels.append(Label(label, r, 0, colspan=3))
        row_plan.append((key, label))
        r += 1
    results_start = r
    for group, rows in T3_RESULT_GROUPS:
        if group is None:
            for key, label in rows:
                labels.append(Label(label, r, 1, colspan=2))
                row_plan.append((key, label))
                r += 1
        else:
            labels.append(Label(group, r, 1, rowspan=len(rows)))
            for key, label in rows:
                labels.append(Label(label, r, 2))
                row_plan.append((key, f"{group}·{label}"))
                r += 1
    labels.append(Label(T3_RESULTS_TOTAL[1], r, 1, colspan=2))
    row_plan.append(T3_RESULTS_TOTAL)
    r += 1
    labels.append(Label(T3_RESULTS, results_start, 0, rowspan=r - results_start))
    labels.append(Label(T3_CARRY_FORWARD[1], r, 0, colspan=3))
    row_plan.append(T3_CARRY_FORWARD)
    r += 1

    cells: list[CellDef] = []
    for gr, (row_key, row_name) in enumerate(row_plan, start=3):
        for ci, (col_key, col_name) in enumerate(T3_COLUMNS):
            parts: tuple[str, ...] = ()
            if col_key == "total":
                parts = tuple(f"t3.{row_key}.{c}" for c in T3_APPLICANT_COLS)
            elif row_key == "results_total":
                parts = tuple(f"t3.{o}.{col_key}" for o in T3_OUTCOME_ROWS)
            cells.append(
                CellDef(
                    key=f"t3.{row_key}.{col_key}",
                    table="t3",
                    row=gr,
                    col=first + ci,
                    colspan=1,
                    row_name=row_name,
                    col_name=col_name,
                    parts=parts,
                )
            )
    return TableDef(
        id="t3",
        number="三",
        n_rows=r,
        n_cols=10,
        labels=tuple(labels),
        cells=tuple(cells),
        header_rows=3,
        label_cols=3,
        col_weights=(0.9, 1.3, 2.6, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8),
        note=T3_NOTE,
    )


# ---------------------------------------------------------------- table 四

T4_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("direct_suit", "未经复议直接起诉"),
    ("suit_after_review", "复议后起诉"),
)
T4_SUIT = "行政诉讼"
T4_RESULTS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)


def _table4() -> TableDef:
    labels = [
        Label(T4_GROUPS[0][1], 0, 0, colspan=5, header=True),
        Label(T4_SUIT, 0, 5, colspan=10, header=True),
        Label(T4_GROUPS[1][1], 1, 5, colspan=5, header=True),
        Label(T4_GROUPS[2][1], 1, 10, colspan=5, header=True),
    ]
    for i, (_, name) in enumerate(T4_RESULTS):
        labels.append(Label(name, 1, i, rowspan=2, header=True))
        labels.append(Label(name, 2, 5 + i, header=True))
        labels.append(Label(name, 2, 10 + i, header=True))
    cells: list[CellDef] = []
    for gi, (group, group_name) in enumerate(T4_GROUPS):
        row_name = group_name if gi == 0 else f"{T4_SUIT}·{group_name}"
        for ri, (res, res_name) in enumerate(T4_RESULTS):
            parts = tuple(f"t4.{group}.{k}" for k, _ in T4_RESULTS[:-1]) if res == "total" else ()
            cells.append(
                CellDef(
                    key=f"t4.{group}.{res}",
                    table="t4",
                    row=3,
                    col=gi * 5 + ri,
                    colspan=1,
                    row_name=row_name,
                    col_name=res_name,
                    parts=parts,
                )
            )
    return TableDef(
        id="t4",
        number="四",
        n_rows=4,
        n_cols=15,
        labels=tuple(labels),
        cells=tuple(cells),
        header_rows=3,
        label_cols=0,
        col_weights=(1.0,) * 15,
    )


# ---------------------------------------------------------------- sections

GUIDANCE_OVERVIEW = (
    "这一项报告本机关政府信息公开工作总体情况，对本机关贯彻落实《中华人民共和国政府信息公开条例》"
    "情况进行综述，主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障"
    "（含《中华人民共和国政府信息公开条例》第五十条第四项规定的各级人民政府“工作考核、社会评议和"
    "责任追究结果情况”）等方面，重在聚焦主题、简明客观，篇幅原则上不超过一千字。"
)
GUIDANCE_T2 = (
    "这一项主要报告《中华人民共和国政府信息公开条例》第二十条规定的法定主动公开内容中，适宜以数据"
    "方式呈现且具备统计汇总价值的内容，包括（一）（五）（六）（八）共四项，其中，第（五）项的行政"
    "许可数量、第（六）项的行政处罚和行政强制数量，包括已公开和依法未公开的全部处理决定。各项数据"
    "核定时间点为报告年度的12月31日。"
)
GUIDANCE_T3 = (
    "这一项主要报告两方面情况：一是申请人的类别；二是政府信息公开申请的最终处理结果。此项内容重在"
    "数据准确、要素齐备，全面客观反映政府信息公开申请接收和办理情况。"
)
GUIDANCE_T4 = (
    "这一项主要报告两方面情况：一是政府信息公开行政复议处理结果情况；二是政府信息公开行政诉讼处理"
    "结果情况。行政诉讼处理结果需进一步区分“未经复议直接起诉”和“复议后起诉”两类情形。行政复议机关"
    "作为共同被告的行政诉讼案件，只计算原行为主体的案件数量，不计算行政复议机关的案件数量。"
)
GUIDANCE_PROBLEMS = (
    "这一项主要报告本机关政府信息公开工作中存在的主要问题及改进情况。此项内容重在实事求是、明确具体，"
    "避免笼统模糊、泛泛而谈。查找问题要有针对性，改进举措要有实效性，不得出现敷衍了事甚至年年雷同现象。"
)
GUIDANCE_OTHER = (
    "这一项主要报告本机关认为需要报告的其他事项，以及其他有关文件专门要求通过年度报告予以报告的事项。"
    "各行政机关依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，在此处专门报告。"
)

SECTIONS = (
    SectionDef("一", "总体情况", "text.overview", GUIDANCE_OVERVIEW, "（文字描述）"),
    SectionDef("二", "主动公开政府信息情况", "t2", GUIDANCE_T2),
    SectionDef("三", "收到和处理政府信息公开申请情况", "t3", GUIDANCE_T3),
    SectionDef("四", "政府信息公开行政复议、行政诉讼情况", "t4", GUIDANCE_T4),
    SectionDef(
        "五", "存在的主要问题及改进情况", "text.problems", GUIDANCE_PROBLEMS, "（文字描述）"
    ),
    SectionDef(
        "六",
        "其他需要报告的事项",
        "text.other",
        GUIDANCE_OTHER,
        "（文字描述，收取信息处理费情况在此处报告。）",
    ),
)

AGENCY_LEVELS = (
    "乡镇/街道",
    "县级部门",
    "县级人民政府",
    "市级部门",
    "市级人民政府",
    "省级部门",
    "其他",
)

META = (
    MetaField("agency", "机关名称", required=True),
    MetaField("year", "报告年度", required=True),
    MetaField("agency_level", "机关层级", choices=AGENCY_LEVELS),
    MetaField("date", "成文日期"),
)

FORM_2021 = FormDef(
    name="2021",
    notice="国办公开办函〔2021〕30号",
    title_template="{agency}{year}年政府信息公开工作年度报告",
    meta=META,
    sections=SECTIONS,
    tables=(_table2(), _table3(), _table4()),
    text_notes={"note.t2": "表二备注", "note.t3": "表三备注", "note.t4": "表四备注"},
)
