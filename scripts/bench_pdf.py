"""Benchmark the PDF reader against a plain pdfplumber `extract_words` pass.

    python scripts/bench_pdf.py [FOLDER] [--n 20] [--pages 3] [--seed 7]

With a FOLDER, every *.pdf under it is read; without one, N multi-page programme PDFs are
generated with reportlab (seeded) into a temporary folder. Prints pages/s of `read_pdf`
beside pages/s of `extract_words` over the same files in the same run, and their ratio.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from extractors.readers.pdf import read_pdf  # noqa: E402


def generate(folder: Path, n: int, pages: int, seed: int) -> list[Path]:
    """Write `n` generated programme PDFs into `folder`."""
    import pdf_factory

    paths = []
    for i in range(n):
        path = folder / f"programme_{i:03d}.pdf"
        path.write_bytes(pdf_factory.random_programme(seed * 1000 + i, n_pages=pages))
        paths.append(path)
    return paths


def plain_pass(data: list[bytes]) -> tuple[int, float]:
    """Pages and seconds for pdfplumber `extract_words` over every page."""
    import io

    start, pages = time.perf_counter(), 0
    for d in data:
        with pdfplumber.open(io.BytesIO(d)) as pdf:
            for page in pdf.pages:
                page.extract_words(extra_attrs=["fontname", "size"])
                pages += 1
    return pages, time.perf_counter() - start


def reader_pass(data: list[bytes]) -> tuple[int, float]:
    """Pages and seconds for `read_pdf` over every file."""
    start, pages = time.perf_counter(), 0
    for d in data:
        pages += read_pdf(d).n_pages or 0
    return pages, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--pages", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        paths = sorted(args.folder.rglob("*.pdf")) if args.folder else generate(Path(tmp), args.n, args.pages, args.seed)
        data = [p.read_bytes() for p in paths]
    if not data:
        print("no PDFs found")
        return 1
    plain_pages, plain_s = plain_pass(data)
    reader_pages, reader_s = reader_pass(data)
    plain_rate = plain_pages / plain_s if plain_s else float("inf")
    reader_rate = reader_pages / reader_s if reader_s else float("inf")
    print(f"files: {len(data)}  pages: {reader_pages}")
    print(f"pdfplumber extract_words: {plain_rate:8.1f} pages/s ({plain_s:.2f} s)")
    print(f"read_pdf:                 {reader_rate:8.1f} pages/s ({reader_s:.2f} s)")
    print(f"ratio read_pdf / extract_words: {reader_rate / plain_rate:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
