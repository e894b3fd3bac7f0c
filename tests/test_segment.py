"""Segmentation end to end on small real-looking programmes in every text format.

Each document is built here (text, Markdown, HTML) with the layout quirks seen in real
programmes; the assertions are on the programme the library extracts from it.
"""
from __future__ import annotations

import pytest

from extractors import extract

NB = "\u00a0"


def flattened_programme() -> str:
    """A programme copied from a web page into one line: bullets are '-' plus
    non-breaking spaces, session headings and region sub-headings run into the previous
    item, the first session heading is missing."""
    b = f" -{NB} {NB} {NB} "
    return (
        "The workshop brought together enforcement officers and partners to share experiences. "
        "The report of the meeting is available here. Contacts can be found here."
        f"{b}Opening of the regional enforcement dialogue, Maria Lopez, UNODC"
        f"{b}Wildlife crime trends in 2024, Peter Grant, University of Sydney "
        "Session 2 – Working together across borders:"
        f"{b}Joint investigations and their lessons, Tom Steel (INTERPOL)"
        f"{b}Customs cooperation, Ana Silva/Rui Costa (RILO ESA), Jean Dupont (RILO WE)"
        " Session 3 – Regional experiences (by region) Africa"
        f"{b}LATF: operating as a treaty network, Bonaventure Mbeki"
        f"{b}SADC: a regional action plan for Southern Africa, Grace Moyo Asia"
        f"{b}ASEAN-WEN: recent development of ASEAN-WEN, key activities, challenges and opportunities, Budi Santoso."
        " Session 4 – Tools available to networks"
        f"{b}CITES tools available, Eva Novak, CITES"
        f"{b}WCO Cooperation Council and tools available, WCO"
    )


def titles(programme):
    return [(s.number, s.title) for s in programme.sessions]


def all_items(programme):
    return [it for s in programme.sessions for it in s.items]


def pairs(programme):
    return [(sp.name, sp.affiliation) for it in all_items(programme) for sp in it.speakers]


def test_flattened_line_is_resplit_into_sessions_items_and_groups():
    p = extract(flattened_programme().encode("utf-8"), "programme.txt").programme
    assert titles(p) == [
        (None, None),
        ("2", "Working together across borders"),
        ("3", "Regional experiences (by region)"),
        ("4", "Tools available to networks"),
    ]
    assert [len(s.items) for s in p.sessions] == [2, 2, 3, 2]
    groups = [it.group for it in p.sessions[2].items]
    assert groups == ["Africa", "Africa", "Asia"]
    assert pairs(p) == [
        ("Maria Lopez", "UNODC"),
        ("Peter Grant", "University of Sydney"),
        ("Tom Steel", "INTERPOL"),
        ("Ana Silva", "RILO ESA"),
        ("Rui Costa", "RILO ESA"),
        ("Jean Dupont", "RILO WE"),
        ("Bonaventure Mbeki", None),
        ("Grace Moyo", None),
        ("Budi Santoso", None),
        ("Eva Novak", "CITES"),
        (None, "WCO"),
    ]
    asean = p.sessions[2].items[2]
    assert asean.title == "ASEAN-WEN: recent development of ASEAN-WEN, key activities, challenges and opportunities"


def test_speaker_offsets_point_back_into_the_text():
    e = extract(flattened_programme().encode("utf-8"), "programme.txt")
    for it in all_items(e.programme):
        for sp in it.speakers:
            if sp.name:
                assert sp.name in e.document.text[sp.char_start:sp.char_end]


MARKDOWN = """\
---
title: Workshop on Misinformation Research
---

# Programme

**Room 5**

09.00-09.10 -- **Opening**

09.10-10.00 -- **Keynote speech**\\
  "Why definitions matter"

10.00-11.00 -- **Paper session**

  _Detecting coordinated campaigns in social media_\\
  Alice Martin and Bob Keller

  _Datasets for claim verification: a survey_\\
  Carla Gomez, Dan Wu and Eve Adams

**Coffee break 11.00-11.30**

11.30-12.00 -- **Closing remarks**
"""


def test_markdown_time_slots_with_content_are_sessions():
    p = extract(MARKDOWN.encode(), "agenda.md").programme
    assert [s.title for s in p.sessions] == ["Opening", "Keynote speech", "Paper session", "Closing remarks"]
    paper = p.sessions[2]
    assert (paper.start_time, paper.end_time) == ("10:00", "11:00")
    assert [it.title for it in paper.items] == [
        "Detecting coordinated campaigns in social media", "Datasets for claim verification: a survey"]
    assert [sp.name for sp in paper.items[1].speakers] == ["Carla Gomez", "Dan Wu", "Eve Adams"]
    assert p.meeting.title == "Workshop on Misinformation Research"


HTML_DAYS = """<html><head><title>ROBO 2025 | The 5th Robotics Retrieval workshop</title></head>
<body><nav><ul><li><a href="#">Home</a></li><li><a href="#">Shape matching with graph networks</a></li></ul></nav>
<h2>Workshop programme</h2>
<table><thead><tr><th colspan="3">Thursday, September 4th, 2025</th></tr></thead><tbody>
<tr><td>13:00</td><td>Workshop opening<div><i>(live)</i></div></td><td><i>(Chairs)</i></td></tr>
<tr><td>13:10</td><td>Paper<div><i>(live)</i></div></td><td><a href="#">Shape matching with graph networks</a>
<div><i>(Anna Berg, Carl Diaz, Eva Fischer)</i></div></td></tr>
<tr><td>13:30</td><td>Break</td><td></td></tr>
<tr><td>13:50</td><td>Paper<div><i>(video)</i></div></td><td><a href="#">Fast retrieval of CAD parts</a>
<div><i>(George Hill, Ines Jovanovic)</i></div></td></tr>
</tbody></table>
<table><thead><tr><th colspan="3">Friday, September 5th, 2025</th></tr></thead><tbody>
<tr><td>13:00</td><td>Paper<div><i>(live)</i></div></td><td><a href="#">Point clouds in the wild</a>
<div><i>(Karl Lutz)</i></div></td></tr>
</tbody></table></body></html>"""


def test_html_day_tables_become_dated_sessions():
    p = extract(HTML_DAYS.encode(), "programme.html").programme
    assert [(s.title, s.date) for s in p.sessions] == [
        ("Thursday, September 4th, 2025", "2025-09-04"), ("Friday, September 5th, 2025", "2025-09-05")]
    first = p.sessions[0]
    assert [it.title for it in first.items][1:] == ["Shape matching with graph networks", "Fast retrieval of CAD parts"]
    assert [sp.name for sp in first.items[1].speakers] == ["Anna Berg", "Carl Diaz", "Eva Fischer"]
    assert first.items[1].start_time == "13:10"
    assert p.meeting.title == "The 5th Robotics Retrieval workshop"
    assert p.meeting.start_date == "2025-09-04"
    # the navigation menu repeats a title: it must not become an item
    assert sum(it.title == "Shape matching with graph networks" for it in all_items(p)) == 1


HTML_ROOMS = """<html><body>
<h1>Conférence Agile 2025</h1>
<h3>jeudi 23</h3>
<h4>1 - Belvédère</h4>
<ul><li>09:00 - 10:00 - Mener le changement - les 8 étapes de Kotter - <a>Claire Petit</a> et <a>Marc Roux</a></li>
<li>10:30 - 11:30 - Coder proprement - <a>Julie Bernard</a></li></ul>
<h4>2 - Chalet</h4>
<ul><li>09:00 - 10:00 - Les rétrospectives - <a>Paul Girard</a></li></ul>
</body></html>"""


def test_html_room_headings_under_day_headings_are_sessions():
    p = extract(HTML_ROOMS.encode(), "programme.html").programme
    assert [(s.number, s.title) for s in p.sessions] == [("1", "Belvédère"), ("2", "Chalet")]
    first = p.sessions[0].items
    assert first[0].title == "Mener le changement - les 8 étapes de Kotter"
    assert [sp.name for sp in first[0].speakers] == ["Claire Petit", "Marc Roux"]
    assert (first[0].start_time, first[0].end_time) == ("09:00", "10:00")
    assert p.language == "fr"


@pytest.mark.parametrize("text,lang,chair,break_word", [
    ("Séance 1 : Les réseaux régionaux\nPrésident : Jean Martin (OIPC)\n"
     "- Le rôle des douanes, Marie Curie, OMD\nPause café\n- Les enquêtes conjointes, Luc Besson, INTERPOL\n",
     "fr", "Jean Martin", "Pause café"),
    ("Sesión 1: Las redes regionales\nModerador: Juan Pérez (ONUDD)\n"
     "- El papel de las aduanas, María García, OMA\nPausa café\n- Las investigaciones conjuntas, Luis Gómez, INTERPOL\n",
     "es", "Juan Pérez", "Pausa café"),
    ("Session 1: Regional networks\nChair: Dr John Smith (WWF)\n"
     "- The role of customs, Mary Jones, WCO\nCoffee break\n- Joint investigations, Luke Brown, INTERPOL\n",
     "en", "John Smith", "Coffee break"),
])
def test_chairs_breaks_and_languages(text, lang, chair, break_word):
    e = extract(text.encode(), "programme.txt")
    p = e.programme
    assert p.language == lang
    assert len(p.sessions) == 1
    s = p.sessions[0]
    assert s.number == "1"
    assert [c.name for c in s.chairs] == [chair]
    assert len(s.items) == 2
    assert all(break_word not in (it.title or "") for it in s.items)
    assert [sp.affiliation for it in s.items for sp in it.speakers][1] == "INTERPOL"


CONTAINERS = """<html><body><h2>Contrails workshop</h2>
<p><b>Wednesday, June 19, 2024</b></p>
<table>
<tr><th>Start</th><th>End</th><th>Research presentations</th></tr>
<tr><td>9:00</td><td>9:10</td><td>Goals, schedule, housekeeping</td></tr>
<tr><td>9:10</td><td>9:30</td><td>Introduction: Anna Berg (UCambridge), Paul Meyer (TUDelft)</td></tr>
<tr><td>9:30</td><td>10:30</td><td>Presentations: Observations of contrails</td></tr>
<tr><td>9:30</td><td>9:50</td><td>Jane Doe (Eurocontrol): Sharing contrail data</td></tr>
<tr><td>9:50</td><td>10:30</td><td>Dennis Pohl, Kai Weber (DLR): First results of the flight trial</td></tr>
<tr><td>10:30</td><td>10:45</td><td>Break</td></tr>
<tr><td>10:45</td><td>11:45</td><td>Lab 2a: Nick Mason (BE): Observer app hackathon</td></tr>
<tr><td></td><td></td><td>Lab 2b: Tristan Abbot (BE): Getting set up with the model</td></tr>
</table></body></html>"""


def test_time_ranges_that_hold_entries_open_sessions_and_other_slots_stand_alone():
    p = extract(CONTAINERS.encode(), "agenda.html").programme
    assert [(s.number, s.title, s.start_time, s.end_time) for s in p.sessions] == [
        (None, "Goals, schedule, housekeeping", "09:00", "09:10"),
        (None, "Introduction", "09:10", "09:30"),
        (None, "Presentations: Observations of contrails", "09:30", "10:30"),
        ("2a", "Lab 2a", "10:45", "11:45"),  # a label other than "Session N" names the session
        ("2b", "Lab 2b", "10:45", "11:45"),  # printed without a time: runs beside 2a
    ]
    assert p.sessions[0].items == []
    intro = p.sessions[1].items
    assert len(intro) == 1 and intro[0].title is None
    assert [(sp.name, sp.affiliation) for sp in intro[0].speakers] == [("Anna Berg", "UCambridge"), ("Paul Meyer", "TUDelft")]
    talks = p.sessions[2].items
    assert [it.title for it in talks] == ["Sharing contrail data", "First results of the flight trial"]
    assert [(sp.name, sp.affiliation) for sp in talks[1].speakers] == [("Dennis Pohl", "DLR"), ("Kai Weber", "DLR")]
    assert [it.title for it in p.sessions[4].items] == ["Getting set up with the model"]


PRESENTER_FIRST = """International Seminar on the History of Logic 2014
Venue : Bose Hall
February 20, 2014
Inauguration : 10.30 am - 11.00 am
Justice Amal Roy
Prof. Shibaji Raha
Tea : 11.00 am - 11.30 am
Session - I : 11.30 am - 1.30 pm
Prof. V.K. Gaur
(Key Note Address)
Prof. David Miller
Title of talk : Choice without Choice
( lecture includes a brief history of the Axiom of Choice )
Chair : Prof. Tushar Sarkar
Session - II : 2.30 pm - 4.30 pm ( paper reading session 1 )
Purbita Jana
Saurav Tarafder
Chair : Dr. Ranjan Mukhopadhyay
"""


def test_presenters_printed_before_their_titles():
    p = extract(PRESENTER_FIRST.encode(), "programme.txt").programme
    assert [(s.number, s.title, s.start_time, s.end_time) for s in p.sessions] == [
        (None, "Inauguration", "10:30", "11:00"),
        ("I", None, "11:30", "13:30"),
        ("II", "paper reading session 1", "14:30", "16:30"),
    ]
    inauguration = p.sessions[0].items
    assert len(inauguration) == 1 and [sp.name for sp in inauguration[0].speakers] == ["Amal Roy", "Shibaji Raha"]
    one = p.sessions[1]
    assert [(it.title, [sp.name for sp in it.speakers]) for it in one.items] == [
        (None, ["V.K. Gaur"]), ("Choice without Choice", ["David Miller"])]
    assert one.items[0].speakers[0].role == "Keynote"
    assert [c.name for c in one.chairs] == ["Tushar Sarkar"]
    assert [[sp.name for sp in it.speakers] for it in p.sessions[2].items] == [["Purbita Jana"], ["Saurav Tarafder"]]
    assert p.meeting.location == "Bose Hall"
    assert all(s.date == "2014-02-20" for s in p.sessions)


TRACKS_AND_CHAIRS = """<html><body>
<table>
<tr><th>Time</th><th>Event</th><th>Speaker</th><th>Chair</th></tr>
<tr><td>13:30 - 13:35</td><td>Opening Remarks</td><td>Prof. Yu Ji (NII)</td><td>Prof. Kim Nguyen (Chiba University)</td></tr>
<tr><td>13:35 - 13:55</td><td><i>Semantic communication for remote driving</i></td><td>Prof. Wu Chen (UEC)</td><td></td></tr>
<tr><td>14:15 - 14:35</td><td><i>Device localization in power transfer</i></td><td>Prof. Hao Zhou (USTC)</td><td>Prof. Zhi Liu (UEC)</td></tr>
</table>
<p><b>Parallel sessions I (10-11 am)</b></p>
<table>
<tr><th>Open source software</th><th>Water management</th></tr>
<tr><td>Chair: Halid Ally</td><td>Chair: Maria Aguirre</td></tr>
<tr><td>Quan Tran (KU Leuven) – Flexible open source modelling</td><td>Philip Nyenje (Makerere University) – Groundwater supply for the urban poor</td></tr>
<tr><td>Jan Diels (KU Leuven) – Hydrological measurements</td><td>Ana Ochoa (University of Cuenca) – Rainfall interception</td></tr>
</table></body></html>"""


def test_chair_columns_and_parallel_track_tables_make_sessions():
    p = extract(TRACKS_AND_CHAIRS.encode(), "programme.html").programme
    chaired = p.sessions[:2]
    assert [[c.name for c in s.chairs] for s in chaired] == [["Kim Nguyen"], ["Zhi Liu"]]
    assert [len(s.items) for s in chaired] == [2, 1]
    assert chaired[0].chairs[0].affiliation == "Chiba University"
    tracks = p.sessions[2:]
    assert [(s.number, s.title, [c.name for c in s.chairs]) for s in tracks] == [
        ("I", "Open source software", ["Halid Ally"]), ("I", "Water management", ["Maria Aguirre"])]
    assert [[(it.title, it.speakers[0].name, it.speakers[0].affiliation) for it in s.items] for s in tracks] == [
        [("Flexible open source modelling", "Quan Tran", "KU Leuven"),
         ("Hydrological measurements", "Jan Diels", "KU Leuven")],
        [("Groundwater supply for the urban poor", "Philip Nyenje", "Makerere University"),
         ("Rainfall interception", "Ana Ochoa", "University of Cuenca")],
    ]


FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures" / "programmes"


def test_timed_plain_text_agenda_with_days_sessions_and_panels():
    """Days as context, numbered sessions with chairs, panels with a moderator and
    panelists, stand-alone opening/closing slots, the title and place in the header."""
    p = extract((FIXTURES / "health-network-2025.txt").read_bytes(), "health-network-2025.txt").programme
    assert (p.meeting.title, p.meeting.location, p.meeting.start_date, p.meeting.end_date) == (
        "Annual Meeting of the Regional Health Network", "Geneva", "2025-03-12", "2025-03-13")
    assert [(s.number, s.title, s.date) for s in p.sessions] == [
        (None, "Opening remarks", "2025-03-12"), ("1", "Surveillance systems", "2025-03-12"),
        ("2", "Financing", "2025-03-12"), ("3", "Workforce", "2025-03-13"), (None, "Closing", "2025-03-13")]
    assert [(c.name, c.affiliation) for c in p.sessions[1].chairs] == [("Ahmed Khan", "Aga Khan University")]
    panel = p.sessions[2].items[1]
    assert [(sp.name, sp.affiliation, sp.role) for sp in panel.speakers] == [
        ("Anne Martin", "Gavi", "Moderator"), ("Li Wei", "China CDC", "Panelist"), ("Carlos Perez", "PAHO", "Panelist")]
    opening = p.sessions[0].items
    assert len(opening) == 1 and opening[0].title is None and opening[0].speakers[0].name == "Jane Smith"


def test_markdown_list_agenda_with_keynote_label_and_nested_talks():
    p = extract((FIXTURES / "open-data-workshop.md").read_bytes(), "open-data-workshop.md").programme
    morning = p.sessions[0]
    assert morning.title == "Morning"
    assert [(it.title, [(sp.name, sp.affiliation, sp.role) for sp in it.speakers]) for it in morning.items] == [
        ("Welcome", [("Alice Green", "University of Leeds", None)]),
        ("Open data for all", [("Bob White", "ODI", "Keynote")]),
        ("Lightning talks", []),
        ("Data catalogues in practice", [("Carol King", "UK Data Service", None)]),
        ("FAIR metadata", [("Dan Scott", "EBI", None)]),
    ]


def test_word_programme_with_heading_styles_bullets_and_a_chair():
    import io

    import docx

    d = docx.Document()
    d.add_heading("Forum on Water Governance 2025", 0)
    d.add_paragraph("Lisbon, 3-4 April 2025")
    d.add_heading("Session 1: Rivers and cities", 1)
    d.add_paragraph("Chair: Dr. Ana Costa (Universidade de Lisboa)")
    d.add_paragraph("Urban flooding in delta cities – Mark de Vries, Deltares", style="List Bullet")
    d.add_paragraph("Financing green infrastructure – Sofia Romano (European Investment Bank)", style="List Bullet")
    d.add_paragraph("Coffee break")
    d.add_heading("Session 2: Groundwater", 1)
    d.add_paragraph("Aquifer recharge in Andalusia, José García, Universidad de Granada", style="List Bullet")
    buf = io.BytesIO()
    d.save(buf)
    p = extract(buf.getvalue(), "forum.docx").programme
    assert (p.meeting.title, p.meeting.location, p.meeting.start_date, p.meeting.end_date) == (
        "Forum on Water Governance 2025", "Lisbon", "2025-04-03", "2025-04-04")
    assert [(s.number, s.title) for s in p.sessions] == [("1", "Rivers and cities"), ("2", "Groundwater")]
    assert [(c.name, c.affiliation) for c in p.sessions[0].chairs] == [("Ana Costa", "Universidade de Lisboa")]
    assert [[(sp.name, sp.affiliation) for it in s.items for sp in it.speakers] for s in p.sessions] == [
        [("Mark de Vries", "Deltares"), ("Sofia Romano", "European Investment Bank")],
        [("José García", "Universidad de Granada")]]


def test_numbered_agenda_points_with_lettered_sub_points():
    p = extract((FIXTURES / "cop-provisional-agenda.txt").read_bytes(), "agenda.txt").programme
    assert (p.meeting.title, p.meeting.location) == ("Conference of the Parties to the Convention", "Nairobi")
    assert len(p.sessions) == 1 and p.sessions[0].title is None
    assert [(it.title, it.group) for it in p.sessions[0].items] == [
        ("Opening of the meeting", None),
        ("Adoption of the agenda and organization of work", None),
        ("Implementation of the programme of work", "Reports of the Secretariat"),
        ("Financial report for 2023", "Reports of the Secretariat"),
        ("Cooperation with other organizations", None),
        ("Other matters", None),
        ("Closure of the meeting", None),
    ]


def test_day_tables_whose_cells_hold_a_session_title_and_its_entries():
    p = extract((FIXTURES / "customs-workshop.html").read_bytes(), "workshop.html").programme
    assert (p.meeting.location, p.meeting.start_date, p.meeting.end_date) == ("Bangkok, Thailand", "2024-06-10", "2024-06-11")
    assert [(s.number, s.title, s.date, s.start_time) for s in p.sessions] == [
        (None, "Opening session", "2024-06-10", "09:00"), ("1", "Risk management", "2024-06-10", "09:30"),
        ("2", "Intelligence sharing", "2024-06-10", "10:45"), ("3", "Case studies", "2024-06-11", "09:00"),
        (None, "Closing session", "2024-06-11", "10:30")]
    opening = p.sessions[0].items
    assert [(it.title, [(sp.name, sp.affiliation) for sp in it.speakers]) for it in opening] == [
        ("Welcome remarks", [("Somchai Prasert", "Thai Customs")]), ("Opening address", [("Ana Lee", "WCO")])]
    assert [(c.name, c.role) for c in p.sessions[1].chairs] == [("John Smith", "Moderator")]
    cases = p.sessions[3].items
    assert [(it.title, [(sp.name, sp.affiliation) for sp in it.speakers]) for it in cases] == [
        ("Ivory seizures in 2023", [("Peter Wong", "Hong Kong Customs")]),
        ("Timber trafficking", [("Lina Rahman", "TRAFFIC")])]


def test_word_table_with_unmarked_header_and_an_affiliation_column():
    import io

    import docx

    d = docx.Document()
    d.add_heading("Annual Data Summit 2025", 0)
    table = d.add_table(rows=1, cols=4)
    for cell, name in zip(table.rows[0].cells, ["Time", "Session", "Speaker", "Affiliation"]):
        cell.text = name
    for row in [("09:00", "Welcome", "Kari Nordmann", "Statistics Norway"),
                ("10:30", "Coffee break", "", ""),
                ("11:00", "Privacy by design", "Ingrid Berg", "Norwegian Data Protection Authority")]:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = value
    buf = io.BytesIO()
    d.save(buf)
    items = [it for s in extract(buf.getvalue(), "summit.docx").programme.sessions for it in s.items]
    assert [(it.start_time, it.title, [(sp.name, sp.affiliation) for sp in it.speakers]) for it in items] == [
        ("09:00", "Welcome", [("Kari Nordmann", "Statistics Norway")]),
        ("11:00", "Privacy by design", [("Ingrid Berg", "Norwegian Data Protection Authority")])]


def test_french_web_programme_with_bold_timed_titles_and_presenter_lines():
    p = extract((FIXTURES / "journees-sante.html").read_bytes(), "journees-sante.html").programme
    assert p.language == "fr"
    assert (p.meeting.location, p.meeting.start_date, p.meeting.end_date) == ("Marseille", "2024-11-14", "2024-11-15")
    assert [(s.number, s.title, s.date) for s in p.sessions] == [
        ("1", "Qualité de l'air", "2024-11-14"), ("2", "Eau et santé", "2024-11-14"), ("3", "Climat", "2024-11-15")]
    assert [(c.name, c.affiliation, c.role) for c in p.sessions[0].chairs] == [
        ("Sophie Laurent", "Santé publique France", "Chair")]
    assert [(it.start_time, it.title, [(sp.name, sp.affiliation) for sp in it.speakers])
            for it in p.sessions[0].items] == [
        ("09:00", "Pollution et asthme de l'enfant", [("Marc Dubois", "INSERM")]),
        ("09:30", "Capteurs citoyens", [("Julie Moreau", "AtmoSud"), ("Paul Girard", "AtmoSud")])]


def test_a_slot_titled_by_its_presenter_gives_the_talk_its_speaker():
    md = ('09.00-09.10 -- **Opening**\n\n09.10-10.00 -- **Keynote speech by Prof. Jane Roe**\\\n'
          '  "Why definitions matter"\n\n10.00-10.30 -- **Closing remarks**\n')
    p = extract(md.encode(), "agenda.md").programme
    keynote = p.sessions[1]
    assert keynote.title == "Keynote speech by Prof. Jane Roe"
    assert [(it.title, [(sp.name, sp.role) for sp in it.speakers]) for it in keynote.items] == [
        ("Why definitions matter", [("Jane Roe", "Keynote")])]


def test_a_parenthesised_part_of_a_title_is_kept_but_an_editorial_note_is_not():
    # two numbered points: one alone in a two-line document is an entry the role model may doubt
    text = ("Session 9 – Working groups (see meeting report for details):\n"
            "1. Identifying trade routes (closed group for government representatives)\n"
            "2. Sharing seizure data\n")
    s = extract(text.encode(), "p.txt").programme.sessions[0]
    assert s.title == "Working groups"
    assert [it.title for it in s.items] == ["Identifying trade routes (closed group for government representatives)",
                                            "Sharing seizure data"]


def test_presenters_on_the_row_or_line_below_the_title():
    html = ("<table><tr><td>09:00</td><td>Measuring marine heatwaves</td></tr>"
            "<tr><td></td><td>Kwame Mensah, Utrecht University</td></tr>"
            "<tr><td>09:20</td><td>Wetland monitoring</td></tr>"
            "<tr><td></td><td>Hana Kim (ETH Zurich)</td></tr></table>")
    items = [it for s in extract(html.encode(), "t.html").programme.sessions for it in s.items]
    assert [(it.title, [(sp.name, sp.affiliation) for sp in it.speakers]) for it in items] == [
        ("Measuring marine heatwaves", [("Kwame Mensah", "Utrecht University")]),
        ("Wetland monitoring", [("Hana Kim", "ETH Zurich")])]


def test_description_bullets_under_a_timed_title_are_not_more_title():
    html = ("<table><tr><th>Time</th><th>Item</th><th>Leads</th></tr>"
            "<tr><td>11:00</td><td>Size data (cont.)<br>• data preparation<br>• reweighting</td><td>Tom Peat</td></tr>"
            "<tr><td>12:00</td><td>Tagging data summary</td><td>Joe Scott</td></tr></table>")
    items = [it for s in extract(html.encode(), "t.html").programme.sessions for it in s.items]
    assert [(it.title, [sp.name for sp in it.speakers]) for it in items] == [
        ("Size data (cont.)", ["Tom Peat"]), ("Tagging data summary", ["Joe Scott"])]


def test_a_discussant_on_a_session_heading_discusses_each_of_its_talks():
    """"Panel 2: Title, Discussant: Name (Org)" titles the session; its discussant is a
    speaker of every talk (role Discussant), and no entry is made of the heading."""
    text = ("Panel 1: Rivers and the medieval town, Discussant: Agnes Halvorsen (Bergen)\n"
            "Oskar Lindqvist (Uppsala): Mills on the Fyris\n"
            "Marta Kowalczyk (Kraków): Floods and guild records\n"
            "Panel 2: Harbours, Chair: Pieter de Wit (Leiden)\n"
            "Ines Carvalho (Porto): Quays of the Douro\n"
            "Tarik Demir (Izmir): Smyrna's customs house\n")
    p = extract(text.encode(), "panels.txt").programme
    first, second = p.sessions
    assert (first.number, first.title) == ("1", "Rivers and the medieval town")
    assert [(it.title, [(sp.name, sp.role) for sp in it.speakers]) for it in first.items] == [
        ("Mills on the Fyris", [("Oskar Lindqvist", None), ("Agnes Halvorsen", "Discussant")]),
        ("Floods and guild records", [("Marta Kowalczyk", None), ("Agnes Halvorsen", "Discussant")])]
    assert (second.title, [c.name for c in second.chairs]) == ("Harbours", ["Pieter de Wit"])
    assert [[sp.name for sp in it.speakers] for it in second.items] == [["Ines Carvalho"], ["Tarik Demir"]]


BOOKLET = """# Coastal Sediment Modelling Days 2026

## Venue

Harbour Hall, 12 Quay Street, Bergen.

## Schedule

### Monday, March 2

- 09:00 Opening words, Ingrid Solberg
- 09:30 Tidal inlets under rising seas, Paul Moreau
- 10:30 Sand bars that move at night, Keiko Tanabe

### Tuesday, March 3

- 09:00 Mud flats as carbon stores, Oskar Lind
- 09:45 Dredging plumes seen from space, Amara Okafor

## Abstracts

### Tidal inlets under rising seas

- Inlets narrow as the sea rises; we show why with a simple model.
- Field data from three inlets agree with it.

### Sand bars that move at night

- Night-time surveys find bars migrating twice as fast.
- The cause is the tide's phase, not the wind.
- Our data come from eleven surveys.

### Mud flats as carbon stores

- Flats bury more carbon than thought.
- Cores from six sites show it.
"""


def test_the_days_that_hold_the_timed_entries_open_sessions_not_the_booklets_chapters():
    """A booklet whose timed programme sits under day headings, with more untimed lines
    under its other headings (abstracts): the days are the sessions, not the chapters."""
    p = extract(BOOKLET.encode(), "booklet.md").programme
    assert [(s.title, s.date) for s in p.sessions] == [("Monday, March 2", "2026-03-02"), ("Tuesday, March 3", "2026-03-03")]
    assert [(it.start_time, it.title) for it in p.sessions[0].items] == [
        ("09:00", "Opening words"), ("09:30", "Tidal inlets under rising seas"), ("10:30", "Sand bars that move at night")]
    assert [it.start_time for it in p.sessions[1].items][:2] == ["09:00", "09:45"]


def test_a_quoted_title_followed_by_a_name_gives_the_talk_its_presenter():
    """'“Title”, Name': the quote closes the title and what follows is its presenter; a
    line that is all quote stays a title, whatever its words look like."""
    text = ("Monday 6 July 2026\n"
            "09:00 “Glacier retreat in the Andes”, Lucía Fernández\n"
            "10:00 \"Permafrost and roads\" – Henrik Aalto\n"
            "11:00 “Ice, snow and people”\n")
    p = extract(text.encode(), "days.txt").programme
    items = [it for s in p.sessions for it in s.items]
    assert [(it.title, [sp.name for sp in it.speakers]) for it in items] == [
        ("Glacier retreat in the Andes", ["Lucía Fernández"]), ("Permafrost and roads", ["Henrik Aalto"]),
        ("Ice, snow and people", [])]


ABSTRACTS = """Lichen Ecology Workshop 2032
Oslo, 9-10 June 2032

Wednesday 9 June 2032
09:00 Lichens on old roofs – Mirja Koskinen
10:00 Air quality from crusts – Dario Lupo
11:00 Desert soil crusts – Nadia Haddad

Thursday 10 June 2032
09:00 Reindeer grazing and lichens – Sami Aikio
10:00 Herbarium genomes – Ruth Okello

Abstracts

Wednesday 9 June 2032
Lichens on old roofs – Mirja Koskinen
Roof slates carry communities that are centuries old.
Air quality from crusts – Dario Lupo
Crust cover tracks nitrogen deposition across the city.
"""


def test_a_day_printed_again_without_its_times_is_not_a_second_programme_for_it():
    """The abstracts go over a day again under the same heading, without times: the day
    is read once, with its timed talks."""
    p = extract(ABSTRACTS.encode(), "workshop.txt").programme
    assert [s.title for s in p.sessions] == ["Wednesday 9 June 2032", "Thursday 10 June 2032"]
    assert [it.title for it in p.sessions[0].items] == [
        "Lichens on old roofs", "Air quality from crusts", "Desert soil crusts"]
