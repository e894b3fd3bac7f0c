"""DuckDB over the output tables: each Parquet folder `OUT/<table>/` is a view named `<table>`.

    connect(out_dir)              an in-memory DuckDB connection with one view per table found
    query(sql, out_dir)           run one SQL statement, return a pandas DataFrame
    EXAMPLES                      the README's three analytics queries (name → SQL)

`python -m pipelines sql "SELECT ..." [--out OUT]` prints a query's result (see cli.py).
Nothing is copied: the views read the Parquet files when a query runs.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import duckdb
import pandas as pd

from extractors.tables import ALL_TABLES

# The README's analytics examples. Speakers and chairs both count as people taking part.
EXAMPLES: dict[str, str] = {
    "speakers per organisation": """
        SELECT o.name AS organization, o.acronym,
               count(*) AS speakers, count(DISTINCT s.person_id) AS people,
               count(DISTINCT s.document_id) AS documents
        FROM speakers s JOIN organizations o USING (organization_id)
        GROUP BY ALL
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
        GROUP BY p.name
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


def connect(out_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a view per table of `out_dir` that has files."""
    con = duckdb.connect(":memory:")
    for table in ALL_TABLES:
        pattern = table_glob(out_dir, table)
        if pattern is not None:
            con.execute(f'CREATE VIEW "{table}" AS SELECT * FROM read_parquet({_quote(pattern)}, union_by_name = true)')
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
