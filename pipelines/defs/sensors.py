"""Sensor on RAW: registers new and changed documents as partitions and requests batched runs.

The cursor remembers, per partition key, the file's mtime, size and content hash. A file
whose mtime or size moved is hashed again; only a different hash counts as a change. One
`SensorResult` adds the new partitions, deletes the partitions of removed files (and their
per-document output files, so OUT mirrors RAW) and requests as few runs as it can: the new
and changed documents are grouped into partition key ranges of at most `BATCH_SIZE`
partitions, one run each (the document asset has `BackfillPolicy.single_run()` and parses a
run's documents in one worker pool; unchanged documents inside a range are skipped there).
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from pipelines import store
from pipelines.defs.jobs import cross_document_job, ingest_documents_job
from pipelines.defs.partitions import documents_partitions
from pipelines.defs.resources import IngestPaths

FileState = dict[str, list]  # key → [mtime_ns, size, sha256 (None when the file is refused)]
BATCH_SIZE = 500  # partitions per run at most (a range may include unchanged documents, skipped cheaply)
RANGE_START_TAG, RANGE_END_TAG = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


def scan(raw_dir: Path, previous: FileState) -> FileState:
    """The current state of every document under RAW, re-hashing only files whose mtime/size moved."""
    state: FileState = {}
    for key, rel in store.list_documents(raw_dir).items():
        try:
            st = (Path(raw_dir) / rel).stat()
        except OSError:  # gone or unreachable since it was listed: the run records why
            state[key] = [0, 0, None]
            continue
        old = previous.get(key)
        if old and old[0] == st.st_mtime_ns and old[1] == st.st_size:
            state[key] = old
        else:
            state[key] = [st.st_mtime_ns, st.st_size, store.file_fingerprint(raw_dir, rel)]
    return state


@dataclass
class Changes:
    """What changed in RAW since the last tick."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def diff(previous: FileState, current: FileState, known_partitions: set[str]) -> Changes:
    """New keys (not yet a partition or not in the cursor), changed hashes, removed keys."""
    changes = Changes()
    for key, state in current.items():
        if key not in known_partitions or key not in previous:
            changes.new.append(key)
        elif previous[key][2] != state[2]:
            changes.changed.append(key)
    changes.removed = sorted((known_partitions | set(previous)) - set(current))
    return changes


def batch_ranges(order: list[str], keys: list[str], max_size: int = BATCH_SIZE) -> list[tuple[str, str]]:
    """Group `keys` into (first, last) ranges of the partition order, each spanning at most `max_size` partitions."""
    index = {k: i for i, k in enumerate(order)}
    positions = sorted(index[k] for k in keys if k in index)
    ranges: list[tuple[int, int]] = []
    for pos in positions:
        if ranges and pos - ranges[-1][0] < max_size:
            ranges[-1] = (ranges[-1][0], pos)
        else:
            ranges.append((pos, pos))
    return [(order[a], order[b]) for a, b in ranges]


def batch_requests(order: list[str], keys: list[str], current: FileState) -> list[dg.RunRequest]:
    """One `ingest_documents` run request per range of `keys` (see `batch_ranges`).

    The run key hashes the range's requested keys and their content hashes, so the same
    change is never requested twice.
    """
    requests = []
    for first, last in batch_ranges(order, keys):
        inside = order[order.index(first): order.index(last) + 1]
        members = [k for k in inside if k in set(keys)]
        digest = hashlib.sha256("\n".join(f"{k}@{current[k][2]}" for k in members).encode()).hexdigest()[:16]
        requests.append(dg.RunRequest(
            run_key=f"batch@{digest}", job_name=ingest_documents_job.name,
            tags={RANGE_START_TAG: first, RANGE_END_TAG: last, "programme_ingest/documents": str(len(members))},
        ))
    return requests


@dg.sensor(
    jobs=[ingest_documents_job, cross_document_job],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Watches RAW: adds/deletes document partitions and requests batched runs for new or changed files.",
)
def raw_documents_sensor(context: dg.SensorEvaluationContext, paths: IngestPaths) -> dg.SensorResult:
    """Register new and changed files under RAW and request their batched runs, in one SensorResult."""
    if not paths.raw.is_dir():
        return dg.SensorResult(skip_reason=f"RAW folder {paths.raw} does not exist")
    previous: FileState = json.loads(context.cursor) if context.cursor else {}
    current = scan(paths.raw, previous)
    known = set(context.instance.get_dynamic_partitions(documents_partitions.name))
    changes = diff(previous, current, known)

    requests: list = []
    to_add = sorted(k for k in changes.new if k not in known)
    if to_add:
        requests.append(documents_partitions.build_add_request(to_add))
    if changes.removed:
        requests.append(documents_partitions.build_delete_request([k for k in changes.removed if k in known]))
        store.prune_outputs(paths.out, set(current))

    order = [k for k in context.instance.get_dynamic_partitions(documents_partitions.name)
             if k not in set(changes.removed)] + to_add
    runs = batch_requests(order, sorted(changes.new + changes.changed), current)
    if changes.removed:
        digest = hashlib.sha256("\n".join(changes.removed).encode()).hexdigest()[:16]
        runs.append(dg.RunRequest(run_key=f"removed@{digest}", job_name=cross_document_job.name))
    cursor = json.dumps(current, sort_keys=True)
    if not runs and not requests:
        return dg.SensorResult(skip_reason="no new, changed or removed documents", cursor=cursor)
    return dg.SensorResult(run_requests=runs, dynamic_partitions_requests=requests, cursor=cursor)
