"""The people and organisations report: top organisations by speakers, people in several meetings.

    people_report_markdown(out_dir)    the report as Markdown, from the tables in OUT
    write_people_report(out_dir, md)   OUT/report/people.md
    report_command(out_dir)            `python -m pipelines report --out OUT` (prints the report)

Mentions are joined to their canonical person / organisation through `person_aliases` /
`organization_aliases` (the per-document ids stay as written; see README, "People and
organisations"). Plain pandas, no Dagster: the `people_report` asset calls these functions.
"""
from __future__ import annotations

import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pandas as pd

from extractors.resolve import canonical_rows
from extractors.tables import read_columns, read_table

REPORT_DIR, REPORT_FILE = "report", "people.md"
TOP_ORGANIZATIONS = 15
# Meeting titles listed per person; the rest are counted. A frequent speaker of a large archive is
# in thousands of meetings: listing them all made one cell tens of thousands of characters wide,
# and the Markdown table pads every row to its widest cell (58 MB at 10,000 documents).
MEETINGS_LISTED = 5
READ_TABLES = ("documents", "meetings", "speakers", "chairs", "people", "organizations",
               "person_aliases", "organization_aliases")


# The columns the report reads of the per-document tables (an archive's mentions are many rows).
READ_COLUMNS: dict[str, list[str]] = {
    "documents": ["document_id", "source_path"], "meetings": ["document_id", "title"],
    "speakers": ["document_id", "person_id", "organization_id"], "chairs": ["document_id", "person_id", "organization_id"],
    # not their list columns of ids and documents, which grow with the archive
    "people": ["person_id", "name", "organizations", "canonical_person_id"],
    "organizations": ["organization_id", "name", "acronym", "canonical_organization_id"],
}


def load_tables(out_dir: Path) -> dict[str, pd.DataFrame]:
    """The tables the report needs (empty frames with the right columns when missing)."""
    return {t: (read_columns(Path(out_dir), t, READ_COLUMNS[t]) if t in READ_COLUMNS
                else read_table(Path(out_dir), t)).to_pandas() for t in READ_TABLES}


@dataclass
class Mentions:
    """Speakers and chairs, as parallel lists: document, canonical person and canonical organisation
    (None when the mention names none). Plain lists: an archive has hundreds of thousands of
    mentions, and pandas' merges, null filters and group-bys over its Arrow-backed columns cost
    several times a loop over them."""

    documents: list
    persons: list
    organizations: list


def _mentions(tables: dict[str, pd.DataFrame]) -> Mentions:
    """Speakers and chairs with canonical person and organisation ids."""
    person_of = dict(zip(tables["person_aliases"]["person_id"].tolist(),
                         tables["person_aliases"]["canonical_person_id"].tolist()))
    organization_of = dict(zip(tables["organization_aliases"]["organization_id"].tolist(),
                               tables["organization_aliases"]["canonical_organization_id"].tolist()))
    found = Mentions([], [], [])
    for table in ("speakers", "chairs"):
        df = tables[table]
        found.documents += df["document_id"].tolist()
        found.persons += [person_of.get(p) for p in df["person_id"].tolist()]
        found.organizations += [organization_of.get(o) for o in df["organization_id"].tolist()]
    return found


def top_organizations(tables: dict[str, pd.DataFrame], n: int = TOP_ORGANIZATIONS,
                      mentions: Optional[Mentions] = None) -> pd.DataFrame:
    """Organisations by number of speaker and chair rows: organization, acronym, speakers, people, meetings
    (`mentions`: `_mentions(tables)` when the caller has it)."""
    m = _mentions(tables) if mentions is None else mentions
    speakers: Counter = Counter()
    people: dict[str, set] = defaultdict(set)
    meetings: dict[str, set] = defaultdict(set)
    for document, person, organization in zip(m.documents, m.persons, m.organizations):
        if organization is None:
            continue
        speakers[organization] += 1
        meetings[organization].add(document)
        if person is not None:
            people[organization].add(person)
    if not speakers:
        return pd.DataFrame(columns=["organization", "acronym", "speakers", "people", "meetings"])
    ids = sorted(speakers)
    grouped = pd.DataFrame({"speakers": [speakers[o] for o in ids], "people": [len(people[o]) for o in ids],
                            "meetings": [len(meetings[o]) for o in ids]}, index=ids)
    orgs = tables["organizations"].set_index("organization_id")[["name", "acronym"]]
    out = grouped.join(orgs).rename(columns={"name": "organization"}).reset_index(drop=True)
    out = out.sort_values(["speakers", "people", "organization"], ascending=[False, False, True], kind="stable")
    return out[["organization", "acronym", "speakers", "people", "meetings"]].head(n).reset_index(drop=True)


def people_in_several_meetings(tables: dict[str, pd.DataFrame], mentions: Optional[Mentions] = None) -> pd.DataFrame:
    """People who speak or chair in more than one meeting: person, meetings, organisations, meeting titles
    (the first MEETINGS_LISTED, then how many more; `mentions`: `_mentions(tables)` when the caller has it)."""
    m = _mentions(tables) if mentions is None else mentions
    titles = _meeting_titles(tables)
    documents_of: dict[str, set] = defaultdict(set)
    for person, document in zip(m.persons, m.documents):
        if person is not None:
            documents_of[person].add(document)
    rows = []
    for pid, documents in sorted(documents_of.items()):
        if len(documents) > 1:
            docs = sorted(documents)
            rows.append({"person_id": pid, "meetings": len(docs), "meeting_titles": _listed(titles, docs)})
    out = pd.DataFrame(rows, columns=["person_id", "meetings", "meeting_titles"])
    people = tables["people"]
    names = dict(zip(people["person_id"], people["name"]))
    organizations = dict(zip(people["person_id"], people["organizations"]))
    out["person"] = [names.get(p, p) for p in out["person_id"]]
    out["organizations"] = ["; ".join(organizations[p]) if p in organizations else "" for p in out["person_id"]]
    out = out.sort_values(["meetings", "person"], ascending=[False, True], kind="stable")
    return out[["person", "meetings", "organizations", "meeting_titles"]].reset_index(drop=True)


def _listed(titles: dict[str, str], documents: list[str], n: int = MEETINGS_LISTED) -> str:
    """The first `n` meetings' titles joined by " | ", then how many more there are."""
    shown = " | ".join(titles.get(d, d) for d in documents[:n])
    return shown if len(documents) <= n else f"{shown} | … and {len(documents) - n} more"


def _meeting_titles(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """document_id → the meeting's title, else the document's source path."""
    paths = dict(zip(tables["documents"]["document_id"], tables["documents"]["source_path"]))
    titles = dict(zip(tables["meetings"]["document_id"], tables["meetings"]["title"]))
    return {d: (titles.get(d) if isinstance(titles.get(d), str) else None) or paths.get(d, d) for d in {*paths, *titles}}


def _markdown_table(df: pd.DataFrame, empty: str) -> str:
    if df.empty:
        return f"_{empty}_"
    return df.astype(object).where(df.notna(), "").to_markdown(index=False)


def people_report_markdown(out_dir: Path) -> str:
    """The report as Markdown: counts, top organisations by speakers, people in more than one meeting."""
    tables = load_tables(out_dir)
    mentions = _mentions(tables)  # once for both tables of the report
    merges_path = Path(out_dir) / "merges"
    n_merges = len(read_table(Path(out_dir), "merges")) if merges_path.is_dir() else 0
    lines = [
        "# People and organisations",
        "",
        f"{len(canonical_rows(tables['people'], 'person_id'))} people, "
        f"{len(canonical_rows(tables['organizations'], 'organization_id'))} organisations, "
        f"{len(tables['documents'])} documents; {n_merges} cross-document merges and links (see `merges`).",
        "",
        "## Top organisations by speakers",
        "",
        _markdown_table(top_organizations(tables, mentions=mentions), "no organisations"),
        "",
        "## People in more than one meeting",
        "",
        _markdown_table(people_in_several_meetings(tables, mentions), "nobody appears in more than one meeting"),
        "",
    ]
    return "\n".join(lines)


def write_people_report(out_dir: Path, markdown: str) -> Path:
    """Write the report to OUT/report/people.md and return its path."""
    path = Path(out_dir) / REPORT_DIR / REPORT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")
    return path


def report_command(out_dir: Path) -> int:
    """`python -m pipelines report --out OUT`: print the report; 2 when OUT has no tables."""
    out_dir = Path(out_dir)
    if not (out_dir / "speakers").is_dir():
        print(f"error: {out_dir} has no tables (run `python -m pipelines ingest RAW --out {out_dir}` first)",
              file=sys.stderr)
        return 2
    print(people_report_markdown(out_dir))
    return 0
