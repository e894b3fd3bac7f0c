"""Organisation normalisation (extractors/orgs.py): keys, acronyms, sub-units, the aliases file."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.orgs import (
    DEFAULT_ALIASES_PATH,
    acronym_of,
    acronym_pairs,
    expansion_for,
    load_aliases,
    looks_like_acronym,
    organization_key,
    parse_aliases,
    split_subunit,
)


@pytest.mark.parametrize("a, b", [
    ("UNODC", "unodc"),
    ("The World Customs Organization", "World Customs Organization"),
    ("U.S. Fish & Wildlife Service", "US Fish and Wildlife Service"),
    ("Universidad de Valparaíso", "UNIVERSIDAD DE VALPARAISO"),
    ("CIAE- U. de Chile", "CIAE U. de Chile"),
])
def test_same_organization_key(a: str, b: str) -> None:
    assert organization_key(a) == organization_key(b)


@pytest.mark.parametrize("text, expected", [
    ("UNODC", True), ("ARPA-E", True), ("UNESCO-IHE", True), ("Google", False), ("KU Leuven", False), ("Pty", False),
])
def test_looks_like_acronym(text: str, expected: bool) -> None:
    assert looks_like_acronym(text) is expected


@pytest.mark.parametrize("acronym, text, expected", [
    ("UNODC", "United Nations Office on Drugs and Crime", "United Nations Office on Drugs and Crime"),
    ("ARINSA", "Asset Recovery Inter-Agency Network of Southern Africa", "Asset Recovery Inter-Agency Network of Southern Africa"),
    ("WCO", "a talk on the World Customs Organization", "World Customs Organization"),
    ("WCO", "Wildlife Enforcement Network", None),
])
def test_expansion_for(acronym: str, text: str, expected: str | None) -> None:
    assert expansion_for(acronym, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("United Nations Office on Drugs and Crime (UNODC)", [("UNODC", "United Nations Office on Drugs and Crime")]),
    ("UNODC (United Nations Office on Drugs and Crime)", [("UNODC", "United Nations Office on Drugs and Crime")]),
    ("Report of the Wildlife Enforcement Network (WEN) and of the World Customs Organization (WCO)",
     [("WEN", "Wildlife Enforcement Network"), ("WCO", "World Customs Organization")]),
    ("Tirusew Asefa (University of South Florida)", []),
    ("A talk (UNODC)", []),  # an acronym alone is not a definition
])
def test_acronym_pairs(text: str, expected: list[tuple[str, str]]) -> None:
    assert acronym_pairs(text) == expected


@pytest.mark.parametrize("name, expected", [
    ("United Nations Office on Drugs and Crime (UNODC)", "UNODC"), ("USFWS", "USFWS"), ("Acme (Pty)", None),
])
def test_acronym_of(name: str, expected: str | None) -> None:
    assert acronym_of(name) == expected


KNOWN = {organization_key(x) for x in ("USFWS", "INTERPOL", "U. de Chile", "Universidad de Chile", "SPC", "University")}


@pytest.mark.parametrize("affiliation, expected", [
    ("USFWS Office of Law Enforcement", ("USFWS", "Office of Law Enforcement")),
    ("INTERPOL WCWG", ("INTERPOL", "WCWG")),
    ("Facultad de Medicina Universidad de Chile", ("Universidad de Chile", "Facultad de Medicina")),
    ("Fac. Medicina - U. de Chile", ("U. de Chile", "Fac. Medicina")),
    ("Oceanic Fisheries Programme, SPC", ("SPC", "Oceanic Fisheries Programme")),
    ("CIAE U. de Chile", ("U. de Chile", "CIAE")),
    ("NOAA/IATTC", None),  # joint affiliation, not a unit
    ("Centre for Research Ethics, UPPSALA University", None),  # "University" alone is no parent
    ("USFWS", None),
])
def test_split_subunit(affiliation: str, expected: tuple[str, str] | None) -> None:
    assert split_subunit(affiliation, KNOWN) == expected


def test_aliases_file_parses() -> None:
    aliases = load_aliases(DEFAULT_ALIASES_PATH)
    acronyms = {a.acronym for a in aliases}
    assert {"UNODC", "INTERPOL", "WCO", "CITES", "UNEP", "WWF", "IUCN", "TRAFFIC", "USFWS", "EUROPOL"} <= acronyms
    assert len(acronyms) == len(aliases)  # one entry per organisation
    assert all(a.name and a.name != a.acronym for a in aliases)
    owner: dict[str, str] = {}
    for alias in aliases:  # no printed form may belong to two organisations
        for form in alias.forms():
            assert owner.setdefault(organization_key(form), alias.acronym) == alias.acronym, form


@pytest.mark.parametrize("data", [None, {"organizations": "UNODC"}, {"organizations": [{"acronym": "X"}]},
                                  {"organizations": [{"acronym": "X", "name": "Y", "variants": "Z"}]}])
def test_bad_aliases_are_refused(data: object) -> None:
    with pytest.raises(ValueError):
        parse_aliases(data)


def test_aliases_from_another_file(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text("organizations:\n  - acronym: ABC\n    name: Alpha Beta Council\n    variants: [A.B.C.]\n", encoding="utf-8")
    [alias] = load_aliases(path)
    assert alias.forms() == ["ABC", "Alpha Beta Council", "A.B.C."]


def test_two_bodies_joined_by_a_conjunction_are_not_a_unit_of_the_second():
    from extractors.orgs import organization_key, split_subunit

    known = {organization_key("CIAE U. de Chile")}
    assert split_subunit("Facultad de Medicina y CIAE U. de Chile", known) is None
