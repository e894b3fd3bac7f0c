"""Person-name normalisation rules (extractors/names.py): one parametrised test per rule."""
from __future__ import annotations

import pytest

from extractors.names import (
    display_name,
    fold_accents,
    initials_compatible,
    key_tokens,
    normalise_characters,
    person_key,
    reorder_capitalised_surname,
    reorder_comma,
    split_initials,
    strip_honorifics,
    strip_post_nominals,
)


@pytest.mark.parametrize("raw, expected", [
    ("Vinh-Thuyen Nguyen\u2013Truong", "Vinh-Thuyen Nguyen-Truong"),
    ("Andrea D\u2019Eusanio", "Andrea D'Eusanio"),
    ("Jorge \u00a0  Rios ", "Jorge Rios"),
    ("Jose\u0301 Ruiz", "José Ruiz"),  # decomposed accent → NFC
])
def test_normalise_characters(raw: str, expected: str) -> None:
    assert normalise_characters(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Montaño", "montano"), ("Søren", "soren"), ("JÜRGEN", "jurgen"), ("Łukasz", "lukasz"),
])
def test_fold_accents(raw: str, expected: str) -> None:
    assert fold_accents(raw) == expected


@pytest.mark.parametrize("tokens, expected", [
    (["Prof.", "Dr.", "Ana", "Ruiz"], ["Ana", "Ruiz"]),
    (["H.E.", "Mr", "Jorge", "Rios"], ["Jorge", "Rios"]),
    (["Mme", "Claire", "Martin"], ["Claire", "Martin"]),
    (["Dra.", "Pilar", "Monsalve"], ["Pilar", "Monsalve"]),
    (["Sr.", "Juan", "Pérez"], ["Juan", "Pérez"]),
    (["His", "Excellency", "John", "Doe"], ["John", "Doe"]),
    (["He", "Wang"], ["He", "Wang"]),  # the surname He, not "H.E."
    (["Don", "Smith"], ["Don", "Smith"]),  # a given name
    (["M.", "Cristina", "Trueba"], ["M.", "Cristina", "Trueba"]),  # an initial
    (["Dr."], ["Dr."]),  # never emptied
])
def test_strip_honorifics(tokens: list[str], expected: list[str]) -> None:
    assert strip_honorifics(tokens) == expected


@pytest.mark.parametrize("tokens, expected", [
    (["Jorge", "Rios,", "PhD"], ["Jorge", "Rios"]),
    (["Joseph", "J.", "LaViola", "Jr"], ["Joseph", "J.", "LaViola"]),
    (["Jack", "Ma"], ["Jack", "Ma"]),  # a surname, not a degree
])
def test_strip_post_nominals(tokens: list[str], expected: list[str]) -> None:
    assert strip_post_nominals(tokens) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Rios, Jorge", "Jorge Rios"),
    ("Jorge Rios", "Jorge Rios"),
    ("A, B, C", "A, B, C"),  # not a name order
])
def test_reorder_comma(raw: str, expected: str) -> None:
    assert reorder_comma(raw) == expected


@pytest.mark.parametrize("tokens, expected", [
    (["BEAUMONT", "Camille"], ["Camille", "BEAUMONT"]),
    (["ALVAREZ", "CHAVEZ", "Ricardo"], ["Ricardo", "ALVAREZ", "CHAVEZ"]),
    (["LEHOUX-CERQUEIRA", "Noé"], ["Noé", "LEHOUX-CERQUEIRA"]),
    (["Céline", "STAUDER"], ["Céline", "STAUDER"]),  # already given name first
    (["JORGE", "RIOS"], ["JORGE", "RIOS"]),  # all capitals: order unknown, kept
    (["JP", "Willemse"], ["JP", "Willemse"]),  # capital initials, not a surname
    (["Meng", "Xianlin"], ["Meng", "Xianlin"]),  # East Asian order kept as printed
])
def test_reorder_capitalised_surname(tokens: list[str], expected: list[str]) -> None:
    assert reorder_capitalised_surname(tokens) == expected


@pytest.mark.parametrize("token, expected", [
    ("J.P.", ["J", "P"]), ("JP", ["J", "P"]), ("RIOS", ["RIOS"]), ("Jorge", ["Jorge"]),
])
def test_split_initials(token: str, expected: list[str]) -> None:
    assert split_initials(token) == expected


@pytest.mark.parametrize("tokens, expected", [
    (["J.-P.", "Sartre"], ["j", "p", "sartre"]),
    (["Jean-François", "Hélie"], ["jean", "francois", "helie"]),
    (["Andrea", "D'Eusanio"], ["andrea", "deusanio"]),
])
def test_key_tokens(tokens: list[str], expected: list[str]) -> None:
    assert key_tokens(tokens) == expected


@pytest.mark.parametrize("a, b", [
    ("JORGE RIOS", "Jorge Rios"),
    ("Javier Montano", "Javier Montaño"),
    ("Prof. Dr. Javier Montaño", "javier montano"),
    ("Rios, Jorge", "Jorge Rios"),
    ("RIOS Jorge", "Jorge Rios"),
    ("H.E. Jorge Rios, PhD", "Jorge Rios"),
    ("Vinh-Thuyen Nguyen–Truong", "Vinh-Thuyen Nguyen-Truong"),
    ("Jean - Yves Beziau", "Jean-Yves Beziau"),
    ("J.P. Willemse", "JP Willemse"),
])
def test_same_person_key(a: str, b: str) -> None:
    assert person_key(a) == person_key(b)


@pytest.mark.parametrize("a, b", [
    ("Meng Xianlin", "Xianlin Meng"),  # East Asian order is not guessed
    ("J. Rios", "Jorge Rios"),  # initials are a cross-document decision
    ("Xiao Wang", "Xiaoyan Wang"),
    ("He Wang", "Wang"),
])
def test_different_person_key(a: str, b: str) -> None:
    assert person_key(a) != person_key(b)


@pytest.mark.parametrize("short, full, expected", [
    ("J. Rios", "Jorge Rios", True),
    ("S Lipina", "Sebastián Lipina", True),
    ("J.-F. Hélie", "Jean-François Hélie", True),
    ("Evangelia Zacharaki", "Evangelia I. Zacharaki", True),  # a dropped middle initial
    ("John Smith", "John Paul Smith", False),  # a dropped full name is not an abbreviation
    ("Paul Smith", "John Paul Smith", False),  # first given names differ
    ("T. Zhou", "Hao Zhou", False),
    ("Rios", "Jorge Rios", False),  # a surname alone is never matched
    ("Jorge Rios", "J. Rios", False),  # direction matters
    ("Jorge Rios", "Jorge Rios", False),
])
def test_initials_compatible(short: str, full: str, expected: bool) -> None:
    assert initials_compatible(person_key(short).split(), person_key(full).split()) is expected


@pytest.mark.parametrize("raw, expected", [
    ("Prof. Javier Montaño", "Javier Montaño"), ("Jorge Rios, PhD", "Jorge Rios"), ("BEAUMONT Camille", "BEAUMONT Camille"),
])
def test_display_name(raw: str, expected: str) -> None:
    assert display_name(raw) == expected
