"""OCR of PDF pages without a text layer, through the `tesseract` command.

The page is rendered with `pdftoppm` (poppler) at OCR_DPI, tesseract's TSV output gives
word boxes, and those become layout `Word`s in PDF points, so OCR'd pages go through
the same rows → lines → paragraphs steps as text pages. Nothing is downloaded; when
tesseract (or pdftoppm) is missing, `ocr_available()` says so and the reader reports the
pages instead.
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from .pdf_layout import Word

OCR_DPI = 300
OCR_TIMEOUT_S = 120
MIN_WORD_CONFIDENCE = 30.0
PREFERRED_LANGUAGES = ("eng", "fra")  # used when installed, joined with "+"


def ocr_available() -> bool:
    """True when both `tesseract` and `pdftoppm` are on PATH."""
    return shutil.which("tesseract") is not None and shutil.which("pdftoppm") is not None


def tesseract_languages() -> str:
    """The "-l" argument: the preferred languages tesseract has installed ("eng" at least)."""
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                             timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return "eng"
    installed = {ln.strip() for ln in out.splitlines()[1:]}
    langs = [lang for lang in PREFERRED_LANGUAGES if lang in installed]
    return "+".join(langs) or "eng"


def render_page(pdf_path: Path, page_number: int, out_dir: Path) -> Path:
    """Render one page (1-based) to PNG with pdftoppm; returns the image path."""
    prefix = out_dir / f"p{page_number}"
    subprocess.run(["pdftoppm", "-r", str(OCR_DPI), "-f", str(page_number), "-l", str(page_number),
                    "-png", "-singlefile", str(pdf_path), str(prefix)],
                   check=True, capture_output=True, timeout=OCR_TIMEOUT_S)
    return prefix.with_suffix(".png")


def parse_tsv(tsv: str, dpi: int = OCR_DPI) -> list[Word]:
    """Tesseract TSV (level 5 rows) → Words in PDF points; low-confidence words dropped.

    The font size is estimated from the word's line height.
    """
    scale = 72.0 / dpi
    words = []
    line_heights: dict[tuple[str, str, str], float] = {}
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    for r in rows:
        if r.get("level") == "4":
            line_heights[(r["block_num"], r["par_num"], r["line_num"])] = float(r["height"]) * scale
    for r in rows:
        if r.get("level") != "5" or not (r.get("text") or "").strip():
            continue
        if float(r.get("conf") or -1) < MIN_WORD_CONFIDENCE:
            continue
        left, top = float(r["left"]) * scale, float(r["top"]) * scale
        width, height = float(r["width"]) * scale, float(r["height"]) * scale
        size = line_heights.get((r["block_num"], r["par_num"], r["line_num"]), height)
        words.append(Word(r["text"].strip(), left, left + width, top, top + height, round(size, 1)))
    return words


def ocr_page(pdf_path: Path, page_number: int, languages: Optional[str] = None) -> list[Word]:
    """OCR one page of the PDF at `pdf_path` into Words (PDF points, top-left origin)."""
    with tempfile.TemporaryDirectory(prefix="pdfocr-") as tmp:
        image = render_page(pdf_path, page_number, Path(tmp))
        proc = subprocess.run(["tesseract", str(image), "stdout", "--psm", "4",
                               "-l", languages or tesseract_languages(), "tsv"],
                              capture_output=True, text=True, timeout=OCR_TIMEOUT_S, check=True)
    return parse_tsv(proc.stdout)
