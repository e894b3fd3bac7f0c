"""Files in RAW and per-document outputs in OUT: listing, keys, writing, pruning, skipping.

Plain Python (no Dagster): the assets, the sensor and the CLI share these functions so they
agree on which files are documents, which partition key each gets, and where its rows go.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pyarrow.parquet as pq

import extractors
from extractors import EXTRACTOR_VERSION, extract
from extractors.tables import (
    PER_DOCUMENT_TABLES,
    SourceInfo,
    Tables,
    document_tables,
    partition_key,
    sha256_hex,
    table_path,
    write_rows,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RAW_DIR = PROJECT_ROOT / "raw"
DEFAULT_OUT_DIR = PROJECT_ROOT / "outputs"

# Environment variables that point the Dagster definitions (UI, sensor, schedule) elsewhere.
RAW_ENV, OUT_ENV = "PROGRAMME_INGEST_RAW", "PROGRAMME_INGEST_OUT"


def default_raw_dir() -> str:
    """RAW folder used by the definitions: $PROGRAMME_INGEST_RAW or the project's `raw/`."""
    return os.environ.get(RAW_ENV) or str(DEFAULT_RAW_DIR)


def default_out_dir() -> str:
    """OUT folder used by the definitions: $PROGRAMME_INGEST_OUT or the project's `outputs/`."""
    return os.environ.get(OUT_ENV) or str(DEFAULT_OUT_DIR)


def extractor_fingerprint() -> str:
    """A hash of EXTRACTOR_VERSION and the source of every module of `extractors/`.

    Any code change gives a new fingerprint, so re-runs re-extract documents after an edit
    even when nobody bumped EXTRACTOR_VERSION.
    """
    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    package = Path(extractors.__file__).parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def is_document(path: Path, raw_dir: Path) -> bool:
    """A regular file under RAW that is not hidden (no part of its relative path starts with '.')."""
    rel = path.relative_to(raw_dir)
    return path.is_file() and not any(part.startswith((".", "~$")) for part in rel.parts)


def list_documents(raw_dir: Path) -> dict[str, str]:
    """Partition key → relative POSIX path of every document under RAW, sorted by path."""
    raw_dir = Path(raw_dir)
    paths = sorted(p for p in raw_dir.rglob("*") if is_document(p, raw_dir))
    docs: dict[str, str] = {}
    for p in paths:
        rel = p.relative_to(raw_dir).as_posix()
        docs[partition_key(rel)] = rel
    return docs


def source_for_key(raw_dir: Path, key: str) -> SourceInfo:
    """The file behind a partition key; raises FileNotFoundError when RAW no longer has it."""
    rel = list_documents(raw_dir).get(key)
    if rel is None:
        raise FileNotFoundError(f"no document under {raw_dir} has the partition key {key!r}")
    return SourceInfo(source_path=rel, data=(Path(raw_dir) / rel).read_bytes(), partition_key=key)


def file_fingerprint(raw_dir: Path, rel: str) -> str:
    """Content hash of one RAW file (what the sensor's cursor remembers)."""
    return sha256_hex((Path(raw_dir) / rel).read_bytes())


def write_document_outputs(raw_dir: Path, out_dir: Path, key: str) -> Tables:
    """Extract one document and write its six per-document tables (always all six files)."""
    source = source_for_key(raw_dir, key)
    tables = document_tables(source, extract, EXTRACTOR_VERSION, extractor_fingerprint())
    for table in PER_DOCUMENT_TABLES:
        write_rows(table, tables[table], table_path(out_dir, table, key))
    return tables


def stored_document(out_dir: Path, key: str) -> Optional[dict]:
    """The stored `documents` row of a partition, or None when missing or unreadable."""
    path = table_path(out_dir, "documents", key)
    try:
        rows = pq.read_table(path).to_pylist()
    except (OSError, ValueError):
        return None
    return rows[0] if rows else None


def is_unchanged(raw_dir: Path, out_dir: Path, key: str, rel: str) -> bool:
    """True when the outputs of `key` exist and were made from the same bytes by the same extractor code."""
    if not all(table_path(out_dir, t, key).is_file() for t in PER_DOCUMENT_TABLES):
        return False
    row = stored_document(out_dir, key)
    return bool(
        row
        and row.get("source_path") == rel
        and row.get("content_hash") == file_fingerprint(raw_dir, rel)
        and row.get("extractor_version") == EXTRACTOR_VERSION
        and row.get("extractor_fingerprint") == extractor_fingerprint()
    )


def prune_outputs(out_dir: Path, keep_keys: set[str]) -> list[str]:
    """Delete per-document files whose partition key is not in `keep_keys`; returns the keys removed."""
    removed: set[str] = set()
    for table in PER_DOCUMENT_TABLES:
        folder = Path(out_dir) / table
        if not folder.is_dir():
            continue
        for f in folder.glob("*.parquet"):
            if f.stem not in keep_keys:
                f.unlink()
                removed.add(f.stem)
        for tmp in folder.glob(".*.parquet.tmp"):  # leftovers of an interrupted write
            tmp.unlink(missing_ok=True)
    return sorted(removed)


@dataclass
class DocumentSummary:
    """What one document contributed (for progress lines and metadata)."""

    status: str
    sessions: int
    items: int
    speakers: int
    error: Optional[str] = None


def summarise(out_dir: Path, key: str) -> DocumentSummary:
    """Counts of the stored outputs of one partition."""
    row = stored_document(out_dir, key) or {}
    return DocumentSummary(
        status=row.get("status", "missing"),
        sessions=int(row.get("n_sessions") or 0),
        items=int(row.get("n_items") or 0),
        speakers=int(row.get("n_speakers") or 0),
        error=row.get("error"),
    )
