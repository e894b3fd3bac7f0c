"""Ids, partition keys, schemas, rows and atomic Parquet writing (extractors/tables.py, resolve.py)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from extractors.model import Document, Item, Meeting, Programme, Session, Speaker
from extractors.resolve import acronym_of, build_organizations, build_people, organization_id, person_id, person_key
from extractors.tables import (
    ALL_TABLES,
    PER_DOCUMENT_TABLES,
    SCHEMAS,
    SourceInfo,
    document_id,
    document_tables,
    outcome_tables,
    partition_key,
    programme_rows,
    read_table,
    sha256_hex,
    to_arrow,
    write_parquet_atomic,
    write_rows,
)
from extractors.extract import Extraction

CONTRACT_COLUMNS = {
    "documents": ["document_id", "source_path", "format", "n_pages", "status", "error", "ingested_at"],
    "meetings": ["meeting_id", "document_id", "title", "start_date", "end_date", "location"],
    "sessions": ["session_id", "document_id", "ordinal", "number", "title", "date", "start_time", "end_time", "page"],
    "items": ["item_id", "session_id", "document_id", "ordinal", "title", "group", "page"],
    "speakers": ["item_id", "session_id", "document_id", "ordinal", "name", "affiliation", "role", "person_id",
                 "organization_id", "method", "confidence", "page", "char_start", "char_end"],
    "chairs": ["session_id", "document_id", "name", "affiliation", "role", "person_id", "organization_id"],
    "people": ["person_id", "name", "variants", "n_mentions"],
    "organizations": ["organization_id", "name", "acronym", "variants", "n_mentions"],
}


@pytest.mark.parametrize("table", ALL_TABLES)
def test_schema_has_contract_columns(table: str) -> None:
    assert set(CONTRACT_COLUMNS.get(table, [])) <= set(SCHEMAS[table].names)
    assert SCHEMAS[table].names  # every table has columns


def test_document_id_depends_on_bytes_and_path() -> None:
    a = document_id(b"abc", "x/a.txt")
    assert a == document_id(b"abc", "x/a.txt")
    assert len(a) == 16
    assert a != document_id(b"abd", "x/a.txt")
    assert a != document_id(b"abc", "x/b.txt")


@pytest.mark.parametrize("path, expected", [
    ("web-04.html", "web-04.html"),
    ("a b/c.txt", None),
    ("x...y.txt", None),
    ("été/programme.pdf", None),
])
def test_partition_key_is_safe(path: str, expected: str | None) -> None:
    key = partition_key(path)
    if expected:
        assert key == expected
    assert all(c.isalnum() and c.isascii() or c in "._-" for c in key)
    assert "..." not in key


def test_partition_keys_are_unique_when_sanitised_alike() -> None:
    assert partition_key("a b.txt") != partition_key("a_b.txt")
    assert partition_key("a/b.txt") != partition_key("a__b.txt")


def _programme() -> Programme:
    s1 = Session(number="1", title="Cafe\u0301 talks", chairs=[Speaker(name="Dr. Ana Ruiz", role="Chair")],
                 items=[Item(title="Opening", speakers=[Speaker(name="Ana Ruiz", affiliation="UNODC"),
                                                        Speaker(name=None, affiliation="World Bank")]),
                        Item(title="Second talk")])
    s2 = Session(title="Afternoon", items=[Item(title="Last", speakers=[Speaker(name="Bo Li", affiliation="MIT")])])
    return Programme(meeting=Meeting(title="Meeting"), sessions=[s1, s2])


def test_programme_rows_ids_ordinals_and_nfc() -> None:
    rows = programme_rows("d1", _programme())
    assert [s["session_id"] for s in rows["sessions"]] == ["d1:s1", "d1:s2"]
    assert [i["item_id"] for i in rows["items"]] == ["d1:s1:i1", "d1:s1:i2", "d1:s2:i1"]
    assert [(p["item_id"], p["ordinal"]) for p in rows["speakers"]] == [("d1:s1:i1", 1), ("d1:s1:i1", 2), ("d1:s2:i1", 1)]
    assert rows["speakers"][1]["person_id"] is None and rows["speakers"][1]["organization_id"]
    assert rows["chairs"][0]["person_id"] == rows["speakers"][0]["person_id"]  # honorific ignored
    assert rows["sessions"][0]["title"] == unicodedata.normalize("NFC", "Café talks")
    assert rows["meetings"][0]["meeting_id"] == "d1:m1"


def test_document_tables_failed_and_partial() -> None:
    source = SourceInfo(source_path="bad.docx", data=b"not a zip", partition_key="bad.docx")

    def broken(data: bytes, name: str) -> Extraction:
        raise ValueError("File is not a zip file")

    tables = document_tables(source, broken, "test")
    row = tables["documents"][0]
    assert row["status"] == "failed" and "ValueError" in row["error"] and row["error"].endswith(".")
    assert all(tables[t] == [] for t in PER_DOCUMENT_TABLES if t != "documents")

    def partial(data: bytes, name: str) -> Extraction:
        doc = Document(text="", blocks=[], format="pdf", n_pages=2, errors=["page 2 has no text"], partial=True)
        return Extraction(document=doc, programme=_programme())

    row = document_tables(source, partial, "test")["documents"][0]
    assert (row["status"], row["error"], row["n_pages"], row["n_sessions"]) == ("partial", "page 2 has no text", 2, 2)


def test_write_rows_uses_explicit_schema(tmp_path: Path) -> None:
    rows = programme_rows("d1", _programme())
    for table in ("sessions", "items", "speakers", "chairs"):
        path = write_rows(table, rows[table], tmp_path / table / "k.parquet")
        assert pq.read_schema(tmp_path / table / "k.parquet").equals(SCHEMAS[table])
        assert path.num_rows == len(rows[table])
    empty = write_rows("speakers", [], tmp_path / "speakers" / "empty.parquet")
    assert empty.num_rows == 0
    df = pd.read_parquet(tmp_path / "speakers")
    assert len(df) == 3
    assert pq.read_table(tmp_path / "speakers").schema.field("page").type == "int32"


def test_atomic_write_leaves_old_file_on_failure(tmp_path: Path) -> None:
    path = tmp_path / "t" / "a.parquet"
    write_parquet_atomic(to_arrow("people", [{"person_id": "p1", "variants": ["A"]}]), path)

    class Boom:  # not a pyarrow table: writing fails
        pass

    with pytest.raises(Exception):
        write_parquet_atomic(Boom(), path)  # type: ignore[arg-type]
    assert pq.read_table(path).num_rows == 1
    assert [p.name for p in path.parent.iterdir()] == ["a.parquet"]  # no temporary file left


def test_read_table_empty_folder(tmp_path: Path) -> None:
    assert read_table(tmp_path, "items").num_rows == 0


@pytest.mark.parametrize("a, b", [
    ("Prof. José Ruíz", "Jose Ruiz"),
    ("Dr  Ana   Ruiz", "ana ruiz"),
    ("Mme Claire Martin", "Claire Martin"),
])
def test_person_key_folds(a: str, b: str) -> None:
    assert person_key(a) == person_key(b)
    assert person_id(a) == person_id(b)


def test_person_ids_differ() -> None:
    assert person_id("Ana Ruiz") != person_id("Ana Ruíz Soto")


@pytest.mark.parametrize("name, acronym", [
    ("United Nations Office on Drugs and Crime (UNODC)", "UNODC"),
    ("USFWS", "USFWS"),
    ("University of New England", None),
    ("Acme (Pty)", None),
])
def test_acronym_of(name: str, acronym: str | None) -> None:
    assert acronym_of(name) == acronym


def test_build_people_and_organizations() -> None:
    speakers = pd.DataFrame([
        {"document_id": "d1", "name": "Ana Ruiz", "person_id": person_id("Ana Ruiz"),
         "affiliation": "UNODC", "organization_id": organization_id("UNODC")},
        {"document_id": "d2", "name": "Ana Ruiz", "person_id": person_id("Ana Ruiz"),
         "affiliation": "unodc", "organization_id": organization_id("unodc")},
        {"document_id": "d2", "name": "Dr. Ana Ruíz", "person_id": person_id("Dr. Ana Ruíz"),
         "affiliation": None, "organization_id": None},
    ])
    chairs = pd.DataFrame([{"document_id": "d3", "name": "Bo Li", "person_id": person_id("Bo Li"),
                            "affiliation": None, "organization_id": None}])
    people = build_people(speakers, chairs)
    ana = people[people.person_id == person_id("Ana Ruiz")].iloc[0]
    # the display name is the fullest printed form: accented over not
    assert (ana["name"], ana["n_mentions"], ana["n_documents"]) == ("Ana Ruíz", 3, 2)
    assert sorted(ana["variants"]) == ["Ana Ruiz", "Dr. Ana Ruíz"]
    assert len(people) == 2
    orgs = build_organizations(speakers, chairs)
    assert len(orgs) == 1 and orgs.iloc[0]["n_mentions"] == 2 and orgs.iloc[0]["acronym"] == "UNODC"
    to_arrow("people", people.to_dict("records"))  # fits the schema
    to_arrow("organizations", orgs.to_dict("records"))


# --------------------------------------------------------------------------- worker outcomes


def _outcome(status: str, extraction: Extraction | None, data: bytes | None, **kw):
    from extractors.isolation import Outcome

    return Outcome(status=status, extraction=extraction, data=data, source_path="a/prog.pdf",
                   content_hash=None if data is None else sha256_hex(data), **kw)


@pytest.mark.parametrize("status, error, has_data, fmt, expected_format", [
    ("ok", None, True, "pdf", "pdf"),
    ("partial", "Page 2 could not be read (ValueError).", True, "pdf", "pdf"),
    ("failed", "The file is binary data (UnsupportedFormat).", True, "binary", "binary"),
    ("failed", "The path leaves the input folder (UnsafePath).", False, None, "pdf"),
])
def test_outcome_tables(status: str, error: str | None, has_data: bool, fmt: str | None, expected_format: str) -> None:
    data = b"%PDF-1.7 bytes" if has_data else None
    extraction = None
    if status != "failed":
        doc = Document(text="", blocks=[], format="pdf", n_pages=2, partial=status == "partial")
        extraction = Extraction(document=doc, programme=_programme())
    tables = outcome_tables(_outcome(status, extraction, data, error=error, format_found=fmt), "a__prog.pdf", "v1", "fp")
    row = tables["documents"][0]
    assert (row["status"], row["error"], row["format"]) == (status, error, expected_format)
    assert row["partition_key"] == "a__prog.pdf" and row["extractor_fingerprint"] == "fp"
    assert (row["content_hash"] is None) == (not has_data) and (row["file_size"] is None) == (not has_data)
    assert row["document_id"] == document_id(data or b"", "a/prog.pdf")
    if status == "failed":
        assert all(tables[t] == [] for t in PER_DOCUMENT_TABLES if t != "documents")
    else:
        assert len(tables["sessions"]) == 2 and row["n_sessions"] == 2
    for table in PER_DOCUMENT_TABLES:
        to_arrow(table, tables[table])  # fits the schema


def test_read_table_sees_every_change_of_its_files(tmp_path) -> None:
    """`read_table` remembers its last read, but a file added, replaced or removed is seen."""
    from extractors.tables import read_table, table_path, write_rows

    def sessions(*titles: str) -> list[dict]:
        return [{"session_id": f"d:s{i}", "document_id": "d", "meeting_id": "d:m1", "ordinal": i, "title": t}
                for i, t in enumerate(titles, 1)]

    write_rows("sessions", sessions("Rivers"), table_path(tmp_path, "sessions", "a"))
    assert read_table(tmp_path, "sessions").column("title").to_pylist() == ["Rivers"]
    assert read_table(tmp_path, "sessions") is read_table(tmp_path, "sessions")  # read once
    write_rows("sessions", sessions("Lakes"), table_path(tmp_path, "sessions", "b"))
    assert read_table(tmp_path, "sessions").column("title").to_pylist() == ["Rivers", "Lakes"]
    write_rows("sessions", sessions("Coasts"), table_path(tmp_path, "sessions", "a"))  # same size, new file
    assert read_table(tmp_path, "sessions").column("title").to_pylist() == ["Coasts", "Lakes"]
    table_path(tmp_path, "sessions", "b").unlink()
    assert read_table(tmp_path, "sessions").column("title").to_pylist() == ["Coasts"]


def test_read_table_is_every_file_in_name_order_and_sees_replaced_files(tmp_path) -> None:
    """`read_table` reads the table's files (segments and per-document files alike) in file name
    order as one dataset, remembers the result, and reads again when a file is replaced."""
    import pyarrow.parquet as pq

    from extractors.tables import read_files, read_table, table_path, to_arrow, write_rows

    def sessions(doc: str, title: str) -> list[dict]:
        return [{"session_id": f"{doc}:s1", "document_id": doc, "meeting_id": f"{doc}:m1", "ordinal": 1, "title": title}]

    (tmp_path / "sessions").mkdir()
    for doc in "bd":  # written elsewhere (another process)
        pq.write_table(to_arrow("sessions", sessions(doc, f"{doc} on disk")), table_path(tmp_path, "sessions", doc))
    for doc in "ace":
        write_rows("sessions", sessions(doc, f"{doc} written"), table_path(tmp_path, "sessions", doc))
    everything = read_table(tmp_path, "sessions")
    assert everything.column("title").to_pylist() == ["a written", "b on disk", "c written", "d on disk", "e written"]
    files = sorted((tmp_path / "sessions").glob("*.parquet"))
    assert everything.equals(read_files("sessions", files))  # what reading every file gives
    assert read_table(tmp_path, "sessions") is everything  # remembered while no file changed

    replaced = table_path(tmp_path, "sessions", "c")  # another process replaces c
    tmp = replaced.with_name("other.tmp")
    pq.write_table(to_arrow("sessions", sessions("c", "c replaced")), tmp)
    tmp.replace(replaced)
    assert read_table(tmp_path, "sessions").column("title").to_pylist()[2] == "c replaced"
