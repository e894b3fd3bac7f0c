"""Files in RAW and per-document outputs in OUT: listing, keys, writing, pruning, skipping.

Plain Python (no Dagster): the assets, the sensor and the CLI share these functions so they
agree on which files are documents, which partition key each gets, and where its rows go.

Per document, OUT holds one Parquet file per table (`OUT/<table>/<key>.parquet`, read as one
dataset) and the document's extracted text (`OUT/.text/<key>.txt`, for the review pages, so
the parent process never parses a document itself). A document is *unchanged* when its
stored row was made from the same bytes (content hash) by the same extractor code
(`extractor_fingerprint`); unchanged documents are skipped without starting a worker. A file
whose stat is the one remembered with that hash (`SourceStats`) is not read to find this out.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import pyarrow.parquet as pq

import extractors
from extractors import EXTRACTOR_VERSION, extract
from extractors.limits import DEFAULT_LIMITS, Limits
from extractors.tables import (
    PER_DOCUMENT_TABLES,
    SourceInfo,
    Tables,
    document_tables,
    outcome_tables,
    partition_key,
    table_path,
    to_arrow,
    write_rows,
)

if TYPE_CHECKING:
    from extractors.isolation import Outcome
    from pipelines.compaction import SegmentWriter

# The asset groups: per-document assets (one partition per document) and cross-document ones.
DOCUMENT_GROUP, CROSS_GROUP = "documents", "cross_document"
TEXT_DIR = ".text"  # OUT/.text/<key>.txt: each document's extracted text (not a table)

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


def source_fingerprint(package: Optional[Path] = None) -> str:
    """A hash of EXTRACTOR_VERSION and the source of every module of `extractors/` (or `package`), as the files are now.

    Any code change gives a new fingerprint, so re-runs re-extract documents after an edit
    even when nobody bumped EXTRACTOR_VERSION; so do other learned files (a retrained role
    model or readings scorer, or those named by PROGRAMME_INGEST_ROLE_MODEL / _READINGS).
    """
    from extractors.roles import READING_ENV, READINGS_ENV, WEIGHTS_PATH, model_path

    package = package or Path(extractors.__file__).parent
    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    model = model_path()
    h.update(b"model:" + (model.read_bytes() if model is not None and model.is_file() else b"none"))
    h.update(b"reading:" + os.environ.get(READING_ENV, "").encode())
    weights = Path(os.environ.get(READINGS_ENV) or WEIGHTS_PATH)
    h.update(b"readings:" + (weights.read_bytes() if weights.is_file() else b"none"))
    return h.hexdigest()[:16]


_FINGERPRINTS: dict[str, str] = {}  # extractors/__init__.py's path → its package's fingerprint, once per process


def extractor_fingerprint() -> str:
    """The `source_fingerprint` of the extractor code this process runs, computed once per process.

    A process runs the modules it imported when it started, and whatever extracts documents
    starts anew for each batch: Dagster launches every run in a new process, each CLI call is
    one, and the worker pool of a run forks from a server started by that run. So an edit of
    `extractors/` is seen by the next run or CLI call, while the documents of one batch, which
    cannot differ, share one computation (it used to list and stat every module per
    document). Callers that watch for edits made meanwhile compare `source_fingerprint()`.
    """
    module = extractors.__file__  # a string as the key: the skip check asks once per document
    if module not in _FINGERPRINTS:
        _FINGERPRINTS[module] = source_fingerprint(Path(module).parent)
    return _FINGERPRINTS[module]


def is_document(path: Path, raw_dir: Path) -> bool:
    """Anything under RAW that is not a folder and not hidden (no part of its relative path
    starts with '.'). Symlinks (dangling, or to a folder or file outside RAW), FIFOs and other
    special files are listed too: the worker pool's parent refuses them with a recorded
    error, so nothing in RAW is skipped silently."""
    rel = path.relative_to(raw_dir)
    if any(part.startswith((".", "~$")) for part in rel.parts):
        return False
    return path.is_symlink() or not path.is_dir()


def list_documents(raw_dir: Path) -> dict[str, str]:
    """Partition key → relative POSIX path of every document under RAW (`is_document`), sorted by
    path (by its parts, as `Path` sorts).

    One `os.scandir` walk: the entries' types come with the listing, so an archive of 10,000
    files is not stat'ed twice per file (`Path.rglob` + `is_document`); hidden folders are not
    entered (nothing in them is a document) and symlinked folders are not followed, as `rglob`.
    """
    found: list[tuple[str, ...]] = []

    def walk(folder: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except PermissionError:
            return
        for entry in entries:
            if entry.name.startswith((".", "~$")):
                continue
            try:
                folder_entry = entry.is_dir()
                link = entry.is_symlink()
            except OSError:
                folder_entry, link = False, False
            if folder_entry and not link:
                walk(entry.path, (*parts, entry.name))
            else:
                found.append((*parts, entry.name))

    walk(str(raw_dir), ())
    docs: dict[str, str] = {}
    for parts in sorted(found):
        rel = "/".join(parts)
        docs[partition_key(rel)] = rel
    return docs


def source_for_key(raw_dir: Path, key: str) -> SourceInfo:
    """The file behind a partition key; raises FileNotFoundError when RAW no longer has it."""
    rel = list_documents(raw_dir).get(key)
    if rel is None:
        raise FileNotFoundError(f"no document under {raw_dir} has the partition key {key!r}")
    return SourceInfo(source_path=rel, data=(Path(raw_dir) / rel).read_bytes(), partition_key=key)


def source_state(raw_dir: Path, rel: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Optional[str], Optional[str]]:
    """(content hash, refusal) of one RAW file, read the way the workers' parent reads it.

    The file goes through `extractors.isolation.prepare` (`safety.read_stable`): a file that
    leaves RAW, cannot be read or is over the size limit is never read and gives
    (None, the refusal sentence); any other file gives (its SHA-256, None).
    """
    from extractors.isolation import prepare

    outcome = prepare(Path(raw_dir) / rel, raw_dir, limits)
    return outcome.content_hash, (outcome.error if outcome.content_hash is None else None)


def file_fingerprint(raw_dir: Path, rel: str) -> Optional[str]:
    """Content hash of one RAW file (what the sensor's cursor remembers); None when it is refused."""
    return source_state(raw_dir, rel)[0]


def write_document_outputs(raw_dir: Path, out_dir: Path, key: str) -> Tables:
    """Extract one document in this process (no isolation: for trusted inputs and tests) and
    write its six per-document tables (always all six files)."""
    source = source_for_key(raw_dir, key)
    texts: list[str] = []

    def extract_keeping_text(data: bytes, name: str):
        extraction = extract(data, name)
        texts.append(extraction.document.text)
        return extraction

    tables = document_tables(source, extract_keeping_text, EXTRACTOR_VERSION, extractor_fingerprint())
    write_text(out_dir, key, texts[0] if texts else None)
    write_tables(out_dir, key, tables)
    return tables


def write_tables(out_dir: Path, key: str, tables: Tables, segment: Optional["SegmentWriter"] = None) -> Tables:
    """Write one partition's six per-document tables (atomic, one file each; `documents` last,
    so a stored documents row always has its other tables beside it); returns the rows as
    stored (what reading the files back gives: NFC strings, nulls, timestamps).

    A document held by a segment leaves it first (`compaction.release`); the files are written
    under the archive's shared lock, so a compaction never takes half of them. With `segment`,
    the tables written also go to that run's segment (`compaction.SegmentWriter`); when that
    segment is `direct`, they go only there (no per-document files).
    """
    from pipelines import compaction

    if segment is not None and segment.direct:  # straight into the run's segment: no files
        if key in compaction.compacted_keys(out_dir):
            compaction.release(out_dir, [key])
        arrow = {table: to_arrow(table, tables[table]) for table in PER_DOCUMENT_TABLES}
        segment.add(key, arrow)
        return {t: arrow[t].to_pylist() for t in PER_DOCUMENT_TABLES}
    while True:
        with compaction.archive_lock(out_dir, exclusive=False):
            if key not in compaction.compacted_keys(out_dir):
                arrow = {}
                for table in (*PER_DOCUMENT_TABLES[1:], PER_DOCUMENT_TABLES[0]):
                    arrow[table] = write_rows(table, tables[table], table_path(out_dir, table, key))
                break
        compaction.release(out_dir, [key])
    if segment is not None:
        segment.add(key, arrow)
    return {t: arrow[t].to_pylist() for t in PER_DOCUMENT_TABLES}


def text_path(out_dir: Path, key: str) -> Path:
    """Where one document's extracted text is kept (for its review page)."""
    return Path(out_dir) / TEXT_DIR / f"{key}.txt"


def write_outcome_outputs(out_dir: Path, key: str, outcome: "Outcome", segment: Optional["SegmentWriter"] = None) -> Tables:
    """Write the tables of a document parsed by a worker (`extractors.isolation.Outcome`) and
    its extracted text; returns the rows as stored."""
    tables = outcome_tables(outcome, key, EXTRACTOR_VERSION, extractor_fingerprint())
    write_text(out_dir, key, outcome.extraction.document.text if outcome.extraction is not None else None)
    return write_tables(out_dir, key, tables, segment)


def write_text(out_dir: Path, key: str, text: Optional[str]) -> None:
    """Keep one document's extracted text (atomically), or remove it when there is none."""
    path = text_path(out_dir, key)
    if text is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:  # offsets count every character
        handle.write(text)
    os.replace(tmp, path)


def stored_text(out_dir: Path, key: str) -> Optional[str]:
    """The extracted text kept for one document, or None when there is none."""
    try:
        with open(text_path(out_dir, key), encoding="utf-8", newline="") as handle:
            return handle.read()
    except OSError:
        return None


def stored_document(out_dir: Path, key: str) -> Optional[dict]:
    """The stored `documents` row of a partition (its own file or its segment), or None when
    missing or unreadable."""
    from pipelines.compaction import document_rows

    try:
        rows = document_rows(out_dir, "documents", key)
    except (OSError, ValueError):
        return None
    return rows.to_pylist()[0] if rows is not None and rows.num_rows else None


def stored_documents(out_dir: Path) -> dict[str, dict]:
    """Every stored `documents` row by partition key (`read_table`: one dataset, and the files
    this process has just written are not read back); files that cannot be read are left out
    (their documents count as changed)."""
    from extractors.tables import read_table

    try:
        rows = read_table(out_dir, "documents").to_pylist()
    except (OSError, ValueError):  # a torn or foreign file: fall back to one file at a time
        from pipelines.compaction import compacted_keys, loose_keys

        keys = sorted({*loose_keys(out_dir), *compacted_keys(out_dir)})
        rows = [r for k in keys for r in [stored_document(out_dir, k)] if r]
    return {r["partition_key"]: r for r in rows if r.get("partition_key")}


_NOT_GIVEN: dict = {}

SOURCES_FILE = "sources.json"  # OUT/.archive/sources.json: the RAW files' stat when last hashed
# A file changed within this long of the stat that is remembered could still be changing in the
# same clock tick: such a stat is not remembered (the file is hashed next time, as git does
# with "racily clean" entries).
RACY_NS = 2_000_000_000


def source_signature(raw_dir: Path, rel: str) -> Optional[tuple[int, int, int, int]]:
    """(size, mtime_ns, inode, ctime_ns) of a RAW file that is a readable regular file (not a
    symlink, at least one read bit), else None (such files are always hashed). The ctime moves
    on any write, rename or chmod and cannot be set back by the user, so a file rewritten with
    the same size and mtime still gives another signature."""
    try:
        st = os.lstat(Path(raw_dir) / rel)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or not st.st_mode & (stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH):
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns


@dataclass
class SourceStats:
    """What lets the skip check leave a RAW file unread: its stat when its content hash was last
    known (`OUT/.archive/sources.json`, key → [path, size, mtime_ns, inode, ctime_ns, hash]).

    Hashing every RAW file to find the few new ones grew with the archive (a tenth of a second
    per thousand documents); a file whose stat and path are those remembered along with the
    hash its stored row has is the same file, and is not read again. A stat taken now is kept
    per key (`signature`) so that `save` remembers the stat taken *before* the file was read.
    """

    stored: dict[str, list] = field(default_factory=dict)
    current: dict[str, Optional[tuple[int, int, int, int]]] = field(default_factory=dict)
    taken_ns: int = 0

    @classmethod
    def load(cls, out_dir: Path) -> "SourceStats":
        try:
            stored = json.loads((Path(out_dir) / ".archive" / SOURCES_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        return cls(stored=stored if isinstance(stored, dict) else {}, taken_ns=time.time_ns())

    def signature(self, raw_dir: Path, key: str, rel: str) -> Optional[tuple[int, int, int, int]]:
        if key not in self.current:
            self.current[key] = source_signature(raw_dir, rel)
        return self.current[key]

    def known(self, raw_dir: Path, key: str, rel: str, row: dict, limits: Limits) -> bool:
        """True when the file is the one whose hash the stored row has (no need to read it)."""
        entry = self.stored.get(key)
        if not (isinstance(entry, list) and len(entry) == 6 and entry[0] == rel and entry[5]
                and entry[5] == row.get("content_hash")):
            return False
        signature = self.signature(raw_dir, key, rel)
        return signature is not None and list(signature) == entry[1:5] and signature[0] <= limits.max_bytes

    def save(self, raw_dir: Path, out_dir: Path, docs: dict[str, str], rows: dict[str, dict]) -> None:
        """Remember the stat of `docs`: the documents whose stored row (`rows`) has a hash this run
        read or confirmed (found unchanged, or written by it). A stat whose ctime is older than
        the start of the run (less `RACY_NS`) is of a file that has not changed since, so the
        hash read during the run is its content; files changed later are left out."""
        entries = {}
        for key, rel in docs.items():
            row = rows.get(key) or {}
            signature = self.signature(raw_dir, key, rel)
            if (signature is not None and row.get("content_hash") and row.get("source_path") == rel
                    and signature[3] < self.taken_ns - RACY_NS):
                entries[key] = [rel, *signature, row["content_hash"]]
        if entries == self.stored:
            return
        path = Path(out_dir) / ".archive" / SOURCES_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(entries, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)


def is_unchanged(raw_dir: Path, out_dir: Path, key: str, rel: str, limits: Limits = DEFAULT_LIMITS,
                 row: Optional[dict] = _NOT_GIVEN, stats: Optional[SourceStats] = None) -> bool:
    """True when the outputs of `key` exist and were made from the same bytes by the same extractor code.

    `row` is the stored documents row when the caller has read it already (None: there is
    none). A file refused without being read (no content hash) is unchanged while it is
    refused for the same reason. With `stats`, a file whose stat is the one remembered with
    the row's hash is not read (`SourceStats`).
    """
    from pipelines.compaction import has_outputs

    if not has_outputs(out_dir, key):
        return False
    if row is _NOT_GIVEN:
        row = stored_document(out_dir, key)
    if not (row and row.get("source_path") == rel and row.get("extractor_version") == EXTRACTOR_VERSION
            and row.get("extractor_fingerprint") == extractor_fingerprint()):
        return False
    if stats is not None and stats.known(raw_dir, key, rel, row, limits):
        return True
    content_hash, refusal = source_state(raw_dir, rel, limits)
    if content_hash is None:
        return row.get("content_hash") is None and row.get("error") == refusal
    return row.get("content_hash") == content_hash


def prune_outputs(out_dir: Path, keep_keys: set[str]) -> list[str]:
    """Delete the per-document rows (own files, or rows in a segment) of partition keys not in
    `keep_keys`; returns the keys removed."""
    from pipelines.compaction import compacted_keys, is_segment, release

    removed: set[str] = set(release(out_dir, [k for k in compacted_keys(out_dir) if k not in keep_keys]))
    for table in PER_DOCUMENT_TABLES:
        folder = Path(out_dir) / table
        if not folder.is_dir():
            continue
        for f in folder.glob("*.parquet"):
            if f.stem not in keep_keys and not is_segment(f.stem):
                f.unlink()
                removed.add(f.stem)
        for tmp in folder.glob(".*.parquet.tmp"):  # leftovers of an interrupted write
            tmp.unlink(missing_ok=True)
    texts = Path(out_dir) / TEXT_DIR
    for f in texts.glob("*") if texts.is_dir() else []:
        if f.name.startswith(".") or f.name[: -len(".txt")] not in keep_keys:
            f.unlink(missing_ok=True)
    return sorted(removed)


@dataclass
class DocumentSummary:
    """What one document contributed (for progress lines and metadata)."""

    status: str
    sessions: int
    items: int
    speakers: int
    error: Optional[str] = None


def summarise(out_dir: Path, key: str, row: Optional[dict] = _NOT_GIVEN) -> DocumentSummary:
    """Counts of the stored outputs of one partition (from `row` when the caller has it)."""
    row = (stored_document(out_dir, key) if row is _NOT_GIVEN else row) or {}
    return DocumentSummary(
        status=row.get("status", "missing"),
        sessions=int(row.get("n_sessions") or 0),
        items=int(row.get("n_items") or 0),
        speakers=int(row.get("n_speakers") or 0),
        error=row.get("error"),
    )
