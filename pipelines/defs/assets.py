"""Assets: per-document tables (one dynamic partition per document) and cross-document tables.

Assets only orchestrate: extraction is `extractors.extract`, rows and Parquet writing are
`extractors.tables`, people/organisations are `extractors.resolve`, files are `pipelines.store`.
Every asset writes its own Parquet files (no IO manager) and returns `MaterializeResult`s
with row counts and a preview.
"""

from typing import Iterator

import dagster as dg
import pandas as pd
import pyarrow as pa

from extractors.orgs import load_aliases
from extractors.resolve import RESOLVED_SCHEMAS, resolve
from extractors.tables import PER_DOCUMENT_TABLES, SCHEMAS, read_table, table_path, to_arrow, write_parquet_atomic
from pipelines import store
from pipelines.defs.partitions import documents_partitions
from pipelines.defs.resources import IngestPaths

PREVIEW_ROWS = 5
DOCUMENT_GROUP = "documents"
CROSS_GROUP = "cross_document"

TABLE_DESCRIPTIONS: dict[str, str] = {
    "documents": "One row per input file: format, pages, status (ok/partial/failed), error, content hash.",
    "meetings": "One row per document: meeting title, dates and location.",
    "sessions": "Sessions in document order: number, title, date, times, page.",
    "items": "Items (talks) in document order within their session: title, group, page.",
    "speakers": "People or organisations presenting an item, with evidence (method, confidence, span).",
    "chairs": "Chairs and moderators of sessions.",
    "people": "Distinct people across all documents (speakers and chairs), with printed variants.",
    "organizations": "Distinct organisations (affiliations) across all documents, with acronyms and parent organisations.",
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


@dg.multi_asset(
    specs=[_spec(t, DOCUMENT_GROUP, partitioned=True) for t in PER_DOCUMENT_TABLES],
    partitions_def=documents_partitions,
    name="document_tables",
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def document_tables(context: dg.AssetExecutionContext, paths: IngestPaths) -> Iterator[dg.MaterializeResult]:
    """Extract each document of the run's partitions and write its six per-document tables.

    A document that cannot be read becomes a `failed` row in `documents` (its other tables
    are written empty), so one broken file never fails the run.
    """
    for key in context.partition_keys:
        tables = store.write_document_outputs(paths.raw, paths.out, key)
        status = tables["documents"][0]["status"]
        context.log.info(f"{key}: {status}, " + ", ".join(f"{len(tables[t])} {t}" for t in PER_DOCUMENT_TABLES[2:]))
    for table in PER_DOCUMENT_TABLES:
        arrow = pa.concat_tables(
            [read_table_file(paths, table, key) for key in context.partition_keys]
        ) if context.partition_keys else SCHEMAS[table].empty_table()
        yield dg.MaterializeResult(
            asset_key=table,
            metadata=table_metadata(table, arrow, str(table_path(paths.out, table, context.partition_keys[-1]))),
        )


def read_table_file(paths: IngestPaths, table: str, key: str) -> pa.Table:
    """One partition's file of a per-document table, with the table's schema."""
    import pyarrow.parquet as pq

    return pq.read_table(table_path(paths.out, table, key), schema=SCHEMAS[table])


def _cross_table(table: str, df: pd.DataFrame, paths: IngestPaths) -> dg.MaterializeResult:
    arrow = to_arrow(table, df.to_dict("records"))
    path = write_parquet_atomic(arrow, table_path(paths.out, table, "part-0"))
    return dg.MaterializeResult(metadata=table_metadata(table, arrow, str(path)))


# --- people and organisations (issue 5): one multi-asset resolves both, since people list
# the organisations they were seen with; the report reads the written tables.
RESOLVED_TABLES: tuple[str, ...] = tuple(RESOLVED_SCHEMAS)
TITLE_TABLES: tuple[str, ...] = ("meetings", "sessions", "items")  # texts searched for "Expansion (ACR)"


def load_resolution_inputs(paths: IngestPaths) -> dict:
    """The keyword arguments of `extractors.resolve.resolve` read from OUT (and config/org_aliases.yaml)."""
    tables = {t: read_table(paths.out, t).to_pandas() for t in ("speakers", "chairs", "documents", *TITLE_TABLES)}
    texts = [str(v) for t in TITLE_TABLES for v in tables[t]["title"].dropna()]
    return {"speakers": tables["speakers"], "chairs": tables["chairs"], "documents": tables["documents"],
            "texts": texts, "aliases": load_aliases()}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key=table, description=TABLE_DESCRIPTIONS[table], group_name=CROSS_GROUP, kinds={"python", "parquet"},
            deps=["speakers", "chairs", "documents", *TITLE_TABLES],
            metadata={"dagster/column_schema": column_schema(table)},
            automation_condition=dg.AutomationCondition.eager(),
        )
        for table in RESOLVED_TABLES
    ],
    name="people_and_organizations",
)
def people_and_organizations(paths: IngestPaths) -> Iterator[dg.MaterializeResult]:
    """Resolve people and organisations across all documents (`extractors.resolve.resolve`).

    Writes OUT/<table>/part-0.parquet for people, organizations, person_aliases,
    organization_aliases and merges; the per-document files are never rewritten.
    """
    resolution = resolve(**load_resolution_inputs(paths))
    for table, df in resolution.tables().items():
        result = _cross_table(table, df, paths)
        yield dg.MaterializeResult(asset_key=table, metadata=result.metadata)


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
    return dg.MaterializeResult(metadata={"report": dg.MetadataValue.md(markdown), "path": dg.MetadataValue.path(str(path))})
# --- end of people and organisations
