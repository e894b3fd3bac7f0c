"""Command line: `python -m pipelines ingest RAW_DIR --out OUT_DIR` (see CONTRACT.md).

A thin command over the Dagster definitions, in three steps:

1. list RAW, drop the outputs of removed files and find the documents that changed (new
   bytes or new extractor code); unchanged documents are skipped without Dagster, spaCy or
   any worker process, so a re-run with nothing new takes about a second;
2. hand the changed documents to the worker pool at once (`pipelines.pool.start_parsing`:
   parsing runs while Dagster loads);
3. one Dagster run (`dg.materialize` over a partition key range, `BackfillPolicy.single_run`)
   materialises the `documents` group, whose `document_tables` asset takes the parsed
   documents over and writes their per-document tables, review pages and exports (a
   progress line per document as it finishes), then the `cross_document` group (people,
   organizations, reports). When only the cross-document tables are stale, or the run
   stopped before them, a run of that group alone follows.

The instance is the project's (DAGSTER_HOME = repository root, state in `.dagster/`) when
RAW and OUT are the project's `raw/` and `outputs/`; otherwise one stored in `OUT/.dagster/`
so that other folders never show up in the UI's partitions.
"""
from __future__ import annotations

import argparse
import atexit
import gc
import logging
import os
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, NoReturn, Optional, Sequence

from extractors.limits import DEFAULT_LIMITS, Limits
from extractors.resolve import canonical_rows
from extractors.tables import CROSS_DOCUMENT_TABLES, PER_DOCUMENT_TABLES, read_columns
from pipelines import store
from pipelines.args import parse_args
from pipelines.pool import YOUNG_GENERATION_THRESHOLD, default_workers, start_parsing, stop_parsing
from pipelines.progress import DocumentDone, listening

# One ASSET_MATERIALIZATION_PLANNED event per asset for a partition range run instead of one
# per partition (each event is a SQLite write of ~20 ms: hundreds per batch otherwise). The
# Makefile's `ui` target sets it for the daemon's runs too (see README, "Performance").
PLANNED_EVENTS_ENV = "DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS"
# Dagster hands stored events to the event log in batches of up to this many (one transaction
# per batch with `pipelines.storage.BatchingSqliteEventLogStorage`).
BATCH_SIZE_ENV, DEFAULT_BATCH_SIZE = "DAGSTER_EVENT_BATCH_SIZE", "1000"
# Failures are reported by the CLI itself (and kept in the run's event log), not dumped on the console.
QUIET_LOGGERS = {"console": {"config": {"log_level": "CRITICAL"}}}
RANGE_START_TAG, RANGE_END_TAG = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"
# Files the cross-document run writes: when one is missing it runs even if no document changed.
CROSS_OUTPUTS: tuple[str, ...] = tuple(f"{t}/part-0.parquet" for t in CROSS_DOCUMENT_TABLES)


def instance_dir(raw_dir: Path, out_dir: Path) -> Path:
    """Where the Dagster instance for this RAW/OUT pair lives (see the module docstring)."""
    if raw_dir == store.DEFAULT_RAW_DIR.resolve() and out_dir == store.DEFAULT_OUT_DIR.resolve():
        return store.PROJECT_ROOT
    return out_dir / ".dagster"


def instance_yaml(home: Path) -> str:
    """dagster.yaml of a CLI instance: SQLite runs/schedules, and a consolidated SQLite event log
    (one database instead of one per run plus an index) that stores batches of events in one
    transaction (`pipelines.storage`)."""
    storage = {"run_storage": ("dagster._core.storage.runs", "SqliteRunStorage", "runs"),
               "event_log_storage": ("pipelines.storage", "BatchingSqliteEventLogStorage", "events"),
               "schedule_storage": ("dagster._core.storage.schedules", "SqliteScheduleStorage", "schedules")}
    lines = ["# Instance of `python -m pipelines ingest` for this output folder."]
    for key, (module, cls, folder) in storage.items():
        lines += [f"{key}:", f"  module: {module}", f"  class: {cls}", "  config:", f"    base_dir: {home / folder}"]
    return "\n".join(lines + ["telemetry:", "  enabled: false", ""])


def relaxed_sqlite_sync() -> None:
    """`PRAGMA synchronous=NORMAL` on every SQLite connection this process opens (Dagster's storage).

    Dagster's SQLite storage runs in WAL mode, where NORMAL is corruption-safe: a power cut may
    lose the last events, never the database. It saves an fsync per stored event (hundreds per
    batch run). Only the CLI process does this; `dagster dev` keeps SQLite's default.
    """
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if event.contains(Engine, "connect", _sqlite_normal_sync):
        return
    event.listen(Engine, "connect", _sqlite_normal_sync)


def _sqlite_normal_sync(dbapi_connection, _record) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def open_instance(home: Path):
    """The persistent DagsterInstance stored in `home` (a dagster.yaml is written when missing)."""
    import dagster as dg

    os.environ.setdefault(PLANNED_EVENTS_ENV, "true")
    os.environ.setdefault(BATCH_SIZE_ENV, DEFAULT_BATCH_SIZE)  # batched event writes (pipelines/storage.py)
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(instance_yaml(home), encoding="utf-8")
    relaxed_sqlite_sync()
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


def sync_partitions(instance, keys: Sequence[str]) -> list[str]:
    """Make the instance's `documents` partitions exactly `keys`; returns them in the instance's order."""
    from pipelines.defs.partitions import documents_partitions

    name = documents_partitions.name
    existing = instance.get_dynamic_partitions(name)
    wanted = set(keys)
    for key in sorted(set(existing) - wanted):
        instance.delete_dynamic_partition(name, key)
    known = set(existing)
    new = [k for k in keys if k not in known]
    if new:
        instance.add_dynamic_partitions(name, new)
    return [k for k in existing if k in wanted] + new


def partition_range(order: Sequence[str], keys: Sequence[str]) -> tuple[str, str]:
    """The smallest (first, last) range of `order` that holds every key of `keys` (not empty)."""
    index = {k: i for i, k in enumerate(order)}
    positions = sorted(index[k] for k in keys)
    return order[positions[0]], order[positions[-1]]


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


def write_run_failure(raw_dir: Path, out_dir: Path, key: str, rel: str, message: str) -> None:
    """Record a `failed` row (and empty tables) for a document the failed run left without current rows."""
    from extractors.isolation import STATUS_FAILED, prepare

    outcome = prepare(Path(raw_dir) / rel, raw_dir, store.DEFAULT_LIMITS)  # bytes for the ids; never parsed here
    if outcome.status != STATUS_FAILED:
        outcome.status, outcome.error = STATUS_FAILED, message
    store.write_outcome_outputs(out_dir, key, outcome)


def extraction_config(options: dict[str, Any]) -> dict:
    """Run config for the `extraction` resource from the CLI's options (only those given)."""
    config = {k: v for k, v in options.items() if v is not None and v is not False}
    return {"extraction": {"config": config}} if config else {}


def run_settings(options: dict[str, Any]) -> tuple[int, Limits]:
    """(workers, limits) of a run with these CLI options: what the run's `extraction` resource
    (`ExtractionSettings`, configured by `extraction_config(options)`) will say, computed
    without importing Dagster, so that parsing starts before Dagster loads."""
    workers = options["workers"] if options.get("workers") is not None else default_workers()
    changes = {k: options[k] for k in ("wall_seconds", "memory_mb") if options.get(k) is not None}
    return workers, DEFAULT_LIMITS.with_(**changes)


def ingest(raw_dir: Path, out_dir: Path, *, force: bool = False, echo: Callable[[str], None] = print,
           extraction: Optional[dict[str, Any]] = None, rebuild: bool = False) -> Totals:
    """Ingest every document under `raw_dir` into `out_dir`; returns the totals.

    `extraction` overrides the `extraction` resource (workers, wall_seconds, memory_mb, ...);
    `rebuild` rebuilds the cross-document tables from every file (`rebuild_config`).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    return IngestRun(raw_dir, out_dir, {**(extraction or {}), "force": force}, echo, rebuild).run()


def rebuild_config(rebuild: bool) -> dict:
    """Run config of the cross-document group: with `rebuild`, the resolution index is rebuilt
    from every per-document file and every per-document file is compacted (what the daily
    schedule runs; `pipelines.defs.schedules.REBUILD_RUN_CONFIG`)."""
    from pipelines.defs.schedules import REBUILD_RUN_CONFIG

    return REBUILD_RUN_CONFIG if rebuild else {}


class IngestRun:
    """One `ingest`: what changed, the progress lines, the Dagster run(s), the totals."""

    def __init__(self, raw_dir: Path, out_dir: Path, options: dict[str, Any], echo: Callable[[str], None],
                 rebuild: bool = False) -> None:
        self.raw_dir, self.out_dir, self.options, self.echo, self.rebuild = raw_dir, out_dir, options, echo, rebuild
        self.workers, self.limits = run_settings(options)
        self.totals = Totals()
        self.printed: set[str] = set()
        self.docs: dict[str, str] = {}

    def show(self, event: DocumentDone) -> None:
        """Print one document's progress line."""
        self.printed.add(event.key)
        if event.state.startswith("unchanged"):
            self.totals.unchanged += 1
        self.echo(f"[{len(self.printed)}/{len(self.docs)}] {event.line()}")

    def run(self) -> Totals:
        raw_dir, out_dir = self.raw_dir, self.out_dir
        self.docs = docs = store.list_documents(raw_dir)
        removed = store.prune_outputs(out_dir, set(docs))
        if removed:
            self.echo(f"removed outputs of {len(removed)} document(s) no longer in {raw_dir}")
        rows = store.stored_documents(out_dir)
        stats = store.SourceStats.load(out_dir)
        changed = [k for k, rel in docs.items() if self.options.get("force")
                   or not store.is_unchanged(raw_dir, out_dir, k, rel, self.limits, row=rows.get(k), stats=stats)]
        cross_stale = bool(changed or removed or self.rebuild) or not all((out_dir / f).is_file() for f in CROSS_OUTPUTS)
        if not changed and not cross_stale:  # nothing to do: no Dagster at all
            for key, rel in docs.items():
                self.show(unchanged_event(out_dir, key, rel, row=rows.get(key)))
            stats.save(raw_dir, out_dir, docs, rows)
            return finish_totals(self.totals, out_dir, docs, rows)
        if changed:  # parsing starts now, while Dagster loads; the run's asset takes the results over
            start_parsing(raw_dir, [raw_dir / docs[k] for k in changed], self.limits, self.workers)
        try:
            self.run_dagster(changed, cross_stale, rows)
        finally:
            stop_parsing()
        after = store.stored_documents(out_dir)
        # a changed document's hash is known only when this run wrote its row (a failed run may not have)
        written = {k for k in changed if (after.get(k) or {}).get("ingested_at") != (rows.get(k) or {}).get("ingested_at")}
        unchanged = set(docs) - set(changed)
        stats.save(raw_dir, out_dir, {k: rel for k, rel in docs.items() if k in unchanged or k in written}, after)
        return finish_totals(self.totals, out_dir, docs, after)

    def run_dagster(self, changed: list[str], cross_stale: bool, rows: dict[str, dict]) -> None:
        """One run over the changed documents' partition range and the cross-document group; the
        cross-document group alone when only it is stale (or when the first run stopped before it)."""
        raw_dir, out_dir, docs = self.raw_dir, self.out_dir, self.docs
        instance = open_instance(instance_dir(raw_dir, out_dir))
        order = sync_partitions(instance, list(docs))
        first, last = partition_range(order, changed) if changed else (None, None)
        in_range = set(order[order.index(first): order.index(last) + 1]) if changed else set()
        for key in order:
            if key not in in_range:
                self.show(unchanged_event(out_dir, key, docs[key], row=rows.get(key)))
        cross_done = False
        if changed:
            run_config = {"loggers": QUIET_LOGGERS, "resources": extraction_config(self.options),
                          **rebuild_config(self.rebuild)}
            with listening(self.show):
                result = materialize_groups(instance, raw_dir, out_dir, (store.DOCUMENT_GROUP, store.CROSS_GROUP), run_config,
                                            tags={RANGE_START_TAG: first, RANGE_END_TAG: last})
            cross_done = result.success  # every step ran: the cross-document group's too
            if not result.success:
                self.record_run_failure(result, changed)
        if cross_stale and not cross_done:
            result = materialize_groups(instance, raw_dir, out_dir, (store.CROSS_GROUP,),
                                        {"loggers": QUIET_LOGGERS, **rebuild_config(self.rebuild)})
            if not result.success:
                self.totals.failures.append(run_error(result, "the cross-document tables (people, organizations)"))

    def record_run_failure(self, result, changed: list[str]) -> None:
        """A failed run: every changed document it left without current rows gets a `failed` row."""
        message = run_error(result, "these documents")
        for key in changed:
            rel = self.docs[key]
            if key not in self.printed or not store.is_unchanged(self.raw_dir, self.out_dir, key, rel, self.limits):
                write_run_failure(self.raw_dir, self.out_dir, key, rel, message)
                if key not in self.printed:
                    self.show(unchanged_event(self.out_dir, key, rel, state="failed"))


def unchanged_event(out_dir: Path, key: str, rel: str, state: str = "unchanged",
                    row: Optional[dict] = store._NOT_GIVEN) -> DocumentDone:
    """The progress event of a document the run did not parse (its stored summary)."""
    summary = store.summarise(out_dir, key, row)
    return DocumentDone(key=key, source_path=rel, state=f"{state} ({summary.status})" if state == "unchanged" else state,
                        status=summary.status, sessions=summary.sessions, items=summary.items,
                        speakers=summary.speakers, seconds=0.0, error=summary.error)


def materialize_groups(instance, raw_dir: Path, out_dir: Path, groups: Sequence[str], run_config: dict,
                       tags: Optional[dict[str, str]] = None):
    """Materialise asset groups (and their checks) in one run in this process; never raises for a failed step."""
    import dagster as dg

    from pipelines.definitions import defs as load_defs
    from pipelines.defs.resources import IngestPaths

    definitions = load_defs()
    # Modules, Dagster's definitions and the instance live as long as this process: out of the
    # garbage collector's sight, its full passes during the run (about 0.1 s each) become cheap.
    # The young generation is collected less often, as in the workers (`worker_models`).
    # `python -m pipelines` paused the collector while it loaded all this: it resumes here.
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, *gc.get_threshold()[1:])
    gc.enable()
    return dg.materialize(
        [*definitions.assets, *definitions.asset_checks], instance=instance,
        resources={"paths": IngestPaths(raw_dir=str(raw_dir), out_dir=str(out_dir))},
        selection=dg.AssetSelection.groups(*groups), raise_on_error=False, run_config=run_config, tags=tags,
    )


def finish_totals(totals: Totals, out_dir: Path, docs: dict[str, str], rows: dict[str, dict]) -> Totals:
    """Add every document's stored summary (`rows`: stored documents rows by key) to the totals
    (failures listed with their error)."""
    for key, rel in docs.items():
        summary = store.summarise(out_dir, key, rows.get(key))
        totals.add(summary)
        if summary.status == "failed":
            totals.failures.append(f"{rel}: {summary.error}")
    return totals


def count_entities(out_dir: Path, table: str, id_column: str) -> int:
    """Distinct people / organisations: the rows of `table` that are their own canonical id (merged ids
    have rows too)."""
    columns = [id_column, f"canonical_{id_column}"]  # not the list columns, which grow with the archive
    return len(canonical_rows(read_columns(out_dir, table, columns).to_pandas(), id_column))


def print_summary(totals: Totals, out_dir: Path, seconds: float, echo=print) -> None:
    """The final summary: documents by status, sessions, items, speakers, people, failures."""
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(totals.statuses.items())) or "none"
    echo("")
    echo(f"documents: {totals.documents} ({statuses}; {totals.unchanged} unchanged)")
    echo(f"sessions: {totals.sessions}  items: {totals.items}  speakers: {totals.speakers}  "
         f"people: {count_entities(out_dir, 'people', 'person_id')}  "
         f"organizations: {count_entities(out_dir, 'organizations', 'organization_id')}")
    echo(f"failures: {len(totals.failures)}")
    for failure in totals.failures:
        echo(f"  - {failure}")
    echo(f"tables in {out_dir} ({', '.join(PER_DOCUMENT_TABLES + CROSS_DOCUMENT_TABLES)}) in {seconds:.1f} s")


def quiet_dagster() -> None:
    """Keep the console for progress lines: silence Dagster's own logging and warnings."""
    warnings.filterwarnings("ignore")
    for name in ("dagster", "alembic", "dagster.builtin"):
        logging.getLogger(name).setLevel(logging.ERROR)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """`python -m pipelines ...` in this process; returns the exit code."""
    return run(parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Run a parsed command line (`pipelines.args.parse_args`); returns the exit code."""
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
        totals = ingest(raw_dir, out_dir, force=args.force, rebuild=args.rebuild, echo=lambda s: print(s, flush=True),
                        extraction={"workers": args.workers, "wall_seconds": args.wall_seconds,
                                    "memory_mb": args.memory_mb})
    except OSError as exc:
        print(f"error: the run could not proceed: {exc}", file=sys.stderr)
        return 1
    print_summary(totals, out_dir, time.perf_counter() - t0)
    return 0


def exit_now(code: int) -> NoReturn:
    """End the process without the interpreter's teardown, once everything is written.

    Freeing every object of an ingest (Dagster's definitions, the tables read for the
    cross-document step) takes about half a second at exit, and nothing needs it: other
    threads are joined, the `atexit` handlers run (multiprocessing's clean-up, logging's
    flush), the standard streams are flushed, then `os._exit`. Only `python -m pipelines` does
    this; `main()` called in-process returns normally.
    """
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


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
