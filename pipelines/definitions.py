"""The project's Definitions: everything under `pipelines/defs/`, found by `load_from_defs_folder`.

`dagster dev`, `dagster definitions validate` (via `[tool.dg.project]` in pyproject.toml)
and `python -m pipelines ingest` all load this.
"""
from pathlib import Path

import dagster as dg


@dg.definitions
def defs() -> dg.Definitions:
    """All assets, checks, jobs, sensors, schedules and resources of programme-ingest."""
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
