"""The learned parts of segmentation: which reading of the whole document, which units
are programme.

    readings.choose          → the candidate reading (one per kind of session marker)
                               that explains the document best: self-checks first, then a
                               linear scorer learned from the annotated corpus
    features.document_features → one feature dict per unit, relative to its document
                               (style ranks, layout patterns, the rules' tags and reading)
    model.RoleModel          → a linear-chain CRF (CRFsuite) over a document's units, a
                               small committed file; its "not programme" probability
                               leaves out entries without presenters (`keep_programme`)
    assemble.assemble        → sessions built from the CRF's roles alone (opt-in:
                               PROGRAMME_INGEST_READING=roles; not yet better than the rules)

Training and cross-validation (`align.py`, `train.py`) read an annotated corpus and never
run at ingest time.

Roles: S session heading, I item (its title, maybe with presenters on the same line),
T continuation of the title above, P presenters, C chair line, G group heading inside a
session, O not programme (header, prose, breaks, page chrome).
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from ..blocks import Unit
    from ..model import Item, Programme, Session
    from ..segment import Prepared
    from .readings import Reading

ROLES = ("S", "I", "T", "P", "C", "G", "O")
#: An entry without presenters is left out when the model gives its unit at least this
#: probability of not being programme. Chosen by cross-validation: with the evidence of prose,
#: contact lines and contents lines, 0.1 leaves out more than 0.2 and loses few entries (0.05
#: leaves out more still, but also the talks of small programmes the model is less sure of);
#: timed entries and entries with presenters are kept whatever it says.
NOT_PROGRAMME = 0.1
#: ... unless it is printed like a neighbour that is kept and its probability stays under this.
PRINTED_ALIKE_LIMIT = 0.8
#: An entry whose presenters name no person (an organisation, a price, a stray word read as
#: one) is left out when the model gives its unit at least this probability of not being
#: programme (chosen by cross-validation: 0.9 leaves out 37 false entries for 2 true ones).
SURE_NOT_PROGRAMME = 0.9
#: "roles" builds the sessions from the CRF's roles instead of the chosen reading.
READING_ENV = "PROGRAMME_INGEST_READING"
READINGS_ENV = "PROGRAMME_INGEST_READINGS"
"""Another readings-scorer weights file (the cross-validation fits one per fold), or "none"."""
# The learned files, named here (not in `model` / `readings`) so that whoever only hashes them
# (the ingest's extractor fingerprint) does not import the extraction modules.
WEIGHTS_PATH = Path(__file__).with_name("readings.json")
MODEL_PATH = Path(__file__).with_name("roles.crfsuite")
MODEL_ENV = "PROGRAMME_INGEST_ROLE_MODEL"
"""Another role model file (the cross-validation trains one per fold), or "none"."""


def model_path() -> Optional[Path]:
    """The role model file in force: $PROGRAMME_INGEST_ROLE_MODEL, else the committed one (None: none)."""
    value = os.environ.get(MODEL_ENV)
    if value:
        return None if value.lower() == "none" else Path(value)
    return MODEL_PATH if MODEL_PATH.exists() else None


def choose_reading(prep: "Prepared") -> "Reading":
    """The candidate reading of the whole document that the learned scorer ranks first."""
    from .readings import choose, load_weights

    value = os.environ.get(READINGS_ENV)
    path = WEIGHTS_PATH if not value else (None if value.lower() == "none" else Path(value))
    return choose(prep, load_weights(path) if path is not None else None)


def weigh_entries(reading: "Reading") -> tuple["Reading", Optional[list[bool]], Optional[list[bool]]]:
    """The reading, which of its units are programme by the role model, and which the model
    is sure are not (None without a model: all are, none is sure). With
    PROGRAMME_INGEST_READING=roles the sessions are assembled from the model's roles instead
    of the rules' walk."""
    import os

    from .assemble import assemble
    from .features import document_features
    from .model import current_model

    model = current_model()
    roles = os.environ.get(READING_ENV) == "roles"
    if model is None or not (roles or any(could_leave_out(s) for s in reading.sessions)):
        return reading, None, None  # nothing the model could leave out: no need to ask it
    feats = document_features(reading.prep, reading.sessions)
    if roles:
        sessions, day_dates = assemble(reading.prep, model.predict(feats))
        return replace(reading, sessions=sessions, day_dates=day_dates), None, None
    # the points of a numbered list are kept whatever the model says: too few agendas
    # without presenters or times were there to learn from
    probs = model.probability(feats, "O")
    programme = [p < NOT_PROGRAMME or bool(f.get("numbered_sequence")) for p, f in zip(probs, feats)]
    # entries of one list are printed alike: a unit printed like a neighbour the model keeps is
    # kept too, unless the model is sure it is not programme
    for i, p in enumerate(probs):
        if not programme[i] and p < PRINTED_ALIKE_LIMIT:
            programme[i] = any(0 <= j < len(probs) and probs[j] < NOT_PROGRAMME and
                               feats[j].get("_pattern") == feats[i].get("_pattern") for j in (i - 1, i + 1))
    # nor is one entry of a list left out while the entries printed like it next to it stay
    patterns = [f.get("_pattern") for f in feats]
    sure_not = [p >= SURE_NOT_PROGRAMME and not any(
        0 <= j < len(probs) and j != i and probs[j] < SURE_NOT_PROGRAMME and patterns[j] == patterns[i]
        for j in range(i - 2, i + 3)) for i, p in enumerate(probs)]
    return reading, programme, sure_not


def could_leave_out(session: "Session") -> bool:
    """Does the session hold something `keep_programme` may leave out?"""
    return (any(not any(sp.name for sp in it.speakers) for it in session.items)
            or not (session.items or session.chairs or session.start_time))


def keep_programme(programme: "Programme", units: list["Unit"], is_programme: list[bool],
                   sure_not: Optional[list[bool]] = None) -> None:
    """The programme without the entries the model is sure are not programme.

    An item that names a person among its presenters is kept whatever its unit looks like
    (a title with a person is the programme's own evidence); one whose presenters name no
    person goes when the model is sure its unit is not programme (`sure_not`); a session
    goes when its heading is not programme and nothing is left in it, unless it is one of
    two or more numbered sessions.
    """
    import bisect

    starts = [u.start for u in units]

    def kept(pos: Optional[int], flags: list[bool] = is_programme, default: bool = True) -> bool:
        if pos is None:
            return default
        i = bisect.bisect_right(starts, pos) - 1
        return flags[i] if 0 <= i < len(flags) else default

    def named(it: "Item") -> bool:
        if any(sp.name for sp in it.speakers):
            return True
        return bool(it.speakers) and not (sure_not and kept(it.char_start, sure_not, False))

    for s in programme.sessions:
        # an entry with a printed time is scheduled: prose, lists and notes carry no time slot
        s.items = [it for it in s.items if named(it) or it.start_time or kept(it.char_start)]
    # a session of a numbered series is the programme's own structure, even with nothing listed
    series = sum(1 for s in programme.sessions if s.number) >= 2
    programme.sessions = [s for s in programme.sessions
                          if s.items or s.chairs or s.start_time or (series and s.number) or kept(s.char_start)]
