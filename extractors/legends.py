"""Affiliation legends: footnote markers on presenters' names linked to the legend after them.

Author lists often print affiliations once, as a numbered or lettered legend:

    Priya Natarajan¹, Tomas Berg¹ ², Ana Lima³
    ¹ University of Oslo  ² Lund University  ³ Universidade do Porto

`speakers` reads the markers off the names (`Speaker.markers`: "Berg1,2", "Berg¹²", "Berg a"
as printed in text, HTML `<sup>`, or PDF superscripts flattened into the line). Here the
legend lines of the document are found (`parse_legend`), each marked presenter without an
affiliation gets the organisations of its markers (two markers: joined with "; "), and the
legend lines, once used, give no items or speakers of their own.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from .model import Session, Speaker
from .speakers import looks_like_org

_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰ᵃᵇᶜᵈᵉᶠ"
_PLAIN = str.maketrans(_SUPERSCRIPTS, "1234567890abcdef")
# A marker opening a legend entry: at the start of the line, or after a separator / a wide gap.
_ENTRY = re.compile(
    rf"(?:^\s*|(?<=[,;])\s*|\s{{2,}}|\s(?=[{_SUPERSCRIPTS}]))"
    rf"(?P<m>[{_SUPERSCRIPTS}]+|\d{{1,2}}|[a-f]|[*†‡§]+)[.):]?\s*(?=[^\W\d_])"
)
LEGEND_ORG_MIN = 0.6  # every entry of a legend line must read as an organisation this well

Legend = tuple[int, int, dict[str, str]]  # start, end (document offsets), marker → organisation


def parse_legend(text: str, lang: str = "en") -> Optional[dict[str, str]]:
    """The entries of one legend line ("¹ University of Oslo, ² Lund University" → {"1": ...,
    "2": ...}); None when the line is not a legend (no leading marker, or an entry that is
    not an organisation: "1 Opening remarks")."""
    found = list(_ENTRY.finditer(text))
    if not found or found[0].start() != 0:
        return None
    kind = _kind(found[0].group("m"))
    found = [m for m in found if _kind(m.group("m")) == kind]
    entries: dict[str, str] = {}
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(text)
        org = text[m.end():end].strip(" ,;.")
        if not org or looks_like_org(org, lang) < LEGEND_ORG_MIN:
            return None
        entries[m.group("m").translate(_PLAIN)] = " ".join(org.split())
    return entries or None


def _kind(marker: str) -> str:
    """Markers of one legend are of one kind: digits, letters or symbols."""
    plain = marker.translate(_PLAIN)
    return "digit" if plain.isdigit() else "letter" if plain.isalpha() else "symbol"


def find_legends(lines: Iterable[tuple[int, int, str]], lang: str = "en") -> list[Legend]:
    """Every legend line among (start, end, text) lines, in document order."""
    out = []
    for start, end, text in lines:
        entries = parse_legend(text, lang) if len(text) < 600 else None
        if entries:
            out.append((start, end, entries))
    return out


def _organisations(sp: Speaker, legends: list[Legend]) -> list[str]:
    """The organisations of a presenter's markers: from the first legend after the name that
    holds the marker, else the last one before it."""
    orgs = []
    at = sp.char_start or 0
    for marker in sp.markers:
        after = [lg for lg in legends if lg[0] >= at and marker in lg[2]]
        before = [lg for lg in legends if lg[0] < at and marker in lg[2]]
        legend = after[0] if after else before[-1] if before else None
        if legend is not None and legend[2][marker] not in orgs:
            orgs.append(legend[2][marker])
    return orgs


def link_legends(sessions: list[Session], lines: Iterable[tuple[int, int, str]], lang: str = "en") -> int:
    """Give marked presenters their legend's organisations; drop what the walk read from the
    legend lines themselves. Returns how many presenters were linked."""
    marked = [sp for s in sessions for sp in s.chairs + [x for it in s.items for x in it.speakers]
              if sp.markers and not sp.affiliation]
    if not marked:
        return 0
    legends = find_legends(lines, lang)
    if not legends:
        return 0
    linked = 0
    for sp in marked:
        orgs = _organisations(sp, legends)
        if orgs:
            sp.affiliation = "; ".join(orgs)
            linked += 1
    if linked:
        _drop_legend_lines(sessions, legends)
    return linked


def _drop_legend_lines(sessions: list[Session], legends: list[Legend]) -> None:
    """Items and presenters that start inside a legend line are the legend, not the programme."""
    def inside(pos: Optional[int]) -> bool:
        return pos is not None and any(a <= pos < b for a, b, _ in legends)

    for s in sessions:
        for it in s.items:
            it.speakers = [sp for sp in it.speakers if not inside(sp.char_start)]
        s.items = [it for it in s.items if not (inside(it.char_start) and not it.speakers)]
