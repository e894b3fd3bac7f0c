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

from extractors.tables import ID_COLUMNS, PER_DOCUMENT_TABLES, SCHEMAS, read_table, table_path
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
    frames = [pq.read_table(table_path(paths.out, table, k), schema=SCHEMAS[table]) for k in keys]
    return (pa.concat_tables(frames) if frames else SCHEMAS[table].empty_table()).to_pandas()


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


def _cross_check(table: str, ref_table_column: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=table,
        name="unique_ids_and_coverage",
        blocking=True,
        description=f"{table}: unique {ID_COLUMNS[table]}, and every {ref_table_column} of speakers/chairs is in it.",
    )
    def _check(paths: IngestPaths) -> dg.AssetCheckResult:
        df = read_table(paths.out, table).to_pandas()
        ids_ok, ids_meta = check_unique(df, ID_COLUMNS[table])
        refs_ok, refs_meta = check_all_references([
            (read_table(paths.out, "speakers").to_pandas(), ref_table_column, df, ID_COLUMNS[table], "speakers"),
            (read_table(paths.out, "chairs").to_pandas(), ref_table_column, df, ID_COLUMNS[table], "chairs"),
        ])
        return _result((ids_ok and refs_ok, {**ids_meta, **refs_meta}))

    return _check


people_check = _cross_check("people", "person_id")
organizations_check = _cross_check("organizations", "organization_id")
