"""Language of a document: English, French or Spanish by function words, else langdetect.

Counting function words is fast and deterministic, and works on programme text where most
words are names. Words shared by French and Spanish ("de", "la", "en", "que") count for
both; between those two, only their own words decide. When no language clearly wins, langdetect (seeded, so deterministic) decides;
texts too short for either are called "en".
"""
from __future__ import annotations

import re
from typing import Optional

# Function words that are frequent in one language and rare in the other two.
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to in for with on is are by from at this that be will an as or it we our "
        "their which has have was were been its into about after before during welcome".split()
    ),
    "fr": frozenset(
        "le les des du et est une pour dans sur avec par au aux ce cette qui pas sont nous vous "
        "leur leurs ou mais été être avoir après avant pendant entre accueil journée".split()
    ),
    "es": frozenset(
        "el los las del y es una para con por al su sus como más se lo este esta son sobre "
        "entre hasta desde también pero fue ser bienvenida jornada".split()
    ),
}
# Function words shared by French and Spanish: they count for both (and not for English).
SHARED_ROMANCE = frozenset("de la en que un".split())
MIN_STOP_WORDS = 3  # below this many hits, stop words do not decide
WIN_RATIO = 1.5  # the winner needs this many times the runner-up's hits
MIN_LANGDETECT_CHARS = 100  # langdetect is unreliable on shorter texts
MAX_CHARS = 20000  # only the start of long texts is read

_WORD = re.compile(r"[^\W\d_]+")


def stop_word_counts(text: str) -> dict[str, int]:
    """How many function words of each language `text` contains."""
    counts = {lang: 0 for lang in STOP_WORDS}
    for word in _WORD.findall(text[:MAX_CHARS].lower()):
        for lang, words in STOP_WORDS.items():
            if word in words:
                counts[lang] += 1
    return counts


def shared_romance_count(text: str) -> int:
    """How many words shared by French and Spanish (`SHARED_ROMANCE`) `text` contains."""
    return sum(1 for word in _WORD.findall(text[:MAX_CHARS].lower()) if word in SHARED_ROMANCE)


def language_by_stop_words(text: str) -> Optional[str]:
    """"en", "fr" or "es" when function words clearly decide, else None."""
    counts = stop_word_counts(text)
    distinct = dict(counts)
    shared = shared_romance_count(text)
    counts["fr"] += shared
    counts["es"] += shared
    if counts["fr"] == counts["es"] == max(counts.values()) and shared:
        # French against Spanish: only their own words decide.
        counts = {"fr": distinct["fr"], "es": distinct["es"], "en": 0}
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    (best, best_n), (_second, second_n) = ranked[0], ranked[1]
    if best_n >= MIN_STOP_WORDS and best_n >= WIN_RATIO * second_n:
        return best
    return None


def language_by_langdetect(text: str) -> Optional[str]:
    """ISO code from langdetect with a fixed seed, or None when it cannot tell."""
    try:
        from langdetect import DetectorFactory, detect
        from langdetect.lang_detect_exception import LangDetectException
    except ImportError:
        return None
    DetectorFactory.seed = 0
    try:
        return detect(text[:MAX_CHARS])
    except LangDetectException:
        return None


def detect_language(text: str) -> str:
    """The document language: "en", "fr", "es", another ISO code, or "en" when too short to tell."""
    by_words = language_by_stop_words(text)
    if by_words:
        return by_words
    if len(text.strip()) < MIN_LANGDETECT_CHARS:
        return "en"
    return language_by_langdetect(text) or "en"
