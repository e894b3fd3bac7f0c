"""Command line: `python -m pipelines ingest RAW_DIR --out OUT_DIR` (see CONTRACT.md).

A thin command over the Dagster definitions: it registers one dynamic partition per
document, materialises the same per-document assets in-process (one `dg.materialize` per
document, on one instance, so spaCy loads once per process), then the cross-document
assets, printing progress per document and a summary.

The instance is the project's (DAGSTER_HOME = repository root, state in `.dagster/`) when
RAW and OUT are the project's `raw/` and `outputs/`; otherwise one stored in `OUT/.dagster/`
so that other folders never show up in the UI's partitions.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

import pyarrow.parquet as pq

from extractors.tables import CROSS_DOCUMENT_TABLES, PER_DOCUMENT_TABLES, SourceInfo, document_row, table_path, write_rows
from extractors import EXTRACTOR_VERSION
from pipelines import store

# Failures are reported by the CLI itself (and kept in the run's event log), not dumped on the console.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


def instance_dir(raw_dir: Path, out_dir: Path) -> Path:
    """Where the Dagster instance for this RAW/OUT pair lives (see the module docstring)."""
    if raw_dir == store.DEFAULT_RAW_DIR.resolve() and out_dir == store.DEFAULT_OUT_DIR.resolve():
        return store.PROJECT_ROOT
    return out_dir / ".dagster"


def open_instance(home: Path):
    """The persistent DagsterInstance stored in `home` (a dagster.yaml is written when missing)."""
    import dagster as dg

    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(
            "# Instance of `python -m pipelines ingest` for this output folder.\n"
            f"storage:\n  sqlite:\n    base_dir: {home / 'storage'}\n"
            "telemetry:\n  enabled: false\n",
            encoding="utf-8",
        )
    if home == store.PROJECT_ROOT:
        os.chdir(home)  # dagster.yaml paths are relative to the repository root
    os.environ["DAGSTER_HOME"] = str(home)
    return dg.DagsterInstance.from_config(str(home))


@dataclass
class Totals:
    """Counters for the final summary."""

    documents: int = 0
    unchanged: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    sessions: int = 0
    items: int = 0
    speakers: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, summary: store.DocumentSummary) -> None:
        self.documents += 1
        self.statuses[summary.status] = self.statuses.get(summary.status, 0) + 1
        self.sessions += summary.sessions
        self.items += summary.items
        self.speakers += summary.speakers


def sync_partitions(instance, keys: Sequence[str]) -> None:
    """Make the instance's `documents` partitions exactly `keys`."""
    from pipelines.defs.partitions import documents_partitions

    name = documents_partitions.name
    existing = set(instance.get_dynamic_partitions(name))
    stale = sorted(existing - set(keys))
    for key in stale:
        instance.delete_dynamic_partition(name, key)
    new = [k for k in keys if k not in existing]
    if new:
        instance.add_dynamic_partitions(name, new)


def write_run_failure(raw_dir: Path, out_dir: Path, key: str, rel: str, message: str) -> None:
    """When a run failed before writing a documents row, record a `failed` row (and empty tables)."""
    if table_path(out_dir, "documents", key).is_file():
        row = store.stored_document(out_dir, key)
        if row and row.get("content_hash") == store.file_fingerprint(raw_dir, rel):
            return
    source = SourceInfo(source_path=rel, data=(raw_dir / rel).read_bytes(), partition_key=key)
    rows = {t: [] for t in PER_DOCUMENT_TABLES}
    rows["documents"] = [document_row(source, status="failed", error=message, extractor_version=EXTRACTOR_VERSION,
                                      extractor_fingerprint=store.extractor_fingerprint())]
    for table in PER_DOCUMENT_TABLES:
        write_rows(table, rows[table], table_path(out_dir, table, key))


def run_error(result, what: str = "this document") -> str:
    """One sentence describing why a Dagster run failed (the innermost error of its first failed step)."""
    for event in result.all_events:
        error = getattr(event.event_specific_data, "error", None) if event.is_failure else None
        if error is not None:
            while getattr(error, "cause", None) is not None:
                error = error.cause
            lines = error.message.strip().splitlines() or ["unknown error"]
            return f"The pipeline failed on {what}: {lines[-1]} ({error.cls_name})."
    return f"The pipeline failed on {what} (see the Dagster run logs)."


def ingest(raw_dir: Path, out_dir: Path, *, force: bool = False, echo=print) -> Totals:
    """Ingest every document under `raw_dir` into `out_dir`; returns the totals."""
    import dagster as dg

    from pipelines.defs.resources import IngestPaths
    from pipelines.definitions import defs as load_defs

    out_dir.mkdir(parents=True, exist_ok=True)
    instance = open_instance(instance_dir(raw_dir, out_dir))
    definitions = load_defs()
    assets = [*definitions.assets, *definitions.asset_checks]
    resources = {"paths": IngestPaths(raw_dir=str(raw_dir), out_dir=str(out_dir))}

    docs = store.list_documents(raw_dir)
    removed = store.prune_outputs(out_dir, set(docs))
    sync_partitions(instance, list(docs))
    if removed:
        echo(f"removed outputs of {len(removed)} document(s) no longer in {raw_dir}")

    totals = Totals()
    document_selection = dg.AssetSelection.groups("documents")
    for n, (key, rel) in enumerate(docs.items(), start=1):
        t0 = time.perf_counter()
        if not force and store.is_unchanged(raw_dir, out_dir, key, rel):
            summary = store.summarise(out_dir, key)
            totals.unchanged += 1
            state = f"unchanged ({summary.status})"
        else:
            result = dg.materialize(
                assets, instance=instance, resources=resources, partition_key=key,
                selection=document_selection, raise_on_error=False, run_config=QUIET_RUN_CONFIG,
                tags={"programme_ingest/source_path": rel},
            )
            if not result.success:
                write_run_failure(raw_dir, out_dir, key, rel, run_error(result))
            summary = store.summarise(out_dir, key)
            state = summary.status
        totals.add(summary)
        if summary.status == "failed":
            totals.failures.append(f"{rel}: {summary.error}")
        echo(
            f"[{n}/{len(docs)}] {rel} {state} {summary.sessions} sessions, {summary.items} items, "
            f"{summary.speakers} speakers ({time.perf_counter() - t0:.1f} s)"
        )

    result = dg.materialize(
        assets, instance=instance, resources=resources, raise_on_error=False, run_config=QUIET_RUN_CONFIG,
        selection=dg.AssetSelection.groups("cross_document"),
    )
    if not result.success:
        totals.failures.append(run_error(result, "the cross-document tables (people, organizations)"))
    return totals


def count_rows(out_dir: Path, table: str) -> int:
    """Rows of a table folder (0 when missing)."""
    folder = out_dir / table
    return sum(pq.ParquetFile(f).metadata.num_rows for f in folder.glob("*.parquet")) if folder.is_dir() else 0


def print_summary(totals: Totals, out_dir: Path, seconds: float, echo=print) -> None:
    """The final summary: documents by status, sessions, items, speakers, people, failures."""
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(totals.statuses.items())) or "none"
    echo("")
    echo(f"documents: {totals.documents} ({statuses}; {totals.unchanged} unchanged)")
    echo(f"sessions: {totals.sessions}  items: {totals.items}  speakers: {totals.speakers}  "
         f"people: {count_rows(out_dir, 'people')}  organizations: {count_rows(out_dir, 'organizations')}")
    echo(f"failures: {len(totals.failures)}")
    for failure in totals.failures:
        echo(f"  - {failure}")
    echo(f"tables in {out_dir} ({', '.join(PER_DOCUMENT_TABLES + CROSS_DOCUMENT_TABLES)}) in {seconds:.1f} s")


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    ingest_p = sub.add_parser("ingest", help="ingest every document under RAW_DIR into Parquet tables in OUT_DIR")
    ingest_p.add_argument("raw_dir", type=Path, metavar="RAW_DIR")
    ingest_p.add_argument("--out", type=Path, required=True, metavar="OUT_DIR")
    ingest_p.add_argument("--force", action="store_true", help="re-extract documents even when unchanged")
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


def quiet_dagster() -> None:
    """Keep the console for progress lines: silence Dagster's own logging and warnings."""
    warnings.filterwarnings("ignore")
    for name in ("dagster", "alembic", "dagster.builtin"):
        logging.getLogger(name).setLevel(logging.ERROR)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of `python -m pipelines`; returns the exit code."""
    args = parse_args(argv)
    if args.command == "report":  # issue 5: pipelines/report.py
        from pipelines.report import report_command

        return report_command(args.out.resolve())
    if args.command in ("review", "sql"):  # issue 7: see review_command / sql_command
        return review_command(args) if args.command == "review" else sql_command(args)
    raw_dir, out_dir = args.raw_dir.resolve(), args.out.resolve()
    if not raw_dir.is_dir():
        print(f"error: RAW_DIR {args.raw_dir} is not a folder", file=sys.stderr)
        return 2
    if out_dir == raw_dir or raw_dir in out_dir.parents:
        print(f"error: OUT_DIR {args.out} must not be inside RAW_DIR", file=sys.stderr)
        return 2
    quiet_dagster()
    t0 = time.perf_counter()
    try:
        totals = ingest(raw_dir, out_dir, force=args.force, echo=lambda s: print(s, flush=True))
    except OSError as exc:
        print(f"error: the run could not proceed: {exc}", file=sys.stderr)
        return 1
    print_summary(totals, out_dir, time.perf_counter() - t0)
    return 0


# --- review / sql subcommands (issue 7) ---


def review_command(args: argparse.Namespace) -> int:
    """`python -m pipelines review FILE [--out PATH]`: extract one file and write its review page."""
    from extractors import extract
    from extractors.review import review_page_from_extraction
    from extractors.tables import document_id, partition_key

    path: Path = args.file
    if not path.is_file():
        print(f"error: FILE {path} is not a file", file=sys.stderr)
        return 2
    data = path.read_bytes()
    try:
        extraction = extract(data, path.name)
    except Exception as exc:  # noqa: BLE001 - a human message instead of a traceback
        print(f"error: {path} could not be read: {exc}", file=sys.stderr)
        return 1
    out = args.out or store.DEFAULT_OUT_DIR / "review" / f"{partition_key(path.name)}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(review_page_from_extraction(extraction, path.name, document_id(data, path.name)), encoding="utf-8")
    print(out)
    return 0


def sql_command(args: argparse.Namespace) -> int:
    """`python -m pipelines sql "SELECT ..." [--out OUT]`: run a query over OUT's tables (DuckDB views)."""
    import duckdb

    from pipelines.sql import format_result, query

    out_dir = (args.out or store.DEFAULT_OUT_DIR).resolve()
    if not out_dir.is_dir():
        print(f"error: OUT_DIR {out_dir} is not a folder (run `python -m pipelines ingest` first)", file=sys.stderr)
        return 2
    try:
        result = query(args.query, out_dir)
    except duckdb.Error as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(format_result(result, max_width=1000))
    return 0


# --- end review / sql ---
