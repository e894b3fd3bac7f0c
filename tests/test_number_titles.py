"""A number is no entry's title: "10,– Euro", "25, Room 3", "2031 – Oslo" give no presenter
(a price, a room, a year), while an entry with a real title keeps its presenter. Documents
made here; real spaCy models; no line is copied from the development corpus.
"""
from __future__ import annotations

from typing import Any

import pytest

from extractors import extract
from extractors.ner import get_nlp
from extractors.speakers import split_item


@pytest.fixture(scope="module", autouse=True)
def models() -> Any:
    return get_nlp("en"), get_nlp("de"), get_nlp("fr")


@pytest.mark.parametrize("text,lang", [
    ("20,– Euro", "de"),
    ("25, Room Bergen", "en"),
    ("2031 – Oslo Kongressenter", "en"),
    ("12,50 €, Mairie de Lyon", "fr"),
])
def test_a_number_with_something_after_it_names_no_presenter(text: str, lang: str) -> None:
    assert split_item(text, lang).speakers == []


def test_a_titled_entry_keeps_its_presenter() -> None:
    parsed = split_item("Soil carbon in alpine meadows, Ingrid Halvorsen (NTNU)", "en")
    assert (parsed.title, [sp.name for sp in parsed.speakers]) == ("Soil carbon in alpine meadows", ["Ingrid Halvorsen"])


def test_a_course_page_with_fees_gives_no_presenters_from_its_prices() -> None:
    html = """<html><head><title>Sommerkurs Notation 2031</title></head><body>
<h1>Sommerkurs Notation 2031</h1>
<h2>Montag, 4. August 2031</h2>
<dl>
  <dt>Kurs</dt><dd>Einführung in die Notenkodierung</dd>
  <dt>Dozentin</dt><dd>Ingrid Halvorsen</dd>
  <dt>Gebühr</dt><dd>20,– Euro</dd>
</dl>
<dl>
  <dt>Kurs</dt><dd>Werkzeuge für Editionen</dd>
  <dt>Dozent</dt><dd>Tobias Reindl</dd>
  <dt>Gebühr</dt><dd>15,– Euro</dd>
</dl>
</body></html>"""
    programme = extract(html.encode(), "kurs.html").programme
    orgs = [sp.affiliation for s in programme.sessions for it in s.items for sp in it.speakers]
    assert "Euro" not in orgs
