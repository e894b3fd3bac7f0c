"""Parallel-track tables: columns that are sessions, read column by column.

"Parallel sessions I" followed by a table whose header row names the tracks and whose
columns list "Chair: ..." and "Name (Org) – Title" entries.
"""
from __future__ import annotations

import re
from typing import Optional

from ..blocks import Unit
from ..speakers import looks_like_person, parse_role_line
from ..tables_layout import header_role
from .tags import TRACK


def find_track_tables(units: list[Unit], lang: str) -> set[Optional[int]]:
    """Tables whose columns are parallel tracks: a header row of track titles (not column
    names such as "Time" or "Speaker") over rows of entries, with no time column."""
    by_table: dict[Optional[int], list[Unit]] = {}
    for u in units:
        if u.row is not None and u.table is not None:
            by_table.setdefault(u.table, []).append(u)
    found = set()
    for table, us in by_table.items():
        first_row = us[0].row
        head = [u for u in us if u.row == first_row and u.line_in_cell == 0 and u.text.strip()]
        body = [u for u in us if u.row != first_row]
        if len(head) < 2 or not body or any(u.time for u in us):
            continue
        if any(header_role(u.text) for u in head) or any(len(u.text.split()) < 1 for u in head):
            continue
        rows: dict[Optional[int], set] = {}
        for u in body:
            if u.text.strip():
                rows.setdefault(u.row, set()).add(u.cell)
        entries = [u for u in body if u.line_in_cell == 0 and u.text.strip()]
        led = sum(1 for u in entries if parse_role_line(u.text.strip(), lang) is not None
                  or looks_like_person(re.split(r"[(–:]| - ", u.text)[0].strip(), lang) >= 0.5)
        if rows and sum(1 for cells in rows.values() if len(cells) >= 2) >= 0.6 * len(rows) and len(rows) >= 2 \
                and led >= 0.5 * len(entries):
            found.add(table)  # every column lists presenters' entries: parallel tracks
    return found


def reorder_track_tables(units: list[Unit], lang: str) -> list[Unit]:
    """Read track tables column by column: each column's title, then its entries."""
    tracks = find_track_tables(units, lang)
    if not tracks:
        return units
    out: list[Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        if u.table not in tracks or u.row is None:
            out.append(u)
            i += 1
            continue
        j = i
        while j < len(units) and units[j].table == u.table and units[j].row is not None:
            j += 1
        table_units = units[i:j]
        first_row = table_units[0].row
        columns = sorted({x.cell for x in table_units if x.cell is not None})
        for c in columns:
            for x in table_units:
                if x.cell != c:
                    continue
                if x.row == first_row:
                    x.tags.add(TRACK)
                    x.header = False
                    x.row = None  # the track title stands alone
                else:
                    x.row = (x.row or 0) * 1000 + c  # each cell is its own entry
                    x.cell_role = "title"
                    x.n_cells = 1
                    x.tags.add("entry")
                out.append(x)
        i = j
    return out
