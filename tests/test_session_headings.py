"""Session headings in the forms programmes print them: a kind of session before its
number ("Tutorial Session 1"), the chair on the heading's own line, numbered sessions
that are time slots among others, and day headings that close a session."""
from __future__ import annotations

import io

import pytest

from extractors import extract
from extractors.headings import match_session_heading
from extractors.segment.walk import split_heading_chairs


@pytest.mark.parametrize("text, number, title", [
    ("Sessione III", "III", None),
    ("Sessione II: Diritto e tecnologia", "II", "Diritto e tecnologia"),
    ("Sessão 4 – Energia e clima", "4", "Energia e clima"),
    ("Sitzung 2: Quellen und Editionen", "2", "Quellen und Editionen"),
])
def test_the_plain_session_word_in_more_languages(text, number, title):
    h = match_session_heading(text)
    assert (h.number, h.title, h.plain) == (number, title, True)


def test_a_longer_word_is_not_the_session_word_and_a_letter():
    # "Sessione I" is not "Session" numbered "e"
    assert match_session_heading("Sessioni parallele") is None
    assert match_session_heading("Sessione I").number == "I"


@pytest.mark.parametrize("text, number, label, title", [
    ("Tutorial Session 1", "1", "Tutorial Session 1", None),
    ("Poster Session II: Coastal processes", "II", "Poster Session II", "Coastal processes"),
    ("INVITED SESSION 3 – Volcanoes", "3", "INVITED SESSION 3", "Volcanoes"),
    ("Contributed Sesión 4", "4", "Contributed Sesión 4", None),
    ("Lab 1a", "1a", "Lab 1a", None),
])
def test_a_kind_of_session_before_its_number(text, number, label, title):
    h = match_session_heading(text)
    assert (h.number, h.label, h.title) == (number, label, title)
    assert not h.plain


@pytest.mark.parametrize("text", [
    "The Session 2 of the board will be held online",
    "Next Session 3 starts later",
    "Cette Séance 2 est annulée",
])
def test_a_sentence_about_a_session_is_no_heading(text):
    assert match_session_heading(text) is None


@pytest.mark.parametrize("title, head, chairs", [
    ("Chair: Ilse Novak (TU Graz)", None, "Chair: Ilse Novak (TU Graz)"),
    ("Soil carbon - Chair: Ilse Novak (TU Graz)", "Soil carbon", "Chair: Ilse Novak (TU Graz)"),
    ("Opening (Moderator: Kwame Mensah, University of Ghana)", "Opening",
     "Moderator: Kwame Mensah, University of Ghana"),
    ("Urban heat; Présidente : Claire Dubois (CNRS)", "Urban heat", "Présidente : Claire Dubois (CNRS)"),
    ("(In memory of Ruth Adler) - Chairs: Omar Said and Lea Roth", "In memory of Ruth Adler",
     "Chairs: Omar Said and Lea Roth"),
    ("Chairing meetings: a practical guide", "Chairing meetings: a practical guide", None),
    ("Chair: the furniture of power", "Chair: the furniture of power", None),
])
def test_a_chair_printed_on_the_heading_line_is_split_off(title, head, chairs):
    lang = "fr" if "Présidente" in title else "en"
    assert split_heading_chairs(title, lang) == (head, chairs)


def _word_programme() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("Alpine Hydrology Days 2030").runs[0].bold = True
    for day, sessions in (("Monday, 4 March", [
            ("Tutorial Session 1 - Chair: Ilse Novak (TU Graz)", [
                "09:00 – 10:00: Tutorial #1: Peter Lang (ETH Zürich): Snow models from scratch",
                "10:00 – 11:00: Tutorial #2: Maria Rossi (Politecnico di Milano): Radar for glaciers"]),
            ("Session 1 - Chair: Omar Said (University of Bern)", [
                "14:00 – 14:40: Talk #1: Jan Kowalski (AGH Kraków): Meltwater pulses in spring",
                "14:40 – 15:20: Talk #2: Lea Roth (WSL): Avalanche risk under warming"])]),
            ("Tuesday, 5 March", [
                ("Session 2 - (In memory of Ruth Adler) - Chair: Kwame Mensah (University of Ghana)", [
                    "09:00 – 09:40: Talk #3: Nora Berg (NTNU): Permafrost and slopes",
                    "09:40 – 10:20: Talk #4: Luis Pérez (CSIC): Drought in mountain basins"])])):
        d.add_paragraph(day).runs[0].bold = True
        for heading, talks in sessions:
            d.add_paragraph(heading).runs[0].bold = True
            for talk in talks:
                d.add_paragraph(talk)
            d.add_paragraph("15:20 – 15:50: Coffee Break")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_word_sessions_with_their_kind_and_chair_on_the_heading_line():
    p = extract(_word_programme(), "hydrology.docx").programme
    assert [(s.number, s.title) for s in p.sessions] == [
        ("1", "Tutorial Session 1"), ("1", None), ("2", "In memory of Ruth Adler")]
    assert [[(c.name, c.affiliation) for c in s.chairs] for s in p.sessions] == [
        [("Ilse Novak", "TU Graz")], [("Omar Said", "University of Bern")],
        [("Kwame Mensah", "University of Ghana")]]
    assert [len(s.items) for s in p.sessions] == [2, 2, 2]
    assert [s.date for s in p.sessions] == ["2030-03-04", "2030-03-04", "2030-03-05"]


SLOTS = """Coastal Data Workshop 2029
Thursday, 8 November 2029
08:30 Breakfast
09:00 Opening words
09:15 Shoreline mapping
Drones over dunes. Authors: Kim Larsen (DTU) and Eva Holm (Lund University).
Tide gauges revisited. Authors: Ana Silva (Universidade do Porto).
10:30 Break
10:45 Estuaries
Salt wedges in small rivers. Authors: Tom Reid (University of Hull).
Mud and mangroves. Authors: Siti Rahman (Universiti Malaya).
12:00 Lunch
13:00 Poster Session I
Main hall
14:30 Sea ice from space
Leads and polynyas. Authors: Ole Berg (UiT).
Snow on sea ice. Authors: Jana Novak (Charles University).
16:00 Poster Session II
Main hall
"""


def test_numbered_sessions_printed_as_time_slots_among_others_do_not_take_over():
    p = extract(SLOTS.encode(), "coastal.txt").programme
    titles = [s.title for s in p.sessions]
    for heading in ("Shoreline mapping", "Estuaries", "Sea ice from space", "Poster Session I", "Poster Session II"):
        assert heading in titles
    by_title = {s.title: s for s in p.sessions}
    assert [it.title for it in by_title["Estuaries"].items] == ["Salt wedges in small rivers", "Mud and mangroves"]
    assert by_title["Poster Session I"].number == "I"


NESTED = """# Working group on mesh networks

## Agenda

### Status

* Welcome and agenda review

* Routing for rural meshes

     - doc-mesh-rural-routing-04
     - Amara Okafor (Makerere University)
     - 20 minutes

* Battery-aware link metrics

     - doc-mesh-battery-02
     - Chairs
     - 10 min

### New work

* Opportunistic firmware updates
     - doc-mesh-ota-00
     - Jonas Lindqvist, Ericsson
     - 15 minutes
"""


def test_nested_list_items_under_an_entry_are_its_details(monkeypatch):
    monkeypatch.setenv("PROGRAMME_INGEST_ROLE_MODEL", "none")  # the walk's own reading, every entry kept
    p = extract(NESTED.encode(), "mesh.md").programme
    items = [(it.title, [(sp.name, sp.affiliation) for sp in it.speakers]) for s in p.sessions for it in s.items]
    assert items == [
        ("Welcome and agenda review", []),
        ("Routing for rural meshes", [("Amara Okafor", "Makerere University")]),
        ("Battery-aware link metrics", []),
        ("Opportunistic firmware updates", [("Jonas Lindqvist", "Ericsson")]),
    ]


def _slots_with_kinds() -> str:
    slots = [("09:00", "Rivers as archives", "Plenary talks"), ("10:30", "Sediment budgets", "Research session"),
             ("12:00", "Who owns the floodplain?", "Round table"), ("14:00", "Fish passes", "Research session"),
             ("15:30", "Beavers and restoration", "Plenary talks"), ("17:00", "Open questions", "Round table"),
             ("09:00", "Gauging the Andes", "Research session"), ("10:30", "Closing words", "Plenary talks"),
             ("12:00", "Next steps", "Round table")]
    people = ["Yuki Tanaka (Kyoto University)", "Ali Demir (METU)", "Grace Mwangi (University of Nairobi)",
              "Pekka Virtanen (University of Oulu)", "Hanna Schulz (BOKU Wien)", "Lucía Rojas (Universidad de Chile)"]
    body = ""
    for k, (t, title, kind) in enumerate(slots):
        talks = "".join(f"<li>{title} in practice, part {n} – {people[(k + n) % len(people)]}</li>" for n in (1, 2))
        body += f"<p>{t}</p><h4>{title}</h4><h5>{kind}</h5><ul>{talks}</ul>"
    return f"<html><body><h2>River Futures Days</h2>{body}</body></html>"


def test_a_repeated_kind_under_each_slots_title_is_not_the_title():
    p = extract(_slots_with_kinds().encode(), "rivers.html").programme
    titles = [s.title for s in p.sessions]
    assert not {"Plenary talks", "Research session", "Round table"} & set(titles)
    assert {"Rivers as archives", "Sediment budgets", "Beavers and restoration", "Next steps"} <= set(titles)
    assert all(len(s.items) == 2 for s in p.sessions if s.title)


REPORT = """<html><body><h1>Seminar report: Peatlands in a warming world</h1>
<h2>1 Executive summary</h2>
<p>The seminar brought together ecologists, hydrologists and modellers for five days of talks and
working groups on the future of northern peatlands and how to measure their carbon balance.</p>
<h2>2 Overview of talks</h2>
<h3>2.1 Methane pulses after thaw</h3>
<p>Ingrid Solberg (Norwegian University of Life Sciences, NO)</p>
<p>Thawing permafrost peatlands release methane in short pulses. We showed how eddy covariance towers
and chambers disagree, and why the timing of measurements matters for annual budgets.</p>
<h3>2.2 Rewetting drained bogs</h3>
<p>Tomasz Wrona (University of Warsaw, PL)</p>
<p>Rewetting changes the water table within weeks but the vegetation takes years to follow. The talk
compared twelve restoration sites across Poland and their emissions over a decade.</p>
<h3>2.3 Satellite moisture over mires</h3>
<p>Aino Laine (Finnish Meteorological Institute, FI)</p>
<p>Radar backscatter follows surface moisture in open mires but not under shrubs; we discussed the
consequences for monitoring programmes run by national agencies across the boreal zone.</p>
<h2>3 Working groups</h2>
<h3>3.1 Shared field protocols</h3>
<p>Ingrid Solberg and Tomasz Wrona</p>
<p>The group drafted a common protocol for chamber measurements that all sites can follow. It
also listed the instruments each site owns and agreed to compare them in the next field season.</p>
</body></html>"""


def test_numbered_subsections_of_a_report_are_its_talks():
    p = extract(REPORT.encode(), "report.html").programme
    talks = {s.title: [(it.title, [sp.name for sp in it.speakers]) for it in s.items] for s in p.sessions}
    assert talks["Overview of talks"] == [
        ("Methane pulses after thaw", ["Ingrid Solberg"]), ("Rewetting drained bogs", ["Tomasz Wrona"]),
        ("Satellite moisture over mires", ["Aino Laine"])]
    assert talks["Working groups"] == [("Shared field protocols", ["Ingrid Solberg", "Tomasz Wrona"])]


@pytest.mark.parametrize("line", ["**Title: Rivers and their sediments**", "**Titre : Les rivières et leurs sédiments**",
                                  "**Título: Ríos y sedimentos**"])
def test_a_bold_line_labelled_as_a_title_is_a_talk_not_a_heading(line):
    from extractors.readers import read_document
    from extractors.segment import prepare
    from extractors.segment.tags import HEADING, tag

    prep = prepare(read_document(f"# Hydrology day\n\n{line}\n\nAna Ruiz, Universidad de Sevilla\n".encode(), "day.md"))
    unit = next(u for u in prep.units if "Rivers" in u.text or "rivières" in u.text or "Ríos" in u.text)
    assert tag(unit) != HEADING


def test_lettered_and_bare_numbered_headings_number_their_sessions():
    text = ("# Beetle webinar\n\n## A) Field reports\n\n- Traps in Guam – Rosa Cruz (University of Guam)\n"
            "- Traps in Fiji – Eli Naidu (SPC)\n\n## B) Science\n\n- Virus strains – Kim Ito (AgResearch)\n"
            "- Cell lines – Ana Soto (UoG)\n\n## 3 Wrap-up\n\n- Next steps – Rosa Cruz (University of Guam)\n")
    p = extract(text.encode(), "webinar.md").programme
    assert [(s.number, s.title) for s in p.sessions] == [("A", "Field reports"), ("B", "Science"), ("3", "Wrap-up")]


def test_blocks_numbered_within_their_part_keep_their_number_apart():
    # "II.1" is the first block of part II: the number, not words of the title
    text = ("# Forest days\n\n## I.1. Drought and fire\n\n- Fire seasons – Rosa Cruz (University of Guam)\n"
            "- Dry summers – Eli Naidu (SPC)\n\n## I.2 Pests\n\n- Bark beetles – Kim Ito (AgResearch)\n"
            "- Moths – Ana Soto (UoG)\n\n## II.1 Forest policy\n\n- Next steps – Rosa Cruz (University of Guam)\n")
    p = extract(text.encode(), "forest.md").programme
    assert [(s.number, s.title) for s in p.sessions] == [
        ("I.1", "Drought and fire"), ("I.2", "Pests"), ("II.1", "Forest policy")]


PARTICIPANTS = """# Workshop on coastal radar 2031

## Programme

- 09:00 Radar networks along the Baltic – Eva Lind (SMHI)
- 09:40 Wave heights from HF radar – Jonas Peters (Hereon)
- 10:20 Ship tracking for oil spills – Ana Moreno (AZTI)

## Participants

- Ole Hansen (DMI – Denmark)
- Marta Kowalska (IO PAN – Poland)
- Pieter de Wit (Deltares – Netherlands)
- Inga Berzina (LHEI – Latvia)
- Tomas Varga (ELTE – Hungary)
- Lucía Ferrer (IEO – Spain)
"""


def test_a_list_of_participants_after_the_programme_gives_no_entries(monkeypatch):
    monkeypatch.setenv("PROGRAMME_INGEST_ROLE_MODEL", "none")  # the rules alone leave the list out
    p = extract(PARTICIPANTS.encode(), "radar.md").programme
    items = [it.title for s in p.sessions for it in s.items]
    assert items == ["Radar networks along the Baltic", "Wave heights from HF radar", "Ship tracking for oil spills"]
