"""Presenter lists that a laid-out page wrapped over two lines, joined back into one unit.

A long list of names runs over the line's end: "... Thomas PHILIPPON and Pa-" / "trick REY
as panelists.", "... Samuel KORTUM," / "Kiminori MATSUYAMA and Daniel TREFLER". Read line
by line, the first half is taken for an entry's title and the second for another entry's
presenters, and a name cut by its hyphen is lost. Only lines outside tables are joined (a
table's cells have their own wrap joining) and only where both sides of the break are
names: a line that ends on a comma before a new entry stays as it is.
"""
from __future__ import annotations

import re

from ..blocks import ENTRY_START, Unit
from ..speakers import looks_like_person

#: A word cut by a hyphen at the end of a line ("Pa-"); the rest starts the next line in lower case.
_CUT_WORD = re.compile(r"[^\W\d_]-$")
#: A line stopping inside a list of names: on a comma or a joining word.
_LIST_END = re.compile(r"(?:,|\s(?:and|&|et|y|e|und))\s*$", re.I)
#: The next line going on with the list: a joining word first.
_LIST_GOES_ON = re.compile(r"^(?:and|&|et|y|e|und)\s", re.I)
#: Where a name ends inside a list: a comma, a joining word, "as <role>", a sentence end.
_NAME_BREAK = re.compile(r",|\s(?:and|&|et|y|e|und|as|como|als)\s|\.\s|\.$", re.I)


def _last_name(text: str) -> str:
    return _NAME_BREAK.split(text.rstrip(" ,"))[-1].strip()


def _first_name(text: str) -> str:
    return _NAME_BREAK.split(_LIST_GOES_ON.sub("", text.strip()), maxsplit=1)[0].strip()


def _same_flow(prev: Unit, u: Unit) -> bool:
    return (prev.row is None and u.row is None and prev.page is not None and prev.page == u.page
            and not u.time and prev.bold == u.bold and prev.italic == u.italic
            and not ENTRY_START.match(u.text))


def wraps_people(prev: Unit, u: Unit, lang: str) -> bool:
    """Does line `u` go on with the list of names that line `prev` stopped in?"""
    if not _same_flow(prev, u):
        return False
    before, after = prev.text.rstrip(), u.text.strip()
    if not before or not after:
        return False
    if _CUT_WORD.search(before) and after[:1].islower():
        # "Pa-" / "trick REY": a name (or a word) cut in two; the part before is in a name
        return looks_like_person(_last_name(before[:-1]) + _first_name(after), lang) >= 0.5
    if not (_LIST_END.search(before) or _LIST_GOES_ON.match(after)):
        return False
    return looks_like_person(_last_name(before), lang) >= 0.5 and looks_like_person(_first_name(after), lang) >= 0.5


def join_people_wraps(units: list[Unit], lang: str) -> list[Unit]:
    """Units with each wrapped list of names joined into the unit it started in."""
    out: list[Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if prev is not None and wraps_people(prev, u, lang):
            before = prev.text.rstrip()
            cut = bool(_CUT_WORD.search(before)) and u.text.strip()[:1].islower()
            text = (before[:-1] + u.text.strip()) if cut else f"{before} {u.text.strip()}"
            out[-1] = Unit(**{**prev.__dict__, "text": text, "end": u.end, "tags": set(prev.tags)})
        else:
            out.append(u)
    return out
