"""Word (.docx) reader: the body's paragraphs and tables in order, with style evidence.

python-docx opens the package (its XML parser does not resolve entities); the body XML is
then walked directly, without recursion:

- paragraphs: style "Heading N"/"Title" (and localised names, or an outline level) →
  "heading" with its level; numbered/bulleted paragraphs (numPr, or a "List" style) →
  "list_item" with level ilvl+1; otherwise "paragraph". A soft line break (`<w:br/>`) splits a
  paragraph into "line" blocks (a heading stays a heading, a list item's first line stays
  the list item).
- runs: bold/italic from the run, its character style or the paragraph style → `Style`
  runs and whole-block flags; font size relative to the document's body size → `size_ratio`.
- tables: each row → "table_row" with `cells` (a cell's paragraphs joined by "\\n", nested
  tables as " | "-joined lines); a vertically merged continuation cell is left empty;
  rows marked "repeat as header" → `header=True`.
- deleted text (tracked changes) and the fallback copies of drawings are skipped; text
  boxes are read inline. Core properties title → `Document.title`.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator, Optional

from lxml import etree

from ..model import Document
from .detect import UnsupportedFormat
from .text import DocumentBuilder, RichLine, RunCollector, join_rich

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MAX_DOCUMENT_XML_BYTES = 200 * 1024 * 1024  # refuse zip bombs


def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag: w('p') → '{ns}p'."""
    return f"{{{W_NS}}}{tag}"


# Style names (lower case, any language Word ships) that mark headings; the level follows.
HEADING_STYLE = re.compile(r"^(?:heading|titre|überschrift|título|titulo|titolo|kop|rubrik|nagłówek)\s*(\d)$", re.IGNORECASE)
TITLE_STYLES = frozenset({"title", "titre", "titel", "título", "titolo"})
LIST_STYLE_WORDS = ("list", "liste", "lista", "bullet", "puce", "viñeta")
FALSE_VALUES = frozenset({"0", "false", "off", "none"})

# Containers whose children are walked as if they were in the parent.
TRANSPARENT = frozenset({w("sdt"), w("sdtContent"), w("customXml"), w("smartTag"), w("hyperlink"), w("ins"), w("fldSimple"), w("dir"), w("bdo"), f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice"})
# Subtrees never read inside a paragraph.
SKIPPED = frozenset({w("del"), w("moveFrom"), w("pPr"), w("rPr"), w("instrText"), w("delText"), f"{{{MC_NS}}}Fallback", w("footnoteReference"), w("commentReference")})


def _on(el: Optional[etree._Element]) -> Optional[bool]:
    """Value of an on/off property element (`<w:b/>`, `<w:b w:val="0"/>`), None when absent."""
    if el is None:
        return None
    return (el.get(w("val")) or "true").lower() not in FALSE_VALUES


def _half_points(rpr: Optional[etree._Element]) -> Optional[float]:
    """Font size in points from `<w:sz w:val="24"/>` (half-points), None when absent."""
    if rpr is None:
        return None
    sz = rpr.find(w("sz"))
    if sz is None:
        return None
    try:
        return int(sz.get(w("val"), "")) / 2
    except ValueError:
        return None


@dataclass
class _StyleInfo:
    """What a paragraph or character style sets (after following `basedOn`)."""

    name: str = ""
    bold: Optional[bool] = None
    italic: Optional[bool] = None
    size: Optional[float] = None
    outline: Optional[int] = None
    numbered: bool = False
    ilvl: int = 0


class _Styles:
    """Style lookups with `basedOn` inheritance (resolved lazily, iteratively)."""

    def __init__(self, styles_root: Optional[etree._Element]) -> None:
        self._raw: dict[str, etree._Element] = {}
        self._cache: dict[str, _StyleInfo] = {}
        self.default_size: Optional[float] = None
        self.default_paragraph: Optional[str] = None
        if styles_root is None:
            return
        for style in styles_root.iter(w("style")):
            style_id = style.get(w("styleId"))
            if style_id:
                self._raw[style_id] = style
                if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
                    self.default_paragraph = style_id
        defaults = styles_root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        self.default_size = _half_points(defaults)

    def get(self, style_id: Optional[str]) -> _StyleInfo:
        """The resolved style (an empty `_StyleInfo` for unknown ids)."""
        if not style_id:
            return _StyleInfo()
        if style_id in self._cache:
            return self._cache[style_id]
        chain: list[etree._Element] = []
        current: Optional[str] = style_id
        while current and current in self._raw and len(chain) < 20:
            element = self._raw[current]
            if element in chain:
                break
            chain.append(element)
            based = element.find(w("basedOn"))
            current = based.get(w("val")) if based is not None else None
        info = _StyleInfo()
        for element in reversed(chain):  # base first, so derived styles override
            name = element.find(w("name"))
            if element is chain[0] and name is not None:
                info.name = name.get(w("val"), "")
            rpr = element.find(w("rPr"))
            if rpr is not None:
                bold, italic = _on(rpr.find(w("b"))), _on(rpr.find(w("i")))
                info.bold = bold if bold is not None else info.bold
                info.italic = italic if italic is not None else info.italic
                info.size = _half_points(rpr) or info.size
            ppr = element.find(w("pPr"))
            if ppr is not None:
                outline = ppr.find(w("outlineLvl"))
                if outline is not None and (outline.get(w("val")) or "").isdigit():
                    info.outline = int(outline.get(w("val")))
                num = ppr.find(w("numPr"))
                if num is not None:
                    info.numbered, info.ilvl = _numbering(num, info.ilvl)
        self._cache[style_id] = info
        return info


def _numbering(num_pr: etree._Element, default_ilvl: int = 0) -> tuple[bool, int]:
    """(is numbered, ilvl) from a `<w:numPr>` (numId 0 means "numbering removed")."""
    num_id = num_pr.find(w("numId"))
    ilvl = num_pr.find(w("ilvl"))
    numbered = num_id is None or num_id.get(w("val")) != "0"
    level = default_ilvl
    if ilvl is not None and (ilvl.get(w("val")) or "").isdigit():
        level = int(ilvl.get(w("val")))
    return numbered, level


@dataclass
class _Paragraph:
    """A paragraph read from XML: its lines, kind, level and the font sizes seen."""

    lines: list[RichLine]
    kind: str
    level: Optional[int]
    sizes: list[tuple[float, int]] = field(default_factory=list)  # (size, characters)


def _children(el: etree._Element) -> Iterator[etree._Element]:
    """Children of `el`, looking through transparent containers (content controls, ...)."""
    stack = [iter(el)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if child.tag in (w("sdt"), w("sdtContent"), w("customXml")):
            stack.append(iter(child))
        elif child.tag != w("sdtPr") and child.tag != w("sdtEndPr"):
            yield child


class _Reader:
    """State of one reading of a .docx body."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.all_sizes: Counter[float] = Counter()  # characters per font size, tables included

    # --- paragraphs -----------------------------------------------------------------------

    def paragraph_style(self, p: etree._Element) -> tuple[Optional[str], etree._Element | None]:
        """(paragraph style id, pPr element)."""
        ppr = p.find(w("pPr"))
        style = ppr.find(w("pStyle")) if ppr is not None else None
        style_id = style.get(w("val")) if style is not None else self.styles.default_paragraph
        return style_id, ppr

    def run_flags(self, run: etree._Element, para: _StyleInfo) -> tuple[bool, bool, Optional[float]]:
        """Effective (bold, italic, size) of a run: direct formatting, character style, paragraph style."""
        rpr = run.find(w("rPr"))
        char = _StyleInfo()
        bold = italic = None
        size = None
        if rpr is not None:
            bold, italic, size = _on(rpr.find(w("b"))), _on(rpr.find(w("i"))), _half_points(rpr)
            rstyle = rpr.find(w("rStyle"))
            if rstyle is not None:
                char = self.styles.get(rstyle.get(w("val")))
        bold = bold if bold is not None else char.bold if char.bold is not None else bool(para.bold)
        italic = italic if italic is not None else char.italic if char.italic is not None else bool(para.italic)
        size = size or char.size or para.size or self.styles.default_size
        return bool(bold), bool(italic), size

    def read_paragraph(self, p: etree._Element) -> _Paragraph:
        """Lines (split at soft breaks), kind and level of one `<w:p>`."""
        style_id, ppr = self.paragraph_style(p)
        style = self.styles.get(style_id)
        collector = RunCollector()
        lines: list[RichLine] = []
        sizes: Counter[float] = Counter()

        def end_line() -> None:
            line = collector.finish()
            if line.text.strip():
                lines.append(line)

        stack: list[Iterator[etree._Element]] = [iter(p)]
        run_flags: list[tuple[bool, bool, Optional[float]]] = []
        run_ends: list[int] = []
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                if run_ends and run_ends[-1] == len(stack):
                    run_ends.pop()
                    run_flags.pop()
                continue
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            if tag == w("r"):
                run_flags.append(self.run_flags(child, style))
                stack.append(iter(child))
                run_ends.append(len(stack) - 1)
                continue
            bold, italic, size = run_flags[-1] if run_flags else (bool(style.bold), bool(style.italic), style.size)
            if tag == w("t"):
                text = child.text or ""
                collector.add(text, bold, italic)
                if size and text.strip():
                    sizes[size] += len(text.strip())
            elif tag in (w("tab"), w("ptab")):
                collector.add(" ", bold, italic)
            elif tag in (w("br"), w("cr")):
                end_line()
            elif tag == w("noBreakHyphen"):
                collector.add("-", bold, italic)
            elif tag == w("sym"):
                continue
            elif tag == w("p"):  # a paragraph inside a text box
                end_line()
                stack.append(iter(child))
            else:
                stack.append(iter(child))
        end_line()
        self.all_sizes.update(sizes)
        kind, level = self.paragraph_kind(style, ppr)
        return _Paragraph(lines, kind, level, sorted(sizes.items()))

    def paragraph_kind(self, style: _StyleInfo, ppr: Optional[etree._Element]) -> tuple[str, Optional[int]]:
        """("heading"|"list_item"|"paragraph", level) from the style name, outline level, numbering."""
        name = style.name.strip().lower()
        heading = HEADING_STYLE.match(name)
        if heading:
            return "heading", max(1, int(heading.group(1)))
        if name in TITLE_STYLES:
            return "heading", 1
        outline = style.outline
        numbered, ilvl = style.numbered, style.ilvl
        if ppr is not None:
            own_outline = ppr.find(w("outlineLvl"))
            if own_outline is not None and (own_outline.get(w("val")) or "").isdigit():
                outline = int(own_outline.get(w("val")))
            num = ppr.find(w("numPr"))
            if num is not None:
                numbered, ilvl = _numbering(num, ilvl)
        if outline is not None and outline < 9:
            return "heading", outline + 1
        if numbered or any(word in name for word in LIST_STYLE_WORDS):
            return "list_item", ilvl + 1
        return "paragraph", None

    # --- tables ---------------------------------------------------------------------------

    def cell_lines(self, tc: etree._Element) -> list[RichLine]:
        """A cell's lines: its paragraphs' lines, nested table rows as " | "-joined lines."""
        lines: list[RichLine] = []
        for child in _children(tc):
            if child.tag == w("p"):
                lines.extend(self.read_paragraph(child).lines)
            elif child.tag == w("tbl"):
                for row in self.table_rows(child):
                    cells = [join_rich(cell, " / ") for cell in row[0]]
                    if any(c.text for c in cells):
                        lines.append(join_rich(cells, " | "))
        return lines

    def table_rows(self, tbl: etree._Element) -> Iterator[tuple[list[list[RichLine]], bool, list[str]]]:
        """Rows of a table: (cells as lists of lines, is a repeated header row, each cell's
        merge mark). Cells sit at their grid columns: a cell spanning n grid columns
        (gridSpan) is followed by n - 1 empty cells marked "right"; a cell continuing a
        vertically merged one is empty and marked "below"; others are marked "" ("start"
        when a vertical merge starts there)."""
        for tr in _children(tbl):
            if tr.tag != w("tr"):
                continue
            trpr = tr.find(w("trPr"))
            header = bool(trpr is not None and _on(trpr.find(w("tblHeader"))))
            cells: list[list[RichLine]] = []
            marks: list[str] = []
            for tc in _children(tr):
                if tc.tag != w("tc"):
                    continue
                tcpr = tc.find(w("tcPr"))
                vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
                grid_span = tcpr.find(w("gridSpan")) if tcpr is not None else None
                if vmerge is not None and vmerge.get(w("val")) != "restart":
                    cells.append([])  # continuation of a vertically merged cell
                    marks.append("below")
                else:
                    cells.append(self.cell_lines(tc))
                    marks.append("start" if vmerge is not None else "")
                try:
                    span = int(grid_span.get(w("val"), "1")) if grid_span is not None else 1
                except ValueError:
                    span = 1
                for _ in range(max(0, min(span, 64) - 1)):
                    cells.append([])
                    marks.append("right")
            yield cells, header, marks


def _check_size(data: bytes) -> None:
    """Refuse packages whose main part would unpack to an absurd size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise UnsupportedFormat(f"The file is not a readable Word (.docx) document ({exc}).") from exc
    if info.file_size > MAX_DOCUMENT_XML_BYTES:
        raise UnsupportedFormat("The Word document is too large to read (its text part exceeds 200 MB).")


def read_docx(data: bytes) -> Document:
    """Read a .docx file into a `Document` (format "docx")."""
    import docx  # python-docx

    _check_size(data)
    try:
        package = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for broken packages
        raise UnsupportedFormat(f"The Word document cannot be opened ({exc}).") from exc
    try:
        styles_root = package.styles.element
    except Exception:  # a package without a styles part
        styles_root = None
    reader = _Reader(_Styles(styles_root))
    body = package.element.body

    # First pass: read everything; the body font size is known only at the end.
    pending: list[tuple[str, object]] = []
    for child in _children(body):
        if child.tag == w("p"):
            pending.append(("p", reader.read_paragraph(child)))
        elif child.tag == w("tbl"):
            pending.append(("tbl", list(reader.table_rows(child))))
    body_size = reader.all_sizes.most_common(1)[0][0] if reader.all_sizes else None

    builder = DocumentBuilder()
    table_id = 0
    for kind, item in pending:
        if isinstance(item, _Paragraph):
            _add_paragraph(builder, item, body_size)
        elif isinstance(item, list):
            _add_table(builder, item, table_id)
            table_id += 1
    title = (package.core_properties.title or "").strip() or None
    return builder.build("docx", title=title)


def _add_paragraph(builder: DocumentBuilder, para: _Paragraph, body_size: Optional[float]) -> None:
    """Add a paragraph's lines as blocks (see the module docstring for the kinds)."""
    size = max((s for s, _n in para.sizes), default=None)
    ratio = round(size / body_size, 3) if size and body_size else 1.0
    for k, line in enumerate(para.lines):
        kind = para.kind
        if len(para.lines) > 1 and kind != "heading" and not (kind == "list_item" and k == 0):
            kind = "line"
        level = para.level if kind in ("heading", "list_item") else None
        indent = float(level - 1) if kind == "list_item" and level else 0.0
        builder.add(kind, line, level=level, indent=indent, size_ratio=ratio)


def merge_spans(marks: list[list[str]]) -> tuple[list[list[int]], list[list[int]]]:
    """Each cell's rowspan and colspan (as in `Block`) from the merge marks of `table_rows`."""
    rowspans = [[0 if m == "below" else 1 for m in row] for row in marks]
    colspans = [[0 if m == "right" else 1 for m in row] for row in marks]
    for r, row in enumerate(marks):
        for c, m in enumerate(row):
            if m == "right":
                k = c
                while k > 0 and row[k] == "right":
                    k -= 1
                colspans[r][k] += 1
            elif m == "start":
                n = 1
                while r + n < len(marks) and c < len(marks[r + n]) and marks[r + n][c] == "below":
                    n += 1
                rowspans[r][c] = n
    return rowspans, colspans


def _add_table(builder: DocumentBuilder, rows: list[tuple[list[list[RichLine]], bool, list[str]]],
               table_id: int) -> None:
    """Add one table's rows as "table_row" blocks."""
    row_index = 0
    rowspans, colspans = merge_spans([marks for _, _, marks in rows])
    for (cells, header, _), rs, cs in zip(rows, rowspans, colspans):
        cell_texts = [join_rich(lines, "\n") for lines in cells]
        if not any(c.text.strip() for c in cell_texts):
            continue
        spanned = any(n != 1 for n in rs + cs)
        builder.add(
            "table_row", join_rich(cell_texts, " | "), cells=[c.text for c in cell_texts],
            table_id=table_id, row_index=row_index, header=header,
            rowspans=rs if spanned else None, colspans=cs if spanned else None,
        )
        row_index += 1
