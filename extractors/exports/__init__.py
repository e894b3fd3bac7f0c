"""Exports of one meeting's programme for other tools: iCalendar (`ical.py`) and frab JSON (`frab.py`).

Both read the same input: one document's table rows (`meetings`, `sessions`, `items`,
`speakers`, `chairs`, as in CONTRACT.md), wrapped by `ProgrammeRows`. They export only
what the document states: a session's day is its own `date`, or the meeting's date when
the meeting lasts one day; a session whose day is unknown is skipped and listed in the
export's `skipped` notes, never given an invented date. Times are used only as printed.

    to_ical(rows, dtstamp=...)  -> Export   (RFC 5545 text)
    to_frab(rows)               -> Export   (frab / pretalx schedule JSON text)
    programme_rows_of(extraction, doc_id)   the rows of an `Extraction`, without any table
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

Row = Mapping[str, Any]

# The tables one document's export reads.
EXPORT_TABLES: tuple[str, ...] = ("documents", "meetings", "sessions", "items", "speakers", "chairs")


def value(row: Optional[Row], column: str) -> Optional[str]:
    """A non-empty, stripped string cell (None, NaN and "" become None)."""
    if row is None:
        return None
    cell = row.get(column)
    if cell is None or (isinstance(cell, float) and cell != cell):
        return None
    text = str(cell).strip()
    return text or None


@dataclass
class Export:
    """An export's text, how many events it holds, and what it skipped (human sentences)."""

    text: str
    n_events: int
    skipped: list[str] = field(default_factory=list)


@dataclass
class ProgrammeRows:
    """One document's rows, grouped the way exports walk them (sessions → items → speakers)."""

    meeting: Row
    sessions: Sequence[Row]
    items: Mapping[str, list[Row]]  # session_id → items in order
    speakers: Mapping[str, list[Row]]  # item_id → speakers in order
    chairs: Mapping[str, list[Row]]  # session_id → chairs in order
    document: Optional[Row] = None

    @classmethod
    def from_tables(cls, tables: Mapping[str, Sequence[Row]]) -> "ProgrammeRows":
        """Group the rows of one document's tables (missing tables count as empty)."""
        def group(table: str, key: str) -> dict[str, list[Row]]:
            grouped: dict[str, list[Row]] = {}
            for row in sorted(tables.get(table, []), key=lambda r: r.get("ordinal") or 0):
                grouped.setdefault(row[key], []).append(row)
            return grouped

        meetings = list(tables.get("meetings", []))
        documents = list(tables.get("documents", []))
        return cls(
            meeting=meetings[0] if meetings else {},
            sessions=sorted(tables.get("sessions", []), key=lambda r: r.get("ordinal") or 0),
            items=group("items", "session_id"),
            speakers=group("speakers", "item_id"),
            chairs=group("chairs", "session_id"),
            document=documents[0] if documents else None,
        )

    @property
    def title(self) -> Optional[str]:
        """The meeting's title, else the document's source path."""
        return value(self.meeting, "title") or value(self.document, "source_path")

    def one_day_meeting(self) -> bool:
        """True when the meeting has a start date and no different end date."""
        start, end = value(self.meeting, "start_date"), value(self.meeting, "end_date")
        return bool(start) and (end is None or end == start)

    def session_day(self, session: Row) -> Optional[str]:
        """The session's ISO date as stated: its own date, or the date of a one-day meeting."""
        own = value(session, "date")
        if own:
            return own
        return value(self.meeting, "start_date") if self.one_day_meeting() else None


def session_label(session: Row) -> str:
    """A session's display title: "Session N – Title", the title, "Session N", or "Untitled session (#ordinal)"."""
    number, title = value(session, "number"), value(session, "title")
    if number and title:
        return f"Session {number} – {title}"
    if title:
        return title
    return f"Session {number}" if number else f"Untitled session (#{session.get('ordinal')})"


def person_label(row: Row) -> str:
    """"Name (Affiliation)", the name, or the affiliation alone."""
    name, affiliation = value(row, "name"), value(row, "affiliation")
    if name and affiliation:
        return f"{name} ({affiliation})"
    return name or affiliation or "?"


def programme_rows_of(extraction: Any, doc_id: str = "doc") -> dict[str, list[dict]]:
    """The meetings/sessions/items/speakers/chairs rows of an `Extraction` (as the tables store them)."""
    from ..tables import programme_rows

    return programme_rows(doc_id, extraction.programme)


from .frab import to_frab  # noqa: E402  (the submodules use the helpers above)
from .ical import to_ical  # noqa: E402

__all__ = ["EXPORT_TABLES", "Export", "ProgrammeRows", "person_label", "programme_rows_of",
           "session_label", "to_frab", "to_ical", "value"]
