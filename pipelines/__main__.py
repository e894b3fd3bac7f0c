"""`python -m pipelines ...`: see `pipelines.cli` (`exit_now`: no interpreter teardown at the end).

The command line is parsed first; an ingest that probably has new documents starts the
worker pool's forkserver before the CLI's own (heavy) imports (`pipelines.pool.start_forkserver_early`).
"""
import gc
import sys

# No garbage collection while the CLI imports its modules and Dagster, and opens the instance:
# imports allocate hundreds of thousands of objects that live as long as the process, and each
# full collection walks all of them (four of them, about 0.35 s, before a run of the benchmark
# corpus). `pipelines.cli.materialize_groups` freezes what is loaded and collects again.
gc.disable()

from .args import parse_args  # noqa: E402 - after the collector is paused
from .pool import start_forkserver_early

ARGS = parse_args(sys.argv[1:])
if ARGS.command == "ingest":
    start_forkserver_early(ARGS.raw_dir, ARGS.out)

from .cli import exit_now, run  # noqa: E402 - after the forkserver has started

exit_now(run(ARGS))
