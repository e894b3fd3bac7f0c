"""Resources: where the raw documents are, where the tables go, and how documents are parsed.

Only configuration lives here; reading and writing files is `pipelines/store.py`, parsing in
bounded worker processes is `extractors/isolation.py`.
"""

from pathlib import Path

import dagster as dg
from pydantic import Field

from extractors.limits import DEFAULT_LIMITS, MB, Limits
from pipelines.pool import default_workers
from pipelines.store import default_out_dir, default_raw_dir

EXTRACTION_KEY = "extraction"


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


class ExtractionSettings(dg.ConfigurableResource):
    """How documents are parsed: worker processes and the limits each document is held to.

    Every document is parsed in a worker process (`extractors.isolation.WorkerPool`); a
    document over a limit, or whose worker dies, becomes a `failed` documents row naming the
    limit, and the run goes on. Set in the launchpad / run config as
    `resources: {extraction: {config: {wall_seconds: 60, ...}}}` or with the CLI's
    `--workers`, `--wall-seconds`, `--memory-mb`.
    """

    workers: int = Field(default=default_workers(), description="Worker processes parsing documents.")
    wall_seconds: float = Field(default=DEFAULT_LIMITS.wall_seconds, description="Wall-clock limit per document.")
    memory_mb: int = Field(default=DEFAULT_LIMITS.memory_mb, description="Memory limit of a worker (MB).")
    max_pages: int = Field(default=DEFAULT_LIMITS.max_pages, description="PDFs with more pages are refused.")
    max_file_mb: int = Field(default=DEFAULT_LIMITS.max_bytes // MB, description="Larger files are refused unread.")
    max_decompressed_mb: int = Field(default=DEFAULT_LIMITS.max_decompressed_bytes // MB,
                                     description="ZIP members / PDF streams may not inflate past this (MB).")
    force: bool = Field(default=False, description="Re-extract documents even when unchanged.")

    def limits(self) -> Limits:
        """The `extractors.limits.Limits` these settings describe."""
        return DEFAULT_LIMITS.with_(
            wall_seconds=self.wall_seconds, memory_mb=self.memory_mb, max_pages=self.max_pages,
            max_bytes=self.max_file_mb * MB, max_decompressed_bytes=self.max_decompressed_mb * MB,
        )


def default_paths() -> IngestPaths:
    """The project's `raw/` and `outputs/` (or $PROGRAMME_INGEST_RAW / $PROGRAMME_INGEST_OUT)."""
    return IngestPaths(raw_dir=default_raw_dir(), out_dir=default_out_dir())


defs = dg.Definitions(resources={"paths": default_paths()})
