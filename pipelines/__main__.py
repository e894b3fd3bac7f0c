"""`python -m pipelines ...`: see `pipelines.cli`."""
import sys

if sys.argv[1:2] == ["ingest"]:
    # The worker pool's forkserver imports the readers and loads the spaCy model (a second or
    # two): started first, it does so on the other core while this process imports the rest
    # and lists RAW. Nothing is parsed unless a document changed.
    from .pool import start_forkserver

    start_forkserver()

from .cli import main  # noqa: E402

raise SystemExit(main())
