"""Build a deterministic corpus of programme documents for the benchmark (`make bench`).

    python scripts/make_corpus.py OUT_DIR [--n 200] [--seed 7] [--start 0]

Writes `--n` documents numbered from `--start` into OUT_DIR: about 80 % multi-page PDFs
(reportlab, `invariant` mode so the bytes depend on the seed only) in five programme
layouts, the rest HTML, plain text and Markdown programmes. The same arguments always give
the same bytes, so benchmark runs compare like with like.

Layouts (`LAYOUTS`, one function each):
    pdf_timed_list     day headings, session headings, "09:00 Title, Name (Affiliation)" lines
    pdf_ruled_table    one ruled table per day: Time | Title | Speaker | Affiliation
    pdf_chaired        numbered sessions with a "Chair:" line and bulleted talks, italic titles
    pdf_borderless     a borderless two-column table: time column, then title / speaker lines
    pdf_two_column     two text columns of sessions on each page
    html_list          <h2> sessions and <li> talks
    html_table         a <table> per day
    text_plain         "Session N – Title" and "- Title, Name, Affiliation" lines
    markdown           "## Session" headings and "* **Title** — Name (Affiliation)" bullets
"""
from __future__ import annotations

import argparse
import html
import io
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

rl_config.invariant = 1  # no timestamps or random ids in the PDFs: same seed, same bytes

WIDTH, HEIGHT = A4
GIVEN = ["Anna", "Marco", "Jan", "Lena", "Paul", "Sofia", "Ahmed", "Mei", "Carlos", "Ingrid", "Kwame", "Yuki",
         "Olga", "Rafael", "Amina", "Tomás", "Elif", "Priya", "Lars", "Chloé", "Diego", "Hana", "Omar", "Zofia"]
SURNAMES = ["de Vries", "Bianchi", "Kowalski", "Huber", "Martin", "Rossi", "Haddad", "Chen", "García", "Larsen",
            "Mensah", "Tanaka", "Ivanova", "Oliveira", "Diallo", "Novák", "Yilmaz", "Sharma", "Berg", "Dubois",
            "Fernández", "Kim", "Farouk", "Nowak", "O'Brien", "Schmidt"]
AFFILIATIONS = ["Utrecht University", "University of Padua", "Wageningen University", "University of Vienna",
                "Météo-France", "Deltares", "University of Ghana", "Kyoto University", "UNESCO", "World Bank",
                "ETH Zurich", "University of Cape Town", "CSIRO", "Sorbonne University", "University of Oslo",
                "Instituto Superior Técnico", "National Oceanography Centre", "Max Planck Institute for Meteorology"]
TOPICS = ["river restoration", "urban heat", "coastal erosion", "soil carbon", "drought risk", "sediment budgets",
          "groundwater recharge", "flood forecasting", "wetland monitoring", "marine heatwaves", "crop models",
          "air quality", "glacier retreat", "open data", "citizen science", "remote sensing"]
VERBS = ["Measuring", "Mapping", "Modelling", "Monitoring", "Rethinking", "Scaling up", "Forecasting", "Governing"]
PLACES = ["Utrecht", "Vienna", "Lisbon", "Accra", "Kyoto", "Oslo", "Cape Town", "Montréal", "Valparaíso"]
MONTHS = ["March", "April", "May", "June", "September", "October", "November"]


# --------------------------------------------------------------------------- content


@dataclass
class Talk:
    """One item: time, title, speaker name and affiliation."""

    time: str
    title: str
    name: str
    affiliation: str


@dataclass
class Session:
    """One session: number, title, chair and talks."""

    number: int
    title: str
    chair: str
    talks: list[Talk] = field(default_factory=list)


@dataclass
class Programme:
    """A generated meeting: title, place, days (each a list of sessions)."""

    title: str
    place: str
    year: int
    month: str
    first_day: int
    days: list[list[Session]]


def person(rng: random.Random) -> str:
    """A random person's name."""
    return f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"


def talk_title(rng: random.Random) -> str:
    """A random talk title."""
    return f"{rng.choice(VERBS)} {rng.choice(TOPICS)} in {rng.choice(PLACES)}"


def programme(rng: random.Random, n_days: int, sessions_per_day: int, talks_per_session: int) -> Programme:
    """A random programme with the given shape."""
    days, number = [], 1
    for _day in range(n_days):
        sessions = []
        for s in range(sessions_per_day):
            hour = 9 + 3 * s
            talks = [Talk(f"{hour + (20 * t) // 60:02d}:{(20 * t) % 60:02d}", talk_title(rng), person(rng),
                          rng.choice(AFFILIATIONS)) for t in range(talks_per_session)]
            sessions.append(Session(number, rng.choice(TOPICS).capitalize(), person(rng), talks))
            number += 1
        days.append(sessions)
    topic = rng.choice(TOPICS).title()
    return Programme(title=f"{rng.choice(['Workshop', 'Symposium', 'Conference', 'Forum'])} on {topic}",
                     place=rng.choice(PLACES), year=rng.randint(2015, 2026), month=rng.choice(MONTHS),
                     first_day=rng.randint(1, 20), days=days)


def day_label(p: Programme, d: int) -> str:
    """'Day 2 – 13 May 2024'."""
    return f"Day {d + 1} – {p.first_day + d} {p.month} {p.year}"


# --------------------------------------------------------------------------- PDF layouts


def _platypus(story: list) -> bytes:
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, invariant=1).build(story)
    return buf.getvalue()


def pdf_timed_list(p: Programme) -> bytes:
    """Headings and timed one-line talks (platypus paragraphs)."""
    st = getSampleStyleSheet()
    story = [Paragraph(p.title, st["Title"]), Paragraph(f"{p.place}, {p.first_day} {p.month} {p.year}", st["Normal"])]
    for d, sessions in enumerate(p.days):
        story.append(Paragraph(day_label(p, d), st["Heading1"]))
        for s in sessions:
            story.append(Paragraph(f"Session {s.number}: {s.title}", st["Heading2"]))
            for t in s.talks:
                story.append(Paragraph(html.escape(f"{t.time} {t.title}, {t.name} ({t.affiliation})"), st["Normal"]))
        if d < len(p.days) - 1:
            story.append(PageBreak())
    return _platypus(story)


def pdf_ruled_table(p: Programme) -> bytes:
    """One ruled table per day, a header row and one row per talk."""
    st = getSampleStyleSheet()
    story = [Paragraph(p.title, st["Title"])]
    for d, sessions in enumerate(p.days):
        story.append(Paragraph(day_label(p, d), st["Heading2"]))
        rows = [["Time", "Title", "Speaker", "Affiliation"]]
        for s in sessions:
            rows.append(["", f"Session {s.number}: {s.title}", "", ""])
            rows += [[t.time, t.title, t.name, t.affiliation] for t in s.talks]
        table = Table(rows, colWidths=[45, 200, 100, 140])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("FONTSIZE", (0, 0), (-1, -1), 8)]))
        story += [table, PageBreak()] if d < len(p.days) - 1 else [table]
    return _platypus(story)


def pdf_chaired(p: Programme) -> bytes:
    """Numbered sessions, a chair line, bulleted talks with italic titles."""
    st = getSampleStyleSheet()
    story = [Paragraph(p.title, st["Title"]), Paragraph(f"{p.place}, {p.month} {p.year}", st["Normal"])]
    for d, sessions in enumerate(p.days):
        for s in sessions:
            story.append(Paragraph(f"Session {s.number} – {s.title}", st["Heading2"]))
            story.append(Paragraph(f"Chair: {html.escape(s.chair)}", st["Normal"]))
            for t in s.talks:
                story.append(Paragraph(f"• {t.time} <i>{html.escape(t.title)}</i> – {html.escape(t.name)}, "
                                       f"{html.escape(t.affiliation)}", st["Normal"]))
            story.append(Spacer(1, 8))
        if d < len(p.days) - 1:
            story.append(PageBreak())
    return _platypus(story)


def pdf_borderless(p: Programme) -> bytes:
    """A time column and a text column (title, then speaker) without rules (canvas)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    y = HEIGHT - 72

    def need(space: float) -> None:
        nonlocal y
        if y - space < 72:
            c.showPage()
            y = HEIGHT - 72

    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, y, p.title)
    y -= 40
    for d, sessions in enumerate(p.days):
        need(60)
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, y, day_label(p, d))
        y -= 26
        for s in sessions:
            need(40)
            c.setFont("Helvetica-Bold", 12)
            c.drawString(72, y, f"Session {s.number}. {s.title}")
            y -= 20
            for t in s.talks:
                need(34)
                c.setFont("Helvetica", 10)
                c.drawString(72, y, t.time)
                c.drawString(140, y, t.title)
                c.setFont("Helvetica-Oblique", 10)
                c.drawString(140, y - 13, f"{t.name}, {t.affiliation}")
                y -= 32
    c.showPage()
    c.save()
    return buf.getvalue()


def pdf_two_column(p: Programme) -> bytes:
    """Sessions in two text columns per page (canvas)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    col_x, col_w = [50, WIDTH / 2 + 10], WIDTH / 2 - 60
    sessions = [s for day in p.days for s in day]
    col, y = 0, HEIGHT - 110
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, HEIGHT - 60, p.title)
    for s in sessions:
        if y < 72 + 20 * (len(s.talks) + 1):
            col += 1
            y = HEIGHT - 72
            if col == 2:
                c.showPage()
                col = 0
        x = col_x[col]
        c.setFont("Helvetica-Bold", 11)
        c.drawString(x, y, f"Session {s.number}: {s.title}"[:45])
        y -= 16
        c.setFont("Helvetica", 9)
        for t in s.talks:
            c.drawString(x, y, f"{t.time} {t.title}"[:int(col_w / 4.5)])
            c.drawString(x + 10, y - 11, f"{t.name} ({t.affiliation})"[:int(col_w / 4.5)])
            y -= 26
        y -= 10
    c.showPage()
    c.save()
    return buf.getvalue()


# --------------------------------------------------------------------------- HTML and text


def html_list(p: Programme) -> bytes:
    """<h2> sessions and <li> talks."""
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(p.title)}</title></head><body>",
             f"<h1>{html.escape(p.title)}</h1><p>{p.first_day} {p.month} {p.year}, {p.place}</p>"]
    for sessions in p.days:
        for s in sessions:
            parts.append(f"<h2>Session {s.number} – {html.escape(s.title)}</h2><ul>")
            parts += [f"<li>{t.time} {html.escape(t.title)}, {html.escape(t.name)}, {html.escape(t.affiliation)}</li>"
                      for t in s.talks]
            parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def html_table(p: Programme) -> bytes:
    """A <table> per day."""
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(p.title)}</title></head><body>",
             f"<h1>{html.escape(p.title)}</h1>"]
    for d, sessions in enumerate(p.days):
        parts.append(f"<h2>{html.escape(day_label(p, d))}</h2><table><tr><th>Time</th><th>Talk</th><th>Speaker</th></tr>")
        for s in sessions:
            parts.append(f"<tr><td colspan='3'><b>Session {s.number}: {html.escape(s.title)}</b></td></tr>")
            parts += [f"<tr><td>{t.time}</td><td>{html.escape(t.title)}</td>"
                      f"<td>{html.escape(t.name)} ({html.escape(t.affiliation)})</td></tr>" for t in s.talks]
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def text_plain(p: Programme) -> bytes:
    """'Session N – Title' headings and '- Title, Name, Affiliation' lines."""
    lines = [p.title, f"{p.place}, {p.first_day} {p.month} {p.year}", ""]
    for sessions in p.days:
        for s in sessions:
            lines.append(f"Session {s.number} – {s.title}")
            lines += [f"- {t.title}, {t.name}, {t.affiliation}" for t in s.talks]
            lines.append("")
    return "\n".join(lines).encode("utf-8")


def markdown(p: Programme) -> bytes:
    """'## Session' headings and bullet talks with bold titles."""
    lines = [f"# {p.title}", "", f"{p.first_day} {p.month} {p.year}, {p.place}", ""]
    for sessions in p.days:
        for s in sessions:
            lines += [f"## Session {s.number}: {s.title}", ""]
            lines += [f"* {t.time} **{t.title}** — {t.name} ({t.affiliation})" for t in s.talks]
            lines.append("")
    return "\n".join(lines).encode("utf-8")


# --------------------------------------------------------------------------- corpus

Layout = Callable[[Programme], bytes]
# (layout, file suffix, weight): PDFs are 80 % of the corpus.
LAYOUTS: list[tuple[Layout, str, int]] = [
    (pdf_timed_list, ".pdf", 5),
    (pdf_ruled_table, ".pdf", 4),
    (pdf_chaired, ".pdf", 4),
    (pdf_borderless, ".pdf", 2),
    (pdf_two_column, ".pdf", 1),
    (html_list, ".html", 1),
    (html_table, ".html", 1),
    (text_plain, ".txt", 1),
    (markdown, ".md", 1),
]


def document(index: int, seed: int) -> tuple[str, bytes]:
    """The file name and bytes of document `index` of the corpus made with `seed`."""
    rng = random.Random(seed * 100_003 + index)
    layout, suffix, _ = rng.choices(LAYOUTS, weights=[w for _, _, w in LAYOUTS])[0]
    shape = (rng.randint(1, 3), rng.randint(2, 4), rng.randint(3, 7)) if suffix == ".pdf" else (1, rng.randint(2, 4), 4)
    p = programme(rng, *shape)
    return f"prog-{index:04d}-{layout.__name__}{suffix}", layout(p)


def make_corpus(out_dir: Path, n: int = 200, seed: int = 7, start: int = 0) -> list[Path]:
    """Write documents `start` .. `start + n - 1` into `out_dir`; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(start, start + n):
        name, data = document(index, seed)
        path = out_dir / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line: write the corpus and print what was written."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", type=int, default=0)
    args = ap.parse_args(argv)
    paths = make_corpus(args.out_dir, args.n, args.seed, args.start)
    by_suffix: dict[str, int] = {}
    for path in paths:
        by_suffix[path.suffix] = by_suffix.get(path.suffix, 0) + 1
    print(f"{len(paths)} documents in {args.out_dir}: " + ", ".join(f"{n} {s}" for s, n in sorted(by_suffix.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
