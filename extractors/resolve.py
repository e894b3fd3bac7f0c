"""Resolution across documents (first version): people and organisations with stable ids.

- `person_key` / `organization_key` normalise a printed form (NFC, accents folded, casefold,
  honorifics stripped, whitespace collapsed); `person_id` / `organization_id` are short
  stable hashes of those keys, so per-document rows carry ids without a cross-document pass.
- `build_people` / `build_organizations` group the speakers and chairs tables by id into
  one row per distinct person / organisation.

No Dagster here.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from typing import Iterable, Optional

import pandas as pd

# Honorifics and titles dropped from the start of a person's name (compared casefolded,
# accents folded, without the trailing dot).
HONORIFICS: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "hon", "rev", "fr", "st", "h.e", "he", "amb", "ambassador", "justice", "judge",
    "m", "mme", "mlle", "pr", "me", "sr", "sra", "srta", "dra", "don", "dona",
    "herr", "frau",
})

# Words ignored at the start of an organisation's printed form.
ORG_LEADING_WORDS: frozenset[str] = frozenset({"the"})

_ACRONYM_SUFFIX = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.\-]{1,14})\s*\)\s*$")
_ACRONYM_ONLY = re.compile(r"^[A-Z0-9&.\-]{2,12}$")
_PUNCT = re.compile(r"[^\w\s&]+")


def fold(text: str) -> str:
    """NFC → NFKD without combining marks → casefold, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(text.split())


def strip_honorifics(name: str) -> str:
    """`name` without leading honorifics ("Prof. Dr. Ana Ruiz" → "Ana Ruiz")."""
    words = name.split()
    while len(words) > 1 and fold(words[0]).rstrip(".") in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def person_key(name: str) -> str:
    """The comparison key of a person's name: honorifics stripped, accents folded, casefold."""
    folded = fold(strip_honorifics(fold(name)))
    folded = _PUNCT.sub(" ", folded)
    return " ".join(folded.split())


def organization_key(affiliation: str) -> str:
    """The comparison key of an organisation: accents folded, casefold, punctuation removed."""
    words = _PUNCT.sub(" ", fold(affiliation)).split()
    while len(words) > 1 and words[0] in ORG_LEADING_WORDS:
        words = words[1:]
    return " ".join(words)


def _short_hash(prefix: str, key: str) -> str:
    return prefix + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def person_id(name: str) -> str:
    """A stable id for a person's name (`p_` + 12 hex digits of the key's hash)."""
    return _short_hash("p_", person_key(name))


def organization_id(affiliation: str) -> str:
    """A stable id for an organisation's printed form (`o_` + 12 hex digits of the key's hash)."""
    return _short_hash("o_", organization_key(affiliation))


def acronym_of(name: str) -> Optional[str]:
    """The acronym of an organisation: the name itself if it is one, or a trailing "(ACRONYM)"."""
    name = name.strip()
    match = _ACRONYM_SUFFIX.search(name)
    if match and sum(c.isupper() for c in match.group(1)) >= 2:
        return match.group(1)
    if _ACRONYM_ONLY.match(name) and any(c.isalpha() for c in name):
        return name
    return None


def _most_frequent(forms: Iterable[str]) -> str:
    """The most frequent printed form; ties go to the longest, then alphabetical."""
    counts = Counter(forms)
    return sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def _mentions(frames: Iterable[Optional[pd.DataFrame]], value_col: str, id_col: str) -> pd.DataFrame:
    parts = [
        f[[id_col, value_col, "document_id"]]
        for f in frames
        if f is not None and len(f) and {id_col, value_col, "document_id"} <= set(f.columns)
    ]
    if not parts:
        return pd.DataFrame(columns=[id_col, value_col, "document_id"])
    df = pd.concat(parts, ignore_index=True)
    return df[df[id_col].notna() & df[value_col].notna()]


def _group(mentions: pd.DataFrame, value_col: str, id_col: str) -> list[dict]:
    rows = []
    for key, group in mentions.groupby(id_col, sort=True):
        forms = [str(v) for v in group[value_col]]
        rows.append({
            id_col: str(key),
            "name": _most_frequent(forms),
            "variants": sorted(set(forms)),
            "n_mentions": len(forms),
            "n_documents": int(group["document_id"].nunique()),
        })
    return rows


def build_people(speakers: Optional[pd.DataFrame], chairs: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """One row per distinct person in the speakers and chairs tables.

    Columns: person_id, name (most frequent printed form), variants (sorted distinct printed
    forms), n_mentions, n_documents.
    """
    mentions = _mentions([speakers, chairs], "name", "person_id")
    rows = _group(mentions, "name", "person_id")
    return pd.DataFrame(rows, columns=["person_id", "name", "variants", "n_mentions", "n_documents"])


def build_organizations(speakers: Optional[pd.DataFrame], chairs: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """One row per distinct organisation (affiliation) in the speakers and chairs tables.

    Columns: organization_id, name, acronym, variants, n_mentions, n_documents.
    """
    mentions = _mentions([speakers, chairs], "affiliation", "organization_id")
    rows = _group(mentions, "affiliation", "organization_id")
    for row in rows:
        row["acronym"] = next((a for a in map(acronym_of, [row["name"], *row["variants"]]) if a), None)
    columns = ["organization_id", "name", "acronym", "variants", "n_mentions", "n_documents"]
    return pd.DataFrame(rows, columns=columns)
