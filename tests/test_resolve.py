"""Cross-document resolution (extractors/resolve.py) and the people/organisations tables end to end."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from extractors.orgs import OrgAlias
from extractors.resolve import canonical_rows, organization_id, person_id, resolve

REPO = Path(__file__).resolve().parent.parent


def mentions(rows: list[tuple[str, str | None, str | None]]) -> pd.DataFrame:
    """Speaker rows (document_id, name, affiliation) with their per-document ids, as tables.py writes them."""
    return pd.DataFrame([{
        "document_id": d, "name": n, "affiliation": a,
        "person_id": person_id(n) if n else None, "organization_id": organization_id(a) if a else None,
    } for d, n, a in rows])


def canonical(res, name: str) -> str:
    aliases = dict(zip(res.person_aliases.person_id, res.person_aliases.canonical_person_id))
    return aliases[person_id(name)]


def test_initial_is_merged_when_unique() -> None:
    res = resolve(mentions([("d1", "Jorge Rios", "UNODC"), ("d2", "J. Rios", None)]))
    assert canonical(res, "J. Rios") == canonical(res, "Jorge Rios") == person_id("Jorge Rios")
    [row] = canonical_rows(res.people, "person_id").to_dict("records")
    assert row["name"] == "Jorge Rios" and row["merged_ids"] == [person_id("J. Rios")] and row["n_documents"] == 2
    merged = res.people.set_index("person_id").loc[person_id("J. Rios")]  # the merged id keeps a row
    assert merged["canonical_person_id"] == person_id("Jorge Rios") and merged["name"] == "Jorge Rios"
    [merge] = res.merges.to_dict("records")
    assert (merge["kind"], merge["from_id"], merge["to_id"]) == ("initials", person_id("J. Rios"), person_id("Jorge Rios"))


def test_same_initial_and_surname_are_not_merged() -> None:
    res = resolve(mentions([("d1", "John Smith", None), ("d2", "Jane Smith", None), ("d3", "J. Smith", None)]))
    ids = {canonical(res, n) for n in ("John Smith", "Jane Smith", "J. Smith")}
    assert len(ids) == 3 and len(res.people) == 3 and res.merges.empty


def test_ids_stay_stable_when_documents_arrive() -> None:
    docs = pd.DataFrame({"document_id": ["d1", "d2"], "source_path": ["a", "b"],
                         "ingested_at": pd.to_datetime(["2024-01-01", "2024-02-01"], utc=True)})
    first = resolve(mentions([("d1", "J. Rios", None), ("d1", "Ana Ruiz", None)]), documents=docs)
    later = resolve(mentions([("d1", "J. Rios", None), ("d1", "Ana Ruiz", None),
                              ("d2", "Jorge Rios", None), ("d2", "Jorge Rios", None)]), documents=docs)
    assert set(first.people.person_id) <= set(later.people.person_id)  # the earliest member keeps its id
    assert canonical(later, "Jorge Rios") == person_id("J. Rios")


def test_accented_form_is_displayed() -> None:
    res = resolve(mentions([("d1", "Javier Montano", None), ("d2", "Javier Montano", None), ("d3", "Prof. Javier Montaño", None)]))
    [row] = res.people.to_dict("records")
    assert row["name"] == "Javier Montaño" and row["n_mentions"] == 3 and res.merges.empty  # one key: no merge needed


def test_acronym_linked_from_a_printed_definition() -> None:
    res = resolve(mentions([("d1", "A B", "United Nations Office on Drugs and Crime"), ("d2", "C D", "UNODC")]),
                  texts=["Opening by the United Nations Office on Drugs and Crime (UNODC)"])
    assert len(res.organizations) == 2 and res.organizations.canonical_organization_id.nunique() == 1
    [org] = canonical_rows(res.organizations, "organization_id").to_dict("records")
    assert org["acronym"] == "UNODC" and org["name"] == "United Nations Office on Drugs and Crime"
    assert set(res.merges.kind) == {"acronym"}


def test_ambiguous_acronym_is_not_linked() -> None:
    res = resolve(mentions([("d1", "A B", "Pacific Science Council"), ("d2", "C D", "PSC"), ("d3", "E F", "Polar Shipping Company")]),
                  texts=["Pacific Science Council (PSC)", "Polar Shipping Company (PSC)"])
    assert len(res.organizations) == 3


def test_aliases_and_parent_links() -> None:
    alias = OrgAlias("USFWS", "United States Fish and Wildlife Service", ["U.S. Fish and Wildlife Service"])
    res = resolve(mentions([("d1", "A B", "USFWS Office of Law Enforcement"), ("d2", "C D", "U.S. Fish and Wildlife Service")]),
                  aliases=[alias])
    orgs = res.organizations.set_index("name")
    parent = orgs.loc["U.S. Fish and Wildlife Service"]  # the printed form names it; the file gives the acronym
    assert orgs.loc["USFWS Office of Law Enforcement", "parent_id"] == parent["organization_id"]
    assert parent["acronym"] == "USFWS"
    assert list(res.merges.kind) == ["parent"]


# --------------------------------------------------------------------------- end to end

PROGRAMMES = {
    "wen-2016.txt": """Global Meeting of Wildlife Enforcement Networks 2016
Johannesburg, 25 September 2016

Session 1 – Cooperation and coordination
- The World Wildlife Crime Report, Jorge Rios, United Nations Office on Drugs and Crime (UNODC)
- Customs cooperation against wildlife trafficking, Ana Ruiz, World Customs Organization
- Forensics for rangers, John Smith, University of Pretoria
""",
    "wen-2017.html": """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Wildlife Crime Forum 2017</title></head>
<body>
<h1>Wildlife Crime Forum 2017</h1>
<p>12 June 2017, Bangkok, Thailand</p>
<h2>Session 1 – Trends</h2>
<ul>
<li>Illegal trade trends in Asia, H.E. Jorge Rios, UNODC</li>
<li>Seizure data from ports, Dr. Javier Montaño, USFWS Office of Law Enforcement</li>
<li>Community rangers, Jane Smith, University of Nairobi</li>
</ul>
</body></html>
""",
    "wen-2018.md": """# Wildlife Justice Workshop 2018

Nairobi, 3 March 2018

## Session 1 – Prosecution

- Prosecuting traffickers, Prof. Javier Montano, USFWS
- Financial investigations, Ms Ana Ruíz, WCO
- Evidence from the field, Jorge Rios, UNODC
""",
}


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three programmes sharing people and organisations, ingested with `python -m pipelines ingest`."""
    raw = tmp_path_factory.mktemp("raw")
    for name, text in PROGRAMMES.items():
        (raw / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    done = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(raw), "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "failures: 0" in done.stdout, done.stdout
    return out


def _people_by_name(out: Path) -> dict[str, dict]:
    return {r["name"]: r for r in pd.read_parquet(out / "people").to_dict("records")}


@pytest.mark.parametrize("name, n_documents", [("Jorge Rios", 3), ("Javier Montaño", 2), ("Ana Ruíz", 2),
                                               ("John Smith", 1), ("Jane Smith", 1)])
def test_one_person_id_per_person(out_dir: Path, name: str, n_documents: int) -> None:
    people = _people_by_name(out_dir)
    assert people[name]["n_documents"] == n_documents
    speakers = pd.read_parquet(out_dir / "speakers")
    aliases = pd.read_parquet(out_dir / "person_aliases")
    joined = speakers.merge(aliases, on="person_id")
    assert len(set(joined.person_id)) == len(speakers.person_id.dropna().unique())  # every id has an alias row
    assert people[name]["person_id"] in set(aliases.canonical_person_id)


def test_unodc_and_its_expansion_share_one_id(out_dir: Path) -> None:
    speakers = pd.read_parquet(out_dir / "speakers")
    aliases = dict(pd.read_parquet(out_dir / "organization_aliases")[["organization_id", "canonical_organization_id"]].values)
    unodc = {aliases[o] for o, a in zip(speakers.organization_id, speakers.affiliation) if a and "UNODC" in a}
    assert len(unodc) == 1
    orgs = pd.read_parquet(out_dir / "organizations").set_index("organization_id")
    assert orgs.loc[unodc.pop(), "acronym"] == "UNODC"
    merges = pd.read_parquet(out_dir / "merges")
    assert "acronym" in set(merges.kind) and "parent" in set(merges.kind)


def test_every_speaker_id_is_covered(out_dir: Path) -> None:
    from pipelines.defs.checks import check_id_coverage

    speakers, chairs = pd.read_parquet(out_dir / "speakers"), pd.read_parquet(out_dir / "chairs")
    for column, table, alias_table, members in (("person_id", "people", "person_aliases", "person_ids"),
                                                ("organization_id", "organizations", "organization_aliases", "organization_ids")):
        passed, meta = check_id_coverage([speakers, chairs], column, pd.read_parquet(out_dir / table), members,
                                         pd.read_parquet(out_dir / alias_table))
        assert passed, meta
    # and the check can fail: an id without a row
    broken = speakers.assign(person_id="p_missing")
    passed, meta = check_id_coverage([broken], "person_id", pd.read_parquet(out_dir / "people"), "person_ids",
                                     pd.read_parquet(out_dir / "person_aliases"))
    assert not passed and meta["n_without_row"] == 1


def test_report_command(out_dir: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pipelines", "report", "--out", str(out_dir)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "## Top organisations by speakers" in done.stdout
    several = done.stdout.split("## People in more than one meeting")[1]
    assert "Jorge Rios" in several and "Javier Montaño" in several and "Jane Smith" not in several
    assert (out_dir / "report" / "people.md").is_file()  # written by the people_report asset


def test_people_report_lists_a_few_meetings_and_counts_the_rest() -> None:
    from pipelines.report import MEETINGS_LISTED, people_in_several_meetings

    documents = [f"d{i}" for i in range(MEETINGS_LISTED + 2)]
    frame = pd.DataFrame
    tables = {
        "documents": frame({"document_id": documents, "source_path": [f"{d}.pdf" for d in documents]}),
        "meetings": frame({"document_id": documents, "title": [f"Harbour Forum {i}" for i in range(len(documents))]}),
        "speakers": frame({"document_id": documents + ["d0", "d1"], "person_id": ["p_often"] * len(documents) + ["p_twice"] * 2,
                           "organization_id": [None] * (len(documents) + 2)}),
        "chairs": frame({"document_id": [], "person_id": [], "organization_id": []}),
        "people": frame({"person_id": ["p_often", "p_twice"], "name": ["Ines Okafor", "Tom Berg"],
                         "organizations": [[], ["Port Authority"]], "canonical_person_id": ["p_often", "p_twice"]}),
        "person_aliases": frame({"person_id": ["p_often", "p_twice"], "canonical_person_id": ["p_often", "p_twice"]}),
        "organization_aliases": frame({"organization_id": [], "canonical_organization_id": []}),
    }
    out = people_in_several_meetings(tables).set_index("person")
    often = out.loc["Ines Okafor", "meeting_titles"].split(" | ")
    assert out.loc["Ines Okafor", "meetings"] == MEETINGS_LISTED + 2
    assert often[:MEETINGS_LISTED] == [f"Harbour Forum {i}" for i in range(MEETINGS_LISTED)]
    assert often[MEETINGS_LISTED:] == ["… and 2 more"]
    assert out.loc["Tom Berg", "meeting_titles"] == "Harbour Forum 0 | Harbour Forum 1"
    assert out.loc["Tom Berg", "organizations"] == "Port Authority"
