"""PDF programmes end to end: reportlab builds real laid-out PDFs here (day headings,
ruled tables with merged heading rows and bullets, 12-hour times after noon), and the
assertions are on the programme `extract` reads from them."""
from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from extractors import extract


def day_table_programme() -> bytes:
    """An agenda exported from a word processor: a title, a chair line, one ruled table per
    day (Time | Item | Leads) with a merged full-width group row, bulleted sub-entries and
    times printed on a 12-hour clock without am/pm."""
    styles = getSampleStyleSheet()
    story = [Paragraph("Tuna Assessment Workshop 2026, Noumea 24-25th March", styles["Heading2"]),
             Paragraph("Chair: Paul Hamer (Oceanic Fisheries Programme)", styles["Normal"]),
             Spacer(1, 12)]
    days = [
        ("DAY 1 24th March: Bigeye and yellowfin assessments", [
            ["9.00", "Opening, introduction, agenda", "Chair"],
            ["9.30", "Yellowfin assessment 2023 - recap", "Arni Magnus"],
            ["10.30", "Morning tea", ""],
            ["11.00", "Biology (both species)", ""],
            ["", "• Reproductive biology\n• Natural mortality", "Kyu Kim\nNick Davis"],
            ["12.00", "Lunch", ""],
            ["1.30", "Spatial structure of the stocks", "Arni Magnus"],
            ["2.30", "Catch and effort data updates", "Thom Tears"],
        ]),
        ("DAY 2 25th March: Skipjack assessment", [
            ["9.00", "Tagging data summary", "Joe Scott"],
            ["1.00", "Model development", "Kyu Kim"],
        ]),
    ]
    for heading, rows in days:
        story.append(Paragraph(heading, styles["Heading1"]))
        data = [["Time", "Item", "Leads"]] + [[r[0], Paragraph(r[1].replace("\n", "<br/>")),
                                               Paragraph(r[2].replace("\n", "<br/>"))] for r in rows]
        t = Table(data, colWidths=[50, 300, 150])
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [t, Spacer(1, 18)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def test_day_tables_with_group_rows_bullets_and_afternoon_times():
    p = extract(day_table_programme(), "agenda.pdf").programme
    m = p.meeting
    assert (m.title, m.location, m.start_date, m.end_date) == (
        "Tuna Assessment Workshop 2026", "Noumea", "2026-03-24", "2026-03-25")
    assert [(s.number, s.title, s.date) for s in p.sessions] == [
        ("1", "Bigeye and yellowfin assessments", "2026-03-24"), ("2", "Skipjack assessment", "2026-03-25")]
    assert [c.name for c in p.sessions[0].chairs] == ["Paul Hamer"]
    day1 = p.sessions[0].items
    assert [(it.title, it.group) for it in day1] == [
        ("Opening, introduction, agenda", None),
        ("Yellowfin assessment 2023 - recap", None),
        ("Reproductive biology", "Biology (both species)"),
        ("Natural mortality", "Biology (both species)"),
        ("Spatial structure of the stocks", None),
        ("Catch and effort data updates", None),
    ]
    assert day1[0].speakers == []  # "Chair" alone in the Leads column labels the slot, it names no one
    assert [[sp.name for sp in it.speakers] for it in day1[2:4]] == [["Kyu Kim"], ["Nick Davis"]]
    assert [it.start_time for it in day1] == ["09:00", "09:30", None, None, "13:30", "14:30"]
    assert [it.start_time for it in p.sessions[1].items] == ["09:00", "13:00"]
    assert all(it.page == 1 for it in day1)


def two_column_programme() -> bytes:
    """One page, two sessions side by side, italic presenter lines under timed titles."""
    from reportlab.pdfgen import canvas

    width, height = A4
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, height - 60, "Baltic Fisheries Science Meeting 2025")
    c.setFont("Helvetica", 10)
    c.drawString(72, height - 78, "Tallinn, 6 May 2025")
    columns = [
        (60, [("Session 1: Stock status", "h"), ("09:00 Cod in the eastern Baltic", ""),
              ("Anna Tamm, University of Tartu", "i"), ("09:30 Herring growth trends", ""), ("Jonas Berg, SLU", "i")]),
        (320, [("Session 2: Ecosystems", "h"), ("11:00 Seal predation on cod", ""), ("Mikko Virtanen, LUKE", "i"),
               ("11:30 Discussion", "")]),
    ]
    fonts = {"h": ("Helvetica-Bold", 11), "i": ("Helvetica-Oblique", 10), "": ("Helvetica", 10)}
    for x, lines in columns:
        y = height - 120
        for text, kind in lines:
            c.setFont(*fonts[kind])
            c.drawString(x, y, text)
            y -= 20 if kind == "h" else 16
    c.showPage()
    c.save()
    return buf.getvalue()


def test_two_columns_are_read_one_after_the_other():
    p = extract(two_column_programme(), "two-columns.pdf").programme
    assert (p.meeting.title, p.meeting.location, p.meeting.start_date) == (
        "Baltic Fisheries Science Meeting 2025", "Tallinn", "2025-05-06")
    assert [[(it.start_time, it.title, [(sp.name, sp.affiliation) for sp in it.speakers]) for it in s.items]
            for s in p.sessions] == [
        [("09:00", "Cod in the eastern Baltic", [("Anna Tamm", "University of Tartu")]),
         ("09:30", "Herring growth trends", [("Jonas Berg", "SLU")])],
        [("11:00", "Seal predation on cod", [("Mikko Virtanen", "LUKE")]), ("11:30", "Discussion", [])],
    ]
    assert all(sp.bbox is not None and sp.page == 1 for s in p.sessions for it in s.items for sp in it.speakers)


def test_a_title_wrapped_in_italics_inside_a_table_cell_stays_one_title():
    styles = getSampleStyleSheet()
    rows = [["Start", "End", "Research presentations"],
            ["9:30", "9:50", Paragraph("Ann Berg (KTH), Ole Lund (DTU): <i>Measuring contrails from the ground "
                                       "with cameras and lidar over Scandinavia</i>", styles["Normal"])],
            ["9:50", "10:10", Paragraph("Luis Gomez (UPM): <i>Forecast evaluation</i>", styles["Normal"])],
            ["10:10", "10:30", Paragraph("Eva Holm (SMHI): <i>Ice supersaturation in reanalyses</i>", styles["Normal"])],
            ["10:30", "10:50", Paragraph("Kai Weber (DLR): <i>Flight trials</i>", styles["Normal"])]]
    table = Table(rows, colWidths=[40, 40, 250])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build([Paragraph("Contrails Workshop", styles["Title"]), table])
    items = [it for s in extract(buf.getvalue(), "contrails.pdf").programme.sessions for it in s.items]
    assert [(it.start_time, it.end_time, it.title) for it in items] == [
        ("09:30", "09:50", "Measuring contrails from the ground with cameras and lidar over Scandinavia"),
        ("09:50", "10:10", "Forecast evaluation"), ("10:10", "10:30", "Ice supersaturation in reanalyses"),
        ("10:30", "10:50", "Flight trials")]
    assert [(sp.name, sp.affiliation) for sp in items[0].speakers] == [("Ann Berg", "KTH"), ("Ole Lund", "DTU")]
