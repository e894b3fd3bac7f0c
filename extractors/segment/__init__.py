"""Segmentation: units → meeting, sessions, groups, items, speakers.

    blocks.document_units  → units (lines, cells, time slots split off)
    tags.tag_units         → what each unit looks like on its own
    tracks                 → parallel-track tables read column by column
    markers                → which units open sessions (once, for the whole document)
    walk.build_programme   → one pass that fills sessions with items and speakers
    finish                 → 12 h times, empty entries, meeting dates

Tables go through the same walk as lines: each row is an item unless it is a merged
heading row, a continuation row, a chair column change or a track table.
"""
from __future__ import annotations

from ..blocks import document_units
from ..language import detect_language
from ..legends import link_legends
from ..meeting import extract_meeting
from ..model import Document, Programme
from ..tables_layout import assign_cell_roles
from .finish import complete_meeting_dates, drop_empty, fill_times, presenters_from_titles
from .markers import choose_session_markers, group_time
from .rows import head_of, row_groups
from ..speakers import DocumentOrder, prefetch
from .tags import HEADING, ROLE, SESSION, TEXT, tag, tag_units
from .tracks import reorder_track_tables
from .walk import Walk, build_programme

__all__ = ["segment"]


def segment(document: Document) -> Programme:
    """Turn a document's blocks into its programme."""
    lang = document.language or detect_language(document.text[:20000])
    document.language = lang
    units = document_units(document)
    assign_cell_roles(units, lang)
    units = reorder_track_tables(units, lang)
    meeting, year = extract_meeting(units, document, lang)
    tag_units(units, lang, year)
    prefetch([u.text for u in units if tag(u) in (TEXT, ROLE, HEADING)], lang)  # one NER batch per document
    speaker_order = DocumentOrder([u.text for u in units if tag(u) == TEXT], lang)  # learnt when first needed
    groups = row_groups(units)
    markers = choose_session_markers(groups, meeting.title)
    walk = Walk(lang=lang, year=year, speaker_order=speaker_order)
    rows = [g for g in groups if g[0].row is not None]
    walk.timed_rows = bool(rows) and sum(1 for g in rows if any(u.time for u in g)) >= 0.5 * len(rows)
    walk.explicit = bool(markers) and any(tag(head_of(groups[i])) == SESSION or group_time(groups[i]) for i in markers)
    if not markers:
        walk.first_entry = next((i for i, g in enumerate(groups)
                                 if g[0].kind == "list_item" or g[0].row is not None or any(u.time for u in g)), None)
    build_programme(groups, markers, walk)
    link_legends(walk.sessions, [(u.start, u.end, u.text) for u in units], lang)  # "Berg¹" → legend "¹ Org"
    programme = Programme(meeting=meeting, sessions=walk.sessions, language=lang)
    drop_empty(programme)
    presenters_from_titles(programme, lang)
    fill_times(programme)
    complete_meeting_dates(programme, walk.day_dates)
    return programme
