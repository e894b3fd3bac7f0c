"""Web-page and Markdown programme layouts: how a page prints its slots and lists.

Each document is built here; the assertions are on the units or the programme the
library extracts from it.
"""
from __future__ import annotations

from extractors import extract
from extractors.blocks import document_units
from extractors.readers import read_document


def _units(html: str):
    return document_units(read_document(html.encode("utf-8"), "page.html"))


def test_a_paragraph_of_bullets_is_a_list_and_a_menu_is_not():
    html = ("<html><body>"
            "<p>· <b>TIDES:</b> Forecasting coastal floods (OCEANLAB). "
            "· <b>ROOTS:</b> Soil microbes and drought (AGRIDATA). "
            "· <b>LUMEN:</b> Low-light imaging for field surveys (PHOTONICS).</p>"
            "<p>· Walter Finch (tbc)</p>"
            "<p>Home · Dates · Venue · Contact</p>"
            "</body></html>")
    units = _units(html)
    listed = [u for u in units if u.kind == "list_item"]
    assert [u.text for u in listed] == [
        "TIDES: Forecasting coastal floods (OCEANLAB).",
        "ROOTS: Soil microbes and drought (AGRIDATA).",
        "LUMEN: Low-light imaging for field surveys (PHOTONICS).",
        "Walter Finch (tbc)",
    ]
    text = read_document(html.encode("utf-8"), "page.html").text
    assert all(text[u.start:u.end] == u.text for u in listed)  # offsets still point into the text
    assert not any("Home" in u.text for u in listed)


CARDS = """<html><body><h2>Two days of the coastal science meeting</h2>
<div class="card"><span class="time">09:00 - 09:30</span><h4>Welcome</h4>
<h5>order of speakers to be confirmed</h5>
<p>· Ruth Ashby - Director, Coastal Institute<br>· Omar Haddad - Dean of Marine Science</p></div>
<div class="card"><span class="time">09:30 - 11:00</span><h4>A.1 Sea level and storms</h4>
<h5>Research talks</h5>
<p>· <b>TIDES:</b> Forecasting coastal floods (OCEANLAB). · <b>SURGE:</b> Storm surge ensembles (METEO).
· <b>DUNE:</b> Sand dune recovery after storms (GEOLAB).</p></div>
<div class="card"><span class="time">11:00 - 11:20</span><h4>Coffee break</h4><h5></h5></div>
<div class="card"><span class="time">11:20 - 12:40</span><h4>A.2 Living shorelines</h4>
<h5>Research talks</h5>
<p>· <b>REEF:</b> Oyster reefs as breakwaters (BIOMAR).<br>· <b>MARSH:</b> Salt marsh carbon (ECOCARB).</p></div>
<div class="card"><span class="time">12:40 - 13:40</span><h4>Industry and coasts</h4>
<h5>Panel</h5>
<p>· <b>Ports:</b> Adapting harbours (PORTNET). · <b>Energy:</b> Offshore wind siting (WINDCO).</p></div>
<div class="card"><span class="time">13:40 - 14:00</span><h4>Closing of day one</h4><h5></h5></div>
</body></html>"""


def test_a_heading_always_printed_under_a_higher_heading_is_its_subtitle():
    p = extract(CARDS.encode("utf-8"), "cards.html").programme
    titles = [s.title for s in p.sessions if s.title]
    assert "order of speakers to be confirmed" not in titles and "Panel" not in titles
    assert "Industry and coasts" in titles
    by_title = {s.title: s for s in p.sessions}
    assert [it.title.split(":")[0] for it in by_title["A.1 Sea level and storms"].items] == ["TIDES", "SURGE", "DUNE"]
    assert [it.title.split(":")[0] for it in by_title["Industry and coasts"].items] == ["Ports", "Energy"]


SLOT_ROWS = """# Schedule

**Friday, 7 March 2025**

<table>
  <tr><td>09:00 &ndash; 09:15</td><td>Welcome<br/>Hannah Reyes</td></tr>
  <tr><td>09:15 &ndash; 10:30</td><td>
    <h4>Contributed Talks</h4>
    (Session Chair: Liam Porter)
    <ul>
      <li>Sparse sensing of river discharge<br><i>Nora Field, Ivan Petrov</i></li>
      <li>Glacier melt under aerosol load<br><i>Mei Lin, Carlos Ortega, Ruth Adler</i></li>
      <li>Rainfall nowcasting with radar mosaics<br><i>Samuel Okafor</i></li>
    </ul>
  </td></tr>
  <tr><td>10:30 &ndash; 11:00</td><td>Break</td></tr>
  <tr><td>11:00 &ndash; 11:40</td><td>
    <h4>Lightning Talks</h4>
    <ul>
      <li>Drought indices for smallholders<br><i>Amara Diallo, Tom Becker</i></li>
      <li>Flood maps from phone photos<br><i>Julia Novak</i></li>
    </ul>
  </td></tr>
  <tr><td>11:40 &ndash; 11:50</td><td><h4>Farewell</h4>Hannah Reyes</td></tr>
</table>
"""


def test_timed_rows_whose_label_heads_several_entries_are_sessions():
    p = extract(SLOT_ROWS.encode("utf-8"), "schedule.md").programme
    by_title = {s.title: s for s in p.sessions}
    assert list(by_title) == ["Welcome", "Contributed Talks", "Lightning Talks", "Farewell"]
    talks = by_title["Contributed Talks"].items
    assert [it.title for it in talks] == ["Sparse sensing of river discharge", "Glacier melt under aerosol load",
                                          "Rainfall nowcasting with radar mosaics"]
    assert [sp.name for sp in talks[1].speakers] == ["Mei Lin", "Carlos Ortega", "Ruth Adler"]
    welcome = by_title["Welcome"].items
    assert len(welcome) == 1 and welcome[0].title is None and welcome[0].speakers[0].name == "Hannah Reyes"


def _grid_row(time: str, *cells: str) -> str:
    return f"<tr><td>{time}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


TRACK_GRID = ("<html><body><h2>Open mapping day</h2><p>Friday, 14 November 2025</p><table>"
              "<tr><th>time</th><th>Track A (Main hall)</th><th>Track B (Room 12)</th></tr>"
              + _grid_row("9h00", "Tiling vector data at scale<br>Ada Moreau", "Routing for cargo bikes<br>Lars Vik")
              + _grid_row("9h30", "Offline maps for rangers<br>Kofi Mensah", "Street trees from lidar<br>Ines Duarte")
              + "<tr><td>10h00</td><td colspan='2'>Coffee break</td></tr>"
              + _grid_row("10h30", "Gazetteers for minority languages<br>Sara Lind", "Noise maps with citizens<br>Paul Weber")
              + _grid_row("11h00", "Map printing revisited<br>Rita Gomes", "Flood zones in the browser<br>Yann Leroy")
              + "</table></body></html>")


def test_a_track_printed_again_after_a_break_is_the_same_session():
    p = extract(TRACK_GRID.encode("utf-8"), "grid.html").programme
    tracks = [s for s in p.sessions if s.title and s.title.startswith("Track")]
    assert [s.title for s in tracks] == ["Track A", "Track B"]
    assert [it.title for it in tracks[0].items] == ["Tiling vector data at scale", "Offline maps for rangers",
                                                    "Gazetteers for minority languages", "Map printing revisited"]
    assert [sp.name for it in tracks[1].items for sp in it.speakers] == ["Lars Vik", "Ines Duarte", "Paul Weber",
                                                                          "Yann Leroy"]


ROOMS = """# Working group agenda

## Tuesday, 4 March 2025

_09:30-11:00 Session 2 - Lecture Hall 3_

* 20 min - Key rotation for small devices - Ana Pires
* 30 min - Replay windows revisited - Tomas Berg

_13:00-14:30 Session 3 - Town Hall_

* 40 min - Open questions from implementers - Lea Novak
"""


def test_a_room_after_a_session_number_is_not_its_title():
    p = extract(ROOMS.encode("utf-8"), "agenda.md").programme
    assert [(s.number, s.title) for s in p.sessions if s.number] == [("2", None), ("3", "Town Hall")]
