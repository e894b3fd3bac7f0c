"""PDF layout: words → baseline rows → fragments → columns → lines → paragraphs.

Plain geometry over pdfplumber words (or OCR words); no pdfplumber import here so the
same steps serve text-layer pages and OCR'd pages. Coordinates are PDF points with a
top-left origin, as pdfplumber gives them.

Steps, each a small function:
- `words_from_pdfplumber` / `Word`: one printed word with its font evidence.
- `group_rows`: words sharing a baseline (vertical overlap) form a row.
- `fix_letter_spacing`: "M o s a ï q u e s" → "Mosaïques" inside a row.
- `split_fragments`: a row is cut at wide horizontal gaps (columns, tab stops).
- `find_gutter` / `order_items`: two-column pages read left column before right.
- `lines_from_fragments`: fragments of one row within one column form a line.
- `group_paragraphs`: wrapped lines of one paragraph are joined.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Optional, Sequence, Union

from ..model import Style

# --- rules as data -------------------------------------------------------------------

BOLD_MARKERS = ("bold", "black", "heavy", "semibold", "demibold", ",b", "-bd", "extrabold")
ITALIC_MARKERS = ("italic", "oblique", ",i", "-it")
BULLETS = "•●○◦▪■□‣⁃–—-*\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
# A line starting like this begins a new block even when it could continue the previous one.
NEW_BLOCK_START = re.compile(
    r"^(?:[" + re.escape(BULLETS) + r"]\s|\d{1,2}\s?[:.h]\s?\d{2}\b|\d{1,2}h\b|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s)",
    re.IGNORECASE,
)
SYMBOL_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf076": "❖", "\uf0d8": "➢", "\uf0fc": "✓", "\uf0a8": "•"}
TIGHT_GAP_EM = 0.1  # words closer than this (font sizes) are printed touching: no space between
ROW_OVERLAP = 0.5  # vertical overlap (share of the smaller word height) to share a baseline
FRAGMENT_GAP_EM = 1.5  # a gap wider than this many font sizes cuts a row into fragments
LETTER_RUN_MIN = 3  # at least this many one-character words in a row = letter-spaced text
LETTER_WORD_GAP_EM = 0.15  # extra gap (in font sizes) that separates letter-spaced words
PARAGRAPH_GAP_EM = 0.6  # max blank space between two lines of one paragraph, in font sizes
HANGING_INDENT_EM = 3.0  # widest indent of a paragraph's wrapped lines under its first line


def is_bold(fontname: str) -> bool:
    """True when the font name says bold (Bold, Black, Heavy, Semibold, ",B")."""
    name = fontname.lower()
    return any(m in name for m in BOLD_MARKERS)


def is_italic(fontname: str) -> bool:
    """True when the font name says italic (Italic, Oblique, ",I")."""
    name = fontname.lower()
    return any(m in name for m in ITALIC_MARKERS)


@dataclass
class Word:
    """One printed word with its box and font evidence."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    italic: bool = False


@dataclass
class Run:
    """A piece of text in one style; blocks and cells are lists of runs."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Fragment:
    """Words of one row with no wide gap between them."""

    words: list[Word]
    row: int  # index of the baseline row on the page

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return words_text(self.words)


@dataclass
class Line:
    """The fragments of one row inside one column, left to right."""

    fragments: list[Fragment]
    column: Optional[int] = 0  # None: across the gutter

    @property
    def words(self) -> list[Word]:
        return [w for f in self.fragments for w in f.words]

    @property
    def x0(self) -> float:
        return self.fragments[0].x0

    @property
    def x1(self) -> float:
        return max(f.x1 for f in self.fragments)

    @property
    def top(self) -> float:
        return min(f.top for f in self.fragments)

    @property
    def bottom(self) -> float:
        return max(f.bottom for f in self.fragments)

    @property
    def text(self) -> str:
        return words_text(self.words)

    @property
    def size(self) -> float:
        return dominant_size(self.words)


@dataclass
class Paragraph:
    """Consecutive lines read as one block."""

    lines: list[Line]
    column: Optional[int] = 0

    @property
    def top(self) -> float:
        return self.lines[0].top


# --- words and rows -------------------------------------------------------------------


UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")


def words_from_pdfplumber(raw_words: Iterable[dict]) -> list[Word]:
    """Turn pdfplumber `extract_words(extra_attrs=["fontname", "size"])` dicts into Words."""
    words = []
    for w in raw_words:
        text = "".join(SYMBOL_BULLETS.get(ch, ch) for ch in w["text"].strip())
        # a glyph the font cannot map to Unicode: pdfminer writes "(cid:127)"; alone it is
        # almost always a bullet or a dingbat, inside a word it is noise
        text = "•" if UNMAPPED_GLYPH.fullmatch(text) else UNMAPPED_GLYPH.sub("", text)
        if not text:
            continue
        font = w.get("fontname", "") or ""
        words.append(
            Word(text, float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]),
                 float(w.get("size", w["bottom"] - w["top"])), is_bold(font), is_italic(font))
        )
    return words


def dominant_size(words: Sequence[Word]) -> float:
    """The font size carrying most characters among `words` (0 if none)."""
    weights: dict[float, int] = {}
    for w in words:
        key = round(w.size, 1)
        weights[key] = weights.get(key, 0) + len(w.text)
    return max(weights, key=lambda k: weights[k]) if weights else 0.0


def _vertical_overlap(a: Word, top: float, bottom: float) -> float:
    inter = min(a.bottom, bottom) - max(a.top, top)
    smaller = max(min(a.bottom - a.top, bottom - top), 0.1)
    return inter / smaller


def group_rows(words: Sequence[Word]) -> list[list[Word]]:
    """Group words into rows sharing a baseline, rows top to bottom, words left to right.

    A word joins the row it overlaps vertically by at least ROW_OVERLAP of the smaller
    height (superscripts still join the line they sit on).
    """
    rows: list[tuple[float, float, list[Word]]] = []
    for w in sorted(words, key=lambda w: (w.bottom, w.x0)):
        for i, (top, bottom, members) in enumerate(rows):
            if bottom <= w.top or top >= w.bottom:  # apart: no overlap (the cheap test first)
                continue
            if _vertical_overlap(w, top, bottom) >= ROW_OVERLAP:
                members.append(w)
                rows[i] = (min(top, w.top), max(bottom, w.bottom), members)
                break
        else:
            rows.append((w.top, w.bottom, [w]))
    rows.sort(key=lambda r: (r[0] + r[1]) / 2)
    return [fix_letter_spacing(sorted(r[2], key=lambda w: w.x0)) for r in rows]


def _merge_words(words: Sequence[Word], sep: str = "") -> Word:
    first = words[0]
    return Word(sep.join(w.text for w in words), first.x0, max(w.x1 for w in words),
                min(w.top for w in words), max(w.bottom for w in words), first.size,
                all(w.bold for w in words), all(w.italic for w in words))


def fix_letter_spacing(row: list[Word]) -> list[Word]:
    """Join letter-spaced display text back into words.

    A run of LETTER_RUN_MIN or more one-character words is letter-spaced text; inside it,
    a gap wider than the run's median gap plus LETTER_WORD_GAP_EM font sizes is a space.
    """
    out: list[Word] = []
    i = 0
    while i < len(row):
        j = i
        while j < len(row) and len(row[j].text) == 1:
            j += 1
        if j - i >= LETTER_RUN_MIN:
            out.extend(_join_letter_run(row[i:j]))
            i = j
        else:
            out.append(row[i])
            i += 1
    return out


def _join_letter_run(run: Sequence[Word]) -> list[Word]:
    gaps = [b.x0 - a.x1 for a, b in zip(run, run[1:])]
    limit = statistics.median(gaps) + LETTER_WORD_GAP_EM * run[0].size
    words, current = [], [run[0]]
    for gap, w in zip(gaps, run[1:]):
        if gap > limit:
            words.append(_merge_words(current))
            current = []
        current.append(w)
    words.append(_merge_words(current))
    return words


def split_fragments(row: Sequence[Word], row_index: int) -> list[Fragment]:
    """Cut a row at gaps wider than FRAGMENT_GAP_EM font sizes."""
    fragments = [Fragment([row[0]], row_index)]
    for prev, w in zip(row, row[1:]):
        if w.x0 - prev.x1 > FRAGMENT_GAP_EM * max(prev.size, w.size, 1.0):
            fragments.append(Fragment([w], row_index))
        else:
            fragments[-1].words.append(w)
    return fragments


# --- columns --------------------------------------------------------------------------


@dataclass
class Gutter:
    """A vertical white band splitting a page's text into two columns."""

    x: float


def find_gutter(fragments: Sequence[Fragment]) -> Optional[Gutter]:
    """Find the gutter of a two-column page, or None for a single-column page.

    The gutter is an x position, in the middle half of the text, that few fragments cross
    (full-width titles may), with text on both sides standing side by side over most of
    the text height, each side made of lines at least a fifth of the text width wide (so
    a narrow time or label column is not mistaken for a text column). A side's line may
    also be what one row prints on that side — a time and its title, apart on the row, are
    one line of the column they both belong to — as long as the two sides run their rows
    independently: where (nearly) every row between them prints on both sides, the sides
    are the columns of one table (time and title | speaker and duration), read row by row.
    """
    if len(fragments) < 6:
        return None
    boxes = [_Box(f.x0, f.x1, f.top, f.bottom, f.row) for f in fragments]  # each bound computed once
    left_edge = min(b.x0 for b in boxes)
    right_edge = max(b.x1 for b in boxes)
    width = right_edge - left_edge
    height = max(b.bottom for b in boxes) - min(b.top for b in boxes)
    if width <= 0 or height <= 0:
        return None
    best: Optional[tuple[int, float, float]] = None
    x = left_edge + 0.25 * width
    while x <= left_edge + 0.75 * width:
        crossing = [b for b in boxes if b.x0 < x - 2 and b.x1 > x + 2]
        if len(crossing) <= 0.15 * len(boxes):
            left = [b for b in boxes if b.x1 <= x + 2]
            right = [b for b in boxes if b.x0 >= x - 2]
            by_fragment = _is_text_column(left, width, height, False) and _is_text_column(right, width, height, False)
            if by_fragment or _is_text_column(left, width, height, True) and _is_text_column(right, width, height, True):
                top = max(min(b.top for b in left), min(b.top for b in right))
                bottom = min(max(b.bottom for b in left), max(b.bottom for b in right))
                if bottom - top >= 0.4 * height and (by_fragment or not _rows_shared(left, right, top, bottom)):
                    # what crosses beside the columns (a title above them) does not count
                    # against a gutter: what crosses between them does
                    between = sum(1 for b in crossing if b.bottom > top and b.top < bottom)
                    key = (between, abs(x - (left_edge + width / 2)), x)
                    if best is None or key < best:
                        best = key
        x += 2.0
    return Gutter(best[2]) if best else None


PANEL_CLEARANCE = 0.02  # share of the sheet width around a fold that no text may touch


def find_panels(fragments: Sequence[Fragment], obstacles: Sequence[tuple[float, float]],
                width: float, height: float) -> list[tuple[float, float]]:
    """The panels of a landscape sheet, left to right, as (x0, x1); [] for a plain page.

    A landscape sheet printed with two portrait pages side by side (a booklet imposed
    two-up) or folded in three (a leaflet) keeps its text clear of the folds, which fall
    at halves or thirds of its width. A fold is a band around such a place that no text
    fragment and no table (`obstacles`: their x spans) touches, with text on both sides;
    each panel is then read on its own (its own columns, its own measure) before the next.
    """
    if width <= height or not fragments:
        return []
    clear = PANEL_CLEARANCE * width
    spans = [(f.x0, f.x1) for f in fragments] + list(obstacles)
    for k in (3, 2):
        folds = [width * i / k for i in range(1, k)]
        if any(x0 < x + clear and x1 > x - clear for x in folds for x0, x1 in spans):
            continue
        edges = [0.0, *folds, width]
        panels = [(a, b) for a, b in zip(edges, edges[1:])]
        if sum(1 for a, b in panels if any(a <= f.x0 < b for f in fragments)) >= 2:
            return panels
    return []


class _Box(NamedTuple):
    x0: float
    x1: float
    top: float
    bottom: float
    row: int


def _is_text_column(boxes: Sequence[_Box], width: float, height: float, by_row: bool) -> bool:
    """Whether boxes make a text column: lines (fragments, or each row's span when
    `by_row`) at least a fifth of the text wide, over at least 0.4 of its height."""
    spans: dict[int, tuple[float, float]] = {}
    for i, b in enumerate(boxes):
        key = b.row if by_row else i
        x0, x1 = spans.get(key, (b.x0, b.x1))
        spans[key] = (min(x0, b.x0), max(x1, b.x1))
    if len(spans) < 3:
        return False
    extent = max(b.bottom for b in boxes) - min(b.top for b in boxes)
    return statistics.median(x1 - x0 for x0, x1 in spans.values()) >= 0.2 * width and extent >= 0.4 * height


ROWS_SHARED = 0.9  # share of rows printing on both sides that makes two sides one table


def _rows_shared(left: Sequence[_Box], right: Sequence[_Box], top: float, bottom: float) -> bool:
    """Whether (nearly) every row between `top` and `bottom` prints on both sides."""
    rows_left = {b.row for b in left if b.top >= top and b.bottom <= bottom}
    rows_right = {b.row for b in right if b.top >= top and b.bottom <= bottom}
    both = rows_left | rows_right
    return bool(both) and len(rows_left & rows_right) >= ROWS_SHARED * len(both)


def column_of(x0: float, x1: float, gutter: Optional[Gutter]) -> Optional[int]:
    """0/1 for an item left/right of the gutter, None for one crossing it (or no gutter: 0)."""
    if gutter is None:
        return 0
    if x1 <= gutter.x + 2:
        return 0
    if x0 >= gutter.x - 2:
        return 1
    return None


def order_items(items: Sequence, gutter: Optional[Gutter]) -> list[tuple[object, Optional[int]]]:
    """Reading order for items having x0, x1, top: (item, column) pairs.

    Without a gutter: top to bottom, left to right. With one: items crossing the gutter
    cut the page into bands; each band gives its left column, then its right column,
    then the crossing item below it (column None: it belongs to neither column, so a
    wide title does not stretch the left column's measure).
    """
    if gutter is None:
        return [(it, 0) for it in sorted(items, key=lambda it: (round(it.top, 0), it.x0))]
    crossing = sorted((it for it in items if column_of(it.x0, it.x1, gutter) is None),
                      key=lambda it: it.top)
    bands: list[list[list]] = [[[], []] for _ in range(len(crossing) + 1)]
    for it in items:
        col = column_of(it.x0, it.x1, gutter)
        if col is None:
            continue
        band = sum(1 for c in crossing if c.top < it.top)
        bands[band][col].append(it)
    ordered: list[tuple[object, Optional[int]]] = []
    for i, (left, right) in enumerate(bands):
        ordered += [(it, 0) for it in sorted(left, key=lambda it: (it.top, it.x0))]
        ordered += [(it, 1) for it in sorted(right, key=lambda it: (it.top, it.x0))]
        if i < len(crossing):
            ordered.append((crossing[i], None))
    return ordered


def lines_from_fragments(ordered: Sequence[tuple[object, Optional[int]]]) -> list[Union[Line, object]]:
    """Merge consecutive fragments of the same row and column into Lines; keep other items."""
    out: list[Union[Line, object]] = []
    for item, col in ordered:
        if isinstance(item, Fragment):
            last = out[-1] if out else None
            if isinstance(last, Line) and last.column == col and last.fragments[-1].row == item.row:
                last.fragments.append(item)
                last.fragments.sort(key=lambda f: f.x0)
            else:
                out.append(Line([item], col))
        else:
            out.append(item)
    return out


# --- paragraphs -----------------------------------------------------------------------


def _style_signature(line: Line) -> tuple[bool, bool]:
    words = line.words
    return all(w.bold for w in words), all(w.italic for w in words)


def continues_paragraph(prev: Line, first: Line, nxt: Line, right_edge: float) -> bool:
    """Whether `nxt` is the wrapped continuation of the paragraph whose last line is `prev`.

    Needs: small vertical gap, same size, compatible style, left edge aligned with the
    paragraph (or with a word of its first line: hanging indent after a time), the
    previous line full (its next word would not have fitted), no bullet/time start.
    """
    size = max(prev.size, 1.0)
    gap = nxt.top - prev.bottom
    if gap > PARAGRAPH_GAP_EM * size or gap < -0.3 * size:
        return False
    if abs(nxt.size - prev.size) > 0.1 * size:
        return False
    if NEW_BLOCK_START.match(nxt.text):
        return False
    sig_prev, sig_next = _style_signature(prev), _style_signature(nxt)
    if sig_prev != sig_next:
        mixed_prev = not any(sig_prev)
        same_edge = (prev.words[-1].bold, prev.words[-1].italic) == (nxt.words[0].bold, nxt.words[0].italic)
        if not (mixed_prev and same_edge) or sig_prev[0] != sig_next[0] and sig_prev[0]:
            return False
    anchors = [first.x0, prev.x0] + [w.x0 for w in first.words[1:]]
    aligned = any(abs(nxt.x0 - a) <= 0.4 * size for a in anchors)
    # a hanging indent (the first line out, the rest in) when the text itself says the
    # line goes on: it ends in a hyphen, a comma or a lower-case word (no full stop,
    # colon or bracket closing it), or the next line starts in lower case
    starts = [first.x0] + [w.x0 for w in first.words[1:2]]  # the line, or its text after a time
    hanging = prev is first and any(0 < nxt.x0 - a <= HANGING_INDENT_EM * size for a in starts) and (
        prev.text[-1:] in "-," or prev.text[-1:].islower() or nxt.text[:1].islower())
    if not (aligned or hanging):
        return False
    first_word = nxt.words[0]
    needed = (first_word.x1 - first_word.x0) + 0.25 * size
    return prev.x1 + needed >= right_edge - 0.5 * size


def group_paragraphs(items: Sequence[object], right_edges: dict[Optional[int], float]) -> list[object]:
    """Join wrapped Lines into Paragraphs; non-Line items pass through unchanged."""
    out: list[object] = []
    for item in items:
        if isinstance(item, Line):
            last = out[-1] if out else None
            if (isinstance(last, Paragraph) and last.column == item.column
                    and continues_paragraph(last.lines[-1], last.lines[0], item,
                                            right_edges.get(item.column, item.x1))):
                last.lines.append(item)
                continue
            out.append(Paragraph([item], item.column))
        else:
            out.append(item)
    return out


# --- styled text ----------------------------------------------------------------------


def runs_from_words(words: Sequence[Word]) -> list[Run]:
    """Words joined by single spaces, as runs (a space takes the style of its neighbours
    when both share it); words printed touching each other are joined without a space."""
    runs: list[Run] = []
    for i, w in enumerate(words):
        if i:
            prev = words[i - 1]
            same = prev.bold == w.bold and prev.italic == w.italic
            touching = w.x0 - prev.x1 < TIGHT_GAP_EM * min(prev.size, w.size)
            if not touching:  # superscripts ("24th") and style changes inside a word
                runs.append(Run(" ", prev.bold and same, prev.italic and same))
        runs.append(Run(w.text, w.bold, w.italic))
    return merge_runs(runs)


def words_text(words: Sequence[Word]) -> str:
    """The plain text of words as `runs_from_words` joins them."""
    return "".join(r.text for r in runs_from_words(words))


def merge_runs(runs: Sequence[Run]) -> list[Run]:
    """Merge adjacent runs of equal style; drop empty ones."""
    out: list[Run] = []
    for r in runs:
        if not r.text:
            continue
        if out and out[-1].bold == r.bold and out[-1].italic == r.italic:
            out[-1] = Run(out[-1].text + r.text, r.bold, r.italic)
        else:
            out.append(Run(r.text, r.bold, r.italic))
    return out


def join_line_runs(lines: Sequence[list[Run]], dehyphenate: bool) -> list[Run]:
    """Join the runs of wrapped lines with a space; with `dehyphenate`, "pro-" + "gramme"
    becomes "programme" when the next line starts with a lowercase letter."""
    out: list[Run] = []
    for runs in lines:
        if out and runs:
            prev_text = out[-1].text
            nxt = runs[0].text
            if (dehyphenate and prev_text.endswith("-") and len(prev_text) >= 2
                    and prev_text[-2].isalpha() and nxt[:1].islower()):
                out[-1] = Run(prev_text[:-1], out[-1].bold, out[-1].italic)
            else:
                out.append(Run(" ", out[-1].bold and runs[0].bold, out[-1].italic and runs[0].italic))
        out.extend(runs)
    return merge_runs(out)


def runs_to_text(runs: Sequence[Run]) -> tuple[str, list[Style], bool, bool]:
    """Text, bold/italic Style runs (offsets in the text), whole-bold, whole-italic."""
    text, styles, pos = "", [], 0
    for r in runs:
        if r.bold or r.italic:
            styles.append(Style(pos, pos + len(r.text), r.bold, r.italic))
        text += r.text
        pos += len(r.text)
    visible = [r for r in runs if r.text.strip()]
    all_bold = bool(visible) and all(r.bold for r in visible)
    all_italic = bool(visible) and all(r.italic for r in visible)
    return text, styles, all_bold, all_italic


def bbox_of(words: Sequence[Word]) -> tuple[float, float, float, float]:
    """The box around `words`."""
    return (min(w.x0 for w in words), min(w.top for w in words),
            max(w.x1 for w in words), max(w.bottom for w in words))


__all__ = [
    "Word", "Run", "Fragment", "Line", "Paragraph", "Gutter", "words_from_pdfplumber",
    "dominant_size", "group_rows", "fix_letter_spacing", "split_fragments", "find_gutter",
    "find_panels", "order_items", "lines_from_fragments", "group_paragraphs", "continues_paragraph",
    "runs_from_words", "join_line_runs", "runs_to_text", "bbox_of", "is_bold", "is_italic",
]
