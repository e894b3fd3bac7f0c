"""The worker pool's forkserver: what it preloads, and starting it early.

`extractors.isolation.WorkerPool` forks its workers from a forkserver that imports the
readers and spaCy once. `preload_models()` adds `pipelines.worker_models`, which loads the
default spaCy model in the forkserver, so every worker shares it (copy-on-write) and starts
in well under a second (the pool's own warm-up would load every model in every worker).
`start_forkserver()` starts it right away, so that this start-up overlaps with other work
(the CLI loading Dagster); `start_parsing()` goes further and starts parsing the documents
a CLI run will ask for (the head start, below). No Dagster here.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional, Sequence

from extractors.limits import Limits

if TYPE_CHECKING:
    from extractors.isolation import Outcome

WORKER_PRELOAD = "pipelines.worker_models"
# Allocations between collections of the garbage collector's first generation in the workers
# (set by `worker_models`) and the CLI's run (Python's default: 700).
YOUNG_GENERATION_THRESHOLD = 10_000


def default_workers() -> int:
    """Worker processes by default: one per core, at most 4 (each holds a spaCy model)."""
    return max(1, min(4, os.cpu_count() or 1))


def preload_models() -> None:
    """Have the forkserver load the default spaCy model before it forks workers.

    Takes effect when the forkserver starts (the first pool of the process); the French
    model still loads lazily in a worker that meets a French document.
    """
    from extractors.isolation import PRELOAD_MODULES

    multiprocessing.get_context("forkserver").set_forkserver_preload([*PRELOAD_MODULES, WORKER_PRELOAD])


def start_forkserver() -> None:
    """Set the preload list and start the forkserver now (a no-op when it is running)."""
    from multiprocessing import forkserver

    preload_models()
    forkserver.ensure_running()


def start_forkserver_early(raw_dir: Path, out_dir: Path) -> None:
    """`python -m pipelines ingest`: start the forkserver before the CLI imports anything heavy,
    when RAW probably holds something new (`probably_new_documents`).

    Its start-up (importing the readers and spaCy, loading the model: about a second on one
    core) then overlaps the CLI's own imports and its look at what changed, instead of
    following them. A wrong guess costs time only: a forkserver started for nothing ends
    with the CLI; one not started early starts when parsing does.
    """
    if probably_new_documents(Path(raw_dir), Path(out_dir)):
        start_forkserver()


def probably_new_documents(raw_dir: Path, out_dir: Path) -> bool:
    """A quick guess from file names and times only: True when OUT has no documents table yet,
    when a file under RAW was modified after OUT's newest documents file (segments included),
    or when RAW holds more files than OUT has documents (per-document files plus the documents
    the segment manifest lists; hidden files and folders are not counted); False when RAW is
    not a folder (the CLI refuses it)."""
    from pipelines.compaction import compacted_keys, is_segment

    if not raw_dir.is_dir():
        return False
    try:
        entries = [entry for entry in os.scandir(out_dir / "documents") if entry.name.endswith(".parquet")]
        newest = max((entry.stat().st_mtime_ns for entry in entries), default=-1)
    except OSError:
        return True
    n_documents = sum(1 for entry in entries if not is_segment(entry.name)) + len(compacted_keys(out_dir))
    files = 0
    for folder, folders, names in os.walk(raw_dir):
        folders[:] = [f for f in folders if not f.startswith(".")]
        for name in names:
            if name.startswith((".", "~$")):
                continue
            files += 1
            try:
                if os.stat(os.path.join(folder, name)).st_mtime_ns > newest:
                    return True
            except OSError:
                return True
    return files > n_documents


# --------------------------------------------------------------------------- head start
# `python -m pipelines ingest` knows which documents changed before Dagster is even imported.
# It hands them to a worker pool right away (`start_parsing`), so that parsing runs while
# Dagster loads the definitions and starts the run; the run's `document_tables` asset then
# takes the results over (`take_parsed`) instead of starting its own pool, provided they are
# the very files it planned to parse, with the same limits and number of workers. Otherwise
# (or when no head start was made: the UI, the sensor, tests) it parses them itself.

HEAD_START_QUEUE = 128  # parsed documents waiting for the asset (memory bound while Dagster loads)
_DONE = object()


class HeadStart:
    """A worker pool parsing `files` in a background thread; outcomes wait in a bounded queue."""

    def __init__(self, raw_dir: Path, files: Sequence[Path], limits: Limits, processes: int) -> None:
        from extractors.isolation import WorkerPool

        self.raw_dir, self.files, self.limits, self.processes = Path(raw_dir), list(files), limits, processes
        self._queue: queue.Queue = queue.Queue(maxsize=HEAD_START_QUEUE)
        self._stop = threading.Event()
        self._pool = WorkerPool(limits, processes=processes, warm_up=False)
        self._thread = threading.Thread(target=self._run, name="parse-head-start", daemon=True)
        self._thread.start()

    def matches(self, raw_dir: Path, files: Sequence[Path], limits: Limits, processes: int) -> bool:
        return (Path(raw_dir) == self.raw_dir and sorted(map(str, files)) == sorted(map(str, self.files))
                and limits == self.limits and processes == self.processes)

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        results = self._pool.map(self.files, self.raw_dir)
        try:
            for pair in results:
                if not self._put(pair):
                    return
            self._put(_DONE)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            self._put(exc)
        finally:
            results.close()
            self._pool.close()

    def results(self) -> Iterator[tuple[Path, "Outcome"]]:
        """(path, Outcome) of every file, in the order they were parsed."""
        try:
            while True:
                item = self._queue.get()
                if item is _DONE:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop parsing (if still running) and the workers; waits for the thread."""
        self._stop.set()
        while self._thread.is_alive():
            try:
                self._queue.get_nowait()  # unblock a waiting put
            except queue.Empty:
                pass
            self._thread.join(timeout=0.1)


_HEAD_START: Optional[HeadStart] = None


def start_parsing(raw_dir: Path, files: Sequence[Path], limits: Limits, processes: int) -> None:
    """Start parsing `files` now (see above); replaces an earlier head start."""
    global _HEAD_START
    stop_parsing()
    if files:
        start_forkserver()
        _HEAD_START = HeadStart(raw_dir, files, limits, max(1, min(processes, len(files))))


def take_parsed(raw_dir: Path, files: Sequence[Path], limits: Limits,
                processes: int) -> Optional[Iterator[tuple[Path, "Outcome"]]]:
    """The head start's results when it parses exactly these files this way, else None (and any
    head start is stopped). Taken once."""
    global _HEAD_START
    head, _HEAD_START = _HEAD_START, None
    if head is None:
        return None
    if not head.matches(raw_dir, files, limits, max(1, min(processes, len(files)))):
        head.stop()
        return None
    return head.results()


def stop_parsing() -> None:
    """Stop a head start nobody took (the run failed before its asset ran)."""
    global _HEAD_START
    head, _HEAD_START = _HEAD_START, None
    if head is not None:
        head.stop()
