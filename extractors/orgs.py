"""Organisation normalisation: keys, acronyms, acronym ↔ expansion links, sub-units, aliases.

- `organization_key`: the identity key of a printed affiliation (accents and case folded,
  punctuation removed, "&" = "and", a leading "The" dropped); `resolve.organization_id`
  hashes it.
- `acronym_pairs`: every "Expansion (ACR)" and "ACR (Expansion)" in a text whose letters
  really spell the acronym (`expansion_for`, after Schwartz & Hearst 2003).
- `load_aliases`: the editable file `config/org_aliases.yaml` of well-known organisations
  that documents never expand.
- `split_subunit`: "USFWS Office of Law Enforcement" → ("USFWS", "Office of Law Enforcement").

No Dagster, no I/O except `load_aliases`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .names import KEY_CACHE_SIZE, fold_accents, normalise_characters

DEFAULT_ALIASES_PATH = Path(__file__).resolve().parent.parent / "config" / "org_aliases.yaml"

# --------------------------------------------------------------------------- word lists

# Words ignored at the start of an organisation's printed form.
ORG_LEADING_WORDS: frozenset[str] = frozenset({"the"})

# Small words an acronym usually skips ("Office on Drugs and Crime" → ODC).
ACRONYM_STOPWORDS: frozenset[str] = frozenset({
    "of", "on", "and", "for", "the", "in", "to", "at", "de", "la", "le", "les", "du", "des",
    "et", "y", "del", "el", "los", "las", "da", "do", "dos", "das", "e", "für", "und", "der",
    "die", "van", "von", "voor", "en",
})

# First words of a sub-unit's own name ("Office of Law Enforcement", "Facultad de Medicina").
UNIT_WORDS: frozenset[str] = frozenset({
    "office", "division", "department", "dept", "unit", "section", "bureau", "branch",
    "directorate", "secretariat", "programme", "program", "centre", "center", "institute",
    "laboratory", "lab", "school", "faculty", "college", "group", "team", "working", "regional",
    "country", "national", "headquarters", "hq", "service", "services", "delegation", "mission",
    "fac", "facultad", "departamento", "escuela", "unidad", "centro", "instituto", "laboratorio",
    "oficina", "direccion", "programa", "laboratoire", "departement", "faculte", "ecole",
    "direction", "bureau", "institut", "abteilung", "fakultat",
})

# Words that never name an organisation on their own: a "parent" that is only one of
# these ("University") is an extraction fragment, not an organisation.
GENERIC_ORG_WORDS: frozenset[str] = UNIT_WORDS | frozenset({
    "university", "universidad", "universite", "universitat", "universita", "universiteit",
    "ministry", "ministerio", "ministere", "government", "company", "agency", "organization",
    "organisation", "association", "council", "commission", "network", "project",
})

# Separators between a sub-unit and its organisation ("Facultad de Medicina - U. de Chile").
SUBUNIT_SEPARATORS = re.compile(r"\s*(?:,|\s-\s|-\s|\s-|\u2013|\u2014)\s*")

_PUNCT = re.compile(r"[^\w\s]+")
_PAREN = re.compile(r"\(([^()]{2,200})\)")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)


# --------------------------------------------------------------------------- keys


@lru_cache(maxsize=KEY_CACHE_SIZE)
def organization_key(affiliation: str) -> str:
    """The identity key of a printed organisation ("The UNODC" = "unodc", "Tongji Univ." = "tongji univ").

    Accents and case folded, "&" read as "and", punctuation removed (so "U.S." = "US"),
    whitespace collapsed, a leading "The" dropped.
    """
    text = fold_accents(normalise_characters(affiliation)).replace("&", " and ")
    text = re.sub(r"(?<=\w)\.(?=\w\.)", "", text)  # "u.s.a." → "usa."
    words = _PUNCT.sub(" ", text.replace(".", "")).split()
    while len(words) > 1 and words[0] in ORG_LEADING_WORDS:
        words = words[1:]
    return " ".join(words)


# --------------------------------------------------------------------------- acronyms


def looks_like_acronym(text: str) -> bool:
    """A printed acronym: one token, 2–12 characters, at least two capitals, mostly capitals ("UNODC", "ARPA-E", "UNESCO-IHE")."""
    text = text.strip()
    if not text or " " in text or len(text) > 12:
        return False
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper >= 0.6 * len(letters)


def acronym_letters(acronym: str) -> str:
    """The letters and digits of an acronym, folded ("ARPA-E" → "arpae")."""
    return "".join(c for c in fold_accents(acronym) if c.isalnum())


def expansion_for(acronym: str, text: str) -> Optional[str]:
    """The shortest tail of `text` whose words spell `acronym`, or None (Schwartz & Hearst 2003).

    Each letter of the acronym, right to left, must appear in the text right to left; the
    acronym's first letter must start a word; and the initials of the expansion's content
    words must appear in the acronym in order ("Wildlife Enforcement Network" is not "WCO"). Small words ("of", "and") may be skipped; the
    expansion may not be more than min(|A| + 5, 2|A|) words long.
    """
    letters = acronym_letters(acronym)
    words = _WORD.findall(normalise_characters(text))
    if len(letters) < 2 or not words:
        return None
    limit = min(len(letters) + 5, 2 * len(letters))
    for n in range(1, min(limit, len(words)) + 1):
        tail = words[-n:]
        if _spells(letters, tail) and fold_accents(tail[0]) not in ACRONYM_STOPWORDS:
            content = [w for w in tail if fold_accents(w) not in ACRONYM_STOPWORDS]
            initials = "".join(fold_accents(w)[0] for w in content)
            if len(content) <= len(letters) and len(tail) >= 2 and _is_subsequence(initials, letters):
                return " ".join(tail)
    return None


def _is_subsequence(small: str, big: str) -> bool:
    """Every character of `small` appears in `big`, in order (each content word gives its initial)."""
    it = iter(big)
    return all(c in it for c in small)


def _spells(letters: str, words: Sequence[str]) -> bool:
    """Schwartz & Hearst: `letters` found right to left in `words`, the first one at a word start."""
    text = " ".join(fold_accents(w) for w in words)
    i = len(text) - 1
    for k in range(len(letters) - 1, -1, -1):
        ch = letters[k]
        while i >= 0 and (text[i] != ch or (k == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return False
        i -= 1
    return True


def acronym_pairs(text: str) -> list[tuple[str, str]]:
    """Every (acronym, expansion) a text defines, as "Expansion (ACR)" or "ACR (Expansion)".

    >>> acronym_pairs("United Nations Office on Drugs and Crime (UNODC)")
    [('UNODC', 'United Nations Office on Drugs and Crime')]
    """
    pairs: list[tuple[str, str]] = []
    if "(" not in text:  # most titles: nothing to define (normalising never makes a parenthesis)
        return pairs
    text = normalise_characters(text)
    for match in _PAREN.finditer(text):
        inside = match.group(1).strip()
        before = text[: match.start()].rstrip()
        if looks_like_acronym(inside):
            expansion = expansion_for(inside, before)
            if expansion:
                pairs.append((inside, expansion))
                continue
        tokens = before.split()
        if tokens and looks_like_acronym(tokens[-1].strip(",;:")):
            acronym = tokens[-1].strip(",;:")
            expansion = expansion_for(acronym, inside)
            if expansion and len(expansion.split()) == len(_WORD.findall(inside)):
                pairs.append((acronym, expansion))
    return pairs


def acronym_of(name: str) -> Optional[str]:
    """The acronym of an organisation's printed form: the name itself if it is one, or a defined "(ACR)"."""
    name = normalise_characters(name)
    if looks_like_acronym(name):
        return name
    pairs = acronym_pairs(name)
    return pairs[0][0] if pairs else None


# --------------------------------------------------------------------------- sub-units


def split_subunit(affiliation: str, known: set[str]) -> Optional[tuple[str, str]]:
    """(parent printed form, unit) when `affiliation` is a unit of a known organisation, else None.

    `known` holds organisation keys (`organization_key`). Recognised shapes:
    "<known acronym> <unit>" ("USFWS Office of Law Enforcement", "INTERPOL WCWG"),
    "<unit> <separator> <known>" ("Facultad de Medicina - U. de Chile") and
    "<unit word …> <known>" ("Facultad de Medicina Universidad de Chile"),
    and "<acronym> <known>" ("CIAE U. de Chile"). Joint affiliations ("NOAA/IATTC") never are.
    """
    text = normalise_characters(affiliation)
    if "/" in text or "(" in text:
        return None
    words = text.split(" ")
    own = organization_key(text)
    for n in range(len(words) - 1, 0, -1):  # longest known prefix first
        head, rest = " ".join(words[:n]), " ".join(words[n:])
        key = organization_key(head)
        if key in known and key != own and key not in GENERIC_ORG_WORDS and looks_like_acronym(head) and rest:
            return head, rest
    for n in range(1, len(words)):  # longest known suffix first
        head, tail = " ".join(words[:n]), " ".join(words[n:])
        key = organization_key(tail)
        if re.search(r"\s(?:y|and|et|e|und|&)$", head, re.I):
            continue  # "Facultad de Medicina y CIAE ...": two bodies, not a unit of the second
        separated = bool(re.search(r"(,|\s-|-|\u2013|\u2014)\s*$", head))
        if key in known and key != own and key not in GENERIC_ORG_WORDS and _is_unit_head(head, separated):
            return tail.strip(" ,-"), head.strip(" ,-")
    return None


def _is_unit_head(head: str, separated: bool) -> bool:
    """The part before a parent's name names a unit.

    It starts with a unit word ("Facultad de Medicina ..."), or it is one acronym ("CIAE"),
    or a separator ends it and it holds a unit word anywhere ("Oceanic Fisheries Programme, SPC").
    """
    head = SUBUNIT_SEPARATORS.sub(" ", head).strip(" ,-")
    words = [fold_accents(w).strip(".,") for w in head.split()]
    if not words:
        return False
    if words[0] in UNIT_WORDS or (len(words) == 1 and looks_like_acronym(head)):
        return True
    return separated and any(w in UNIT_WORDS for w in words)


# --------------------------------------------------------------------------- aliases file


@dataclass
class OrgAlias:
    """A well-known organisation: its acronym, its full name, and other printed forms."""

    acronym: str
    name: str
    variants: list[str] = field(default_factory=list)

    def forms(self) -> list[str]:
        """Every printed form of the organisation (acronym, name, variants)."""
        return [self.acronym, self.name, *self.variants]


def parse_aliases(data: object) -> list[OrgAlias]:
    """Aliases from the parsed YAML: a mapping with `organizations:` a list of {acronym, name, variants}."""
    if not isinstance(data, dict) or not isinstance(data.get("organizations"), list):
        raise ValueError("the aliases file must be a mapping with an 'organizations' list")
    aliases = []
    for n, entry in enumerate(data["organizations"], start=1):
        if not isinstance(entry, dict) or not entry.get("acronym") or not entry.get("name"):
            raise ValueError(f"aliases entry {n} needs an 'acronym' and a 'name'")
        variants = entry.get("variants") or []
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise ValueError(f"aliases entry {n}: 'variants' must be a list of strings")
        aliases.append(OrgAlias(str(entry["acronym"]).strip(), str(entry["name"]).strip(), [v.strip() for v in variants]))
    return aliases


def load_aliases(path: Optional[Path] = None) -> list[OrgAlias]:
    """The organisations of the aliases file (`config/org_aliases.yaml` by default)."""
    import yaml

    path = Path(path) if path else DEFAULT_ALIASES_PATH
    with open(path, encoding="utf-8") as handle:
        return parse_aliases(yaml.safe_load(handle))


def alias_pairs(aliases: Iterable[OrgAlias]) -> list[tuple[str, str]]:
    """(acronym, printed form) for every form of every alias entry."""
    return [(a.acronym, form) for a in aliases for form in a.forms() if form != a.acronym]
