"""Stand-alone slots and their sessions: a slot that lists nothing under it (an opening,
a closing, a meeting of the board) is still a session of the programme when it is printed
like the sessions around it."""
from __future__ import annotations

from extractors import extract


def _card(time: str, title: str, kind: str, body: str = "") -> str:
    return (f'<div class="card"><div class="card-header"><span class="time">{time}</span>'
            f'<h4>{title}</h4><h5 class="name">{kind}</h5></div>'
            f'<div class="card-body">{body}</div></div>')


def test_a_time_printed_above_a_heading_times_its_session():
    # every slot's time sits in its own element above the slot's heading; the slots with
    # nothing listed under them are sessions too, and they keep their time
    talks = "".join(f"<li>{t}</li>" for t in (
        "Reef acoustics at night (Marine Lab)", "Tidal energy in fjords (Nordic Institute)",
        "Plankton drift and warming (Ocean Centre)"))
    cards = [
        _card("09:00 - 09:20", "Welcome of the participants", "Opening"),
        _card("09:20 - 10:40", "Oceans under pressure", "Scientific Session", f"<ul>{talks}</ul>"),
        _card("10:40 - 11:00", "Presentation of the regional network", "Announcement"),
        _card("11:00 - 12:20", "Coasts and communities", "Scientific Session", f"<ul>{talks.replace('Reef', 'Dune')}</ul>"),
        _card("12:20 - 12:30", "Closing of the first day", "Closing"),
    ]
    html = ("<html><head><title>Coastal Science Days 2031</title></head><body>"
            "<h2>Programme</h2><h3>Monday 3 March 2031</h3>" + "".join(cards) + "</body></html>")
    prog = extract(html.encode(), "days.html").programme
    by_title = {s.title: s for s in prog.sessions}
    for title, start in (("Welcome of the participants", "09:00"), ("Presentation of the regional network", "10:40"),
                         ("Closing of the first day", "12:20")):
        assert title in by_title, [s.title for s in prog.sessions]
        assert by_title[title].start_time == start
    assert by_title["Oceans under pressure"].start_time == "09:20"


MARKDOWN = """# Programme

## Monday 14/9

### Glaciers and sea level

Chair: Ingrid Holm

- 09:00-09:20 Pavel Novak - _Calving fronts seen from space_
- 09:25-09:45 Aiko Tanaka - _Meltwater lakes in a warmer climate_
- 09:50-10:10 Lucia Ferri - _Ice shelves and ocean heat_

10:15 COFFEE BREAK

### Permafrost

Chair: Tomas Berg

- 10:45-11:05 Hanna Lind - _Thawing ground under Arctic towns_
- 11:10-11:30 Omar Haddad - _Carbon release from frozen soils_
- 11:35-11:55 Mei Chen - _Mapping permafrost with radar_

12:00-13:00 **Poster session** - (list of posters)

13:00 LUNCH

## Tuesday 15/9

9:00-10:30 **Open discussion on field campaigns**  
Chair: Ingrid Holm

10:30 COFFEE BREAK

### Snow and avalanches

Chair: Aiko Tanaka

- 11:00-11:20 Rolf Keller - _Forecasting wet snow avalanches_
- 11:25-11:45 Sara Moreau - _Snow cover trends in the Alps_
"""


def test_a_timed_line_outside_the_lists_of_talks_is_a_slot_of_its_own():
    # the talks under the headings are list items; the poster session and the discussion
    # are printed on the level of the breaks: sessions of their own, not talks of the
    # session above them
    prog = extract(MARKDOWN.encode(), "programme.md").programme
    titles = [s.title for s in prog.sessions]
    assert "Poster session" in titles and "Open discussion on field campaigns" in titles, titles
    poster = prog.sessions[titles.index("Poster session")]
    assert poster.start_time == "12:00" and not poster.items
    permafrost = prog.sessions[titles.index("Permafrost")]
    assert [it.title for it in permafrost.items] == [
        "Thawing ground under Arctic towns", "Carbon release from frozen soils", "Mapping permafrost with radar"]
    assert [it.title for it in prog.sessions[titles.index("Snow and avalanches")].items][0] == \
        "Forecasting wet snow avalanches"



def test_a_label_with_its_time_slot_in_parentheses_opens_a_session():
    # "Talks (9:00-10:30)" in the left column over the talks of the slot: each label is a
    # session holding the talks below it
    from tests.pdf_factory import indented_lines

    talk = 9.5
    pdf = indented_lines([
        (60, 16, "Spring Meeting on Rail Safety 2032", True),
        (60, 12, "Day 1 - April 14, 2032", True),
        (60, talk, "Talks (9:00-10:30)", False),
        (200, talk, "Signal failures and human factors by Marta Ruiz (University of Oviedo)", False),
        (200, talk, "Level crossings in rural areas by Jan Dvorak (Czech Technical University)", False),
        (60, talk, "Talks (11:00-12:30)", False),
        (200, talk, "Axle counters under snow by Liisa Virtanen (Aalto University)", False),
        (200, talk, "Braking models for freight by Tomas Lindqvist (KTH Stockholm)", False),
        (60, talk, "Panel (14:00-15:00)", False),
        (200, talk, "Safety culture across borders by Ana Pereira (University of Lisbon)", False),
    ])
    prog = extract(pdf, "rail.pdf").programme
    slots = [(s.title, s.start_time, s.end_time, len(s.items)) for s in prog.sessions]
    assert slots == [("Talks", "09:00", "10:30", 2), ("Talks", "11:00", "12:30", 2), ("Panel", "14:00", "15:00", 1)], slots
    assert [sp.name for it in prog.sessions[1].items for sp in it.speakers] == ["Liisa Virtanen", "Tomas Lindqvist"]


BRACKETED = """Workshop on Quantum Sensing 2033
Monday, 7 March 2033
09:00 - 09:10 Opening session
09:10 - 10:00 [Invited Talk] Diamond sensors in the field
Rosa Lindgren, Uppsala University
10:00 - 10:30 Coffee Break
10:30 - 11:30 Paper Session A
10:30 - 10:50 Atomic clocks on drones
Karl Weiss, Humboldt University
10:50 - 11:10 Magnetometers for brain imaging
Yuki Sato, Kyoto University
11:30 - 12:20 [Keynote] Sensing gravity with cold atoms
Ines Moreau, Sorbonne University
12:20 - 13:20 Paper Session B
12:20 - 12:40 Quantum radar at sea
Pedro Alves, University of Lisbon
"""


def test_a_bracketed_kind_before_a_talk_names_its_slot():
    # "[Keynote] Title": the slot is the keynote, the talk is the title, and its presenter
    # printed on the line below belongs to that talk
    prog = extract(BRACKETED.encode(), "workshop.txt").programme
    slots = [s for s in prog.sessions if not s.number]
    assert [(s.title, s.start_time) for s in slots] == [
        ("Opening session", "09:00"), ("Invited Talk", "09:10"), ("Keynote", "11:30")]
    assert [(it.title, [sp.name for sp in it.speakers]) for it in slots[2].items] == [
        ("Sensing gravity with cold atoms", ["Ines Moreau"])]


LABELLED_QUOTE = """Workshop on River Ecology 2034
Tuesday, 9 May 2034
09:00 - 10:00 Session 1: Floods
09:00 - 09:30 Floodplain forests after the dam
Clara Jensen, Aarhus University
09:30 - 10:00 Sediment pulses in alpine rivers
Marco Bianchi, University of Padua
10:00 - 10:30 Coffee
10:30 - 11:30 PLENARY: ‘Rivers as corridors for migrating fish’
Helen Ward, University of Glasgow
11:30 - 12:30 Session 2: Droughts
11:30 - 12:00 Dry riverbeds as habitats
Lena Vogel, University of Freiburg
"""


def test_a_label_before_a_quoted_title_names_the_slot():
    # "PLENARY: ‘Title’" with the presenter on the line below: the slot is the plenary
    prog = extract(LABELLED_QUOTE.encode(), "rivers.txt").programme
    plenary = [s for s in prog.sessions if s.title == "PLENARY"]
    assert plenary, [s.title for s in prog.sessions]
    assert [(it.title, [sp.name for sp in it.speakers]) for it in plenary[0].items] == [
        ("Rivers as corridors for migrating fish", ["Helen Ward"])]


def test_slot_labels_and_notes_whichever_way_the_slots_are_read():
    # with a time on every line the slots open sessions of their own; the label before a
    # quoted title names the slot, a note in parentheses is not part of the slot's name
    text = LABELLED_QUOTE + ("12:30 - 13:30 Lunch\n13:30 - 14:30 ROUND TABLE: Rivers in growing cities\n"
                             "Anna Berg, University of Oslo\n"
                             "14:30 - 15:30 Meeting of the river wardens (open to all members)\n")
    prog = extract(text.encode(), "rivers.txt").programme
    slots = [(s.title, [(it.title, [sp.name for sp in it.speakers]) for it in s.items])
             for s in prog.sessions if not s.number]
    assert slots == [("PLENARY", [("Rivers as corridors for migrating fish", ["Helen Ward"])]),
                     ("ROUND TABLE", [("Rivers in growing cities", ["Anna Berg"])]),
                     ("Meeting of the river wardens", [])], slots


TEXT_PROGRAMME = """Soil Biology Workshop 2031

Tuesday, 4 March 2031

Session 1 - Chair: Karin Vogt (University of Kassel)
09:15 – 10:00 Talk 1: Ruben Alves (University of Porto): Earthworms and soil structure
10:00 – 10:45 Talk 2: Laura Conti (University of Padua): Fungal networks under crops
10:45 – 11:15 Coffee Break
11:15 – 12:00 Talk 3: Jonas Weber (ETH Zurich): Microbes in drying soils

Wednesday, 5 March 2031

09:00 – 09:15 Opening Address: Helga Strand, Norwegian Institute of Bioeconomy
Session 2 - Chair: Ruben Alves (University of Porto)
09:15 – 10:00 Talk 4: Carla Ruiz (University of Seville): Nitrogen cycling in orchards
10:00 – 10:45 Talk 5: Peter Olsen (Aarhus University): Soil carbon after wildfire
"""


def test_a_timed_slot_alone_before_the_days_first_session_is_a_session():
    # a new day closes the numbered session of the day before; the opening address
    # printed alone before the day's first numbered session is a stand-alone slot, not an
    # entry of an untitled session
    prog = extract(TEXT_PROGRAMME.encode(), "programme.txt").programme
    opening = [s for s in prog.sessions if s.title == "Opening Address"]
    assert opening, [(s.number, s.title) for s in prog.sessions]
    assert opening[0].start_time == "09:00"
    assert [sp.name for it in opening[0].items for sp in it.speakers] == ["Helga Strand"]
    assert [s.number for s in prog.sessions if s.number] == ["1", "2"]
    assert [it.title for s in prog.sessions if s.number == "2" for it in s.items] == [
        "Nitrogen cycling in orchards", "Soil carbon after wildfire"]
