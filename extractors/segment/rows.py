"""Table rows: grouping a row's units, telling heading rows apart, ordering cells.

A row's units share `Unit.row`; its time cells, title cell, speaker cell and labels are
known from `tables_layout.assign_cell_roles`.
"""
from __future__ import annotations

import re
from typing import Optional

from ..blocks import Unit
from .tags import ROLE_LABELS


def row_groups(units: list[Unit]) -> list[list[Unit]]:
    """Consecutive units grouped by table row (non-table units stand alone)."""
    groups: list[list[Unit]] = []
    for u in units:
        if groups and u.row is not None and groups[-1][0].row == u.row:
            groups[-1].append(u)
        else:
            groups.append([u])
    return groups


def head_of(group: list[Unit]) -> Unit:
    """The first unit of a group that has text and is not a time cell."""
    for u in group:
        if u.text.strip() and u.cell_role != "time":
            return u
    return group[0]


def is_heading_row(group: list[Unit]) -> bool:
    """A merged table row with one text cell and no time: a heading, a day or a break
    (a row of chairs names people, it heads nothing)."""
    content = [u for u in group if u.text.strip() and u.cell_role != "time"]
    if any(u.cell_role == "chair" for u in content):
        return False
    if not content or group[0].row is None:
        return False
    cells = {u.cell for u in content}
    has_time = any(u.time for u in group)
    first_cell = content[0].cell == 0 or content[0].row_cells == 1
    return len(cells) == 1 and not has_time and len(content) <= 2 and group[0].n_cells <= 1 and first_cell


BULLET = re.compile(r"^[•▪●◦·*-]\s")


def starts_entries(g: list[Unit]) -> bool:
    """A continuation row that holds entries of its own: its own presenters, or bullets."""
    return names_presenters(g) or any(u.cell_role == "title" and BULLET.match(u.text.strip()) for u in g)


def names_presenters(g: list[Unit]) -> bool:
    """A table row whose presenter column holds text: the row's presenters are printed there."""
    return g[0].row is not None and any(u.cell_role == "speaker" and u.text.strip() for u in g)


def has_own_presenter(g: list[Unit], lang: str) -> bool:
    """A cell of the row holds a title line then a "Name, Organisation" presenter line:
    a whole entry, not more of the row above."""
    from .entries import is_presenter_line  # entries builds on rows

    titles = [u for u in g if u.cell_role == "title" and u.text.strip()]
    return len(titles) >= 2 and len({u.cell for u in titles}) == 1 and not is_presenter_line(titles[0].text, lang) \
        and is_presenter_line(titles[-1].text, lang)


def row_label_role(g: list[Unit]) -> Optional[str]:
    """The slot role a row's label cell gives its speakers ("Keynote" beside the talk)."""
    if g[0].row is None:
        return None
    for u in g:
        if u.cell_role == "other" and u.line_in_cell == 0:
            role = ROLE_LABELS.get(u.text.strip(" :").lower())
            if role:
                return role
    return None


def order_row(g: list[Unit]) -> list[Unit]:
    """A row's units with the title cell first, then speakers, then the rest.

    A row without a title cell (or whose title cell only holds a parenthesised note)
    takes its title from the label cell ("Workshop opening").
    """
    if g[0].row is None:
        return g
    rank = {"title": 0, "speaker": 1, "affiliation": 2, "chair": 3, "other": 4, "time": 5, None: 4}
    title_units = [u for u in g if u.cell_role == "title" and u.text.strip()]
    if not title_units or all(u.text.strip().startswith("(") for u in title_units):
        labels = [u for u in g if u.cell_role == "other" and u.text.strip() and not u.text.strip().startswith("(")]
        if labels:
            for u in labels[:1]:
                u.cell_role = "title"
            for u in title_units:
                u.cell_role = "other"
    return sorted(g, key=lambda u: (rank.get(u.cell_role, 3), g.index(u)))


def propagate_row_time(g: list[Unit]) -> None:
    """A row's time cells ("Start | End" or "09:30 - 10:15") go to its first content line."""
    if g[0].row is None:
        return
    times = [u.time for u in g if u.time and (u.cell_role == "time" or not u.text.strip())]
    content = [u for u in g if u.text.strip() and u.cell_role != "time"]
    if not times or not content:
        return
    start, end = times[0]
    if end is None and len(times) > 1 and times[1][0] and start and times[1][0] > start:
        end = times[1][0]  # "Start | End" columns; the same time again (a talk's own, beside its block's) ends nothing
    for u in content:
        u.time = u.time or (start, end)
