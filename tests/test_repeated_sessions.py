"""A session's schedule is not its title; a session printed in the overview and again over its
list of entries is one session; the author list after a title's last sentence is its presenters."""
from __future__ import annotations

import pytest

from extractors import extract
from extractors.dates import is_schedule
from extractors.headings import match_session_heading
from extractors.speakers import split_item


@pytest.mark.parametrize("text, expected", [
    ("Wednesday, 2:30pm.", True),
    ("Sat 4 October, 11:00-12:15", True),
    ("jeudi 9 avril à 9h", True),
    ("Wednesday workshop on soils", False),
    ("Hall 4", False),
    ("Opening of the afternoon", False),
])
def test_what_only_says_when(text: str, expected: bool) -> None:
    assert is_schedule(text) is expected


@pytest.mark.parametrize("line, label", [
    ("Demo Session 3. Wednesday, 2:30pm.", "Demo Session 3"),
    ("Session B – Sat 4 October, 11:00-12:15", "Session B"),
])
def test_a_heading_followed_by_its_schedule_has_no_title(line: str, label: str) -> None:
    heading = match_session_heading(line)
    assert heading is not None and heading.title is None and heading.label == label


OVERVIEW_THEN_LISTINGS = """# Workshop on River Sediments 2031

## Tuesday

- 09:00 Opening words
- 09:30 Demo Session A
- Lobby, Ground Floor
- 11:00 Demo Session B
- 12:30 Lunch

## Demonstrations

### Demo Session A. Tuesday, 9:30am.

- Sediment Cores in a Box. Ilse Varga (Kestrel Institute)
- Mapping Silt with Drones. Paolo Ruhe (Aldane University)
- A Flume on a Table. Mirela Szabo (Kestrel Institute)

### Demo Session B. Tuesday, 11:00am.

- Turbidity at Home. Tomasz Lind (Orvik College)
- Gravel Sorting Games. Hanne Quist (Aldane University)
"""


def test_a_session_listed_again_over_its_entries_is_one_session() -> None:
    programme = extract(OVERVIEW_THEN_LISTINGS.encode(), "workshop.md").programme
    demo = [s for s in programme.sessions if (s.title or "").startswith("Demo Session")]
    assert [(s.title, len(s.items)) for s in demo] == [("Demo Session A", 3), ("Demo Session B", 2)]
    first = demo[0].items[0]
    assert first.title == "Sediment Cores in a Box" and [sp.name for sp in first.speakers] == ["Ilse Varga"]


DAY_RESTARTS = """# Basin Modelling Days

## Monday

### Session 1

- 09:00 Rain over Karst. Ana Pires (Lumen Lab)
- 09:30 Snow and Sand. Karl Oster (Vessel University)

## Tuesday

### Session 1

- 09:00 Tides and Dunes. Rui Mota (Lumen Lab)
- 09:30 Wind on Water. Eva Lund (Vessel University)
"""


def test_two_full_sessions_with_one_label_stay_apart() -> None:
    programme = extract(DAY_RESTARTS.encode(), "days.md").programme
    sizes = [len(s.items) for s in programme.sessions if s.number == "1"]
    assert sizes == [2, 2]


@pytest.mark.parametrize("text, title, names", [
    ("Soil Memory: What Roots Remember. Lotte Brink (Haarlem Soil Lab)", "Soil Memory: What Roots Remember",
     ["Lotte Brink"]),
    ("Counting Bees – Evidence from Orchards. Omar Haddad (Valletta University)", "Counting Bees – Evidence from Orchards",
     ["Omar Haddad"]),
    ("Un modèle des crues : retour d'expérience. Chloé Marchand (Université de Nîmes)",
     "Un modèle des crues : retour d'expérience", ["Chloé Marchand"]),
    ("Fish Ladders in the Alps and Beyond. Jonas Weber (ETH Lab), Sofia Greco (Turin Institute)",
     "Fish Ladders in the Alps and Beyond", ["Jonas Weber", "Sofia Greco"]),
    # the organisation named in the title too: read by parentheses, the name would stay in the title
    ("¿Cómo llegué a trabajar en Tierra Azul? Noa Quintela (Tierra Azul)", "¿Cómo llegué a trabajar en Tierra Azul?",
     ["Noa Quintela"]),
    ("¿Por qué fundé Río Claro? Tomás Ureña (Río Claro)", "¿Por qué fundé Río Claro?", ["Tomás Ureña"]),
])
def test_presenters_after_the_titles_last_sentence(text: str, title: str, names: list[str]) -> None:
    lang = "fr" if "Université" in text else "es" if "¿" in text else "en"
    parse = split_item(text, lang)
    assert parse.title == title
    assert [sp.name for sp in parse.speakers] == names
