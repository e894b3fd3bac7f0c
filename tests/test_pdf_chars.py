"""`LightPage` (extractors/readers/pdf_chars.py) gives pdfplumber's words, tables and images.

The reader builds its pages with `light_page`; these tests open real PDFs (written with
reportlab) both ways and compare what pdfplumber derives from them.
"""
import io

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

import pdf_factory
from extractors.readers.pdf_chars import CHAR_KEYS, LightPage, light_page

WORD_ATTRS = ["fontname", "size"]


def shifted_mediabox() -> bytes:
    """A landscape page whose MediaBox does not start at (0, 0) (the offsets pdfplumber applies)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=landscape(A4))
    c.setPageSize(landscape(A4))
    c.setFont("Helvetica-Bold", 14)
    c.drawString(60, 500, "Session 3: Oceans and coasts")
    c.setFont("Helvetica", 10)
    c.drawString(80, 480, "Tide gauges in the Baltic, Ines Kallas (Tallinn University)")
    c.setCropBox((20, 30, 800, 580))
    c.showPage()
    c.save()
    data = buf.getvalue()
    return data.replace(b"/MediaBox [ 0 0", b"/MediaBox [ 15 25", 1)


def vertical_writing() -> bytes:
    """A Japanese title set vertically (a CID font with a -V encoding) beside horizontal text:
    pdfminer's vertical glyph boxes."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    font = UnicodeCIDFont("HeiseiMin-W3", isVertical=True)
    pdfmetrics.registerFont(font)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(font.name, 12)
    c.drawString(300, 700, "会議のプログラム")
    c.setFont("Helvetica", 10)
    c.drawString(60, 600, "Session 1: Opening, Ana Ruiz (Utrecht University)")
    c.showPage()
    c.save()
    return buf.getvalue()


def text_state_operators() -> bytes:
    """Text drawn with character and word spacing, horizontal scaling, rise, a rotated matrix,
    a TJ array with kerning and marked content (MCIDs): every term of pdfminer's glyph geometry."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    text = c.beginText(70, 760)
    text.setFont("Times-Roman", 11)
    text.setCharSpace(1.5)
    text.setWordSpace(4)
    text.textLine("Keynote: Salt marshes in a warming delta, Priya Natarajan")
    text.setHorizScale(80)
    text.setRise(3)
    text.textLine("Panel on estuaries (chair: Tomas Lindqvist)")
    c.drawText(text)
    c.saveState()
    c.translate(300, 400)
    c.rotate(33)
    c.setFont("Courier-Oblique", 9)
    c.drawString(0, 0, "Rotated note: posters in Hall B")
    c.restoreState()
    c.saveState()
    c.transform(0, 1, -1, 0, 540, 120)  # a quarter turn: not upright
    c.drawString(0, 0, "Printed sideways")
    c.restoreState()
    c.setFont("Helvetica", 10)
    c.drawString(70, 300, "Marked content follows")  # Helvetica is resource /F3 (after Times, Courier)
    c._code.append("/Span <</MCID 4>> BDC BT /F3 10 Tf 1 0 0 1 70 280 Tm [(Wa) 120 (ter and) -250 (soil,) 40 (K) 80 (im Do)] TJ ET EMC")
    c._code.append("/Artifact BMC BT /F3 8 Tf 2 Tc 70 260 Td (Page 3 of 9) Tj ET EMC")
    c.showPage()
    c.save()
    return buf.getvalue()


PDFS = {
    "single column": pdf_factory.single_column_programme,
    "mixed styles": pdf_factory.mixed_style_line,
    "two columns": pdf_factory.two_column_page,
    "ruled table": pdf_factory.ruled_table,
    "borderless table": pdf_factory.borderless_table,
    "page furniture": pdf_factory.furniture_pages,
    "scanned page": pdf_factory.image_only_page,
    "random programme": lambda: pdf_factory.random_programme(11),
    "shifted MediaBox": shifted_mediabox,
    "vertical writing": vertical_writing,
    "text state operators": text_state_operators,
}


def page_view(page) -> dict:
    """What the reader asks of a page: words with fonts, table cells, images, characters."""
    return {
        "words": page.extract_words(x_tolerance=1.5, y_tolerance=2, extra_attrs=WORD_ATTRS),
        "tables": [table.cells for table in page.find_tables()],
        "images": [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images],
        "chars": [{k: c.get(k) for k in CHAR_KEYS} for c in page.chars],
    }


@pytest.mark.parametrize("name", sorted(PDFS))
def test_light_pages_give_the_same_words_tables_and_images(name):
    with pdfplumber.open(io.BytesIO(PDFS[name]())) as pdf:
        for page in pdf.pages:
            light = light_page(page)
            assert isinstance(light, LightPage)
            assert page_view(light) == page_view(page), f"{name}, page {page.page_number}"
            assert light.chars or name == "scanned page", f"{name}, page {page.page_number}: no characters"


def test_light_chars_leave_out_colours_only():
    with pdfplumber.open(io.BytesIO(pdf_factory.single_column_programme())) as pdf:
        page = pdf.pages[0]
        plain, light = page.chars[0], light_page(page).chars[0]
    assert set(light) == set(CHAR_KEYS)
    assert set(plain) - set(light) <= {"stroking_color", "non_stroking_color", "ncs", "scs"}
    assert light["text"] and light["fontname"].startswith("Helvetica")


def test_text_state_operators_reach_the_characters():
    """The page of `text_state_operators` does exercise what it is meant to (not only upright,
    unspaced, untagged text), so that its comparison above covers those terms."""
    with pdfplumber.open(io.BytesIO(text_state_operators())) as pdf:
        chars = light_page(pdf.pages[0]).chars
    assert any(not c["upright"] for c in chars)
    assert any(c["upright"] and c["matrix"][1] > 0 for c in chars)  # rotated, still upright
    assert {c["mcid"] for c in chars} >= {None, 4}
    assert "Artifact" in {c["tag"] for c in chars}
    words = "".join(c["text"] for c in chars)
    assert "Water andsoil,Kim Do" in words and "Page 3 of 9" in words


def test_a_flushed_light_page_keeps_no_characters():
    """A pdfplumber page refers to itself, so whatever it still holds after `flush_cache` is freed only
    by the garbage collector: the characters must go with the flush (the reader flushes every page)."""
    import sys

    with pdfplumber.open(io.BytesIO(pdf_factory.single_column_programme())) as pdf:
        light = light_page(pdf.pages[0])
        chars = light.chars
        assert chars
        light.flush_cache()
        assert sys.getrefcount(chars) == 2  # this test's name and getrefcount's argument
        assert light.chars == chars  # parsed again when asked again
