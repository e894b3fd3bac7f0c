"""DuckDB views over an ingested folder: the README's three examples, and the `sql` command."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from extractors.resolve import build_organizations, build_people
from extractors.tables import ALL_TABLES, read_table, table_path, write_rows
from pipelines import store
from pipelines.cli import main
from pipelines.sql import EXAMPLES, connect, query
from sample_programmes import RIVER_TXT

# Two meetings that share a speaker (Anna de Vries) and an organisation.
RIVER = RIVER_TXT

DELTA = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Delta Days 2025</title></head>
<body>
<h1>Delta Days 2025</h1>
<p>5 June 2025, Rotterdam</p>
<h2>Session 1 – Sediment</h2>
<ul>
<li>Sand nourishment on the coast, Anna de Vries, Utrecht University</li>
<li>Dredging and ecology, Pieter Jansen, Deltares</li>
</ul>
</body></html>
"""


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    """An OUT folder ingested from two small documents (real extraction, no Dagster)."""
    root = tmp_path_factory.mktemp("sql")
    raw, out = root / "raw", root / "out"
    raw.mkdir()
    (raw / "river-2024.txt").write_text(RIVER, encoding="utf-8")
    (raw / "delta.html").write_text(DELTA, encoding="utf-8")
    for key in store.list_documents(raw):
        store.write_document_outputs(raw, out, key)
    speakers, chairs = read_table(out, "speakers").to_pandas(), read_table(out, "chairs").to_pandas()
    write_rows("people", build_people(speakers, chairs).to_dict("records"), table_path(out, "people", "part-0"))
    write_rows("organizations", build_organizations(speakers, chairs).to_dict("records"),
               table_path(out, "organizations", "part-0"))
    return out


def frames(out: Path) -> dict[str, pd.DataFrame]:
    return {t: read_table(out, t).to_pandas() for t in ALL_TABLES}


def test_every_table_is_a_view(out_dir: Path) -> None:
    con = connect(out_dir)
    views = {row[0] for row in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    written = {t for t in ALL_TABLES if (out_dir / t).is_dir()}  # a table without files gets no view
    assert {"documents", "meetings", "sessions", "items", "speakers", "chairs", "people", "organizations"} <= written
    assert views == written
    for table, df in frames(out_dir).items():
        if table not in written:
            continue
        assert con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == len(df)


def test_speakers_per_organisation(out_dir: Path) -> None:
    result = query(EXAMPLES["speakers per organisation"], out_dir)
    t = frames(out_dir)
    expected = t["speakers"].dropna(subset=["organization_id"]).groupby("organization_id").size()
    names = dict(zip(t["organizations"]["organization_id"], t["organizations"]["name"]))
    got = dict(zip(result["organization"], result["speakers"]))
    assert got == {names[k]: v for k, v in expected.sort_values(ascending=False).head(10).items()}
    assert got["Utrecht University"] == 2


def test_people_in_several_meetings(out_dir: Path) -> None:
    result = query(EXAMPLES["people in several meetings"], out_dir)
    assert result["name"].tolist() == ["Anna de Vries"]
    assert result["meetings"].tolist() == [2]
    assert "Delta Days 2025" in result["meeting_titles"][0]


def test_sessions_per_meeting(out_dir: Path) -> None:
    result = query(EXAMPLES["sessions per meeting"], out_dir)
    t = frames(out_dir)
    expected = t["sessions"].groupby("document_id").size()
    paths = dict(zip(t["documents"]["document_id"], t["documents"]["source_path"]))
    assert dict(zip(result["source_path"], result["sessions"])) == {paths[k]: v for k, v in expected.items()}
    assert dict(zip(result["source_path"], result["items"])) == {"river-2024.txt": 3, "delta.html": 2}


def test_sql_command(out_dir: Path, capsys) -> None:
    assert main(["sql", "SELECT source_path FROM documents ORDER BY 1", "--out", str(out_dir)]) == 0
    printed = capsys.readouterr().out
    assert "delta.html" in printed and "river-2024.txt" in printed
    assert main(["sql", "SELECT nope FROM documents", "--out", str(out_dir)]) == 1
    assert "nope" in capsys.readouterr().err
