"""Segmentation: units → meeting, sessions, groups, items, speakers.

The walk has three steps:

1. `tag_units` gives each unit what it looks like on its own: a break, a numbered
   session heading, a day heading, a role line ("Chair: ..."), a region sub-heading,
   prose, a heading-like line (heading level, bold, larger), or plain text.
2. `choose_session_markers` decides, for the whole document, which units open sessions:
   numbered headings when there are any; otherwise the headings nearest above the
   items; otherwise time slots that have content under them; otherwise days; otherwise
   one implicit session.
3. `build_programme` walks the units once and fills sessions with items, attaching
   speaker lines and role lines to the item or session they belong to.

Tables go through the same walk: each row is an item unless it is a merged heading row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

from .blocks import Unit, document_units
from .dates import find_dates, find_time_range, to_24h
from .headings import day_label, is_region, match_session_heading, starts_with_weekday
from .language import detect_language
from .lexicon import is_break, is_honorific, is_social
from .meeting import extract_meeting
from .model import Document, Item, Programme, Session, Speaker
from .speakers import looks_like_org, looks_like_person, parse_people, parse_role_line, split_item
from .tables_layout import assign_cell_roles, header_role

#: Tags a unit can get (see `tag_units`).
BREAK, SESSION, DAY, ROLE, GROUP, PROSE, HEADING, TEXT, EMPTY, COLHEADER, META = (
    "break", "session", "day", "role", "group", "prose", "heading", "text", "empty", "colheader", "meta")

#: Labels that stand for a slot's kind, not its title ("KEYNOTE" above the talk title).
ROLE_LABELS = {
    "keynote": "Keynote", "keynote speech": "Keynote", "keynote address": "Keynote", "key note": "Keynote",
    "keynote lecture": "Keynote", "key note address": "Keynote", "keynote talk": "Keynote", "conferencia magistral": "Keynote", "conférence plénière": "Keynote",
    "conférence inaugurale": "Keynote", "plenary talk": "Keynote", "invited talk": "Invited",
}
QUOTES = "\"'“”‘’«»„"
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


@dataclass
class Walk:
    """Mutable state of the walk over units."""

    lang: str
    sessions: list[Session] = field(default_factory=list)
    session: Optional[Session] = None
    item: Optional[Item] = None
    item_unit: Optional[Unit] = None
    group: Optional[str] = None
    day_date: Optional[str] = None
    year: Optional[int] = None
    pending_role: Optional[str] = None  # a role label line waiting for its item
    title_weak: bool = False  # the item's title came from a line that may not be its title
    row_units_seen: list[Unit] = field(default_factory=list)  # continuation lines of the current row
    row_has_quote: bool = False  # the current row holds a quoted line (a talk title)
    aff_candidates: list[str] = field(default_factory=list)  # lines that may be the presenter's affiliation
    timed_rows: bool = False  # most table rows of the document carry a time
    header_chairs: list[Speaker] = field(default_factory=list)  # chairs printed above the first session
    day_dates: list[str] = field(default_factory=list)  # every day heading's date
    after_break: bool = False  # the last entry was a break or social event
    row_items: list[Item] = field(default_factory=list)  # items a bullet row has opened
    row_speaker_lines: int = 0
    bullet_row: bool = False  # the current row lists sub-entries as bullets
    title_line: bool = False  # the last line was a labelled title ("Title of talk : ...")
    slot_open: bool = False  # the current session is a stand-alone slot collecting one item's presenters
    explicit: bool = False  # sessions are printed with numbers ("Session 2", "Parallel sessions I")
    track_base: Optional[Session] = None  # the "Parallel sessions I" block whose tracks are being read
    track_table: Optional[int] = None


# --------------------------------------------------------------------------- tagging

#: Contact and link lines: practical information, never programme entries.
CONTACT = re.compile(
    r"^(?:e-?mail|courriel|correo|tel|tél|teléfono|phone|telephone|téléphone|fax|website|site web|web|url|"
    r"twitter|zoom link|meeting id|passcode|password|video call link|join)\b\s*:", re.I)


def is_prose(u: Unit) -> bool:
    """Running text (an introduction, a note): several sentences or very long."""
    words = u.text.split()
    if len(words) > 60:
        return True
    return len(words) > 15 and len(SENTENCE_END.findall(u.text)) >= 2


def is_heading_like(u: Unit) -> bool:
    """Looks like a heading: a heading block, or a short bold or larger line."""
    text = u.text.strip()
    if not text or len(text) > 160 or text.endswith((",", ";")) or text.startswith("(") or text[0] in ",;":
        return False
    if u.kind == "heading":
        return True
    if u.row is not None:
        return False
    if u.size_ratio >= 1.2 and len(text) < 120:
        return True
    return u.bold and len(text.split()) <= 14 and not text.endswith(".")


def is_day_heading(text: str, year: Optional[int]) -> bool:
    """A short line that is mainly a date or a day label ("Thursday, September 2nd, 2021")."""
    t = text.strip()
    if len(t) > 80:
        return False
    if day_label(t):
        return True
    t = re.sub(r"\s*\([^()]*\)\s*$", "", t)  # "Tuesday, 27 February (Engineering Faculty)"
    dates = find_dates(t, default_year=year)
    if dates:
        covered = sum(d.span[1] - d.span[0] for d in dates)
        rest = re.sub(r"[\W\d_]+", " ", t[:dates[0].span[0]] + t[dates[-1].span[1]:]).split()
        if covered >= 0.5 * len(t) or len(rest) <= 3:
            return True
    return starts_with_weekday(t) and len(t.split()) <= 5


def day_theme(text: str, year: Optional[int]) -> Optional[tuple[str, Optional[str], Optional[str]]]:
    """A numbered day heading with a theme: (day number, date, theme), else None."""
    n = day_label(text)
    if not n:
        return None
    rest = re.sub(r"^\W*(?:day|jour|d[ií]a|journée)\s*\w+\W*", "", text.strip(), flags=re.I)
    dates = find_dates(rest, default_year=year)
    date = None
    if dates and dates[0].span[0] <= 2:
        date = dates[0].iso
        rest = rest[dates[0].span[1]:]
    theme = rest.strip(" :–—-,.")
    if len(theme.split()) < 2:
        return None
    return n, date, theme


def tag_units(units: list[Unit], lang: str, year: Optional[int]) -> None:
    """Give each unit the tag of what it looks like on its own (in `unit.tags`)."""
    for u in units:
        if META in u.tags or TRACK in u.tags:
            continue
        t = u.text.strip()
        if not any(c.isalnum() for c in t):
            u.tags.add(EMPTY)
        elif CONTACT.match(t):
            u.tags.add(META)
        elif u.kind == "group":
            u.tags.add(GROUP)
        elif is_break(t, lang) or is_social(t):
            u.tags.add(BREAK)
        elif match_session_heading(t) and len(t) < 250:
            u.tags.add(SESSION)
        elif day_theme(t, year) is not None and u.row is None:
            u.tags.add(SESSION)  # "DAY 1 24th March: Bigeye and Yellowfin assessments"
        elif is_day_heading(t, year) and (u.row is None or u.n_cells <= 2 or u.header):
            u.tags.add(DAY)
        elif u.header:
            u.tags.add(COLHEADER)
        elif parse_role_line(t, lang) is not None:
            u.tags.add(ROLE)
        elif is_region(t):
            u.tags.add(GROUP)
        elif is_prose(u) and u.row is None:
            u.tags.add(PROSE)
        elif is_heading_like(u):
            u.tags.add(HEADING)
        else:
            u.tags.add(TEXT)


def tag(u: Unit) -> str:
    for t in (META, TRACK, EMPTY, GROUP, BREAK, SESSION, DAY, COLHEADER, ROLE, PROSE, HEADING, TEXT):
        if t in u.tags:
            return t
    return TEXT


# --------------------------------------------------------------------------- track tables

TRACK = "track"


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


# --------------------------------------------------------------------------- rows

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
    """A merged table row with one text cell and no time: a heading, a day or a break."""
    content = [u for u in group if u.text.strip() and u.cell_role != "time"]
    if not content or group[0].row is None:
        return False
    cells = {u.cell for u in content}
    has_time = any(u.time for u in group)
    first_cell = content[0].cell == 0 or content[0].row_cells == 1
    return len(cells) == 1 and not has_time and len(content) <= 2 and group[0].n_cells <= 1 and first_cell


def is_continuation_row(group: list[Unit], walk: "Walk") -> bool:
    """A row with no time and an empty first cell under an item of the same table:
    more of that item (a second title on a continuation line, more presenters)."""
    head = group[0]
    if head.row is None or walk.item is None or walk.item_unit is None or walk.item_unit.table != head.table:
        return False
    content = [u for u in group if u.text.strip() and u.cell_role != "time"]
    return bool(content) and not any(u.time for u in group) and all(u.cell != 0 for u in content) 


# --------------------------------------------------------------------------- markers

def is_upper_title(text: str) -> bool:
    """Printed in capitals: at least 8 letters, none of them lower case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters)


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
        if i in explicit or tag(h) not in (HEADING, TEXT) or not is_upper_title(h.text):
            continue
        if (h.kind, h.row is None) in signature and len(h.text) < 160 and any(u.time for u in g):
            out.add(i)
    return out


#: Headings that name the document's part, not a session ("Agenda", "Programme").
PROGRAMME_WORDS = re.compile(
    r"^(?:(?:workshop|conference|meeting|seminar|event|detailed|provisional|draft|final)\s+)?"
    r"(?:agenda|programme|program|programa|schedule|ordre du jour|orden del día|orden del dia|timetable)"
    r"(?:\s+(?:at a glance|overview|schedule))?\W*$", re.I)


def choose_session_markers(groups: list[list[Unit]], title: Optional[str] = None) -> set[int]:
    """Indexes of the groups that open a session (see module docstring)."""
    explicit = {i for i, g in enumerate(groups) if tag(head_of(g)) == SESSION}
    containers = time_containers(groups)
    if explicit or containers:
        return explicit | containers | same_style_headings(groups, explicit)

    def is_item_group(g: list[Unit]) -> bool:
        head = head_of(g)
        if head.row is not None:
            return not is_heading_row(g) and tag(head) not in (BREAK, COLHEADER, DAY, META, EMPTY) or \
                (head.row is not None and any(u.time for u in g) and any(tag(u) == TEXT for u in g))
        return tag(head) in (TEXT,) or (tag(head) == ROLE and False)

    def is_heading_group(g: list[Unit]) -> bool:
        head = head_of(g)
        if PROGRAMME_WORDS.match(head.text.strip()) or (title and head.text.strip().rstrip(" :") == title):
            return False
        if head.row is not None:
            return is_heading_row(g) and tag(head) in (HEADING, TEXT)
        return tag(head) == HEADING

    # time slots with content under them
    slots = [i for i, g in enumerate(groups)
             if g[0].row is None and g[0].time and g[0].kind != "list_item" and tag(g[0]) not in (BREAK, META)]
    if len(slots) >= 2:
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
        if with_content >= max(1, 0.3 * len(slots)):
            return set(slots)

    # headings (or days) nearest above the items: whichever holds more items opens sessions
    nearest: dict[int, int] = {}
    under_days = 0
    last_heading: Optional[int] = None
    last_is_day = False
    for i, g in enumerate(groups):
        if is_heading_group(g):
            last_heading, last_is_day = i, False
        elif tag(head_of(g)) == DAY:
            last_heading, last_is_day = i, True
        elif is_item_group(g) and last_heading is not None:
            if last_is_day:
                under_days += 1
            else:
                nearest[last_heading] = nearest.get(last_heading, 0) + 1
    days = {i for i, g in enumerate(groups) if tag(head_of(g)) == DAY}
    if nearest and sum(nearest.values()) >= under_days:
        # headings of the same level/style as the chosen ones open sessions too (sessions with no items)
        levels = {(groups[i][0].kind, groups[i][0].level, groups[i][0].row is None) for i in nearest}
        return {i for i, g in enumerate(groups)
                if is_heading_group(g) and (g[0].kind, g[0].level, g[0].row is None) in levels}
    return days


# --------------------------------------------------------------------------- building

UPPER_PREFIX = re.compile(r"^([^a-zà-ÿ]{8,}?)[.:]\s+(?=\S*[a-zà-ÿ])")


def _session_from_heading(u: Unit, walk: Walk) -> tuple[Session, list[Unit]]:
    """The session a heading opens, and any content run into the heading's line."""
    rest: list[Unit] = []
    m = UPPER_PREFIX.match(u.text) if not match_session_heading(u.text) else None
    if m:
        # "PALABRAS DE CIERRE. Rector U. de Chile, Ennio Vivaldi": heading, then an entry
        cut = m.end()
        tail = replace(u, text=u.text[cut:], start=u.start + cut, tags={TEXT}, time=None)
        u = replace(u, text=m.group(1), end=u.start + len(m.group(1)))
        rest.append(tail)
    text = u.text.strip()
    number = title = None
    h = match_session_heading(text)
    dt = day_theme(text, walk.year) if not h else None
    if dt:
        number, date, title = dt
        walk.day_date = date or walk.day_date
    elif h:
        number, title = h.number, h.title
        if title:
            parsed = split_item(title, walk.lang)
            if any(sp.name for sp in parsed.speakers) and parsed.title:
                # "Lab 2a: Name (Org): Title": the session's one entry is printed on its heading line
                at = u.text.find(title)
                rest.append(replace(u, text=title, start=u.start + max(at, 0), tags={TEXT}, time=None))
                title = None
    else:
        title = text.strip(" :–—-")
        m = re.match(r"^(\d{1,2}[a-z]?)\s*[-–—.:)]\s+(\S.*)$", title)
        if m:
            number, title = m.group(1), m.group(2)
    start = end = None
    if u.time:
        start, end = u.time
    if title:
        tm = find_time_range(title, anchored=False)
        if tm:
            start, end = start or tm.start, end or tm.end
            title = (title[:tm.span[0]] + title[tm.span[1]:]).strip(" :–—-,") or None
    if title:
        title = strip_gloss(strip_parens(strip_editorial(title)))
    return Session(number=number, title=title or None, date=walk.day_date, start_time=start, end_time=end,
                   page=u.page, char_start=u.start), rest


#: Editorial notes in parentheses that are not part of a title.
EDITORIAL = re.compile(
    r"\s*\((?:see|voir|ver|cf\.?|tbc|tbd|to be confirmed|à confirmer|por confirmar|closed|open to)\b[^()]*\)\s*$"
    r"|\s*\(\s*[\d~–\- ]+\s*(?:min|mins|minutes|h|hrs?|hours?)\b[^()]*\)\s*$", re.I)


def strip_editorial(title: str) -> str:
    """Drop a trailing editorial note: "(see meeting report for details)", "(tbc)"."""
    return EDITORIAL.sub("", title).strip()


def strip_gloss(title: str) -> str:
    """A capitalised title followed by a translation in parentheses: keep the title."""
    m = re.match(r"^(.*\S)\s*\(([^()]*)\)$", title)
    if m and is_upper_title(m.group(1)) and any(c.islower() for c in m.group(2)):
        return m.group(1).strip()
    return title


def strip_parens(s: str) -> str:
    s = s.strip()
    if s.startswith("(") and s.endswith(")") and s.count("(") == 1:
        return s[1:-1].strip()
    return s


def clean_title(s: Optional[str]) -> Optional[str]:
    """Trim bullets, list numbers, quotes and trailing punctuation from a title."""
    if s is None:
        return None
    s = s.strip()
    s = re.sub(r"^(?:[-–—•▪●◦·*]+|\(?\d{1,2}[.)]|[a-z][.)])\s+", "", s)
    s = strip_editorial(s.strip()).rstrip(" ,;:–—-")
    q = re.match(r'^["“«‘\'](.+?)["”»’\']\s*(?:\([^)]*\))?[.]?$', s)
    if q:
        return q.group(1).strip().rstrip(".") or None
    if len(s) >= 2 and s[0] in QUOTES and s[-1] in QUOTES + ".":
        s = s.strip(QUOTES + ".").strip()
    elif s.endswith(".") and not s.endswith(".."):
        s = s[:-1]
    return s.strip() or None


def _offset(speakers: list[Speaker], u: Unit, base: int) -> list[Speaker]:
    for sp in speakers:
        if sp.char_start is not None and sp.char_end is not None:
            sp.char_start += base
            sp.char_end += base
        else:
            sp.char_start, sp.char_end = u.start, u.end
        sp.page = sp.page or u.page
        sp.bbox = sp.bbox or u.bbox
        if u.method == "ocr":
            sp.method = "ocr+" + sp.method if not sp.method.startswith("ocr") else sp.method
    return speakers


def ensure_session(walk: Walk, u: Optional[Unit] = None) -> Session:
    if walk.session is None:
        session = Session(date=walk.day_date, page=u.page if u else None, char_start=u.start if u else None)
        session.chairs.extend(walk.header_chairs)
        walk.header_chairs = []
        walk.session = session
        walk.sessions.append(session)
    return walk.session


def new_item(walk: Walk, title: Optional[str], u: Unit, speakers: list[Speaker]) -> Item:
    session = ensure_session(walk, u)
    item = Item(title=clean_title(title), speakers=speakers, group=walk.group, page=u.page,
                char_start=u.start, char_end=u.end, bbox=u.bbox)
    if u.time:
        item.start_time, item.end_time = u.time
    session.items.append(item)
    walk.item, walk.item_unit = item, u
    walk.row_units_seen = []
    if walk.bullet_row:
        walk.row_items.append(item)
    walk.title_weak = False
    return item


#: "Title of talk : ...", "Titre : ...", "Título: ...".
TITLE_LABEL = re.compile(r"^(?:title(?:\s+of\s+(?:the\s+)?(?:talk|presentation|paper))?|titre|título|titulo|topic)"
                         r"\s*:\s*(\S.*)$", re.I)


def is_speaker_line(u: Unit, lang: str) -> Optional[list[Speaker]]:
    """The speakers of a line that holds only presenters, else None."""
    text = strip_parens(u.text.strip())
    if text.split()[:1] and is_honorific(text.split()[0]):
        text = re.sub(r"(?<=\w) - (?=\w)", "-", text)  # "Prof. Jean - Yves Beziau"
    if not text or len(text) > 2000 or text[0] in QUOTES or text.endswith(("?", "!")) or ":" in text:
        return None
    people = parse_people(text, lang)
    if not people:
        return None
    named = [p for p in people if p.name]
    if not named:
        if u.italic and not u.bold:
            return None  # an italic line of capitalised words is a title, not an organisation
        orgs = [p.affiliation or "" for p in people]
        return people if all(looks_like_org(o, lang) >= 0.6 for o in orgs) else None
    parsed = split_item(text, lang)
    if parsed.title and parsed.speakers:
        return None  # "Title, Name, Org": an item line
    score = min(looks_like_person(p.name, lang) for p in named)
    return people if score >= 0.5 else None


def add_speakers(walk: Walk, item: Item, people: list[Speaker], u: Unit) -> None:
    """Attach presenters to an item, giving them a pending slot role ("KEYNOTE")."""
    people = _offset(people, u, u.start)
    if walk.pending_role:
        for sp in people:
            sp.role = sp.role or walk.pending_role
    item.speakers.extend(people)


def add_item_line(walk: Walk, u: Unit) -> None:
    """A text line in item context: a line of the current item, or a new item."""
    text = u.text.strip()
    item, prev = walk.item, walk.item_unit
    same_row = item is not None and prev is not None and u.row is not None and u.row == prev.row
    if same_row:
        attach_continuation(walk, item, u)
        walk.row_units_seen.append(u)
        return
    follows = (item is not None and prev is not None and u.row is None and prev.row is None and not u.time
               and not (u.kind == "list_item" and prev.kind == "list_item"))
    m = TITLE_LABEL.match(text)
    if m:
        # "Title of talk : ..." names the talk of the presenter printed above it
        if item is not None and not item.title and u.row is None:
            item.title = clean_title(m.group(1))
            walk.item_unit, walk.title_line = u, True
        else:
            new_item(walk, m.group(1), u, [])
            walk.title_line = True
        return
    if item is not None and text.startswith("(") and text.endswith(")") and u.row is None:
        role = ROLE_LABELS.get(text[1:-1].strip(" :").lower())
        if role and item.speakers:
            for sp in item.speakers:
                sp.role = sp.role or role  # "(Key Note Address)" under the presenter
        return  # otherwise an editorial note under the entry
    if follows:
        people = is_speaker_line(u, walk.lang)
        if walk.title_line and people is None and item.speakers and text[:1].isalpha():
            item.title = clean_title(f"{item.title} {text}")  # the title wraps onto a second line
            walk.item_unit = u
            return
        walk.title_line = False
        if people is not None:
            if walk.slot_open or (item.title and not item.speakers):
                add_speakers(walk, item, people, u)  # presenters of the title above
                walk.item_unit = u
                return
            new_item(walk, None, u, [])  # a presenter whose talk is untitled or titled below
            add_speakers(walk, walk.item, people, u)
            return
        if not item.title and item.speakers and prev is not None and walk.item_unit is not None:
            item.title = clean_title(text)  # the title printed under its presenter
            walk.item_unit = u
            return
        if not item.title and not item.speakers:
            item.title = clean_title(text)
            return
    elif item is None and u.row is None and not u.time and walk.session is not None:
        people = is_speaker_line(u, walk.lang)
        if people is not None:
            new_item(walk, None, u, [])
            add_speakers(walk, walk.item, people, u)
            return
    if text.startswith("(") and text.endswith(")") and walk.session is not None and not walk.session.items:
        if not walk.session.title:
            walk.session.title = text[1:-1].strip()  # "( paper reading session 1 )": the session's subtitle
        return  # otherwise a gloss of the heading
    walk.pending_role = None
    label = ROLE_LABELS.get(text.strip(" :").lower())
    if label:
        walk.pending_role = label
        new_item(walk, None, u, [])
        return
    if text[0] in QUOTES or (u.italic and not u.bold):
        new_item(walk, text, u, [])  # a quoted or italic line is a title, whatever its words look like
        return
    parsed = split_item(text, walk.lang)
    new_item(walk, parsed.title, u, [])
    add_speakers(walk, walk.item, list(parsed.speakers), u)


#: A printed duration ("(15 mins)", "– 10 mins", "20'"): scheduling noise around names.
DURATION = re.compile(r"\(?\s*\d{1,3}\s*(?:mins?|minutes|min\.|h|hrs?|')\s*\)?", re.I)


def label_prefix(text: str, lang: str) -> Optional[tuple[str, str]]:
    """A slot label printed before a name without a colon ("Conferencia magistral Jean Pierre Changeux,")."""
    low = text.lower()
    for label, role in ROLE_LABELS.items():
        if low.startswith(label + " "):
            rest = text[len(label):].strip(" ,;:")
            if rest and looks_like_person(rest, lang) >= 0.5:
                return role, rest
    return None


def clean_affiliation(text: str) -> str:
    """An affiliation line without list punctuation or enclosing parentheses."""
    text = text.strip(" ,;")
    if text.endswith(".") and len(text.split()[-1]) > 6:
        text = text[:-1]  # a sentence's full stop, not an abbreviation's ("Tongji Univ.")
    return strip_parens(text.strip())


def attach_continuation(walk: Walk, item: Item, u: Unit) -> None:
    """Another line of the item's table row: its title, speakers, affiliations or more title."""
    text = DURATION.sub("", u.text).strip(" –-")
    if u.cell_role == "speaker":
        if walk.bullet_row and len(walk.row_items) > 1:
            # one presenter line per bullet of the row, in order
            item = walk.row_items[min(walk.row_speaker_lines, len(walk.row_items) - 1)]
            walk.row_speaker_lines += 1
        add_speakers(walk, item, parse_people(strip_parens(text), walk.lang), u)
        return
    if u.cell_role in ("chair", "other", "time"):
        return
    if walk.bullet_row and u.cell_role == "title" and BULLET.match(text) and item.title:
        new_item(walk, text, u, [])  # the next bullet of a row of sub-entries
        return
    quoted = text[0] in QUOTES
    if quoted and item.speakers and (item.title is None or walk.title_weak):
        item.title = clean_title(text)  # 'Conferencia: Name' / affiliation / "Title"
        walk.title_weak = False
        last = item.speakers[-1]
        if walk.aff_candidates and not last.affiliation:
            last.affiliation = clean_affiliation(max(
                reversed(walk.aff_candidates), key=lambda t: looks_like_org(t, walk.lang)))
        walk.aff_candidates = []
        return
    if item.speakers and item.title is None and walk.row_has_quote and not quoted:
        walk.aff_candidates.append(text)  # lines between a presenter and the quoted title
        return
    lp = label_prefix(text, walk.lang)
    if lp:
        role, rest = lp
        speaker = Speaker(name=rest, role=role, method="rule", confidence=0.8)
        if item.title:  # "Conferencia magistral Name" opens the next entry of the cell
            new_item(walk, None, u, [])
            item = walk.item
        add_speakers(walk, item, [speaker], u)
        return
    if item.speakers and looks_like_org(text, walk.lang) >= 0.6 and not is_speaker_line(u, walk.lang):
        last = item.speakers[-1]
        aff = clean_affiliation(text)
        last.affiliation = f"{last.affiliation} {aff}" if last.affiliation else aff
        return
    if item.title is None:
        label = ROLE_LABELS.get(text.strip(" :").lower())
        if label:
            walk.pending_role = label
            return
        parsed = split_item(text, walk.lang)
        item.title = clean_title(parsed.title)
        walk.title_weak = bool(item.speakers)
        add_speakers(walk, item, list(parsed.speakers), u)
        return
    people = is_speaker_line(u, walk.lang)
    if people is not None and not (u.italic and not item.speakers and u.line_in_cell == 1 and len(text.split()) > 6):
        add_speakers(walk, item, people, u)
        return
    if u.bold and walk.item_unit is not None and walk.item_unit.bold and item.title and \
            u.line_in_cell > 0 and any(not x.bold for x in walk.row_units_seen):
        # a bold line after plain lines in one cell: the next entry of a multi-entry cell
        parsed = split_item(text, walk.lang)
        new_item(walk, parsed.title, u, [])
        add_speakers(walk, walk.item, list(parsed.speakers), u)
        walk.item_unit = u
        return
    if not item.speakers and walk.item_unit is not None and u.cell == walk.item_unit.cell \
            and u.bold == walk.item_unit.bold:
        item.title = clean_title(f"{item.title} {text}")  # a wrapped title


def open_session(walk: Walk, session: Session) -> None:
    walk.slot_open = False
    walk.title_line = False
    if not walk.sessions and walk.header_chairs:
        session.chairs.extend(walk.header_chairs)
        walk.header_chairs = []
    walk.session = session
    walk.sessions.append(session)
    walk.item = walk.item_unit = None
    walk.group = None
    walk.pending_role = None


def add_role(walk: Walk, u: Unit) -> None:
    """A "Chair: ..." or "Moderator: ..." line: session chairs, or speakers of the item."""
    rl = parse_role_line(u.text.strip(), walk.lang)
    if rl is None:
        return
    if not rl.is_chair and (u.time or u.kind == "list_item" or walk.item is None):
        rest = u.text.split(":", 1)[1].strip() if ":" in u.text else ""
        parsed = split_item(rest, walk.lang) if rest else None
        if parsed is not None and parsed.title and parsed.speakers:
            # "Keynote: Open data for all — Prof. Bob White, ODI": a talk, with its slot's role
            new_item(walk, parsed.title, u, [])
            for sp in parsed.speakers:
                sp.role = sp.role or rl.role
            add_speakers(walk, walk.item, list(parsed.speakers), u)
            return
    if not rl.people:
        walk.pending_role = rl.role
        if u.row is not None and (walk.item is None or walk.item_unit is None or walk.item_unit.row != u.row):
            new_item(walk, None, u, [])
        return
    people = _offset(list(rl.people), u, u.start)
    session_level = rl.is_chair and (walk.item is None or u.row is None and (
        walk.session is not None and not walk.session.items or rl.role == "Chair"))
    if session_level:
        ensure_session(walk, u).chairs.extend(people)
    elif walk.item is not None and (u.row is None or u.row == (walk.item_unit.row if walk.item_unit else None)):
        walk.item.speakers.extend(people)
    elif walk.item is None and people and not rl.is_chair:
        new_item(walk, None, u, people)
    else:
        ensure_session(walk, u).chairs.extend(people) if rl.is_chair else new_item(walk, None, u, people)


def build_programme(groups: list[list[Unit]], markers: set[int], walk: Walk) -> None:
    """Walk the unit groups once and fill `walk.sessions`."""
    for gi, g in enumerate(groups):
        propagate_row_time(g)
        walk.bullet_row = False
        walk.row_items, walk.row_speaker_lines = [], 0
        head = head_of(g)
        t = tag(head)
        if t in (META, EMPTY) and len(g) == 1:
            continue
        if t == TRACK:
            open_track(walk, head)
            continue
        if t == DAY:
            dates = find_dates(head.text, default_year=walk.year)
            walk.day_date = dates[0].iso if dates else None
            if walk.day_date:
                walk.day_dates.append(walk.day_date)
            walk.item = walk.item_unit = None
            walk.group = None
            if gi in markers:
                s = Session(title=head.text.strip().strip(":"), date=walk.day_date, page=head.page,
                            char_start=head.start)
                open_session(walk, s)
            continue
        if gi in markers:
            session, rest = _session_from_heading(head, walk)
            inherit_parallel_times(walk, session)
            earlier = announced_session(walk, session)
            if earlier is not None:
                walk.session, walk.item, walk.item_unit, walk.group = earlier, None, None, None
            else:
                open_session(walk, session)
            for u in g[g.index(head) + 1:] + rest:
                if tag(u) == ROLE:
                    add_role(walk, u)
                elif tag(u) in (TEXT, HEADING) and u.cell_role not in ("time", "other", "chair"):
                    add_item_line(walk, u)
            continue
        if t == BREAK:
            walk.item = walk.item_unit = None
            walk.after_break = True
            continue
        if walk.after_break and head.row is not None and not any(u.time for u in g) and not is_heading_row(g):
            continue  # the rest of a break's row ("191 Victoria St" under the happy hour)
        walk.after_break = False
        if "slot" in head.tags and walk.explicit and t in (TEXT, HEADING) and head.row is None:
            open_session(walk, Session(title=clean_title(head.text), date=walk.day_date, start_time=head.time[0],
                                       end_time=head.time[1], page=head.page, char_start=head.start))
            walk.slot_open = True
            continue
        if "entry" in head.tags:
            pass  # an entry of a track table: an item, whatever its shape
        elif t == TEXT and is_continuation_row(g, walk):
            if not starts_entries(g):
                add_continuation_row(walk, g)
                continue
            # sub-entries under a heading-like row: that row becomes their group
            prev = walk.item
            if prev is not None and not prev.speakers and walk.session is not None and prev in walk.session.items:
                walk.session.items.remove(prev)
                walk.group = prev.title
            walk.item = walk.item_unit = None
            walk.bullet_row = True
        if t in (PROSE, COLHEADER):
            continue
        if "entry" in head.tags:
            pass
        elif t == GROUP or (t == HEADING and walk.sessions) or (head.row is not None and is_heading_row(g)
                                                                 and t in (HEADING, TEXT)):
            if t == HEADING and head.row is None and not walk.sessions:
                continue
            walk.group = head.text.strip().strip(":") or None
            walk.item = walk.item_unit = None
            continue
        if t == HEADING:
            continue  # headings before the first session: titles and context
        if markers and gi < min(markers) and head.kind != "list_item" and not any(u.time for u in g) and \
                (head.row is None or walk.timed_rows) and not walk.sessions:
            if t == ROLE:
                rl = parse_role_line(head.text.strip(), walk.lang)
                if rl is not None and rl.is_chair:
                    walk.header_chairs.extend(_offset(list(rl.people), head, head.start))
            continue  # lines above the first session: the meeting's header
        if t == SESSION:
            continue
        chair_cell = [u for u in g if u.cell_role == "chair" and u.text.strip()]
        if chair_cell and head.row is not None and not is_heading_row(g):
            # a chair column: a new chair opens a new (untitled) session
            people: list[Speaker] = []
            for u in chair_cell:
                people += _offset(parse_people(u.text.strip(), walk.lang), u, u.start)
            for sp in people:
                sp.role = sp.role or "Chair"
            session = Session(date=walk.day_date, page=head.page, char_start=head.start, chairs=people)
            open_session(walk, session)
        slot = is_standalone_slot(g, walk)
        if slot:
            walk.session = None
            walk.item = walk.item_unit = None
        row_role = row_label_role(g)
        walk.row_has_quote = any(u.text.strip()[:1] in QUOTES for u in g)
        walk.aff_candidates = []
        for u in order_row(g):
            tu = tag(u)
            if tu in (EMPTY, META):
                continue
            if tu == ROLE:
                add_role(walk, u)
            elif tu == BREAK and u.row is not None:
                if walk.item is not None and walk.item_unit is not None and walk.item_unit.row == u.row:
                    walk.session.items.remove(walk.item) if walk.session and walk.item in walk.session.items else None
                walk.item = walk.item_unit = None
                break
            else:
                if u.row is not None and u.cell_role == "speaker" and (walk.item is None or walk.item_unit is None
                                                                        or walk.item_unit.row != u.row):
                    new_item(walk, None, u, [])
                add_item_line(walk, u)
        if row_role and walk.item is not None and walk.item_unit is not None and walk.item_unit.row == head.row:
            for sp in walk.item.speakers:
                sp.role = sp.role or row_role
        if slot and walk.session is not None:
            make_slot_session(walk, head)


SLOT_LABEL = re.compile(r"^(?P<label>[A-Z][\w’' -]{1,24}?)(?:\s+by\b|\s*:)\s*(?P<rest>\S.*)$")


def is_standalone_slot(g: list[Unit], walk: Walk) -> bool:
    """A timed entry outside every numbered session: its own session ("Key note", "Welcome").

    Only where sessions are explicit; an entry starting at or after the end of the current
    session's time range closes that session.
    """
    if not walk.explicit or "entry" in g[0].tags:
        return False
    times = [u.time for u in g if u.time]
    if not times or not times[0][0]:
        return False
    start = times[0][0]
    s = walk.session
    if s is None:
        return True
    if s.end_time and start >= s.end_time:
        return True
    return bool(s.start_time and start < s.start_time)


def make_slot_session(walk: Walk, u: Unit) -> None:
    """Title the slot's session by its label and keep an item only for its presenters."""
    s = walk.session
    if s is None or len(s.items) != 1:
        return
    item = s.items[0]
    s.start_time, s.end_time = item.start_time, item.end_time
    m = SLOT_LABEL.match(u.text.strip())
    if m and len(m.group("label").split()) <= 3 and item.speakers:
        s.title = m.group("label").strip()
        if item.title and item.title.startswith(s.title):
            item.title = clean_title(item.title[len(s.title):].lstrip(" :"))
    else:
        s.title = item.title
        item.title = None
    if not item.speakers:
        s.items = []
    walk.session = None
    walk.item = walk.item_unit = None


def inherit_parallel_times(walk: Walk, session: Session) -> None:
    """"Lab 2b" printed without a time runs beside "Lab 2a": it takes 2a's slot."""
    prev = walk.sessions[-1] if walk.sessions else None
    if prev is None or session.start_time or not session.number or not prev.number:
        return
    a, b = re.match(r"(\d*)(\D*)$", prev.number), re.match(r"(\d*)(\D*)$", session.number)
    if a and b and a.group(1) and a.group(1) == b.group(1) and a.group(2) != b.group(2):
        session.start_time, session.end_time, session.date = prev.start_time, prev.end_time, prev.date


def announced_session(walk: Walk, session: Session) -> Optional[Session]:
    """An earlier, still empty session with the same label: the programme announced it
    ("Parallel sessions I" in the day's table) and now lists its content."""
    if not session.number:
        return None
    for s in walk.sessions:
        if s.number == session.number and not s.items and not s.chairs and \
                (not session.title or not s.title or s.title == session.title):
            return s
    return None


def open_track(walk: Walk, u: Unit) -> None:
    """A parallel track's title: a session numbered like the block it belongs to."""
    title = u.text.strip()
    base = walk.track_base if walk.track_base is not None and walk.track_table == u.table else walk.session
    walk.track_base, walk.track_table = base, u.table
    if base is not None and not base.items and not base.title and base in walk.sessions and not base.chairs:
        base.title = title
        walk.item = walk.item_unit = None
        walk.group = None
        return
    session = Session(number=base.number if base else None, title=title, date=base.date if base else walk.day_date,
                      start_time=base.start_time if base else None, end_time=base.end_time if base else None,
                      page=u.page, char_start=u.start)
    open_session(walk, session)


BULLET = re.compile(r"^[•▪●◦·*-]\s")


def starts_entries(g: list[Unit]) -> bool:
    """A continuation row that holds entries of its own: its own presenters, or bullets."""
    return any(u.cell_role == "speaker" and u.text.strip() for u in g) or \
        any(u.cell_role == "title" and BULLET.match(u.text.strip()) for u in g)


def add_continuation_row(walk: Walk, g: list[Unit]) -> None:
    """Join a continuation row to the current item: "title; more title", more presenters."""
    item = walk.item
    assert item is not None
    for u in g:
        text = u.text.strip()
        if not text or u.cell_role in ("time", "other", "chair"):
            continue
        if u.cell_role == "speaker":
            add_speakers(walk, item, parse_people(strip_parens(text), walk.lang), u)
        elif item.title:
            item.title = f"{item.title}; {clean_title(text)}"
        else:
            item.title = clean_title(text)


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
    rank = {"title": 0, "speaker": 1, "chair": 2, "other": 3, "time": 4, None: 3}
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
    if end is None and len(times) > 1:
        end = times[1][0]
    for u in content:
        u.time = u.time or (start, end)


def fill_times(programme: Programme) -> None:
    """Session start/end from their items where not printed; 12 h times without am/pm fixed."""
    for s in programme.sessions:
        starts = [it.start_time for it in s.items if it.start_time]
        if not s.start_time and starts:
            s.start_time = starts[0]
        if not s.end_time:
            ends = [it.end_time for it in s.items if it.end_time]
            if ends:
                s.end_time = ends[-1]
    for s in programme.sessions:  # times only go backwards within a session when a 12 h clock passed noon
        seq: list[Optional[str]] = [s.start_time]
        for it in s.items:
            seq += [it.start_time, it.end_time]
        seq.append(s.end_time)
        fixed = to_24h(seq)
        s.start_time, s.end_time = fixed[0], fixed[-1]
        for k, it in enumerate(s.items):
            it.start_time, it.end_time = fixed[1 + 2 * k], fixed[2 + 2 * k]


def drop_empty(programme: Programme) -> None:
    """Items with neither title nor speakers are layout noise; so is a session that has
    only a title (no number, time, items or chairs) among sessions that have more."""
    for s in programme.sessions:
        s.items = [it for it in s.items if it.title or it.speakers]
    programme.sessions = [s for s in programme.sessions if s.title or s.number or s.items or s.chairs]
    richer = [s for s in programme.sessions if s.number or s.start_time or s.items]
    if len(richer) >= 2:
        programme.sessions = [s for s in programme.sessions
                              if s.number or s.start_time or s.items or s.chairs or s.date]


def segment(document: Document) -> Programme:
    """Turn a document's blocks into its programme."""
    lang = document.language or detect_language(document.text[:20000])
    document.language = lang
    units = document_units(document)
    assign_cell_roles(units, lang)
    units = reorder_track_tables(units, lang)
    meeting, year = extract_meeting(units, document, lang)
    tag_units(units, lang, year)
    groups = row_groups(units)
    markers = choose_session_markers(groups, meeting.title)
    walk = Walk(lang=lang, year=year)
    rows = [g for g in groups if g[0].row is not None]
    walk.timed_rows = bool(rows) and sum(1 for g in rows if any(u.time for u in g)) >= 0.5 * len(rows)
    walk.explicit = bool(markers) and any(tag(head_of(groups[i])) == SESSION or group_time(groups[i]) for i in markers)
    build_programme(groups, markers, walk)
    programme = Programme(meeting=meeting, sessions=walk.sessions, language=lang)
    drop_empty(programme)
    fill_times(programme)
    session_dates = sorted([s.date for s in programme.sessions if s.date] + walk.day_dates)
    if meeting.start_date and session_dates and session_dates[-1] > max(meeting.start_date, meeting.end_date or ""):
        meeting.end_date = session_dates[-1]  # the last day the programme lists
    if meeting.start_date and not meeting.end_date:
        for s in programme.sessions:
            s.date = s.date or meeting.start_date  # a one-day meeting: every session is on that day
    if not meeting.start_date:
        dates = session_dates
        if dates:
            meeting.start_date, meeting.end_date = dates[0], (dates[-1] if dates[-1] != dates[0] else None)
    return programme
