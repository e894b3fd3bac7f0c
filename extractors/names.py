"""Person-name normalisation: the rules that decide, from a printed name alone, who it is.

`person_key` composes small rules, one documented function each, into the comparison key
that `resolve.person_id` hashes:

1. `normalise_characters`: NFC, every dash to "-", every apostrophe to "'", spaces collapsed;
2. `strip_post_nominals`: trailing degrees and suffixes ("PhD", "Jr", "MD") dropped;
3. `reorder_comma`: "Rios, Jorge" → "Jorge Rios";
4. `strip_honorifics`: leading honorifics and titles ("Prof. Dr.", "H.E.", "Mme", "Dra.") dropped;
5. `reorder_capitalised_surname`: "ALVAREZ CHAVEZ Ricardo" → "Ricardo ALVAREZ CHAVEZ";
6. `key_tokens`: accents folded, case folded, initials split ("J.-P." → "j p"), hyphens
   and dots separate tokens, apostrophes dropped.

Any other order is kept as printed (East Asian "Meng Xianlin" stays surname first).
Cross-document decisions (initials "J. Rios" ↔ "Jorge Rios") are *not* made here: see
`initials_compatible`, which `resolve` applies only when exactly one candidate exists.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Sequence

# --------------------------------------------------------------------------- word lists

# Honorifics and academic titles dropped from the start of a name. Compared after
# `fold_token` (accents folded, case folded, dots removed). Deliberately absent: "m"
# (an initial as often as "Monsieur"), "he" and "me" (surnames), "don" (a given name).
HONORIFICS: frozenset[str] = frozenset({
    # English
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "hon", "rev",
    "revd", "fr", "he", "amb", "ambassador", "excellency", "honourable", "honorable",
    "judge", "justice", "assoc", "asst", "associate", "assistant", "engr", "capt",
    "col", "lt", "maj", "cdr", "sgt", "insp", "supt",
    # French, Spanish, Portuguese, Italian, German, Dutch
    "mme", "mlle", "mmes", "pr", "sr", "sra", "srta", "dra", "lic", "lica", "licda", "ing", "inga",
    "dott", "dottssa", "dssa", "prof.ssa", "profssa", "avv", "herr", "frau", "ir", "drs",
    "mag", "dipl", "dipling", "univprof", "profa", "mgter", "mgtr", "arq", "abog", "eng", "licdo", "inga", "msc",
})
# Tokens that are honorifics only at the very start and with a dot ("H.E." not "He").
DOTTED_ONLY: frozenset[str] = frozenset({"he"})
# Multi-word honorifics, folded.
HONORIFIC_PHRASES: tuple[tuple[str, ...], ...] = (
    ("his", "excellency"), ("her", "excellency"), ("the", "honourable"), ("the", "honorable"),
    ("the", "hon"), ("the", "rt", "hon"), ("right", "honourable"),
)
# Degrees, post-nominal letters and generational suffixes dropped from the end.
POST_NOMINALS: frozenset[str] = frozenset({
    "phd", "dphil", "md", "msc", "mba", "mphil", "bsc", "llm", "lld", "jd", "esq",
    "frs", "obe", "mbe", "cbe", "kbe", "peng", "jr", "snr", "jnr", "ii", "iii", "iv",
})
# "Sr" is an honorific at the start (Señor) but a suffix at the end (Senior).
TRAILING_ONLY: frozenset[str] = frozenset({"sr"})

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u0060\u00b4\u2032"
VOWELS = frozenset("aeiouy")

# Letters NFKD does not decompose, folded to ASCII for comparison only.
TRANSLITERATIONS: dict[str, str] = {
    "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ı": "i", "þ": "th", "ð": "d",
}

# Keys are pure functions of a printed string, asked again for every mention of the same
# name across an archive: remembered per process (bounded).
KEY_CACHE_SIZE = 65536
_SPACES = re.compile(r"\s+")
_CHARACTER_RULES = {**{ord(c): "-" for c in DASHES}, **{ord(c): "'" for c in APOSTROPHES}}  # disjoint sets
_KEY_SEPARATORS = re.compile(r"[.\-_/]+")
_NON_WORD = re.compile(r"[^\w\s]+")


# --------------------------------------------------------------------------- character rules


def normalise_characters(name: str) -> str:
    """NFC, dashes → "-", apostrophes → "'", whitespace collapsed ("Nguyen–Truong" → "Nguyen-Truong")."""
    text = unicodedata.normalize("NFC", name).translate(_CHARACTER_RULES)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=KEY_CACHE_SIZE)
def fold_accents(text: str) -> str:
    """Accents removed and case folded ("Montaño" → "montano", "Søren" → "soren")."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(TRANSLITERATIONS.get(c, c) for c in text)


def fold_token(token: str) -> str:
    """A token compared against the word lists: accents and case folded, dots and commas removed."""
    return fold_accents(token).replace(".", "").strip(",;:")


def has_accents(text: str) -> bool:
    """True when `text` carries a diacritic or a letter that folding changes ("Montaño")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return any(unicodedata.combining(c) for c in decomposed) or any(c in TRANSLITERATIONS for c in text.casefold())


# --------------------------------------------------------------------------- token rules


def strip_post_nominals(tokens: Sequence[str]) -> list[str]:
    """Trailing degrees and suffixes dropped ("Jorge Rios, PhD" → "Jorge Rios"; "LaViola Jr" → "LaViola")."""
    out = list(tokens)
    while len(out) > 1 and fold_token(out[-1]) in POST_NOMINALS | TRAILING_ONLY:
        out.pop()
    if out:
        out[-1] = out[-1].rstrip(",;")
    return out


def reorder_comma(name: str) -> str:
    """"Surname, Given" → "Given Surname" when the name has exactly one comma between two parts."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) != 2 or not all(parts):
        return name
    return f"{parts[1]} {parts[0]}"


def strip_honorifics(tokens: Sequence[str]) -> list[str]:
    """Leading honorifics and titles dropped ("Prof. Dr. Ana Ruiz" → "Ana Ruiz", "H.E. Mr X Y" → "X Y").

    A name is never emptied: at least one token is kept.
    """
    out = list(tokens)
    changed = True
    while changed and len(out) > 1:
        changed = False
        folded = [fold_token(t) for t in out]
        for phrase in HONORIFIC_PHRASES:
            if len(out) > len(phrase) and tuple(folded[: len(phrase)]) == phrase:
                out, changed = out[len(phrase):], True
                break
        else:
            word = folded[0]
            if word in DOTTED_ONLY and "." not in out[0]:
                break
            if word in HONORIFICS:
                out, changed = out[1:], True
    return out


def is_capitalised_surname(token: str) -> bool:
    """A token printed in capitals as a surname: 2+ letters, no lower case, with a vowel ("RIOS", "LE").

    Consonant-only capitals ("JP", "DB") are initials, not surnames.
    """
    letters = [c for c in token if c.isalpha()]
    return (
        len(letters) >= 2
        and all(c.isupper() for c in letters)
        and any(fold_accents(c) in VOWELS for c in letters)
    )


def reorder_capitalised_surname(tokens: Sequence[str]) -> list[str]:
    """"SURNAME Given" → "Given SURNAME" ("BEAUMONT Camille" → "Camille BEAUMONT").

    Applies only when one or more capitalised surname tokens come first and every token
    after them has lower-case letters; otherwise the order is kept as printed.
    """
    split = 0
    while split < len(tokens) and is_capitalised_surname(tokens[split]):
        split += 1
    rest = tokens[split:]
    if split == 0 or not rest or not all(any(c.islower() for c in t) for t in rest):
        return list(tokens)
    return [*rest, *tokens[:split]]


def split_initials(token: str) -> list[str]:
    """Initials as separate tokens: "J.P." / "J.-P." → ["J", "P"]; capital consonants "JP" → ["J", "P"]."""
    letters = [c for c in token if c.isalpha()]
    if 2 <= len(letters) <= 3 and all(c.isupper() for c in letters) and not is_capitalised_surname(token):
        return letters
    return [token]


def key_tokens(tokens: Sequence[str]) -> list[str]:
    """The comparison tokens: initials split, accents and case folded, "." and "-" separate, "'" dropped."""
    out: list[str] = []
    for token in tokens:
        for piece in split_initials(token):
            folded = fold_accents(piece).replace("'", "")
            for part in _KEY_SEPARATORS.split(folded):
                part = _NON_WORD.sub("", part)
                if part:
                    out.append(part)
    return out


# --------------------------------------------------------------------------- composition


def canonical_tokens(name: str) -> list[str]:
    """The printed tokens of a name after every rule that changes which words count, and their order."""
    text = normalise_characters(name)
    tokens = strip_post_nominals(text.split(" "))
    text = reorder_comma(" ".join(tokens))
    tokens = strip_honorifics(text.split(" "))
    return reorder_capitalised_surname(tokens)


@lru_cache(maxsize=KEY_CACHE_SIZE)
def person_key(name: str) -> str:
    """The identity key of a printed name: every rule applied, tokens joined by single spaces.

    "Prof. JORGE Ríos" and "Rios, Jorge" and "RIOS Jorge" all give "jorge rios".
    """
    return " ".join(key_tokens(canonical_tokens(name)))


def display_name(name: str) -> str:
    """A printed name without honorifics and post-nominals, order and case as printed."""
    text = normalise_characters(name)
    tokens = strip_honorifics(strip_post_nominals(text.split(" ")))
    return " ".join(tokens).strip(" ,;")


# --------------------------------------------------------------------------- initials (cross-document)


def is_initial(token: str) -> bool:
    """A key token that is an initial (one letter)."""
    return len(token) == 1


def initials_compatible(short: Sequence[str], full: Sequence[str]) -> bool:
    """True when key tokens `short` may abbreviate `full` ("j rios" → "jorge rios").

    Rules: same last token (surname), at least one given token on each side, the same first
    given name or its initial, every given token of `short` matching (equal, or its initial)
    a given token of `full` in order, and every skipped token of `full` being an initial
    ("evangelia zacharaki" → "evangelia i zacharaki"). Two equal keys are not compatible.
    """
    if list(short) == list(full) or len(short) < 2 or len(full) < 2 or short[-1] != full[-1]:
        return False
    given_s, given_f = list(short[:-1]), list(full[:-1])
    if not _token_matches(given_s[0], given_f[0]):
        return False
    j = 0
    for token in given_s:
        while j < len(given_f) and not _token_matches(token, given_f[j]):
            if not is_initial(given_f[j]):
                return False
            j += 1
        if j == len(given_f):
            return False
        j += 1
    return all(is_initial(t) for t in given_f[j:])


def _token_matches(short: str, full: str) -> bool:
    return short == full or (is_initial(short) and full.startswith(short))


def fullness(name: str) -> tuple[int, int]:
    """How complete a printed name is: (non-initial tokens, total tokens); higher is fuller."""
    tokens = key_tokens(canonical_tokens(name))
    return sum(not is_initial(t) for t in tokens), len(tokens)
