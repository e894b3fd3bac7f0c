"""HTML reader: a tolerant lxml parse, then one iterative walk that emits blocks.

- Parsing: lxml's HTML parser (recovers from unbalanced tags, missing `</tr>`, stray
  `</td>`; decodes entities; never fetches anything). Comments and processing instructions
  are removed. The walk uses `lxml.etree.iterwalk` (no Python recursion).
- Dropped: invisible and boilerplate elements (`DROPPED_TAGS`), hidden elements, and menus:
  elements whose role is a navigation role or whose class/id has a menu word
  (`MENU_WORDS`) and which are mostly links or small. Navigation bars written as a
  paragraph of links separated by "·" or "|" are dropped too.
- Blocks: h1-h6 → "heading"; li → "list_item" (level = list nesting); other block-level
  elements with text → "paragraph". A `<br>` splits a block into "line" blocks (headings stay
  headings, a list item's first line stays the list item).
- Tables: each `<tr>` of a data table → one "table_row" with `cells` (lines inside a cell
  joined by "\\n"); `header=True` for rows of `<th>` only (or rows in `<thead>`). A table that
  contains another table is a layout table: its cells are read like `<div>`s.
- Styles: `<b>`, `<strong>`, `<h1-6>`, `<th>`, CSS bold → bold; `<i>`, `<em>`, `<cite>`,
  CSS italic → italic; recorded as `Style` runs and whole-block flags.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Optional

from lxml import etree
from lxml import html as lxml_html

from ..model import Document
from .decode import decode_text
from .text import DocumentBuilder, RichLine, RunCollector, clean_inline, join_rich

# Elements never read (their subtree is skipped; their tail text is kept).
DROPPED_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "math", "head", "nav", "footer",
    "object", "embed", "canvas", "button", "select", "option", "textarea", "input", "audio", "video",
    "map", "dialog", "frameset", "frame",
})
# Words in a class or id that mark menus and page furniture.
MENU_WORDS = frozenset({
    "nav", "navbar", "navigation", "navlinks", "menu", "menus", "submenu", "menubar", "dropdown",
    "breadcrumb", "breadcrumbs", "footer", "cookie", "cookies", "skiplink",
})
# ARIA roles of navigation furniture.
MENU_ROLES = frozenset({"navigation", "menu", "menubar", "contentinfo"})
# A class/id-matched element is dropped when links hold this share of its text, or when it is small.
MENU_LINK_DENSITY = 0.5
MENU_SMALL_CHARS = 200
# Characters allowed between the links of a navigation bar paragraph.
NAV_BAR_SEPARATORS = set("·•|/-–—»>:,;[]() ")
NAV_BAR_MIN_LINKS = 4

# Texts of interface widgets (menu toggles, skip links) that are dropped as paragraphs or lines.
UI_LABELS = frozenset({"menu", "main menu", "toggle navigation", "navigation", "skip to content", "skip to main content", "search", "close"})

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LIST_TAGS = frozenset({"ul", "ol", "menu", "dir"})
# Block-level elements: they start and end a block (or a line inside a table cell).
BLOCK_TAGS = frozenset({
    "html", "body", "p", "div", "section", "article", "main", "header", "aside", "address",
    "blockquote", "pre", "li", "dl", "dt", "dd", "figure", "figcaption", "center", "form",
    "fieldset", "legend", "hr", "caption", "details", "summary", "hgroup", "table", "tbody",
    "thead", "tfoot", "tr", "td", "th", "colgroup", "col",
}) | HEADING_TAGS | LIST_TAGS
BOLD_TAGS = frozenset({"b", "strong"}) | HEADING_TAGS | {"th"}
ITALIC_TAGS = frozenset({"i", "em", "cite", "dfn", "var"})

_CSS_BOLD = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.IGNORECASE)
_CSS_ITALIC = re.compile(r"font-style\s*:\s*(italic|oblique)", re.IGNORECASE)
_CSS_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")


def _tag(el: etree._Element) -> str:
    """Lower-case tag name ('' for comments, entities and processing instructions)."""
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def class_words(el: etree._Element) -> set[str]:
    """Lower-case words of the element's class and id ('dropdown-menu', 'mainNavigation' → words)."""
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"
    return {w.lower() for w in _WORD_SPLIT.split(raw) if w}


def _text_length(el: etree._Element) -> int:
    """Number of non-space characters in the element's text."""
    return sum(len("".join(t.split())) for t in el.itertext())


def link_density(el: etree._Element) -> float:
    """Share of the element's visible characters that sit inside links."""
    total = _text_length(el)
    if not total:
        return 1.0
    linked = sum(_text_length(a) for a in el.iter("a"))
    return min(1.0, linked / total)


def is_hidden(el: etree._Element) -> bool:
    """True for elements marked hidden (attribute, aria-hidden, inline CSS)."""
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    style = el.get("style")
    return bool(style and _CSS_HIDDEN.search(style))


def is_menu(el: etree._Element) -> bool:
    """True for navigation furniture: navigation roles, or menu-named elements made of links."""
    role = (el.get("role") or "").lower()
    if role in MENU_ROLES:
        return True
    if not (el.get("class") or el.get("id")):
        return False
    if not class_words(el) & MENU_WORDS:
        return False
    return _text_length(el) < MENU_SMALL_CHARS or link_density(el) >= MENU_LINK_DENSITY


def is_nav_bar_paragraph(el: etree._Element) -> bool:
    """True for a `<p>`/`<div>` that is only several links joined by separators ("Home · CFP · ...")."""
    if sum(1 for _ in el.iter("a")) < NAV_BAR_MIN_LINKS:
        return False
    without_links = copy.deepcopy(el)
    without_links.tail = None
    etree.strip_elements(without_links, "a", with_tail=False)
    rest = clean_inline("".join(without_links.itertext()))
    return not (set(rest) - NAV_BAR_SEPARATORS - {"\n"})


def should_drop(el: etree._Element) -> bool:
    """True when the element's subtree is not part of the document's content."""
    tag = _tag(el)
    if not tag or tag in DROPPED_TAGS:
        return True
    if is_hidden(el) or is_menu(el):
        return True
    return tag in ("p", "div") and is_nav_bar_paragraph(el)


def layout_tables(root: etree._Element) -> set[etree._Element]:
    """Tables that contain another table (page layout, not data)."""
    return {table for table in root.iter("table") if table.find(".//table") is not None}


def inline_flags(el: etree._Element) -> tuple[bool, bool]:
    """(bold, italic) that this element itself switches on."""
    tag = _tag(el)
    style = el.get("style") or ""
    bold = tag in BOLD_TAGS or bool(style and _CSS_BOLD.search(style))
    italic = tag in ITALIC_TAGS or bool(style and _CSS_ITALIC.search(style))
    return bold, italic


@dataclass
class _Context:
    """An open block-level element that owns the text collected inside it."""

    kind: str
    level: Optional[int] = None


@dataclass
class _Row:
    """The data-table row being read."""

    cells: list[RichLine] = field(default_factory=list)
    header_cells: list[bool] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # each cell's (rowspan, colspan)
    in_thead: bool = False


MAX_SPAN = 100  # a rowspan/colspan larger than this is a typo, not a layout


def _span(el: etree._Element, name: str) -> int:
    try:
        return max(1, min(MAX_SPAN, int(str(el.get(name, "1")).strip() or 1)))
    except ValueError:
        return 1


def place_cells(row: _Row, covered: dict[int, int]) -> tuple[list[RichLine], list[int], list[int]]:
    """A row's cells at their grid columns, with each cell's rowspan and colspan.

    A column still covered by a cell with rowspan from a row above gets an empty cell
    (rowspan 0); a cell with colspan n is followed by n - 1 empty cells (colspan 0), except
    at the end of the row.
    `covered` (column -> rows it stays covered, this row included) is updated.
    """
    cells: list[RichLine] = []
    rowspans: list[int] = []
    colspans: list[int] = []

    def put(cell: RichLine, rs: int, cs: int) -> None:
        cells.append(cell)
        rowspans.append(rs)
        colspans.append(cs)

    for cell, (rs, cs) in zip(row.cells, row.spans):
        while covered.get(len(cells), 0) > 0:
            put(RichLine(""), 0, 1)
        col = len(cells)
        put(cell, rs, cs)
        for _ in range(cs - 1):
            put(RichLine(""), rs, 0)
        for c in range(col, col + cs):
            if rs > 1:
                covered[c] = rs
    while covered.get(len(cells), 0) > 0:
        put(RichLine(""), 0, 1)
    for c in list(covered):
        covered[c] -= 1
        if covered[c] <= 0:
            del covered[c]
    while len(cells) > len(row.cells) and not cells[-1].text and (rowspans[-1] == 0 or colspans[-1] == 0):
        del cells[-1], rowspans[-1], colspans[-1]  # trailing placeholders say nothing a span does not
    return cells, rowspans, colspans


_SUP_DIGITS = str.maketrans("0123456789abcdef", "⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠ")
_MARKER_TEXT = re.compile(r"\s*(?:\d{1,2}|[a-f])(?:\s*,\s*(?:\d{1,2}|[a-f]))*\s*|\s*[*†‡]+\s*")


def footnote_marker(text: Optional[str], before: str) -> Optional[str]:
    """`<sup>1,2</sup>` after a name kept as superscript characters ("Berg¹,²"), so that the
    presenter's footnote markers can be linked to the affiliation legend; ordinals and other
    superscripts after a digit ("4<sup>th</sup>", "2<sup>e</sup>") stay as printed."""
    if not text or not before or not before.isalpha() or not _MARKER_TEXT.fullmatch(text):
        return text
    return text.strip().translate(_SUP_DIGITS)


class _Walker:
    """State of one walk over a parsed page (see the module docstring for the rules)."""

    def __init__(self, layout: set[etree._Element]) -> None:
        self.builder = DocumentBuilder()
        self.layout = layout
        self.contexts: list[_Context] = [_Context("paragraph")]
        self.collector = RunCollector()
        self.lines: list[RichLine] = []
        self.bold = 0
        self.italic = 0
        self.list_depth = 0
        self.pre = 0
        self.table_id = -1
        self.row_index = 0
        self.thead = 0
        self.row: Optional[_Row] = None
        self.cell_lines: Optional[list[RichLine]] = None
        self.cell_is_th = False
        self.cell_span = (1, 1)
        self.covered: dict[int, int] = {}  # grid columns still covered by a rowspan from above
        self.skipped: set[etree._Element] = set()

    # --- text -----------------------------------------------------------------------------

    def add_text(self, text: Optional[str]) -> None:
        """Add text at the current position (inside `<pre>`, newlines become line breaks)."""
        if not text:
            return
        if self.pre:
            for k, piece in enumerate(text.split("\n")):
                if k:
                    self.line_break()
                self.collector.add(piece, self.bold > 0, self.italic > 0)
        else:
            self.collector.add(text, self.bold > 0, self.italic > 0)

    def line_break(self) -> None:
        """End the current line (a `<br>`, or a block boundary inside a table cell)."""
        if not self.collector.is_empty():
            line = self.collector.finish()
            if self.cell_lines is not None:
                self.cell_lines.append(line)
            else:
                self.lines.append(line)
        else:
            self.collector.finish()

    def flush(self) -> None:
        """Emit the lines collected for the innermost block context."""
        if self.cell_lines is not None:
            self.line_break()
            return
        self.line_break()
        lines, self.lines = self.lines, []
        if not lines:
            return
        context = self.contexts[-1]
        for k, line in enumerate(lines):
            kind = context.kind
            if kind != "heading" and line.text.strip().lower() in UI_LABELS:
                continue
            if len(lines) > 1 and kind != "heading" and not (kind == "list_item" and k == 0):
                kind = "line"
            level = context.level if kind in ("heading", "list_item") else None
            indent = float(level - 1) if kind == "list_item" and level else 0.0
            self.builder.add(kind, line, level=level, indent=indent)

    # --- tables ---------------------------------------------------------------------------

    def start_row(self) -> None:
        """Open a data-table row (text before it is emitted first)."""
        self.flush()
        self.row = _Row(in_thead=self.thead > 0)

    def end_row(self) -> None:
        """Close the open row and emit it as a "table_row" block (skipped when all cells are empty)."""
        row, self.row = self.row, None
        if row is None:
            return
        self.end_cell()
        cells, rowspans, colspans = place_cells(row, self.covered)
        if not cells or not any(cell.text.strip() for cell in cells):
            return
        line = join_rich(cells, " | ")
        header = row.in_thead or all(row.header_cells)
        spanned = any(n != 1 for n in rowspans + colspans)
        block = self.builder.add(
            "table_row", line, cells=[c.text for c in cells], table_id=self.table_id,
            row_index=self.row_index, header=header,
            rowspans=rowspans if spanned else None, colspans=colspans if spanned else None,
        )
        if block is not None:
            self.row_index += 1

    def start_cell(self, is_th: bool, span: tuple[int, int] = (1, 1)) -> None:
        """Open a cell (closing the previous one: lxml may leave `</td>` out)."""
        if self.row is None:  # a cell outside any row: open one
            self.start_row()
        self.end_cell()
        self.cell_lines = []
        self.cell_is_th = is_th
        self.cell_span = span

    def end_cell(self) -> None:
        """Close the open cell, adding its lines (joined by "\\n") to the row."""
        if self.cell_lines is None or self.row is None:
            self.cell_lines = None
            return
        self.line_break()
        self.row.cells.append(join_rich(self.cell_lines, "\n"))
        self.row.header_cells.append(self.cell_is_th)
        self.row.spans.append(self.cell_span)
        self.cell_lines = None

    # --- elements -------------------------------------------------------------------------

    def in_data_table(self, el: etree._Element) -> bool:
        """True when `el` (tr/td/th/thead) belongs to a data table (not a layout table)."""
        table = el.getparent()
        while table is not None and _tag(table) != "table":
            table = table.getparent()
        return table is not None and table not in self.layout

    def start(self, el: etree._Element) -> bool:
        """Handle an opening tag; returns False when the subtree must be skipped."""
        if should_drop(el):
            self.skipped.add(el)
            return False
        tag = _tag(el)
        bold, italic = inline_flags(el)
        if tag == "br":
            self.line_break()
        elif tag == "table" and el not in self.layout:
            self.flush()
            self.table_id += 1
            self.row_index = 0
            self.covered = {}
        elif tag == "thead" and self.in_data_table(el):
            self.thead += 1
        elif tag == "tr" and self.in_data_table(el):
            self.start_row()
        elif tag in ("td", "th") and self.in_data_table(el):
            self.start_cell(tag == "th", (_span(el, "rowspan"), _span(el, "colspan")))
        elif tag in BLOCK_TAGS:
            self.start_block(el, tag)
        self.bold += bold
        self.italic += italic
        if tag == "sup" and len(el) == 0:
            self.add_text(footnote_marker(el.text, self.collector.last_char()))
        else:
            self.add_text(el.text)
        return True

    def start_block(self, el: etree._Element, tag: str) -> None:
        """Open a block-level element (inside a table cell, only a line boundary)."""
        self.flush()
        if tag == "pre":
            self.pre += 1
        if tag in LIST_TAGS:
            self.list_depth += 1
        if self.cell_lines is not None:
            return
        if tag in HEADING_TAGS:
            self.contexts.append(_Context("heading", int(tag[1])))
        elif tag == "li":
            self.contexts.append(_Context("list_item", max(1, self.list_depth)))
        elif tag == "p" and self.contexts[-1].kind == "list_item" and _first_block_of_item(el):
            # a loose list wraps each item's text in <p>: it is still the list item
            self.contexts.append(_Context("list_item", self.contexts[-1].level))
        else:
            self.contexts.append(_Context("paragraph"))

    def end(self, el: etree._Element) -> None:
        """Handle a closing tag, then the element's tail text."""
        if el in self.skipped:
            self.skipped.discard(el)
            self.add_text(el.tail)
            return
        tag = _tag(el)
        bold, italic = inline_flags(el)
        self.bold -= bold
        self.italic -= italic
        if tag == "br":
            pass
        elif tag == "table" and el not in self.layout:
            self.end_row()
            self.flush()
        elif tag == "thead" and self.in_data_table(el):
            self.end_row()
            self.thead = max(0, self.thead - 1)
        elif tag == "tr" and self.in_data_table(el):
            self.end_row()
        elif tag in ("td", "th") and self.in_data_table(el):
            self.end_cell()
        elif tag in BLOCK_TAGS:
            self.end_block(tag)
        self.add_text(el.tail)

    def end_block(self, tag: str) -> None:
        """Close a block-level element."""
        self.flush()
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in LIST_TAGS:
            self.list_depth = max(0, self.list_depth - 1)
        if self.cell_lines is None and len(self.contexts) > 1:
            self.contexts.pop()


def page_title(root: etree._Element) -> Optional[str]:
    """The text of the page's first `<title>`, whitespace collapsed."""
    title = root.find(".//title")
    if title is None:
        return None
    text = " ".join(clean_inline(title.text_content()).split())
    return text or None


def parse_html(text: str) -> Optional[etree._Element]:
    """Parse HTML text tolerantly (no network, no entity resolution); None for an empty page."""
    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, recover=True,
        default_doctype=False,
    )
    try:
        return lxml_html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def read_html(data: bytes | str, *, fmt: str = "html", title: Optional[str] = None) -> Document:
    """Read an HTML page (bytes are decoded honouring a truthful meta charset) into a `Document`."""
    text = decode_text(data, html=True) if isinstance(data, bytes) else data
    root = parse_html(text)
    if root is None:
        return DocumentBuilder().build(fmt, title=title)
    walker = _Walker(layout_tables(root))
    events = etree.iterwalk(root, events=("start", "end"))
    for event, el in events:
        if event == "start":
            if not walker.start(el):
                events.skip_subtree()
        else:
            walker.end(el)
    walker.end_row()
    walker.flush()
    return walker.builder.build(fmt, title=title if title is not None else page_title(root))


def _first_block_of_item(el: etree._Element) -> bool:
    """`el` is the first child element of a list item, with no text before it."""
    parent = el.getparent()
    return parent is not None and _tag(parent) == "li" and not (parent.text or "").strip() and \
        next(iter(parent), None) is el
