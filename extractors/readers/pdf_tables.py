"""PDF tables: ruled tables (pdfplumber's `find_tables`) and borderless aligned tables.

Both end up as `Table`s of `TableRow`s whose cells are style runs, one cell per logical
column. Ruled tables come from the cell grid pdfplumber finds; grid columns that only
exist because of a stray edge are folded into their neighbour. Borderless tables come from
lines whose fragments start at x positions shared by many lines (Start | End | content).
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from ..model import union_box
from .pdf_layout import Fragment, Line, Run, Word, bbox_of, group_rows, merge_runs, runs_from_words

MAX_CELL_LINES = 12  # a "cell" with more lines than this is a page frame, not a table cell
GRID_TOLERANCE = 1.5  # points within which two cell edges are the same grid line
ANCHOR_TOLERANCE = 4.0  # points within which fragment starts share a column
MIN_ALIGNED_ROWS = 3  # lines with several aligned fragments needed for a borderless table
MIN_ALIGNED_SHARE = 0.5  # share of a borderless table's lines that must be multi-cell rows
FULL_WIDTH_SHARE = 0.6  # a lone cell this wide (share of the table) is a merged full-width row
HEADER_MAX_WORDS = 3
STARTS_WITH_DIGIT = re.compile(r"^\s*\d")


@dataclass
class TableRow:
    """One row: runs per logical column, and each cell's row span.

    `rowspans[i]` is 1 for a normal cell, n > 1 for the first row of a cell merged over n
    rows, 0 where the cell is covered by a merged cell from a row above.
    """

    cells: list[list[Run]]
    rowspans: list[int]
    bbox: tuple[float, float, float, float]
    header: bool = False
    colspans: Optional[list[int]] = None  # per cell: n > 1 merged over n columns, 0 covered from the left
    cell_bboxes: Optional[list[Optional[tuple[float, float, float, float]]]] = None  # each cell's text box


@dataclass
class Table:
    """A table found on one page, placed in reading order by its top."""

    rows: list[TableRow]
    bbox: tuple[float, float, float, float]
    col_starts: list[float]  # x of each logical column's left edge
    ruled: bool = True
    words: list[Word] = field(default_factory=list)  # the words it consumed

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def x1(self) -> float:
        return self.bbox[2]

    @property
    def top(self) -> float:
        return self.bbox[1]


def cell_text(runs: Sequence[Run]) -> str:
    """The plain text of a cell."""
    return "".join(r.text for r in runs)


# --- ruled tables ---------------------------------------------------------------------


def _cluster(values: Sequence[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(edges: Sequence[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def _inside(w: Word, box: Sequence[float]) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _cell_runs(words: Sequence[Word]) -> tuple[list[Run], int]:
    """A cell's runs (its lines joined with "\\n") and its number of lines."""
    rows = group_rows(words)
    runs: list[Run] = []
    for i, row in enumerate(rows):
        if i:
            runs.append(Run("\n"))
        runs.extend(runs_from_words(row))
    return merge_runs(runs), len(rows)


@dataclass
class _Cell:
    r0: int
    r1: int
    c0: int
    c1: int
    runs: list[Run]
    bbox: tuple[float, float, float, float]
    text_bbox: Optional[tuple[float, float, float, float]] = None  # the box around its words

    @property
    def text(self) -> str:
        return cell_text(self.runs).strip()


def ruled_tables(found: Sequence[Any], words: Sequence[Word]) -> list[Table]:
    """Tables from pdfplumber `Table` objects (`page.find_tables()`), words assigned to cells.

    A candidate is rejected when it has fewer than two rows or columns or when a cell
    holds more than MAX_CELL_LINES lines (a background frame around the whole page).
    """
    tables = []
    for t in found:
        table = _ruled_table(list(t.cells), t.bbox, words)
        if table is not None:
            tables.append(table)
    return tables


def _ruled_table(boxes: list, bbox: Sequence[float], words: Sequence[Word]) -> Optional[Table]:
    xs = _cluster([v for b in boxes for v in (b[0], b[2])], GRID_TOLERANCE)
    ys = _cluster([v for b in boxes for v in (b[1], b[3])], GRID_TOLERANCE)
    if len(xs) < 3 or len(ys) < 3:
        return None
    words = [w for w in words if _inside(w, bbox)]  # cells lie within the table's box
    grid = [(_index(ys, b[1]), _index(ys, b[3]), _index(xs, b[0]), _index(xs, b[2]), tuple(b)) for b in boxes]
    grid += _uncovered_cells(grid, xs, ys, words)
    cells = []
    in_cells: set[int] = set()
    for r0, r1, c0, c1, b in grid:
        inside = [w for w in words if _inside(w, b)]
        in_cells.update(map(id, inside))
        runs, n_lines = _cell_runs(inside) if inside else ([], 0)
        if n_lines > MAX_CELL_LINES:
            return None
        cells.append(_Cell(r0, r1, c0, c1, runs, b, bbox_of(inside) if inside else None))
    n_rows = len(ys) - 1
    kept = _logical_columns(cells, xs)
    if len(kept) < 2:
        return None
    rows = _assemble_rows(cells, n_rows, kept)
    if len(rows) < 2:
        return None
    consumed = [w for w in words if id(w) in in_cells]
    table = Table(rows, tuple(bbox), [xs[c] for c in kept], True, consumed)
    mark_first_header(table)
    return table


def _uncovered_cells(grid: Sequence[tuple], xs: Sequence[float], ys: Sequence[float],
                     words: Sequence[Word]) -> list[tuple]:
    """Cells pdfplumber missed: words inside the table in grid slots no cell covers (a
    merged cell cut by the page break has no bottom rule). Each run of uncovered slots in
    a column holding words becomes one cell."""
    covered = {(r, c) for r0, r1, c0, c1, _ in grid for r in range(r0, r1) for c in range(c0, c1)}
    extra = []
    for c in range(len(xs) - 1):
        r = 0
        while r < len(ys) - 1:
            if (r, c) in covered:
                r += 1
                continue
            r1 = r
            while r1 < len(ys) - 1 and (r1, c) not in covered:
                r1 += 1
            box = (xs[c], ys[r], xs[c + 1], ys[r1])
            if any(_inside(w, box) for w in words):
                extra.append((r, r1, c, c + 1, box))
            r = r1
    return extra


def _is_full_width(row_cells: Sequence[_Cell], xs: Sequence[float]) -> bool:
    filled = [c for c in row_cells if c.text]
    width = xs[-1] - xs[0]
    return len(filled) == 1 and (filled[0].bbox[2] - filled[0].bbox[0]) >= FULL_WIDTH_SHARE * width


def _logical_columns(cells: Sequence[_Cell], xs: Sequence[float]) -> list[int]:
    """Grid columns that carry content of their own.

    A grid column is kept when non-empty cells start in it in at least two rows, or in at
    least half of the rows that are not merged full-width rows; the first column is kept
    whenever anything starts there. A column is also kept when folding it into its left
    neighbour would put two texts of one row into one cell.
    """
    by_row: dict[int, list[_Cell]] = {}
    for c in cells:
        by_row.setdefault(c.r0, []).append(c)
    normal_rows = [r for r, cs in by_row.items() if not _is_full_width(cs, xs)]
    counts = [0] * (len(xs) - 1)
    for r in normal_rows:
        for c in by_row[r]:
            if c.text:
                counts[c.c0] += 1
    need = min(2, max(1, (len(normal_rows) + 1) // 2))
    kept = {i for i, n in enumerate(counts) if n >= need or (i == 0 and n)}
    changed = True
    while changed:
        changed = False
        order = sorted(kept)
        for r in normal_rows:
            targets: dict[int, int] = {}
            for c in sorted(by_row[r], key=lambda c: c.c0):
                if not c.text or c.c0 in kept:
                    continue
                left = [k for k in order if k < c.c0]
                spanned = [k for k in order if c.c0 <= k < c.c1]
                target = spanned[0] if spanned else (left[-1] if left else None)
                clash = target is None or any(o.text and o.c0 == target for o in by_row[r]) or target in targets
                if clash:
                    kept.add(c.c0)
                    changed = True
                    break
                targets[target] = c.c0
            if changed:
                break
    return sorted(kept)


def _target_column(cell: _Cell, kept: Sequence[int], taken: set[int]) -> int:
    """The logical column (index into `kept`) a cell's text goes to."""
    if cell.c0 in kept:
        return kept.index(cell.c0)
    spanned = [i for i, k in enumerate(kept) if cell.c0 <= k < cell.c1]
    if spanned:
        return spanned[0]
    left = [i for i, k in enumerate(kept) if k < cell.c0]
    return left[-1] if left else 0


def _assemble_rows(cells: Sequence[_Cell], n_rows: int, kept: Sequence[int]) -> list[TableRow]:
    rows: list[TableRow] = []
    x0 = min(c.bbox[0] for c in cells)
    x1 = max(c.bbox[2] for c in cells)
    for r in range(n_rows):
        starting = sorted((c for c in cells if c.r0 == r), key=lambda c: c.c0)
        if not starting:
            continue  # a grid row made only of cells merged from above
        slots: list[list[Run]] = [[] for _ in kept]
        spans = [1] * len(kept)
        colspans = [1] * len(kept)
        boxes: list[Optional[tuple[float, float, float, float]]] = [None] * len(kept)
        for c in starting:
            i = _target_column(c, kept, set())
            if c.text:
                slots[i] = merge_runs(slots[i] + [Run("\n")] + c.runs) if slots[i] else list(c.runs)
                boxes[i] = union_box(boxes[i], c.text_bbox)
                width = sum(1 for k in kept if c.c0 <= k < c.c1)
                if width > 1:  # a box over several columns (a break band, a plenary across the tracks)
                    colspans[i] = width
                    for j in range(i + 1, min(i + width, len(kept))):
                        colspans[j] = 0
            if c.c0 in kept or c.text:
                spans[i] = max(spans[i], c.r1 - c.r0) if c.r1 - c.r0 > 1 else spans[i]
        for c in cells:
            if c.r0 < r < c.r1 and c.c0 in kept:
                spans[kept.index(c.c0)] = 0
        top = min(c.bbox[1] for c in starting)
        bottom = max(c.bbox[3] for c in starting)
        rows.append(TableRow([_strip_runs(s) for s in slots], spans, (x0, top, x1, bottom),
                             colspans=colspans if any(n != 1 for n in colspans) else None, cell_bboxes=boxes))
    return rows


def _strip_runs(runs: list[Run]) -> list[Run]:
    """Trim whitespace at both ends of a cell."""
    runs = [Run(r.text, r.bold, r.italic) for r in runs]
    while runs and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if runs:
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()
    return runs


def mark_first_header(table: Table) -> None:
    """Mark the first row as a header when it names columns: at least two filled cells,
    none starting with a digit (a time), and either all bold or short (median at most
    HEADER_MAX_WORDS words, none over twice that)."""
    first = table.rows[0]
    texts = [cell_text(c).strip() for c in first.cells]
    filled = [(t, c) for t, c in zip(texts, first.cells) if t]
    if len(filled) < 2 or any(STARTS_WITH_DIGIT.match(t) for t, _ in filled):
        return
    all_bold = all(r.bold for _, c in filled for r in c if r.text.strip())
    counts = [len(t.split()) for t, _ in filled]
    short = statistics.median(counts) <= HEADER_MAX_WORDS and max(counts) <= 2 * HEADER_MAX_WORDS
    first.header = all_bold or short


# --- borderless aligned tables -------------------------------------------------------


def _anchors(lines: Sequence[Line]) -> list[float]:
    """x positions where later fragments of at least MIN_ALIGNED_ROWS multi-fragment lines
    start. The first column (times, numbers) is often right-aligned or centred, so it is
    not an anchor: it is whatever lies left of the first anchor."""
    starts = sorted(f.x0 for ln in lines if len(ln.fragments) >= 2 for f in ln.fragments[1:])
    clusters: list[list[float]] = []
    for x in starts:
        if clusters and x - clusters[-1][-1] <= ANCHOR_TOLERANCE:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return [min(c) for c in clusters if len(c) >= MIN_ALIGNED_ROWS]


def _column_index(f: Fragment, anchors: Sequence[float]) -> Optional[int]:
    """0 for a fragment left of the first anchor, i + 1 for one starting at anchor i,
    None for one starting elsewhere."""
    if f.x1 <= anchors[0] + ANCHOR_TOLERANCE and f.x0 < anchors[0] - ANCHOR_TOLERANCE:
        return 0
    for i, a in enumerate(anchors):
        if abs(f.x0 - a) <= ANCHOR_TOLERANCE:
            return i + 1
    return None


def _columns(line: Line, anchors: Sequence[float]) -> Optional[list[int]]:
    cols = [_column_index(f, anchors) for f in line.fragments]
    if any(c is None for c in cols) or any(b <= a for a, b in zip(cols, cols[1:])):
        return None
    return cols  # type: ignore[return-value]


def _fits(line: Line, anchors: Sequence[float]) -> bool:
    return len(line.fragments) >= 2 and _columns(line, anchors) is not None


def _aligned_only(line: Line, anchors: Sequence[float]) -> bool:
    return _columns(line, anchors) is not None


def find_aligned_tables(items: Sequence[object], right_edges: Optional[dict[int, float]] = None) -> list[object]:
    """Replace runs of aligned Lines (same column) with borderless `Table`s.

    `right_edges` gives each column's right text limit (to tell wrapped cell lines).
    """
    right_edges = right_edges or {}
    out: list[object] = []
    i = 0
    while i < len(items):
        if not isinstance(items[i], Line):
            out.append(items[i])
            i += 1
            continue
        j = i
        while j < len(items) and isinstance(items[j], Line) and items[j].column == items[i].column:
            j += 1
        out.extend(_tables_in_run(list(items[i:j]), right_edges.get(items[i].column)))
        i = j
    return out


def _tables_in_run(lines: list[Line], right_edge: Optional[float]) -> list[object]:
    anchors = _anchors(lines)
    if not anchors:
        return list(lines)
    out: list[object] = []
    i = 0
    while i < len(lines):
        if not _fits(lines[i], anchors):
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and _aligned_only(lines[j], anchors) and (
                _fits(lines[j], anchors) or _column_index(lines[j].fragments[0], anchors) != 0):
            height = max(lines[j - 1].bottom - lines[j - 1].top, 1.0)
            if lines[j].top - lines[j - 1].bottom > 2.0 * height:
                break
            j += 1
        segment = lines[i:j]
        n_fit = sum(1 for ln in segment if _fits(ln, anchors))
        if n_fit >= MIN_ALIGNED_ROWS and n_fit >= MIN_ALIGNED_SHARE * len(segment):
            out.append(_aligned_table(segment, anchors, right_edge))
        else:
            out.extend(segment)
        i = j
    return out


def _row_pitch(lines: Sequence[Line], anchors: Sequence[float]) -> float:
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if _fits(a, anchors) and _fits(b, anchors)]
    return statistics.median(pitches) if pitches else 0.0


def _is_continuation(prev: Line, line: Line, right_edge: float, pitch: float) -> bool:
    """A line without a first-column cell continues the row above when it starts
    lowercase, when the line above was full (wrapped), or when it sits closer than the
    usual row pitch."""
    first = line.words[0]
    if first.text[:1].islower():
        return True
    size = max(line.size, 1.0)
    if prev.x1 + (first.x1 - first.x0) + 0.25 * size >= right_edge - 0.5 * size:
        return True
    return bool(pitch) and (line.top - prev.top) < 0.97 * pitch


def _aligned_table(lines: Sequence[Line], anchors: Sequence[float], right_limit: Optional[float]) -> Table:
    right_edge = max([ln.x1 for ln in lines] + [right_limit or 0.0])
    n_cols = len(anchors) + 1
    pitch = _row_pitch(lines, anchors)
    rows: list[TableRow] = []
    row_words: list[list[Word]] = []
    cell_lines: list[list[list[Word]]] = []  # per row, per column: lines of words
    prev: Optional[Line] = None
    for ln in lines:
        cols: dict[int, list[Fragment]] = {}
        for f, c in zip(ln.fragments, _columns(ln, anchors) or []):
            cols.setdefault(c, []).append(f)
        new_row = _fits(ln, anchors) or 0 in cols or prev is None or not _is_continuation(prev, ln, right_edge, pitch)
        if new_row:
            cell_lines.append([[] for _ in range(n_cols)])
            row_words.append([])
        for c, frags in cols.items():
            words = [w for f in frags for w in f.words]
            cell_lines[-1][c].append(words)
            row_words[-1].extend(words)
        prev = ln
    for per_col, words in zip(cell_lines, row_words):
        cells = []
        boxes: list[Optional[tuple[float, float, float, float]]] = []
        for col_lines in per_col:
            runs: list[Run] = []
            for k, wl in enumerate(col_lines):
                if k:
                    runs.append(Run("\n"))
                runs.extend(runs_from_words(wl))
            cells.append(merge_runs(runs))
            col_words = [w for wl in col_lines for w in wl]
            boxes.append(bbox_of(col_words) if col_words else None)
        rows.append(TableRow(cells, [1] * n_cols, bbox_of(words), cell_bboxes=boxes))
    all_words = [w for ln in lines for w in ln.words]
    table = Table(rows, bbox_of(all_words), [min(ln.x0 for ln in lines), *anchors], False, all_words)
    mark_first_header(table)
    return table
