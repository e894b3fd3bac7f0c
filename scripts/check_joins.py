"""Do plain joins of speakers/chairs with people/organizations lose rows? Are distinct people merged?

    .venv/bin/python scripts/check_joins.py OUT [--gold CORPUS_DIR]

OUT is an ingested folder. Prints, for `speakers` and `chairs`, how many distinct
`person_id` / `organization_id` values have no row in `people` / `organizations` (what a
plain `pandas.merge` or SQL join would drop). With `--gold` (a folder of cases
`<case>/gold.json`, staged as `RAW/<case>.<ext>` like the evaluation does), also counts the
canonical person ids shared by two distinct gold people of one document (over-merging):
each gold speaker name gets its per-document id (`extractors.resolve.person_id`), and ids
the ingest never produced are skipped.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd

from extractors.names import initials_compatible
from extractors.resolve import person_id, person_key

REFERENCES = (("person_id", "people"), ("organization_id", "organizations"))


def missing_rows(out: Path) -> dict[str, int]:
    """`<table>.<column>` → distinct non-null ids without a row in the table they refer to."""
    counts = {}
    for table in ("speakers", "chairs"):
        mentions = pd.read_parquet(out / table)
        for column, target in REFERENCES:
            known = set(pd.read_parquet(out / target, columns=[column])[column])
            counts[f"{table}.{column}"] = len(set(mentions[column].dropna()) - known)
    return counts


def gold_names(case: Path) -> set[str]:
    """The distinct speaker and chair names of a case's gold."""
    gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
    names = set()
    for session in gold.get("sessions", []):
        people = [*session.get("chairs", []), *(s for i in session.get("items", []) for s in i.get("speakers", []))]
        names.update(p["name"] for p in people if p.get("name"))
    return names


def shared_canonical_ids(out: Path, corpus: Path) -> list[tuple[str, str, list[str]]]:
    """(case, canonical id, gold names) for every canonical person id given to two distinct gold people of a case."""
    people = pd.read_parquet(out / "people")
    if "canonical_person_id" not in people:  # written before people had a row per id
        people = pd.read_parquet(out / "person_aliases")
    canonical = dict(zip(people.person_id, people.canonical_person_id))
    shared = []
    for case in sorted(p for p in corpus.iterdir() if (p / "gold.json").is_file()):
        by_canonical: dict[str, dict[str, str]] = defaultdict(dict)  # canonical id → person key → a gold name
        for name in gold_names(case):
            if person_id(name) in canonical:
                by_canonical[canonical[person_id(name)]].setdefault(person_key(name), name)
        shared += [(case.name, cid, sorted(keys.values())) for cid, keys in by_canonical.items() if len(keys) > 1]
    return shared


def one_person(names: list[str]) -> bool:
    """Every two of `names` give one key or abbreviate one another (initials)."""
    keys = [person_key(n).split() for n in names]
    return all(a == b or initials_compatible(a, b) or initials_compatible(b, a) for a in keys for b in keys)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--gold", type=Path, help="a corpus of cases with gold.json")
    args = parser.parse_args(argv)
    counts = missing_rows(args.out)
    for label, n in counts.items():
        print(f"{label:28s} ids without a row: {n}")
    print(f"total ids without a row: {sum(counts.values())}")
    if args.gold:
        shared = shared_canonical_ids(args.out, args.gold)
        for case, cid, names in shared:
            print(f"  {case}: {cid} ← {names}")
        distinct = [(case, cid, names) for case, cid, names in shared if not one_person(names)]
        print(f"canonical person ids shared by gold names of one document: {len(shared)} "
              f"(distinct people, not one name printed with and without initials: {len(distinct)})")
    return 0 if not sum(counts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
