"""The command line of `python -m pipelines` (parsed before anything heavy is imported).

`pipelines/__main__.py` parses it first, so that an ingest can start the worker pool's
forkserver at once (`pipelines.pool.start_forkserver_early`); `pipelines.cli` runs it.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Optional, Sequence

DESCRIPTION = """Meeting programmes (PDF, HTML, Word, text) in, Parquet tables out (see CONTRACT.md).

  ingest RAW_DIR --out OUT_DIR   parse every new or changed document under RAW_DIR and write
                                 the tables to OUT_DIR (unchanged documents are skipped)
  review FILE                    write the HTML review page of one document
  sql "SELECT ..."               query the tables with DuckDB
  report --out OUT_DIR           print the people and organisations report
"""


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    ingest_p = sub.add_parser("ingest", help="ingest every document under RAW_DIR into Parquet tables in OUT_DIR")
    ingest_p.add_argument("raw_dir", type=Path, metavar="RAW_DIR")
    ingest_p.add_argument("--out", type=Path, required=True, metavar="OUT_DIR")
    ingest_p.add_argument("--force", action="store_true", help="re-extract documents even when unchanged")
    ingest_p.add_argument("--rebuild", action="store_true",
                          help="rebuild the cross-document tables from every per-document file and compact "
                               "every per-document file into segments (as the daily schedule does)")
    ingest_p.add_argument("--workers", type=int, metavar="N", help="worker processes parsing documents (default: cores, at most 4)")
    ingest_p.add_argument("--wall-seconds", type=float, metavar="S", help="wall-clock limit per document (default 120)")
    ingest_p.add_argument("--memory-mb", type=int, metavar="MB", help="memory limit of a worker (default 1024)")
    # --- review / sql subcommands (issue 7) ---
    review_p = sub.add_parser("review", help="write the HTML review page of one document file")
    review_p.add_argument("file", type=Path, metavar="FILE")
    review_p.add_argument("--out", type=Path, metavar="PATH", help="the page to write (default outputs/review/<file>.html)")
    sql_p = sub.add_parser("sql", help='query the output tables with DuckDB: sql "SELECT ..." (tables are views)')
    sql_p.add_argument("query", metavar="SQL")
    sql_p.add_argument("--out", type=Path, default=None, metavar="OUT_DIR", help="the tables' folder (default outputs/)")
    # --- end review / sql ---
    # --- report subcommand (issue 5) ---
    report_p = sub.add_parser("report", help="print the people/organisations report of OUT_DIR's tables")
    report_p.add_argument("--out", type=Path, required=True, metavar="OUT_DIR")
    # --- end report ---
    return parser.parse_args(argv)
