"""Asset checks: schema, unique ids, referential integrity, plausible person names.

Checks read the Parquet files the assets wrote (per partition for the per-document tables,
the whole table for the cross-document ones). The rules themselves are plain functions
(`check_*`) returning (passed, metadata) so tests can call them on any frames.
"""

import re
from typing import Iterable, Optional

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from extractors.tables import ID_COLUMNS, PER_DOCUMENT_TABLES, SCHEMAS, read_files, read_table, table_path
from pipelines.defs.partitions import documents_partitions
from pipelines.defs.resources import IngestPaths

Outcome = tuple[bool, dict]
MAX_EXAMPLES = 5

# --------------------------------------------------------------------------- rules (no Dagster)

# Words that show a "name" is really a heading or a programme line, not a person.
NOT_NAME_WORDS: frozenset[str] = frozenset({
    "session", "panel", "break", "lunch", "coffee", "welcome", "opening", "closing", "keynote",
    "discussion", "agenda", "programme", "program", "day", "room", "registration",
})
_DIGIT = re.compile(r"\d")


def name_problem(name: str) -> Optional[str]:
    """Why a speaker name does not look like a person's name, or None when it does."""
    if _DIGIT.search(name):
        return "contains a digit"
    words = re.findall(r"\w+", name.casefold())
    if any(w in NOT_NAME_WORDS for w in words):
        return "contains a programme word"
    if name == name.lower() and any(c.isalpha() for c in name):
        return "all lower-case"
    if len(name) > 80:
        return "too long"
    return None


def check_schema(table: str, schema: pa.Schema) -> Outcome:
    """The file's schema has every column of the table's schema, with the same types."""
    expected = SCHEMAS[table]
    problems = [
        f"{f.name}: expected {f.type}, found {schema.field(f.name).type if f.name in schema.names else 'missing'}"
        for f in expected
        if f.name not in schema.names or schema.field(f.name).type != f.type
    ]
    return not problems, {"problems": problems[:MAX_EXAMPLES], "n_problems": len(problems)}


def check_unique(df: pd.DataFrame, column: str) -> Outcome:
    """`column` has no nulls and no duplicates."""
    nulls = int(df[column].isna().sum()) if column in df else len(df)
    dups = df[column][df[column].duplicated()].astype(str).tolist() if column in df else []
    return nulls == 0 and not dups, {"n_null": nulls, "n_duplicates": len(dups), "examples": dups[:MAX_EXAMPLES]}


def check_references(child: pd.DataFrame, column: str, parent: pd.DataFrame, parent_column: str) -> Outcome:
    """Every non-null `child[column]` exists in `parent[parent_column]`."""
    if child.empty:
        return True, {"n_dangling": 0}
    known = set(parent[parent_column].dropna()) if parent_column in parent else set()
    values = child[column].dropna() if column in child else pd.Series(dtype=str)
    dangling = sorted(set(values) - known)
    return not dangling, {"n_dangling": len(dangling), "examples": [str(d) for d in dangling[:MAX_EXAMPLES]]}


def check_all_references(pairs: Iterable[tuple[pd.DataFrame, str, pd.DataFrame, str, str]]) -> Outcome:
    """Several reference checks at once; metadata keyed by the label of each pair."""
    passed, meta = True, {}
    for child, column, parent, parent_column, label in pairs:
        ok, m = check_references(child, column, parent, parent_column)
        passed &= ok
        meta[label] = m["n_dangling"]
        if not ok:
            meta[f"{label} examples"] = m["examples"]
    return passed, meta


def check_person_names(speakers: pd.DataFrame) -> Outcome:
    """Speaker and chair names look like person names (no digits, no heading words, not all lower-case)."""
    names = speakers["name"].dropna().astype(str) if "name" in speakers else pd.Series(dtype=str)
    bad = [(n, p) for n in names if (p := name_problem(n))]
    return not bad, {"n_names": len(names), "n_suspect": len(bad), "examples": [f"{n!r}: {p}" for n, p in bad[:MAX_EXAMPLES]]}


# --------------------------------------------------------------------------- reading


def _read_partition(paths: IngestPaths, table: str, keys: Iterable[str]) -> pd.DataFrame:
    return read_files(table, [table_path(paths.out, table, k) for k in keys]).to_pandas()


def _result(outcome: Outcome, severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR) -> dg.AssetCheckResult:
    passed, meta = outcome
    return dg.AssetCheckResult(passed=passed, metadata={k: _meta(v) for k, v in meta.items()}, severity=severity)


def _meta(value: object) -> object:
    return dg.MetadataValue.json(value) if isinstance(value, list) else value


# --------------------------------------------------------------------------- per-document checks


def _schema_and_ids_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=table,
        name="schema_and_unique_ids",
        blocking=True,
        partitions_def=documents_partitions,
        description=f"The {table} files have the contract schema and unique, non-null {ID_COLUMNS[table]}.",
    )
    def _check(context: dg.AssetCheckExecutionContext, paths: IngestPaths) -> dg.AssetCheckResult:
        keys = context.partition_keys
        schema_ok, schema_meta = True, {}
        for k in keys:
            ok, meta = check_schema(table, pq.read_schema(table_path(paths.out, table, k)))
            schema_ok &= ok
            schema_meta = meta if not ok else schema_meta
        ids_ok, ids_meta = check_unique(_read_partition(paths, table, keys), ID_COLUMNS[table])
        return _result((schema_ok and ids_ok, {**schema_meta, **ids_meta}))

    return _check


schema_checks = [_schema_and_ids_check(t) for t in PER_DOCUMENT_TABLES]


@dg.asset_check(asset="items", blocking=True, partitions_def=documents_partitions,
                description="Every item belongs to a session of the same document.")
def items_have_sessions(context: dg.AssetCheckExecutionContext, paths: IngestPaths) -> dg.AssetCheckResult:
    """Every item's session_id exists in sessions, and every session's document in documents."""
    keys = context.partition_keys
    items, sessions = _read_partition(paths, "items", keys), _read_partition(paths, "sessions", keys)
    documents = _read_partition(paths, "documents", keys)
    return _result(check_all_references([
        (items, "session_id", sessions, "session_id", "items→sessions"),
        (sessions, "document_id", documents, "document_id", "sessions→documents"),
    ]))


@dg.asset_check(asset="speakers", blocking=True, partitions_def=documents_partitions,
                description="Speakers point to existing items, sessions and documents.")
def speakers_referential_integrity(context: dg.AssetCheckExecutionContext, paths: IngestPaths) -> dg.AssetCheckResult:
    """speakers→items→sessions→documents, and chairs→sessions."""
    keys = context.partition_keys
    t = {name: _read_partition(paths, name, keys) for name in ("documents", "sessions", "items", "speakers", "chairs")}
    return _result(check_all_references([
        (t["speakers"], "item_id", t["items"], "item_id", "speakers→items"),
        (t["speakers"], "session_id", t["sessions"], "session_id", "speakers→sessions"),
        (t["items"], "session_id", t["sessions"], "session_id", "items→sessions"),
        (t["sessions"], "document_id", t["documents"], "document_id", "sessions→documents"),
        (t["chairs"], "session_id", t["sessions"], "session_id", "chairs→sessions"),
    ]))


@dg.asset_check(asset="speakers", partitions_def=documents_partitions,
                description="Speaker names look like person names (a warning: extraction is imperfect).")
def speaker_names_look_like_people(context: dg.AssetCheckExecutionContext, paths: IngestPaths) -> dg.AssetCheckResult:
    """No digits, no heading words ("Session 2 ..."), not all lower-case."""
    speakers = _read_partition(paths, "speakers", context.partition_keys)
    chairs = _read_partition(paths, "chairs", context.partition_keys)
    return _result(check_person_names(pd.concat([speakers[["name"]], chairs[["name"]]])), dg.AssetCheckSeverity.WARN)


# --------------------------------------------------------------------------- cross-document checks


# --- people and organisations (issue 5): ids unique, and every per-document id of speakers
# and chairs covered: listed in the alias table, whose canonical ids are rows of the table.


def check_id_coverage(mentions: Iterable[pd.DataFrame], column: str, aliases: pd.DataFrame,
                      canonical_column: str, table: pd.DataFrame, members_column: str) -> Outcome:
    """Every non-null `column` of the mention frames is an alias whose canonical id is a row of `table`,
    and is listed in that row's `members_column` (e.g. people.person_ids)."""
    ids = set().union(*(set(m[column].dropna()) for m in mentions if column in m))
    alias_map = dict(zip(aliases[column], aliases[canonical_column])) if len(aliases) else {}
    rows = set(table[column]) if column in table else set()
    members = {(m, row) for row, ms in zip(table.get(column, []), table.get(members_column, [])) for m in (ms if ms is not None else [])}
    missing = sorted(i for i in ids if i not in alias_map)
    dangling = sorted(i for i in ids if i in alias_map and alias_map[i] not in rows)
    unlisted = sorted(i for i in ids if i in alias_map and (i, alias_map[i]) not in members)
    bad = missing + dangling + unlisted
    return not bad, {"n_ids": len(ids), "n_missing_alias": len(missing), "n_dangling_canonical": len(dangling),
                     "n_unlisted": len(unlisted), "examples": [str(b) for b in bad[:MAX_EXAMPLES]]}


def _cross_check(table: str, ref_table_column: str) -> dg.AssetChecksDefinition:
    alias_table = "person_aliases" if table == "people" else "organization_aliases"
    members = "person_ids" if table == "people" else "organization_ids"

    @dg.asset_check(
        asset=table,
        name="unique_ids_and_coverage",
        blocking=True,
        additional_deps=[alias_table],
        description=(f"{table}: unique {ID_COLUMNS[table]}; every {ref_table_column} of speakers/chairs is in "
                     f"{alias_table}, and its canonical id is a row of {table} listing it in {members}."),
    )
    def _check(paths: IngestPaths) -> dg.AssetCheckResult:
        df = read_table(paths.out, table).to_pandas()
        aliases = read_table(paths.out, alias_table).to_pandas()
        ids_ok, ids_meta = check_unique(df, ID_COLUMNS[table])
        alias_ok, alias_meta = check_unique(aliases, ref_table_column)
        mentions = [read_table(paths.out, t).to_pandas() for t in ("speakers", "chairs")]
        cover_ok, cover_meta = check_id_coverage(mentions, ref_table_column, aliases, f"canonical_{ref_table_column}",
                                                 df, members)
        return _result((ids_ok and alias_ok and cover_ok,
                        {**ids_meta, **{f"aliases {k}": v for k, v in alias_meta.items()}, **cover_meta}))

    return _check


people_check = _cross_check("people", "person_id")
organizations_check = _cross_check("organizations", "organization_id")


@dg.asset_check(asset="organizations", name="parents_exist", blocking=True,
                description="Every organizations.parent_id is an organization_id of the table.")
def organization_parents_exist(paths: IngestPaths) -> dg.AssetCheckResult:
    """Sub-units point to existing parent organisations."""
    orgs = read_table(paths.out, "organizations").to_pandas()
    return _result(check_references(orgs, "parent_id", orgs, "organization_id"))
# --- end of people and organisations
