"""Resources: where the raw documents are and where the tables go.

Only configuration lives here; reading and writing files is `pipelines/store.py`.
"""

from pathlib import Path

import dagster as dg

from pipelines.store import default_out_dir, default_raw_dir


class IngestPaths(dg.ConfigurableResource):
    """RAW folder (input documents) and OUT folder (Parquet tables)."""

    raw_dir: str
    out_dir: str

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def out(self) -> Path:
        return Path(self.out_dir)


def default_paths() -> IngestPaths:
    """The project's `raw/` and `outputs/` (or $PROGRAMME_INGEST_RAW / $PROGRAMME_INGEST_OUT)."""
    return IngestPaths(raw_dir=default_raw_dir(), out_dir=default_out_dir())


defs = dg.Definitions(resources={"paths": default_paths()})
