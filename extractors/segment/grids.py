"""Timetable grids: time labels down the left, days or tracks across, one box per entry.

Read across, such a table mixes the days (or tracks) of one time slot in one row. Read
here column by column instead:

- `grid_columns`: a table with a time column and at least two other columns whose header
  cells name days, or name tracks (not column names such as "Speaker" or "Room") over
  columns of one role, with rows that fill several of those columns side by side;
- `read_grid`: each day or track column in turn: its header cell (a day heading or a
  track title, standing alone), then each of its boxes as an entry of its own, timed by
  the row it starts in (and, when rows print ranges, ending with the last row it covers).
  A row labelled by a role word in the time column ("Chair") gives that role to its boxes.
  A band across all columns (a break, a plenary) belongs to every day; in a grid of
  tracks it stands once, between the blocks of parallel tracks it separates.

Only units' order, rows and roles change: their text and offsets stay those of the cells.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Optional

from ..blocks import Unit
from ..lexicon import is_break, role_for
from ..tables_layout import PEOPLE, header_role, is_band
from .tags import DAY, TRACK, is_day_heading

MIN_PARALLEL_ROWS = 2  # body rows filling two or more day/track columns side by side


def _table_runs(units: list[Unit]) -> list[tuple[int, int]]:
    """(start, end) index ranges of consecutive table-row units of one table."""
    runs = []
    i = 0
    while i < len(units):
        if units[i].row is None or units[i].table is None:
            i += 1
            continue
        j = i
        while j < len(units) and units[j].row is not None and units[j].table == units[i].table:
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _rows(table_units: list[Unit]) -> list[list[Unit]]:
    rows: list[list[Unit]] = []
    for u in table_units:
        if rows and rows[-1][0].row == u.row:
            rows[-1].append(u)
        else:
            rows.append([u])
    return rows


def grid_columns(table_units: list[Unit], year: Optional[int]) -> Optional[tuple[int, list[int]]]:
    """The time column and the day/track columns of a timetable grid, or None."""
    rows = _rows(table_units)
    if len(rows) < 3:
        return None
    time_cols = {u.cell for u in table_units if u.cell_role == "time" and u.time}
    if not time_cols:
        return None
    time_col = min(time_cols)
    head = [u for u in rows[0] if u.cell is not None and u.cell != time_col and u.line_in_cell == 0 and u.text.strip()]
    if any(u.time for u in rows[0]) or len(head) < 2:
        return None
    if any(header_role(u.text) for u in head if header_role(u.text) != "other"):
        return None  # column names ("Session", "Speaker"): an ordinary table
    columns = [u.cell for u in head if header_role(u.text) is None and len(u.text.split()) <= 10
               and u.cell is not None and u.cell > time_col]
    if len(columns) < 2:
        return None
    days = all(is_day_heading(u.text, year) for u in head if u.cell in columns)
    kinds = {Counter(u.cell_kind for u in table_units if u.cell == c and u.row != rows[0][0].row
                     and u.text.strip()).most_common(1)[0][0] for c in columns
             if any(u.cell == c and u.row != rows[0][0].row and u.text.strip() for u in table_units)}
    if not days and (len(kinds) > 1 or not alike_columns(table_units, columns, rows[0][0].row)):
        return None  # columns holding different things (titles beside names or rooms): columns of one entry
    parallel = 0
    for row in rows[1:]:
        filled = {u.cell for u in row if u.cell in columns and u.text.strip() and not is_band(u)}
        parallel += len(filled) >= 2
    if parallel < MIN_PARALLEL_ROWS:
        return None
    return time_col, sorted(columns)


def alike_columns(table_units: list[Unit], columns: list[int], head_row: Optional[int]) -> bool:
    """Track columns hold entries alike: each with mostly distinct boxes (not a room or a
    format repeated down the column), of comparable length."""
    lengths = []
    for c in columns:
        boxes: dict[Optional[int], str] = {}
        for u in table_units:
            if u.cell == c and u.row != head_row and u.text.strip():
                boxes[u.row] = (boxes.get(u.row, "") + " " + u.text).strip()
        if not boxes:
            continue
        if len(boxes) >= 3 and len(set(boxes.values())) < 0.6 * len(boxes):
            return False
        lengths.append(sum(len(t.split()) for t in boxes.values()) / len(boxes))
    return bool(lengths) and max(lengths) <= 3 * max(1.0, min(lengths))


def _row_time(row: list[Unit], time_col: int) -> Optional[tuple[Optional[str], Optional[str]]]:
    for u in row:
        if u.cell == time_col and u.time:
            return u.time
    return None


def _row_label(row: list[Unit], time_col: int) -> Optional[str]:
    """A role word printed in the time column ("Chair", "Moderator"): the row's boxes are people of that role."""
    for u in row:
        if u.cell == time_col and not u.time and u.text.strip():
            return role_for(u.text.strip(" :"))
    return None


def read_grid(table_units: list[Unit], time_col: int, columns: list[int], year: Optional[int]) -> list[Unit]:
    """The grid's units column by column (see the module docstring)."""
    rows = _rows(table_units)
    header, body = rows[0], rows[1:]
    times = [_row_time(r, time_col) for r in body]
    days = all(is_day_heading(u.text, year) for u in header if u.cell in columns and u.line_in_cell == 0)
    # blocks of rows between bands; a band is a row whose one box spans the day/track columns
    blocks: list[list[int]] = [[]]
    bands: dict[int, list[Unit]] = {}
    for k, row in enumerate(body):
        boxes = [u for u in row if u.cell in columns and u.text.strip()]
        if boxes and all(is_band(u) for u in boxes) and len({u.cell for u in boxes}) == 1:
            bands[k] = boxes
            blocks.append([])
        else:
            blocks[-1].append(k)
    out: list[Unit] = []

    def head_units(c: int) -> list[Unit]:
        heads = [replace(u, row=None, cell_role=None, header=False, tags=set()) for u in header if u.cell == c]
        for u in heads:
            u.tags.add(DAY if days else TRACK)  # a grid's first day heads its column, it is no date line
        return heads[:1] if days else heads

    def box_units(k: int, c: int) -> list[Unit]:
        row = body[k]
        box = [u for u in row if u.cell == c and u.text.strip()]
        if not box:
            return []
        label = _row_label(row, time_col)
        start = times[k]
        span = max(u.rowspan for u in box)
        last = times[min(k + span - 1, len(times) - 1)]
        serial = (row[0].row or 0) * 1000 + c
        out_box = []
        for i, u in enumerate(box):
            v = replace(u, row=serial, n_cells=1, row_cells=1, tags=set(u.tags) | {"entry"})
            v.cell_role = "chair" if label in ("Chair", "Co-chair", "Moderator") else (
                "speaker" if u.cell_kind == PEOPLE else "title")
            if i == 0 and start and not u.time:
                v.time = (start[0], last[1] if last and span > 1 else start[1])
            out_box.append(v)
        time_unit = next((u for u in row if u.cell == time_col), None)
        if time_unit is not None and not time_unit.text.strip() and time_unit.time:
            out_box.insert(0, replace(time_unit, row=serial, tags=set(time_unit.tags)))
        return out_box

    def band_units(k: int, c: Optional[int]) -> list[Unit]:
        serial = (body[k][0].row or 0) * 1000 + (c if c is not None else 999)
        units = [replace(u, row=serial, cell=0, n_cells=1, row_cells=1, tags=set(u.tags)) for u in bands[k]]
        if times[k] and units and not units[0].time:
            units[0].time = times[k]
        return units

    if days:
        for c in columns:
            out += head_units(c)
            for k in range(len(body)):
                if k in bands:
                    if not all(is_break(u.text) for u in bands[k]):
                        out += band_units(k, c)
                else:
                    out += box_units(k, c)
        return out
    for block_index, block in enumerate(blocks):
        if block_index:
            band = sorted(bands)[block_index - 1]
            out += band_units(band, None)
        if not any(box_units(k, c) for k in block for c in columns):
            continue
        for c in columns:
            out += head_units(c)
            for k in block:
                out += box_units(k, c)
    return out


def read_grids(units: list[Unit], year: Optional[int] = None) -> list[Unit]:
    """Units with every timetable grid read column by column (other units unchanged)."""
    runs = _table_runs(units)
    if not runs:
        return units
    out: list[Unit] = []
    pos = 0
    for i, j in runs:
        found = grid_columns(units[i:j], year)
        if found is None:
            continue
        out += units[pos:i]
        out += read_grid(units[i:j], found[0], found[1], year)
        pos = j
    return out + units[pos:] if pos else units
