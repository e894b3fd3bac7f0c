"""iCalendar (RFC 5545) export of one meeting: one VEVENT per dated session and per timed item.

Events, all with deterministic UIDs (`<row id>@programme-ingest`):
- the meeting itself, an all-day event from its start to its end date, when it has a start date;
- each session whose day is known (see `ProgrammeRows.session_day`): timed when the session
  prints a start time, else all-day; its description lists the items and speakers;
- each item that prints a start time, in a session whose day is known (RELATED-TO its session).

The calendar is written by a small RFC 5545 serializer (`Component`: content lines, text
escaping, line folding at 75 octets, CRLF); the tests read every file back with the
`icalendar` parser. Times are floating local times (documents rarely state a time zone). Sessions without a
known day get no event (a VEVENT needs DTSTART): they are listed in the calendar's
`X-PROGRAMME-INGEST-SKIPPED` property. A calendar needs at least one component, so when
nothing is dated a single VJOURNAL (whose DTSTART is optional) carries the programme's
outline instead of an invented event.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Iterator, Optional, Sequence, Union

from . import Export, ProgrammeRows, Row, person_label, session_label, value

PRODID = "-//programme-ingest//programme export//EN"
UID_DOMAIN = "programme-ingest"
SKIPPED_PROPERTY = "X-PROGRAMME-INGEST-SKIPPED"


MAX_LINE_OCTETS = 75  # RFC 5545 3.1: lines longer than this are folded
Value = Union[str, date, datetime, Sequence[str]]


def escape_text(text: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 says (backslash, semicolon, comma, newline)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def format_value(value: Value) -> tuple[str, str]:
    """(parameters, value) of a property value: a DATE, a DATE-TIME (UTC with "Z", else floating),
    a list of texts (comma-separated) or a text."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return "", value.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        return "", value.strftime("%Y%m%dT%H%M%S")
    if isinstance(value, date):
        return ";VALUE=DATE", value.strftime("%Y%m%d")
    if isinstance(value, (list, tuple)):
        return "", ",".join(escape_text(v) for v in value)
    return "", escape_text(str(value))


def fold(line: str) -> str:
    """A content line folded into lines of at most 75 octets (continuations start with a space),
    never inside a UTF-8 character."""
    if not line.isascii():
        return fold_octets(line)
    if len(line) <= MAX_LINE_OCTETS:  # one octet per character: cut by position
        return line
    step = MAX_LINE_OCTETS - 1
    return "\r\n ".join([line[:MAX_LINE_OCTETS]] + [line[i:i + step] for i in range(MAX_LINE_OCTETS, len(line), step)])


def fold_octets(line: str) -> str:
    """`fold` of any text: each line the longest run of whole UTF-8 characters that fits (a cut
    never falls on a continuation octet, 0b10xxxxxx)."""
    data = line.encode("utf-8")
    if len(data) <= MAX_LINE_OCTETS:
        return line
    parts, start, limit = [], 0, MAX_LINE_OCTETS
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:
            cut -= 1
        parts.append(data[start:cut].decode("utf-8"))
        start, limit = cut, MAX_LINE_OCTETS - 1
    parts.append(data[start:].decode("utf-8"))
    return "\r\n ".join(parts)


class Component:
    """A calendar component (VCALENDAR, VEVENT, VJOURNAL): properties in order, then children."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.properties: list[tuple[str, Value]] = []
        self.children: list["Component"] = []

    def add(self, name: str, value: Value) -> None:
        self.properties.append((name.upper(), value))

    def __contains__(self, name: str) -> bool:
        return any(n == name.upper() for n, _ in self.properties)

    def add_component(self, component: "Component") -> None:
        self.children.append(component)

    def lines(self) -> Iterator[str]:
        yield f"BEGIN:{self.name}"
        for name, prop in self.properties:
            params, text = format_value(prop)
            yield fold(f"{name}{params}:{text}")
        for child in self.children:
            yield from child.lines()
        yield f"END:{self.name}"

    def to_ical(self) -> str:
        return "\r\n".join(self.lines()) + "\r\n"


def parse_day(text: Optional[str]) -> Optional[date]:
    """An ISO date, or None when missing or malformed."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def parse_time(text: Optional[str]) -> Optional[time]:
    """An HH:MM time, or None when missing or malformed."""
    try:
        return time.fromisoformat(text) if text else None
    except ValueError:
        return None


def uid(row_id: str) -> str:
    """The deterministic UID of a row."""
    return f"{row_id}@{UID_DOMAIN}"


def set_times(event: Component, day: date, start: Optional[time], end: Optional[time]) -> None:
    """DTSTART/DTEND: timed (floating) when the start time is known, else an all-day date."""
    if start is None:
        event.add("dtstart", day)
        return
    event.add("dtstart", datetime.combine(day, start))
    if end is not None and end > start:
        event.add("dtend", datetime.combine(day, end))


def session_description(rows: ProgrammeRows, session: Row) -> str:
    """The session's chairs, items and speakers, one line each."""
    lines = [f"{c.get('role') or 'Chair'}: {person_label(c)}" for c in rows.chairs.get(session["session_id"], [])]
    for item in rows.items.get(session["session_id"], []):
        at = value(item, "start_time")
        title = value(item, "title") or "(untitled item)"
        lines.append(f"{at + ' ' if at else ''}{title}")
        lines += [f"  – {person_label(s)}" for s in rows.speakers.get(item["item_id"], [])]
    return "\n".join(lines)


def meeting_event(rows: ProgrammeRows, dtstamp: datetime) -> Optional[Component]:
    """The all-day event of the whole meeting, when its start date is stated."""
    start = parse_day(value(rows.meeting, "start_date"))
    if start is None or not rows.meeting.get("meeting_id"):
        return None
    end = parse_day(value(rows.meeting, "end_date")) or start
    event = Component("VEVENT")
    event.add("uid", uid(rows.meeting["meeting_id"]))
    event.add("dtstamp", dtstamp)
    event.add("summary", rows.title or "Meeting")
    event.add("dtstart", start)
    event.add("dtend", max(end, start) + timedelta(days=1))  # DTEND of an all-day event is exclusive
    if value(rows.meeting, "location"):
        event.add("location", value(rows.meeting, "location"))
    return event


def session_event(rows: ProgrammeRows, session: Row, day: date, dtstamp: datetime) -> Component:
    """The event of one dated session."""
    event = Component("VEVENT")
    event.add("uid", uid(session["session_id"]))
    event.add("dtstamp", dtstamp)
    event.add("summary", session_label(session))
    set_times(event, day, parse_time(value(session, "start_time")), parse_time(value(session, "end_time")))
    description = session_description(rows, session)
    if description:
        event.add("description", description)
    if value(rows.meeting, "location"):
        event.add("location", value(rows.meeting, "location"))
    event.add("categories", [rows.title or "Meeting"])
    return event


def item_event(rows: ProgrammeRows, session: Row, item: Row, day: date, dtstamp: datetime) -> Optional[Component]:
    """The event of one item that prints its start time (None otherwise)."""
    start = parse_time(value(item, "start_time"))
    if start is None:
        return None
    event = Component("VEVENT")
    event.add("uid", uid(item["item_id"]))
    event.add("dtstamp", dtstamp)
    event.add("summary", value(item, "title") or "(untitled item)")
    set_times(event, day, start, parse_time(value(item, "end_time")))
    speakers = [person_label(s) for s in rows.speakers.get(item["item_id"], [])]
    if speakers:
        event.add("description", "\n".join(speakers))
    event.add("related-to", uid(session["session_id"]))
    return event


def outline_journal(rows: ProgrammeRows, dtstamp: datetime, doc_uid: str) -> Component:
    """A VJOURNAL with the programme's outline, for a calendar that has no dated event."""
    journal = Component("VJOURNAL")
    journal.add("uid", uid(doc_uid))
    journal.add("dtstamp", dtstamp)
    journal.add("summary", rows.title or "Programme")
    outline = [session_label(s) + ("\n" + session_description(rows, s) if session_description(rows, s) else "")
               for s in rows.sessions]
    journal.add("description", "The document states no date.\n\n" + "\n\n".join(outline))
    return journal


def to_ical(rows: ProgrammeRows, *, dtstamp: Optional[datetime] = None) -> Export:
    """The meeting's programme as an RFC 5545 calendar (see the module docstring).

    `dtstamp` (UTC) is written as every component's DTSTAMP; give the document's
    `ingested_at` for reproducible files (default: now).
    """
    dtstamp = (dtstamp or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    cal = Component("VCALENDAR")
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if rows.title:
        cal.add("x-wr-calname", rows.title)
    events: list[Component] = []
    skipped: list[str] = []
    meeting = meeting_event(rows, dtstamp)
    if meeting is not None:
        events.append(meeting)
    for session in rows.sessions:
        day = parse_day(rows.session_day(session))
        if day is None:
            skipped.append(f"{session_label(session)}: no date stated")
            continue
        events.append(session_event(rows, session, day, dtstamp))
        for item in rows.items.get(session["session_id"], []):
            event = item_event(rows, session, item, day, dtstamp)
            if event is not None:
                events.append(event)
    for event in events:
        cal.add_component(event)
    if not events:
        doc_uid = str(rows.meeting.get("meeting_id") or value(rows.document, "document_id") or "programme")
        cal.add_component(outline_journal(rows, dtstamp, doc_uid))
    if skipped:
        cal.add(SKIPPED_PROPERTY, f"{len(skipped)} session(s) without a stated date: " + "; ".join(skipped))
    return Export(text=cal.to_ical(), n_events=len(events), skipped=skipped)
