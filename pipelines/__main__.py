"""`python -m pipelines ...`: see `pipelines.cli` (`exit_now`: no interpreter teardown at the end)."""
from .cli import exit_now, main

exit_now(main())
