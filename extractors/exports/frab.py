"""frab / pretalx schedule JSON export of one meeting: conference → days → rooms → events with persons.

Layout (as pretalx's `schedule.json`): `{"schedule": {"version", "base_url", "conference":
{"acronym", "title", "start", "end", "daysCount", "timeslot_duration", "time_zone_name",
"days": [{"index", "date", "day_start", "day_end", "rooms": {ROOM: [event, ...]}}]}}}`.

What the document does not state is left out, never invented:
- days exist only for dates the document states (see `ProgrammeRows.session_day`); the
  events of sessions without a known day are left out and listed in `x_skipped`;
- one event per item (a session without items is one event itself); `start`, `date` (with
  time) and `duration` are set only when times are printed, else null;
- programmes rarely name rooms: such events go to the room `ROOM_NOT_STATED` with
  `"room": null`.
"""
from __future__ import annotations

import json
import re
import uuid
from datetime import datetime
from typing import Any, Optional

from . import Export, ProgrammeRows, Row, session_label, value

ROOM_NOT_STATED = "room not stated"
GUID_NAMESPACE = uuid.UUID("6f1c7d1e-9a51-4b8e-9a43-5b3c8d0f2e11")  # fixed: guids are deterministic
SCHEDULE_VERSION = "programme-ingest"
TIMESLOT = "00:05"


def guid(row_id: str) -> str:
    """A deterministic UUID for a row id."""
    return str(uuid.uuid5(GUID_NAMESPACE, row_id))


def slug(text: str) -> str:
    """Lower-case words joined by hyphens (at most 60 characters)."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "event"


def duration(start: Optional[str], end: Optional[str]) -> Optional[str]:
    """"HH:MM" between two printed times of the same day, or None."""
    try:
        a, b = datetime.strptime(start or "", "%H:%M"), datetime.strptime(end or "", "%H:%M")
    except ValueError:
        return None
    minutes = int((b - a).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}" if minutes > 0 else None


def persons(rows: ProgrammeRows, item_id: Optional[str]) -> list[dict[str, Any]]:
    """The item's speakers as frab persons (organisation-only presenters by their organisation)."""
    out = []
    for sp in rows.speakers.get(item_id, []) if item_id else []:
        name, affiliation = value(sp, "name"), value(sp, "affiliation")
        out.append({
            "id": value(sp, "person_id") or value(sp, "organization_id"),
            "guid": guid(sp["speaker_id"]),
            "public_name": name or affiliation,
            "organization": affiliation,
            "role": value(sp, "role"),
        })
    return out


def event(rows: ProgrammeRows, session: Row, item: Optional[Row], day: str, event_id: int) -> dict[str, Any]:
    """One frab event: an item of a session (or the session itself when it has no item)."""
    source = item or session
    row_id = item["item_id"] if item else session["session_id"]
    start = value(source, "start_time") or (value(session, "start_time") if item is None else None)
    end = value(source, "end_time") or (value(session, "end_time") if item is None else None)
    title = value(source, "title") or (session_label(session) if item is None else "(untitled item)")
    chairs = rows.chairs.get(session["session_id"], [])
    return {
        "id": event_id,
        "guid": guid(row_id),
        "logo": None,
        "date": f"{day}T{start}:00" if start else day,
        "start": start,
        "duration": duration(start, end),
        "room": None,
        "slug": slug(title),
        "url": None,
        "title": title,
        "subtitle": value(item, "group") if item else None,
        "track": session_label(session),
        "type": "session" if item is None else "talk",
        "language": value(rows.meeting, "language"),
        "abstract": None,
        "description": None,
        "recording_license": None,
        "do_not_record": None,
        "persons": persons(rows, item["item_id"] if item else None),
        "chairs": [{"public_name": value(c, "name") or value(c, "affiliation"), "role": value(c, "role")}
                   for c in chairs],
        "links": [],
        "attachments": [],
        "x_source_id": row_id,
    }


def to_frab(rows: ProgrammeRows) -> Export:
    """The meeting's programme as frab schedule JSON (see the module docstring)."""
    days: dict[str, list[dict[str, Any]]] = {}
    skipped: list[str] = []
    for session in rows.sessions:
        day = rows.session_day(session)
        if day is None:
            skipped.append(f"{session_label(session)}: no date stated")
            continue
        items = rows.items.get(session["session_id"], []) or [None]
        for item in items:
            ordinal = (item or {}).get("ordinal") or 0
            event_id = int(session.get("ordinal") or 0) * 1000 + int(ordinal)
            days.setdefault(day, []).append(event(rows, session, item, day, event_id))
    dates = sorted(days)
    title = rows.title or "Programme"
    conference = {
        "acronym": slug(title),
        "title": title,
        "start": dates[0] if dates else value(rows.meeting, "start_date"),
        "end": dates[-1] if dates else value(rows.meeting, "end_date") or value(rows.meeting, "start_date"),
        "daysCount": len(dates),
        "timeslot_duration": TIMESLOT,
        "time_zone_name": None,
        "location": value(rows.meeting, "location"),
        "days": [
            {
                "index": index,
                "date": day,
                "day_start": _day_bound(days[day], day, first=True),
                "day_end": _day_bound(days[day], day, first=False),
                "rooms": {ROOM_NOT_STATED: days[day]},
            }
            for index, day in enumerate(dates, start=1)
        ],
    }
    schedule = {"schedule": {"version": SCHEDULE_VERSION, "base_url": None, "conference": conference},
                "x_skipped": skipped}
    n_events = sum(len(v) for v in days.values())
    # compact: json.dumps with an indent runs in pure Python (several times slower)
    return Export(text=json.dumps(schedule, ensure_ascii=False, separators=(",", ":")) + "\n", n_events=n_events,
                  skipped=skipped)


def _day_bound(events: list[dict[str, Any]], day: str, first: bool) -> str:
    """The earliest start (or latest start) of a day's events, else the day's midnight."""
    starts = sorted(e["start"] for e in events if e["start"])
    if not starts:
        return f"{day}T00:00:00"
    return f"{day}T{starts[0] if first else starts[-1]}:00"
