"""DuckDB over the output tables: each Parquet folder `OUT/<table>/` is a view named `<table>`.

    connect(out_dir)              an in-memory DuckDB connection with one view per table found,
                                  plus the table macros speakers_resolved() / chairs_resolved()
    query(sql, out_dir)           run one SQL statement, return a pandas DataFrame
    EXAMPLES                      the README's three analytics queries (name → SQL)

`speakers.person_id` / `organization_id` are per-document ids; after cross-document merges
("J. Rios" = "Jorge Rios") `people` / `organizations` still have a row for each of them, whose
`canonical_person_id` / `canonical_organization_id` is the merged entity's id, so a plain
`JOIN people USING (person_id)` keeps every mention and `GROUP BY p.canonical_person_id` counts
a merged person once. `speakers_resolved()` and `chairs_resolved()` are the speakers / chairs
rows with both ids replaced by their canonical ids (through `person_aliases` and
`organization_aliases`; ids without an alias row, or when the alias tables were not written,
stay as they are).

`python -m pipelines sql "SELECT ..." [--out OUT]` prints a query's result (see cli.py).
Nothing is copied: the views read the Parquet files when a query runs.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import duckdb
import pandas as pd

from extractors.tables import ALL_TABLES

# The README's analytics examples. Speakers and chairs both count as people taking part. Plain
# joins on the per-document ids: people and organizations have a row for every id (merged ids
# included), and grouping by the canonical id counts a merged person or organisation once.
EXAMPLES: dict[str, str] = {
    "speakers per organisation": """
        SELECT o.name AS organization, o.acronym,
               count(*) AS speakers, count(DISTINCT p.canonical_person_id) AS people,
               count(DISTINCT s.document_id) AS documents
        FROM speakers s
        JOIN organizations o USING (organization_id)
        LEFT JOIN people p USING (person_id)
        GROUP BY o.canonical_organization_id, o.name, o.acronym
        ORDER BY speakers DESC, organization
        LIMIT 10""",
    "people in several meetings": """
        WITH taking_part AS (
            SELECT person_id, document_id FROM speakers WHERE person_id IS NOT NULL
            UNION
            SELECT person_id, document_id FROM chairs WHERE person_id IS NOT NULL)
        SELECT p.name, count(DISTINCT m.meeting_id) AS meetings,
               string_agg(DISTINCT coalesce(m.title, d.source_path), ' | ') AS meeting_titles
        FROM taking_part t
        JOIN people p USING (person_id)
        JOIN meetings m USING (document_id)
        JOIN documents d USING (document_id)
        GROUP BY p.canonical_person_id, p.name
        HAVING count(DISTINCT m.meeting_id) > 1
        ORDER BY meetings DESC, p.name""",
    "sessions per meeting": """
        SELECT d.source_path, m.title AS meeting, m.start_date,
               count(DISTINCT s.session_id) AS sessions,
               count(DISTINCT i.item_id) AS items
        FROM documents d
        LEFT JOIN meetings m USING (document_id)
        LEFT JOIN sessions s USING (document_id)
        LEFT JOIN items i ON i.session_id = s.session_id
        GROUP BY ALL
        ORDER BY sessions DESC, d.source_path""",
}


def table_glob(out_dir: Path, table: str) -> Optional[str]:
    """The Parquet files of a table (folder `OUT/<table>/` or file `OUT/<table>.parquet`), or None."""
    folder = Path(out_dir) / table
    if folder.is_dir() and any(folder.glob("*.parquet")):
        return str(folder / "*.parquet")
    single = Path(out_dir) / f"{table}.parquet"
    return str(single) if single.is_file() else None


def _quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


# Mention tables and the (alias table, id column, canonical column) pairs that resolve their ids.
RESOLVED_MENTIONS: tuple[str, ...] = ("speakers", "chairs")
ALIASES: tuple[tuple[str, str, str], ...] = (
    ("person_aliases", "person_id", "canonical_person_id"),
    ("organization_aliases", "organization_id", "canonical_organization_id"),
)


def resolved_macro_sql(table: str, available: set[str]) -> str:
    """`CREATE MACRO <table>_resolved() AS TABLE ...`: `table`'s rows with canonical ids.

    Each alias table in `available` is LEFT JOINed on its id column and the id replaced by
    `coalesce(canonical, id)`; alias tables not written yet leave their ids unchanged.
    """
    joins, replaced = [], []
    for n, (alias_table, column, canonical) in enumerate(ALIASES):
        if alias_table not in available:
            continue
        joins.append(f'LEFT JOIN "{alias_table}" a{n} ON a{n}.{column} = m.{column}')
        replaced.append(f"coalesce(a{n}.{canonical}, m.{column}) AS {column}")
    select = f"m.* REPLACE ({', '.join(replaced)})" if replaced else "m.*"
    return f'CREATE MACRO {table}_resolved() AS TABLE SELECT {select} FROM "{table}" m {" ".join(joins)}'


def connect(out_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a view per table of `out_dir` that has files, and the
    table macros `speakers_resolved()` / `chairs_resolved()` (see the module docstring)."""
    con = duckdb.connect(":memory:")
    available: set[str] = set()
    for table in ALL_TABLES:
        pattern = table_glob(out_dir, table)
        if pattern is not None:
            con.execute(f'CREATE VIEW "{table}" AS SELECT * FROM read_parquet({_quote(pattern)}, union_by_name = true)')
            available.add(table)
    for table in RESOLVED_MENTIONS:
        if table in available:
            con.execute(resolved_macro_sql(table, available))
    return con


def query(sql: str, out_dir: Path) -> pd.DataFrame:
    """Run one SQL statement over the views of `out_dir` and return its result."""
    con = connect(out_dir)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def format_result(df: pd.DataFrame, max_width: int = 60) -> str:
    """A result as a Markdown table (long cells shortened), or a note when it has no rows."""
    if df.empty:
        return f"(no rows; columns: {', '.join(map(str, df.columns))})"
    shown = df.astype(object).where(df.notna(), "")  # nulls print as empty cells
    shown = shown.map(lambda v: (v[: max_width - 1] + "…") if isinstance(v, str) and len(v) > max_width else v)
    return shown.to_markdown(index=False)
