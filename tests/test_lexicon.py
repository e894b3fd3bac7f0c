"""Tests for extractors.lexicon: the word lists and their matching helpers."""
from __future__ import annotations

import pytest

from extractors import lexicon as lx


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Coffee break", "en"),
        ("Coffee break 16.00-16.30", "en"),
        ("Lunch + Networking", "en"),
        ("Tea : 11.00 am - 11.30 am", "en"),
        ("BREAK", "en"),
        ("Registration", "en"),
        ("Group Photo", "en"),
        ("End of Day 1", "en"),
        ("Pause café", "fr"),
        ("Pause midi", "fr"),
        ("Fin première journée", "fr"),
        ("Inscription", "fr"),
        ("Pausa café", "es"),
        ("Almuerzo", "es"),
        ("REGISTRO DE PARTICIPANTES", "es"),
        ("Dinner (meeting point: lobby)", "en"),
        ("———Tee und Kaffee———", "de"),
        ("Mittagspause", "de"),
        ("Pausa pranzo", "it"),
        ("Almoço", "pt"),
        ("Second coffee break", "en"),
        ("Deuxième pause café", "fr"),
        ("Check-in", "en"),
        ("Check in (08:15-08:45)", "en"),
    ],
)
def test_is_break_true(text: str, lang: str) -> None:
    assert lx.is_break(text, lang)


@pytest.mark.parametrize(
    "text",
    [
        "Breakout groups - small group discussion w. guided questions",
        "Tea plantations and biodiversity",
        "Lunchtime seminar on CPUE",
        "Registration systems for wildlife permits",
        "Finding flights in Landsat and Sentinel",
        "Opening Remarks",
        "Teeanbau in Ostfriesland",
        "Intervalos de confianza en ecología",
        "First lunch of the Arctic tern chicks",
        "Check-in procedures for research vessels",
    ],
)
def test_is_break_false(text: str) -> None:
    assert not lx.is_break(text)


@pytest.mark.parametrize("text", ["TBC", "(tbc)", "TBD", "à confirmer", "Por confirmar", "to be confirmed"])
def test_is_tbc(text: str) -> None:
    assert lx.is_tbc(text)


@pytest.mark.parametrize("text", ["TBC Smith", "Tobias", "confirmation of results"])
def test_is_tbc_false(text: str) -> None:
    assert not lx.is_tbc(text)


@pytest.mark.parametrize(
    "label, role",
    [
        ("Chair", "Chair"),
        ("Chairs", "Chair"),
        ("Chair :", "Chair"),
        ("Moderator", "Moderator"),
        ("Moderador", "Moderator"),
        ("Moderador(a)", "Moderator"),
        ("Modérateur", "Moderator"),
        ("Modératrice", "Moderator"),
        ("Président·e", "Chair"),
        ("Présidente", "Chair"),
        ("Président", "Chair"),
        ("Participan", "Panelist"),
        ("Panelists", "Panelist"),
        ("Discussant", "Discussant"),
        ("Discutant", "Discussant"),
        ("Rapporteur", "Rapporteur"),
        ("Keynote", "Keynote"),
        ("Conferencia magistral", "Keynote"),
        ("Conferencia", "Speaker"),
        ("Ponente", "Speaker"),
        ("Intervenant(e)s", "Speaker"),
    ],
)
def test_role_for(label: str, role: str) -> None:
    assert lx.role_for(label) == role


@pytest.mark.parametrize("label", ["Title of talk", "Venue", "Session", "Date"])
def test_role_for_unknown(label: str) -> None:
    assert lx.role_for(label) is None


@pytest.mark.parametrize(
    "token, lang, expected",
    [
        ("Prof.", "en", True),
        ("Dr.", "en", True),
        ("H.E.", "en", True),
        ("Mme", "fr", True),
        ("Sra.", "es", True),
        ("Dra.", "es", True),
        ("Justice", "en", True),
        ("M.", "fr", True),
        ("M.", "en", False),  # an initial in English ("M. Cristina Trueba")
        ("Md.", "en", False),  # part of the name ("Md. Himayetul Islam")
        ("Maria", "en", False),
    ],
)
def test_is_honorific(token: str, lang: str, expected: bool) -> None:
    assert lx.is_honorific(token, lang) is expected


@pytest.mark.parametrize("text", ["Chairs", "All", "TBC", "(Chairs)", "All Participants"])
def test_is_non_speaker(text: str) -> None:
    assert lx.is_non_speaker(text)


def test_lists_are_lower_case_keys() -> None:
    for table in (lx.ROLE_LABELS, lx.PREFIX_ROLES):
        assert all(k == k.lower() for k in table)
    for words in (lx.ORG_KEYWORDS, lx.TITLE_WORDS, lx.JOB_WORDS, lx.STOP_WORDS, lx.COUNTRIES):
        assert all(w == w.lower() for w in words)


def test_unrecorded_labels_are_role_labels() -> None:
    assert lx.UNRECORDED_ROLE_LABELS <= set(lx.ROLE_LABELS)


def test_normalise() -> None:
    assert lx.normalise("  Pause\u00a0 Café ") == "pause café"


@pytest.mark.parametrize("text", ["Informal happy-hour gathering at the Market Hall", "Dinner with alumni",
                                  "Excursion to the dam", "City walk"])
def test_social_programme_lines(text):
    from extractors.lexicon import is_social

    assert is_social(text)


def test_a_talk_is_not_social():
    from extractors.lexicon import is_social

    assert not is_social("Walking the talk: open data in practice")


@pytest.mark.parametrize("text", ["Free time (walk in the old town)", "Free evening", "End of the second day",
                                  "Close of the symposium 17:30", "Symposium closes", "END OF DAY 2"])
def test_is_pause(text: str) -> None:
    assert lx.is_pause(text)


@pytest.mark.parametrize("text", ["Free energy landscapes of folding proteins", "End of life decisions in intensive care",
                                  "End of the glacier era: what comes next", "Closing remarks",
                                  "Session 4 ends with a round table", "Free discussion"])
def test_is_pause_false(text: str) -> None:
    assert not lx.is_pause(text)

