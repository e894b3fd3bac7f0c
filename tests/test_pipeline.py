"""End to end through Dagster: definitions load, per-document and cross-document assets, checks."""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from extractors.tables import PER_DOCUMENT_TABLES
from pipelines import store
from pipelines.defs import checks
from pipelines.defs.partitions import documents_partitions
from pipelines.defs.resources import IngestPaths
from pipelines.definitions import defs as load_defs


@pytest.fixture(scope="module")
def definitions() -> dg.Definitions:
    return load_defs()


def test_definitions_load(definitions: dg.Definitions) -> None:
    keys = {k.to_user_string() for k in definitions.resolve_all_asset_keys()}
    assert keys == {*PER_DOCUMENT_TABLES, "people", "organizations"}
    assert definitions.resolve_job_def("ingest_documents").partitions_def == documents_partitions
    assert definitions.resolve_sensor_def("raw_documents_sensor") is not None
    assert definitions.resolve_schedule_def("daily_cross_document_tables").cron_schedule == "0 3 * * *"
    repo = definitions.get_repository_def()
    check_names = {key.name for a in repo.asset_graph.asset_check_keys for key in [a]}
    assert {"schema_and_unique_ids", "items_have_sessions", "speakers_referential_integrity",
            "unique_ids_and_coverage"} <= check_names


def _materialize(definitions, instance, paths, **kwargs) -> dg.ExecuteInProcessResult:
    return dg.materialize([*definitions.assets, *definitions.asset_checks], instance=instance,
                          resources={"paths": paths}, raise_on_error=False, **kwargs)


def test_documents_end_to_end(definitions, instance, raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "broken.docx").write_bytes(bytes(range(256)) * 4)  # binary, not a zip
    out = tmp_path / "out"
    paths = IngestPaths(raw_dir=str(raw_dir), out_dir=str(out))
    docs = store.list_documents(raw_dir)
    instance.add_dynamic_partitions("documents", list(docs))

    for key in docs:
        result = _materialize(definitions, instance, paths, partition_key=key,
                              selection=dg.AssetSelection.groups("documents"))
        assert result.success, key
        evaluations = result.get_asset_check_evaluations()
        blocking = [e for e in evaluations if e.check_name != "speaker_names_look_like_people"]
        assert blocking and all(e.passed for e in blocking), [(e.check_name, e.metadata) for e in blocking]
        mats = result.get_asset_materialization_events()
        assert {m.asset_key.to_user_string() for m in mats} == set(PER_DOCUMENT_TABLES)
        meta = next(m for m in mats if m.asset_key.to_user_string() == "documents").materialization.metadata
        assert meta["dagster/row_count"].value == 1 and "preview" in meta

    for table in PER_DOCUMENT_TABLES:
        assert sorted(p.stem for p in (out / table).glob("*.parquet")) == sorted(docs)

    documents = pd.read_parquet(out / "documents").set_index("source_path")
    assert set(documents.index) == {"river-2024.txt", "heat 2023.html", "broken.docx"}
    assert documents.loc["broken.docx", "status"] == "failed"
    assert documents.loc["broken.docx", "error"]
    assert documents.loc["river-2024.txt", "status"] == "ok"
    assert documents.loc["heat 2023.html", "status"] == "ok"
    sessions = pd.read_parquet(out / "sessions")
    items = pd.read_parquet(out / "items")
    assert len(sessions) >= 2 and len(items) >= 3
    assert set(items.session_id) <= set(sessions.session_id)

    result = _materialize(definitions, instance, paths, selection=dg.AssetSelection.groups("cross_document"))
    assert result.success
    assert all(e.passed for e in result.get_asset_check_evaluations())
    people = pd.read_parquet(out / "people")
    speakers = pd.read_parquet(out / "speakers")
    assert set(speakers.person_id.dropna()) == set(people.person_id)
    assert (out / "organizations" / "part-0.parquet").is_file()


def test_unknown_partition_fails_the_run(definitions, instance, raw_dir: Path, tmp_path: Path) -> None:
    instance.add_dynamic_partitions("documents", ["gone.txt"])
    paths = IngestPaths(raw_dir=str(raw_dir), out_dir=str(tmp_path / "out"))
    result = _materialize(definitions, instance, paths, partition_key="gone.txt",
                          selection=dg.AssetSelection.groups("documents"))
    assert not result.success


# --------------------------------------------------------------------------- check rules


@pytest.mark.parametrize("name, ok", [
    ("Ana Ruiz", True),
    ("Jean-Luc Moreau", True),
    ("Session 2 Supporting networks", False),
    ("Room 101", False),
    ("coffee break", False),
    ("john smith", False),
    ("MARTIN Claire", True),
])
def test_name_problem(name: str, ok: bool) -> None:
    assert (checks.name_problem(name) is None) == ok


def test_check_references_finds_dangling() -> None:
    items = pd.DataFrame({"item_id": ["i1", "i2"], "session_id": ["s1", "s9"]})
    sessions = pd.DataFrame({"session_id": ["s1"]})
    passed, meta = checks.check_references(items, "session_id", sessions, "session_id")
    assert not passed and meta["examples"] == ["s9"]
    assert checks.check_references(items.iloc[:1], "session_id", sessions, "session_id")[0]


def test_check_unique_finds_duplicates_and_nulls() -> None:
    assert not checks.check_unique(pd.DataFrame({"x": ["a", "a"]}), "x")[0]
    assert not checks.check_unique(pd.DataFrame({"x": ["a", None]}), "x")[0]
    assert checks.check_unique(pd.DataFrame({"x": ["a", "b"]}), "x")[0]


def test_check_schema_detects_wrong_type() -> None:
    import pyarrow as pa

    from extractors.tables import SCHEMAS

    assert checks.check_schema("items", SCHEMAS["items"])[0]
    wrong = SCHEMAS["items"].set(SCHEMAS["items"].get_field_index("page"), pa.field("page", pa.string()))
    passed, meta = checks.check_schema("items", wrong)
    assert not passed and "page" in meta["problems"][0]
