"""Tables read as entries: grids read column by column, column roles by content, rows
that hold several entries, entries printed over several lines (documents made here)."""
from __future__ import annotations

import io

import docx
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from extractors.extract import extract
from extractors.model import Programme
from pdf_factory import aligned_lines


def items_of(p: Programme) -> list:
    return [it for s in p.sessions for it in s.items]


# --- grids ------------------------------------------------------------------------------

DAYS_GRID = """<html><head><title>Winter school on coastal hydrology</title></head><body>
<h1>Winter school on coastal hydrology</h1>
<table>
<tr><th>Hour</th><th>Monday 9 February 2026</th><th>Tuesday 10 February 2026</th><th>Wednesday 11 February 2026</th></tr>
<tr><td>09:00</td><td rowspan="2">Welcome and field kit</td><td>Tidal inlets<br>Rhea Okafor</td><td>Salt wedges<br>Ilse Vandamme</td></tr>
<tr><td>10:00</td><td>Groundwater seepage<br>Tomasz Wrona</td><td>Dune recharge<br>Pilar Ibarra</td></tr>
<tr><td>11:00</td><td>Estuary sediment budgets<br>Kwame Mensah</td><td>Storm surge models<br>Aiko Tanabe</td><td>Mangrove hydraulics<br>Lars Eklund</td></tr>
</table></body></html>"""


def test_days_as_columns_grid_reads_each_day_as_a_session():
    p = extract(DAYS_GRID.encode(), "school.html").programme
    by_date = {s.date: s for s in p.sessions if s.items}
    assert sorted(by_date) == ["2026-02-09", "2026-02-10", "2026-02-11"]
    monday = by_date["2026-02-09"].items
    assert [(it.title, it.start_time) for it in monday] == [
        ("Welcome and field kit", "09:00"), ("Estuary sediment budgets", "11:00")]
    tuesday = by_date["2026-02-10"].items
    # the rowspan of Monday's first box does not shift Tuesday's boxes into Monday
    assert [(it.title, [sp.name for sp in it.speakers], it.start_time) for it in tuesday] == [
        ("Tidal inlets", ["Rhea Okafor"], "09:00"), ("Groundwater seepage", ["Tomasz Wrona"], "10:00"),
        ("Storm surge models", ["Aiko Tanabe"], "11:00")]
    assert [it.title for it in by_date["2026-02-11"].items] == ["Salt wedges", "Dune recharge", "Mangrove hydraulics"]


def tracks_grid_pdf() -> bytes:
    """Time | two tracks, a full-width coffee band between two blocks of talks."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4))
    style = getSampleStyleSheet()["Normal"]

    def box(title: str, name: str) -> Paragraph:
        return Paragraph(f"{title}<br/><i>{name}</i>", style)  # the presenter in italics under the title

    data = [
        ["", "Track A: Soil physics", "Track B: Remote sensing"],
        ["14:00", box("Capillary barriers in loam", "Nadia Farouk"), box("Lidar canopy gaps", "Owen Prytherch")],
        ["14:30", box("Freeze-thaw cycles", "Svetlana Orlova"), box("Thermal drones for irrigation", "Mateo Quispe")],
        ["15:00", "Coffee break", ""],
        ["15:30", box("Root water uptake", "Helga Sigurdsdottir"), box("Radar soil moisture", "Devika Raman")],
    ]
    table = Table(data, colWidths=[70, 260, 260])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
        ("SPAN", (1, 3), (2, 3)),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
    ]))
    doc.build([table])
    return buf.getvalue()


def test_tracks_as_columns_grid_with_a_break_band():
    p = extract(tracks_grid_pdf(), "tracks.pdf").programme
    tracks: dict[str, list] = {}
    for s in p.sessions:
        tracks.setdefault(s.title, []).extend(s.items)
    assert [(it.title, it.start_time) for it in tracks["Track A: Soil physics"]] == [
        ("Capillary barriers in loam", "14:00"), ("Freeze-thaw cycles", "14:30"), ("Root water uptake", "15:30")]
    assert [[sp.name for sp in it.speakers] for it in tracks["Track B: Remote sensing"]] == [
        ["Owen Prytherch"], ["Mateo Quispe"], ["Devika Raman"]]
    titles = [it.title for it in items_of(p)]
    assert "Coffee break" not in titles  # the band is a break, for every track
    assert not any("Lidar" in (t or "") and "Capillary" in (t or "") for t in titles)  # tracks not mixed


# --- column roles -----------------------------------------------------------------------

def test_header_row_in_words_never_seen_is_not_an_entry():
    """Estonian column names over times, talk titles and presenters (no <th>)."""
    page = """<html><body><h1>Metsanduse päev 2026</h1><table>
<tr><td>Kellaaeg</td><td>Ettekanne</td><td>Esineja</td></tr>
<tr><td>10:00</td><td>Kuusikute kasv kliima soojenedes</td><td>Mari Tamm</td></tr>
<tr><td>10:30</td><td>Raiejäätmete kasutamine energiaks</td><td>Jaan Kask</td></tr>
<tr><td>11:00</td><td>Metsateede hooldus talvel</td><td>Liisa Saar</td></tr>
</table></body></html>"""
    p = extract(page.encode(), "paev.html").programme
    got = [(it.title, [sp.name for sp in it.speakers], it.start_time) for it in items_of(p)]
    assert got == [("Kuusikute kasv kliima soojenedes", ["Mari Tamm"], "10:00"),
                   ("Raiejäätmete kasutamine energiaks", ["Jaan Kask"], "10:30"),
                   ("Metsateede hooldus talvel", ["Liisa Saar"], "11:00")]


def word_table(rows: list[list[str]]) -> bytes:
    d = docx.Document()
    d.add_paragraph("Seminar on urban beekeeping")
    table = d.add_table(rows=0, cols=len(rows[0]))
    for r in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, r):
            lines = text.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_word_table_with_title_and_presenter_in_separate_cells():
    data = word_table([
        ["09:00", "Hive thermals in city parks", "Oona Virtanen"],
        ["09:40", "Pollen diversity on rooftops", "Bram de Ruiter, Femke Jansen"],
        ["10:20", "Varroa checks for beginners", "Akosua Boateng"],
    ])
    p = extract(data, "bees.docx").programme
    got = [(it.title, [sp.name for sp in it.speakers]) for it in items_of(p)]
    assert got == [("Hive thermals in city parks", ["Oona Virtanen"]),
                   ("Pollen diversity on rooftops", ["Bram de Ruiter", "Femke Jansen"]),
                   ("Varroa checks for beginners", ["Akosua Boateng"])]


# --- entries from rows -------------------------------------------------------------------

def three_line_entries_pdf() -> bytes:
    """A borderless Time | Programme table whose entries take three printed lines (title,
    its wrapped end, the presenter): the reader's rows are the printed lines."""
    rows = [("Time", "Programme"),
            ("09:00", "Opening of the colloquium"),
            ("09:15", "Early medieval salt roads across the forests between Regensburg and"),
            ("", "Prague: Bavaria and Bohemia"),
            ("", "Hedwig Strnadová (Charles University)"),
            ("09:45", "Ferrymen, tolls and the river Inn:"),
            ("", "Evidence from Passau charters"),
            ("", "Lukas Wimmer (Universität Passau)"),
            ("10:15", "Coinage Along The Danube Before 1200: A Survey Of Mints And Markets"),
            ("", "Revisited With New Hoards"),
            ("", "Zsófia Kertész (ELTE Budapest)"),
            ("10:45", "Closing discussion")]
    return aligned_lines(rows, (72, 140), bold_first=True)


def test_entries_printed_over_three_lines_are_one_entry_each():
    p = extract(three_line_entries_pdf(), "colloquium.pdf").programme
    got = [(it.title, [(sp.name, sp.affiliation) for sp in it.speakers], it.start_time) for it in items_of(p)]
    assert got == [
        ("Opening of the colloquium", [], "09:00"),
        ("Early medieval salt roads across the forests between Regensburg and Prague: Bavaria and Bohemia",
         [("Hedwig Strnadová", "Charles University")], "09:15"),
        ("Ferrymen, tolls and the river Inn: Evidence from Passau charters",
         [("Lukas Wimmer", "Universität Passau")], "09:45"),
        ("Coinage Along The Danube Before 1200: A Survey Of Mints And Markets Revisited With New Hoards",
         [("Zsófia Kertész", "ELTE Budapest")], "10:15"),
        ("Closing discussion", [], "10:45"),
    ]


def test_a_cell_with_two_stacked_talks_gives_two_entries():
    data = word_table([
        ["09:00", "Opening of the beekeeping seminar"],
        ["09:30", "Hive thermals in city parks\nOona Virtanen (University of Turku)\n"
                  "Pollen diversity on rooftops\nBram de Ruiter (Wageningen University)"],
        ["10:30", "Varroa checks for beginners\nAkosua Boateng (KNUST)"],
    ])
    p = extract(data, "bees.docx").programme
    got = [(it.title, [(sp.name, sp.affiliation) for sp in it.speakers]) for it in items_of(p)]
    assert got == [("Opening of the beekeeping seminar", []),
                   ("Hive thermals in city parks", [("Oona Virtanen", "University of Turku")]),
                   ("Pollen diversity on rooftops", [("Bram de Ruiter", "Wageningen University")]),
                   ("Varroa checks for beginners", [("Akosua Boateng", "KNUST")])]
    assert items_of(p)[1].start_time == "09:30"


def test_titles_and_presenters_stacked_in_two_cells_are_paired_by_order():
    """Word: the talk cell stacks a slot label and quoted titles, the presenter cell the
    names in the same order; chairs in their own column."""
    data = word_table([
        ["Hour", "Slot", "Presenters", "Chairs"],
        ["14:00", "Short papers\n“Wax moth control without chemicals”\n“Queen rearing in small apiaries”",
         "Rafael Montoya\nIngrid Solberg", "Petra Novak"],
        ["15:00", "Closing words", "Oona Virtanen", ""],
    ])
    p = extract(data, "bees.docx").programme
    got = [(it.title, [sp.name for sp in it.speakers]) for it in items_of(p) if it.speakers]
    assert ("Wax moth control without chemicals", ["Rafael Montoya"]) in got
    assert ("Queen rearing in small apiaries", ["Ingrid Solberg"]) in got
    slot = next(s for s in p.sessions if s.title == "Short papers")  # the label heads its talks
    assert [c.name for c in slot.chairs] == ["Petra Novak"]
    assert [it.title for it in slot.items[:2]] == ["Wax moth control without chemicals", "Queen rearing in small apiaries"]


def test_untimed_rows_holding_whole_entries_are_entries_not_more_title():
    """Word: a timed block row, then untimed rows each with a title and its presenter line."""
    data = word_table([
        ["09:00 – 10:30", "Pollinators in towns\nChairs: Oona Virtanen and Bram de Ruiter"],
        ["", "Bumblebee nesting in allotments\nMarta Kowalczyk, University of Gdańsk, Poland"],
        ["", "Street trees as forage\nJonas Eriksen, Aarhus University, Denmark"],
        ["10:30 – 11:00", "Coffee break"],
    ])
    p = extract(data, "bees.docx").programme
    got = {it.title: [(sp.name, sp.affiliation) for sp in it.speakers] for it in items_of(p)}
    assert got["Bumblebee nesting in allotments"][0][0] == "Marta Kowalczyk"
    assert got["Street trees as forage"][0][0] == "Jonas Eriksen"
    assert not any(";" in (t or "") for t in got)  # not glued onto the block's title


def test_entries_keep_where_their_cells_are():
    """An entry merged from three printed lines spans their characters and boxes; a grid
    box's entry has the box of its own cell, not of the whole row."""
    document_text = extract(three_line_entries_pdf(), "colloquium.pdf")
    p, text = document_text.programme, document_text.document.text
    salt = items_of(p)[1]
    span = text[salt.char_start:salt.char_end]
    assert span.startswith("Early medieval") and "Hedwig Strnadová" in span
    assert salt.bbox is not None and salt.bbox[3] - salt.bbox[1] > 30  # three lines high
    tracks = items_of(extract(tracks_grid_pdf(), "tracks.pdf").programme)
    lidar = next(it for it in tracks if it.title == "Lidar canopy gaps")
    capillary = next(it for it in tracks if it.title == "Capillary barriers in loam")
    assert lidar.bbox[0] > capillary.bbox[2]  # each box where its own column is


def test_word_days_grid_with_a_box_over_two_rows_and_a_band():
    d = docx.Document()
    d.add_paragraph("Summer course in glacier monitoring 2027")
    rows = [["", "Monday 5 July 2027", "Tuesday 6 July 2027"],
            ["09:00", "Mass balance basics\nSigrid Halvorsen", "Drone photogrammetry\nTenzing Sherpa"],
            ["10:00", "", "Debris cover\nAmaru Condori"],
            ["11:00", "Lunch", ""],
            ["13:00", "Ice radar practice\nCaitlin Murray", "Field safety\nPiotr Zielinski"]]
    table = d.add_table(rows=len(rows), cols=3)
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            lines = text.split("\n")
            table.cell(r, c).text = lines[0]
            for line in lines[1:]:
                table.cell(r, c).add_paragraph(line)
    table.cell(1, 1).merge(table.cell(2, 1))  # Monday's first box covers two rows
    table.cell(3, 1).merge(table.cell(3, 2))  # the lunch band across both days
    buf = io.BytesIO()
    d.save(buf)
    p = extract(buf.getvalue(), "glaciers.docx").programme
    by_date = {s.date: s for s in p.sessions if s.items}
    assert [(it.title, it.start_time) for it in by_date["2027-07-05"].items] == [
        ("Mass balance basics", "09:00"), ("Ice radar practice", "13:00")]
    assert [(it.title, [sp.name for sp in it.speakers]) for it in by_date["2027-07-06"].items] == [
        ("Drone photogrammetry", ["Tenzing Sherpa"]), ("Debris cover", ["Amaru Condori"]),
        ("Field safety", ["Piotr Zielinski"])]


def test_a_room_column_is_neither_a_track_nor_presenters():
    """Time | activity | place: the place repeats down its column; it is no track of a grid
    and its names ("Aula Magna") are no presenters."""
    page = """<html><body><h1>Jornada de hidrología</h1><table>
<tr><td>Hora</td><td>Actividad</td><td>Lugar</td></tr>
<tr><td>09:00</td><td>Apertura de la jornada y bienvenida</td><td>Aula Magna</td></tr>
<tr><td>09:30</td><td>Modelos de escorrentía en cuencas andinas, Rosa Quispe</td><td>Aula Magna</td></tr>
<tr><td>10:30</td><td>Acuíferos costeros y salinización, Diego Fuentes</td><td>Sala 2</td></tr>
<tr><td>11:30</td><td>Taller de medición de caudales</td><td>Aula Magna</td></tr>
</table></body></html>"""
    p = extract(page.encode(), "jornada.html").programme
    got = [(it.title, [sp.name for sp in it.speakers], it.start_time) for it in items_of(p)]
    assert got == [("Apertura de la jornada y bienvenida", [], "09:00"),
                   ("Modelos de escorrentía en cuencas andinas", ["Rosa Quispe"], "09:30"),
                   ("Acuíferos costeros y salinización", ["Diego Fuentes"], "10:30"),
                   ("Taller de medición de caudales", [], "11:30")]


def test_placeholder_presenters_in_a_presenter_column_name_nobody():
    """"Chair/all" or a lone "Chair" in the presenter column: the item has no speaker (not
    an empty one), while the named rows keep theirs."""
    data = word_table([
        ["08:30", "Follow-up on yesterday's actions", "Chair/all"],
        ["08:45", "Otolith ageing update", "Solveig Brekke"],
        ["09:15", "Open questions", "Chair"],
        ["09:30", "Tag recovery rates", "Hemi Walker, Rua Tane"],
    ])
    p = extract(data, "actions.docx").programme
    assert [(it.title, [(sp.name, sp.affiliation) for sp in it.speakers]) for it in items_of(p)] == [
        ("Follow-up on yesterday's actions", []), ("Otolith ageing update", [("Solveig Brekke", None)]),
        ("Open questions", []), ("Tag recovery rates", [("Hemi Walker", None), ("Rua Tane", None)])]


def side_column_pdf() -> bytes:
    """A ruled table printed line by line: times, a side column of session labels running
    down beside the entries ("Session 4", "Chair:", a name, a note), and entries of a
    presenter line (its organisation wrapped onto the next line) over a title line."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4)
    data = [
        ["14:00", "Session 4", "Ingrid Holm, Norwegian Institute for"],
        ["", "Soils and water", "Bioeconomy Research, Ås, Norway"],
        ["", "", "Drainage ditches as carbon sinks"],
        ["14:20", "", "Kofi Mensah, University of Ghana, Ghana"],
        ["", "Chair:", "Cocoa agroforestry and soil moisture"],
        ["", "Lena Brandt", ""],
        ["14:40", "", "Yuki Sato, Hokkaido University, Japan"],
        ["", "3 talks", "Snowmelt timing and nitrate leaching"],
    ]
    table = Table(data, colWidths=[50, 110, 280])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
    doc.build([table])
    return buf.getvalue()


def test_lines_of_a_side_column_do_not_cut_the_entries_beside_them():
    p = extract(side_column_pdf(), "soils.pdf").programme
    assert [(it.start_time, it.title, [(sp.name, sp.affiliation) for sp in it.speakers]) for it in items_of(p)] == [
        ("14:00", "Drainage ditches as carbon sinks",
         [("Ingrid Holm", "Norwegian Institute for Bioeconomy Research, Ås, Norway")]),
        ("14:20", "Cocoa agroforestry and soil moisture", [("Kofi Mensah", "University of Ghana, Ghana")]),
        ("14:40", "Snowmelt timing and nitrate leaching", [("Yuki Sato", "Hokkaido University, Japan")])]


# Titles that read like "Name (Org)" or "Name: Org" beside a presenter column of their own.
ACRONYM_TITLES = """| Time | Talk | Presenter |
| ---- | ---- | --------- |
| 9:00 am | Adaptive Kalman-Bucy Filtering (AKBF) | Priya Raman |
| 9:40 am | SPARK: Streaming Analytics Runtime Kit | [Oskar Lindqvist](https://example.org/v/1) |
| 10:20 am | Sparse Cholesky updates on GPUs | Mei Tanaka |
"""


def test_a_title_cell_is_the_title_when_the_row_names_its_presenter_in_its_own_column():
    p = extract(("# Numerical methods day\n\n## Morning talks\n\n" + ACRONYM_TITLES).encode(), "day.md").programme
    got = [(it.start_time, it.title, [sp.name for sp in it.speakers]) for it in items_of(p)]
    assert got == [
        ("09:00", "Adaptive Kalman-Bucy Filtering (AKBF)", ["Priya Raman"]),
        ("09:40", "SPARK: Streaming Analytics Runtime Kit", ["Oskar Lindqvist"]),
        ("10:20", "Sparse Cholesky updates on GPUs", ["Mei Tanaka"]),
    ]
