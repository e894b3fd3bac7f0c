"""A scanned programme page: OCR'd items when tesseract is installed, a partial document
with a clear error when it is not. The PDF is made here with reportlab (a picture of text)."""
from __future__ import annotations

import os
import shutil

import pytest

from extractors import extract
from pdf_factory import image_only_page

LINES = [
    "Session 2: Ocean Acidification",
    "Chair: Helen Carter",
    "10:00 Coral reefs under stress, Peter Jansen (Deltares)",
    "10:30 Shellfish farming, Ana Silva (University of Lisbon)",
]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed (Debian tesseract-ocr)")
def test_scanned_page_is_read_by_ocr_into_items_and_speakers():
    e = extract(image_only_page(LINES), "scan.pdf")
    assert not e.document.partial
    sessions = e.programme.sessions
    assert [(s.number, s.title) for s in sessions] == [("2", "Ocean Acidification")]
    assert [c.name for c in sessions[0].chairs] == ["Helen Carter"]
    items = sessions[0].items
    assert [it.title for it in items] == ["Coral reefs under stress", "Shellfish farming"]
    assert [(sp.name, sp.affiliation) for it in items for sp in it.speakers] == [
        ("Peter Jansen", "Deltares"), ("Ana Silva", "University of Lisbon")]
    assert all(sp.method.startswith("ocr") for it in items for sp in it.speakers)
    assert all(it.page == 2 for it in items)


def test_scanned_page_without_tesseract_makes_a_partial_document(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract, no pdftoppm on this PATH
    e = extract(image_only_page(LINES), "scan.pdf")
    assert e.document.partial
    assert any("page 2" in err and "tesseract" in err for err in e.document.errors)
    assert os.environ["PATH"] == str(tmp_path)
