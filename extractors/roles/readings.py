"""Candidate readings of a whole document, and the learned choice between them.

The rules offer several ways to open sessions (numbered headings, time slots, the
headings nearest above the entries, day headings, none: `segment.markers`). Each is a
candidate reading; each reading is described by how well it explains the document
(sessions holding several items, items with titles and presenters, session titles that
are not person names, times in order, ...), and a linear scorer learned from the
annotated corpus (pairwise: of two readings of one document, the one closer to the gold
should score higher) picks one. So no single line decides how the document is read: a
stray "Panel B" may make a candidate, but it has to explain the document better than
the others to win. The weights are `readings.json` beside this file (`make train`).
"""
from __future__ import annotations

import bisect
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ..speakers import looks_like_person

if TYPE_CHECKING:
    from ..blocks import Unit
    from ..model import Session
    from ..segment import Prepared

from . import WEIGHTS_PATH  # noqa: E402 - named in the package (see there)

READINGS = ("rules", "numbered", "slots", "headings", "days", "none")


@dataclass
class Reading:
    """One candidate reading: its name, the prepared units it read, its sessions."""

    name: str
    prep: "Prepared"
    sessions: list["Session"]
    day_dates: list[str]
    markers: set[int] = field(default_factory=set)


class UnitState:
    """What the walk settles on units (row times, cell roles), kept to read them again
    from the same start: every candidate walks the same units."""

    def __init__(self, units: list["Unit"]) -> None:
        self.units = units
        self.saved = [(u.time, u.cell_role) for u in units]

    def restore(self) -> None:
        for u, (time, role) in zip(self.units, self.saved):
            u.time, u.cell_role = time, role


def candidate_readings(prep: "Prepared", state: Optional[UnitState] = None) -> list[Reading]:
    """Every reading the document's session markers offer (the rules' own choice first).

    All walk the same units from the same start (`state`); the units are left as the rules'
    choice settled them (`settle` reads another again).
    """
    from ..segment.markers import candidate_markers
    from ..segment.rows import row_groups

    state = state or UnitState(prep.units)
    candidates = list(candidate_markers(row_groups(prep.units), prep.meeting.title).items())
    out = []
    for name, markers in reversed(candidates):  # the rules' choice, most often kept, walked last
        state.restore()
        out.append(_walk(prep, name, markers))
    return out[::-1]


def _walk(prep: "Prepared", name: str, markers: set[int]) -> Reading:
    from ..segment import rules_reading

    sessions, day_dates = rules_reading(prep, markers)
    return Reading(name, prep, sessions, day_dates, markers)


def settle(readings: list[Reading], chosen: Reading, state: UnitState) -> Reading:
    """The chosen reading, with the units as its own walk leaves them."""
    if chosen is readings[0]:
        return chosen
    state.restore()
    return _walk(chosen.prep, chosen.name, chosen.markers)


def _share(n: int, d: int) -> float:
    return n / d if d else 0.0


def reading_features(reading: Reading, most_items: int, lang: str) -> dict[str, float]:
    """How well one reading explains its document (see module docstring)."""
    sessions = [s for s in reading.sessions if s.items or s.chairs or s.title or s.number]
    items = [it for s in sessions for it in s.items]
    n_s, n_i = len(sessions), len(items)
    sizes = [len(s.items) for s in sessions]
    mean = sum(sizes) / n_s if n_s else 0.0
    spread = math.sqrt(sum((x - mean) ** 2 for x in sizes) / n_s) / mean if n_s and mean else 0.0
    ordered = pairs = 0
    for s in sessions:
        times = [it.start_time for it in s.items if it.start_time]
        for a, b in zip(times, times[1:]):
            pairs += 1
            ordered += a <= b
    f = {
        f"reading={reading.name}": 1.0,
        "items_vs_most": math.log((n_i + 1) / (most_items + 1)),
        "log_sessions": math.log(n_s + 1),
        "sessions_per_item": _share(n_s, n_i + 1),
        "sessions_empty": _share(sum(1 for s in sessions if not s.items and not s.chairs), n_s),
        "sessions_single": _share(sum(1 for x in sizes if x == 1), n_s),
        "sessions_untitled": _share(sum(1 for s in sessions if not s.title), n_s),
        "session_titles_person": _share(sum(1 for s in sessions if s.title and looks_like_person(s.title, lang) >= 0.5), n_s),
        "items_spread": min(spread, 3.0),
        "items_with_speakers": _share(sum(1 for it in items if it.speakers), n_i),
        "items_untitled": _share(sum(1 for it in items if not it.title), n_i),
        "item_titles_person": _share(sum(1 for it in items if it.title and looks_like_person(it.title, lang) >= 0.5), n_i),
        "items_timed": _share(sum(1 for it in items if it.start_time), n_i),
        "times_in_order": _share(ordered, pairs) if pairs else 1.0,
        "no_items": float(n_i == 0),
    }
    f.update({f"check_{name}": 1.0 for name in implausible(sessions, lang, reading.prep.units)})
    return f


def _pattern_at(units: list["Unit"], pos: Optional[int]) -> Optional[str]:
    from .features import _pattern

    if pos is None:
        return None
    i = bisect.bisect_right([u.start for u in units], pos) - 1
    return _pattern(units[i]) if 0 <= i < len(units) else None


def slots_printed_as_entries(sessions: list["Session"], units: list["Unit"]) -> bool:
    """Stand-alone slots printed exactly like the entries of the other sessions: they are
    entries too (a stray heading above them made the walk read them as slots)."""
    slots = [s for s in sessions if len(s.items) == 1 and not s.items[0].title and s.items[0].speakers]
    entries = Counter(_pattern_at(units, it.char_start) for s in sessions if s not in slots for it in s.items)
    if len(slots) < 2 or not entries:
        return False
    alike = sum(1 for s in slots if entries[_pattern_at(units, s.char_start)] >= 2)
    return alike >= 2 and alike >= 0.5 * len(slots)


def _names_someone(title: str, lang: str) -> bool:
    """A title that holds a presenter the item parser can split off ("Title – Name (Org)")."""
    from ..speakers import split_item

    parsed = split_item(title, lang)
    return bool(parsed.title) and any(sp.name and sp.confidence >= 0.8 for sp in parsed.speakers)


def implausible(sessions: list["Session"], lang: str, units: Optional[list["Unit"]] = None) -> list[str]:
    """What makes a reading implausible as a whole, whatever the scorer says: most of its
    sessions are stand-alone slots of one untitled entry, or nearly all hold one entry at
    most (every talk read as its own session), slots printed like the other sessions'
    entries, session titles that are person names or hold presenters, item titles that
    are person names, speaker names with digits."""
    out = []
    titled = [s for s in sessions if s.title]
    slots = [s for s in sessions if len(s.items) == 1 and not s.items[0].title and s.items[0].speakers]
    if len(slots) >= 4 and len(slots) >= 0.5 * len(sessions):
        out.append("slots")
    elif len(sessions) >= 6 and sum(len(s.items) <= 1 for s in sessions) >= 0.8 * len(sessions):
        out.append("sessions_of_one")  # every entry its own session
    elif units is not None and slots_printed_as_entries(sessions, units):
        out.append("slots_like_entries")
    if len(titled) >= 3 and sum(looks_like_person(s.title or "", lang) >= 0.75 for s in titled) >= 0.5 * len(titled):
        out.append("session_names")
    elif len(titled) >= 3 and sum(_names_someone(s.title or "", lang) for s in titled) >= 0.4 * len(titled):
        out.append("session_titles_with_presenters")  # talks read as sessions, their presenters left in the title
    titles = [it.title for s in sessions for it in s.items if it.title]
    if len(titles) >= 4 and sum(looks_like_person(t, lang) >= 0.75 for t in titles) >= 0.5 * len(titles):
        out.append("item_names")
    names = [sp.name for s in sessions for it in s.items for sp in it.speakers if sp.name]
    if len(names) >= 4 and sum(any(c.isdigit() for c in n) for n in names) >= 0.3 * len(names):
        out.append("speaker_digits")
    return out


@lru_cache(maxsize=4)
def _weights(path: str, mtime: int) -> dict[str, float]:
    del mtime
    return json.loads(Path(path).read_text(encoding="utf-8"))["weights"]


def load_weights(path: Path = WEIGHTS_PATH) -> Optional[dict[str, float]]:
    return _weights(str(path), path.stat().st_mtime_ns) if path.is_file() else None


def score(features: dict[str, float], weights: dict[str, float]) -> float:
    return sum(weights.get(k, 0.0) * v for k, v in features.items())


def rank(features: list[dict[str, float]], weights: Optional[dict[str, float]]) -> list[int]:
    """Readings best first: plausible ones before implausible ones, then by score, then
    in candidate order (the rules' own choice first)."""
    w = weights or {}
    return sorted(range(len(features)), key=lambda k: (
        any(key.startswith("check_") for key in features[k]), -score(features[k], w), k))


def choose(prep: "Prepared", weights: Optional[dict[str, float]]) -> Reading:
    """The candidate reading ranked first (see `rank`)."""
    state = UnitState(prep.units)
    readings = candidate_readings(prep, state)
    if len(readings) == 1:
        return readings[0]
    most = max(sum(len(s.items) for s in r.sessions) for r in readings)
    feats = [reading_features(r, most, prep.lang) for r in readings]
    return settle(readings, readings[rank(feats, weights)[0]], state)


def fit(documents: list[list[tuple[dict[str, float], float]]], l2: float = 0.1, steps: int = 800,
        rate: float = 0.5) -> dict[str, float]:
    """Weights from the candidates of many documents, each a (features, quality) list:
    logistic regression on feature differences of every pair of one document's readings
    whose qualities differ (deterministic: plain gradient descent from zero)."""
    import numpy as np

    names = sorted({k for doc in documents for f, _ in doc for k in f if not k.startswith("check_")})
    index = {k: i for i, k in enumerate(names)}
    rows = []
    for doc in documents:
        for a, (fa, qa) in enumerate(doc):
            for fb, qb in doc[a + 1:]:
                if abs(qa - qb) < 0.02:
                    continue
                x = np.zeros(len(names))
                for k, v in fa.items():
                    if k in index:
                        x[index[k]] += v
                for k, v in fb.items():
                    if k in index:
                        x[index[k]] -= v
                # weigh each pair by how much the choice matters
                rows.append((x if qa > qb else -x, abs(qa - qb)))
    if not rows:
        return {}
    X = np.array([r[0] for r in rows])
    wts = np.array([r[1] for r in rows])
    w = np.zeros(len(names))
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(X @ w)))
        grad = -(X * ((1 - p) * wts)[:, None]).sum(axis=0) / wts.sum() + l2 * w
        w -= rate * grad
    return {k: round(float(w[i]), 6) for k, i in index.items()}
