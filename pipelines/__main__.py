"""`python -m pipelines ...`: see `pipelines.cli` (`exit_now`: no interpreter teardown at the end).

The command line is parsed first; an ingest that probably has new documents starts the
worker pool's forkserver before the CLI's own (heavy) imports (`pipelines.pool.start_forkserver_early`).
"""
import sys

from .args import parse_args
from .pool import start_forkserver_early

ARGS = parse_args(sys.argv[1:])
if ARGS.command == "ingest":
    start_forkserver_early(ARGS.raw_dir, ARGS.out)

from .cli import exit_now, run  # noqa: E402 - after the forkserver has started

exit_now(run(ARGS))
