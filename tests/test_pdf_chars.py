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
