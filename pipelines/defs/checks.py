"""Asset checks: schema, unique ids, referential integrity, plausible person names.

The per-document checks are evaluated by the `document_tables` asset as it writes each
document (`DocumentChecks`: the rows it has just written, the schema of the files it wrote),
one result per check and run; the cross-document checks read the whole tables. The rules
themselves are plain functions (`check_*`) returning (passed, metadata) so tests can call
them on any values or frames.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from extractors.tables import ID_COLUMNS, PER_DOCUMENT_TABLES, SCHEMAS, Tables, read_columns, read_table, table_path
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


def check_unique_values(values: Sequence[Any]) -> Outcome:
    """The values have no nulls and no duplicates."""
    nulls = sum(v is None or v != v for v in values)  # None, or NaN from pandas
    seen: set = set()
    dups = [str(v) for v in values if v is not None and v == v and (v in seen or seen.add(v))]
    return nulls == 0 and not dups, {"n_null": nulls, "n_duplicates": len(dups), "examples": dups[:MAX_EXAMPLES]}


def check_unique(df: pd.DataFrame, column: str) -> Outcome:
    """`column` has no nulls and no duplicates (a missing column counts as all nulls)."""
    return check_unique_values(df[column].tolist() if column in df else [None] * len(df))


def check_reference_values(values: Iterable[Any], known: Iterable[Any]) -> Outcome:
    """Every non-null value is one of `known`."""
    known = {k for k in known if k is not None}
    dangling = sorted({v for v in values if v is not None and v == v} - known)
    return not dangling, {"n_dangling": len(dangling), "examples": [str(d) for d in dangling[:MAX_EXAMPLES]]}


def check_references(child: pd.DataFrame, column: str, parent: pd.DataFrame, parent_column: str) -> Outcome:
    """Every non-null `child[column]` exists in `parent[parent_column]`."""
    if child.empty:
        return True, {"n_dangling": 0}
    known = parent[parent_column].dropna() if parent_column in parent else []
    return check_reference_values(child[column].dropna() if column in child else [], known)


Reference = tuple[Sequence[Any], Sequence[Any], str]  # child values, parent values, label


def check_all_references(pairs: Iterable[Reference]) -> Outcome:
    """Several reference checks at once; metadata keyed by the label of each pair."""
    passed, meta = True, {}
    for values, known, label in pairs:
        ok, m = check_reference_values(values, known)
        passed &= ok
        meta[label] = m["n_dangling"]
        if not ok:
            meta[f"{label} examples"] = m["examples"]
    return passed, meta


def check_person_names(names: Iterable[Optional[str]]) -> Outcome:
    """Speaker and chair names look like person names (no digits, no heading words, not all lower-case)."""
    names = [str(n) for n in names if n is not None]
    bad = [(n, p) for n in names if (p := name_problem(n))]
    return not bad, {"n_names": len(names), "n_suspect": len(bad), "examples": [f"{n!r}: {p}" for n, p in bad[:MAX_EXAMPLES]]}


def merge_outcomes(outcomes: Sequence[Outcome]) -> Outcome:
    """One outcome of several (one per document): passed when all passed; counts added up,
    examples concatenated (at most MAX_EXAMPLES)."""
    passed, meta = True, {}
    for ok, m in outcomes:
        passed &= ok
        for key, value in m.items():
            if isinstance(value, list):
                meta[key] = (meta.get(key, []) + value)[:MAX_EXAMPLES]
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                meta[key] = meta.get(key, 0) + value
            else:
                meta.setdefault(key, value)
    return passed, meta


def _result(outcome: Outcome, severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR, **keys: Any) -> dg.AssetCheckResult:
    passed, meta = outcome
    return dg.AssetCheckResult(passed=passed, metadata={k: _meta(v) for k, v in meta.items()}, severity=severity, **keys)


def _meta(value: object) -> object:
    return dg.MetadataValue.json(value) if isinstance(value, list) else value


# --------------------------------------------------------------------------- per-document checks
# Checks of the per-document tables are evaluated by the `document_tables` asset itself (they are
# `check_specs` of its multi-asset): every document it writes is checked from the rows it has just
# written and the schema of the files it wrote, so a run over many documents reads nothing back.


@dataclass(frozen=True)
class DocumentCheck:
    """One per-document check: its asset, name, description and severity."""

    asset: str
    name: str
    description: str
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR

    @property
    def spec(self) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(name=self.name, asset=self.asset, description=self.description,
                                 blocking=self.severity == dg.AssetCheckSeverity.ERROR)


DOCUMENT_CHECKS: tuple[DocumentCheck, ...] = (
    *(DocumentCheck(t, "schema_and_unique_ids",
                    f"The {t} files written have the contract schema and unique, non-null {ID_COLUMNS[t]}.")
      for t in PER_DOCUMENT_TABLES),
    DocumentCheck("items", "items_have_sessions", "Every item belongs to a session of the same document."),
    DocumentCheck("speakers", "speakers_referential_integrity",
                  "Speakers point to existing items, sessions and documents; chairs to sessions."),
    DocumentCheck("speakers", "speaker_names_look_like_people",
                  "Speaker names look like person names (a warning: extraction is imperfect).",
                  dg.AssetCheckSeverity.WARN),
)
DOCUMENT_CHECK_SPECS: list[dg.AssetCheckSpec] = [c.spec for c in DOCUMENT_CHECKS]


def document_outcomes(out_dir: Path, key: str, tables: Tables,
                      schemas: Optional[dict[str, pa.Schema]] = None) -> dict[tuple[str, str], Outcome]:
    """(asset, check name) → outcome, for one document's rows and the files written for it
    (`schemas`: the schemas of the Arrow tables written into a segment instead of files)."""
    def values(table: str, column: str) -> list[Any]:
        return [r.get(column) for r in tables[table]]

    outcomes: dict[tuple[str, str], Outcome] = {}
    for table in PER_DOCUMENT_TABLES:
        written = schemas[table] if schemas is not None else pq.read_schema(table_path(out_dir, table, key))
        schema = check_schema(table, written)
        unique = check_unique_values(values(table, ID_COLUMNS[table]))
        outcomes[(table, "schema_and_unique_ids")] = merge_outcomes([schema, unique])
    sessions, items = values("sessions", "session_id"), values("items", "item_id")
    documents = values("documents", "document_id")
    outcomes[("items", "items_have_sessions")] = check_all_references([
        (values("items", "session_id"), sessions, "items→sessions"),
        (values("sessions", "document_id"), documents, "sessions→documents"),
    ])
    outcomes[("speakers", "speakers_referential_integrity")] = check_all_references([
        (values("speakers", "item_id"), items, "speakers→items"),
        (values("speakers", "session_id"), sessions, "speakers→sessions"),
        (values("items", "session_id"), sessions, "items→sessions"),
        (values("sessions", "document_id"), documents, "sessions→documents"),
        (values("chairs", "session_id"), sessions, "chairs→sessions"),
    ])
    outcomes[("speakers", "speaker_names_look_like_people")] = check_person_names(
        values("speakers", "name") + values("chairs", "name"))
    return outcomes


class DocumentChecks:
    """The per-document checks of one run: outcomes added per document, one result per check."""

    def __init__(self) -> None:
        self.documents = 0
        self._outcomes: dict[tuple[str, str], list[Outcome]] = {(c.asset, c.name): [] for c in DOCUMENT_CHECKS}

    def add(self, out_dir: Path, key: str, tables: Tables, schemas: Optional[dict[str, pa.Schema]] = None) -> None:
        """Check one document the run has just written (`schemas`: see `document_outcomes`)."""
        self.documents += 1
        for check_key, outcome in document_outcomes(out_dir, key, tables, schemas).items():
            self._outcomes[check_key].append(outcome)

    def results(self, selected: Optional[Iterable[dg.AssetCheckKey]] = None) -> Iterator[dg.AssetCheckResult]:
        """One AssetCheckResult per check (only the `selected` ones when given)."""
        wanted = None if selected is None else {(k.asset_key.to_user_string(), k.name) for k in selected}
        for check in DOCUMENT_CHECKS:
            if wanted is not None and (check.asset, check.name) not in wanted:
                continue
            passed, meta = merge_outcomes(self._outcomes[(check.asset, check.name)])
            yield _result((passed, {**meta, "documents_checked": self.documents}), check.severity,
                          asset_key=check.asset, check_name=check.name)


# --------------------------------------------------------------------------- cross-document checks


# --- people and organisations (issue 5): ids unique, and every per-document id of speakers
# and chairs a row of people / organizations (a plain join loses no mention), whose canonical
# id is a canonical row listing it; the alias tables agree.


def check_id_coverage(mentions: Iterable[pd.DataFrame], column: str, table: pd.DataFrame, members_column: str,
                      aliases: Optional[pd.DataFrame] = None) -> Outcome:
    """Every non-null `column` of the mention frames is a row of `table` (so a plain join on it
    keeps every mention); every row's `canonical_<column>` is a canonical row (its own canonical
    id) that lists the row's id in `members_column` (e.g. people.person_ids); and `aliases`,
    when given, maps each id of the mentions to that same canonical id, and lists no other
    (a parent known only from the aliases file has a row but no mention, hence no alias)."""
    canonical_column = f"canonical_{column}"
    # through lists: Arrow-backed columns iterate element by element several times slower
    ids = set().union(*(set(m[column].dropna().tolist()) for m in mentions if column in m))
    has_columns = {column, canonical_column, members_column} <= set(table.columns)
    canonical_of = dict(zip(table[column], table[canonical_column])) if has_columns else {}
    canonical_rows = {i for i, c in canonical_of.items() if i == c}
    members = {(m, row) for row, ms in zip(table[column], table[members_column])
               for m in (ms if ms is not None else [])} if has_columns else set()
    no_row = sorted(i for i in ids if i not in canonical_of)
    dangling = sorted(i for i, c in canonical_of.items() if c not in canonical_rows)
    unlisted = sorted(i for i, c in canonical_of.items() if (i, c) not in members)
    alias_map = dict(zip(aliases[column], aliases[canonical_column])) if aliases is not None and len(aliases) else {}
    disagree = [] if aliases is None else sorted(
        i for i in ids | set(alias_map) if alias_map.get(i) != canonical_of.get(i))
    bad = list(dict.fromkeys(no_row + dangling + unlisted + disagree))  # an id may fail several ways
    return not bad, {"n_ids": len(ids), "n_without_row": len(no_row), "n_dangling_canonical": len(dangling),
                     "n_unlisted": len(unlisted), "n_alias_disagrees": len(disagree),
                     "examples": [str(b) for b in bad[:MAX_EXAMPLES]]}


def _cross_check(table: str, ref_table_column: str) -> dg.AssetChecksDefinition:
    alias_table = "person_aliases" if table == "people" else "organization_aliases"
    members = "person_ids" if table == "people" else "organization_ids"

    @dg.asset_check(
        asset=table,
        name="unique_ids_and_coverage",
        blocking=True,
        additional_deps=[alias_table],
        description=(f"{table}: unique {ID_COLUMNS[table]}; every {ref_table_column} of speakers/chairs is a row "
                     f"of {table} (a plain join loses no mention), whose canonical_{ref_table_column} is a "
                     f"canonical row listing it in {members}; {alias_table} agrees."),
    )
    def _check(paths: IngestPaths) -> dg.AssetCheckResult:
        # only the columns checked: the list columns (document_ids, variants) grow with the archive
        df = read_columns(paths.out, table, [ID_COLUMNS[table], f"canonical_{ref_table_column}", members]).to_pandas()
        aliases = read_table(paths.out, alias_table).to_pandas()
        ids_ok, ids_meta = check_unique(df, ID_COLUMNS[table])
        alias_ok, alias_meta = check_unique(aliases, ref_table_column)
        # each distinct id once (the check asks for the set of ids, not for every mention)
        mentions = [pa.table({ref_table_column: pc.unique(read_columns(paths.out, t, [ref_table_column])[ref_table_column])})
                    .to_pandas() for t in ("speakers", "chairs")]
        cover_ok, cover_meta = check_id_coverage(mentions, ref_table_column, df, members, aliases)
        return _result((ids_ok and alias_ok and cover_ok,
                        {**ids_meta, **{f"aliases {k}": v for k, v in alias_meta.items()}, **cover_meta}))

    return _check


people_check = _cross_check("people", "person_id")
organizations_check = _cross_check("organizations", "organization_id")


@dg.asset_check(asset="organizations", name="parents_exist", blocking=True,
                description="Every organizations.parent_id is an organization_id of the table.")
def organization_parents_exist(paths: IngestPaths) -> dg.AssetCheckResult:
    """Sub-units point to existing parent organisations."""
    orgs = read_columns(paths.out, "organizations", ["organization_id", "parent_id"]).to_pandas()
    return _result(check_references(orgs, "parent_id", orgs, "organization_id"))
# --- end of people and organisations
