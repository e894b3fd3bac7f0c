"""Entries printed as wrapped paragraphs: "Title. Authors: Name (Org), Name (Org), and Name
(Org)." typeset with a hanging indent and hyphenation, read as one entry with all its
presenters. Real PDFs made here (reportlab), the real spaCy model; no line is copied from
the development corpus.
"""
from __future__ import annotations

from typing import Any, Optional

import pdf_factory
import pytest

from extractors.blocks import Unit
from extractors.extract import extract
from extractors.ner import get_nlp
from extractors.readers.pdf import justified_margin, read_pdf
from extractors.segment.tags import is_prose
from extractors.speakers import split_item

ENTRIES = [
    "Sediment transport in braided rivers of the Southern Alps: a field and flume com&shy;parison of "
    "bedload pulses. Authors: Aroha Ngata (Lincoln University), Pieter de Vries (Deltares), and Mele "
    "Tupou (University of the South Pacific).",
    "Glacier lake outburst floods and their downstream legacy in the Karakoram valleys. Authors: Farida "
    "Qureshi (ICIMOD) and Tenzing Sherpa (Kathmandu University).",
    "Remote sensing of river ice break-up on the Yukon and Mackenzie: thirty years of Landsat ima&shy;gery "
    "and what it tells about spring floods. Authors: Nathan Crow (University of Alaska Fairbanks), and "
    "Odile Martel (Universite Laval).",
    "Floodplain forests as carbon sinks in the Danube delta: results of a long-term monitoring network. "
    "Authors: Ioana Pop (Babes-Bolyai University), Sven Lund (SLU), and Dragan Ilic (University of Novi Sad).",
]
TIMES = ["09:00", "09:30", "10:00", "10:30", "11:00"]
CLOSING = ("Closing remarks", "Ines Okafor (Deltares)")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return pdf_factory.hanging_indent_entries("Rivers and glaciers", ENTRIES, TIMES, CLOSING)


@pytest.fixture(scope="module", autouse=True)
def models() -> Any:
    return get_nlp("en")


def test_hanging_indent_paragraphs_are_joined(pdf: bytes) -> None:
    texts = [b.text for b in read_pdf(pdf).blocks]
    first = next(t for t in texts if "Sediment transport" in t)
    # the wrapped lines belong to the entry, the hyphenated word is whole again
    assert "flume comparison of bedload pulses" in first and first.endswith("(University of the South Pacific).")
    assert any("Landsat imagery" in t and t.endswith("(Universite Laval).") for t in texts)
    # a short title is not full: the indented presenter under it stays its own line
    assert "11:00 Closing remarks" in texts and "Ines Okafor (Deltares)" in texts


def test_wrapped_entries_keep_all_their_presenters(pdf: bytes) -> None:
    items = [it for s in extract(pdf, "rivers.pdf").programme.sessions for it in s.items]
    got = {it.title: [(sp.name, sp.affiliation) for sp in it.speakers] for it in items}
    assert got["Sediment transport in braided rivers of the Southern Alps: a field and flume comparison "
               "of bedload pulses"] == [("Aroha Ngata", "Lincoln University"), ("Pieter de Vries", "Deltares"),
                                        ("Mele Tupou", "University of the South Pacific")]
    assert got["Floodplain forests as carbon sinks in the Danube delta: results of a long-term monitoring "
               "network"] == [("Ioana Pop", "Babes-Bolyai University"), ("Sven Lund", "SLU"),
                              ("Dragan Ilic", "University of Novi Sad")]
    assert [n for n, _ in got["Remote sensing of river ice break-up on the Yukon and Mackenzie: thirty years "
                              "of Landsat imagery and what it tells about spring floods"]] == ["Nathan Crow", "Odile Martel"]
    assert got["Closing remarks"] == [("Ines Okafor", "Deltares")]


@pytest.mark.parametrize("ends,expected", [
    # justified lines of different lengths, one glyph overhanging the margin
    ([(461.0, 88), (461.2, 93), (460.9, 90), (300.0, 51), (471.0, 95)], 461.2),
    ([(504.0, 80 + i) for i in range(8)] + [(149.0, 12), (88.0, 7)], 504.0),
    ([(300.0, 40), (412.0, 61), (377.0, 55), (250.0, 33)], None),  # ragged right: no margin shown
    ([(461.0, 80), (461.0, 86), (461.0, 91), (520.0, 99)], None),  # ending together far inside the widest
    ([(455.0, 42)] * 6, None),  # a list printed alike: same length, same end
])
def test_justified_margin(ends: list[tuple[float, int]], expected: Optional[float]) -> None:
    assert justified_margin(ends) == expected


@pytest.mark.parametrize("text,lang,title,people", [
    ("Tidal energy in the Bay of Fundy. Authors: Claire Boudreau (Dalhousie University) and Amit Rao (NRC).",
     "en", "Tidal energy in the Bay of Fundy", [("Claire Boudreau", "Dalhousie University"), ("Amit Rao", "NRC")]),
    ("Les sols urbains de Lyon. Auteurs : Paul Girard (INRAE), Léa Morel (CNRS)", "fr",
     "Les sols urbains de Lyon", [("Paul Girard", "INRAE"), ("Léa Morel", "CNRS")]),
    ("Who owns the harbour? Speakers: Jonas Berg (Aalborg University), Nora Lind (DTU), and Ola Vik (NTNU)",
     "en", "Who owns the harbour", [("Jonas Berg", "Aalborg University"), ("Nora Lind", "DTU"), ("Ola Vik", "NTNU")]),
    ("Agua y ciudad en Quito. Autores: Diego Paredes (FLACSO), Rosa Quispe (PUCE).", "es",
     "Agua y ciudad en Quito", [("Diego Paredes", "FLACSO"), ("Rosa Quispe", "PUCE")]),
])
def test_title_then_labelled_presenters(text: str, lang: str, title: str, people: list) -> None:
    parsed = split_item(text, lang)
    assert parsed.title == title
    assert [(s.name, s.affiliation) for s in parsed.speakers] == people


@pytest.mark.parametrize("text,names", [
    ("Coral spawning cues – Mia Holt, Tom Berg, and Ana Ruiz (AIMS)", ["Mia Holt", "Tom Berg", "Ana Ruiz"]),
    ("Soil carbon audits – Kofi Mensah (KNUST), Ama Owusu (UG), and Yaw Boateng (CSIR)",
     ["Kofi Mensah", "Ama Owusu", "Yaw Boateng"]),
    ("Urban heat maps – Lena Vogt, Jan Krause, & Eva Brandt (TU Dresden)", ["Lena Vogt", "Jan Krause", "Eva Brandt"]),
])
def test_serial_comma_before_the_last_presenter(text: str, names: list[str]) -> None:
    assert [s.name for s in split_item(text, "en").speakers] == names


def _unit(text: str) -> Unit:
    return Unit(text=text, kind="paragraph", start=0, end=len(text))


def test_an_entry_with_labelled_presenters_is_not_prose() -> None:
    entry = ("Groundwater recharge under irrigated rice in the Mekong delta. A comparison of two seasons. "
             "Authors: Minh Tran (Can Tho University) and Lan Pham (IWMI).")
    prose = ("The workshop brings together hydrologists and farmers. It is the third of its kind. "
             "Participants are asked to register before the end of May.")
    assert not is_prose(_unit(entry))
    assert is_prose(_unit(prose))
