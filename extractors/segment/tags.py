"""Tagging: what each unit looks like on its own.

A unit is a break, a numbered session heading, a day heading, a role line ("Chair: ..."),
a region sub-heading, prose, contact information, a heading-like line (heading level,
bold, larger) or plain text. The tags are evidence; `markers` and `walk` decide.
"""
from __future__ import annotations

import re
from typing import Optional

from ..blocks import Unit
from ..dates import find_dates
from ..headings import day_label, is_region, match_session_heading, starts_with_weekday
from ..lexicon import ROLE_LABELS as PRESENTER_LABELS, is_break, is_social
from ..speakers import ends_with_people, parse_role_line


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


#: A sentence's end; the full stop of an initial ("K.M. Lund", "Ana B. Silva") ends none.
SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?](?:\s|$)")


#: Headings that name the document's part, not a session ("Agenda", "Programme").
PROGRAMME_WORDS = re.compile(
    r"^(?:(?:workshop|conference|meeting|seminar|event|detailed|provisional|draft|final)\s+)?"
    r"(?:agenda|programme|program|programa|schedule|ordre du jour|orden del día|orden del dia|timetable)"
    r"(?:\s+(?:at a glance|overview|schedule))?\W*$", re.I)


#: Contact and link lines: practical information, never programme entries.
CONTACT = re.compile(
    r"^(?:e-?mail|courriel|correo|tel|tél|teléfono|phone|telephone|téléphone|fax|website|site web|web|url|"
    r"twitter|zoom link|meeting id|passcode|password|video call link|join)\b\s*:", re.I)


#: A copyright or licence notice (a report's or a booklet's page chrome), whoever it names.
NOTICE = re.compile(r"^(?:©|\(c\)\s|copyright\b|licen[cs]ed?\s+(?:under\s+)?(?:a\s+)?(?:creative commons|cc[- ]by))", re.I)


#: A slot's labelled practical details ("Room: F0.231", "Zeit: Mo., 14 Uhr", "Salle : B2"):
#: facts about an entry, never a heading or an entry of their own.
SLOT_DETAIL = re.compile(
    r"^(?:room|rooms|venue|location|place|raum|ort|zeit|salle|lieu|sala|aula|lugar|local|luogo|horario|orario|"
    r"hora|heure|horaire)\s*:\s*\S", re.I)


#: A sentence followed by a labelled list of people ("... of the War. Authors: A (X), B (Y).").
LABELLED_PEOPLE = re.compile(
    r"[.?!]\s+(?:" + "|".join(re.escape(k) for k in sorted(PRESENTER_LABELS, key=len, reverse=True)) + r")\s*:\s*\S",
    re.I)


def is_prose(u: Unit, lang: str = "en") -> bool:
    """Running text (an introduction, a note): several sentences or very long; not an
    entry whose title is followed by its presenters, labelled ("... Authors: A, B") or as
    its last sentence ("Title. Subtitle? A (X), B (Y)")."""
    words = u.text.split()
    if len(words) > 60:
        return True
    return len(words) > 15 and len(SENTENCE_END.findall(u.text)) >= 2 and not LABELLED_PEOPLE.search(u.text) \
        and not ends_with_people(u.text, lang)


#: "Title of talk : ...", "Titre : ...", "Título: ...".
TITLE_LABEL = re.compile(r"^(?:title(?:\s+of\s+(?:the\s+)?(?:talk|presentation|paper))?|titre|título|titulo|topic)"
                         r"\s*:\s*(\S.*)$", re.I)


def is_heading_like(u: Unit) -> bool:
    """Looks like a heading: a heading block, or a short bold or larger line (never a line
    labelled as a talk's title, however it is printed)."""
    text = u.text.strip()
    if not text or len(text) > 160 or text.endswith((",", ";")) or text.startswith("(") or text[0] in ",;":
        return False
    if TITLE_LABEL.match(text):
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
        elif CONTACT.match(t) or NOTICE.match(t) or SLOT_DETAIL.match(t) or (PROGRAMME_WORDS.match(t) and u.row is None):
            u.tags.add(META)  # practical information, or "Provisional agenda" over the list
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
        elif u.row is None and is_prose(u, lang):
            u.tags.add(PROSE)
        elif is_heading_like(u):
            u.tags.add(HEADING)
        else:
            u.tags.add(TEXT)
    mark_kind_labels(units)
    mark_numbered_subsections(units)


#: "3.2 Title": a heading numbered inside a numbered section.
SUBSECTION = re.compile(r"^(\d{1,2})\.\d{1,2}\.?\s+\S")
SECTION = re.compile(r"^(\d{1,2})\.?\s+[^\d\s]")


def mark_numbered_subsections(units: list[Unit]) -> None:
    """The deepest numbered headings of a report ("3.2 Threat models" under "3 Overview of
    talks", with nothing numbered below them) are its entries, one talk or topic each, and
    the section above them its session."""
    sections: set[str] = set()
    subsections: list[Unit] = []
    for u in units:
        if tag(u) not in (HEADING, SESSION) or u.row is not None:
            continue
        text = u.text.strip()
        m = SUBSECTION.match(text)
        if m and m.group(1) in sections:
            subsections.append(u)
        elif SECTION.match(text):
            sections.add(SECTION.match(text).group(1))
    if any(re.match(r"^\d{1,2}\.\d{1,2}\.\d", u.text.strip()) for u in units if tag(u) == HEADING):
        return  # numbered deeper still: these are sections too
    for u in subsections:
        u.tags.discard(HEADING)
        u.tags.discard(SESSION)
        u.tags |= {TEXT, "entry"}


#: How often a heading must repeat to be a kind of session rather than a session's title.
KIND_REPEATS = 3


def mark_kind_labels(units: list[Unit]) -> None:
    """A heading printed under another heading and repeated through the document
    ("Scientific Session", "Keynote", "Round table" under each slot's own title) says
    which kind of session it is: it is not a title. Such headings are tagged META."""
    def key(u: Unit) -> str:
        return re.sub(r"\W+", " ", u.text).strip().casefold()

    seen = [u for u in units if u.row is None and tag(u) != EMPTY]
    counts: dict[str, int] = {}
    for u in seen:
        if tag(u) == HEADING:
            counts[key(u)] = counts.get(key(u), 0) + 1
    for prev, u in zip(seen, seen[1:]):
        if tag(u) == HEADING and counts[key(u)] >= KIND_REPEATS and tag(prev) == HEADING \
                and counts[key(prev)] < KIND_REPEATS:
            u.tags.add(META)


def tag(u: Unit) -> str:
    for t in (META, TRACK, EMPTY, GROUP, BREAK, SESSION, DAY, COLHEADER, ROLE, PROSE, HEADING, TEXT):
        if t in u.tags:
            return t
    return TEXT


TRACK = "track"
