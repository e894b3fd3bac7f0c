"""Presenters in the printed forms programmes use: every form with several variants (other
names, languages, separators), affiliation legends, and the document's majority order.

Real spaCy models, real documents made here (text and HTML); no line is copied from the
development corpus.
"""
from __future__ import annotations

from typing import Any, Optional

import pdf_factory
import pytest

from extractors import extract
from extractors.legends import parse_legend
from extractors.names import person_key
from extractors.ner import get_nlp
from extractors.speakers import document_order, item_candidates, parse_people, parse_role_line, split_item

Pair = tuple[Optional[str], Optional[str]]


@pytest.fixture(scope="module", autouse=True)
def models() -> Any:
    return get_nlp("en"), get_nlp("fr")


def pairs(speakers: list[Any]) -> list[Pair]:
    return [(s.name, s.affiliation) for s in speakers]


ITEM_FORMS: dict[str, list[tuple[str, str, Optional[str], list[Pair]]]] = {
    "title by name": [
        ("Mapping seagrass meadows by Ingrid Solberg (Norwegian Institute for Water Research)", "en",
         "Mapping seagrass meadows", [("Ingrid Solberg", "Norwegian Institute for Water Research")]),
        ("Les villes face à la chaleur par Mathilde Rousseau (Université de Lyon)", "fr",
         "Les villes face à la chaleur", [("Mathilde Rousseau", "Université de Lyon")]),
        ("Agua y ciudad: retos del siglo XXI por Andrés Quintero (Universidad de Antioquia)", "es",
         "Agua y ciudad: retos del siglo XXI", [("Andrés Quintero", "Universidad de Antioquia")]),
        ("Why soils matter, by Kwame Boateng", "en", "Why soils matter", [("Kwame Boateng", None)]),
    ],
    "response by name": [
        ("Response by Olumide Adeyemi (University of Lagos)", "en", "Response", [("Olumide Adeyemi", "University of Lagos")]),
        ("Commentary by Hanna Virtanen (Aalto University)", "en", "Commentary", [("Hanna Virtanen", "Aalto University")]),
        ("Réponse par Claire Fontaine (Université de Genève)", "fr", "Réponse", [("Claire Fontaine", "Université de Genève")]),
    ],
    "separators inside titles": [
        ("Water, rights and markets: lessons from Chile – Camila Fuentes, Universidad de Talca", "es",
         "Water, rights and markets: lessons from Chile", [("Camila Fuentes", "Universidad de Talca")]),
        ("Open data in cities: Ana Costa, Lisbon City Council", "en", "Open data in cities",
         [("Ana Costa", "Lisbon City Council")]),
        ("Bread and roses: labour songs, 1900–1930 – Nora Quinlan (Trinity College Dublin)", "en",
         "Bread and roses: labour songs, 1900–1930", [("Nora Quinlan", "Trinity College Dublin")]),
    ],
    "organisation only": [
        ("Customs cooperation and tools available, WCO", "en", "Customs cooperation and tools available", [(None, "WCO")]),
        ("Welcome address – University of Tartu", "en", "Welcome address", [(None, "University of Tartu")]),
        ("Mot d'accueil – Ministère de la Culture", "fr", "Mot d'accueil", [(None, "Ministère de la Culture")]),
    ],
    "square brackets, labelled quoted title": [
        ("Rivers of data – Lotte Jansen [Wageningen University]", "en", "Rivers of data",
         [("Lotte Jansen", "Wageningen University")]),
        ('- Talk: "Private by default", Noor Rahman [Open Rights Group] (20 min)', "en", "Private by default",
         [("Noor Rahman", "Open Rights Group")]),
        ('Conférence : « Les sols vivants », Claire Aubert [INRAE] (30 min)', "fr", "Les sols vivants",
         [("Claire Aubert", "INRAE")]),
    ],
    "person, organisation and person, organisation": [
        ("Opening: Lena Vogt, University of Basel (host) & Marco Ruggeri, Ghent University", "en", "Opening",
         [("Lena Vogt", "University of Basel"), ("Marco Ruggeri", "Ghent University")]),
        ("Welcome: Ana Lima, Universidade do Porto and Rui Costa, INESC TEC", "pt", "Welcome",
         [("Ana Lima", "Universidade do Porto"), ("Rui Costa", "INESC TEC")]),
        ("Ouverture : Claire Aubert, Université de Lille et Hugo Lemaire, CNRS", "fr", "Ouverture",
         [("Claire Aubert", "Université de Lille"), ("Hugo Lemaire", "CNRS")]),
    ],
    "name right after the title": [
        ("Laboratorios abiertos y la cultura del invento Marta Quiroga (Universidad de Cuyo)", "es",
         "Laboratorios abiertos y la cultura del invento", [("Marta Quiroga", "Universidad de Cuyo")]),
        ("Why do rivers move? Hannah Okafor (University of Nairobi)", "en", "Why do rivers move?",
         [("Hannah Okafor", "University of Nairobi")]),
        ("Rios que movem montanhas Joana Pires (Universidade de Lisboa)", "pt", "Rios que movem montanhas",
         [("Joana Pires", "Universidade de Lisboa")]),
    ],
    "presenters after the title's last sentence": [
        ("Tidal energy in narrow straits. Kofi Mensah (Ghent University), Lea Brunner (EPFL)", "en",
         "Tidal energy in narrow straits", [("Kofi Mensah", "Ghent University"), ("Lea Brunner", "EPFL")]),
        ("Reading ship logs: weather before 1850. Sunita Rao (IISc); Pablo Ortega (CSIC)", "en",
         "Reading ship logs: weather before 1850", [("Sunita Rao", "IISc"), ("Pablo Ortega", "CSIC")]),
        ("Can forests count carbon? Marit Olsen (NIBIO), Dr. Yaw Asante (KNUST)", "en",
         "Can forests count carbon?", [("Marit Olsen", "NIBIO"), ("Yaw Asante", "KNUST")]),
        ("Mémoire des crues. Approche historique. Chloé Marchand (Université de Tours), Hugo Petit (BRGM)", "fr",
         "Mémoire des crues. Approche historique", [("Chloé Marchand", "Université de Tours"), ("Hugo Petit", "BRGM")]),
    ],
}
"""Item lines by form: text, language, expected title, expected (name, affiliation) pairs."""


@pytest.mark.parametrize("text,lang,title,people", [
    pytest.param(*case, id=f"{form}-{k}") for form, cases in ITEM_FORMS.items() for k, case in enumerate(cases)])
def test_item_forms(text: str, lang: str, title: Optional[str], people: list[Pair]) -> None:
    parsed = split_item(text, lang)
    assert (parsed.title, pairs(parsed.speakers)) == (title, people)


@pytest.mark.parametrize("text,lang,label,title,people", [
    ("Talk 3: Quantum sensing for everyone – Ingrid Halvorsen (University of Bergen)", "en", "Talk 3",
     "Quantum sensing for everyone", [("Ingrid Halvorsen", "University of Bergen")]),
    ("Tutorial #2: Rohan Mehta (IIT Delhi): Sparse solvers in practice", "en", "Tutorial #2",
     "Sparse solvers in practice", [("Rohan Mehta", "IIT Delhi")]),
    ("Invited talk 4 (Sofia Marchetti): Tracking pollinators with radar", "en", "Invited talk 4",
     "Tracking pollinators with radar", [("Sofia Marchetti", None)]),
    ("Ponencia 2 (Lucía Herrera): Memoria y archivo en el cine mudo", "es", "Ponencia 2",
     "Memoria y archivo en el cine mudo", [("Lucía Herrera", None)]),
])
def test_numbered_label_in_front(text: str, lang: str, label: str, title: str, people: list[Pair]) -> None:
    parsed = split_item(text, lang)
    assert (parsed.label, parsed.title, pairs(parsed.speakers)) == (label, title, people)


@pytest.mark.parametrize("text,title", [
    # a number in the title is no label
    ("Project 42 – coastal flood maps for small islands", "Project 42 – coastal flood maps for small islands"),
    ("Apollo 13: what went right", "Apollo 13: what went right"),
    ("Horizon 2020 – lessons for the next programme", "Horizon 2020 – lessons for the next programme"),
    # capitalised title words before an organisation are no person
    ("Deep learning for Earth Observation (ESA)", "Deep learning for Earth Observation"),
    ("Session on Climate Change (UNEP)", "Session on Climate Change"),
    ("Advances in Remote Sensing (NASA)", "Advances in Remote Sensing"),
])
def test_lines_that_stay_title(text: str, title: str) -> None:
    parsed = split_item(text, "en")
    assert parsed.label is None and (parsed.title or "").startswith(title)
    assert not any(sp.name for sp in parsed.speakers)


@pytest.mark.parametrize("text,name", [
    ("Keynote 2 (Okonkwo): Soil carbon and smallholder farms", "Okonkwo"),
    ("Keynote 1 (Lindahl): Cities after the car", "Lindahl"),
    ("Keynote 3 (Ferreira) – Oceans of plastic", "Ferreira"),
])
def test_keynote_number_and_surname(text: str, name: str) -> None:
    parsed = split_item(text, "en")
    assert [(s.name, s.role) for s in parsed.speakers] == [(name, "Keynote")]
    assert parsed.title and name not in parsed.title and "Keynote" not in parsed.title


@pytest.mark.parametrize("text,names", [
    ("Lindqvist, A.; Moreau, B.; Tanaka, K.: Ice shelves and ocean heat", ["Lindqvist, A.", "Moreau, B.", "Tanaka, K."]),
    ("Okafor, Chidi; Brandt, Helga: Urban heat islands", ["Okafor, Chidi", "Brandt, Helga"]),
    ("Ruiz, M. J.; Costa, Pedro; Nilsen, E.: Fjord sediments", ["Ruiz, M. J.", "Costa, Pedro", "Nilsen, E."]),
])
def test_author_list_surname_comma_given(text: str, names: list[str]) -> None:
    parsed = split_item(text, "en")
    assert [s.name for s in parsed.speakers] == names  # printed order kept (resolution folds it)
    assert parsed.title and "," not in parsed.title


@pytest.mark.parametrize("text,names", [
    ("Marta Kowalska + Jonas Berg", ["Marta Kowalska", "Jonas Berg"]),
    ("Aiko Tanaka + Rafael Souza + Emma Lund", ["Aiko Tanaka", "Rafael Souza", "Emma Lund"]),
    ("Dr. Nadia Haddad + Prof. Luca Bianchi", ["Nadia Haddad", "Luca Bianchi"]),
])
def test_plus_joins_people(text: str, names: list[str]) -> None:
    assert [s.name for s in parse_people(text, "en")] == names


@pytest.mark.parametrize("text,lang,people", [
    ("Dra. Lucía Fernández, Investigadora Principal, CONICET", "es", [("Lucía Fernández", "CONICET")]),
    ("Amara Diallo, Senior Lecturer, University of Dakar", "en", [("Amara Diallo", "University of Dakar")]),
    ("Jean Dupuis, Directeur, Météo-France", "fr", [("Jean Dupuis", "Météo-France")]),
    # "job of/at Organisation"
    ("Hélène Marchal, governor of Banque de Bretagne", "fr", [("Hélène Marchal", "Banque de Bretagne")]),
    ("Kenji Mori, Senior Lecturer at Kyoto University", "en", [("Kenji Mori", "Kyoto University")]),
    ("Jane Roe, Professor of Economics, Harvard University", "en", [("Jane Roe", "Harvard University")]),
])
def test_job_title_between_name_and_org(text: str, lang: str, people: list[Pair]) -> None:
    assert pairs(parse_people(text, lang)) == people


@pytest.mark.parametrize("text,title,name", [
    ("Willem Vos\u200b [Slides]: Traffic counting with cheap sensors", "Traffic counting with cheap sensors", "Willem Vos"),
    ("Greta Lind [Video] – Bees in the city", "Bees in the city", "Greta Lind"),
    ("Pau\u200bla Ortiz [en]: Open maps for rural schools", "Open maps for rural schools", "Pau la Ortiz"),
])
def test_link_labels_and_invisible_characters(text: str, title: str, name: str) -> None:
    parsed = split_item(text, "en")
    assert parsed.title == title
    assert [s.name for s in parsed.speakers] == [name]
    assert "[" not in parsed.speakers[0].name and "\u200b" not in parsed.speakers[0].name


@pytest.mark.parametrize("text,lang,name", [
    ("Prof.ª Joana Matos (Universidade do Minho)", "pt", "Joana Matos"),
    ("Mgter. Bruno Salas", "es", "Bruno Salas"),
    ("MSc. Karin Holm", "en", "Karin Holm"),
    ("Ing. Pablo Rivas", "es", "Pablo Rivas"),
    ("Lic. Marcela Ibáñez", "es", "Marcela Ibáñez"),
    ("Dra. Elena Sáez", "es", "Elena Sáez"),
])
def test_honorifics_in_several_languages(text: str, lang: str, name: str) -> None:
    assert [s.name for s in parse_people(text, lang)] == [name]


@pytest.mark.parametrize("text,lang,name", [
    ("Pablo Rivas (Ingeniero civil)", "es", "Pablo Rivas"),
    ("Grace Achieng (PhD)", "en", "Grace Achieng"),
    ("Henrik Dahl (Economist)", "en", "Henrik Dahl"),
])
def test_credentials_in_parentheses_are_not_affiliations(text: str, lang: str, name: str) -> None:
    assert pairs(parse_people(text, lang)) == [(name, None)]


@pytest.mark.parametrize("text", ["All", "TBD", "Participants", "Everyone", "To be confirmed"])
def test_placeholders_give_no_speaker(text: str) -> None:
    assert parse_people(text, "en") == []


@pytest.mark.parametrize("text,names", [
    ("Priya Natarajan¹, Tomas Berg¹ ²", [("Priya Natarajan", ("1",)), ("Tomas Berg", ("1", "2"))]),
    ("Kofi Mensah1,2, Lea Braun2", [("Kofi Mensah", ("1", "2")), ("Lea Braun", ("2",))]),
    ("Ana Lima a, Rui Patrício b", [("Ana Lima", ("a",)), ("Rui Patrício", ("b",))]),
])
def test_footnote_markers_are_read_off_names(text: str, names: list[tuple[str, tuple[str, ...]]]) -> None:
    assert [(s.name, s.markers) for s in parse_people(text, "en")] == names


@pytest.mark.parametrize("text,entries", [
    ("¹ University of Oslo, ² Lund University", {"1": "University of Oslo", "2": "Lund University"}),
    ("1 University of Ghana; 2 Helmholtz Centre for Ocean Research",
     {"1": "University of Ghana", "2": "Helmholtz Centre for Ocean Research"}),
    ("a Universidade do Porto  b Instituto Superior Técnico",
     {"a": "Universidade do Porto", "b": "Instituto Superior Técnico"}),
    ("1 Opening remarks", None),
])
def test_legend_lines(text: str, entries: Optional[dict[str, str]]) -> None:
    assert parse_legend(text, "en") == entries


LEGEND_TEXT = """Workshop on Coastal Ecology
Session 1: Estuaries
Tidal marshes under pressure
Priya Natarajan¹, Tomas Berg¹ ², Ana Lima³
¹ University of Oslo, ² Lund University, ³ Universidade do Porto
Sediment budgets revisited
Kofi Mensah1,2, Lea Braun2
1 University of Ghana; 2 Helmholtz Centre for Ocean Research
"""

LEGEND_HTML = """<html><body><h1>Jornada de Ecologia Costeira</h1><h2>Sessão 1: Estuários</h2>
<p>Sapais sob pressão<br>Marta Coelho<sup>1</sup>, Duarte Vieira<sup>1,2</sup></p>
<p><sup>1</sup> Universidade de Aveiro; <sup>2</sup> Universidade do Algarve</p>
<p>Balanço sedimentar<br>Inês Moura<sup>2</sup></p>
<p>Visita guiada no 4<sup>o</sup> piso</p>
</body></html>"""


def test_legend_links_markers_to_organisations_in_text() -> None:
    programme = extract(LEGEND_TEXT.encode(), "legend.txt").programme
    items = [it for s in programme.sessions for it in s.items]
    assert [it.title for it in items] == ["Tidal marshes under pressure", "Sediment budgets revisited"]
    assert pairs(items[0].speakers) == [
        ("Priya Natarajan", "University of Oslo"), ("Tomas Berg", "University of Oslo; Lund University"),
        ("Ana Lima", "Universidade do Porto")]
    assert pairs(items[1].speakers) == [
        ("Kofi Mensah", "University of Ghana; Helmholtz Centre for Ocean Research"),
        ("Lea Braun", "Helmholtz Centre for Ocean Research")]


def test_legend_links_html_superscripts() -> None:
    result = extract(LEGEND_HTML.encode(), "legenda.html")
    items = [it for s in result.programme.sessions for it in s.items]
    people = {sp.name: sp.affiliation for it in items for sp in it.speakers}
    assert people == {"Marta Coelho": "Universidade de Aveiro",
                      "Duarte Vieira": "Universidade de Aveiro; Universidade do Algarve",
                      "Inês Moura": "Universidade do Algarve"}
    assert "4o piso" in result.document.text  # an ordinal after a digit stays as printed


# --- the document's majority order -----------------------------------------------------------

PEOPLE_FIRST = [
    "Dalia Mendes – Harbour Lights",  # ambiguous: both sides read as two capitalised words
    "Oskar Lindgren (Uppsala University) – Ice cores and the last interglacial",
    "Fatima Zahra Benali (Université Mohammed V) – Water reuse in arid cities",
    "Prof. Daniel Okoro – Measuring informal trade",
    "Mei Chen (Tsinghua University) – Batteries beyond lithium",
]


def test_document_order_is_learnt_from_unambiguous_entries() -> None:
    assert document_order(PEOPLE_FIRST, "en") == "people_first"
    title_first = ["Harbour Lights – Dalia Mendes", "Ice cores and the last interglacial – Oskar Lindgren",
                   "Water reuse in arid cities – Fatima Zahra Benali (Université Mohammed V)",
                   "Measuring informal trade – Prof. Daniel Okoro"]
    assert document_order(title_first, "en") == "title_first"
    assert document_order(PEOPLE_FIRST[:2], "en") is None  # too few entries to decide


@pytest.mark.parametrize("line,name,title", [
    ("Dalia Mendes – Harbour Lights", "Dalia Mendes", "Harbour Lights"),
    ("Tomas Almeida – Silver Coast", "Tomas Almeida", "Silver Coast"),
    ("Ruth Okafor – Green Valley", "Ruth Okafor", "Green Valley"),
])
def test_ambiguous_entries_follow_the_majority_order(line: str, name: str, title: str) -> None:
    order = document_order(PEOPLE_FIRST[1:], "en")
    parsed = split_item(line, "en", prefer=order)
    assert ([s.name for s in parsed.speakers], parsed.title) == ([name], title)


def test_a_document_mixing_one_unusual_entry_reads_it_by_the_majority() -> None:
    lines = "\n".join(PEOPLE_FIRST[1:] + ["Lucas Moreau – Stone Bridges"] + PEOPLE_FIRST[1:3])
    programme = extract(f"Coastal Futures Forum\nSession 1: Talks\n{lines}\n".encode(), "forum.txt").programme
    items = [it for s in programme.sessions for it in s.items]
    odd = next(it for it in items if "Stone" in (it.title or "") or "Lucas" in (it.title or ""))
    assert (odd.title, [s.name for s in odd.speakers]) == ("Stone Bridges", ["Lucas Moreau"])


def test_candidates_are_scored_and_exposed() -> None:
    line = "Dalia Mendes – Harbour Lights"
    cands = item_candidates(line, "en")
    forms = [c.form for c in cands]
    assert {"title_dash", "names_first_weak", "title_only"} <= set(forms)
    assert [c.score for c in cands] == sorted((c.score for c in cands), reverse=True)
    assert {c.order for c in cands if c.form != "title_only"} == {"people_first", "title_first"}
    best = split_item(line, "en")
    assert (best.title, pairs(best.speakers)) == (cands[0].parse.title, pairs(cands[0].parse.speakers))


@pytest.mark.parametrize("printed,other", [
    ("Lindqvist, Anna", "Anna Lindqvist"),
    ("NILSSON Greta", "Greta Nilsson"),
    ("Prof.ª Joana Matos", "Joana Matos"),
    ("Mgter. Bruno Salas", "Bruno Salas"),
])
def test_printed_name_orders_resolve_to_one_person(printed: str, other: str) -> None:
    assert person_key(printed) == person_key(other)  # `name` keeps the printed order


def test_italic_title_decides_between_readings() -> None:
    line = "Dalia Mendes – Harbour Lights"
    italic_title = (line.index("Harbour"), len(line))
    parsed = split_item(line, "en", italic=italic_title)
    assert ([s.name for s in parsed.speakers], parsed.title) == (["Dalia Mendes"], "Harbour Lights")


@pytest.mark.parametrize("text,name", [
    # people in parentheses before a colon, or at the end of a line after a sentence
    ("Notes from the field (Ahmed Karimi): surveys and maps", "Ahmed Karimi"),
    ("Coral bleaching (Yuki Sato): what the models say", "Yuki Sato"),
    ("Glacier retreat (Anouk, Femke): energy balance models", "Anouk"),
    ("Welcoming words. Prof. Ilse Vandamme", "Ilse Vandamme"),
    ("Field notes; Dr. Tariq Hussain", "Tariq Hussain"),
    ("Closing thoughts. Dr Amina Yusuf", "Amina Yusuf"),
])
def test_a_plainly_named_person_is_not_left_in_a_title(text: str, name: str) -> None:
    parsed = split_item(text, "en")
    assert name in [s.name for s in parsed.speakers]
    assert name not in (parsed.title or "")


@pytest.mark.parametrize("text,lang,title,people", [
    ("Talk 5: Lena Vogt (ETH Zürich): Alpine permafrost [discussant: Marco Ruggeri (Università di Padova)]", "en",
     "Alpine permafrost", [("Lena Vogt", "ETH Zürich", None), ("Marco Ruggeri", "Università di Padova", "Discussant")]),
    ("Soil microbes and drought (Rapporteur: Ewa Nowak)", "en", "Soil microbes and drought",
     [("Ewa Nowak", None, "Rapporteur")]),
    ("Villes et climat – Hugo Lemaire, Discutante : Inès Caron", "fr", "Villes et climat",
     [("Hugo Lemaire", None, None), ("Inès Caron", None, "Discussant")]),
])
def test_role_in_a_trailing_bracket(text: str, lang: str, title: str, people: list[tuple]) -> None:
    parsed = split_item(text, lang)
    assert (parsed.title, [(s.name, s.affiliation, s.role) for s in parsed.speakers]) == (title, people)


def test_legend_links_pdf_superscripts() -> None:
    result = extract(pdf_factory.superscript_legend_programme(), "colloquium.pdf")
    items = [it for s in result.programme.sessions for it in s.items]
    assert pairs(items[0].speakers) == [
        ("Yusuf Adeleke", "University of Ibadan"), ("Ingrid Holmberg", "University of Ibadan; Stockholm University")]
    assert all(it.speakers == [] for it in items[1:])  # "4th floor": an ordinal, no presenter


@pytest.mark.parametrize("text,lang,people", [
    ("Greta NILSSON and Omar HADDAD as panelists.", "en", [("Greta NILSSON", "Panelist"), ("Omar HADDAD", "Panelist")]),
    ("Ana Sousa como moderadora", "es", [("Ana Sousa", "Moderator")]),
    ("Lukas Brenner als Referent", "de", [("Lukas Brenner", None)]),  # "speaker" is no programme role
])
def test_people_followed_by_as_role(text: str, lang: str, people: list[tuple]) -> None:
    assert [(s.name, s.role) for s in parse_people(text, lang)] == people


@pytest.mark.parametrize("text,lang,title,name", [
    ("Saluto della Prof.ssa Giulia Ferri, Prorettrice alla ricerca", "it", "Saluto", "Giulia Ferri"),
    ("Mot d'accueil de Mme Claire Aubert, maire", "fr", "Mot d'accueil", "Claire Aubert"),
    ("Conferencia del Dr. Tomás Iriarte (UNAM)", "es", "Conferencia", "Tomás Iriarte"),
])
def test_a_greeting_of_a_titled_person_names_its_presenter(text: str, lang: str, title: str, name: str) -> None:
    """A genitive preposition before an honorific reads "by": the slot's label is the title."""
    parsed = split_item(text, lang)
    assert (parsed.title, [s.name for s in parsed.speakers]) == (title, [name])


@pytest.mark.parametrize("text,lang", [
    ("Aportes de Taguchi a la mejora de la calidad", "es"),
    ("Storia della Repubblica di Venezia", "it"),
])
def test_a_genitive_without_an_honorific_is_no_byline(text: str, lang: str) -> None:
    assert not split_item(text, lang).speakers


@pytest.mark.parametrize("text,people", [
    ("Aiko Mori, Lars Eriksen, Nadia Cohen and Tomas Kral (Charles University)",
     [("Aiko Mori", "Charles University"), ("Lars Eriksen", "Charles University"),
      ("Nadia Cohen", "Charles University"), ("Tomas Kral", "Charles University")]),
    ("Rhea Kapoor, Owen Price, Mei Lin, Jakob Weber, and Sara Conti (Aarhus University)",
     [(n, "Aarhus University") for n in ("Rhea Kapoor", "Owen Price", "Mei Lin", "Jakob Weber", "Sara Conti")]),
    # back to the previous parenthesis only
    ("Ines Duarte (INESC TEC), Bruno Vaz, Carla Reis, Hugo Matos (Universidade do Minho)",
     [("Ines Duarte", "INESC TEC"), ("Bruno Vaz", "Universidade do Minho"), ("Carla Reis", "Universidade do Minho"),
      ("Hugo Matos", "Universidade do Minho")]),
])
def test_an_organisation_in_parentheses_covers_the_names_before_it(text: str, people: list[Pair]) -> None:
    assert pairs(parse_people(text, "en")) == people


def test_a_reading_leaving_an_affiliated_presenter_in_its_title_loses() -> None:
    # "Harbour Lights:" reads as a name before a colon; the people after the sentence have organisations
    line = "Harbour Lights: Ports after Coal. Ewa Nowak (Gdańsk University), Jonas Berg (Lund University)"
    parsed = split_item(line, "en")
    assert parsed.title == "Harbour Lights: Ports after Coal"
    assert [s.name for s in parsed.speakers] == ["Ewa Nowak", "Jonas Berg"]


def test_a_shared_organisation_gives_way_to_a_persons_own_elsewhere_in_the_document() -> None:
    doc = ("Harbour Cities Symposium\nSession 1: Lectures\n"
           "Opening lecture – Kathrin Holm (Uppsala University)\n"
           "Salt and trade in the Baltic – Milan Novak (Masaryk University)\n"
           "Session 2: Panel\n"
           "Panel discussion – Kathrin Holm, Tariq Aziz, Lena Moritz (City Museum of Gdańsk)\n")
    items = {it.title: it for s in extract(doc.encode(), "symposium.txt").programme.sessions for it in s.items}
    assert pairs(items["Opening lecture"].speakers) == [("Kathrin Holm", "Uppsala University")]
    assert pairs(items["Panel discussion"].speakers) == [
        ("Kathrin Holm", None), ("Tariq Aziz", "City Museum of Gdańsk"), ("Lena Moritz", "City Museum of Gdańsk")]


SESSION_DISCUSSANTS = {
    "after the talks": ("Delta Studies Workshop\nSession 1: Sediments\n"
                        "Sand mining and river beds – Priya Menon (IIT Madras)\n"
                        "Mangrove roots as traps – Jonas Weber (University of Bremen)\n"
                        "Discussant: Lucia Ferri (Università di Padova)\n"
                        "Session 2: People\nFishing villages after the dam – Tran Minh (Can Tho University)\n",
                        "Sediments", ["Sand mining and river beds", "Mangrove roots as traps"], "Lucia Ferri"),
    "in the heading, French": ("Rencontres des deltas\nSéance 1 : Sédiments. Discutante : Claire Aubert (CNRS)\n"
                               "Le sable des rivières – Paul Girard (Université de Tours)\n"
                               "Les racines des mangroves – Inès Caron (IRD)\n"
                               "La vase et le port – Hugo Lemaire (Université du Havre)\n",
                               "Sédiments", ["Le sable des rivières", "Les racines des mangroves", "La vase et le port"],
                               "Claire Aubert"),
    "in the heading, names first": ("Delta Studies Workshop\nPanel 2: Water and law, Discussant: Omar Haddad (Leiden)\n"
                                    "Rafael Souza (Lisbon): Who owns a river?\nMei Lin (Utrecht): Courts and floods\n"
                                    "Ewa Nowak (Gdańsk): Ports after coal\n",
                                    "Water and law", ["Who owns a river?", "Courts and floods", "Ports after coal"],
                                    "Omar Haddad"),
}


@pytest.mark.parametrize("doc,session,talks,discussant", list(SESSION_DISCUSSANTS.values()), ids=list(SESSION_DISCUSSANTS))
def test_a_discussant_printed_once_per_session_discusses_every_talk(
        doc: str, session: str, talks: list[str], discussant: str) -> None:
    first = extract(doc.encode(), "workshop.txt").programme.sessions[0]
    assert first.title == session
    assert [it.title for it in first.items] == talks  # the discussant is no entry of its own
    for it in first.items:
        assert [(sp.name, sp.role) for sp in it.speakers][-1] == (discussant, "Discussant")
        assert sum(sp.role == "Discussant" for sp in it.speakers) == 1


def test_a_discussant_printed_with_each_talk_stays_with_it() -> None:
    doc = ("Delta Studies Workshop\nSession 1: Sediments\n"
           "Sand mining and river beds – Priya Menon (IIT Madras) [discussant: Lucia Ferri (Padova)]\n"
           "Mangrove roots as traps – Jonas Weber (University of Bremen) [discussant: Kofi Mensah (Legon)]\n"
           "Dredging without loss – Amara Okeke (University of Lagos)\n")
    items = extract(doc.encode(), "workshop.txt").programme.sessions[0].items
    assert [[sp.name for sp in it.speakers if sp.role == "Discussant"] for it in items] == [
        ["Lucia Ferri"], ["Kofi Mensah"], []]


@pytest.mark.parametrize("lead", ["Chair/group", "Chair/all", "Moderator"])
def test_a_lead_printed_as_a_role_alone_is_no_speaker(lead: str) -> None:
    rows = [("Tuna Assessment Workshop",), ("Session 1: Yellowfin",),
            ("9.00", "Growth curves", "Mele Tupou", "20 min"), ("9.30", "Follow-up time", lead, "10 mins"),
            ("10.00", "Tagging data", "Kenji Mori", "20 min"), ("10.30", "Spatial structure", "Ana Lopes", "30 min")]
    items = extract(pdf_factory.aligned_lines(rows, (60, 130, 330, 480)), "workshop.pdf").programme.sessions[0].items
    assert [(it.title, pairs(it.speakers)) for it in items] == [
        ("Growth curves", [("Mele Tupou", None)]), ("Follow-up time", []),
        ("Tagging data", [("Kenji Mori", None)]), ("Spatial structure", [("Ana Lopes", None)])]


@pytest.mark.parametrize("text,title,names", [
    ("Key rollover in practice - Okonkwo, C. (remote)", "Key rollover in practice", ["Okonkwo, C."]),
    ("Privacy of resolvers, Lindahl, K.-E.; Ferreira, M", "Privacy of resolvers", ["Lindahl, K.-E.", "Ferreira, M"]),
    ("Measuring stub traffic – Haddad, O.; Nowak, E.; Lund, S.", "Measuring stub traffic",
     ["Haddad, O.", "Nowak, E.", "Lund, S."]),
])
def test_surname_comma_initials_is_one_name(text: str, title: str, names: list[str]) -> None:
    parsed = split_item(text, "en")
    assert (parsed.title, [s.name for s in parsed.speakers]) == (title, names)
    assert all(s.affiliation is None for s in parsed.speakers)  # the initials are no organisation


@pytest.mark.parametrize("text,lang,role,people", [
    ("Coordina Marta Ricci (Università di Pisa)", "it", "Chair", [("Marta Ricci", "Università di Pisa")]),
    ("Moderation Jonas Weber", "de", "Moderator", [("Jonas Weber", None)]),
    ("Discussant Helena Stroud (Durham University)", "en", "Discussant", [("Helena Stroud", "Durham University")]),
    ("Modera Paolo Conti, Università di Torino", "it", "Moderator", [("Paolo Conti", "Università di Torino")]),
])
def test_a_role_word_without_colon_before_a_name(text: str, lang: str, role: str, people: list[Pair]) -> None:
    line = parse_role_line(text, lang)
    assert line is not None and (line.role, pairs(line.people)) == (role, people)


@pytest.mark.parametrize("text", ["Moderator Training for Volunteers", "Chair Professor of Physics",
                                  "Rapporteur General Report", "Discussant Feedback Session"])
def test_a_role_word_before_title_words_is_no_role_line(text: str) -> None:
    assert parse_role_line(text, "en") is None


@pytest.mark.parametrize("text,title,name", [
    # a flattened link label after the presenter, a talk's length in front of the entry
    ("20 min - Stale caches at the edge - Ingrid Solberg (remote) slides", "Stale caches at the edge", "Ingrid Solberg"),
    ("10 min – Header compression - Kwame Boateng slides video", "Header compression", "Kwame Boateng"),
    ("5 mins: Retry budgets - Lena Vogt (onsite) recording", "Retry budgets", "Lena Vogt"),
    ("Why we still need slides – Ana Lima", "Why we still need slides", "Ana Lima"),
])
def test_flattened_link_labels_and_talk_lengths(text: str, title: str, name: str) -> None:
    parsed = split_item(text, "en")
    assert (parsed.title, [s.name for s in parsed.speakers]) == (title, [name])


@pytest.mark.parametrize("text,lang,title,people", [
    ("Giulia Neri (Università di Pisa) Lettere di mercanti toscani del Trecento", "it",
     "Lettere di mercanti toscani del Trecento", [("Giulia Neri", "Università di Pisa")]),
    ("Tomás Vidal (Universidad de Oviedo) «Los fueros y sus copias»", "es",
     "Los fueros y sus copias", [("Tomás Vidal", "Universidad de Oviedo")]),
    ("Hélène Marchand (CNRS), Paul Girard (EHESS) Les registres notariaux", "fr",
     "Les registres notariaux", [("Hélène Marchand", "CNRS"), ("Paul Girard", "EHESS")]),
    ("Owen Price (Aarhus University) Harbour tolls in the Baltic", "en",
     "Harbour tolls in the Baltic", [("Owen Price", "Aarhus University")]),
])
def test_name_and_organisation_then_the_title_without_a_separator(text, lang, title, people) -> None:
    parsed = split_item(text, lang)
    assert (parsed.title, pairs(parsed.speakers)) == (title, people)


@pytest.mark.parametrize("text", ["Climate change (IPCC) Update on the report",
                                  "Opening (Plenary hall) Welcome words"])
def test_a_title_with_a_parenthesis_inside_is_not_a_presenter(text) -> None:
    assert not split_item(text, "en").speakers


@pytest.mark.parametrize("text,title,people", [
    ("a) Rosa Cruz (University of Guam): Traps along the reef edge", "Traps along the reef edge",
     [("Rosa Cruz", "University of Guam")]),
    ("(c) Eli Naidu (SPC): Virus strains in Fiji", "Virus strains in Fiji", [("Eli Naidu", "SPC")]),
    ("iv) Beetles in palm plantations – Kim Ito (AgResearch)", "Beetles in palm plantations",
     [("Kim Ito", "AgResearch")]),
    ("2) Ana Soto (UoG): Cell lines for the virus", "Cell lines for the virus", [("Ana Soto", "UoG")]),
])
def test_a_list_marker_before_an_entry_is_not_part_of_it(text, title, people) -> None:
    parsed = split_item(text, "en")
    assert (parsed.title, pairs(parsed.speakers)) == (title, people)


@pytest.mark.parametrize("text,names", [
    ("Okafor, C. and Lindqvist, A.", ["Okafor, C.", "Lindqvist, A."]),
    ("Lindahl, K.-E. & Hess, B.", ["Lindahl, K.-E.", "Hess, B."]),
    ("Moreau, J. et Girard, P.", ["Moreau, J.", "Girard, P."]),
    ("Haddad, O., Berg, S. and Rossi, M. T.", ["Haddad, O.", "Berg, S.", "Rossi, M. T."]),
])
def test_names_printed_surname_and_initials_joined_by_and(text, names) -> None:
    assert [sp.name for sp in parse_people(text, "en")] == names
