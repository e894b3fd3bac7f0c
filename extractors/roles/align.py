"""Gold annotations aligned to units: a role for every unit of an annotated document.

Each unit is compared with the gold's strings (session titles and labels, item titles,
presenter names and affiliations, chairs, groups), folded as the scorer folds them. A unit
takes the role of the gold element it matches best; adjacent units matching the same
element are its parts (a title wrapped over two lines: I then T). Then only one chain of
matches in document order is kept (the longest, weighed by match quality), so a table of
contents or a summary repeating the titles stays "not programme" (O).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from ..blocks import Unit
from ..headings import match_session_heading

TITLE_T = 0.85


def fold(s: Optional[str]) -> str:
    """Case, accents, punctuation and spacing folded away (as the scorer does)."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", str(s))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in s).split())


def similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < 0.6 or m.quick_ratio() < 0.6:
        return 0.0
    return m.ratio()


def contains(hay: str, needle: str) -> bool:
    """`needle` occurs in `hay` on word boundaries."""
    return bool(needle) and f" {needle} " in f" {hay} "


@dataclass
class Element:
    """One gold string in document order."""

    index: int
    role: str  # S, C, I, P, G
    text: str  # folded
    names: list[str] = field(default_factory=list)  # an item's presenters, folded
    number: Optional[str] = None  # a session's label


def gold_elements(gold: dict) -> list[Element]:
    """The gold programme flattened to its strings, in document order."""
    out: list[Element] = []
    groups_seen: set[str] = set()

    def add(role: str, text: str, **kw) -> None:
        out.append(Element(index=len(out), role=role, text=text, **kw))

    for s in gold.get("sessions", []):
        if s.get("title") or s.get("number"):
            add("S", fold(s.get("title")), number=fold(s.get("number")) or None)
        for c in s.get("chairs", []):
            if c.get("name"):
                add("C", fold(c["name"]))
        for it in s.get("items", []):
            g = fold(it.get("group"))
            if g and g not in groups_seen:
                groups_seen.add(g)
                add("G", g)
            names = [fold(sp.get("name")) for sp in it.get("speakers", []) if sp.get("name")]
            if it.get("title"):
                add("I", fold(it["title"]), names=names)
            for sp in it.get("speakers", []):
                if sp.get("name"):
                    add("P", fold(sp["name"]))
                if sp.get("affiliation"):
                    add("A", fold(sp["affiliation"]))
    return out


def _candidate(u: Unit, text: str, e: Element) -> float:
    """How well unit text `text` (folded) stands for element `e`: 0 when it does not."""
    if e.role in ("I", "S", "G"):
        if not e.text:
            if e.role == "S" and e.number:
                h = match_session_heading(u.text.strip())
                return 0.9 if h and fold(h.number) == e.number else 0.0
            return 0.0
        score = similarity(text, e.text)
        if score >= TITLE_T:
            return score
        if e.role == "S":
            h = match_session_heading(u.text.strip())
            if h and h.title and similarity(fold(h.title), e.text) >= TITLE_T:
                return 0.95
        if len(e.text) >= 8 and contains(text, e.text) and (
                len(e.text) >= 0.3 * len(text) or any(contains(text, n) for n in e.names)):
            return 0.9  # the title with more on its line (its presenters, a duration)
        if len(text) >= 8 and len(text.split()) >= 2 and contains(e.text, text):
            return 0.5 + 0.3 * len(text) / len(e.text)  # a part of a wrapped title
        return 0.0
    if e.role in ("P", "C"):
        return 0.85 if contains(text, e.text) else 0.0
    if e.role == "A":
        if similarity(text, e.text) >= TITLE_T:
            return 0.7
        return 0.6 if len(e.text) >= 4 and contains(text, e.text) and len(e.text) >= 0.5 * len(text) else 0.0
    return 0.0


ROLE_OF = {"I": "I", "S": "S", "G": "G", "P": "P", "C": "C", "A": "P"}
#: Among equal scores, which element a unit stands for ("Title – Name": the item).
PRIORITY = {"S": 4, "I": 3, "C": 2, "P": 1, "G": 1, "A": 0}


def candidates(units: list[Unit], elements: list[Element]) -> list[list[tuple[int, float]]]:
    """For each unit, the (element index, score) pairs it may stand for, best first.

    Every element within 0.05 of the unit's best score is kept: a title printed twice in
    the programme ("Discussion") is placed by the chain, not here.
    """
    words_of = [set(e.text.split()) for e in elements]
    out: list[list[tuple[int, float]]] = []
    for u in units:
        text = fold(u.text)
        found: list[tuple[float, int, int]] = []
        if text:
            tw = set(text.split())
            for e, ew in zip(elements, words_of):
                if e.text and not (tw & ew):
                    continue
                s = _candidate(u, text, e)
                if s <= 0:
                    continue
                if e.role in ("P", "A") and any(x.role == "I" and x.text and contains(text, x.text)
                                                for x in elements[max(0, e.index - 12):e.index]):
                    continue  # the name is on its item's line: the line is the item
                found.append((s, PRIORITY[e.role], e.index))
        if found:
            top = max(f[0] for f in found)
            found = sorted((f for f in found if f[0] >= top - 0.05), key=lambda f: (-f[0], -f[1], f[2]))
        out.append([(ei, s) for s, _, ei in found[:12]])
    return out


@dataclass
class Alignment:
    labels: list[str]
    unmatched: list[Element]  # gold strings no unit stands for


def align(units: list[Unit], gold: dict) -> Alignment:
    """A role for every unit (see module docstring)."""
    elements = gold_elements(gold)
    cands = candidates(units, elements)
    # chain nodes: (unit, element, score); a node follows one with a smaller element, or
    # with the same element on the previous non-blank unit (a wrapped part of it)
    nodes = [(ui, ei, s) for ui, cs in enumerate(cands) for ei, s in cs]
    prev_text = {}
    last = -1
    for ui, u in enumerate(units):
        if fold(u.text):
            prev_text[ui] = last
            last = ui
    best = [0.0] * len(nodes)
    back = [-1] * len(nodes)
    for i, (ui, ei, s) in enumerate(nodes):
        best[i] = s
        for j in range(max(0, i - 1500), i):
            uj, ej, _ = nodes[j]
            if uj >= ui:
                continue
            ok = ej < ei or (ej == ei and s < TITLE_T and prev_text.get(ui) == uj)  # a wrapped part
            if ok and best[j] + s > best[i]:
                best[i], back[i] = best[j] + s, j
    labels = ["O"] * len(units)
    found: set[int] = set()
    if nodes:
        i = max(range(len(nodes)), key=lambda k: best[k])
        chain = []
        while i >= 0:
            chain.append(nodes[i])
            i = back[i]
        chain.reverse()
        prev_e = None
        for ui, ei, _ in chain:
            role = ROLE_OF[elements[ei].role]
            labels[ui] = "T" if ei == prev_e and role in ("I", "S", "G") else role
            found.add(ei)
            prev_e = ei
    # presenters printed on their item's line are found with it
    labelled = [fold(u.text) for u, lab in zip(units, labels) if lab in ("I", "P", "C", "T")]
    for e in elements:
        if e.index not in found and e.role in ("P", "A", "C") and any(contains(t, e.text) for t in labelled):
            found.add(e.index)
    unmatched = [e for e in elements if e.index not in found and (e.text or e.number)]
    return Alignment(labels=labels, unmatched=unmatched)
