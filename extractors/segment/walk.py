"""The walk: one pass over the unit groups that fills sessions with items and speakers.

`build_programme` is the loop; each kind of unit has its own small function: a session
heading (`session_from_heading`), a stand-alone slot, a parallel track, a role line, an
item line, or another line of the current item (`attach_continuation`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

from ..blocks import Unit
from ..dates import find_dates, find_time_range
from ..headings import match_session_heading
from ..lexicon import is_honorific, is_non_speaker
from ..model import Item, Session, Speaker, union_box
from ..speakers import Prefer, looks_like_org, looks_like_person, parse_people, parse_role_line, split_item
from .entries import SLOT_OVER_TALKS, is_presenter_line
from .rows import (BULLET, has_own_presenter, head_of, is_heading_row, names_presenters, order_row, propagate_row_time, row_label_role,
                   starts_entries)
from .tags import (BREAK, COLHEADER, DAY, EMPTY, GROUP, HEADING, META, PROSE, QUOTES, ROLE, ROLE_LABELS, SESSION,
                   TEXT, TITLE_LABEL, TRACK, day_theme, tag)
from .titles import (BRACKET_LABEL, DURATION, QUOTED_LABEL, ROOM, UPPER_PREFIX, clean_affiliation, clean_title,
                     strip_duration_note, strip_editorial, strip_gloss, strip_parens, strip_slot_note)


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
    row_presenters: bool = False  # the current row names its presenters in a presenter column
    aff_candidates: list[str] = field(default_factory=list)  # lines that may be the presenter's affiliation
    timed_rows: bool = False  # most table rows of the document carry a time
    header_chairs: list[Speaker] = field(default_factory=list)  # chairs printed above the first session
    day_dates: list[str] = field(default_factory=list)  # every day heading's date
    heading_unit: Optional[Unit] = None  # the line of the session heading just read
    group_ends_with_row: bool = False  # the group is a row's title over its sub-entries
    first_entry: Optional[int] = None  # with no session headings: the first list item, row or timed line
    sub_points: bool = False  # the group is a numbered point over its lettered sub-points
    entry_row: Optional[int] = None  # a session heading's row, whose other lines are entries
    after_break: bool = False  # the last entry was a break or social event
    row_items: list[Item] = field(default_factory=list)  # items a bullet row has opened
    row_speaker_lines: int = 0
    bullet_row: bool = False  # the current row lists sub-entries as bullets
    title_line: bool = False  # the last line was a labelled title ("Title of talk : ...")
    slot_open: bool = False  # the current session is a stand-alone slot collecting one item's presenters
    explicit: bool = False  # sessions are printed with numbers ("Session 2", "Parallel sessions I")
    speaker_order: Prefer = None  # how the document's entries print presenters (speakers.DocumentOrder)
    track_base: Optional[Session] = None  # the "Parallel sessions I" block whose tracks are being read
    track_table: Optional[int] = None
    entries_listed: bool = False  # the document prints its timed entries as list items


def is_continuation_row(group: list[Unit], walk: "Walk") -> bool:
    """A row with no time and an empty first cell under an item of the same table:
    more of that item (a second title on a continuation line, more presenters)."""
    head = group[0]
    if head.row is None or walk.item is None or walk.item_unit is None or walk.item_unit.table != head.table:
        return False
    content = [u for u in group if u.text.strip() and u.cell_role != "time"]
    return bool(content) and not any(u.time for u in group) and all(u.cell != 0 for u in content) 


def _session_from_heading(u: Unit, walk: Walk) -> tuple[Session, list[Unit]]:
    """The session a heading opens, and any content run into the heading's line."""
    rest: list[Unit] = []
    m = None if match_session_heading(u.text) else \
        UPPER_PREFIX.match(u.text) or BRACKET_LABEL.match(u.text) or QUOTED_LABEL.match(u.text)
    if m:
        # "PALABRAS DE CIERRE. Rector U. de Chile, Ennio Vivaldi", "[Keynote] Title",
        # "Plenary: ‘Title’": the heading, then an entry
        cut = m.end()
        tail = replace(u, text=u.text[cut:], start=u.start + cut, tags={TEXT}, time=None)
        u = replace(u, text=m.group(1), end=u.start + len(m.group(1)))
        rest.append(tail)
    text = u.text.strip()
    number = title = None
    chairs: list[Speaker] = []
    discussants: list[Speaker] = []
    h = match_session_heading(text)
    dt = day_theme(text, walk.year) if not h else None
    if dt:
        number, date, title = dt
        walk.day_date = date or walk.day_date
    elif h:
        number, title = h.number, h.title
        title, chair_line = split_heading_chairs(title, walk.lang)
        if chair_line:
            rest.append(_tail_unit(u, chair_line, ROLE))
        if title:
            parsed = split_item(title, walk.lang, prefer=walk.speaker_order)
            if any(sp.name for sp in parsed.speakers) and parsed.title:
                at = u.text.find(title)
                if all(sp.role in SESSION_ROLES for sp in parsed.speakers):
                    # "Panel 2: Title, Discussant: Name (Org)": the session's own title and the
                    # people who chair or discuss the whole session, not an entry
                    people = _offset(list(parsed.speakers), u, u.start + max(at, 0))
                    chairs = [sp for sp in people if sp.role != "Discussant"]
                    discussants = [sp for sp in people if sp.role == "Discussant"]
                    title = parsed.title
                else:
                    # "Lab 2a: Name (Org): Title": the session's one entry is printed on its heading line
                    rest.append(replace(u, text=title, start=u.start + max(at, 0), tags={TEXT}, time=None))
                    title = None
    else:
        title, chair_line = split_heading_chairs(text.strip(" :–—-"), walk.lang)
        if chair_line:
            rest.append(_tail_unit(u, chair_line, ROLE))
        title = title or ""
        # "2. Talks", "2 Talks", "B) Talks", "II.1 Talks" (the first block of part II)
        m = re.match(r"^(\d{1,2}[a-z]?|[A-Z](?=\))|(?:[IVX]{1,4}|\d{1,2})\.\d{1,2})"
                     r"(?:\s*[-–—.:)]\s+|\s+(?=[A-ZÀ-Þ]))(\S.*)$", title)
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
        title = strip_slot_note(strip_gloss(strip_parens(strip_editorial(title))))
    if title and h and ROOM.match(title):
        title = None  # "Session III - Congress Hall 1": the session's number, and its room
    label = h.label if h and not h.plain else None
    return Session(number=number, title=title or None, date=walk.day_date, start_time=start, end_time=end,
                   page=u.page, char_start=u.start, label=label, chairs=chairs, discussants=discussants), rest


#: Where a heading's line may go on with its chairs: a dash, colon, semicolon, comma,
#: full stop or bar, or an opening parenthesis ("Session 1 - Chair: Name (Org)").
_CHAIR_CUT = re.compile(r"\s+[-–—|/]\s+|[;,.:|]\s+|\s+(?=[(\[])")


def split_heading_chairs(title: Optional[str], lang: str) -> tuple[Optional[str], Optional[str]]:
    """A heading's title and the chair line run into it ("Session 1 - Chair: Name (Org)",
    "Opening session (Moderator: Name)"), or the title alone."""
    if not title:
        return title, None
    cuts = [(0, 0)] + [(m.start(), m.end()) for m in _CHAIR_CUT.finditer(title)]
    for start, end in cuts:
        tail = title[end:].strip()
        inner = tail[1:-1] if tail[:1] in "([" and tail[-1:] in ")]" else tail
        line = parse_role_line(inner, lang)
        if line is not None and line.is_chair and line.people:
            head = title[:start].strip(" :–—-|/;,")
            if head.startswith("(") and head.endswith(")"):
                head = head[1:-1].strip()
            return head or None, inner
    return title, None


def _tail_unit(u: Unit, text: str, kind: str) -> Unit:
    """A piece of a heading's line read as its own unit (`kind` its tag)."""
    at = max(u.text.rfind(text), 0)
    return replace(u, text=text, start=u.start + at, end=u.start + at + len(text), tags={kind}, time=None)


#: Roles printed with people on a session's heading that belong to the whole session.
SESSION_ROLES = ("Chair", "Co-chair", "Moderator", "Discussant")


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


def is_speaker_line(u: Unit, lang: str, prefer: Prefer = None) -> Optional[list[Speaker]]:
    """The speakers of a line that holds only presenters, else None (`prefer`: the
    document's entry order, see speakers.document_order)."""
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
        if any(len((p.affiliation or "").split()) > 10 for p in people):
            return None  # a sentence, not an organisation
        parsed = split_item(text, lang, prefer=prefer)
        if parsed.title and any(sp.name for sp in parsed.speakers):
            return None  # "Name (Org) – Title": an entry with a person, not an organisation
        scores = [looks_like_org(p.affiliation or "", lang) for p in people]
        return people if sum(x >= 0.6 for x in scores) >= max(1, 2 * len(scores) / 3) else None
    bare = re.sub(r"\([^()]*\)", "", text)
    chunks = [c.strip() for c in re.split(r",|\s(?:and|et|y|&)\s", bare) if c.strip()]
    sure = len(named) == len(people) and all(p.confidence >= 0.95 for p in named) and all(
        looks_like_person(c, lang) >= 0.5 or looks_like_org(c, lang) >= 0.6 for c in chunks)  # nothing but names
    parsed = split_item(text, lang, prefer=prefer) if not sure else None
    if parsed is not None and parsed.title and parsed.speakers:
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


#: A lettered or roman sub-point: "(a)", "b)", "iv."
SUBLABEL = re.compile(r"^\(?(?:[a-z]|[ivx]{1,4})[).]\s")


def add_item_line(walk: Walk, u: Unit) -> None:
    """A text line in item context: a line of the current item, or a new item."""
    text = u.text.strip()
    item, prev = walk.item, walk.item_unit
    same_row = item is not None and prev is not None and u.row is not None and u.row == prev.row
    if same_row:
        extend_provenance(item, u)
        attach_continuation(walk, item, u)
        walk.row_units_seen.append(u)
        return
    if item is not None and prev is not None and is_sub_item(u, prev) and add_item_detail(walk, item, u):
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
        people = is_speaker_line(u, walk.lang, walk.speaker_order)
        if walk.title_line and people is None and item.speakers and text[:1].isalpha():
            item.title = clean_title(f"{item.title} {text}")  # the title wraps onto a second line
            walk.item_unit = u
            return
        walk.title_line = False
        if people is not None and item.title and item.speakers and _names_before_title(item, prev) \
                and any(sp.name and sp.confidence >= 0.9 for sp in people):
            # "• Memory Dispatcher: Resource management" over "A. Berg, C. Lund": the entry's
            # "names" were words of its title; its people are the line below
            item.title = clean_title(prev.text)
            item.speakers = []
        if people is not None:
            if walk.slot_open or (item.title and not item.speakers):
                add_speakers(walk, item, people, u)  # presenters of the title above
                walk.item_unit = u
                return
            new_item(walk, None, u, [])  # a presenter whose talk is untitled or titled below
            add_speakers(walk, walk.item, people, u)
            return
        if not item.title and item.speakers and prev is not None and walk.item_unit is not None \
                and not _is_entry(text, walk):
            item.title = clean_title(text)  # the title printed under its presenter
            walk.item_unit = u
            return
        if not item.title and not item.speakers:
            item.title = clean_title(text)
            return
    elif item is None and u.row is None and not u.time and walk.session is not None:
        people = is_speaker_line(u, walk.lang, walk.speaker_order)
        if people is not None:
            new_item(walk, None, u, [])
            add_speakers(walk, walk.item, people, u)
            return
    if text.startswith("(") and text.endswith(")") and walk.session is not None and not walk.session.items:
        if not walk.session.title:
            walk.session.title = text[1:-1].strip()  # "( paper reading session 1 )": the session's subtitle
        return  # otherwise a gloss of the heading
    if SUBLABEL.match(text) and walk.item is not None and walk.item_unit is not None \
            and walk.item_unit.text.rstrip().endswith(":") and not walk.item.speakers and walk.session is not None \
            and walk.item in walk.session.items:
        # "3. Reports of the Secretariat:" over "(a) ...", "(b) ...": the parent groups its sub-points
        walk.session.items.remove(walk.item)
        walk.group, walk.sub_points = walk.item.title, True
    elif walk.sub_points and not SUBLABEL.match(text):
        walk.group, walk.sub_points = None, False  # back to the main numbering
    walk.pending_role = None
    label = ROLE_LABELS.get(text.strip(" :").lower())
    if label:
        walk.pending_role = label
        new_item(walk, None, u, [])
        return
    if (text[0] in QUOTES and not after_quote(text)) or (u.italic and not u.bold):
        new_item(walk, text, u, [])  # a quoted or italic line is a title, whatever its words look like
        return
    if walk.row_presenters and u.cell_role == "title":
        # the row names its presenters in their own column: its title cell is the title, whatever
        # its words look like ("Dense Broyden-Fletcher (BFGS)" is no "Name (Org)")
        new_item(walk, clean_title(text), u, [])
        return
    # "Name (Org)" opening a table entry, or any presenter line right under a session's label in its row
    under_label = u.row is not None and u.row == walk.entry_row and walk.item is None
    people = is_speaker_line(u, walk.lang, walk.speaker_order) if u.row is not None \
        and (u.line_in_cell == 0 and is_presenter_line(text, walk.lang) or under_label) and not re.search(r"\s[–—-]\s|:", text) else None
    if people is not None:
        new_item(walk, None, u, [])  # "Name (Org)" opening a table entry: its title comes below
        add_speakers(walk, walk.item, people, u)
        return
    parsed = split_item(text, walk.lang, prefer=walk.speaker_order, italic=u.italic_span)
    new_item(walk, parsed.title, u, [])
    add_speakers(walk, walk.item, list(parsed.speakers), u)


def _names_before_title(item: Item, line: Unit) -> bool:
    """The item was read from `line` as "Name: Title" (names without organisations before
    the title). With a line of people right under it, those "names" were the first words of
    its title ("Memory Broker: ..."): entries put their presenters in one place."""
    text = clean_title(line.text) or ""
    return bool(item.title) and not text.startswith(item.title) and item.title in text \
        and all(sp.name and not sp.affiliation and sp.name in text for sp in item.speakers)


def _is_entry(text: str, walk: Walk) -> bool:
    """A line that is a whole entry on its own: a title and a named presenter read with
    good evidence ("Title - Name (Org)")."""
    parsed = split_item(text, walk.lang, prefer=walk.speaker_order)
    return bool(parsed.title) and looks_like_person(parsed.title, walk.lang) < 0.5 \
        and any(sp.name and sp.confidence >= 0.8 for sp in parsed.speakers)


def after_quote(text: str) -> str:
    """What a line that opens with a quote prints after the quote closes ("“Title”, Name"
    → "Name"): the quoted title's presenters, read like any entry's."""
    close = max(text.rfind(q) for q in QUOTES)
    return text[close + 1:].strip(" ,;:.–—-") if close > 0 else ""


#: A detail printed under an entry that is no part of its programme: its length
#: ("15 minutes", "(10 min)") or a document identifier ("draft-ietf-dprive-bcp-op").
ENTRY_DETAIL = re.compile(rf"^(?:{DURATION.pattern}(?:\s*\([^()]*\))?|[\w.]+(?:[-_/][\w.]+){{2,}})$", re.I)


def is_sub_item(u: Unit, prev: Unit) -> bool:
    """A list item nested under the entry's own list item (one level deeper)."""
    return u.kind == "list_item" and prev.kind == "list_item" and u.row is None and prev.row is None \
        and (u.level or 1) > (prev.level or 1)


def add_item_detail(walk: Walk, item: Item, u: Unit) -> bool:
    """Read a nested list item as a detail of its entry: its presenters, or its length or
    identifier (left out). False when it is an entry of its own (nested talks)."""
    text = u.text.strip()
    if ENTRY_DETAIL.match(text) or is_non_speaker(text):
        return True
    people = is_speaker_line(u, walk.lang, walk.speaker_order)
    if people is None:
        return False
    add_speakers(walk, item, people, u)
    return True


def label_prefix(text: str, lang: str) -> Optional[tuple[str, str]]:
    """A slot label printed before a name without a colon ("Conferencia magistral Jean Pierre Changeux,")."""
    low = text.lower()
    for label, role in ROLE_LABELS.items():
        if low.startswith(label + " "):
            rest = text[len(label):].strip(" ,;:")
            if rest and looks_like_person(rest, lang) >= 0.5:
                return role, rest
    return None


def attach_continuation(walk: Walk, item: Item, u: Unit) -> None:
    """Another line of the item's table row: its title, speakers, affiliations or more title."""
    text = DURATION.sub("", u.text).strip(" –-")
    if not text:
        return  # a duration alone ("30'") says nothing of the item
    if u.cell_role == "speaker":
        if walk.bullet_row and len(walk.row_items) > 1:
            # one presenter line per bullet of the row, in order
            item = walk.row_items[min(walk.row_speaker_lines, len(walk.row_items) - 1)]
            walk.row_speaker_lines += 1
        add_speakers(walk, item, parse_people(strip_parens(text), walk.lang), u)
        return
    if u.cell_role == "affiliation":
        # an affiliation column: the organisation of the row's presenters that have none
        for sp in item.speakers:
            sp.affiliation = sp.affiliation or clean_affiliation(text)
        return
    if u.cell_role in ("chair", "other", "time"):
        return
    if item.title and walk.item_unit is not None and u.row == walk.item_unit.row \
            and ((walk.item_unit.bold and not u.bold) or (u.row is not None and u.row == walk.entry_row)):
        parsed = split_item(text, walk.lang, prefer=walk.speaker_order)
        if parsed.title and any(sp.name for sp in parsed.speakers):
            # "Opening session" (bold) over "Welcome remarks: Name, Org" lines: entries of the cell
            new_item(walk, parsed.title, u, [])
            walk.item_unit = replace(u, bold=True)  # the next lines are entries of the same heading
            add_speakers(walk, walk.item, list(parsed.speakers), u)
            return
    if walk.bullet_row and u.cell_role == "title" and BULLET.match(text) and item.title:
        new_item(walk, text, u, [])  # the next bullet of a row of sub-entries
        return
    if BULLET.match(u.text.strip()) and item.title and u.cell == (walk.item_unit.cell if walk.item_unit else None):
        return  # "Size data (cont.)" over "• data preparation ...": a description, not more title
    quoted = bool(text) and text[0] in QUOTES
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
    if item.speakers and looks_like_org(text, walk.lang) >= 0.6 and not is_speaker_line(u, walk.lang, walk.speaker_order):
        last = item.speakers[-1]
        aff = clean_affiliation(text)
        last.affiliation = f"{last.affiliation} {aff}" if last.affiliation else aff
        return
    if item.title is None:
        label = ROLE_LABELS.get(text.strip(" :").lower())
        if label:
            walk.pending_role = label
            return
        parsed = split_item(text, walk.lang, prefer=walk.speaker_order)
        item.title = clean_title(parsed.title)
        walk.title_weak = bool(item.speakers)
        add_speakers(walk, item, list(parsed.speakers), u)
        return
    people = is_speaker_line(u, walk.lang, walk.speaker_order)
    if people is not None and not (u.italic and not item.speakers and u.line_in_cell == 1 and len(text.split()) > 6
                                   and not is_presenter_line(text, walk.lang)):
        add_speakers(walk, item, people, u)
        return
    if u.bold and walk.item_unit is not None and walk.item_unit.bold and item.title and \
            u.line_in_cell > 0 and any(not x.bold for x in walk.row_units_seen):
        # a bold line after plain lines in one cell: the next entry of a multi-entry cell
        parsed = split_item(text, walk.lang, prefer=walk.speaker_order)
        new_item(walk, parsed.title, u, [])
        add_speakers(walk, walk.item, list(parsed.speakers), u)
        walk.item_unit = u
        return
    if not item.speakers and walk.item_unit is not None and u.cell == walk.item_unit.cell \
            and u.bold == walk.item_unit.bold:
        item.title = clean_title(f"{item.title} {text}")  # a wrapped title
    elif item.speakers and u.row == walk.entry_row and not u.italic and not (text[:1] == "(" and text[-1:] == ")"):
        # a session's row listing its entries: title, presenters, the next title ... (a
        # parenthesised line is a gloss of the entry above)
        new_item(walk, text, u, [])


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
    walk.after_break = False  # a new session's rows are its entries, not the rest of a break's row


def add_role(walk: Walk, u: Unit) -> None:
    """A "Chair: ..." or "Moderator: ..." line: session chairs, or speakers of the item."""
    rl = parse_role_line(u.text.strip(), walk.lang)
    if rl is None:
        return
    if not rl.is_chair and (u.time or u.kind == "list_item" or walk.item is None):
        rest = u.text.split(":", 1)[1].strip() if ":" in u.text else ""
        parsed = split_item(rest, walk.lang, prefer=walk.speaker_order) if rest else None
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


def entries_listed(groups: list[list[Unit]]) -> bool:
    """Most timed entries outside tables are list items (a few at least)."""
    timed = [g[0] for g in groups if g[0].row is None and g[0].time and tag(g[0]) == TEXT]
    return len(timed) >= 6 and sum(u.kind == "list_item" for u in timed) >= 0.6 * len(timed)


def time_above(groups: list[list[Unit]], gi: int) -> Optional[tuple[Optional[str], Optional[str]]]:
    """The time printed on a line of its own just above group `gi` ("15:00 - 15:20" over the
    heading it times), if any."""
    if gi == 0 or len(groups[gi - 1]) != 1:
        return None
    u = head_of(groups[gi - 1])
    return u.time if tag(u) == EMPTY and u.time and u.row is None else None


def build_programme(groups: list[list[Unit]], markers: set[int], walk: Walk) -> None:
    """Walk the unit groups once and fill `walk.sessions`."""
    walk.entries_listed = entries_listed(groups)
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
            if walk.explicit and walk.session is not None and walk.session.items and gi not in markers:
                # a session does not run on into the next day: what follows before the next
                # heading is the day's own
                open_session(walk, Session(date=walk.day_date, page=head.page, char_start=head.start))
            if gi in markers:
                s = Session(title=head.text.strip().strip(":"), date=walk.day_date, page=head.page,
                            char_start=head.start)
                open_session(walk, s)
            continue
        if gi in markers:
            session, rest = _session_from_heading(head, walk)
            lone_time = time_above(groups, gi)
            if lone_time and not session.start_time:
                session.start_time, session.end_time = lone_time
            inherit_parallel_times(walk, session)
            earlier = announced_session(walk, session)
            if earlier is not None:
                walk.session, walk.item, walk.item_unit, walk.group = earlier, None, None, None
            else:
                open_session(walk, session)
            walk.heading_unit = head if head.row is None and not rest else None
            walk.entry_row = head.row  # the rest of the heading's cell lists its entries
            for u in g[g.index(head) + 1:] + rest:
                if tag(u) == ROLE:
                    add_role(walk, u)
                elif tag(u) in (TEXT, HEADING) and u.cell_role not in ("time", "other", "chair"):
                    add_item_line(walk, u)
            continue
        if wraps_heading(walk, head, t, gi in markers):
            walk.session.title = f"{walk.session.title} {head.text.strip()}"  # the heading's second line
            walk.heading_unit = head
            continue
        walk.heading_unit = None
        if walk.group_ends_with_row and any(u.time for u in g):
            walk.group, walk.group_ends_with_row = None, False  # the next timed row closes a row's sub-entries
        if t == BREAK:
            walk.item = walk.item_unit = None
            walk.after_break = True
            continue
        if walk.after_break and head.row is not None and not any(u.time for u in g) and not is_heading_row(g) \
                and "entry" not in head.tags:
            continue  # the rest of a break's row ("191 Victoria St" under the happy hour)
        walk.after_break = False
        if "slot" in head.tags and walk.explicit and t in (TEXT, HEADING) and head.row is None:
            open_session(walk, Session(title=clean_title(head.text), date=walk.day_date, start_time=head.time[0],
                                       end_time=head.time[1], page=head.page, char_start=head.start))
            walk.slot_open = True
            continue
        if walk.entries_listed and walk.sessions and not walk.explicit and t == TEXT and head.row is None \
                and head.time and head.kind != "list_item":
            # the talks under the headings are listed, this timed line is not: it is printed
            # on the day's own level, like the breaks, a slot of its own ("18:10 Poster session")
            session, rest = _session_from_heading(head, walk)
            session.title = strip_slot_note(session.title)  # "Board meeting (members only)"
            open_session(walk, session)
            walk.slot_open = True
            for u in rest:
                add_role(walk, u) if tag(u) == ROLE else add_item_line(walk, u)
            continue
        if t == TEXT and "entry" not in head.tags and is_continuation_row(g, walk) and not has_own_presenter(g, walk.lang):
            if not starts_entries(g):
                add_continuation_row(walk, g)
                continue
            # sub-entries under a heading-like row: that row becomes their group
            prev = walk.item
            if prev is not None and not prev.speakers and walk.session is not None and prev in walk.session.items:
                walk.session.items.remove(prev)
                walk.group, walk.group_ends_with_row = prev.title, True
            walk.item = walk.item_unit = None
            walk.bullet_row = True
        if t in (PROSE, COLHEADER):
            if t == PROSE and walk.item is not None and not walk.item.title and walk.item.speakers:
                # a presenter's untitled entry is not titled by a line printed after prose (a
                # course's teachers, its description, then its fees): the title comes right under
                walk.item = walk.item_unit = None
            continue
        is_group = t == GROUP or (t == HEADING and walk.sessions and not head.time) or \
            (head.row is not None and is_heading_row(g) and t in (HEADING, TEXT))
        if is_group and "entry" not in head.tags:  # a track table's entries are never headings
            walk.group = strip_duration_note(head.text.strip().strip(":")) or None
            walk.item = walk.item_unit = None
            continue
        if t == HEADING and not (head.time and walk.sessions):
            continue  # headings before the first session: titles and context
        header_end = min(markers) if markers else walk.first_entry
        if header_end is not None and gi < header_end and head.kind != "list_item" and not any(u.time for u in g) \
                and (head.row is None or walk.timed_rows) and not walk.sessions:
            if t == ROLE:
                rl = parse_role_line(head.text.strip(), walk.lang)
                if rl is not None and rl.is_chair:
                    walk.header_chairs.extend(_offset(list(rl.people), head, head.start))
            continue  # lines above the first session: the meeting's header
        if t == SESSION:
            continue
        chair_cell = [u for u in g if u.cell_role == "chair" and u.text.strip()]
        label = next((u for u in g if SLOT_OVER_TALKS in u.tags), None)
        if (chair_cell or label) and head.row is not None and not is_heading_row(g):
            # a chair column: a new chair opens a new session (titled by the label of a
            # slot whose talks follow in rows of their own, else untitled)
            people: list[Speaker] = []
            for u in chair_cell:
                people += _offset(parse_people(u.text.strip(), walk.lang), u, u.start)
            for sp in people:
                sp.role = sp.role or "Chair"
            session = Session(date=walk.day_date, page=head.page, char_start=head.start, chairs=people)
            if label is not None:
                session.title = clean_title(label.text)
                session.start_time, session.end_time = label.time or (None, None)
            open_session(walk, session)
        nxt = next((j for j in range(gi + 1, len(groups)) if tag(head_of(groups[j])) not in (EMPTY, META, ROLE)), None)
        slot = is_standalone_slot(g, walk, before_session=nxt in markers and t == TEXT and head.row is None)
        if slot:
            walk.session = None
            walk.item = walk.item_unit = None
        row_role = row_label_role(g)
        walk.row_has_quote = any(u.text.strip()[:1] in QUOTES for u in g if u.text.strip())  # "" is in every string
        walk.row_presenters = names_presenters(g)
        walk.aff_candidates = []
        for u in order_row(g):
            tu = tag(u)
            if tu in (EMPTY, META) or (u.cell_role == "chair" and chair_cell) or u is label:
                continue  # the chair cell or the slot's label has opened its session above
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


UPPER_LABEL = re.compile(r"^[^a-zà-ÿ]{4,}$")  # a label in capitals
SLOT_LABEL = re.compile(r"^(?P<label>[A-Z][\w’' -]{1,24}?)(?:\s+by\b|\s*:)\s*(?P<rest>\S.*)$")


def is_standalone_slot(g: list[Unit], walk: Walk, before_session: bool = False) -> bool:
    """A timed entry outside every numbered session: its own session ("Key note", "Welcome").

    Only where sessions are explicit; an entry starting at or after the end of the current
    session's time range closes that session, and so does one printed alone right before a
    session heading while no named session is open (the day's welcome before its first
    session).
    """
    if not walk.explicit or "entry" in g[0].tags:
        return False
    times = [u.time for u in g if u.time]
    if not times or not times[0][0]:
        return False
    start = times[0][0]
    s = walk.session
    if s is None or (before_session and s.title is None and s.number is None and not s.chairs):
        return True
    if s.end_time and start >= s.end_time:
        return True
    return bool(s.start_time and start < s.start_time)


def make_slot_session(walk: Walk, u: Unit) -> None:
    """Title the slot's session by its label and keep an item only for its presenters."""
    s = walk.session
    if s is not None and len(s.items) > 1 and not s.items[0].speakers and s.items[0].title:
        # a slot whose first line titles it and whose other lines are its entries
        s.title = s.items[0].title
        s.start_time, s.end_time = s.items[0].start_time, s.items[0].end_time
        s.items = s.items[1:]
        walk.session = None
        walk.item = walk.item_unit = None
        return
    if s is None or len(s.items) != 1:
        return
    item = s.items[0]
    s.start_time, s.end_time = item.start_time, item.end_time
    m = SLOT_LABEL.match(u.text.strip())
    bracket = BRACKET_LABEL.match(item.title or "")
    if bracket:
        # "[Invited talk] Title": the kind of slot, then its talk (presenters may follow below)
        s.title, item.title = bracket.group(1).strip(), clean_title(item.title[bracket.end():])
    elif m and len(m.group("label").split()) <= 3 and (item.speakers or m.group("rest")[:1] in QUOTES
                                                       or UPPER_LABEL.match(m.group("label").strip())):
        # "Keynote: Name (Org)", "PLENARY: ‘Title’", "PANEL DISCUSSION: Title": the label names the slot
        s.title = m.group("label").strip()
        if item.title and item.title.startswith(s.title):
            item.title = clean_title(item.title[len(s.title):].lstrip(" :" + QUOTES).rstrip(QUOTES))
    else:
        s.title = strip_slot_note(item.title)  # "Board meeting (open to all members)"
        item.title = None
    if not item.speakers and not item.title:
        s.items = []
    walk.session = None
    if item.speakers or not s.items:
        walk.item = walk.item_unit = None
    # else the slot's talk stays open for its presenters, printed on the lines below


def inherit_parallel_times(walk: Walk, session: Session) -> None:
    """"Lab 2b" printed without a time runs beside "Lab 2a": it takes 2a's slot."""
    prev = walk.sessions[-1] if walk.sessions else None
    if prev is None or session.start_time or not session.number or not prev.number:
        return
    a, b = re.match(r"(\d*)(\D*)$", prev.number), re.match(r"(\d*)(\D*)$", session.number)
    if a and b and a.group(1) and a.group(1) == b.group(1) and a.group(2) != b.group(2):
        session.start_time, session.end_time, session.date = prev.start_time, prev.end_time, prev.date


def wraps_heading(walk: Walk, u: Unit, t: str, is_marker: bool) -> bool:
    """A line printed exactly like the session heading just above it continues that heading."""
    h = walk.heading_unit
    if h is None or is_marker or t != HEADING or walk.session is None or not walk.session.title or walk.item:
        return False
    return (u.kind, u.level, u.bold, u.italic, round(u.size_ratio, 2), u.page) == \
        (h.kind, h.level, h.bold, h.italic, round(h.size_ratio, 2), h.page) and u.row is None and not u.time \
        and u.page is not None  # laid-out text (PDF) wraps long headings over several lines


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
    # "Track 2 (Room B)": the parenthesis names where the track meets, not the track
    title = re.sub(r"(?<=\S)\s*\([^()]*\)$", "", u.text.strip())
    same = [s for s in walk.sessions if s.title == title and s.date == walk.day_date]
    if same:
        # the track's column again in the day's next block of parallel sessions: the same track
        walk.session, walk.item, walk.item_unit, walk.group = same[-1], None, None, None
        walk.track_table = u.table
        return
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


def extend_provenance(item: Item, u: Unit) -> None:
    """The item's character span and box grow to cover another of its cells or lines."""
    if item.char_start is not None and item.char_end is not None:
        item.char_start, item.char_end = min(item.char_start, u.start), max(item.char_end, u.end)
    if u.bbox is not None and u.page == item.page:
        item.bbox = union_box(item.bbox, u.bbox)


def add_continuation_row(walk: Walk, g: list[Unit]) -> None:
    """Join a continuation row to the current item: "title; more title", more presenters."""
    item = walk.item
    assert item is not None
    for u in g:
        text = u.text.strip()
        if not text or u.cell_role in ("time", "other", "chair"):
            continue
        extend_provenance(item, u)
        people = is_speaker_line(u, walk.lang, walk.speaker_order) if u.cell_role != "speaker" else None
        if u.cell_role == "speaker":
            add_speakers(walk, item, parse_people(strip_parens(text), walk.lang), u)
        elif people is not None:
            add_speakers(walk, item, people, u)  # the presenters printed on the row below the title
        elif item.title:
            item.title = f"{item.title}; {clean_title(text)}"
        else:
            item.title = clean_title(text)
