"""`python -m pipelines ...`: see `pipelines.cli`."""
from .cli import main

raise SystemExit(main())
