"""Finishing touches on a programme: 12-hour times after noon, empty entries dropped."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from ..dates import to_24h
from ..lexicon import is_pause
from ..model import Item, Programme, Session
from ..names import person_key
from ..speakers import looks_like_person, parse_people


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
        fixed = afternoon(to_24h(seq))
        s.start_time, s.end_time = fixed[0], fixed[-1]
        for k, it in enumerate(s.items):
            it.start_time, it.end_time = fixed[1 + 2 * k], fixed[2 + 2 * k]


def afternoon(times: list[Optional[str]]) -> list[Optional[str]]:
    """A time that goes backwards within a session and reads 1-7 o'clock was printed on a
    12-hour clock after noon (9.30, 1.30 → 09:30, 13:30), even when the noon entries
    between them (lunch) are not in the programme."""
    out: list[Optional[str]] = []
    previous: Optional[str] = None
    for t in times:
        if t and previous and t < previous and 1 <= int(t[:2]) <= 7:
            t = f"{int(t[:2]) + 12:02d}{t[2:]}"
        out.append(t)
        previous = t or previous
    return out


#: "Keynote speech by Prof. Claire Wardle": a slot titled by its presenter.
PRESENTED_BY = re.compile(
    r"^(?P<kind>keynote(?:\s+(?:speech|address|lecture|talk))?|key\s*note|invited\s+talk|plenary(?:\s+(?:talk|lecture))?|"
    r"lecture|conférence|conferencia(?:\s+magistral)?)\s+(?:by|de|par|por|from)\s+(?P<who>.+)$", re.I)


def presenters_from_titles(programme: Programme, lang: str) -> None:
    """A session titled "Keynote by Name" whose items name nobody: Name presents them."""
    for s in programme.sessions:
        m = PRESENTED_BY.match(s.title or "")
        if not m or not s.items or any(it.speakers for it in s.items):
            continue
        people = [p for p in parse_people(m.group("who"), lang) if p.name]
        if not people:
            continue
        role = "Keynote" if re.match(r"key|conferencia magistral|plenary", m.group("kind"), re.I) else None
        for it in s.items:
            it.speakers = [replace(p, role=p.role or role, char_start=None, char_end=None) for p in people]


def _printed_label(s: Session) -> Optional[str]:
    if s.label:
        return s.label.casefold()
    return f"session {s.number}".casefold() if s.number else None


def _entries(s: Session) -> int:
    return sum(1 for it in s.items if it.title)


def merge_repeated_sessions(programme: Programme) -> None:
    """A session printed twice, once as a line of the overview and again over its own list of
    entries ("Poster Session 1" in the timetable, then "Poster Session 1. Thursday" over the
    posters), is one session: the one holding at most one titled entry joins the other, in the
    earlier one's place. Two full sessions with one label (numbering that restarts each day)
    stay apart, as do two labels with different titles."""
    kept: list[Session] = []
    by_label: dict[str, Session] = {}
    for s in programme.sessions:
        key = _printed_label(s)
        first = by_label.get(key) if key else None
        titles = {t.casefold() for t in (first.title, s.title) if t} - {key} if first else set()
        if first is None or len(titles) > 1 or min(_entries(first), _entries(s)) > 1:
            kept.append(s)
            if key and first is None:
                by_label[key] = s
            continue
        small, large = (first, s) if _entries(first) <= _entries(s) else (s, first)
        seen = {(it.title or "").casefold() for it in large.items}
        extra = [it for it in small.items if it.title and it.title.casefold() not in seen]
        first.items = extra + large.items if small is first else large.items + extra
        first.title = first.title or s.title
        first.chairs = first.chairs or s.chairs
        first.discussants = first.discussants or s.discussants
        for attr in ("date", "start_time", "end_time"):
            setattr(first, attr, getattr(first, attr) or getattr(s, attr))
    programme.sessions = kept


def title_by_label(programme: Programme) -> None:
    """A session printed only as "Lab 1a" or "Tutorial Session 2" is named by that label
    (with the plain session word alone, "Session 3", it has no title)."""
    for s in programme.sessions:
        if not s.title and s.label:
            s.title = s.label


def add_discussants(programme: Programme) -> None:
    """A session's discussants, printed once on its heading, discuss each of its talks: they are
    speakers of every item (after its own presenters) with the role Discussant."""
    for s in programme.sessions:
        for it in s.items if s.discussants else ():
            named = {sp.name for sp in it.speakers}
            it.speakers += [replace(sp, role="Discussant") for sp in s.discussants if sp.name not in named]


def own_affiliations_win(programme: Programme) -> None:
    """A person given the organisation printed after a later name of a list ("A, B, C (Org)")
    who is printed elsewhere in the document with an organisation of their own is not of
    that list's organisation: the shared one is withdrawn (nothing is printed with them here)."""
    people = [sp for s in programme.sessions for sp in s.chairs + [p for it in s.items for p in it.speakers]]
    own: dict[str, set[str]] = {}
    for sp in people:
        if sp.name and sp.affiliation and not sp.shared:
            own.setdefault(person_key(sp.name), set()).add(sp.affiliation)
    for sp in people:
        shared = (sp.affiliation or "").casefold()
        elsewhere = [a.casefold() for a in own.get(person_key(sp.name), ())] if sp.name and sp.shared else []
        # an organisation printed in part ("Institute of X" for "Institute of X, Org") is the same one
        if elsewhere and not any(a in shared or shared in a for a in elsewhere):
            sp.affiliation, sp.shared = None, False


DISCUSSANT = "Discussant"


def session_discussants(programme: Programme) -> None:
    """A discussant printed once for a whole session ("Discussant: Name" closing a paper
    session, or in its heading) discusses each of its talks: when only the session's first or
    last entry holds discussants and two or more entries name presenters, every talk gets
    them as its last speakers. An entry that held nothing but the discussants is the rest of
    the session's heading: its title becomes the session's when it has none."""
    for s in programme.sessions:
        holders = [k for k, it in enumerate(s.items) if any(sp.role == DISCUSSANT for sp in it.speakers)]
        if len(holders) != 1 or holders[0] not in (0, len(s.items) - 1):
            continue
        source = s.items[holders[0]]
        discussants = [sp for sp in source.speakers if sp.role == DISCUSSANT]
        talks = [it for it in s.items if any(sp.role != DISCUSSANT for sp in it.speakers)]
        if len(talks) < 2:
            continue
        source.speakers = [sp for sp in source.speakers if sp.role != DISCUSSANT]
        if not source.speakers:
            # "Panel 2: Title, Discussant: Name" read as an entry: the rest of the heading
            s.title = s.title or source.title
            s.items.remove(source)
        for it in talks:
            it.speakers = it.speakers + [replace(sp) for sp in discussants]


#: Roles of people who take part in a talk or panel printed above them rather than give one.
PANEL_ROLES = {"Panelist", "Moderator"}


def join_panellists(programme: Programme) -> None:
    """A line of panellists or a moderator with neither title nor time of its own ("Panelists:
    A, B, C" under a paper or a panel) adds people to the entry above it: it is not an entry."""
    for s in programme.sessions:
        kept: list[Item] = []
        for it in s.items:
            if (kept and not it.title and not it.start_time and it.speakers
                    and all(sp.role in PANEL_ROLES for sp in it.speakers)):
                kept[-1].speakers = kept[-1].speakers + it.speakers
                continue
            kept.append(it)
        s.items = kept


#: How many entries in a row titled by a person's name make a list of people.
PEOPLE_LIST_RUN = 5


def _name_part(title: str) -> str:
    """What a list of people prints first: the name before its "(Org)" or "– Org"."""
    return re.split(r"\s*\(|\s[–—-]\s|,", title, maxsplit=1)[0]


def drop_people_lists(programme: Programme) -> None:
    """A run of untimed entries that each hold one person and nothing else (titled by the
    name, "Jakub Acs (AWS – Germany)", or untitled with that one presenter), one per line, is a
    list of participants, a committee or a team, not talks: it goes."""
    lang = programme.language or "en"
    for s in programme.sessions:
        named = [not it.start_time and len(it.speakers) <= 1 and (
            looks_like_person(_name_part(it.title), lang) >= 0.75 if it.title else bool(it.speakers))
            for it in s.items]
        drop: set[int] = set()
        k = 0
        while k < len(named):
            if not named[k]:
                k += 1
                continue
            end = k
            while end < len(named) and named[end]:
                end += 1
            if end - k >= PEOPLE_LIST_RUN:
                drop.update(range(k, end))
            k = end
        if drop:
            s.items = [it for i, it in enumerate(s.items) if i not in drop]


#: Dot leaders (or underscores) running to a page number: "Opening remarks ........ 5".
CONTENTS_LINE = re.compile(r"(?:(?:\.\s?){4,}|…{2,}|_{4,})\s*[\divxlc]{1,4}\s*$", re.I)


def drop_contents_lines(programme: Programme) -> None:
    """An entry printed with dot leaders up to a page number is a line of a table of contents
    (a report's or a booklet's), which points to the programme and is not part of it, whoever
    it names; a session titled so goes when nothing else is left in it."""
    for s in programme.sessions:
        s.items = [it for it in s.items if not CONTENTS_LINE.search(it.title or "")]
    programme.sessions = [s for s in programme.sessions
                          if s.items or s.chairs or not CONTENTS_LINE.search(s.title or "")]


def drop_empty(programme: Programme) -> None:
    """Items with neither title nor speakers are layout noise; so is a session that has
    only a title (no number, time, items or chairs) among sessions that have more. A
    presenter with neither a name nor an organisation (a lone "Chair" in the presenter
    column) names nobody."""
    for s in programme.sessions:
        for it in s.items:
            it.speakers = [sp for sp in it.speakers if sp.name or sp.affiliation]
        s.items = [it for it in s.items if it.title or it.speakers]
    programme.sessions = [s for s in programme.sessions if s.title or s.number or s.items or s.chairs]
    richer = [s for s in programme.sessions if s.number or s.start_time or s.items]
    if len(richer) >= 2:
        programme.sessions = [s for s in programme.sessions
                              if s.number or s.start_time or s.items or s.chairs or s.date]


def drop_pauses(programme: Programme) -> None:
    """An entry that only ends part of the programme or leaves time free ("End of the first
    day", "Free afternoon") schedules nothing: like a break, it is not an entry."""
    for s in programme.sessions:
        s.items = [it for it in s.items if it.speakers or not is_pause(it.title or "")]


def drop_untimed_repeats(programme: Programme) -> None:
    """A session printed again under the heading of an earlier one that had times, now
    without any: the booklet going over that day or session again (its abstracts, an
    index), not a second programme for it."""
    def timed(s: Session) -> bool:
        return bool(s.start_time) or any(it.start_time for it in s.items)

    seen: set[str] = set()
    kept = []
    for s in programme.sessions:
        key = " ".join((s.title or "").lower().split())
        if key and key in seen and not timed(s):
            continue
        if key and timed(s):
            seen.add(key)
        kept.append(s)
    programme.sessions = kept


#: How many words a title needs before a later printing of it can be told from a common phrase
#: ("Discussion", "Coffee break and posters").
REPEAT_WORDS = 3


def _title_words(title: Optional[str]) -> list[str]:
    """A title's words, accents and case kept (punctuation dropped)."""
    return "".join(c if c.isalnum() else " " for c in title or "").split()


def _repeats(words: list[str], earlier: list[str], lang: str) -> bool:
    """Do `words` print the title `earlier` again: whole, after at most one word of label or
    mark, followed by nothing or by a person's name (its presenter)?"""
    from ..names import fold_accents

    folded, first = [fold_accents(w) for w in words], [fold_accents(w) for w in earlier]
    n = len(first)
    for at in (0, 1):
        if folded[at:at + n] == first:
            rest = words[at + n:]
            return not rest or (len(rest) <= 5 and looks_like_person(" ".join(rest), lang) >= 0.5)
    return False


def drop_repeated_items(programme: Programme) -> None:
    """An untimed entry that prints the whole title of an earlier entry (timed or with
    presenters) again, maybe with its presenter's name after it, is that talk printed again
    (a booklet's abstracts or detailed listing after its timetable, "“Title”, Name" over each
    abstract): it goes, the presenters it names that the first printing does not joining that one. A
    session left empty by this was nothing but the repetition."""
    lang = programme.language or "en"
    earlier: list[tuple[list[str], Item]] = []
    emptied = []
    for s in programme.sessions:
        kept = []
        for it in s.items:
            words = _title_words(it.title)
            first = None
            if words and not it.start_time:
                first = next((e for w, e in earlier if _repeats(words, w, lang)), None)
            if first is None:
                kept.append(it)
                if len(words) >= REPEAT_WORDS and (it.start_time or it.speakers):
                    earlier.append((words, it))  # a whole entry, not a fragment of a title
                continue
            named = {person_key(sp.name) for sp in first.speakers if sp.name}
            first.speakers += [replace(sp) for sp in it.speakers if sp.name and person_key(sp.name) not in named]
        if s.items and not kept:
            emptied.append(s)
        s.items = kept
    programme.sessions = [s for s in programme.sessions if s not in emptied or s.chairs]


def complete_meeting_dates(programme: Programme, day_dates: list[str]) -> None:
    """Meeting start/end from the days the programme lists; a one-day meeting dates its sessions."""
    meeting = programme.meeting
    dates = sorted([s.date for s in programme.sessions if s.date] + day_dates)
    if meeting.start_date and dates and dates[-1] > max(meeting.start_date, meeting.end_date or ""):
        meeting.end_date = dates[-1]  # the last day the programme lists
    if meeting.start_date and not meeting.end_date:
        for s in programme.sessions:
            s.date = s.date or meeting.start_date  # a one-day meeting: every session is on that day
    if not meeting.start_date and dates:
        meeting.start_date, meeting.end_date = dates[0], (dates[-1] if dates[-1] != dates[0] else None)
