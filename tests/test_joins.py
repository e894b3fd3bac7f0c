"""Plain joins on the per-document ids keep every mention after cross-document merges.

An acronym and its expansion are printed by different documents, and a person once with an
initial; a later document defines the acronym and spells the name out, so both merge. The
per-document files written before stay as they were, yet `pandas.merge` of speakers with
people / organizations on their ids loses no row, and the canonical ids agree.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from extractors.tables import PER_DOCUMENT_TABLES, table_path, to_arrow, write_parquet_atomic
from pipelines.defs import checks
from pipelines.defs.resources import IngestPaths
from pipelines.sql import query

REPO = Path(__file__).resolve().parent.parent

BEFORE = {
    "peat-2023.txt": """Peatland Restoration Symposium 2023
Tartu, 14 March 2023

Session 1 – Water tables
- Rewetting drained bogs, Liisa Tamm, Baltic Peatland Research Institute
- Methane after rewetting, Marek Kowalczyk, University of Gdansk
""",
    "mires-2024.html": """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Mire Ecology Days 2024</title></head>
<body>
<h1>Mire Ecology Days 2024</h1>
<p>9 April 2024, Uppsala, Sweden</p>
<h2>Session 1 – Vegetation</h2>
<ul>
<li>Sphagnum regrowth on cutover sites, Oskar Nyberg, BPRI</li>
<li>Drone surveys of raised bogs, K. Lindqvist, Swedish Forest Agency</li>
</ul>
</body></html>
""",
}

# Defines the acronym in a session title and spells "K. Lindqvist" out: two merges.
LATER = ("wetlands-2025.md", """# Carbon in Northern Wetlands 2025

Riga, 2 October 2025

## Session 1 – Results of the Baltic Peatland Research Institute (BPRI)

- Carbon budgets of restored peat, Karin Lindqvist, Swedish Forest Agency
- Long-term monitoring plots, Liisa Tamm, BPRI
""")


def ingest(raw: Path, out: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(raw), "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "failures: 0" in done.stdout, done.stdout


def read(out: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / table)


def talks_with_people(out: Path) -> pd.DataFrame:
    """The README's pandas join: each talk with its speaker's canonical person and organisation."""
    items, speakers = pd.read_parquet(out / "items"), pd.read_parquet(out / "speakers")
    people = pd.read_parquet(out / "people", columns=["person_id", "canonical_person_id", "name"])
    orgs = pd.read_parquet(out / "organizations", columns=["organization_id", "canonical_organization_id", "name"])
    return (items[["item_id", "title"]]
            .merge(speakers[["item_id", "person_id", "organization_id"]], on="item_id")
            .merge(people.rename(columns={"name": "person"}), on="person_id", how="left")
            .merge(orgs.rename(columns={"name": "organization"}), on="organization_id", how="left"))


# The README's DuckDB join (the same question).
TALKS_SQL = """
SELECT i.item_id, i.title, p.canonical_person_id, p.name AS person,
       o.canonical_organization_id, o.name AS organization
FROM items i
JOIN speakers s USING (item_id)
LEFT JOIN people p USING (person_id)
LEFT JOIN organizations o USING (organization_id)
"""


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """Two documents ingested, then a third that merges; (OUT, per-document file mtimes before the third)."""
    raw, out = tmp_path_factory.mktemp("raw"), tmp_path_factory.mktemp("out")
    for name, text in BEFORE.items():
        (raw / name).write_text(text, encoding="utf-8")
    ingest(raw, out)
    orgs = read(out, "organizations")
    assert orgs.canonical_organization_id.nunique() == len(orgs)  # nothing links BPRI yet
    written = {str(p): p.stat().st_mtime_ns for t in PER_DOCUMENT_TABLES for p in (out / t).glob("*.parquet")}
    (raw / LATER[0]).write_text(LATER[1], encoding="utf-8")
    ingest(raw, out)
    return out, written


def test_older_files_are_not_rewritten(out_dir) -> None:
    out, written = out_dir
    assert written and {p: Path(p).stat().st_mtime_ns for p in written} == written
    merges = read(out, "merges")
    assert {"acronym", "initials"} <= set(merges.kind)


def test_plain_merge_keeps_every_speaker(out_dir) -> None:
    out, _ = out_dir
    speakers = read(out, "speakers")
    with_person = speakers.merge(read(out, "people"), on="person_id", suffixes=("", "_person"))
    with_org = speakers.merge(read(out, "organizations"), on="organization_id", suffixes=("", "_org"))
    assert len(with_person) == speakers.person_id.notna().sum() == 6
    assert len(with_org) == speakers.organization_id.notna().sum() == 6


def test_canonical_ids_agree(out_dir) -> None:
    out, _ = out_dir
    talks = talks_with_people(out)
    assert len(talks) == 6
    by_org = talks.groupby("canonical_organization_id")["organization"].agg(set)
    bpri = talks[talks.organization == "Baltic Peatland Research Institute"]
    assert len(bpri) == 3 and bpri.canonical_organization_id.nunique() == 1  # printed as BPRI twice
    assert by_org[bpri.canonical_organization_id.iloc[0]] == {"Baltic Peatland Research Institute"}
    speakers = read(out, "speakers")
    assert speakers[speakers.affiliation.isin(["BPRI", "Baltic Peatland Research Institute"])].organization_id.nunique() == 2
    lindqvist = talks[talks.person == "Karin Lindqvist"]
    assert len(lindqvist) == 2 and lindqvist.canonical_person_id.nunique() == 1
    tamm = talks[talks.person == "Liisa Tamm"]
    assert len(tamm) == 2 and tamm.canonical_person_id.nunique() == 1
    assert talks.canonical_person_id.nunique() == 4  # six talks, four people
    # the same rows through DuckDB, and the alias tables say the same
    sql = query(TALKS_SQL, out)
    columns = ["item_id", "canonical_person_id", "canonical_organization_id"]
    assert sorted(map(tuple, sql[columns].values)) == sorted(map(tuple, talks[columns].values))
    aliases = read(out, "person_aliases").merge(read(out, "people"), on="person_id")
    assert (aliases.canonical_person_id_x == aliases.canonical_person_id_y).all()


def test_coverage_check_fails_without_a_row(out_dir, tmp_path: Path) -> None:
    """The asset check passes on the tables, and fails once a merged id's row is gone."""
    out, _ = out_dir
    paths = IngestPaths(raw_dir=str(tmp_path), out_dir=str(out))
    assert checks.people_check(paths=paths).passed
    assert checks.organizations_check(paths=paths).passed
    people = read(out, "people")
    merged = people[people.person_id != people.canonical_person_id]
    assert len(merged) == 1
    broken = tmp_path / "out"
    for table in ("speakers", "chairs", "person_aliases"):
        (broken / table).mkdir(parents=True)
        for f in (out / table).glob("*.parquet"):
            (broken / table / f.name).write_bytes(f.read_bytes())
    kept = people[people.person_id != merged.person_id.iloc[0]]
    write_parquet_atomic(to_arrow("people", kept.to_dict("records")), table_path(broken, "people", "part-0"))
    result = checks.people_check(paths=IngestPaths(raw_dir=str(tmp_path), out_dir=str(broken)))
    assert not result.passed
    assert result.metadata["n_without_row"].value == 1
    assert result.metadata["examples"].value == [merged.person_id.iloc[0]]
    assert isinstance(result, dg.AssetCheckResult)
