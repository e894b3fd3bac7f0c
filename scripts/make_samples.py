"""Build the sample .docx programme under raw/ (invented content) with python-docx.

    .venv/bin/python scripts/make_samples.py [OUT_DIR]

Deterministic apart from the docx container's timestamps; re-run to regenerate.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document

TITLE = "Regional Water Governance Forum 2025"
INTRO = "Nairobi, 9 June 2025 · United Nations Office at Nairobi (UNON)"

# (time, item title, [speaker lines]) per session
SESSIONS: list[tuple[str, str, list[tuple[str, str, list[str]]]]] = [
    ("Session 1", "Basins shared across borders", [
        ("09:00", "Opening remarks", ["Grace Wanjiru, Ministry of Water, Sanitation and Irrigation"]),
        ("09:20", "Data sharing in the Nile Basin", ["Dr. Ahmed Farouk, Nile Basin Initiative (NBI)"]),
        ("10:00", "Groundwater monitoring with communities", ["Lucy Achieng, Kenya Water Institute",
                                                              "Peter Mwangi, WaterAid"]),
    ]),
    ("Session 2", "Financing resilient utilities", [
        ("11:00", "Tariffs that keep the taps running", ["Samuel Otieno, African Development Bank (AfDB)"]),
        ("11:40", "Climate funds for small towns", ["Maria Santos, Green Climate Fund"]),
    ]),
]


def build(path: Path) -> Path:
    """Write the sample programme to `path`: title, intro, then one table per session."""
    doc = Document()
    doc.core_properties.title = TITLE
    doc.add_heading(TITLE, level=1)
    doc.add_paragraph(INTRO)
    for label, title, rows in SESSIONS:
        doc.add_heading(f"{label} – {title}", level=2)
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for time, item, speakers in rows:
            cells = table.add_row().cells
            cells[0].text = time
            cells[1].text = item
            for speaker in speakers:
                cells[1].add_paragraph(speaker)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "raw"
    print(build(out / "water-forum-2025.docx"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
