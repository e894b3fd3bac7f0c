"""Throughput benchmark of `python -m pipelines ingest` (`make bench`, `make bench ARCHIVE=N`).

    python scripts/bench.py [--n 200] [--new 10] [--seed 7] [--keep DIR]
    python scripts/bench.py --archive 10000 [--new 10] [--seed 7] [--keep DIR]

`--archive N` (`make bench ARCHIVE=N`) measures a growing archive of N documents instead of
throughput (no plain pdfplumber pass): the first ingest with its peak memory (the whole
process tree, and the largest process), a re-run with nothing new (target < 3 s), `--new`
documents into the archive next to the same documents alone (target <= 2x), a `--rebuild`
run (its cross-document tables must equal the incremental ones), and the files per table
folder (segments, loose per-document files).

From one run on this machine it prints:

- documents/s and pages/s of the full pipeline (`python -m pipelines ingest`, a subprocess:
  Dagster, isolated workers, NER, segmentation, Parquet, review pages, cross-document
  tables) over a generated corpus (`scripts/make_corpus.py`, seeded: mostly multi-page
  reportlab PDFs, plus HTML, text and Markdown);
- the same for a plain single-process pdfplumber `extract_words` pass over the same PDFs
  (the reference), and the ratio of their wall times (target: at most 1.0);
- the time of a second ingest with nothing new (target: under 3 s);
- the time to ingest `--new` more documents into the ingested archive, next to the time to
  ingest the same documents alone into an empty folder (target: at most 2x);
- the peak memory of the whole first ingest, children included: the peak of the summed
  proportional set size (PSS: shared pages split between the processes sharing them) and of
  the summed resident set size (RSS: shared pages counted in every process, an upper
  bound) of the CLI process and all its descendants, sampled every 0.1 s; and the largest
  single process (`getrusage(RUSAGE_CHILDREN).ru_maxrss`).
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import make_corpus  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_S = 0.1
GIB = 1024 ** 3


# --------------------------------------------------------------------------- memory of a process tree


def children_of() -> dict[int, list[int]]:
    """Parent pid → child pids, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            tree.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return tree


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it."""
    tree, found, todo = children_of(), [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(tree.get(p, []))
    return found


def memory_of(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in bytes (0, 0 when it is gone)."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1]) * 1024
                elif line.startswith(b"Rss:"):
                    rss = int(line.split()[1]) * 1024
    except OSError:
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                rss = pss = int(handle.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return pss, rss


class TreeMemory(threading.Thread):
    """Samples the summed PSS and RSS of a process tree until stopped; keeps the peaks."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_pss, self.peak_rss, self.peak_processes = pid, 0, 0, 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            pids = descendants(self.pid)
            sizes = [memory_of(p) for p in pids]
            self.peak_pss = max(self.peak_pss, sum(s[0] for s in sizes))
            self.peak_rss = max(self.peak_rss, sum(s[1] for s in sizes))
            self.peak_processes = max(self.peak_processes, len(pids))
            self._halt.wait(SAMPLE_S)

    def stop(self) -> None:
        self._halt.set()
        self.join()


# --------------------------------------------------------------------------- runs


@dataclass
class Run:
    """One `python -m pipelines ingest`: wall time, exit code, memory peaks, output tail."""

    seconds: float
    returncode: int
    peak_pss: int
    peak_rss: int
    tail: str
    code_changed: bool = False  # extractors/ was edited during the run: everything re-extracted


def ingest(raw: Path, out: Path, watch: bool = False, extra: tuple[str, ...] = ()) -> Run:
    """Run the CLI as a subprocess, timing it (and sampling its process tree's memory)."""
    from pipelines.store import source_fingerprint

    code = source_fingerprint()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipelines", "ingest", str(raw), "--out", str(out), *extra], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = TreeMemory(proc.pid) if watch else None
    if sampler:
        sampler.start()
    output, _ = proc.communicate()
    seconds = time.perf_counter() - start
    if sampler:
        sampler.stop()
    tail = "\n".join(line for line in output.strip().splitlines() if line.strip() and not line.startswith("["))
    return Run(seconds, proc.returncode, sampler.peak_pss if sampler else 0, sampler.peak_rss if sampler else 0, tail,
               code_changed=source_fingerprint() != code)


def plain_pass(pdfs: list[Path]) -> tuple[int, float]:
    """(pages, seconds) of a single-process pdfplumber `extract_words` pass over every page."""
    import pdfplumber

    start, pages = time.perf_counter(), 0
    for path in pdfs:
        with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
            for page in pdf.pages:
                page.extract_words()
                pages += 1
    return pages, time.perf_counter() - start


def check(run: Run, what: str) -> None:
    """Stop the benchmark when a run failed."""
    if run.returncode != 0:
        print(f"{what} failed with exit code {run.returncode}:\n{run.tail}")
        raise SystemExit(1)


def verdict(ok: bool, *runs: Run) -> str:
    """OK / MISSED, or INVALID when the extractor code changed during one of the runs."""
    if any(r.code_changed for r in runs):
        return "INVALID: extractors/ changed during the run, every document was re-extracted"
    return "OK" if ok else "MISSED"


def cross_tables(out: Path) -> dict:
    """The cross-document tables of OUT (to compare an incremental run with a rebuild)."""
    import pandas as pd

    from extractors.resolve import RESOLVED_SCHEMAS

    return {t: pd.read_parquet(out / t / "part-0.parquet") for t in RESOLVED_SCHEMAS}


def files_per_table(out: Path) -> str:
    """'speakers: 6 segments + 10 per-document files' for the folder of one per-document table."""
    names = [p.name for p in (out / "speakers").glob("*.parquet")]
    segments = sum(n.startswith("segment+") for n in names)
    return f"{segments} segments + {len(names) - segments} per-document files per table"


def archive_mode(args: argparse.Namespace, work: Path) -> None:
    """`--archive N`: a growing archive (see the module docstring)."""
    raw, new_raw, out, alone_out = work / "raw", work / "new", work / "out", work / "out-new"
    for folder in (new_raw, out, alone_out):
        shutil.rmtree(folder, ignore_errors=True)
    if not (raw.is_dir() and len(list(raw.iterdir())) == args.archive):  # --keep: the corpus is built once
        shutil.rmtree(raw, ignore_errors=True)
        make_corpus.make_corpus(raw, args.archive, args.seed)
    extra = make_corpus.make_corpus(new_raw, args.new, args.seed, start=args.archive)
    print(f"archive: {args.archive} documents, seed {args.seed}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}")

    first = ingest(raw, out, watch=True)
    check(first, "the first ingest")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"first ingest: {first.seconds:.1f} s ({args.archive / first.seconds:.1f} documents/s); peak memory of the "
          f"process tree PSS {first.peak_pss / GIB:.2f} GiB, RSS {first.peak_rss / GIB:.2f} GiB "
          f"(target < 1.5 GiB: PSS {verdict(first.peak_pss < 1.5 * GIB, first)}, RSS {verdict(first.peak_rss < 1.5 * GIB, first)}); largest process {largest / GIB:.2f} GiB")
    for line in first.tail.splitlines()[:3]:
        print(f"  {line}")
    print(f"  {files_per_table(out)}")

    second = ingest(raw, out)
    check(second, "the second ingest")
    print(f"re-run, nothing new: {second.seconds:.2f} s  (target < 3 s: {verdict(second.seconds < 3, second)})")

    alone = ingest(new_raw, alone_out)
    check(alone, "the standalone ingest")
    for path in extra:
        shutil.copy2(path, raw / path.name)
    into = ingest(raw, out, watch=True)
    check(into, "the ingest of new documents")
    factor = into.seconds / alone.seconds
    print(f"{len(extra)} new documents into the archive: {into.seconds:.1f} s; alone into an empty folder: "
          f"{alone.seconds:.1f} s; ratio {factor:.2f}  (target <= 2: {verdict(factor <= 2, alone, into)}); "
          f"peak RSS {into.peak_rss / GIB:.2f} GiB")
    incremental = cross_tables(out)

    rebuilt = ingest(raw, out, watch=True, extra=("--rebuild",))
    check(rebuilt, "the --rebuild run")
    after = cross_tables(out)
    same = all(incremental[t].equals(after[t]) for t in incremental)
    print(f"--rebuild (index from every file, every loose file compacted): {rebuilt.seconds:.1f} s, peak RSS "
          f"{rebuilt.peak_rss / GIB:.2f} GiB; cross-document tables equal to the incremental run's: "
          f"{'yes' if same else 'NO'}")
    print(f"  {files_per_table(out)}")


def main(argv: list[str] | None = None) -> int:
    """Build the corpus, run everything, print the report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="documents in the archive")
    ap.add_argument("--new", type=int, default=10, help="documents added afterwards")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="keep the corpus and outputs in this folder")
    ap.add_argument("--archive", type=int, metavar="N", help="archive mode: a growing archive of N documents")
    args = ap.parse_args(argv)

    if args.archive:
        work = Path(tempfile.mkdtemp(prefix="bench-archive-")) if args.keep is None else args.keep
        try:
            archive_mode(args, work)
        finally:
            if args.keep is None:
                shutil.rmtree(work, ignore_errors=True)
        return 0

    work = Path(tempfile.mkdtemp(prefix="bench-")) if args.keep is None else args.keep
    try:
        raw, new_raw = work / "raw", work / "new"
        for folder in (raw, new_raw, work / "out", work / "out-new"):
            shutil.rmtree(folder, ignore_errors=True)
        corpus = make_corpus.make_corpus(raw, args.n, args.seed)
        extra = make_corpus.make_corpus(new_raw, args.new, args.seed, start=args.n)
        pdfs = sorted(p for p in corpus if p.suffix == ".pdf")
        print(f"corpus: {len(corpus)} documents ({len(pdfs)} PDFs, {len(corpus) - len(pdfs)} HTML/text/Markdown), "
              f"seed {args.seed}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")

        pages, plain_s = plain_pass(pdfs)
        print(f"plain pdfplumber extract_words (1 process): {len(pdfs) / plain_s:6.1f} documents/s "
              f"{pages / plain_s:6.1f} pages/s  ({len(pdfs)} PDFs, {pages} pages, {plain_s:.1f} s)")

        first = ingest(raw, work / "out", watch=True)
        check(first, "the first ingest")
        ratio = first.seconds / plain_s
        print(f"full pipeline (python -m pipelines ingest):   {len(corpus) / first.seconds:6.1f} documents/s "
              f"{pages / first.seconds:6.1f} pages/s  ({len(corpus)} documents, {first.seconds:.1f} s)")
        print(f"  ratio pipeline / plain wall time: {ratio:.2f}  (target <= 1.0: {verdict(ratio <= 1.0, first)})")
        for line in first.tail.splitlines()[:3]:
            print(f"  {line}")

        second = ingest(raw, work / "out")
        check(second, "the second ingest")
        print(f"second ingest, nothing new: {second.seconds:.2f} s  (target < 3 s: {verdict(second.seconds < 3, second)})")

        alone = ingest(new_raw, work / "out-new")
        check(alone, "the standalone ingest")
        for path in extra:
            shutil.copy2(path, raw / path.name)
        into = ingest(raw, work / "out")
        check(into, "the ingest of new documents")
        factor = into.seconds / alone.seconds
        print(f"{len(extra)} new documents into the archive: {into.seconds:.1f} s; alone into an empty folder: "
              f"{alone.seconds:.1f} s; ratio {factor:.2f}  (target <= 2: {verdict(factor <= 2, alone, into)})")

        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        print(f"peak memory of the first ingest (CLI + workers, sampled): PSS {first.peak_pss / GIB:.2f} GiB, "
              f"RSS {first.peak_rss / GIB:.2f} GiB  (target < 1.5 GiB: {verdict(first.peak_pss < 1.5 * GIB)}); "
              f"largest single process {largest / GIB:.2f} GiB")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
