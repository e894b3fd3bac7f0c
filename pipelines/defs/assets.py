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

from extractors.resolve import build_organizations, build_people
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
    "organizations": "Distinct organisations (affiliations) across all documents, with acronyms.",
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


def _speakers_and_chairs(paths: IngestPaths) -> tuple[pd.DataFrame, pd.DataFrame]:
    return read_table(paths.out, "speakers").to_pandas(), read_table(paths.out, "chairs").to_pandas()


@dg.asset(
    description=TABLE_DESCRIPTIONS["people"],
    group_name=CROSS_GROUP,
    kinds={"python", "parquet"},
    deps=["speakers", "chairs"],
    metadata={"dagster/column_schema": column_schema("people")},
    automation_condition=dg.AutomationCondition.eager(),
)
def people(paths: IngestPaths) -> dg.MaterializeResult:
    """Distinct people across all documents (grouped by `person_id`), written to OUT/people/part-0.parquet."""
    speakers, chairs = _speakers_and_chairs(paths)
    return _cross_table("people", build_people(speakers, chairs), paths)


@dg.asset(
    description=TABLE_DESCRIPTIONS["organizations"],
    group_name=CROSS_GROUP,
    kinds={"python", "parquet"},
    deps=["speakers", "chairs"],
    metadata={"dagster/column_schema": column_schema("organizations")},
    automation_condition=dg.AutomationCondition.eager(),
)
def organizations(paths: IngestPaths) -> dg.MaterializeResult:
    """Distinct organisations across all documents, written to OUT/organizations/part-0.parquet."""
    speakers, chairs = _speakers_and_chairs(paths)
    return _cross_table("organizations", build_organizations(speakers, chairs), paths)
