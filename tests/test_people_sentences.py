"""Entries whose last sentence is their list of people: "Title. Subtitle? A. B. Name (Org),
Name (Org)". Such a line has several sentences (and initials with full stops), yet it is an
entry, not running text: its people are presenters. Real spaCy models, documents made here;
no line is copied from the development corpus.
"""
from __future__ import annotations

from typing import Any

import pytest

from extractors import extract
from extractors.blocks import Unit
from extractors.ner import get_nlp
from extractors.segment.tags import is_prose
from extractors.speakers import ends_with_people


@pytest.fixture(scope="module", autouse=True)
def models() -> Any:
    return get_nlp("en"), get_nlp("fr")


def _unit(text: str) -> Unit:
    return Unit(text=text, kind="paragraph", start=0, end=len(text))


ENTRIES = [
    ("Gulls in the harbour: ten years of colour ringing in Bergen. P.J. Haverkamp (Wageningen University), "
     "Ingrid M. Solberg (University of Bergen), Tomas R. Lindqvist (Lund University)", "en",
     ["P.J. Haverkamp", "Ingrid M. Solberg", "Tomas R. Lindqvist"]),
    ("Les marées noires vues du rivage? Quarante ans d'études sur les côtes bretonnes. "
     "Hélène Q. Marchand (Ifremer), Yves Le Goff (Université de Bretagne Occidentale)", "fr",
     ["Hélène Q. Marchand", "Yves Le Goff"]),
    ("Counting moths by their light: a cheap trap for schools and the data it gives. What we learnt. "
     "K.L. Otieno (Maseno University) and Beatrice W. Njeri (National Museums of Kenya)", "en",
     ["K.L. Otieno", "Beatrice W. Njeri"]),
]

PROSE = [
    "The colloquium brings together ecologists, engineers and fishers. It is the fourth of its kind. "
    "Participants are asked to register before the end of March.",
    "Lunch is served in the main hall. Please bring your badge. Dr. Amara Diallo will close the day with a "
    "short word of thanks to the hosts.",
    "Les inscriptions sont ouvertes jusqu'au 3 mai. Le nombre de places est limité. Merci de contacter "
    "le secrétariat pour toute question.",
]


@pytest.mark.parametrize("text,lang,names", ENTRIES)
def test_an_entry_ending_with_its_people_is_not_prose(text: str, lang: str, names: list[str]) -> None:
    assert ends_with_people(text, lang)
    assert not is_prose(_unit(text), lang)


@pytest.mark.parametrize("text", PROSE)
def test_running_text_stays_prose(text: str) -> None:
    lang = "fr" if "inscriptions" in text else "en"
    assert not ends_with_people(text, lang)
    assert is_prose(_unit(text), lang)


@pytest.mark.parametrize("text,lang,names", ENTRIES)
def test_entries_ending_with_people_keep_their_presenters(text: str, lang: str, names: list[str]) -> None:
    heading = "Séance 1 : Littoral" if lang == "fr" else "Session 1: Field studies"
    other = ("Sables et dunes. Marc Olivier (CNRS), Anne Roux (Université de Caen)" if lang == "fr"
             else "Dunes and sand. Mark Olsen (Aarhus University), Anna Roos (Utrecht University)")
    doc = f"Coastal Days\n\n{heading}\n\n{other}\n\n{text}\n"
    items = [it for s in extract(doc.encode(), "programme.txt").programme.sessions for it in s.items]
    entry = next(it for it in items if it.title and text.startswith(it.title))
    assert [sp.name for sp in entry.speakers] == names
