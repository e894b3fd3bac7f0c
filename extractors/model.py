"""The data model shared by every step: read → blocks → segment → speakers → resolve.

Readers turn bytes into a `Document` (full text + ordered `Block`s with provenance).
Segmentation turns blocks into a `Programme` (meeting, sessions, items, speakers).
Everything here is plain data: no I/O, no Dagster.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom (PDF points, top-left origin)


def union_box(a: Optional[BBox], b: Optional[BBox]) -> Optional[BBox]:
    """The box around two boxes (either may be None)."""
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


@dataclass
class Style:
    """A styled run inside a block: offsets relative to the block's text."""

    start: int
    end: int
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    """One unit of layout: a heading, paragraph, list item, table row or line.

    `text` is exactly `document.text[char_start:char_end]`. For table rows, `cells`
    holds each cell's text (paragraphs/lines inside a cell joined with "\n"), and the
    block's text is the cells joined with " | ".
    """

    kind: str  # "heading" | "paragraph" | "list_item" | "table_row" | "line"
    text: str
    char_start: int
    char_end: int
    page: Optional[int] = None  # 1-based for paged formats
    level: Optional[int] = None  # heading level (1 = biggest) or list nesting level
    bold: bool = False  # the whole block is bold
    italic: bool = False  # the whole block is italic
    size_ratio: float = 1.0  # font size relative to the page's body text
    indent: float = 0.0  # left indent in points (PDF) or list depth
    styles: list[Style] = field(default_factory=list)  # bold/italic runs inside the block
    cells: Optional[list[str]] = None  # table rows only
    table_id: Optional[int] = None  # which table (per document), table rows only
    row_index: Optional[int] = None  # row within its table
    header: bool = False  # a table header row (column names), or a <th> row
    column: Optional[int] = None  # PDF text column (0 = left)
    bbox: Optional[BBox] = None
    method: str = ""  # "" normally; "ocr" when the text came from OCR
    lines: Optional[list[str]] = None  # the block's lines as laid out (PDF), when known
    rowspans: Optional[list[int]] = None  # table rows: per cell, 1 normal, n>1 first row of a cell merged over n rows, 0 covered by a merged cell above
    colspans: Optional[list[int]] = None  # table rows: per cell, 1 normal, n>1 a cell merged over n columns, 0 covered by a merged cell on its left
    cell_bboxes: Optional[list[Optional[BBox]]] = None  # table rows (PDF): the box around each cell's text


@dataclass
class Document:
    """A document as read: its extracted text and blocks, plus what the reader found."""

    text: str
    blocks: list[Block]
    format: str  # "txt" | "md" | "html" | "docx" | "pdf"
    n_pages: Optional[int] = None
    title: Optional[str] = None  # a title the format declares (HTML <title>, docx core props, md front matter)
    language: Optional[str] = None
    errors: list[str] = field(default_factory=list)  # non-fatal problems (pages without text, ...)
    partial: bool = False  # some pages or parts could not be read


@dataclass
class Speaker:
    """A person or organisation presenting an item, or chairing a session."""

    name: Optional[str]  # person name without honorifics; None for an organisation-only presenter
    affiliation: Optional[str] = None
    role: Optional[str] = None  # "Chair", "Moderator", "Keynote", ... as printed (normalised to English)
    method: str = "rule"  # "rule" | "ner" | "rule+ner" | "table" | "ocr" ...
    confidence: float = 0.8
    char_start: Optional[int] = None  # offsets into Document.text
    char_end: Optional[int] = None
    page: Optional[int] = None
    bbox: Optional[BBox] = None
    markers: tuple[str, ...] = ()  # footnote markers printed on the name ("Berg¹²" → ("1", "2")), for legends
    shared: bool = False  # the affiliation was printed after a later name of the same list ("A, B (Org)")


@dataclass
class Item:
    title: Optional[str]
    speakers: list[Speaker] = field(default_factory=list)
    group: Optional[str] = None
    start_time: Optional[str] = None  # HH:MM
    end_time: Optional[str] = None
    page: Optional[int] = None
    char_start: Optional[int] = None
    char_end: Optional[int] = None
    bbox: Optional[BBox] = None


@dataclass
class Session:
    number: Optional[str] = None
    title: Optional[str] = None
    date: Optional[str] = None  # YYYY-MM-DD
    start_time: Optional[str] = None  # HH:MM
    end_time: Optional[str] = None
    page: Optional[int] = None
    chairs: list[Speaker] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    char_start: Optional[int] = None
    label: Optional[str] = None  # "Lab 1a", "Tutorial Session 2": the title when none other is printed
    # printed once on the session's heading, they discuss every talk: each item gets them (finish)
    discussants: list[Speaker] = field(default_factory=list)


@dataclass
class Meeting:
    title: Optional[str] = None
    start_date: Optional[str] = None
    end_date: Optional[str] = None
    location: Optional[str] = None


@dataclass
class Programme:
    meeting: Meeting
    sessions: list[Session]
    language: Optional[str] = None
