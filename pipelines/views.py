"""Per-document views, as files: review pages and exports (no Dagster).

- `OUT/review/<document>.html`: the document's text with the extracted rows highlighted
  (`extractors.review`);
- `OUT/exports/<document>.ics` and `OUT/exports/<document>.frab.json`: the meeting's
  programme as iCalendar and frab schedule JSON (`extractors.exports`).

The `document_tables` asset writes them right after a document's tables, from the rows it
has just written (`rows`), so nothing is read back; given no rows, they are read from the
stored files (to rebuild the views of documents that were not parsed again). The text is the
one the extraction worker returned (`OUT/.text/<key>.txt`): no document is parsed here.
"""
from __future__ import annotations

import os

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pyarrow.parquet as pq

from extractors.exports import EXPORT_TABLES, ProgrammeRows, to_frab, to_ical
from extractors.review import is_low_confidence, review_page
from extractors.tables import PER_DOCUMENT_TABLES, Tables, table_path
from pipelines import store

REVIEW_DIR, EXPORTS_DIR, REPORT_DIR = "review", "exports", "report"
ICS_SUFFIX, FRAB_SUFFIX, HTML_SUFFIX = ".ics", ".frab.json", ".html"


def document_rows(out_dir: Path, key: str) -> Tables:
    """The rows of one partition's per-document tables, from its own files or its segment
    (`pipelines.compaction`; missing rows count as empty)."""
    from pipelines.compaction import document_rows as stored_rows

    rows: Tables = {}
    for table in PER_DOCUMENT_TABLES:
        stored = stored_rows(out_dir, table, key)
        rows[table] = stored.to_pylist() if stored is not None else []
    return rows


def document_text(out_dir: Path, key: str) -> tuple[str, Optional[str]]:
    """The document's extracted text (as the offsets expect it), kept by the extraction, and a
    problem when there is none (the document could not be read)."""
    text = store.stored_text(out_dir, key)
    if text is None:
        return "", "The document's text is not available (it could not be read)."
    return text, None


def write_text(path: Path, text: str) -> Path:
    """Write a UTF-8 file (creating its folder) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def review_path(out_dir: Path, key: str) -> Path:
    return Path(out_dir) / REVIEW_DIR / f"{key}{HTML_SUFFIX}"


def export_paths(out_dir: Path, key: str) -> tuple[Path, Path]:
    """(iCalendar, frab JSON) files of one document."""
    folder = Path(out_dir) / EXPORTS_DIR
    return folder / f"{key}{ICS_SUFFIX}", folder / f"{key}{FRAB_SUFFIX}"


def has_views(out_dir: Path, key: str) -> bool:
    """True when the review page and both exports of a document exist."""
    return review_path(out_dir, key).is_file() and all(p.is_file() for p in export_paths(out_dir, key))


def write_review_page(out_dir: Path, key: str, rows: Optional[Tables] = None) -> tuple[Path, Tables]:
    """Write `OUT/review/<key>.html` from the document's rows (read from OUT when not given)
    and its kept text; returns the path and the rows."""
    rows = document_rows(out_dir, key) if rows is None else rows
    text, problem = document_text(out_dir, key)
    document = (rows["documents"] or [{}])[0]
    if document.get("status") == "failed":
        problem = None  # the documents row already says why
    error = "; ".join(e for e in (document.get("error"), problem) if e) or None
    page = review_page(text, rows, source_path=document.get("source_path"), status=document.get("status"), error=error)
    return write_text(review_path(out_dir, key), page), rows


@dataclass
class ExportResult:
    """What `write_exports` wrote for one document."""

    ics: Path
    frab: Path
    ical_events: int
    frab_events: int
    skipped: list[str] = field(default_factory=list)


def write_exports(out_dir: Path, key: str, rows: Optional[Tables] = None) -> ExportResult:
    """Write `OUT/exports/<key>.ics` and `.frab.json` (rows read from OUT when not given)."""
    rows = document_rows(out_dir, key) if rows is None else rows
    programme = ProgrammeRows.from_tables({t: rows[t] for t in EXPORT_TABLES})
    dtstamp = (rows["documents"] or [{}])[0].get("ingested_at")
    ical, frab = to_ical(programme, dtstamp=dtstamp), to_frab(programme)
    ics_path, frab_path = export_paths(out_dir, key)
    return ExportResult(ics=write_text(ics_path, ical.text), frab=write_text(frab_path, frab.text),
                        ical_events=ical.n_events, frab_events=frab.n_events, skipped=list(ical.skipped))


@dataclass
class ViewTotals:
    """Counts over the documents whose views a run wrote (for materialisation metadata)."""

    pages: int = 0
    low_confidence_rows: int = 0
    ical_events: int = 0
    frab_events: int = 0
    skipped: list[str] = field(default_factory=list)
    last_page: Optional[Path] = None
    last_export: Optional[ExportResult] = None

    def add(self, page: Path, rows: Tables, export: ExportResult) -> None:
        self.pages += 1
        self.low_confidence_rows += sum(is_low_confidence(r) for r in rows["speakers"] + rows["chairs"])
        self.ical_events += export.ical_events
        self.frab_events += export.frab_events
        self.skipped.extend(export.skipped)
        self.last_page, self.last_export = page, export


def write_views(out_dir: Path, key: str, rows: Optional[Tables] = None, totals: Optional[ViewTotals] = None) -> Tables:
    """Write the review page and the exports of one document; returns its rows."""
    page, rows = write_review_page(out_dir, key, rows)
    export = write_exports(out_dir, key, rows)
    if totals is not None:
        totals.add(page, rows, export)
    return rows


def prune_views(out_dir: Path, keep_keys: set[str]) -> list[Path]:
    """Delete review pages and exports of documents no longer ingested; returns the files removed."""
    removed = []
    for folder, suffixes in ((REVIEW_DIR, (HTML_SUFFIX,)), (EXPORTS_DIR, (ICS_SUFFIX, FRAB_SUFFIX))):
        directory = Path(out_dir) / folder
        # names only (one listing, no Path per file): an archive keeps three files per document here
        for name in sorted(os.listdir(directory)) if directory.is_dir() else []:
            suffix = next((s for s in suffixes if name.endswith(s)), None)
            if suffix and name[: -len(suffix)] not in keep_keys:
                path = directory / name
                path.unlink()
                removed.append(path)
    return removed
