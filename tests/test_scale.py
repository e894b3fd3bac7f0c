"""Scale machinery: the seeded benchmark corpus, batching helpers, skip checks, memory sampling."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from extractors.isolation import prepare
from extractors.limits import DEFAULT_LIMITS
from pipelines import store
from pipelines.cli import extraction_config, instance_yaml, partition_range

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402
import make_corpus  # noqa: E402


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    a = make_corpus.make_corpus(tmp_path / "a", n=12, seed=3)
    b = make_corpus.make_corpus(tmp_path / "b", n=12, seed=3)
    c = make_corpus.make_corpus(tmp_path / "c", n=12, seed=4)
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b))  # same seed, same bytes (PDFs too)
    assert any(x.read_bytes() != z.read_bytes() for x, z in zip(a, c))


def test_corpus_mix_and_multi_page_pdfs(tmp_path: Path) -> None:
    paths = make_corpus.make_corpus(tmp_path, n=60, seed=7)
    suffixes = [p.suffix for p in paths]
    assert len(paths) == 60 and suffixes.count(".pdf") >= 40
    assert {".html", ".txt", ".md"} & set(suffixes)
    pages = []
    for path in (p for p in paths if p.suffix == ".pdf"):
        with pdfplumber.open(path) as pdf:
            pages.append(len(pdf.pages))
    assert max(pages) >= 2 and sum(pages) > len(pages)  # multi-page PDFs


@pytest.mark.parametrize("layout", [layout for layout, _, _ in make_corpus.LAYOUTS])
def test_every_layout_is_a_readable_programme(layout) -> None:
    """Each layout gives a document the pipeline reads into sessions and items."""
    import random

    from extractors import extract

    programme = make_corpus.programme(random.Random(1), 1, 2, 3)
    suffix = next(s for f, s, _ in make_corpus.LAYOUTS if f is layout)
    result = extract(layout(programme), f"doc{suffix}").programme
    assert len(result.sessions) >= 1 and sum(len(s.items) for s in result.sessions) >= 3


@pytest.mark.parametrize("order, keys, expected", [
    (["a", "b", "c", "d"], ["c", "b"], ("b", "c")),
    (["a", "b", "c", "d"], ["d"], ("d", "d")),
    (["a", "b", "c", "d"], ["d", "a"], ("a", "d")),
])
def test_partition_range(order, keys, expected) -> None:
    assert partition_range(order, keys) == expected


@pytest.mark.parametrize("options, expected", [
    ({"workers": None, "force": False}, {}),
    ({"workers": 3, "wall_seconds": 60.0, "force": True},
     {"extraction": {"config": {"workers": 3, "wall_seconds": 60.0, "force": True}}}),
])
def test_extraction_config(options, expected) -> None:
    assert extraction_config(options) == expected


def test_cli_instance_uses_batching_event_log(tmp_path: Path) -> None:
    import dagster as dg

    (tmp_path / "dagster.yaml").write_text(instance_yaml(tmp_path), encoding="utf-8")
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert type(instance.event_log_storage).__name__ == "BatchingSqliteEventLogStorage"


def test_refused_file_stays_unchanged_without_being_read(tmp_path: Path) -> None:
    """A symlink out of RAW is refused (never read), recorded once, then skipped as unchanged."""
    raw, out, secret = tmp_path / "raw", tmp_path / "out", tmp_path / "secret.txt"
    raw.mkdir()
    secret.write_text("Session 1\n- Hidden, Ana Ruiz, UNODC\n", encoding="utf-8")
    (raw / "link.txt").symlink_to(secret)
    key, rel = next(iter(store.list_documents(raw).items()))
    assert store.source_state(raw, rel) == (None, prepare(raw / rel, raw, DEFAULT_LIMITS).error)
    assert not store.is_unchanged(raw, out, key, rel)
    tables = store.write_outcome_outputs(out, key, prepare(raw / rel, raw, DEFAULT_LIMITS))
    row = tables["documents"][0]
    assert row["status"] == "failed" and row["content_hash"] is None and row["file_size"] is None
    assert store.is_unchanged(raw, out, key, rel)
    assert store.stored_text(out, key) is None
    (raw / "link.txt").unlink()
    (raw / "link.txt").write_text("Session 1\n- Open, Ana Ruiz, UNODC\n", encoding="utf-8")
    assert not store.is_unchanged(raw, out, key, rel)  # now readable: parse it


def test_remembered_stat_skips_reading_and_a_rewrite_is_still_seen(tmp_path: Path, monkeypatch) -> None:
    """A RAW file whose stat is the one remembered with its stored hash is not read again; a
    rewrite with the same size and mtime moves its ctime and is seen; a stat taken within
    RACY_NS of the file's last change is not remembered; the size limit still applies."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    path = raw / "moss.txt"
    path.write_text("Session 1 – Bryophytes\n- Moss cover, Eva Berg, Lund University\n", encoding="utf-8")
    [(key, rel)] = store.list_documents(raw).items()
    store.write_document_outputs(raw, out, key)
    rows = {key: store.stored_document(out, key)}
    reads = []
    real_state = store.source_state
    monkeypatch.setattr(store, "source_state", lambda *a, **k: reads.append(a) or real_state(*a, **k))

    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # its ctime is now: whatever the extraction took
    stats = store.SourceStats.load(out)
    assert store.is_unchanged(raw, out, key, rel, stats=stats) and len(reads) == 1  # nothing remembered: hashed
    stats.save(raw, out, {key: rel}, rows)  # the file changed just now: racy, not remembered
    assert store.SourceStats.load(out).stored == {}

    monkeypatch.setattr(store, "RACY_NS", 0)
    stats = store.SourceStats.load(out)
    stats.save(raw, out, {key: rel}, rows)
    assert store.SourceStats.load(out).stored[key][-1] == rows[key]["content_hash"]
    assert store.is_unchanged(raw, out, key, rel, stats=store.SourceStats.load(out)) and len(reads) == 1  # not read
    assert not store.is_unchanged(raw, out, key, rel, store.DEFAULT_LIMITS.with_(max_bytes=10),
                                  stats=store.SourceStats.load(out))  # now over the size limit: refused

    before = path.stat()
    path.write_text("Session 1 – Bryophytes\n- Moss cover, Eva Borg, Lund University\n", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    assert path.stat().st_size == before.st_size
    reads.clear()
    assert not store.is_unchanged(raw, out, key, rel, stats=store.SourceStats.load(out)) and len(reads) == 1


# A new process deciding whether a document is unchanged, with `extractors/` taken from argv[1].
UNCHANGED_IN_NEW_PROCESS = """
import sys
import extractors
extractors.__file__ = sys.argv[1] + "/__init__.py"
from pathlib import Path
from pipelines import store
print(store.is_unchanged(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], sys.argv[5]))
"""


def test_fingerprint_once_per_process_and_anew_in_the_next(tmp_path: Path, monkeypatch) -> None:
    """The fingerprint is computed once per process: the documents of one batch share it, and
    a process keeps running the code it imported. The next process (the next run or CLI call)
    sees an edited module, so the documents stored before are not unchanged there."""
    import extractors

    package = tmp_path / "extractors"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(extractors, "__file__", str(package / "__init__.py"))
    monkeypatch.setattr(store, "_FINGERPRINTS", {})
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "moss.txt").write_text("Session 1 – Bryophytes\n- Moss cover, Eva Berg, Lund University\n", encoding="utf-8")
    [(key, rel)] = store.list_documents(raw).items()
    store.write_document_outputs(raw, out, key)
    first = store.extractor_fingerprint()
    assert store.stored_document(out, key)["extractor_fingerprint"] == first == store.source_fingerprint(package)

    def unchanged_in_a_new_process() -> bool:
        done = subprocess.run([sys.executable, "-c", UNCHANGED_IN_NEW_PROCESS, str(package), str(raw), str(out), key, rel],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip() == "True"

    assert store.is_unchanged(raw, out, key, rel) and unchanged_in_a_new_process()
    (package / "a.py").write_text("X = 22\n", encoding="utf-8")
    assert store.extractor_fingerprint() == first and store.is_unchanged(raw, out, key, rel)  # this process
    assert store.source_fingerprint(package) != first
    assert not unchanged_in_a_new_process()  # the next run re-extracts it


def test_tree_memory_counts_children() -> None:
    """The benchmark's sampler sees a child process and its memory."""
    code = "import subprocess, sys, time; p = subprocess.Popen([sys.executable, '-c', " \
           "'import time; x = bytearray(200 * 2**20); time.sleep(1.5)']); time.sleep(1.5); p.wait()"
    proc = subprocess.Popen([sys.executable, "-c", code])
    sampler = bench.TreeMemory(proc.pid)
    sampler.start()
    proc.wait()
    sampler.stop()
    assert sampler.peak_processes >= 2
    assert sampler.peak_rss >= 200 * 2**20 and sampler.peak_pss > 0
    assert bench.descendants(os.getpid())[0] == os.getpid()


def test_batching_event_log_stores_every_partition(tmp_path: Path, monkeypatch) -> None:
    """With DAGSTER_EVENT_BATCH_SIZE set, a range run's materialisations go to the event log in
    batches (one transaction each) and every partition of every asset is recorded."""
    import dagster as dg

    monkeypatch.setenv("DAGSTER_EVENT_BATCH_SIZE", "100")
    monkeypatch.setenv("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", "true")
    partitions = dg.DynamicPartitionsDefinition(name="docs")
    tables = ["t1", "t2", "t3"]

    @dg.multi_asset(specs=[dg.AssetSpec(t, partitions_def=partitions) for t in tables], partitions_def=partitions,
                    backfill_policy=dg.BackfillPolicy.single_run())
    def batch(context):  # noqa: ANN001 - a local function: no string annotation Dagster could resolve
        for t in tables:
            yield dg.MaterializeResult(asset_key=t, metadata={"n": len(context.partition_keys)})

    (tmp_path / "dagster.yaml").write_text(instance_yaml(tmp_path), encoding="utf-8")
    keys = [f"doc-{i}" for i in range(25)]
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert type(instance.event_log_storage).__name__ == "BatchingSqliteEventLogStorage"
        instance.add_dynamic_partitions("docs", keys)
        calls: list[int] = []
        store_batch = type(instance.event_log_storage).store_event_batch

        def counting(self, events):
            calls.append(len(events))
            return store_batch(self, events)

        monkeypatch.setattr(type(instance.event_log_storage), "store_event_batch", counting)
        result = dg.materialize([batch], instance=instance, tags={
            "dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]})
        assert result.success
        assert calls and max(calls) > 1  # batches, not single events
        for t in tables:
            assert instance.get_materialized_partitions(dg.AssetKey(t)) == set(keys)
            # the asset's row keeps the latest materialisation stored (only the last one wrote it)
            latest = instance.fetch_materializations(dg.AssetKey(t), limit=1).records[0]
            assert stored_last_materialization(instance, t).storage_id == latest.storage_id


def stored_last_materialization(instance, asset: str):
    """The event kept in the asset key table's row of `asset` (what `_store_asset_event` wrote)."""
    from dagster._core.storage.event_log.schema import AssetKeyTable
    from dagster._serdes import deserialize_value
    from sqlalchemy import select

    with instance.event_log_storage.index_connection() as conn:
        (value,) = conn.execute(select(AssetKeyTable.c.last_materialization).where(
            AssetKeyTable.c.asset_key == f'["{asset}"]')).fetchone()
    return deserialize_value(value)


def test_only_the_last_event_of_a_kind_per_asset_updates_its_row() -> None:
    import dagster as dg
    from dagster._core.events import DagsterEvent, DagsterEventType
    from dagster._core.events.log import EventLogEntry

    from pipelines.storage import superseded_asset_updates

    def event(asset: str | None, kind: DagsterEventType) -> EventLogEntry:
        data = dg.AssetMaterialization(asset_key=asset) if asset else None
        dagster_event = DagsterEvent(kind.value, "job", event_specific_data=None) if asset is None else \
            DagsterEvent(kind.value, "job", event_specific_data=__import__(
                "dagster._core.events", fromlist=["StepMaterializationData"]).StepMaterializationData(data))
        return EventLogEntry(error_info=None, level=20, user_message="", run_id="r", timestamp=0.0,
                             dagster_event=dagster_event)

    mat = DagsterEventType.ASSET_MATERIALIZATION
    events = [event("a", mat), event("b", mat), event("a", mat), event(None, DagsterEventType.RUN_START),
              event("a", mat), event("b", mat)]
    assert superseded_asset_updates(events) == {0, 1, 2}


def test_a_stored_batch_is_what_dagster_stores_event_by_event(tmp_path: Path, monkeypatch) -> None:
    """The same range run on two instances, one with Dagster's own consolidated SQLite event log
    and one with `BatchingSqliteEventLogStorage`: the same events in the same order, the same
    indexed tags, the same latest materialisation per asset, the same check results."""
    import sqlite3

    import dagster as dg
    from dagster._serdes import deserialize_value

    monkeypatch.setenv("DAGSTER_EVENT_BATCH_SIZE", "1000")
    monkeypatch.setenv("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", "true")
    partitions = dg.DynamicPartitionsDefinition(name="docs")
    tables = ["t1", "t2"]

    @dg.multi_asset(specs=[dg.AssetSpec(t, partitions_def=partitions, code_version="v1") for t in tables],
                    partitions_def=partitions, backfill_policy=dg.BackfillPolicy.single_run(),
                    check_specs=[dg.AssetCheckSpec("rows", asset="t1")])
    def batch(context):  # noqa: ANN001 - a local function: no string annotation Dagster could resolve
        for t in tables:
            yield dg.MaterializeResult(asset_key=t, metadata={"n": len(context.partition_keys)},
                                       data_version=dg.DataVersion(f"{t}-v"))
        yield dg.AssetCheckResult(asset_key="t1", check_name="rows", passed=True)

    keys = [f"doc-{i}" for i in range(12)]

    def stored(home: Path, event_log: str) -> dict:
        home.mkdir()
        config = instance_yaml(home)
        if event_log == "dagster":
            config = config.replace("module: pipelines.storage\n  class: BatchingSqliteEventLogStorage",
                                    "module: dagster._core.storage.event_log\n  class: ConsolidatedSqliteEventLogStorage")
        (home / "dagster.yaml").write_text(config, encoding="utf-8")
        with dg.DagsterInstance.from_config(str(home)) as instance:
            expected = "BatchingSqliteEventLogStorage" if event_log == "batching" else "ConsolidatedSqliteEventLogStorage"
            assert type(instance.event_log_storage).__name__ == expected
            instance.add_dynamic_partitions("docs", keys)
            for _ in range(2):  # the second run's rows replace the first's as the latest
                result = dg.materialize([batch], instance=instance, tags={
                    "dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]})
                assert result.success
        db = sqlite3.connect(next((home / "events").glob("*.db")))
        ids = {i: n for n, (i,) in enumerate(db.execute("SELECT id FROM event_logs ORDER BY id"))}
        latest = {asset: ids[deserialize_value(record).storage_id]  # the asset row's latest materialisation
                  for asset, record in db.execute("SELECT asset_key, last_materialization FROM asset_keys")}
        return {
            "events": db.execute("SELECT dagster_event_type, asset_key, partition, step_key FROM event_logs ORDER BY id").fetchall(),
            "tags": sorted((ids[e], a, k, v) for e, a, k, v in db.execute("SELECT event_id, asset_key, key, value FROM asset_event_tags")),
            "latest": latest,
            "checks": db.execute("SELECT asset_key, check_name, execution_status, partition FROM asset_check_executions ORDER BY id").fetchall(),
        }

    dagster_way, batched = stored(tmp_path / "dagster", "dagster"), stored(tmp_path / "batching", "batching")
    assert len(dagster_way["events"]) > 2 * 2 * len(keys) and dagster_way["tags"]
    assert batched == dagster_way


def test_the_event_log_pool_is_per_process(tmp_path: Path) -> None:
    """`BatchingSqliteEventLogStorage` keeps its SQLite connections open; a forked child opens its own
    (sharing a connection across a fork corrupts it) and the parent's keep working."""
    import dagster as dg

    (tmp_path / "dagster.yaml").write_text(instance_yaml(tmp_path), encoding="utf-8")
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        storage = instance.event_log_storage
        instance.add_dynamic_partitions("docs", ["a", "b"])
        parent_engine = storage._pooled_engine()
        assert storage._pooled_engine() is parent_engine  # kept, not made per query
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its own engine, the same data
            try:
                ok = storage._pooled_engine() is not parent_engine and instance.get_dynamic_partitions("docs") == ["a", "b"]
                instance.add_dynamic_partitions("docs", ["c"])
                os.write(write, b"1" if ok else b"0")
            finally:
                os._exit(0)
        os.close(write)
        assert os.read(read, 1) == b"1"
        os.waitpid(pid, 0)
        assert storage._pooled_engine() is parent_engine
        assert instance.get_dynamic_partitions("docs") == ["a", "b", "c"]  # the child's write is seen
