"""The RAW sensor: partitions added, runs requested, changed files re-requested, deleted ones removed."""
from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import pytest

from pipelines import store
from pipelines.defs.resources import IngestPaths
from pipelines.defs.sensors import RANGE_END_TAG, RANGE_START_TAG, Changes, batch_ranges, diff, raw_documents_sensor


def _tick(instance: dg.DagsterInstance, paths: IngestPaths, cursor: str | None) -> dg.SensorResult:
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={"paths": paths})
    result = raw_documents_sensor(context)
    assert isinstance(result, dg.SensorResult)
    # apply the partition requests as the daemon would
    for request in result.dynamic_partitions_requests or []:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        else:
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)
    return result


def test_sensor_lifecycle(instance: dg.DagsterInstance, raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    paths = IngestPaths(raw_dir=str(raw_dir), out_dir=str(out))

    first = _tick(instance, paths, None)
    keys = sorted(store.list_documents(raw_dir))
    assert set(instance.get_dynamic_partitions("documents")) == set(keys) and len(keys) == 2
    assert len(first.run_requests) == 1  # every new document in ONE run (a partition key range)
    assert covered(instance, first.run_requests[0]) == keys
    assert all(r.job_name == "ingest_documents" for r in first.run_requests)

    second = _tick(instance, paths, first.cursor)
    assert not second.run_requests and second.skip_reason

    (raw_dir / "river-2024.txt").write_text("Session 1 – Changed\n- A talk, Ana Ruiz, UNODC\n", encoding="utf-8")
    os.utime(raw_dir / "river-2024.txt", ns=(1, 1))  # a different mtime, whatever the clock
    third = _tick(instance, paths, second.cursor)
    assert len(third.run_requests) == 1 and "river-2024.txt" in covered(instance, third.run_requests[0])
    assert third.run_requests[0].run_key != first.run_requests[0].run_key

    # touching a file without changing its bytes is not a change
    os.utime(raw_dir / "river-2024.txt", ns=(2, 2))
    assert not _tick(instance, paths, third.cursor).run_requests

    (out / "items").mkdir(parents=True)
    (out / "items" / "river-2024.txt.parquet").write_bytes(b"")
    (raw_dir / "river-2024.txt").unlink()
    fourth = _tick(instance, paths, third.cursor)
    assert "river-2024.txt" not in instance.get_dynamic_partitions("documents")
    assert [r.job_name for r in fourth.run_requests] == ["cross_document_tables"]
    assert not (out / "items" / "river-2024.txt.parquet").exists()


def covered(instance: dg.DagsterInstance, request: dg.RunRequest) -> list[str]:
    """The partition keys of a range run request, in the instance's order, sorted."""
    order = instance.get_dynamic_partitions("documents")
    first, last = request.tags[RANGE_START_TAG], request.tags[RANGE_END_TAG]
    return sorted(order[order.index(first): order.index(last) + 1])


def test_many_new_files_are_one_run(instance: dg.DagsterInstance, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(30):
        (raw / f"doc-{i:02d}.txt").write_text(f"Session {i}\n- Talk, Ana Ruiz, UNODC\n", encoding="utf-8")
    paths = IngestPaths(raw_dir=str(raw), out_dir=str(tmp_path / "out"))
    result = _tick(instance, paths, None)
    assert len(result.run_requests) == 1
    assert covered(instance, result.run_requests[0]) == sorted(store.list_documents(raw))


@pytest.mark.parametrize("order, keys, size, expected", [
    (list("abcdef"), list("bd"), 10, [("b", "d")]),
    (list("abcdef"), list("fa"), 10, [("a", "f")]),
    (list("abcdef"), list("abcdef"), 4, [("a", "d"), ("e", "f")]),
    (list("abcdef"), list("af"), 3, [("a", "a"), ("f", "f")]),
    (list("abc"), [], 3, []),
])
def test_batch_ranges(order, keys, size, expected) -> None:
    assert batch_ranges(order, keys, size) == expected


def test_sensor_skips_when_raw_missing(instance: dg.DagsterInstance, tmp_path: Path) -> None:
    paths = IngestPaths(raw_dir=str(tmp_path / "nope"), out_dir=str(tmp_path / "out"))
    result = _tick(instance, paths, None)
    assert not result.run_requests and "does not exist" in str(result.skip_reason)


@pytest.mark.parametrize("previous, current, known, expected", [
    ({}, {"a": [1, 1, "h"]}, set(), Changes(new=["a"])),
    ({"a": [1, 1, "h"]}, {"a": [2, 1, "h2"]}, {"a"}, Changes(changed=["a"])),
    ({"a": [1, 1, "h"]}, {}, {"a"}, Changes(removed=["a"])),
    ({"a": [1, 1, "h"]}, {"a": [1, 1, "h"]}, set(), Changes(new=["a"])),  # partition lost: re-add
])
def test_diff(previous, current, known, expected) -> None:
    assert diff(previous, current, known) == expected
