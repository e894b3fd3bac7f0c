"""Sensor on RAW: registers new and changed documents as partitions and requests their runs.

The cursor remembers, per partition key, the file's mtime, size and content hash. A file
whose mtime or size moved is hashed again; only a different hash counts as a change. One
`SensorResult` adds the new partitions, deletes the partitions of removed files (and their
per-document output files, so OUT mirrors RAW) and requests one run per new/changed document.
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

FileState = dict[str, list]  # key → [mtime_ns, size, sha256]


def scan(raw_dir: Path, previous: FileState) -> FileState:
    """The current state of every document under RAW, re-hashing only files whose mtime/size moved."""
    state: FileState = {}
    for key, rel in store.list_documents(raw_dir).items():
        st = (Path(raw_dir) / rel).stat()
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


@dg.sensor(
    jobs=[ingest_documents_job, cross_document_job],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Watches RAW: adds/deletes document partitions and requests runs for new or changed files.",
)
def raw_documents_sensor(context: dg.SensorEvaluationContext, paths: IngestPaths) -> dg.SensorResult:
    """Register new and changed files under RAW and request their runs, in one SensorResult."""
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

    runs = [
        dg.RunRequest(partition_key=k, run_key=f"{k}@{current[k][2][:16]}", job_name=ingest_documents_job.name)
        for k in sorted(changes.new + changes.changed)
    ]
    if changes.removed:
        digest = hashlib.sha256("\n".join(changes.removed).encode()).hexdigest()[:16]
        runs.append(dg.RunRequest(run_key=f"removed@{digest}", job_name=cross_document_job.name))
    cursor = json.dumps(current, sort_keys=True)
    if not runs and not requests:
        return dg.SensorResult(skip_reason="no new, changed or removed documents", cursor=cursor)
    return dg.SensorResult(run_requests=runs, dynamic_partitions_requests=requests, cursor=cursor)
