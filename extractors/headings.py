"""Heading patterns: numbered sessions, day headings, grouping words.

Each pattern is a named, documented unit; the segmenter combines them with layout
evidence (heading level, bold, size) to decide what opens a session.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .dates import is_schedule

#: Words that open a numbered session, in English, French, Spanish, Italian, Portuguese and German.
SESSION_WORDS = (
    r"Parallel\s+sessions?|Sessions?\s+parallèles?|Sesi[oó]n(?:es)?\s+paralelas?|"
    r"Plenary\s+session|Session|S[ée]ance|Sesi[oó]n|Sessione|Sess[ãa]o|Sitzung|Panel|Plenary|Plénière|Plenaria|Track|"
    r"Workshop|Atelier|Taller|Table\s+ronde|Mesa\s+redonda|Module|Block|Bloc|Bloque|Part|Partie|Parte|"
    r"Lab|Breakout|Segment"
)
#: A session label: a number, a Roman numeral, a letter, "2a", or a number word.
LABEL = (
    r"(?:\d{1,2}[a-z]?|[IVXLC]{1,6}\b|[A-H]\b|"
    r"One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Un|Deux|Trois|Quatre|Cinq|Uno|Dos|Tres|Cuatro|Cinco)"
)
#: "Session 2 – Title", "SESSION II: Title", "Panel B", "Session – II : 2.30 pm", "PANEL 1: TITLE".
#: One or two capitalised words that say which kind of session ("Tutorial Session 1",
#: "Poster Session 2", "Invited Sesión 3"); only before the plain session word.
QUALIFIER = r"(?P<qualifier>(?:[A-ZÀ-Þ][\w’'-]*\s+){1,2}(?=(?:Session|SESSION|S[ée]ance|S[ÉE]ANCE|Sesi[oó]n|SESI[OÓ]N|Sessão|SESSÃO)\b))?"
SESSION_HEADING = re.compile(
    rf"^{QUALIFIER}(?P<word>{SESSION_WORDS})(?![^\W\d_])\s*(?:[-–—:.#]\s*)?(?:No\.?\s*|n[°º]\s*)?(?P<label>{LABEL})(?![\w/.,]\w)"
    rf"\s*(?P<sep>[-–—:.)]+)?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
#: A session heading run into the previous line, e.g. "... University of New England Session 2 – ".
RUNON_SESSION = re.compile(
    rf"(?<=[\w).,;:])\s+(?=(?:Session|SESSION|Séance|SÉANCE|Sesión|SESIÓN|Panel|PANEL)\s+{LABEL}\s*[-–—:])"
)
#: World regions and continents used as sub-headings that group items ("Africa", "Asia").
REGIONS = (
    "Africa", "Asia", "Americas", "America", "Europe", "Oceania", "Pacific", "Middle East",
    "Latin America", "North America", "South America", "Central America", "Caribbean",
    "Asia-Pacific", "Asia Pacific", "Central Asia", "South Asia", "East Asia", "Southeast Asia",
    "West Africa", "East Africa", "Southern Africa", "Central Africa", "North Africa",
    "Afrique", "Asie", "Amériques", "Océanie", "África", "Américas", "Asia y el Pacífico",
)
#: A region word glued to the end of a flattened piece (needs a lowercase/name word before it).
GROUP_TAIL = re.compile(r"(?<=[a-zà-ÿ.)])\s+(?:" + "|".join(re.escape(r) for r in sorted(REGIONS, key=len, reverse=True)) + r")\s*$")

WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    "lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo"
)
#: "Day 1", "Jour 2", "Día 3", "DAY ONE", optionally followed by a date or a theme.
DAY_LABEL = re.compile(r"^(?:day|jour|d[ií]a|journée)\s*(?P<n>\d+|one|two|three|four|five)\b", re.I)
WEEKDAY_START = re.compile(rf"^(?:{WEEKDAYS})\b", re.I)
HALF_DAY = re.compile(r"\b(?:morning|afternoon|evening|matin|après-midi|apres-midi|soir|mañana|tarde)\b", re.I)


#: Words that start a sentence about a session rather than name its kind.
DETERMINERS = {"the", "this", "that", "each", "every", "next", "our", "your", "a", "an", "le", "la", "les", "cette",
               "chaque", "el", "esta", "este", "cada", "die", "der", "das", "jede", "o"}

#: The plain session words: a heading with one of them alone and its number has no title.
PLAIN_SESSION_WORDS = {"session", "séance", "seance", "sesión", "sesion", "sessione", "sessão", "sessao", "sitzung"}


@dataclass
class SessionHeading:
    number: Optional[str]
    title: Optional[str]
    word: str
    label: str = ""  # the label as printed ("Tutorial Session 1", "Lab 1a")

    @property
    def plain(self) -> bool:
        """Only the plain session word before the number ("Session 3", not "Lab 3")."""
        return self.word.lower() in PLAIN_SESSION_WORDS


def match_session_heading(text: str) -> Optional[SessionHeading]:
    """A numbered session heading ("Session 2 – Title", "PANEL 1: TITLE"), else None."""
    m = SESSION_HEADING.match(text.strip())
    if not m:
        return None
    word = ((m.group("qualifier") or "") + m.group("word")).strip()
    label = m.group("label")
    title = (m.group("title") or "").strip()
    # "Panel de discusión", "Part of ...", "Item 3 of the agenda": the label must be a label
    if label.isalpha() and len(label) == 1 and not m.group("sep") and title and title[0].islower():
        return None
    qualifier = (m.group("qualifier") or "").split()
    if qualifier and (qualifier[0].lower() in DETERMINERS or (not m.group("sep") and title[:1].islower())):
        return None  # "The Session 3 of the board", "Next Session 2 will": a sentence
    if word.lower() in {"part", "parte", "partie", "block", "bloc", "bloque", "module", "segment"} \
            and not m.group("sep"):
        return None
    title = title.strip(" :–—-").rstrip(":").strip() or None
    if title and is_schedule(title):  # "Poster Session 2. Friday, 9am": when it is, not a title
        title = None
    if title and title.startswith("(") and title.find(")") == len(title) - 1:
        title = title[1:-1].strip() or None
    printed = re.sub(r"[\s:.#–—-]+$", "", m.string[:m.end("label")].strip())
    return SessionHeading(number=label, title=title, word=word, label=printed)


def is_region(text: str) -> bool:
    """A bare region or continent name used as a grouping sub-heading."""
    return text.strip().strip(":").strip().lower() in {r.lower() for r in REGIONS}


def day_label(text: str) -> Optional[str]:
    """The day number of a "Day 2 – ..." heading, else None."""
    m = DAY_LABEL.match(text.strip())
    return m.group("n") if m else None


def starts_with_weekday(text: str) -> bool:
    return bool(WEEKDAY_START.match(text.strip()))
