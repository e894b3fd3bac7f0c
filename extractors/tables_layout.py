"""Table columns: which cell of a row holds the time, the title, the speakers, the chair.

Decided per table from the header row's names when there is one ("Time", "Speaker",
"Who", "Ponente", "Chair"), else from the cells' content across rows (times, names).
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Optional

from .blocks import Unit
from .speakers import looks_like_person

HEADER_ROLES = {
    "time": r"time|hour|hora|heure|horaire|horario|start|end|when|slot|début|fin|inicio|schedule",
    "speaker": r"speakers?|presenters?|presented by|who|leads?|lead presenter|ponentes?|intervenants?|orateurs?|"
               r"conférenciers?|by|authors?|auteurs?|autores?|panel(?:ists?)?|expositor(?:es)?|participants?",
    "chair": r"chairs?|moderators?|chairperson|président(?:e)?|modérat(?:eur|rice)|moderador(?:a)?",
    "affiliation": r"affiliations?|organi[sz]ations?|institutions?|institutes?|compan(?:y|ies)|employers?|"
                   r"organismes?|institución|instituciones|entidad(?:es)?|afiliación|affiliation institutionnelle",
    "title": r"titles?|topics?|events?|items?|what|sessions?|activit(?:y|ies)|description|subject|sujet|"
             r"titre|título|tema|programme|program|programa|agenda|contents?|talks?",
    "other": r"length|duration|durée|duración|room|salle|sala|venue|notes?|remarks?|#|no\.?|location|lieu",
}


def header_role(text: str) -> Optional[str]:
    t = text.strip().strip(":").lower()
    for role, pattern in HEADER_ROLES.items():
        if re.fullmatch(rf"(?:{pattern})(?:\s*[/&]\s*(?:{pattern}))?", t):
            return role
    return None


def assign_cell_roles(units: list[Unit], lang: str) -> None:
    """Set `cell_role` on every unit that comes from a table cell."""
    by_table: dict[Optional[int], list[Unit]] = defaultdict(list)
    for u in units:
        if u.row is not None:
            by_table[u.table].append(u)
    for table_units in by_table.values():
        roles: dict[int, str] = {}
        mark_header_by_names(table_units)
        for u in table_units:
            if u.header and u.n_cells >= 2 and u.line_in_cell == 0:
                r = header_role(u.text)
                if r and u.cell is not None:
                    roles.setdefault(u.cell, r)
        if not roles:
            roles = roles_from_content(table_units, lang)
        for u in table_units:
            if u.cell is None:
                continue
            # a cell that held only a time is a time cell, whatever its column
            u.cell_role = "time" if u.time and not u.text.strip() else roles.get(u.cell, "title")


def mark_header_by_names(table_units: list[Unit]) -> None:
    """A first row whose cells are column names ("Time | Session | Speaker") is a header row
    even when the format did not mark it (Word tables without "repeat as header row")."""
    if not table_units or any(u.header for u in table_units):
        return
    first = [u for u in table_units if u.row == table_units[0].row]
    named = [u for u in first if u.text.strip() and header_role(u.text)]
    if len(named) >= 2 and len(named) >= 0.6 * len([u for u in first if u.text.strip()]):
        for u in first:
            u.header = True


def roles_from_content(table_units: list[Unit], lang: str) -> dict[int, str]:
    """Column roles from content: a column of times; a column of names beside a title column."""
    cols: dict[int, list[Unit]] = defaultdict(list)
    for u in table_units:
        if u.cell is not None and u.line_in_cell == 0 and u.n_cells >= 2:
            cols[u.cell].append(u)
    roles: dict[int, str] = {}
    stats = {}
    for c, us in cols.items():
        n = len(us)
        if n < 2:
            continue
        times = sum(1 for u in us if u.time and not u.text.strip())
        persons = sum(1 for u in us if u.text.strip() and looks_like_person(u.text.split("(")[0].strip(), lang) >= 0.6)
        length = sum(len(u.text) for u in us) / n
        stats[c] = (times / n, persons / n, length)
    for c, (t, _, _) in stats.items():
        if t >= 0.5:
            roles[c] = "time"
    rest = [c for c in stats if c not in roles]
    if len(rest) >= 2:
        title_col = max(rest, key=lambda c: stats[c][2] * (1 - stats[c][1]))
        for c in rest:
            if c == title_col:
                roles[c] = "title"
            elif stats[c][1] >= 0.4 and c > title_col:
                roles[c] = "speaker"
            else:
                roles[c] = "other"
    return roles
