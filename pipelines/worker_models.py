"""Imported by the worker pool's forkserver only: loads the default spaCy model there.

Workers are forked from the forkserver, so a model loaded here is shared by every worker
(copy-on-write) instead of being loaded by each one. Other languages' models load lazily in
the worker that first needs them (the French one takes seconds to build its tokenizer, so
it is not loaded up front). A failure here is ignored: workers then load the model
themselves. Never import this module elsewhere (see `pipelines.pool.preload_models`).
"""
from __future__ import annotations

DEFAULT_MODEL_LANG = "en"


def load_default_model() -> None:
    """Load the default language's spaCy pipeline into this process's cache (`extractors.ner`)."""
    try:
        from extractors.ner import get_nlp

        get_nlp(DEFAULT_MODEL_LANG)
    except Exception:  # noqa: BLE001 - a worker loads the model itself when it needs it
        pass


def freeze_preloaded() -> None:
    """Move everything loaded so far (modules, the model) out of the garbage collector's sight.

    Workers inherit it; their full collections then no longer walk the model's objects
    (about 3 % of a worker's CPU on the benchmark corpus) nor write to those pages, which
    would copy them out of the memory the workers share. What was loaded here lives as long
    as the process anyway.

    The first generation is also collected less often (every 10,000 allocations instead of
    700; the workers inherit it): parsing allocates millions of objects that reference counting
    frees, and each collection of the young generations then costs time for nothing (with the
    CLI's same setting, about 2 % of the run's CPU; a few MB more per worker).
    """
    import gc

    from pipelines.pool import YOUNG_GENERATION_THRESHOLD

    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, *gc.get_threshold()[1:])


load_default_model()
freeze_preloaded()  # last: this module is the last of the forkserver's preload list
