"""Speaker parsing: split one item line into title, speakers, affiliations and roles.

The segmenter decides which lines are items, speaker lines or chair lines; this module
decides, inside one string, what is the title and who presents. Public functions:

- `split_item(text, lang, prefer=None, italic=None)`: "Title, Name, Org", "Name (Org):
  Title", "Title – Name", "Title by Name", ...: the best of its scored readings.
- `item_candidates(text, lang)`: every reading of an item line, scored (`Candidate`).
- `document_order(lines, lang)` / `DocumentOrder`: whether a document prints presenters
  before or after titles, learnt from its unambiguous entries (`prefer` of `split_item`).
- `parse_people(text, lang)`: a string holding only presenters ("A and B", "A, B (Org)").
- `parse_role_line(text, lang)`: "Chair: Name (Org)", "Moderador: ...", "Président·e : ...".
- `looks_like_person(text, lang)` / `looks_like_org(text, lang)`: rule scores in 0..1.

How a string is read: it is cut into chunks at separators outside parentheses (commas,
colons, dashes, conjunctions, slashes); each chunk is classified by rules (word lists in
`lexicon.py`); chunks the rules cannot decide are sent, in one batch, to spaCy NER
(`ner.py`). Each Speaker records which evidence decided it (`method` "rule", "ner",
"rule+ner") and a matching `confidence`. Offsets (`char_start`/`char_end`) are relative
to the string given; the caller adds the block's offset. Invisible characters and link
labels ("[Slides]") are blanked first (offsets kept); footnote markers on names ("Berg¹")
go to `Speaker.markers`, for `legends.py`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, Optional, Union

from . import lexicon as lx
from . import names
from .model import Speaker
from .ner import classify, model_lang

Span = tuple[int, int]

# --- confidence for each kind of evidence -------------------------------------------------
CONF_BOTH = 0.95  # rules and NER agree
CONF_RULE_STRONG = 0.9  # rules alone, strong cue (honorific, known organisation)
CONF_RULE = 0.8  # rules alone
CONF_NER = 0.7  # NER decided what the rules could not
CONF_GUESS = 0.5  # fallback guesses (position only)

PERSON_STRONG = 0.85  # person score at which rules decide alone
PERSON_MIN = 0.5  # below this a chunk is not a person by rules
ORG_STRONG = 0.8
# The rule scores are pure functions of a chunk's text, asked again for the same chunks while a
# line is split several ways: they are remembered (per process, bounded).
RULE_CACHE_SIZE = 65536
ORG_MIN = 0.3


@dataclass(frozen=True)
class ItemParse:
    """What `split_item` read in one item line.

    `label` is a leading label taken off before the people ("Lab 2a" in "Lab 2a: Name
    (Org): Title"); `rest` is trailing text that belongs to the next heading and ran into
    the last speaker in flattened text ("..., Chouaibou Nchoutpouen Asia" → rest "Asia").
    """

    title: Optional[str]
    speakers: list[Speaker]
    title_span: Optional[Span]
    label: Optional[str] = None
    rest: Optional[str] = None
    rest_span: Optional[Span] = None


@dataclass(frozen=True)
class RoleLine:
    """A line opening with a role label: "Chair: Name (Org)", "Moderador: ..."."""

    role: str  # normalised English: Chair, Moderator, Panelist, Discussant, Rapporteur, Keynote, Speaker
    people: list[Speaker]
    is_chair: bool  # chairs or moderates the session
    label: str = ""  # the label as printed ("Président·e")


@dataclass
class _Decision:
    """How one chunk was classified: kind, evidence, confidence."""

    kind: str  # "person" | "org" | "other"
    method: str = "rule"
    confidence: float = CONF_RULE


@dataclass
class _Chunk:
    """One presenter chunk parsed: its speakers, or what else it is."""

    kind: str  # "person" | "org" | "role_org" | "role" | "job" | "place" | "skip" | "other" | "org_paren"
    span: Span
    speakers: list[Speaker] = field(default_factory=list)
    affiliation: Optional[str] = None  # org text for org/role_org/place chunks
    role: Optional[str] = None
    decision: Optional[_Decision] = None
    own_parens: bool = False  # the person's parentheses said something other than an organisation


# --- text helpers ---------------------------------------------------------------------------

_EDGE_CHARS = " \t\r\n\u00a0,;:.-–—•*_|·"
_QUOTES = "\"'“”«»‘’„"
_OPEN, _CLOSE = "([{", ")]}"


@lru_cache(maxsize=RULE_CACHE_SIZE)
def _clean(text: str) -> str:
    """NFC with whitespace runs collapsed to one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _trim(text: str, span: Span, quotes: bool = False) -> Span:
    """Shrink a span past surrounding spaces, bullets and punctuation (and quotes)."""
    s, e = span
    edge = _EDGE_CHARS + (_QUOTES if quotes else "")
    while s < e and text[s] in edge:
        s += 1
    while e > s and text[e - 1] in edge:
        # keep the period of a final initial ("Mayte H.") and of "etc." stays dropped
        if text[e - 1] == "." and e - 2 >= s and text[e - 2].isupper() and (e - 3 < s or not text[e - 3].isalpha()):
            break
        e -= 1
    return s, e


# Characters that print nothing, and link labels left in the text by web pages ("[Slides]",
# "[Video]", a language tag "[en]"): blanked to spaces so that offsets stay those of the input.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_LINK_TAG = re.compile(
    r"\[(?:slides?|video|pdf|paper|abstract|poster|recording|link|live|online|remote|[a-z]{2})\]", re.I)
_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰ᵃᵇᶜᵈᵉᶠ"
_SUPER_TO_PLAIN = str.maketrans(_SUPERSCRIPTS, "1234567890abcdef")
# "Berg1,2" / "Berg¹,²": the comma inside a marker list is not a separator between people.
_MARKER_LIST = re.compile(rf"(?<=[^\W\d_])(?:\d{{1,2}}|[{_SUPERSCRIPTS}]+)(?:,(?:\d{{1,2}}|[{_SUPERSCRIPTS}]+))+(?=[\s;,)]|$)")
_SPACED_SUPERSCRIPTS = re.compile(rf"(?<=[{_SUPERSCRIPTS}])\s(?=[{_SUPERSCRIPTS}])")
# Footnote markers at the end of a name: "Berg¹", "Berg1", "Berg1+2" (a list prepared above),
# "Berg*", "Berg†", "Berg a" (a lone letter a-f after the name).
_TRAIL_MARKER = re.compile(rf"(?<=[^\W\d_])(?P<m>[{_SUPERSCRIPTS}+]+|\d{{1,2}}(?:\+\d{{1,2}})*|[*†‡§]+)$")
_TRAIL_LETTER = re.compile(r"(?<=[^\W\d_]{2})\s(?P<m>[a-f](?:\+[a-f])*)$")


# The same labels left bare at the end of a line when a page's links were flattened
# ("... – Ana Lima (remote) slides"): lower case, after a name or a closing parenthesis.
_BARE_LINK_TAIL = re.compile(r"(?<=[)\w])(?:\s+(?:slides?|video|recording|pdf|paper|abstract))+\s*$")
# A talk's length printed in front of its entry ("25 min - Title - Name"): scheduling, not title.
_LEADING_DURATION = re.compile(r"^\s*[-•*]?\s*\d{1,3}\s*(?:min|mins|minutes|min\.)\s*[-–—:]\s+")


#: A whole string in square brackets: a Markdown link's text ("[Ana Ruiz]" pointing to her
#: abstract further down), read without its brackets.
_WHOLLY_BRACKETED = re.compile(r"^(\s*)\[([^\[\]]+)\](\s*)$")


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _bare_link_tail(m: re.Match[str]) -> str:
    before = m.string[:m.start()].split()
    last = before[-1] if before else ""
    return _blank(m) if last.endswith(")") or last[:1].isupper() else m.group()


@lru_cache(maxsize=RULE_CACHE_SIZE)
def _prepare(text: str) -> str:
    """The text to read, same length as `text`: invisible characters, link labels and a
    leading talk length blanked, commas and spaces inside glued marker lists ("Berg1,2",
    "Berg¹ ²") turned into "+"."""
    text = _INVISIBLE.sub(" ", text)
    text = _LINK_TAG.sub(_blank, text)
    text = _BARE_LINK_TAIL.sub(_bare_link_tail, text)
    text = _LEADING_DURATION.sub(_blank, text)
    text = _SPACED_SUPERSCRIPTS.sub("+", text)  # "Berg¹ ²"
    text = _WHOLLY_BRACKETED.sub(lambda m: f"{m.group(1)} {m.group(2)} {m.group(3)}", text)
    return _MARKER_LIST.sub(lambda m: m.group().replace(",", "+"), text)


def _take_markers(name: str) -> tuple[str, tuple[str, ...]]:
    """Split footnote markers off the end of a name: "Priya Natarajan¹+²" → ("Priya Natarajan", ("1", "2"))."""
    m = _TRAIL_MARKER.search(name) or _TRAIL_LETTER.search(name)
    if not m:
        return name, ()
    marks = tuple(x for x in m.group("m").translate(_SUPER_TO_PLAIN).split("+") if x)
    if any(x.isdigit() for x in marks) and any(x.isalpha() for x in marks):
        marks = tuple(x for x in marks if x.isdigit())
    return name[:m.start()].rstrip(), marks


@lru_cache(maxsize=RULE_CACHE_SIZE)
def _bare(text: str) -> str:
    """A chunk without the footnote markers of a name ("Tomas Berg²" → "Tomas Berg"); other
    text ("G20", "COVID-19") unchanged."""
    bare, marks = _take_markers(text)
    return bare if marks and looks_like_person(bare) >= PERSON_MIN else text


def _depths(text: str) -> list[int]:
    """Bracket depth at each character (0 = outside any parentheses)."""
    out, d = [], 0
    for ch in text:
        if ch in _OPEN:
            out.append(d)
            d += 1
        elif ch in _CLOSE:
            d = max(0, d - 1)
            out.append(d)
        else:
            out.append(d)
    return out


_SPLITS: dict[tuple[str, Span, str], tuple[Span, ...]] = {}


def _split_top(text: str, span: Span, pattern: re.Pattern[str], depth: list[int]) -> list[Span]:
    """Split a span at matches of `pattern` outside parentheses; empty parts dropped.

    `depth` is always `_depths(text)`, so the answer depends on the text, span and pattern
    only: it is remembered (the readings of one line split it the same ways many times).
    """
    key = (text, span, pattern.pattern)
    found = _SPLITS.get(key)
    if found is None:
        if len(_SPLITS) >= RULE_CACHE_SIZE:
            _SPLITS.clear()
        found = _SPLITS[key] = tuple(_split_top_once(text, span, pattern, depth))
    return list(found)


def _split_top_once(text: str, span: Span, pattern: re.Pattern[str], depth: list[int]) -> list[Span]:
    s, e = span
    parts, start = [], s
    base = depth[s] if s < len(depth) else 0  # a span inside parentheses splits at its own level
    for m in pattern.finditer(text, s, e):
        if m.start() == m.end() or depth[m.start()] != base:
            continue
        parts.append((start, m.start()))
        start = m.end()
    parts.append((start, e))
    return [p for p in (_trim(text, q) for q in parts) if p[0] < p[1]]


_COMMA = re.compile(r"[,;]")
_COLON = re.compile(r"\s*:\s+")
_DASH = re.compile(r"\s+(?:–|—|-{1,3})\s+|(?<=\))\s*[-–—]\s*|\s+[–—](?=\S)")
_PERIOD_QUOTE = re.compile(r"\.\s+(?=[“\"«])")
_CONJ = re.compile(r"\s+(?:and/or|and|or|&|et|y|e|und|ou|\+)\s+|\s*/\s*", re.IGNORECASE)
_TRAILING_PAREN = re.compile(r"\(([^()]*)\)\s*$|\[([^\[\]()]*)\]\s*$")  # "(Org)", or "[Org]" as some programmes print it
_DIGIT = re.compile(r"\d")
_HEADING_GLUE = re.compile(
    r"\s(?:Session|Séance|Sesión|Sesion|Panel|Day|Jour|Día|Part|Module)\s*[-–—]?\s*"
    r"(?:\d{1,2}[a-z]?|[IVXLC]{1,5})\b",
)
_ROMAN = re.compile(r"^[IVXLC]+$")


def _strip_honorifics(text: str, lang: str) -> tuple[str, bool]:
    """Drop leading honorifics ("Prof. Dr. Name" → "Name"); True if any was there.

    An honorific is stripped only when something follows it.
    """
    tokens = text.split()
    had = False
    while len(tokens) > 1 and lx.is_honorific(tokens[0], lang):
        tokens.pop(0)
        had = True
    return " ".join(tokens), had


# --- token shapes ---------------------------------------------------------------------------

@lru_cache(maxsize=RULE_CACHE_SIZE)
def _is_cap_word(tok: str) -> bool:
    """A capitalised name word: "Montaño", "Chul-hun", "McCloskey", "O'Neil", "Nguyen–Truong"."""
    parts = re.split(r"[-–'’]", tok)
    head = parts[0]
    if len(parts) > 1 and len(head) == 1 and head.isupper() and tok[1] in "'’":
        head, parts = parts[1], parts[1:]  # "O'Neil", "D’Eusanio"
    if len(head) < 2 or not head[0].isupper() or not head[1:].isalpha():
        return False
    if sum(c.isupper() for c in head) > 2 or not any(c.islower() for c in head):
        return False
    return all(p.isalpha() for p in parts[1:] if p)


def _is_initial(tok: str) -> bool:
    """An initial or initials: "A.", "V.K.", "H", "JP", "DB", "Md.", "Kr.", "J.-P."."""
    if re.fullmatch(r"(?:[A-Z]\.){1,3}|[A-Z]|[A-Z][a-z]\.|[A-Z]\.-[A-Z]\.", tok):
        return True
    return bool(re.fullmatch(r"[A-Z]{2,3}", tok)) and not _ROMAN.match(tok)


def _is_caps_word(tok: str) -> bool:
    """An upper-case word ("STAUDER", "LEHOUX-CERQUEIRA"): a surname or an acronym."""
    letters = [c for c in tok if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and all(
        c.isalpha() or c in "-'’" for c in tok
    )


@lru_cache(maxsize=RULE_CACHE_SIZE)
def _is_acronym(tok: str) -> bool:
    """An organisation acronym: "UNODC", "ARPA-E", "UNESCO-IHE", "NOAA/IATTC", "RILOs"."""
    tok = tok.strip(".,;:()")
    if not tok or _ROMAN.match(tok) or lx.is_tbc(tok):
        return False
    letters = [c for c in tok if c.isalpha()]
    uppers = sum(c.isupper() for c in letters)
    if uppers < 2:
        return False
    if not all(c.isalnum() or c in "-&/.'" for c in tok):
        return False
    return uppers >= len(letters) - 1 or tok.endswith("s") and uppers == len(letters) - 1


def _words(text: str) -> list[str]:
    """Tokens of a chunk, with surrounding punctuation that is not part of a name removed."""
    return [t.strip(",;:()[]\"“”") for t in text.split() if t.strip(",;:()[]\"“”")]


# --- rule scores ----------------------------------------------------------------------------

@lru_cache(maxsize=RULE_CACHE_SIZE)
def looks_like_person(text: str, lang: str = "en") -> float:
    """Rule score (0..1) that `text` is a person's name.

    Up: honorifics, 2-4 capitalised words, initials ("A. Morton"), SURNAME Firstname.
    Down to 0: digits, lower-case words other than particles, stop-words, organisation
    words and acronyms, title words ("Opening Remarks"), a lone country, dates and times,
    session labels ("Session 2 Jorge Rios"), more than six words.
    """
    text = _clean(text)
    if not text or _DIGIT.search(text):
        return 0.0
    key = lx.normalise(text)
    if key in lx.COUNTRIES or key in lx.KNOWN_ORGS or lx.is_non_speaker(text) or lx.is_tbc(text):
        return 0.0
    name, had_hon = _strip_honorifics(text, lang)
    tokens = _words(name)
    if not tokens or len(tokens) > 7:
        return 0.0
    n_cap = n_init = n_caps = n_ambiguous = 0
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if tok in ("-", "–"):
            continue
        if low in lx.NAME_PARTICLES and 0 < i < len(tokens) - 1 or low.startswith("al-"):
            continue
        if tok[:1].islower():
            return 0.0  # a lower-case word other than a particle: not a name
        if i > 0 and low in lx.NAME_LIKE_WORDS:
            n_ambiguous += 1
        elif low in lx.TITLE_WORDS or low in lx.ORG_KEYWORDS or low in lx.KNOWN_ORGS:
            return 0.1
        elif low in lx.JOB_WORDS:
            return 0.1
        if lx.is_honorific(tok, lang):
            return 0.1
        if _is_cap_word(tok):
            n_cap += 1
        elif _is_initial(tok):
            n_init += 1
        elif _is_caps_word(tok):
            n_caps += 1
        else:
            return 0.0
    if n_cap == 0:
        # only initials/upper-case words: "JP" alone, "RILO AP": not a name
        return 0.2 if had_hon else 0.0
    if n_caps and n_init:
        return 0.3
    n_words = n_cap + n_init + n_caps
    if n_words == 1:
        score = 0.35
    elif n_words <= 4:
        score = 0.75
    else:
        score = 0.6
    if n_caps:  # SURNAME Firstname, or an acronym next to a word
        score = min(score, 0.6)
    if had_hon:
        score = min(1.0, score + 0.2) if n_words > 1 else 0.8
    if n_ambiguous:
        score = min(score, 0.55)
    return score


@lru_cache(maxsize=RULE_CACHE_SIZE)
def looks_like_org(text: str, lang: str = "en") -> float:
    """Rule score (0..1) that `text` is an organisation name.

    Up: a known organisation, acronyms only ("RILO AP"), an organisation word
    (University, Ministerio, Institut, ...) in a chunk starting with a capital, an acronym
    followed by capitalised words ("USFWS Office ...", "CELEC Ecuador"). Capitalised words
    alone ("Satavia", "Alaska Airlines") stay ambiguous (0.4). Lower-case starts, digits
    (dates, times) and "to be confirmed" words give 0.
    """
    del lang
    text = _clean(text).strip(" .,;:")
    if not text or not (text[0].isupper() or text[0] in "«\"“"):
        return 0.0
    key = lx.normalise(text)
    if key in lx.KNOWN_ORGS:
        return 0.95
    if lx.is_tbc(text) or lx.is_non_speaker(text) or re.search(r"\d{1,2}[:.h]\d{2}", text):
        return 0.0
    tokens = _words(text)
    if not tokens:
        return 0.0
    lowered = [t.lower().rstrip(".") for t in tokens]
    if all(low in lx.TITLE_WORDS or low in lx.STOP_WORDS for low in lowered):
        return 0.0
    if all(_is_acronym(t) or t.lower() in lx.KNOWN_ORGS or t in "&-" for t in tokens):
        return 0.9
    content_lower = [
        t for t, low in zip(tokens, lowered)
        if t[:1].islower() and low not in lx.STOP_WORDS and low not in lx.NAME_PARTICLES
    ]
    has_keyword = any(low in lx.ORG_KEYWORDS or t.lower() in lx.ORG_KEYWORDS for t, low in zip(tokens, lowered))
    if has_keyword:
        return 0.85 if len(content_lower) <= 1 else 0.6
    if content_lower:
        return 0.0
    first = tokens[0]
    if (_is_acronym(first) or first.lower() in lx.KNOWN_ORGS) and len(tokens) <= 5:
        return 0.8
    if any(_is_acronym(t) for t in tokens):
        return 0.6
    if len(tokens) <= 5 and key not in lx.COUNTRIES:
        return 0.4
    return 0.2


# --- chunk decisions (rules first, NER for what remains) -------------------------------------

class _Reader:
    """Reads chunks of one string: rule scores, with NER asked once per batch."""

    def __init__(self, lang: str) -> None:
        self.lang = (lang or "en").lower()[:2]
        self._ner: dict[str, str] = {}

    def prefetch(self, texts: Iterable[str]) -> None:
        """Send every chunk the rules cannot decide to NER in one batch."""
        todo = sorted({_clean(t) for t in texts if _clean(t) and self._ambiguous(_clean(t))} - set(self._ner))
        if todo:
            self._ner.update(zip(todo, classify(todo, self.lang)))

    def _ambiguous(self, text: str) -> bool:
        p = looks_like_person(text, self.lang)
        o = looks_like_org(text, self.lang)
        return PERSON_MIN <= p < PERSON_STRONG or 0.3 <= o < ORG_STRONG or 0.3 <= p < PERSON_MIN and o < ORG_STRONG

    def ner(self, text: str) -> str:
        text = _clean(text)
        if text not in self._ner:
            self._ner[text] = classify([text], self.lang)[0]
        return self._ner[text]

    def decide(self, text: str, allow_single: bool = False) -> _Decision:
        """Person, organisation or other, with the evidence that decided it.

        `allow_single`: a lone capitalised word may be a person (presenter-only strings).
        """
        text = _bare(_clean(text))
        p = looks_like_person(text, self.lang)
        o = looks_like_org(text, self.lang)
        if p >= PERSON_STRONG:
            return _Decision("person", "rule", CONF_RULE_STRONG)
        if o >= ORG_STRONG and p < PERSON_MIN:
            return _Decision("org", "rule", CONF_RULE_STRONG if o >= 0.9 else CONF_RULE)
        if p < 0.3 and o < ORG_MIN:
            return _Decision("other")
        label = self.ner(text) if self._ambiguous(text) else "OTHER"
        has_model = _has_model(self.lang)
        if label == "PERSON" and p >= 0.3:
            if p >= PERSON_MIN:
                return _Decision("person", "rule+ner", CONF_BOTH)
            return _Decision("person", "ner", CONF_NER)
        if label == "ORG" and (o >= ORG_MIN or p < 0.75) and p < 0.75:
            return _Decision("org", "rule+ner" if o >= 0.6 else "ner", CONF_BOTH if o >= 0.6 else CONF_NER)
        if p >= 0.75 or p >= PERSON_MIN and not has_model:
            return _Decision("person", "rule", CONF_RULE if not has_model else 0.6)
        if p >= 0.6:
            return _Decision("person", "rule", CONF_GUESS)
        if allow_single and p >= 0.3 and label != "ORG":
            return _Decision("person", "rule", CONF_GUESS)
        if o >= 0.6:
            return _Decision("org", "rule", 0.6)
        if o >= 0.4:
            return _Decision("org", "rule", CONF_GUESS)
        return _Decision("other")


def _has_model(lang: str) -> bool:
    """True when spaCy has a model for `lang` (Spanish is read by the rules alone)."""
    return model_lang(lang) is not None


# --- chunks → speakers ----------------------------------------------------------------------

def _role_prefix(text: str) -> tuple[Optional[str], str]:
    """Split "Chair INTERPOL WCWG" into ("Chair", "INTERPOL WCWG"); (None, text) otherwise."""
    tokens = text.split()
    if tokens and tokens[0].lower().strip(".,:") in lx.PREFIX_ROLES:
        return lx.PREFIX_ROLES[tokens[0].lower().strip(".,:")], " ".join(tokens[1:])
    return None, text


def _is_job(text: str) -> bool:
    """A job title ("Associate Professor", "Doctoral Candidate", "Vice Minister of ...").

    It opens with a job word, or holds one and does not read as an organisation.
    """
    tokens = [t.lower().strip(".,") for t in re.split(r"[\s-]+", text) if t]
    if tokens and all(t in lx.JOB_WORDS or t in ("general", "adjoint", "adjunto", "deputy", "vice", "co")
                      for t in tokens) and any(t in lx.JOB_WORDS for t in tokens):
        return True  # "Director-General", "Deputy Director"
    if not tokens or looks_like_person(text) >= PERSON_MIN:
        return False
    if tokens[0] in lx.JOB_WORDS:
        return True
    return any(t in lx.JOB_WORDS for t in tokens) and looks_like_org(text) < ORG_STRONG


def _person(reader: _Reader, text: str, span: Span, decision: _Decision, affiliation: Optional[str] = None) -> Speaker:
    """A Speaker for a person chunk: honorifics and footnote markers stripped, whitespace collapsed."""
    name, _ = _strip_honorifics(_clean(text), reader.lang)
    name, markers = _take_markers(name)
    return Speaker(
        markers=markers,
        name=name.strip(" ,;:") or None,
        affiliation=_clean(affiliation).strip(" ,;:") if affiliation else None,
        method=decision.method,
        confidence=decision.confidence,
        char_start=span[0],
        char_end=span[1],
    )


def _paren_split(text: str, span: Span) -> tuple[Span, Optional[Span]]:
    """Split "Name (Org)" into the head span and the span inside the final parentheses."""
    s, e = span
    m = _TRAILING_PAREN.search(text, s, e)
    if not m or m.end() != e or m.start() == s:
        return span, None
    g = 1 if m.group(1) is not None else 2
    head = _trim(text, (s, m.start()))
    inner = _trim(text, (m.start(g), m.end(g)))
    return head, inner if inner[0] < inner[1] else None


def _conj_parts(reader: _Reader, text: str, span: Span, depth: list[int]) -> Optional[list[Span]]:
    """Split "A and B", "A/B", "Marc or Joe Scutt" when every part is a person; else None."""
    parts = _split_top(text, span, _CONJ, depth)
    if len(parts) < 2:
        return None
    for part in parts:
        head, _ = _paren_split(text, part)
        d = reader.decide(text[head[0]:head[1]], allow_single=True)
        if d.kind != "person":
            return None
    return parts


_NAME_DASH_ORG = re.compile(r"^(?P<name>[^–—]+?)\s+[–—]\s*(?P<org>\S.*)$")


_CONJ_WORDS = re.compile(r"\s(?:and|&|et|y|und|e|or|ou|o)\s|/", re.I)
_SERIAL_CONJ = re.compile(r"\s*(?:and|&|et|y|und|e)\s+", re.I)


def _parse_chunk(reader: _Reader, text: str, span: Span, depth: list[int], lenient: bool) -> _Chunk:
    """Classify one comma-separated chunk and read its speakers."""
    raw = _clean(text[span[0]:span[1]])
    if lx.is_non_speaker(raw):
        return _Chunk("skip", span)
    if raw[:1] in _QUOTES:
        return _Chunk("other", span)  # a quoted title, whatever its words look like
    kept = _drop_non_speaker_parts(text, span, depth)
    if kept != span:
        return _parse_chunk(reader, text, kept, depth, lenient)
    serial = _SERIAL_CONJ.match(text, span[0], span[1])
    if serial and serial.end() < span[1]:
        # "A (X), B (Y), and C (Z)": the conjunction after the last comma joins, it names no one
        return _parse_chunk(reader, text, (serial.end(), span[1]), depth, lenient)
    dash = _NAME_DASH_ORG.match(raw)
    if dash and "(" not in raw and "[" not in raw and looks_like_person(dash.group("name"), reader.lang) >= 0.5 \
            and (looks_like_org(dash.group("org"), reader.lang) >= 0.4 or _is_acronym(dash.group("org").split()[0])):
        # "Nicholas DB – NOAA", "Ijima-san –Japan FRA": a presenter and the organisation after a dash
        d = reader.decide(dash.group("name"), allow_single=True)
        sp = _person(reader, dash.group("name"), span, d if d.kind == "person" else _Decision("person", "rule", CONF_GUESS),
                     _clean(dash.group("org")))
        return _Chunk("person", span, [sp], decision=d)
    parts = _conj_parts(reader, text, span, depth)
    if parts and all(len(_clean(text[a:b]).split()) == 1 for a, b in parts):
        # "Sanitation and Irrigation": single words joined by "and" end an organisation's name
        return _Chunk("place", span, affiliation=raw)
    if parts:
        speakers: list[Speaker] = []
        for part in parts:
            speakers.extend(_parse_chunk(reader, text, part, depth, lenient).speakers)
        _share_backward(speakers, len(speakers))
        return _Chunk("person", span, speakers, decision=_Decision("person"))
    head, inner = _paren_split(text, span)
    marked = _clean(text[head[0]:head[1]])
    head_text = _bare(marked)
    inner_text = _clean(text[inner[0]:inner[1]]) if inner else None
    own_parens = False
    if inner_text and _is_credential(inner_text):
        inner, inner_text = None, None  # "Pablo Rivas (Ingeniero civil)", "(PhD)": not an affiliation
        own_parens = True
    inner_text = _without_leading_job(inner_text)
    if inner_text and re.match(r"(?i)(and/or|and|or|et|y|ou)\s", inner_text):
        # "Thom Teears (and/or Tiffany Vidal)": a second person in parentheses
        first = _parse_chunk(reader, text, head, depth, lenient)
        extra_start = inner[0] + re.match(r"(?i)(and/or|and|or|et|y|ou)\s+", inner_text).end()  # type: ignore[union-attr]
        second = _parse_chunk(reader, text, (extra_start, inner[1]), depth, lenient)
        return _Chunk("person", span, first.speakers + second.speakers, decision=_Decision("person"))
    if inner_text and (lx.is_tbc(inner_text) or inner_text[0].islower() or inner_text[0].isdigit()):
        # "(tbc)", "(previous assessment, options for 2026)", "(9 and 6 regions options)": a note
        return _parse_chunk(reader, text, head, depth, lenient)
    role, rest = _role_prefix(head_text)
    job_of = _JOB_OF.match(head_text) if not inner_text else None
    if job_of and _is_job(job_of.group("job")) and looks_like_org(job_of.group("org"), reader.lang) >= 0.6:
        # "governor of Banque de France", "Senior Lecturer at Kyoto University": the organisation
        return _Chunk("org", span, affiliation=job_of.group("org"), decision=_Decision("org", "rule", CONF_RULE))
    if not role and not inner_text and _is_job(head_text):
        return _Chunk("job", span)  # "Director-General" between a name and an organisation
    decision = reader.decide(head_text, allow_single=lenient or inner_text is not None)
    if decision.kind != "person" and inner_text and not role and looks_like_person(head_text, reader.lang) >= 0.5 \
            and looks_like_org(head_text, reader.lang) < 0.5:
        # "Carol King (UK Data Service)": a name-shaped head before a parenthesis is a person
        decision = _Decision("person", "rule", CONF_RULE)
    if decision.kind == "person" and not (role and looks_like_person(rest, reader.lang) < PERSON_MIN):
        sp = _person(reader, marked, span, decision, inner_text)
        return _Chunk("person", span, [sp], decision=decision, own_parens=own_parens)
    if role:
        if not rest:  # "Chair" alone (pdf-02 leads): a role without a name
            return _Chunk("role", span, role=role)
        return _Chunk("role_org", span, affiliation=_clean(rest + (f" ({inner_text})" if inner_text else "")), role=role)
    if _is_job(head_text):
        return _Chunk("job", span)
    if decision.kind == "org":
        affil = head_text + (f" ({inner_text})" if inner_text else "")
        return _Chunk("org", span, affiliation=affil, decision=decision)
    if inner_text and lenient:
        # "Previous assessments (SPC)": an organisation-only presenter
        return _Chunk("org_paren", span, affiliation=inner_text, decision=_Decision("org", "rule", CONF_GUESS))
    if _is_place(head_text) and not inner_text:
        return _Chunk("place", span, affiliation=head_text)
    return _Chunk("other", span)


_JOB_OF = re.compile(r"^(?P<job>[^\W\d][\w\- ]{2,60}?)\s+(?:of|at|for|à|au|de la|du|de|del|da|do|der|bei)\s+(?P<org>[A-Z].*)$")


def _drop_non_speaker_parts(text: str, span: Span, depth: list[int]) -> Span:
    """ "Chair/all", "Chair/group" → "Chair": drop joined parts that name nobody."""
    parts = _split_top(text, span, _CONJ, depth)
    if len(parts) < 2:
        return span
    kept = [p for p in parts if not lx.is_non_speaker(text[p[0]:p[1]])]
    if len(kept) == 1:
        return kept[0]
    return span


def is_job_title(text: str) -> bool:
    """A job title ("Associate Professor", "Vice Minister of ..."): see `_is_job`."""
    return _is_job(text)


def _is_credential(text: str) -> bool:
    """A profession or degree printed in parentheses after a name ("Ingeniero civil", "PhD",
    "MD, MPH"): not an organisation."""
    printed = [w.strip(".,;") for w in re.split(r"[\s,;]+", text) if w.strip(".,;")]
    words = [w.lower() for w in printed]
    if not words or len(words) > 4:
        return False
    if all(names.fold_token(w) in names.POST_NOMINALS for w in words):
        return True
    # job words, possibly ending in one lower-case qualifier ("Ingeniero civil", "Senior Economist")
    return words[0] in lx.JOB_WORDS and looks_like_org(text) < ORG_STRONG and all(
        w in lx.JOB_WORDS or (k == len(words) - 1 and printed[k].islower() and printed[k].isalpha())
        for k, w in enumerate(words))


def _without_leading_job(inner: Optional[str]) -> Optional[str]:
    """ "(PostDoc, ETH Zurich)", "(Senior Lecturer, University of Leeds)": the organisation
    printed after a job title inside a person's parentheses, without the job title."""
    while inner and "," in inner:
        job, _, rest = inner.partition(",")
        if not _is_job(job.strip()) or looks_like_org(rest.strip()) < 0.4:
            break
        inner = rest.strip()
    return inner


def _is_place(text: str) -> bool:
    """One or two capitalised words ("Boulder", "Paraguay"): the tail of an affiliation."""
    tokens = text.split()
    return 0 < len(tokens) <= 2 and all(_is_cap_word(t) for t in tokens)


def _share_backward(speakers: list[Speaker], n: int) -> None:
    """ "A/B (Org)", "A and B (Org)": the last person's affiliation goes to each of the
    `n` trailing speakers when none of the others has one."""
    if not speakers:
        return
    group = speakers[-n:]
    affil = group[-1].affiliation
    if affil and all(sp.affiliation is None for sp in group[:-1]):
        for sp in group[:-1]:
            sp.affiliation, sp.shared = affil, True


def _assemble(chunks: list[_Chunk]) -> list[Speaker]:
    """Turn classified chunks (left to right) into speakers.

    An organisation after people without one becomes their affiliation; a place after an
    organisation extends it ("University of Colorado, Boulder"); job titles are dropped;
    "Chair INTERPOL WCWG" after a person gives role and affiliation; an organisation with
    no person pending is an organisation-only presenter.
    """
    speakers: list[Speaker] = []
    pending: list[Speaker] = []  # people still waiting for an affiliation
    last_affiliated: Optional[Speaker] = None
    for chunk in chunks:
        country = _country(chunk)
        if country and not pending and last_affiliated is not None and last_affiliated.affiliation:
            # "Name, University of Cambridge, UK": the organisation's country, not a presenter
            last_affiliated.affiliation = f"{last_affiliated.affiliation}, {country}"
        elif chunk.kind == "person" and _is_place_tail(chunk, pending, last_affiliated):
            last_affiliated.affiliation = f"{last_affiliated.affiliation}, {_clean(chunk.speakers[0].name or '')}"  # type: ignore[union-attr]
        elif chunk.kind == "person":
            new = chunk.speakers
            speakers.extend(new)
            if any(sp.affiliation for sp in new):
                # "A, B, C and D (Org)": an author list's organisation in parentheses covers
                # every name back to the previous parenthesis, however long the run
                if new[0].affiliation is not None:
                    for sp in pending:
                        sp.affiliation, sp.shared = new[0].affiliation, True
                pending = []
                last_affiliated = new[-1]
            elif chunk.own_parens:
                # "Allison Chaney (Researcher), John Laudun (Louisiana)": a person whose own
                # parentheses held no organisation does not share the next one's
                pending = []
                last_affiliated = None
            else:
                pending.extend(new)
                last_affiliated = None
        elif chunk.kind in ("org", "role_org", "org_paren") and chunk.affiliation:
            if pending:
                conference_role = chunk.role if chunk.role in lx.CONFERENCE_ROLES else None
                for sp in pending:
                    sp.affiliation = chunk.affiliation
                    if conference_role:
                        sp.role = conference_role
                last_affiliated = pending[-1]
                pending = []
            elif last_affiliated is not None and last_affiliated.name and chunk.kind == "org" and chunk.decision \
                    and chunk.decision.confidence <= CONF_GUESS:
                last_affiliated.affiliation = f"{last_affiliated.affiliation}, {chunk.affiliation}"
            else:
                d = chunk.decision or _Decision("org")
                speakers.append(Speaker(
                    name=None, affiliation=chunk.affiliation, role=chunk.role, method=d.method,
                    confidence=d.confidence, char_start=chunk.span[0], char_end=chunk.span[1],
                ))
                last_affiliated = speakers[-1]
        elif chunk.kind == "place" and last_affiliated is not None and last_affiliated.affiliation:
            last_affiliated.affiliation = f"{last_affiliated.affiliation}, {chunk.affiliation}"
        elif chunk.kind == "place" and pending:
            for sp in pending:
                sp.affiliation = chunk.affiliation
            last_affiliated, pending = pending[-1], []
        elif chunk.kind == "role":
            if pending and chunk.role in lx.CONFERENCE_ROLES:
                for sp in pending:
                    sp.role = chunk.role
            elif not pending and chunk.role:
                speakers.append(Speaker(
                    name=None, role=chunk.role, method="rule", confidence=CONF_RULE,
                    char_start=chunk.span[0], char_end=chunk.span[1],
                ))
    return speakers


def _country(chunk: _Chunk) -> Optional[str]:
    """The chunk's text when it is only a country ("UK", "The Netherlands"), else None."""
    if chunk.kind in ("org", "place"):
        printed = chunk.affiliation
    elif chunk.kind == "person" and len(chunk.speakers) == 1 and not chunk.speakers[0].affiliation:
        printed = chunk.speakers[0].name
    else:
        return None
    key = lx.normalise(printed or "")
    return printed if (key[4:] if key.startswith("the ") else key) in lx.COUNTRIES else None


def _is_place_tail(chunk: _Chunk, pending: list[Speaker], last: Optional[Speaker]) -> bool:
    """A lone word read as a weak person right after an organisation ("..., Boulder")."""
    if pending or last is None or not last.affiliation or len(chunk.speakers) != 1:
        return False
    sp = chunk.speakers[0]
    return bool(sp.name) and len(sp.name.split()) == 1 and sp.affiliation is None and sp.confidence < CONF_BOTH


_AS_ROLE = re.compile(r"\s+(?:as|en tant que|como|als)\s+(?P<role>[^\W\d][\w ]{2,30}?)[.;]?\s*$", re.I)
# the end of one "People as role." sentence when another sentence follows it
_AS_ROLE_SENTENCE = re.compile(r"\s(?:as|en tant que|como|als)\s+[^\W\d][\w ]{2,30}?[.;]\s+(?=[^\W\d_])", re.I)


def _role_sentences(text: str, span: Span) -> list[Span]:
    """ "A and B as paper writers. C, D and E as panelists.": one span per sentence that
    closes with its own "as <role>" (a single span when there is only one)."""
    cuts = [m.end() for m in _AS_ROLE_SENTENCE.finditer(text, span[0], span[1]) if m.end() < span[1]]
    bounds = [span[0], *cuts, span[1]]
    parts = [_trim(text, (a, b)) for a, b in zip(bounds, bounds[1:])]
    return [p for p in parts if p[0] < p[1]]


def _read_people(reader: _Reader, text: str, span: Span, depth: list[int], strict: bool,
                 named_by_role: bool = False) -> Optional[list[Speaker]]:
    """Speakers in a presenter-only span; None (strict) when a chunk is not a presenter.

    A closing "as panelists" / "comme discutant" gives the people its role, and says they
    are people: a name-shaped chunk before it is read as a person even where NER calls it an
    organisation ("Ufuk AKCIGIT as paper writer"). Several such sentences in one span are
    read one by one, each with its role."""
    sentences = _role_sentences(text, span)
    if len(sentences) > 1:
        out: list[Speaker] = []
        for part in sentences:
            people = _read_people(reader, text, part, depth, strict)
            if people is None and strict:
                return None
            out.extend(people or [])
        return out or None
    m = _AS_ROLE.search(text, span[0], span[1])
    if m and m.start() > span[0]:
        people = _read_people(reader, text, _trim(text, (span[0], m.start())), depth, strict, named_by_role=True)
        label = lx.normalise(m.group("role"))
        role = lx.role_for(label) or lx.role_for(label.rstrip("s"))
        if people and role and label not in lx.UNRECORDED_ROLE_LABELS:
            for sp in people:
                sp.role = sp.role or role
        for sp in people or []:
            if sp.name and looks_like_person(sp.name, reader.lang) >= PERSON_MIN:
                sp.confidence = max(sp.confidence, CONF_RULE)  # named as acting "as" someone: a person
        if people:
            return people
    chunks_spans = _people_spans(text, span, depth)
    reader.prefetch(_candidate_texts(text, chunks_spans, depth))
    chunks = [_parse_chunk(reader, text, c, depth, lenient=not strict) for c in chunks_spans]
    if named_by_role:
        chunks = [_as_person(reader, text, c) for c in chunks]
    if strict:
        if any(c.kind in ("other", "org_paren") for c in chunks):
            return None
        if not any(c.kind == "person" for c in chunks):
            return None
    return _name_then_organisation(_assemble(chunks), text[span[0]:span[1]])


def _as_person(reader: _Reader, text: str, chunk: _Chunk) -> _Chunk:
    """An organisation chunk that is shaped like a name ("Christian GOLLIER") read as a person:
    the chunk stands where only people are named."""
    if chunk.kind != "org" or not chunk.affiliation or "(" in chunk.affiliation \
            or looks_like_person(chunk.affiliation, reader.lang) < PERSON_MIN:
        return chunk
    decision = _Decision("person", "rule", CONF_RULE)
    sp = _person(reader, text[chunk.span[0]:chunk.span[1]], chunk.span, decision)
    return _Chunk("person", chunk.span, [sp], decision=decision)


_SEMI = re.compile(r";")


def _people_spans(text: str, span: Span, depth: list[int]) -> list[Span]:
    """The chunks of a presenter string: its comma chunks, except in an author list separated
    by semicolons whose parts are printed "Surname, Given" ("Lindqvist, A.; Moreau, Béa"),
    where each part is one name (kept as printed)."""
    parts = _split_top(text, span, _SEMI, depth)
    if len(parts) >= 2 and all(_is_surname_given(text[a:b]) for a, b in parts):
        return parts
    parts = [p for part in _split_top(text, span, _CONJ, depth) for p in _comma_spans(text, part, depth)]
    if len(parts) >= 2 and all(_is_surname_initials(text[a:b]) for a, b in parts):
        return parts  # "Zhang, H. and Dickinson, S.", "Haddad, O., Berg, S. and Rossi, M. T."
    out: list[Span] = []
    for chunk in _comma_spans(text, span, depth):
        out.extend(_org_then_person(text, chunk, depth) or [chunk])
    return out


_INITIALS = re.compile(r"(?:[A-Z]\.?(?:-[A-Z]\.?)?\s?){1,3}")


def _comma_spans(text: str, span: Span, depth: list[int]) -> list[Span]:
    """A span split at its commas and semicolons, except the comma of a name printed
    "Surname, I." ("Zhang, H.", "van Dijk, J.-P."): an initials-only part joins the
    surname before it."""
    out: list[Span] = []
    for part in _split_top(text, span, _COMMA, depth):
        head, _ = _paren_split(text, part)
        if out and _INITIALS.fullmatch(text[head[0]:head[1]].strip()) and text[out[-1][1]:part[0]].strip() == ",":
            prev = _clean(text[out[-1][0]:out[-1][1]])
            words = prev.split()
            # one surname, with its particles ("van Dijk"), before the initials
            if len(words) <= 3 and _is_cap_word(words[-1]) and looks_like_org(prev) < ORG_STRONG \
                    and all(w.lower() in lx.NAME_PARTICLES for w in words[:-1]):
                out[-1] = (out[-1][0], part[1])
                continue
        out.append(part)
    return out


def _org_then_person(text: str, span: Span, depth: list[int]) -> Optional[list[Span]]:
    """ "A, University of X (chair) & B, Org": a comma chunk joining the first person's
    organisation and the next person is two chunks."""
    parts = _split_top(text, span, _CONJ, depth)
    if len(parts) != 2:
        return None
    org_head, _ = _paren_split(text, parts[0])
    if looks_like_org(text[org_head[0]:org_head[1]]) < ORG_STRONG or looks_like_person(text[parts[1][0]:parts[1][1]]) < 0.75:
        return None
    return parts


def _is_surname_initials(text: str) -> bool:
    """ "Zhang, H.", "Lindahl, K.-E.": a surname, a comma, initials only."""
    surname, comma, given = text.partition(",")
    return bool(comma) and bool(_INITIALS.fullmatch(given.strip())) and _is_surname_given(text)


def _is_surname_given(text: str) -> bool:
    """ "Lindqvist, A.", "Moreau, Béatrice", "van Dijk, J.-P.": a name printed surname first."""
    pieces = [p.strip() for p in text.split(",")]
    if len(pieces) != 2 or not all(pieces) or _DIGIT.search(text):
        return False
    surname, given = pieces
    if not 1 <= len(surname.split()) <= 3 or not 1 <= len(given.split()) <= 3:
        return False
    given_ok = all(_is_initial(t) or re.fullmatch(r"(?:[A-Z]\.-?)+", t) or _is_cap_word(t) for t in given.split())
    return given_ok and looks_like_person(f"{given} {surname}") >= PERSON_MIN and looks_like_org(surname) < ORG_STRONG


def _name_then_organisation(speakers: list[Speaker], raw: str) -> list[Speaker]:
    """ "Amira Haddad, KU Leuven", "Julie Moreau et Paul Girard, AtmoSud": after sure
    names, a last comma chunk that only weakly reads as a name is their organisation."""
    if len(speakers) < 2 or "," not in raw:
        return speakers
    *people, last = speakers
    if not last.name or last.affiliation or last.confidence >= CONF_BOTH or len(last.name.split()) > 3:
        return speakers
    if looks_like_person(last.name) >= 0.6 and looks_like_org(last.name) < 0.7:
        return speakers  # "Clémo Charnay, Céline STAUDER": the last one reads as a name too
    if any(not sp.name or sp.affiliation or sp.confidence < CONF_BOTH for sp in people):
        return speakers
    before_last = raw[:raw.rfind(",")]
    if len(people) > 1 and before_last.count(",") > 0:
        return speakers  # "A, B, C": a list of names, the last one may just be unusual
    for sp in people:
        sp.affiliation = last.name
    return people


def _candidate_texts(text: str, spans: list[Span], depth: list[int]) -> list[str]:
    """Every chunk head and conjunction part that NER may be asked about."""
    out = []
    for sp in spans:
        for part in [sp] + _split_top(text, sp, _CONJ, depth):
            head, _ = _paren_split(text, part)
            out.append(_bare(_clean(text[head[0]:head[1]])))
    return out


# --- public API -----------------------------------------------------------------------------


def prefetch(lines: Iterable[str], lang: str = "en") -> None:
    """Ask NER about the chunks of many lines in one batch (a whole document at a time).

    Later `split_item`/`parse_people` calls find their NER labels in the memo instead of
    running spaCy on a handful of chunks per line.
    """
    reader = _Reader(lang)
    texts: list[str] = []
    for line in lines:
        if not line or len(line) > 2000:
            continue
        depth = _depths(line)
        span = (0, len(line))
        parts = [span]
        for sep in (_DASH, _COLON):
            parts += _split_top(line, span, sep, depth)
        for part in parts:
            texts.extend(_candidate_texts(line, _split_top(line, part, _COMMA, depth), depth))
    reader.prefetch(texts)

def parse_people(text: str, lang: str = "en") -> list[Speaker]:
    """Speakers in a string that holds only presenters.

    "Hiram Calvo and Mayte H. Laureano", "Dennis Piontek, Kai Widmaier (DLR)" (both DLR),
    "Jane Doe, Associate Professor, University of Colorado, Boulder" (job title dropped),
    "Bureau association Agile France" (name None), "Chairs" / "All" / "TBC" → [].
    """
    if not text or not text.strip():
        return []
    text = _prepare(text)
    depth = _depths(text)
    span = _trim(text, (0, len(text)))
    if span[0] >= span[1] or lx.is_non_speaker(text[span[0]:span[1]]):
        return []
    reader = _Reader(lang)
    return _read_people(reader, text, span, depth, strict=False) or []


_ROLE_LINE = re.compile(r"^\s*[-•*]?\s*(?P<label>[^\W\d][\w·.()\- ]{0,30}?)\s*:\s*(?P<rest>.*)$", re.DOTALL)
_ROLE_BY = re.compile(r"^\s*(?P<label>chaired by|moderated by|facilitated by|animé par|presented by)\s+(?P<rest>.+)$", re.IGNORECASE | re.DOTALL)


_ROLE_WORD = re.compile(r"^\s*[-•*]?\s*(?P<label>[^\W\d][\w·]{2,20})\s+(?P<rest>[^\W\d].*)$", re.DOTALL)


def _role_word(text: str, lang: str) -> Optional[re.Match[str]]:
    """ "Coordina Marta Ricci (Università di Pisa)", "Moderation Daniel Weber": a role word
    printed without a colon, directly before a plainly named person."""
    m = _ROLE_WORD.match(text)
    if not m or lx.role_for(m.group("label")) is None or lx.role_for(m.group("label")) == "Speaker":
        return None
    first = _clean(_COMMA.split(m.group("rest"))[0].split("(")[0])
    if looks_like_person(first, lang) < 0.75 or _Reader(lang).decide(first).kind != "person":
        return None
    return m


def parse_role_line(text: str, lang: str = "en", strict: bool = False) -> Optional[RoleLine]:
    """Read a line opening with a role label ("Chair: Name (Org)", "Chairs: A and B",
    "Modérateur : X", "Participan: A (X), B (Y)", "Chaired by X"); None otherwise.

    The role is normalised to English; people get it as `role` except for labels that only
    say "presenting" ("Speakers:", "Participan:", "Conferencia:"). With `strict`, every
    chunk after the label must read as a presenter ("Keynote: Deep Learning" gives no one).
    """
    text = _prepare(text)
    m = _ROLE_LINE.match(text) or _ROLE_BY.match(text) or _role_word(text, lang)
    if not m:
        return None
    label = _clean(m.group("label"))
    role = lx.role_for(label)
    if role is None:
        return None
    rest_start = m.start("rest")
    reader = _Reader(lang)
    depth = _depths(text)
    span = _trim(text, (rest_start, len(text)))
    people: list[Speaker] = []
    if span[0] < span[1] and not lx.is_non_speaker(text[span[0]:span[1]]):
        people = _read_people(reader, text, span, depth, strict=strict) or []
    record = lx.normalise(label) not in lx.UNRECORDED_ROLE_LABELS
    for sp in people:
        if record and sp.role is None:
            sp.role = role
    return RoleLine(role=role, people=people, is_chair=role in lx.CHAIR_ROLES, label=label)


@dataclass(frozen=True)
class Candidate:
    """One reading of an item line: which form it follows, what it gives, how well it fits.

    `order` is what documents are consistent about: "people_first" ("Name (Org): Title"),
    "title_first" ("Title – Name"), or "none" (no presenter read). `score` weighs the
    form's usual reliability (`FORM_PRIOR`) with the evidence for the people it reads
    (rule/NER confidence) and, when the caller gives it, the line's style.
    """

    form: str
    order: str
    parse: ItemParse
    score: float


# How reliable each form is when its evidence is as good as another's: the order in which
# the forms used to be tried. Evidence moves a reading past a more usual form only when its
# people are clearly stronger (0.95 against 0.6 is worth more than the largest gap here).
FORM_PRIOR: dict[str, float] = {
    "people_as_role": 0.4, "names_first": 0.35, "title_dash": 0.30, "title_parens": 0.25, "title_org_parens": 0.24, "title_by": 0.22,
    "label_people": 0.20, "paren_colon": 0.17, "title_commas": 0.15, "title_sentence": 0.14, "names_parens": 0.12, "names_first_weak": 0.10,
    "title_name": 0.05,
    "partial": 0.0,
    "title_only": 0.0,
}
FORM_ORDER: dict[str, str] = {
    "people_as_role": "none", "names_first": "people_first", "names_first_weak": "people_first", "names_parens": "people_first",
    "title_dash": "title_first",
    "title_parens": "title_first", "title_org_parens": "title_first", "title_by": "title_first", "label_people": "title_first",
    "title_commas": "title_first", "title_sentence": "title_first", "paren_colon": "title_first", "title_name": "title_first", "partial": "none", "title_only": "none",
}
DOCUMENT_BONUS = 0.3  # a reading in the document's majority order
STYLE_BONUS = 0.4  # the title is the italic run (or presenters outside it)
PARTIAL_CONFIDENCE = 0.45
ORG_ONLY_WEIGHT = 0.6
NAME_IN_TITLE_PENALTY = 0.3  # people read without any form that fits the whole line
MIN_VOTES = 3  # unambiguous entries needed before a document's order is trusted
ORDER_SAMPLE = 150  # entries read to learn the order (a long programme repeats its form)
MAJORITY = 0.6  # share of those entries the order needs


def _evidence(parse: ItemParse) -> float:
    """How sure the people of a reading are: the mean confidence of the named ones (an
    organisation-only reading counts its organisation's), plus a little per affiliation read."""
    people = [sp for sp in parse.speakers if sp.name]
    if not people:
        # an organisation alone is weaker evidence than a person: "Title: Name, Org" is
        # read with the person, not as "Title: Name" presented by "Org"
        return ORG_ONLY_WEIGHT * max((sp.confidence for sp in parse.speakers), default=0.0)
    mean = sum(sp.confidence for sp in people) / len(people)
    affiliated = sum(1 for sp in people if sp.affiliation) / len(people)
    return mean + 0.05 * affiliated


def _style_fit(parse: ItemParse, italic: Optional[Span]) -> float:
    """+1 when the italic run is the title, -1 when a presenter sits inside it, else 0."""
    if italic is None:
        return 0.0
    a, b = italic
    inside = lambda s, e: s is not None and e is not None and s >= a - 1 and e <= b + 1  # noqa: E731
    if any(sp.name and inside(sp.char_start, sp.char_end) for sp in parse.speakers):
        return -1.0
    if parse.title_span and parse.speakers:
        s, e = parse.title_span
        overlap = max(0, min(e, b) - max(s, a))
        if overlap >= 0.8 * (e - s):
            return 1.0
    return 0.0


def _score(form: str, parse: ItemParse, italic: Optional[Span]) -> float:
    return FORM_PRIOR[form] + _evidence(parse) + STYLE_BONUS * _style_fit(parse, italic)


#: A list marker before an entry: "a)", "(b)", "iv)", "3." (the entry's place in its list).
_LIST_MARKER = re.compile(r"\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s+|\d{1,2}\.\s+(?=\D)")


def _skip_list_marker(text: str, span: Span) -> Span:
    m = _LIST_MARKER.match(text, span[0], span[1])
    return (m.end(), span[1]) if m and m.end() < span[1] else span


class _Line:
    """One item line taken apart: what comes before the readings (a role line, a keynote or
    numbered label, a glued heading) and the span the readings split."""

    def __init__(self, text: str, lang: str) -> None:
        self.raw = text
        self.text = _prepare(text)
        self.reader = _Reader(lang)
        self.depth = _depths(self.text)
        self.span = _trim(self.text, (0, len(self.text)))
        self.role_people: Optional[list[Speaker]] = None
        self.keynote = False
        self.label: Optional[str] = None
        self.label_people: list[Speaker] = []
        self.role_tail: list[Speaker] = []
        self.rest: Optional[Span] = None
        if self.span[0] >= self.span[1]:
            return
        role_line = parse_role_line(text, lang, strict=True)
        if role_line is not None and role_line.people and all(
            sp.confidence >= 0.6 for sp in role_line.people if sp.name
        ):
            self.role_people = role_line.people
            return
        self.span = _skip_list_marker(self.text, self.span)
        self.span, self.label, self.label_people = _take_numbered_label(self.reader, self.text, self.span, self.depth)
        self.span, self.keynote = _take_keynote_prefix(self.text, self.span)
        if self.label and any(self.label.lower().startswith(k) for k in lx.KEYNOTE_PREFIXES):
            self.keynote = True  # "Keynote 2 (Okafor): Title"
        self.span, self.role_tail = _take_role_tail(self.reader, self.text, self.span, self.depth)
        self.span, rest = _cut_glued_heading(self.reader, self.text, self.span, self.depth)
        self.span, region = _cut_glued_region(self.text, self.span, self.depth)
        if region:
            rest = (region[0], rest[1]) if rest else region
        self.rest = rest

    def readings(self) -> list[tuple[str, ItemParse]]:
        """Every form that fits the span, in the order of `FORM_PRIOR`."""
        r, t, sp, d = self.reader, self.text, self.span, self.depth
        out = []
        for form, fn in (
            ("people_as_role", lambda: _people_as_role(r, t, sp, d)),
            ("names_first", lambda: _names_first(r, t, sp, d, strong=True)),
            ("title_dash", lambda: _title_then_dash(r, t, sp, d)),
            ("title_parens", lambda: _title_then_parens(r, t, sp, d)),
            ("title_org_parens", lambda: _title_then_org_parens(r, t, sp)),
            ("title_by", lambda: _title_then_by(r, t, sp, d)),
            ("label_people", lambda: _label_then_people(r, t, sp, d)),
            ("paren_colon", lambda: _title_paren_colon(r, t, sp, d)),
            ("title_commas", lambda: _title_then_commas(r, t, sp, d)),
            ("title_sentence", lambda: _title_then_sentence(r, t, sp, d)),
            ("names_parens", lambda: _names_then_title(r, t, sp, d)),
            ("names_first_weak", lambda: _names_first(r, t, sp, d, strong=False)),
            ("title_name", lambda: _title_then_name(r, t, sp, d)),
        ):
            if form == "title_name" and any(sp.name and sp.affiliation for f, q in out if f != "title_sentence"
                                            for sp in q.speakers):
                continue  # a form with "Name (Org)" already read: no name hides in the title
                # (the last sentence's people do not say so: "Title? Name (Org)" read by
                # parentheses leaves the name in the title)
            parse = fn()
            if parse is not None and parse.title is not None and not any(c.isalpha() for c in parse.title):
                continue  # "10,– Euro", "12, Room B": a number is no entry's title, what follows no presenter
            if parse is not None and parse.speakers:
                out.append((form, parse))
        if self.keynote and not out:
            people = _read_people(r, t, sp, d, strict=True)
            if people and all(x.confidence >= CONF_RULE for x in people if x.name):
                out.append(("names_first", ItemParse(None, people, None)))
        if not any(p.speakers for _, p in out) and not self.label_people:
            partial = _partial(r, t, sp, d)
            if partial is not None:
                out.append(("partial", partial))
        out.append(("title_only", _title_only(t, sp)))
        return out


READING_CACHE_SIZE = 4096


@lru_cache(maxsize=READING_CACHE_SIZE)
def _read_line(text: str, lang: str) -> tuple[_Line, tuple[tuple[str, ItemParse], ...]]:
    """A line taken apart and all its readings, remembered: the document's order is learnt
    from the same lines the walk then reads (callers get copies of the speakers)."""
    line = _Line(text, lang)
    if line.span[0] >= line.span[1] or line.role_people is not None:
        return line, ()
    return line, tuple(line.readings())


def _copies(speakers: Iterable[Speaker]) -> list[Speaker]:
    return [replace(sp) for sp in speakers]


def _line_candidates(text: str, lang: str, italic: Optional[Span]) -> list[Candidate]:
    line, readings = _read_line(text, lang)
    if line.span[0] >= line.span[1]:
        return [Candidate("title_only", "none", ItemParse(None, [], None), 0.0)]
    if line.role_people is not None:
        return [Candidate("role_line", "none", ItemParse(None, line.role_people, None), 1.0)]
    named = [sp for form, parse in readings if form == "title_name" for sp in parse.speakers]
    # people another reading reads with their organisation ("Name (Org)"): a reading whose
    # title still holds one of them has left a presenter in its title
    affiliated = [(form, sp) for form, parse in readings for sp in parse.speakers
                  if sp.name and sp.affiliation and sp.confidence >= CONF_BOTH]
    cands = []
    for form, parse in readings:
        score = _score(form, parse, italic)
        if named and form != "title_name" and _title_holds(parse, named[0]):
            score -= NAME_IN_TITLE_PENALTY  # a reading that leaves a person's name in its title
        elif any(other != form and _title_holds(parse, sp) for other, sp in affiliated):
            score -= NAME_IN_TITLE_PENALTY
        cands.append(Candidate(form, FORM_ORDER[form], parse, score))
    return sorted(cands, key=lambda c: -c.score)  # stable: among equal scores, the more usual form


def _title_holds(parse: ItemParse, person: Speaker) -> bool:
    """True when the reading's title span covers where `person` is printed."""
    if parse.title_span is None or person.char_start is None:
        return False
    return parse.title_span[0] <= person.char_start < parse.title_span[1]


def item_candidates(text: str, lang: str = "en", italic: Optional[Span] = None) -> list[Candidate]:
    """Every reading of an item line, best first (see `Candidate`); the last resort, the
    whole line as title, is always among them. `italic`: the line's italic run, if any."""
    return [replace(c, parse=replace(c.parse, speakers=_copies(c.parse.speakers)))
            for c in _line_candidates(text, lang, italic)]


def document_order(lines: Iterable[str], lang: str = "en") -> Optional[str]:
    """The order a document prints its entries in ("people_first" or "title_first"), learnt
    from its unambiguous entries: lines whose readings with a named presenter all agree on
    the order (the first `ORDER_SAMPLE` distinct lines with a separator). None when fewer
    than `MIN_VOTES` lines decide or no order has `MAJORITY`."""
    votes: dict[str, int] = {}
    entries = [t for t in dict.fromkeys(lines) if t and len(t) <= 500 and _SEPARATOR.search(t)]
    for text in entries[:ORDER_SAMPLE]:
        cands = _line_candidates(text, lang, None)
        orders = {c.order for c in cands if c.order != "none" and any(sp.name for sp in c.parse.speakers)}
        if len(orders) == 1:
            order = orders.pop()
            votes[order] = votes.get(order, 0) + 1
    total = sum(votes.values())
    if total < MIN_VOTES:
        return None
    order, n = max(votes.items(), key=lambda kv: kv[1])
    return order if n >= MAJORITY * total else None


_SEPARATOR = re.compile(r"[:(,–—]|\s-\s|\sby\s|\spar\s|\spor\s")


class DocumentOrder:
    """A document's entry order (`document_order` over its lines), learnt the first time a
    line needs it: a document whose lines all read one way never pays for it."""

    def __init__(self, lines: Iterable[str], lang: str = "en") -> None:
        self._lines = list(lines)
        self._lang = lang
        self._done = False
        self._value: Optional[str] = None

    @property
    def value(self) -> Optional[str]:
        if not self._done:
            self._value, self._done = document_order(self._lines, self._lang), True
        return self._value


Prefer = Optional[Union[str, DocumentOrder]]


def _sure(c: Candidate) -> bool:
    return any(sp.name and sp.confidence >= 0.6 for sp in c.parse.speakers)


def choose(cands: list[Candidate], prefer: Prefer = None) -> Candidate:
    """The best candidate, with `DOCUMENT_BONUS` for readings in the document's order
    (asked only when readings with a named presenter disagree on the order)."""
    if prefer is None or len({c.order for c in cands if c.order != "none" and _sure(c)}) < 2:
        return cands[0]
    order = prefer.value if isinstance(prefer, DocumentOrder) else prefer
    if order is None:
        return cands[0]
    return max(cands, key=lambda c: c.score + (DOCUMENT_BONUS if c.order == order and _sure(c) else 0.0))


def split_item(text: str, lang: str = "en", prefer: Prefer = None, italic: Optional[Span] = None) -> ItemParse:
    """Split one item line into its title and its speakers.

    A role line ("Chair: X") gives people and no title. Otherwise a keynote opening ("Key
    note by X:") and a numbered label ("Talk 3:", "Keynote 2 (Okafor):") are taken off, and
    every form that fits the rest is read (`item_candidates`): names first ("Name (Org):
    Title", "Name – Title"), title then dash, parentheses, "by" or commas ("Title – Name",
    "Title (A and B, Org)", "Title by Name", "Title, Name, Org"), a label then people
    ("Welcome remarks: Name, Org"). The best-scored reading wins; `prefer` (an order
    from `document_order`, or a `DocumentOrder` learnt when first needed) favours the
    document's usual order where readings disagree, `italic` (the line's italic run)
    favours the reading whose title is in italics. A line no form fits keeps the people
    plainly named in it at low confidence; otherwise it is all title. A trailing heading
    glued to the last name ("..., Name Asia") is returned as `rest`.
    """
    line, _ = _read_line(text, lang)
    best = choose(_line_candidates(text, lang, italic), prefer).parse
    if line.role_people is not None or line.span[0] >= line.span[1]:
        return replace(best, speakers=_copies(best.speakers))
    speakers = _copies(line.label_people + list(best.speakers))
    if line.keynote:
        for sp in speakers:
            sp.role = sp.role or "Keynote"
    speakers += _copies(line.role_tail)
    rest = line.rest
    return ItemParse(
        title=best.title,
        speakers=speakers,
        title_span=best.title_span,
        label=best.label or line.label,
        rest=_clean(line.text[rest[0]:rest[1]]) if rest else None,
        rest_span=rest,
    )


# --- split_item steps -----------------------------------------------------------------------

# "Talk 3:", "Tutorial #1:", "Scientific presentation 2 (Name):", "Keynote 2 (Okafor) –":
# a label of one to three words and a number, then a separator.
_NUMBERED_LABEL = re.compile(
    r"(?P<label>(?P<word>[^\W\d_][\w-]*)(?:\s+[^\W\d_][\w-]*){0,2}\s*(?:#|No\.?|n[°º])?\s*\d{1,3}[a-z]?(?:\.\d{1,2})?)"
    r"\s*(?:\((?P<who>[^()]{1,80})\))?\s*(?::|\.|\s[–—-])\s+(?=\S)")


def _take_numbered_label(reader: _Reader, text: str, span: Span, depth: list[int]) -> tuple[Span, Optional[str], list[Speaker]]:
    """Take "Talk 3:" or "Keynote 2 (Okafor):" off the start of an entry: (rest, label,
    people named in the label's parentheses). The label names a slot ("Talk", "Paper",
    "Ponencia") or holds people; "Project 123 –", "Mars 2:" and dates ("June 3:") stay title."""
    m = _NUMBERED_LABEL.match(text, span[0], span[1])
    if not m:
        return span, None, []
    words = [w.lower() for w in re.findall(r"[^\W\d_][\w-]*", m.group("label"))]
    if not any(w in lx.SLOT_WORDS or w in lx.ROLE_LABELS or w in lx.SESSION_WORDS for w in words) and not m.group("who"):
        return span, None, []  # "Project 123 – ...", "Objectif Mars 2 : ...": part of the title
    if lx.normalise(m.group("word")) in _MONTHS:
        return span, None, []
    people: list[Speaker] = []
    if m.group("who"):
        who = (m.start("who"), m.end("who"))
        people = _read_people(reader, text, who, depth, strict=False) or []
        if not people or not all(sp.name and looks_like_person(sp.name, reader.lang) >= 0.3 for sp in people):
            return span, None, []  # "Module 2 (advanced):" is not a label with presenters
    rest = _trim(text, (m.end(), span[1]))
    if rest[0] >= rest[1]:
        return span, None, []
    return rest, _clean(m.group("label")), people


# "Title [discussant: Name (Org)]", "Title (Chair: Name)", "Title, Discussant: Name (Org)",
# "Title. Authors: Name (Org), Name (Org).": people with a role, at the end.
_ROLE_TAIL = re.compile(r"[\[(]\s*(?P<label>[^\W\d][\w·\- ]{1,30}?)\s*:\s*(?P<who>[^:]+?)\s*[\])]\s*$"
                        r"|(?:[,;]|[.?!](?=\s))\s*(?P<label2>[^\W\d][\w·\-() ]{1,30}?)\s*:\s*(?P<who2>[^:]+?)\s*$")


def _take_role_tail(reader: _Reader, text: str, span: Span, depth: list[int]) -> tuple[Span, list[Speaker]]:
    """Take a trailing bracket opening with a role label off an entry: (rest, its people)."""
    m = _ROLE_TAIL.search(text, span[0], span[1])
    if not m or m.start() <= span[0] or m.end() != span[1]:
        return span, []
    key = "label" if m.group("label") else "label2"
    who = "who" if key == "label" else "who2"
    if depth[m.start()] != depth[span[0]]:
        return span, []
    role = lx.role_for(m.group(key))
    if role is None or role in lx.CHAIR_ROLES:
        return span, []  # "(Chair: Name)" after a heading chairs the session: the segmenter's call
    people = [sp for sp in _read_people(reader, text, _trim(text, (m.start(who), m.end(who))), depth, strict=True) or []]
    if not people or not all(sp.name for sp in people):
        return span, []
    if lx.normalise(m.group(key)) not in lx.UNRECORDED_ROLE_LABELS:
        for sp in people:
            sp.role = sp.role or role
    rest = _trim(text, (span[0], m.start()))
    return (rest, people) if rest[0] < rest[1] else (span, [])


_MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout",
    "septembre", "octobre", "novembre", "decembre", "enero", "febrero", "marzo", "abril", "mayo",
    "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre", "day", "jour", "dia",
    "tag", "giorno", "room", "salle", "sala", "hall", "aula",
})
"""First words of "Month 3:" / "Day 2:" / "Room 4:": a date or a place, not an entry label."""

_BY = re.compile(r"\s(?:by|par|por|von)\s+", re.I)
#: "Saluto del Prof. X", "Mot d'accueil de Mme Y", "Palestra do Dr. Z": a genitive preposition
#: reads "by" only when a person's honorific follows it ("Aportes de Taguchi" is no byline).
_OF_TITLED = re.compile(r"\s(?:(?:de|del|della|dello|dei|degli|di|du|des|da|do|dos|das)\s+|dell['’]\s*)", re.I)


def _title_then_by(reader: _Reader, text: str, span: Span, depth: list[int]) -> Optional[ItemParse]:
    """ "Title by Name (Org)", "Response by Name", "Conférence par Name": people after the last "by"."""
    base = depth[span[0]] if span[0] < len(depth) else 0
    found = [m for m in _BY.finditer(text, span[0], span[1]) if depth[m.start()] == base]
    found += [m for m in _OF_TITLED.finditer(text, span[0], span[1]) if depth[m.start()] == base
              and lx.is_honorific(text[m.end():span[1]].split(maxsplit=1)[0].rstrip(","), reader.lang)]
    found.sort(key=lambda m: m.start())
    if not found:
        return None
    m = found[-1]
    left = _trim(text, (span[0], m.start()))
    right = _trim(text, (m.end(), span[1]))
    if left[0] >= left[1] or right[0] >= right[1]:
        return None
    people = _read_people(reader, text, right, depth, strict=True)
    if not people and _OF_TITLED.fullmatch(m.group()) and "," in text[right[0]:right[1]]:
        # "Saluto della Prof.ssa Name, Prorettrice per ...": the titled person, then their office
        people = _read_people(reader, text, _trim(text, (right[0], text.index(",", right[0]))), depth, strict=True)
    if not people or not any(sp.name and sp.confidence >= 0.6 for sp in people):
        return None
    return _make(text, left, people)


def _partial(reader: _Reader, text: str, span: Span, depth: list[int]) -> Optional[ItemParse]:
    """A line no form fits, with a person plainly named at one end of it ("Name. Title",
    "Title; Name"): that person at low confidence, the rest as title."""
    for sep in (_DASH, _COLON, _PERIOD, _COMMA):
        parts = _split_top(text, span, sep, depth)
        if sep is _PERIOD:
            parts = _join_honorifics(text, parts, reader.lang)
        if len(parts) < 2:
            continue
        # "Name, ..." is a name and its organisation (wrapped) more often than a title
        for k in (len(parts) - 1,) if sep is _COMMA else (len(parts) - 1, 0):
            part = parts[k]
            head, _ = _paren_split(text, part)
            d = reader.decide(text[head[0]:head[1]])
            if d.kind != "person" or d.confidence < CONF_RULE_STRONG:
                continue
            people = [sp for sp in (_read_people(reader, text, part, depth, strict=True) or []) if sp.name]
            if not people:
                continue
            for sp in people:
                sp.confidence = min(sp.confidence, PARTIAL_CONFIDENCE)
            title = (parts[1][0], span[1]) if k == 0 else (span[0], parts[-2][1])
            return _make(text, title, people)
    return None


def _join_honorifics(text: str, parts: list[Span], lang: str) -> list[Span]:
    """Sentence parts rejoined where the period was an honorific's ("... Prof. Name")."""
    out: list[Span] = []
    for part in parts:
        if out and lx.is_honorific(text[out[-1][0]:out[-1][1]].split()[-1] + ".", lang):
            out[-1] = (out[-1][0], part[1])
        else:
            out.append(part)
    return out


def _title_then_name(reader: _Reader, text: str, span: Span, depth: list[int]) -> Optional[ItemParse]:
    """ "Fab labs and the culture of invention Luis Mayorga (Fab Lab Yucatán)", "Why rivers
    move? Ana Silva (USP)": a name printed right after the title, without a separator, then
    its organisation in parentheses. The name is the last two to four capitalised words,
    after a lower-case word or a closing question mark or quote, and must read as a person
    with NER or honorific evidence."""
    head, inner = _paren_split(text, span)
    if inner is None:
        return None
    words = list(re.finditer(r"\S+", text[head[0]:head[1]]))
    for n in (2, 3, 4):
        if len(words) <= n:
            break
        before = words[-n - 1].group()
        tail = words[-n:]
        if not all(w.group()[:1].isupper() or w.group().lower() in lx.NAME_PARTICLES for w in tail):
            break
        if not (before[:1].islower() or before[-1:] in "?!\"”»"):
            continue
        name_span = (head[0] + tail[0].start(), head[1])
        d = reader.decide(text[name_span[0]:name_span[1]])
        if d.kind != "person" or d.confidence < CONF_RULE or looks_like_person(text[name_span[0]:name_span[1]], reader.lang) < 0.75:
            continue
        people = _read_people(reader, text, (name_span[0], span[1]), depth, strict=True)
        if people and len(people) == 1 and people[0].name:
            return _make(text, (span[0], name_span[0]), people)
    return None


def _title_paren_colon(reader: _Reader, text: str, span: Span, depth: list[int]) -> Optional[ItemParse]:
    """ "Glacier dynamics (Ana, Olu): processes and models", "Invited talk (Ana Lima): Title":
    people in parentheses just before a colon. After a short label ("Invited talk") the title
    is what follows the colon; otherwise it is what precedes the parentheses."""
    parts = _split_top(text, span, _COLON, depth)
    if len(parts) < 2:
        return None
    head, inner = _paren_split(text, parts[0])
    if inner is None or head[0] >= head[1]:
        return None
    people = _read_people(reader, text, inner, depth, strict=False) or []
    named = [sp for sp in people if sp.name]
    if not named or len(named) != len(people) or any(looks_like_person(sp.name or "", reader.lang) < 0.3 for sp in named):
        return None
    label = _clean(text[head[0]:head[1]])
    if len(label.split()) <= 3 and label.split()[0].lower() in lx.TITLE_WORDS | set(lx.ROLE_LABELS):
        return _make(text, (parts[1][0], span[1]), people)
    return _make(text, head, people)


_PERIOD = re.compile(r"(?<=[a-z\u00e0-\u00ff]{2})\.\s+(?=[A-Z])")
_SENTENCE_END = re.compile(r"(?<=[a-z\u00e0-\u00ff\d]{2})\.\s+(?=[A-Z])|[?!][”\"»]?\s+(?=[A-Z])")


def _sentence_tail(reader: _Reader, text: str, span: Span, depth: list[int]) -> Optional[Span]:
    """The part of a comma chunk after its last sentence end when that part is a person
    printed with an organisation or named plainly ("... in News Articles. Ana Silva (USP)"),
    else None. A period after an honorific ("Prof. Ana Silva") ends no sentence."""
    parts = _join_honorifics(text, _split_top(text, span, _SENTENCE_END, depth), reader.lang)
    if len(parts) < 2:
        return None
    tail = (parts[-1][0], span[1])
    head, inner = _paren_split(text, tail)
    name = _clean(text[head[0]:head[1]])
    if looks_like_person(name, reader.lang) < 0.75 and not (inner and looks_like_person(name, reader.lang) >= PERSON_MIN):
        return None
    chunk = _parse_chunk(reader, text, tail, depth, lenient=False)
    if chunk.kind != "person" or not all(sp.name and sp.confidence >= 0.6 for sp in chunk.speakers):
        return None
    return tail



def ends_with_people(text: str, lang: str = "en") -> bool:
    """True when the text's last sentence names only people ("Title. Ana Silva (USP), Rui
    Costa (UM)", "Title? A. Berg and C. Lund"): an entry followed by its authors, not prose."""
    text = _prepare(text)
    depth = _depths(text)
    span = _trim(text, (0, len(text)))
    reader = _Reader(lang)
    parts = _join_honorifics(text, _split_top(text, span, _SENTENCE_END, depth), lang)
    if len(parts) < 2:
        return False
    people = _read_people(reader, text, (parts[-1][0], span[1]), depth, strict=True)
    named = [sp for sp in people or [] if sp.name]
    return bool(named) and len(named) == len(people or []) and all(sp.confidence >= 0.6 for sp in named)


def _title_then_sentence(reader: _Reader, text: str, span: Span, depth: list[int]) -> Optional[ItemParse]:
    """ "Title. Ana Silva (USP)", "Title: Subtitle. Ana Silva and Rui Costa (UM)": the
    presenters are the entry's last sentence, the way author lists follow paper titles."""
    parts = _join_honorifics(text, _split_top(text, span, _SENTENCE_END, depth), reader.lang)
    if len(parts) < 2:
        return None
    tail = (parts[-1][0], span[1])
    people = _read_people(reader, text, tail, depth, strict=True)
    named = [sp for sp in people or [] if sp.name]
    if not named or any(sp.confidence < 0.6 for sp in named):
        return None
    end = parts[-2][1]
    end += text[end:end + 1] in ("?", "!")  # a question keeps its mark; a full stop goes
    return _make(text, (span[0], end), people or [])


def _label_then_people(reader: _Reader, text: str, span: Span, depth: list[int]) -> Optional[ItemParse]:
    """ "Welcome remarks: Mr. Name, Director-General, Org": a short title, a colon, then
    presenters (job titles between name and organisation dropped)."""
    parts = _split_top(text, span, _COLON, depth)
    if len(parts) != 2:
        return None
    label = _clean(text[parts[0][0]:parts[0][1]])
    if not label or len(label.split()) > 6 or _DIGIT.search(label):
        return None
    people = _read_people(reader, text, parts[1], depth, strict=False)
    named = [sp for sp in (people or []) if sp.name]
    first = _clean(text[parts[1][0]:parts[1][1]]).split(",")[0]
    if not named or looks_like_person(first, reader.lang) < 0.6 or any(sp.confidence < 0.6 for sp in named):
        return None
    return _make(text, parts[0], people or [])

def _title_only(text: str, span: Span) -> ItemParse:
    """The whole span as title (outer quotes and a final "(TBC)" note removed)."""
    return _make(text, span, [])


def _make(text: str, title_span: Optional[Span], speakers: list[Speaker], label: Optional[str] = None) -> ItemParse:
    """An ItemParse with the title read from its span (quotes, notes and spaces tidied)."""
    if title_span is not None:
        s, e = _trim(text, title_span, quotes=True)
        m = _TRAILING_PAREN.search(text, s, e)
        note = m.group(1) if m and m.group(1) is not None else m.group(2) if m else None
        if m and m.end() == e and (lx.is_tbc(note) or lx.is_non_speaker(note)):
            s, e = _trim(text, (s, m.start()), quotes=True)
        q = _LABEL_QUOTED.fullmatch(text, s, e) if s < e else None
        if q and len(q.group("label").split()) <= 3:
            s, e = q.span("quoted")  # 'Presentation: "Title"': the quoted title
        title_span = (s, e) if s < e else None
    title = _clean(text[title_span[0]:title_span[1]]) if title_span else None
    return ItemParse(title or None, speakers, title_span if title else None, label=label)


_LABEL_QUOTED = re.compile(r"(?P<label>[^\W\d][^:\"“«]{0,30}):\s*[\"“«](?P<quoted>[^\"“”«»]+)[\"”»]?")


def _take_keynote_prefix(text: str, span: Span) -> tuple[Span, bool]:
    """Drop "Key note by", "Keynote:", "Conferencia magistral" from the start; True if found."""
    s, e = span
    low = text[s:e].lower()
    for phrase in sorted(lx.KEYNOTE_PREFIXES, key=len, reverse=True):
        if low.startswith(phrase) and (len(low) == len(phrase) or not low[len(phrase)].isalnum()):
            new = _trim(text, (s + len(phrase), e))
            if new[0] < new[1]:
                return new, True
    return span, False


def _cut_glued_heading(reader: _Reader, text: str, span: Span, depth: list[int]) -> tuple[Span, Optional[Span]]:
    """Cut "Session 5 – Experiences ..." that ran into the last speaker in flattened text."""
    s, e = span
    for m in _HEADING_GLUE.finditer(text, s, e):
        if depth[m.start()] != 0 or m.start() <= s:
            continue
        before = _trim(text, (s, m.start()))
        chunks = _split_top(text, before, _COMMA, depth)
        if len(chunks) < 2:
            continue
        last = chunks[-1]
        head, _ = _paren_split(text, last)
        d = reader.decide(text[head[0]:head[1]])
        if d.kind in ("person", "org"):
            return before, _trim(text, (m.start(), e))
    return span, None


def _cut_glued_region(text: str, span: Span, depth: list[int]) -> tuple[Span, Optional[Span]]:
    """Cut a region sub-heading glued after the last name ("..., Chouaibou Nchoutpouen Asia").

    Only when the last comma chunk minus the region word is still a 2+ word name.
    """
    chunks = _split_top(text, span, _COMMA, depth)
    if len(chunks) < 2:
        return span, None
    s, e = chunks[-1]
    last = text[s:e]
    for region in sorted(lx.REGION_WORDS, key=len, reverse=True):
        if last.endswith(" " + region) or last.endswith("\u00a0" + region):
            name_end = _trim(text, (s, e - len(region)))
            name = text[name_end[0]:name_end[1]]
            if len(name.split()) >= 2 and looks_like_person(name) >= PERSON_MIN:
                return (span[0], name_end[1]), (e - len(region), e)
    return span, None


def _strong_people(speakers: list[Speaker], text: str, span: Span) -> bool:
    """People with strong evidence: an affiliation in parentheses, an honorific or NER."""
    if any(sp.affiliation for sp in speakers if sp.name):
        return "(" in text[span[0]:span[1]] or "[" in text[span[0]:span[1]]
    raw = text[span[0]:span[1]]
    first = raw.split()[0] if raw.split() else ""
    return lx.is_honorific(first) or all(sp.confidence >= CONF_BOTH for sp in speakers if sp.name)


def _people_as_role(reader: _Reader, text: str, span: Span, depth: list[int]) -> Optional[ItemParse]:
    """ "A and B as paper writers. C and D as panelists.": a line that closes on "as <role>"
    and holds nothing but people is presenters only, however many sentences it has."""
    if not _AS_ROLE.search(text, span[0], span[1]):
        return None
    people = _read_people(reader, text, span, depth, strict=True)
    if not people or not all(sp.name for sp in people):
        return None
    return _make(text, None, people)


def _names_first(reader: _Reader, text: str, span: Span, depth: list[int], strong: bool) -> Optional[ItemParse]:
    """ "Name (Org), Name (Org): Title", "Name (Org) – Title", "Lab 2a: Name (Org): Title"."""
    for sep in (_COLON, _DASH, _PERIOD_QUOTE):
        # 'NAME Firstname. “Title”': the quoted title is cue enough for a weaker name
        min_conf = CONF_GUESS if sep is _PERIOD_QUOTE else 0.6
        parts = _split_top(text, span, sep, depth)
        if len(parts) < 2:
            continue
        for i in (0, 1):
            if i >= len(parts) - (0 if i else 1):
                continue
            if i == 1 and not _is_label(text[parts[0][0]:parts[0][1]]):
                continue
            people = _read_people(reader, text, parts[i], depth, strict=True)
            if not people:
                continue
            if strong and sep is not _PERIOD_QUOTE and not _strong_people(people, text, parts[i]):
                continue
            if strong and sep is _DASH and not re.search(r"[(\[]", text[parts[i][0]:parts[i][1]]) \
                    and not lx.is_honorific(text[parts[i][0]:parts[i][1]].split()[0]):
                continue  # "Agile Values, French Values - Peter Stevens": NER alone does not put names first
            if not any(sp.name and sp.confidence >= min_conf for sp in people):
                continue
            label = _clean(text[parts[0][0]:parts[0][1]]) if i == 1 else None
            if i + 1 < len(parts):
                title_span = (parts[i + 1][0], span[1])
            elif i == 1:
                title_span, label = parts[0], None
            else:
                title_span = None
            return _make(text, title_span, people, label=label)
    return None


#: After a presenter's "(Org)", the title's first letter: "Name (Org) Title" with no separator.
_TITLE_AFTER_PARENS = re.compile(r"\s+(?=[«\"“‘'¿¡]?[A-ZÀ-Þ])")


def _names_then_title(reader: _Reader, text: str, span: Span, depth: list[int]) -> Optional[ItemParse]:
    """ "Name (Org) Title", "Name (Org), Name (Org) Title": the presenters end at the first
    closing parenthesis that a capitalised title follows (a bold name, an italic title)."""
    for k in range(span[0], span[1]):
        if text[k] not in _CLOSE or depth[k] != 0:
            continue
        m = _TITLE_AFTER_PARENS.match(text, k + 1, span[1])
        if not m:
            continue
        people = _read_people(reader, text, (span[0], k + 1), depth, strict=True)
        if people and _strong_people(people, text, (span[0], k + 1)) and \
                all(sp.name and sp.confidence >= 0.6 for sp in people):
            return _make(text, (m.end(), span[1]), people)
        return None
    return None


def _is_label(text: str) -> bool:
    """A short leading label such as "Lab 2a", "Panel B", "Introduction", "Roundtable"."""
    tokens = text.split()
    if not 0 < len(tokens) <= 3:
        return False
    low = tokens[0].lower()
    return low in lx.SESSION_WORDS or low in lx.TITLE_WORDS or low in lx.ROLE_LABELS


def _title_then_dash(reader: _Reader, text: str, span: Span, depth: list[int]) -> Optional[ItemParse]:
    """ "Title – Name, Org", "Title - Name et Name": the LAST dash segment is people."""
    parts = _split_top(text, span, _DASH, depth)
    if len(parts) < 2:
        return None
    last = parts[-1]
    last_text = text[last[0]:last[1]]
    head_name = re.split(r"[(\[]", last_text)[0].split(",")[0].strip()
    if _is_keyword_org(last_text) and not ((re.search(r"[(\[,]", last_text))
                                           and looks_like_person(head_name, reader.lang) >= 0.5
                                           and not _is_keyword_org(head_name)):
        d = reader.decide(last_text)
        return _make(text, (span[0], parts[-2][1]), [Speaker(
            name=None, affiliation=_clean(last_text), method=d.method, confidence=d.confidence,
            char_start=last[0], char_end=last[1],
        )])
    people = _read_people(reader, text, last, depth, strict=True)
    if not people or not any(sp.name and sp.confidence >= 0.6 for sp in people):
        return None
    return _make(text, (span[0], parts[-2][1]), people)


def _is_keyword_org(text: str) -> bool:
    """An organisation named with an organisation word ("Bureau association Agile France"),
    not acronyms alone ("– YFT" after a title is a topic, not a presenter)."""
    words = [w.lower() for w in _words(text)]
    return looks_like_org(text) >= ORG_STRONG and any(w in lx.ORG_KEYWORDS for w in words) and (
        looks_like_person(text) < PERSON_MIN
    )


def _title_then_parens(reader: _Reader, text: str, span: Span, depth: list[int]) -> Optional[ItemParse]:
    """ "Title (Name and Name, Org)", "Title (A, B, C)", "Title (Rector U Cuenca)"."""
    head, inner = _paren_split(text, span)
    if inner is None or head[0] >= head[1]:
        return None
    inner_text = _clean(text[inner[0]:inner[1]])
    role, rest = _role_prefix(inner_text)
    if role and rest and looks_like_person(rest) < PERSON_STRONG and reader.ner(rest) != "PERSON":
        return _make(text, head, [Speaker(
            name=None, affiliation=rest, role=role, method="rule", confidence=CONF_RULE,
            char_start=inner[0], char_end=inner[1],
        )])
    people = _read_people(reader, text, inner, depth, strict=True)
    if not people or not any(sp.name and sp.confidence >= 0.6 for sp in people):
        return None
    # the title must not itself end in presenters ("Title, Name (Org)" is the comma form)
    if len(_split_top(text, head, _COMMA, depth)) > 1 and _title_then_commas(reader, text, span, depth):
        return None
    return _make(text, head, people)


#: What a closing parenthesis says of the entry's form or material, not who presents it.
_FORMAT_WORDS = frozenset({"slides", "slide", "video", "recording", "pdf", "paper", "abstract", "poster",
                           "online", "hybrid", "live", "virtual", "remote", "streamed"})
_SPACING_MARKS = re.compile("[¨˜¸´ˆ˚`]")
#: Parenthesised groups closing an entry: "(SIERRA)", "[Grant] (TEAM) (Partner Lab)".
_CLOSING_GROUPS = re.compile(r"(?:\s*(?:\([^()\[\]]+\)|\[[^()\[\]]+\]))+[\s.]*$")
_GROUP = re.compile(r"\(([^()\[\]]+)\)")


def _abbreviates(short: str, title: str) -> bool:
    """ "(BFGS)" after "Broyden-Fletcher-Goldfarb-Shanno", "(FOAM)" after "FOAM: ...": the
    parenthesis spells out or repeats a word of the title, it names no presenter."""
    letters = [c for c in short.upper() if c.isalpha()]
    if short.lower() in title.lower():
        return True
    # the initials of consecutive words, small words left out ("Customs Organization" ->
    # "CO" in "World Customs Organization"): "EVA" is not spelt by "Environmental ... via ... Autonomous"
    words = [w for w in re.split(r"[\s\-/]+", title) if w[:1].isalpha() and w.lower() not in lx.STOP_WORDS]
    initials = "".join(w[0].upper() for w in words)
    if len(letters) >= 2 and "".join(letters) in initials:
        return True
    # "Analysis of Variance (ANOVA)": the words just before, read letter by letter from the
    # one the abbreviation starts with, the last one's initial among them
    last = re.split(r"[\s\-/]+", re.sub(r"\[[^\]]*\]", " ", title).strip(" .,;:"))[-len(letters):]
    for i, w in enumerate(last):
        if w[:1].upper() == letters[:1][0] if letters else False:
            pool = iter("".join(last[i:]).upper())
            if all(c in pool for c in letters) and last[-1][:1].upper() in letters:
                return True
    return False


def _title_then_org_parens(reader: _Reader, text: str, span: Span) -> Optional[ItemParse]:
    """ "Title (TEAM)", "Title [Grant] (TEAM) (Partner Lab)", "Title (Inria, TAU)": an entry
    presented by organisations, each named in the closing parentheses by an acronym or with
    an organisation word (an acronym that spells out the title's words is its abbreviation)."""
    m = _CLOSING_GROUPS.search(text, span[0], span[1])
    if not m or m.start() <= span[0]:
        return None
    head = _trim(text, (span[0], m.start()))
    title = text[head[0]:head[1]]
    if not title or head[0] >= head[1] or looks_like_person(_SPACING_MARKS.sub("", title), reader.lang) >= PERSON_MIN:
        return None  # "Name (Org)": a presenter line, not an entry ("M¨ahn": a PDF's accent apart from its letter)
    speakers: list[Speaker] = []
    n_short = 0
    for g in _GROUP.finditer(text, m.start(), span[1]):
        pos = g.start(1)
        for part in g.group(1).split(","):
            org = _clean(part)
            lo = pos + len(part) - len(part.lstrip())
            pos += len(part) + 1
            if not org:
                continue
            if all(_is_acronym(t) for t in org.split()) and sum(c.isalpha() for c in org) < 4 \
                    and lx.normalise(org) not in lx.KNOWN_ORGS:
                n_short += 1  # "(AGL)": as often a person's initials as a team's name
            if re.search(r"[\d:@]", org) \
                    or looks_like_org(org, reader.lang) < ORG_STRONG or looks_like_person(org, reader.lang) >= PERSON_MIN \
                    or lx.is_tbc(org) or lx.is_non_speaker(org) or org.lower() in _FORMAT_WORDS \
                    or _abbreviates(org, title):
                return None
            speakers.append(Speaker(name=None, affiliation=org, method="rule", confidence=CONF_RULE,
                                    char_start=lo, char_end=lo + len(org)))
    if not speakers or n_short == len(speakers):
        return None
    return _make(text, head, speakers)


def _title_then_commas(reader: _Reader, text: str, span: Span, depth: list[int]) -> Optional[ItemParse]:
    """Scan comma chunks from the right; presenter chunks end where a title chunk starts.

    A presenter chunk is a person (NER PERSON or name-shaped), a person with "(Org)",
    "A/B (Org)", an organisation, "Role Org", a job title, or a place after an
    organisation. Organisations left of the first person go back to the title ("EUROPOL,
    Werner Gowitzke"). At least one chunk stays title unless the first is a person.
    """
    spans = _comma_spans(text, span, depth)
    if len(spans) < 2:
        return None
    reader.prefetch(_candidate_texts(text, spans, depth))
    chunks = [_parse_chunk(reader, text, c, depth, lenient=False) for c in spans]
    first = len(chunks)
    for i in range(len(chunks) - 1, -1, -1):
        kind = chunks[i].kind
        if kind in ("person", "org", "role_org", "job", "skip"):
            first = i
            continue
        if kind == "place" and i > 1 and chunks[i - 1].kind == "org":
            first = i
            continue
        break
    if first == 0 and chunks[0].kind != "person" and len(chunks) > 1:
        first = 1  # the title's chunk, read as an organisation ("... Market Committee. Ana Silva (USP)")
    if 0 < first < len(chunks) and chunks[first].kind == "person":
        # "Title. Ana Silva (USP), Rui Costa (UM)": the chunk that stops the run ends in the
        # title's last sentence, and what follows the sentence is the first presenter
        tail = _sentence_tail(reader, text, spans[first - 1], depth)
        if tail is not None:
            spans = spans[:first - 1] + [(spans[first - 1][0], tail[0]), tail] + spans[first:]
            chunks = chunks[:first - 1] + [_Chunk("other", spans[first - 1]),
                                            _parse_chunk(reader, text, tail, depth, lenient=False)] + chunks[first:]
    run = chunks[first:]
    if not run:
        return None
    persons = [k for k, c in enumerate(run) if c.kind == "person"]
    if persons:
        run_start = first + persons[0]
    else:
        # organisation-only presenter: only the last chunk ("..., WCO")
        if run[-1].kind != "org" or len(chunks) < 2:
            return None
        run_start = len(chunks) - 1
    if run_start == 0:
        if chunks[0].kind == "person" and all(c.kind != "other" for c in chunks):
            return _make(text, None, _assemble(chunks))
        run_start = 1
        if not any(c.kind == "person" for c in chunks[1:]) and chunks[-1].kind != "org":
            return None
    if chunks[run_start].kind not in ("person", "org"):
        return None
    speakers = _assemble(chunks[run_start:])
    if not speakers:
        return None
    return _make(text, (span[0], spans[run_start - 1][1]), speakers)
