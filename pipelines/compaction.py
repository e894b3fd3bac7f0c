"""Compaction: many per-document Parquet files become a few segment files, so whole-archive readers
(the cross-document step, `sql`, pandas, DuckDB) open a handful of files instead of thousands.

A run of few documents writes per-document files (`OUT/<table>/<partition_key>.parquet`). A
run that writes at least `COMPACT_AT` documents writes them straight into segments of at most
`SEGMENT_DOCUMENTS` documents from the rows it has in memory (`SegmentWriter`, `direct`),
`OUT/<table>/segment+NNNNNN.parquet` (one segment name for the six per-document tables; `+`
never occurs in a partition key), without per-document files. Documents left loose (runs of
fewer than `COMPACT_AT`) are compacted from their files by `compact` once `COMPACT_AT` of them
wait (all of them with `everything=True`: the rebuild). Segments are plain Parquet files with the table's schema in the table's folder, so
`pd.read_parquet("OUT/<table>")`, `pyarrow.dataset` and DuckDB (`OUT/<table>/*.parquet`)
read the folder as one table, as before.

`OUT/.archive/segments.json` (the manifest) lists each segment's documents (partition key →
document_id). A document extracted again, or removed from RAW, first leaves its segment
(`release`: the segment is rewritten without its rows, or deleted when it held nothing else),
then gets its per-document files as usual. Compaction and release hold an exclusive lock
(`OUT/.archive/lock`, `fcntl.flock`); writers of per-document files hold it shared, so two
runs never lose each other's files. Files are published in an order that a crash at any point
leaves readable: segment files are renamed into place first, the manifest is written next,
the loose files are deleted last; `repair` (run before every compaction) deletes a segment
the manifest does not list (a crash before the manifest: its documents are still loose) and
loose files of documents a segment holds (a crash after it). No Dagster here.
"""
from __future__ import annotations

import fcntl
import json
import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Optional

if TYPE_CHECKING:
    import pyarrow as pa

# Only the standard library at import: `pipelines.pool` asks for the manifest before the CLI's
# heavy imports (pyarrow, pandas, Dagster). Functions that read or write Parquet import it.
PER_DOCUMENT_TABLES: tuple[str, ...] = ("documents", "meetings", "sessions", "items", "speakers", "chairs")

ARCHIVE_DIR = ".archive"
MANIFEST_FILE, LOCK_FILE = "segments.json", "lock"
SEGMENT_PREFIX = "segment+"
COMPACT_AT = 100  # loose documents that make a run compact them (fewer wait as per-document files)
SEGMENT_DOCUMENTS = 1000  # documents per segment at most (a run holds one segment's rows in memory)


def is_segment(name: str) -> bool:
    """A segment file or stem (`segment+000001[.parquet]`), not a per-document file."""
    return name.startswith(SEGMENT_PREFIX)


def archive_dir(out_dir: Path) -> Path:
    return Path(out_dir) / ARCHIVE_DIR


@contextmanager
def archive_lock(out_dir: Path, exclusive: bool = True) -> Iterator[None]:
    """The archive's lock: exclusive for compaction and release, shared for writing per-document files."""
    folder = archive_dir(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_FILE, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- manifest

_MANIFESTS: dict[Path, tuple[tuple, dict]] = {}  # manifest path → (file state, content): read once per change


def load_manifest(out_dir: Path) -> dict:
    """{"next": n, "segments": {segment: {partition key: document_id}}} (empty when there is none)."""
    path = archive_dir(out_dir) / MANIFEST_FILE
    try:
        st = path.stat()
    except OSError:
        return {"next": 1, "segments": {}}
    state = (st.st_ino, st.st_mtime_ns, st.st_size)
    cached = _MANIFESTS.get(path)
    if cached is not None and cached[0] == state:
        return cached[1]
    manifest = json.loads(path.read_text(encoding="utf-8"))
    _MANIFESTS[path] = (state, manifest)
    return manifest


def manifest_to_update(out_dir: Path) -> dict:
    """A copy of the manifest to change and save (the one `load_manifest` remembers stays as read)."""
    manifest = load_manifest(out_dir)
    return {"next": manifest["next"], "segments": {s: dict(keys) for s, keys in manifest["segments"].items()}}


def save_manifest(out_dir: Path, manifest: dict) -> None:
    folder = archive_dir(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".segments.", suffix=".tmp", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, sort_keys=True)
    os.replace(tmp, folder / MANIFEST_FILE)


_KEYS: dict[Path, tuple[dict, dict[str, str]]] = {}  # OUT → (the manifest read, its key → segment map)


def compacted_keys(out_dir: Path) -> dict[str, str]:
    """Partition key → the segment holding its rows (worked out once per manifest read: the skip
    check asks for every document). Callers must not modify it."""
    manifest = load_manifest(out_dir)
    cached = _KEYS.get(Path(out_dir))
    if cached is not None and cached[0] is manifest:
        return cached[1]
    keys = {key: segment for segment, members in manifest["segments"].items() for key in members}
    _KEYS[Path(out_dir)] = (manifest, keys)
    return keys


def loose_keys(out_dir: Path) -> list[str]:
    """Partition keys with a per-document `documents` file (not yet compacted), sorted."""
    folder = Path(out_dir) / "documents"
    if not folder.is_dir():
        return []
    return sorted(e.name[: -len(".parquet")] for e in os.scandir(folder)
                  if e.name.endswith(".parquet") and not e.name.startswith(".") and not is_segment(e.name))


def table_path(out_dir: Path, table: str, key: str) -> Path:
    """`extractors.tables.table_path` (the same layout, without importing pyarrow)."""
    return Path(out_dir) / table / f"{key}.parquet"


def has_outputs(out_dir: Path, key: str) -> bool:
    """The document's six tables are stored: in a segment, or as six per-document files."""
    return key in compacted_keys(out_dir) or all(table_path(out_dir, t, key).is_file() for t in PER_DOCUMENT_TABLES)


# --------------------------------------------------------------------------- reading one document

_SEGMENT_READS: dict[Path, tuple[tuple, pa.Table]] = {}  # the last segment read per table folder


def _segment_table(out_dir: Path, table: str, segment: str) -> "pa.Table":
    import pyarrow.parquet as pq

    from extractors.tables import SCHEMAS

    path = table_path(out_dir, table, segment)
    st = path.stat()
    state = (path.name, st.st_ino, st.st_mtime_ns, st.st_size)
    cached = _SEGMENT_READS.get(path.parent)
    if cached is not None and cached[0] == state:
        return cached[1]
    arrow = pq.read_table(path, schema=SCHEMAS[table])
    _SEGMENT_READS[path.parent] = (state, arrow)
    return arrow


def document_rows(out_dir: Path, table: str, key: str) -> Optional["pa.Table"]:
    """One document's rows of a per-document table, from its own file or its segment; None when
    neither holds it."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from extractors.tables import SCHEMAS

    path = table_path(out_dir, table, key)
    if path.is_file():
        return pq.read_table(path, schema=SCHEMAS[table])
    segments = load_manifest(out_dir)["segments"]
    for segment, keys in segments.items():
        if key in keys:
            rows = _segment_table(out_dir, table, segment)
            return rows.filter(pc.equal(rows["document_id"], keys[key]))
    return None


# --------------------------------------------------------------------------- compaction


@dataclass
class Compaction:
    """What one compaction did (the asset's metadata)."""

    segments_written: list[str] = field(default_factory=list)
    documents: int = 0
    loose_before: int = 0
    loose_after: int = 0
    segments: int = 0
    seconds: float = 0.0

    def metadata(self) -> dict:
        return {"segments_written": len(self.segments_written), "documents_compacted": self.documents,
                "loose_documents_before": self.loose_before, "loose_documents_after": self.loose_after,
                "segments": self.segments, "seconds": round(self.seconds, 3)}


def _write_hidden(table: "pa.Table", path: Path) -> Path:
    """Write `table` beside `path` under a hidden name (readers skip it) and return that name."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)  # a run writing straight into segments made no folder yet
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".parquet.tmp", dir=path.parent)
    os.close(fd)
    pq.write_table(table, tmp)
    return Path(tmp)


def compact(out_dir: Path, min_documents: int = COMPACT_AT, everything: bool = False,
            segment_documents: int = SEGMENT_DOCUMENTS) -> Compaction:
    """Move loose per-document files into new segments when at least `min_documents` documents
    have them (any number with `everything`)."""
    start = time.perf_counter()
    done = Compaction()
    with archive_lock(out_dir):
        repair(out_dir)
        manifest = manifest_to_update(out_dir)
        keys = [k for k in loose_keys(out_dir)
                if all(table_path(out_dir, t, k).is_file() for t in PER_DOCUMENT_TABLES)]
        done.loose_before = len(keys)
        if keys and (everything or len(keys) >= min_documents):
            for first in range(0, len(keys), segment_documents):
                chunk = keys[first: first + segment_documents]
                segment = f"{SEGMENT_PREFIX}{manifest['next']:06d}"
                _write_segment(out_dir, manifest, segment, chunk)
                done.segments_written.append(segment)
                done.documents += len(chunk)
        done.loose_after = len(loose_keys(out_dir))
        done.segments = len(manifest["segments"])
    done.seconds = time.perf_counter() - start
    return done


def _write_segment(out_dir: Path, manifest: dict, segment: str, keys: list[str]) -> None:
    """One segment from the loose files of `keys`."""
    from extractors.tables import read_files

    tables = {t: read_files(t, [table_path(out_dir, t, k) for k in keys]) for t in PER_DOCUMENT_TABLES}
    documents = tables["documents"]
    ids = dict(zip(documents["partition_key"].to_pylist(), documents["document_id"].to_pylist()))
    _publish(out_dir, manifest, segment, {k: ids.get(k, "") for k in keys}, tables)


def _publish(out_dir: Path, manifest: dict, segment: str, members: dict[str, str], tables: dict) -> None:
    """Publish a segment (see the module docstring for the order): its files renamed into place,
    the manifest listing `members` (partition key → document_id), the loose files deleted."""
    hidden: list[tuple[Path, Path]] = []
    try:
        for table in PER_DOCUMENT_TABLES:
            target = table_path(out_dir, table, segment)
            hidden.append((_write_hidden(tables[table], target), target))
    except BaseException:
        for tmp, _ in hidden:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in hidden:
        os.replace(tmp, target)
    manifest["segments"][segment] = members
    manifest["next"] += 1
    save_manifest(out_dir, manifest)
    for table in PER_DOCUMENT_TABLES:
        for key in members:
            table_path(out_dir, table, key).unlink(missing_ok=True)


def _file_state(path: Path) -> Optional[tuple]:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class SegmentWriter:
    """Segments built from the documents a run writes, from the rows it has in memory (reading
    thousands of small files back costs about 2 ms each).

    `add` takes each document's tables just after its per-document files are written; once
    `segment_documents` documents are pending, and at `close` when at least `min_documents` are, a
    segment is published and those documents' loose files deleted. A document whose files
    changed meanwhile (another run wrote it again) is left out and stays loose. With
    `expected` >= `min_documents` (`direct`), the caller writes no per-document files at all
    (`store.write_tables`) and every document goes into a segment; one whose files appeared
    meanwhile (another run wrote it) is left out, the other run's files kept. Memory holds the
    pending documents' rows only, combined into one Arrow table per table every
    `COMBINE_EVERY` documents (thousands of small tables cost far more than their bytes).
    """

    COMBINE_EVERY = 100

    def __init__(self, out_dir: Path, min_documents: int = COMPACT_AT,
                 segment_documents: int = SEGMENT_DOCUMENTS, expected: int = 0) -> None:
        self.out_dir, self.min_documents, self.segment_documents = Path(out_dir), min_documents, segment_documents
        # A run that will write at least `min_documents` documents would compact every one of them:
        # its documents go straight into segments, without per-document files written and deleted
        # again (about a third of the parent's time per document). Segments are then balanced
        # (1,050 documents: two of 525, not 1,000 and 50).
        self.direct = expected >= min_documents
        if self.direct:
            self.segment_documents = -(-expected // -(-expected // segment_documents))
        self.segments_written: list[str] = []
        self.documents = 0
        self.last_schemas: dict[str, "pa.Schema"] = {}
        self._reset()

    def _reset(self) -> None:
        self.pending: list[tuple[str, str, tuple]] = []  # (key, document_id, states of its six files)
        self.parts: dict[str, list] = {t: [] for t in PER_DOCUMENT_TABLES}

    def add(self, key: str, tables: dict) -> None:
        """One document just written (`tables`: its six Arrow tables as written). A full segment is
        published when the next document arrives (or at `close`), so the caller can still read the
        last document's files (the per-document checks read their schema)."""
        import pyarrow as pa

        if len(self.pending) >= self.segment_documents:
            self.flush()
        states = tuple(_file_state(table_path(self.out_dir, t, key)) for t in PER_DOCUMENT_TABLES)
        ids = tables["documents"]["document_id"].to_pylist()
        self.pending.append((key, ids[0] if ids else "", states))
        for table in PER_DOCUMENT_TABLES:
            self.parts[table].append(tables[table])
        self.last_schemas = {t: tables[t].schema for t in PER_DOCUMENT_TABLES}
        if len(self.pending) % self.COMBINE_EVERY == 0:
            self.parts = {t: [pa.concat_tables(parts).combine_chunks()] for t, parts in self.parts.items()}

    def close(self) -> None:
        """Publish what is pending when it is enough for a segment; otherwise the files stay loose.
        Writing straight into segments (`direct`), everything pending is published: those
        documents have no files (also when the run stops on an error: what was parsed is kept)."""
        if self.direct or len(self.pending) >= self.min_documents:
            self.flush()
        self._reset()

    def flush(self) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        pending, parts = self.pending, self.parts
        self._reset()
        if not pending:
            return
        with archive_lock(self.out_dir):
            manifest = manifest_to_update(self.out_dir)
            compacted = {k for keys in manifest["segments"].values() for k in keys}
            kept = {key: doc for key, doc, states in pending if key not in compacted and all(
                _file_state(table_path(self.out_dir, t, key)) == st for t, st in zip(PER_DOCUMENT_TABLES, states))}
            if not kept:
                return
            tables = {t: pa.concat_tables(p) for t, p in parts.items()}
            if len(kept) < len(pending):
                ids = pa.array(sorted(set(kept.values())), pa.string())
                tables = {t: rows.filter(pc.is_in(rows["document_id"], value_set=ids)) for t, rows in tables.items()}
            segment = f"{SEGMENT_PREFIX}{manifest['next']:06d}"
            _publish(self.out_dir, manifest, segment, kept, tables)
        self.segments_written.append(segment)
        self.documents += len(kept)


def release(out_dir: Path, keys: Iterable[str]) -> list[str]:
    """Take documents out of their segments (before they are written again, or when they left
    RAW): each segment holding one is rewritten without its rows (deleted when nothing is left).
    Returns the keys released."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from extractors.tables import SCHEMAS

    wanted = set(keys)
    if not wanted & set(compacted_keys(out_dir)):
        return []
    released: list[str] = []
    with archive_lock(out_dir):
        manifest = manifest_to_update(out_dir)
        for segment, members in list(manifest["segments"].items()):
            leaving = sorted(wanted & set(members))
            if not leaving:
                continue
            ids = pa.array(sorted({members[k] for k in leaving}), pa.string())
            staying = {k: v for k, v in members.items() if k not in wanted}
            hidden: list[tuple[Path, Path]] = []
            for table in PER_DOCUMENT_TABLES:
                target = table_path(out_dir, table, segment)
                if staying and target.is_file():
                    rows = pq.read_table(target, schema=SCHEMAS[table])
                    rows = rows.filter(pc.invert(pc.is_in(rows["document_id"], value_set=ids)))
                    hidden.append((_write_hidden(rows, target), target))
            if staying:
                manifest["segments"][segment] = staying
            else:
                del manifest["segments"][segment]
            for tmp, target in hidden:
                os.replace(tmp, target)
            save_manifest(out_dir, manifest)
            if not staying:
                for table in PER_DOCUMENT_TABLES:
                    table_path(out_dir, table, segment).unlink(missing_ok=True)
            released += leaving
    return released


def repair(out_dir: Path) -> list[str]:
    """Undo what an interrupted compaction left (the caller holds the lock): segment files the
    manifest does not list are deleted, and loose files of documents a segment holds. Returns
    the names of the files deleted."""
    manifest = load_manifest(out_dir)
    listed = set(manifest["segments"])
    in_segments = {k for keys in manifest["segments"].values() for k in keys}
    deleted: list[str] = []
    for table in PER_DOCUMENT_TABLES:
        folder = Path(out_dir) / table
        if not folder.is_dir():
            continue
        for entry in os.scandir(folder):
            stem = entry.name[: -len(".parquet")] if entry.name.endswith(".parquet") else None
            if stem is None or entry.name.startswith("."):
                continue
            if (is_segment(stem) and stem not in listed) or (not is_segment(stem) and stem in in_segments):
                os.unlink(entry.path)
                deleted.append(f"{table}/{entry.name}")
    return deleted
