"""Parse untrusted documents in worker processes bounded by `Limits`; one bad file never stops the rest.

    WorkerPool(limits, processes=2)     long-lived workers (spaCy loaded once per worker)
        .run(path, root) -> Outcome     one file
        .map(paths, root)               (path, Outcome) pairs, in INPUT order
        .close()                        stop the workers (also a context manager)
    run_isolated(path, root, limits)    one file through a one-worker pool
    guarded_extract(data, name, limits) what a worker runs: format → content guards → extract

For each file the parent process (never a parser) checks the path and reads the bytes once
(`safety.read_stable`: inside `root`, no symlink out, readable, under the size limit, not
changing while read). The bytes then go through a pipe to a worker that runs
`guarded_extract` and sends the `Extraction` back.

Workers are forked from a forkserver that has the libraries imported; each worker puts
itself in its own process group, sets RLIMIT_AS to `limits.memory_mb` (and no core dumps),
asks to die with its parent, warms up (imports, spaCy model) and then serves documents one
at a time. The parent enforces `limits.wall_seconds` per document and watches the worker's
resident memory; on a timeout, memory overrun or crash the worker's process group is killed
and a fresh worker started, and that document gets a `failed` Outcome whose `error` names
the limit or the signal, e.g.

    "Parsing took longer than the 120 s limit and was stopped (TimeoutError)."
    "Parsing used more than the 1024 MB memory limit and was stopped (MemoryError)."
    "The worker process died with signal 11 (SIGSEGV) (WorkerCrashed)."

A worker that raised MemoryError or RecursionError is replaced too (its heap may be in a
bad state). Nothing here imports Dagster.
"""
from __future__ import annotations

import atexit
import hashlib
import importlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

from .extract import Extraction
from .limits import DEFAULT_LIMITS, Limits

STATUS_OK, STATUS_PARTIAL, STATUS_FAILED = "ok", "partial", "failed"
DEFAULT_TARGET = "extractors.isolation:guarded_extract"
# Modules the forkserver imports once, so that each (re)started worker is forked warm.
PRELOAD_MODULES = [
    "extractors.isolation",
    "extractors.extract",
    "extractors.readers",
    "extractors.readers.pdf",
    "extractors.readers.docx",
    "extractors.readers.html",
    "extractors.segment",
    "spacy",
]
# Environment for workers: one thread per numeric library (the machine is shared).
WORKER_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
WARM_UP_TEXT = b"Session 1: Rivers\n- Measuring sediment, Anna Smith, University of Oslo\n"
START_TIMEOUT_S = 180.0  # a worker that is not ready by then failed to start
MAX_START_FAILURES = 3  # consecutive failed starts before the pool gives up
POLL_S = 0.25  # how often busy workers' memory is checked
MAX_ERROR_CHARS = 300
PR_SET_PDEATHSIG = 1
MEMORY_EXIT_CODE = 75  # a worker that ran out of memory outside the parser exits with this code


class WorkerCrashed(RuntimeError):
    """A worker process died while parsing a document."""


# --------------------------------------------------------------------------- outcome


@dataclass
class Outcome:
    """What happened to one input file.

    `status` is "ok", "partial" (the Extraction is there but some parts failed; `error`
    says which) or "failed" (`extraction` is None; `error` is one sentence ending with the
    exception type in parentheses). `data` holds the bytes that were read (None when the
    file was refused before reading), so callers hash and store exactly what was parsed.
    """

    status: str
    extraction: Optional[Extraction] = None
    error: Optional[str] = None
    format_found: Optional[str] = None
    content_hash: Optional[str] = None
    n_bytes: Optional[int] = None
    source_path: Optional[str] = None  # relative to root, POSIX separators
    seconds: float = 0.0
    data: Optional[bytes] = field(default=None, repr=False)


def _sentence(message: str) -> str:
    """One tidy sentence body: whitespace collapsed, capitalised, shortened, no final period."""
    text = " ".join(str(message).split()) or "no details"
    if len(text) > MAX_ERROR_CHARS:
        text = text[: MAX_ERROR_CHARS - 1].rstrip() + "…"
    text = text[0].upper() + text[1:]
    return text.rstrip(" .")


def memory_error(limits: Limits) -> str:
    """The error of a document stopped by the memory limit."""
    return f"Parsing used more than the {limits.memory_mb} MB memory limit and was stopped (MemoryError)."


def timeout_error(limits: Limits) -> str:
    """The error of a document stopped by the wall-time limit."""
    return f"Parsing took longer than the {limits.wall_seconds:g} s limit and was stopped (TimeoutError)."


def crash_error(exitcode: Optional[int]) -> str:
    """The error of a document whose worker died by itself (signal or exit code)."""
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = "unknown signal"
        if number == signal.SIGKILL:
            return (f"The worker process was killed with signal {number} ({name}), probably because the "
                    "machine ran out of memory (WorkerCrashed).")
        return f"The worker process died with signal {number} ({name}) (WorkerCrashed)."
    return f"The worker process exited unexpectedly with code {exitcode} (WorkerCrashed)."


def describe_exception(exc: BaseException, limits: Limits) -> str:
    """One human sentence for an exception raised while reading a document, ending with its type."""
    if isinstance(exc, MemoryError):
        return memory_error(limits)
    if isinstance(exc, RecursionError):
        return "The document is nested too deeply to be parsed (RecursionError)."
    return f"{_sentence(str(exc))} ({type(exc).__name__})."


def partial_error(errors: list[str]) -> str:
    """The error of a partial document: which parts failed, as one sentence."""
    if not errors:
        return "Some parts of the document could not be read."
    return _sentence("; ".join(errors)) + "."


def outcome_from_extraction(extraction: Extraction) -> tuple[str, Optional[str]]:
    """(status, error) of a successful extraction: partial when the reader said so."""
    document = extraction.document
    if document.partial:
        return STATUS_PARTIAL, partial_error(list(document.errors))
    return STATUS_OK, None


# --------------------------------------------------------------------------- worker side


def guarded_extract(data: bytes, name: str, limits: Limits) -> Extraction:
    """Detect the format, refuse inputs over the limits (`safety.run_guards`), then `extract`.

    Raises the reader's exception, `UnsupportedFormat` or a `safety.UnsafeInput`.
    """
    from .extract import extract
    from .readers.detect import detect_format
    from .safety import check_extracted_text, run_guards

    fmt = detect_format(data, name)
    run_guards(data, fmt, limits)
    extraction = extract(data, name)
    check_extracted_text(extraction.document.text, limits)
    return extraction


def _load_target(spec: str) -> Callable[[bytes, str, Limits], Extraction]:
    """Import 'module:function'."""
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (best effort elsewhere)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _apply_limits(limits: Limits) -> None:
    """Address-space limit and no core files, for this process and whatever it starts."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = limits.memory_bytes
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    resource.setrlimit(resource.RLIMIT_AS, (want, hard))


def _warm_up() -> None:
    """Import the readers and load the spaCy model(s) by extracting a tiny document."""
    from .extract import extract

    try:
        extract(WARM_UP_TEXT, "warm-up.txt")
        from .ner import MODELS, get_nlp

        for language in MODELS:
            get_nlp(language)
        importlib.import_module("extractors.readers.pdf")
        importlib.import_module("extractors.readers.docx")
        importlib.import_module("extractors.readers.html")
    except Exception:  # noqa: BLE001 - a failing warm-up shows up on the first real document
        pass


def _no_debug(*_args: Any, **_kwargs: Any) -> None:
    """`Logger.debug` of a worker's noisiest loggers (DEBUG is disabled in workers anyway)."""


def _silence_debug(prefix: str) -> None:
    """Make `debug` a no-op on the loggers under `prefix` that exist (their modules are imported)."""
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if (name == prefix or name.startswith(prefix + ".")) and isinstance(logger, logging.Logger):
            logger.debug = _no_debug  # type: ignore[method-assign]


def _worker_main(conn: multiprocessing.connection.Connection, limits: Limits, target_spec: str, warm: bool) -> None:
    """A worker's life: set limits, warm up, say ready, then parse documents until told to stop.

    Per document it sends ("format", task_id, format_found) as soon as the format is known,
    then ("done", task_id, format_found, extraction | None, error | None, restart).
    """
    os.setpgid(0, 0)
    _die_with_parent()
    os.environ.update(WORKER_ENV)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # pdfminer asks its loggers about DEBUG for every token it parses: with DEBUG disabled the
    # answer is immediate (about 5 % of the time of a PDF page); workers never log DEBUG, so
    # pdfminer's loggers do not even make the call (another 2-3 %).
    logging.disable(logging.DEBUG)
    _silence_debug("pdfminer")
    _apply_limits(limits)
    from .safety import format_found

    target = _load_target(target_spec)
    if warm:
        _warm_up()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        except MemoryError:  # the document alone does not fit in the memory limit
            os._exit(MEMORY_EXIT_CODE)
        if message[0] == "stop":
            return
        _, task_id, data, name = message
        fmt: Optional[str] = None
        restart = False
        try:
            fmt = format_found(data, name)
            conn.send(("format", task_id, fmt))
            reply: tuple[Any, ...] = ("done", task_id, fmt, target(data, name, limits), None, False)
        except (MemoryError, RecursionError) as exc:
            restart = True
            reply = ("done", task_id, fmt, None, describe_exception(exc, limits), True)
        except Exception as exc:  # noqa: BLE001 - every reader failure becomes a failed Outcome
            reply = ("done", task_id, fmt, None, describe_exception(exc, limits), False)
        del data
        try:
            conn.send(reply)
        except MemoryError:  # the pipe may hold half a message now: leave, the parent reports it
            os._exit(MEMORY_EXIT_CODE)
        except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result (pickling precedes writing)
            conn.send(("done", task_id, fmt, None, describe_exception(exc, limits), False))
        if restart:
            return


# --------------------------------------------------------------------------- parent side


@dataclass
class _Task:
    """A document sent to a worker."""

    index: int
    outcome: Outcome  # prefilled with what the parent knows (path, hash, bytes)
    deadline: float
    started: float


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: Any, limits: Limits, target: str, warm: bool) -> None:
        parent_end, child_end = context.Pipe(duplex=True)
        self.conn = parent_end
        self.process = context.Process(target=_worker_main, args=(child_end, limits, target, warm),
                                       name="extract-worker", daemon=True)
        self.process.start()
        child_end.close()
        self.ready = False
        self.started_at = time.monotonic()
        self.task: Optional[_Task] = None

    @property
    def idle(self) -> bool:
        return self.ready and self.task is None and self.process.is_alive()

    def rss_bytes(self) -> int:
        """Resident memory of the worker (0 when unknown)."""
        try:
            with open(f"/proc/{self.process.pid}/statm", "rb") as handle:
                return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return 0

    def kill(self) -> None:
        """SIGKILL the worker's process group (the worker and anything it started)."""
        pid = self.process.pid
        if pid is not None:
            for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
                try:
                    kill()
                except (ProcessLookupError, PermissionError):
                    pass
        self.process.join(timeout=10)
        self.conn.close()

    def stop(self) -> None:
        """Ask an idle worker to leave, then make sure it is gone."""
        try:
            self.conn.send(("stop",))
        except (OSError, ValueError):
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


def add_forkserver_preload(modules: Iterable[str]) -> list[str]:
    """Add modules to the forkserver's preload list, keeping those already asked for
    (by another caller); returns the list. Takes effect when the forkserver starts."""
    from multiprocessing import forkserver

    current = list(getattr(getattr(forkserver, "_forkserver", None), "_preload_modules", None) or [])
    merged = current + [m for m in modules if m not in current]
    multiprocessing.get_context("forkserver").set_forkserver_preload(merged)
    return merged


class WorkerPool:
    """Long-lived worker processes that parse documents under `limits` (see the module docstring).

    `target` ("module:function", called as `function(data, name, limits) -> Extraction`) is
    what the workers run; tests may point it at their own functions. `warm_up` loads the
    models in each worker before it takes documents, so that the wall-time limit measures
    parsing only. Not thread-safe: use one pool from one thread.
    """

    def __init__(self, limits: Limits = DEFAULT_LIMITS, processes: int = 2, *, target: str = DEFAULT_TARGET,
                 warm_up: bool = True, start_method: str = "forkserver") -> None:
        if processes < 1:
            raise ValueError("A worker pool needs at least one process.")
        self.limits = limits
        self.processes = processes
        self.target = target
        self.warm = warm_up
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            add_forkserver_preload(PRELOAD_MODULES)
        self._workers: list[_Worker] = []
        self._start_failures = 0
        self.restarts = 0  # workers replaced after a timeout, memory overrun or crash

    # -- life cycle -------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        return _Worker(self._context, self.limits, self.target, self.warm)

    def start(self) -> None:
        """Start the workers (done lazily by `run`/`map`)."""
        while len(self._workers) < self.processes:
            self._workers.append(self._spawn())

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._workers:
            if worker.idle:
                worker.stop()
            else:
                worker.kill()
        self._workers = []

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start a fresh one in its place."""
        worker.kill()
        self._workers[self._workers.index(worker)] = self._spawn()
        self.restarts += 1

    # -- the public calls -------------------------------------------------------------

    def run(self, path: Path | str, root: Path | str) -> Outcome:
        """Parse one file under `root`; never raises for a bad document."""
        for _path, outcome in self.map([path], root):
            return outcome
        raise AssertionError("unreachable")

    def map(self, paths: Iterable[Path | str], root: Path | str) -> Iterator[tuple[Path, Outcome]]:
        """Parse files under `root`; yields (path, Outcome) in the order of `paths`.

        Files are read only when they are next in line for a free worker: memory holds at
        most one document per worker plus one read ahead (plus results waiting for an
        earlier, slower document). Files the parent refuses (paths, permissions, sizes)
        never wait for a worker. Workers start on the first file that needs one.
        """
        pending = deque(enumerate(Path(p) for p in paths))
        total = len(pending)
        paths_by_index = {i: p for i, p in pending}
        done: dict[int, Outcome] = {}
        ready: deque[tuple[int, Outcome]] = deque()  # read, waiting for a worker (at most one)
        try:
            yield from self._serve(pending, ready, done, paths_by_index, root, total)
        finally:
            self._abandon()

    def _serve(self, pending: deque, ready: deque, done: dict[int, Outcome], paths_by_index: dict[int, Path],
               root: Path | str, total: int) -> Iterator[tuple[Path, Outcome]]:
        """The scheduling loop of `map`."""
        next_out = 0
        while next_out < total:
            while pending and not ready:
                index, path = pending.popleft()
                outcome = prepare(path, root, self.limits)
                if outcome.status == STATUS_FAILED:
                    done[index] = outcome
                else:
                    ready.append((index, outcome))
            if ready:
                self.start()
                self._dispatch(ready)
            while next_out in done:
                yield paths_by_index[next_out], done.pop(next_out)
                next_out += 1
            if next_out >= total:
                break
            if ready or any(w.task is not None for w in self._workers):
                self._wait(done)

    def _abandon(self) -> None:
        """Replace workers still busy when a `map` ends early (its caller stopped iterating),
        so that their late answers never reach a later call."""
        for worker in list(self._workers):
            if worker.task is not None:
                worker.task = None
                self._replace(worker)

    # -- scheduling -------------------------------------------------------------------

    def _dispatch(self, ready: deque) -> None:
        """Send read documents to idle workers."""
        for worker in self._workers:
            if not ready:
                return
            if not worker.idle:
                continue
            index, outcome = ready[0]
            now = time.monotonic()
            try:
                worker.conn.send(("task", index, outcome.data, Path(outcome.source_path or "document").name))
            except (OSError, ValueError):  # the worker died while idle: it is replaced, the file waits
                self._replace(worker)
                continue
            ready.popleft()
            worker.task = _Task(index, outcome, now + self.limits.wall_seconds, now)

    def _wait(self, done: dict[int, Outcome]) -> None:
        """Wait for a reply, a death, a deadline or the next memory check; settle what happened."""
        waitables: list[Any] = []
        for worker in self._workers:
            waitables.append(worker.process.sentinel)
            if worker.task is not None or not worker.ready:
                waitables.append(worker.conn)
        multiprocessing.connection.wait(waitables, timeout=POLL_S)
        for worker in list(self._workers):
            self._settle(worker, done)

    def _settle(self, worker: _Worker, done: dict[int, Outcome]) -> None:
        """Read a worker's messages and enforce its limits."""
        try:
            while not worker.conn.closed and worker.conn.poll():
                message = worker.conn.recv()
                if message[0] == "ready":
                    worker.ready = True
                    self._start_failures = 0
                elif message[0] == "format" and worker.task is not None:
                    worker.task.outcome.format_found = message[2]
                elif message[0] == "done" and worker.task is not None and message[1] == worker.task.index:
                    _, _task_id, fmt, extraction, error, restart = message
                    done[worker.task.index] = self._finish(worker.task, fmt, extraction, error)
                    worker.task = None
                    if restart:
                        self._replace(worker)
                        return
        except (EOFError, OSError):
            pass  # the worker died; handled below
        now = time.monotonic()
        task = worker.task
        if not worker.process.is_alive():
            worker.process.join(timeout=1)
            if task is not None:
                exitcode = worker.process.exitcode
                error = memory_error(self.limits) if exitcode == MEMORY_EXIT_CODE else crash_error(exitcode)
                done[task.index] = self._failed(task, error, None)
                worker.task = None
            elif not worker.ready:
                self._start_failures += 1
                if self._start_failures >= MAX_START_FAILURES:
                    self.close()
                    raise WorkerCrashed(
                        f"The extraction worker could not start ({crash_error(worker.process.exitcode)})")
            self._replace(worker)
        elif task is not None and now > task.deadline:
            worker.task = None
            self._replace(worker)
            done[task.index] = self._failed(task, timeout_error(self.limits), None)
        elif task is not None and worker.rss_bytes() > self.limits.memory_bytes:
            worker.task = None
            self._replace(worker)
            done[task.index] = self._failed(task, memory_error(self.limits), None)
        elif not worker.ready and now - worker.started_at > START_TIMEOUT_S:
            self._start_failures += 1
            self._replace(worker)
            if self._start_failures >= MAX_START_FAILURES:
                self.close()
                raise WorkerCrashed("The extraction worker did not become ready in time.")

    def _finish(self, task: _Task, fmt: Optional[str], extraction: Optional[Extraction], error: Optional[str]) -> Outcome:
        """The Outcome of a document the worker answered for."""
        outcome = task.outcome
        outcome.format_found = fmt
        outcome.seconds = round(time.monotonic() - task.started, 3)
        if extraction is None:
            outcome.status, outcome.error = STATUS_FAILED, error or "The document could not be read (UnknownError)."
        else:
            outcome.extraction = extraction
            outcome.status, outcome.error = outcome_from_extraction(extraction)
        return outcome

    def _failed(self, task: _Task, error: str, fmt: Optional[str]) -> Outcome:
        """The Outcome of a document whose worker was killed or died."""
        return self._finish(task, fmt or task.outcome.format_found, None, error)


# --------------------------------------------------------------------------- parent-side reading


def relative_source(path: Path | str, root: Path | str) -> str:
    """`path` relative to `root` as a POSIX string (the path itself when not under root)."""
    candidate = Path(path).absolute()
    try:
        return candidate.relative_to(Path(root).absolute()).as_posix()
    except ValueError:
        return candidate.as_posix()


def prepare(path: Path | str, root: Path | str, limits: Limits) -> Outcome:
    """Check and read one file in the parent (see `safety.read_stable`).

    Returns an Outcome with status "ok" placeholder and the bytes, hash and size when the
    file may be parsed; a `failed` Outcome (with the refusal as error) otherwise.
    """
    from .safety import read_stable

    outcome = Outcome(status=STATUS_OK, source_path=relative_source(path, root))
    try:
        read = read_stable(path, root, limits)
    except (OSError, ValueError) as exc:
        outcome.status = STATUS_FAILED
        outcome.error = describe_exception(exc, limits)
        return outcome
    outcome.data = read.data
    outcome.n_bytes = len(read.data)
    outcome.content_hash = hashlib.sha256(read.data).hexdigest()
    return outcome


_SHARED: dict[tuple[Limits, int], WorkerPool] = {}


def shared_pool(limits: Limits = DEFAULT_LIMITS, processes: int = 2) -> WorkerPool:
    """One pool per (limits, processes) for the whole process, closed at exit.

    For callers that handle one document per call (a Dagster asset per partition, run
    in-process many times): the workers and their loaded models are reused across calls.
    """
    key = (limits, processes)
    pool = _SHARED.get(key)
    if pool is None:
        pool = _SHARED[key] = WorkerPool(limits, processes)
        if len(_SHARED) == 1:
            atexit.register(close_shared_pools)
    return pool


def close_shared_pools() -> None:
    """Stop every pool made by `shared_pool`."""
    while _SHARED:
        _key, pool = _SHARED.popitem()
        pool.close()


def run_isolated(path: Path | str, root: Path | str, limits: Limits = DEFAULT_LIMITS) -> Outcome:
    """Parse one file in a fresh one-worker pool (pays the worker's start-up; prefer a WorkerPool)."""
    with WorkerPool(limits, processes=1) as pool:
        return pool.run(path, root)
