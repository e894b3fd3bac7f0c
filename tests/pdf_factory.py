"""Builders of small real PDFs (reportlab) for the PDF reader tests and the benchmark.

Each function writes one PDF and returns its bytes. Coordinates below are reportlab's
(bottom-left origin); the reader sees top-left coordinates.
"""
from __future__ import annotations

import io
import random
from typing import Optional

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

WIDTH, HEIGHT = A4


def _canvas(buf: io.BytesIO, **kwargs) -> canvas.Canvas:
    return canvas.Canvas(buf, pagesize=A4, **kwargs)


def single_column_programme() -> bytes:
    """Title, a bold 14 pt session heading, an italic chair line, items, a hyphenated
    paragraph wrapped over two lines."""
    buf = io.BytesIO()
    c = _canvas(buf)
    y = HEIGHT - 72
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, y, "Workshop on Coastal Erosion 2024")
    y -= 36
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, y, "Session 1: Measuring the shoreline")
    y -= 22
    c.setFont("Helvetica-Oblique", 11)
    c.drawString(72, y, "Chair: Maria Lopez, University of Cadiz")
    y -= 22
    c.setFont("Helvetica", 11)
    for line in ["09:00 Drone surveys of dunes, Peter Jansen (Deltares)",
                 "09:30 Tide gauges revisited, Ana Silva (University of Lisbon)"]:
        c.drawString(72, y, line)
        y -= 22
    # a paragraph wrapped at the right margin with a hyphenated word
    right = WIDTH - 72
    first = "This year the organisers prepared an extended discussion pro-"
    size = 11
    # stretch the first line to the right margin by word spacing
    words = first.split(" ")
    natural = c.stringWidth(first, "Helvetica", size)
    extra = (right - 72 - natural) / (len(words) - 1)
    c.setFont("Helvetica", size)
    x = 72
    for w in words:
        c.drawString(x, y, w)
        x += c.stringWidth(w + " ", "Helvetica", size) + extra
    y -= 14
    c.drawString(72, y, "gramme for all participants.")
    c.showPage()
    c.save()
    return buf.getvalue()


def mixed_style_line() -> bytes:
    """One line: regular "Name (Affil): " then an italic title."""
    buf = io.BytesIO()
    c = _canvas(buf)
    c.setFont("Helvetica", 11)
    lead = "Jane Roe (MIT): "
    c.drawString(72, HEIGHT - 72, lead)
    c.setFont("Helvetica-Oblique", 11)
    c.drawString(72 + c.stringWidth(lead, "Helvetica", 11), HEIGHT - 72, "Contrails over oceans")
    c.showPage()
    c.save()
    return buf.getvalue()


def two_column_page(n_lines: int = 18) -> bytes:
    """A full-width title, then two text columns whose lines share baselines."""
    buf = io.BytesIO()
    c = _canvas(buf)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, HEIGHT - 60, "Conference on Soil Science: Full Programme Overview")
    c.setFont("Helvetica", 10)
    for i in range(n_lines):
        y = HEIGHT - 100 - i * 14
        c.drawString(60, y, f"Left column line {i:02d} about soils and roots")
        c.drawString(WIDTH / 2 + 20, y, f"Right column line {i:02d} about rivers and rain")
    c.showPage()
    c.save()
    return buf.getvalue()


def ruled_table() -> bytes:
    """A bordered Time | Title | Speaker table with a merged full-width break row and a
    chair cell merged over two rows."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4)
    data = [
        ["Time", "Title", "Speaker", "Chair"],
        ["09:00", "Opening remarks", "Ann Lee (WHO)", "Bo Chen"],
        ["09:30", "Malaria vaccines", "Raj Patel (ICMR)", ""],
        ["10:00 Coffee break", "", "", ""],
        ["10:30", "Dengue mapping", "Eva Nowak (PZH)", "Carl Berg"],
    ]
    table = Table(data, colWidths=[90, 170, 130, 80])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
        ("SPAN", (0, 3), (-1, 3)),
        ("SPAN", (3, 1), (3, 2)),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
    ]))
    doc.build([table])
    return buf.getvalue()


def borderless_table() -> bytes:
    """Start | End | content lines aligned at fixed x positions, one wrapped content line."""
    rows = [("Start", "End", "Agenda"), ("08:30", "09:00", "Arrival and coffee"),
            ("09:00", "09:20", "Anna Berg (KTH): Measuring contrails from the ground with cameras"),
            ("09:20", "09:40", "Luis Gomez (UPM): Forecast evaluation"),
            ("09:40", "10:00", "Discussion"), ("10:00", "", "Lunch")]
    return aligned_lines(rows, (72, 130, 190), pitch=16)


def aligned_lines(rows: list[tuple[str, ...]], xs: tuple[float, ...], pitch: float = 15,
                  bold_first: bool = False) -> bytes:
    """One page of lines whose fields start at the x positions `xs` (a borderless table);
    empty fields are left out, the first line is bold when `bold_first`."""
    buf = io.BytesIO()
    c = _canvas(buf)
    y = HEIGHT - 80
    for i, fields in enumerate(rows):
        c.setFont("Helvetica-Bold" if bold_first and i == 0 else "Helvetica", 11)
        for x, text in zip(xs, fields):
            if text:
                c.drawString(x, y, text)
        y -= pitch
    c.showPage()
    c.save()
    return buf.getvalue()


def _paged(n_pages: int, furniture, body, top: float) -> bytes:
    """Pages with small furniture lines (`furniture(page)` → (x, y, text)s) and the
    body lines `body(page)` from `top` down."""
    buf = io.BytesIO()
    c = _canvas(buf)
    for p in range(1, n_pages + 1):
        c.setFont("Helvetica", 9)
        for x, y, text in furniture(p):
            c.drawString(x, y, text)
        c.setFont("Helvetica", 11)
        for i, line in enumerate(body(p)):
            c.drawString(72, top - i * 20, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def furniture_pages(n_pages: int = 3) -> bytes:
    """Pages with a running header, a "Page N of M" footer and body lines."""
    return _paged(n_pages, lambda p: [(72, HEIGHT - 40, "Annual Meeting of the Geology Society 2024"),
                                      (WIDTH / 2 - 20, 30, f"Page {p} of {n_pages}")],
                  lambda p: [f"Day {p} talk {i}: rocks and minerals number {p * 10 + i}" for i in range(5)], HEIGHT - 120)


def book_pages(n_pages: int = 6) -> bytes:
    """A book's pages: the running header alternates, the report's title with the page
    number on even (left) pages, the editors' names and the number on odd (right) ones."""
    def header(p: int) -> list:
        if p == 1:
            return []
        return [(72, HEIGHT - 40, f"{p} Seminar 4471 – Soil Microbes and Drought" if p % 2 == 0
                 else f"Ana Ruiz, Tomas Berg and Lea Vos {p}")]
    return _paged(n_pages, header,
                  lambda p: [f"Paragraph {i} of chapter {p}: roots, fungi and {p * 7 + i} dry weeks" for i in range(4)],
                  HEIGHT - 200)


def image_only_page(lines: Optional[list[str]] = None) -> bytes:
    """A page that is only a picture of text (a scan), plus a normal text page before it."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    lines = lines or ["Session 2: Ocean Acidification", "Chair: Helen Carter"]
    img = Image.new("L", (1700, 80 + 110 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 56)
    except OSError:
        font = ImageFont.load_default(size=56)
    for i, text in enumerate(lines):
        draw.text((40, 40 + i * 110), text, fill=0, font=font)
    buf = io.BytesIO()
    c = _canvas(buf)
    c.setFont("Helvetica", 11)
    c.drawString(72, HEIGHT - 72, "Programme of the Marine Chemistry Workshop")
    c.showPage()
    height = 510 * img.height / img.width  # keep the picture's proportions (300 dpi-like)
    c.drawImage(ImageReader(img), 40, HEIGHT - 140 - height, width=510, height=height)
    c.showPage()
    c.save()
    return buf.getvalue()


def encrypted(user_password: str) -> bytes:
    """A one-line PDF encrypted with `user_password` (empty: opens without one)."""
    from reportlab.lib import pdfencrypt

    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner-secret", canPrint=1)
    c = _canvas(buf, encrypt=enc)
    c.setFont("Helvetica", 11)
    c.drawString(72, HEIGHT - 72, "Confidential programme")
    c.showPage()
    c.save()
    return buf.getvalue()


def random_programme(seed: int, n_pages: int = 3) -> bytes:
    """A multi-page programme for benchmarks: headings, timed items, a table per page."""
    rng = random.Random(seed)
    styles = getSampleStyleSheet()
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    story = [Paragraph(f"Symposium {seed} on Applied Topics", styles["Title"])]
    for p in range(n_pages):
        story.append(Paragraph(f"Session {p + 1}: Theme {rng.randint(1, 99)}", styles["Heading2"]))
        for i in range(12):
            story.append(Paragraph(
                f"{9 + i // 2:02d}:{(i % 2) * 30:02d} Talk {i} on topic {rng.randint(1, 999)}, "
                f"Speaker {rng.choice('ABCDEFG')}. Person (Institute {rng.randint(1, 50)})", styles["Normal"]))
        rows = [["Time", "Title", "Speaker"]] + [
            [f"{14 + i}:00", f"Panel {rng.randint(1, 99)}", f"Name {i}"] for i in range(6)]
        t = Table(rows)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story += [Spacer(1, 12), t, PageBreak()]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def superscript_legend_programme() -> bytes:
    """Author lines with raised, smaller affiliation numbers and the numbered legend under
    them (as LaTeX and Word print author lists), and an ordinal ("4th") set the same way."""
    buf = io.BytesIO()
    c = _canvas(buf)

    def line(y: float, parts: list[tuple[str, float, float]]) -> None:
        x = 72.0
        for text, size, rise in parts:
            t = c.beginText(x, y + rise)
            t.setFont("Helvetica", size)
            t.textOut(text)
            c.drawText(t)
            x += c.stringWidth(text, "Helvetica", size)

    line(780, [("Colloquium on Desert Hydrology", 14, 0)])
    line(750, [("Session 1: Aquifers", 12, 0)])
    line(720, [("Recharge under shifting dunes", 11, 0)])
    line(705, [("Yusuf Adeleke", 11, 0), ("1", 7, 4), (", Ingrid Holmberg", 11, 0), ("1,2", 7, 4)])
    line(690, [("1", 7, 4), (" University of Ibadan, ", 9, 0), ("2", 7, 4), (" Stockholm University", 9, 0)])
    line(660, [("Poster walk on the 4", 11, 0), ("th", 7, 4), (" floor", 11, 0)])
    c.save()
    return buf.getvalue()


def hanging_indent_entries(heading: str, entries: list[str], times: list[str], short: tuple[str, str]) -> bytes:
    """A programme typeset like LaTeX's: a bold session heading, times in the left margin,
    each entry a justified paragraph with a hanging indent (first line out, wrapped lines
    in), words hyphenated at line ends; then `short`: a short title over its indented
    presenter line."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    buf = io.BytesIO()
    c = _canvas(buf)
    style = ParagraphStyle("entry", fontName="Times-Roman", fontSize=10, leading=12, alignment=TA_JUSTIFY,
                           leftIndent=10, firstLineIndent=-10)
    c.setFont("Times-Bold", 12)
    c.drawString(120, HEIGHT - 80, heading)
    y = HEIGHT - 100
    for when, text in zip(times, entries):
        c.setFont("Times-Roman", 10)
        c.drawString(60, y - 9, when)
        p = Paragraph(text, style)
        _, h = p.wrapOn(c, 340, 400)
        p.drawOn(c, 120, y - h)
        y -= h + 14
    c.setFont("Times-Roman", 10)
    c.drawString(60, y - 9, times[len(entries)])
    c.drawString(120, y - 9, short[0])
    c.drawString(130, y - 21, short[1])
    c.showPage()
    c.save()
    return buf.getvalue()


def two_day_columns(days: list[tuple[str, list[tuple[str, str, str]]]]) -> bytes:
    """A poster-like page: a centred banner, then one column per day side by side, each a
    bold day heading and slots whose time stands in the column's own left margin, apart from
    the slot title, over presenter lines justified to the column width. `days`: (heading,
    [(time, title, presenters)]). The columns are set independently, so their lines do not
    share baselines."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    buf = io.BytesIO()
    c = _canvas(buf)
    c.setFont("Helvetica", 9)
    for i, line in enumerate(["Seminar series on the history of science", "2025/2026"]):
        c.drawCentredString(WIDTH / 2, HEIGHT - 40 - i * 11, line)
    c.setFont("Helvetica-Bold", 20)
    c.drawCentredString(WIDTH / 2, HEIGHT - 90, "Instruments and Observatories")
    style = ParagraphStyle("names", fontName="Helvetica", fontSize=8, leading=10, alignment=TA_JUSTIFY)
    col_width = (WIDTH - 80) / len(days)
    for k, (heading, slots) in enumerate(days):
        x = 40 + k * col_width
        c.setFont("Helvetica-Bold", 13)
        c.drawString(x + 50, HEIGHT - 140, heading)
        y = HEIGHT - 170 - 4 * k  # the columns start at different heights
        for when, title, presenters in slots:
            c.setFont("Helvetica", 10)
            c.drawString(x, y, when)
            c.drawString(x + 42, y, title)
            p = Paragraph(presenters, style)
            _, h = p.wrapOn(c, col_width - 60, 200)
            p.drawOn(c, x + 42, y - 6 - h)
            y -= h + 30 + 3 * k
    c.showPage()
    c.save()
    return buf.getvalue()


def indented_lines(lines: list[tuple[float, float, str, bool]], pitch: float = 14) -> bytes:
    """One page of single lines, each `(x, size, text, bold)`: titles over indented, smaller
    author lines, role lines with a co-chair indented under the first name, and the like."""
    buf = io.BytesIO()
    c = _canvas(buf)
    y = HEIGHT - 80
    for x, size, text, bold in lines:
        c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        c.drawString(x, y, text)
        y -= pitch if size < 12 else pitch + 8
    c.showPage()
    c.save()
    return buf.getvalue()


def panel_sheet(panels: list[list[tuple[float, str]]], font_sizes: Optional[list[float]] = None,
                pitch: float = 13) -> bytes:
    """One landscape A4 sheet cut into len(panels) equal panels (a folded leaflet, or two
    pages imposed two-up); each panel prints its (indent, text) lines from the top, all
    panels on the same baselines, with a 36 pt margin inside each panel."""
    return panel_sheets([(panels, font_sizes)], pitch)


def panel_sheets(sheets: list[tuple[list[list[tuple[float, str]]], Optional[list[float]]]],
                 pitch: float = 13) -> bytes:
    """Several sheets as `panel_sheet` prints one: (panels, font size of each panel)."""
    from reportlab.lib.pagesizes import landscape
    buf = io.BytesIO()
    width, height = landscape(A4)
    c = canvas.Canvas(buf, pagesize=(width, height))
    for panels, font_sizes in sheets:
        panel_width = width / len(panels)
        for k, lines in enumerate(panels):
            size = (font_sizes or [10] * len(panels))[k]
            c.setFont("Helvetica", size)
            for i, (indent, text) in enumerate(lines):
                c.drawString(k * panel_width + 36 + indent, height - 60 - i * max(pitch, size * 1.3), text)
        c.showPage()
    c.save()
    return buf.getvalue()
