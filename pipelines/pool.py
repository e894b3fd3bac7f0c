"""The worker pool's forkserver: what it preloads, and starting it early.

`extractors.isolation.WorkerPool` forks its workers from a forkserver that imports the
readers and spaCy once. `preload_models()` adds `pipelines.worker_models`, which loads the
default spaCy model in the forkserver, so every worker shares it (copy-on-write) and starts
in well under a second (the pool's own warm-up would load every model in every worker).
`start_forkserver()` starts it right away, so that this start-up overlaps with other work
(the CLI loading Dagster). No Dagster here.
"""
from __future__ import annotations

import multiprocessing

WORKER_PRELOAD = "pipelines.worker_models"


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
