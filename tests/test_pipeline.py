"""End to end through Dagster: definitions load, per-document and cross-document assets, checks."""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from extractors.tables import CROSS_DOCUMENT_TABLES, PER_DOCUMENT_TABLES
from pipelines import store
from pipelines.defs import checks
from pipelines.defs.partitions import documents_partitions
from pipelines.defs.resources import IngestPaths
from pipelines.definitions import defs as load_defs
from pipelines.progress import DocumentDone, listening


@pytest.fixture(scope="module")
def definitions() -> dg.Definitions:
    return load_defs()


VIEW_ASSETS = {"review_pages", "exports", "summary_report", "people_report"}
ARCHIVE_ASSETS = {"archive_segments"}  # compaction
RANGE_TAGS = ("dagster/asset_partition_range_start", "dagster/asset_partition_range_end")


def test_definitions_load(definitions: dg.Definitions) -> None:
    keys = {k.to_user_string() for k in definitions.resolve_all_asset_keys()}
    assert keys == {*PER_DOCUMENT_TABLES, *CROSS_DOCUMENT_TABLES, *VIEW_ASSETS, *ARCHIVE_ASSETS}
    assert definitions.resolve_job_def("ingest_documents").partitions_def == documents_partitions
    assert definitions.resolve_sensor_def("raw_documents_sensor") is not None
    schedule = definitions.resolve_schedule_def("daily_cross_document_tables")
    assert schedule.cron_schedule == "0 3 * * *"
    rebuild = schedule.evaluate_tick(dg.build_schedule_context()).run_requests[0].run_config  # a rebuild
    assert rebuild["ops"]["people_and_organizations"]["config"] == {"rebuild": True}
    assert rebuild["ops"]["archive_segments"]["config"] == {"everything": True}
    repo = definitions.get_repository_def()
    check_names = {key.name for a in repo.asset_graph.asset_check_keys for key in [a]}
    assert {"schema_and_unique_ids", "items_have_sessions", "speakers_referential_integrity",
            "unique_ids_and_coverage"} <= check_names


def _materialize(definitions, instance, paths, **kwargs) -> dg.ExecuteInProcessResult:
    return dg.materialize([*definitions.assets, *definitions.asset_checks], instance=instance,
                          resources={"paths": paths}, raise_on_error=False, **kwargs)


def _range(keys: list[str]) -> dict[str, str]:
    return dict(zip(RANGE_TAGS, (keys[0], keys[-1])))


def test_documents_end_to_end(definitions, instance, raw_dir: Path, tmp_path: Path) -> None:
    """All partitions in ONE run (a partition key range), parsed by the worker pool."""
    (raw_dir / "broken.docx").write_bytes(bytes(range(256)) * 4)  # binary, not a zip
    out = tmp_path / "out"
    paths = IngestPaths(raw_dir=str(raw_dir), out_dir=str(out))
    docs = store.list_documents(raw_dir)
    keys = list(docs)
    instance.add_dynamic_partitions("documents", keys)

    events: list[DocumentDone] = []
    with listening(events.append):
        result = _materialize(definitions, instance, paths, tags=_range(keys),
                              selection=dg.AssetSelection.groups("documents"))
    assert result.success
    assert sorted(e.key for e in events) == sorted(keys)  # one progress event per document
    assert {e.source_path: e.state for e in events}["broken.docx"] == "failed"
    evaluations = result.get_asset_check_evaluations()
    blocking = [e for e in evaluations if e.check_name != "speaker_names_look_like_people"]
    assert blocking and all(e.passed for e in blocking), [(e.check_name, e.metadata) for e in blocking]
    mats = result.get_asset_materialization_events()
    assert {(m.asset_key.to_user_string(), m.partition) for m in mats} >= {
        (t, k) for t in PER_DOCUMENT_TABLES for k in keys}  # every table of every partition, one run
    meta = next(m for m in mats if m.asset_key.to_user_string() == "documents").materialization.metadata
    assert meta["dagster/row_count"].value == 3 and "preview" in meta
    assert meta["documents_extracted"].value == 3

    for table in PER_DOCUMENT_TABLES:
        assert sorted(p.stem for p in (out / table).glob("*.parquet")) == sorted(docs)

    documents = pd.read_parquet(out / "documents").set_index("source_path")
    assert set(documents.index) == {"river-2024.txt", "heat 2023.html", "broken.docx"}
    assert documents.loc["broken.docx", "status"] == "failed"
    assert documents.loc["broken.docx", "error"].endswith(").")  # a sentence ending with the exception type
    assert documents.loc["broken.docx", "format"] == "binary"  # the format found by content
    assert documents.loc["river-2024.txt", "status"] == "ok"
    assert documents.loc["heat 2023.html", "status"] == "ok"
    assert documents.loc["heat 2023.html", "format"] == "html"
    sessions = pd.read_parquet(out / "sessions")
    items = pd.read_parquet(out / "items")
    assert len(sessions) >= 2 and len(items) >= 3
    assert set(items.session_id) <= set(sessions.session_id)
    assert "Sediment budgets" in store.stored_text(out, "river-2024.txt")  # the worker's text, for review pages
    assert "ent-speaker" in (out / "review" / "river-2024.txt.html").read_text(encoding="utf-8")

    result = _materialize(definitions, instance, paths, selection=dg.AssetSelection.groups("cross_document"))
    assert result.success
    assert all(e.passed for e in result.get_asset_check_evaluations())
    people = pd.read_parquet(out / "people")
    aliases = pd.read_parquet(out / "person_aliases")
    speakers = pd.read_parquet(out / "speakers")
    assert set(speakers.person_id.dropna()) <= set(aliases.person_id)
    assert set(aliases.canonical_person_id) <= set(people.person_id)
    assert (out / "organizations" / "part-0.parquet").is_file()

    # a second run over the same range skips every document (same bytes, same code)...
    before = {p.name: p.stat().st_mtime_ns for p in (out / "documents").glob("*.parquet")}
    events.clear()
    with listening(events.append):
        again = _materialize(definitions, instance, paths, tags=_range(keys),
                             selection=dg.AssetSelection.groups("documents"))
    assert again.success and all(e.state.startswith("unchanged") for e in events) and len(events) == 3
    assert {p.name: p.stat().st_mtime_ns for p in (out / "documents").glob("*.parquet")} == before
    # ...unless the extraction resource says force
    forced = _materialize(definitions, instance, paths, tags=_range(keys[:1]),
                          selection=dg.AssetSelection.groups("documents"),
                          run_config={"resources": {"extraction": {"config": {"force": True, "workers": 1}}}})
    assert forced.success
    changed = [n for n, t in before.items() if (out / "documents" / n).stat().st_mtime_ns != t]
    assert changed == [f"{keys[0]}.parquet"]


def test_limits_from_resource_config(definitions, instance, tmp_path: Path) -> None:
    """The extraction resource's limits reach the workers: a document over the page limit fails alone."""
    from pdf_factory import furniture_pages

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "long.pdf").write_bytes(furniture_pages(4))
    (raw / "short.txt").write_text("Session 1 – Rivers\n- Sediment, Ana Ruiz, UNODC\n", encoding="utf-8")
    out = tmp_path / "out"
    keys = list(store.list_documents(raw))
    instance.add_dynamic_partitions("documents", keys)
    result = _materialize(definitions, instance, IngestPaths(raw_dir=str(raw), out_dir=str(out)), tags=_range(keys),
                          selection=dg.AssetSelection.assets(*PER_DOCUMENT_TABLES),
                          run_config={"resources": {"extraction": {"config": {"max_pages": 2}}}})
    assert result.success
    documents = pd.read_parquet(out / "documents").set_index("source_path")
    assert documents.loc["long.pdf", "status"] == "failed" and "page" in documents.loc["long.pdf", "error"]
    assert documents.loc["short.txt", "status"] == "ok"


def test_sql_examples_join_merged_ids(tmp_path: Path) -> None:
    """A merged person ("J. Rios" → "Jorge Rios") counts once, in both meetings, in the README's SQL."""
    from extractors.tables import table_path, write_rows
    from pipelines.sql import EXAMPLES, query

    out = tmp_path / "out"
    for doc, (name, pid) in enumerate([("Jorge Rios", "p-jorge"), ("J. Rios", "p-j")]):
        d = f"d{doc}"
        write_rows("documents", [{"document_id": d, "source_path": f"{d}.txt", "status": "ok"}], table_path(out, "documents", d))
        write_rows("meetings", [{"meeting_id": f"{d}:m1", "document_id": d, "title": f"Meeting {doc}"}],
                   table_path(out, "meetings", d))
        write_rows("speakers", [{"speaker_id": f"{d}:s1:i1:p1", "item_id": f"{d}:s1:i1", "session_id": f"{d}:s1",
                                 "document_id": d, "ordinal": 1, "name": name, "person_id": pid}],
                   table_path(out, "speakers", d))
        write_rows("chairs", [], table_path(out, "chairs", d))
    write_rows("people", [{"person_id": p, "name": "Jorge Rios", "canonical_person_id": "p-jorge"}
                          for p in ("p-jorge", "p-j")], table_path(out, "people", "part-0"))
    write_rows("person_aliases", [{"person_id": "p-jorge", "canonical_person_id": "p-jorge"},
                                  {"person_id": "p-j", "canonical_person_id": "p-jorge"}],
               table_path(out, "person_aliases", "part-0"))
    result = query(EXAMPLES["people in several meetings"], out)
    assert result["name"].tolist() == ["Jorge Rios"] and result["meetings"].tolist() == [2]
    plain = query("SELECT count(*) AS n, count(DISTINCT canonical_person_id) AS people "
                  "FROM speakers JOIN people USING (person_id)", out)
    assert plain.values.tolist() == [[2, 1]]  # no mention lost, one person


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


def test_document_checks_fail_on_bad_rows_and_add_up_per_run(tmp_path: Path) -> None:
    """The per-document checks of `document_tables`: one result per check for a run's documents."""
    import pyarrow.parquet as pq

    from extractors.tables import SCHEMAS

    good = {"documents": [{"document_id": "d1"}], "meetings": [{"meeting_id": "d1:m1", "document_id": "d1"}],
            "sessions": [{"session_id": "d1:s1", "document_id": "d1"}],
            "items": [{"item_id": "d1:s1:i1", "session_id": "d1:s1"}],
            "speakers": [{"speaker_id": "d1:s1:i1:p1", "item_id": "d1:s1:i1", "session_id": "d1:s1", "name": "Ana Ruiz"}],
            "chairs": []}
    bad = {**good, "documents": [{"document_id": "d2"}],
           "items": [{"item_id": "d2:i1", "session_id": "d2:s9"}, {"item_id": "d2:i1", "session_id": "d2:s9"}],
           "sessions": [], "speakers": [{"speaker_id": "d2:p1", "item_id": "d2:i1", "name": "Session 4 panel"}]}
    run = checks.DocumentChecks()
    for key, tables in (("good", good), ("bad", bad)):
        for table in tables:  # the files' schema is checked; the rows are the ones written
            (tmp_path / table).mkdir(exist_ok=True)
            pq.write_table(SCHEMAS[table].empty_table(), tmp_path / table / f"{key}.parquet")
        run.add(tmp_path, key, tables)
    results = {(r.asset_key.to_user_string(), r.check_name): r for r in run.results()}
    assert len(results) == len(checks.DOCUMENT_CHECKS)
    assert results[("documents", "schema_and_unique_ids")].passed
    duplicated = results[("items", "schema_and_unique_ids")]
    assert not duplicated.passed and duplicated.metadata["n_duplicates"].value == 1
    assert duplicated.metadata["documents_checked"].value == 2
    dangling = results[("items", "items_have_sessions")]
    assert not dangling.passed and dangling.metadata["items→sessions"].value == 1
    assert not results[("speakers", "speakers_referential_integrity")].passed
    names = results[("speakers", "speaker_names_look_like_people")]
    assert not names.passed and names.severity == dg.AssetCheckSeverity.WARN
    assert names.metadata["n_names"].value == 2 and names.metadata["n_suspect"].value == 1


def test_document_checks_of_rows_written_into_a_segment_check_the_tables_schema(tmp_path: Path) -> None:
    """A run writing straight into segments has no per-document file: the schema checked is the
    one of the Arrow table that goes into the segment."""
    import pyarrow as pa

    from extractors.tables import SCHEMAS

    rows = {t: [] for t in SCHEMAS if t in checks.PER_DOCUMENT_TABLES}
    rows["documents"] = [{"document_id": "d1"}]
    schemas = {t: SCHEMAS[t] for t in rows}
    run = checks.DocumentChecks()
    run.add(tmp_path, "d1", rows, schemas)  # no file under tmp_path: nothing is read
    wrong = {**schemas, "items": SCHEMAS["items"].set(SCHEMAS["items"].get_field_index("page"),
                                                      pa.field("page", pa.string()))}
    run.add(tmp_path, "d2", {**rows, "documents": [{"document_id": "d2"}]}, wrong)
    results = {(r.asset_key.to_user_string(), r.check_name): r for r in run.results()}
    assert results[("documents", "schema_and_unique_ids")].passed
    items = results[("items", "schema_and_unique_ids")]
    assert not items.passed and items.metadata["n_problems"].value == 1


def test_views_alone_are_rebuilt_from_the_stored_tables(definitions, instance, raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    paths = IngestPaths(raw_dir=str(raw_dir), out_dir=str(out))
    keys = list(store.list_documents(raw_dir))
    instance.add_dynamic_partitions("documents", keys)
    first = _materialize(definitions, instance, paths, tags=_range(keys), selection=dg.AssetSelection.groups("documents"))
    assert first.success
    page = out / "review" / f"{keys[0]}.html"
    before = page.read_text(encoding="utf-8")
    page.unlink()
    tables_before = {p: p.stat().st_mtime_ns for p in (out / "items").glob("*.parquet")}
    again = _materialize(definitions, instance, paths, tags=_range(keys),
                         selection=dg.AssetSelection.assets("review_pages"))
    assert again.success
    assert page.read_text(encoding="utf-8") == before  # the same page, from the stored rows
    assert {p: p.stat().st_mtime_ns for p in (out / "items").glob("*.parquet")} == tables_before
    mats = {m.asset_key.to_user_string() for m in again.get_asset_materialization_events()}
    assert mats == {"review_pages"}


def test_the_people_report_in_the_event_log_is_shortened_on_a_line_boundary(tmp_path: Path) -> None:
    from pipelines.defs.assets import shorten_markdown

    lines = [f"| person {i} | 2 meetings |" for i in range(5000)]
    markdown = "\n".join(["# People and organisations", *lines]) + "\n"
    short = shorten_markdown(markdown, tmp_path / "people.md", limit=1000)
    kept, note = short.rsplit("\n\n", 1)
    assert len(kept) <= 1000 and markdown.startswith(kept + "\n")  # whole lines only
    assert str(tmp_path / "people.md") in note and f"{len(markdown):,}" in note
    assert shorten_markdown("# short\n", tmp_path / "people.md", limit=1000) == "# short\n"
