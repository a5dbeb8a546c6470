"""The web page adapter: a report saved from the 政府信息公开专栏 (.html/.htm) → a Book.

The page is decoded by its own declaration (BOM, ``<meta charset>``, ``http-equiv``
Content-Type, XML declaration; GBK and GB2312 read as their superset GB18030), parsed with
the standard library's tolerant HTML parser into a small tree, and laid out on one sheet in
reading order: each paragraph (or line of a ``<br>``) a row, each data table a grid with
its rowspan/colspan as merges. Tables that hold other tables are page layout, not data,
and are read as blocks. Scripts, styles, navigation and footers are left out, and so are
links inside lists (menus, 「相关链接」, other years' reports). Places in messages name the
line of the page's source.

Bounded: at most :data:`MAX_BYTES` of page, :data:`MAX_NODES` elements, :data:`MAX_DEPTH`
levels of nesting (deeper unclosed tags are taken as closed), spans clamped to :data:`MAX_SPAN`, at most :data:`MAX_TABLE_CELLS` grid
cells.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from app.io.errors import ReadError
from app.io.sheetgrid import Book, Sheet
from app.io.source_grid import cell_value

MAX_BYTES = 10 * 1024 * 1024  # a saved report page is some 100 KB
MAX_NODES = 100_000  # a report page has a few thousand elements
MAX_DEPTH = 400
MAX_SPAN = 60
MAX_TABLE_CELLS = 20_000
SOURCE = "网页文件"
SHEET_NAME = "网页源代码"

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "basefont",
        "frame",
    ]
)
SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "select",
        "option",
        "iframe",
        "button",
        "nav",
        "footer",
        "template",
    ]
)
BLOCK = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "main",
        "center",
        "address",
        "figure",
        "figcaption",
        "hr",
        "br",
        "tr",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "caption",
        "form",
    ]
)
LIST = frozenset(("li", "ul", "ol", "dl", "dd", "dt"))
# class/id words CMS templates give to what is around the article, not in it
CLUTTER = re.compile(
    r"(?:^|[\s_-])(?:foot(?:er)?|bottom|copyright|related|xglj|nav(?:bar)?|menu|share|print"
    r"|position|crumbs?|breadcrumb|sidebar|banner|toolbar)(?:$|[\s_-])",
    re.I,
)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


def too_big(name: str, size: int) -> ReadError:
    return ReadError(f"网页文件「{name}」过大（{size // 1024 // 1024} MB），不像是一份年度报告")


def declared_encoding(data: bytes) -> str | None:
    """The encoding the page declares in its first 4 KB (None: not declared)."""
    head = data[:4096]
    m = _XML_ENCODING.search(head)
    for meta in re.finditer(rb"<meta[^>]*>", head, re.I):
        cm = _CHARSET.search(meta.group(0))
        if cm:
            m = cm
            break
    if not m:
        return None
    enc = m.group(1).decode("ascii", "replace").lower()
    enc = _ALIASES.get(enc, enc)
    try:
        return codecs.lookup(enc).name
    except LookupError:
        return None


def decode(data: bytes) -> str:
    """The page's text: by BOM, then by its declaration, then UTF-8, then GB18030."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    if data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace")
    declared = declared_encoding(data)
    if declared and not (declared == "gb18030" and _is_utf8(data)):
        # (a page re-saved as UTF-8 that still declares GBK: valid UTF-8 Chinese is never
        # meant as GBK, while GB18030 would decode it without error, as nonsense)
        return data.decode(declared, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _is_utf8(data: bytes) -> bool:
    """Whether the bytes are valid UTF-8 holding something beyond ASCII."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


def from_mhtml(data: bytes, name: str) -> bytes:
    """The HTML part of a page saved as a single file (.mht/.mhtml: MIME, as IE and Edge
    save it), with a BOM for the charset its part declares."""
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                charset = part.get_content_charset() or declared_encoding(payload) or "utf-8"
                charset = _ALIASES.get(charset.lower(), charset)
                try:
                    return codecs.BOM_UTF8 + payload.decode(charset, errors="replace").encode()
                except LookupError:
                    return payload
    raise ReadError(f"网页文件「{name}」中没有网页内容，无法读取")


def is_mhtml(data: bytes) -> bool:
    head = data[:2048].lower()
    return head.startswith((b"from:", b"mime-version:", b"content-type: multipart")) or (
        b"mime-version:" in head and b"multipart/related" in head
    )


class Node:
    __slots__ = ("attrs", "children", "line", "tag")

    def __init__(self, tag: str, attrs: dict[str, str], line: int) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []
        self.line = line


class _TreeBuilder(HTMLParser):
    """A forgiving tree: unclosed cells, rows and paragraphs are closed as browsers do."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.root = Node("#root", {}, 1)
        self.stack = [self.root]
        self.count = 0

    def _close_until(self, tags: tuple[str, ...], stop: tuple[str, ...]) -> None:
        """Pop the innermost open element among ``tags``, unless a ``stop`` comes first."""
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in tags:
                del self.stack[i:]
                return
            if tag in stop:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise ReadError(f"网页文件「{self.name}」的结构过于复杂，不像是一份年度报告")
        if len(self.stack) > MAX_DEPTH:
            self.stack.pop()  # hundreds of unclosed tags: the innermost is taken as closed
        if tag in ("td", "th"):
            self._close_until(("td", "th"), ("table", "tr"))
        elif tag == "tr":
            self._close_until(("tr",), ("table",))
        elif tag == "p":
            self._close_until(("p",), ("table", "td", "th", "div", "li"))
        elif tag == "li":
            self._close_until(("li",), ("ul", "ol", "table"))
        node = Node(tag, {k: v or "" for k, v in attrs}, self.getpos()[0])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        stop = ("table",) if tag in ("td", "th", "tr", "tbody", "thead", "tfoot") else ()
        self._close_until((tag,), stop)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(text: str, name: str) -> Node:
    builder = _TreeBuilder(name)
    builder.feed(text)
    builder.close()
    return builder.root


def load(data: bytes, name: str) -> Book:
    """The page in ``data`` laid out as one sheet of cells."""
    if len(data) > MAX_BYTES:
        raise too_big(name, len(data))
    if is_mhtml(data):
        data = from_mhtml(data, name)
    root = parse(decode(data), name)
    out = _Layout()
    out.block(root, in_list=False)
    out.flush(0)
    return Book([out.sheet], source=SOURCE)


def skipped(node: Node, in_list: bool) -> bool:
    """Whether an element is page furniture: scripts, menus, footers, links in lists."""
    if node.tag in SKIP or (node.tag == "a" and in_list):
        return True
    marks = f"{node.attrs.get('class', '')} {node.attrs.get('id', '')}"
    return bool(marks.strip()) and CLUTTER.search(marks) is not None


def has_table(node: Node) -> bool:
    return any(
        isinstance(ch, Node) and (ch.tag == "table" or has_table(ch)) for ch in node.children
    )


def inline_text(node: Node, in_list: bool) -> str:
    """A cell's or paragraph's text; paragraphs and ``<br>`` inside it become line breaks."""
    parts: list[str] = []
    _collect(node, parts, in_list)
    return "\n".join(paragraphs_of(parts))


def _collect(node: Node, parts: list[str], in_list: bool) -> None:
    for ch in node.children:
        if isinstance(ch, str):
            parts.append(ch)
            continue
        if skipped(ch, in_list):
            continue
        if ch.tag in BLOCK:
            parts.append("\n")
        _collect(ch, parts, in_list or ch.tag in LIST)
        if ch.tag in BLOCK:
            parts.append("\n")


class _Layout:
    """Rows of the sheet in reading order: paragraphs in column A, tables as grids."""

    def __init__(self) -> None:
        self.sheet = Sheet(SHEET_NAME, style="text")
        self.r = 0
        self.pending: list[str] = []
        self.cells = 0

    def text(self, text: str) -> None:
        self.pending.append(text)

    def flush(self, line: int) -> None:
        for piece in paragraphs_of(self.pending):
            self.sheet.values[(self.r, 0)] = piece
            self.sheet.line_of[self.r] = line or self.sheet.line_of.get(self.r - 1, 1)
            self.r += 1
        self.pending = []

    def block(self, node: Node, in_list: bool) -> None:
        for ch in node.children:
            if isinstance(ch, str):
                self.text(ch)
                continue
            if skipped(ch, in_list):
                continue
            if ch.tag == "title":  # 「…年度报告_某某县人民政府」: the site's name cut off
                self.flush(ch.line)
                self.text(re.split(r"_|\||｜| - |—", inline_text(ch, in_list))[0])
                self.flush(ch.line)
                continue
            if ch.tag == "table" and not has_table(ch):
                self.flush(ch.line)
                self.table(ch, in_list)
                continue
            if ch.tag in BLOCK:
                self.flush(ch.line)
            self.block(ch, in_list or ch.tag in LIST)
            if ch.tag in BLOCK:
                self.flush(ch.line)

    def table(self, node: Node, in_list: bool) -> None:
        rows: list[Node] = []
        _rows(node, rows)
        taken: set[tuple[int, int]] = set()
        top = self.r
        for i, tr in enumerate(rows):
            r = top + i
            self.sheet.line_of[r] = tr.line
            c = 0
            for cell in (x for x in tr.children if isinstance(x, Node) and x.tag in ("td", "th")):
                while (r, c) in taken:
                    c += 1
                rs = _span(cell.attrs.get("rowspan"))
                cs = _span(cell.attrs.get("colspan"))
                self.cells += rs * cs
                if self.cells > MAX_TABLE_CELLS:
                    raise ReadError("网页中的表格过大，不像是一份年度报告")
                for rr in range(r, r + rs):
                    for cc in range(c, c + cs):
                        taken.add((rr, cc))
                text = inline_text(cell, in_list)
                if text:
                    self.sheet.values[(r, c)] = cell_value(text)
                if rs > 1 or cs > 1:
                    self.sheet.merge(r, c, r + rs - 1, c + cs - 1)
                c += cs
        self.r = top + max(len(rows), max((p[0] - top + 1 for p in taken), default=0))


def _rows(node: Node, out: list[Node]) -> None:
    for ch in node.children:
        if isinstance(ch, Node):
            if ch.tag == "tr":
                out.append(ch)
            elif ch.tag in ("tbody", "thead", "tfoot"):
                _rows(ch, out)


def _span(raw: str | None) -> int:
    try:
        n = int((raw or "1").strip() or 1)
    except ValueError:
        return 1
    return max(1, min(n, MAX_SPAN))


def paragraphs_of(pieces: list[str]) -> list[str]:
    """The non-empty lines of text gathered between blocks, white space collapsed."""
    joined = "".join(pieces)
    lines = [re.sub(r"[ \t\r\n\xa0\u3000]+", " ", x).strip() for x in joined.split("\n")]
    return [x for x in lines if x]
