"""The PDF reader on real PDFs built with reportlab (tests/pdf_factory.py)."""
from __future__ import annotations

import shutil

import pytest

from extractors.readers.pdf import is_page_number, read_pdf
from extractors.readers.pdf_layout import Word, fix_letter_spacing
import pdf_factory


def _texts(doc):
    return [b.text for b in doc.blocks]


def _block(doc, startswith):
    return next(b for b in doc.blocks if b.text.startswith(startswith))


def test_single_column_typography():
    doc = read_pdf(pdf_factory.single_column_programme())
    assert doc.format == "pdf" and doc.n_pages == 1
    heading = _block(doc, "Session 1")
    assert heading.bold and heading.size_ratio > 1.1 and heading.kind == "heading"
    chair = _block(doc, "Chair:")
    assert chair.italic and not chair.bold and chair.size_ratio == pytest.approx(1.0)
    title = _block(doc, "Workshop on Coastal")
    assert title.level == 1 and heading.level == 2
    assert all(b.page == 1 and b.bbox for b in doc.blocks)


def test_hyphenated_line_break_is_joined():
    doc = read_pdf(pdf_factory.single_column_programme())
    para = _block(doc, "This year")
    assert "discussion programme for all participants." in para.text
    assert para.kind == "paragraph" and len(para.lines) == 2


def test_offsets_index_document_text():
    for data in (pdf_factory.single_column_programme(), pdf_factory.ruled_table(), pdf_factory.furniture_pages()):
        doc = read_pdf(data)
        assert doc.blocks
        for b in doc.blocks:
            assert doc.text[b.char_start:b.char_end] == b.text
    doc = read_pdf(pdf_factory.furniture_pages())
    page2 = next(b for b in doc.blocks if b.page == 2)
    assert doc.text[page2.char_start - 2:page2.char_start] == "\n\n"


def test_mixed_style_runs():
    doc = read_pdf(pdf_factory.mixed_style_line())
    (block,) = doc.blocks
    assert block.text == "Jane Roe (MIT): Contrails over oceans"
    assert not block.italic
    italic = [block.text[s.start:s.end] for s in block.styles if s.italic]
    assert italic == ["Contrails over oceans"]


def test_two_columns_are_not_interleaved():
    doc = read_pdf(pdf_factory.two_column_page())
    texts = _texts(doc)
    assert texts[0].startswith("Conference on Soil Science")
    left = [i for i, t in enumerate(texts) if t.startswith("Left column")]
    right = [i for i, t in enumerate(texts) if t.startswith("Right column")]
    assert len(left) == 18 and len(right) == 18
    assert max(left) < min(right)
    assert {doc.blocks[i].column for i in left} == {0} and {doc.blocks[i].column for i in right} == {1}


def test_ruled_table_rows_and_cells():
    doc = read_pdf(pdf_factory.ruled_table())
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [
        ["Time", "Title", "Speaker", "Chair"],
        ["09:00", "Opening remarks", "Ann Lee (WHO)", "Bo Chen"],
        ["09:30", "Malaria vaccines", "Raj Patel (ICMR)", ""],
        ["10:00 Coffee break", "", "", ""],
        ["10:30", "Dengue mapping", "Eva Nowak (PZH)", "Carl Berg"],
    ]
    assert rows[0].header and not rows[1].header
    assert rows[1].rowspans[3] == 2 and rows[2].rowspans[3] == 0
    assert {r.table_id for r in rows} == {0} and [r.row_index for r in rows] == list(range(5))
    assert rows[1].text == "09:00 | Opening remarks | Ann Lee (WHO) | Bo Chen"


def test_borderless_table_cells():
    doc = read_pdf(pdf_factory.borderless_table())
    rows = [b.cells for b in doc.blocks if b.kind == "table_row"]
    assert rows[0] == ["Start", "End", "Agenda"]
    assert ["09:20", "09:40", "Luis Gomez (UPM): Forecast evaluation"] in rows
    assert ["10:00", "", "Lunch"] in rows
    assert len(rows) == 6


def test_page_furniture_dropped():
    doc = read_pdf(pdf_factory.furniture_pages(3))
    assert doc.n_pages == 3
    assert not any("Geology Society" in t or t.startswith("Page ") for t in _texts(doc))
    assert sum(1 for t in _texts(doc) if t.startswith("Day ")) == 15


def test_running_headers_that_alternate_between_left_and_right_pages_are_dropped():
    doc = read_pdf(pdf_factory.book_pages(7))
    texts = _texts(doc)
    assert not any("Soil Microbes" in t or "Lea Vos" in t for t in texts)
    assert sum(1 for t in texts if t.startswith("Paragraph ")) == 28


@pytest.mark.parametrize("text,expected", [
    ("3", True), ("Page 3 of 5", True), ("- 3 -", True), ("3/5", True), ("page 12", True),
    ("3 May", False), ("Session 3", False), ("09:00", False),
])
def test_page_number_patterns(text, expected):
    assert is_page_number(text) is expected


@pytest.mark.parametrize("letters,expected", [
    (["M", "o", "s", "a", "ï", "q", "u", "e", "s", " d", "e"], ["Mosaïques", "de"]),
    (["1", "1", " M", "A", "I"], ["11", "MAI"]),
    (["A", "B"], ["A", "B"]),
])
def test_letter_spacing_joined(letters, expected):
    words, x = [], 100.0
    for ch in letters:
        if ch.startswith(" "):
            x += 12.0  # a word gap
        words.append(Word(ch.strip(), x, x + 8.0, 10.0, 30.0, 20.0))
        x += 8.0 + 1.0
    assert [w.text for w in fix_letter_spacing(words)] == expected


def test_encrypted_with_empty_user_password_opens():
    doc = read_pdf(pdf_factory.encrypted(""))
    assert _texts(doc) == ["Confidential programme"]


def test_encrypted_with_password_raises():
    with pytest.raises(ValueError, match="password"):
        read_pdf(pdf_factory.encrypted("s3cret"))


def test_garbage_raises_value_error():
    with pytest.raises(ValueError):
        read_pdf(b"not a pdf at all")


def test_image_only_page_is_ocred():
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract not installed")
    doc = read_pdf(pdf_factory.image_only_page())
    assert not doc.partial and not doc.errors
    ocr = [b for b in doc.blocks if b.method == "ocr"]
    assert ocr and all(b.page == 2 for b in ocr)
    text = " ".join(b.text for b in ocr)
    assert "Ocean Acidification" in text and "Helen Carter" in text
    assert _texts(doc)[0] == "Programme of the Marine Chemistry Workshop"


def test_image_only_page_without_tesseract(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no tesseract, no pdftoppm
    doc = read_pdf(pdf_factory.image_only_page())
    assert doc.partial
    assert doc.errors == ["page 2 has no text layer and tesseract is not installed"]
    assert _texts(doc) == ["Programme of the Marine Chemistry Workshop"]


def test_day_columns_with_times_in_their_margins_are_read_one_after_the_other():
    days = [("Monday, 2 March", [("09:00", "Clocks at sea", "Harriet NOLAN and Oskar BRANDT as speakers, "
                                  "with Lucia FERRARO, Pieter DE VRIES and Amina OKAFOR as discussants."),
                                 ("10:30", "Lenses and their makers", "Tomas NOVAK as speaker."),
                                 ("12:00", "Break", ""),
                                 ("13:15", "Star catalogues before print", "Ingrid LARSEN, Mateo ROJAS and "
                                  "Yuki TANAKA as speakers, with Chloe MARTIN as discussant.")]),
            ("Tuesday, 3 March", [("09:15", "Surveying the meridian", "Emil KOWALSKI and Sara LINDQVIST as "
                                   "speakers, with Rafael MENDES and Olga PETROVA as discussants."),
                                  ("11:00", "Observatory archives", "Hugo LAMBERT, Ines CARVALHO and Jan DVORAK as "
                                   "speakers, with Marta KOVAC and Lars EKLUND as discussants."),
                                  ("12:30", "Closing remarks", "Nadia HASSAN and Felix WEBER.")])]
    doc = read_pdf(pdf_factory.two_day_columns(days))
    texts = _texts(doc)
    monday, tuesday = texts.index("Monday, 2 March"), texts.index("Tuesday, 3 March")
    assert monday < texts.index("13:15 Star catalogues before print") < tuesday < texts.index("09:15 Surveying the meridian")
    assert "Harriet NOLAN and Oskar BRANDT as speakers, with Lucia FERRARO, Pieter DE VRIES and Amina OKAFOR " \
           "as discussants." in texts
    assert "Emil KOWALSKI and Sara LINDQVIST as speakers, with Rafael MENDES and Olga PETROVA as discussants." in texts
    assert {b.column for b in doc.blocks if b.text.startswith(("09:15", "Hugo", "Nadia"))} == {1}


# --- sheets of panels: a folded leaflet, a booklet imposed two-up ----------------------------


def _panel_of(doc, marks: tuple[str, ...]) -> list[int]:
    """For each block, which of `marks` it holds (every block must hold exactly one)."""
    out = []
    for b in doc.blocks:
        held = [i for i, m in enumerate(marks) if m in b.text]
        assert len(held) == 1, b.text
        out.append(held[0])
    return out


def test_three_panel_leaflet_reads_panel_after_panel():
    lichens = [(0, f"Lichen walk {i}: crusts on granite") for i in range(12)]
    tides = [(0, "Tide pools at dawn"), (10, "with the harbour warden")] * 6
    moths = [(0, f"Moth night {i}, light trap by the barn") for i in range(12)]
    doc = read_pdf(pdf_factory.panel_sheet([lichens, tides, moths]))
    order = [(k + 1) // 2 for k in _panel_of(doc, ("Lichen", "Tide pools", "harbour", "Moth"))]
    assert order == sorted(order) and set(order) == {0, 1, 2}  # and no line mixes two panels


def test_booklet_sheet_keeps_its_pages_apart():
    """A page of entries beside a cover page of a few large lines: the entries are read
    before the cover and no entry line takes a line of the cover."""
    entries = []
    for i in range(10):
        entries += [(0, f"14.{10 + i} Bridge inspection drones, talk {i}"), (60, "Olga Brandt (Delft)")]
    cover = [(40, "RIVER ENGINEERING"), (40, "DAY SCHOOL"), (40, "Spring term")]
    doc = read_pdf(pdf_factory.panel_sheet([entries, cover], font_sizes=[9, 20], pitch=13))
    order = _panel_of(doc, ("Bridge", "Brandt", "RIVER", "DAY SCHOOL", "Spring"))
    assert order[:20] == [0, 1] * 10 and order[20:] == [2, 3, 4]


def test_landscape_table_across_the_middle_is_not_cut_into_panels():
    """Lines crossing the middle of a landscape page: one page, read row by row."""
    rows = [(0, f"{9 + i}:00   Seminar on glacier retreat and meltwater chemistry in the high valleys "
                f"of the western range, session {i}") for i in range(8)]
    doc = read_pdf(pdf_factory.panel_sheet([rows]))
    assert [b.text.split()[0] for b in doc.blocks] == [f"{9 + i}:00" for i in range(8)]


def _day(name: str, n: int) -> list[tuple[float, str]]:
    return [(0, name)] + [(0, f"{9 + i}.00 {name} workshop on kiln firing, part {i}") for i in range(n)]


def test_folded_booklet_reads_cover_then_inside_then_back():
    """A booklet imposed two-up: the outside sheet prints the back page (its last day) left
    of the front cover, the inside sheet the two middle pages."""
    outside = ([_day("Thursday", 8), [(30, "POTTERY"), (30, "SUMMER SCHOOL")]], [9, 24])
    inside = ([_day("Tuesday", 8), _day("Wednesday", 8)], [9, 9])
    doc = read_pdf(pdf_factory.panel_sheets([outside, inside]))
    firsts = [b.text for b in doc.blocks if b.text in ("POTTERY", "Tuesday", "Wednesday", "Thursday")]
    assert firsts == ["POTTERY", "Tuesday", "Wednesday", "Thursday"]
    assert [b.page for b in doc.blocks if b.text in firsts] == [1, 2, 2, 1]


def test_sheet_without_a_cover_keeps_the_page_order():
    """Two sheets of programme panels with no cover among them: read page after page."""
    first = ([_day("Monday", 8), _day("Tuesday", 8)], [9, 9])
    second = ([_day("Wednesday", 8), _day("Thursday", 8)], [9, 9])
    doc = read_pdf(pdf_factory.panel_sheets([first, second]))
    days = [b.text for b in doc.blocks if b.text in ("Monday", "Tuesday", "Wednesday", "Thursday")]
    assert days == ["Monday", "Tuesday", "Wednesday", "Thursday"]
