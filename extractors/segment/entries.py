"""Table entries from reader rows: rows that continue an entry are merged into it, a row
whose cells list several entries side by side is split.

A PDF table's reader rows are often its printed lines: an entry printed over three lines
("09:15 | Early medieval salt roads across" / "| Bavaria and Bohemia" / "| Name (Org)")
comes as three rows. `merge_line_rows` gives the lines that continue an entry the entry's
row, and joins wrapped title lines, so the walk sees one row per entry.

`split_stacked_rows` handles the opposite: a row whose title cell stacks several talks
and whose presenter cell lists as many presenters, one per talk and in the same order
(titles and names lined up only by position), becomes one row per talk.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from ..blocks import ENTRY_START, Unit, continues
from ..lexicon import COUNTRIES
from ..speakers import looks_like_org, looks_like_person
from ..tables_layout import PEOPLE
from .rows import BULLET, row_groups
from .tags import QUOTES

#: The end of a line that the next line must continue: a sign or a short joining word.
JOINING_END = re.compile(
    r"(?:[-–:,;&(/]|\b(?:and|or|of|the|for|in|on|to|with|a|an|de|du|des|la|le|et|y|e|del|da|do|und|von|van))\s*$",
    re.I)


def is_presenter_line(text: str, lang: str) -> bool:
    """A line naming a presenter with their organisation: "Name (Org)", "Name, Org"."""
    head = re.split(r"\s*[(,]\s*", text.strip(), maxsplit=1)[0]
    return looks_like_person(head, lang) >= 0.6 and head != text.strip()


def _content(row: list[Unit]) -> list[Unit]:
    return [u for u in row if u.text.strip() and u.cell_role != "time"]


def continues_entry(entry: list[Unit], row: list[Unit], lang: str, right: float) -> bool:
    """Does a timeless line-row continue the entry above? It does when it is the rest of a
    wrapped line (the line above ran to the table's right edge `right`, ended on a joining
    word or sign, or this one starts in lower case), the entry's presenter (a name, or
    "Name (Org)", under an entry that has none yet), or a presenter's wrapped organisation."""
    content = _content(row)
    if not content or any(u.time for u in row) or any(u.header for u in row) or "entry" in row[0].tags \
            or len({u.cell for u in content}) > 1:
        return False  # a line filling two columns holds something of its own
    first = content[0]
    if ENTRY_START.match(first.text) or NUMBERED_LABEL.match(first.text) or first.text.strip()[:1] in QUOTES and any(
            u.text.strip()[:1] in QUOTES for u in _content(entry)):
        return False
    same_column = [u for u in _content(entry) if u.cell == first.cell]
    last = same_column[-1] if same_column else None
    if last is None:
        return first.cell_role == "speaker"  # the presenter column, printed a line lower
    if first.text[:1].islower() or JOINING_END.search(last.text) or first.text.startswith("("):
        return True
    if last.bbox is not None and last.bbox[2] >= right:
        return True  # the line above is full: this one is the rest of it
    presenter = first.cell_kind == PEOPLE or is_presenter_line(first.text, lang)
    has_presenter = any(is_presenter_line(u.text, lang) or u.cell_kind == PEOPLE or u.cell_role == "speaker"
                        for u in _content(entry))
    if not has_presenter:
        return presenter  # the presenter under the title
    if all(is_presenter_line(u.text, lang) or u.cell_kind == PEOPLE for u in same_column):
        return not presenter  # the title under its presenter
    return looks_like_org(first.text, lang) >= 0.6 and not presenter


#: A numbered label opening an entry: "Lab 3b:", "Taller 2:", "Session 4 -".
NUMBERED_LABEL = re.compile(r"^\w+\s+\d{1,2}[a-z]?\s*[:–—-]\s")
FULL_LINE = 0.9
#: Tag of the label line of a row whose stacked talks were split into rows of their own.
SLOT_OVER_TALKS = "slot_over_talks"  # a line reaching this share of its table's width ran to the edge (it wraps)


def table_right_edges(units: list[Unit]) -> dict[Optional[int], float]:
    """Per laid-out table, the x beyond which a line counts as running to the right edge:
    the margin that several lines reach (the third-longest line's end), not the longest
    line's end (one long line that did not wrap)."""
    left: dict[Optional[int], float] = {}
    ends: dict[Optional[int], dict[Optional[int], float]] = {}
    for u in units:
        if u.row is not None and u.bbox is not None:
            left[u.table] = min(left.get(u.table, u.bbox[0]), u.bbox[0])
            ends.setdefault(u.table, {})[u.row] = u.bbox[2]
    edges = {}
    for t, rows in ends.items():
        xs = sorted(rows.values(), reverse=True)
        edges[t] = left[t] + FULL_LINE * (xs[2] - left[t]) if len(xs) >= 3 else float("inf")
    return edges


def wraps_affiliation(presenter: str, line: str, lang: str) -> bool:
    """The line under a "Name, Organisation" line is the rest of that organisation: the
    presenter line stops on a joining word ("Max Planck Institute for") or the line ends
    with the organisation's country ("Center, Leiden, Netherlands")."""
    tail = line.rsplit(",", 1)[-1].strip(" .").lower()
    return bool(JOINING_END.search(presenter)) or ("," in line and (tail[4:] if tail.startswith("the ") else tail)
                                                   in COUNTRIES)


def _join_lines(cell_units: list[Unit], lang: str) -> list[Unit]:
    """A merged cell's lines, wrapped title lines joined (a presenter line stays a line)."""
    out: list[Unit] = []
    for u in cell_units:
        prev = out[-1] if out else None
        if prev is not None and not is_presenter_line(u.text, lang) and not ENTRY_START.match(u.text) and (
                wraps_affiliation(prev.text, u.text, lang) if is_presenter_line(prev.text, lang)
                else continues(prev, u, prev)):
            sep = "" if prev.text.endswith("-") and u.text[:1].islower() else " "
            text = (prev.text[:-1] if sep == "" else prev.text) + sep + u.text
            out[-1] = replace(prev, text=text, end=u.end, tags=set(prev.tags), italic_span=None)
        else:
            out.append(u)
    for i, u in enumerate(out):
        u.line_in_cell = i
    return out


def merge_line_rows(units: list[Unit], lang: str) -> list[Unit]:
    """Units with the line-rows of laid-out tables (PDF) merged into the entries they continue."""
    right = table_right_edges(units)
    out_rows: list[list[Unit]] = []
    merged: list[bool] = []
    beside: dict[int, list[Unit]] = {}  # per entry: lines of a side column printed alongside it
    for row in row_groups(units):
        entry = out_rows[-1] if out_rows else None
        if entry is not None and entry[0].row is not None and row[0].row is not None \
                and entry[0].table == row[0].table and row[0].page is not None and entry[0].page == row[0].page \
                and any(u.time for u in entry):
            side = _side_lines(entry, row)
            rest = [u for u in row if u not in side]
            if side and not _content(rest):
                beside.setdefault(len(out_rows) - 1, []).extend(side)  # the entry goes on below it
                continue
            if _content(rest) and continues_entry(entry, rest, lang, right[row[0].table]):
                for u in rest:
                    u.row, u.n_cells = entry[0].row, max(entry[0].n_cells, u.n_cells)
                entry.extend(rest)
                beside.setdefault(len(out_rows) - 1, []).extend(side)
                merged[-1] = True
                continue
        out_rows.append(list(row))
        merged.append(False)
    result: list[Unit] = []
    for k, (row, was_merged) in enumerate(zip(out_rows, merged)):
        result += _rejoin(row, lang) if was_merged else row
        result += beside.get(k, [])
    return result


def _side_lines(entry: list[Unit], row: list[Unit]) -> list[Unit]:
    """A line-row's lines in a side column: a label column ("other") in which the timed entry
    above has nothing (session labels, chairs and notes printed down the table's side)."""
    used = {u.cell for u in _content(entry) if u.cell_role != "other"}
    return [u for u in _content(row) if u.cell_role == "other" and u.cell not in used and not u.time]


def _rejoin(row: list[Unit], lang: str) -> list[Unit]:
    """A merged entry's units, cell by cell in order, wrapped lines joined."""
    cells: dict[Optional[int], list[Unit]] = {}
    for u in row:
        cells.setdefault(u.cell, []).append(u)
    out: list[Unit] = []
    for c in sorted(cells, key=lambda c: -1 if c is None else c):
        us = cells[c]
        text_units = [u for u in us if u.text.strip()]
        out += [u for u in us if not u.text.strip()] + _join_lines(text_units, lang)
    return out


def split_stacked_rows(units: list[Unit], lang: str) -> list[Unit]:
    """Rows holding several talks, one row per talk:

    - a title cell stacking as many (quoted) titles as the presenter cell lists names:
      one row per (title, presenter) pair, in order; lines of the title cell before the
      first title (the slot's label, a sub-heading) stay in the row's head;
    - one cell stacking talks with their own presenters (title, presenter line, title,
      presenter line): one row per talk, the first keeping the row's time.
    """
    out: list[Unit] = []
    for row in row_groups(units):
        split = _split_row(row)
        out += _split_cell_talks(split, lang) if split is row else split
    return out


def _is_name_line(u: Unit, lang: str) -> bool:
    return is_presenter_line(u.text, lang) or u.cell_role == "speaker" or (
        len(u.text.split()) <= 4 and looks_like_person(u.text, lang) >= 0.6)


def _split_cell_talks(row: list[Unit], lang: str) -> list[Unit]:
    if row[0].row is None or "entry" in row[0].tags:
        return row
    titles = [u for u in row if u.cell_role == "title" and u.text.strip()]
    if len({u.cell for u in titles}) != 1 or len(titles) < 4:
        return row
    # talks: runs of title lines each closed by presenter lines
    talks: list[list[Unit]] = [[]]
    for u in titles:
        if talks[-1] and not _is_name_line(u, lang) and _is_name_line(talks[-1][-1], lang):
            talks.append([])
        talks[-1].append(u)
    # every run a talk: a title (wrapped once at most) and its presenters; a cell opening
    # with a label over its talks ("Paper session", "(Chair: ...)") is left to the walk
    complete = [t for t in talks if not _is_name_line(t[0], lang) and _is_name_line(t[-1], lang)
                and sum(not _is_name_line(u, lang) for u in t) <= 2]
    if len(talks) < 2 or len(complete) != len(talks):
        return row
    rest = [u for u in row if u not in titles]
    base = (row[0].row or 0) * 1000
    out = list(rest) + talks[0]
    for k, talk in enumerate(talks[1:], start=1):
        for i, u in enumerate(talk):
            out.append(replace(u, row=base + k, line_in_cell=i, tags=set(u.tags) | {"entry"}))
    return out


def _split_row(row: list[Unit]) -> list[Unit]:
    if row[0].row is None:
        return row
    titles = [u for u in row if u.cell_role == "title" and u.text.strip()]
    names = [u for u in row if u.cell_role == "speaker" and u.text.strip()]
    if len(names) < 2 or len({u.cell for u in titles}) != 1 or len({u.cell for u in names}) != 1 \
            or any(BULLET.match(u.text.strip()) for u in titles):
        return row  # bulleted sub-entries: the walk reads them under the row's title
    quoted = [u for u in titles if u.text.strip()[:1] in QUOTES]
    talks = quoted if len(quoted) == len(names) else titles if len(titles) == len(names) else []
    if not talks:
        return row
    talk_ids = {id(u) for u in talks} | {id(u) for u in names}
    label_lines = [u for u in titles if id(u) not in talk_ids and row.index(u) < row.index(talks[0])]
    # the row's head: its time, chairs and the title cell's first line (the slot's label)
    head = [u for u in row if id(u) not in talk_ids and (u.cell != titles[0].cell or u is label_lines[:1][0])] \
        if label_lines else [u for u in row if id(u) not in talk_ids and u.cell != titles[0].cell]
    out = list(head)
    if label_lines:
        label_lines[0].tags.add(SLOT_OVER_TALKS)  # the slot's label: it heads the talks split off below
    base = (row[0].row or 0) * 1000
    for k, (t, n) in enumerate(zip(talks, names)):
        # labels between talks ("Lightning talks") stand alone as the heading of the talks below
        between = [u for u in row if u.cell == t.cell and id(u) not in talk_ids and u not in head
                   and row.index(u) < row.index(t) and (k == 0 or row.index(u) > row.index(talks[k - 1]))]
        for u in between:  # a sub-heading over the talks below it (a heading, not more of a title)
            out.append(replace(u, row=base + 2 * k + 1, n_cells=1, line_in_cell=0, kind="heading", tags=set(u.tags)))
        out.append(replace(t, row=base + 2 * k + 2, n_cells=2, line_in_cell=0, tags=set(t.tags) | {"entry"}))
        out.append(replace(n, row=base + 2 * k + 2, n_cells=2, line_in_cell=0, tags=set(n.tags) | {"entry"}))
    return out
