"""Jobs: the per-document tables (partitioned) and the cross-document tables."""
import dagster as dg


ingest_documents_job = dg.define_asset_job(
    name="ingest_documents",
    selection=dg.AssetSelection.groups("documents"),
    description="Extract documents (one partition each) and write their per-document tables.",
)

cross_document_job = dg.define_asset_job(
    name="cross_document_tables",
    selection=dg.AssetSelection.groups("cross_document"),
    description="Rebuild people and organizations from all per-document tables.",
)
