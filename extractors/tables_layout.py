"""Table columns: what each cell holds, and which role each column plays.

Three small steps, per table:

1. `cell_kind`: each cell is classified by its content alone: a time, people (a list of
   names, or a name with its organisation), a label ("Chair", "Keynote"), a note (a
   duration, a number, a room), plain text (a title), or empty. Names are scored by the
   rules of `speakers.looks_like_person`, and by spaCy NER for the chunks those rules
   leave undecided (one batch per table).
2. `find_header_row`: the first row is a header when the format marked it, when its cells
   are column names the lexicon knows ("Time", "Speaker(s)", "Ponente"), or when its cells
   are short words that disagree with what their columns hold (a column of times under
   "Kellonaika", a column of names under "Puhuja").
3. `column_roles`: each column's role is the vote of its cells' kinds; a known header
   word is a hint that decides where the vote is not clear (speaker or chair, two text
   columns). A cell that disagrees with its column (a time in a text column, a role
   label) keeps its own role.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Optional

from . import ner
from .blocks import Unit
from .speakers import looks_like_org, looks_like_person

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

#: Kinds of cell content (see `cell_kind`).
TIME, PEOPLE, LABEL, NOTE, TEXT, EMPTY = "time", "people", "label", "note", "text", "empty"

#: A cell that only notes a length, a number or a place code: "20'", "30 min", "1h30", "12", "B-204".
NOTE_CELL = re.compile(r"^(?:\(?\d+\s*(?:'|’|min\.?|mins|minutes|h|hrs?)?\)?|\d+h\d*'?|[A-Z]?-?\d{1,4}[A-Z]?|#\d+|[–—-])$",
                       re.I)
#: Words that only label a slot's kind or a role, printed alone in a cell.
LABEL_CELL = re.compile(
    r"^(?:chairs?|co-?chairs?|moderators?|modérat(?:eur|rice)s?|moderador(?:a|es)?|président(?:e)?s?|"
    r"keynote|key note|plenary|invited talk|panel|discussant|rapporteur)\s*:?$", re.I)
#: Separators between names in a list of people.
NAME_SEP = re.compile(r",|;|\s&\s|\s(?:and|et|y|e|und)\s|\n")

PERSON_SURE = 0.6  # looks_like_person score above which a chunk is a name without asking NER
PERSON_MAYBE = 0.3  # ... and above which NER is asked


def header_role(text: str) -> Optional[str]:
    """The role a column name announces ("Time (UTC)" → time, "Speaker(s)" → speaker), else None."""
    t = re.sub(r"\((?:s|es|e|a|as|os)\)", "s", text.strip().lower())  # "Speaker(s)", "Ponente(s)"
    t = re.sub(r"\s*\([^()]*\)\s*$", "", t).strip().strip(":").strip()  # "Time (UTC)", "Hora (CET)"
    for role, pattern in HEADER_ROLES.items():
        if re.fullmatch(rf"(?:{pattern})(?:\s*[/&]\s*(?:{pattern}))?", t):
            return role
    return None


def _cells(table_units: list[Unit]) -> dict[tuple[int, int], list[Unit]]:
    """The units of each (row, column) cell of a table, in order."""
    cells: dict[tuple[int, int], list[Unit]] = defaultdict(list)
    for u in table_units:
        if u.cell is not None and u.row is not None:
            cells[(u.row, u.cell)].append(u)
    return cells


def _name_chunks(lines: list[Unit]) -> list[str]:
    """The chunks of a cell that would be names if the cell lists people."""
    text = "\n".join(u.text for u in lines)
    text = re.sub(r"\([^()]*\)", " ", text)  # "(WHO)", "(Online)"
    return [c.strip(" .:–—-*") for c in NAME_SEP.split(text) if c.strip(" .:–—-*")]


def _people_chunks(lines: list[Unit], lang: str, ner_labels: dict[str, str]) -> bool:
    """The cell names people: a list of names, or a name followed by its organisation."""
    chunks = _name_chunks(lines)
    if not chunks or len(chunks) > 20:
        return False
    named = 0
    for i, c in enumerate(chunks):
        if looks_like_person(c, lang) >= PERSON_SURE or ner_labels.get(c) == "PERSON":
            named += 1
        elif i == 0 or not (looks_like_org(c, lang) >= 0.4 or ner_labels.get(c) == "ORG" or len(c.split()) <= 2):
            return False  # a title, or a sentence
    return named >= 0.5 * len(chunks)


def cell_kind(lines: list[Unit], lang: str, ner_labels: Optional[dict[str, str]] = None) -> str:
    """What one cell holds, from its own lines only (see the module docstring)."""
    text = " ".join(u.text.strip() for u in lines).strip()
    if not text:
        return TIME if any(u.time for u in lines) else EMPTY
    if LABEL_CELL.match(text):
        return LABEL
    if NOTE_CELL.match(text):
        return NOTE
    if len(text.split()) <= 40 and _people_chunks(lines, lang, ner_labels or {}):
        return PEOPLE
    return TEXT


def ask_ner(table_units: list[Unit], lang: str) -> dict[str, str]:
    """NER labels of the name-like chunks of table cells that the rules leave undecided (one batch)."""
    chunks = set()
    for u in table_units:
        if u.text.strip() and len(u.text) < 300:
            for c in _name_chunks([u]):
                if PERSON_MAYBE <= looks_like_person(c, lang) < PERSON_SURE:
                    chunks.add(c)
    todo = sorted(chunks)
    return dict(zip(todo, ner.classify(todo, lang))) if todo else {}


def find_header_row(table_units: list[Unit], kinds: dict[tuple[int, int], str]) -> Optional[int]:
    """The row serial of the table's header row, or None (see the module docstring)."""
    rows = sorted({u.row for u in table_units if u.row is not None})
    if not rows:
        return None
    first = rows[0]
    first_units = [u for u in table_units if u.row == first]
    if any(u.header for u in first_units):
        return first
    filled = [u for u in first_units if u.text.strip() and u.line_in_cell == 0]
    if len(filled) < 2 or any(u.time for u in first_units) or len(rows) < 3:
        return None
    named = [u for u in filled if header_role(u.text)]
    if len(named) >= 2 and len(named) >= 0.6 * len(filled):
        return first
    # column names never seen: short, and unlike what their columns hold below
    if any(len(u.text.split()) > 4 or kinds.get((first, u.cell)) in (PEOPLE, TIME) for u in filled):
        return None
    body: dict[int, Counter] = defaultdict(Counter)
    for (r, c), k in kinds.items():
        if r != first and k != EMPTY:
            body[c][k] += 1
    unlike = 0
    for u in filled:
        col = body.get(u.cell)
        if not col:
            continue
        kind, n = col.most_common(1)[0]
        if n >= 0.6 * sum(col.values()) and kind in (TIME, PEOPLE):
            unlike += 1  # "Hour" over times, "Who" over names
    return first if unlike >= 1 and len(filled) >= 2 else None


def column_roles(kinds: dict[tuple[int, int], str], cells: dict[tuple[int, int], list[Unit]],
                 header: dict[int, str]) -> dict[int, str]:
    """Each column's role from the vote of its cells' kinds, with header names as hints."""
    votes: dict[int, Counter] = defaultdict(Counter)
    length: dict[int, list[int]] = defaultdict(list)
    texts: dict[int, list[str]] = defaultdict(list)
    for (r, c), k in kinds.items():
        if k == EMPTY:
            continue
        votes[c][k] += 1
        texts[c].append(" ".join(u.text for u in cells[(r, c)]).strip().lower())
        if k == TEXT:
            length[c].append(sum(len(u.text) for u in cells[(r, c)]))
    roles: dict[int, str] = {}
    for c, v in votes.items():
        n = sum(v.values())
        hint = header.get(c)
        repeated = n >= 4 and len(set(texts[c])) <= 0.5 * n  # a room or format printed down the column
        if v[TIME] >= 0.5 * n:
            roles[c] = "time"
        elif repeated and hint not in ("speaker", "chair", "title"):
            roles[c] = "other"
        elif hint in ("chair", "affiliation", "time", "other"):
            roles[c] = hint  # the vote cannot tell a chair from a speaker, or an affiliation from a title
        elif v[PEOPLE] >= 0.5 * n and v[TEXT] <= 0.25 * n and (n >= 2 or hint == "speaker"):
            roles[c] = "speaker"
        elif v[NOTE] + v[LABEL] >= 0.5 * n:
            roles[c] = "other"
        elif hint:
            roles[c] = hint
    text_cols = [c for c in votes if c not in roles]
    if text_cols and "title" not in roles.values():
        # the title column: the one holding the most text, names weighing against it
        def weight(c: int) -> float:
            return sum(length[c]) * (1 - votes[c][PEOPLE] / sum(votes[c].values()))
        title_col = max(text_cols, key=lambda c: (weight(c), -c))
        roles[title_col] = "title"
    for c in text_cols:
        if c in roles:
            continue
        v = votes[c]
        n = sum(v.values())
        # a second text column: more of the entry where the header names columns, else a label
        roles[c] = "speaker" if v[PEOPLE] >= 0.5 * n and n >= 3 else "title" if header else "other"
    return roles


def cell_role(kind: str, column: Optional[str]) -> str:
    """A cell's role: its column's, unless the cell itself says otherwise."""
    if kind == TIME:
        return "time"  # a cell that holds only a time is a time cell, whatever its column
    if column == "time":
        return {NOTE: "other", LABEL: "other", PEOPLE: "speaker"}.get(kind, "title")  # a heading run across the time column
    if kind == LABEL and column in ("title", "speaker"):
        return "other"  # "Chair" alone beside the names it labels
    return column or "title"


def assign_cell_roles(units: list[Unit], lang: str) -> None:
    """Set `cell_role` (and the header flag of an unmarked header row) on table units."""
    by_table: dict[Optional[int], list[Unit]] = defaultdict(list)
    for u in units:
        if u.row is not None:
            by_table[u.table].append(u)
    labels = ask_ner([u for us in by_table.values() for u in us], lang)  # one batch for the document
    for table_units in by_table.values():
        cells = _cells(table_units)
        kinds = {key: cell_kind(lines, lang, labels) for key, lines in cells.items()}
        head_row = find_header_row(table_units, kinds)
        header: dict[int, str] = {}
        if head_row is not None:
            for u in table_units:
                if u.row == head_row:
                    u.header = True
                    r = header_role(u.text) if u.line_in_cell == 0 and u.cell is not None else None
                    if r:
                        header.setdefault(u.cell, r)
        # the body's cells vote, except bands across the table (merged headings, breaks)
        body_kinds = {k: v for k, v in kinds.items() if k[0] != head_row and not is_band(cells[k][0])}
        roles = column_roles(body_kinds, cells, header)
        for (r, c), lines in cells.items():
            role = cell_role(kinds[(r, c)], roles.get(c)) if r != head_row else roles.get(c, "title")
            for u in lines:
                u.cell_role, u.cell_kind = role, kinds[(r, c)]


def is_band(u: Unit) -> bool:
    """A cell spanning all the table's columns, or all but one (beside the time column)."""
    return u.colspan >= 2 and u.colspan >= u.row_cells - 1
