"""People named with what they do ("A and B as discussants."): one line may hold several such
sentences, a name the NER model takes for an organisation is still a person there, and a
list of names that a laid-out page wrapped over two lines (a comma or a name cut by its
hyphen at the line's end) is read as one list. Real PDFs made here (reportlab), real spaCy
models; no line is copied from the development corpus.
"""
from __future__ import annotations

from typing import Any

import pdf_factory
import pytest

from extractors import extract
from extractors.ner import get_nlp
from extractors.speakers import parse_people, split_item


@pytest.fixture(scope="module", autouse=True)
def models() -> Any:
    return get_nlp("en"), get_nlp("fr"), get_nlp("es")


SENTENCES = [
    ("Ingrid SOLBERG and Tarek MANSOUR as discussants. Wen ZHAO, Pablo IRIGOYEN and Hana NOVAKOVA as panelists.",
     "en", ["Ingrid SOLBERG", "Tarek MANSOUR", "Wen ZHAO", "Pablo IRIGOYEN", "Hana NOVAKOVA"]),
    ("Lotte Verbeek as moderator. Rami Haddad and Elin Strand as panelists.",
     "en", ["Lotte Verbeek", "Rami Haddad", "Elin Strand"]),
    ("Inés Carvajal como moderadora. Tomás Bermejo y Julia Roig como panelistas.",
     "es", ["Inés Carvajal", "Tomás Bermejo", "Julia Roig"]),
]


@pytest.mark.parametrize("text,lang,names", SENTENCES)
def test_each_role_sentence_of_a_line_names_its_people(text: str, lang: str, names: list[str]) -> None:
    assert [sp.name for sp in parse_people(text, lang)] == names
    parsed = split_item(text, lang)
    assert parsed.title is None  # a line of people, no entry title in it
    assert [sp.name for sp in parsed.speakers] == names
    assert all(sp.affiliation is None for sp in parsed.speakers)


@pytest.mark.parametrize("text,name", [
    ("Ufuk ERDOGDU as rapporteur.", "Ufuk ERDOGDU"),
    ("Bjarne LINDQVIST, Chiara BELLOMO, Matthias KRONAUER and Yves DUCHAMP as panelists.", "Matthias KRONAUER"),
    ("Saskia VAN DEN BERG as discussant.", "Saskia VAN DEN BERG"),
])
def test_a_name_before_as_role_is_a_person(text: str, name: str) -> None:
    people = parse_people(text, "en")
    assert name in [sp.name for sp in people]
    assert all(sp.name and sp.affiliation is None for sp in people)  # no name taken for another's organisation


def test_an_organisation_before_as_role_stays_an_organisation() -> None:
    people = parse_people("UNICEF as host.", "en")
    assert [(sp.name, sp.affiliation) for sp in people] == [(None, "UNICEF")]


WRAPPED = [
    # (first line, second line, the names the session must hold)
    ("Edda KRISTINSDOTTIR and Omar BENALI as discussants. Lena HOLTZ, Marco FERRETTI and Ro-",
     "berto SALAZAR as panelists.",
     ["Edda KRISTINSDOTTIR", "Omar BENALI", "Lena HOLTZ", "Marco FERRETTI", "Roberto SALAZAR"]),
    ("Agnes PETRIDOU and Farid TALEB as discussants. Yuki MORI, Sven AALTO, Clara BENOIT,",
     "Ivan PETROV and Nora KELLY as panelists.",
     ["Agnes PETRIDOU", "Farid TALEB", "Yuki MORI", "Sven AALTO", "Clara BENOIT", "Ivan PETROV", "Nora KELLY"]),
    ("Haruto ISHII, Maren VOSS and Dario LENTINI as discussants. Paula GRECO, Tim ROTH",
     "and Selma OKAFOR as panelists.",
     ["Haruto ISHII", "Maren VOSS", "Dario LENTINI", "Paula GRECO", "Tim ROTH", "Selma OKAFOR"]),
]


@pytest.mark.parametrize("first,second,names", WRAPPED)
def test_a_wrapped_list_of_names_is_one_list(first: str, second: str, names: list[str]) -> None:
    lines = [(60, 16, "Workshop on Markets and Innovation", True),
             (60, 12, "Friday, 3 October", True),
             (60, 11, "Firms and Productivity", True),
             (70, 9, first, False), (82, 9, second, False),
             (60, 11, "Closing Discussion", True),
             (70, 9, "Greta LUND and Paolo RIZZI as discussants.", False)]
    programme = extract(pdf_factory.indented_lines(lines), "workshop.pdf").programme
    session = next(s for s in programme.sessions if s.title == "Firms and Productivity")
    assert [sp.name for it in session.items for sp in it.speakers] == names
    assert all(it.title is None for it in session.items)  # no half list taken for a title
