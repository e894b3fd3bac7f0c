"""Segmentation: units → meeting, sessions, groups, items, speakers.

    prepare                → units (blocks.document_units), cell roles, timetable grids
                             read column by column (grids), line-rows merged into their
                             entry and stacked talks split (entries), track tables,
                             meeting, tags (tags.tag_units), one NER batch
    markers                → the candidate ways to open sessions (numbered headings,
                             time slots, nearest headings, days, none)
    walk.build_programme   → the rules' reading for one set of session markers
    roles.readings         → the candidate reading that explains the document best,
                             chosen by a scorer learned from the annotated corpus
    roles (role model)     → which units are programme at all, weighed by a CRF
    finish                 → 12 h times, empty entries, meeting dates

Without the learned files (`extractors/roles/*.json`, `*.crfsuite`) the rules' own
choice of markers is read and nothing is left out.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..blocks import Unit, document_units
from ..language import detect_language
from ..legends import link_legends
from ..meeting import extract_meeting
from ..model import Document, Meeting, Programme, Session
from ..tables_layout import assign_cell_roles
from .entries import merge_line_rows, split_stacked_rows
from .grids import read_grids
from .finish import (add_discussants, complete_meeting_dates, drop_contents_lines, drop_empty, drop_pauses, drop_people_lists, drop_repeated_items, drop_untimed_repeats, join_panellists,
                     fill_times, merge_repeated_sessions, own_affiliations_win, presenters_from_titles,
                     session_discussants, title_by_label)
from .markers import choose_session_markers, group_time
from .people_wraps import join_people_wraps
from .rows import head_of, row_groups
from ..speakers import DocumentOrder, prefetch
from .tags import HEADING, ROLE, SESSION, TEXT, tag, tag_units
from .tracks import reorder_track_tables
from .walk import Walk, build_programme

__all__ = ["segment", "prepare", "Prepared", "rules_reading"]


@dataclass
class Prepared:
    """A document's units with everything known about them before any reading is chosen."""

    document: Document
    units: list[Unit]
    meeting: Meeting
    year: Optional[int]
    lang: str
    speaker_order: Optional[DocumentOrder] = None  # names or titles first, learnt from the document


def prepare(document: Document) -> Prepared:
    """Units of a document, tagged, with the meeting's header read."""
    lang = document.language or detect_language(document.text[:20000])
    document.language = lang
    units = join_people_wraps(document_units(document), lang)
    assign_cell_roles(units, lang)
    units = read_grids(units)
    units = split_stacked_rows(merge_line_rows(units, lang), lang)
    units = reorder_track_tables(units, lang)
    meeting, year = extract_meeting(units, document, lang)
    tag_units(units, lang, year)
    prefetch([u.text for u in units if tag(u) in (TEXT, ROLE, HEADING)], lang)  # one NER batch per document
    speaker_order = DocumentOrder([u.text for u in units if tag(u) == TEXT], lang)  # learnt when first needed
    return Prepared(document=document, units=units, meeting=meeting, year=year, lang=lang, speaker_order=speaker_order)


def rules_reading(prep: Prepared, markers: Optional[set[int]] = None) -> tuple[list[Session], list[str]]:
    """The hand-written rules' reading: sessions, and the dates of the day headings.

    `markers` (indexes of `row_groups(prep.units)`) are the units that open sessions;
    by default the rules choose them.
    """
    groups = row_groups(prep.units)
    if markers is None:
        markers = choose_session_markers(groups, prep.meeting.title)
    walk = Walk(lang=prep.lang, year=prep.year, speaker_order=prep.speaker_order)
    rows = [g for g in groups if g[0].row is not None]
    walk.timed_rows = bool(rows) and sum(1 for g in rows if any(u.time for u in g)) >= 0.5 * len(rows)
    walk.explicit = bool(markers) and any(tag(head_of(groups[i])) == SESSION or group_time(groups[i]) for i in markers)
    if not markers:
        walk.first_entry = next((i for i, g in enumerate(groups)
                                 if g[0].kind == "list_item" or g[0].row is not None or any(u.time for u in g)), None)
    build_programme(groups, markers, walk)
    link_legends(walk.sessions, [(u.start, u.end, u.text) for u in prep.units], prep.lang)  # "Berg¹" → legend "¹ Org"
    return walk.sessions, walk.day_dates


def finish(prep: Prepared, sessions: list[Session], day_dates: list[str],
           is_programme: Optional[list[bool]] = None, sure_not: Optional[list[bool]] = None) -> Programme:
    """The programme from a reading's sessions, with its finishing touches; entries on
    units that are not programme (`is_programme`, one flag per unit; `sure_not`: the model
    is sure) are left out."""
    from ..roles import keep_programme

    programme = Programme(meeting=prep.meeting, sessions=sessions, language=prep.lang)
    drop_people_lists(programme)
    drop_contents_lines(programme)
    drop_pauses(programme)
    merge_repeated_sessions(programme)
    drop_empty(programme)
    drop_untimed_repeats(programme)
    drop_repeated_items(programme)
    title_by_label(programme)
    presenters_from_titles(programme, prep.lang)
    own_affiliations_win(programme)
    join_panellists(programme)
    session_discussants(programme)
    if is_programme is not None:
        keep_programme(programme, prep.units, is_programme, sure_not)
    add_discussants(programme)  # after the role model: a discussant does not make an entry programme
    fill_times(programme)
    complete_meeting_dates(programme, day_dates)
    return programme


def segment(document: Document) -> Programme:
    """Turn a document's blocks into its programme: the reading of the whole document
    that explains it best, without what the role model finds is not programme."""
    from ..roles import choose_reading, weigh_entries

    reading, is_programme, sure_not = weigh_entries(choose_reading(prepare(document)))
    return finish(reading.prep, reading.sessions, reading.day_dates, is_programme, sure_not)
