"""programme-ingest's parsing library: meeting programmes in, sessions/items/speakers out.

No Dagster here: `pipelines/` calls this library.
"""
from .extract import EXTRACTOR_VERSION, Extraction, extract

__all__ = ["EXTRACTOR_VERSION", "Extraction", "extract"]
