"""A job title inside a presenter's parentheses: "(Research Fellow, Universität Bern)" gives
the organisation without the job title, and a person whose parentheses hold only a job or a
degree ("(Postdoc)") has no organisation: not the next person's either. Real PDFs made here
(reportlab), real spaCy models; no line is copied from the development corpus.
"""
from __future__ import annotations

from typing import Any

import pdf_factory
import pytest

from extractors import extract
from extractors.ner import get_nlp
from extractors.speakers import parse_people


@pytest.fixture(scope="module", autouse=True)
def models() -> Any:
    return get_nlp("en"), get_nlp("fr"), get_nlp("es")


@pytest.mark.parametrize("text,lang,pairs", [
    ("Mira Kowalczyk, Tobias Reindl (Research Fellow, Universität Bern)", "en",
     [("Mira Kowalczyk", "Universität Bern"), ("Tobias Reindl", "Universität Bern")]),
    ("Hélène Marchand (Maître de conférences, Université de Nantes)", "fr",
     [("Hélène Marchand", "Université de Nantes")]),
    ("Rodrigo Salas (Profesor titular, Universidad de Chile)", "es",
     [("Rodrigo Salas", "Universidad de Chile")]),
    ("Oskar Lind (Senior Engineer, Volvo Cars)", "en", [("Oskar Lind", "Volvo Cars")]),
])
def test_the_job_title_before_the_organisation_is_left_out(text: str, lang: str, pairs: list[tuple]) -> None:
    assert [(sp.name, sp.affiliation) for sp in parse_people(text, lang)] == pairs


@pytest.mark.parametrize("text,pairs", [
    ("Petra Novak (Bocconi), Dana Whitfield (Postdoc), Luis Carrillo (Uppsala University)",
     [("Petra Novak", "Bocconi"), ("Dana Whitfield", None), ("Luis Carrillo", "Uppsala University")]),
    ("Kofi Mensah (PhD), Ines Vogel (Max Planck Institute for Demographic Research)",
     [("Kofi Mensah", None), ("Ines Vogel", "Max Planck Institute for Demographic Research")]),
    ("Yara Haddad (Lecturer), Ben Oduya and Sara Lind (Aarhus University)",
     [("Yara Haddad", None), ("Ben Oduya", "Aarhus University"), ("Sara Lind", "Aarhus University")]),
])
def test_a_person_with_a_job_in_parentheses_shares_no_organisation(text: str, pairs: list[tuple]) -> None:
    assert [(sp.name, sp.affiliation) for sp in parse_people(text, "en")] == pairs


def test_entries_of_a_pdf_programme() -> None:
    lines = [(60, 16, "Workshop on Text as Data", True), (60, 12, "Session 2 - Methods", True),
             (60, 10, "Topic models for legal texts. Rosa Ilves, Jonas Berg (Doctoral Researcher, KU Leuven)", False),
             (60, 10, "Measuring tone in speeches. Anil Mehta (Postdoc), Clara Stein (Leiden University)", False)]
    programme = extract(pdf_factory.indented_lines(lines), "workshop.pdf").programme
    items = [it for s in programme.sessions for it in s.items]
    assert [(it.title, [(sp.name, sp.affiliation) for sp in it.speakers]) for it in items] == [
        ("Topic models for legal texts", [("Rosa Ilves", "KU Leuven"), ("Jonas Berg", "KU Leuven")]),
        ("Measuring tone in speeches", [("Anil Mehta", None), ("Clara Stein", "Leiden University")]),
    ]
