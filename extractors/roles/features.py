"""Features of units, relative to their document: pure functions of a prepared document.

Each unit gets a dict of named features (strings are indicator features, floats weights)
for the CRF: what the rules' tags say, what the rules' reading did with the unit, its
style ranked within the document, its position relative to the timed entries, its
punctuation profile and the person/organisation scores of its parts. The neighbours'
main features are copied in with `-1:` / `+1:` prefixes.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import TYPE_CHECKING, Optional

from ..blocks import Unit
from ..headings import match_session_heading
from ..lexicon import is_honorific
from ..speakers import is_job_title, looks_like_org, looks_like_person
from ..segment.finish import CONTENTS_LINE
from ..segment.tags import tag

if TYPE_CHECKING:
    from ..model import Session
    from ..segment import Prepared

Features = dict[str, object]

BULLET = re.compile(r"^(?:[-–•▪●◦·*]|\(?\d{1,2}[.)]|\(?[a-z][.)]|[ivx]{1,4}[.)])\s")
SEPARATORS = {"colon": re.compile(r":\s"), "dash": re.compile(r"\s[–—-]\s"), "comma": re.compile(r","),
              "paren": re.compile(r"\([^)]+\)"), "by": re.compile(r"\s(?:by|par|por|von|di)\s", re.I),
              "quote": re.compile(r"[\"“”«»]"), "semicolon": re.compile(r";")}
#: Dot leaders (or a run of underscores); up to a page number they make a table of contents' line.
LEADER = re.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}")
#: How to reach someone or somewhere: addresses, phones and links are practical notes, not entries.
CONTACT = re.compile(r"https?://|www\.|\S@\S+\.[a-z]|\(\d{2,4}\)\s?\d{3}|\+\d{2}[\s\d]{6,}|\b(?:tel|phone|fax)\b", re.I)
#: A sentence ending inside the text, the next one starting: prose, not a title.
SENTENCE_INSIDE = re.compile(r"[a-z]{3}[.!?]\s+[A-ZÀ-Þ]")
CHUNKS = re.compile(r"\s[–—-]\s|[,;:(]|\s(?:and|et|y|und|e)\s")


#: Words that join the capitalised words of a job or an organisation ("Director of Research and Innovation").
JOINERS = {"of", "for", "and", "the", "at", "in", "on", "&", "de", "del", "la", "des", "du", "y", "et", "und", "für", "e"}


def _job_line(text: str, chunks: list[str]) -> bool:
    """A person's description without the person ("Professor, Institute of X; Director, Y",
    "Vice President of Z"): what a list of speakers' biographies or a committee prints under
    each name. It opens with a job title and every word is capitalised or joins such words."""
    return bool(chunks) and is_job_title(chunks[0]) and all(
        w[:1].isupper() or not w[:1].isalpha() or w in JOINERS for w in text.split())


def _bucket(n: float, edges: tuple[float, ...]) -> int:
    return bisect.bisect_right(edges, n)


def _shape(u: Unit) -> str:
    """A coarse layout signature: units printed alike share it."""
    return f"{u.kind}|{int(u.bold)}{int(u.italic)}|{round(u.size_ratio, 1)}|{int(u.time is not None)}|{u.cell_role}"


def _pattern(u: Unit) -> str:
    """Layout and punctuation profile: entries of one programme printed alike share it
    ("Aa Aa (AA)" lines, bold short lines, timed lines with a dash)."""
    text = u.text.strip()
    n = len(text.split())
    seps = "".join(k[0] for k, p in SEPARATORS.items() if p.search(text))
    return (f"{_shape(u)}|{_bucket(n, (3, 8, 20))}|{int(bool(BULLET.match(text)))}|{seps}|"
            f"{int(looks_like_person(text.split(',')[0].split('(')[0].strip()) >= 0.5)}")


LIST_LABEL = re.compile(r"^\(?(\d{1,2}|[a-h])[.)]\s")


def _label_number(text: str) -> Optional[int]:
    """The position a list label gives ("3." → 3, "(b)" → 2), else None."""
    m = LIST_LABEL.match(text.strip())
    if not m:
        return None
    label = m.group(1)
    return int(label) if label.isdigit() else ord(label) - ord("a") + 1


def _sequences(units: list[Unit]) -> list[bool]:
    """Units whose list label continues the numbering of an earlier unit (1., 2., 3. or a), b)):
    the entries of an agenda or a numbered list, whatever their words."""
    out = [False] * len(units)
    last: dict[bool, tuple[int, int]] = {}  # digits or letters → (unit index, number)
    for i, u in enumerate(units):
        n = _label_number(u.text)
        if n is None:
            continue
        kind = u.text.strip().lstrip("(")[:1].isdigit()
        prev = last.get(kind)
        if n == 1 or (prev is not None and prev[1] == n - 1):
            if prev is not None and prev[1] == n - 1:
                out[i] = out[prev[0]] = True
        last[kind] = (i, n)
    return out


def _runs(patterns: list[str]) -> list[int]:
    """How many consecutive units share each unit's pattern."""
    out = [1] * len(patterns)
    i = 0
    while i < len(patterns):
        j = i
        while j + 1 < len(patterns) and patterns[j + 1] == patterns[i]:
            j += 1
        for k in range(i, j + 1):
            out[k] = j - i + 1
        i = j + 1
    return out


def _word(w: str) -> str:
    return "".join(c for c in w.lower() if c.isalpha())[:12]


def rules_roles(units: list[Unit], sessions: list["Session"]) -> list[str]:
    """What the rules' reading made of each unit: S, I, P, C or "-" (skipped)."""
    starts = [u.start for u in units]
    out = ["-"] * len(units)

    def at(pos: object) -> int:
        if not isinstance(pos, int):
            return -1
        i = bisect.bisect_right(starts, pos) - 1
        return i if 0 <= i < len(units) and units[i].start <= pos < max(units[i].end, units[i].start + 1) else -1

    def mark(pos: object, role: str, weak: tuple[str, ...] = ("-",)) -> None:
        i = at(pos)
        if i >= 0 and out[i] in weak:
            out[i] = role

    for s in sessions:
        mark(s.char_start, "S")
        for c in s.chairs:
            mark(c.char_start, "C", ("-", "P"))
        for it in s.items:
            mark(it.char_start, "I", ("-", "P"))
            for sp in it.speakers:
                mark(sp.char_start, "P")
    return out


def unit_features(u: Unit, prep: "Prepared", ctx: dict) -> Features:
    """The features of one unit (see module docstring)."""
    text = u.text.strip()
    words = text.split()
    f: Features = {"bias": 1.0, "tag=" + tag(u): 1.0, "kind=" + u.kind: 1.0}
    f["len"] = f"{_bucket(len(words), (1, 2, 3, 5, 8, 13, 20, 35, 60))}"
    if u.row is not None:
        f["row"] = 1.0
        f["cell=" + str(u.cell_role)] = 1.0
        f["cellpos"] = str(min(u.cell or 0, 3))
        f["line_in_cell"] = str(min(u.line_in_cell, 2))
        f["ncells"] = str(min(u.n_cells, 4))
        if u.header:
            f["header"] = 1.0
    if u.time:
        f["time"] = 1.0
        f["time_range"] = float(bool(u.time[1]))
    if u.bold:
        f["bold"] = 1.0
    if u.bold_prefix and not u.bold:
        f["bold_prefix"] = 1.0
    if u.italic:
        f["italic"] = 1.0
    if u.italic_span:
        f["italic_part"] = 1.0
    if u.level is not None:
        f["level"] = str(min(u.level, 4))
    f["size_rank"] = str(ctx["size_rank"].get(round(u.size_ratio, 1), 0))
    f["shape_share"] = str(_bucket(ctx["shape_share"][_shape(u)], (0.02, 0.05, 0.1, 0.2, 0.35)))
    f["pos"] = str(min(int(10 * ctx["index"][id(u)] / max(1, ctx["n"])), 9))
    first, last = ctx["first_time"], ctx["last_time"]
    i = ctx["index"][id(u)]
    f["timezone"] = "none" if first is None else ("before" if i < first else "after" if i > last else "inside")
    f["rules=" + ctx["rules"][i]] = 1.0
    if BULLET.match(text):
        f["bullet"] = 1.0
    for name, pattern in SEPARATORS.items():
        if pattern.search(text):
            f["sep_" + name] = 1.0
    if text[-1:] in ".!?":
        f["end_stop"] = 1.0
    if text[-1:] == ":":
        f["end_colon"] = 1.0
    letters = [c for c in text if c.isalpha()]
    if letters:
        up = sum(c.isupper() for c in letters) / len(letters)
        f["upper"] = str(_bucket(up, (0.1, 0.3, 0.9)))
    f["digits"] = str(_bucket(sum(c.isdigit() for c in text) / max(1, len(text)), (0.01, 0.1, 0.3)))
    if match_session_heading(text):
        f["session_word"] = 1.0
    # a line that starts in lower case continues a sentence or a title wrapped above it
    first_letter = next((c for c in text if c.isalpha()), "")
    if first_letter.islower():
        f["first_lower"] = 1.0
    if CONTENTS_LINE.search(text):
        f["leader_page"] = 1.0
    elif LEADER.search(text):
        f["leader"] = 1.0
    if CONTACT.search(text):
        f["contact"] = 1.0
    if SENTENCE_INSIDE.search(text):
        f["sentences"] = 1.0

    if words and is_honorific(words[0]):
        f["honorific"] = 1.0
    whole_p = looks_like_person(text, prep.lang)
    whole_o = looks_like_org(text, prep.lang)
    f["person"] = round(whole_p, 1)
    f["org"] = round(whole_o, 1)
    chunks = [c.strip() for c in CHUNKS.split(text) if c.strip()]
    if chunks:
        persons = sum(looks_like_person(c, prep.lang) >= 0.5 for c in chunks)
        orgs = sum(looks_like_org(c, prep.lang) >= 0.6 for c in chunks)
        f["person_share"] = str(_bucket(persons / len(chunks), (0.01, 0.34, 0.67)))
        f["org_share"] = str(_bucket(orgs / len(chunks), (0.01, 0.34, 0.67)))
        f["first_person"] = round(looks_like_person(chunks[0], prep.lang), 1)
        f["last_person"] = round(looks_like_person(chunks[-1], prep.lang), 1)
        f["last_org"] = round(looks_like_org(chunks[-1], prep.lang), 1)
        if _job_line(text, chunks):
            f["job_line"] = 1.0
    pat = ctx["patterns"][i]
    f["_pattern"] = pat
    f["pattern_share"] = str(_bucket(ctx["pattern_share"][pat], (0.01, 0.03, 0.08, 0.15, 0.3)))
    for role, share in ctx["pattern_rules"][pat].items():
        f["pattern_rules_" + role] = str(_bucket(share, (0.01, 0.3, 0.7)))
    if words:
        f["w0=" + _word(words[0])] = 1.0
        f["wl=" + _word(words[-1])] = 1.0
    if ctx["sequence"][i]:
        f["numbered_sequence"] = 1.0
    f["run"] = str(_bucket(ctx["run"][i], (2, 3, 6)))
    if u.page is not None and ctx["page_count"].get(text, 0) >= 3:
        f["repeated_line"] = 1.0  # running headers and footers
    return f


NEIGHBOUR_KEYS = ("tag=", "rules=", "time", "bold", "row", "person", "session_word", "kind=", "bullet", "len",
                  "pattern_rules_", "w0=", "numbered_sequence", "first_lower", "leader", "sentences", "job_line")


def _neighbour(f: Features, prefix: str) -> Features:
    out: Features = {}
    for k, v in f.items():
        if k.startswith(NEIGHBOUR_KEYS):
            out[prefix + k] = v
    return out


def context(prep: "Prepared", rules: list[str]) -> dict:
    units = prep.units
    sizes = sorted({round(u.size_ratio, 1) for u in units}, reverse=True)
    shapes = Counter(_shape(u) for u in units)
    timed = [i for i, u in enumerate(units) if u.time]
    page_count: Counter[str] = Counter(u.text.strip() for u in units if u.page is not None)
    patterns = [_pattern(u) for u in units]
    pattern_count = Counter(patterns)
    pattern_rules: dict[str, Counter] = {}
    for pat, role in zip(patterns, rules):
        pattern_rules.setdefault(pat, Counter())[role] += 1
    return {
        "size_rank": {s: min(r, 4) for r, s in enumerate(sizes)},
        "shape_share": {k: v / max(1, len(units)) for k, v in shapes.items()},
        "index": {id(u): i for i, u in enumerate(units)},
        "n": len(units),
        "first_time": timed[0] if timed else None,
        "last_time": timed[-1] if timed else None,
        "rules": rules,
        "page_count": page_count,
        "sequence": _sequences(units),
        "run": _runs(patterns),
        "patterns": patterns,
        "pattern_share": {k: v / max(1, len(units)) for k, v in pattern_count.items()},
        "pattern_rules": {k: {r: c[r] / sum(c.values()) for r in ("S", "I", "P", "-")} for k, c in pattern_rules.items()},
    }


def document_features(prep: "Prepared", sessions: list["Session"]) -> list[Features]:
    """One feature dict per unit of the prepared document, neighbours included.

    `sessions` is the rules' reading of the document: what it made of each unit is
    evidence too.
    """
    rules = rules_roles(prep.units, sessions)
    ctx = context(prep, rules)
    own = [unit_features(u, prep, ctx) for u in prep.units]
    out = []
    for i, f in enumerate(own):
        g = dict(f)
        if i > 0:
            g.update(_neighbour(own[i - 1], "-1:"))
        else:
            g["BOD"] = 1.0
        if i + 1 < len(own):
            g.update(_neighbour(own[i + 1], "+1:"))
        else:
            g["EOD"] = 1.0
        if i > 1:
            g.update(_neighbour(own[i - 2], "-2:"))
        out.append(g)
    return out
