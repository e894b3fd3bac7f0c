"""PDF reader: bytes → `Document` of faithful blocks, through pdfplumber.

    open → per page: words (or OCR words) → tables (ruled) → rows → drop furniture
         → fragments → columns → lines → aligned tables → paragraphs → blocks
    → tables continued across pages linked → Document (text + offsets)

Geometry lives in `pdf_layout`, tables in `pdf_tables`, OCR in `ocr`; this module only
drives them and assembles the Document. Blocks are one per printed line or paragraph
(in reading order: left column before right), and one `table_row` per table row.
"""
from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from ..model import Block, Document
from . import ocr
from .pdf_chars import light_page
from .pdf_layout import (BULLETS, Fragment, Gutter, Line, Paragraph, Run, Word, bbox_of, dominant_size, find_gutter, find_panels,
                         group_paragraphs, group_rows, join_line_runs, lines_from_fragments,
                         order_items, runs_from_words, runs_to_text, split_fragments,
                         words_from_pdfplumber)
from .pdf_tables import Table, cell_text, find_aligned_tables, ruled_tables

X_TOLERANCE = 2.0
Y_TOLERANCE = 3.0
MIN_TEXT_CHARS = 5  # a page with fewer characters has no usable text layer
MIN_CHARS_FOR_PAGE_BODY = 200  # sparser pages (covers) measure size against the document's body
HEADING_RATIO = 1.15  # size_ratio from which a block is a heading
FURNITURE_ZONE = 0.15  # top/bottom share of the page where running headers/footers live
FURNITURE_Y_TOLERANCE = 0.02  # share of page height within which repeats count as the same place
PAGE_NUMBER_PATTERNS = [
    re.compile(r"^\d{1,4}$"),
    re.compile(r"^page\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.IGNORECASE),
    re.compile(r"^[-–—]\s*\d{1,4}\s*[-–—]$"),
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),
]


@dataclass
class PageContent:
    """What one page holds before layout: flowing words and tables."""

    number: int
    width: float
    height: float
    words: list[Word]
    tables: list[Table]
    method: str = ""
    rows: list[list[Word]] = field(default_factory=list)


@dataclass
class RawBlock:
    """A block before offsets are known."""

    kind: str
    runs: list[Run]
    page: int
    bbox: tuple[float, float, float, float]
    size: float
    indent: float = 0.0
    column: Optional[int] = None
    lines: Optional[list[str]] = None
    cells: Optional[list[str]] = None
    table: Optional[Table] = None
    row_index: int = 0
    header: bool = False
    rowspans: Optional[list[int]] = None
    colspans: Optional[list[int]] = None
    cell_bboxes: Optional[list] = None
    method: str = ""


# --- opening --------------------------------------------------------------------------


PASSWORD_MESSAGE = "the PDF is encrypted with a password; it cannot be read without it"


def _is_password_error(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect in PdfminerException."""
    seen: list[BaseException] = [exc, *exc.args] if exc.args else [exc]
    if exc.__cause__ is not None:
        seen.append(exc.__cause__)
    return any(isinstance(e, PDFPasswordIncorrect) for e in seen)


def open_pdf(data: bytes) -> pdfplumber.PDF:
    """Open PDF bytes; an empty user password is tried, a real one raises ValueError."""
    try:
        return pdfplumber.open(io.BytesIO(data), password="")
    except Exception as exc:  # pdfminer raises many types for broken files
        if _is_password_error(exc):
            raise ValueError(PASSWORD_MESSAGE) from exc
        raise ValueError(f"not a readable PDF: {exc!r}") from exc


def _page_content(page: pdfplumber.page.Page) -> PageContent:
    raw = page.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE, keep_blank_chars=False,
                             use_text_flow=False, extra_attrs=["fontname", "size"])
    words = words_from_pdfplumber(raw)
    tables = ruled_tables(page.find_tables(), words) if words else []
    used = {id(w) for t in tables for w in t.words}
    flowing = [w for w in words if id(w) not in used]
    return PageContent(page.page_number, float(page.width), float(page.height), flowing, tables)


def needs_ocr(page: pdfplumber.page.Page) -> bool:
    """A page with (almost) no characters but an image is a scan."""
    return len(page.chars) < MIN_TEXT_CHARS and bool(page.images)


# --- page furniture -------------------------------------------------------------------


def _furniture_key(text: str, page_number: int) -> str:
    """Normalised text with the page's own number masked, so "Page 2" and "Page 3" match
    but "Day 1" and "Day 2" at the top of their pages do not."""
    norm = re.sub(r"\s+", " ", text.strip().lower())
    return re.sub(rf"(?<!\d){page_number}(?!\d)", "#", norm)


def is_page_number(text: str) -> bool:
    """Bare page numbers: "3", "Page 3 of 5", "- 3 -", "3/5"."""
    return any(p.match(text.strip()) for p in PAGE_NUMBER_PATTERNS)


def _in_zone(row: Sequence[Word], height: float) -> bool:
    top, bottom = min(w.top for w in row), max(w.bottom for w in row)
    return top < FURNITURE_ZONE * height or bottom > (1 - FURNITURE_ZONE) * height


def drop_furniture(pages: Sequence[PageContent]) -> None:
    """Remove running headers/footers and page numbers from each page's rows.

    A row is furniture when it sits in the top/bottom zone and either is a bare page
    number or repeats (same text, the page number masked, about the same height on the
    page) on at least half of the pages, and on at least two.
    """
    seen: dict[str, list[tuple[int, float]]] = {}
    for p in pages:
        for row in p.rows:
            if _in_zone(row, p.height):
                text = " ".join(w.text for w in row)
                seen.setdefault(_furniture_key(text, p.number), []).append((p.number, min(w.top for w in row) / p.height))
    need = max(2, (len(pages) + 1) // 2)
    # a book's running headers alternate between left and right pages: each form repeats
    # on half the pages of its side
    sides = {side: max(2, (sum(1 for p in pages if p.number % 2 == side) + 1) // 2) for side in (0, 1)}
    repeated = set()
    for key, places in seen.items():
        for _, y in places:
            pages_here = {n for n, y2 in places if abs(y2 - y) <= FURNITURE_Y_TOLERANCE}
            on_side = {n % 2 for n in pages_here}
            if len(pages_here) >= need or (len(on_side) == 1 and len(pages_here) >= sides[on_side.pop()]):
                repeated.add(key)
                break
    for p in pages:
        kept = []
        for row in p.rows:
            text = " ".join(w.text for w in row)
            if _in_zone(row, p.height) and (is_page_number(text) or _furniture_key(text, p.number) in repeated):
                continue
            kept.append(row)
        p.rows = kept


# --- layout → raw blocks --------------------------------------------------------------


def _block_kind(text: str, size_ratio: float, n_lines: int) -> str:
    if text[:1] in BULLETS and text[1:2].isspace():
        return "list_item"
    if size_ratio >= HEADING_RATIO:
        return "heading"
    return "paragraph" if n_lines > 1 else "line"


def _paragraph_block(par: Paragraph, page: PageContent, left_edges: dict[Optional[int], float]) -> RawBlock:
    words = [w for ln in par.lines for w in ln.words]
    runs = join_line_runs([runs_from_words(ln.words) for ln in par.lines], dehyphenate=True)
    first = par.lines[0]
    return RawBlock("line", runs, page.number, bbox_of(words), dominant_size(words),
                    indent=round(first.x0 - left_edges.get(par.column, first.x0), 1), column=par.column,
                    lines=[ln.text for ln in par.lines], method=page.method)


def _table_blocks(table: Table, page: PageContent, column: Optional[int]) -> list[RawBlock]:
    out = []
    for i, row in enumerate(table.rows):
        runs: list[Run] = []
        for k, cell in enumerate(row.cells):
            if k:
                runs.append(Run(" | "))
            runs.extend(cell)
        words = [w for w in table.words if row.bbox[1] - 1 <= (w.top + w.bottom) / 2 <= row.bbox[3] + 1]
        out.append(RawBlock("table_row", runs, page.number, row.bbox, dominant_size(words),
                            column=column, cells=[cell_text(c) for c in row.cells], table=table,
                            row_index=i, header=row.header, rowspans=list(row.rowspans),
                            colspans=list(row.colspans) if row.colspans else None,
                            cell_bboxes=list(row.cell_bboxes) if row.cell_bboxes else None, method=page.method))
    return out


JUSTIFIED_LINES = 3  # lines ending together near the widest line's end: a justified margin
JUSTIFIED_SLACK = 12.0  # how far (pt) that margin may lie inside the widest line (a glyph overhanging)
JUSTIFIED_SPREAD = 4  # fewest characters by which lines stretched to one margin differ in length


def justified_margin(ends: Sequence[tuple[float, int]]) -> Optional[float]:
    """Where several lines of different lengths end together near the widest one, if they
    do: justified text, stretched to its margin (lines of the same length that end
    together are a list printed alike, not a margin). `ends`: (right end, characters)."""
    widest = max(x for x, _ in ends)
    for x, _ in sorted(ends, reverse=True):
        if x < widest - JUSTIFIED_SLACK:
            return None
        lengths = [n for y, n in ends if abs(y - x) <= 1.0]
        if len(lengths) >= JUSTIFIED_LINES and max(lengths) - min(lengths) >= JUSTIFIED_SPREAD:
            return x
    return None


def printed_alike(ends: Sequence[tuple[float, int]]) -> bool:
    """Whether several lines of the same length end together at the widest one: a list
    printed alike, whose end says nothing of the margin. `ends`: (right end, characters)."""
    widest = max(x for x, _ in ends)
    lengths = [n for x, n in ends if x >= widest - 1.0]
    return len(lengths) >= JUSTIFIED_LINES and max(lengths) - min(lengths) < JUSTIFIED_SPREAD


def text_right_edges(lines: Sequence[Line], span: tuple[float, float], gutter: Optional[Gutter]) -> dict[Optional[int], float]:
    """Each column's right text limit, shown by justified lines when there are some. Else,
    for the last column, its widest line but at least the right end of `span` (the page,
    or its panel) minus the left margin (margins assumed symmetric), so a line is not taken as full just because it is the
    longest on a sparse page (a time column printed in the left margin would otherwise
    push it out); for the left column of two, its widest line (the gutter, when that line
    ends a list of lines printed alike)."""
    edges: dict[Optional[int], float] = {}
    for ln in lines:
        edges[ln.column] = max(edges.get(ln.column, 0.0), ln.x1)
    if not lines:
        return edges
    left_margin = min(ln.x0 for ln in lines)
    for column in (0, 1) if gutter is not None else (0,):
        if column not in edges:
            continue
        ends = [(ln.x1, len(ln.text)) for ln in lines if ln.column == column]
        margin = justified_margin(ends)
        if margin is not None:
            edges[column] = margin
        elif column == 0 and gutter is not None:
            edges[column] = max(edges[column], gutter.x) if printed_alike(ends) else edges[column]
        else:
            edges[column] = max(edges[column], span[1] - (left_margin - span[0]))
    return edges


def layout_page(page: PageContent) -> list[list[RawBlock]]:
    """Blocks of one page in reading order, per panel (one panel on a plain page)."""
    fragments = [f for i, row in enumerate(page.rows) for f in split_fragments(row, i)]
    panels = find_panels(fragments, [(t.x0, t.x1) for t in page.tables], page.width, page.height)
    if not panels:
        return [layout_region(page, fragments, page.tables, (0.0, page.width))]
    def panel_of(x0: float) -> int:  # text printed off the sheet's edges stays in its edge panel
        return sum(1 for _, end in panels[:-1] if x0 >= end)

    return [layout_region(page, [f for f in fragments if panel_of(f.x0) == k],
                          [t for t in page.tables if panel_of(t.x0) == k], span) for k, span in enumerate(panels)]


COVER_MAX_CHARS = 400  # a cover prints a title, a date, a place: not a programme


def is_cover(panel: Sequence[RawBlock], others: Sequence[RawBlock], body: float) -> bool:
    """Whether a panel is a cover: little text, and the sheet's largest type (the title)."""
    chars = sum(len(runs_to_text(b.runs)[0]) for b in panel)
    largest = max((b.size for b in panel), default=0.0)
    return (0 < chars <= COVER_MAX_CHARS and largest >= HEADING_RATIO * body
            and all(b.size < largest for b in others))


def folded_order(pages_panels: Sequence[list[list[RawBlock]]], body: float) -> list[list[RawBlock]]:
    """Panels in reading order. A folded sheet (a booklet imposed two-up, a leaflet folded
    in three) prints its outside with the front cover as its last panel and the back (or
    the flap read last) before it: when the first page is such a sheet and more pages
    follow, the cover is read first, then the following pages, then the rest of the outside."""
    panels = [list(p) for p in pages_panels]
    first = panels[0] if panels else []
    if len(panels) > 1 and len(first) > 1 and is_cover(first[-1], [b for p in first[:-1] for b in p], body):
        return [first[-1], *(q for p in panels[1:] for q in p), *first[:-1]]
    return [q for p in panels for q in p]


def layout_region(page: PageContent, fragments: list[Fragment], tables: list[Table],
                  span: tuple[float, float]) -> list[RawBlock]:
    """Blocks of one page, or of one panel of it spanning `span` (x0, x1), in reading order."""
    gutter = find_gutter(fragments)
    ordered = order_items([*fragments, *tables], gutter)
    items = lines_from_fragments(ordered)
    right_edges = text_right_edges([it for it in items if isinstance(it, Line)], span, gutter)
    items = find_aligned_tables(items, right_edges)
    left_edges: dict[Optional[int], float] = {}
    for ln in items:
        if isinstance(ln, Line):
            left_edges[ln.column] = min(left_edges.get(ln.column, ln.x0), ln.x0)
    blocks: list[RawBlock] = []
    columns = {id(t): c for t, c in ordered if isinstance(t, Table)}
    for it in group_paragraphs(items, right_edges):
        if isinstance(it, Paragraph):
            blocks.append(_paragraph_block(it, page, left_edges))
        elif isinstance(it, Table):
            blocks.extend(_table_blocks(it, page, columns.get(id(it), 0) if gutter else None))
    if gutter is None:
        for b in blocks:
            b.column = None if b.kind == "table_row" else 0
    return blocks


# --- tables across pages --------------------------------------------------------------


def _same_columns(a: Table, b: Table) -> bool:
    return len(a.col_starts) == len(b.col_starts) and all(
        abs(x - y) <= 6.0 for x, y in zip(a.col_starts, b.col_starts))


def assign_table_ids(pages_blocks: Sequence[list[RawBlock]]) -> dict[int, tuple[int, int]]:
    """Table ids per document and row offsets: a table opening a page continues the table
    that closed the previous page when their columns line up. Returns id(Table) → (id, offset)."""
    ids: dict[int, tuple[int, int]] = {}
    next_id, prev_last = 0, None
    rows_so_far: dict[int, int] = {}
    first_rows: dict[int, list[str]] = {}
    for blocks in pages_blocks:
        for i, b in enumerate(blocks):
            if b.table is None or id(b.table) in ids:
                continue
            tid = None
            if (i == 0 and prev_last is not None and prev_last.table is not None
                    and _same_columns(prev_last.table, b.table)):
                tid = ids[id(prev_last.table)][0]
            if tid is None:
                tid = next_id
                next_id += 1
                first_rows[tid] = [cell_text(c).strip() for c in b.table.rows[0].cells]
            elif [cell_text(c).strip() for c in b.table.rows[0].cells] == first_rows[tid]:
                b.table.rows[0].header = True  # the header row repeated on a new page
            ids[id(b.table)] = (tid, rows_so_far.get(tid, 0))
            rows_so_far[tid] = rows_so_far.get(tid, 0) + len(b.table.rows)
        if blocks:
            prev_last = blocks[-1]
    return ids


# --- document -------------------------------------------------------------------------


def _body_size(words: Sequence[Word]) -> float:
    return dominant_size(words) or 1.0


def assemble(pages_blocks: Sequence[list[RawBlock]], body_sizes: Sequence[float]) -> tuple[str, list[Block]]:
    """Document text and Blocks with offsets: blocks joined by "\\n", pages by "\\n\\n"."""
    table_ids = assign_table_ids(pages_blocks)
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    heading_sizes: set[float] = set()
    for blocks_of_page, body in zip(pages_blocks, body_sizes):
        for j, rb in enumerate(blocks_of_page):
            text, styles, bold, italic = runs_to_text(rb.runs)
            if not text.strip():
                continue
            sep = "" if not parts else ("\n\n" if j == 0 else "\n")
            parts.append(sep + text)
            pos += len(sep)
            ratio = round(rb.size / body, 2) if body else 1.0
            kind = rb.kind if rb.kind == "table_row" else _block_kind(text, ratio, len(rb.lines or []))
            if kind == "heading":
                heading_sizes.add(ratio)
            tid, offset = table_ids.get(id(rb.table), (None, 0)) if rb.table is not None else (None, 0)
            blocks.append(Block(
                kind=kind, text=text, char_start=pos, char_end=pos + len(text), page=rb.page,
                bold=bold, italic=italic, size_ratio=ratio, indent=rb.indent, styles=styles,
                cells=rb.cells, table_id=tid, row_index=(offset + rb.row_index) if rb.table is not None else None,
                header=rb.header if rb.table is None else rb.table.rows[rb.row_index].header,
                column=rb.column, bbox=tuple(round(v, 2) for v in rb.bbox), method=rb.method,
                lines=rb.lines, rowspans=rb.rowspans, colspans=rb.colspans,
                cell_bboxes=[tuple(round(v, 2) for v in b) if b else None for b in rb.cell_bboxes]
                if rb.cell_bboxes else None))
            pos += len(text)
    levels = {r: i + 1 for i, r in enumerate(sorted(heading_sizes, reverse=True))}
    for b in blocks:
        if b.kind == "heading":
            b.level = min(levels[b.size_ratio], 6)
    return "".join(parts), blocks


def _pages_phrase(numbers: Sequence[int]) -> str:
    """"page 2 has" / "pages 2, 3 have"."""
    if len(numbers) == 1:
        return f"page {numbers[0]} has"
    return f"pages {', '.join(map(str, numbers))} have"


def _ocr_pages(data: bytes, numbers: Sequence[int]) -> dict[int, list[Word]]:
    with tempfile.TemporaryDirectory(prefix="pdfread-") as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        langs = ocr.tesseract_languages()
        return {n: ocr.ocr_page(path, n, langs) for n in numbers}


def read_pdf(data: bytes) -> Document:
    """Read PDF bytes into a Document (format "pdf") of blocks in reading order.

    Pages without a text layer are OCR'd when tesseract is installed (blocks with
    method "ocr"); otherwise the Document is marked partial with an error naming them.
    Raises ValueError for password-protected or unreadable files.
    """
    errors: list[str] = []
    with open_pdf(data) as pdf:
        n_pages = len(pdf.pages)
        pages, scanned = [], []
        for page in map(light_page, pdf.pages):
            if needs_ocr(page):
                scanned.append(page.page_number)
                pages.append(PageContent(page.page_number, float(page.width), float(page.height), [], [], "ocr"))
            else:
                pages.append(_page_content(page))
            page.flush_cache()
    partial = False
    if scanned:
        if ocr.ocr_available():
            try:
                for number, words in _ocr_pages(data, scanned).items():
                    pages[number - 1].words = words
            except Exception as exc:  # a failing OCR run must not lose the other pages
                partial = True
                errors.append(f"OCR failed on pages {', '.join(map(str, scanned))}: {exc}")
        else:
            partial = True
            errors.append(f"{_pages_phrase(scanned)} no text layer and tesseract is not installed")
    for p in pages:
        p.rows = group_rows(p.words)
    drop_furniture(pages)
    all_words = [w for p in pages for w in p.words] + [w for p in pages for t in p.tables for w in t.words]
    doc_body = _body_size(all_words)
    body_sizes = []
    for p in pages:
        page_words = p.words + [w for t in p.tables for w in t.words]
        dense = sum(len(w.text) for w in page_words) >= MIN_CHARS_FOR_PAGE_BODY
        body_sizes.append(_body_size(page_words) if dense else doc_body)
    sizes_of = {p.number: size for p, size in zip(pages, body_sizes)}
    panels = folded_order([layout_page(p) for p in pages], doc_body)
    panels = [p for p in panels if p]
    text, blocks = assemble(panels, [sizes_of[p[0].page] for p in panels])
    return Document(text=text, blocks=blocks, format="pdf", n_pages=n_pages, errors=errors, partial=partial)
