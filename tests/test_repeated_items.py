"""A talk printed again after the timetable (its abstract under "Title" and its presenter) is
one talk; a numbered session with nothing listed under it stays in a numbered series; a timed
entry stays whatever the role model says."""
from __future__ import annotations

from extractors import extract
from extractors.blocks import Unit
from extractors.model import Item, Meeting, Programme, Session, Speaker
from extractors.roles import keep_programme
from extractors.segment.finish import drop_repeated_items

TIMETABLE_THEN_ABSTRACTS = """# Colloquium on Alpine Glaciology 2032

## Thursday, 8 April 2032

| Time | Title | Speaker |
| ---- | ----- | ------- |
| 09:00 | Meltwater routing beneath temperate glaciers | Ondine Ravel |
| 09:30 | Seismic tremor of calving fronts in Svalbard | Piet Harmsen |
| 10:00 | Debris cover and summer ablation rates | Kasia Wrona |

## Abstracts

“Meltwater routing beneath temperate glaciers”, Ondine Ravel

We drilled forty boreholes along the centre line and report how the drainage changed over three summers.

“Seismic tremor of calving fronts in Svalbard”, Piet Harmsen

Geophones placed near the front recorded tremor that precedes the largest calving events by hours.

“Debris cover and summer ablation rates”, Kasia Wrona

Thin debris speeds melting while a thick cover insulates the ice beneath it, as our stakes show.
"""


def test_abstracts_after_the_timetable_add_no_talks() -> None:
    programme = extract(TIMETABLE_THEN_ABSTRACTS.encode(), "glaciology.md").programme
    items = [it for s in programme.sessions for it in s.items]
    for title, name in [("Meltwater routing beneath temperate glaciers", "Ondine Ravel"),
                        ("Seismic tremor of calving fronts in Svalbard", "Piet Harmsen"),
                        ("Debris cover and summer ablation rates", "Kasia Wrona")]:
        printed = [it for it in items if it.title == title]
        assert len(printed) == 1 and printed[0].start_time and [sp.name for sp in printed[0].speakers] == [name]


def _item(title: str, name: str | None = None, time: str | None = None) -> Item:
    item = Item(title=title, speakers=[Speaker(name=name)] if name else [])
    item.start_time = time
    return item


def test_a_repetition_goes_and_lends_its_presenters() -> None:
    first = _item("Tidal mixing in narrow fjords", time="10:00")
    other = _item("Plataforma de simulação de bacias", "Rui Teles", "11:00")
    programme = Programme(meeting=Meeting(), sessions=[
        Session(title="Day 1", items=[first, other]),
        Session(title="Abstracts", items=[_item("Tidal mixing in narrow fjords Anna Berglund", "Anna Berglund"),
                                          # a longer title that only opens with an earlier one: another talk
                                          _item("O motor da plataforma de simulação de bacias", "Rui Teles")]),
    ])
    drop_repeated_items(programme)
    assert [it.title for s in programme.sessions for it in s.items] == [
        "Tidal mixing in narrow fjords", "Plataforma de simulação de bacias", "O motor da plataforma de simulação de bacias"]
    assert [sp.name for sp in first.speakers] == ["Anna Berglund"]


def test_a_session_left_empty_by_repetitions_goes() -> None:
    programme = Programme(meeting=Meeting(), sessions=[
        Session(title="Day 1", items=[_item("Tidal mixing in narrow fjords", "Anna Berglund", "10:00")]),
        Session(title="Abstracts", items=[_item("Tidal mixing in narrow fjords")]),
    ])
    drop_repeated_items(programme)
    assert [s.title for s in programme.sessions] == ["Day 1"]


def test_numbered_sessions_with_nothing_listed_stay() -> None:
    units = [Unit(text=f"line {k}", start=10 * k, end=10 * k + 6, kind="paragraph") for k in range(5)]
    not_programme = [False] * len(units)  # the model finds no unit programme
    sessions = [Session(number=str(n), title=f"Theme {n}", char_start=10 * n) for n in (1, 2, 3)]
    sessions[0].items = [_item("Opening talk", "Anna Berglund")]
    programme = Programme(meeting=Meeting(), sessions=sessions)
    keep_programme(programme, units, not_programme)
    assert [s.number for s in programme.sessions] == ["1", "2", "3"]
    # one numbered heading is no series: with nothing under it, it goes like any other
    lone = Programme(meeting=Meeting(), sessions=[Session(number="1", title="Theme 1", char_start=10),
                                                   Session(title="Notes", char_start=20)])
    keep_programme(lone, units, not_programme)
    assert lone.sessions == []


def test_timed_entries_stay_whatever_the_model_says() -> None:
    units = [Unit(text=f"line {k}", start=10 * k, end=10 * k + 6, kind="paragraph") for k in range(3)]
    timed, untimed = _item("Poster walk", time="15:30"), _item("We thank the local organisers")
    timed.char_start, untimed.char_start = 10, 20
    programme = Programme(meeting=Meeting(), sessions=[Session(title="Friday", char_start=0, items=[timed, untimed])])
    keep_programme(programme, units, [True, False, False])
    assert [it.title for s in programme.sessions for it in s.items] == ["Poster walk"]
