"""A growing archive: the resolution index (incremental = rebuild), compaction into segments, --rebuild."""
from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from extractors.resolve import RESOLVED_SCHEMAS, document_ranks, resolve, resolve_weighted, weighted_mentions
from pipelines.resolution import index_path

ROOT = Path(__file__).resolve().parent.parent
CROSS = tuple(RESOLVED_SCHEMAS)

EARLY = {
    "reef-forum-2021.txt": """Reef Monitoring Forum 2021
Suva, 4 May 2021

Session 1 – Surveys
- Drone transects over lagoons, Talia Vunibola, Pacific Ocean Council
- Bleaching alerts from buoys, Henrik Aalto, Nordic Marine Institute
""",
    "reef-forum-2022.md": """# Reef Monitoring Forum 2022

Apia, 9 June 2022

## Session 1 – Restoration

- Coral gardening at scale, Sefo Leiataua, POC
- Larval seeding trials, Henrik Aalto, Nordic Marine Institute
""",
}
# Prints "Pacific Ocean Council (POC)": links the two organisations the early documents keep apart.
LATE = {
    "reef-forum-2023.txt": """Reef Monitoring Forum 2023
Nuku'alofa, 2 April 2023

Session 1 – Partners: Pacific Ocean Council (POC)
- Shared reef registries, Mele Taufa, Tonga Fisheries Agency
""",
}


def ingest(raw: Path, out: Path, *extra: str, failures: int = 0) -> str:
    done = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(raw), "--out", str(out), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"failures: {failures}" in done.stdout, done.stdout
    return done.stdout


def write(raw: Path, docs: dict[str, str]) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (raw / name).write_text(text, encoding="utf-8")


def cross_tables(out: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(out / t / "part-0.parquet") for t in CROSS}


def assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for table in CROSS:
        pd.testing.assert_frame_equal(a[table], b[table], obj=table)


def canonical_of(tables: dict[str, pd.DataFrame], name: str) -> str:
    orgs = tables["organizations"]
    return orgs.loc[orgs["organization_id"] == orgs["canonical_organization_id"]].set_index("name").loc[
        name, "canonical_organization_id"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The early documents ingested, then the late one added (an incremental run), then --rebuild;
    and all three ingested at once into another folder."""
    base = tmp_path_factory.mktemp("archive")
    raw, out = base / "raw", base / "out"
    write(raw, EARLY)
    ingest(raw, out)
    before = cross_tables(out)
    write(raw, LATE)
    added = ingest(raw, out)
    incremental = cross_tables(out)
    rebuilt_log = ingest(raw, out, "--rebuild")
    rebuilt = cross_tables(out)
    fresh = base / "fresh"
    ingest(raw, fresh)
    return {"raw": raw, "out": out, "before": before, "incremental": incremental, "rebuilt": rebuilt,
            "fresh": cross_tables(fresh), "added_log": added, "rebuilt_log": rebuilt_log, "base": base}


def test_a_late_document_links_two_earlier_clusters(archive: dict) -> None:
    before, after = archive["before"], archive["incremental"]
    orgs = before["organizations"]
    apart = orgs[orgs["variants"].map(lambda v: "POC" in v or "Pacific Ocean Council" in v)]
    assert len(set(apart["canonical_organization_id"])) == 2  # two organisations before the late document
    orgs = after["organizations"]
    linked = orgs[orgs["variants"].map(lambda v: "POC" in v or "Pacific Ocean Council" in v)]
    assert len(linked) == 2 and len(set(linked["canonical_organization_id"])) == 1
    assert "acronym" in set(after["merges"]["kind"])
    assert canonical_of(after, "Pacific Ocean Council") == linked["canonical_organization_id"].iloc[0]


def test_incremental_tables_equal_a_rebuild_and_a_fresh_ingest(archive: dict) -> None:
    assert_same(archive["incremental"], archive["rebuilt"])
    assert_same(archive["incremental"], archive["fresh"])
    assert "1 unchanged" not in archive["rebuilt_log"]  # --rebuild re-extracts nothing: all 3 unchanged
    assert archive["rebuilt_log"].count("unchanged (ok)") == 3


def test_a_removed_document_unlinks_them_again(archive: dict, tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(archive["raw"], raw)
    shutil.copytree(archive["out"], out, ignore=shutil.ignore_patterns(".dagster"))
    (raw / "reef-forum-2023.txt").unlink()
    ingest(raw, out)
    assert_same(cross_tables(out), archive["before"])


def test_what_only_a_rebuild_repairs_an_index_that_no_longer_describes_the_files(archive: dict,
                                                                                  tmp_path: Path) -> None:
    """An index damaged behind the pipeline's back (here: one document's mentions lost) is not
    re-read by an incremental run, since the document's version did not change: the blocking
    coverage check (every speaker id a row of people / organizations) fails the run; --rebuild
    reads every file again and gives the right tables."""
    import pyarrow.compute as pc

    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(archive["raw"], raw)
    shutil.copytree(archive["out"], out, ignore=shutil.ignore_patterns(".dagster"))
    index = pq.read_table(index_path(out))
    lost = pc.fill_null(pc.and_(pc.equal(index["kind"], "mention"), pc.equal(index["name"], "Mele Taufa")), False)
    pq.write_table(index.filter(pc.invert(lost)), index_path(out))
    write(raw, {"extra.txt": "Reef Day 2024\n\nSession 1 – Talks\n- Reef sounds, Ana Kova, Fiji Museum\n"})
    log = ingest(raw, out, failures=1)
    assert "unique_ids_and_coverage" in log
    damaged = cross_tables(out)
    assert "Mele Taufa" not in set(damaged["people"]["name"])
    ingest(raw, out, "--rebuild")
    repaired = cross_tables(out)
    assert "Mele Taufa" in set(repaired["people"]["name"])
    fresh = tmp_path / "fresh"
    ingest(raw, fresh)
    assert_same(repaired, cross_tables(fresh))


def test_resolution_does_not_depend_on_the_order_of_rows() -> None:
    """What makes an updated index (rows appended as documents arrive) equal to a rebuilt one."""
    rows = [("d1", "Jorge Rios", "UNODC"), ("d2", "J. Rios", "United Nations Office on Drugs and Crime"),
            ("d2", "Ana Ruiz", "WCO"), ("d3", "Prof. Ana Ruíz", "World Customs Organization"),
            ("d3", "Jorge Rios", "UNODC"), ("d1", "Ana Ruiz", None)]
    from extractors.resolve import organization_id, person_id

    frame = pd.DataFrame([{"document_id": d, "name": n, "person_id": person_id(n), "affiliation": a,
                           "organization_id": organization_id(a) if a else None} for d, n, a in rows])
    texts = ["Partners: United Nations Office on Drugs and Crime (UNODC)", "World Customs Organization (WCO)"]
    reference = resolve(frame, texts=texts).tables()
    for seed in range(3):
        shuffled = frame.sample(frac=1, random_state=seed).reset_index(drop=True)
        tables = resolve(shuffled, texts=random.Random(seed).sample(texts, 2)).tables()
        assert_same(tables, reference)
    counted = weighted_mentions([frame])
    assert counted["n"].sum() == len(frame)
    pairs = [("UNODC", "United Nations Office on Drugs and Crime"), ("WCO", "World Customs Organization")]
    assert_same(resolve_weighted(counted.iloc[::-1], document_ranks(None, counted), pairs).tables(), reference)
    # as the stored index gives them: pandas' Arrow-backed strings, a missing organisation NaN
    import pyarrow as pa

    stored = pa.Table.from_pandas(counted, preserve_index=False).to_pandas()
    assert stored["affiliation"].isna().any() and not (stored["affiliation"].dtype == object)
    assert_same(resolve_weighted(stored, document_ranks(None, stored), pairs).tables(), reference)


# --------------------------------------------------------------------------- compaction


def tiny_tables(doc: str, key: str, title: str) -> dict[str, list[dict]]:
    """A document's six tables, by hand: one session, no items."""
    return {"documents": [{"document_id": doc, "partition_key": key, "source_path": key, "status": "ok"}],
            "meetings": [{"meeting_id": f"{doc}:m1", "document_id": doc, "title": title}],
            "sessions": [{"session_id": f"{doc}:s1", "document_id": doc, "ordinal": 1, "title": title}],
            "items": [], "speakers": [], "chairs": []}


def titles(out: Path) -> list[str]:
    return sorted(pd.read_parquet(out / "sessions")["title"])


def test_a_run_writes_segments_from_memory_and_readers_see_one_table(tmp_path: Path) -> None:
    from pipelines import compaction, store, sql

    out = tmp_path / "out"
    writer = compaction.SegmentWriter(out, min_documents=2, segment_documents=3)
    for n in range(5):
        store.write_tables(out, f"doc-{n}.txt", tiny_tables(f"d{n}", f"doc-{n}.txt", f"Session {n}"), writer)
    writer.close()  # 3 documents in the first segment, 2 in the second (>= min_documents)
    assert sorted(p.name for p in (out / "sessions").iterdir()) == ["segment+000001.parquet", "segment+000002.parquet"]
    assert titles(out) == [f"Session {n}" for n in range(5)]
    assert sql.query("SELECT count(*) AS n FROM sessions", out)["n"][0] == 5
    assert compaction.compacted_keys(out) == {**{f"doc-{n}.txt": "segment+000001" for n in range(3)},
                                             **{f"doc-{n}.txt": "segment+000002" for n in range(3, 5)}}
    assert store.stored_document(out, "doc-4.txt")["document_id"] == "d4"
    assert store.stored_documents(out).keys() == {f"doc-{n}.txt" for n in range(5)}

    store.write_tables(out, "doc-1.txt", tiny_tables("d1b", "doc-1.txt", "Session 1 again"))  # extracted again
    assert titles(out) == ["Session 0", "Session 1 again", "Session 2", "Session 3", "Session 4"]
    assert (out / "sessions" / "doc-1.txt.parquet").is_file() and "doc-1.txt" not in compaction.compacted_keys(out)
    assert store.prune_outputs(out, {"doc-0.txt", "doc-1.txt", "doc-2.txt"}) == ["doc-3.txt", "doc-4.txt"]
    assert titles(out) == ["Session 0", "Session 1 again", "Session 2"]
    assert not (out / "sessions" / "segment+000002.parquet").exists()  # emptied: deleted


def test_few_documents_stay_loose_and_a_changed_file_is_left_out(tmp_path: Path) -> None:
    from pipelines import compaction, store

    out = tmp_path / "out"
    writer = compaction.SegmentWriter(out, min_documents=3)
    for n in range(2):
        store.write_tables(out, f"doc-{n}.txt", tiny_tables(f"d{n}", f"doc-{n}.txt", f"Session {n}"), writer)
    writer.close()
    assert compaction.compacted_keys(out) == {} and compaction.loose_keys(out) == ["doc-0.txt", "doc-1.txt"]

    writer = compaction.SegmentWriter(out, min_documents=1)
    for n in range(2, 4):
        store.write_tables(out, f"doc-{n}.txt", tiny_tables(f"d{n}", f"doc-{n}.txt", f"Session {n}"), writer)
    store.write_tables(out, "doc-3.txt", tiny_tables("d3b", "doc-3.txt", "Session 3 rewritten"))  # another run
    writer.close()
    assert compaction.compacted_keys(out) == {"doc-2.txt": "segment+000001"}
    assert titles(out) == ["Session 0", "Session 1", "Session 2", "Session 3 rewritten"]

    done = compaction.compact(out, everything=True)  # the rebuild: every loose document
    assert done.documents == 3 and compaction.loose_keys(out) == []
    assert titles(out) == ["Session 0", "Session 1", "Session 2", "Session 3 rewritten"]


def test_a_run_that_compacts_anyway_writes_no_per_document_file(tmp_path: Path) -> None:
    """`expected` >= `min_documents`: the documents go straight into segments (balanced), never
    as files; a compacted document extracted again leaves its old segment; a document another
    run wrote meanwhile keeps that run's files; the tables read as when written file by file."""
    from pipelines import compaction, store

    by_files, direct = tmp_path / "files", tmp_path / "direct"
    writer = compaction.SegmentWriter(by_files, min_documents=2, segment_documents=3)
    for n in range(5):
        store.write_tables(by_files, f"doc-{n}.txt", tiny_tables(f"d{n}", f"doc-{n}.txt", f"Session {n}"), writer)
    writer.close()

    first = compaction.SegmentWriter(direct, min_documents=2, expected=2)
    for n in (0, 1):
        store.write_tables(direct, f"doc-{n}.txt", tiny_tables(f"x{n}", f"doc-{n}.txt", f"Old {n}"), first)
    first.close()
    writer = compaction.SegmentWriter(direct, min_documents=2, segment_documents=3, expected=5)
    assert writer.direct and writer.segment_documents == 3
    for n in range(5):
        store.write_tables(direct, f"doc-{n}.txt", tiny_tables(f"d{n}", f"doc-{n}.txt", f"Session {n}"), writer)
        assert compaction.loose_keys(direct) == []  # no per-document file, ever
        assert f"doc-{n}.txt" not in compaction.compacted_keys(direct)  # pending (0, 1: left their segment)
    writer.close()
    assert compaction.loose_keys(direct) == [] and sorted(set(compaction.compacted_keys(direct).values())) == [
        "segment+000002", "segment+000003"]  # the first segment emptied (both documents again): deleted
    for table in ("documents", "sessions", "meetings"):
        pd.testing.assert_frame_equal(pd.read_parquet(direct / table), pd.read_parquet(by_files / table), obj=table)

    writer = compaction.SegmentWriter(direct, min_documents=2, expected=2)
    store.write_tables(direct, "doc-5.txt", tiny_tables("d5", "doc-5.txt", "Session 5"), writer)
    store.write_tables(direct, "doc-6.txt", tiny_tables("d6", "doc-6.txt", "Session 6"), writer)
    store.write_tables(direct, "doc-6.txt", tiny_tables("d6b", "doc-6.txt", "Session 6 by another run"))
    writer.close()
    assert compaction.loose_keys(direct) == ["doc-6.txt"] and "doc-5.txt" in compaction.compacted_keys(direct)
    assert titles(direct) == [*(f"Session {n}" for n in range(6)), "Session 6 by another run"]


def test_repair_undoes_an_interrupted_compaction(tmp_path: Path) -> None:
    """A segment file the manifest does not list (a crash before the manifest was written) is
    deleted; loose files of a document a segment holds (a crash before they were deleted) too."""
    from pipelines import compaction, store

    out = tmp_path / "out"
    for n in range(2):
        store.write_tables(out, f"doc-{n}.txt", tiny_tables(f"d{n}", f"doc-{n}.txt", f"Session {n}"))
    compaction.compact(out, everything=True)
    store.write_tables(out, "doc-2.txt", tiny_tables("d2", "doc-2.txt", "Session 2"))
    stray = out / "sessions" / "segment+000009.parquet"
    shutil.copy(out / "sessions" / "segment+000001.parquet", stray)  # not in the manifest
    shutil.copy(out / "sessions" / "doc-2.txt.parquet", out / "sessions" / "doc-0.txt.parquet")  # held by a segment
    assert len(titles(out)) == 6
    with compaction.archive_lock(out):
        deleted = compaction.repair(out)
    assert sorted(deleted) == ["sessions/doc-0.txt.parquet", "sessions/segment+000009.parquet"]
    assert titles(out) == ["Session 0", "Session 1", "Session 2"]


def test_the_rebuild_compacts_every_document_and_nothing_reads_differently(archive: dict) -> None:
    out = archive["out"]
    assert sorted(p.name for p in (out / "speakers").iterdir()) == ["segment+000001.parquet"]
    fresh = archive["base"] / "fresh"  # the same documents, never compacted (too few)
    assert not any(p.name.startswith("segment+") for p in (fresh / "speakers").iterdir())
    for table in ("documents", "sessions", "items", "speakers"):
        ids = {"documents": "document_id", "sessions": "session_id", "items": "item_id", "speakers": "speaker_id"}[table]
        a = pd.read_parquet(out / table).drop(columns=["ingested_at"], errors="ignore").sort_values(ids)
        b = pd.read_parquet(fresh / table).drop(columns=["ingested_at"], errors="ignore").sort_values(ids)
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), obj=table)


def test_compaction_names_the_tables_of_extractors() -> None:
    from extractors.tables import PER_DOCUMENT_TABLES
    from pipelines import compaction

    assert compaction.PER_DOCUMENT_TABLES == PER_DOCUMENT_TABLES  # kept free of pyarrow imports, so repeated
