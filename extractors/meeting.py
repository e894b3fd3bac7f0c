"""Meeting metadata: title, dates and location, read off the top of the programme.

Labelled lines ("Date:", "When:", "Location:", "Lieu :", "Fecha:") are the strongest
evidence and are consumed (tagged `meta`) so they do not become items; otherwise the
title is the format's declared title or the most prominent line before the programme.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from .blocks import Unit
from .dates import find_dates
from .model import Document, Meeting
from .lexicon import COUNTRIES, normalise
from .speakers import looks_like_person

LABEL = re.compile(
    r"^\W{0,3}(?P<label>date|dates|when|fecha|fechas|lieu|location|venue|where|place|lugar|sede|"
    r"adresse|address|dirección|direccion|date et lieu|time)\W{0,3}\s*[:：]\s*\W{0,3}(?P<value>.+)$",
    re.IGNORECASE,
)
LOCATION_LABELS = {"lieu", "location", "venue", "where", "place", "lugar", "sede", "adresse", "address",
                   "dirección", "direccion"}
DATE_LABELS = {"date", "dates", "when", "fecha", "fechas", "time"}
DAY_WORD = re.compile(r"^\W*(?:day|jour|d[ií]a)\s*\d", re.I)
SESSION_WORD = re.compile(r"^\W*(?:session|séance|sesión|panel)\s*[-–:]?\s*(?:\d|[IVX]+\b)", re.I)
#: How far from the top the meeting's header may reach (units).
HEAD = 25


def document_year(units: list[Unit]) -> Optional[int]:
    """The year most dates of the document carry."""
    years: Counter[int] = Counter()
    for u in units:
        for m in re.finditer(r"\b(19[5-9]\d|20[0-4]\d)\b", u.text):
            years[int(m.group(1))] += 1
    return years.most_common(1)[0][0] if years else None


def clean_declared_title(title: Optional[str]) -> Optional[str]:
    """An HTML <title> or core-properties title, without the site part ("3DOR 2021 | The 14th ...")."""
    if not title:
        return None
    parts = [p.strip() for p in re.split(r"\s[|·•]\s|\s[-–—]\s", title) if p.strip()]
    if not parts:
        return None
    return max(parts, key=lambda p: len(p.split()))


#: "City, Country" (or "City/hybrid") at the end of a title or header line, after a dash or comma.
_PLACE_WORD = r"(?:[A-Z][\w’'./-]+|de|del|la|le|les|di|da|do|du|des|van|von|sur|upon|am|an|el)"
PLACE_TAIL = re.compile(rf"(?:\s[–—-]\s|,\s)(?P<place>[A-Z][\w’'./-]+(?:\s{_PLACE_WORD}){{0,4}}"
                        rf"(?:,\s[A-Z][\w’'.-]+(?:\s{_PLACE_WORD}){{0,2}})?)\s*$")


def split_place(line: str, year: Optional[int]) -> tuple[str, Optional[str]]:
    """A title or header line without its trailing place and dates: ("IUPWARE Alumni Event 2018",
    "Cuenca, Ecuador") from "IUPWARE Alumni Event 2018 – Cuenca, Ecuador"."""
    text = line.strip()
    for d in reversed(find_dates(text, default_year=year)):
        if d.span[1] >= len(text.rstrip()) - 1:
            text = text[:d.span[0]].rstrip(" ,–—-")
    text = re.sub(r"\s+\d{1,2}\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\.?\s*$", "", text)  # "24-27th March"
    m = PLACE_TAIL.search(text)
    if not m or m.start() < 8:
        return text, None
    place = m.group("place")
    if re.search(r"\d", place) or len(place.split()) > 5:
        return text, None
    return text[:m.start()].rstrip(" ,–—-"), place


def pick_title(units: list[Unit], document: Document) -> Optional[str]:
    """The most prominent short line near the top (heading level, size, boldness)."""
    best, best_score = None, 0.0
    for i, u in enumerate(units[:HEAD]):
        t = u.text.strip()
        if not t or len(t) > 150 or u.row is not None or "meta" in u.tags or u.time:
            continue
        if re.match(r"^(programme|program|agenda|ordre du jour|programa|schedule|workshop programme)\W*$", t, re.I):
            continue
        if DAY_WORD.match(t) or SESSION_WORD.match(t):
            continue  # "DAY 1 24th March: ...", "Session 2 – ...": the programme, not its title
        score = 0.0
        if u.kind == "heading":
            score += 3 - min(u.level or 3, 3) * 0.5
        score += max(0.0, (u.size_ratio - 1.0) * 4)
        score += 0.7 if u.bold else 0
        score += 0.5 if i == 0 else 0
        if i == 0 and document.format in ("txt", "md") and u.kind in ("line", "paragraph") and \
                not find_dates(t) and len(t.split()) >= 3 and not t.endswith((".", ":")):
            score += 0.6  # plain text: the first short line is the title
        score -= i * 0.05
        if score > best_score:
            best, best_score = t, score
    return best.rstrip(" :;,–—-") if best and best_score >= 1.0 else None


def header_zone(units: list[Unit]) -> list[Unit]:
    """The lines above the programme: up to the first list item, table row, time or session."""
    out = []
    for u in units[:HEAD]:
        if u.row is not None or u.time or u.kind == "list_item" or SESSION_WORD.match(u.text) or DAY_WORD.match(u.text):
            break
        out.append(u)
    return out


def extract_meeting(units: list[Unit], document: Document, lang: str) -> tuple[Meeting, Optional[int]]:
    """The meeting's metadata, and the year to complete dates printed without one."""
    year = document_year(units)
    meeting = Meeting()
    head = units[:HEAD * 2]
    for i, u in enumerate(head):
        m = LABEL.match(u.text.strip())
        if not m or u.row is not None and u.n_cells > 2:
            continue
        label, value = m.group("label").lower(), m.group("value").strip().strip("*_ ")
        if label in LOCATION_LABELS and not meeting.location:
            nxt = head[i + 1] if i + 1 < len(head) else None
            if nxt is not None and nxt.row is None and not nxt.time and len(nxt.text) < 80 and \
                    re.search(r"\d", nxt.text) and not find_dates(nxt.text) and not LABEL.match(nxt.text.strip()):
                value = f"{value}, {nxt.text.strip()}"  # the address continues on the next line
                nxt.tags.add("meta")
            meeting.location = value
            u.tags.add("meta")
        elif label in DATE_LABELS and not meeting.start_date:
            dates = find_dates(value, default_year=year)
            if dates:
                meeting.start_date = dates[0].iso
                if len(dates) > 1 and dates[-1].iso != dates[0].iso:
                    meeting.end_date = dates[-1].iso
                u.tags.add("meta")
    meeting.title = clean_declared_title(document.title) or pick_title(units, document)
    if meeting.title:
        title, place = split_place(meeting.title, year)
        meeting.title = title or meeting.title
        meeting.location = meeting.location or place
    if not meeting.start_date:
        for u in units[:HEAD]:
            if u.row is not None:
                continue
            dates = find_dates(u.text, default_year=year)
            full = [d for d in dates if re.search(r"\b(19|20)\d\d\b", u.text)]
            if full and len(u.text) < 200:
                meeting.start_date = full[0].iso
                if len(full) > 1 and full[-1].iso != full[0].iso:
                    meeting.end_date = full[-1].iso
                if len(u.text) < 80 and not u.time and "day" not in u.tags:
                    u.tags.add("meta")  # the meeting's date line, not a day of the programme
                place = u.text[:full[0].span[0]].strip(" ,–—-:|")
                if not meeting.location and place and len(place.split()) <= 5 and place[0].isupper() \
                        and not re.search(r"\d", place) and not DAY_WORD.match(place):
                    meeting.location = place  # "Geneva, 12-13 March 2025"
                break
    if not meeting.location:
        for u in header_zone(units):
            if "meta" not in u.tags and len(u.text) < 150 and re.search(r"\s[–—]\s", u.text):
                _, place = split_place(u.text, year)
                if place and (normalise(place.split(",")[-1]) in COUNTRIES
                              or looks_like_person(place.split(",")[0], lang) < 0.5):
                    meeting.location = place  # "Co-located with LREC 2026 – Palma de Mallorca, Spain"
                    break
    return meeting, year
