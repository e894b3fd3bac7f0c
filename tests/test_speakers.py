"""Tests for extractors.speakers: split_item, parse_people, parse_role_line, rule scores.

The real spaCy models are used (NER decides part of the chunks); they load once per
session. Inputs are literals copied from real programmes (never read from /work/shared).
"""
from __future__ import annotations

from typing import Any, Optional

import pytest

from extractors.ner import get_nlp
from extractors.speakers import (
    ItemParse,
    looks_like_org,
    looks_like_person,
    parse_people,
    parse_role_line,
    split_item,
)

Triple = tuple[Optional[str], Optional[str], Optional[str]]


@pytest.fixture(scope="session", autouse=True)
def models() -> Any:
    """Load the spaCy models once for the whole session."""
    return get_nlp("en"), get_nlp("fr")


def triples(speakers: list[Any]) -> list[Triple]:
    return [(s.name, s.affiliation, s.role) for s in speakers]


# The seed's 29 bulleted item lines, as the segmenter gives them after splitting at the
# " -  " bullets (headings that ran into the last speaker are still attached).
SEED_ITEMS = [
    ('Introduction to ICCWC and Global wildlife trafficking: The World Wildlife Crime Report, Jorge Rios, UNODC',
     'Introduction to ICCWC and Global wildlife trafficking: The World Wildlife Crime Report',
     [('Jorge Rios', 'UNODC', None)]),
    ('Different types of networks to combat wildlife crime, Grant Pink, University of New England Session 2 – Supporting and enhancing collective law enforcement efforts:',
     'Different types of networks to combat wildlife crime',
     [('Grant Pink', 'University of New England', None)]),
    ('Secondments, twinning programmes and mentorships, Tim Steele, UNODC',
     'Secondments, twinning programmes and mentorships',
     [('Tim Steele', 'UNODC', None)]),
    ('International Law Enforcement Attaché Programme, David Hubbard, USFWS Office of Law Enforcement Session 3 – The NGO perspective: Lessons learned in supporting networks Session 4 – Best practices and challenges: Lessons to be learned from established networks (by region) Africa',
     'International Law Enforcement Attaché Programme',
     [('David Hubbard', 'USFWS Office of Law Enforcement', None)]),
    ('IOFMC: creating sustainable cooperation mechanisms for combating wildlife crime, including\xa0 with the judiciary and prosecution, Javier Montaño (UNODC)',
     'IOFMC: creating sustainable cooperation mechanisms for combating wildlife crime, including with the judiciary and prosecution',
     [('Javier Montaño', 'UNODC', None)]),
    ('LATF: operating as a network established by a treaty between countries, Bonaventure Ebayi',
     'LATF: operating as a network established by a treaty between countries',
     [('Bonaventure Ebayi', None, None)]),
    ('COMIFAC: implementing activities in Central Africa (PAPECALF), Chouaibou Nchoutpouen Asia',
     'COMIFAC: implementing activities in Central Africa (PAPECALF)',
     [('Chouaibou Nchoutpouen', None, None)]),
    ('NICECG: national multiagency cooperation in China, Meng Xianlin',
     'NICECG: national multiagency cooperation in China',
     [('Meng Xianlin', None, None)]),
    ('SA-WEN: developing a regional action plan for South Asia, Maheshwar Dhakal Americas',
     'SA-WEN: developing a regional action plan for South Asia',
     [('Maheshwar Dhakal', None, None)]),
    ('NAWEG: benefits of close regional cooperation and successful cases, Sheldon Jordan',
     'NAWEG: benefits of close regional cooperation and successful cases',
     [('Sheldon Jordan', None, None)]),
    ('ROAVIS: operating through a prosecutors network and planned activities, Thalia Palacios Europe',
     'ROAVIS: operating through a prosecutors network and planned activities',
     [('Thalia Palacios', None, None)]),
    ('EC Enforcement Working Group: networking in a free trade zone, Franz Böhmer Session 5 – Experiences in establishing new networks and taking different approaches',
     'EC Enforcement Working Group: networking in a free trade zone',
     [('Franz Böhmer', None, None)]),
    ('ASEAN-WEN: recent development of ASEAN-WEN, key activities, challenges and opportunities, Achmad Pribadi.',
     'ASEAN-WEN: recent development of ASEAN-WEN, key activities, challenges and opportunities',
     [('Achmad Pribadi', None, None)]),
    ('Caribbean: Outcomes of the Caribbean Regional Wildlife Enforcement Workshop, Maurice Isaacs',
     'Caribbean: Outcomes of the Caribbean Regional Wildlife Enforcement Workshop',
     [('Maurice Isaacs', None, None)]),
    ('HA-WEN: experiences in establishing and operationalizing the network, Daniel Pawlos',
     'HA-WEN: experiences in establishing and operationalizing the network',
     [('Daniel Pawlos', None, None)]),
    ('South America WEN: establishing a network through a prosecutors network, Vania Tuglio Session 6 – Interaction between networks and regional bodies, and regional cohesiveness',
     'South America WEN: establishing a network through a prosecutors network',
     [('Vania Tuglio', None, None)]),
    ('CITES Experts Group for West Asia: cooperation to combat illegal wildlife trade in the region, Fahad Alajmi',
     'CITES Experts Group for West Asia: cooperation to combat illegal wildlife trade in the region',
     [('Fahad Alajmi', None, None)]),
    ('Southern Africa WEN: best practices and challenges in the development of the network, David Lawson',
     'Southern Africa WEN: best practices and challenges in the development of the network',
     [('David Lawson', None, None)]),
    ('Rhino and Elephant Security Group of Southern Africa: work and activities of the group, Rod Potter',
     'Rhino and Elephant Security Group of Southern Africa: work and activities of the group',
     [('Rod Potter', None, None)]),
    ('ARINSA: Asset Recovery Inter-Agency Network of Southern Africa, JP Willemse Session 7 – The role of regional and global law enforcement bodies and opportunities for enhanced cooperation:',
     'ARINSA: Asset Recovery Inter-Agency Network of Southern Africa',
     [('JP Willemse', None, None)]),
    ('EUROPOL, Werner Gowitzke',
     'EUROPOL',
     [('Werner Gowitzke', None, None)]),
    ('WCO RILOs, Chul-hun Lee/Sang Yong Park (RILO AP), Anisio Langa (RILO ESA)',
     'WCO RILOs',
     [('Chul-hun Lee', 'RILO AP', None), ('Sang Yong Park', 'RILO AP', None), ('Anisio Langa', 'RILO ESA', None)]),
    ('INTERPOL Regional Bureaus, Mubita Nawa (RB Harare)/Sosthenes Makuri (RB Nairobi)',
     'INTERPOL Regional Bureaus',
     [('Mubita Nawa', 'RB Harare', None), ('Sosthenes Makuri', 'RB Nairobi', None)]),
    ('Wildlife Crime Working Group (WCWG), Sheldon Jordan, Chair INTERPOL WCWG Session 8 – Promoting the use of existing tools and services, andmobilizing support for the implementation of obligations and commitmentsunder international agreements',
     'Wildlife Crime Working Group (WCWG)',
     [('Sheldon Jordan', 'INTERPOL WCWG', 'Chair')]),
    ('CITES Resolutions and Decisions and tools available, Edward van Asch, CITES',
     'CITES Resolutions and Decisions and tools available',
     [('Edward van Asch', 'CITES', None)]),
    ('UN Resolutions, UNTOC and UNCAC, and tools available, Tim Steele, UNODC',
     'UN Resolutions, UNTOC and UNCAC, and tools available',
     [('Tim Steele', 'UNODC', None)]),
    ('INTERPOL General Assembly Resolutions and tools available,\xa0 Henri Fournel, INTERPOL',
     'INTERPOL General Assembly Resolutions and tools available',
     [('Henri Fournel', 'INTERPOL', None)]),
    ('WCO Cooperation Council and tools available, WCO',
     'WCO Cooperation Council and tools available',
     [(None, 'WCO', None)]),
    ('EU and Africa TWIX, TRAFFIC',
     'EU and Africa TWIX',
     [(None, 'TRAFFIC', None)]),
]

@pytest.mark.parametrize("text, title, speakers", SEED_ITEMS, ids=[t[:40] for t, _, _ in SEED_ITEMS])
def test_seed_items(text: str, title: str, speakers: list[Triple]) -> None:
    parse = split_item(text, "en")
    assert parse.title == title
    assert triples(parse.speakers) == speakers


@pytest.mark.parametrize(
    "text, rest",
    [
        ("Different types of networks to combat wildlife crime, Grant Pink, University of New England "
         "Session 2 – Supporting and enhancing collective law enforcement efforts:",
         "Session 2 – Supporting and enhancing collective law enforcement efforts"),
        ("COMIFAC: implementing activities in Central Africa (PAPECALF), Chouaibou Nchoutpouen Asia", "Asia"),
        ("SA-WEN: developing a regional action plan for South Asia, Maheshwar Dhakal Americas", "Americas"),
        ("LATF: operating as a network established by a treaty between countries, Bonaventure Ebayi", None),
    ],
)
def test_glued_heading_goes_to_rest(text: str, rest: Optional[str]) -> None:
    parse = split_item(text)
    assert parse.rest == rest
    if rest:
        assert parse.rest_span is not None
        assert text[parse.rest_span[0]:parse.rest_span[1]].startswith(rest.split()[0])


@pytest.mark.parametrize(
    "text, lang, title, speakers",
    [
        # "Name (Org): Title" and several people (pdf-04)
        ("Phillippe Very (Eurocontrol): The ContrailNet Portal: Stimulating Contrail Research by Sharing Data", "en",
         "The ContrailNet Portal: Stimulating Contrail Research by Sharing Data", [("Phillippe Very", "Eurocontrol", None)]),
        ("Aarón Sonabend (Google), Tom Dean (BE): Evaluating preliminary avoidance trials", "en",
         "Evaluating preliminary avoidance trials", [("Aarón Sonabend", "Google", None), ("Tom Dean", "BE", None)]),
        ("Dennis Piontek, Kai Widmaier (DLR): First results for the AKKL 100-flights-trial & CONCERTO", "en",
         "First results for the AKKL 100-flights-trial & CONCERTO", [("Dennis Piontek", "DLR", None), ("Kai Widmaier", "DLR", None)]),
        ("Zane Dedekind (Environment Canada): Reducing the Impact of Aircraft Induced Clouds on Climate – Development of the Contrail Avoidance Tool (CoAT)", "en",
         "Reducing the Impact of Aircraft Induced Clouds on Climate – Development of the Contrail Avoidance Tool (CoAT)",
         [("Zane Dedekind", "Environment Canada", None)]),
        # "Name (Affiliation) – Title" (pdf-06), dash glued to the parenthesis, stray quote
        ("Quoc Quan Tran (KU Leuven) – Flexible open source modelling tool for integrating management of surface-groundwater systems", "en",
         "Flexible open source modelling tool for integrating management of surface-groundwater systems", [("Quoc Quan Tran", "KU Leuven", None)]),
        ("Gavi Alavi (UMSA)- Timely and accurate climatic services for small farms in the Bolivian Highlands in view of climate change impacts”", "en",
         "Timely and accurate climatic services for small farms in the Bolivian Highlands in view of climate change impacts", [("Gavi Alavi", "UMSA", None)]),
        ("Mesías Burga Tarrillo – Irrigation in the Peruvian Andes", "en",
         "Irrigation in the Peruvian Andes", [("Mesías Burga Tarrillo", None, None)]),
        # keynote prefix (pdf-06, web-02, web-06)
        ("Key note by Pablo Guzman (CELEC Ecuador): Environmental and water resources challenges for the hydro-electricity in Ecuador", "en",
         "Environmental and water resources challenges for the hydro-electricity in Ecuador", [("Pablo Guzman", "CELEC Ecuador", "Keynote")]),
        ("Keynote speech by Prof. Claire Wardle", "en", None, [("Claire Wardle", None, "Keynote")]),
        ("Conferencia magistral Jean Pierre Changeux,", "es", None, [("Jean Pierre Changeux", None, "Keynote")]),
        # "Title (Name and Name, Org)", "Title (Role Org)" (pdf-06)
        ("Workshop: Open source resources for hydrology (Ann van Griensven and Cas Neyens, VUB)", "en",
         "Workshop: Open source resources for hydrology", [("Ann van Griensven", "VUB", None), ("Cas Neyens", "VUB", None)]),
        ("Welcome address, introduction to the university and city of Cuenca (Rector U Cuenca)", "en",
         "Welcome address, introduction to the university and city of Cuenca", [(None, "U Cuenca", "Rector")]),
        # "Title - Name" with hyphenated titles (web-11, web-15)
        ("draft-brockners-ippm-ioam-geneve - F. Brockners", "en", "draft-brockners-ippm-ioam-geneve", [("F. Brockners", None, None)]),
        ("Multi-Vendor Interoperability Testing Results Update to IPPM WG - C. Rossenhoevel", "en",
         "Multi-Vendor Interoperability Testing Results Update to IPPM WG", [("C. Rossenhoevel", None, None)]),
        ("Mener le changement - les 8 étapes de Kotter - Guillaume Duquesnay", "fr",
         "Mener le changement - les 8 étapes de Kotter", [("Guillaume Duquesnay", None, None)]),
        ("Transformation agile à grande échelle : 18 mois plus tard - Clémo Charnay, Myriam Roux et Céline STAUDER", "fr",
         "Transformation agile à grande échelle : 18 mois plus tard",
         [("Clémo Charnay", None, None), ("Myriam Roux", None, None), ("Céline STAUDER", None, None)]),
        ("Real Options: quand et comment (ne pas) prendre des décisions - Pascal Van Cauwenberghe", "fr",
         "Real Options: quand et comment (ne pas) prendre des décisions", [("Pascal Van Cauwenberghe", None, None)]),
        ("Mot du bureau de l'association Agile France - Bureau association Agile France", "fr",
         "Mot du bureau de l'association Agile France", [(None, "Bureau association Agile France", None)]),
        # Spanish "Name: Title", long affiliation in parentheses (web-06)
        ("Sebastián Lipina: Nuevas Perspectivas (Crossroads between human rights activism and poverty neuroscience in Latin America).", "es",
         "Nuevas Perspectivas (Crossroads between human rights activism and poverty neuroscience in Latin America)", [("Sebastián Lipina", None, None)]),
        ("Fernando Novoa (Universidad de Valparaíso, Departamento Nacional de Ética Colegio Médico de Chile): Mirada desde la Medicina", "es",
         "Mirada desde la Medicina", [("Fernando Novoa", "Universidad de Valparaíso, Departamento Nacional de Ética Colegio Médico de Chile", None)]),
        # SURNAME Firstname. “Title.” (pdf-13)
        ("NICOL Alexis. “Les eunuques à Byzance, du IXe au XIIe siècle : un parfait outil d'intermédiaire.”", "fr",
         "Les eunuques à Byzance, du IXe au XIIe siècle : un parfait outil d'intermédiaire", [("NICOL Alexis", None, None)]),
        # a leading label before the people (pdf-04 labs)
        ("Lab 2a: Nick Masson, Tom Dean (BE): Contrails Observer app hackathon", "en",
         "Contrails Observer app hackathon", [("Nick Masson", "BE", None), ("Tom Dean", "BE", None)]),
        ("Introduction: Steven Barrett (UCambridge), Vincent Meijer (TUDelft)", "en",
         "Introduction", [("Steven Barrett", "UCambridge", None), ("Vincent Meijer", "TUDelft", None)]),
        # "Title (authors)" (web-04)
        ("Learning Structured Implicit Shape Representations (Prof. Thomas A. Funkhouser)", "en",
         "Learning Structured Implicit Shape Representations", [("Thomas A. Funkhouser", None, None)]),
        # editorial note dropped
        ("Closing remarks (TBC)", "en", "Closing remarks", []),
    ],
)
def test_split_item_shapes(text: str, lang: str, title: Optional[str], speakers: list[Triple]) -> None:
    parse = split_item(text, lang)
    assert parse.title == title
    assert triples(parse.speakers) == speakers


@pytest.mark.parametrize(
    "text",
    [
        "Opening Remarks",
        "Yellowfin assessment 2023 - recap",
        "Spatial structure – YFT (no change proposed, fleet restructure)",
        "Modeling implications – CAAL in MFCL, bring in the new data",
        "SKJ – MP CPUE",
        "Breakout groups - small group discussion w. guided questions",
        "Opening, introduction, agenda",
        "Welcome, Note Well, Agenda, Status",
        "Project 117, 118, 125, 126 – biological sampling – tuna/billfish/sharks",
        "Je vois ! - Ou comment la visualisation non conventionnelle contribue à des projets agiles",
        "Session 2 Jorge Rios",
        "Wrap-up Day 1",
    ],
)
def test_titles_without_speakers(text: str) -> None:
    parse = split_item(text)
    assert parse.speakers == []
    assert parse.title == " ".join(text.split())


def test_split_item_label() -> None:
    parse = split_item("Lab 3b: Zeb Engberg, Tristan Abbott (BE): Finding flights in Landsat and Sentinel")
    assert parse.label == "Lab 3b"
    assert parse.title == "Finding flights in Landsat and Sentinel"


def test_split_item_empty() -> None:
    assert split_item("   ") == ItemParse(None, [], None)


def test_offsets_point_into_the_given_string() -> None:
    text = "WCO RILOs, Chul-hun Lee/Sang Yong Park (RILO AP), Anisio Langa (RILO ESA)"
    parse = split_item(text)
    assert parse.title_span is not None
    assert text[parse.title_span[0]:parse.title_span[1]] == "WCO RILOs"
    for sp in parse.speakers:
        assert sp.char_start is not None and sp.char_end is not None
        assert sp.name is not None and sp.name in text[sp.char_start:sp.char_end]


@pytest.mark.parametrize(
    "text, method",
    [
        ("EUROPOL, Werner Gowitzke", "rule+ner"),  # name-shaped and NER PERSON
        ("Tools available, Prof. Henri Fournel", "rule"),  # honorific: rules alone
        ("WCO Cooperation Council and tools available, WCO", "rule"),  # known organisation
    ],
)
def test_method_and_confidence(text: str, method: str) -> None:
    sp = split_item(text).speakers[-1]
    assert sp.method == method
    assert 0.8 <= sp.confidence <= 1.0


@pytest.mark.parametrize(
    "text, lang, speakers",
    [
        ("Hiram Calvo and Mayte H. Laureano", "en", [("Hiram Calvo", None, None), ("Mayte H. Laureano", None, None)]),
        ("Charlie George Roadhouse, Matthew Shardlow and Ashley Williams", "en",
         [("Charlie George Roadhouse", None, None), ("Matthew Shardlow", None, None), ("Ashley Williams", None, None)]),
        ("Prof. Yusheng Ji (NII)", "en", [("Yusheng Ji", "NII", None)]),
        ("Dennis Piontek, Kai Widmaier (DLR)", "en", [("Dennis Piontek", "DLR", None), ("Kai Widmaier", "DLR", None)]),
        ("Jane Doe, Associate Professor, University of Colorado, Boulder", "en", [("Jane Doe", "University of Colorado, Boulder", None)]),
        ("Pieter Smit, Radboud University, The Netherlands", "en", [("Pieter Smit", "Radboud University, The Netherlands", None)]),
        ("Ngaio Marsh, University of Otago, New Zealand, Aled Jones, Bangor University, UK", "en",
         [("Ngaio Marsh", "University of Otago, New Zealand", None), ("Aled Jones", "Bangor University, UK", None)]),
        ("Kelsea Best, Doctoral Candidate, Vanderbilt University", "en", [("Kelsea Best", "Vanderbilt University", None)]),
        ("Dr. Hiba Baroud, Assistant professor and data scientist, Vanderbilt University", "en", [("Hiba Baroud", "Vanderbilt University", None)]),
        ("Marc or Joe Scutt", "en", [("Marc", None, None), ("Joe Scutt", None, None)]),
        ("Thom Teears (and/or Tiffany Vidal)", "en", [("Thom Teears", None, None), ("Tiffany Vidal", None, None)]),
        ("A. Morton", "en", [("A. Morton", None, None)]),
        ("F. Brockners", "en", [("F. Brockners", None, None)]),
        ("Bureau association Agile France", "fr", [(None, "Bureau association Agile France", None)]),
        ("Previous assessments (SPC)", "en", [(None, "SPC", None)]),
        ("Chairs", "en", []),
        ("All", "en", []),
        ("TBC", "en", []),
        ("Chair", "en", [(None, None, "Chair")]),
        ("Chair/all", "en", [(None, None, "Chair")]),
        ("Ijima-san (Japan FRA), Nicholas DB (NOAA)", "en", [("Ijima-san", "Japan FRA", None), ("Nicholas DB", "NOAA", None)]),
        ("NICOL Alexis", "fr", [("NICOL Alexis", None, None)]),
        ("ALVAREZ CHAVEZ Ricardo", "fr", [("ALVAREZ CHAVEZ Ricardo", None, None)]),
        ("Prof. Jean - Yves Beziau", "en", [("Jean - Yves Beziau", None, None)]),
        ("Prof. V.K. Gaur", "en", [("V.K. Gaur", None, None)]),
        ("Md. Himayetul Islam", "en", [("Md. Himayetul Islam", None, None)]),
        ("Justice Chittatosh Mookerjee", "en", [("Chittatosh Mookerjee", None, None)]),
        ("Prof. Mihir Kr. Chakraborty", "en", [("Mihir Kr. Chakraborty", None, None)]),
        ("Juan Pablo Valenzuela (CIAE- U. de Chile), Dra. Pilar Monsalve (Programa Chile Crece Contigo en Ministerio de Salud), "
         "Patricia Núñez (UNICEF), Sebastian Lipina (Argentina)", "es",
         [("Juan Pablo Valenzuela", "CIAE- U. de Chile", None), ("Pilar Monsalve", "Programa Chile Crece Contigo en Ministerio de Salud", None),
          ("Patricia Núñez", "UNICEF", None), ("Sebastian Lipina", "Argentina", None)]),
        # a long list: the final "(Org)" covers every name back to the previous parenthesis (a
        # name printed elsewhere in the document with its own organisation gives it up there)
        ("Kathinka Evers, Jean Pierre Changeux, Ana María Aaron, José Ancan Jara (Consejo de la Cultura).", "es",
         [("Kathinka Evers", "Consejo de la Cultura", None), ("Jean Pierre Changeux", "Consejo de la Cultura", None),
          ("Ana María Aaron", "Consejo de la Cultura", None), ("José Ancan Jara", "Consejo de la Cultura", None)]),
        ("Jean Pierre Changeux, K Evers, F Novoa, S Lipina", "es",
         [("Jean Pierre Changeux", None, None), ("K Evers", None, None), ("F Novoa", None, None), ("S Lipina", None, None)]),
        ("Huu-Nghia Nguyen, Vinh-Thuyen Nguyen-Truong, Danh Le-Thanh", "en",
         [("Huu-Nghia Nguyen", None, None), ("Vinh-Thuyen Nguyen-Truong", None, None), ("Danh Le-Thanh", None, None)]),
    ],
)
def test_parse_people(text: str, lang: str, speakers: list[Triple]) -> None:
    assert triples(parse_people(text, lang)) == speakers


@pytest.mark.parametrize(
    "text, lang, role, is_chair, speakers",
    [
        ("Chair: Halidi Ally", "en", "Chair", True, [("Halidi Ally", None, "Chair")]),
        ("Chairs: Brian Trammell and Bill Cerveny", "en", "Chair", True,
         [("Brian Trammell", None, "Chair"), ("Bill Cerveny", None, "Chair")]),
        ("*Chairs:* Brian Trammell and Bill Cerveny", "en", "Chair", True,
         [("Brian Trammell", None, "Chair"), ("Bill Cerveny", None, "Chair")]),
        ("Chair : Prof. Asoke Ranjan Thakur", "en", "Chair", True, [("Asoke Ranjan Thakur", None, "Chair")]),
        ("Moderador: David Gómez (CIAE U. de Chile)", "es", "Moderator", True, [("David Gómez", "CIAE U. de Chile", "Moderator")]),
        ("Modérateur : Jean Dupont (Université de Lyon)", "fr", "Moderator", True, [("Jean Dupont", "Université de Lyon", "Moderator")]),
        ("Président·e : Marie Curie", "fr", "Chair", True, [("Marie Curie", None, "Chair")]),
        ("Participan : Kathinka Evers, Jean Pierre Changeux", "es", "Panelist", False,
         [("Kathinka Evers", None, None), ("Jean Pierre Changeux", None, None)]),
        ("Panelists: A. Smith, B. Jones", "en", "Panelist", False, [("A. Smith", None, "Panelist"), ("B. Jones", None, "Panelist")]),
        ("Discussant: John Smith", "en", "Discussant", False, [("John Smith", None, "Discussant")]),
        ("Rapporteur: Jane Doe (UNEP)", "en", "Rapporteur", False, [("Jane Doe", "UNEP", "Rapporteur")]),
        ("Keynote: Prof. Claire Wardle", "en", "Keynote", False, [("Claire Wardle", None, "Keynote")]),
        ("Conferencia: Sebastian Lipina", "es", "Speaker", False, [("Sebastian Lipina", None, None)]),
        ("Conferencia magistral: Jean Pierre Changeux", "es", "Keynote", False, [("Jean Pierre Changeux", None, "Keynote")]),
        ("Moderator:", "en", "Moderator", True, []),
        ("Chaired by Ann Smith (WWF)", "en", "Chair", True, [("Ann Smith", "WWF", "Chair")]),
    ],
)
def test_parse_role_line(text: str, lang: str, role: str, is_chair: bool, speakers: list[Triple]) -> None:
    line = parse_role_line(text, lang)
    assert line is not None
    assert line.role == role
    assert line.is_chair is is_chair
    assert triples(line.people) == speakers


@pytest.mark.parametrize(
    "text",
    ["Title of talk : Choice without Choice", "Venue : Bose Institute", "Session 3: The NGO perspective", "Tim Steele, UNODC"],
)
def test_parse_role_line_none(text: str) -> None:
    assert parse_role_line(text) is None


def test_role_line_inside_split_item() -> None:
    parse = split_item("Chair: Prof. Rana Barua")
    assert parse.title is None
    assert triples(parse.speakers) == [("Rana Barua", None, "Chair")]


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("Prof. Shibaji Raha", 0.85, 1.0),
        ("Tim Steele", 0.5, 0.85),
        ("A. Morton", 0.5, 0.85),
        ("Opening Remarks", 0.0, 0.2),
        ("Session 2 Jorge Rios", 0.0, 0.0),
        ("10:30 - 11:00", 0.0, 0.0),
        ("Argentina", 0.0, 0.0),
        ("UNODC", 0.0, 0.0),
        ("University of New England", 0.0, 0.2),
        ("challenges and opportunities", 0.0, 0.0),
        ("Marc", 0.3, 0.5),
    ],
)
def test_looks_like_person(text: str, low: float, high: float) -> None:
    assert low <= looks_like_person(text) <= high


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("UNODC", 0.9, 1.0),
        ("RILO AP", 0.85, 1.0),
        ("University of New England", 0.8, 1.0),
        ("USFWS Office of Law Enforcement", 0.8, 1.0),
        ("Universidad Mayor de San Simon", 0.8, 1.0),
        ("Ministère de la Culture", 0.8, 1.0),
        ("Satavia", 0.3, 0.5),
        ("Tim Steele", 0.3, 0.5),
        ("challenges and opportunities", 0.0, 0.0),
        ("TBC", 0.0, 0.0),
        ("Opening Remarks", 0.0, 0.0),
        ("II", 0.0, 0.5),
    ],
)
def test_looks_like_org(text: str, low: float, high: float) -> None:
    assert low <= looks_like_org(text) <= high


@pytest.mark.parametrize(
    "text, title",
    [
        ("Keynote: Deep Learning", "Deep Learning"),
        ("Keynote: Learning Structured Implicit Shape Representations", "Learning Structured Implicit Shape Representations"),
    ],
)
def test_keynote_title_is_not_a_person(text: str, title: str) -> None:
    parse = split_item(text)
    assert parse.speakers == []
    assert parse.title == title


@pytest.mark.parametrize("text,expected", [
    ("Nicholas DB – NOAA", [("Nicholas DB", "NOAA")]),
    ("Jane Smith – WHO", [("Jane Smith", "WHO")]),
    ("Carol King (UK Data Service)", [("Carol King", "UK Data Service")]),
])
def test_presenter_with_dash_or_parenthesised_organisation(text, expected):
    assert [(s.name, s.affiliation) for s in parse_people(text)] == expected


def test_name_shaped_presenter_after_a_title_dash_keeps_its_organisation():
    parsed = split_item("Data catalogues in practice — Carol King (UK Data Service)")
    assert parsed.title == "Data catalogues in practice"
    assert [(s.name, s.affiliation) for s in parsed.speakers] == [("Carol King", "UK Data Service")]


@pytest.mark.parametrize("text,expected", [
    ("Kyuhan Kim (previous assessment, options for 2026)", [("Kyuhan Kim", None)]),
    ("Kyuhan Kim (9 and 6 regions options)", [("Kyuhan Kim", None)]),
    ("Kyuhan Kim (SPC)", [("Kyuhan Kim", "SPC")]),
])
def test_a_parenthesised_note_is_not_an_affiliation(text, expected):
    assert [(s.name, s.affiliation) for s in parse_people(text)] == expected


def test_capitalised_title_words_before_a_dash_do_not_become_presenters():
    parsed = split_item("Open Values, Shared Values - Peter Stevens")
    assert parsed.title == "Open Values, Shared Values"
    assert [s.name for s in parsed.speakers] == ["Peter Stevens"]


@pytest.mark.parametrize("line, names", [
    ("Dozent: Lukas Brenner", ["Lukas Brenner"]),
    ("Dozentinnen: Hanna Vogt und Mira Saleh", ["Hanna Vogt", "Mira Saleh"]),
    ("DozentInnen: Jonas Albers und Petra Lindner", ["Jonas Albers", "Petra Lindner"]),
    ("Vortragende: Sabine Krüger", ["Sabine Krüger"]),
])
def test_german_teacher_and_speaker_labels_name_presenters_without_a_role(line, names):
    rl = parse_role_line(line, "de")
    assert [sp.name for sp in rl.people] == names
    assert all(sp.role is None for sp in rl.people) and not rl.is_chair
