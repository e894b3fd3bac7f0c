"""Blocks → units: the lines the segmenter reasons about.

A reader's blocks are faithful to the layout, but segmentation wants one printed line
at a time, with its leading time slot split off and its table cell known. This step:

- splits table rows into their cells' lines, remembering the row and the cell's role
  (time, title, speaker, chair, other) decided from header names or content;
- re-splits flattened text (a whole programme on one line, as in web pages copied
  to text) at bullet markers and at "Session N –" headings run into the previous line;
- splits a leading time or time range ("09:30 - 10:15", "14.10-15.00 --") off the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .dates import find_time_range
from .headings import GROUP_TAIL, RUNON_SESSION
from .model import Block, Document
from .lexicon import is_honorific
from .speakers import looks_like_person

#: A bullet inside a flattened line: a dash or bullet sign followed by a run of spaces.
INLINE_BULLET = re.compile(r"(?:(?<=\s)|^)(?:[-–•▪●◦·*]|\d{1,2}[.)])\s{2,}|\s[•▪●◦]\s")
#: Where a heading run into the following text ends: a footnote star or a new sentence.
HEADING_END = re.compile(r"\s\*(?=\w)|(?<=[.!?])\s+(?=[A-Z])")
#: A list bullet at the start of a line.
LEADING_BULLET = re.compile(r"^(?:[-–•▪●◦·*]|\d{1,2}[.)])\s+(?=\d{1,2}(?:[:.h]\d\d|h)\b)")
#: Separators left between a time slot and its text ("14.10-15.00 -- Title", "9h40 : Title").
TIME_SEP = re.compile(r"^\s*(?:--+|[-–—:|]+)?\s*")


@dataclass
class Unit:
    """One line of the programme with where it came from and what it looks like."""

    text: str
    start: int  # offsets into Document.text
    end: int
    kind: str  # the block kind it came from
    page: Optional[int] = None
    level: Optional[int] = None
    bold: bool = False
    italic: bool = False
    size_ratio: float = 1.0
    indent: float = 0.0
    time: Optional[tuple[Optional[str], Optional[str]]] = None  # (start, end) HH:MM
    row: Optional[int] = None  # table row serial (units of one row share it)
    table: Optional[int] = None
    cell: Optional[int] = None  # cell index within the row
    cell_role: Optional[str] = None  # "time" | "title" | "speaker" | "chair" | "other"
    cell_kind: Optional[str] = None  # what the cell holds on its own (tables_layout.cell_kind)
    n_cells: int = 0  # non-empty cells in the row
    row_cells: int = 0  # all cells of the row, empty ones included
    line_in_cell: int = 0
    rowspan: int = 1  # rows the unit's cell covers (a merged cell; 0 never: covered cells hold no text)
    colspan: int = 1  # columns the unit's cell covers (a band across a grid)
    header: bool = False
    bbox: Optional[tuple[float, float, float, float]] = None
    method: str = ""
    bold_prefix: bool = False  # starts with a bold run
    italic_span: Optional[tuple[int, int]] = None  # an italic run inside the text
    flattened: bool = False  # came from re-splitting a run-on line
    tags: set[str] = field(default_factory=set)


def _style_info(block: Block, lo: int, hi: int) -> tuple[bool, bool, bool, Optional[tuple[int, int]]]:
    """bold, italic (whole), bold prefix, italic run for block[lo:hi]."""
    if block.bold or block.italic:
        return block.bold, block.italic, block.bold, None
    text = block.text[lo:hi]
    nonspace = [i for i in range(lo, hi) if not block.text[i].isspace()]
    if not nonspace or not block.styles:
        return False, False, False, None
    bold_chars = set()
    ital_chars = set()
    for st in block.styles:
        rng = range(max(st.start, lo), min(st.end, hi))
        if st.bold:
            bold_chars.update(rng)
        if st.italic:
            ital_chars.update(rng)
    ns = set(nonspace)
    bold = ns <= bold_chars
    italic = ns <= ital_chars
    first = nonspace[0]
    bold_prefix = first in bold_chars
    ital = None
    if ital_chars & ns and not italic:
        idx = sorted(ital_chars & ns)
        ital = (idx[0] - lo, idx[-1] + 1 - lo)
    del text
    return bold, italic, bold_prefix, ital


def _strip_span(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and (text[lo].isspace() or text[lo] in "\u00a0"):
        lo += 1
    while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in "\u00a0"):
        hi -= 1
    return lo, hi


def _unit(block: Block, lo: int, hi: int, **kw) -> Optional[Unit]:
    lo, hi = _strip_span(block.text, lo, hi)
    if lo >= hi:
        return None
    bold, italic, bold_prefix, ital = _style_info(block, lo, hi)
    return Unit(
        text=block.text[lo:hi], start=block.char_start + lo, end=block.char_start + hi,
        kind=block.kind, page=block.page, level=block.level, bold=bold, italic=italic,
        size_ratio=block.size_ratio, indent=block.indent, bbox=block.bbox, method=block.method,
        bold_prefix=bold_prefix, italic_span=ital, header=block.header, **kw,
    )


#: A line that starts a new entry inside a cell: a bullet, a number, a time, a role label.
ENTRY_START = re.compile(
    r"^(?:[-•▪●◦·*]\s|\d{1,2}[.)]\s|\d{1,2}[:.h]\d\d\b|"
    r"(?:Chair|Co-chair|Moderator|Speaker|Panelist|Discussant|Rapporteur|Président|Presidente|Moderador|Ponente)"
    r"(?:s|es|e|a)?\s*:)", re.I)


def is_full_name(text: str) -> bool:
    """A whole person name on one line ("Kyu Kim", "Dr Ann Lee (WHO)"), not a part ("Prof. Zhi")."""
    head = re.sub(r"\([^)]*\)?", "", text).strip()
    head = re.split(r"\s[–—-]\s?", head)[0].strip()  # "Nicholas DB – NOAA": the name before the dash
    words = [w for w in head.split() if not is_honorific(w)]
    return 2 <= len(words) <= 4 and looks_like_person(head) >= 0.5


def continues(prev: Unit, u: Unit, last: Unit) -> bool:
    """Does line `u` continue the cell text `prev`, whose last line so far is `last`?"""
    same_style = last.bold == u.bold and last.italic == u.italic
    if prev.text.endswith(")") and u.text[:1].isupper() and same_style \
            and re.search(r"\(\s*\d+\s*min", prev.text + " " + u.text, re.I):
        return False  # "Name – Org (15 mins)" / "Name – Org (10 mins)": one presenter a line
    if same_style:
        # two whole names one under the other are two people, not a wrapped line
        return not (is_full_name(prev.text) and is_full_name(u.text))
    if prev.text[-1:] in "–-:,(" or u.text[:1].islower() or prev.text.count("(") > prev.text.count(")"):
        return True
    # "Name (Org) – The first words" / "Name (Org): The first words" + the italic rest of the title
    return u.italic and not last.italic and bool(re.search(r"\s[–-]\s|:\s", prev.text))


def join_wrapped(cell_units: list[Unit]) -> list[Unit]:
    """Lines of a laid-out cell joined into one unit per paragraph.

    A line continues the previous one when its style (bold, italic) is the same and it
    does not start an entry of its own (a bullet, a number, a time, "Chair: ...").
    """
    out: list[Unit] = []
    last: Optional[Unit] = None  # the last line joined into out[-1] (its style decides)
    for u in cell_units:
        prev = out[-1] if out else None
        if prev is not None and last is not None and not ENTRY_START.match(u.text) and not u.time \
                and continues(prev, u, last):
            sep = "" if prev.text.endswith("-") and u.text[:1].islower() else " "
            text = (prev.text[:-1] if sep == "" else prev.text) + sep + u.text
            merged = Unit(**{**prev.__dict__, "text": text, "end": u.end, "tags": set()})
            merged.italic_span = None
            out[-1] = merged
        else:
            out.append(u)
        last = u
    for i, u in enumerate(out):
        u.line_in_cell = i
    return out


def is_flattened(block: Block) -> bool:
    """A run-on line holding a whole list: long, with several inline bullets."""
    return len(block.text) > 400 and len(INLINE_BULLET.findall(block.text)) >= 3


#: Bullet signs that are never punctuation inside a title (unlike dashes and stars).
BULLET_SIGNS = "•▪●◦·"


def split_bulleted_paragraph(block: Block) -> Optional[list[Unit]]:
    """A paragraph or line that opens with a bullet sign is a list item printed without
    list markup; one that prints the same sign again between spaces is a whole list run
    into one paragraph (a page that dropped its line breaks): one unit per bullet. A sign
    between the links of a menu ("Home · Dates") opens no paragraph."""
    text = block.text.lstrip()
    sign = text[:1]
    if block.kind not in ("paragraph", "line") or not sign or sign not in BULLET_SIGNS or not text[1:2].isspace():
        return None
    lead = len(block.text) - len(text)
    cuts = [lead] + [m.start() + 1 for m in re.finditer(rf"\s{re.escape(sign)}\s", block.text)]
    units = []
    for lo, hi in zip(cuts, cuts[1:] + [len(block.text)]):
        u = _unit(block, lo + 1, hi)  # the sign itself is left out
        if u:
            u.kind = "list_item"
            units.append(u)
    return units


def split_flattened(block: Block) -> list[Unit]:
    """Re-split a run-on line at bullets and at session headings run into the text."""
    cuts: list[tuple[int, int, str]] = []  # (cut position, text start after marker, kind)
    for m in INLINE_BULLET.finditer(block.text):
        cuts.append((m.start(), m.end(), "list_item"))
    for m in RUNON_SESSION.finditer(block.text):
        cuts.append((m.start(), m.start(), "heading"))
    cuts.sort()
    pieces: list[tuple[int, int, str]] = []
    prev_start, prev_kind = 0, "paragraph"
    for cut, after, kind in cuts:
        pieces.append((prev_start, cut, prev_kind))
        prev_start, prev_kind = after, kind
    pieces.append((prev_start, len(block.text), prev_kind))
    units: list[Unit] = []
    for lo, hi, kind in _split_heading_ends(block.text, pieces):
        for a, b, k in _split_group_tail(block.text, lo, hi, kind):
            u = _unit(block, a, b, flattened=True)
            if u:
                u.kind = k
                units.append(u)
    return units


def _split_heading_ends(text: str, pieces: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A run-on heading ends where a footnote or a new sentence starts; the rest is a paragraph."""
    out = []
    for lo, hi, kind in pieces:
        m = HEADING_END.search(text, lo, hi) if kind == "heading" else None
        if m:
            out += [(lo, m.start(), kind), (m.end() if text[m.start():m.end()].strip() != "*" else m.start() + 1,
                                             hi, "paragraph")]
        else:
            out.append((lo, hi, kind))
    return out


def _split_group_tail(text: str, lo: int, hi: int, kind: str) -> list[tuple[int, int, str]]:
    """A grouping word glued to the end of a piece ("..., Maheshwar Dhakal Americas")."""
    m = GROUP_TAIL.search(text, lo, hi)
    if m and _strip_span(text, m.start(), m.end())[1] == _strip_span(text, lo, hi)[1] and m.start() > lo:
        return [(lo, m.start(), kind), (m.start(), m.end(), "group")]
    return [(lo, hi, kind)]


def split_trailing_time(unit: Unit) -> None:
    """"Inauguration : 10.30 am - 11.00 am", "Talks (9:00-11:00)": a short label with its
    time slot at the end."""
    tm = find_time_range(unit.text, anchored=False)
    if not tm or tm.span[0] == 0 or unit.text[tm.span[1]:].strip(" .)"):
        return
    if not re.search(r"\d", unit.text[tm.span[0]:tm.span[1]]):
        return  # "après-midi", "noon": a word, not a printed time
    label = unit.text[:tm.span[0]].rstrip(" :–—-(,")
    if not label or len(label.split()) > 6 or not re.search(r"[:–—(-]\s*$", unit.text[:tm.span[0]]):
        return
    unit.time = (tm.start, tm.end)
    unit.text = label
    unit.end = unit.start + len(label)
    unit.tags.add("slot")


#: The same slot printed again for another time zone right after the first time:
#: "09:30 - 10:00 (15:30 - 16:00 CET)", "10:00 / 16:00 CST".
SECOND_ZONE = re.compile(r"^(?:\((?P<inner>[^()]{3,40})\)|/\s*(?P<plain>\d{1,2}[:.h]?\d{0,2}(?:\s*[-–]\s*\d{1,2}[:.h]?\d{0,2})?"
                         r"(?:\s*[A-Z]{2,5}(?:[+-]\d{1,2})?)?))\s*")
ZONE = re.compile(r"^(?:[A-Z]{2,5}(?:\s*[+-]\s*\d{1,2}(?::\d\d)?)?|[ap]\.?m\.?)?$", re.I)


def skip_second_zone(text: str) -> int:
    """How many characters of `text` (after a time slot) repeat the slot in another zone."""
    m = SECOND_ZONE.match(text)
    if not m:
        return 0
    inner = (m.group("inner") or m.group("plain") or "").strip()
    tm = find_time_range(inner, anchored=True)
    if not tm or tm.span[0] > 0 or not ZONE.match(inner[tm.span[1]:].strip()):
        return 0
    return m.end()


def split_time(unit: Unit) -> None:
    """Move a leading time slot of the unit's text into `unit.time`."""
    bullet = LEADING_BULLET.match(unit.text)
    if bullet:  # "- 9h30 Accueil": the time after a list bullet
        unit.start += bullet.end()
        unit.text = unit.text[bullet.end():]
    tm = find_time_range(unit.text, anchored=True)
    if not tm or tm.span[0] > 1:
        if unit.row is None:
            split_trailing_time(unit)
        return
    rest = unit.text[tm.span[1]:]
    zone = skip_second_zone(rest.lstrip())
    if zone:
        rest = rest.lstrip()[zone:]
        tm_end = len(unit.text) - len(rest)
    else:
        tm_end = tm.span[1]
    sep = TIME_SEP.match(rest)
    cut = tm_end + (sep.end() if sep else 0)
    unit.time = (tm.start, tm.end)
    if tm.end is None:
        # "09:30 09:50 Title": start and end printed in two columns, flattened onto one line
        second = find_time_range(unit.text[cut:], anchored=True)
        if second and second.span[0] == 0 and second.end is None and second.start and second.start > tm.start:
            unit.time = (tm.start, second.start)
            rest2 = unit.text[cut + second.span[1]:]
            sep2 = TIME_SEP.match(rest2)
            cut += second.span[1] + (sep2.end() if sep2 else 0)
    if cut >= len(unit.text):
        unit.text, unit.start = "", unit.end
        return
    unit.start += cut
    unit.text = unit.text[cut:]
    if unit.italic_span:
        a, b = unit.italic_span
        unit.italic_span = (max(0, a - cut), max(0, b - cut))


def block_units(block: Block, row_serial: int) -> list[Unit]:
    """The units of one block (a table row gives one unit per line of each cell)."""
    if block.kind == "table_row" and block.cells is not None:
        units: list[Unit] = []
        pos = 0
        n_cells = sum(1 for c in block.cells if c.strip())
        wrapped = block.page is not None  # laid-out cells (PDF): a new line is a wrap, not a new paragraph
        for ci, cell in enumerate(block.cells):
            # cells are joined with " | " in the block text
            cell_lo = block.text.find(cell, pos) if cell else -1
            if cell_lo < 0:
                cell_lo = pos
            line_lo = cell_lo
            cell_units: list[Unit] = []
            spans = (block.rowspans[ci] if block.rowspans and ci < len(block.rowspans) else 1,
                     block.colspans[ci] if block.colspans and ci < len(block.colspans) else 1)
            box = block.cell_bboxes[ci] if block.cell_bboxes and ci < len(block.cell_bboxes) else None
            for li, line in enumerate(cell.split("\n")):
                u = _unit(block, line_lo, line_lo + len(line), row=row_serial, table=block.table_id,
                          cell=ci, n_cells=n_cells, row_cells=len(block.cells), line_in_cell=li,
                          rowspan=max(1, spans[0]), colspan=max(1, spans[1]))
                if u and box:
                    u.bbox = box  # where the cell's text is, not the whole row
                if u:
                    cell_units.append(u)
                line_lo += len(line) + 1
            units.extend(join_wrapped(cell_units) if wrapped else cell_units)
            pos = cell_lo + len(cell)
        return units
    if is_flattened(block):
        return split_flattened(block)
    listed = split_bulleted_paragraph(block)
    if listed:
        return listed
    u = _unit(block, 0, len(block.text))
    return [u] if u else []


def document_units(document: Document) -> list[Unit]:
    """All units of a document in reading order, with time slots split off."""
    units: list[Unit] = []
    for serial, block in enumerate(document.blocks):
        for u in block_units(block, serial):
            split_time(u)
            units.append(u)
    return units
