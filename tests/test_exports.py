"""iCal and frab exports: written from ingested tables, parsed back by `icalendar` and `json`, compared with the tables."""
from __future__ import annotations

import io
import json
from datetime import date, datetime, time
from pathlib import Path

import dagster as dg
import icalendar
import pandas as pd
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.exports import ProgrammeRows, to_frab, to_ical
from extractors.exports.ical import MAX_LINE_OCTETS, fold, fold_octets
from extractors.tables import PER_DOCUMENT_TABLES, read_table
from pipelines import store
from pipelines import views
from pipelines.defs.resources import IngestPaths
from pipelines.definitions import defs as load_defs

DATED_TXT = """Workshop on River Restoration 2024
Utrecht, 12 March 2024

Session 1 – Measuring river health
09:00 Sediment budgets of lowland rivers, Anna de Vries, Utrecht University
09:30 Fish passage monitoring with eDNA, Marco Bianchi, University of Padua

Session 2 – Working with farmers
11:00 Buffer strips that farmers accept, Jan Kowalski, Wageningen University
"""

# Like the seed: sessions and speakers, but no date anywhere.
UNDATED_TXT = """Session 1 – Networks and enforcement
- Introduction to wildlife crime, Jorge Rios, UNODC
- Different types of networks, Grant Pink, University of New England
Session 2 – The NGO perspective
- Lessons learned, Tim Steele, UNODC
"""

PDF_LINES = [
    ("Helvetica-Bold", 18, "Symposium on Urban Trees 2024"),
    ("Helvetica", 11, "Lisbon, 8 May 2024"),
    ("Helvetica-Bold", 14, "Session 1 – Measuring canopy cover (09:00–10:30)"),
    ("Helvetica", 11, "09:00 Lidar surveys of street trees, Ana Ferreira, University of Lisbon"),
    ("Helvetica", 11, "09:30 Canopy maps from aerial photos, Tom Becker, TU Berlin"),
    ("Helvetica-Bold", 14, "Session 2 – Trees and health (11:00–12:30)"),
    ("Helvetica", 11, "11:00 Shade and heat stress, Maria Rossi, University of Bologna"),
]


def pdf_programme() -> bytes:
    """A one-page PDF programme (reportlab) with a date, sessions and timed items."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = A4[1] - 72
    for font, size, text in PDF_LINES:
        c.setFont(font, size)
        c.drawString(72, y, text)
        y -= size * 2
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> tuple[Path, Path]:
    """RAW with a dated text, an undated text and a PDF; OUT with their tables and exports."""
    root = tmp_path_factory.mktemp("exports")
    raw, out = root / "raw", root / "out"
    raw.mkdir()
    (raw / "river-2024.txt").write_text(DATED_TXT, encoding="utf-8")
    (raw / "wen-like.txt").write_text(UNDATED_TXT, encoding="utf-8")
    (raw / "trees.pdf").write_bytes(pdf_programme())
    for key in store.list_documents(raw):
        store.write_document_outputs(raw, out, key)
        views.write_exports(out, key)
    return raw, out


def rows_of(out: Path, key: str) -> dict[str, list[dict]]:
    return views.document_rows(out, key)


def ical_of(out: Path, key: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((out / "exports" / f"{key}.ics").read_text(encoding="utf-8"))


def frab_of(out: Path, key: str) -> dict:
    return json.loads((out / "exports" / f"{key}.frab.json").read_text(encoding="utf-8"))


def expected_day(rows: dict[str, list[dict]], session: dict) -> str | None:
    """A session's day as the exports should state it (own date, or a one-day meeting's date)."""
    meeting = rows["meetings"][0]
    one_day = meeting["start_date"] and meeting["end_date"] in (None, meeting["start_date"])
    return session["date"] or (meeting["start_date"] if one_day else None)


@pytest.mark.parametrize("key", ["river-2024.txt", "trees.pdf"])
def test_ical_events_match_the_tables(ingested, key: str) -> None:
    _, out = ingested
    rows = rows_of(out, key)
    cal = ical_of(out, key)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal

    dated = [s for s in rows["sessions"] if expected_day(rows, s)]
    assert dated, "the fixture documents state their date"
    for session in dated:
        event = events.pop(f"{session['session_id']}@programme-ingest")
        day = date.fromisoformat(expected_day(rows, session))
        start = event.decoded("DTSTART")
        if session["start_time"]:
            assert start == datetime.combine(day, time.fromisoformat(session["start_time"]))
        else:
            assert start == day
        if session["title"]:
            assert session["title"] in str(event["SUMMARY"])
        for item in (i for i in rows["items"] if i["session_id"] == session["session_id"] and i["start_time"]):
            item_event = events.pop(f"{item['item_id']}@programme-ingest")
            assert item_event.decoded("DTSTART") == datetime.combine(day, time.fromisoformat(item["start_time"]))
            assert str(item_event["RELATED-TO"]) == f"{session['session_id']}@programme-ingest"
            names = [s["name"] for s in rows["speakers"] if s["item_id"] == item["item_id"] and s["name"]]
            assert all(n in str(item_event.get("DESCRIPTION", "")) for n in names)
    meeting = rows["meetings"][0]
    meeting_event = events.pop(f"{meeting['meeting_id']}@programme-ingest")
    assert meeting_event.decoded("DTSTART") == date.fromisoformat(meeting["start_date"])
    assert events == {}  # nothing else, nothing invented


def test_undated_document_gets_no_invented_event(ingested) -> None:
    _, out = ingested
    key = "wen-like.txt"
    rows = rows_of(out, key)
    assert rows["sessions"] and not any(s["date"] for s in rows["sessions"])
    cal = ical_of(out, key)
    assert cal.walk("VEVENT") == []
    journals = cal.walk("VJOURNAL")
    assert len(journals) == 1 and "DTSTART" not in journals[0]
    assert f"{len(rows['sessions'])} session(s) without a stated date" in str(cal["X-PROGRAMME-INGEST-SKIPPED"])
    frab = frab_of(out, key)
    assert frab["schedule"]["conference"]["days"] == []
    assert len(frab["x_skipped"]) == len(rows["sessions"])


@pytest.mark.parametrize("key", ["river-2024.txt", "trees.pdf"])
def test_frab_matches_the_tables(ingested, key: str) -> None:
    _, out = ingested
    rows = rows_of(out, key)
    conference = frab_of(out, key)["schedule"]["conference"]
    days = {s["session_id"]: expected_day(rows, s) for s in rows["sessions"]}
    assert [d["date"] for d in conference["days"]] == sorted({d for d in days.values() if d})
    assert conference["daysCount"] == len(conference["days"])
    events = [e for d in conference["days"] for room in d["rooms"].values() for e in room]
    expected_ids = [i["item_id"] for i in rows["items"] if days[i["session_id"]]]
    expected_ids += [s["session_id"] for s in rows["sessions"]
                     if days[s["session_id"]] and not any(i["session_id"] == s["session_id"] for i in rows["items"])]
    assert sorted(e["x_source_id"] for e in events) == sorted(expected_ids)
    items = {i["item_id"]: i for i in rows["items"]}
    for event in events:
        item = items.get(event["x_source_id"])
        if item is None:
            continue
        assert event["title"] == (item["title"] or "(untitled item)")
        assert event["start"] == item["start_time"]
        speakers = [s for s in rows["speakers"] if s["item_id"] == item["item_id"]]
        assert [p["public_name"] for p in event["persons"]] == [s["name"] or s["affiliation"] for s in speakers]
    assert len({e["guid"] for e in events}) == len(events)


def test_exports_are_deterministic(ingested) -> None:
    _, out = ingested
    rows = rows_of(out, "river-2024.txt")
    tables = {t: rows[t] for t in PER_DOCUMENT_TABLES}
    stamp = rows["documents"][0]["ingested_at"]
    first = to_ical(ProgrammeRows.from_tables(tables), dtstamp=stamp).text
    written = (out / "exports" / "river-2024.txt.ics").read_bytes()
    assert first.encode("utf-8") == written
    assert written.count(b"\r\n") == written.count(b"\n")  # RFC 5545: every line ends with CRLF
    assert to_frab(ProgrammeRows.from_tables(tables)).text == (out / "exports" / "river-2024.txt.frab.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("meeting, session, expected", [
    ({"start_date": "2024-03-12", "end_date": None}, {"date": None}, "2024-03-12"),
    ({"start_date": "2024-03-12", "end_date": "2024-03-12"}, {"date": None}, "2024-03-12"),
    ({"start_date": "2024-03-12", "end_date": "2024-03-13"}, {"date": None}, None),  # which day? not stated
    ({"start_date": "2024-03-12", "end_date": "2024-03-13"}, {"date": "2024-03-13"}, "2024-03-13"),
    ({"start_date": None, "end_date": None}, {"date": None}, None),
])
def test_session_day(meeting: dict, session: dict, expected: str | None) -> None:
    rows = ProgrammeRows(meeting=meeting, sessions=[], items={}, speakers={}, chairs={})
    assert rows.session_day(session) == expected


def test_view_assets_in_dagster(tmp_path: Path) -> None:
    """`review_pages` and `exports` materialise for a partition, after `document_tables`."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "river-2024.txt").write_text(DATED_TXT, encoding="utf-8")
    definitions = load_defs()
    paths = IngestPaths(raw_dir=str(raw), out_dir=str(out))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("documents", ["river-2024.txt"])
        result = dg.materialize(
            [*definitions.assets], instance=instance, resources={"paths": paths}, partition_key="river-2024.txt",
            selection=dg.AssetSelection.assets("review_pages", "exports").upstream()
            - dg.AssetSelection.groups("cross_document"),
        )
        assert result.success
        mats = {m.asset_key.to_user_string(): m.materialization.metadata for m in result.get_asset_materialization_events()}
        assert mats["exports"]["ical_events"].value > 0
        assert (out / "review" / "river-2024.txt.html").is_file()
        assert "ent-speaker" in (out / "review" / "river-2024.txt.html").read_text(encoding="utf-8")
        report = dg.materialize([*definitions.assets], instance=instance, resources={"paths": paths},
                                selection=dg.AssetSelection.assets("summary_report"))
        assert report.success
        meta = report.get_asset_materialization_events()[0].materialization.metadata
        assert "Speakers per session" in meta["report"].value
        items, sessions = read_table(out, "items").num_rows, read_table(out, "sessions").num_rows
        assert items > 0 and f"{sessions} sessions · {items} items" in meta["report"].value  # items only counted
        assert (out / "report" / "summary.html").is_file()
    documents = read_table(out, "documents").to_pandas()
    assert isinstance(documents, pd.DataFrame) and len(documents) == 1


def test_summary_counts_years_and_canonical_organisations() -> None:
    """The summary's bars: a document's year is its last dated meeting's (meetings of documents not
    listed and undated or unreadable dates count as unknown); merged organisation ids count for
    their canonical organisation, named from `organizations` or as first printed."""
    from extractors.report import documents_per_year, top_organizations

    documents = pd.DataFrame({"document_id": ["d1", "d2", "d3", "d4"]})
    meetings = pd.DataFrame({"document_id": ["d1", "d2", "d3", "d3", "dX", "d4"],
                             "start_date": ["2024-05-01", None, "2019-01-01", "2021-02-02", "2000-01-01", "n.d."]})
    assert documents_per_year(documents, meetings) == [("2021", 1), ("2024", 1), ("unknown", 2)]
    speakers = pd.DataFrame({"organization_id": ["o1", "o2", "o3", None, "o3", "o1"],
                             "affiliation": ["Old Name", "UNODC", "Lund University", "x", "Lund Univ.", "Old"]})
    organizations = pd.DataFrame({"organization_id": ["o1", "o2"], "name": ["UN Office", "UN Office"],
                                  "canonical_organization_id": ["o2", "o2"]})
    assert top_organizations(speakers, organizations) == [("UN Office", 3), ("Lund University", 2)]


@pytest.mark.parametrize("text", ["Opening remarks", "x" * 75, "y" * 76, "Panel: " + "rivers and deltas, " * 30,
                                  "Résumé of the Þingvellir session – " * 8, "会議のプログラム" * 20,
                                  "x" * 74 + "é" + "y" * 80, "🌊 tides " * 25, "ñ" * 38])
def test_folded_lines_fit_and_unfold_to_the_line(text: str) -> None:
    folded = fold(text)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= MAX_LINE_OCTETS for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert parts[0] + "".join(p[1:] for p in parts[1:]) == text
    assert folded == fold_octets(text) == fold_by_character(text)


def fold_by_character(line: str) -> str:
    """RFC 5545 folding spelled out: characters added one by one while the line's octets fit."""
    parts, current, size, limit = [], "", 0, MAX_LINE_OCTETS
    for char in line:
        n = len(char.encode("utf-8"))
        if size + n > limit:
            parts.append(current)
            current, size, limit = "", 0, MAX_LINE_OCTETS - 1
        current += char
        size += n
    return "\r\n ".join(parts + [current])
