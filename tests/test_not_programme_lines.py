"""Lines printed in or around a programme that are not its entries: slots that only end part
of it or leave time free, and the lines a course page prints after its description."""
from __future__ import annotations

from extractors import extract


def test_end_markers_and_free_time_are_not_entries():
    # a timetable marks where each day ends and leaves an afternoon free: neither is an entry
    text = """Lichen Ecology Workshop 2033

Monday 6 June 2033

09:00-09:30 Crust lichens on basalt - Ilse Dorn (Soil Institute)
09:30-10:00 Nitrogen from the air - Rui Costa (Forest Lab)
10:00-10:30 Lichens as clocks - Maren Holt (Moss Society)
12:30 End of the first day

Tuesday 7 June 2033

09:00-09:30 Growth rings of reindeer moss - Tove Berg (Arctic Station)
09:30-10:00 Mapping lichens from drones - Ana Pires (Remote Sensing Group)
10:00-12:00 Free time (walk in the old town)
12:00 Workshop closes
"""
    prog = extract(text.encode(), "lichens.txt").programme
    titles = [it.title for s in prog.sessions for it in s.items]
    assert "Lichens as clocks" in titles and "Mapping lichens from drones" in titles, titles
    assert not any(t and ("End of" in t or "Free time" in t or "closes" in t) for t in titles), titles


def _course(title: str, teachers: str, when: str, level: str) -> str:
    prose = ("<p>This course introduces the methods of the field step by step. Participants work on their own "
             "material during the afternoon. Short exercises follow each part of the course.</p>"
             "<p>No earlier experience is needed. The course ends with a discussion of the results.</p>")
    return (f"<section><h2>{title}</h2><h3>Speakers: {teachers}</h3><h4>Room: {when}</h4>{prose}"
            f"<dl><dt>Prerequisites</dt><dd>{level}</dd><dt>Software</dt><dd>a web browser</dd></dl></section>")


def test_teachers_entry_is_not_titled_by_a_line_after_the_description():
    # a course page names its teachers under the course title, then describes the course and
    # lists prerequisites: the teachers' entry is untitled, the prerequisites are not its title
    html = ("<html><head><title>Summer School of Bookbinding 2034</title></head><body><h1>Courses</h1>"
            + _course("Paper marbling for beginners", "Oskar Lindqvist and Hedda Falk", "B 2.14",
                      "Beginners")
            + _course("Sewing structures of medieval codices", "Ilona Varga", "C 1.02",
                      "Some practice with needles")
            + _course("Gold tooling on leather", "Teodor Mazur", "Workshop hall", "Advanced")
            + "</body></html>")
    prog = extract(html.encode(), "courses.html").programme
    entries = {s.title: s.items for s in prog.sessions}
    assert "Sewing structures of medieval codices" in entries, list(entries)
    items = entries["Sewing structures of medieval codices"]
    assert [[sp.name for sp in it.speakers] for it in items if it.speakers] == [["Ilona Varga"]], items
    assert all(it.title in (None, "Sewing structures of medieval codices") for it in items if it.speakers), items


def test_copyright_notice_naming_people_is_not_an_entry():
    # a report's pages carry a copyright notice under each chapter: it names people, it is no talk
    text = """Proceedings of the Harbour Ecology Seminar 2035

Session 1: Estuaries

Salt wedges in tidal rivers - Jonas Wirth (Delta Institute)
Oyster reefs as breakwaters - Petra Kova (Coastal Lab)
© Jonas Wirth, Petra Kova and Lena Ortiz

Session 2: Harbours

Noise of ships and fish larvae - Lena Ortiz (Marine Acoustics Group)
Copyright 2035 Lena Ortiz, Marine Acoustics Group
"""
    prog = extract(text.encode(), "seminar.txt").programme
    titles = [it.title or "" for s in prog.sessions for it in s.items]
    names = [sp.name for s in prog.sessions for it in s.items for sp in it.speakers]
    assert "Oyster reefs as breakwaters" in titles, titles
    assert not any("©" in t or "Copyright" in t for t in titles), titles
    assert names.count("Lena Ortiz") == 1, names
