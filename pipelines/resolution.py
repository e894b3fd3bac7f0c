"""The resolution index: what cross-document resolution needs, kept beside the outputs and updated per run.

Resolving people and organisations needs, of every document, its speaker and chair mentions
(document, name, person id, affiliation, organisation id) and the acronym pairs its titles
print ("Expansion (ACR)"), plus the documents' arrival order. Reading them again from every
per-document file and every title of the archive is what made a run over a large archive
slow, so they are kept in one Parquet file, `OUT/.archive/resolution.parquet` (a row per
distinct mention per document with its count `n`, a row per acronym pair per document, a
row per indexed document with the version it was indexed at: its `ingested_at`).

A run updates the index against the `documents` table: the rows of documents that are gone
or were extracted again are dropped, the new ones are read (only their rows) and added; then
`extractors.resolve.resolve_weighted` resolves the whole index. That step works on distinct
names and ids, not on rows, and its result depends on the set of rows only, so an updated
index gives the same tables as one rebuilt from every file (`rebuild=True`: `--rebuild`,
the daily schedule): a new document that links two known clusters (an "Expansion (ACR)"
joining an acronym and its expansion), or that makes an initial ambiguous and so splits a
merge, is handled the same way by both.

What only a rebuild repairs is an index that no longer describes the files: per-document
files replaced or restored by something other than `ingest` with the same documents row, or
an index lost or damaged (it is then rebuilt automatically when it cannot be read, or when
the code that reads acronyms from titles changed). No Dagster here.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import extractors.orgs
from extractors.orgs import OrgAlias
from extractors.resolve import (
    MENTION_COLUMNS,
    Resolution,
    document_ranks,
    resolve_weighted,
    title_acronyms,
    weighted_mentions,
)
from extractors.tables import read_columns, read_table, table_path, write_parquet_atomic

ARCHIVE_DIR = ".archive"  # OUT/.archive: the archive's own files (index, segment manifest, lock)
INDEX_FILE = "resolution.parquet"
INDEX_VERSION = "1"
TITLE_TABLES: tuple[str, ...] = ("meetings", "sessions", "items")  # texts searched for "Expansion (ACR)"
KIND_DOCUMENT, KIND_MENTION, KIND_ACRONYM = "document", "mention", "acronym"

_S = pa.string()
INDEX_SCHEMA = pa.schema([
    pa.field("kind", _S, nullable=False),
    pa.field("document_id", _S, nullable=False),
    pa.field("version", _S),  # document rows: the ingested_at the document was indexed at
    *(pa.field(c, _S) for c in MENTION_COLUMNS if c != "document_id"),
    pa.field("n", pa.int64()),
    pa.field("acronym", _S),
    pa.field("expansion", _S),
])


def index_path(out_dir: Path) -> Path:
    return Path(out_dir) / ARCHIVE_DIR / INDEX_FILE


def code_version() -> str:
    """What the index's content depends on besides the files: the acronym reading (extractors/orgs.py)."""
    source = Path(extractors.orgs.__file__).read_bytes()
    return INDEX_VERSION + ":" + hashlib.sha256(source).hexdigest()[:16]


@dataclass
class IndexUpdate:
    """What a run did to the index (shown as the asset's metadata)."""

    rebuilt: bool = False
    reason: str = ""
    documents: int = 0
    added: int = 0
    dropped: int = 0
    rows: int = 0
    seconds: float = 0.0
    added_ids: list[str] = field(default_factory=list)

    def metadata(self) -> dict:
        return {"index_rebuilt": self.rebuilt, "index_rebuild_reason": self.reason or "-",
                "index_documents": self.documents, "index_documents_added": self.added,
                "index_documents_dropped": self.dropped, "index_rows": self.rows,
                "index_seconds": round(self.seconds, 3)}


def load_index(out_dir: Path) -> tuple[Optional[pa.Table], str]:
    """The stored index, or (None, why it cannot be used)."""
    path = index_path(out_dir)
    if not path.is_file():
        return None, "no index yet"
    try:
        table = pq.read_table(path)
    except (OSError, ValueError) as exc:
        return None, f"the index could not be read ({type(exc).__name__})"
    meta = table.schema.metadata or {}
    if meta.get(b"code") != code_version().encode():
        return None, "the acronym reading changed"
    if not table.schema.equals(INDEX_SCHEMA, check_metadata=False):
        return None, "the index has another schema"
    return table, ""


def documents_versions(out_dir: Path) -> pd.DataFrame:
    """document_id, ingested_at, source_path and version (ingested_at as text) of every stored document."""
    documents = read_table(out_dir, "documents").select(
        ["document_id", "ingested_at", "source_path", "partition_key"]).to_pandas()
    documents["version"] = documents["ingested_at"].astype(str)
    return documents


def _typed(frame: pd.DataFrame, kind: str) -> pa.Table:
    """Index rows of one kind from a frame holding some of the index's columns."""
    frame = frame.reset_index(drop=True).assign(kind=kind)
    columns = {f.name: (frame[f.name] if f.name in frame else pd.Series([None] * len(frame), dtype=object))
               for f in INDEX_SCHEMA}
    return pa.Table.from_pandas(pd.DataFrame(columns), schema=INDEX_SCHEMA, preserve_index=False)


def index_rows(out_dir: Path, documents: pd.DataFrame, document_ids: Optional[set[str]]) -> pa.Table:
    """The index rows of some documents (all when None), read from their per-document tables (only
    their own files when none of them is in a segment, e.g. the few documents a run added)."""
    chosen = documents if document_ids is None else documents[documents["document_id"].isin(document_ids)]
    keys = list(chosen["partition_key"].dropna())
    loose = document_ids is not None and len(keys) == len(chosen) and all(
        table_path(out_dir, "documents", k).is_file() for k in keys)

    def read(table: str, columns: list[str]) -> pd.DataFrame:
        files = [table_path(out_dir, table, k) for k in keys] if loose else None
        return read_columns(out_dir, table, columns, document_ids, files=files).to_pandas()

    mentions = weighted_mentions([read(t, MENTION_COLUMNS) for t in ("speakers", "chairs")])
    titles = pd.concat([read(t, ["document_id", "title"]) for t in TITLE_TABLES])
    acronyms = pd.DataFrame(
        [(doc, a, e) for doc, texts in titles.dropna().groupby("document_id")["title"] for a, e in title_acronyms(texts)],
        columns=["document_id", "acronym", "expansion"])
    return pa.concat_tables([_typed(chosen[["document_id", "version"]], KIND_DOCUMENT),
                             _typed(mentions, KIND_MENTION), _typed(acronyms, KIND_ACRONYM)])


def update_index(out_dir: Path, rebuild: bool = False) -> tuple[pa.Table, pd.DataFrame, IndexUpdate]:
    """Bring the index up to date with OUT's documents (or rebuild it from every file); returns
    (the index, the documents' versions, what was done). The index is written when it changed."""
    start = time.perf_counter()
    documents = documents_versions(out_dir)
    update = IndexUpdate(documents=len(documents))
    index, why = (None, "asked for (--rebuild or the daily schedule)") if rebuild else load_index(out_dir)
    current = dict(zip(documents["document_id"].tolist(), documents["version"].tolist()))  # lists: Arrow-backed columns iterate slowly
    if index is None:
        update.rebuilt, update.reason = True, why
        index = index_rows(out_dir, documents, None)
        update.added = len(documents)
        update.added_ids = sorted(current)
    else:
        indexed = index.filter(pc.equal(index["kind"], KIND_DOCUMENT))
        known = dict(zip(indexed["document_id"].to_pylist(), indexed["version"].to_pylist()))
        stale = {d for d, v in known.items() if current.get(d) != v}
        new = {d for d, v in current.items() if known.get(d) != v}
        if stale:
            index = index.filter(pc.invert(pc.is_in(index["document_id"], value_set=pa.array(sorted(stale), _S))))
        if new:
            index = pa.concat_tables([index, index_rows(out_dir, documents, new)])
        update.added, update.dropped, update.added_ids = len(new), len(stale), sorted(new)
        if not stale and not new:
            update.rows, update.seconds = index.num_rows, time.perf_counter() - start
            return index, documents, update
    index = index.replace_schema_metadata({"code": code_version()})
    write_parquet_atomic(index, index_path(out_dir))
    update.rows, update.seconds = index.num_rows, time.perf_counter() - start
    return index, documents, update


def resolve_index(index: pa.Table, documents: pd.DataFrame, aliases: Sequence[OrgAlias]) -> Resolution:
    """The cross-document tables from the index (`extractors.resolve.resolve_weighted`)."""
    # pandas' own Arrow-backed strings (missing values NaN): resolution only filters, groups and
    # factorises them, which gives the same tables as object columns, and turning an archive's
    # mentions into Python objects cost a third of the resolution
    mentions = index.filter(pc.equal(index["kind"], KIND_MENTION)).select([*MENTION_COLUMNS, "n"]).to_pandas()
    acronyms = index.filter(pc.equal(index["kind"], KIND_ACRONYM))
    pairs = sorted(set(zip(acronyms["acronym"].to_pylist(), acronyms["expansion"].to_pylist())))
    return resolve_weighted(mentions, document_ranks(documents, mentions), pairs, aliases)


def resolve_archive(out_dir: Path, aliases: Sequence[OrgAlias], rebuild: bool = False) -> tuple[Resolution, IndexUpdate]:
    """Update (or rebuild) the index of OUT and resolve it."""
    index, documents, update = update_index(out_dir, rebuild)
    return resolve_index(index, documents, aliases), update
