"""Sessions, items, presenters and chairs from one role per unit.

The roles say what each unit is; this step only puts them together:

- S opens a session (number, title and time read off the heading), C adds its chairs,
  G sets the group of the items that follow;
- I opens an item (presenters printed on the same line are split off by
  `speakers.split_item`), T continues the title above it;
- P gives presenters to an item: the item of its table row, else the item above it, or
  the item below it when the document prints presenters before titles;
- O is not programme; a break closes the current item.
Day headings date the sessions after them whatever their role.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from ..blocks import Unit
from ..dates import find_dates
from ..model import Item, Session, Speaker
from ..speakers import parse_people, parse_role_line, split_item
from ..segment.tags import BREAK, DAY, tag
from ..segment.titles import clean_title, strip_parens
from ..segment.walk import Walk, _offset, _session_from_heading, is_speaker_line

if TYPE_CHECKING:
    from ..segment import Prepared

CONTENT = ("I", "P")


def presenters_first(units: list[Unit], labels: list[str]) -> bool:
    """Does the document print presenters above their titles?

    Votes from the edges of each session's run of entries outside tables: a run that opens
    with presenters and closes with a title reads presenter-first.
    """
    votes = 0
    run: list[str] = []

    def close() -> None:
        nonlocal votes
        if len(run) >= 2:
            votes += (run[0] == "P") - (run[0] == "I") + (run[-1] == "I") - (run[-1] == "P")

    for u, lab in zip(units, labels):
        if lab == "S":
            close()
            run = []
        elif lab in CONTENT and u.row is None:
            run.append(lab)
    close()
    return votes > 0


@dataclass
class Assembly:
    """The sessions being built and where the next unit goes."""

    prep: "Prepared"
    walk: Walk
    presenter_first: bool
    sessions: list[Session] = field(default_factory=list)
    session: Optional[Session] = None
    item: Optional[Item] = None
    item_unit: Optional[Unit] = None
    group: Optional[str] = None
    day_date: Optional[str] = None
    day_dates: list[str] = field(default_factory=list)
    pending: list[Speaker] = field(default_factory=list)  # presenters waiting for the title below
    last: str = "O"

    @property
    def lang(self) -> str:
        return self.prep.lang

    def ensure_session(self, u: Unit) -> Session:
        if self.session is None:
            self.session = Session(date=self.day_date, page=u.page, char_start=u.start)
            self.sessions.append(self.session)
        return self.session

    def flush_pending(self, u: Optional[Unit]) -> None:
        """Presenters left without a title below them: an untitled item of their own."""
        if self.pending and u is not None:
            self.new_item(None, u, self.pending)
        self.pending = []

    def new_item(self, title: Optional[str], u: Unit, speakers: list[Speaker]) -> Item:
        session = self.ensure_session(u)
        item = Item(title=clean_title(title), speakers=list(speakers), group=self.group, page=u.page,
                    char_start=u.start, char_end=u.end, bbox=u.bbox)
        if u.time:
            item.start_time, item.end_time = u.time
        session.items.append(item)
        self.item, self.item_unit = item, u
        return item


def _people(u: Unit, lang: str) -> list[Speaker]:
    """The presenters a P unit names (an organisation alone included)."""
    text = strip_parens(u.text.strip())
    people = is_speaker_line(u, lang) or parse_people(text, lang)
    if not people:
        parsed = split_item(text, lang)
        people = list(parsed.speakers)
    return _offset(list(people), u, u.start)


def _same_row(a: Optional[Unit], b: Unit) -> bool:
    return a is not None and b.row is not None and a.row == b.row


def on_day(asm: Assembly, u: Unit) -> None:
    dates = find_dates(u.text, default_year=asm.prep.year)
    if dates and dates[0].iso:
        asm.day_date = dates[0].iso
        asm.day_dates.append(asm.day_date)
        asm.walk.day_date = asm.day_date


def on_session(asm: Assembly, u: Unit) -> None:
    asm.flush_pending(asm.item_unit)
    session, rest = _session_from_heading(u, asm.walk)
    if tag(u) == DAY and not session.title and not session.number:
        session.title = u.text.strip().strip(":")
    session.date = session.date or asm.day_date
    asm.sessions.append(session)
    asm.session, asm.item, asm.item_unit, asm.group = session, None, None, None
    for r in rest:
        on_item(asm, r)


def on_chair(asm: Assembly, u: Unit) -> None:
    rl = parse_role_line(u.text.strip(), asm.lang)
    people = list(rl.people) if rl is not None else parse_people(strip_parens(u.text.strip()), asm.lang)
    for sp in people:
        sp.role = sp.role or "Chair"
    asm.ensure_session(u).chairs.extend(_offset(people, u, u.start))


def on_item(asm: Assembly, u: Unit) -> None:
    text = u.text.strip()
    if _same_row(asm.item_unit, u) and asm.item is not None:
        on_continuation(asm, u)  # a second title cell of the same row
        return
    parsed = split_item(text, asm.lang)
    speakers = _offset(list(parsed.speakers), u, u.start)
    if asm.pending and asm.presenter_first:
        speakers = asm.pending + speakers
        asm.pending = []
    else:
        asm.flush_pending(asm.item_unit)
    asm.new_item(parsed.title, u, speakers)


def on_continuation(asm: Assembly, u: Unit) -> None:
    text = u.text.strip()
    if asm.item is not None and (asm.last in ("I", "T", "P") or _same_row(asm.item_unit, u)):
        asm.item.title = clean_title(f"{asm.item.title} {text}") if asm.item.title else clean_title(text)
    elif asm.session is not None and asm.last == "S" and asm.session.title:
        asm.session.title = f"{asm.session.title} {text}"
    else:
        on_item(asm, u)


def on_presenters(asm: Assembly, u: Unit) -> None:
    people = _people(u, asm.lang)
    if not people:
        return
    item = asm.item
    if item is not None and _same_row(asm.item_unit, u):
        item.speakers.extend(people)
    elif asm.presenter_first and u.row is None:
        if asm.last == "P" and asm.pending:
            asm.pending.extend(people)
        else:
            asm.flush_pending(asm.item_unit)
            asm.pending = people
    elif item is not None and (asm.last in ("I", "T", "P") or not item.speakers):
        item.speakers.extend(people)
    else:
        asm.new_item(None, u, people)


def on_group(asm: Assembly, u: Unit) -> None:
    asm.flush_pending(asm.item_unit)
    asm.group = u.text.strip().strip(":") or None
    asm.item = asm.item_unit = None


HANDLERS = {"S": on_session, "C": on_chair, "I": on_item, "T": on_continuation, "P": on_presenters, "G": on_group}


def assemble(prep: "Prepared", labels: list[str]) -> tuple[list[Session], list[str]]:
    """Sessions built from the units' roles, and the dates of the day headings."""
    asm = Assembly(prep=prep, walk=Walk(lang=prep.lang, year=prep.year),
                   presenter_first=presenters_first(prep.units, labels))
    for u, lab in zip(prep.units, labels):
        if tag(u) == DAY:
            on_day(asm, u)
        if lab == "O":
            if tag(u) == BREAK:
                asm.flush_pending(asm.item_unit)
                asm.item = asm.item_unit = None
            continue
        HANDLERS[lab](asm, u)
        asm.last = lab
    asm.flush_pending(asm.item_unit)
    return asm.sessions, asm.day_dates
