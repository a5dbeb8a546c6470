"""The report's printed layout, described once: what the PDF and the Word document both draw.

:func:`describe` turns a document into a :class:`Layout`: the page (A4 with the 公文 margins
of GB/T 9704), the fonts of each role with their sizes, and the blocks in official order —
title, headings, body paragraphs, the three tables (every merged cell, printed column widths,
each label's lines broken between words, where a table may continue on the next page), table
notes and the 落款. :mod:`app.io.pdf` (reportlab) and :mod:`app.io.docx_write` (python-docx) are two
renderings of this description; :mod:`app.io.html_write` follows its blocks too. Nothing here
measures with a real font: widths are estimated in ems (a CJK character 1 em, ASCII ½ em), so
both renderings break labels at the same places.

Everything printed comes from the form definition and the document; no label is repeated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from app.core.document import Document
from app.core.values import format_value
from app.form import Label, TableDef

MM = 72 / 25.4

# ---------------------------------------------------------------- page and fonts


@dataclass(frozen=True)
class PageSpec:
    """A4 with the 公文 type area (GB/T 9704: 156 × 225 mm, 22 lines of 28 characters)."""

    width_mm: float = 210.0
    height_mm: float = 297.0
    top_mm: float = 37.0
    bottom_mm: float = 35.0
    left_mm: float = 28.0
    right_mm: float = 26.0
    lines: int = 22  # body lines per page
    page_number_gap_mm: float = 7.0  # the number's line sits this far below the type area
    page_number: str = "— {} —"  # odd pages at the right, even at the left, one character in

    @property
    def frame_width(self) -> float:
        """Width of the type area in points."""
        return (self.width_mm - self.left_mm - self.right_mm) * MM

    @property
    def frame_height(self) -> float:
        return (self.height_mm - self.top_mm - self.bottom_mm) * MM

    @property
    def line_pitch(self) -> float:
        """Distance between body lines: Word's fixed 28 pt (22 lines fit the type area)."""
        return BODY_LINE


PAGE = PageSpec()

TITLE, HEADING, BODY, TABLE, NOTE, PAGE_NO = "title", "heading", "body", "table", "note", "page_no"


class FontSpec(NamedTuple):
    """A text role: East Asian font family names, best first, and the size in points."""

    families: tuple[str, ...]
    size: float


FONTS: dict[str, FontSpec] = {
    TITLE: FontSpec(("方正小标宋简体", "宋体"), 22.0),  # 二号
    HEADING: FontSpec(("黑体", "宋体"), 16.0),  # 三号
    BODY: FontSpec(("仿宋_GB2312", "仿宋"), 16.0),  # 三号
    TABLE: FontSpec(("宋体", "SimSun"), 10.5),  # 五号
    NOTE: FontSpec(("仿宋_GB2312", "仿宋"), 14.0),  # 四号
    PAGE_NO: FontSpec(("宋体", "SimSun"), 14.0),  # 四号
}
BODY_LINE = 28.0  # fixed line spacing of body text in Word (points)
TABLE_LEADING = 1.2  # table line height / font size
CELL_PAD = 3.0  # left and right cell padding (points)
CELL_PAD_TOP, CELL_PAD_BOTTOM = 1.5, 2.5
DRAFT_MARK = "草稿（未通过检查）"
SIGNATURE_INDENT = 4  # the 落款 ends four characters from the right margin

_ISO_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
# Invisible characters pasted from word processors: dropped, they print nothing anyway.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\ufe0e\ufe0f\r"), None
)
_INVISIBLE.update(dict.fromkeys(range(0xD800, 0xE000)))  # lone surrogates: half an emoji


def clean(text: str) -> str:
    """The text as printed: invisible characters dropped, tabs as spaces."""
    return text.translate(_INVISIBLE).replace("\t", " ")


def paragraphs(text: str) -> list[str]:
    """The printed paragraphs of a text: its non-empty lines, without leading indentation."""
    lines = (line.strip(" \u3000\u00a0") for line in clean(text).split("\n"))
    return [line for line in lines if line]


def format_date(date: str) -> str:
    """成文日期 as official documents write it: 2024年1月20日 (ISO dates are converted)."""
    m = _ISO_DATE.match(date)
    if m:
        y, mo, d = m.groups()
        return f"{y}年{int(mo)}月{int(d)}日"
    return date.strip()


# ---------------------------------------------------------------- label words


def ems(text: str) -> float:
    """Estimated width of ``text`` in ems: ASCII half a character, everything else one."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


# The words of the official tables' labels, for breaking them between words (自然人, not
# 自然/人). A label's characters that are in no word here may be broken anywhere.
LABEL_WORDS = frozenset(
    [
        "自然人",
        "申请人",
        "本机关",
        "本年度",
        "下年度",
        "第三方",
        "过程性",
        "出版物",
        "规范性",
        "事业性",
        "第一项",
        "第二项",
        "第三项",
        "第四项",
        "第二十条",
        "勾稽",
        "本年",
        "上年",
        "新收",
        "结转",
        "继续",
        "办理",
        "结果",
        "予以",
        "部分",
        "公开",
        "区分",
        "处理",
        "只计",
        "这一",
        "情形",
        "不计",
        "其他",
        "不予",
        "属于",
        "国家",
        "秘密",
        "法律",
        "行政",
        "法规",
        "禁止",
        "危及",
        "安全",
        "稳定",
        "保护",
        "合法",
        "权益",
        "三类",
        "四类",
        "内部",
        "事务",
        "信息",
        "执法",
        "案卷",
        "查询",
        "事项",
        "无法",
        "提供",
        "掌握",
        "相关",
        "政府",
        "没有",
        "现成",
        "需要",
        "另行",
        "制作",
        "补正",
        "申请",
        "内容",
        "明确",
        "信访",
        "举报",
        "投诉",
        "重复",
        "要求",
        "正当",
        "理由",
        "大量",
        "反复",
        "机关",
        "确认",
        "重新",
        "出具",
        "获取",
        "逾期",
        "不再",
        "收费",
        "通知",
        "缴纳",
        "费用",
        "总计",
        "数量",
        "本列",
        "数据",
        "关系",
        "等于",
        "之和",
        "商业",
        "企业",
        "科研",
        "机构",
        "社会",
        "公益",
        "组织",
        "服务",
        "情况",
        "法人",
        "维持",
        "纠正",
        "尚未",
        "审结",
        "复议",
        "诉讼",
        "未经",
        "直接",
        "起诉",
        "内容",
        "制发",
        "件数",
        "废止",
        "现行",
        "有效",
        "规章",
        "文件",
        "许可",
        "处罚",
        "强制",
        "决定",
        "金额",
        "单位",
        "万元",
    ]
)
_LONGEST_WORD = max(map(len, LABEL_WORDS))
_ENUMERATOR = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.)")
_PUNCT = "、，；：。）”"
ROOM_MARGIN = 0.15  # ems kept free in a line: real fonts are not exactly as estimated


def label_words(text: str) -> list[str]:
    """A label cut into pieces no line may break: its enumerator (三、 （三） 1.), the words
    of :data:`LABEL_WORDS`, runs of Latin letters and digits, and single characters;
    closing punctuation stays with the piece before it, opening with the piece after it."""
    words: list[str] = []
    m = _ENUMERATOR.match(text)
    if m:
        words.append(m.group(0))
        text = text[m.end() :]
    i = 0
    opening = ""
    while i < len(text):
        ch = text[i]
        if ch in _PUNCT and words:
            words[-1] += ch
            i += 1
            continue
        if ch in "（“":
            opening += ch
            i += 1
            continue
        if ch.isascii() and not ch.isspace():
            j = i + 1
            while j < len(text) and text[j].isascii() and not text[j].isspace():
                j += 1
        else:
            n = next((n for n in range(_LONGEST_WORD, 1, -1) if text[i : i + n] in LABEL_WORDS), 1)
            j = i + n
        words.append(opening + text[i:j])
        opening = ""
        i = j
    if opening:
        words.append(opening)
    return words


def label_lines(text: str, room: float) -> tuple[str, ...]:
    """``text`` in lines of at most ``room`` ems, broken only between :func:`label_words`
    (a single word longer than a line is broken between its characters); a last line of one
    character takes a word more from the line before (权益, not 权/益)."""
    room -= ROOM_MARGIN
    lines: list[list[str]] = []
    line: list[str] = []
    for word in label_words(text):
        if line and ems("".join(line) + word) > room + 1e-6:
            lines.append(line)
            line = []
        while len(word) > 1 and ems(word) > room + 1e-6:  # only a word longer than a line
            fits = [i for i in range(1, len(word) + 1) if ems(word[:i]) <= room + 1e-6]
            k = max(fits) if fits else 1
            lines.append([word[:k]])
            word = word[k:]
        line.append(word)
    if line:
        lines.append(line)
    if len(lines) > 1 and ems("".join(lines[-1])) <= 1 and len(lines[-2]) > 1:
        moved = lines[-2].pop()
        if ems(moved + "".join(lines[-1])) <= room + 1e-6:
            lines[-1].insert(0, moved)
        else:
            lines[-2].append(moved)
    return tuple("".join(words) for words in lines)


# ---------------------------------------------------------------- blocks


class Title(NamedTuple):
    text: str
    agency: str  # the title may break after the agency's name when it needs two lines


class Heading(NamedTuple):
    text: str


class Para(NamedTuple):
    text: str
    role: str  # BODY or NOTE


class Cell(NamedTuple):
    """One printed table cell with its spans (grid coordinates of the official table)."""

    text: str
    row: int
    col: int
    rowspan: int
    colspan: int
    header: bool
    number: bool
    align: str  # "center" or "left"
    lines: tuple[str, ...] = ()  # a narrow label's lines; empty: the renderer wraps the text
    size: float = FONTS[TABLE].size  # a long number may get a smaller size to fit its cell
    key: str = ""  # the cell key of a number cell


class Table(NamedTuple):
    id: str
    n_rows: int
    n_cols: int
    widths: tuple[float, ...]  # printed column widths in points, summing to the type width
    header_rows: int  # repeated at the top of each page the table continues on
    cells: tuple[Cell, ...]
    split_points: frozenset[int]  # grid rows before which the table may continue on a new page
    min_first: int  # the first piece on a page holds at least the rows before this one
    keep_together: bool  # the whole table fits on one page: never split it


class Signature(NamedTuple):
    agency: str
    date: str


Block = Title | Heading | Para | Table | Signature


@dataclass(frozen=True)
class Layout:
    """The whole printed report."""

    title: str  # document title (metadata)
    agency: str
    blocks: tuple[Block, ...]
    draft: bool = False  # print 「草稿（未通过检查）」 on every page
    page: PageSpec = PAGE


# ---------------------------------------------------------------- tables


def split_points(table: TableDef) -> frozenset[int]:
    """Grid rows before which a table may continue on the next page.

    Never inside the rows of a merged group label (（三）不予公开 …); a label whose rows hold
    such groups (三、本年度办理结果) may be split between them and is repeated on the next
    page. A table whose headers sit inside it (表二) splits only before a block's header.
    """
    body = [lab for lab in table.labels if not lab.header and lab.rowspan > 1]

    def nests(outer: Label) -> bool:
        return any(
            inner is not outer
            and outer.row <= inner.row
            and inner.row + inner.rowspan <= outer.row + outer.rowspan
            for inner in body
        )

    leaves = [lab for lab in body if not nests(lab)]
    header_rows = {lab.row for lab in table.labels if lab.header}
    block_starts = {r for r in header_rows if r - 1 not in header_rows}
    points = set()
    for r in range(table.header_rows + 1, table.n_rows):
        if any(lab.row < r < lab.row + lab.rowspan for lab in leaves):
            continue
        if table.header_rows == 0 and r not in block_starts:
            continue
        points.add(r)
    return frozenset(points)


def _min_first(table: TableDef, points: frozenset[int]) -> int:
    """The first piece of a split table holds at least a third of its body rows, so it never
    starts as a sliver (header and two rows) at the bottom of a page."""
    want = table.header_rows + (table.n_rows - table.header_rows) // 3
    return min((p for p in points if p >= want), default=table.n_rows)


def column_widths(table: TableDef, width: float, size: float) -> tuple[float, ...]:
    """Printed column widths: the form's weights, widened where a one-column label's longest
    word would not fit (自然人), the room taken from the widest column."""
    total = sum(table.col_weights)
    widths = [width * w / total for w in table.col_weights]
    need = [0.0] * table.n_cols
    for lab in table.labels:
        if lab.colspan == 1:
            word = max(ems(w) for w in label_words(lab.text))
            need[lab.col] = max(need[lab.col], (word + ROOM_MARGIN) * size + 2 * CELL_PAD + 0.5)
    short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
    if short:
        widest = max(range(table.n_cols), key=lambda i: widths[i] - need[i])
        widths = [max(w, n) for w, n in zip(widths, need, strict=True)]
        widths[widest] -= short
    return tuple(widths)


def _number_size(text: str, width: float, size: float) -> float:
    """The table font size, reduced just enough for a long number to fit its cell."""
    room = width - 2 * CELL_PAD
    need = ems(text) * size
    return size if need <= room else max(5.0, size * room / need)


def table_layout(doc: Document, table: TableDef, width: float | None = None) -> Table:
    """One official table: its labels and figures (blank as 0) on the printed grid."""
    size = FONTS[TABLE].size
    widths = column_widths(table, PAGE.frame_width if width is None else width, size)
    cells: list[Cell] = []
    for lab in table.labels:
        w = sum(widths[lab.col : lab.col + lab.colspan])
        room = (w - 2 * CELL_PAD) / size
        text = clean(lab.text)
        lines = label_lines(text, room)
        centred = lab.header or lab.rowspan > 1
        cells.append(
            Cell(
                text,
                lab.row,
                lab.col,
                lab.rowspan,
                lab.colspan,
                lab.header,
                number=False,
                align="center" if centred else "left",
                lines=lines if len(lines) > 1 else (),
            )
        )
    # A column whose longest number does not fit gets a smaller size for all its numbers.
    texts = {c.key: format_value(doc.number(c.key)) for c in table.cells}  # blank: 0
    col_size: dict[int, float] = {}
    for cd in table.cells:
        w = sum(widths[cd.col : cd.col + cd.colspan])
        col_size[cd.col] = min(col_size.get(cd.col, size), _number_size(texts[cd.key], w, size))
    for cd in table.cells:
        cells.append(
            Cell(
                texts[cd.key],
                cd.row,
                cd.col,
                1,
                cd.colspan,
                header=False,
                number=True,
                align="center",
                size=col_size[cd.col],
                key=cd.key,
            )
        )
    points = split_points(table)
    body_rows = table.n_rows - table.header_rows
    # A table whose headers sit inside it (表二: they cannot repeat) or with one body row
    # (表四) is kept on one page when it fits; 表三 repeats its header where it continues.
    keep = table.header_rows == 0 or body_rows <= 2
    return Table(
        table.id,
        table.n_rows,
        table.n_cols,
        widths,
        table.header_rows,
        tuple(cells),
        points,
        _min_first(table, points),
        keep,
    )


# ---------------------------------------------------------------- the report


def describe(doc: Document, draft: bool = False) -> Layout:
    """The printed report of ``doc`` (``draft``: marked as not passing the checks)."""
    form = doc.form
    blocks: list[Block] = [Title(clean(form.title(doc.agency, doc.year)), clean(doc.agency))]
    for section in form.sections:
        blocks.append(Heading(section.title))
        if section.is_text:
            blocks += [Para(p, BODY) for p in paragraphs(doc.texts.get(section.key, ""))]
            continue
        table = form.table(section.key)
        blocks.append(table_layout(doc, table))
        blocks += [Para(p, NOTE) for p in paragraphs(doc.texts.get(f"note.{table.id}", ""))]
    if doc.date.strip():
        blocks.append(Signature(clean(doc.agency.strip()), clean(format_date(doc.date))))
    return Layout(
        title=form.title(doc.agency, doc.year),
        agency=doc.agency,
        blocks=tuple(blocks),
        draft=draft,
    )


def signature_lines(block: Signature) -> tuple[tuple[str, float], ...]:
    """The 落款's lines as (text, right indent in points): right-aligned four characters in,
    the shorter of agency and date centred under/over the longer."""
    size = FONTS[BODY].size
    wide = max(ems(block.agency), ems(block.date))
    return tuple(
        (text, (SIGNATURE_INDENT + (wide - ems(text)) / 2) * size)
        for text in (block.agency, block.date)
        if text
    )


def half_line_after(block: Block, following: Block | None) -> bool:
    """Whether an empty half line follows ``block``: after a table, or its last note."""
    if not (isinstance(block, Table) or (isinstance(block, Para) and block.role == NOTE)):
        return False
    return not (isinstance(following, Para) and following.role == NOTE)


def title_lines(block: Title, width: float) -> tuple[str, ...]:
    """The title's lines: broken after the agency's name when the whole title does not fit
    ``width`` points but the rest does (as offices do); one line otherwise."""
    size = FONTS[TITLE].size
    title, agency = block.text, block.agency
    rest = title[len(agency) :]
    if agency and title.startswith(agency) and ems(title) * size > width >= ems(rest) * size:
        return (agency, rest)
    return (title,)
