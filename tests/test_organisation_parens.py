"""Entries presented by organisations named in closing parentheses: "Title (TEAM)",
"Title [Grant] (TEAM) (Partner Lab)", "Title (Org A, Org B)". Each organisation is a
presenter without a person; an acronym that abbreviates the title's words, a lone two- or
three-letter acronym (as often a person's initials), a format note and a "Name (Org)" line
are not. Real PDFs made here (reportlab), real spaCy models; no line is copied from the
development corpus.
"""
from __future__ import annotations

from typing import Any, Optional

import pdf_factory
import pytest

from extractors import extract
from extractors.ner import get_nlp
from extractors.speakers import split_item


@pytest.fixture(scope="module", autouse=True)
def models() -> Any:
    return get_nlp("en"), get_nlp("fr"), get_nlp("es")


@pytest.mark.parametrize("text,lang,title,orgs", [
    ("GLACIER: Probabilistic models of ice sheet retreat [ERC] (MODAL)", "en",
     "GLACIER: Probabilistic models of ice sheet retreat", ["MODAL"]),
    ("Suivi acoustique des cétacés en Méditerranée (LOCEAN) (Université de Toulon)", "fr",
     "Suivi acoustique des cétacés en Méditerranée", ["LOCEAN", "Université de Toulon"]),
    ("Redes de sensores para la agricultura andina (CIMAT, Universidad de Cuenca)", "es",
     "Redes de sensores para la agricultura andina", ["CIMAT", "Universidad de Cuenca"]),
    ("Verified compilers for embedded control [ANR] (CASH) (PPS) (KTH Royal Institute of Technology).", "en",
     "Verified compilers for embedded control", ["CASH", "PPS", "KTH Royal Institute of Technology"]),
])
def test_organisations_in_closing_parentheses_present_the_entry(text: str, lang: str, title: str,
                                                                orgs: list[str]) -> None:
    parsed = split_item(text, lang)
    assert parsed.title == title
    assert [(sp.name, sp.affiliation) for sp in parsed.speakers] == [(None, o) for o in orgs]


@pytest.mark.parametrize("text,name", [
    ("Principal Component Analysis (PCA)", None),  # the title's abbreviation
    ("Methods of the Analysis of Variance (ANOVA)", None),
    ("Key exchange in practice (JDK)", None),  # a person's initials
    ("Results of the pilot (VIDEO)", None),  # the material, not a presenter
    ("Tomasz Wilk (Stockholm Environment Institute)", "Tomasz Wilk"),  # a presenter line
])
def test_what_closing_parentheses_do_not_make_a_presenter(text: str, name: Optional[str]) -> None:
    parsed = split_item(text, "en")
    assert all(sp.name == name for sp in parsed.speakers)
    assert not any(sp.name is None and sp.affiliation for sp in parsed.speakers)


def test_a_pdf_programme_of_team_projects() -> None:
    lines = [(60, 16, "Joint Research Days", True), (60, 12, "Session 1 - Oceans and climate", True),
             (60, 10, "• TIDEWATCH: Forecasting coastal flooding from satellite altimetry [PHC] (LEGOS)", False),
             (60, 10, "• Plankton imaging with deep networks (OCEANIX) (Sorbonne Université)", False),
             (60, 10, "• Regional climate downscaling (CERFACS, Institut Pierre-Simon Laplace)", False)]
    programme = extract(pdf_factory.indented_lines(lines), "days.pdf").programme
    items = [it for s in programme.sessions for it in s.items]
    assert [[sp.affiliation for sp in it.speakers] for it in items] == [
        ["LEGOS"], ["OCEANIX", "Sorbonne Université"], ["CERFACS", "Institut Pierre-Simon Laplace"]]
    assert all(sp.name is None for it in items for sp in it.speakers)
