"""Views of the tables for people: review pages, exports (iCal, frab JSON) and the summary report.

- `review_pages` (per document): `OUT/review/<document>.html`, the document's text with the
  extracted rows highlighted (`extractors.review`).
- `exports` (per document, i.e. per meeting): `OUT/exports/<document>.ics` and
  `OUT/exports/<document>.frab.json` (`extractors.exports`).
- `summary_report` (all documents): `OUT/report/summary.{md,html}`, its Markdown also
  attached as metadata so it shows in the Dagster UI (`extractors.report`).

Only orchestration here: the pages, exports and report are built by `extractors/`.
The per-document views read the rows the `document_tables` assets wrote, and the
document's text that the extraction worker sent back (`OUT/.text/<key>.txt`): nothing is
parsed again, and no untrusted document is ever parsed outside a worker.
"""
from pathlib import Path
from typing import Optional

import dagster as dg
import pyarrow.parquet as pq

from extractors.exports import EXPORT_TABLES, ProgrammeRows, to_frab, to_ical
from extractors.report import report_files
from extractors.review import is_low_confidence, review_page
from extractors.tables import ALL_TABLES, PER_DOCUMENT_TABLES, read_table, table_path
from pipelines import store
from pipelines.defs.assets import CROSS_GROUP, DOCUMENT_GROUP
from pipelines.defs.partitions import documents_partitions
from pipelines.defs.resources import IngestPaths

REVIEW_DIR, EXPORTS_DIR, REPORT_DIR = "review", "exports", "report"
ICS_SUFFIX, FRAB_SUFFIX, HTML_SUFFIX = ".ics", ".frab.json", ".html"


# --------------------------------------------------------------------------- files (no Dagster)


def document_rows(out_dir: Path, key: str) -> dict[str, list[dict]]:
    """The rows of one partition's per-document tables (missing files count as empty)."""
    rows: dict[str, list[dict]] = {}
    for table in PER_DOCUMENT_TABLES:
        path = table_path(out_dir, table, key)
        rows[table] = pq.read_table(path).to_pylist() if path.is_file() else []
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


def write_review_page(raw_dir: Path, out_dir: Path, key: str) -> tuple[Path, dict[str, list[dict]]]:
    """Write `OUT/review/<key>.html` from the stored rows and the document's kept text
    (`raw_dir` is not read: the text is the one the extraction worker returned)."""
    rows = document_rows(out_dir, key)
    text, problem = document_text(out_dir, key)
    document = (rows["documents"] or [{}])[0]
    if document.get("status") == "failed":
        problem = None  # the documents row already says why
    error = "; ".join(e for e in (document.get("error"), problem) if e) or None
    page = review_page(text, rows, source_path=document.get("source_path"), status=document.get("status"), error=error)
    return write_text(Path(out_dir) / REVIEW_DIR / f"{key}{HTML_SUFFIX}", page), rows


def write_exports(out_dir: Path, key: str) -> dict:
    """Write `OUT/exports/<key>.ics` and `.frab.json`; returns counts and what was skipped."""
    rows = document_rows(out_dir, key)
    programme = ProgrammeRows.from_tables({t: rows[t] for t in EXPORT_TABLES})
    dtstamp = (rows["documents"] or [{}])[0].get("ingested_at")
    ical, frab = to_ical(programme, dtstamp=dtstamp), to_frab(programme)
    folder = Path(out_dir) / EXPORTS_DIR
    return {
        "ics": write_text(folder / f"{key}{ICS_SUFFIX}", ical.text),
        "frab": write_text(folder / f"{key}{FRAB_SUFFIX}", frab.text),
        "ical_events": ical.n_events,
        "frab_events": frab.n_events,
        "skipped": ical.skipped,
    }


def prune_views(out_dir: Path, keep_keys: set[str]) -> list[Path]:
    """Delete review pages and exports of documents no longer ingested; returns the files removed."""
    removed = []
    for folder, suffixes in ((REVIEW_DIR, (HTML_SUFFIX,)), (EXPORTS_DIR, (ICS_SUFFIX, FRAB_SUFFIX))):
        for path in sorted((Path(out_dir) / folder).glob("*")) if (Path(out_dir) / folder).is_dir() else []:
            suffix = next((s for s in suffixes if path.name.endswith(s)), None)
            if suffix and path.name[: -len(suffix)] not in keep_keys:
                path.unlink()
                removed.append(path)
    return removed


# --------------------------------------------------------------------------- assets


@dg.asset(
    partitions_def=documents_partitions,
    group_name=DOCUMENT_GROUP,
    kinds={"python", "html"},
    deps=list(PER_DOCUMENT_TABLES),
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def review_pages(context: dg.AssetExecutionContext, paths: IngestPaths) -> dg.MaterializeResult:
    """A self-contained HTML review page per document (OUT/review/<document>.html): the text with
    sessions, items, speakers and affiliations highlighted, and the extracted programme beside it."""
    written = []
    low = 0
    for key in context.partition_keys:
        path, rows = write_review_page(paths.raw, paths.out, key)
        written.append(path)
        low += sum(is_low_confidence(r) for r in rows["speakers"] + rows["chairs"])
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(written[-1])) if written else "",
        "pages": len(written),
        "low_confidence_rows": low,
    })


@dg.asset(
    partitions_def=documents_partitions,
    group_name=DOCUMENT_GROUP,
    kinds={"python", "json"},
    deps=list(PER_DOCUMENT_TABLES),
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def exports(context: dg.AssetExecutionContext, paths: IngestPaths) -> dg.MaterializeResult:
    """Each meeting's programme as iCalendar (OUT/exports/<document>.ics) and frab/pretalx schedule
    JSON (OUT/exports/<document>.frab.json). Sessions whose date the document does not state are skipped."""
    results = [write_exports(paths.out, key) for key in context.partition_keys]
    skipped = [s for r in results for s in r["skipped"]]
    return dg.MaterializeResult(metadata={
        "ics": dg.MetadataValue.path(str(results[-1]["ics"])) if results else "",
        "frab": dg.MetadataValue.path(str(results[-1]["frab"])) if results else "",
        "ical_events": sum(r["ical_events"] for r in results),
        "frab_events": sum(r["frab_events"] for r in results),
        "skipped_sessions": len(skipped),
        "skipped": dg.MetadataValue.md("\n".join(f"- {s}" for s in skipped) or "_nothing skipped_"),
    })


@dg.asset(
    group_name=CROSS_GROUP,
    kinds={"python", "html"},
    deps=["people", "organizations"],
    automation_condition=dg.AutomationCondition.eager(),
)
def summary_report(paths: IngestPaths) -> dg.MaterializeResult:
    """A summary over all documents (documents per year, top organisations by speakers, speakers per
    session): OUT/report/summary.md and summary.html (inline SVG plots), the Markdown also shown here."""
    tables = {t: read_table(paths.out, t).to_pandas() for t in ALL_TABLES}
    markdown, page, summary = report_files(tables)
    folder = paths.out / REPORT_DIR
    write_text(folder / "summary.md", markdown)
    html_path = write_text(folder / "summary.html", page)
    keys = set(tables["documents"]["partition_key"].dropna()) if not tables["documents"].empty else set()
    removed = prune_views(paths.out, keys)
    return dg.MaterializeResult(metadata={
        "report": dg.MetadataValue.md(markdown),
        "path": dg.MetadataValue.path(str(html_path)),
        "documents": summary.n_documents,
        "stale_views_removed": len(removed),
    })
