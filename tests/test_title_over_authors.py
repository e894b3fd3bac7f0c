"""A title printed on one line and its authors on the indented, smaller line under it, in a
laid-out list (PDF): the authors are that title's presenters, also when the title opens
with capitalised words and a colon that could be read as "Name: Title". And a line that is a
whole entry ("Title – Name (Org)") printed under a presenter-only line stays an entry of its
own. Real PDFs made here (reportlab), real spaCy models; no line is copied from the
development corpus.
"""
from __future__ import annotations

from typing import Any

import pdf_factory
import pytest

from extractors import extract
from extractors.ner import get_nlp


@pytest.fixture(scope="module", autouse=True)
def models() -> Any:
    return get_nlp("en"), get_nlp("fr")


LISTS = {
    "portuguese posters": ("Sessão de pôsteres - Sexta-feira 14:00", [
        ("Load Balancer: um esquema adaptativo para grades voluntárias", "Rafael T. Moura e Cecília Duarte"),
        ("Escalonamento de tarefas em nuvens híbridas", "Beatriz Nogueira, Henrique S. Prado"),
        ("Checkpoint Manager: tolerância a falhas em clusters", "Otávio Lins, Marina Q. Teles e Jorge Pacheco"),
        ("Simulação de redes de sensores sem fio", "Luana Figueiredo e Caio Bastos"),
    ]),
    "english talks": ("Session 3 - Storage systems", [
        ("Cold Archive: tiered storage for decades of sensor data", "Henrik Aalto and Priya Raman"),
        ("Erasure codes in practice", "Daniel Okoro, Mette Kjaer"),
        ("Stream Keeper: replaying telemetry at scale", "Lucia Ferraro, Tomasz Wilk and Aiko Sato"),
        ("What disks tell us before they fail", "Nadia Haddad"),
    ]),
    "french communications": ("Séance 2 - Calcul intensif", [
        ("Grille Solidaire : partage de calcul entre laboratoires", "Mathieu Perrin et Élodie Garnier"),
        ("Ordonnancement sous contrainte d'énergie", "Sophie Lemaire, Antoine Roussel"),
        ("Nuage Public : retours d'expérience en biologie", "Camille Fabre et Julien Marchal"),
        ("Tolérance aux pannes des simulations longues", "Inès Boucher"),
    ]),
}


@pytest.mark.parametrize("name", LISTS)
def test_authors_under_a_title_belong_to_it(name: str) -> None:
    heading, entries = LISTS[name]
    lines = [(60, 16, "Regional Meeting on Distributed Computing", True), (60, 12, heading, True)]
    for title, authors in entries:
        lines += [(50, 10, "• " + title, False), (62, 9, authors, False)]
    programme = extract(pdf_factory.indented_lines(lines), "posters.pdf").programme
    items = [it for s in programme.sessions for it in s.items]
    assert [it.title for it in items] == [t for t, _ in entries]
    for it, (_, authors) in zip(items, entries):
        assert [sp.name for sp in it.speakers] == [
            a.strip() for a in authors.replace(" e ", ", ").replace(" and ", ", ").replace(" et ", ", ").split(",")]


ENTRY_UNDER_PRESENTER = [
    ("Session 4 - Wetlands", "Marta Hölzl (BOKU)", "Peat restoration after drainage – Jonas Eder (University of Graz)",
     "Jonas Eder"),
    ("Sessão 2 - Saúde materna", "Beatriz Paiva (ULS Braga)",
     "Sono e gravidez: o que sabemos - Raquel Antunes (Hospital de Faro)", "Raquel Antunes"),
    ("Séance 5 - Forêts", "Hugo Lambert (INRAE)", "Les chênes face à la sécheresse – Léa Moreau (Université de Lorraine)",
     "Léa Moreau"),
]


@pytest.mark.parametrize("heading,lone,entry,presenter", ENTRY_UNDER_PRESENTER)
def test_a_whole_entry_under_a_lone_presenter_is_its_own_entry(heading: str, lone: str, entry: str,
                                                               presenter: str) -> None:
    second = "Closing discussion – Pia Lindgren (Stockholm University)"
    lines = [(60, 16, "Annual Meeting", True), (60, 12, heading, True), (90, 10, lone, False),
             (60, 10, entry, False), (60, 10, second, False)]
    programme = extract(pdf_factory.indented_lines(lines), "meeting.pdf").programme
    items = {it.title: it for s in programme.sessions for it in s.items}
    title = entry.rsplit(presenter, 1)[0].rstrip(" –-")
    assert title in items
    assert [sp.name for sp in items[title].speakers] == [presenter]
