"""Cleaning titles and affiliations as printed: bullets, quotes, glosses, editorial notes."""
from __future__ import annotations

import re
from typing import Optional

from .tags import QUOTES


def is_upper_title(text: str) -> bool:
    """Printed in capitals: at least 8 letters, none of them lower case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters)


UPPER_PREFIX = re.compile(r"^([^a-zà-ÿ]{8,}?)[.:]\s+(?=\S*[a-zà-ÿ])")
#: A note in parentheses after a slot's name, three words at least ("(open to everyone)",
#: "(only for board members)"), maybe after a dash; shorter ones may be part of the name ("(Part 1)").
SLOT_NOTE = re.compile(r"\s*[-–—]?\s*\((?:[^()\s]+\s+){2,}[^()]*\)$")


def strip_slot_note(title: Optional[str]) -> Optional[str]:
    return SLOT_NOTE.sub("", title) or title if title else title


#: A slot's label before the quoted title of its talk: "PLENARY: ‘Title’", "Keynote: “Title”".
QUOTED_LABEL = re.compile(r"^([A-Z][\w’' -]{1,24}?)\s*:\s+(?=[\"“«‘„])")
#: A kind of slot in brackets before the talk it introduces: "[Keynote] Title", "[Invited talk] Title".
BRACKET_LABEL = re.compile(r"^\[([^\[\]\d]{3,30})\]\s*(?=\S)")


#: Editorial notes in parentheses that are not part of a title.
EDITORIAL = re.compile(
    r"\s*\((?:see|voir|ver|cf\.?|tbc|tbd|to be confirmed|à confirmer|por confirmar)\b[^()]*\)\s*$"
    r"|\s*\(\s*[\d~–\- ]+\s*(?:min|mins|minutes|h|hrs?|hours?)\b[^()]*\)\s*$", re.I)


def strip_editorial(title: str) -> str:
    """Drop a trailing editorial note: "(see meeting report for details)", "(tbc)"."""
    return EDITORIAL.sub("", title).strip()


#: A room named by a place word and its number or letter ("Congress Hall 1", "Room 204",
#: "Salle B"): where a session meets, not what it is about ("Town Hall" has no number).
ROOM = re.compile(r"^(?:[A-ZÀ-Þ][\w'-]*\s+){0,2}(?:room|hall|salle|sala|aula|auditorium|hörsaal)\s+"
                  r"(?:\d{1,4}[A-Za-z]?|[A-Z]\d{0,3})$", re.I)


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
    s = re.sub(r"^(?:[-–—•▪●◦·*]+|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}\))\s+", "", s)
    s = re.sub(r"^\d{1,2}\.\d{1,2}\.?\s+(?=[^\W\d_])(?=\w*[A-ZÀ-Þ])", "", s)  # "3.2 Threat models" (not "1.5 degrees")
    s = strip_editorial(s.strip()).rstrip(" ,;:–—-")
    q = re.match(r'^["“«‘\'](.+?)["”»’\']\s*(?:\([^)]*\))?[.]?$', s)
    if q:
        return q.group(1).strip().rstrip(".") or None
    if len(s) >= 2 and s[0] in QUOTES and s[-1] in QUOTES + ".":
        s = s.strip(QUOTES + ".").strip()
    elif s.endswith(".") and not s.endswith(".."):
        s = s[:-1]
    return s.strip() or None




#: A printed duration ("(15 mins)", "– 10 mins", "20'"): scheduling noise around names.
DURATION = re.compile(r"\(?\s*\d{1,3}\s*(?:mins?|minutes|min\.|h|hrs?|')\s*\)?", re.I)


def strip_duration_note(text: str) -> str:
    """Drop a trailing parenthesis that times the talks: "Lightning talks (3 min.)",
    "Full papers (10 min + 5 min Q&A)"."""
    m = re.search(r"\s*\(([^()]*)\)\s*$", text)
    return text[:m.start()].strip() if m and m.start() > 0 and DURATION.search(m.group(1)) else text


def clean_affiliation(text: str) -> str:
    """An affiliation line without list punctuation or enclosing parentheses."""
    text = text.strip(" ,;")
    if text.endswith(".") and len(text.split()[-1]) > 6:
        text = text[:-1]  # a sentence's full stop, not an abbreviation's ("Tongji Univ.")
    return strip_parens(text.strip())
