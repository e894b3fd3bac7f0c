"""The summary report over all documents (the per-document views are written by `document_tables`).

- `summary_report` (all documents): `OUT/report/summary.{md,html}`, its Markdown also
  attached as metadata so it shows in the Dagster UI (`extractors.report`); it also removes
  the review pages and exports of documents no longer ingested.

The review pages (`review_pages`) and exports (`exports`) of each document are assets of the
`document_tables` multi-asset (pipelines/defs/assets.py), written from the rows it has just
written by `pipelines.views`. Only orchestration here: the report is built by `extractors/`.
"""
import dagster as dg

from extractors.report import report_files
from extractors.tables import ALL_TABLES, read_columns, read_table
from pipelines.defs.assets import CROSS_GROUP
from pipelines.defs.resources import IngestPaths
from pipelines.views import REPORT_DIR, prune_views, write_text


# The columns the summary reads of the per-document tables (an archive's items and speakers are many rows).
SUMMARY_COLUMNS: dict[str, list[str]] = {
    "documents": ["document_id", "status", "partition_key"], "meetings": ["document_id", "start_date"],
    "sessions": ["session_id"], "items": [], "speakers": ["session_id", "organization_id", "affiliation"],
    "chairs": ["session_id"], "people": ["person_id", "canonical_person_id"],
    "organizations": ["organization_id", "name", "canonical_organization_id"],
}  # items: only counted (rows without columns); people, organizations: not their lists, which grow with the archive


@dg.asset(
    group_name=CROSS_GROUP,
    kinds={"python", "html"},
    deps=["people", "organizations"],
    automation_condition=dg.AutomationCondition.eager(),
)
def summary_report(paths: IngestPaths) -> dg.MaterializeResult:
    """A summary over all documents (documents per year, top organisations by speakers, speakers per
    session): OUT/report/summary.md and summary.html (inline SVG plots), the Markdown also shown here."""
    tables = {t: (read_columns(paths.out, t, SUMMARY_COLUMNS[t]) if t in SUMMARY_COLUMNS else read_table(paths.out, t))
              .to_pandas() for t in ALL_TABLES}
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
