"""Assets: per-document tables (one dynamic partition per document) and cross-document tables.

Assets only orchestrate: extraction is `extractors.extract` run in isolated worker processes
(`extractors.isolation.WorkerPool`, limits from the `extraction` resource), rows and Parquet
writing are `extractors.tables`, people/organisations are `extractors.resolve`, files are
`pipelines.store`. The per-document assets take any number of partitions per run
(`BackfillPolicy.single_run()`): one run per batch of documents. Every asset writes its own
Parquet files (no IO manager) and returns `MaterializeResult`s with row counts and a preview.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional, Union

import dagster as dg
import pandas as pd
import pyarrow as pa

from extractors.orgs import load_aliases
from extractors.resolve import RESOLVED_SCHEMAS
from extractors.tables import PER_DOCUMENT_TABLES, SCHEMAS, read_table, table_path, to_arrow, write_parquet_atomic
from pipelines import store
from pipelines.compaction import SegmentWriter, compact, release
from pipelines.defs.checks import DOCUMENT_CHECK_SPECS, DocumentChecks
from pipelines.defs.partitions import documents_partitions
from pipelines.defs.resources import EXTRACTION_KEY, ExtractionSettings, IngestPaths
from pipelines.pool import preload_models, take_parsed
from pipelines.progress import DocumentDone, report
from pipelines.resolution import TITLE_TABLES, resolve_archive
from pipelines.views import ViewTotals, has_views, write_views

if TYPE_CHECKING:
    from extractors.isolation import Outcome

PREVIEW_ROWS = 5
REPORT_METADATA_CHARS = 20_000  # of the people report shown in the event log (the file has all of it)
DOCUMENT_GROUP, CROSS_GROUP = store.DOCUMENT_GROUP, store.CROSS_GROUP

TABLE_DESCRIPTIONS: dict[str, str] = {
    "documents": "One row per input file: format, pages, status (ok/partial/failed), error, content hash.",
    "meetings": "One row per document: meeting title, dates and location.",
    "sessions": "Sessions in document order: number, title, date, times, page.",
    "items": "Items (talks) in document order within their session: title, group, page.",
    "speakers": "People or organisations presenting an item, with evidence (method, confidence, span).",
    "chairs": "Chairs and moderators of sessions.",
    "people": ("People across all documents (speakers and chairs), with printed variants: a row for every person_id "
               "the documents use, merged ids included (canonical_person_id names the person)."),
    "organizations": ("Organisations (affiliations) across all documents, with acronyms and parent organisations: a row "
                      "for every organization_id the documents use (canonical_organization_id names the organisation)."),
    "person_aliases": "Every per-document person_id → the canonical person_id of its row in people.",
    "organization_aliases": "Every per-document organization_id → the canonical organization_id in organizations.",
    "merges": "Each cross-document decision: initials, acronym ↔ expansion, aliases file, sub-unit → parent.",
}


def column_schema(table: str) -> dg.TableSchema:
    """The Dagster column schema of a contract table (from its pyarrow schema)."""
    return dg.TableSchema(columns=[dg.TableColumn(name=f.name, type=str(f.type)) for f in SCHEMAS[table]])


def preview(arrow: pa.Table, n: int = PREVIEW_ROWS) -> dg.MetadataValue:
    """A Markdown table of the first rows (long cells shortened)."""
    if arrow.num_rows == 0:
        return dg.MetadataValue.md("_no rows_")
    df = arrow.slice(0, n).to_pandas()
    df = df.map(lambda v: (str(v)[:60] + "…") if isinstance(v, str) and len(v) > 60 else v)
    return dg.MetadataValue.md(df.to_markdown(index=False))


def table_metadata(table: str, arrow: pa.Table, path: str) -> dict:
    """Materialisation metadata: row count, preview, path."""
    return {
        "dagster/row_count": arrow.num_rows,
        "preview": preview(arrow),
        "path": dg.MetadataValue.path(path),
    }


def _spec(table: str, group: str, partitioned: bool, deps: list[str] | None = None) -> dg.AssetSpec:
    return dg.AssetSpec(
        key=table,
        description=TABLE_DESCRIPTIONS[table],
        group_name=group,
        kinds={"python", "parquet"},
        deps=deps or [],
        partitions_def=documents_partitions if partitioned else None,
        metadata={"dagster/column_schema": column_schema(table)},
    )


VIEW_ASSETS: tuple[str, ...] = ("review_pages", "exports")


def view_specs() -> list[dg.AssetSpec]:
    """The specs of the per-document views (a function: module-level AssetSpecs would be loaded
    as assets of their own by `load_from_defs_folder`)."""
    return [
        dg.AssetSpec(
            key="review_pages", group_name=DOCUMENT_GROUP, kinds={"python", "html"}, deps=list(PER_DOCUMENT_TABLES),
            partitions_def=documents_partitions, skippable=True,
            description=("A self-contained HTML review page per document (OUT/review/<document>.html): the text with "
                         "sessions, items, speakers and affiliations highlighted, and the extracted programme beside it."),
        ),
        dg.AssetSpec(
            key="exports", group_name=DOCUMENT_GROUP, kinds={"python", "json"}, deps=list(PER_DOCUMENT_TABLES),
            partitions_def=documents_partitions, skippable=True,
            description=("Each meeting's programme as iCalendar (OUT/exports/<document>.ics) and frab/pretalx schedule "
                         "JSON (OUT/exports/<document>.frab.json). Sessions whose date the document does not state are "
                         "skipped."),
        ),
    ]


@dg.multi_asset(
    specs=[*(_spec(t, DOCUMENT_GROUP, partitioned=True) for t in PER_DOCUMENT_TABLES), *view_specs()],
    check_specs=DOCUMENT_CHECK_SPECS,
    partitions_def=documents_partitions,
    name="document_tables",
    backfill_policy=dg.BackfillPolicy.single_run(),
    resource_defs={EXTRACTION_KEY: ExtractionSettings()},
    can_subset=True,
)
def document_tables(
    context: dg.AssetExecutionContext, paths: IngestPaths, extraction: ExtractionSettings
) -> Iterator[Union[dg.MaterializeResult, dg.AssetCheckResult]]:
    """Parse every document of the run's partitions in isolated workers; write its six tables,
    its review page and its exports, and check its rows.

    One run takes any number of partitions (`BackfillPolicy.single_run`): documents go
    through one `extractors.isolation.WorkerPool` (`extraction.workers` processes, spaCy
    loaded once per worker, limits from `extraction`), and each document's Outcome becomes
    its per-document Parquet files as soon as it is done, then its views from the rows just
    written (nothing is read back), and its rows go through the per-document checks
    (`checks.DocumentChecks`, one result per check and run). A document that fails (reader
    error, timeout, memory limit, crash, refused path) gets a `failed` documents row with
    the reason; the others are not affected. Unchanged documents (same bytes, same
    extractor code) are skipped unless `extraction.force` (their views are rebuilt from the
    stored rows only when missing). Selecting only the views rebuilds them from the stored
    tables. Partitions whose file is gone are reported; the step fails only when none of
    its partitions has a file.
    """
    selected = {k.to_user_string() for k in context.selected_asset_keys}
    tables_selected = [t for t in PER_DOCUMENT_TABLES if t in selected]
    views = ViewTotals() if selected & set(VIEW_ASSETS) else None
    checks = DocumentChecks()
    keys = list(context.partition_keys)
    if tables_selected:
        counts, samples, batch = write_documents(context, paths, extraction, keys, checks, views)
        last = keys[-1]
        for table in tables_selected:
            yield dg.MaterializeResult(asset_key=table, metadata={
                "dagster/row_count": counts[table],
                "preview": preview(to_arrow(table, samples[table])),
                "path": dg.MetadataValue.path(str(table_path(paths.out, table, last))),
                "documents_extracted": len(batch.todo),
                "documents_unchanged": len(batch.unchanged),
            })
    elif views is not None:  # the views alone: from the stored tables
        for key in keys:
            if store.stored_document(paths.out, key) is not None:
                write_views(paths.out, key, totals=views)
    if views is not None:
        yield from view_results(views, selected)
    yield from checks.results(context.selected_asset_check_keys)


def write_documents(context: dg.AssetExecutionContext, paths: IngestPaths, extraction: ExtractionSettings,
                     keys: list[str], checks: DocumentChecks, views: Optional[ViewTotals]):
    """Parse and write the run's documents (see `document_tables`); returns (row counts per
    table, preview rows per table, the Batch)."""
    batch = plan_batch(paths, keys, extraction)
    if batch.missing:
        context.log.warning(f"{len(batch.missing)} partition(s) have no file under {paths.raw}: {batch.missing[:10]}")
        if not batch.todo and not batch.unchanged:
            raise dg.Failure(description=f"No document under {paths.raw} has the partition key(s) {batch.missing}.")
    for key in batch.unchanged:
        if views is not None and not has_views(paths.out, key):
            write_views(paths.out, key, totals=views)
        announce(context, key, batch.docs[key], store.stored_document(paths.out, key) or {}, 0.0, unchanged=True)
    counts = {t: 0 for t in PER_DOCUMENT_TABLES}
    samples: dict[str, list[dict]] = {t: [] for t in PER_DOCUMENT_TABLES}
    segment = SegmentWriter(paths.out, expected=len(batch.todo))
    try:
        for key, outcome in parse_documents(paths, batch, extraction):
            rows = store.write_outcome_outputs(paths.out, key, outcome, segment)
            checks.add(paths.out, key, rows, segment.last_schemas if segment.direct else None)
            if views is not None:
                write_views(paths.out, key, rows, views)
            for table in PER_DOCUMENT_TABLES:
                counts[table] += len(rows[table])
                samples[table].extend(rows[table][: PREVIEW_ROWS - len(samples[table])])
            announce(context, key, batch.docs[key], rows["documents"][0], outcome.seconds)
    except BaseException:
        if segment.direct:  # the documents parsed so far have no files: keep them
            segment.close()
        raise
    segment.close()
    return counts, samples, batch


def view_results(views: ViewTotals, selected: set[str]) -> Iterator[dg.MaterializeResult]:
    """The materialisations of the selected view assets (review pages, exports) of a run."""
    export = views.last_export
    if "review_pages" in selected:
        yield dg.MaterializeResult(asset_key="review_pages", metadata={
            "path": dg.MetadataValue.path(str(views.last_page)) if views.last_page else "",
            "pages": views.pages,
            "low_confidence_rows": views.low_confidence_rows,
        })
    if "exports" in selected:
        yield dg.MaterializeResult(asset_key="exports", metadata={
            "ics": dg.MetadataValue.path(str(export.ics)) if export else "",
            "frab": dg.MetadataValue.path(str(export.frab)) if export else "",
            "ical_events": views.ical_events,
            "frab_events": views.frab_events,
            "skipped_sessions": len(views.skipped),
            "skipped": dg.MetadataValue.md("\n".join(f"- {s}" for s in views.skipped[:50]) or "_nothing skipped_"),
        })


@dataclass
class Batch:
    """The partitions of one run, sorted out before any worker starts."""

    docs: dict[str, str]  # partition key → relative path, for the keys that have a file
    todo: list[str]  # keys to parse
    unchanged: list[str]  # keys whose stored tables are current
    missing: list[str]  # keys without a file under RAW


def plan_batch(paths: IngestPaths, keys: list[str], extraction: ExtractionSettings) -> Batch:
    """Split a run's partition keys into to-parse, unchanged and missing."""
    listed = store.list_documents(paths.raw)
    docs = {k: listed[k] for k in keys if k in listed}
    missing = [k for k in keys if k not in listed]
    limits = extraction.limits()
    stats = store.SourceStats.load(paths.out)
    unchanged = [] if extraction.force else [
        k for k in docs if store.is_unchanged(paths.raw, paths.out, k, docs[k], limits, stats=stats)]
    skip = set(unchanged)
    todo = [k for k in docs if k not in skip]
    release(paths.out, todo)  # compacted documents leave their segments once, not one rewrite per document
    return Batch(docs=docs, todo=todo, unchanged=unchanged, missing=missing)


def parse_documents(paths: IngestPaths, batch: Batch, extraction: ExtractionSettings) -> Iterator[tuple[str, "Outcome"]]:
    """(key, Outcome) for every document to parse, through one worker pool (input order).

    No pool is started when there is nothing to parse; never more workers than documents.
    When the CLI gave these very documents a head start (`pipelines.pool.start_parsing`),
    its results are taken over instead (in the order they were parsed).
    """
    from extractors.isolation import WorkerPool

    if not batch.todo:
        return
    files = [paths.raw / batch.docs[k] for k in batch.todo]
    key_of = dict(zip(map(str, files), batch.todo))
    head_start = take_parsed(paths.raw, files, extraction.limits(), extraction.workers)
    if head_start is not None:
        for path, outcome in head_start:
            yield key_of[str(path)], outcome
        return
    workers = max(1, min(extraction.workers, len(files)))
    preload_models()
    with WorkerPool(extraction.limits(), processes=workers, warm_up=False) as pool:
        for key, (_path, outcome) in zip(batch.todo, pool.map(files, paths.raw)):
            yield key, outcome


def announce(context: dg.AssetExecutionContext, key: str, rel: str, row: dict, seconds: float,
             unchanged: bool = False) -> None:
    """Hand one finished document (its documents row) to this process's progress listeners (the
    CLI); failed and partial documents also go to the run log with their error (visible in the UI)."""
    status = row.get("status", "missing")
    event = DocumentDone(key=key, source_path=rel, state=f"unchanged ({status})" if unchanged else status,
                         status=status, sessions=int(row.get("n_sessions") or 0), items=int(row.get("n_items") or 0),
                         speakers=int(row.get("n_speakers") or 0), seconds=seconds, error=row.get("error"))
    if status != "ok" and not unchanged:  # each log line is a stored event: only the problems
        context.log.warning(f"{event.line()}: {event.error}")
    report(event)


def _cross_table(table: str, df: pd.DataFrame, paths: IngestPaths) -> dg.MaterializeResult:
    arrow = to_arrow(table, df.to_dict("records"))
    path = write_parquet_atomic(arrow, table_path(paths.out, table, "part-0"))
    return dg.MaterializeResult(metadata=table_metadata(table, arrow, str(path)))


# --- people and organisations (issue 5): one multi-asset resolves both, since people list
# the organisations they were seen with; the report reads the written tables.
RESOLVED_TABLES: tuple[str, ...] = tuple(RESOLVED_SCHEMAS)


class CompactionConfig(dg.Config):
    """`everything`: compact every loose per-document file, however few (`--rebuild`, the daily
    schedule); otherwise only when at least `pipelines.compaction.COMPACT_AT` documents are loose."""

    everything: bool = False


@dg.asset(
    group_name=CROSS_GROUP,
    kinds={"python", "parquet"},
    deps=list(PER_DOCUMENT_TABLES),
    automation_condition=dg.AutomationCondition.eager(),
)
def archive_segments(config: CompactionConfig, paths: IngestPaths) -> dg.MaterializeResult:
    """Compaction (`pipelines.compaction`): the per-document Parquet files of many documents moved into
    segment files (OUT/<table>/segment+NNNNNN.parquet, listed in OUT/.archive/segments.json), so readers
    of the whole archive open a few files. The tables read the same before and after."""
    done = compact(paths.out, everything=config.everything)
    return dg.MaterializeResult(metadata=done.metadata())


class ResolutionConfig(dg.Config):
    """`rebuild`: rebuild the resolution index from every per-document file instead of updating it
    (`python -m pipelines ingest --rebuild`, the daily schedule; see pipelines/resolution.py)."""

    rebuild: bool = False


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key=table, description=TABLE_DESCRIPTIONS[table], group_name=CROSS_GROUP, kinds={"python", "parquet"},
            deps=["speakers", "chairs", "documents", *TITLE_TABLES, "archive_segments"],
            metadata={"dagster/column_schema": column_schema(table)},
            automation_condition=dg.AutomationCondition.eager(),
        )
        for table in RESOLVED_TABLES
    ],
    name="people_and_organizations",
)
def people_and_organizations(config: ResolutionConfig, paths: IngestPaths) -> Iterator[dg.MaterializeResult]:
    """Resolve people and organisations across all documents (`pipelines.resolution`).

    Updates the resolution index (OUT/.archive/resolution.parquet) with the documents added,
    changed or removed since the last run, or rebuilds it from every file (`rebuild`), and
    resolves it; writes OUT/<table>/part-0.parquet for people, organizations,
    person_aliases, organization_aliases and merges; the per-document files are never rewritten.
    """
    resolution, update = resolve_archive(paths.out, load_aliases(), rebuild=config.rebuild)
    for n, (table, df) in enumerate(resolution.tables().items()):
        result = _cross_table(table, df, paths)
        extra = update.metadata() if n == 0 else {}
        yield dg.MaterializeResult(asset_key=table, metadata={**result.metadata, **extra})


@dg.asset(
    group_name=CROSS_GROUP,
    kinds={"python", "markdown"},
    deps=["people", "organizations", "person_aliases", "organization_aliases", "merges"],
    automation_condition=dg.AutomationCondition.eager(),
)
def people_report(paths: IngestPaths) -> dg.MaterializeResult:
    """Top organisations by speakers and people in more than one meeting: OUT/report/people.md (also shown here)."""
    from pipelines.report import people_report_markdown, write_people_report

    markdown = people_report_markdown(paths.out)
    path = write_people_report(paths.out, markdown)
    return dg.MaterializeResult(metadata={"report": dg.MetadataValue.md(shorten_markdown(markdown, path)),
                                          "path": dg.MetadataValue.path(str(path))})


def shorten_markdown(markdown: str, path: Path, limit: int = REPORT_METADATA_CHARS) -> str:
    """The report for the event log: whole lines up to `limit` characters, then a line naming the
    file that holds all of it (every stored event carries its metadata, so it stays small)."""
    if len(markdown) <= limit:
        return markdown
    kept = markdown[:limit].rsplit("\n", 1)[0]
    return f"{kept}\n\n_… shortened: the whole report ({len(markdown):,} characters) is {path}_\n"
# --- end of people and organisations
