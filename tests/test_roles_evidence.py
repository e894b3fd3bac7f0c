"""Evidence the role model weighs about text that is not programme: a table of contents'
dot leaders, contact lines, prose sentences and lines that continue a wrapped sentence.

The documents are made here (a plain-text booklet), unlike the annotated corpus.
"""
from __future__ import annotations

from extractors.readers import read_document
from extractors.roles.features import document_features
from extractors.segment import prepare, rules_reading

BOOKLET = """Harbour Ecology Colloquium 2041

Contents
Welcome from the organisers .................... 3
Seagrass meadows under pressure ................ 7

Programme
09:00 Seagrass meadows under pressure – Maren Oduya (Baltic Marine Centre)
09:30 Plastic flows in enclosed bays – Tomas Reyes (Universidad de Vigo)

Practical information
The colloquium takes place in the old customs hall. Coffee is served on the first floor.
Lodging: Quayside Inn, 12 Pier Road, phone (031) 555 0199
Registration questions go to https://colloquium.example.org/help
"""


def _features() -> dict[str, dict]:
    prep = prepare(read_document(BOOKLET.encode(), "booklet.txt"))
    feats = document_features(prep, rules_reading(prep)[0])
    return {u.text.strip(): f for u, f in zip(prep.units, feats)}


def test_contents_lines_contact_lines_and_prose_carry_their_own_evidence():
    by_text = _features()
    contents = [f for t, f in by_text.items() if t.startswith("Welcome from the organisers")]
    assert contents and all("leader_page" in f for f in contents)
    lodging = next(f for t, f in by_text.items() if t.startswith("Lodging"))
    link = next(f for t, f in by_text.items() if "https://" in t)
    assert "contact" in lodging and "contact" in link
    prose = next(f for t, f in by_text.items() if t.startswith("The colloquium takes place"))
    assert "sentences" in prose
    # the programme's own entries carry none of this
    talks = [f for t, f in by_text.items() if t.startswith(("09:00", "09:30")) or "Maren Oduya" in t]
    assert talks
    for f in talks:
        assert not {"leader", "leader_page", "contact", "sentences", "first_lower"} & set(f)


def test_a_line_continuing_a_sentence_starts_in_lower_case():
    prep = prepare(read_document(b"Workshop on tidal energy\n\nThe organisers thank the port authority for\n"
                                 b"hosting the meeting and the city for the venue\n", "note.txt"))
    feats = document_features(prep, rules_reading(prep)[0])
    flags = {u.text.strip(): "first_lower" in f for u, f in zip(prep.units, feats)}
    assert flags.get("hosting the meeting and the city for the venue") is True
    assert flags.get("Workshop on tidal energy") is False



def test_a_table_of_contents_naming_the_talks_gives_no_entries():
    """Its lines name the talks and their speakers like entries do, but point to pages."""
    from extractors.model import Item, Meeting, Programme, Session, Speaker
    from extractors.segment.finish import drop_contents_lines

    talk = Item(title="Mass balance from drones", speakers=[Speaker(name="Ingrid Solberg")], start_time="10:00")
    contents = Session(title="Overview of talks", items=[
        Item(title="Mass balance from drones  Ingrid Solberg ........................ 4",
             speakers=[Speaker(name="Ingrid Solberg")]),
        Item(title="Debris cover and melt . . . . . . . . . . . . 6"),
        Item(title="Field campaign budget ____________ 11")])
    index = Session(title="Working groups ....................... 12")
    programme = Programme(meeting=Meeting(), sessions=[contents, index, Session(title="Field methods", items=[talk])])
    drop_contents_lines(programme)
    assert [s.title for s in programme.sessions] == ["Overview of talks", "Field methods"]
    assert programme.sessions[0].items == [] and programme.sessions[1].items == [talk]
    # leaders that end in a time or a name are a programme's own layout, not a contents line
    timed = Session(title="Day 1", items=[Item(title="Opening ........ 09:00"), Item(title="Keynote ...... Ana Ruiz")])
    programme = Programme(meeting=Meeting(), sessions=[timed])
    drop_contents_lines(programme)
    assert len(programme.sessions[0].items) == 2


def test_panellists_printed_under_a_paper_join_it_rather_than_make_an_entry():
    from extractors.model import Item, Meeting, Programme, Session, Speaker
    from extractors.segment.finish import join_panellists

    paper = Item(title=None, speakers=[Speaker(name="Wiebke Aalto"), Speaker(name="Dario Fenech")])
    panel = Item(title=None, speakers=[Speaker(name="Mina Osei", role="Panelist"),
                                       Speaker(name="Joel Varga", role="Panelist")])
    # talks whose titles are not printed, one presenter each, stay entries of their own
    talks = [Item(title=None, speakers=[Speaker(name=n)]) for n in ("Ada Kroll", "Ben Ruiz")]
    session = Session(title="Growth and cities", start_time="10:00", items=[paper, panel] + talks)
    programme = Programme(meeting=Meeting(), sessions=[session])
    join_panellists(programme)
    assert session.items == [paper] + talks
    assert [sp.name for sp in paper.speakers] == ["Wiebke Aalto", "Dario Fenech", "Mina Osei", "Joel Varga"]
    # a panel with its own title or time is an entry
    timed = Item(title=None, start_time="11:00", speakers=[Speaker(name="Ida Lund", role="Panelist")])
    titled = Item(title="Round table", speakers=[Speaker(name="Ola Berg", role="Moderator")])
    session.items += [timed, titled]
    join_panellists(programme)
    assert session.items[-2:] == [timed, titled]


def test_an_untimed_entry_the_model_doubts_even_a_little_is_left_out(monkeypatch):
    """The model's doubt about an untimed entry without presenters is enough to leave it out;
    only units it is all but sure of stay."""
    import extractors.roles as roles
    import extractors.roles.model as model_module
    from extractors.roles.readings import Reading

    prep = prepare(read_document(b"Tidal energy day\n\nAgenda\n- Opening of the day\n- Turbine noise studies\n"
                                 b"Please bring a packed lunch\n", "day.txt"))
    sessions, day_dates = rules_reading(prep)
    doubt = {"Opening of the day": 0.01, "Turbine noise studies": 0.02, "Please bring a packed lunch": 0.1}

    class Doubting:
        def probability(self, feats, label):
            return [next((p for t, p in doubt.items() if t in u.text), 0.0) for u in prep.units]

    monkeypatch.setattr(model_module, "current_model", lambda: Doubting())
    _, is_programme, _ = roles.weigh_entries(Reading("rules", prep, sessions, day_dates))
    assert is_programme is not None
    kept = {u.text.lstrip("- ").strip(): k for u, k in zip(prep.units, is_programme)
            if any(t in u.text for t in doubt)}
    assert kept == {"Opening of the day": True, "Turbine noise studies": True, "Please bring a packed lunch": False}


def test_presenters_that_name_no_person_do_not_keep_an_entry_the_model_is_sure_of():
    from extractors.blocks import Unit
    from extractors.model import Item, Meeting, Programme, Session, Speaker
    from extractors.roles import keep_programme

    units = [Unit(text=f"line {k}", start=10 * k, end=10 * k + 6, kind="paragraph") for k in range(4)]
    fee = Item(title="15", speakers=[Speaker(name=None, affiliation="Euro")], char_start=10)
    talk = Item(title="Reading weather diaries", speakers=[Speaker(name="Edda Brink")], char_start=20)
    welcome = Item(title="Welcome", speakers=[Speaker(name=None, affiliation="Harbour Museum")], char_start=30)
    programme = Programme(meeting=Meeting(), sessions=[Session(title="Archives", char_start=0,
                                                               items=[fee, talk, welcome])])
    not_programme = [True, False, False, False]
    sure = [False, True, True, False]  # the model is sure of the fee and of the talk's unit, not of the welcome
    keep_programme(programme, units, not_programme, sure)
    assert programme.sessions[0].items == [talk, welcome]
    # without the model's certainty nothing with presenters goes
    programme.sessions[0].items = [fee, talk, welcome]
    keep_programme(programme, units, not_programme)
    assert programme.sessions[0].items == [fee, talk, welcome]


def test_a_persons_description_without_the_person_is_a_job_line():
    # a speakers' page prints each name with the jobs held under it; the programme's entries
    # name a talk first
    text = ("Forum on Inland Shipping 2042\n\nSpeakers\n\nMARIT SOLBERG\n"
            "Director of Research, Rhine Barge Institute; Adviser, Danube Council\n\nOTTO BRANDT\n"
            "Senior Lecturer, Delft Canal School\n\nProgramme\n\n"
            "10:00 Locks that save water – Marit Solberg (Rhine Barge Institute)\n"
            "10:30 Head winds on open rivers – Otto Brandt (Delft Canal School)\n")
    prep = prepare(read_document(text.encode(), "forum.txt"))
    feats = document_features(prep, rules_reading(prep)[0])
    flags = {u.text.strip(): "job_line" in f for u, f in zip(prep.units, feats)}
    assert flags.get("Director of Research, Rhine Barge Institute; Adviser, Danube Council") is True
    assert flags.get("Senior Lecturer, Delft Canal School") is True
    assert not any(v for t, v in flags.items() if t.startswith("10:"))
