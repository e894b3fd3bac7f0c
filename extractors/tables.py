"""Contract tables: rows, deterministic ids, pyarrow schemas and atomic Parquet writing.

Turns one document's `Extraction` (or its failure) into the rows of the per-document tables
of CONTRACT.md (documents, meetings, sessions, items, speakers, chairs), and defines the
schemas of every table including the cross-document ones (people, organizations).

Ids are deterministic:
- `document_id` hashes the document's relative path and bytes;
- meeting, session, item, speaker and chair ids are their parent's id + a 1-based ordinal
  (`<document_id>:s2`, `<document_id>:s2:i3`, `<document_id>:s2:i3:p1`, `<document_id>:s2:c1`).

No Dagster here: `pipelines/` calls these functions.
"""
from __future__ import annotations

import hashlib
import math
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .model import BBox, Programme, Speaker
from .resolve import RESOLVED_SCHEMAS, organization_id, person_id

if TYPE_CHECKING:  # isolation imports multiprocessing machinery; tables only needs the type
    from .isolation import Outcome

PER_DOCUMENT_TABLES: tuple[str, ...] = ("documents", "meetings", "sessions", "items", "speakers", "chairs")
CROSS_DOCUMENT_TABLES: tuple[str, ...] = ("people", "organizations", "person_aliases", "organization_aliases", "merges")
ALL_TABLES: tuple[str, ...] = PER_DOCUMENT_TABLES + CROSS_DOCUMENT_TABLES

STATUS_OK, STATUS_PARTIAL, STATUS_FAILED = "ok", "partial", "failed"

_S = pa.string()
_I32 = pa.int32()
_I64 = pa.int64()
_F64 = pa.float64()

_BBOX_FIELDS = [pa.field("x0", _F64), pa.field("top", _F64), pa.field("x1", _F64), pa.field("bottom", _F64)]


#: A person or organisation named in a document: speakers and chairs share these columns.
_MENTION_FIELDS = [
    pa.field("name", _S),
    pa.field("affiliation", _S),
    pa.field("role", _S),
    pa.field("person_id", _S),
    pa.field("organization_id", _S),
    pa.field("method", _S),
    pa.field("confidence", _F64),
    pa.field("page", _I32),
    pa.field("char_start", _I64),
    pa.field("char_end", _I64),
]

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        pa.field("document_id", _S, nullable=False),
        pa.field("source_path", _S, nullable=False),
        pa.field("format", _S),
        pa.field("n_pages", _I32),
        pa.field("status", _S, nullable=False),
        pa.field("error", _S),
        pa.field("ingested_at", pa.timestamp("us", tz="UTC")),
        pa.field("language", _S),
        pa.field("content_hash", _S),
        pa.field("file_size", _I64),
        pa.field("extractor_version", _S),
        pa.field("extractor_fingerprint", _S),
        pa.field("partition_key", _S),
        pa.field("n_sessions", _I32),
        pa.field("n_items", _I32),
        pa.field("n_speakers", _I32),
    ]),
    "meetings": pa.schema([
        pa.field("meeting_id", _S, nullable=False),
        pa.field("document_id", _S, nullable=False),
        pa.field("title", _S),
        pa.field("start_date", _S),
        pa.field("end_date", _S),
        pa.field("location", _S),
        pa.field("language", _S),
    ]),
    "sessions": pa.schema([
        pa.field("session_id", _S, nullable=False),
        pa.field("document_id", _S, nullable=False),
        pa.field("meeting_id", _S),
        pa.field("ordinal", _I32, nullable=False),
        pa.field("number", _S),
        pa.field("title", _S),
        pa.field("date", _S),
        pa.field("start_time", _S),
        pa.field("end_time", _S),
        pa.field("page", _I32),
        pa.field("char_start", _I64),
        pa.field("n_items", _I32),
    ]),
    "items": pa.schema([
        pa.field("item_id", _S, nullable=False),
        pa.field("session_id", _S, nullable=False),
        pa.field("document_id", _S, nullable=False),
        pa.field("ordinal", _I32, nullable=False),
        pa.field("title", _S),
        pa.field("group", _S),
        pa.field("page", _I32),
        pa.field("start_time", _S),
        pa.field("end_time", _S),
        pa.field("char_start", _I64),
        pa.field("char_end", _I64),
        *_BBOX_FIELDS,
    ]),
    "speakers": pa.schema([
        pa.field("speaker_id", _S, nullable=False),
        pa.field("item_id", _S, nullable=False),
        pa.field("session_id", _S, nullable=False),
        pa.field("document_id", _S, nullable=False),
        pa.field("ordinal", _I32, nullable=False),
        *_MENTION_FIELDS,
        *_BBOX_FIELDS,
    ]),
    "chairs": pa.schema([
        pa.field("chair_id", _S, nullable=False),
        pa.field("session_id", _S, nullable=False),
        pa.field("document_id", _S, nullable=False),
        pa.field("ordinal", _I32, nullable=False),
        *_MENTION_FIELDS,
    ]),
    # --- cross-document tables: schemas owned by resolve.py (people, organizations,
    # person_aliases, organization_aliases, merges)
    **RESOLVED_SCHEMAS,
}

# The primary key of each table (checked for uniqueness by the asset checks).
ID_COLUMNS: dict[str, str] = {
    "documents": "document_id",
    "meetings": "meeting_id",
    "sessions": "session_id",
    "items": "item_id",
    "speakers": "speaker_id",
    "chairs": "chair_id",
    "people": "person_id",
    "organizations": "organization_id",
    "person_aliases": "person_id",
    "organization_aliases": "organization_id",
}

Row = dict[str, Any]
Tables = dict[str, list[Row]]


# --------------------------------------------------------------------------- ids


def sha256_hex(data: bytes) -> str:
    """The full SHA-256 hex digest of `data`."""
    return hashlib.sha256(data).hexdigest()


def document_id(data: bytes, source_path: str) -> str:
    """A 16-hex-digit id from a document's relative path (POSIX form) and its bytes."""
    h = hashlib.sha256()
    h.update(nfc(source_path).encode("utf-8"))
    h.update(b"\0")
    h.update(data)
    return h.hexdigest()[:16]


def child_id(parent_id: str, prefix: str, ordinal: int) -> str:
    """The id of the `ordinal`-th (1-based) child of `parent_id`: `<parent_id>:<prefix><ordinal>`."""
    return f"{parent_id}:{prefix}{ordinal}"


_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def partition_key(source_path: str) -> str:
    """A Dagster partition key (and file stem) for a relative path, unique per path.

    Characters other than letters, digits, `.`, `_`, `-` become `_` (a `/` becomes `__`);
    when that changed anything, a short hash of the original path is appended so two paths
    never share a key. Runs of dots are collapsed (Dagster refuses `...`).
    """
    path = nfc(source_path).replace("\\", "/")
    key = "__".join(_KEY_UNSAFE.sub("_", part) for part in path.split("/"))
    key = re.sub(r"\.{2,}", ".", key).strip("._") or "document"
    if key != path:
        key = f"{key}-{hashlib.sha256(path.encode('utf-8')).hexdigest()[:6]}"
    return key


# --------------------------------------------------------------------------- text


def nfc(value: Optional[str]) -> Optional[str]:
    """The NFC form of a string (None stays None)."""
    return None if value is None else unicodedata.normalize("NFC", value)


def clean_str(value: Optional[str]) -> Optional[str]:
    """NFC, stripped; empty strings become None."""
    if value is None:
        return None
    value = nfc(str(value)).strip()
    return value or None


def error_sentence(exc: BaseException) -> str:
    """One human sentence for a document that could not be read, ending with the exception type."""
    message = " ".join(str(exc).split()) or "no details"
    return f"The document could not be read: {message} ({type(exc).__name__})."


# --------------------------------------------------------------------------- rows


@dataclass
class SourceInfo:
    """What the pipeline knows about a file before extraction."""

    source_path: str  # relative to RAW_DIR, POSIX separators
    data: bytes
    partition_key: str

    @property
    def document_id(self) -> str:
        return document_id(self.data, self.source_path)

    @property
    def content_hash(self) -> str:
        return sha256_hex(self.data)

    @property
    def format(self) -> str:
        return Path(self.source_path).suffix.lower().lstrip(".") or "unknown"


def _bbox_columns(bbox: Optional[BBox]) -> Row:
    keys = ("x0", "top", "x1", "bottom")
    if bbox is None:
        return {k: None for k in keys}
    return {k: float(v) for k, v in zip(keys, bbox)}


def _person_row(sp: Speaker) -> Row:
    name, affiliation = clean_str(sp.name), clean_str(sp.affiliation)
    return {
        "name": name,
        "affiliation": affiliation,
        "role": clean_str(sp.role),
        "person_id": person_id(name) if name else None,
        "organization_id": organization_id(affiliation) if affiliation else None,
        "method": sp.method or None,
        "confidence": None if sp.confidence is None else float(sp.confidence),
        "page": sp.page,
        "char_start": sp.char_start,
        "char_end": sp.char_end,
    }


def programme_rows(doc_id: str, programme: Programme) -> Tables:
    """The meetings, sessions, items, speakers and chairs rows of one document's programme."""
    meeting_id = child_id(doc_id, "m", 1)
    m = programme.meeting
    tables: Tables = {
        "meetings": [{
            "meeting_id": meeting_id,
            "document_id": doc_id,
            "title": clean_str(m.title),
            "start_date": clean_str(m.start_date),
            "end_date": clean_str(m.end_date),
            "location": clean_str(m.location),
            "language": clean_str(programme.language),
        }],
        "sessions": [], "items": [], "speakers": [], "chairs": [],
    }
    for s_ord, session in enumerate(programme.sessions, start=1):
        session_id = child_id(doc_id, "s", s_ord)
        tables["sessions"].append({
            "session_id": session_id, "document_id": doc_id, "meeting_id": meeting_id,
            "ordinal": s_ord, "number": clean_str(session.number), "title": clean_str(session.title),
            "date": clean_str(session.date), "start_time": clean_str(session.start_time),
            "end_time": clean_str(session.end_time), "page": session.page,
            "char_start": session.char_start, "n_items": len(session.items),
        })
        for c_ord, chair in enumerate(session.chairs, start=1):
            tables["chairs"].append({
                "chair_id": child_id(session_id, "c", c_ord), "session_id": session_id,
                "document_id": doc_id, "ordinal": c_ord, **_person_row(chair),
            })
        for i_ord, item in enumerate(session.items, start=1):
            item_id = child_id(session_id, "i", i_ord)
            tables["items"].append({
                "item_id": item_id, "session_id": session_id, "document_id": doc_id,
                "ordinal": i_ord, "title": clean_str(item.title), "group": clean_str(item.group),
                "page": item.page, "start_time": clean_str(item.start_time),
                "end_time": clean_str(item.end_time), "char_start": item.char_start,
                "char_end": item.char_end, **_bbox_columns(item.bbox),
            })
            for p_ord, sp in enumerate(item.speakers, start=1):
                tables["speakers"].append({
                    "speaker_id": child_id(item_id, "p", p_ord), "item_id": item_id,
                    "session_id": session_id, "document_id": doc_id, "ordinal": p_ord,
                    **_person_row(sp), **_bbox_columns(sp.bbox),
                })
    return tables


def document_row(
    source: SourceInfo,
    *,
    status: str,
    error: Optional[str],
    extractor_version: str,
    ingested_at: Optional[datetime] = None,
    format: Optional[str] = None,
    n_pages: Optional[int] = None,
    language: Optional[str] = None,
    counts: Optional[dict[str, int]] = None,
    extractor_fingerprint: Optional[str] = None,
) -> Row:
    """The `documents` row of one input file."""
    counts = counts or {}
    return {
        "document_id": source.document_id,
        "source_path": nfc(source.source_path),
        "format": format or source.format,
        "n_pages": n_pages,
        "status": status,
        "error": clean_str(error),
        "ingested_at": ingested_at or datetime.now(timezone.utc),
        "language": clean_str(language),
        "content_hash": source.content_hash,
        "file_size": len(source.data),
        "extractor_version": extractor_version,
        "extractor_fingerprint": extractor_fingerprint,
        "partition_key": source.partition_key,
        "n_sessions": counts.get("sessions", 0),
        "n_items": counts.get("items", 0),
        "n_speakers": counts.get("speakers", 0),
    }


def document_tables(
    source: SourceInfo, extract_fn: Any, extractor_version: str, extractor_fingerprint: Optional[str] = None
) -> Tables:
    """All six per-document tables for one file; a failed extraction gives a `failed` row.

    `extract_fn(data, name)` is `extractors.extract.extract`; any exception it raises is
    recorded in `documents.error` and never propagates. `extractor_fingerprint` (a hash of
    the extractor's code) is recorded so re-runs can tell whether the code changed.
    """
    doc_id = source.document_id
    empty: Tables = {t: [] for t in PER_DOCUMENT_TABLES}
    try:
        extraction = extract_fn(source.data, Path(source.source_path).name)
    except Exception as exc:  # noqa: BLE001 - any reader failure becomes a failed row
        empty["documents"] = [document_row(source, status=STATUS_FAILED, error=error_sentence(exc),
                                           extractor_version=extractor_version,
                                           extractor_fingerprint=extractor_fingerprint)]
        return empty
    document, programme = extraction.document, extraction.programme
    tables = {**empty, **programme_rows(doc_id, programme)}
    partial = bool(document.partial)
    error = "; ".join(document.errors) if partial and document.errors else None
    if partial and not error:
        error = "Some parts of the document could not be read."
    counts = {t: len(tables[t]) for t in ("sessions", "items", "speakers")}
    tables["documents"] = [document_row(
        source, status=STATUS_PARTIAL if partial else STATUS_OK, error=error,
        extractor_version=extractor_version, format=document.format, n_pages=document.n_pages,
        language=document.language or programme.language, counts=counts,
        extractor_fingerprint=extractor_fingerprint,
    )]
    return tables


def outcome_tables(
    outcome: "Outcome", partition_key: str, extractor_version: str, extractor_fingerprint: Optional[str] = None
) -> Tables:
    """All six per-document tables for one file parsed by `extractors.isolation` (a worker's `Outcome`).

    The documents row takes the Outcome's status ("ok", "partial" or "failed"), its error
    sentence and the format found by content (`format_found`; the reader's format or the
    file suffix when the worker could not say). A file refused before it was read (outside
    RAW, unreadable, too big) has no bytes: its row has no content hash and no size, and its
    document_id hashes the path alone.
    """
    source = SourceInfo(source_path=outcome.source_path or "", data=outcome.data or b"", partition_key=partition_key)
    extraction = outcome.extraction
    if outcome.status == STATUS_FAILED or extraction is None:
        tables: Tables = {t: [] for t in PER_DOCUMENT_TABLES}
        row = document_row(source, status=STATUS_FAILED,
                           error=outcome.error or "The document could not be read (UnknownError).",
                           extractor_version=extractor_version, format=outcome.format_found,
                           extractor_fingerprint=extractor_fingerprint)
    else:
        tables = document_tables(source, lambda _data, _name: extraction, extractor_version, extractor_fingerprint)
        row = tables["documents"][0]
        row["status"] = outcome.status
        row["error"] = clean_str(outcome.error) if outcome.status == STATUS_PARTIAL else None
        row["format"] = outcome.format_found or row["format"]
    if outcome.data is None:
        row["content_hash"], row["file_size"] = None, None
    tables["documents"] = [row]
    return tables


# --------------------------------------------------------------------------- arrow / parquet


def _normalise_value(value: Any) -> Any:
    """NFC for strings (also inside lists); NaN / pandas NA / NaT become None (null)."""
    if type(value) is str:  # most values: asked first
        return unicodedata.normalize("NFC", value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_normalise_value(v) for v in value]
    return value


def to_arrow(table: str, rows: Iterable[Row]) -> pa.Table:
    """Rows (dicts) as a pyarrow Table with the table's explicit schema; strings in NFC."""
    schema = SCHEMAS[table]
    rows = list(rows)
    columns = {f.name: [_normalise_value(r.get(f.name)) for r in rows] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def write_parquet_atomic(table: pa.Table, path: Path) -> Path:
    """Write `table` to `path` atomically: a temporary file in the same folder, then `os.replace`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".parquet.tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_rows(table: str, rows: Iterable[Row], path: Path) -> pa.Table:
    """Write rows of `table` to `path` (atomic, explicit schema) and return the Arrow table."""
    arrow = to_arrow(table, rows)
    write_parquet_atomic(arrow, path)
    return arrow


def table_path(out_dir: Path, table: str, key: str) -> Path:
    """Where a table's file for one partition (or `part-0` for cross-document tables) lives."""
    return Path(out_dir) / table / f"{key}.parquet"


# The last read of each table folder, with the state of its files (name, inode, mtime, size):
# a run that reads a table several times (resolution, reports, checks) reads the files once.
_READS: dict[Path, tuple[tuple, pa.Table]] = {}
MAX_REMEMBERED_READS = 16  # folders (tables of a few OUT folders at once)


def _file_state(path: Path, st: os.stat_result) -> tuple:
    return (path.name, st.st_ino, st.st_mtime_ns, st.st_size)


def read_table(out_dir: Path, table: str) -> pa.Table:
    """The whole table (all its files, in file name order) with its schema; empty when the folder has no file.

    The files are read as one `pyarrow.dataset` (threaded), which is much faster than one
    `read_table` per file when an archive has thousands of per-document files. The result
    is remembered until any file of the folder is added, removed or replaced (Arrow tables
    are immutable, so callers can share it).
    """
    folder = (Path(out_dir) / table).absolute()
    files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
    try:
        state = tuple(_file_state(f, f.stat()) for f in files)
    except OSError:  # a file went away while listing: read what is there, remember nothing
        return read_files(table, [f for f in files if f.is_file()])
    cached = _READS.get(folder)
    if cached is not None and cached[0] == state:
        return cached[1]
    arrow = read_files(table, files, state)
    _READS.pop(folder, None)
    while len(_READS) >= MAX_REMEMBERED_READS:
        del _READS[next(iter(_READS))]  # the oldest
    _READS[folder] = (state, arrow)
    return arrow


def read_columns(out_dir: Path, table: str, columns: Sequence[str], document_ids: Optional[Iterable[str]] = None,
                 files: Optional[Sequence[Path]] = None) -> pa.Table:
    """Some columns of a table (of some documents only, when `document_ids` is given): one dataset
    scan of the table's files (or of `files` only, when the caller knows where the rows are) that
    reads those columns only (not remembered: for readers of a whole archive that need a few
    columns, and for a few new documents' rows)."""
    import pyarrow.dataset as ds

    folder = Path(out_dir) / table
    if files is not None:
        files = [str(f) for f in files]
    else:
        files = sorted(str(f) for f in folder.glob("*.parquet")) if folder.is_dir() else []
    if not files:
        return SCHEMAS[table].empty_table().select(list(columns))
    wanted = None if document_ids is None else ds.field("document_id").isin(sorted(set(document_ids)))
    return ds.dataset(files, schema=SCHEMAS[table], format="parquet").to_table(columns=list(columns), filter=wanted)


def read_files(table: str, files: Sequence[Path], states: Optional[Sequence[tuple]] = None) -> pa.Table:
    """Some Parquet files of a table, concatenated in the given order, with the table's schema
    (one dataset: threaded, much faster than one read per file)."""
    import pyarrow.dataset as ds

    schema = SCHEMAS[table]
    if not files:
        return schema.empty_table()
    return ds.dataset([str(f) for f in files], schema=schema, format="parquet").to_table()
