"""Which units open sessions, decided once for the whole document.

Numbered headings when there are any (with unnumbered ones printed the same way, and time
ranges that hold the entries after them); otherwise time slots with content under them, or
timed table rows whose label heads the entries of its cell; otherwise the headings nearest
above the items; otherwise days.
"""
from __future__ import annotations

import re
from typing import Optional

from ..blocks import Unit
from .rows import head_of, is_heading_row
from .titles import UPPER_PREFIX, is_upper_title
from .tags import BREAK, COLHEADER, DAY, EMPTY, HEADING, META, PROGRAMME_WORDS, ROLE, SESSION, TEXT, tag


def group_time(g: list[Unit]) -> Optional[tuple[Optional[str], Optional[str]]]:
    for u in g:
        if u.time:
            start, end = u.time
            if end is None:
                more = [x.time[0] for x in g if x.time and x is not u and x.time[0]]
                end = more[0] if more else None
            return start, end
    return None


def time_containers(groups: list[list[Unit]]) -> set[int]:
    """Timed entries whose time range holds the entries that follow: a block of talks
    ("Presentations 09:30-10:30" over 09:30-09:50, 09:50-10:10, 10:10-10:30)."""
    out = set()
    timed = [(i, group_time(g)) for i, g in enumerate(groups)]
    timed = [(i, t) for i, t in timed if t and t[0] and t[1] and tag(head_of(groups[i])) in (TEXT, HEADING, SESSION)]
    for k, (i, (start, end)) in enumerate(timed[:-1]):
        j, (s2, e2) = timed[k + 1]
        if s2 is not None and e2 is not None and start <= s2 and e2 <= end and (s2, e2) != (start, end):
            out.add(i)
    return out


def same_style_headings(groups: list[list[Unit]], explicit: set[int]) -> set[int]:
    """Unnumbered headings printed like the numbered ones (upper case, same block kind, bold)."""
    heads = [head_of(groups[i]) for i in explicit]
    if not all(is_upper_title(re.sub(r"\([^)]*\)", "", h.text)) for h in heads):
        return set()
    signature = {(h.kind, h.row is None) for h in heads}
    out = set()
    for i, g in enumerate(groups):
        h = head_of(g)
        prefix = UPPER_PREFIX.match(h.text)  # "PALABRAS DE CIERRE. Rector ..., Name"
        if i in explicit or tag(h) not in (HEADING, TEXT) or not is_upper_title(prefix.group(1) if prefix else h.text):
            continue
        if (h.kind, h.row is None) in signature and len(h.text) < 160 and any(u.time for u in g):
            out.add(i)
    return out


def numbered_markers(groups: list[list[Unit]]) -> set[int]:
    """Numbered session headings, unnumbered ones printed alike, and time ranges that hold
    the entries after them."""
    explicit = {i for i, g in enumerate(groups) if tag(head_of(g)) == SESSION}
    containers = time_containers(groups)
    slots = slots_printed_like(groups, explicit)
    if explicit and len(slots) >= len(explicit):
        # "16:15 Poster Session I" among many timed slots printed alike: the numbered
        # headings are slots like the others
        return explicit | slots
    if explicit or containers:
        return explicit | containers | same_style_headings(groups, explicit)
    return set()


def _style(u: Unit) -> tuple:
    return bool(u.bold), bool(u.italic), round(u.size_ratio or 1.0, 1), u.kind, u.row is None


def slots_printed_like(groups: list[list[Unit]], explicit: set[int]) -> set[int]:
    """Time slots printed like the timed numbered headings (same weight, size and block
    kind) and not inside one of their time ranges (a talk of the session)."""
    timed = [(head_of(groups[i]), group_time(groups[i])) for i in explicit]
    timed = [(h, t) for h, t in timed if t and t[0]]
    if len(timed) < 0.5 * len(explicit) or not timed:
        return set()
    styles = {_style(h) for h, _ in timed}
    spans = [t for _, t in timed if t[1]]
    out = set()
    for i in slot_markers(groups):
        h, t = head_of(groups[i]), group_time(groups[i])
        if i in explicit or _style(h) not in styles:
            continue
        if t and any(a <= t[0] < b for a, b in spans):
            continue
        out.add(i)
    return out


def slot_markers(groups: list[list[Unit]]) -> set[int]:
    """Time slots outside tables with content (text, role lines) under them."""
    slots = [i for i, g in enumerate(groups)
             if g[0].row is None and g[0].time and g[0].kind != "list_item" and tag(g[0]) not in (BREAK, META)]
    if len(slots) < 2:
        return set()
    with_content = 0
    for k, i in enumerate(slots):
        nxt = slots[k + 1] if k + 1 < len(slots) else len(groups)
        for g in groups[i + 1:nxt]:
            t = tag(head_of(g))
            if t in (TEXT, ROLE):
                with_content += 1
                break
            if t in (HEADING, DAY, SESSION):
                break
    return set(slots) if with_content >= max(1, 0.3 * len(slots)) else set()


def row_slot_markers(groups: list[list[Unit]]) -> set[int]:
    """Timed table rows over untimed rows of content: a time slot whose talks are listed
    in the rows below it without times of their own (two rows at least: one row under a
    title is more often the same entry's presenters)."""
    timed = [i for i, g in enumerate(groups) if g[0].row is not None and any(u.time for u in g)]
    found = set()
    for k, i in enumerate(timed):
        nxt = timed[k + 1] if k + 1 < len(timed) else len(groups)
        under = [g for g in groups[i + 1:nxt] if g[0].row is not None and tag(head_of(g)) == TEXT]
        if len(under) >= 2:
            found.add(i)
    return found if len(found) >= 2 else set()


def slot_row_markers(groups: list[list[Unit]]) -> set[int]:
    """Timed table rows whose cell opens with the slot's label over its content
    ("Paper session" over title, authors, title, authors ...): each row a session. Only
    when some row lists several entries; rows of one entry each are talks."""
    rows = [i for i, g in enumerate(groups) if g[0].row is not None and any(u.time for u in g)
            and tag(head_of(g)) in (TEXT, HEADING)]
    lines = {i: [u for u in groups[i] if u.text.strip() and u.cell_role != "time" and tag(u) in (TEXT, HEADING, ROLE)]
             for i in rows}
    found = {i for i in rows if len(lines[i]) >= 2 and len({u.cell for u in lines[i]}) == 1}
    if len(found) < 2 or not any(len(lines[i]) >= 5 for i in found):
        return set()
    return found


def _is_item_group(g: list[Unit]) -> bool:
    head = head_of(g)
    if head.row is not None:
        return not is_heading_row(g) and tag(head) not in (BREAK, COLHEADER, DAY, META, EMPTY) or \
            (any(u.time for u in g) and any(tag(u) == TEXT for u in g))
    return tag(head) == TEXT


def _is_heading_group(g: list[Unit], title: Optional[str]) -> bool:
    head = head_of(g)
    if PROGRAMME_WORDS.match(head.text.strip()) or (title and head.text.strip().rstrip(" :") == title):
        return False
    if head.row is not None:
        return is_heading_row(g) and tag(head) in (HEADING, TEXT)
    return tag(head) == HEADING


def subtitle_levels(groups: list[list[Unit]], title: Optional[str] = None) -> set[int]:
    """Heading levels printed only right under a heading of a higher level ("Opening" over
    "order to be confirmed", "Keynote talk" over "Round table"): subtitles of the heading
    above, not headings of their own. A level that also follows entries is a level of
    sections."""
    under: dict[int, bool] = {}
    prev: Optional[Unit] = None  # the heading just above, when nothing else is between
    for g in groups:
        h = head_of(g)
        if tag(h) == EMPTY:
            continue
        heading = h.kind == "heading" and h.level is not None and h.row is None and _is_heading_group(g, title)
        if heading:
            below = prev is not None and prev.level is not None and prev.level < h.level
            under[h.level] = under.get(h.level, True) and below
        prev = h if heading else None
    return {level for level, always in under.items() if always}


def heading_markers(groups: list[list[Unit]], title: Optional[str] = None) -> tuple[set[int], int, int]:
    """Headings nearest above the items, with the headings printed at the same level;
    also how many items they hold and how many sit under day headings instead.

    Where the document prints times on its entries, only the timed entries are counted:
    the programme is where the times are, and the untimed entries under other headings
    are the booklet's other chapters (abstracts, committees, hotels)."""
    nearest: dict[int, list[int]] = {}  # heading → [entries, timed entries]
    under_days = [0, 0]
    last_heading: Optional[int] = None
    last_is_day = False
    subtitles = subtitle_levels(groups, title)
    for i, g in enumerate(groups):
        if g[0].kind == "heading" and g[0].level in subtitles:
            continue
        if _is_heading_group(g, title):
            last_heading, last_is_day = i, False
        elif tag(head_of(g)) == DAY:
            last_heading, last_is_day = i, True
        elif _is_item_group(g) and last_heading is not None:
            count = under_days if last_is_day else nearest.setdefault(last_heading, [0, 0])
            count[0] += 1
            count[1] += group_time(g) is not None
    held = [sum(c[0] for c in nearest.values()), sum(c[1] for c in nearest.values())]
    which = 1 if held[1] or under_days[1] else 0
    if not nearest:
        return set(), 0, under_days[which]
    # headings of the same level/style as the chosen ones open sessions too (sessions with no items)
    levels = {(groups[i][0].kind, groups[i][0].level, groups[i][0].row is None) for i in nearest}
    found = {i for i, g in enumerate(groups)
             if _is_heading_group(g, title) and (g[0].kind, g[0].level, g[0].row is None) in levels}
    return found, held[which], under_days[which]


def day_markers(groups: list[list[Unit]]) -> set[int]:
    return {i for i, g in enumerate(groups) if tag(head_of(g)) == DAY}


def choose_session_markers(groups: list[list[Unit]], title: Optional[str] = None) -> set[int]:
    """Indexes of the groups that open a session: the first kind of marker found, in the
    order of the module docstring (the rules' own choice)."""
    found = numbered_markers(groups) or slot_markers(groups) or slot_row_markers(groups)
    if found:
        return found
    headings, held, under_days = heading_markers(groups, title)
    if headings and held >= under_days:
        return headings
    return day_markers(groups)


def candidate_markers(groups: list[list[Unit]], title: Optional[str] = None) -> dict[str, set[int]]:
    """Every kind of session marker the document offers, each a candidate reading
    (distinct sets only; "none" reads the document as one list of entries)."""
    out: dict[str, set[int]] = {}
    for name, found in (("rules", choose_session_markers(groups, title)), ("numbered", numbered_markers(groups)),
                        ("slots", slot_markers(groups)), ("row_slots", row_slot_markers(groups)),
                        ("slot_rows", slot_row_markers(groups)),
                        ("headings", heading_markers(groups, title)[0]),
                        ("days", day_markers(groups)), ("none", set())):
        if (found or name == "none") and all(found != other for other in out.values()):
            out[name] = found
    return out
